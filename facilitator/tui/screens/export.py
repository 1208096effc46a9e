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
GROUPINGS = ((None, "in one list"), ("addressee", "by addressee"), ("question", "by question"))


class ExportScreen(WritesDocument, AppScreen):
    PATH_BOX = "export-path"
    WRITTEN_TITLE = "Export"
    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="export.back"),
        Binding("a", "toggle_anonymous", "Named / anonymous", id="export.anonymous"),
        Binding("t", "next_format", "Format", id="export.format"),
        Binding("g", "next_grouping", "Group", id="export.group"),
        Binding("d", "toggle_dropped", "Dropped", id="export.dropped"),
        Binding("o", "focus_path", "File name", id="export.path"),
        Binding("ctrl+s", "write", "Write file", id="export.write", priority=True),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.text: str | None = None
        self.text_anonymous: bool | None = None
        self.group_by: str | None = None
        self.dropped = False
        self.text_options: tuple | None = None  # (anonymous, group_by, dropped) of self.text

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

        name = default_export_name(self.app.store, self.session_id, anonymous=self.anonymous, fmt=self.fmt)
        self.query_one("#export-path", Input).value = str(paths.exports_dir() / name)

    @property
    def options(self) -> tuple:
        return (self.anonymous, self.group_by, self.dropped)

    def _show_options(self) -> None:
        fmt = dict(FORMATS)[self.fmt]
        group = dict(GROUPINGS)[self.group_by]
        dropped = "dropped listed" if self.dropped else "dropped left out"
        self.query_one("#export-format", Static).update(f"Format: {fmt} (t) · recommendations {group} (g) · {dropped} (d)")

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
        self.text = None
        self._status("Preparing the summary…")
        self._build(self.options)

    @work(thread=True, exclusive=True, group="export")
    def _build(self, options: tuple) -> None:
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.export import export_session
        from facilitator.core.store import Store

        anonymous, group_by, dropped = options
        try:
            with Store.open(self.app.store.path, create=False) as store:
                text = export_session(store, self.session_id, anonymous=anonymous, group_by=group_by,
                                      include_dropped=dropped)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._status, f"Cannot export: {exc}")
            return
        self.app.call_from_thread(self._show, text, options)

    def _show(self, text: str, options: tuple) -> None:
        if options != self.options:
            return  # an option changed while this was being built
        from facilitator.core.summary.render import preview

        anonymous = options[0]
        self.text, self.text_anonymous, self.text_options = text, anonymous, options
        self.query_one("#export-preview", Markdown).update(preview(text, PREVIEW_LINES))
        kind = "anonymous" if anonymous else "named"
        self._status(f"Ready: {kind} summary, {text.count(chr(10))} lines. ctrl+s writes it.")

    def action_write(self) -> None:
        if self.text is None or self.text_options != self.options:
            self._status("Still preparing the summary; try again in a moment.")
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Give a file name first.")
            return
        path = expand(raw, strict=False)
        anonymous, group_by, dropped = self.options
        fmt, store_path, session_id = self.fmt, self.app.store.path, self.session_id

        def make() -> bytes:  # in the worker thread, with its own connection (read only)
            from facilitator.core.export import export_document
            from facilitator.core.store import Store

            with Store.open(store_path, create=False, write=False) as store:
                return export_document(store, session_id, fmt, anonymous=anonymous, group_by=group_by,
                                       include_dropped=dropped, where=str(path))

        self.write_document(path, make)
