"""The review screen, driven by the Pilot on a real database; assertions on the database."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from facilitator.core.review import Review
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.review import ReviewScreen
from facilitator.tui.screens.review.nodes import (
    ClusterNode,
    ContributionNode,
    ProposalNode,
    ProposedNode,
    RecommendationNode,
    StandaloneNode,
)

from ..test_review_support import by_text, fill, tables_state

METHOD = "char-tfidf"


async def settle(pilot, timeout: float = 30) -> None:
    """Let the app handle what was pressed, then wait until the review shows the board it asked
    for last (its BoardLoaded message handled): the board is read in a worker thread."""
    await pilot.pause()
    review = next((s for s in reversed(pilot.app.screen_stack) if isinstance(s, ReviewScreen)), None)
    if review is not None:
        await asyncio.wait_for(review.board_shown.wait(), timeout)
        await pilot.pause()


@pytest.fixture
def panel(store, sahel, tmp_path):
    fill(store, sahel, tmp_path=tmp_path)
    return sahel


async def open_review(app, pilot, session_id, question_id) -> ReviewScreen:
    app.open_review(session_id, question_id)
    await settle(pilot)
    screen = next((s for s in reversed(app.screen_stack) if isinstance(s, ReviewScreen)), app.screen)
    assert isinstance(screen, ReviewScreen)
    screen.method = METHOD  # the built-in method: same on every install
    return screen


async def type_text(pilot, text: str) -> None:
    keys = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "'": "apostrophe"}
    await pilot.press(*[keys.get(ch, ch) for ch in text])


def clusters(store, session_id):
    return store.query(
        "SELECT id, seq, label, origin, curated, parked FROM cluster WHERE session_id = ? AND deleted_at IS NULL ORDER BY seq",
        (session_id,),
    )


def members_of(store, cluster_id):
    return {r[0] for r in store.conn.execute("SELECT contribution_id FROM cluster_member WHERE cluster_id = ?", (cluster_id,))}


async def test_suggest_accept_all_rename_merge_split_move(store, panel, db_path):
    q3 = store.question_id(panel, 3)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert clusters(store, panel) == []

        # ask for suggestions: a proposal, nothing stored yet
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert screen.proposal is not None and screen.proposal.clusters
        assert screen.tree.cursor_node.data == ProposedNode(0)
        assert clusters(store, panel) == []
        n = len(screen.proposal.clusters)

        # accept all
        await pilot.press("A")
        await settle(pilot)
        stored = clusters(store, panel)
        assert len(stored) == n and {c["origin"] for c in stored} == {"suggested"}
        assert screen.proposal is None
        first, second = stored[0], stored[1]
        assert screen.tree.cursor_node.data == ClusterNode(first["id"])

        # rename the first
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one(Input).value == first["label"]
        await type_text(pilot, "Investigations")
        await pilot.press("enter")
        await settle(pilot)
        row = store.query("SELECT label, curated FROM cluster WHERE id = ?", (first["id"],))[0]
        assert row == {"label": "Investigations", "curated": 1}

        # merge the second into the first (the picker lists the first on top)
        second_members = members_of(store, second["id"])
        assert screen.tree.goto(ClusterNode(second["id"]))
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert store.query("SELECT deleted_at FROM cluster WHERE id = ?", (second["id"],))[0]["deleted_at"]
        assert second_members <= members_of(store, first["id"])

        # split two contributions off the first: mark them with space, then s
        board = screen.review.board()
        a, b = board.cluster(first["id"]).members[1:3]
        assert screen.tree.goto(ContributionNode(a.id, first["id"]))
        await pilot.press("space", "down", "space")  # space marks, the cursor stays
        await settle(pilot)
        assert screen.marks == [a.id, b.id]
        await pilot.press("s")
        await settle(pilot)
        await type_text(pilot, "Split")
        await pilot.press("enter")
        await settle(pilot)
        new = store.query("SELECT id, origin, curated FROM cluster WHERE label = 'Split'")[0]
        assert new["origin"] == "manual" and new["curated"] == 1
        assert members_of(store, new["id"]) == {a.id, b.id}
        assert screen.marks == []

        # move the floor's question into the new cluster
        floor = by_text(store, panel, "Could the slides")
        assert screen.tree.goto(ContributionNode(floor, None)) or screen.tree.goto(
            ContributionNode(floor, next(c["id"] for c in clusters(store, panel) if floor in members_of(store, c["id"])))
        )
        await pilot.press("m")
        await settle(pilot)
        await type_text(pilot, "split")
        await pilot.press("enter")
        await settle(pilot)
        assert floor in members_of(store, new["id"])
        origin = store.conn.execute("SELECT origin FROM cluster_member WHERE contribution_id = ?", (floor,)).fetchone()[0]
        assert origin == "manual"

        # ctrl+z undoes the move exactly, ctrl+y does it again
        before_move = None
        state_after = tables_state(db_path)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert floor not in members_of(store, new["id"])
        before_move = tables_state(db_path)
        assert before_move != state_after
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert tables_state(db_path) == state_after

        # suggesting and accepting again keeps every curated cluster as it is
        curated = {c["id"]: members_of(store, c["id"]) for c in clusters(store, panel) if c["curated"]}
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await settle(pilot)
        if screen.proposal is not None:
            await pilot.press("A")
            await settle(pilot)
        for kid, ids in curated.items():
            assert members_of(store, kid) == ids
        assert store.query("SELECT label FROM cluster WHERE id = ?", (first["id"],))[0]["label"] == "Investigations"


async def test_G_offers_the_two_best_numbers_and_an_uncertain_proposal_says_so(store, panel):
    from dataclasses import replace

    from facilitator.tui.screens.review.dialogs import ReviewPrompt

    q2 = store.question_id(panel, 2)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q2)
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await settle(pilot)
        proposal = screen.proposal
        assert proposal is not None and len(proposal.k_best) == 2
        # the engine was unsure: the proposal's overview says so, with both numbers
        screen.proposal = replace(proposal, k_uncertain=True)
        assert "uncertain" in screen.proposal.k_note
        assert all(str(k) in screen.proposal.k_note for k in proposal.k_best)
        assert screen.tree.goto(ProposalNode())
        screen.show_detail()
        detail = str(screen.query_one("#review-detail").render())
        assert "uncertain" in detail
        await pilot.press("G")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, ReviewPrompt)
        assert all(str(k) in prompt.title_text for k in proposal.k_best)
        assert prompt.query_one(Input).value == str(proposal.k_best[1])  # the other one, ready
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert screen.proposal is not None and screen.proposal.k_best == ()  # asked for a number
        assert len(screen.proposal.clusters) <= proposal.k_best[1]


async def test_accept_one_by_one_and_discard(store, panel):
    q2 = store.question_id(panel, 2)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q2)
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await settle(pilot)
        proposal = screen.proposal
        assert proposal is not None and len(proposal.clusters) >= 2
        await pilot.press("a")
        await settle(pilot)
        stored = clusters(store, panel)
        assert len(stored) == 1
        assert members_of(store, stored[0]["id"]) == set(proposal.clusters[0].member_ids)
        assert screen.tree.cursor_node.data == ProposedNode(1)  # on to the next suggestion
        await pilot.press("x")
        await settle(pilot)
        assert screen.proposal is None
        assert len(clusters(store, panel)) == 1


async def test_write_a_recommendation_status_rank_history_and_undo(store, panel, db_path):
    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Training in humanitarian law", ids[6:9])
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("w")
        await settle(pilot)
        assert screen.editing and screen.editor.has_focus
        assert screen.editor.text == review.starting_draft(kid) != ""
        await pilot.press("f7")  # select all: what is typed replaces the starting draft
        await type_text(pilot, "Train soldiers")
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editing
        rec = store.query("SELECT * FROM recommendation WHERE session_id = ?", (panel,))
        assert len(rec) == 1
        rid = rec[0]["id"]
        assert rec[0]["text"] == "Train soldiers" and rec[0]["cluster_id"] == kid
        assert rec[0]["status"] == "draft"
        support = {r[0] for r in store.conn.execute("SELECT contribution_id FROM recommendation_support WHERE recommendation_id = ?", (rid,))}
        assert support == set(ids[6:9])
        assert screen.tree.cursor_node.data == RecommendationNode(rid)

        # status: draft -> reviewed -> agreed
        await pilot.press("t")
        await settle(pilot)
        assert store.query("SELECT status FROM recommendation WHERE id = ?", (rid,))[0]["status"] == "reviewed"
        await pilot.press("t")
        await settle(pilot)
        assert store.query("SELECT status FROM recommendation WHERE id = ?", (rid,))[0]["status"] == "agreed"

        # rank and addressed to
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        await pilot.press("at")
        await settle(pilot)
        await type_text(pilot, "Gov")
        await pilot.press("right", "enter")  # the suggestion completes it
        await settle(pilot)
        row = store.query("SELECT rank, addressed_to FROM recommendation WHERE id = ?", (rid,))[0]
        assert row == {"rank": 2, "addressed_to": "Governments"}

        # edit the text: the earlier one is kept as a revision
        await pilot.press("w")
        await settle(pilot)
        await type_text(pilot, " now")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.editing  # ctrl+s saves and stays
        await pilot.press("escape")
        await settle(pilot)
        text = store.query("SELECT text FROM recommendation WHERE id = ?", (rid,))[0]["text"]
        assert text == "Train soldiers now"
        revisions = store.query(
            "SELECT text, meta FROM revision WHERE entity = 'recommendation' AND entity_id = ? ORDER BY id", (rid,)
        )
        assert revisions[-1]["text"] == "Train soldiers"
        assert '"status": "agreed"' in revisions[-1]["meta"] and '"rank": 2' in revisions[-1]["meta"]

        # bring the earlier text back from the history (newest first: the one before the edit)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert store.query("SELECT text FROM recommendation WHERE id = ?", (rid,))[0]["text"] == "Train soldiers"

        # and ctrl+z undoes that restore exactly
        before = tables_state(db_path)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.query("SELECT text FROM recommendation WHERE id = ?", (rid,))[0]["text"] == text
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert tables_state(db_path) == before


async def test_w_offers_a_starting_draft_saved_only_when_the_facilitator_saves(store, panel):
    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    contributions = review.contributions()
    ids = [c.id for c in contributions]
    kid = review.new_cluster("Training", ids[6:9])
    texts = {c.id: c.text for c in contributions}
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("w")
        await settle(pilot)
        draft = screen.editor.text
        assert draft and draft in {texts[i] for i in ids[6:9]} | {review.starting_draft(kid)}
        assert draft == review.starting_draft(kid)
        hint = str(screen.query_one("#review-editor-hint").render())
        assert "starting draft" in hint and "not saved" in hint
        # leaving it untouched stores nothing
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editing
        assert store.query("SELECT id FROM recommendation WHERE session_id = ?", (panel,)) == []
        # ctrl+s stores it as it is, as a draft
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        [rec] = store.query("SELECT text, status, cluster_id FROM recommendation WHERE session_id = ?", (panel,))
        assert (rec["text"], rec["status"], rec["cluster_id"]) == (draft, "draft", kid)
        assert "starting draft" not in str(screen.query_one("#review-editor-hint").render())
        await pilot.press("escape")
        await settle(pilot)


async def test_park_noise_delete_and_coverage_line(store, panel):
    q1 = store.question_id(panel, 1)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q1)
        coverage = str(screen.query_one("#review-coverage").render())
        assert "12 ideas" in coverage and "no cluster 12" in coverage
        floor = by_text(store, panel, "Can the interpretation")
        assert screen.tree.goto(ContributionNode(floor, None))
        await pilot.press("p")
        await settle(pilot)
        noise = store.query("SELECT id, label, parked FROM cluster WHERE parked = 1")
        assert len(noise) == 1 and members_of(store, noise[0]["id"]) == {floor}
        assert "noise 1" in str(screen.query_one("#review-coverage").render())
        # a new cluster from the contribution under the cursor, then deleted, then undone
        first = screen.review.board().unclustered[0].id
        assert screen.tree.goto(ContributionNode(first, None))
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Account")
        await pilot.press("enter")
        await settle(pilot)
        kid = store.query("SELECT id FROM cluster WHERE label = 'Account'")[0]["id"]
        assert members_of(store, kid) == {first}
        assert screen.tree.cursor_node.data == ClusterNode(kid)
        await pilot.press("delete")
        await settle(pilot)
        assert store.query("SELECT deleted_at FROM cluster WHERE id = ?", (kid,))[0]["deleted_at"]
        assert members_of(store, kid) == set()
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.query("SELECT deleted_at FROM cluster WHERE id = ?", (kid,))[0]["deleted_at"] is None
        assert members_of(store, kid) == {first}


async def test_single_group_warning_scope_keys_palette_and_back(store, panel):
    q1 = store.question_id(panel, 1)
    review = Review(store, panel, q1)
    kid = review.new_cluster("Accountability", [by_text(store, panel, "Parliaments must hold"), by_text(store, panel, "Les parlements doivent")])
    review.add_recommendation("Hold the executive to account.", cluster_id=kid)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        screen = await open_review(app, pilot, panel, q1)
        assert "one group only: R-001 (Parliament)" in str(screen.query_one("#review-warnings").render())
        titles = [t for t, _, _ in screen.palette_commands()]
        assert "Suggest clusters" in titles and "Review: question 14" in titles
        await pilot.press("f1")  # every key of the screen, on the help screen
        await settle(pilot)
        from textual.widgets import DataTable

        keys = app.screen.query_one(DataTable)
        rows = [tuple(str(c).replace("\n", " ") for c in keys.get_row_at(i)) for i in range(keys.row_count)]
        assert ("Review", "M", "merge the cluster into another one") in rows
        assert any(r[:2] == ("Clusters", "space") and r[2].startswith("mark the idea") for r in rows)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("f5")  # question 1 -> the whole session
        await settle(pilot)
        assert screen.question_id is None
        assert "whole session" in str(screen.query_one("#review-title").render())
        await pilot.press("f6", "f6")
        await settle(pilot)
        assert screen.question_id == store.question_id(panel, 2)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home



def _snapshot_app(store, panel):
    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    ids = [c.id for c in review.contributions()]
    a = review.new_cluster("Independent investigation of civilian harm", ids[0:3])
    review.new_cluster("Training in humanitarian law", ids[6:9])
    review.new_cluster("Complaints and compensation", ids[9:11])
    review.park([ids[11]])
    rid = review.add_recommendation(
        "Parliaments should require an independent, public investigation of every civilian casualty.",
        cluster_id=a, addressed_to="Parliaments",
    )
    review.update_recommendation(rid, status="reviewed", rank=1)
    app = FacilitatorApp(store=store)

    async def run_before(pilot) -> None:
        await settle(pilot)
        app.open_review(panel, q3)
        await settle(pilot)
        await settle(pilot)

    return app, run_before


def test_snapshot_review_80x24(store, panel, snap_compare):
    app, run_before = _snapshot_app(store, panel)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_review_120x40(store, panel, snap_compare):
    app, run_before = _snapshot_app(store, panel)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_typed_recommendation_text_is_never_lost(store, panel):
    q4 = store.question_id(panel, 4)
    review = Review(store, panel, q4)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Donor coordination", ids[3:6])
    other = review.new_cluster("Youth and jobs", ids[6:10])
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q4)
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("w")
        await pilot.press("f7")  # over the starting draft
        await type_text(pilot, "Coordinate aid")
        await pilot.press("tab")  # leaving the editor saves
        await settle(pilot)
        rows = store.query("SELECT id, text FROM recommendation WHERE cluster_id = ?", (kid,))
        assert [r["text"] for r in rows] == ["Coordinate aid"]
        # writing for another cluster while the first text is open saves the first one too
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("w")
        await type_text(pilot, " better")
        assert screen.tree.goto(ClusterNode(other))
        screen.tree.focus()
        await pilot.press("w")
        await pilot.press("f7")
        await type_text(pilot, "Jobs")
        await settle(pilot)
        assert store.query("SELECT text FROM recommendation WHERE cluster_id = ?", (kid,))[0]["text"] == "Coordinate aid better"
        # quitting while writing keeps the text
        await app.action_quit()
    assert store.query("SELECT text FROM recommendation WHERE cluster_id = ?", (other,))[0]["text"] == "Jobs"


async def test_a_large_session_opens_groups_on_demand(store, sahel):
    from facilitator.core.models import ContributionIn

    from ..test_review_support import ROWS

    q5 = store.question_id(sahel, 5)
    store.add_contributions(
        [ContributionIn(session_id=sahel, question_id=q5, text=f"{ROWS[i % len(ROWS)][3]} ({i})") for i in range(450)]
    )
    review = Review(store, sahel, q5)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("First fifty", ids[:50])
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, sahel, q5)
        node = screen.tree.find(ClusterNode(kid))
        assert node is not None and not node.is_expanded and not node.children  # filled when opened
        assert screen.tree.goto(ContributionNode(ids[10], kid))  # opens what holds it
        assert screen.tree.find(ClusterNode(kid)).is_expanded
        await pilot.press("space", "o")
        await settle(pilot)
        assert ids[10] not in {r[0] for r in store.conn.execute("SELECT contribution_id FROM cluster_member")}
        assert ids[11] in {r[0] for r in store.conn.execute("SELECT contribution_id FROM cluster_member")}


async def test_standalone_recommendation_from_marked_ideas_delete_and_undo(store, panel):
    q13 = store.question_id(panel, 13)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q13)
        first, second = [c.id for c in screen.review.board().unclustered[:2]]
        assert screen.tree.goto(ContributionNode(first, None))
        await pilot.press("insert", "insert")  # marks the first two ideas (insert: and goes down)
        assert screen.tree.goto(StandaloneNode())
        await pilot.press("w")
        await type_text(pilot, "Fund local peace committees")
        await pilot.press("escape")
        await settle(pilot)
        rec = store.query("SELECT id, cluster_id, text FROM recommendation")[0]
        assert rec["cluster_id"] is None and rec["text"] == "Fund local peace committees"
        support = {r[0] for r in store.conn.execute("SELECT contribution_id FROM recommendation_support")}
        assert support == {first, second}
        assert screen.tree.cursor_node.data == RecommendationNode(rec["id"])
        await pilot.press("delete")
        await settle(pilot)
        assert store.query("SELECT deleted_at FROM recommendation")[0]["deleted_at"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.query("SELECT deleted_at FROM recommendation")[0]["deleted_at"] is None


async def test_undo_survives_leaving_the_review_and_coming_back(store, panel):
    q4 = store.question_id(panel, 4)
    review = Review(store, panel, q4)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Donor coordination", ids[3:6])
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q4)
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one(Input).value = ""
        await type_text(pilot, "Aid")
        await pilot.press("enter")
        await settle(pilot)
        assert store.query("SELECT label FROM cluster WHERE id = ?", (kid,))[0]["label"] == "Aid"
        await pilot.press("escape")  # out of the review
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        await open_review(app, pilot, panel, q4)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.query("SELECT label FROM cluster WHERE id = ?", (kid,))[0]["label"] == "Donor coordination"


async def test_key_hints_show_the_active_keys_also_remapped(store, panel):
    q1 = store.question_id(panel, 1)
    review = Review(store, panel, q1)
    kid = review.new_cluster("Accountability", [c.id for c in review.contributions()[:2]])
    app = FacilitatorApp(store=store)
    app.set_keymap({"review.rename": "f2", "review.merge": "f3"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q1)
        assert screen.tree.goto(ClusterNode(kid))
        await settle(pilot)
        detail = str(screen.query_one("#review-detail").render())
        assert "f2 rename · f3 merge" in detail and "r rename" not in detail
        await pilot.press("f2")  # the remapped key does what the hint says
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Accountability"
        await pilot.press("escape")
        await settle(pilot)
        # while the editor has the focus, the tree's keys do not work: their hints are not shown
        await pilot.press("w")
        await settle(pilot)
        assert screen.editor.has_focus
        assert "status" not in str(screen.query_one("#review-detail").render())
        assert "ctrl+s save it" in str(screen.query_one("#review-editor-hint").render())


async def test_the_tree_tells_the_screen_by_messages_and_the_board_comes_from_a_worker(store, panel):
    from facilitator.tui.screens.review.messages import BoardLoaded
    from facilitator.tui.screens.review.tree import ReviewTree

    q3 = store.question_id(panel, 3)
    seen = []
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        loaded = [m for m in seen if isinstance(m, BoardLoaded)]
        assert loaded and loaded[-1].board.question_id == q3 and loaded[-1].request == screen.requests
        first = screen.board.unclustered[0].id
        await pilot.press("down")
        await settle(pilot)
        highlighted = [m.node for m in seen if isinstance(m, ReviewTree.Highlighted)]
        assert highlighted[-1] == ContributionNode(first, None) == screen.cursor
        assert first in str(screen.query_one("#review-detail").render()) or screen.board.unclustered[0].ref in str(
            screen.query_one("#review-detail").render())
        # marking draws the line again, without reading the board again
        before = screen.requests
        await pilot.press("up", "down", "space")
        await settle(pilot)
        assert screen.marks == [first] and screen.requests == before
        assert any(isinstance(m, ReviewTree.MarkToggled) for m in seen)
        assert "●" in str(screen.tree.find(ContributionNode(first, None)).label)


async def test_a_long_group_shows_its_children_a_chunk_at_a_time(store, sahel):
    from facilitator.core.models import ContributionIn
    from facilitator.tui.screens.review.nodes import MoreNode, UnclusteredNode
    from facilitator.tui.screens.review.tree import ReviewTree

    from ..test_review_support import ROWS

    q5 = store.question_id(sahel, 5)
    n = ReviewTree.CHUNK + 150
    store.add_contributions(
        [ContributionIn(session_id=sahel, question_id=q5, text=f"{ROWS[i % len(ROWS)][3]} ({i})") for i in range(n)]
    )
    ids = [c.id for c in Review(store, sahel, q5).contributions()]
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, sahel, q5)
        group = screen.tree.find(UnclusteredNode())
        assert group is not None and not group.children  # closed: nothing added yet
        assert screen.tree.goto(ContributionNode(ids[0], None))
        children = [c.data for c in group.children]
        assert len(children) == ReviewTree.CHUNK + 1 and isinstance(children[-1], MoreNode)
        # the cursor reaches the last line: the next ones come, and the cursor is on the next idea
        screen.tree.move_cursor(group.children[-1], animate=False)
        await settle(pilot)
        assert [c.data for c in group.children] == [ContributionNode(i, None) for i in ids]
        assert screen.cursor == ContributionNode(ids[ReviewTree.CHUNK], None)
        # after a step, the tree is built again as far as it went, with the cursor where it was
        await pilot.press("p")
        await settle(pilot)
        group = screen.tree.find(UnclusteredNode())
        assert len(group.children) == len(ids) - 1
        assert screen.cursor == ContributionNode(ids[ReviewTree.CHUNK + 1], None)


async def test_the_header_says_reading_only_while_a_reading_goes_on(store, panel):
    from .screen_text import screen_text

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, panel, None)
        assert "reading…" not in screen_text(app)
        screen.load_board()
        await settle(pilot)
        assert "reading…" not in screen_text(app)
        assert "ideas" in screen_text(app)  # the header's figures are there


async def test_the_review_leaves_the_garbage_collector_alone_and_a_closed_review_is_freed(store, panel, monkeypatch):
    """No collection is switched off or frozen around the board (it is light: see
    core/review/views.py); once the review closes nothing keeps it, or its board, alive (a
    thread of Textual's pool keeps the last worker it ran: workers hold the screen weakly)."""
    import gc
    import weakref

    import facilitator.core.review as core_review

    enabled_while_reading = []
    real = core_review.read_board

    def read_board(*args, **kwargs):
        enabled_while_reading.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(core_review, "read_board", read_board)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, panel, None)
        screen.load_board()
        await settle(pilot)
        assert enabled_while_reading and all(enabled_while_reading)
        assert gc.get_freeze_count() == 0
        board = weakref.ref(screen.board)
        closed = weakref.ref(screen)
        del screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        gc.collect()
        assert closed() is None and board() is None


async def test_the_cursor_goes_to_a_recommendation_in_a_closed_cluster(store, sahel):
    """In a large view the clusters start closed: going to a recommendation (after writing it,
    changing its status) opens its cluster."""
    from facilitator.core.models import ContributionIn

    from ..test_review_support import ROWS

    q5 = store.question_id(sahel, 5)
    store.add_contributions(
        [ContributionIn(session_id=sahel, question_id=q5, text=f"{ROWS[i % len(ROWS)][3]} ({i})") for i in range(450)]
    )
    review = Review(store, sahel, q5)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("First fifty", ids[:50])
    rid = review.add_recommendation("Fund the committees.", cluster_id=kid)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, sahel, q5)
        assert not screen.tree.find(ClusterNode(kid)).is_expanded
        assert screen.tree.goto(RecommendationNode(rid))
        assert screen.cursor == RecommendationNode(rid)
        await pilot.press("t")  # draft -> reviewed, the cursor stays on it
        await settle(pilot)
        assert screen.cursor == RecommendationNode(rid)
        assert store.query("SELECT status FROM recommendation WHERE id = ?", (rid,))[0]["status"] == "reviewed"
async def test_l_sets_the_lenses_of_a_recommendation_and_of_a_theme(store, panel):
    """One key: l on a recommendation (or a theme) asks its lenses, the agenda's offered; undo
    takes them back."""
    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Training in humanitarian law", ids[6:9])
    rid = review.add_recommendation("Train soldiers in humanitarian law.", cluster_id=kid)
    other = review.new_cluster("Pay and rotation", ids[3:5])
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert screen.tree.goto(RecommendationNode(rid))
        await pilot.press("l")
        await settle(pilot)
        await type_text(pilot, "human, state")
        await pilot.press("enter")
        await settle(pilot)
        assert store.query("SELECT lenses FROM recommendation WHERE id = ?", (rid,))[0]["lenses"] == '["human", "state"]'
        assert "lens: human, state" in str(screen.query_one("#review-detail").render())
        assert screen.tree.goto(ClusterNode(other))
        await pilot.press("l")
        await settle(pilot)
        await type_text(pilot, "regional")
        await pilot.press("enter")
        await settle(pilot)
        assert store.query("SELECT lenses FROM cluster WHERE id = ?", (other,))[0]["lenses"] == '["regional"]'
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.query("SELECT lenses FROM cluster WHERE id = ?", (other,))[0]["lenses"] == "[]"
