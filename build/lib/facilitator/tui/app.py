"""The application: owns the open store and moves between screens.

Screens reach the store as ``self.app.store``. Keys that work everywhere are declared here;
keys of one screen are declared on that screen. Each ``open_*`` method imports its screen
module when first used, so start-up loads only the home screen.
"""

from __future__ import annotations

import importlib

from textual.app import App
from textual.binding import Binding

from facilitator.core.store import Store

from .commands import FacilitatorCommands


def _utc_now():
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc)


class FacilitatorApp(App[None]):
    TITLE = "facilitator"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {FacilitatorCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f1", "help", "Help", id="help"),
    ]

    def __init__(self, store: Store, session_id: str | None = None, *, bidi: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.initial_session_id = session_id
        # The wall clock the screens show (UTC, aware). Tests replace it with a fixed one.
        self.clock = _utc_now
        # Called each time a session is opened from the home screen (the automatic backup).
        self.on_session_opened = None
        # Called once the first screen is drawn (the automatic backup of the database).
        self.after_first_frame: list = []
        # The review's undo and redo steps, per session, for as long as the app runs.
        self.review_histories: dict = {}
        # How Arabic is shown: --bidi, else $FACILITATOR_BIDI, else the saved setting, else auto.
        from . import bidi as _bidi

        self.bidi_mode = _bidi.configure(store, override=bidi)

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.initial_session_id:
            self.open_session(self.initial_session_id, at_start=True)
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        for callback in self.after_first_frame:
            callback()

    # --- navigation ----------------------------------------------------------------------------

    def _screen(self, module: str, cls: str):
        return getattr(importlib.import_module(f"facilitator.tui.screens.{module}"), cls)

    @property
    def current_session_id(self) -> str | None:
        """The session of the screen on top, if it belongs to one."""
        for screen in reversed(self.screen_stack):
            sid = getattr(screen, "session_id", None)
            if sid:
                return sid
        return None

    def open_session(self, session_id: str, *, at_start: bool = False) -> None:
        """Open a session where the rapporteur works: the capture screen. Each opening but the
        one at start-up (backed up as the app started) calls ``on_session_opened``."""
        screen = self._screen("capture", "CaptureScreen")
        self.push_screen(screen(session_id))
        if self.on_session_opened is not None and not at_start:
            self.on_session_opened()

    def open_review(self, session_id: str, question_id: str | None = None) -> None:
        self.push_screen(self._screen("review", "ReviewScreen")(session_id, question_id))

    def open_export(self, session_id: str) -> None:
        self.push_screen(self._screen("export", "ExportScreen")(session_id))

    def open_merge(self) -> None:
        self.push_screen(self._screen("merge", "MergeScreen")())

    def open_search(self, session_id: str | None = None) -> None:
        self.push_screen(self._screen("search", "SearchScreen")(session_id))

    def open_overview(self, session_id: str) -> None:
        self.push_screen(self._screen("overview", "OverviewScreen")(session_id))

    def open_roster(self) -> None:
        self.push_screen(self._screen("roster", "RosterScreen")())

    async def action_quit(self) -> None:
        """Quit, after writing what is being typed on any screen that has a draft."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if callable(flush):
                try:
                    flush()
                except Exception:  # quitting must not fail; the screen reported the problem
                    pass
        await super().action_quit()

    def action_help(self) -> None:
        """The help screen: every key of the screen on top."""
        HelpScreen = self._screen("help", "HelpScreen")
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))
