"""``facilitator backup`` and the automatic backup when the app opens a session: real files,
a real second process saving while the copy is taken."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import cmd_open
from facilitator.core import backup
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store

from .conftest import ROOT, db_fingerprint


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM contribution")}
    finally:
        conn.close()


def _add(store, sid, text, position=1):
    return store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, position), text=text))


def test_backup_to_a_file_is_a_whole_private_copy(run_cli, store, sahel, db_path, tmp_path):
    for i in range(30):
        _add(store, sahel, f"Contribution {i}: parliaments must oversee security budgets.", 1 + i % 14)
    out_file = tmp_path / "copies" / "before-the-break.db"
    status, out, err = run_cli("backup", "-o", out_file)
    assert status == 0, err
    assert out.strip().splitlines()[-1] == str(out_file)
    assert "30 contributions" in err
    assert _mode(out_file) == 0o600
    assert _integrity(out_file) == "ok"
    assert db_fingerprint(out_file) == db_fingerprint(db_path)
    # one self-contained file, and facilitator opens it like any database
    assert not Path(f"{out_file}-wal").exists()
    with Store.open(out_file, create=False) as copy:
        assert copy.session(sahel).contribution_count == 30
    assert not list(out_file.parent.glob(".*.tmp"))


def test_backup_without_o_goes_to_the_backups_folder(run_cli, store, sahel, db_path):
    _add(store, sahel, "kept")
    status, out, err = run_cli("backup")
    assert status == 0, err
    copy = Path(out.strip().splitlines()[-1])
    assert copy.parent == db_path.parent / "backups"
    assert _mode(copy.parent) == 0o700 and _mode(copy) == 0o600
    assert db_fingerprint(copy) == db_fingerprint(db_path)


def test_backup_never_overwrites_and_never_targets_the_database(run_cli, store, sahel, db_path, tmp_path):
    existing = tmp_path / "precious.db"
    existing.write_bytes(b"someone else's file")
    status, _, err = run_cli("backup", "-o", existing)
    assert status == 2 and "already exists" in err
    assert existing.read_bytes() == b"someone else's file"
    before = db_fingerprint(db_path)
    status, _, err = run_cli("backup", "-o", db_path)
    assert status == 2 and "the database itself" in err
    assert db_fingerprint(db_path) == before


def test_backup_of_a_missing_database_creates_nothing(run_cli, tmp_path):
    missing = tmp_path / "nowhere.db"
    status, _, err = run_cli("backup", "-o", tmp_path / "copy.db", db=missing)
    assert status == 2 and "no such database" in err
    assert not missing.exists() and not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_backup_of_a_bad_file_leaves_it_untouched(run_cli, tmp_path, content):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    status, _, err = run_cli("backup", "-o", tmp_path / "copy.db", db=bad)
    assert status == 2 and str(bad) in err
    assert bad.read_bytes() == content
    assert not (tmp_path / "copy.db").exists()


SAVER = r"""
import sys
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store
db, sid = sys.argv[1], sys.argv[2]
store = Store.open(db, create=False)
qids = [q.id for q in store.questions(sid)]
i = 0
while True:
    c = store.add_contribution(ContributionIn(session_id=sid, question_id=qids[i % len(qids)],
                                              text=f"saved while a backup runs {i} " + "x" * (i % 7 * 500)))
    sys.stdout.write(c.id + "\n")
    sys.stdout.flush()
    i += 1
"""


def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_backup_while_another_process_saves(store, sahel, db_path, tmp_path):
    store.close()
    child = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(db_path), sahel],
        stdout=subprocess.PIPE, text=True, env=_child_env(), cwd=ROOT,
    )
    saved: list[str] = []
    copies = []
    try:
        for round_ in range(4):
            for _ in range(25):  # let the other process save some more
                line = child.stdout.readline()
                assert line, "the saving process stopped"
                saved.append(line.strip())
            copies.append(backup.backup_database(db_path, tmp_path / f"copy-{round_}.db"))
    finally:
        child.kill()
        child.wait(timeout=10)
    counts = []
    for result in copies:
        assert _integrity(result.path) == "ok"
        ids = _ids(result.path)
        counts.append(len(ids))
    # each copy holds at least what had been reported saved when it was taken, in order
    for n, result in enumerate(copies):
        assert set(saved[: 25 * (n + 1)]) <= _ids(result.path)
    assert counts == sorted(counts)
    assert set(saved) <= _ids(db_path)


def test_auto_backup_keeps_the_last_five_private_copies(store, sahel, db_path):
    made = []
    for i in range(7):
        _add(store, sahel, f"between openings {i}")
        result = backup.auto_backup(db_path)
        assert result.created
        made.append(result.path)
    kept = backup.auto_backups(db_path)
    assert kept == made[-5:]
    assert _mode(db_path.parent / "backups") == 0o700
    assert all(_mode(p) == 0o600 for p in kept)
    assert len(_ids(kept[-1])) == 7 and len(_ids(kept[0])) == 3


def test_auto_backup_does_not_repeat_an_unchanged_copy_or_prune_manual_ones(run_cli, store, sahel, db_path):
    _add(store, sahel, "one")
    status, out, _ = run_cli("backup")
    manual = Path(out.strip().splitlines()[-1])
    first = backup.auto_backup(db_path)
    again = backup.auto_backup(db_path)
    assert again.path == first.path and not again.created
    for i in range(6):
        _add(store, sahel, f"more {i}")
        backup.auto_backup(db_path)
    assert manual.exists()
    assert len(backup.auto_backups(db_path)) == 5


def test_opening_a_session_takes_an_automatic_backup(run_cli, store, sahel, db_path, monkeypatch):
    _add(store, sahel, "must survive")
    seen = {}

    def fake_tui(store_, session_id, **_):
        seen["session"] = session_id
        return 0

    monkeypatch.setattr(cmd_open, "_run_tui", fake_tui)
    status, _, err = run_cli("open", sahel[:8])
    assert status == 0, err
    assert seen["session"] == sahel
    [copy] = backup.auto_backups(db_path)
    assert _mode(copy) == 0o600
    assert db_fingerprint(copy) == db_fingerprint(db_path)


def test_an_empty_database_is_not_backed_up(run_cli, db_path, monkeypatch):
    monkeypatch.setattr(cmd_open, "_run_tui", lambda store, session_id, **_: 0)
    status, _, _ = run_cli()
    assert status == 0
    assert backup.auto_backups(db_path) == []


def test_a_failed_automatic_backup_warns_but_never_stops_the_app(run_cli, store, sahel, db_path, monkeypatch):
    _add(store, sahel, "still here")
    (db_path.parent / "backups").write_text("a file where the folder should be")
    monkeypatch.setattr(cmd_open, "_run_tui", lambda store, session_id, **_: 0)
    before = db_fingerprint(db_path)
    status, _, err = run_cli("open", sahel)
    assert status == 0
    assert "automatic backup failed" in err
    assert db_fingerprint(db_path) == before


@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
def test_the_real_app_on_a_terminal_leaves_an_automatic_backup(store, sahel, db_path):
    from .benchmarks import ptyrun

    _add(store, sahel, "Parliaments must see the whole security budget.", 3)
    store.close()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    with ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db_path), "open", sahel[:10]],
                           env=env, cwd=ROOT) as term:
        assert term.read_until(b"of 14", timeout=40) is not None, ptyrun.plain(term.output)[-800:]
        term.send(b"\x11")  # ctrl+q
        assert term.wait(timeout=30) == 0
    [copy] = backup.auto_backups(db_path)
    assert _mode(copy) == 0o600 and _integrity(copy) == "ok"
    assert "Parliaments must see the whole security budget." in {
        r[0] for r in sqlite3.connect(copy).execute("SELECT text FROM contribution")
    }


def test_leftovers_of_a_killed_backup_are_cleared_later(store, sahel, db_path):
    _add(store, sahel, "x")
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    old = folder / ".facilitator-auto-20250101T000000000000Z.db.123.456.tmp"
    fresh = folder / ".facilitator-auto-20991231T000000000000Z.db.789.1.tmp"
    for p in (old, fresh):
        p.write_bytes(b"half a copy")
    os.utime(old, (1, 1))
    backup.auto_backup(db_path)
    assert not old.exists() and fresh.exists()  # a copy still being written elsewhere is left alone
