"""``facilitator demo`` through the real app: the sample on the capture screen, what the user
does kept in the demo's own database, the blank agenda, and suggestions in the review."""

from __future__ import annotations

import html
from collections import Counter

from textual.widgets import TextArea

from facilitator.cli.cmd_demo import open_demo
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.capture import CaptureScreen

from .test_capture import settle


def screen_text(app) -> str:
    svg = app.export_screenshot()
    return html.unescape(svg).replace("\xa0", " ")


def figures(store, sid) -> dict:
    contributions = store.contributions(sid)
    return {
        "contributions": len(contributions),
        "speakers": len({c.participant_id for c in contributions if c.participant_id}),
        "langs": set(Counter(c.lang for c in contributions)),
        "themes": store.query("SELECT count(*) AS n FROM cluster WHERE session_id = ? AND deleted_at IS NULL"
                              " AND parked = 0", (sid,))[0]["n"],
        "recommendations": store.query("SELECT count(*) AS n FROM recommendation WHERE session_id = ?"
                                       " AND deleted_at IS NULL", (sid,))[0]["n"],
    }


async def test_the_demo_opens_the_sample_and_keeps_what_the_user_did(tmp_path):
    path = tmp_path / "demo.db"
    store, session = open_demo(path)
    assert session.made
    before = figures(store, session.id)
    assert before["contributions"] >= 60 and before["speakers"] >= 8
    assert before["langs"] == {"en", "fr", "ar"}
    assert before["themes"] >= 3 and before["recommendations"] >= 2
    app = FacilitatorApp(store=store, session_id=session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen) and app.screen.session_id == session.id
        shown = screen_text(app)
        assert "Q1 of 14" in shown and "Nadia Benmoussa" in shown  # the last speaker of Q1
        await pilot.press("ctrl+f")  # from the floor
        await pilot.pause()
        composer = app.focused
        assert isinstance(composer, TextArea)
        composer.insert("A new point typed in the demo.")
        await pilot.press("enter")
        await settle(pilot, lambda: len(store.contributions(session.id)) == before["contributions"] + 1)
        await pilot.press("ctrl+q")
        await pilot.pause()
    store.close()

    again, same = open_demo(path)
    try:
        assert not same.made and same.id == session.id
        after = figures(again, same.id)
        assert after["contributions"] == before["contributions"] + 1
        assert again.contributions(same.id)[-1].text == "A new point typed in the demo."
        assert len(again.sessions()) == 1
    finally:
        again.close()


async def test_the_empty_demo_is_the_blank_agenda_with_the_panel(tmp_path):
    path = tmp_path / "demo.db"
    store, blank = open_demo(path, empty=True)
    try:
        assert figures(store, blank.id)["contributions"] == 0
        assert len(store.questions(blank.id)) == 14
        names = [p.name for p in store.participants()]
        assert len(names) == 15 and len({n.casefold() for n in names}) == 15
        assert len(store.sessions()) == 2  # the sample is there too, sharing the roster
        app = FacilitatorApp(store=store, session_id=blank.id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CaptureScreen) and app.screen.session_id == blank.id
    finally:
        store.close()
    store, again = open_demo(path, empty=True)
    try:
        assert not again.made and again.id == blank.id and len(store.sessions()) == 2
    finally:
        store.close()


async def test_the_review_of_the_sample_suggests_themes_for_the_question_left_open(tmp_path):
    store, session = open_demo(tmp_path / "demo.db")
    q13 = store.question_id(session.id, 13)
    app = FacilitatorApp(store=store, session_id=session.id)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            from facilitator.tui.screens.review import ReviewScreen

            # the built-in method: the multilingual model's first load would take most of the test
            app.push_screen(ReviewScreen(session.id, q13, method="char-tfidf"))
            await pilot.pause()
            await pilot.press("g")
            await settle(pilot, lambda: getattr(app.screen, "proposal", None) is not None, timeout=60)
            proposal = app.screen.proposal
            assert proposal is not None and len(proposal.clusters) >= 2
    finally:
        store.close()
