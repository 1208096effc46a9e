"""The capture screen, driven by the Pilot on a real database: the rapporteur's whole flow."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input, TextArea

from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.capture import CaptureScreen
from facilitator.tui.screens.dialogs import DraftOfferScreen
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.contribution_stream import ContributionStream
from facilitator.tui.widgets.question_rail import QuestionRail

from ..conftest import typed_drafts, typed_text


async def type_text(pilot, text: str) -> None:
    """Type into the focused box. Short texts go key by key; sentences are inserted at the
    cursor in one go (the Pilot takes tens of milliseconds per key press)."""
    focused = pilot.app.focused
    screen = pilot.app.screen
    if isinstance(screen, CaptureScreen) and screen.picker.is_open:
        await pilot.press(*["space" if ch == " " else ch for ch in text])  # the picker filters from keys
    elif len(text) <= 3 or focused is None:
        await pilot.press(*["space" if ch == " " else ch for ch in text])
    elif isinstance(focused, TextArea):
        focused.insert(text)
    else:
        assert isinstance(focused, Input), focused
        focused.insert_text_at_cursor(text)
    await pilot.pause()


def rows(store, sid):
    """(question position, speaker, text) of the live contributions, in order."""
    return [(c.question_position, c.speaker, c.text) for c in store.contributions(sid)]


async def settle(pilot, done, timeout: float = 15.0) -> None:
    """Let the app work until ``done()`` or the deadline (a busy machine needs more than one
    pause); the caller asserts afterwards."""
    import time

    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)


async def open_capture(pilot, app):
    await pilot.pause()
    screen = next((s for s in reversed(app.screen_stack) if isinstance(s, CaptureScreen)), app.screen)
    assert isinstance(screen, CaptureScreen)
    return screen


async def test_the_whole_flow(store, sahel):
    store.add_participant(ParticipantIn(name="Amina Diallo", organization="National Assembly of Niger",
                                        stakeholder_group="Parliament"))
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_capture(pilot, app)
        composer = screen.query_one(Composer)
        assert composer.has_focus

        # pick a known speaker by two letters of her organization, then save twice: speaker kept
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_text(pilot, "ni")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Parliaments must own the security budget.")
        await pilot.press("enter")
        await pilot.pause()
        assert composer.text == ""
        await type_text(pilot, "Oversight of the armed forces is weak.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(store, sahel) == [
            (1, "Amina Diallo", "Parliaments must own the security budget."),
            (1, "Amina Diallo", "Oversight of the armed forces is weak."),
        ]

        # a new speaker, created on the spot with a stakeholder group
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_text(pilot, "Jean Dupont")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "civ")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Les communautes doivent etre entendues.")
        await pilot.press("enter")
        await pilot.pause()
        jean = store.participant(store.find_participants("Jean Dupont")[0])
        assert jean.stakeholder_group == "Civil society"

        # another new one: escape at the group question adds nobody; "no group for now" adds them
        await pilot.press("f3")
        await pilot.pause()
        await type_text(pilot, "Moussa Traore")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert store.find_participants("Moussa Traore") == []
        await pilot.press("f3")
        await type_text(pilot, "Moussa Traore")
        await pilot.press("enter", "end", "enter")
        await pilot.pause()
        assert store.participant(store.find_participants("Moussa Traore")[0]).stakeholder_group is None

        # the floor, on the next question
        await pilot.press("f6")
        await pilot.pause()
        assert screen.question.position == 2
        await pilot.press("ctrl+f")
        await type_text(pilot, "A question from the floor.")
        await pilot.press("enter")
        await pilot.pause()
        assert rows(store, sahel)[-1] == (2, None, "A question from the floor.")
        assert screen.query_one(ContributionStream).option_count == 1

        # back to question 1 by number
        await pilot.press("ctrl+g")
        await pilot.pause()
        await type_text(pilot, "1")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question.position == 1
        stream = screen.query_one(ContributionStream)
        assert stream.option_count == 3

        # edit the second contribution: the old text is kept as a revision
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert screen.mode == "list" and composer.has_focus
        await pilot.press("up")
        assert stream.selected.text == "Oversight of the armed forces is weak."
        target = stream.selected.id
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert composer.text == "Oversight of the armed forces is weak."
        await pilot.press("backspace")
        await type_text(pilot, ", and must be strengthened.")
        await pilot.press("enter")
        await pilot.pause()
        assert store.contribution(target).text == "Oversight of the armed forces is weak, and must be strengthened."
        assert [r.text for r in store.revisions("contribution", target)] == ["Oversight of the armed forces is weak."]

        # move it to question 3 (after the edit, the list again)
        assert screen.mode == "list"
        await pilot.press("ctrl+g")
        await pilot.pause()
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        assert store.contribution(target).question_position == 3
        assert stream.option_count == 2

        # change the speaker of the last one (Jean's) to Moussa
        await pilot.press("end")
        assert stream.selected.speaker == "Jean Dupont"
        jeans = stream.selected.id
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_text(pilot, "mou")
        await pilot.press("enter")
        await pilot.pause()
        assert store.contribution(jeans).speaker == "Moussa Traore"

        # delete it, then undo the delete
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert store.contribution(jeans).deleted_at is not None
        assert stream.option_count == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.contribution(jeans).deleted_at is None
        assert stream.option_count == 2

        # delete again and undo while typing with ctrl+r
        await pilot.press("end", "ctrl+d")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.mode == "typing"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert store.contribution(jeans).deleted_at is None

        # navigate: previous at the first question stays, next twice reaches question 3
        await pilot.press("f5")
        assert screen.question.position == 1
        await pilot.press("alt+down", "ctrl+down")
        await pilot.pause()
        assert screen.question.position == 3
        assert [c.id for c in stream.entries.values()] == [target]

        # the rail's counts, kept up to date one by one, agree with the database
        rail = screen.query_one(QuestionRail)
        assert {k: v for k, v in rail.counts.items() if v} == {
            k: v for k, v in store.question_counts(sahel).items() if k is not None
        }

    # all of it is in the database
    assert rows(store, sahel) == [
        (1, "Amina Diallo", "Parliaments must own the security budget."),
        (3, "Amina Diallo", "Oversight of the armed forces is weak, and must be strengthened."),
        (1, "Moussa Traore", "Les communautes doivent etre entendues."),
        (2, None, "A question from the floor."),
    ]
    # and the time on each question visited was recorded
    visits = store.query("SELECT question_id, ended_at FROM question_visit WHERE session_id = ?", (sahel,))
    assert len(visits) >= 4 and all(v["ended_at"] for v in visits)


async def test_saving_without_a_speaker_asks_who_said_it(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await type_text(pilot, "Who is speaking?")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.picker.is_open  # the speaker picker
        assert store.contributions(sahel) == []
        await pilot.press("escape")  # cancelled: nothing saved, text kept
        await pilot.pause()
        assert screen.query_one(Composer).text == "Who is speaking?"
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "floor")
        await pilot.press("enter")
        await pilot.pause()
    assert rows(store, sahel) == [(1, None, "Who is speaking?")]


async def test_keep_speaker_off_asks_again_after_each_save(store, sahel):
    store.add_participant(ParticipantIn(name="Amina Diallo"))
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+t")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_text(pilot, "am")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "One.")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.picker.is_open  # asked again at once
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.speaker_chosen
    assert store.get_setting("capture.keep_speaker") == "0"


async def test_a_failed_write_keeps_the_text_and_says_so(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+f")
        await type_text(pilot, "This must not be lost.")
        # another program holds the write lock and we will not wait for it
        store.conn.execute("PRAGMA busy_timeout = 0")
        other = sqlite3.connect(store.path, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("enter")
            await pilot.pause()
            assert screen.query_one(Composer).text == "This must not be lost."
            assert "NOT SAVED" in screen.query_one(Composer).border_subtitle
            assert any("Not saved" in n.message for n in app._notifications)
            assert screen.query_one(ContributionStream).option_count == 0
        finally:
            other.rollback()
            other.close()
        assert store.contributions(sahel) == []
        await pilot.press("ctrl+s")  # the lock is gone: saved now
        await pilot.pause()
        assert screen.query_one(Composer).text == ""
    assert rows(store, sahel) == [(1, None, "This must not be lost.")]


async def test_the_draft_is_autosaved_and_restored(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("f6")
        await pilot.press("ctrl+f")
        await pilot.press("H", "a", "l", "f", "space", "a")  # real key presses
        await type_text(pilot, " sentence")
        await pilot.pause()
        # on disk within a tenth of a second (drafts.AUTOSAVE_GAP): nothing to press, no quit
        await settle(pilot, lambda: [d.text for d in typed_drafts(store, sahel)] == ["Half a sentence"], timeout=2)
        [draft] = typed_drafts(store, sahel)
        assert draft.text == "Half a sentence"
        assert draft.question_id == store.question_id(sahel, 2)
        assert draft.started_at
        assert draft.window_id == app.window.id
    # a new app (another window) on the same database: the text is offered, and enter puts it
    # back, on the same question
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await settle(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        assert isinstance(app.screen, DraftOfferScreen)
        assert screen.query_one(Composer).text == ""  # not loaded without asking
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen)
        assert screen.query_one(Composer).text == "Half a sentence"
        assert screen.question.position == 2
        await type_text(pilot, " and the rest.")
        await pilot.press("enter")
        await pilot.pause()
    assert rows(store, sahel) == [(2, None, "Half a sentence and the rest.")]
    assert typed_drafts(store, sahel) == []


async def test_the_stream_shows_existing_contributions_and_arabic(store, sahel):
    q1 = store.question_id(sahel, 1)
    store.add_contributions(
        [ContributionIn(session_id=sahel, question_id=q1, text=f"Idea number {i}") for i in range(300)]
        + [ContributionIn(session_id=sahel, question_id=q1, text="يجب تعزيز الرقابة البرلمانية")]
    )
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        stream = screen.query_one(ContributionStream)
        # the latest 200 at once, a line for the 101 earlier ones
        assert (stream.option_count, stream.earlier) == (201, 101)
        assert stream.selected.text == "يجب تعزيز الرقابة البرلمانية"  # newest at the bottom, selected
        assert screen.query_one(QuestionRail).counts[q1] == 301
        await pilot.press("ctrl+l", "home", "enter")
        await pilot.pause()
        assert (stream.option_count, stream.earlier) == (301, 0)
        assert stream.selected.text == "Idea number 101"  # where the window began
        # an old one asked for by id (as search does) is brought into view
        await pilot.press("f6")
        await pilot.pause()
        first = store.contributions(sahel, question_id=q1, limit=1)[0]
        screen.focus_contribution(first.id)
        await pilot.pause()
        assert screen.question.position == 1
        assert stream.selected.id == first.id


async def test_help_and_palette_list_every_capture_action(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_capture(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        keys = " ".join(str(table.get_row_at(i)[1]) for i in range(table.row_count))
        for key in ("ctrl+s", "ctrl+o", "ctrl+f", "f5", "f6", "ctrl+g", "ctrl+l", "ctrl+r", "ctrl+t", "enter", "ctrl+j",
                    "ctrl+e", "ctrl+d", "ctrl+b", "ctrl+n", "f7", "alt+1", "ctrl+y"):
            assert key in keys, key
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        # and the command palette offers every action
        titles = [t for t, _, _ in screen.palette_commands()]
        for words in ("Save this contribution", "Speaker: pick", "Undo", "Go to question", "Roster", "queue",
                      "Move a contribution", "Edit a contribution", "Flag", "Pause"):
            assert any(words in t for t in titles), words


async def test_keys_typed_in_a_burst_land_where_they_belong(store, sahel):
    """Keys that arrive all at once (fast typing while the app was busy) are handled in order:
    the speaker picker gets the name, the composer gets the text, enter saves it all."""
    from textual import events

    store.add_participant(ParticipantIn(name="Amina Diallo"))
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)

        def keys(*names):
            for name in names:
                if len(name) == 1:
                    app.post_message(events.Key("space" if name == " " else name, name))
                else:
                    app.post_message(events.Key(name, "\r" if name == "enter" else None))

        keys("ctrl+o", "a", "m", "enter", *"Quick test", "enter")
        keys(*"Second ", "ctrl+s")
        keys(*"no speaker yet", "ctrl+t")
        # (between bursts: wait, up to a deadline, for the app to work through the burst)
        await settle(pilot, lambda: screen.query_one(Composer).text == "no speaker yet")
        assert screen.query_one(Composer).text == "no speaker yet"
        # to the list, one up, edit, type, save
        keys("ctrl+l", "up", "ctrl+e", *" fast", "enter")
        await settle(pilot, lambda: app.screen is screen and "Quick test fast" in [r[2] for r in rows(store, sahel)])
        # then (the edit saved, back in the list) move the last one to question 2
        keys("end", "ctrl+g", "2", "enter")
        await settle(pilot, lambda: (2, "Amina Diallo", "Second") in rows(store, sahel))
    assert rows(store, sahel) == [(1, "Amina Diallo", "Quick test fast"), (2, "Amina Diallo", "Second")]


async def test_quitting_keeps_the_text_being_typed(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_capture(pilot, app)
        await type_text(pilot, "Typed just before ctrl+q")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert typed_text(store, sahel) == "Typed just before ctrl+q"
    assert store.contributions(sahel) == []


async def test_a_failed_autosave_is_reported_and_retried(store, sahel, monkeypatch):
    from facilitator.tui.screens.capture import drafts

    monkeypatch.setattr(drafts, "BUSY_PATIENCE", 0.0)  # a lock that lasts: reported at once
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await type_text(pilot, "Autosave me")
        store.conn.execute("PRAGMA busy_timeout = 0")
        other = sqlite3.connect(store.path, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            screen._flush_draft(force=True)  # what the autosave timer does
            await pilot.pause()
            assert any("Autosave failed" in n.message for n in app._notifications)
            assert screen.query_one(Composer).text == "Autosave me"
            assert screen._dirty_since is not None  # will be tried again
        finally:
            other.rollback()
            other.close()
        screen._flush_draft()
        await pilot.pause()
        assert typed_text(store, sahel) == "Autosave me"
        assert any("works again" in n.message for n in app._notifications)
