"""The capture screen in a real terminal (a pseudo-terminal, the bytes a terminal sends), not only
the Pilot: a new line with ctrl+j, a panelist with alt+N, a burst of keys, a slip in the list."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from facilitator.core.agenda import create_session, load_agenda
from facilitator.core.store import Store
from tests.benchmarks import ptyrun

from ..conftest import SAHEL_EN

ROOT = Path(__file__).resolve().parents[2]
pty_only = pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")


def _session(db: Path) -> str:
    store = Store.open(db)
    try:
        session, text = load_agenda(SAHEL_EN)
        return create_session(store, session, agenda_text=text).id  # with its panel of nine
    finally:
        store.close()


def _app(db: Path, sid: str) -> ptyrun.PtyProcess:
    env = dict(os.environ, FACILITATOR_EMBED="off")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db), "open", sid], env=env, cwd=ROOT)


def _rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT p.name, c.text FROM contribution c LEFT JOIN participant p ON p.id = c.participant_id"
            " WHERE c.deleted_at IS NULL ORDER BY c.seq").fetchall()
    finally:
        conn.close()


def _wait_rows(db: Path, n: int, timeout: float = 20) -> list[tuple]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rows = _rows(db)
        if len(rows) >= n:
            return rows
        time.sleep(0.1)
    return _rows(db)


@pty_only
def test_ctrl_j_and_alt_n_work_in_a_terminal(tmp_path):
    """Finding 1: "line one", ctrl+j, "line two" is two lines (it was "line oneline two");
    alt+3 as terminals send it (escape, then 3) gives the floor to panelist 3 in one key."""
    db = tmp_path / "f.db"
    sid = _session(db)
    with _app(db, sid) as term:
        assert term.read_until(b"Contribution", timeout=60) is not None, ptyrun.plain(term.output)[-1500:]
        term.drain(0.5)
        term.send(b"\x1b3")  # alt+3: Ms. Helene Ravoahangy, third on the panel
        term.drain(0.3)
        term.send("Première ligne".encode())
        term.send(b"\n")  # ctrl+j
        term.send(b"second line")
        term.send(b"\x1b[13;2u")  # shift+enter, as a terminal with the kitty protocol sends it
        term.send(b"third line\r")
        assert term.read_until(b"saved Q1-001", timeout=20) is not None, ptyrun.plain(term.output)[-1500:]
        # a burst: the floor, a sentence and enter, sent in one go
        term.send(b"\x06Vite dit, vite saisi.\r")
        assert term.read_until(b"saved Q1-002", timeout=20) is not None
        term.send(b"\x11")  # ctrl+q
        term.wait(timeout=20)
    assert _rows(db) == [
        ("Ms. Hélène Ravoahangy", "Première ligne\nsecond line\nthird line"),
        (None, "Vite dit, vite saisi."),
    ]


@pty_only
def test_typing_in_the_list_in_a_terminal_changes_no_entry(tmp_path):
    """Finding 2, as a person at a terminal does it: ctrl+l, then a sentence without escape.
    Nothing is deleted, moved or edited; the sentence goes to the composer and is saved as a
    new contribution."""
    db = tmp_path / "f.db"
    sid = _session(db)
    with _app(db, sid) as term:
        assert term.read_until(b"Contribution", timeout=60) is not None
        term.drain(0.5)
        term.send(b"\x06first point\r")
        assert term.read_until(b"saved Q1-001", timeout=20) is not None
        term.send(b"\x06second point\r")
        assert term.read_until(b"saved Q1-002", timeout=20) is not None
        before = _rows(db)
        term.send(b"\x0c")  # ctrl+l: the list
        term.drain(0.3)
        term.send(b"des made sums up the dissent\r")
        assert term.read_until(b"saved Q1-003", timeout=20) is not None
        term.send(b"\x11")
        term.wait(timeout=20)
    assert _rows(db) == before + [(None, "des made sums up the dissent")]
