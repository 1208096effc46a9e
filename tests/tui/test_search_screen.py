"""The search screen, driven by the Pilot on a real database."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.models import ContributionIn
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.search import SearchScreen
from facilitator.tui.widgets.search_results import SearchResults

from ..conftest import SAHEL_AR


def add(store, sid, q, text, speaker=None):
    pid = store.participant_by_name(speaker) if speaker else None
    return store.add_contribution(
        ContributionIn(session_id=sid, question_id=store.question_id(sid, q), participant_id=pid, text=text)
    )


async def open_search(pilot, app, session_id=None):
    await pilot.pause()
    app.open_search(session_id)
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    await searched(pilot, app.screen)
    return app.screen


async def searched(pilot, screen):
    """Until the results shown are those of what is in the box (the search runs in a worker
    once typing pauses)."""
    import asyncio

    await pilot.pause()
    await asyncio.wait_for(screen.settled.wait(), 30)
    await pilot.pause()


async def test_typing_searches_and_enter_opens_the_session_at_the_contribution(store, sahel):
    add(store, sahel, 1, "Parliaments must own the security budget.", "Aminata Diallo")
    target = add(store, sahel, 3, "La sécurité des civils d'abord.", "Jean Dupont")
    add(store, sahel, 2, "Nothing relevant here.")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, app)
        assert app.focused is screen.query_one(Input)
        await pilot.press(*"secur")
        await searched(pilot, screen)
        results = screen.query_one(SearchResults)
        assert results.option_count == 2
        assert {h.id for h in results.hits} >= {target.id}
        # The stored text with the matched word, for the screen.
        assert "sécurité" in str(results.get_option_at_index(0).prompt) + str(results.get_option_at_index(1).prompt)
        await pilot.press("down")
        assert app.focused is results
        index = next(i for i, h in enumerate(results.hits) if h.id == target.id)
        results.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        session_screen = app.screen
        assert getattr(session_screen, "session_id", None) == sahel
        questions = getattr(session_screen, "questions", None)
        if questions is not None and hasattr(session_screen, "question_index"):
            # The capture screen is moved to the contribution's question (Q3).
            assert questions[session_screen.question_index].position == 3
            from facilitator.tui.widgets.contribution_stream import ContributionStream

            stream = session_screen.query_one(ContributionStream)
            assert stream.get_option_at_index(stream.highlighted).id == target.id
        await pilot.press("escape")
        await pilot.pause()
        # The stored text was never touched by searching or displaying.
        assert store.contribution(target.id).text == "La sécurité des civils d'abord."


async def test_arabic_search_ignores_harakat_on_screen(store):
    from facilitator.core.agenda import load_agenda

    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    c = add(store, sid, 1, "كَتَبَ البرلمانُ قانوناً (Q1) جديداً", "ليلى حسن")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, app)
        screen.query_one(Input).value = "كتب"
        await searched(pilot, screen)
        results = screen.query_one(SearchResults)
        assert [h.id for h in results.hits] == [c.id]
        prompt = str(results.get_option_at_index(0).prompt)
        assert "(Q1)" in prompt and ")Q1(" not in prompt  # shaped, reordered, brackets right
        assert store.contribution(c.id).text == "كَتَبَ البرلمانُ قانوناً (Q1) جديداً"


async def test_scope_this_session_or_all(store, sahel):
    from facilitator.core.agenda import load_agenda

    session, text = load_agenda(SAHEL_AR)
    other = store.create_session(session, agenda_text=text)
    add(store, sahel, 1, "resilience fund")
    add(store, other, 1, "resilience in the other session")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, app, sahel)
        screen.query_one(Input).value = "resilience"
        await searched(pilot, screen)
        assert len(screen.query_one(SearchResults).hits) == 1
        await pilot.press("f2")
        await searched(pilot, screen)
        assert len(screen.query_one(SearchResults).hits) == 2
        assert "all sessions" in str(screen.query_one("#search-title").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_no_match_and_empty_query_say_so(store, sahel):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, app)
        assert "Type words" in str(screen.query_one("#search-status").render())
        await pilot.press(*"zzz")
        await searched(pilot, screen)
        assert "No matches" in str(screen.query_one("#search-status").render())
        await pilot.press("enter")  # nothing to focus: stays in the box
        assert app.focused is screen.query_one(Input)


async def test_palette_offers_search(store, sahel):
    from facilitator.tui.commands import FacilitatorCommands

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = FacilitatorCommands(app.screen)
        titles = [t for t, _, _ in provider._commands()]
        assert "Search" in titles


def test_snapshot_search_arabic(snap_compare, store, monkeypatch):
    """Arabic results read right to left, brackets the right way round, matches highlighted."""
    from facilitator.core.agenda import load_agenda
    from facilitator.tui import bidi

    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(var, raising=False)
    before = bidi.get_mode()
    bidi.set_mode("on")
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    add(store, sid, 1, "كَتَبَ البرلمانُ قانوناً جديداً لتعزيز الأمن (Q1) مع الرقابة على الموازنة", "ليلى حسن")
    add(store, sid, 2, "إن الأمن الغذائي أولوية Budget 2023", "Aminata Diallo")
    add(store, sid, 3, "Security sector reform needs oversight.", "Jean Dupont")
    app = FacilitatorApp(store=store)

    async def run_before(pilot):
        await pilot.pause()
        app.open_search(None)
        await pilot.pause()
        app.screen.query_one(Input).value = "امن"
        await searched(pilot, app.screen)
        await pilot.press("down")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        bidi.set_mode(before)
