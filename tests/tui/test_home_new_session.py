"""Starting a session from the home screen, from an agenda file in sessions/."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.capture import CaptureScreen
from facilitator.tui.screens.home import agenda_files


def test_the_bundled_agendas_are_offered():
    names = [p.name for p in agenda_files()]
    assert "sahel-security-2023.md" in names and "sahel-security-2023.ar.md" in names
    assert "README.md" not in names


async def test_new_session_from_an_agenda_lands_on_capture(store):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).insert_text_at_cursor("sahel 2023.ar")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        (session,) = store.sessions()
        assert session.language == "ar"
        assert app.screen.session_id == session.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#sessions").option_count == 1


async def test_a_broken_agenda_is_refused_with_its_line(store, tmp_path, db_path):
    from tests.conftest import db_fingerprint

    bad = tmp_path / "broken.md"
    bad.write_text("# A panel\n\n- Date: 2023-13-45\n\n## Guiding questions\n\n1. Why?\n", encoding="utf-8")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = db_fingerprint(db_path)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).insert_text_at_cursor(str(bad))
        await pilot.press("enter")
        await pilot.pause()
        assert any(f"{bad}:3" in n.message for n in app._notifications)
        assert store.sessions() == []
        assert db_fingerprint(db_path) == before
