"""The Arabic agenda in the capture screen: questions and contributions readable right to left
on screen, what is typed and stored in logical order. Snapshot at 80x24 and wide, fixed clock.

After a deliberate change of the capture screen: look at the new pictures, then accept them with
``pytest --snapshot-update tests/tui/test_arabic_capture.py``.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.tui import bidi
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.composer import Composer

from ..conftest import SAHEL_AR

NOW = dt.datetime(2023, 3, 11, 15, 10, tzinfo=dt.timezone.utc)  # during the panel (14:30-17:30)
TYPED = "نقترح إنشاء صندوق إقليمي (R-001) للمجتمعات"


@pytest.fixture
def fixed_display(monkeypatch):
    """Zone and bidi mode pinned so that the pictures are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM", "VTE_VERSION", "TMUX", "STY"):
        monkeypatch.delenv(var, raising=False)
    time.tzset()
    before = bidi.get_mode()
    bidi.set_mode("on")
    yield
    bidi.set_mode(before)
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def arabic_session(store, fixed_display):
    """The Arabic agenda 40 minutes in: Arabic, mixed and French contributions on Q1."""
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    leila = store.add_participant(ParticipantIn(name="ليلى حسن", organization="مجلس النواب", stakeholder_group="برلمان"))
    omar = store.add_participant(ParticipantIn(name="عمر الحداد", stakeholder_group="المجتمع المدني"))
    jean = store.add_participant(ParticipantIn(name="Jean Dupont", stakeholder_group="Société civile"))
    q1 = store.question_id(sid, 1)
    texts = [
        (leila, q1, "يَجِبُ تعزيز الرقابة البرلمانية على القوات المسلحة (Q3) وعلى الموازنة."),
        (omar, q1, "المجتمعات المحلية أولاً: لا أمن بدون ثقة."),
        (jean, q1, "Les parlements doivent voter le budget de la sécurité."),
        (leila, q1, "نحتاج إلى Budget 2023 شفاف ومتابعة كل سطر منه"),
    ]
    for i, (pid, qid, body) in enumerate(texts):
        c = store.add_contribution(ContributionIn(session_id=sid, question_id=qid, participant_id=pid, text=body))
        stamp = f"2023-03-11T14:{35 + 4 * i:02d}:00.000Z"
        with store.write() as conn:
            conn.execute("UPDATE contribution SET created_at = ?, updated_at = ? WHERE id = ?", (stamp, stamp, c.id))
    with store.write() as conn:
        conn.execute("UPDATE question SET allotment_min = 15 WHERE id = ?", (q1,))
        conn.execute(
            "INSERT INTO question_visit (session_id, question_id, started_at, ended_at) VALUES (?, ?, ?, ?)",
            (sid, q1, "2023-03-11T14:32:00.000Z", "2023-03-11T14:52:30.000Z"),
        )
    store.set_setting(f"capture.speaker.{sid}", leila)
    return sid


def make_app(store):
    app = FacilitatorApp(store=store)
    app.clock = lambda: NOW
    return app


def opener(app, sid, *, typed: str = ""):
    async def run_before(pilot):
        await pilot.pause()
        app.open_session(sid)
        await pilot.pause()
        composer = app.screen.query_one(Composer)
        composer.cursor_blink = False
        if typed:
            composer.insert(typed)
        await pilot.pause()

    return run_before


async def test_arabic_typed_and_stored_in_logical_order(store, arabic_session):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opener(app, arabic_session, typed=TYPED)(pilot)
        screen = app.screen
        assert getattr(screen, "session_id", None) == arabic_session
        composer = screen.query_one(Composer)
        assert composer.text == TYPED  # the composer keeps logical order
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.contributions(arabic_session)[-1]
        assert saved.text == TYPED and saved.question_position == 1
        # Everything stored is in logical order, harakat included.
        assert store.contributions(arabic_session)[0].text.startswith("يَجِبُ تعزيز")


def test_snapshot_arabic_capture_80x24(snap_compare, store, arabic_session):
    app = make_app(store)
    assert snap_compare(app, terminal_size=(80, 24), run_before=opener(app, arabic_session, typed=TYPED))


def test_snapshot_arabic_capture_wide(snap_compare, store, arabic_session):
    app = make_app(store)
    assert snap_compare(app, terminal_size=(140, 40), run_before=opener(app, arabic_session, typed=TYPED))


# --- the composer with Arabic being typed, and the speaker picker with Arabic names (issue 25) ---

SHORT = "نقترح إنشاء صندوق"
WRAPPING = ("أكدت النائبة ليلى حسن أن البرلمانات في منطقة الساحل تحتاج إلى رقابة فعلية على ميزانيات "
            "الدفاع وأن على الحكومات نشر التقارير كاملة")
MIXED = "طالب Mr. Jean Dupont مكتب UNODC ومجموعة G5 بدعم 12 لجنة قبل 2024 (القرار 2250)"


def typing(app, sid, text: str):
    """Open the session and type ``text`` key by key, as the rapporteur does."""

    async def run_before(pilot):
        await opener(app, sid)(pilot)
        await pilot.press(*text)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("text", [SHORT, WRAPPING, MIXED], ids=["short", "wrapping", "mixed"])
def test_snapshot_composer_typing_arabic_80x24(snap_compare, store, arabic_session, text):
    app = make_app(store)
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing(app, arabic_session, text))


def test_snapshot_speaker_picker_arabic_names_80x24(snap_compare, store, arabic_session):
    app = make_app(store)

    async def run_before(pilot):
        await opener(app, arabic_session)(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
