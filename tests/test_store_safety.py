"""What the store does when the file is not what it should be: damaged pages behind a valid
header, another program's sqlite-utils database, a read-only file or folder, a full disk, and
the file replaced or its ``-wal`` deleted while it is open. Each case: a clear message (the
CLI's exit status 2), never a traceback, and the file left exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from facilitator.core.drafts import Draft
from facilitator.core.errors import CorruptDatabase, DiskFull, FileChanged, ForeignDatabase, ReadOnlyDatabase
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store

from .conftest import ROOT, SAHEL_EN


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def _env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _cli_process(db: Path, *args, user: int | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "facilitator", "--db", str(db), *map(str, args)]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=env or _env(), timeout=120, cwd=db.parent)


def _populated(path: Path, n: int = 400) -> str:
    """A real facilitator database (rollback journal, no -wal beside it) of many pages."""
    from facilitator.core.agenda import load_agenda

    with Store.open(path) as store:
        session, text = load_agenda(SAHEL_EN)
        sid = store.create_session(session, agenda_text=text)
        qids = [q.id for q in store.questions(sid)]
        store.add_contributions([
            ContributionIn(session_id=sid, question_id=qids[i % len(qids)], text=f"Point {i}: " + "resilience " * 20)
            for i in range(n)
        ])
        store.conn.execute("PRAGMA journal_mode = DELETE")
    return sid


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` (the header and page 1 stay valid)."""
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()
    assert root > 1
    with open(path, "r+b") as fh:  # no connection is open on it (the test's own file)
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


# --- damaged pages behind a valid header ------------------------------------------------------


@pytest.mark.parametrize("table", ["session", "contribution"])
def test_damaged_pages_are_refused_with_a_message_and_never_written(tmp_path, table):
    db = tmp_path / "meeting.db"
    sid = _populated(db)
    _damage_table(db, table)
    before = _files(tmp_path)
    batch = tmp_path / "more.jsonl"
    batch.write_text('{"question": 1, "text": "more"}\n')
    roster = tmp_path / "roster.csv"
    roster.write_text("name,group\nNew Person,Parliament\n")
    before = _files(tmp_path)
    for args in (["add", sid, "-q", "1", "a new point"], ["add", sid, "--from", batch],
                 ["new", SAHEL_EN], ["roster", "--import", roster], ["open", sid]):
        done = _cli_process(db, *args, env=_env(TERM="dumb"))
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert "damaged" in done.stderr and str(db) in done.stderr, (args, done.stderr)
    for args in (["sessions"], ["export", sid, "-o", "-"], ["search", "resilience"], ["roster"]):
        done = _cli_process(db, *args)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 2), (args, done.stderr)
        if done.returncode == 2:
            assert "damaged" in done.stderr or "cannot be read" in done.stderr, (args, done.stderr)
    assert _files(tmp_path) == before  # not a byte written, no -wal or -shm made


def test_the_app_on_a_damaged_wal_database_says_so_and_writes_nothing(tmp_path):
    """A WAL database is checked in the background while the app draws its first screen; the
    session opens only once the check has passed. Damaged: one message, exit 2, no traceback."""
    from .benchmarks import ptyrun

    if not ptyrun.available:
        pytest.skip("needs a POSIX pseudo-terminal")
    db = tmp_path / "meeting.db"
    sid = _populated(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    _damage_table(db, "contribution")
    before = _digest(db)
    with ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db), "open", sid], env=_env(),
                           cwd=tmp_path) as term:
        status = term.wait(timeout=60)
        shown = ptyrun.plain(term.output).decode("utf-8", "replace")
    assert status == 2, shown[-800:]
    assert "damaged" in shown and "Traceback" not in shown and "errors shown" not in shown, shown[-800:]
    assert _digest(db) == before


def test_a_damaged_database_is_refused_by_store_open_for_writing(tmp_path):
    db = tmp_path / "meeting.db"
    _populated(db)
    _damage_table(db, "contribution")
    before = _digest(db)
    with pytest.raises(CorruptDatabase, match="damaged"):
        Store.open(db)
    assert _digest(db) == before


# --- another program's database ----------------------------------------------------------------


def test_another_sqlite_utils_apps_database_is_not_taken_for_ours(tmp_path, run_cli):
    db = tmp_path / "notes.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('notes', 'm001', '2026-01-01')")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = _files(tmp_path)
    with pytest.raises(ForeignDatabase, match="another application"):
        Store.open(db)
    status, _, err = run_cli("new", SAHEL_EN, db=db)
    assert status == 2 and "another application" in err
    assert _files(tmp_path) == before


def test_an_empty_sqlite_database_is_ours_to_use(tmp_path):
    db = tmp_path / "blank.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE x (a)")
    conn.execute("DROP TABLE x")
    conn.commit()
    conn.close()
    assert db.stat().st_size > 0
    with Store.open(db) as store:
        assert store.sessions() == []


# --- the file replaced, or its -wal deleted, while it is open ------------------------------------


def test_saving_is_refused_once_the_wal_is_deleted_under_the_store(store, sahel, db_path):
    qid = store.question_id(sahel, 1)
    store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="before"))
    os.unlink(f"{db_path}-wal")
    with pytest.raises(FileChanged, match="-wal was removed"):
        store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="after"))
    with pytest.raises(FileChanged):  # and it stays refused
        store.save_draft(Draft(window_id="w", place="capture", scope=sahel, session_id=sahel, text="typing"))
    assert store.file_changed


def test_saving_is_refused_once_the_database_file_is_replaced(store, sahel, db_path, tmp_path):
    qid = store.question_id(sahel, 1)
    store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="before"))
    other = tmp_path / "other.db"
    Store.open(other).close()
    os.replace(other, db_path)
    with pytest.raises(FileChanged, match="replaced"):
        store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="after"))


def test_saving_is_refused_once_the_database_file_is_removed(store, sahel, db_path):
    os.unlink(db_path)
    with pytest.raises(FileChanged, match="removed"):
        store.save_draft(Draft(window_id="w", place="capture", scope=sahel, session_id=sahel, text="typing"))


# --- read-only file or folder --------------------------------------------------------------------


def _can_setpriv() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv") is not None


@contextlib.contextmanager
def _world_readable_folder():
    folder = Path(tempfile.mkdtemp(prefix="facilitator-ro-"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not _can_setpriv(), reason="needs root and setpriv to run the CLI as another user "
                                                 "(a file that user cannot write)")
@pytest.mark.parametrize("clean_close", [True, False], ids=["closed", "wal-left-behind"])
def test_a_read_only_database_serves_the_commands_that_only_read(clean_close):
    nobody = 65534
    with _world_readable_folder() as folder:
        data = folder / "data"
        data.mkdir()
        db = data / "meeting.db"
        with Store.open(db) as store:
            from facilitator.core.agenda import load_agenda

            session, text = load_agenda(SAHEL_EN)
            sid = store.create_session(session, agenda_text=text)
            store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 2),
                                                  text="Community resilience starts with trust"))
            if not clean_close:
                keep = sqlite3.connect(db)  # another window keeps it open: -wal and -shm stay
                keep.execute("SELECT 1 FROM session").fetchall()
        try:
            for p in [data, *data.iterdir()]:
                p.chmod(0o755 if p.is_dir() else 0o644)
            home = folder / "home"
            home.mkdir()
            os.chown(home, nobody, nobody)
            out = folder / "out"
            out.mkdir()
            os.chown(out, nobody, nobody)
            env = _env(HOME=str(home), XDG_DATA_HOME=str(home / "share"))
            before = _files(data)
            reads = [
                ["sessions"],
                ["sessions", "--json"],
                ["search", "trust"],
                ["roster"],
                ["export", sid, "-o", out / "summary.md"],
                ["cluster", sid, "--method", "char-tfidf"],
                ["backup", "-o", out / "copy.db"],
            ]
            for args in reads:
                done = _cli_process(db, *args, user=nobody, env=env)
                assert done.returncode == 0, (args, done.stderr)
                assert "Traceback" not in done.stderr
            assert "trust" in (out / "summary.md").read_text()
            for args in (["add", sid, "-q", "1", "more"], ["new", SAHEL_EN], ["cluster", sid, "--apply"]):
                done = _cli_process(db, *args, user=nobody, env=env)
                assert done.returncode == 2, (args, done.stdout, done.stderr)
                assert "read-only" in done.stderr and "only read still work" in done.stderr, done.stderr
                assert "Traceback" not in done.stderr
            assert _files(data) == before
        finally:
            if not clean_close:
                keep.close()


# --- a full disk -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _tmpfs(size: str):
    folder = Path(tempfile.mkdtemp(prefix="facilitator-tmpfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small file system to fill up here ({mounted.stderr.strip() or 'not root'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def _fill(folder: Path) -> None:
    """Every block taken (tmpfs: root's reserve too)."""
    fd = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        for chunk in (1 << 16, 1 << 12, 1 << 9, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)


@pytest.mark.skipif(sys.platform != "linux", reason="mounts a small tmpfs (Linux)")
def test_a_full_disk_says_so_and_the_reading_commands_still_work(tmp_path):
    with _tmpfs("2m") as disk:
        db = disk / "meeting.db"
        with Store.open(db) as store:
            from facilitator.core.agenda import load_agenda

            session, text = load_agenda(SAHEL_EN)
            sid = store.create_session(session, agenda_text=text)
        _fill(disk)
        before = _digest(db)
        done = _cli_process(db, "add", sid, "-q", "1", "x " * 4000)
        assert done.returncode == 2, done.stderr
        assert "disk is full" in done.stderr and "damaged" not in done.stderr, done.stderr
        done = _cli_process(db, "sessions")
        assert done.returncode == 0, done.stderr
        assert "Mitigating" in done.stdout
        done = _cli_process(db, "export", sid, "-o", tmp_path / "summary.md")
        assert done.returncode == 0, done.stderr
        assert _digest(db) == before
        with pytest.raises((DiskFull, ReadOnlyDatabase, FileChanged, CorruptDatabase)) as caught:
            with Store.open(db) as store:
                store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 1),
                                                      text="y " * 40000))
        assert "full" in str(caught.value)


@pytest.mark.skipif(sys.platform != "linux", reason="mounts a small tmpfs (Linux)")
def test_a_new_database_on_a_full_disk_says_the_disk_is_full(tmp_path):
    with _tmpfs("1m") as disk:
        _fill(disk)
        done = _cli_process(disk / "new.db", "new", SAHEL_EN)
        assert done.returncode == 2
        assert "disk is full" in done.stderr and "damaged" not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


# --- an export or merge never writes over the database --------------------------------------------


def test_export_and_merge_never_write_over_the_database(run_cli, store, sahel, db_path, tmp_path):
    for target in (db_path, f"{db_path}-wal"):
        status, _, err = run_cli("export", sahel, "-o", target, "--force")
        assert status == 2 and "the database itself" in err, err
    summary = tmp_path / "s.md"
    assert run_cli("export", sahel, "-o", summary)[0] == 0
    status, _, err = run_cli("merge", summary, "-o", db_path, "--force")
    assert status == 2 and "the database itself" in err, err
    assert store.sessions() and store.identity.problem() is None  # still our database, untouched
