"""Write the monitoring report, named or anonymous, after a preview.

``a`` switches between a named and an anonymous report (no person named; parliaments and
organizations are), ``t`` the format (Markdown, Word, HTML), ``l`` the language of its words
(English, French, Arabic), ``d`` the date it is as of (overdue is counted to it), ``o`` goes to
the file name, ``ctrl+s`` (or ``enter`` in the box) writes (a different file already there is
replaced only on a second ``ctrl+s``), ``escape`` goes back. The report is made in a worker
thread with its own database connection; the work is done by
:mod:`facilitator.core.followup.document`.
"""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Label, Markdown, Static

from facilitator.core.paths import expand
from facilitator.tui.plain import plain
from facilitator.tui.screens.base import AppScreen
from facilitator.tui.screens.writing import FORMATS, WritesDocument

LANGUAGES = (("en", "English"), ("fr", "French"), ("ar", "Arabic"))
PREVIEW_LINES = 200


class MonitoringExportScreen(WritesDocument, AppScreen):
    PATH_BOX = "monitoring-path"
    WRITTEN_TITLE = "Monitoring report"
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
        self.text_options: tuple | None = None

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
        with VerticalScroll(id="monitoring-preview-scroll"):
            yield Markdown("", id="monitoring-preview", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#monitoring-as-of", Input).value = self.now().date().isoformat()
        self._set_default_path()
        self._show_options()
        self.refresh_preview()
        self.query_one("#monitoring-preview-scroll").focus()

    @property
    def as_of(self) -> dt.date | None:
        from facilitator.core.followup.dates import DateError, parse_date

        try:
            return parse_date(self.query_one("#monitoring-as-of", Input).value)
        except DateError:
            return None

    @property
    def options(self) -> tuple:
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
        self.query_one("#monitoring-options", Static).update(
            f"{kind} (a) · {dict(FORMATS)[self.fmt]} (t) · {lang} (l) · as of (d) · file (o)")

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
        self.text = None
        self._status("Preparing the report…")
        self._build(self.options)

    @work(thread=True, exclusive=True, group="monitoring")
    def _build(self, options: tuple) -> None:
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.followup.document import monitoring_markdown
        from facilitator.core.store import Store

        anonymous, lang, as_of = options
        try:
            with Store.open(self.app.store.path, create=False, write=False) as store:
                text = monitoring_markdown(store, as_of=as_of, lang=lang, anonymous=anonymous)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._status, f"Cannot make the report: {exc}")
            return
        self.app.call_from_thread(self._show, text, options)

    def _show(self, text: str, options: tuple) -> None:
        if options != self.options:
            return
        from facilitator.core.summary.render import preview

        self.text, self.text_options = text, options
        self.query_one("#monitoring-preview", Markdown).update(preview(text, PREVIEW_LINES))
        kind = "anonymous" if options[0] else "named"
        self._status(f"Ready: {kind} report, {text.count(chr(10))} lines. ctrl+s writes it.")

    def action_write(self) -> None:
        if self.text is None or self.text_options != self.options:
            self._status("Still preparing the report; try again in a moment.")
            return
        raw = self.query_one("#monitoring-path", Input).value.strip()
        if not raw:
            self._status("Give a file name first.")
            return
        path = expand(raw, strict=False)
        anonymous, lang, as_of = self.options
        fmt, store_path = self.fmt, self.app.store.path

        def make() -> bytes:  # in the worker thread, with its own connection (read only)
            from facilitator.core.followup.document import monitoring_document
            from facilitator.core.store import Store

            with Store.open(store_path, create=False, write=False) as store:
                return monitoring_document(store, fmt, as_of=as_of, lang=lang, anonymous=anonymous, where=str(path))

        self.write_document(path, make)


__all__ = ["MonitoringExportScreen"]
