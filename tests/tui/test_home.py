"""The home screen, driven by the Pilot on a real database."""

from __future__ import annotations

from textual.widgets import DataTable

from facilitator.tui.app import FacilitatorApp


async def test_home_lists_sessions_and_opens_one(store, sahel):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert "Mitigating the impact" in str(table.get_row_at(0)[1])
        await pilot.press("enter")
        await pilot.pause()
        assert getattr(app.screen, "session_id", None) == sahel


async def test_home_on_an_empty_database_says_how_to_start(store):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        assert "facilitator new" in str(app.screen.query_one("#empty-hint").render())
