"""What the app takes from how it is started: the bidi mode (option, environment, saved
setting) and the automatic backup each time a session is opened from the home screen."""

from __future__ import annotations

import pytest

from facilitator.cli import cmd_open
from facilitator.core import backup
from facilitator.core.models import ContributionIn
from facilitator.tui import bidi
from facilitator.tui.app import FacilitatorApp


@pytest.fixture
def plain_terminal(monkeypatch):
    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(var, raising=False)
    before = bidi.get_mode()
    yield
    bidi.set_mode(before)


def test_the_saved_setting_is_used_and_the_option_wins(store, plain_terminal, monkeypatch):
    bidi.save_mode(store, "off")
    bidi.set_mode("on")  # as a previous run in this process might have left it
    app = FacilitatorApp(store=store)
    assert app.bidi_mode == "off" and not bidi.active()
    app = FacilitatorApp(store=store, bidi="on")
    assert app.bidi_mode == "on" and bidi.active()
    assert store.get_setting("bidi") == "off"  # an option is for this run only
    monkeypatch.setenv("FACILITATOR_BIDI", "on")
    assert FacilitatorApp(store=store).bidi_mode == "on"


@pytest.mark.parametrize("argv", [
    ["--bidi", "off", "open", "{sid}"],
    ["open", "{sid}", "--bidi", "off"],
])
def test_the_bidi_option_reaches_the_app(run_cli, sahel, monkeypatch, argv):
    seen = {}

    def fake_tui(store, session_id, **kwargs):
        seen.update(kwargs, session=session_id)
        return 0

    monkeypatch.setattr(cmd_open, "_run_tui", fake_tui)
    status, _, err = run_cli(*[a.format(sid=sahel[:8]) for a in argv])
    assert status == 0, err
    assert seen["bidi"] == "off" and seen["session"] == sahel


def test_a_bidi_mode_that_does_not_exist_is_refused(run_cli, sahel):
    status, _, err = run_cli("--bidi", "sideways")
    assert status == 2 and "sideways" in err


async def test_opening_a_session_from_home_asks_for_a_backup(store, sahel):
    calls = []

    class Backups:  # what cli/cmd_open gives the app
        def start(self):
            calls.append((app.screen.__class__.__name__, app.current_session_id))

    app = FacilitatorApp(store=store, session_id=sahel, backups=Backups(), backup_at_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        # the session opens once the integrity check (a thread) is done: on a loaded machine
        # that takes more than one pause
        for _ in range(600):
            await pilot.pause(0.05)
            if type(app.screen).__name__ == "CaptureScreen":
                break
        await pilot.pause()
        assert calls == [("CaptureScreen", sahel)]  # the backup at start-up waits for the first screen
        calls.clear()
        await pilot.press("escape")
        await pilot.pause()
        from facilitator.tui.widgets.session_list import SessionList

        assert app.screen.query_one(SessionList).option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert calls == [("CaptureScreen", sahel)]  # opened from home: backed up


def test_auto_backups_of_one_run_copy_what_changed(store, sahel, db_path):
    runs = cmd_open.AutoBackups(store)
    runs.start()
    assert runs.finish() == []
    assert len(backup.auto_backups(db_path)) == 1
    store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 2),
                                          text="Opened again after this was said."))
    runs.start()
    runs.start()  # one still running: not started twice
    assert runs.finish() == []
    assert len(runs.runs) == 2
    assert len(backup.auto_backups(db_path)) == 2
