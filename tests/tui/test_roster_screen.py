"""The roster screen: add, edit, import a CSV file; the capture screen sees the changes."""

from __future__ import annotations

from textual.widgets import Checkbox, Input

from facilitator.core.models import ParticipantIn
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.capture import CaptureScreen
from facilitator.tui.screens.roster import ParticipantTable, RosterScreen


async def test_add_edit_and_import_from_the_capture_screen(store, sahel, tmp_path):
    store.add_participant(ParticipantIn(name="Amina Diallo"))
    csv = tmp_path / "panel.csv"
    csv.write_text("name,organization,group\nJean Dupont,ACLED,Civil society\nAmina Diallo,,Parliament\n", encoding="utf-8")
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        assert roster.query_one(ParticipantTable).row_count == 1

        # add someone
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#f-name", Input).value = "Moussa Traoré"
        app.screen.query_one("#f-stakeholder_group", Input).value = "Security sector"
        app.screen.query_one("#f-youth", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        moussa = store.participant(store.find_participants("Moussa Traoré")[0])
        assert (moussa.stakeholder_group, moussa.youth) == ("Security sector", True)

        # an empty name is refused with a message, nothing written
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Name" in str(app.screen.query_one("#form-hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(store.participants()) == 2

        # edit the selected one (the table is sorted by name: Amina first)
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.screen.query_one("#f-name", Input).value == "Amina Diallo"
        app.screen.query_one("#f-country", Input).value = "Niger"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.participant(store.find_participants("Amina Diallo")[0]).country == "Niger"

        # import a CSV file by typing its path
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).insert_text_at_cursor(str(csv))
        await pilot.press("enter")
        await pilot.pause()
        people = {p.name: p for p in store.participants()}
        assert set(people) == {"Amina Diallo", "Jean Dupont", "Moussa Traoré"}
        assert people["Amina Diallo"].stakeholder_group == "Parliament"
        assert roster.query_one(ParticipantTable).row_count == 3

        # back on the capture screen, the new names can be picked
        await pilot.press("escape")
        await pilot.pause()
        capture = app.screen
        assert isinstance(capture, CaptureScreen)
        assert "Jean Dupont" in {p.name for p in capture.participants.values()}


async def test_a_bad_csv_file_is_reported_with_its_line(store, sahel, tmp_path, db_path):
    from tests.conftest import db_fingerprint

    bad = tmp_path / "bad.csv"
    bad.write_text("name,youth\nAmina,perhaps\n", encoding="utf-8")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = db_fingerprint(db_path)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).insert_text_at_cursor(str(bad))
        await pilot.press("enter")
        await pilot.pause()
        assert any(f"{bad}:2: youth must be yes or no" in n.message for n in app._notifications)
        assert db_fingerprint(db_path) == before
