"""The follow-up screen: from the review's agreed recommendation to two activities with updates,
keyboard only; overdue and stalled first; the recommendation and its evidence one key away;
typed text autosaved; what another window saves shown; user text never markup; snapshots at
80x24."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from facilitator.core.followup.model import UpdateIn
from facilitator.core.followup.store import FollowUp
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.followup import FollowUpScreen
from facilitator.tui.screens.followup.forms import ActivityForm, UpdateForm
from tests.followup_data import AS_OF, rec_id, sample_db, two_activities

from .screen_text import screen_lines, screen_text
from .test_capture import settle

NOON = dt.datetime(2024, 6, 30, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def sample(tmp_path):
    store = sample_db(tmp_path / "f.db")
    yield store
    store.close()


def make_app(store) -> FacilitatorApp:
    app = FacilitatorApp(store)
    app.clock = lambda: NOON
    return app


async def open_followup(app, pilot, recommendation_id=None) -> FollowUpScreen:
    await pilot.pause()
    app.open_followup(recommendation_id)
    await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
    await pilot.pause()
    return app.screen


def form_draft(store: Store, app: FacilitatorApp, key: str) -> dict | None:
    """The fields of this window's draft of the follow-up form ``key`` (core/drafts.py)."""
    from facilitator.core import drafts

    d = drafts.mine(store.conn, app.window.id, drafts.FOLLOWUP, key)
    return d.data.get("fields") if d is not None else None


async def type_text(pilot, text: str) -> None:
    keys = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "'": "apostrophe", ":": "colon",
            ";": "semicolon", "/": "slash"}
    await pilot.press(*[keys.get(ch, ch) for ch in text])


async def test_from_the_review_an_agreed_recommendation_becomes_two_activities_with_updates(sample):
    from facilitator.tui.screens.review import ReviewScreen
    from facilitator.tui.screens.review.nodes import RecommendationNode

    rid = rec_id(sample)
    sid = FollowUp(sample).recommendation(rid)["session_id"]
    question = FollowUp(sample).recommendation(rid)["question_id"]
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_review(sid, question)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await settle(pilot, lambda: review.loaded)
        await asyncio.wait_for(review.board_shown.wait(), 30)
        assert review.tree.goto(RecommendationNode(rid))
        await pilot.press("f")  # follow up
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        screen = app.screen
        form = screen.query_one(ActivityForm)
        await settle(pilot, lambda: form.display and screen.pane.current == "followup-activity")
        assert "New activity carrying out R-001" in screen_text(app)
        await type_text(pilot, "Hold public hearings in Tillabéri and Gao")
        await pilot.press("tab")
        await type_text(pilot, "National Assembly of Niger")
        await pilot.press("tab")
        await type_text(pilot, "UNODC; IPU")
        await pilot.press("tab")
        await type_text(pilot, "2023-09-01")
        await pilot.press("tab")
        await type_text(pilot, "31/03/2024")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
        [first] = FollowUp(sample).activities()
        assert (first.title, first.lead, first.lead_kind, first.due, first.partners) == \
            ("Hold public hearings in Tillabéri and Gao", "National Assembly of Niger", "parliament", "2024-03-31",
             [("UNODC", "organization"), ("IPU", "organization")])
        # a second activity: n, the recommendation is offered first
        await pilot.press("n")
        await settle(pilot, lambda: "which recommendation" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot, lambda: screen.pane.current == "followup-activity")
        await type_text(pilot, "Report back to the communities")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: len(FollowUp(sample).activities()) == 2)
        # an update in a few keys: u, the text, tab, the status (a suggestion, accepted with →), ctrl+s
        assert screen.listing.current != first.id  # on the new one
        await pilot.press("up")  # the overdue one is first
        await pilot.pause()
        assert screen.listing.current == first.id
        await pilot.press("u")
        await settle(pilot, lambda: screen.pane.current == "followup-update")
        await type_text(pilot, "First hearing held in Tillabéri.")
        await pilot.press("tab")
        await type_text(pilot, "sta")
        await pilot.press("right", "tab")
        await type_text(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
        now = FollowUp(sample).activity(first.id)
        assert (now.status, now.progress, now.last_update) == ("stalled", 30, "2024-06-30")
        assert "First hearing held in Tillabéri." in screen_text(app)
        assert screen_lines(app)[0].startswith("Follow-up · 2 activities · 1 overdue · 1 stalled")


async def test_overdue_and_stalled_first_grouping_and_the_evidence_one_key_away(sample):
    a1, a2 = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        lines = [line.rstrip() for line in screen_lines(app)]
        assert lines[1].startswith("stalled") and lines[2].startswith("A-001 stalled") and "91 d late" in lines[2]
        assert screen.listing.current == a1
        await pilot.press("r")
        await pilot.pause()
        shown = screen_text(app)
        assert "R-001 · agreed" in shown and "Evidence: 5 contributions, 4 speakers, 3 stakeholder groups" in shown
        assert "Q1-002  Hon. Ramatou Issa Garba (Parliament)" in shown
        await pilot.press("r")
        await pilot.pause()
        assert "Timeline, newest first (2)" in screen_text(app)
        for by, first in (("area", "Security"), ("lens", "human"), ("lead", "National Assembly of Niger")):
            await pilot.press("g")
            await pilot.pause()
            assert screen.by == by and screen_lines(app)[1].startswith(first)
        await pilot.press("g")
        await pilot.press("slash")
        await type_text(pilot, "ipu")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.listing.current == a2 and not any(line.startswith("A-001") for line in screen_lines(app))
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert screen.words == "" and "A-001 stalled" in screen_text(app)


async def test_typed_text_is_autosaved_and_comes_back(sample, tmp_path):
    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        await pilot.pause(1.5)  # longer than the autosave waits
        assert form_draft(sample, app, f"update:{a1}") is None  # opening the form is not a draft (its date is given)
        await type_text(pilot, "Budget line voted, waiting for")
        typed = lambda: (form_draft(sample, app, f"update:{a1}") or {}).get("text")  # noqa: E731
        await settle(pilot, lambda: typed() == "Budget line voted, waiting for", timeout=10)
        assert typed() == "Budget line voted, waiting for"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.pane.current == "followup-detail"
        await pilot.press("u")
        await pilot.pause()
        form = screen.query_one(UpdateForm)
        assert form.values()["text"] == "Budget line voted, waiting for" and "Your draft is back" in screen_text(app)
        await type_text(pilot, " the decree")
        # the app quits at once (before the autosave): the text is written first
        await app.action_quit()
        await pilot.pause()
    with Store.open(sample.path) as again:
        assert form_draft(again, app, f"update:{a1}")["text"] == "Budget line voted, waiting for the decree"


async def test_a_bad_update_keeps_the_form_and_its_text(sample):
    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        await type_text(pilot, "Hearing postponed")
        await pilot.press("tab")
        await type_text(pilot, "sleeping")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.pane.current == "followup-update" and "Not saved: unknown status 'sleeping'" in screen_text(app)
        assert len(FollowUp(sample).updates(a1)) == 2
        assert form_draft(sample, app, f"update:{a1}")["text"] == "Hearing postponed"


async def test_the_forms_refuse_what_the_files_refuse(sample):
    """The forms check with the same limits as every other path (core/limits.py through the
    models): a name of zero-width spaces (pasted), a title with nothing visible, an escape
    sequence; the form stays with its text, and nothing is written."""
    from textual.widgets import Input, TextArea

    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one("#ff-text", TextArea).text = "Hearing held"
        app.screen.query_one("#ff-by", Input).value = "\u200b\u200b"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.pane.current == "followup-update" and "Not saved: author: has no visible character" in \
            screen_text(app)
        assert len(FollowUp(sample).updates(a1)) == 2
        app.screen.query_one("#ff-by", Input).value = "Clerk \x1b]0;OWNED\x07"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved: author: holds the control character U+001B ESCAPE" in screen_text(app)
        assert len(FollowUp(sample).updates(a1)) == 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert screen.pane.current == "followup-activity"
        app.screen.query_one("#ff-title", Input).value = "\u200b"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved: title: has no visible character" in screen_text(app)
        assert FollowUp(sample).activity(a1).title == "Hold public hearings in Tillabéri and Gao"


async def test_delete_and_undo_and_status_in_two_keys(sample):
    a1, a2 = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert [a.id for a in FollowUp(sample).activities()] == [a2]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(FollowUp(sample).activities()) == 2 and screen.listing.current == a1
        await pilot.press("s")
        await settle(pilot, lambda: "Status of A-001" in screen_text(app))
        await type_text(pilot, "done")
        await pilot.press("enter")
        await settle(pilot, lambda: FollowUp(sample).activity(a1).status == "done")
        assert FollowUp(sample).activity(a1).progress == 100


async def test_what_another_window_saves_shows_without_a_key(sample):
    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_followup(app, pilot)
        with Store.open(sample.path) as other:
            FollowUp(other).add_update(UpdateIn(activity_id=a1, date=AS_OF, text="Escort agreed with UNODC.",
                                                status="under way"), today=AS_OF)
        await settle(pilot, lambda: "Escort agreed with UNODC." in screen_text(app), timeout=10)
        assert "A-001 under way" in screen_text(app)


async def test_hostile_text_is_shown_as_typed(sample):
    from facilitator.core.followup.model import ActivityIn, ActorIn

    f = FollowUp(sample)
    aid = f.add_activity(ActivityIn(recommendation_id=rec_id(sample), title="Train [b]clerks[/b] [@click=app.quit]now[/]",
                                    lead=ActorIn(name="Bad [/x] Lead")))
    f.add_update(UpdateIn(activity_id=aid, date=AS_OF, author="[@click=app.quit]Quit[/]",
                          text=r"We need [bold red]funds[/] \[x]", source="[link=x]src[/link]"), today=AS_OF)
    app = make_app(sample)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_followup(app, pilot)
        shown = screen_text(app)
        for text in ("Train [b]clerks[/b] [@click=app.quit]now[/]", "Bad [/x] Lead", "[@click=app.quit]Quit[/]",
                     r"We need [bold red]funds[/] \[x]", "source: [link=x]src[/link]"):
            assert text in shown, text
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_the_monitoring_report_screen_writes_three_formats(sample, tmp_path, monkeypatch):
    two_activities(sample)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("x")
        await settle(pilot, lambda: "Ready: named report" in screen_text(app), timeout=20)
        for fmt in ("md", "docx", "html"):
            await pilot.press("ctrl+s")
            target = tmp_path / "exports" / f"2024-06-30-follow-up.{fmt}"
            await settle(pilot, lambda target=target: target.exists(), timeout=30)
            assert target.stat().st_size > 1000
            await pilot.press("t")
        await pilot.press("a")
        await settle(pilot, lambda: "Ready: anonymous report" in screen_text(app), timeout=20)
        assert "Aminata" not in screen_text(app)
        del screen


# --- snapshots at 80x24 ------------------------------------------------------------------------


async def _screen_at(app, pilot, *keys: str):
    from textual.widgets import Input, TextArea

    await open_followup(app, pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    # a blinking cursor is drawn or not by the time the picture is taken (a loaded machine took
    # it hidden once): steady cursors, so the picture shows where the cursor is
    for field in [*app.screen.query(TextArea), *app.screen.query(Input)]:
        field.cursor_blink = False
    await pilot.pause()


def test_followup_80x24(snap_compare, sample):
    two_activities(sample)
    assert snap_compare(make_app(sample), terminal_size=(80, 24), run_before=lambda pilot: _screen_at(pilot.app, pilot))


def test_followup_evidence_80x24(snap_compare, sample):
    two_activities(sample)
    assert snap_compare(make_app(sample), terminal_size=(80, 24),
                        run_before=lambda pilot: _screen_at(pilot.app, pilot, "r"))


def test_followup_update_form_80x24(snap_compare, sample):
    two_activities(sample)
    assert snap_compare(make_app(sample), terminal_size=(80, 24),
                        run_before=lambda pilot: _screen_at(pilot.app, pilot, "u", "O", "k"))


async def test_an_update_typed_in_a_burst_lands_where_it_belongs(sample):
    """Keys that arrive all at once (a fast typist, a busy app): u opens the form and the text goes
    into it, tab moves on as it arrives, a status begun is enough, and ctrl+s saves every
    character typed before it (found in tmux: the keys after u went to the list, and ctrl+s
    saved before the text had arrived)."""
    from textual import events

    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        assert screen.listing.current == a1

        def keys(*names):
            for name in names:
                if len(name) == 1:
                    app.post_message(events.Key("space" if name == " " else name, name))
                else:
                    app.post_message(events.Key(name, None))

        keys("u", *"Premier rapport reçu.", "tab", *"en c", "tab", *"40", "tab", *"Clerk of the Assembly", "ctrl+s")
        await settle(pilot, lambda: len(FollowUp(sample).updates(a1)) == 3)
        latest = FollowUp(sample).updates(a1)[-1]
        assert (latest.text, latest.status, latest.progress, latest.author) == \
            ("Premier rapport reçu.", "under way", 40, "Clerk of the Assembly")
        # the form closes once the save is back from disk: on a loaded machine, after the row is there
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
        assert screen.pane.current == "followup-detail"


def test_monitoring_report_80x24(snap_compare, sample, tmp_path, monkeypatch):
    """The monitoring report's screen: the preview of the named report, as of the app's day."""
    from textual.widgets import Input

    monkeypatch.setattr("facilitator.core.followup.store.now_iso", lambda: "2024-06-29T10:00:00.000Z")  # its last change
    two_activities(sample)
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    app = make_app(sample)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.open_monitoring_export()
        await settle(pilot, lambda: getattr(app.screen, "text", None) is not None, timeout=30)
        # the path box holds the temporary folder, which changes from run to run
        app.screen.query_one("#monitoring-path", Input).value = "exports/2024-06-30-follow-up.md"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_last_update_is_corrected_in_place(sample):
    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("E")
        await settle(pilot, lambda: screen.pane.current == "followup-update")
        form = screen.query_one(UpdateForm)
        assert form.values()["text"] == "Security prevented the Gao hearing."
        assert form.values()["by"] == "person: Hon. Aminata Diallo"
        await pilot.press("home")
        await type_text(pilot, "Insecurity: ")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
    updates = FollowUp(sample).updates(a1)
    assert len(updates) == 2 and updates[-1].text == "Insecurity: Security prevented the Gao hearing."
    assert FollowUp(sample).history("update", updates[-1].id)[0].state["text"] == "Security prevented the Gao hearing."
