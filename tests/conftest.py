"""Shared fixtures: a real SQLite file in a temporary folder, the bundled agendas, the CLI."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import os

import pytest
from hypothesis import settings as hypothesis_settings

from facilitator.core.agenda import load_agenda
from facilitator.core.store import Store

# Property tests: the same examples on every run ("ci", the default: a fixed seed, no example
# database, so a run depends on the code alone and a failure is the code's, never the dice's);
# HYPOTHESIS_PROFILE=explore (or `python3 dev.py explore`) draws new inputs on every run and
# keeps what fails in .hypothesis/ to replay. A failure found by exploring goes into the test as
# an @example (see DEVELOPERS.md).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SAHEL_EN = ROOT / "sessions" / "sahel-security-2023.md"
SAHEL_AR = ROOT / "sessions" / "sahel-security-2023.ar.md"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """No test may touch the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("FACILITATOR_DB", raising=False)
    # No embedding threads behind the capture tests; the tests of that feature turn it on.
    monkeypatch.setenv("FACILITATOR_EMBED", "off")
    yield
    # an app that ended gave Python's collector back (tui/idle.py); one that did not end (a
    # test that failed inside run_test) must not leave the next tests without full collections
    from facilitator.tui.idle import IdleCollector

    if IdleCollector.active is not None:
        IdleCollector.active.stop()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "facilitator.db"


@pytest.fixture
def store(db_path):
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def sahel(store) -> str:
    """The Sahel session created from the bundled English agenda; returns its id."""
    session, text = load_agenda(SAHEL_EN)
    return store.create_session(session, agenda_text=text)


@pytest.fixture
def run_cli(capsys, db_path):
    """Run the CLI in-process against the temp database: returns (status, stdout, stderr)."""
    from facilitator.cli import main

    def run(*args: str, db: Path | None = db_path):
        argv = (["--db", str(db)] if db is not None else []) + [str(a) for a in args]
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse errors and --version
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


def db_fingerprint(path: Path) -> str:
    """A digest of every row of every table: equal before and after means nothing changed."""
    if not path.exists():
        return "absent"
    conn = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for t in tables:
            h.update(t.encode())
            for row in conn.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


def typed_drafts(store, session_id: str, place: str = "capture") -> list:
    """Every window's draft of a place in a session (``core.drafts.Draft``), oldest first."""
    from facilitator.core import drafts

    return drafts.of_session(store.conn, session_id, place)


def typed_text(store, session_id: str) -> str | None:
    """The text of the one capture draft of a session (None when there is none)."""
    found = typed_drafts(store, session_id)
    assert len(found) <= 1, found
    return found[0].text if found else None
