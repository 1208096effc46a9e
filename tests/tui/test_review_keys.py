"""The review as a facilitator meets it at 80x24 (issue 22, findings 4 and 5): an idea's text
readable, the footer with the keys for what the cursor is on, every key in help, marking that
stays put, dropping that asks, undo that says what it undid, history entries that differ,
notices never over the editor. The real app under the Pilot, on a real database."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from facilitator.core.review import Review
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.review.nodes import ClusterNode, ContributionNode, RecommendationNode

from .screen_text import screen_lines, screen_text
from . import test_review
from .test_review import open_review, settle

panel = test_review.panel  # the review tests' fixture (a session of the Sahel panel with its contributions)


def curated(store, panel_id):
    """Question 3 with two clusters, a recommendation, and its cluster's ideas."""
    q3 = store.question_id(panel_id, 3)
    review = Review(store, panel_id, q3)
    ideas = review.contributions()
    kid = review.new_cluster("Independent investigation of civilian harm", [c.id for c in ideas[0:4]])
    review.new_cluster("Training in humanitarian law", [c.id for c in ideas[6:9]])
    rid = review.add_recommendation("Parliaments should require an independent investigation of every civilian casualty.",
                                    cluster_id=kid)
    return q3, kid, rid, ideas


def footer_line(app) -> str:
    return screen_lines(app)[-1]


def noted(app) -> list[str]:
    """Every notice the app is asked to show from now on (FacilitatorApp.notify is ours)."""
    seen: list[str] = []
    show = app.notify

    def notify(message, **kwargs):
        seen.append(message)
        show(message, **kwargs)

    app.notify = notify
    return seen


async def test_at_80x24_an_idea_is_readable_and_the_footer_has_the_keys_for_the_cursor(store, panel):
    q3, kid, rid, ideas = curated(store, panel)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        idea = ideas[1]
        assert screen.tree.goto(ContributionNode(idea.id, kid))
        await settle(pilot)
        lines = screen_lines(app)
        line = next(line for line in lines if idea.ref in line and "──" in line)
        # the tree's line holds a good part of the idea (it held about 14 characters)
        shown = line.split(idea.ref, 1)[1].strip(" ★").rstrip("…▕▏ ")
        assert len(shown) >= 50 and idea.text.startswith(shown.rstrip("…").strip()[:40])
        # ... and the idea in full is on screen as the cursor moves (the pane below the tree)
        assert " ".join(idea.text.split()[-4:]) in " ".join(screen_text(app).split())
        footer = footer_line(app)
        for key in ("space", "m ", "w ", "^z ", "f1 "):
            assert key in footer, (key, footer)
        # on a recommendation: its keys
        assert screen.tree.goto(RecommendationNode(rid))
        await settle(pilot)
        footer = footer_line(app)
        for key in ("w Edit", "t Status", "@ To", "^z Undo"):
            assert key in footer, (key, footer)
        # on a cluster: its keys
        assert screen.tree.goto(ClusterNode(kid))
        await settle(pilot)
        footer = footer_line(app)
        for key in ("r Rename", "M Merge", "w Write", "^z Undo"):
            assert key in footer, (key, footer)


async def test_help_lists_every_key_of_the_review_as_it_is_typed(store, panel):
    from facilitator.tui.keys import all_bindings

    q3, *_ = curated(store, panel)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_review(app, pilot, panel, q3)
        await pilot.press("f1")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        keys = {r[1] for r in rows}
        # every binding of the review and its tree, the cluster jumps included, and @ as @
        ids = [b for b in all_bindings() if b.where in ("ReviewScreen", "ReviewTree", "RecommendationEditor")]
        assert {"shift+down", "shift+up", "space", "insert", "@", "enter", "delete"} <= keys
        assert "at" not in keys
        described = {r[2].replace("\n", " ") for r in rows}
        for b in ids:
            assert any(b.description in d or d in b.description for d in described), b.id
        assert any("next cluster" in d for d in described) and any("previous cluster" in d for d in described)


async def test_space_marks_and_stays_insert_marks_and_goes_down(store, panel):
    q3, kid, rid, ideas = curated(store, panel)
    members = [c.id for c in ideas[0:4]]
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        board = screen.board
        first, second = board.cluster(kid).members[0].id, board.cluster(kid).members[1].id
        assert {first, second} <= set(members)
        assert screen.tree.goto(ContributionNode(first, kid))
        await pilot.press("space")
        await settle(pilot)
        assert screen.marks == [first] and screen.cursor == ContributionNode(first, kid)
        await pilot.press("space")  # again: unmarked, still there
        await settle(pilot)
        assert screen.marks == [] and screen.cursor == ContributionNode(first, kid)
        await pilot.press("insert")
        await settle(pilot)
        assert screen.marks == [first] and screen.cursor == ContributionNode(second, kid)
        # the cluster jumps: to the next cluster from inside one, and back to its line
        await pilot.press("shift+down")
        await settle(pilot)
        nxt = screen.cursor
        assert isinstance(nxt, ClusterNode) and nxt.cluster_id != kid
        await pilot.press("shift+up")
        await settle(pilot)
        assert screen.cursor == ClusterNode(kid)


async def test_dropping_asks_and_undo_says_what_it_undid(store, panel):
    q3, kid, rid, ideas = curated(store, panel)
    review = Review(store, panel, q3)
    review.update_recommendation(rid, status="agreed")
    app = FacilitatorApp(store=store)
    notices = noted(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert screen.tree.goto(RecommendationNode(rid))
        await pilot.press("t")  # agreed -> dropped: it asks
        await settle(pilot)
        assert "Drop R-001?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert store.query("SELECT status FROM recommendation WHERE id = ?", (rid,))[0]["status"] == "agreed"
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.query("SELECT status FROM recommendation WHERE id = ?", (rid,))[0]["status"] == "dropped"
        assert any("R-001 status agreed → dropped" in m and "^z undoes" in m for m in notices), notices
        # a rank, then undo: each undo names its own step (not "edit recommendation")
        await pilot.press("k")
        await settle(pilot)
        app.screen.query_one(Input).value = "2"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Undone: R-001 rank none → 2." in notices
        assert "Undone: R-001 status agreed → dropped." in notices
        assert store.query("SELECT status, rank FROM recommendation WHERE id = ?", (rid,))[0] == {
            "status": "agreed", "rank": None}
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "Redone: R-001 status agreed → dropped." in notices


async def test_history_entries_differ_where_the_texts_differ(store, panel):
    from facilitator.tui.screens.pick import PickScreen
    from facilitator.tui.widgets.picker import Picker

    q3, kid, rid, ideas = curated(store, panel)
    review = Review(store, panel, q3)
    start = ("Parliaments should require an independent, public and timely investigation of every civilian "
             "casualty caused by the security forces, ")
    for end in ("with the findings published.", "with the findings sent to the families.",
                "with the findings sent to the families and published."):
        review.update_recommendation(rid, text=start + end)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_review(app, pilot, panel, q3)
        assert screen.tree.goto(RecommendationNode(rid))
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        picker = app.screen.query_one(Picker)
        labels = [str(item.label) for item in picker.items]
        assert len(labels) == 3
        # three versions that begin alike: each line shows where it differs, so none look the same
        assert len(set(labels)) == 3
        # newest first: each from a little before where it differs from the one after it
        assert "sent to the families." in labels[0] and "published" not in labels[0]
        assert "findings published." in labels[1]
        assert "independent investigation of every" in labels[2]  # the first text
        screen_now = screen_text(app)
        assert "sent to the families." in screen_now and "findings published." in screen_now


async def test_notices_never_cover_the_editor(store, panel):
    q3, kid, rid, ideas = curated(store, panel)
    for size in ((80, 24), (120, 40)):
        app = FacilitatorApp(store=store)
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            screen = await open_review(app, pilot, panel, q3)
            assert screen.tree.goto(RecommendationNode(rid))
            await pilot.press("w")
            await settle(pilot)
            assert screen.editing
            app.notify("A notice while writing, long enough to take two lines of a toast at this width.")
            await pilot.pause()
            await pilot.pause()
            toasts = list(app.screen.query("Toast"))
            assert toasts
            editor = screen.editor.region
            for toast in toasts:
                assert not toast.region.overlaps(editor), (size, toast.region, editor)
            await pilot.press("escape")
            await settle(pilot)


def test_the_cluster_picker_offers_the_cluster_whose_name_begins_with_what_is_typed_first():
    from facilitator.tui.screens.review.dialogs import clusters_first_by_name
    from facilitator.tui.widgets.picker import Item

    items = [Item("a", "C-038", "C-038 The moderator noted the convergence on jobs"),
             Item("b", "C-039", "C-039 Jobs and savings"), Item("c", "C-040", "C-040 Water points")]
    assert [i.key for i in clusters_first_by_name(items, "jobs")] == ["b", "a"]
    assert [i.key for i in clusters_first_by_name(items, "c-04")] == ["c"]
    assert [i.key for i in clusters_first_by_name(items, "")] == ["a", "b", "c"]


def test_the_cluster_picker_offers_a_sub_theme_by_its_own_name_first():
    """A sub-theme is listed as 'Broad › label': typing the start of its own label offers it
    before a cluster that only mentions the word."""
    from facilitator.tui.screens.review.dialogs import clusters_first_by_name
    from facilitator.tui.widgets.picker import Item

    items = [Item("a", "C-038", "C-038 Parents who cannot pay for school meals"),
             Item("b", "C-039", "C-039 Education › School meals"), Item("c", "C-040", "C-040 Water points")]
    assert [i.key for i in clusters_first_by_name(items, "school")] == ["b", "a"]
    assert [i.key for i in clusters_first_by_name(items, "educ")] == ["b"]
