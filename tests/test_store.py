"""The store on a real SQLite file in a temporary folder."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from facilitator.core import schema
from facilitator.core.errors import (
    Ambiguous,
    CorruptDatabase,
    ForeignDatabase,
    NewerSchema,
    NotFound,
    WriteFailed,
)
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.store import Store

DOMAIN_TABLES = {
    "series", "session", "question", "participant", "contribution", "draft", "question_visit",
    "cluster", "cluster_member", "recommendation", "recommendation_support", "revision",
    "embedding", "setting",
}


def test_migrations_from_empty_create_the_whole_domain(store):
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert DOMAIN_TABLES <= tables
    applied = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == [
        "m001_initial", "m002_search_index", "m003_kept_unclustered", "m004_live_contributions_index",
        "m005_session_room", "m006_turns_panel_flags", "m007_participant_aliases", "m008_area_lenses",
        "m009_followup_activities", "m010_cluster_parent", "m011_drafts_per_window", "m012_change_counts"]
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_reopening_applies_nothing_twice(db_path, store):
    store.close()
    again = Store.open(db_path)
    assert [r[0] for r in again.conn.execute("SELECT name FROM _sqlite_migrations")] == [
        "m001_initial", "m002_search_index", "m003_kept_unclustered", "m004_live_contributions_index",
        "m005_session_room", "m006_turns_panel_flags", "m007_participant_aliases", "m008_area_lenses",
        "m009_followup_activities", "m010_cluster_parent", "m011_drafts_per_window", "m012_change_counts"]
    again.close()


def test_pragmas_wal_full_sync_foreign_keys_busy_timeout(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_foreign_keys_are_enforced(store):
    with pytest.raises(WriteFailed):
        store.add_contribution(ContributionIn(session_id="no-such-session", text="hello"))
    assert store.conn.execute("SELECT count(*) FROM contribution").fetchone()[0] == 0


def test_file_is_private_to_its_owner(db_path, store):
    mode = stat.S_IMODE(os.stat(db_path).st_mode)
    assert mode == 0o600


def test_second_connection_sees_committed_data(db_path, store, sahel):
    qid = store.question_id(sahel, 1)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="Budgets need oversight."))
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("SELECT text FROM contribution WHERE id = ?", (c.id,)).fetchone() == ("Budgets need oversight.",)
    finally:
        other.close()


def test_contribution_refs_are_per_session_serials(store, sahel):
    q3 = store.question_id(sahel, 3)
    a = store.add_contribution(ContributionIn(session_id=sahel, question_id=q3, text="one"))
    b = store.add_contribution(ContributionIn(session_id=sahel, question_id=q3, text="two"))
    assert (a.ref, b.ref) == ("Q3-001", "Q3-002")
    moved = store.move_contribution(a.id, store.question_id(sahel, 5))
    assert moved.ref == "Q5-001"
    assert store.move_contribution(a.id, None).ref == "Q?-001"


def test_edit_keeps_every_earlier_text(store, sahel):
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 1), text="frist"))
    store.edit_contribution(c.id, "first")
    store.edit_contribution(c.id, "first, really")
    assert store.contribution(c.id).text == "first, really"
    assert [r.text for r in store.revisions("contribution", c.id)] == ["frist", "first"]


def test_delete_is_soft_and_undoable(store, sahel):
    qid = store.question_id(sahel, 2)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="to be deleted"))
    store.delete_contribution(c.id)
    assert store.contributions(sahel, question_id=qid) == []
    assert store.session(sahel).contribution_count == 0
    store.restore_contribution(c.id)
    assert [x.id for x in store.contributions(sahel, question_id=qid)] == [c.id]


def test_text_is_cleaned_and_empty_text_refused(store, sahel):
    c = store.add_contribution(ContributionIn(session_id=sahel, text="  a\r\nb\x07 "))
    assert c.text == "a\nb"
    with pytest.raises(ValueError):
        ContributionIn(session_id=sahel, text=" \x07 ")


def test_language_is_guessed_when_not_given(store, sahel):
    ar = store.add_contribution(ContributionIn(session_id=sahel, text="يجب تعزيز الرقابة البرلمانية"))
    fr = store.add_contribution(ContributionIn(session_id=sahel, text="Les parlements doivent contrôler le budget de la défense"))
    en = store.add_contribution(ContributionIn(session_id=sahel, text="The parliaments must control the defence budget"))
    assert (ar.lang, fr.lang, en.lang) == ("ar", "fr", "en")


def test_resolve_session_by_prefix(store, sahel):
    assert store.resolve_session(sahel[:6]) == sahel
    assert store.resolve_session(sahel.upper()) == sahel
    with pytest.raises(NotFound):
        store.resolve_session("zzzz")
    other = store.create_session(store_session_copy(store, sahel))
    common = os.path.commonprefix([sahel, other])
    if common:
        with pytest.raises(Ambiguous):
            store.resolve_session(common)


def store_session_copy(store, sid):
    from facilitator.core.agenda import load_agenda
    from tests.conftest import SAHEL_AR

    return load_agenda(SAHEL_AR)[0]


def test_participants_by_name_are_reused_and_created(store):
    a = store.participant_by_name("Amina Diallo", group="Parliament")
    assert store.participant_by_name("amina diallo") == a
    assert store.participant(a).stakeholder_group == "Parliament"
    store.add_participant(ParticipantIn(name="Amina Diallo"))
    with pytest.raises(Ambiguous):
        store.participant_by_name("Amina Diallo")


def test_draft_autosave_round_trip(store, sahel):
    from facilitator.core.drafts import CAPTURE, Draft, mine

    def draft(window: str, text: str, **kw) -> Draft:
        return Draft(window_id=window, place=CAPTURE, scope=sahel, session_id=sahel, text=text, **kw)

    store.save_draft(draft("w1", "half a sentence", question_id=store.question_id(sahel, 4)))
    assert mine(store.conn, "w1", CAPTURE, sahel).text == "half a sentence"
    store.save_draft(draft("w1", "half a sentence, now whole"))
    store.save_draft(draft("w2", "another window's words"))
    assert mine(store.conn, "w1", CAPTURE, sahel).text == "half a sentence, now whole"
    store.save_draft(draft("w1", "   "))  # emptied in one window: the other's is untouched
    assert mine(store.conn, "w1", CAPTURE, sahel) is None
    assert mine(store.conn, "w2", CAPTURE, sahel).text == "another window's words"


def test_write_failure_rolls_back_and_says_so(store, sahel):
    qid = store.question_id(sahel, 1)
    with pytest.raises(WriteFailed):
        with store.write() as conn:
            conn.execute(
                "INSERT INTO contribution (id, session_id, question_id, seq, text, created_at, updated_at)"
                " VALUES ('x', ?, ?, 1, 'kept?', 'now', 'now')",
                (sahel, qid),
            )
            conn.execute("INSERT INTO contribution (id) VALUES (NULL)")  # violates NOT NULL
    assert store.conn.execute("SELECT count(*) FROM contribution").fetchone()[0] == 0


def test_disk_full_is_reported_and_nothing_lost(store, sahel):
    qid = store.question_id(sahel, 1)
    saved = store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="saved before"))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(WriteFailed, match="disk is full"):
        for _ in range(200):
            store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="x" * 4000))
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.contribution(saved.id).text == "saved before"
    store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="space is back"))


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "content, error, words",
    [
        (b"", CorruptDatabase, "empty"),
        (os.urandom(4096), CorruptDatabase, "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 20, CorruptDatabase, "truncated"),
    ],
    ids=["empty", "random-bytes", "truncated"],  # the same names in every process (pytest-xdist)
)
def test_bad_files_are_refused_untouched(tmp_path, content, error, words):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(error, match=words):
        Store.open(path)
    assert _digest(path) == before
    assert str(path) in str(pytest.raises(error, Store.open, path).value)


def test_another_applications_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(ForeignDatabase, match="another application"):
        Store.open(path)
    assert _digest(path) == before

    marked = tmp_path / "marked.db"
    conn = sqlite3.connect(marked)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignDatabase):
        Store.open(marked)


def test_newer_schema_is_refused_untouched(db_path, store):
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(NewerSchema, match="newer version"):
        Store.open(db_path)
    assert _digest(db_path) == before


def test_a_database_of_the_previous_version_is_upgraded_in_place(db_path, sahel, store):
    """A file written before m003 (schema 2) opens: the missing migrations run, data stays."""
    from facilitator.core.models import ContributionIn

    store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 1), text="kept"))
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DROP TABLE kept_unclustered")
        conn.execute("DROP INDEX contribution_live")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m003_kept_unclustered', 'm004_live_contributions_index')")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    again = Store.open(db_path)
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 12
        plan = again.conn.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM contribution WHERE session_id = ?"
                                  " AND deleted_at IS NULL", (sahel,)).fetchall()
        assert "COVERING INDEX contribution_live" in str(plan)
        assert again.conn.execute("SELECT count(*) FROM kept_unclustered").fetchone()[0] == 0
        assert [c.text for c in again.contributions(sahel)] == ["kept"]
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        again.close()


def test_a_version_10_database_with_drafts_is_upgraded_and_its_drafts_offered(tmp_path):
    """A file of the last version before drafts per window (10: main before this branch) holds a
    capture draft (the one row of its session) and a follow-up form's draft (``followup_draft``):
    both come through m011 as drafts of no running window, so the next window offers them."""
    from sqlite_utils import Database

    from facilitator.core import drafts

    path = tmp_path / "v10.db"
    conn = sqlite3.connect(path)
    schema.migrations.apply(Database(conn, execute_plugins=False), stop_before="m011_drafts_per_window")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 10")
    with conn:
        conn.execute("INSERT INTO session (id, title, date, created_at, updated_at) VALUES "
                     "('s1', 'Sahel', '2023-03-11', 'x', 'x')")
        conn.execute("INSERT INTO draft (session_id, text, started_at, updated_at) VALUES "
                     "('s1', 'half a sentence', NULL, '2023-03-11T09:00:00.000Z')")
        conn.execute("INSERT INTO followup_draft (key, fields, updated_at) VALUES "
                     "('update:a1', '{\"text\": \"hearing held\", \"date\": \"2024-06-30\"}', "
                     "'2024-06-30T09:00:00.000Z')")
    conn.close()
    with Store.open(path) as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 12
        (capture,) = drafts.left_behind(again.conn, drafts.CAPTURE, "s1")
        assert (capture.text, capture.session_id) == ("half a sentence", "s1")
        (form,) = drafts.left_behind(again.conn, drafts.FOLLOWUP, "update:a1")
        assert form.data["fields"] == {"text": "hearing held", "date": "2024-06-30"} and form.text == "hearing held"
        assert not again.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'followup_draft'").fetchone()
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
