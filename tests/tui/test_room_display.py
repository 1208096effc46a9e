"""The room display (issue 21): a read-only, large view of the current guiding question and the
latest contributions, following the capture window live, with an anonymous variant."""

from __future__ import annotations

import pytest

from facilitator.core import capture as cap
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.display import DisplayScreen

from .test_capture import settle
from .test_capture_snapshots import utc  # noqa: F401 - the fixture

SAID = [
    ("amina", "Parliaments must own the security budget and scrutinise every line of it."),
    (None, "Question from the floor: who oversees private security contractors? As Hon. Amina Diallo said, "
           "oversight needs staff."),
    ("amina", "يجب تعزيز الرقابة البرلمانية على القوات المسلحة"),
]


@pytest.fixture
def room(store, sahel, db_path):
    amina = store.add_participant(ParticipantIn(name="Hon. Amina Diallo", organization="National Assembly of Niger",
                                                stakeholder_group="Parliament"))
    q3 = store.question_id(sahel, 3)
    cap.start_visit(store, sahel, q3)  # the capture window is on Q3
    for who, text in SAID:
        store.add_contribution(ContributionIn(session_id=sahel, question_id=q3,
                                              participant_id=amina if who else None, text=text))
    reader = Store.open(db_path, write=False)  # the display only reads
    yield sahel, reader
    reader.close()


def _app(reader, sid, anonymous=False):
    return FacilitatorApp(store=reader, display=sid, anonymous=anonymous)


def test_room_display_80x24(snap_compare, room, utc):  # noqa: F811
    sid, reader = room
    assert snap_compare(_app(reader, sid), terminal_size=(80, 24))


def test_room_display_anonymous_80x24(snap_compare, room, utc):  # noqa: F811
    sid, reader = room
    assert snap_compare(_app(reader, sid, anonymous=True), terminal_size=(80, 24))


def _shown(app) -> str:
    screen = app.screen
    assert isinstance(screen, DisplayScreen)
    return str(screen.query_one("#room-question").render()) + "\n" + str(screen.query_one("#room-stream").render())


async def test_it_follows_the_capture_window_live_and_names_nobody_when_anonymous(store, room):
    sid, reader = room
    app = _app(reader, sid, anonymous=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = _shown(app)
        assert "parliamentary oversight of the armed forces" in shown  # Q3, where the capture window is
        assert "Amina" not in shown and "[name withheld] said" in shown and "Parliament" in shown
        # the capture window saves, then moves to Q4 (another connection: another process)
        store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 3),
                                              text="Civilian harm tracking cells, reporting to parliament."))
        await settle(pilot, lambda: "Civilian harm tracking" in _shown(app), timeout=5)
        assert "Civilian harm tracking" in _shown(app)
        cap.start_visit(store, sid, store.question_id(sid, 4))
        await settle(pilot, lambda: "international community" in _shown(app), timeout=5)
        assert "Nothing said on this question yet." in _shown(app)
        await pilot.press("a")  # named
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
