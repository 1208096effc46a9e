"""Kill the app with SIGKILL while a contribution is being typed: nothing is lost.

The real command (``python -m facilitator open SESSION``) runs in its own process on a
pseudo-terminal; the test types into it as a terminal would, waits until the database shows
what the app reports (saved contributions, the autosaved draft), kills it with SIGKILL, then
opens the session again and finds the draft back in the composer.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest

from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.dialogs import DraftOfferScreen
from facilitator.tui.widgets.composer import Composer

from ..conftest import typed_drafts, typed_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DEADLINE = 30.0  # generous: a slow CI machine; this is a wait, not a speed test


def wait_for(predicate, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


class Terminal:
    """The app in a child process on a pseudo-terminal of 100x30."""

    def __init__(self, db, session_id: str, tmp_path):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30", HOME=str(tmp_path))
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "--db", str(db), "open", session_id],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:  # the app blocks if nobody reads what it draws
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def type(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)
        try:
            os.close(self.master)
        except OSError:
            pass


def test_sigkill_while_typing_keeps_saved_contributions_and_the_draft(store, sahel, db_path, tmp_path):
    def live() -> list[str]:
        return [c.text for c in store.contributions(sahel)]

    term = Terminal(db_path, sahel, tmp_path)
    try:
        # the capture screen is up when it has recorded its visit to question 1
        wait_for(lambda: store.query("SELECT 1 FROM question_visit WHERE session_id = ?", (sahel,)), "the app to start")
        term.type("\x06")  # ctrl+f: the floor
        term.type("The first thing said.\r")
        wait_for(lambda: live() == ["The first thing said."], "the first contribution")
        term.type("A second point, « en français ».\r")
        wait_for(lambda: len(live()) == 2, "the second contribution")
        term.type("Half a sentence that was never sav")
        wait_for(lambda: typed_text(store, sahel) == "Half a sentence that was never sav", "the autosave")
    finally:
        term.kill()
    assert term.proc.returncode == -signal.SIGKILL

    assert live() == ["The first thing said.", "A second point, « en français »."]

    async def reopen():
        app = FacilitatorApp(store=store, session_id=sahel)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):  # the draft left behind by the killed window is offered
                await pilot.pause(0.05)
                if isinstance(app.screen, DraftOfferScreen):
                    break
            assert isinstance(app.screen, DraftOfferScreen)
            assert "Half a sentence that was never sav" in str(app.screen.body_text)
            await pilot.press("enter")  # put it back
            await pilot.pause()
            composer = app.screen.query_one(Composer)
            assert composer.text == "Half a sentence that was never sav"
            await pilot.press("e", "d", ".", "enter")
            await pilot.pause()

    import asyncio

    asyncio.run(reopen())
    assert live()[-1] == "Half a sentence that was never saved."
    assert typed_drafts(store, sahel) == []
    # the visit left open by the kill was closed when the session was opened again
    assert not store.query("SELECT 1 FROM question_visit WHERE session_id = ? AND ended_at IS NULL", (sahel,))
