"""The follow-up's forms in several windows (issue 21, finding 1, on the screen main gained
since): each window keeps its own draft of a form; a save or an emptied form in one never
touches another's; a draft left behind by a window that no longer runs is offered, never
loaded silently.

The other window is a real process (it writes its draft through the same core calls as a
form, then waits), so whether it still runs is told as between two windows of the app: by its
process; ``kill -9`` leaves its draft behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from facilitator.core.followup.store import FollowUp
from facilitator.core.store import Store
from facilitator.tui.screens.dialogs import DraftOfferScreen
from facilitator.tui.screens.followup.forms import UpdateForm
from tests.followup_data import sample_db, two_activities

from .screen_text import screen_text
from .test_capture import settle
from .test_followup_screen import make_app, open_followup, type_text

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the other window is a process told by its pid")

OTHER_WINDOW = textwrap.dedent("""
    import sys
    from facilitator.core import drafts
    from facilitator.core.store import Store
    from facilitator.core.windows import Window

    db, key, text = sys.argv[1:4]
    window = Window.open()
    with Store.open(db) as store:
        fields = {"text": text, "status": "", "progress": "", "by": "", "date": "2024-06-30", "source": ""}
        store.save_draft(drafts.Draft(window_id=window.id, place=drafts.FOLLOWUP, scope=key, text=text,
                                      owner=window.owner, data={"fields": fields}))
    print("typed", flush=True)
    sys.stdin.read()  # runs until told (or killed)
""")


@pytest.fixture
def sample(tmp_path):
    store = sample_db(tmp_path / "f.db")
    yield store
    store.close()


def other_window(db, key: str, text: str) -> subprocess.Popen:
    """Another window of the app with ``text`` typed in the form ``key``, still running."""
    from tests.terminal import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", OTHER_WINDOW, str(db), key, text], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "typed"
    return proc


def followup_drafts(store: Store) -> list[str]:
    """The text of every follow-up form's draft on disk, of any window."""
    return [json.loads(data)["fields"]["text"] for (data,) in
            store.conn.execute("SELECT data FROM draft WHERE place = 'followup' ORDER BY updated_at")]


async def test_two_windows_typing_an_update_of_one_activity_keep_their_own_drafts(sample):
    a1, _ = two_activities(sample)
    other = other_window(sample.path, f"update:{a1}", "The other window says the decree is signed")
    try:
        app = make_app(sample)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_followup(app, pilot)
            await pilot.press("u")  # the same activity's update form, in this window
            await pilot.pause(0.3)
            form = screen.query_one(UpdateForm)
            # the other window runs: its text is its own, neither loaded nor offered here
            assert form.values()["text"] == "" and "Your draft is back" not in screen_text(app)
            assert not isinstance(app.screen, DraftOfferScreen)
            await type_text(pilot, "This window: hearing held")
            await settle(pilot, lambda: len(followup_drafts(sample)) == 2)
            assert sorted(followup_drafts(sample)) == ["The other window says the decree is signed",
                                                       "This window: hearing held"]
            # emptied here: this window's draft goes, the other's stays
            await pilot.press(*["backspace"] * len("held"))
            await type_text(pilot, "held in Gao")
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: screen.pane.current == "followup-detail")
            assert "This window: hearing held in Gao" in [u.text for u in FollowUp(sample).updates(a1)]
            # the save here ended this window's draft only
            assert followup_drafts(sample) == ["The other window says the decree is signed"]
            await pilot.press("u")  # opened again: the other window's text is still not here
            await pilot.pause(0.3)
            assert form.values()["text"] == "" and not isinstance(app.screen, DraftOfferScreen)
            await pilot.press("escape")
            await pilot.pause()

            other.send_signal(signal.SIGKILL)  # the other window is killed: its draft is left behind
            other.wait()
            await pilot.press("u")
            await settle(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
            assert isinstance(app.screen, DraftOfferScreen)  # offered, not loaded
            assert "The other window says the decree is signed" in screen_text(app)
            assert form.values()["text"] == ""
            await pilot.press("enter")  # put it back here
            await settle(pilot, lambda: form.values()["text"] == "The other window says the decree is signed")
            assert form.values()["text"] == "The other window says the decree is signed"
            await type_text(pilot, " today")
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: screen.pane.current == "followup-detail")
        assert "The other window says the decree is signed today" in [u.text for u in FollowUp(sample).updates(a1)]
        assert followup_drafts(sample) == []
    finally:
        if other.poll() is None:
            other.kill()
            other.wait()


async def test_a_form_left_behind_is_named_when_the_follow_up_opens(sample):
    a1, _ = two_activities(sample)
    other = other_window(sample.path, f"update:{a1}", "Typed before the crash")
    other.send_signal(signal.SIGKILL)
    other.wait()
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await settle(pilot, lambda: "unsaved" in " ".join(n.message for n in app._notifications).lower())
        said = " ".join(str(n.message) for n in app._notifications)
        assert "A-001" in said and "u" in said, said
        assert screen.query_one(UpdateForm).values()["text"] == ""  # nothing loaded until asked


def _cli(db, *args: str) -> None:
    from tests.terminal import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               FACILITATOR_EMBED="off")
    done = subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db), *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


async def test_an_activity_edited_while_a_command_changed_it_shows_both_and_asks(sample):
    """Finding 2 on the follow-up: an edit saved over a change made meanwhile (another window,
    a command) was applied without a word. Here the command line changes A-001's title while
    the form edits it: ctrl+s writes nothing and shows both; m keeps mine, theirs among the
    earlier states."""
    from facilitator.tui.screens.dialogs import ConflictScreen
    from facilitator.tui.screens.followup.forms import ActivityForm

    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        assert screen.listing.current == a1
        await pilot.press("enter")  # edit A-001
        await pilot.pause()
        form = screen.query_one(ActivityForm)
        assert form.values()["title"] == "Hold public hearings in Tillabéri and Gao"
        await pilot.press("end")
        await type_text(pilot, " and Niamey")
        _cli(sample.path, "followup", "edit", "A-001", "--title", "Hold hearings in the regions, said the clerk")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert isinstance(app.screen, ConflictScreen)
        shown = screen_text(app)
        assert "said the clerk" in shown and "and Niamey" in shown
        assert FollowUp(sample).activity(a1).title == "Hold hearings in the regions, said the clerk"  # nothing written
        await pilot.press("m")  # keep mine
        await settle(pilot, lambda: FollowUp(sample).activity(a1).title.endswith("and Niamey"))
    assert FollowUp(sample).activity(a1).title == "Hold public hearings in Tillabéri and Gao and Niamey"
    earlier = [h.state.get("title") for h in FollowUp(sample).history("activity", a1)]
    assert "Hold hearings in the regions, said the clerk" in earlier  # theirs is not lost


async def test_a_correction_met_by_another_keeps_theirs_and_rescues_mine(sample, tmp_path, monkeypatch):
    from facilitator.tui.screens.dialogs import ConflictScreen

    rescue = tmp_path / "rescue.txt"
    monkeypatch.setenv("FACILITATOR_RESCUE", str(rescue))
    a1, _ = two_activities(sample)
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followup(app, pilot)
        await pilot.press("E")  # correct the latest update of A-001
        await pilot.pause()
        form = screen.query_one(UpdateForm)
        assert form.values()["text"] == "Security prevented the Gao hearing."
        await pilot.press("end")
        await type_text(pilot, " Mine")
        _cli(sample.path, "followup", "correct", "A-001", "--text", "Security prevented the Gao hearing. Theirs")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("t")  # keep theirs
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
    assert FollowUp(sample).updates(a1)[-1].text == "Security prevented the Gao hearing. Theirs"
    assert "Security prevented the Gao hearing. Mine" in rescue.read_text(encoding="utf-8")
    assert followup_drafts(sample) == []


async def test_the_follow_up_shows_what_others_save_and_ignores_what_they_type(sample):
    """Every window is live on the follow-up too: an update added by the command line shows
    within about a second; another window typing (its drafts, ten writes a second) does not
    make this screen read and draw its whole list again (it did every two seconds)."""
    import asyncio
    import time

    from facilitator.core import drafts
    from facilitator.core.windows import Window

    a1, _ = two_activities(sample)
    other = Store.open(sample.path)
    try:
        app = make_app(sample)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_followup(app, pilot)
            reads = []
            reload = screen.reload
            screen.reload = lambda *a, **k: (reads.append(1), reload(*a, **k))[1]  # type: ignore[method-assign]
            typist = Window.open()
            sid = sample.sessions()[0].id
            for i in range(30):  # 3 s of another window typing in its composer
                other.save_draft(drafts.Draft(window_id=typist.id, place=drafts.CAPTURE, scope=sid, session_id=sid,
                                              text="typing elsewhere " + "x" * i, owner=typist.owner))
                await asyncio.sleep(0.1)
            assert reads == []
            _cli(sample.path, "followup", "update", "A-001", "Hearing held in Gao at last", "--date", "2024-06-29")
            started = time.monotonic()
            await settle(pilot, lambda: "Hearing held in Gao at last" in screen_text(app), timeout=10)
            assert "Hearing held in Gao at last" in screen_text(app)
            assert time.monotonic() - started < 5
            assert screen.listing.current == a1  # the selection stays
            typist.close()
    finally:
        other.close()
