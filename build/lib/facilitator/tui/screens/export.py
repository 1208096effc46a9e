"""Export: write a session's summary as Markdown, named or anonymous, after a preview.

``a`` switches between a named and an anonymous (Chatham House) summary, ``o`` goes to the
file name box, ``ctrl+s`` (or ``enter`` in the box) writes the file shown there (asking before it replaces a different file: press ``ctrl+s`` again),
``escape`` goes back. The preview is the rendered Markdown; the summary is built in a worker
thread with its own database connection, so a large session never freezes the screen. The work
is done by :mod:`facilitator.core.export`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Markdown, Static, Switch

PREVIEW_LINES = 150  # the Markdown widget is slow with many blocks; the file holds everything


class ExportScreen(Screen):
    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="export.back"),
        Binding("a", "toggle_anonymous", "Named / anonymous", id="export.anonymous"),
        Binding("o", "focus_path", "File name", id="export.path"),
        Binding("ctrl+s", "write", "Write file", id="export.write", priority=True),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.text: str | None = None
        self.text_anonymous: bool | None = None
        self.confirm_overwrite: Path | None = None
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Export summary", id="export-title", classes="screen-title")
        with Horizontal(id="export-options"):
            yield Switch(value=False, id="export-anonymous")
            yield Label("Anonymous (Chatham House): no names, stakeholder groups only", id="export-anonymous-label")
        yield Input(id="export-path", placeholder="file to write")
        yield Static("", id="export-status", classes="hint")
        with VerticalScroll(id="export-preview-scroll"):
            yield Markdown("", id="export-preview", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        from facilitator.tui import bidi

        session = self.app.store.session(self.session_id)
        self.query_one("#export-title", Static).update(bidi.display_line(f"Export summary · {session.title}", 78))
        self._set_default_path()
        self.refresh_preview()
        self.query_one("#export-preview-scroll").focus()

    @property
    def anonymous(self) -> bool:
        return self.query_one("#export-anonymous", Switch).value

    def _set_default_path(self) -> None:
        from facilitator.core import paths
        from facilitator.core.export import default_export_name

        name = default_export_name(self.app.store, self.session_id, anonymous=self.anonymous)
        self.query_one("#export-path", Input).value = str(paths.exports_dir() / name)

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(text)

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_anonymous(self) -> None:
        switch = self.query_one("#export-anonymous", Switch)
        switch.value = not switch.value  # on_switch_changed does the rest

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
        self._build(self.anonymous)

    @work(thread=True, exclusive=True, group="export")
    def _build(self, anonymous: bool) -> None:
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.export import export_session
        from facilitator.core.store import Store

        try:
            with Store.open(self.app.store.path, create=False) as store:
                text = export_session(store, self.session_id, anonymous=anonymous)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._status, f"Cannot export: {exc}")
            return
        self.app.call_from_thread(self._show, text, anonymous)

    def _show(self, text: str, anonymous: bool) -> None:
        if anonymous != self.anonymous:
            return  # the switch moved while this was being built
        from facilitator.core.summary.render import preview

        self.text, self.text_anonymous = text, anonymous
        self.query_one("#export-preview", Markdown).update(preview(text, PREVIEW_LINES))
        kind = "anonymous" if anonymous else "named"
        self._status(f"Ready: {kind} summary, {text.count(chr(10))} lines. ctrl+s writes it.")

    def action_write(self) -> None:
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.export import write_text_file

        if self.text is None or self.text_anonymous != self.anonymous:
            self._status("Still preparing the summary; try again in a moment.")
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Give a file name first.")
            return
        path = Path(raw).expanduser()
        force = self.confirm_overwrite == path
        try:
            written = write_text_file(path, self.text, force=force)
        except FacilitatorError as exc:
            if "exists and differs" in str(exc) and path.is_file():
                self.confirm_overwrite = path
                self._status(f"{path} exists and differs (it may hold hand edits). Press ctrl+s again to replace it.")
                return
            self._status(f"Not written: {exc}")
            return
        self.confirm_overwrite = None
        self.written = written
        self._status(f"Written: {written}")
        self.notify(f"Summary written to {written}", title="Export")
