"""Export: write a session's summary (the outcome document), named or anonymous, after a preview.

``a`` switches between a named and an anonymous (Chatham House) summary, ``t`` the format
(Markdown, Word, HTML), ``g`` how the recommendations are grouped (one list, by addressee, by
question), ``d`` whether the dropped ones are listed, ``o`` goes to the file name box,
``ctrl+s`` (or ``enter`` in the box) writes the file shown there (asking before it replaces a
different file: press ``ctrl+s`` again), ``escape`` goes back. The preview is the rendered
Markdown; the summary (and a Word or HTML file, through pandoc) is built in a worker thread
with its own database connection, so a large session never freezes the screen. The work is
done by :mod:`facilitator.core.export`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Markdown, Static, Switch

from facilitator.core.paths import expand
from facilitator.tui.plain import plain
from facilitator.tui.screens.base import AppScreen

from .writing import FORMATS, WritesDocument

PREVIEW_LINES = 150  # the Markdown widget is slow with many blocks; the file holds everything
GROUPINGS = ((None, "in one list"), ("addressee", "by addressee"), ("question", "by question"), ("area", "by area, lens"))
FORMS = (("record", "working record"), ("outcome", "outcome to send"))


class ExportScreen(WritesDocument, AppScreen):
    session_id: str  # always one session's
    PATH_BOX = "export-path"
    WRITTEN_TITLE = "Export"
    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="export.back"),
        Binding("a", "toggle_anonymous", "Named / anonymous", id="export.anonymous"),
        Binding("t", "next_format", "Format", id="export.format"),
        Binding("g", "next_grouping", "Group", id="export.group"),
        Binding("d", "toggle_dropped", "Dropped", id="export.dropped"),
        Binding("u", "next_form", "Record / outcome", id="export.form",
                tooltip="the working record (status, rank, evidence) or the outcome document to send"),
        Binding("o", "focus_path", "File name", id="export.path"),
        Binding("ctrl+s", "write", "Write file", id="export.write", priority=True),
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
        self.text_options: tuple | None = None  # (anonymous, group_by, dropped, form) of the preview

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Export summary", id="export-title", classes="screen-title")
        with Horizontal(id="export-options"):
            yield Switch(value=False, id="export-anonymous")
            yield Label("Anonymous (Chatham House): no names, stakeholder groups only", id="export-anonymous-label")
        yield Static("", id="export-format", classes="hint")
        yield Input(id="export-path", placeholder="file to write")
        yield Static("", id="export-status", classes="hint")
        with VerticalScroll(id="export-preview-scroll"):
            yield Markdown("", id="export-preview", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        from facilitator.tui import bidi

        session = self.app.store.session(self.session_id)
        self.query_one("#export-title", Static).update(plain(bidi.display_line(f"Export summary · {session.title}", 78)))
        self._set_default_path()
        self._show_options()
        self.refresh_preview()
        self.query_one("#export-preview-scroll").focus()

    @property
    def anonymous(self) -> bool:
        return self.query_one("#export-anonymous", Switch).value

    def _set_default_path(self) -> None:
        from facilitator.core import paths
        from facilitator.core.export import default_export_name

        name = default_export_name(self.app.store, self.session_id, anonymous=self.anonymous, fmt=self.fmt,
                                   form=self.form)
        self.query_one("#export-path", Input).value = str(paths.exports_dir() / name)

    @property
    def options(self) -> tuple:
        return (self.anonymous, self.group_by, self.dropped, self.form)

    def _show_options(self) -> None:
        fmt = dict(FORMATS)[self.fmt]
        group = dict(GROUPINGS)[self.group_by]
        dropped = "dropped listed" if self.dropped else "dropped left out"
        if self.form == "outcome":  # d: the agreed ones only, or the reviewed ones too
            dropped = "agreed and reviewed" if self.dropped else "agreed only"
        self.query_one("#export-format", Static).update(
            f"Format: {fmt} (t) · {dict(FORMS)[self.form]} (u) · recommendations {group} (g) · {dropped} (d)")

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(plain(text))

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_anonymous(self) -> None:
        switch = self.query_one("#export-anonymous", Switch)
        switch.value = not switch.value  # on_switch_changed does the rest

    def action_next_format(self) -> None:
        self.next_format()
        self._show_options()

    def action_next_grouping(self) -> None:
        order = [g for g, _ in GROUPINGS]
        self.group_by = order[(order.index(self.group_by) + 1) % len(order)]
        self._show_options()
        self.refresh_preview()

    def action_next_form(self) -> None:
        self.form = "outcome" if self.form == "record" else "record"
        self.confirm_overwrite = None
        self._set_default_path()
        self._show_options()
        self.refresh_preview()

    def action_toggle_dropped(self) -> None:
        self.dropped = not self.dropped
        self._show_options()
        self.refresh_preview()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.confirm_overwrite = None
        self._set_default_path()
        self.refresh_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.confirm_overwrite = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_write()

    def action_focus_path(self) -> None:
        self.query_one("#export-path", Input).focus()

    def refresh_preview(self) -> None:
        self.preview_text = None
        self._status("Preparing the summary…")
        self._build(self.options)

    @work(thread=True, exclusive=True, group="export")
    def _build(self, options: tuple) -> None:
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.export import export_session
        from facilitator.core.store import Store
        from facilitator.core.summary.render import Preview

        anonymous, group_by, dropped, form = options
        head = Preview(PREVIEW_LINES)  # the summary goes by as it is made: its first lines are kept, and counted
        try:
            with Store.open(self.app.store.path, create=False) as store:
                export_session(store, self.session_id, anonymous=anonymous, group_by=group_by,
                               include_dropped=dropped, form=form, statuses=_statuses(form, dropped), write=head)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._status, f"Cannot export: {exc}")
            return
        self.app.call_from_thread(self._show, head.text(), head.newlines, options)

    def _show(self, shown: str, lines: int, options: tuple) -> None:
        if options != self.options:
            return  # an option changed while this was being built
        anonymous = options[0]
        self.preview_text, self.text_anonymous, self.text_options = shown, anonymous, options
        self.query_one("#export-preview", Markdown).update(shown)
        kind = "anonymous" if anonymous else "named"
        what = "outcome document" if options[3] == "outcome" else "working record"
        self._status(f"Ready: {kind} {what}, {lines} lines. ctrl+s writes it.")

    def action_write(self) -> None:
        if self.preview_text is None or self.text_options != self.options:
            self._status("Still preparing the summary; try again in a moment.")
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Give a file name first.")
            return
        path = expand(raw, strict=False)
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
