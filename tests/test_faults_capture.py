"""A full disk while the rapporteur is capturing: told at once, nothing already saved is lost,
the unsaved text stays in the composer, and saving works again when space returns.

The disk fills through SQLite's own page limit on the app's connection, which fails exactly as a
full file system does (SQLITE_FULL); everything else is the real app under the Pilot.
"""

from __future__ import annotations

import pytest

from facilitator.tui.app import FacilitatorApp

capture = pytest.importorskip("facilitator.tui.screens.capture")
composer_mod = pytest.importorskip("facilitator.tui.widgets.composer")

LONG = "Les parlementaires du Sahel demandent un contrôle réel des budgets de défense. " * 200
NO_LIMIT = 1073741823


def _live_texts(store, sid):
    return [c.text for c in store.contributions(sid)]


async def test_disk_full_while_capturing(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    told: list[tuple[str, str | None]] = []
    real_notify = app.notify

    def notify(message, *args, **kwargs):
        told.append((str(message), kwargs.get("severity")))
        return real_notify(message, *args, **kwargs)

    app.notify = notify
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, capture.CaptureScreen)
        composer = screen.query_one(composer_mod.Composer)
        await pilot.press("ctrl+f")  # the floor speaks
        await pilot.pause()
        composer.focus()
        composer.insert("Saved before the disk filled.")
        await pilot.press("enter")
        await pilot.pause()
        assert _live_texts(store, sahel) == ["Saved before the disk filled."]
        assert composer.text == ""

        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
        composer.insert(LONG)
        await pilot.press("enter")
        await pilot.pause()
        assert composer.text == LONG  # the unsaved text is kept where it was typed
        assert any("disk is full" in message and severity == "error" for message, severity in told), told
        assert _live_texts(store, sahel) == ["Saved before the disk filled."]  # nothing lost

        store.conn.execute(f"PRAGMA max_page_count = {NO_LIMIT}")  # space returns
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert composer.text == ""
        assert _live_texts(store, sahel) == ["Saved before the disk filled.", LONG.strip()]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
