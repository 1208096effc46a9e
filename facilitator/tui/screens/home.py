"""Home: the list of sessions in the database."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


class SessionTable(DataTable):
    """The sessions, newest first: date, title, questions, contributions."""


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("enter", "open_session", "Open", id="home.open"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Sessions", classes="screen-title")
        yield SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(SessionTable)
        table.add_columns("Date", "Title", "Questions", "Contributions")
        self.action_refresh()
        table.focus()

    def action_refresh(self) -> None:
        table = self.query_one(SessionTable)
        table.clear()
        sessions = self.app.store.sessions()
        for s in sessions:
            table.add_row(s.date.isoformat(), s.title, str(s.question_count), str(s.contribution_count), key=s.id)
        hint = self.query_one("#empty-hint", Static)
        hint.update(
            "" if sessions else "No sessions yet. Create one with: facilitator new sessions/sahel-security-2023.md"
        )

    def action_open_session(self) -> None:
        table = self.query_one(SessionTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.app.open_session(key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_session(event.row_key.value)
