"""No lost update (issue 21, findings 2 and 3): an edit made on a text that changed meanwhile is
not applied without the person seeing both and choosing; undo never reverts what another window
did; an import never puts back an older text unless told; the recommendation editor keeps its
text on disk as it is typed; every earlier version of a contribution can be seen from the app.

"Another window" here is a second connection to the same file (``Store.open`` again), which is
what another process writes through; tests/test_windows.py does it with real processes.
"""

from __future__ import annotations

import pytest

from facilitator.core.entry_history import EntryHistory
from facilitator.core.export import export_session
from facilitator.core.importer import import_text
from facilitator.core.models import ContributionIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.review.nodes import ClusterNode, RecommendationNode

from ..conftest import typed_drafts
from .test_capture import open_capture, settle
from .test_review import open_review, type_text
from .test_review import settle as settle_review


@pytest.fixture
def other(db_path, store):
    """A second window on the same database."""
    s = Store.open(db_path)
    yield s
    s.close()


def _texts(store, cid) -> list[str]:
    return [r.text for r in store.revisions("contribution", cid)]


def test_undo_never_reverts_what_another_window_did(store, sahel, other):
    """Finding 2: ctrl+r in window A reverted two later edits made in window B."""
    q1 = store.question_id(sahel, 1)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="First words."))
    history = EntryHistory(store)  # window A's undo
    history.edit(c, "First words, fixed in A.")
    other.edit_contribution(c.id, "First words, fixed in A, then in B.")  # window B
    with pytest.raises(Exception, match="changed since"):
        history.undo()
    assert store.contribution(c.id).text == "First words, fixed in A, then in B."
    # a move made in B is not undone by A either
    history.move(store.contribution(c.id), store.question_id(sahel, 2))
    other.move_contribution(c.id, store.question_id(sahel, 3))
    with pytest.raises(Exception, match="changed since"):
        history.undo()
    assert store.contribution(c.id).question_position == 3


def test_a_recommendation_changed_elsewhere_is_not_overwritten_by_an_edit(store, sahel, other):
    review = Review(store, sahel, store.question_id(sahel, 1))
    rid = review.add_recommendation("Publish the security budget.")
    Review(other, sahel, store.question_id(sahel, 1)).update_recommendation(rid, text="Publish and audit the budget.")
    with pytest.raises(Exception, match="changed elsewhere"):
        review.update_recommendation(rid, text="Publish the security budget, line by line.",
                                     expected_text="Publish the security budget.")
    assert review.recommendation(rid).text == "Publish and audit the budget."


def test_an_import_of_an_older_file_keeps_the_newer_text_unless_told(store, sahel):
    """Finding 2: import of an export made before an edit put the old text back, saying only
    "updated 1 contributions"."""
    q1 = store.question_id(sahel, 1)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="Before the edit."))
    older = export_session(store, sahel)
    store.edit_contribution(c.id, "After the edit, made once the file was written.")
    result = import_text(store, older, "older.md")
    assert store.contribution(c.id).text == "After the edit, made once the file was written."
    assert any("older than the one in the database" in w for w in result.warnings)
    # told: the file's text goes back (the newer is kept as a revision)
    from facilitator.core.importer import import_doc
    from facilitator.core.summary.parse import parse_summary

    import_doc(store, parse_summary(older, "older.md"), "older.md", replace_newer=True)
    assert store.contribution(c.id).text == "Before the edit."
    assert "After the edit, made once the file was written." in _texts(store, c.id)


async def test_an_edit_of_a_contribution_changed_elsewhere_shows_both_and_asks(store, sahel, other):
    """Finding 2: the same entry edited in two windows: the last save won without a word."""
    from facilitator.tui.screens.dialogs import ConflictScreen

    q1 = store.question_id(sahel, 1)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="The budget line."))
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+l", "ctrl+e", "end")
        screen.composer.insert(" Mine.")
        await pilot.pause()
        other.edit_contribution(c.id, "The budget line. Theirs.")  # another window saves first
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert isinstance(app.screen, ConflictScreen)
        shown = str(app.screen.body_text)
        assert "The budget line. Theirs." in shown and "The budget line. Mine." in shown
        assert store.contribution(c.id).text == "The budget line. Theirs."  # nothing applied yet
        await pilot.press("t")  # keep theirs
        await settle(pilot, lambda: app.screen is screen)
    assert store.contribution(c.id).text == "The budget line. Theirs."
    assert "The budget line. Mine." in _texts(store, c.id)  # mine is among the versions
    assert store.revision_notes("contribution", c.id)


async def test_every_earlier_version_of_a_contribution_is_shown_and_one_comes_back(store, sahel):
    q1 = store.question_id(sahel, 1)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="Version one."))
    store.edit_contribution(c.id, "Version two.")
    store.edit_contribution(c.id, "Version three.")
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+l", "f8")
        await pilot.pause()
        assert screen.picker.is_open
        shown = [str(screen.picker.query_one("PickerList").get_option_at_index(i).prompt)
                 for i in range(screen.picker.query_one("PickerList").option_count)]
        assert "Version two." in shown[0] and "Version one." in shown[1]  # newest first
        await pilot.press("down", "enter")
        await pilot.pause()
    assert store.contribution(c.id).text == "Version one."
    assert _texts(store, c.id) == ["Version one.", "Version two.", "Version three."]


async def test_the_recommendation_editor_keeps_its_text_on_disk_as_it_is_typed(store, sahel):
    """Finding 3: what is written in the review was lost on a closed terminal, kill -9, SIGHUP or
    SIGTERM, even 3 s after typing. It is in this window's draft within a fraction of a second,
    with no save and no quit; a new window is offered it, and it comes back in the editor."""
    from facilitator.tui.screens.dialogs import DraftOfferScreen

    from ..test_review_support import fill

    fill(store, sahel)
    q4 = store.question_id(sahel, 4)
    review = Review(store, sahel, q4)
    ids = [c.id for c in review.contributions()]
    kid = review.new_cluster("Donor coordination", ids[3:6])
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_review(pilot)
        screen = await open_review(app, pilot, sahel, q4)
        assert screen.tree.goto(ClusterNode(kid))
        await pilot.press("w", "f7")
        await type_text(pilot, "Coordinate aid")
        await settle(pilot, lambda: [d.text for d in typed_drafts(store, sahel, "recommendation")] == ["Coordinate aid"],
                     timeout=3)
        assert [d.text for d in typed_drafts(store, sahel, "recommendation")] == ["Coordinate aid"]
        app.window.close()  # as if killed: the window no longer runs, nothing was saved
        screen.editor.saved_text = screen.editor.text  # (nor will this app save it on its way out)
    assert store.query("SELECT text FROM recommendation WHERE cluster_id = ?", (kid,)) == []
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_review(pilot)
        screen = await open_review(app, pilot, sahel, q4)
        await settle(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        assert isinstance(app.screen, DraftOfferScreen)
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen)
        assert screen.editing and screen.editor.text == "Coordinate aid"
        await pilot.press("ctrl+s")
        await settle_review(pilot)
    assert [r["text"] for r in store.query("SELECT text FROM recommendation WHERE cluster_id = ?", (kid,))] == \
        ["Coordinate aid"]
    assert typed_drafts(store, sahel, "recommendation") == []


async def test_a_recommendation_edited_in_two_review_windows_asks_before_overwriting(store, sahel, other):
    """Finding 2: the same recommendation edited in two review windows: both said "Saved." and
    the first text was gone."""
    from facilitator.tui.screens.dialogs import ConflictScreen

    from ..test_review_support import fill

    fill(store, sahel)
    q4 = store.question_id(sahel, 4)
    rid = Review(store, sahel, q4).add_recommendation("Coordinate aid.")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_review(pilot)
        screen = await open_review(app, pilot, sahel, q4)
        assert screen.tree.goto(RecommendationNode(rid))
        await pilot.press("w", "end")
        await type_text(pilot, " Mine")
        Review(other, sahel, q4).update_recommendation(rid, text="Coordinate aid. Theirs.")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert isinstance(app.screen, ConflictScreen)
        assert Review(store, sahel, q4).recommendation(rid).text == "Coordinate aid. Theirs."
        await pilot.press("m")  # keep mine: theirs goes among the earlier versions
        await settle_review(pilot)
    now = Review(store, sahel, q4)
    assert now.recommendation(rid).text == "Coordinate aid. Mine"
    assert "Coordinate aid. Theirs." in [r.text for r in now.revisions(rid)]


async def test_the_roster_form_keeps_its_text_on_disk_as_it_is_typed(store):
    """Every place a person types keeps a draft the same way: the participant form too."""
    from textual.widgets import Input

    from facilitator.tui.screens.dialogs import DraftOfferScreen
    from facilitator.tui.screens.participant_form import ParticipantFormScreen

    def form_drafts():
        return store.query("SELECT data FROM draft WHERE place = 'participant'")

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_roster()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantFormScreen)
        app.screen.query_one("#f-name", Input).insert_text_at_cursor("Hon. Aïcha Traoré")
        await settle(pilot, lambda: "Aïcha" in str(form_drafts()), timeout=3)
        assert "Aïcha" in str(form_drafts())
        app.window.close()  # as if killed
        app.screen.cancelled = True  # (and the way out writes nothing)
    assert store.participants() == []
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_roster()
        await settle(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        assert isinstance(app.screen, DraftOfferScreen)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ParticipantFormScreen))
        assert app.screen.query_one("#f-name", Input).value == "Hon. Aïcha Traoré"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [p.name for p in store.participants()] == ["Hon. Aïcha Traoré"]
    assert form_drafts() == []


async def test_the_review_shows_what_another_window_writes_and_reads_once_for_its_own_steps(store, sahel, other):
    """Every window is live in the review too (finding 5): a recommendation another window adds
    shows in the board within about a second, the cursor where it was; a step of this window's
    own (run on the steps' thread's connection, which the live look also sees) reads the board
    once, not once more for the live look."""
    from ..test_review_support import fill

    fill(store, sahel)
    q4 = store.question_id(sahel, 4)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_review(pilot)
        screen = await open_review(app, pilot, sahel, q4)
        before = len(screen.board.recommendations)
        Review(other, sahel, q4).add_recommendation("Written in the other window.")
        await settle(pilot, lambda: len(screen.board.recommendations) == before + 1, timeout=10)
        assert "Written in the other window." in [r.text for r in screen.board.recommendations]
        # a step of this window: one reading of the board for it
        rid = screen.board.recommendations[0].id
        assert screen.tree.goto(RecommendationNode(rid))
        asked = screen.requests
        await pilot.press("k")
        await pilot.press("3", "enter")
        await settle_review(pilot)
        await pilot.pause(1.5)  # longer than the live look (twice a second)
        await settle_review(pilot)
        assert screen.requests == asked + 1
