"""The application: owns the open store and moves between screens.

Screens reach the store as ``self.app.store``. Keys that work everywhere are declared here;
keys of one screen are declared on that screen. Each ``open_*`` method imports its screen
module when first used, so start-up loads only the home screen.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from facilitator.core.store import Store

from .commands import FacilitatorCommands
from .screens.base import AppScreen

if TYPE_CHECKING:
    from .idle import IdleCollector, WarmUp


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

    # How Arabic is shown (``auto``, ``on``, ``off``: see ``tui/bidi.py``), for the whole app:
    # every widget that shows user text follows it (``tui.plain.follow``), on every screen.
    bidi_mode: reactive[str] = reactive("auto", init=False)

    def __init__(self, store: Store, session_id: str | None = None, *, bidi: str | None = None,
                 backups=None, backup_at_start: bool = False, display: str | None = None,
                 anonymous: bool = False) -> None:
        super().__init__()
        self.store = store
        self.initial_session_id = session_id
        # facilitator display SESSION: the room display is the whole app (read-only)
        self.display_only = (display, anonymous) if display else None
        # The wall clock the screens show (UTC, aware). Tests replace it with a fixed one.
        self.clock = _utc_now
        # The automatic backups (cli/cmd_open.AutoBackups, or None): ``start()`` is called once
        # the first screen is drawn (with ``backup_at_start``) and each time a session is opened
        # from the home screen.
        self.backups = backups
        self.backup_at_start = backup_at_start
        # This window: what is typed here is kept in drafts of its own (core/windows.py).
        from facilitator.core.windows import Window

        self.window = Window.open()
        # The contribution saved last in each session (id, its reference then), for as long as the
        # app runs: ctrl+b flags it also after leaving the capture screen and coming back.
        self.last_saved: dict[str, tuple[str, str]] = {}
        # The review's undo and redo steps, per session, for as long as the app runs.
        self.review_histories: dict = {}
        # How Arabic is shown: --bidi, else $FACILITATOR_BIDI, else the saved setting, else auto.
        from . import bidi as _bidi

        self.set_reactive(FacilitatorApp.bidi_mode, _bidi.configure(store, override=bidi))
        from .plain import ControlPictures

        self.control_pictures = ControlPictures()  # every line drawn: see get_line_filters
        self.collector: IdleCollector | None = None  # tui/idle.py, once the first screen is drawn
        self.warm_up: WarmUp | None = None

    def get_driver_class(self):
        """Textual's terminal driver, with pastes that arrive as keys taken as pastes
        (``tui/driver.py``); any other (Windows, one named in TEXTUAL_DRIVER) as it is."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from .driver import PasteAwareDriver

            return PasteAwareDriver
        return driver

    def on_mount(self) -> None:
        from facilitator.core import keymap

        from .screens.home import HomeScreen

        # the user's keymap.toml (binding id -> keys), applied before any screen shows a key;
        # its ids are checked once the first screen is drawn (that imports every screen)
        self.user_keymap = keymap.load(None)
        if self.user_keymap.keys:
            self.set_keymap(self.user_keymap.keys)

        self._signals = []
        self._catch_signals()
        if self.display_only is not None:
            from .live import LiveWatch
            from .screens.display import DisplayScreen

            session_id, anonymous = self.display_only
            self.push_screen(DisplayScreen(session_id, anonymous=anonymous, leave_quits=True))
            self.live = LiveWatch(self)
            self.live.start()
            return
        self.push_screen(HomeScreen())
        from .live import LiveWatch

        self.live = LiveWatch(self)  # other windows' and commands' writes show here within a second
        self.live.start()
        integrity = self.store.integrity
        if integrity is not None and not integrity.done.is_set():
            # the quick_check of the database runs on its own thread: at once when a session is
            # to open (it opens once the check has passed), else after the first frame (the
            # sessions list reads, it never writes)
            if self.initial_session_id:
                integrity.start()
            self.run_worker(lambda: self._watch_integrity(integrity), thread=True, exit_on_error=False,
                            name="quick-check")
        elif integrity is not None and integrity.error is not None:
            self.call_after_refresh(self._damaged, str(integrity.error))
        elif self.initial_session_id:
            self.open_session(self.initial_session_id, at_start=True)
        self.call_after_refresh(self._first_frame_drawn)

    def get_line_filters(self):
        """Textual's filters, then :class:`~.plain.ControlPictures`: nothing drawn can drive
        the terminal."""
        return [*super().get_line_filters(), self.control_pictures]

    def _check_keymap(self) -> None:
        """Report what is wrong in keymap.toml (unknown ids, bad keys, bad TOML), with its lines."""
        from facilitator.core import keymap

        from .keys import binding_ids

        checked = keymap.load(binding_ids(), self.user_keymap.path)
        if checked.problems:
            self.call_from_thread(self.notify, "\n".join(checked.problems[:6]), title="Keymap",
                                  severity="warning", timeout=15)

    def key_of(self, binding_id: str, default: str) -> str:
        """The keys in force for a binding (the user's keymap, else ``default``), for hints."""
        return self.user_keymap.keys.get(binding_id, default)

    def _watch_integrity(self, integrity) -> None:
        while not integrity.done.wait(0.1):
            if self.return_code is not None:  # the app is closing
                return
        if integrity.error is not None:
            self.call_from_thread(self._damaged, str(integrity.error))
        elif self.initial_session_id:
            self.call_from_thread(self.open_session, self.initial_session_id, at_start=True)

    def _damaged(self, message: str) -> None:
        """The database failed its check: nothing was (or will be) written; say so and stop."""
        from rich.text import Text

        if self.return_code is not None:  # already stopping (a screen met the damage first and said so)
            return
        for entry in self._flush_all():  # text typed in the first moments: to the rescue file
            from facilitator.core import rescue

            try:
                rescue.rescue(entry)
            except rescue.RescueFailed:
                pass
        self.exit(return_code=2, message=Text(f"facilitator: error: {message}", style="bold red"))

    # --- ended from outside: a closed terminal (SIGHUP), SIGTERM -------------------------------

    def _catch_signals(self) -> None:
        """SIGHUP (the terminal was closed) and SIGTERM end the app the way ctrl+q does, without
        asking: what is being typed is written first (to the rescue file if the database
        refuses it). Without this, Python would stop at once and lose what the last autosave
        had not written yet."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self._ended_from_outside, sig)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal here
                continue
            self._signals.append(sig)

    _signals: list[int] = []

    def _release_signals(self) -> None:
        import asyncio

        with contextlib.suppress(Exception):
            loop = asyncio.get_running_loop()
            for sig in self._signals:
                loop.remove_signal_handler(sig)
        self._signals = []

    def _ended_from_outside(self, signum: int) -> None:
        import asyncio
        import os
        import signal
        import threading

        from facilitator.core import rescue

        unsaved = self._flush_all()
        if unsaved:
            try:
                rescue.rescue(unsaved)
            except rescue.RescueFailed:
                pass
        code = 128 + signum
        with contextlib.suppress(Exception):  # from now on the signal ends the process at once
            asyncio.get_running_loop().remove_signal_handler(signum)
            signal.signal(signum, signal.SIG_DFL)

        def again() -> None:
            os.kill(os.getpid(), signum)  # (the default action now: the process ends by the signal)

        # a terminal that is gone can hold up the usual ending (it draws, restores the
        # terminal): the text is written now, so the process ends a little later in any case
        timer = threading.Timer(3.0, again)
        timer.daemon = True
        timer.start()
        self.exit(return_code=code)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)) and self.collector is not None:
            self.collector.touched()  # the user is here: no full collection for a moment
        await super().on_event(event)

    def on_unmount(self) -> None:
        if self.collector is not None:
            self.collector.stop()
        self._release_signals()
        self.window.close()  # its drafts are left behind: the next window offers them

    def _first_frame_drawn(self) -> None:
        # full garbage collections when the user is idle, the screens' modules imported in a
        # thread a moment after start-up (tui/idle.py)
        from . import idle

        self.collector, self.warm_up = idle.start(self)
        if self.user_keymap.keys or self.user_keymap.problems:
            self.run_worker(self._check_keymap, thread=True, exit_on_error=False, name="keymap")
        if self.store.integrity is not None:
            self.store.integrity.start()
        if self.backups is not None and self.backup_at_start:  # start-up never waits for it
            self.backups.start()

    # --- navigation ----------------------------------------------------------------------------

    def _screen(self, module: str, cls: str):
        from .idle import import_screen

        return getattr(import_screen(f"facilitator.tui.screens.{module}"), cls)

    @property
    def current_session_id(self) -> str | None:
        """The session of the screen on top, if it belongs to one."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, AppScreen) and screen.session_id:
                return screen.session_id
        return None

    def open_session(self, session_id: str, *, at_start: bool = False) -> None:
        """Open a session where the rapporteur works: the capture screen. Each opening but the
        one at start-up (backed up as the app started) starts an automatic backup."""
        screen = self._screen("capture", "CaptureScreen")
        self.push_screen(screen(session_id))
        if self.backups is not None and not at_start:
            self.backups.start()

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

    def open_display(self, session_id: str, *, anonymous: bool = False) -> None:
        """The room display of a session (read-only, live)."""
        self.push_screen(self._screen("display", "DisplayScreen")(session_id, anonymous=anonymous))

    def open_followup(self, recommendation_id: str | None = None, *, new: bool = False) -> None:
        """The follow-up of the recommendations (every session); opened on a recommendation (the
        review's ``f``), with its first activity selected, or a new one begun (``new``, or when it
        has none yet)."""
        self.push_screen(self._screen("followup", "FollowUpScreen")(recommendation_id, new=new))

    def open_monitoring_export(self) -> None:
        self.push_screen(self._screen("followup.report", "MonitoringExportScreen")())

    def open_roster(self, session_id: str | None = None) -> None:
        """The roster; opened from a session, it also shows and changes that session's panel."""
        self.push_screen(self._screen("roster", "RosterScreen")(session_id))

    async def action_quit(self) -> None:
        """Quit, after writing what is being typed on any screen that has a draft. Text that
        could not be written to the database is copied to the rescue file first, and the user
        is asked before quitting (nothing typed is only in memory when the app exits)."""
        unsaved = self._flush_all()
        if not unsaved or self._quit_confirmed:
            await super().action_quit()
            return
        from facilitator.core import rescue

        try:
            where = f"A copy is in the rescue file:\n{rescue.describe(rescue.rescue(unsaved))}"
        except rescue.RescueFailed as exc:
            where = f"It could NOT be copied to a rescue file ({exc}). Stay, and copy it somewhere first."
        first = unsaved[0].text.strip().splitlines()[0] if unsaved[0].text.strip() else ""
        body = (f"{len(unsaved)} text{'s' if len(unsaved) != 1 else ''} not saved in the database:\n"
                f"  “{first[:70]}{'…' if len(first) > 70 else ''}”\n{where}")
        from .screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._quit_confirmed = True
                self.exit()

        self.clear_notifications()  # nothing over the question
        self.push_screen(ConfirmScreen("Quit with unsaved text?", body, yes="y  quit anyway",
                                       no="n / escape  stay"), answered)

    _quit_confirmed = False

    def _flush_all(self) -> list:
        """Ask every screen to write what is being typed; what is still not on disk."""
        unsaved = []
        for screen in self.screen_stack:
            if not isinstance(screen, AppScreen):
                continue
            try:
                screen.flush()
            except Exception:  # noqa: BLE001 - quitting must not fail; the screen reported the problem
                pass
            try:
                unsaved.extend(screen.unsaved())
            except Exception:  # noqa: BLE001 - quitting must not fail: what it cannot list, it cannot ask about
                pass
        return unsaved

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification is plain text: messages and titles often quote what people typed
        (names, file names), which must never be read as markup (``markup`` is ignored). The
        sentence is the app's (English), so an Arabic name in it reads right to left in its
        place (``tui.plain.sentence``)."""
        from .plain import sentence

        super().notify(sentence(message).plain, title=sentence(title).plain, severity=severity, timeout=timeout,
                       markup=False)

    def set_bidi_mode(self, mode: str) -> None:
        """Show Arabic another way, at once on every screen, and keep it in the database for
        the next run."""
        from . import bidi

        bidi.save_mode(self.store, mode)
        self.bidi_mode = mode
        self.notify(f"Arabic display: {mode}", timeout=2)

    def watch_bidi_mode(self, mode: str) -> None:
        """The display functions follow the app's setting first; then every widget and screen
        that follows it (``tui.plain.follow``) draws again."""
        from . import bidi
        from .plain import display_changed

        bidi.set_mode(mode)
        display_changed(self)

    def action_help(self) -> None:
        """The help screen: every key of the screen on top."""
        HelpScreen = self._screen("help", "HelpScreen")
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))
