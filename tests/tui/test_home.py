"""The home screen, driven by the Pilot on a real database."""

from __future__ import annotations

from facilitator.tui.widgets.session_list import SessionList

from facilitator.tui.app import FacilitatorApp


async def test_home_lists_sessions_and_opens_one(store, sahel):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(SessionList)
        assert table.option_count == 1
        assert "Mitigating the impact" in str(table.get_option_at_index(0).prompt)
        assert table.selected_id == sahel
        await pilot.press("enter")
        await pilot.pause()
        assert getattr(app.screen, "session_id", None) == sahel


async def test_home_on_an_empty_database_says_how_to_start(store):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(SessionList).option_count == 0
        assert "facilitator new" in str(app.screen.query_one("#empty-hint").render())


async def test_the_columns_line_up_at_any_width_and_arabic_titles_read_right_to_left(store, monkeypatch):
    from facilitator.core.agenda import load_agenda
    from facilitator.tui import bidi
    from facilitator.tui.widgets.session_list import SessionListHeader
    from tests.conftest import SAHEL_AR

    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(var, raising=False)
    session, text = load_agenda(SAHEL_AR)
    store.create_session(session, agenda_text=text)
    for width in (80, 120, 200):
        app = FacilitatorApp(store=store)
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            header = str(app.screen.query_one(SessionListHeader).render())
            row = str(app.screen.query_one(SessionList).get_option_at_index(0).prompt)
            assert len(header) == len(row) == width - 2  # both fill the line inside the padding
            assert header.index("Questions") + len("Questions") == row.index("14") + 2  # right-aligned together
            assert header.endswith("Contributions") and row.endswith("0")
            title = row[12:]
            assert bidi.active() and "التخفيف" not in title  # reordered and shaped for display
            assert session.title not in title
        bidi.set_mode("auto")
