"""A session: its guiding questions. (The capture screen replaces this.)"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static


class SessionScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Sessions", id="session.back")]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        store = self.app.store
        session = store.session(self.session_id)
        yield Header()
        yield Static(f"{session.title}\n{session.date}  {session.venue or ''}", classes="screen-title")
        yield OptionList(*[f"Q{q.position}  {q.text}  ({q.contribution_count})" for q in store.questions(self.session_id)])
        yield Footer()
