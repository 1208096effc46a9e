"""Area and lens are data (issue 20, finding 1): the agenda says which series and area a meeting
belongs to and which lenses apply; a recommendation and a theme carry lenses, set from the review,
the command line and the Markdown, and they survive export, import and merge."""

from __future__ import annotations

import json

import pytest

from facilitator.core.agenda import create_session, load_agenda, parse_agenda
from facilitator.core.errors import AgendaError, FacilitatorError
from facilitator.core.export import export_session
from facilitator.core.importer import import_text
from facilitator.core.merge import merge_texts
from facilitator.core.models import ContributionIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from tests.conftest import SAHEL_AR
from tests.golden.builders import SAHEL_EN
from tests.test_export import lint


def test_the_agenda_names_series_area_lenses_and_purpose():
    en, _ = load_agenda(SAHEL_EN)
    ar, _ = load_agenda(SAHEL_AR)
    assert en.area == "security" and en.lenses == ["human", "state", "regional"]
    assert ar.lenses == ["human", "state", "regional"]  # الإنسانية، الحكومية، الإقليمية
    assert en.purpose.startswith("Recommendations on security")
    fr = parse_agenda("# Réunion\n\n- Date: 2023-03-11\n- Domaine: Éducation\n- Optiques: humaine, régionale\n\n"
                      "## Questions\n\n1. Quoi ?\n")
    assert fr.area == "Éducation" and fr.lenses == ["human", "regional"]
    with pytest.raises(AgendaError, match="Area, Lenses, Purpose"):
        parse_agenda("# T\n\n- Date: 2023-03-11\n- Colour: red\n\n## Questions\n\n1. Q?\n")


def _session(store) -> tuple[str, str, str]:
    session, text = load_agenda(SAHEL_EN)
    sid = create_session(store, session, agenda_text=text).id
    q1 = store.question_id(sid, 1)
    c = store.add_contribution(ContributionIn(session_id=sid, question_id=q1, text="Vote the budget line by line."))
    review = Review(store, sid, q1)
    kid = review.new_cluster("Budget oversight", [c.id])
    rid = review.add_recommendation("Publish the security budget.", cluster_id=kid, status="agreed")
    return sid, kid, rid


def test_lenses_are_set_in_the_review_and_go_round_trip(store, tmp_path):
    sid, kid, rid = _session(store)
    review = Review(store, sid)
    review.set_lenses(rid, ["human", "État"])
    review.set_cluster_lenses(kid, ["regional"])
    with pytest.raises(FacilitatorError, match="unknown lens"):
        review.set_lenses(rid, ["cosmic"])
    text = export_session(store, sid)
    assert "- Area: Security" in text and "- Lenses: human, state, regional" in text
    assert "· lens: human, state ·" not in text and "**R-001 · agreed · lens: human, state**" in text
    assert "\nLens: regional\n" in text
    assert lint(text) == []
    # undo takes the lens back off; the history keeps it
    review.undo()
    review.undo()
    assert "lens:" not in export_session(store, sid).split("## Overview")[0]
    review.redo()
    review.redo()
    assert export_session(store, sid) == text

    other = Store.open(tmp_path / "other.db")
    try:
        import_text(other, text, "s.md")
        assert export_session(other, sid) == text
        # a hand edit of the lens in the Markdown (in French words) is applied on import
        edited = text.replace("lens: human, state", "optique : régionale")
        import_text(other, edited, "s.md")
        row = other.conn.execute("SELECT lenses FROM recommendation WHERE id = ?", (rid,)).fetchone()
        assert json.loads(row[0]) == ["regional"]
    finally:
        other.close()
    # a merge keeps them
    merged = merge_texts([("a.md", text)]).text
    assert "lens: human, state" in merged and "\nLens: regional\n" in merged


def test_a_lens_step_is_named_by_what_it_changed(store):
    """Undo and redo say what a step did (the review's notice too): a change of lenses alone is
    named by the lenses, on a recommendation and on a theme."""
    sid, kid, rid = _session(store)
    review = Review(store, sid)
    review.set_lenses(rid, ["human", "État"])
    assert review.undo_label == "R-001 lenses none → human, state"
    review.set_cluster_lenses(kid, ["regional"])
    assert review.undo_label == "C-001 “Budget oversight” lenses none → regional"
    review.set_lenses(rid, [])
    assert review.undo_label == "R-001 lenses human, state → none"
    assert review.undo() == "R-001 lenses human, state → none"


def test_the_lens_command(store, run_cli, db_path):
    sid, _kid, _rid = _session(store)
    status, out, err = run_cli("lens", sid, "R-1", "human", "regional")
    assert status == 0, err
    assert out.startswith("R-001  human, regional")
    status, out, err = run_cli("lens", sid, "--json")
    rows = json.loads(out)
    assert rows[0]["ref"] == "R-001" and rows[0]["lenses"] == ["human", "regional"]
    status, out, err = run_cli("lens", sid, "C-001", "state")
    status, out, err = run_cli("lens", sid, "R-001", "--clear")
    assert status == 0 and "state (its theme's)" in out
    status, _out, err = run_cli("lens", sid, "R-009", "human")
    assert status == 2 and "no recommendation R-009" in err
