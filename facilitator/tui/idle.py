"""What the app does while the user is not pressing keys, so that no key waits for it.

Two things held the UI thread over 100 ms at 20,000 contributions (``tests/benchmarks/run.py
--only ui``; RESULTS.md, "nothing slow on the UI thread"), whatever the screen's own work:

1. **Python's full garbage collections.** Python starts one every few seconds of work, in
   whichever thread allocates next (a worker making a summary included), and it holds every
   thread meanwhile: 50-190 ms each in the app at 20,000, growing with everything the app keeps.
   In the benchmark nearly every key over 100 ms was one (the collector's longest pause during
   the key is beside each figure). So, while the app runs, :class:`IdleCollector`:

   - leaves the young generations to Python (a few ms each, they free most garbage);
   - makes the full collection when one is due (Python's own count: :data:`DUE` collections
     of the middle generation since the last full one) and the user is idle: no key, click or
     paste for :data:`IDLE` seconds, nothing they asked for still being made, the UI thread
     quiet; or, for a user who never pauses, when it is long overdue (:data:`OVERDUE`, ten
     times Python's count), so memory stays bounded;
   - puts Python's settings back as they were when the app ends.

   Nothing is switched off or frozen (``gc.freeze`` would keep a closed screen that was open at
   the moment it ran, and all it holds, alive until the app ends): the collections are the
   same ones, at other moments.

   Textual does something alike itself: it switches the collector off while it scrolls
   (``App.PAUSE_GC_ON_SCROLL``).

2. **The first opening of a screen in a run** imported its module (the review: its core and
   pydantic's models, 60-190 ms on the UI thread). :class:`WarmUp` imports every module of
   ``facilitator.tui`` in a thread once the first screen is drawn and the user has left the keys
   alone for a moment (:data:`WARM_UP_AFTER`), the way ``keymap.toml``'s check already did
   (``tui/keys.all_bindings``). Start-up itself imports nothing more
   (``tests/test_import_hygiene.py``): the first screen shows as fast as before. Nothing heavy
   is among them (no numpy, no Markdown parser, no model: those load when asked for). The
   screens' imports and the warm-up go through one lock (:func:`import_screen`), so two threads
   never import the same modules from opposite ends.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import pkgutil
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

IDLE = 0.5  # s without a key, a click or a paste: the user is reading
LOOK_EVERY = 0.25  # s: how often the app looks whether a collection is due and the user idle
QUIET_CPU = 0.1  # the UI thread busy under this share of the time since the last look: quiet
DUE = 10  # collections of the middle generation since the last full one: Python's own threshold
OVERDUE = 10 * DUE  # the user never paused: collected anyway
NEVER = 1 << 30  # Python's threshold for a full collection while the app runs: never by itself
WARM_UP_AFTER = 1.0  # s after the first screen is drawn, the user idle, the warm-up starts
# workers that are not work the user waits for: the warm-up; the database's quick_check and the
# keymap's check (the app's, group "default"); every screen's work has a group of its own
QUIET = {"warm-up", "default"}

_imports = threading.Lock()
_waited_on = 0  # work the user waits for in threads of its own (not Textual's workers)
_waited_lock = threading.Lock()


@contextlib.contextmanager
def user_waits():
    """Around work in a thread of its own whose result the user waits for (the review's
    steps): no full collection is started while it runs."""
    global _waited_on
    with _waited_lock:
        _waited_on += 1
    try:
        yield
    finally:
        with _waited_lock:
            _waited_on -= 1


def import_screen(name: str):
    """``importlib.import_module(name)``, never at the same time as the warm-up's imports."""
    with _imports:
        return importlib.import_module(name)


def work_waited_on(app) -> bool:
    """Is work the user asked for still running: a worker of a screen (not one of :data:`QUIET`),
    or work in a thread of its own inside :func:`user_waits`?"""
    from textual.worker import WorkerState

    return _waited_on > 0 or any(w.group not in QUIET and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                                 for w in app.workers)


def tui_modules() -> list[str]:
    """Every module of ``facilitator.tui`` (screens and widgets)."""
    import facilitator.tui as package

    return [info.name for info in pkgutil.walk_packages(package.__path__, prefix="facilitator.tui.")]


class IdleCollector:
    """Full garbage collections when the user is idle (see the module's docstring).

    ``touched()`` on every key, click and paste; ``look()`` every :data:`LOOK_EVERY` seconds
    (on the UI thread); ``stop()`` when the app ends.
    """

    active: IdleCollector | None = None  # one app per process sets the collector's thresholds

    def __init__(self, clock=time.monotonic, busy=lambda: False) -> None:
        self.clock = clock
        self.busy = busy  # work the user asked for is running (its result is still to be drawn)
        self.last_input = clock()
        self.saved: tuple[int, int, int] | None = None
        self.full = 0  # full collections made (idle or overdue)
        self.overdue = 0  # of which while the user was pressing keys
        self.cpu, self.looked = time.thread_time(), clock()  # the UI thread's CPU at the last look, and when
        self.was_busy = False  # work the user asked for was running at the last look
        self.at_rest = False  # the user, at the last look (see look())

    def start(self) -> bool:
        """Take over the full collections (False: another app in this process already has)."""
        if IdleCollector.active is not None:
            return False
        IdleCollector.active = self
        self.saved = gc.get_threshold()
        young, middle, _ = self.saved
        gc.set_threshold(young, middle, NEVER)
        return True

    def stop(self) -> None:
        """Python's settings as they were."""
        if IdleCollector.active is not self or self.saved is None:
            return
        gc.set_threshold(*self.saved)
        IdleCollector.active = None

    def touched(self) -> None:
        self.last_input = self.clock()

    def look(self) -> None:
        """Is the user at rest now (:attr:`at_rest`)? If so and a full collection is due, or
        if one is long overdue, make it.

        At rest: no key, click or paste for :data:`IDLE` seconds; the UI thread quiet since the
        last look (under :data:`QUIET_CPU` of its time: no result being drawn); and no work the
        user asked for running, now or at the last look (one worker hands over to the next, the
        merge to its preview's layout, through a message: a single look can fall between them).
        """
        cpu, now = time.thread_time(), self.clock()
        quiet = cpu - self.cpu < QUIET_CPU * max(now - self.looked, LOOK_EVERY)
        busy = self.busy()
        self.at_rest = now - self.last_input >= IDLE and quiet and not busy and not self.was_busy
        self.cpu, self.looked, self.was_busy = cpu, now, busy
        if IdleCollector.active is not self:
            return
        pending = gc.get_count()[2]
        if pending >= OVERDUE or (pending >= DUE and self.at_rest):
            gc.collect()
            self.full += 1
            self.overdue += not self.at_rest


class WarmUp:
    """Import every module of ``facilitator.tui`` in a thread, once, after start-up."""

    def __init__(self) -> None:
        self.started = False
        self.done = threading.Event()
        self.imported: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def run(self) -> None:
        """In a worker thread: each module under the screens' import lock, one at a time, so
        a screen the user opens meanwhile waits at most for one module."""
        try:
            for name in tui_modules():
                try:
                    import_screen(name)
                except Exception as error:  # noqa: BLE001 - a module that fails is the screen's to report when opened
                    self.failed.append((name, f"{type(error).__name__}: {error}"))
                else:
                    self.imported.append(name)
        finally:
            self.done.set()


def start(app: App) -> tuple[IdleCollector, WarmUp]:
    """The idle collector and the warm-up for ``app``, called once its first screen is drawn:
    the warm-up starts at the first look after :data:`WARM_UP_AFTER` seconds, the user idle."""
    collector, warm = IdleCollector(busy=lambda: work_waited_on(app)), WarmUp()
    if not collector.start():
        return collector, warm
    drawn = collector.clock()

    def look() -> None:
        collector.look()
        if not warm.started and collector.at_rest and collector.clock() - drawn >= WARM_UP_AFTER:
            warm.started = True
            app.run_worker(warm.run, thread=True, exit_on_error=False, name="warm-up", group="warm-up")

    app.set_interval(LOOK_EVERY, look, name="idle")
    return collector, warm


__all__ = ["DUE", "IDLE", "OVERDUE", "IdleCollector", "WarmUp", "import_screen", "start", "tui_modules", "user_waits",
           "work_waited_on"]
