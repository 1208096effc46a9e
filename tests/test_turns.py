"""Speaking turns, the panel, participants deleted and merged, undo of entry changes: the core
under the capture screen (issue 12)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import people, turns
from facilitator.core.agenda import create_session, load_agenda
from facilitator.core.entry_history import EntryHistory
from facilitator.core.errors import FacilitatorError
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.store import Store

from .conftest import SAHEL_EN

UTC = dt.timezone.utc


def iso(ms: int) -> str:
    return turns.to_iso(dt.datetime(2023, 3, 11, tzinfo=UTC) + dt.timedelta(milliseconds=ms))


def row(cid: str, created: int, turn: str | None = None, started: int | None = None, seq: int = 0) -> dict:
    return dict(id=cid, turn_id=turn, seq=seq, created_at=iso(created), started_at=iso(started) if started is not None else None)


def test_a_turn_is_credited_whole_to_its_contributions():
    span = {"t": (turns.ms(iso(0)), turns.ms(iso(300_000)))}
    got = turns.credits([row("a", 100_000, "t", seq=1), row("b", 250_000, "t", seq=2)], span)
    assert got == {"a": 100_000, "b": 200_000}  # the second gets the rest of the turn
    # an open turn counts to its last save; a contribution outside turns from its start
    open_span = {"t": (turns.ms(iso(0)), None)}
    assert turns.credits([row("a", 100_000, "t")], open_span) == {"a": 100_000}
    assert turns.credits([row("c", 50_000, None, started=20_000), row("d", 60_000)], {}) == {"c": 30_000, "d": None}


@given(st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=12),
       st.integers(min_value=0, max_value=10_000_000))
def test_the_credits_of_a_turn_add_up_to_the_turn(saves, tail):
    start = 0
    end = max(saves) + tail
    rows = [row(f"c{i}", s, "t", seq=i) for i, s in enumerate(saves)]
    got = turns.credits(rows, {"t": (turns.ms(iso(start)), turns.ms(iso(end)))})
    assert sum(got.values()) == turns.ms(iso(end)) - turns.ms(iso(start))
    assert all(v >= 0 for v in got.values())


def test_live_turns_keep_the_floor_and_end_on_a_pause(store, sahel):
    q1 = store.question_id(sahel, 1)
    live = turns.LiveTurns(sahel)
    t = dt.datetime(2023, 3, 11, 14, 40, tzinfo=UTC)
    first = live.begin(None, q1, t)
    assert live.begin(None, q1, t + dt.timedelta(seconds=30)) is first  # the same speaker keeps the turn
    live.end(t + dt.timedelta(seconds=90))
    assert live.open_turn() is None
    with store.write() as conn:
        live.write(conn)
    live.written()
    assert store.query("SELECT started_at, ended_at FROM turn") == [
        {"started_at": "2023-03-11T14:40:00.000Z", "ended_at": "2023-03-11T14:41:30.000Z"}]


def test_a_turn_left_open_by_a_killed_window_ends_at_its_last_save(store, sahel):
    q1 = store.question_id(sahel, 1)
    live = turns.LiveTurns(sahel)
    live.begin(None, q1, dt.datetime(2020, 1, 1, tzinfo=UTC))
    with store.write() as conn:
        live.write(conn)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="x", turn_id=live.current.id))
    turns.close_stale(store, sahel)
    assert store.query("SELECT ended_at FROM turn")[0]["ended_at"] == c.created_at


def test_the_panel_is_recorded_in_the_agenda_order(store):
    session, text = load_agenda(SAHEL_EN)
    sid = create_session(store, session, agenda_text=text).id
    names = [store.participant(pid).name for pid in people.panel(store, sid)]
    assert names == [p.name for p in session.panel] and len(names) == 9
    # a second session of the same agenda: the same people, a panel of its own
    again = create_session(store, session, agenda_text=text).id
    assert people.panel(store, again) == people.panel(store, sid)
    pid = people.panel(store, sid)[0]
    assert people.toggle_panelist(store, sid, pid) is False
    assert people.panel(store, sid)[-1] != pid and len(people.panel(store, sid)) == 8


def test_delete_and_merge_of_participants_with_undo(store, sahel):
    junk = store.add_participant(ParticipantIn(name="jpl"))
    typo = store.add_participant(ParticipantIn(name="Aminata Toure"))
    real = store.add_participant(ParticipantIn(name="Aminata Touré", stakeholder_group="Parliament"))
    people.set_panel(store, sahel, [typo])
    c = store.add_contribution(ContributionIn(session_id=sahel, participant_id=typo, text="said"))
    d = store.add_contribution(ContributionIn(session_id=sahel, participant_id=typo, text="deleted"))
    store.delete_contribution(d.id)

    step = people.delete_participant(store, junk)
    assert store.find_participants("jpl") == []
    people.undo(store, step)
    assert store.participant(junk).name == "jpl"
    with pytest.raises(FacilitatorError, match="1 contribution \\(1 deleted\\)"):
        people.delete_participant(store, typo)

    step = people.merge_participants(store, typo, real)
    assert {store.contribution(x).participant_id for x in (c.id, d.id)} == {real}
    assert people.panel(store, sahel) == [real]
    assert store.find_participants("Aminata Toure") == []
    people.undo(store, step)
    assert {store.contribution(x).participant_id for x in (c.id, d.id)} == {typo}
    assert people.panel(store, sahel) == [typo]
    people.redo(store, step)
    assert store.contribution(c.id).participant_id == real


def test_entry_history_undoes_and_redoes_every_change(store, sahel):
    q1, q2 = store.question_id(sahel, 1), store.question_id(sahel, 2)
    a = store.add_participant(ParticipantIn(name="A"))
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="first"))
    h = EntryHistory(store)
    c = h.move(c, q2)
    c = h.edit(c, "first, fixed")
    c = h.speaker(c, a)
    c = h.flag(c, True)
    c = h.delete(c)
    assert (c.question_id, c.text, c.participant_id, c.proposed, bool(c.deleted_at)) == (q2, "first, fixed", a, True, True)
    for _ in range(5):
        h.undo()
    c = store.contribution(c.id)
    assert (c.question_id, c.text, c.participant_id, c.proposed, c.deleted_at) == (q1, "first", None, False, None)
    assert h.undo() is None
    for _ in range(5):
        h.redo()
    c = store.contribution(c.id)
    assert (c.question_id, c.text, c.participant_id, c.proposed, bool(c.deleted_at)) == (q2, "first, fixed", a, True, True)


def test_a_version_5_database_is_upgraded(db_path, sahel, store):
    store.add_contribution(ContributionIn(session_id=sahel, text="kept"))
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DROP TABLE turn")
        conn.execute("DROP TABLE panelist")
        conn.execute("DROP INDEX contribution_turn")
        for col in ("turn_id", "proposed"):
            conn.execute(f"ALTER TABLE contribution DROP COLUMN {col}")
        conn.execute("ALTER TABLE draft DROP COLUMN edit_text")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_turns_panel_flags'")
    conn.execute("PRAGMA user_version = 5")
    conn.close()
    again = Store.open(db_path)
    try:
        from facilitator.core import schema

        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION  # 6 and later ones
        (c,) = again.contributions(sahel)
        assert (c.text, c.turn_id, c.proposed) == ("kept", None, False)
        assert again.conn.execute("SELECT count(*) FROM turn").fetchone()[0] == 0
    finally:
        again.close()


def test_the_export_carries_turns_flags_and_the_panel_through_import(store, tmp_path):
    from facilitator.core.export import export_session
    from facilitator.core.importer import import_file

    session, text = load_agenda(SAHEL_EN)
    sid = create_session(store, session, agenda_text=text).id
    ids = people.panel(store, sid)
    q1 = store.question_id(sid, 1)
    live = turns.LiveTurns(sid)
    t = dt.datetime(2023, 3, 11, 14, 40, tzinfo=UTC)
    live.begin(ids[0], q1, t)
    with store.write() as conn:
        live.write(conn)
    c = store.add_contribution(ContributionIn(session_id=sid, question_id=q1, participant_id=ids[0], text="one",
                                              turn_id=live.current.id))
    store.set_proposed(c.id, True)
    live.end(dt.datetime.fromisoformat(c.created_at.replace("Z", "+00:00")) + dt.timedelta(seconds=7))
    with store.write() as conn:
        live.write(conn)
    md = export_session(store, sid)
    assert "proposed=1" in md and "spoke=" in md and "panel=1" in md
    assert "proposed as a recommendation" in md
    path = tmp_path / "record.md"
    path.write_text(md, encoding="utf-8")
    other = Store.open(tmp_path / "other.db")
    try:
        (new,) = import_file(other, path).sessions
        assert export_session(other, new) == md  # the same bytes: turns, flag and panel came along
        assert people.panel(other, new) == [ids[0]]
    finally:
        other.close()
