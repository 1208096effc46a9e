"""Snapshots of the capture screen at 80x24 and at a wide size, with a fixed clock.

After a deliberate change of the screen: look at the new pictures, then accept them with
``pytest --snapshot-update tests/tui/test_capture_snapshots.py``.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.composer import Composer

NOW = dt.datetime(2023, 3, 11, 15, 10, tzinfo=dt.timezone.utc)  # during the panel (14:30-17:30)


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def sahel(store) -> str:
    """The Sahel session as `facilitator new` makes it: its panel of nine on the roster."""
    from facilitator.core.agenda import create_session, load_agenda

    from ..conftest import SAHEL_EN

    session, text = load_agenda(SAHEL_EN)
    return create_session(store, session, agenda_text=text).id


@pytest.fixture
def captured(store, sahel, utc):
    """The Sahel panel 40 minutes in: a few contributions on Q1 (one in Arabic), question 1
    over its 15 minutes, Amina Diallo speaking."""
    amina = store.add_participant(ParticipantIn(name="Amina Diallo", organization="National Assembly of Niger",
                                                stakeholder_group="Parliament"))
    jean = store.add_participant(ParticipantIn(name="Jean Dupont", stakeholder_group="Civil society"))
    q1 = store.question_id(sahel, 1)
    q3 = store.question_id(sahel, 3)
    texts = [
        (amina, q1, "Parliaments must own the security budget and scrutinise every line of it."),
        (jean, q1, "Les communautés locales doivent être consultées avant tout déploiement."),
        (None, q1, "Question from the floor: who oversees private security contractors?"),
        (amina, q1, "يجب تعزيز الرقابة البرلمانية على القوات المسلحة"),
        (jean, q3, "Civilian harm tracking cells, reporting to parliament."),
        (amina, q1, "Oversight committees need cleared staff and access to classified annexes."),
    ]
    for i, (pid, qid, text) in enumerate(texts):
        c = store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, participant_id=pid, text=text))
        stamp = f"2023-03-11T14:{35 + 4 * i:02d}:00.000Z"
        with store.write() as conn:
            conn.execute("UPDATE contribution SET created_at = ?, updated_at = ? WHERE id = ?", (stamp, stamp, c.id))
    with store.write() as conn:
        conn.execute("UPDATE question SET allotment_min = 15 WHERE id = ?", (q1,))
        conn.execute(
            "INSERT INTO question_visit (session_id, question_id, started_at, ended_at) VALUES (?, ?, ?, ?)",
            (sahel, q1, "2023-03-11T14:32:00.000Z", "2023-03-11T14:52:30.000Z"),
        )
    store.set_setting(f"capture.speaker.{sahel}", amina)
    return sahel


def make_app(store, sid):
    app = FacilitatorApp(store=store, session_id=sid)
    app.clock = lambda: NOW
    return app


async def settle(pilot):
    await pilot.pause()
    composer = pilot.app.screen.query_one(Composer)
    composer.cursor_blink = False
    composer.insert("She adds that budgets")
    await pilot.pause()


def test_capture_80x24(snap_compare, store, captured):
    assert snap_compare(make_app(store, captured), terminal_size=(80, 24), run_before=settle)


def test_capture_wide(snap_compare, store, captured):
    assert snap_compare(make_app(store, captured), terminal_size=(140, 40), run_before=settle)


def test_capture_speaker_picker_80x24(snap_compare, store, captured):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+o", "j")
        await pilot.pause()

    assert snap_compare(make_app(store, captured), terminal_size=(80, 24), run_before=run_before)


def test_capture_group_question_80x24(snap_compare, store, captured):
    """A name not on the roster: the stakeholder group is asked, and enter adds them (escape
    adds nobody); the composer stays whole."""
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+o", "z", "o", "e", "enter")
        await pilot.pause()

    assert snap_compare(make_app(store, captured), terminal_size=(80, 24), run_before=run_before)


def test_capture_list_mode_80x24(snap_compare, store, captured):
    """ctrl+l: the list of entries, one chosen; its keys in the footer."""
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+l", "up", "up")
        await pilot.pause()

    assert snap_compare(make_app(store, captured), terminal_size=(80, 24), run_before=run_before)


def test_capture_editing_80x24(snap_compare, store, captured):
    """ctrl+e in the list: the entry is edited in the composer itself."""
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+l", "up", "ctrl+e")
        await pilot.pause()
        pilot.app.screen.query_one(Composer).cursor_blink = False

    assert snap_compare(make_app(store, captured), terminal_size=(80, 24), run_before=run_before)


LONG_NAME = "His Excellency Dr. Mohamed Ould Abdallahi Ould Cheikh Sidiya"


async def _long_speaker_and_a_notice(pilot):
    """A speaker whose name fills the line, two in the queue, and a notice (issue 21, finding 9)."""
    await settle(pilot)
    screen = pilot.app.screen
    pid = screen.store.add_participant(ParticipantIn(name=LONG_NAME, organization="National Assembly of Mauritania",
                                                     stakeholder_group="Parliament"))
    screen.speakers.load()
    screen.floor.give(pid)
    screen.floor.queue = [None, pid]
    screen.speakers.show()
    screen.notify("Moved to Q3: now Q3-004 (ctrl+r undoes).", timeout=60)
    await pilot.pause(0.3)


def test_capture_notice_and_long_speaker_80x24(snap_compare, store, captured):
    """The notice sits over the stream, above the speaker line: the question and the speaker
    line stay in view; the speaker's name is cut, never keeps/asks, the queue or the clock."""
    assert snap_compare(make_app(store, captured), terminal_size=(80, 24), run_before=_long_speaker_and_a_notice)
