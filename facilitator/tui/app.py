"""The application: owns the open store and the screens.

Screens reach the store as ``self.app.store``. Keys that work everywhere are declared here;
keys of one screen are declared on that screen.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from facilitator.core.store import Store


class FacilitatorApp(App[None]):
    TITLE = "facilitator"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f1", "help", "Help", id="help"),
    ]

    def __init__(self, store: Store, session_id: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.initial_session_id = session_id

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.initial_session_id:
            self.open_session(self.initial_session_id)

    def open_session(self, session_id: str) -> None:
        from .screens.session import SessionScreen

        self.push_screen(SessionScreen(session_id))

    def action_help(self) -> None:
        self.action_show_help_panel()
