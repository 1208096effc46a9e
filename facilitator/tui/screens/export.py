"""Export: write a session's summary (the outcome document), named or anonymous, after a preview.

``a`` switches between a named and an anonymous (Chatham House) summary, ``t`` the format
(Markdown, Word, HTML), ``u`` the form (the working record, or the outcome document to send),
``g`` how the recommendations are grouped (one list, by addressee, by question, by area and
lens), ``d`` whether the dropped ones are listed (in the outcome document: whether the reviewed
ones join the agreed ones), ``o`` goes to the file name box,
``ctrl+s`` (or ``enter`` in the box) writes the file shown there (asking before it replaces a
different file: press ``ctrl+s`` again), ``escape`` goes back. The preview is the rendered
Markdown, laid out in the worker thread that made the summary (and a Word or HTML file, through
pandoc, is made in one too), each with its own read-only database connection: a session of
20,000 contributions never holds the screen, and while it is being made the preview says so.
The work is done by :mod:`facilitator.core.export`; the workers report by messages.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, Label, Static, Switch

from facilitator.tui.widgets.footer import Footer
from facilitator.tui.background import Tell, run_for
from facilitator.tui.plain import follow, plain
from facilitator.tui.preview import MarkdownPreview
from facilitator.tui.screens.base import AppScreen

from .writing import FORMATS, WritesDocument

PREVIEW_LINES = 150  # of the summary, in the preview; the file holds everything
GROUPINGS = ((None, "in one list"), ("addressee", "by addressee"), ("question", "by question"), ("area", "by area, lens"))
FORMS = (("record", "working record"), ("outcome", "outcome to send"))
Options = tuple[bool, str | None, bool, str]  # anonymous, grouped by, dropped listed (d), form


class SummaryMade(Message):
    """The summary for ``options``: the text the preview shows (its first lines: the summary
    itself is never kept, a large session's is hundreds of MB), how many lines the whole has,
    its default file name, and the preview laid out for ``width`` columns."""

    def __init__(self, options: Options, text: str, lines: int, name: str, preview: Text, width: int) -> None:
        super().__init__()
        self.options, self.text, self.lines, self.name = options, text, lines, name
        self.preview, self.width = preview, width


class SummaryFailed(Message):
    def __init__(self, options: Options, message: str) -> None:
        super().__init__()
        self.options, self.message = options, message


class PreviewLaidOut(Message):
    """The preview of the summary shown, laid out again for another width."""

    def __init__(self, options: Options, preview: Text, width: int) -> None:
        super().__init__()
        self.options, self.preview, self.width = options, preview, width


def make_summary(db: Path, session_id: str, options: Options, fmt: str, width: int, lines: int, tell: Tell) -> None:
    """In a worker thread, with its own read-only connection: the summary's first ``lines``
    lines (it goes by as it is made: the rest is only counted) and their preview."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.export import default_export_name, export_session
    from facilitator.core.store import Store
    from facilitator.core.summary.render import Preview
    from facilitator.tui.preview import render

    anonymous, group_by, dropped, form = options
    head = Preview(lines)
    try:
        with Store.open(db, create=False, write=False) as store:
            export_session(store, session_id, anonymous=anonymous, group_by=group_by, include_dropped=dropped,
                           form=form, statuses=_statuses(form, dropped), write=head)
            name = default_export_name(store, session_id, anonymous=anonymous, fmt=fmt, form=form)
    except FacilitatorError as exc:
        tell(SummaryFailed(options, f"Cannot export: {exc}"))
        return
    text = head.text()
    tell(SummaryMade(options, text, head.newlines, name, render(text, width, lines=lines), width))


def lay_out(text: str, options: Options, width: int, lines: int, tell: Tell) -> None:
    from facilitator.tui.preview import render

    tell(PreviewLaidOut(options, render(text, width, lines=lines), width))


class ExportScreen(WritesDocument, AppScreen):
    session_id: str  # always one session's
    PATH_BOX = "export-path"
    WRITTEN_TITLE = "Export"
    WRITE_KEY = "export.write"
    FORMAT_KEY = "export.format"
    CSS_PATH = "export.tcss"
    BINDINGS = [
        # t, u, g and d are named, with what each shows now, on the line of options above the file
        # name (the footer at 80 columns holds the others)
        Binding("escape", "back", "Back", id="export.back", tooltip="back to the session"),
        Binding("a", "toggle_anonymous", "Anonymous", id="export.anonymous",
                tooltip="a named summary, or an anonymous one (Chatham House: stakeholder groups only)"),
        Binding("t", "next_format", "Format", id="export.format", show=False,
                tooltip="the file's format: Markdown, Word, HTML"),
        Binding("u", "next_form", "Record / outcome", id="export.form", show=False,
                tooltip="the working record (status, rank, evidence) or the outcome document to send"),
        Binding("g", "next_grouping", "Group", id="export.group", show=False,
                tooltip="the recommendations in one list, by addressee, by question, or by area and lens"),
        Binding("d", "toggle_dropped", "Dropped", id="export.dropped", show=False,
                tooltip="list the dropped recommendations too (in the outcome document: the reviewed ones join the agreed)"),
        Binding("o", "focus_path", "File name", id="export.path", tooltip="to the file name box"),
        Binding("ctrl+s", "write", "Write", id="export.write", priority=True,
                tooltip="write the file named in the box (a different file there: press again to replace it)"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        # what the preview shows (the summary itself is never kept: a large session's is hundreds
        # of MB; writing makes it again, straight into the file)
        self.preview_text: str | None = None
        self.text_anonymous: bool | None = None
        self.group_by: str | None = None
        self.dropped = False
        self.form = "record"
        self.text_options: Options | None = None  # the options of the preview
        self.default_path = ""  # the file name the screen offered (it follows the options until typed over)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Export summary", id="export-title", classes="screen-title")
        with Horizontal(id="export-options"):
            yield Switch(value=False, id="export-anonymous")
            yield Label("Anonymous (Chatham House): no names, stakeholder groups only", id="export-anonymous-label")
        yield Static("", id="export-format", classes="hint")
        yield Input(id="export-path", placeholder="file to write")
        yield Static("", id="export-status", classes="hint")
        yield MarkdownPreview(id="export-preview-scroll")
        yield Footer()

    def on_mount(self) -> None:
        self._show_title()
        follow(self, self._display_changed)
        self._show_options()
        self.query_one(MarkdownPreview).show(Text("Preparing the summary…", style="italic"))
        self.call_after_refresh(self.refresh_preview)  # once the preview has its width
        self.query_one("#export-preview-scroll").focus()

    def _show_title(self) -> None:
        session = self.app.store.session(self.session_id)
        self.query_one("#export-title", Static).update(plain(f"Export summary · {session.title}", width=78))

    def _display_changed(self) -> None:
        """The app's Arabic display changed: the title, and the preview laid out again (in a worker)."""
        self._show_title()
        self._lay_out_again()

    @property
    def anonymous(self) -> bool:
        return self.query_one("#export-anonymous", Switch).value

    def _offer_path(self, name: str) -> None:
        """The default file name for the options (unless the user typed another one)."""
        from facilitator.core import paths

        box = self.query_one("#export-path", Input)
        if box.value in ("", self.default_path):
            self.default_path = str(paths.exports_dir() / name)
            box.value = self.default_path
            self.confirm_overwrite = None

    @property
    def options(self) -> Options:
        return (self.anonymous, self.group_by, self.dropped, self.form)

    def _show_options(self) -> None:
        fmt = dict(FORMATS)[self.fmt]
        group = dict(GROUPINGS)[self.group_by]
        dropped = "dropped listed" if self.dropped else "dropped left out"
        if self.form == "outcome":  # d: the agreed ones only, or the reviewed ones too
            dropped = "agreed and reviewed" if self.dropped else "agreed only"
        k = self.key_hint
        self.query_one("#export-format", Static).update(plain(
            f"Format: {fmt} ({k('export.format')}) · {dict(FORMS)[self.form]} ({k('export.form')}) · "
            f"recommendations {group} ({k('export.group')}) · {dropped} ({k('export.dropped')})"))

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(plain(text))

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_anonymous(self) -> None:
        switch = self.query_one("#export-anonymous", Switch)
        switch.value = not switch.value  # on_switch_changed does the rest

    def action_next_format(self) -> None:
        box = self.query_one("#export-path", Input)
        offered = box.value == self.default_path
        self.next_format()
        if offered:  # the name offered, with the new extension: it still follows the options
            self.default_path = box.value
        self._show_options()

    def action_next_grouping(self) -> None:
        order = [g for g, _ in GROUPINGS]
        self.group_by = order[(order.index(self.group_by) + 1) % len(order)]
        self._show_options()
        self.refresh_preview()

    def action_next_form(self) -> None:
        self.form = "outcome" if self.form == "record" else "record"
        self.confirm_overwrite = None
        self._show_options()
        self.refresh_preview()

    def action_toggle_dropped(self) -> None:
        self.dropped = not self.dropped
        self._show_options()
        self.refresh_preview()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.confirm_overwrite = None
        self.refresh_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.confirm_overwrite = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_write()

    def action_focus_path(self) -> None:
        self.query_one("#export-path", Input).focus()

    def refresh_preview(self) -> None:
        """Make the summary for the options now, in a worker; the preview says it is coming."""
        self.preview_text = None
        self._status("Preparing the summary…")
        self.query_one(MarkdownPreview).show(Text("Preparing the summary… (a session of thousands of contributions "
                                                 "takes a few seconds)", style="italic"))
        preview = self.query_one(MarkdownPreview)
        run_for(self, partial(make_summary, self.app.store.path, self.session_id, self.options,
                              self.fmt, preview.room(), PREVIEW_LINES),
                group="export-summary", description="make the summary")

    def on_summary_made(self, message: SummaryMade) -> None:
        if message.options != self.options:
            return  # an option changed while this was being made
        self.preview_text, self.text_anonymous, self.text_options = message.text, message.options[0], message.options
        self._offer_path(message.name)
        self.query_one(MarkdownPreview).show(message.preview, message.width)
        self.call_after_refresh(self._lay_out_again)  # laid out before the screen had its size
        kind = "anonymous" if message.options[0] else "named"
        what = "outcome document" if message.options[3] == "outcome" else "working record"
        self._status(f"Ready: {kind} {what}, {message.lines} lines. "
                     f"{self.key_hint('export.write')} writes it.")

    def on_summary_failed(self, message: SummaryFailed) -> None:
        if message.options == self.options:
            self._status(message.message)
            self.query_one(MarkdownPreview).show("")

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._lay_out_again)

    def _lay_out_again(self) -> None:
        """Lay the preview out again, in a worker, if it was laid out for another width or
        another Arabic display than it has now."""
        preview = self.query_one(MarkdownPreview)
        if self.preview_text is not None and self.text_options is not None and not preview.fits():
            run_for(self, partial(lay_out, self.preview_text, self.text_options, preview.room(), PREVIEW_LINES),
                    group="export-lay-out", description="lay the preview out")

    def on_preview_laid_out(self, message: PreviewLaidOut) -> None:
        if message.options == self.text_options:
            self.query_one(MarkdownPreview).show(message.preview, message.width)

    def action_write(self) -> None:
        if self.preview_text is None or self.text_options != self.options:
            self._status("Still preparing the summary; try again in a moment.")
            return
        path = self.target(self.query_one("#export-path", Input).value.strip())
        if path is None:
            return
        anonymous, group_by, dropped, form = self.options
        fmt, store_path, session_id = self.fmt, self.app.store.path, self.session_id

        def write(target: Path, force: bool, database: str | Path) -> Path | None:
            # in the worker thread, with its own connection (read only); into the file as it is made
            from facilitator.core.export import write_export
            from facilitator.core.store import Store

            with Store.open(store_path, create=False, write=False) as store:
                return write_export(store, session_id, target, fmt, anonymous=anonymous, group_by=group_by,
                                    include_dropped=dropped, form=form, statuses=_statuses(form, dropped),
                                    force=force, database=database)

        self.write_streamed(path, write)


def _statuses(form: str, more: bool) -> tuple[str, ...] | None:
    """The recommendations an outcome document lists: the agreed ones, with ``d`` the reviewed too."""
    if form != "outcome":
        return None
    return ("agreed", "reviewed") if more else ("agreed",)
