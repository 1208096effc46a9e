"""Nothing slow on the UI thread (issue 22, finding 6): what takes long with 20,000 contributions
(the review's steps, the overview's figures, a search, a summary and its preview) runs in a
worker thread, a search waits for typing to pause, and a closed dialog does not make the review
read its board again. How long each takes is measured in tests/benchmarks/run.py (section ui),
never here: these tests check where the work runs."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import Input

from facilitator.core.review import Review
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.review.nodes import ClusterNode, ContributionNode

from . import test_review
from .test_review import open_review, settle

panel = test_review.panel  # the review tests' fixture


def recording(monkeypatch, owner, name: str, *also) -> list[str]:
    """Replace ``owner.name`` (and ``name`` in the modules ``also`` that imported it) by the
    same function noting the thread each call runs in."""
    threads: list[str] = []
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    for where in (owner, *also):
        if hasattr(where, name):
            monkeypatch.setattr(where, name, wrapper)
    return threads


async def test_review_steps_run_off_the_ui_thread_and_dialogs_closed_read_nothing(store, panel, monkeypatch):
    from facilitator.core.review.curation import Curation

    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    ideas = [c.id for c in review.contributions()]
    kid = review.new_cluster("Investigations", ideas[:3])
    parks = recording(monkeypatch, Curation, "park")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert screen.tree.goto(ContributionNode(ideas[1], kid))
        await pilot.press("p")
        await settle(pilot)
        assert parks and threading.main_thread().name not in parks
        assert store.query("SELECT count(*) AS n FROM cluster WHERE parked = 1")[0]["n"] == 1
        # a dialog opened and closed without a change: the board is not read again
        assert screen.tree.goto(ClusterNode(kid))
        readings = screen.requests
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.requests == readings


async def test_the_overview_reads_its_figures_in_a_worker(store, sahel, monkeypatch):
    from facilitator.core import stats

    threads = recording(monkeypatch, stats, "overview")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_overview(sahel)
        await pilot.pause()
        for _ in range(200):
            if getattr(app.screen, "figures", None) is not None:
                break
            await asyncio.sleep(0.02)
        assert app.screen.figures is not None
        assert threads and threading.main_thread().name not in threads


async def test_search_waits_for_typing_to_pause_and_runs_in_a_worker(store, sahel, monkeypatch):
    from facilitator.core import search
    from facilitator.tui.screens import search as search_screen

    from .test_search_screen import add, open_search

    add(store, sahel, 1, "Parliaments must own the security budget.")
    threads = recording(monkeypatch, search, "search", search_screen)
    # the pilot's keys come one after the other as fast as the app takes them: on a loaded
    # machine (the parallel suite) more than 0.15 s apart, each a pause of typing; a longer
    # pause here keeps "typed faster than the pause" true there too (without the wait: 8)
    monkeypatch.setattr(search_screen, "DEBOUNCE", 1.0)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, app)
        threads.clear()
        await pilot.press(*"security")  # eight keys typed faster than the pause
        for _ in range(300):
            await pilot.pause()
            settled = getattr(screen, "settled", None)
            if (settled is None or settled.is_set()) and screen.hits:
                break
            await asyncio.sleep(0.02)
        assert len(screen.hits) == 1
        assert 1 <= len(threads) <= 2 and threading.main_thread().name not in threads


async def test_the_export_preview_is_laid_out_in_the_worker_not_mounted_on_the_ui_thread(store, tmp_path, monkeypatch):
    import importlib

    from textual.widgets import Markdown

    from facilitator.core import export
    from tests.golden.builders import build_sahel

    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    made = recording(monkeypatch, export, "export_session")
    try:
        preview = importlib.import_module("facilitator.tui.preview")
    except ImportError:  # (before the preview was laid out in the worker)
        laid = []
    else:
        laid = recording(monkeypatch, preview, "render")
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_export(sid)
        for _ in range(500):
            await pilot.pause()
            if getattr(app.screen, "preview_text", None) is not None:
                break
            await asyncio.sleep(0.02)
        screen = app.screen
        assert screen.preview_text is not None
        assert not list(screen.query(Markdown))  # no widget per block mounted on the UI thread
        assert made and laid and threading.main_thread().name not in made + laid
        # the file name offered follows the options, from the worker too
        assert screen.query_one("#export-path", Input).value.endswith(".md")
