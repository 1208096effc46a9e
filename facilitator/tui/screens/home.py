"""Home: the list of sessions in the database; start a new one from an agenda file."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static

from facilitator.tui.widgets.footer import Footer
from facilitator.core.errors import FacilitatorError
from facilitator.core.paths import expand
from facilitator.tui.messages import DatabaseChanged
from facilitator.tui.screens.base import AppScreen
from facilitator.tui.widgets.session_list import SessionList, SessionListHeader


def agenda_folders() -> list[Path]:
    """Where agenda files are looked for: ``sessions/`` in the current folder, then the one
    shipped beside the package (the bundled Sahel panel)."""
    here = Path.cwd() / "sessions"
    shipped = Path(__file__).resolve().parents[3] / "sessions"
    out = [p for p in (here, shipped) if p.is_dir()]
    return list(dict.fromkeys(p.resolve() for p in out))


def agenda_files() -> list[Path]:
    """The agenda files of :func:`agenda_folders`, then the sample's agenda shipped inside the
    package (for an installed copy, which has no ``sessions/``) unless one of them is the same file."""
    files: list[Path] = []
    for folder in agenda_folders():
        files += sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")
    from facilitator import samples

    shipped = samples.path(samples.AGENDA)
    if shipped.is_file():
        data = shipped.read_bytes()
        same_size = [p for p in files if p.stat().st_size == len(data)]
        if not any(p.read_bytes() == data for p in same_size):
            files.append(shipped)
    return files


class HomeScreen(AppScreen):
    CSS_PATH = "home.tcss"
    HELP_TITLE = "Sessions"
    BINDINGS = [
        Binding("enter", "open_session", "Open", id="home.open"),
        Binding("n", "new_session", "New from agenda", id="home.new"),
        Binding("p", "roster", "Roster", id="home.roster"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
    ]

    def compose(self) -> ComposeResult:
        # The sessions are read here, so that the first frame already shows them.
        sessions = self.app.store.sessions()
        yield Header()
        yield Static("Sessions", classes="screen-title")
        yield SessionListHeader(id="sessions-header")
        yield SessionList(sessions, id="sessions")
        yield Static(self._hint(sessions), id="empty-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SessionList).focus()

    @staticmethod
    def _hint(sessions) -> str:
        return "" if sessions else (
            "No sessions yet. Press n to start one from an agenda file in sessions/ "
            "(or run: facilitator new sessions/sahel-security-2023.md)"
        )

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.action_refresh()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another window or a command wrote: the list (and its counts) as they are now."""
        if self.is_mounted and message.tables & {"session", "contribution", "question"}:
            self.action_refresh()

    def action_refresh(self) -> None:
        sessions = self.app.store.sessions()
        self.query_one(SessionList).load(sessions)
        self.query_one("#empty-hint", Static).update(self._hint(sessions))

    def action_open_session(self) -> None:
        sid = self.query_one(SessionList).selected_id
        if sid:
            self.app.open_session(sid)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.open_session(event.option.id)

    def action_new_session(self) -> None:
        from .pick import Item, Picked, PickScreen

        cwd = Path.cwd()
        items = []
        for p in agenda_files():
            try:
                shown = str(p.relative_to(cwd))
            except ValueError:
                shown = str(p)
            items.append(Item(str(p), shown))

        def chosen(picked: Picked | None) -> None:
            if picked is None:
                return
            self.new_session_from(expand(picked.key or picked.text, strict=False))

        self.app.push_screen(
            PickScreen("New session from an agenda file", items, placeholder="an agenda file, or type its path",
                       new_label="Use {}", hint="enter create the session · escape cancel"),
            chosen,
        )

    def new_session_from(self, path: Path) -> str | None:
        from facilitator.core.agenda import create_session, load_agenda, panel_summary

        try:
            session, text = load_agenda(path)
            made = create_session(self.app.store, session, agenda_text=text)  # with the agenda's Room and panel
        except FacilitatorError as exc:
            self.notify(str(exc), title="No session created", severity="error", timeout=15)
            return None
        sid = made.id
        if made.added or made.known:
            self.notify(panel_summary(made), title="Panel", timeout=6)
        self.action_refresh()
        self.app.open_session(sid)
        return sid

    def action_roster(self) -> None:
        self.app.open_roster()

    def palette_commands(self):
        yield "New session from an agenda file", "n: the files in sessions/", self.action_new_session
        yield "Roster", "p: participants; add, edit, import a CSV file", self.action_roster
        yield "Open selected session", "enter", self.action_open_session

