"""Other spellings of a participant's name on the roster (participant.aliases): imported from the
roster CSV, edited on the roster screen, kept by the store, and withheld by an anonymous export
like the name itself (issue 20, finding 4)."""

from __future__ import annotations

import json
import sqlite3

from textual.widgets import Input

from facilitator.core import schema
from facilitator.core.export import export_document
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp


def test_the_roster_csv_carries_other_spellings(run_cli, store, tmp_path):
    csv = tmp_path / "panel.csv"
    csv.write_text("name,group,aliases\nAminata Traoré,Parliament,أميناتا تراوري | Mimi T. | Aminata Traoré\n"
                   "Jean Dupont,Civil society,\n", encoding="utf-8")
    status, _out, err = run_cli("roster", "--import", csv)
    assert status == 0, err
    people = {p.name: p for p in store.participants()}
    assert people["Aminata Traoré"].aliases == ["أميناتا تراوري", "Mimi T."]  # the name itself is not repeated
    assert people["Jean Dupont"].aliases == []
    status, out, _err = run_cli("roster")
    assert "Aminata Traoré  (Parliament)  also written: أميناتا تراوري | Mimi T." in out
    status, out, _err = run_cli("roster", "--json")
    assert {p["name"]: p["aliases"] for p in json.loads(out)}["Aminata Traoré"] == ["أميناتا تراوري", "Mimi T."]
    # importing again with an empty cell erases nothing; a new list replaces the old one
    csv.write_text("nom;autres graphies\nAminata Traoré;\n", encoding="utf-8")
    assert run_cli("roster", "--import", csv)[0] == 0
    assert store.participant(store.find_participants("Aminata Traoré")[0]).aliases == ["أميناتا تراوري", "Mimi T."]
    csv.write_text("name,aka\nAminata Traoré,Tata\n", encoding="utf-8")
    assert run_cli("roster", "--import", csv)[0] == 0
    assert store.participant(store.find_participants("Aminata Traoré")[0]).aliases == ["Tata"]


def test_an_alias_too_long_is_refused_with_its_line(run_cli, store, tmp_path):
    csv = tmp_path / "panel.csv"
    csv.write_text("name,aliases\nAminata Traoré,ok\nMoussa Keïta," + "x" * 300 + "\n", encoding="utf-8")
    status, _out, err = run_cli("roster", "--import", csv)
    assert status == 2 and "panel.csv:3" in err and "aliases" in err and "longer than 200 characters" in err
    assert store.participants() == []


def test_an_anonymous_export_withholds_every_other_spelling(store, sahel):
    """A nickname no rule can guess is on the roster: it is withheld, in every format."""
    who = store.add_participant(ParticipantIn(name="Aminata Traoré", stakeholder_group="Parliament",
                                              aliases=["Mimi Tee", "la Doyenne"]))
    store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 1), participant_id=who,
                                          text="As Mimi Tee said, and la Doyenne agreed, the budget must be public."))
    from facilitator.core.summary.formats import document_text

    for fmt in ("md", "html", "docx"):
        text = "\n".join(document_text(export_document(store, sahel, fmt, anonymous=True), fmt))
        assert "Mimi" not in text and "Doyenne" not in text, fmt
        assert "the budget must be public" in text


def test_a_database_of_schema_6_gets_the_column(db_path, sahel, store):
    store.add_participant(ParticipantIn(name="Jean Dupont"))
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("ALTER TABLE participant DROP COLUMN aliases")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_participant_aliases'")
    conn.execute("PRAGMA user_version = 6")
    conn.close()
    again = Store.open(db_path)
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        (p,) = again.participants()
        assert p.name == "Jean Dupont" and p.aliases == []
    finally:
        again.close()


async def test_the_roster_screen_edits_other_spellings(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#f-name", Input).value = "Moussa Touré"
        app.screen.query_one("#f-aliases", Input).value = "موسى توري | Papa Moussa"
        await pilot.press("ctrl+s")
        await pilot.pause()
        pid = store.find_participants("Moussa Touré")[0]
        assert store.participant(pid).aliases == ["موسى توري", "Papa Moussa"]
        # edited: shown between |, changed, kept
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#f-aliases", Input)
        assert field.value == "موسى توري | Papa Moussa"
        field.value = "Papa Moussa"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.participant(pid).aliases == ["Papa Moussa"]
