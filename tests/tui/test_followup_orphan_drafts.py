"""A follow-up form left behind by a window that closed, whose activity (or update, or
recommendation) is gone since: its form can never be opened again, so it is offered when the
follow-up opens, as every draft left behind is: put back as what fits what the form was (an
update: an update of an activity picked; an activity: a new activity for its recommendation,
or one picked), or discarded (a copy goes to the rescue file first), or later. Once dealt with
it is not named again."""

from __future__ import annotations

import pytest

from facilitator.core import drafts
from facilitator.core.followup.store import FollowUp
from facilitator.core.store import Store
from facilitator.tui.screens.dialogs import DraftOfferScreen
from facilitator.tui.screens.followup import FollowUpScreen
from facilitator.tui.screens.followup.forms import ActivityForm, UpdateForm
from facilitator.tui.screens.pick import PickScreen
from tests.followup_data import rec_id, sample_db, two_activities

from .screen_text import screen_text
from .test_capture import settle
from .test_followup_screen import make_app, type_text

UPDATE = {"text": "Typed before the crash: the hearing in Gao is set for May", "status": "under way", "progress": "40",
          "by": "Clerk", "date": "2024-06-29", "source": "letter of 28 June"}


@pytest.fixture
def sample(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_RESCUE", str(tmp_path / "rescue.txt"))
    store = sample_db(tmp_path / "f.db")
    yield store
    store.close()


def left_behind(store: Store, key: str, fields: dict, main: str = "text") -> None:
    """A form ``key`` typed in a window that no longer runs (no owner: nobody holds it)."""
    store.save_draft(drafts.Draft(window_id="closed-window", place=drafts.FOLLOWUP, scope=key, text=fields[main],
                                  owner="", data={"fields": fields}))


def followup_drafts(store: Store) -> list[str]:
    return [scope for (scope,) in store.conn.execute("SELECT scope FROM draft WHERE place = 'followup'")]


def _followup(app) -> FollowUpScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, FollowUpScreen)), None)


async def followup(app, pilot) -> FollowUpScreen:
    """The follow-up opened (the offer of a draft may already be over it)."""
    await pilot.pause()
    app.open_followup()
    await settle(pilot, lambda: _followup(app) is not None)
    await pilot.pause()
    screen = _followup(app)
    assert screen is not None
    return screen


async def offered(app, pilot) -> None:
    """Until a draft is offered, drawn."""
    await settle(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
    assert isinstance(app.screen, DraftOfferScreen)
    await pilot.pause()


def dialog(app) -> str:
    """What the offer says (its title and text)."""
    return f"{app.screen.title_text}\n{app.screen.body_text}"


def said(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_an_update_of_a_deleted_activity_is_offered_and_discarded_into_the_rescue_file(sample, tmp_path):
    a1, _ = two_activities(sample)
    left_behind(sample, f"update:{a1}", UPDATE)
    FollowUp(sample).delete_activity(a1)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await followup(app, pilot)
        await offered(app, pilot)
        shown = dialog(app)
        assert "A-001" in shown and "deleted" in shown and "hearing in Gao" in shown
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen) and not followup_drafts(sample))
        assert followup_drafts(sample) == []
        assert "Discarded" in said(app)
        rescued = (tmp_path / "rescue.txt").read_text(encoding="utf-8")
        assert "Typed before the crash: the hearing in Gao is set for May" in rescued
        await pilot.press("escape")  # the follow-up closed and opened again: nothing named, nothing offered
        await pilot.pause()
        app.clear_notifications()
        await followup(app, pilot)
        await pilot.pause(0.3)
        assert isinstance(app.screen, FollowUpScreen)
        assert "nsaved" not in said(app) and "deleted since" not in said(app), said(app)


async def test_later_leaves_it_offered_next_time(sample):
    a1, _ = two_activities(sample)
    left_behind(sample, f"update:{a1}", UPDATE)
    FollowUp(sample).delete_activity(a1)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await followup(app, pilot)
        await offered(app, pilot)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        assert followup_drafts(sample) == [f"update:{a1}"]
        await pilot.press("escape")
        await pilot.pause()
        await followup(app, pilot)
        await offered(app, pilot)


async def test_an_update_of_a_deleted_activity_is_put_back_as_an_update_of_another(sample):
    a1, a2 = two_activities(sample)
    left_behind(sample, f"update:{a1}", UPDATE)
    FollowUp(sample).delete_activity(a1)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await followup(app, pilot)
        await offered(app, pilot)
        await pilot.press("enter")  # put it back: which activity is it an update of?
        await settle(pilot, lambda: isinstance(app.screen, PickScreen))
        assert isinstance(app.screen, PickScreen) and "A-002" in screen_text(app)
        assert "A-001" not in screen_text(app)  # deleted: not offered
        await type_text(pilot, "A-002")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.pane.current == "followup-update"
                     and screen.query_one(UpdateForm).values()["text"] == UPDATE["text"])
        form = screen.query_one(UpdateForm)
        assert form.activity_id == a2 and form.values() == UPDATE
        # taken: this window's draft of A-002's update now, the one left behind gone
        assert followup_drafts(sample) == [f"update:{a2}"]
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
    updates = FollowUp(sample).updates(a2)
    assert [u.text for u in updates] == [UPDATE["text"]] and updates[0].status == "under way"
    assert updates[0].progress == 40 and updates[0].source == "letter of 28 June"
    assert followup_drafts(sample) == []


async def test_an_edit_of_a_deleted_activity_is_put_back_as_a_new_activity_for_its_recommendation(sample):
    a1, _ = two_activities(sample)
    edited = {"title": "Hold public hearings in Tillabéri, Gao and Ménaka", "lead": "National Assembly of Niger",
              "partners": "UNODC", "start": "2023-09-01", "due": "2024-09-30", "status": "", "progress": "",
              "area": "", "lens": ""}
    left_behind(sample, f"activity:{a1}", edited, main="title")
    FollowUp(sample).delete_activity(a1)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await followup(app, pilot)
        await offered(app, pilot)
        assert "Ménaka" in dialog(app) and "A-001" in dialog(app)
        await pilot.press("enter")  # a new activity for R-001, the deleted one's recommendation
        await settle(pilot, lambda: screen.pane.current == "followup-activity"
                     and screen.query_one(ActivityForm).values()["title"] == edited["title"])
        form = screen.query_one(ActivityForm)
        assert form.activity_id is None and form.recommendation_id == rec_id(sample)
        assert form.values()["due"] == "2024-09-30"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
    made = [a for a in FollowUp(sample).activities() if "Ménaka" in a.title]
    assert len(made) == 1 and made[0].ref == "A-003" and made[0].due == "2024-09-30"
    assert FollowUp(sample).activity(a1).deleted_at is not None  # the deleted one stays deleted
    assert followup_drafts(sample) == []


async def test_a_new_activity_for_a_recommendation_no_longer_agreed_is_put_back_for_one_picked(sample):
    rid = rec_id(sample)
    typed = {"title": "Publish the budget line by line", "lead": "", "partners": "", "start": "", "due": "",
             "status": "", "progress": "", "area": "", "lens": ""}
    left_behind(sample, f"new-activity:{rid}", typed, main="title")
    with sample.write() as conn:
        conn.execute("UPDATE recommendation SET status = 'reviewed' WHERE id = ?", (rid,))
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await followup(app, pilot)
        await offered(app, pilot)
        assert "R-001" in dialog(app) and "no longer agreed" in dialog(app)
        await pilot.press("enter")  # which recommendation does it carry out?
        await settle(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")  # the first one offered
        await settle(pilot, lambda: screen.pane.current == "followup-activity"
                     and screen.query_one(ActivityForm).values()["title"] == typed["title"])
        form = screen.query_one(ActivityForm)
        assert form.recommendation_id not in (None, rid)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
    assert [a.title for a in FollowUp(sample).activities()] == [typed["title"]]
    assert followup_drafts(sample) == []


async def test_a_form_that_can_still_be_opened_is_named_not_offered(sample):
    a1, _ = two_activities(sample)
    left_behind(sample, f"update:{a1}", UPDATE)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await followup(app, pilot)
        await settle(pilot, lambda: "nsaved" in said(app))
        assert "A-001 (u)" in said(app)
        await pilot.pause(0.3)
        assert app.screen is screen  # offered when its form is opened (u), as before
