"""Each state of the database file gets its own message and the right advice (issue 26,
finding 5): with the ``-wal`` deleted while another program has the database open, ``add``
said "the database is damaged ... open a copy from backups": the file was fine, and a backup
is older than the saves that program holds. Only damage advises a backup."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.benchmarks import ptyrun

from .conftest import SAHEL_EN


def _cli(db, *args, timeout=120):
    env = dict(os.environ, FACILITATOR_EMBED="off", TERM="dumb")
    return subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture
def held(tmp_path):
    """A database held open by another program (this test's process, through SQLite alone),
    which saved three rows since the last checkpoint; then its ``-wal`` is deleted."""
    db = tmp_path / "x.db"
    made = _cli(db, "new", SAHEL_EN)
    assert made.returncode == 0, made.stderr
    sid = made.stdout.strip().splitlines()[-1]
    holder = sqlite3.connect(db)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("PRAGMA wal_autocheckpoint=0")
    for i in range(3):
        holder.execute("INSERT INTO setting (key, value) VALUES (?, 'held')", (f"held-{i}",))
        holder.commit()
    os.unlink(f"{db}-wal")
    yield db, sid, holder
    holder.close()


def test_a_deleted_journal_is_not_called_damage(held):
    db, sid, holder = held
    done = _cli(db, "add", sid, "-q", "1", "a point")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    message = done.stderr
    assert f"{db}-wal was deleted while another program has the database open" in message
    assert "not damaged" in message and "do not open a copy from backups" in message
    assert "open one with --db" not in message and "is damaged" not in message
    # the advice is right: once the other program closes, its saves are in the file, and add works
    holder.close()
    again = sqlite3.connect(db)
    try:
        assert again.execute("SELECT count(*) FROM setting WHERE value = 'held'").fetchone()[0] == 3
    finally:
        again.close()
    done = _cli(db, "add", sid, "-q", "1", "a point")
    assert done.returncode == 0, done.stderr


def test_a_command_that_only_reads_warns_that_the_newest_saves_may_be_missing(held):
    db, sid, _holder = held
    done = _cli(db, "sessions")
    assert done.returncode == 0
    assert "journal of the database, is missing" in done.stderr and "quit it normally" in done.stderr


@pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")
def test_the_app_says_the_same_and_offers_no_new_database(held):
    db, sid, _holder = held
    env = dict(os.environ, FACILITATOR_EMBED="off")
    with ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db), "open", sid], env=env) as term:
        status = term.wait(timeout=60)
        shown = ptyrun.plain(term.output).decode("utf-8", "replace")
    assert status == 2, shown[-800:]
    flat = " ".join(shown.split())
    assert "not damaged" in flat and "Start a new, empty database" not in flat and "Traceback" not in flat


def test_a_read_the_disk_refuses_is_not_called_damage(tmp_path):
    """An I/O error while reading (injected below SQLite): the file is not known to be damaged;
    the message says to check the drive, not to open a backup."""
    from tests.faults import shim

    library, why = shim.build()
    if library is None:
        pytest.skip(why)
    db = tmp_path / "x.db"
    made = _cli(db, "new", SAHEL_EN)
    sid = made.stdout.strip().splitlines()[-1]
    env = dict(os.environ, FACILITATOR_EMBED="off", LD_PRELOAD=str(library), FSFAULT_MATCH=str(db),
               FSFAULT_PROB="1", FSFAULT_ERRNO="EIO", FSFAULT_READS="1", FSFAULT_AFTER="3")
    done = subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db), "add", sid, "-q", "1", "x"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "disk refused to read" in done.stderr or "disk refused the operation" in done.stderr, done.stderr
    assert "backups" not in done.stderr and "damaged (" not in done.stderr, done.stderr


def test_damage_still_advises_a_backup(tmp_path):
    db = tmp_path / "x.db"
    made = _cli(db, "new", SAHEL_EN)
    sid = made.stdout.strip().splitlines()[-1]
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'question'").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:  # no connection is open
        fh.seek((root - 1) * page)
        fh.write(b"\x0d" + b"\xff" * 64)
    done = _cli(db, "add", sid, "-q", "1", "x")
    assert done.returncode == 2 and "damaged" in done.stderr and "backups" in done.stderr, done.stderr
