"""Text that cannot be saved is never only in memory: the real app under the Pilot, with the
database file changed under it (its ``-wal`` deleted, the file replaced) or every write failing.
The save is refused, the text stays in the composer and goes to the rescue file, and quitting
asks first."""

from __future__ import annotations

import os

import pytest

from facilitator.core import rescue
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.capture import CaptureScreen
from facilitator.tui.screens.confirm import ConfirmScreen
from facilitator.tui.widgets.composer import Composer

from ..conftest import typed_text
from .test_capture import open_capture, rows, settle

NO_LIMIT = 1073741823


def _notes(app) -> list[str]:
    return [n.message for n in app._notifications]  # read what the user was told


async def _save(pilot, composer: Composer, text: str) -> None:
    composer.focus()
    composer.insert(text)
    await pilot.press("enter")
    await pilot.pause()


async def _first_save(pilot, app) -> tuple[CaptureScreen, Composer]:
    screen = await open_capture(pilot, app)
    composer = screen.query_one(Composer)
    await pilot.press("ctrl+f")  # the floor speaks
    await pilot.pause()
    await _save(pilot, composer, "Saved while all was well.")
    assert composer.text == ""
    return screen, composer


def _wal_deleted(db_path, _tmp):
    os.unlink(f"{db_path}-wal")


def _db_replaced(db_path, tmp):
    other = tmp / "other.db"
    Store.open(other).close()
    os.replace(other, db_path)



@pytest.mark.parametrize("change", [_wal_deleted, _db_replaced], ids=["wal-deleted", "db-replaced"])
async def test_a_changed_file_refuses_the_save_and_the_text_is_rescued(store, sahel, db_path, tmp_path, change):
    app = FacilitatorApp(store=store, session_id=sahel)
    text = "Les communautés frontalières demandent des patrouilles conjointes."
    async with app.run_test(size=(100, 30)) as pilot:
        screen, composer = await _first_save(pilot, app)
        change(db_path, tmp_path)
        await _save(pilot, composer, text)
        assert composer.text == text  # the text is kept where it was typed
        assert "NOT SAVED" in str(composer.border_subtitle)
        told = " ".join(_notes(app))
        assert "Not saved" in told and "rescue file" in told, told
        kept = rescue.default_path().read_text(encoding="utf-8")
        assert text in kept
        assert "Saved while all was well." in kept  # what this window saved, in case it was lost
        assert f"({sahel})" in kept and "Q1 " in kept and "Floor" in kept
        # quitting asks first, and staying keeps everything on screen
        await pilot.press("ctrl+q")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen) and composer.text == text
        await pilot.press("ctrl+q")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert rescue.default_path().read_text(encoding="utf-8").count(text) == 1  # copied once


async def test_quitting_while_every_save_fails_asks_and_rescues(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    text = "يجب تعزيز التعاون الإقليمي في تبادل المعلومات"
    async with app.run_test(size=(100, 30)) as pilot:
        screen, composer = await _first_save(pilot, app)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # every write now fails: disk full
        composer.insert(text + " " + "x" * 20000)
        await settle(pilot, lambda: screen._draft_error, timeout=10)  # autosave tried
        await pilot.press("ctrl+q")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen), "quitting with unsaved text must ask"
        assert text in rescue.default_path().read_text(encoding="utf-8")
        await pilot.press("y")
        await pilot.pause()
    store.conn.execute(f"PRAGMA max_page_count = {NO_LIMIT}")
    assert rows(store, sahel) == [(1, None, "Saved while all was well.")]


async def test_a_save_reported_failed_that_reached_the_disk_is_shown_saved_once(store, sahel, db_path):
    """A write can reach the disk although an error was reported (an fsync that failed after
    the commit record was written): the contribution keeps its id across attempts, so the app
    finds it and shows it saved, never twice."""
    from facilitator.core.errors import WriteFailed

    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, composer = await _first_save(pilot, app)
        real_add = store.add_contribution
        attempts = []

        def fail_once(item, *, contribution_id=None):
            attempts.append((item, contribution_id))
            if len(attempts) == 1:
                raise WriteFailed("simulated: the disk reported an error")
            return real_add(item, contribution_id=contribution_id)

        store.add_contribution = fail_once
        await _save(pilot, composer, "Only once, please.")
        assert composer.text == "Only once, please."  # reported failed: kept
        # ...but it did reach the disk (found there once the journal was read again)
        item, cid = attempts[0]
        with Store.open(db_path) as other:
            other.add_contribution(item, contribution_id=cid)
        await pilot.press("enter")  # the rapporteur tries again
        await pilot.pause()
        assert composer.text == ""  # found on disk under its id: shown saved
        assert [t for _, _, t in rows(store, sahel)].count("Only once, please.") == 1
        await _save(pilot, composer, "The next one gets a new id.")
        ids = [cid for _, cid in attempts]
        assert ids[0] == ids[1] and ids[2] != ids[0] and None not in ids


async def test_a_healthy_quit_does_not_ask(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, composer = await _first_save(pilot, app)
        composer.insert("half a sentence")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not rescue.default_path().exists()
    assert typed_text(store, sahel) == "half a sentence"  # it is offered next time
