"""``facilitator demo`` from the command line: its own database (never the user's), ``--reset``
only with a confirmation and after keeping a copy, a bad demo file refused untouched, and the
real command on a terminal."""

from __future__ import annotations

import os
import sys

import pytest

from facilitator.core.store import Store

from .benchmarks import ptyrun
from .conftest import db_fingerprint


@pytest.fixture
def opened(monkeypatch):
    """The app is not started: the sessions it would have opened, with their database."""
    calls = []

    def fake_tui(store, session_id, **kwargs):
        calls.append((store.path, session_id))
        return 0

    monkeypatch.setattr("facilitator.cli.cmd_open._run_tui", fake_tui)
    return calls


def count(path, sid=None):
    with Store.open(path, create=False) as store:
        sid = sid or store.sessions()[0].id
        return len(store.contributions(sid))


def test_the_demo_has_a_database_of_its_own(run_cli, opened, tmp_path, monkeypatch):
    user_db = tmp_path / "mine.db"
    monkeypatch.setenv("FACILITATOR_DB", str(user_db))
    status, out, err = run_cli("demo", db=None)
    assert status == 0, err
    (path, sid), = opened
    assert path.name == "demo.db" and path.parent.name == "facilitator"
    assert str(path).startswith(os.environ["XDG_DATA_HOME"])
    assert not user_db.exists()  # the user's database is never made or touched
    assert "Making the demo database from the sample panel" in err
    assert "115 contributions from 15 speakers" in err
    # the second time it is opened as it is
    status, out, err = run_cli("demo", db=None)
    assert status == 0 and "Making" not in err
    assert opened[1] == (path, sid)


def test_reset_needs_a_yes_off_a_terminal_and_keeps_a_copy(run_cli, opened, tmp_path):
    demo = tmp_path / "demo.db"
    assert run_cli("demo", db=demo)[0] == 0
    (_, sid), = opened
    status, out, err = run_cli("add", sid, "-q", "2", "Added after the demo was made.", db=demo)
    assert status == 0, err
    before = db_fingerprint(demo)
    status, out, err = run_cli("demo", "--reset", db=demo)
    assert status == 2 and "--yes" in err
    assert db_fingerprint(demo) == before and len(opened) == 1
    status, out, err = run_cli("demo", "--reset", "--yes", db=demo)
    assert status == 0, err
    (copy,) = (tmp_path / "backups").glob("demo-2*.db")
    assert f"The earlier demo is kept in {copy}" in err
    assert count(copy, sid) == 116 and count(demo, sid) == 115
    assert opened[-1] == (demo, sid)


def test_a_demo_file_that_is_not_a_database_is_refused_then_reset_moves_it_aside(run_cli, opened, tmp_path):
    demo = tmp_path / "demo.db"
    demo.write_bytes(b"not a database at all, but someone's bytes")
    status, out, err = run_cli("demo", db=demo)
    assert status == 2 and "facilitator demo --reset" in err
    assert demo.read_bytes() == b"not a database at all, but someone's bytes" and not opened
    status, out, err = run_cli("demo", "--reset", "-y", db=demo)
    assert status == 0, err
    (kept,) = (tmp_path / "backups").glob("demo-2*.db")
    assert kept.read_bytes() == b"not a database at all, but someone's bytes"
    assert count(demo) == 115


def test_empty_opens_the_blank_session(run_cli, opened, tmp_path):
    demo = tmp_path / "demo.db"
    status, out, err = run_cli("demo", "--empty", db=demo)
    assert status == 0, err
    (_, sid), = opened
    assert count(demo, sid) == 0
    with Store.open(demo) as store:
        assert len(store.sessions()) == 2 and len(store.participants()) == 15


@pytest.mark.slow
@pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX terminal")
def test_the_real_command_on_a_terminal(tmp_path):
    demo = tmp_path / "demo.db"
    env = dict(os.environ, FACILITATOR_EMBED="off")
    args = [sys.executable, "-m", "facilitator", "demo", "--db", str(demo)]
    with ptyrun.PtyProcess(args, env=env) as proc:
        assert proc.read_until(b"Q1 of 14", timeout=60) is not None, ptyrun.plain(proc.output)[-2000:]
        proc.send(b"\x11")  # ctrl+q
        assert proc.wait(timeout=30) == 0
        proc.drain(0.5)
        assert b"115 contributions from 15 speakers" in ptyrun.plain(proc.output).replace(b"\r\n", b"")
    assert count(demo) == 115
    with ptyrun.PtyProcess(args + ["--reset"], env=env) as proc:
        assert proc.read_until(b"[y/N]", timeout=60) is not None
        proc.send(b"n\r")
        assert proc.wait(timeout=30) == 1
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("demo-2*.db"))


def test_the_parting_words_name_a_command_that_runs_here(run_cli, opened, tmp_path, monkeypatch):
    """Finding 10: on exit the demo said to run `facilitator demo`, which is not on the PATH after
    the Quick start (python3 dev.py demo): it names what runs from here."""
    import shutil

    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))  # `facilitator` is not on the PATH
    status, _out, err = run_cli("demo", db=tmp_path / "demo.db")
    assert status == 0, err
    line = next(line for line in err.splitlines() if "demo: open it again" in line)
    command = line.strip().split(" demo: open it again")[0]
    program = command.split()[0]
    assert program != "facilitator"
    assert os.path.exists(program) or shutil.which(program)
    monkeypatch.setenv("FACILITATOR_COMMAND", "python3 dev.py")  # as dev.py runs it
    status, _out, err = run_cli("demo", db=tmp_path / "demo.db")
    assert "python3 dev.py demo: open it again" in err
