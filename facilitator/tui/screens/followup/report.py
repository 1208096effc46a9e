"""Write the monitoring report, named or anonymous, after a preview.

``a`` switches between a named and an anonymous report (no person named; parliaments and
organizations are), ``t`` the format (Markdown, Word, HTML), ``l`` the language of its words
(English, French, Arabic), ``d`` the date it is as of (overdue is counted to it), ``o`` goes to
the file name, ``ctrl+s`` (or ``enter`` in the box) writes (a different file already there is
replaced only on a second ``ctrl+s``), ``escape`` goes back. The report is made in a worker
thread with its own database connection, and its preview laid out there too
(:mod:`facilitator.tui.preview`: Arabic shaped, right to left, flush right, as on every screen),
laid out again in a worker when the width or the Arabic display changes; the workers report by
messages. The work is done by :mod:`facilitator.core.followup.document`.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from facilitator.tui.widgets.footer import Footer
from facilitator.tui.background import Tell, run_for
from facilitator.tui.plain import follow, plain
from facilitator.tui.preview import MarkdownPreview
from facilitator.tui.screens.base import AppScreen
from facilitator.tui.screens.writing import FORMATS, WritesDocument

LANGUAGES = (("en", "English"), ("fr", "French"), ("ar", "Arabic"))
PREVIEW_LINES = 200
Options = tuple[bool, str | None, dt.date | None]  # anonymous, language, as of


class ReportMade(Message):
    """The report for ``options`` (its text: the file is made again from the database when
    written), and its preview laid out for ``width`` columns."""

    def __init__(self, options: Options, text: str, preview: Text, width: int) -> None:
        super().__init__()
        self.options, self.text, self.preview, self.width = options, text, preview, width


class ReportFailed(Message):
    def __init__(self, options: Options, message: str) -> None:
        super().__init__()
        self.options, self.message = options, message


class PreviewLaidOut(Message):
    """The preview of the report shown, laid out again (another width, another Arabic display)."""

    def __init__(self, options: Options, preview: Text, width: int) -> None:
        super().__init__()
        self.options, self.preview, self.width = options, preview, width


def make_report(db: Path, options: Options, width: int, tell: Tell) -> None:
    """In a worker thread, with its own read-only connection: the report, and its preview."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.followup.document import monitoring_markdown
    from facilitator.core.store import Store
    from facilitator.tui.preview import render

    anonymous, lang, as_of = options
    try:
        with Store.open(db, create=False, write=False) as store:
            text = monitoring_markdown(store, as_of=as_of, lang=lang, anonymous=anonymous)
    except FacilitatorError as exc:
        tell(ReportFailed(options, f"Cannot make the report: {exc}"))
        return
    tell(ReportMade(options, text, render(text, width, lines=PREVIEW_LINES), width))


def lay_out(text: str, options: Options, width: int, tell: Tell) -> None:
    from facilitator.tui.preview import render

    tell(PreviewLaidOut(options, render(text, width, lines=PREVIEW_LINES), width))


class MonitoringExportScreen(WritesDocument, AppScreen):
    PATH_BOX = "monitoring-path"
    WRITTEN_TITLE = "Monitoring report"
    WRITE_KEY = "monitoring.write"
    FORMAT_KEY = "monitoring.format"
    HELP_TITLE = "Monitoring report"
    CSS_PATH = "report.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="monitoring.back"),
        Binding("a", "toggle_anonymous", "Named / anonymous", id="monitoring.anonymous"),
        Binding("t", "next_format", "Format", id="monitoring.format"),
        Binding("l", "next_language", "Language", id="monitoring.language"),
        Binding("d", "focus_date", "As of", id="monitoring.as_of", show=False),
        Binding("o", "focus_path", "File name", id="monitoring.path", show=False),
        Binding("ctrl+s", "write", "Write file", id="monitoring.write", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.anonymous = False
        self.lang: str | None = None  # None: the sessions' language
        self.text: str | None = None
        self.text_options: Options | None = None

    def compose(self) -> ComposeResult:
        yield Static("Monitoring report", id="monitoring-title", classes="screen-title")
        yield Static("", id="monitoring-options", classes="hint")
        with Horizontal(classes="monitoring-row"):
            yield Label("As of", classes="monitoring-label")
            yield Input(id="monitoring-as-of", placeholder="2024-06-30")
        with Horizontal(classes="monitoring-row"):
            yield Label("File", classes="monitoring-label")
            yield Input(id="monitoring-path", placeholder="file to write")
        yield Static("", id="monitoring-status", classes="hint")
        yield MarkdownPreview(id="monitoring-preview-scroll")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#monitoring-as-of", Input).value = self.now().date().isoformat()
        self._set_default_path()
        self._show_options()
        self.query_one(MarkdownPreview).show(Text("Preparing the report…", style="italic"))
        self.call_after_refresh(self.refresh_preview)  # once the preview has its width
        self.query_one("#monitoring-preview-scroll").focus()
        follow(self, self._lay_out_again)  # the Arabic display changed: the preview is laid out again

    @property
    def as_of(self) -> dt.date | None:
        from facilitator.core.followup.dates import DateError, parse_date

        try:
            return parse_date(self.query_one("#monitoring-as-of", Input).value)
        except DateError:
            return None

    @property
    def options(self) -> Options:
        return (self.anonymous, self.lang, self.as_of)

    def _set_default_path(self) -> None:
        from facilitator.core import paths
        from facilitator.core.followup.document import default_report_name

        name = default_report_name(self.as_of or self.now().date(), anonymous=self.anonymous, fmt=self.fmt,
                                   lang=self.lang)
        self.query_one("#monitoring-path", Input).value = str(paths.exports_dir() / name)

    def _show_options(self) -> None:
        kind = "anonymous: no person named" if self.anonymous else "named"
        lang = dict(LANGUAGES).get(self.lang or "", "the sessions' language")
        k = self.key_hint
        self.query_one("#monitoring-options", Static).update(
            f"{kind} ({k('monitoring.anonymous')}) · {dict(FORMATS)[self.fmt]} ({k('monitoring.format')}) · "
            f"{lang} ({k('monitoring.language')}) · as of ({k('monitoring.as_of')}) · file ({k('monitoring.path')})")

    def _status(self, text: str) -> None:
        self.query_one("#monitoring-status", Static).update(plain(text))

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.focused is not None and isinstance(self.focused, Input):
            self.query_one("#monitoring-preview-scroll").focus()
            return
        self.app.pop_screen()

    def action_toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self.confirm_overwrite = None
        self._set_default_path()
        self._show_options()
        self.refresh_preview()

    def action_next_format(self) -> None:
        self.next_format()
        self._show_options()

    def action_next_language(self) -> None:
        order = [None, *(code for code, _ in LANGUAGES)]
        self.lang = order[(order.index(self.lang) + 1) % len(order)]
        self._set_default_path()
        self._show_options()
        self.refresh_preview()

    def action_focus_date(self) -> None:
        self.query_one("#monitoring-as-of", Input).focus()

    def action_focus_path(self) -> None:
        self.query_one("#monitoring-path", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.confirm_overwrite = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "monitoring-as-of":
            if self.as_of is None:
                self._status("The date is not one: write 2024-06-30 (or 30/06/2024).")
                return
            self._set_default_path()
            self.refresh_preview()
            self.query_one("#monitoring-preview-scroll").focus()
            return
        self.action_write()

    def refresh_preview(self) -> None:
        """Make the report for the options now, in a worker; the preview says it is coming."""
        self.text = None
        self._status("Preparing the report…")
        preview = self.query_one(MarkdownPreview)
        run_for(self, partial(make_report, self.app.store.path, self.options, preview.room()),
                group="monitoring", description="make the monitoring report")

    def on_report_made(self, message: ReportMade) -> None:
        if message.options != self.options:
            return  # an option changed while it was being made
        self.text, self.text_options = message.text, message.options
        self.query_one(MarkdownPreview).show(message.preview, message.width)
        self.call_after_refresh(self._lay_out_again)  # laid out before the screen had its size
        kind = "anonymous" if message.options[0] else "named"
        self._status(f"Ready: {kind} report, {message.text.count(chr(10))} lines. "
                     f"{self.key_hint('monitoring.write')} writes it.")

    def on_report_failed(self, message: ReportFailed) -> None:
        if message.options == self.options:
            self._status(message.message)
            self.query_one(MarkdownPreview).show("")

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._lay_out_again)

    def _lay_out_again(self) -> None:
        """Lay the preview out again, in a worker, if it was laid out for another width or
        another Arabic display than it has now."""
        preview = self.query_one(MarkdownPreview)
        if self.text is not None and self.text_options is not None and not preview.fits():
            run_for(self, partial(lay_out, self.text, self.text_options, preview.room()),
                    group="monitoring-lay-out", description="lay the preview out")

    def on_preview_laid_out(self, message: PreviewLaidOut) -> None:
        if message.options == self.text_options:
            self.query_one(MarkdownPreview).show(message.preview, message.width)

    def action_write(self) -> None:
        if self.text is None or self.text_options != self.options:
            self._status("Still preparing the report; try again in a moment.")
            return
        path = self.target(self.query_one("#monitoring-path", Input).value.strip())
        if path is None:
            return
        anonymous, lang, as_of = self.options
        fmt, store_path = self.fmt, self.app.store.path

        def make() -> bytes:  # in the worker thread, with its own connection (read only)
            from facilitator.core.followup.document import monitoring_document
            from facilitator.core.store import Store

            with Store.open(store_path, create=False, write=False) as store:
                return monitoring_document(store, fmt, as_of=as_of, lang=lang, anonymous=anonymous, where=str(path))

        self.write_document(path, make)


__all__ = ["MonitoringExportScreen"]
