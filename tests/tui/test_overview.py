"""The overview screen: Pilot tests and snapshot tests on the known data set (tests/stats_data.py)."""

from __future__ import annotations

import time

import pytest
from textual.widgets import TabbedContent

from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn
from facilitator.tui import bidi
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.overview import OverviewScreen
from facilitator.tui.widgets.overview_balance import OverviewBalance
from facilitator.tui.widgets.overview_questions import OverviewQuestions

from .. import stats_data
from ..conftest import SAHEL_AR
from .test_capture import settle


@pytest.fixture
def utc(monkeypatch):
    """Times on screen are local: pin the zone so snapshots are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def bidi_on(monkeypatch):
    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(var, raising=False)
    before = bidi.get_mode()
    bidi.set_mode("on")
    yield
    bidi.set_mode(before)


@pytest.fixture
def arabic(store):
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    stats_data.load(store, sid)
    leila = store.participant_by_name("ليلى حسن", group="برلمان")
    c = store.add_contribution(
        ContributionIn(
            session_id=sid,
            question_id=store.question_id(sid, 2),
            participant_id=leila,
            text="الرقابة على الموازنة (Q2) ضرورية",
        )
    )
    with store.write() as conn:
        conn.execute(
            "UPDATE contribution SET started_at = ?, created_at = ? WHERE id = ?",
            (stats_data.at("15:00:00"), stats_data.at("15:01:30"), c.id),
        )
    return sid


def overview_app(store, sid):
    app = FacilitatorApp(store=store)

    async def open_overview(pilot):
        await pilot.pause()
        app.open_overview(sid)
        await pilot.pause()
        await pilot.pause()

    return app, open_overview


async def test_overview_shows_the_figures_and_switches_tabs(store, sahel, utc, bidi_on):
    stats_data.load(store, sahel)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_overview(sahel)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        summary = str(screen.query_one("#overview-summary").render())
        assert "8 contributions" in summary and "4 speakers" in summary and "2 not heard" in summary
        questions = str(screen.query_one(OverviewQuestions).render())
        assert "Q1" in questions and "9m/10m" in questions
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == "questions"
        await pilot.press("3")
        assert tabs.active == "speakers"
        balance = str(screen.query_one(OverviewBalance).render())
        assert "Not heard yet (2): Grace Mensah (Civil society)" in balance
        assert "Aminata Diallo" in balance
        await pilot.press("2")
        assert tabs.active == "pace"
        await pilot.press("1")
        assert tabs.active == "questions"
        # A new contribution shows after a refresh.
        store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 4), text="new"))
        await pilot.press("r")
        assert "9 contributions" in str(screen.query_one("#overview-summary").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OverviewScreen)


async def test_palette_offers_the_overview_from_a_session(store, sahel):
    from facilitator.tui.commands import FacilitatorCommands

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(sahel)
        await pilot.pause()
        provider = FacilitatorCommands(app.screen)
        titles = [t for t, _, _ in provider._commands()]
        assert "Overview and speaker balance" in titles


async def test_overview_of_an_empty_session(store, sahel, utc):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_overview(sahel)
        await pilot.pause()
        await pilot.press("2")
        assert "0 contributions" in str(app.screen.query_one("#overview-summary").render())


def test_snapshot_overview_questions(snap_compare, store, sahel, utc, bidi_on):
    stats_data.load(store, sahel)
    app, run_before = overview_app(store, sahel)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_overview_speakers(snap_compare, store, sahel, utc, bidi_on):
    stats_data.load(store, sahel)
    app, run_before = overview_app(store, sahel)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before, press=["3"])


def test_snapshot_overview_pace(snap_compare, store, sahel, utc, bidi_on):
    stats_data.load(store, sahel)
    app, run_before = overview_app(store, sahel)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before, press=["2"])


def test_snapshot_overview_arabic_session(snap_compare, store, arabic, utc, bidi_on):
    app, run_before = overview_app(store, arabic)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_overview_arabic_speakers_wide(snap_compare, store, arabic, utc, bidi_on):
    app, run_before = overview_app(store, arabic)
    assert snap_compare(app, terminal_size=(110, 30), run_before=run_before, press=["3"])


async def test_open_visit_counts_up_to_the_app_clock(store, sahel, utc):
    import datetime as dt

    stats_data.load(store, sahel, visits=True)  # Q3's visit is still open, from 15:02
    app = FacilitatorApp(store=store)
    app.clock = lambda: dt.datetime(2023, 3, 11, 15, 10, tzinfo=dt.timezone.utc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_overview(sahel)
        await pilot.pause()
        figures = app.screen.figures
        assert figures.time_source == "visits"
        assert [q.seconds for q in figures.questions[:3]] == [20 * 60, 12 * 60, 8 * 60]
        text = str(app.screen.query_one(OverviewQuestions).render())
        assert "time: question visits" in text and "20m/10m!" in text  # over its allotment


async def test_arabic_display_mode_from_the_palette_is_stored(store, sahel, bidi_on):
    bidi.set_mode("auto")
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_overview(sahel)
        await pilot.pause()
        from facilitator.tui.commands import FacilitatorCommands

        commands = {title: callback for title, _, callback in FacilitatorCommands(app.screen)._commands()}
        assert "Arabic display: on (now auto)" in commands  # in the app's palette, on every screen
        screen = app.screen
        await settle(pilot, lambda: screen.figures is not None)
        read, drawn = [], []
        screen.action_refresh_figures = lambda: read.append(True)
        screen._draw = lambda o: drawn.append(o)
        commands["Arabic display: on (now auto)"]()
        await pilot.pause()
        # the overview follows the app's bidi_mode: it drew the figures it has again, without reading them
        assert drawn == [screen.figures] and not read
        assert bidi.get_mode() == "on" and store.get_setting("bidi") == "on"
        bidi.set_mode("auto")
        assert bidi.configure(store) == "on"  # what the app reads at start
