"""Faults while saving: a process killed mid-write, and a full disk.

Real processes on a real SQLite file: a child saves in a loop and prints each id once
``add_contribution`` has returned (the moment the rapporteur sees "saved"); the parent kills it
with SIGKILL at an arbitrary point, then checks the file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from facilitator.core.store import Store

from .conftest import ROOT, db_fingerprint

SAVER = r"""
import sys
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store
db, sid, tag = sys.argv[1], sys.argv[2], sys.argv[3]
store = Store.open(db, create=False)
qids = [q.id for q in store.questions(sid)]
sizes = [40, 400, 4000, 12000]  # some saves spill onto overflow pages
i = 0
while True:
    text = f"{tag} {i} " + "Les parlements doivent contrôler le budget. " * (sizes[i % 4] // 45)
    c = store.add_contribution(ContributionIn(session_id=sid, question_id=qids[i % len(qids)], text=text))
    sys.stdout.write(c.id + "\n")
    sys.stdout.flush()
    i += 1
"""

BATCH_SAVER = r"""
import sys
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store
db, sid = sys.argv[1], sys.argv[2]
store = Store.open(db, create=False)
qid = store.questions(sid)[0].id
b = 0
while True:
    items = [ContributionIn(session_id=sid, question_id=qid, text=f"batch {b} item {j} " + "x" * (j % 9 * 300))
             for j in range(400)]
    store.add_contributions(items)
    sys.stdout.write(f"{b}\n")
    sys.stdout.flush()
    b += 1
"""


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


def _read_then_kill(child: subprocess.Popen, n: int) -> list[str]:
    """Read ``n`` reported saves, then SIGKILL the child wherever it is."""
    lines = []
    try:
        while len(lines) < n:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    # whatever was printed before the kill also counts as "reported saved"
    lines += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    child.stdout.close()
    return lines


def _integrity(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_while_saving_loses_nothing_that_was_reported_saved(store, sahel, db_path):
    store.close()
    reported: list[str] = []
    for round_, n in enumerate((7, 60, 150)):  # kill early, and after the WAL has grown
        child = _spawn(SAVER, str(db_path), sahel, f"round{round_}")
        got = _read_then_kill(child, n)
        assert len(got) >= n, "the saving process stopped by itself"
        reported += got
        # what a restarted app does: open, check, read
        assert _integrity(db_path) == "ok"
        with Store.open(db_path, create=False) as again:
            present = {r[0] for r in again.conn.execute("SELECT id FROM contribution")}
            assert set(reported) <= present
            seqs = [r[0] for r in again.conn.execute("SELECT seq FROM contribution WHERE session_id = ? ORDER BY seq", (sahel,))]
            assert seqs == list(range(1, len(seqs) + 1))  # no hole, no duplicate reference
            # and it takes new work at once
            again.add_contribution({"session_id": sahel, "text": f"after the crash {round_}"})


@pytest.mark.slow
def test_killed_during_a_batch_leaves_each_batch_all_or_nothing(store, sahel, db_path):
    store.close()
    child = _spawn(BATCH_SAVER, str(db_path), sahel)
    done = _read_then_kill(child, 3)
    assert _integrity(db_path) == "ok"
    conn = sqlite3.connect(db_path)
    try:
        per_batch = dict(
            conn.execute(
                "SELECT substr(text, 1, instr(substr(text, 7), ' ') + 5) AS b, count(*) FROM contribution GROUP BY b"
            ).fetchall()
        )
    finally:
        conn.close()
    assert all(n == 400 for n in per_batch.values()), per_batch
    assert {f"batch {b}" for b in done} <= set(per_batch)


# --- a full disk -------------------------------------------------------------------------------


@pytest.fixture
def disk_full(monkeypatch):
    """Every Store opened from now on sits on a disk with no free page (SQLite's own limit, the
    same SQLITE_FULL a full file system gives); ``disk_full.free()`` gives the space back."""
    real_open = Store.open.__func__

    def full_open(cls, path, **kw):
        store = real_open(cls, path, **kw)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    class Control:
        def fill(self):
            monkeypatch.setattr(Store, "open", classmethod(full_open))

        def free(self):
            monkeypatch.setattr(Store, "open", classmethod(real_open))

    return Control()


@pytest.fixture
def cli_session(run_cli):
    from .conftest import SAHEL_EN

    status, out, err = run_cli("new", SAHEL_EN)
    assert status == 0, err
    return out.strip().splitlines()[-1]


LONG_TEXT = "Le Parlement doit renforcer le contrôle des dépenses de sécurité au Sahel. " * 300


def test_disk_full_on_add_tells_the_user_and_keeps_everything(run_cli, cli_session, db_path, disk_full):
    status, out, err = run_cli("add", cli_session, "-q", "2", "--speaker", "Amina", "saved before the disk filled")
    assert status == 0, err
    before = db_fingerprint(db_path)

    disk_full.fill()
    status, out, err = run_cli("add", cli_session, "-q", "2", LONG_TEXT)
    assert status == 2
    assert "disk is full" in err and "nothing was saved" in err and "your text is kept" in err
    assert "Traceback" not in err and out == ""
    assert db_fingerprint(db_path) == before  # nothing already saved is lost or changed

    disk_full.free()  # space comes back: the same command now works
    status, out, err = run_cli("add", cli_session, "-q", "2", LONG_TEXT)
    assert status == 0, err
    status, out, _ = run_cli("sessions", "--json")
    assert json.loads(out)[0]["contributions"] == 2
    with Store.open(db_path, create=False) as store:
        texts = [c.text for c in store.contributions(cli_session)]
    assert texts == ["saved before the disk filled", LONG_TEXT.strip()]


def test_disk_full_on_a_batch_file_writes_none_of_it(run_cli, cli_session, db_path, tmp_path, disk_full):
    batch = tmp_path / "contributions.jsonl"
    batch.write_text(
        "\n".join(json.dumps({"question": 1 + i % 14, "speaker": f"Speaker {i % 5}", "text": LONG_TEXT[: 2000 + i]})
                  for i in range(40)) + "\n",
        encoding="utf-8",
    )
    before_file = batch.read_bytes()
    before = db_fingerprint(db_path)
    disk_full.fill()
    status, _, err = run_cli("add", cli_session, "--from", batch)
    assert status == 2 and "disk is full" in err
    assert db_fingerprint(db_path) == before
    assert batch.read_bytes() == before_file  # the unsaved text is still there to retry
    disk_full.free()
    status, _, err = run_cli("add", cli_session, "--from", batch)
    assert status == 0, err
    status, out, _ = run_cli("sessions", "--json")
    assert json.loads(out)[0]["contributions"] == 40


BACKER = r"""
import sys
from pathlib import Path
from facilitator.core.backup import backup_database
db, folder = sys.argv[1], Path(sys.argv[2])
i = 0
while True:
    result = backup_database(db, folder / f"copy-{i:04d}.db")
    sys.stdout.write(f"{result.path}\n")
    sys.stdout.flush()
    i += 1
"""


@pytest.mark.slow
def test_killed_while_backing_up_leaves_no_half_copy_under_a_real_name(store, sahel, db_path, tmp_path):
    from facilitator.core.models import ContributionIn

    qid = store.question_id(sahel, 1)
    store.add_contributions([ContributionIn(session_id=sahel, question_id=qid, text=f"idea {i} " + "y" * 800)
                             for i in range(1500)])
    store.close()
    folder = tmp_path / "copies"
    folder.mkdir()
    child = _spawn(BACKER, str(db_path), str(folder))
    reported = _read_then_kill(child, 3)
    assert len(reported) >= 3
    named = sorted(folder.glob("copy-*.db"))
    assert {str(p) for p in named} >= set(reported)
    for copy in named:  # whatever has a real name is a whole, checked copy
        assert _integrity(copy) == "ok"
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("SELECT count(*) FROM contribution").fetchone()[0] == 1500
        finally:
            conn.close()
    assert _integrity(db_path) == "ok"


def test_a_write_the_disk_refuses_says_so_and_not_that_the_file_is_damaged(store, sahel, db_path):
    """An I/O error in the middle of a write (injected below SQLite by the fault shim) is a
    write the disk refused: the message said "the database cannot be read ... copies are in
    backups/" as if the file were damaged."""
    import os
    import subprocess
    import sys

    from tests.faults import shim

    library, why = shim.build()
    if library is None:
        pytest.skip(why)
    before = len(store.contributions(sahel))
    store.close()
    messages = set()
    for after in (20, 30, 40):  # past opening the file: the failures land in the write itself
        env = dict(os.environ, LD_PRELOAD=str(library), FSFAULT_MATCH=str(db_path), FSFAULT_PROB="1",
                   FSFAULT_ERRNO="EIO", FSFAULT_AFTER=str(after))
        done = subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db_path), "add", sahel,
                               "--question", "1", "a sentence the disk refuses"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        messages.add(done.stderr.strip())
    writes = [m for m in messages if "nothing was saved" in m]
    assert writes, messages  # at least one of the three failed inside the write
    for m in writes:
        assert "the disk refused the operation (disk I/O error" in m and "cannot be read" not in m, m
    from facilitator.core.store import Store

    again = Store.open(db_path, create=False)
    try:
        assert len(again.contributions(sahel)) == before  # nothing was written
    finally:
        again.close()
