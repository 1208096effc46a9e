"""``facilitator search`` on a real database file."""

from __future__ import annotations

import json

from facilitator.core.models import ContributionIn

from .conftest import db_fingerprint


def _add(store, sid, text, q=1, speaker=None):
    pid = store.participant_by_name(speaker, group="Parliament") if speaker else None
    store.add_contribution(
        ContributionIn(session_id=sid, question_id=store.question_id(sid, q), participant_id=pid, text=text)
    )


def test_search_prints_session_question_speaker_and_text(run_cli, store, sahel):
    _add(store, sahel, "La sécurité des écoles d'abord.", q=3, speaker="Aminata Diallo")
    _add(store, sahel, "Nothing to see here", q=2)
    status, out, err = run_cli("search", "securite")
    assert status == 0, err
    assert "Mitigating the impact" in out
    assert "Q3-001" in out and "Aminata Diallo (Parliament)" in out
    assert "Q3: How can parliamentary oversight" in out
    assert "> La sécurité des écoles d'abord." in out
    assert out.rstrip().endswith("1 match")


def test_search_json_and_session_filter(run_cli, store, sahel):
    _add(store, sahel, "كَتَبَ البرلمانُ", q=1, speaker="ليلى")
    status, out, _ = run_cli("search", "كتب", "--json", "--session", sahel[:12])
    assert status == 0
    data = json.loads(out)
    assert len(data) == 1
    hit = data[0]
    assert hit["text"] == "كَتَبَ البرلمانُ"
    assert hit["ref"] == "Q1-001" and hit["speaker"] == "ليلى" and hit["session_id"] == sahel
    assert hit["question"] == 1 and hit["kind"] == "contribution"
    assert [hit["text"][a:b] for a, b in hit["matches"]] == ["كَتَبَ"]


def test_search_no_match_and_errors(run_cli, store, sahel, db_path):
    store.close()
    before = db_fingerprint(db_path)
    status, out, _ = run_cli("search", "nothing")
    assert status == 0 and "No matches" in out
    status, out, _ = run_cli("search", "nothing", "--json")
    assert status == 0 and json.loads(out) == []
    status, _, err = run_cli("search", "x", "--session", "zzzz")
    assert status == 2 and "no session matches" in err
    status, _, err = run_cli("search", "x", "--limit", "0")
    assert status == 2
    assert db_fingerprint(db_path) == before


def test_search_without_a_database_says_so(run_cli, tmp_path):
    status, _, err = run_cli("search", "x", db=tmp_path / "none.db")
    assert status == 2 and "no such database" in err
    assert not (tmp_path / "none.db").exists()


def test_reindex_and_empty_query(run_cli, store, sahel):
    _add(store, sahel, "early warning")
    with store.write() as conn:
        conn.execute("DELETE FROM search_fts")
    status, out, _ = run_cli("search", "warning", "--json")
    assert json.loads(out) == []
    status, out, err = run_cli("search", "--reindex")
    assert status == 0 and "rebuilt: 1 text" in out
    status, out, _ = run_cli("search", "warning", "--json")
    assert len(json.loads(out)) == 1
    status, _, err = run_cli("search")
    assert status == 2 and "nothing to search for" in err


def test_arabic_agenda_end_to_end(run_cli, db_path):
    """The Arabic agenda: create the session, record Arabic, find it with and without harakat."""
    import sqlite3

    from .conftest import SAHEL_AR

    status, out, err = run_cli("new", SAHEL_AR)
    assert status == 0, err
    sid = out.strip().splitlines()[-1].split()[-1]
    text = "يَجِبُ تعزيزُ الرّقابة البرلمانيّة (Q3) على القوّات المسلّحة"
    status, _, err = run_cli("add", sid, "--question", "3", "--speaker", "ليلى حسن", text)
    assert status == 0, err
    for query in ("الرقابة", "رقابه", "يجب", "المسلحة"):
        status, out, _ = run_cli("search", query, "--json")
        data = json.loads(out)
        assert [d["text"] for d in data] == [text], query
        assert data[0]["question"] == 3 and data[0]["speaker"] == "ليلى حسن"
        assert "كيف يمكن تحسين الرقابة البرلمانية" in data[0]["question_text"]
    raw = sqlite3.connect(db_path).execute("SELECT text FROM contribution").fetchone()[0]
    assert raw == text  # stored in logical order, harakat and all
