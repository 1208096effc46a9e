"""A corrupt or foreign database file when the app starts: a clear message, the file never
modified, and a new database offered elsewhere (asked on a terminal; named in scripts)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from facilitator.cli import cmd_open
from facilitator.core import schema
from facilitator.core.store import Store

from .benchmarks import ptyrun
from .conftest import ROOT


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, amount REAL)")
    conn.execute("INSERT INTO invoices (customer, amount) VALUES ('ACME', 12.5)")
    conn.commit()
    conn.close()


def _newer_schema(path: Path) -> None:
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _damaged(path: Path) -> None:
    """A real facilitator database whose pages were overwritten after the header."""
    store = Store.open(path)
    store.conn.execute("PRAGMA journal_mode = DELETE")
    store.close()
    data = bytearray(path.read_bytes())
    data[100:] = os.urandom(len(data) - 100)
    path.write_bytes(bytes(data))


BAD_FILES = {
    "random-bytes": (_random, "not a SQLite database"),
    "empty": (_empty, "empty"),
    "other-application": (_other_app, "another application"),
    "newer-schema": (_newer_schema, "newer version"),
    "damaged-pages": (_damaged, "damaged"),
}


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_db(request, tmp_path) -> tuple[Path, str]:
    make, words = BAD_FILES[request.param]
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "meeting.db"
    make(path)
    return path, words


def test_scripts_get_the_message_and_a_suggested_path_and_exit_2(run_cli, bad_db, monkeypatch):
    path, words = bad_db
    launched = []
    monkeypatch.setattr(cmd_open, "_run_tui", lambda store, sid, **_: launched.append(store) or 0)
    before = _snapshot(path.parent)
    status, out, err = run_cli(db=path)
    assert status == 2
    assert words in err and str(path) in err
    assert "was not changed" in err
    assert f"facilitator --db {path.parent / 'meeting-new.db'}" in err
    assert launched == []
    assert _snapshot(path.parent) == before  # not a byte changed, no file added (no -wal, no -new.db)


def test_open_session_on_a_bad_file_is_refused_the_same_way(run_cli, bad_db, monkeypatch):
    path, _ = bad_db
    monkeypatch.setattr(cmd_open, "_run_tui", lambda store, sid, **_: 0)
    before = _snapshot(path.parent)
    status, _, err = run_cli("open", "01abc", db=path)
    assert status == 2 and "meeting-new.db" in err
    assert _snapshot(path.parent) == before


def test_other_commands_refuse_a_bad_file_untouched(run_cli, bad_db):
    path, words = bad_db
    before = _snapshot(path.parent)
    for args in (["sessions"], ["add", "01abc", "-q", "1", "text"], ["backup", "-o", str(path.parent / "copy.db")]):
        status, _, err = run_cli(*args, db=path)
        assert status == 2 and str(path) in err, args
    assert _snapshot(path.parent) == before


def test_suggested_path_never_reuses_an_existing_file(tmp_path):
    bad = tmp_path / "meeting.db"
    (tmp_path / "meeting-new.db").write_bytes(b"x")
    (tmp_path / "meeting-new-2.db").write_bytes(b"x")
    assert cmd_open.suggest_new_path(bad) == tmp_path / "meeting-new-3.db"


def test_suggested_path_moves_to_the_user_data_folder_when_the_folder_is_read_only(tmp_path, monkeypatch):
    bad = tmp_path / "ro" / "meeting.db"
    real_access = os.access
    monkeypatch.setattr(cmd_open.os, "access", lambda p, mode: False if Path(p) == bad.parent else real_access(p, mode))
    suggested = cmd_open.suggest_new_path(bad)
    assert suggested.parent != bad.parent
    assert suggested.name == "meeting-new.db"
    assert str(suggested).startswith(os.environ["HOME"])  # the isolated user data folder


def test_interactive_yes_starts_a_new_database_and_keeps_the_bad_file(run_cli, bad_db, monkeypatch):
    path, _ = bad_db
    before = _snapshot(path.parent)
    opened = {}

    def fake_tui(store, sid, **_):
        opened["path"], opened["sid"] = store.path, sid
        return 0

    monkeypatch.setattr(cmd_open, "_interactive", lambda: True)
    monkeypatch.setattr(cmd_open, "_ask", lambda question: True)
    monkeypatch.setattr(cmd_open, "_run_tui", fake_tui)
    status, _, err = run_cli("open", "01abc", db=path)  # the session cannot be in a new database
    assert status == 0, err
    new = path.parent / "meeting-new.db"
    assert opened == {"path": new, "sid": None}
    assert Store.open(new, create=False).sessions() == []
    after = _snapshot(path.parent)
    assert after["meeting.db"] == before["meeting.db"]
    assert set(after) - set(before) <= {"meeting-new.db", "meeting-new.db-wal", "meeting-new.db-shm"}


def test_interactive_no_changes_nothing(run_cli, bad_db, monkeypatch):
    path, _ = bad_db
    before = _snapshot(path.parent)
    monkeypatch.setattr(cmd_open, "_interactive", lambda: True)
    monkeypatch.setattr(cmd_open, "_ask", lambda question: False)
    monkeypatch.setattr(cmd_open, "_run_tui", lambda store, sid, **_: pytest.fail("the app must not start"))
    status, _, err = run_cli(db=path)
    assert status == 2 and "left as it was" in err
    assert _snapshot(path.parent) == before


pty_only = pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")


def _facilitator_on_a_terminal(db: Path) -> ptyrun.PtyProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db)], env=env, cwd=ROOT)


@pty_only
def test_on_a_real_terminal_the_user_is_asked_and_can_decline(tmp_path):
    bad = tmp_path / "meeting.db"
    _random(bad)
    before = _snapshot(tmp_path)
    with _facilitator_on_a_terminal(bad) as term:
        assert term.read_until(b"[y/N]", timeout=30) is not None, term.output[-500:]
        assert b"not a SQLite database" in ptyrun.plain(term.output)
        term.send(b"n\r")
        assert term.wait(timeout=20) == 2
    assert _snapshot(tmp_path) == before


@pty_only
def test_on_a_real_terminal_yes_opens_the_app_on_a_new_database(tmp_path):
    bad = tmp_path / "meeting.db"
    _other_app(bad)
    before = _snapshot(tmp_path)
    with _facilitator_on_a_terminal(bad) as term:
        assert term.read_until(b"[y/N]", timeout=30) is not None, term.output[-500:]
        term.send(b"y\r")
        assert term.read_until(b"No sessions yet", timeout=30) is not None, ptyrun.plain(term.output)[-800:]
        term.send(b"\x11")  # ctrl+q
        assert term.wait(timeout=20) == 0
    after = _snapshot(tmp_path)
    assert after["meeting.db"] == before["meeting.db"]
    with Store.open(tmp_path / "meeting-new.db", create=False) as store:
        assert store.sessions() == []
