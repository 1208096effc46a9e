"""Full-text search on a real SQLite file: Arabic and French normalisation, sync, filters."""

from __future__ import annotations

import sqlite3

import pytest

from facilitator.core.dbinfo import SCHEMA_VERSION
from facilitator.core import search as search_mod
from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn
from facilitator.core.search import search, snippet
from facilitator.core.store import Store

from .conftest import SAHEL_AR


def add(store, sid, text, *, q=1, speaker=None):
    pid = store.participant_by_name(speaker) if speaker else None
    return store.add_contribution(
        ContributionIn(session_id=sid, question_id=store.question_id(sid, q), participant_id=pid, text=text)
    )


@pytest.fixture
def arabic(store):
    session, text = load_agenda(SAHEL_AR)
    return store.create_session(session, agenda_text=text)


def test_arabic_search_ignores_harakat_tatweel_and_alef_forms(store, arabic):
    c1 = add(store, arabic, "كَتَبَ البرلمانُ قانونًا جديدًا", speaker="ليلى")
    c2 = add(store, arabic, "إنّ الأمن أولوية", q=2)
    c3 = add(store, arabic, "الأمـــن الغذائي", q=3)
    assert [h.id for h in search(store, "كتب")] == [c1.id]
    assert [h.id for h in search(store, "كَتَبَ")] == [c1.id]
    assert {h.id for h in search(store, "امن")} == {c2.id, c3.id}  # الأمن, الأمـــن
    assert [h.id for h in search(store, "ان")] == [c2.id]  # إنّ
    hit = search(store, "كتب")[0]
    assert hit.text == "كَتَبَ البرلمانُ قانونًا جديدًا"  # the stored text, unchanged
    assert [hit.text[a:b] for a, b in hit.spans] == ["كَتَبَ"]
    assert hit.speaker == "ليلى" and hit.question_position == 1 and hit.ref == "Q1-001"


def test_french_search_ignores_accents_and_case(store, sahel):
    c1 = add(store, sahel, "La sécurité des écoles au Sahel est prioritaire.", speaker="Aminata")
    c2 = add(store, sahel, "Renforcer la SÉCURITÉ alimentaire", q=2)
    add(store, sahel, "Budget oversight matters", q=3)
    assert {h.id for h in search(store, "securite")} == {c1.id, c2.id}
    assert {h.id for h in search(store, "Écoles")} == {c1.id}
    assert {h.id for h in search(store, "ECOLE")} == {c1.id}  # beginning of a word
    assert search(store, "sécurité alimentaire")[0].id == c2.id
    assert [h.id for h in search(store, '"securite alimentaire"')] == [c2.id]


def test_stored_text_is_never_changed(store, sahel, db_path):
    c = add(store, sahel, "L'économie, ـ كَتَبَ")
    raw = sqlite3.connect(db_path).execute("SELECT text FROM contribution WHERE id = ?", (c.id,)).fetchone()[0]
    assert raw == "L'économie, ـ كَتَبَ"


def test_index_follows_edits_deletes_and_restores(store, sahel):
    c = add(store, sahel, "early warning systems")
    assert [h.id for h in search(store, "warning")] == [c.id]
    store.edit_contribution(c.id, "community radio")
    assert search(store, "warning") == []
    assert [h.id for h in search(store, "radio")] == [c.id]
    store.delete_contribution(c.id)
    assert search(store, "radio") == []
    store.restore_contribution(c.id)
    assert [h.id for h in search(store, "radio")] == [c.id]
    store.conn.execute("DELETE FROM contribution WHERE id = ?", (c.id,))
    assert search(store, "radio") == []
    assert store.conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] == 0


def test_search_across_sessions_and_within_one(store, sahel, arabic):
    a = add(store, sahel, "Sahel resilience fund")
    b = add(store, arabic, "Sahel resilience in Arabic session")
    assert {h.session_id for h in search(store, "resilience")} == {sahel, arabic}
    assert [h.id for h in search(store, "resilience", session_id=sahel)] == [a.id]
    assert [h.id for h in search(store, "resilience", session_id=arabic)] == [b.id]


def test_recommendations_are_searched_too(store, sahel):
    store.conn.execute(
        "INSERT INTO recommendation (id, session_id, seq, text, created_at, updated_at)"
        " VALUES ('r1', ?, 1, 'Créer un fonds régional', 'x', 'x')",
        (sahel,),
    )
    add(store, sahel, "fonds pour les communes")
    hits = search(store, "fonds")
    assert {h.kind for h in hits} == {"contribution", "recommendation"}
    rec = next(h for h in hits if h.kind == "recommendation")
    assert rec.ref == "R-001" and rec.speaker is None
    assert [h.kind for h in search(store, "regional")] == ["recommendation"]
    assert search(store, "fonds", kinds=("contribution",))[0].kind == "contribution"


def test_queries_people_type_are_never_syntax_errors(store, sahel):
    add(store, sahel, "AND OR NOT near(x) * \"quoted\"")
    for q in ['"', "AND", "OR NOT", "near(", "*", "a:b", "-x", "^", '"unterminated', "(", "))"]:
        search(store, q)  # no exception
    assert search(store, "") == []
    assert len(search(store, "near")) == 1


def test_an_existing_version_1_database_is_backfilled(tmp_path):
    """A database written before m002 gets its existing text indexed on first open."""
    path = tmp_path / "old.db"
    store = Store.open(path)
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    add(store, sid, "الأمـن أولاً")
    # Make it look like a version-1 file: drop what m002 made and forget that it ran.
    with store.write() as conn:
        for trig in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER contribution_search_{trig}")
            conn.execute(f"DROP TRIGGER recommendation_search_{trig}")
        conn.execute("DROP TABLE search_fts")
        conn.execute("DROP TABLE search_doc")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_search_index'")
    store.conn.execute("PRAGMA user_version = 1")
    store.close()
    again = Store.open(path)
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [h.text for h in search(again, "امن")] == ["الأمـن أولاً"]
    finally:
        again.close()


def test_rebuild_index(store, sahel):
    add(store, sahel, "one text")
    add(store, sahel, "two texts")
    store.conn.execute("DELETE FROM search_fts")
    assert search(store, "text") == []
    assert search_mod.rebuild_index(store) == 2
    assert len(search(store, "text")) == 2


def test_snippet_centres_the_match_and_shifts_spans():
    text = "word " * 40 + "sécurité " + "word " * 40
    start = text.index("sécurité")
    out, spans = snippet(text, [(start, start + 8)], width=40)
    assert len(out) <= 40
    assert out.startswith("…") and out.endswith("…")
    assert [out[a:b] for a, b in spans] == ["sécurité"]
    short, spans = snippet("short\ntext", [(0, 5)], width=40)
    assert short == "short text" and spans == [(0, 5)]


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_any_query_is_safe(store, query):
    search(store, query)  # never an FTS5 syntax error, whatever is typed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from("كتبالمدرسةأإآـَُِّْ "), min_size=2, max_size=20))
def test_a_stored_arabic_word_is_found_by_its_bare_form(store, sahel, text):
    from facilitator.core import textnorm

    words = textnorm.tokens(text)
    if not words:
        return
    c = store.add_contribution(ContributionIn(session_id=sahel, text=text))
    try:
        assert c.id in {h.id for h in search(store, words[0], session_id=sahel)}
    finally:
        store.conn.execute("DELETE FROM contribution WHERE id = ?", (c.id,))


def test_insert_or_replace_keeps_the_index_right(store, sahel):
    c = add(store, sahel, "first words")
    with store.write() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO contribution (id, session_id, seq, text, created_at, updated_at)"
            " VALUES (?, ?, 99, 'second words', 'x', 'x')",
            (c.id, sahel),
        )
    assert search(store, "first") == []
    assert [h.id for h in search(store, "second")] == [c.id]
