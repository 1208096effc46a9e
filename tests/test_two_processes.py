"""The invariant of ``core/dbfile.py``, proved with two real processes.

Process A holds a connection to the database (as the app does) and runs, one after the other,
every path of this program that looks at the database file while a connection is open: a
second store opened in the same process (the export and review screens), a read-only store
(the read commands), the automatic and the manual backup, an export, a clustering proposal as
the review's worker makes it, and the background embedder. After each, process B (the real
``facilitator add`` command, and ``sessions --json``) opens the database, writes or reads, and
closes. Each sees the other's writes, and A's ``-wal`` is never deleted: had any path dropped
A's POSIX locks (a plain ``open()``/``close()`` of the file does), B's close would have
checkpointed and deleted the ``-wal`` under A, and A's next saves would be lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SAHEL_EN

HOLDER = r"""
import json, os, sys
from pathlib import Path
from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store

db = Path(sys.argv[1])
store = Store.open(db)
session, text = load_agenda(sys.argv[2])
sid = store.create_session(session, agenda_text=text)
qid = store.question_id(sid, 1)
n = 0


def wal_state():
    # what this process has open: is its -wal still the file at the path?
    deleted = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.endswith("(deleted)") and db.name in target:
            deleted.append(target)
    st = os.stat(f"{db}-wal") if os.path.exists(f"{db}-wal") else None
    return {"wal": [st.st_dev, st.st_ino] if st else None, "deleted": deleted}


def run_path(name):
    if name == "second-store":
        with Store.open(db, create=False) as other:
            other.sessions()
    elif name == "read-only-store":
        with Store.open(db, write=False) as other:
            other.sessions()
    elif name == "auto-backup":
        from facilitator.core.backup import auto_backup
        auto_backup(db)
    elif name == "manual-backup":
        from facilitator.core.backup import backup_database, default_backup_path
        backup_database(db, default_backup_path(db))
    elif name == "background-backup":
        from facilitator.core.backup import BackgroundBackup
        b = BackgroundBackup(db).start(); b.join(30)
        assert b.error is None, b.error
    elif name == "export":
        from facilitator.core.export import export_session
        with Store.open(db, create=False) as other:
            export_session(other, sid)
    elif name == "review":
        from facilitator.core.review import propose
        with Store.open(db, create=False) as other:
            propose(other, sid, None, method="char-tfidf")
    elif name == "embedder":
        from facilitator.core.clustering.background import BackgroundEmbedder
        emb = BackgroundEmbedder(db, sid, method="test-vectors", idle=0.0,
                                 embed_fn=lambda texts: [[1.0, float(len(t))] for t in texts])
        emb.poke(); emb.wait_idle(30); emb.close()
        assert emb.error is None, emb.error
    elif name == "check-file":
        from facilitator.core.store import check_file
        check_file(db)
    else:
        raise SystemExit(f"unknown path {name}")


for line in sys.stdin:
    cmd, _, arg = line.strip().partition(" ")
    if cmd == "add":
        n += 1
        store.add_contribution(ContributionIn(session_id=sid, question_id=qid, text=f"A says {n}"))
        out = {"added": n}
    elif cmd == "path":
        run_path(arg)
        out = {"ran": arg}
    elif cmd == "look":
        texts = [c.text for c in store.contributions(sid)]
        out = {"texts": texts, **wal_state()}
    elif cmd == "quit":
        break
    else:
        out = {"error": cmd}
    print(json.dumps({"sid": sid, **out}), flush=True)
"""

PATHS = [
    "second-store",
    "read-only-store",
    "check-file",
    "auto-backup",
    "manual-backup",
    "background-backup",
    "export",
    "review",
    "embedder",
]


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


class Holder:
    def __init__(self, db):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), str(SAHEL_EN)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env(),
        )

    def ask(self, line: str) -> dict:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, f"the holder died on {line!r}"
        return json.loads(answer)

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            self.proc.wait(30)


def _cli(db, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db), *args],
                          capture_output=True, text=True, env=_env(), timeout=60)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to see the holder's open files")
@pytest.mark.slow
def test_no_path_that_checks_files_drops_the_holders_locks(tmp_path):
    db = tmp_path / "facilitator.db"
    holder = Holder(db)
    try:
        first = holder.ask("add")
        sid = first["sid"]
        wal = holder.ask("look")["wal"]
        assert wal is not None
        expected_a, expected_b = 1, 0
        for path in PATHS:
            holder.ask(f"path {path}")
            # B: a whole process that opens, writes and closes
            done = _cli(db, "add", sid, "-q", "2", f"B after {path}")
            assert done.returncode == 0, done.stderr
            expected_b += 1
            look = holder.ask("look")
            assert look["deleted"] == [], f"after {path}: the holder's files were deleted under it: {look['deleted']}"
            assert look["wal"] == wal, f"after {path}: the -wal was deleted and made again"
            assert f"B after {path}" in look["texts"], f"after {path}: A does not see B's write"
            holder.ask("add")
            expected_a += 1
            listed = json.loads(_cli(db, "sessions", "--json").stdout)
            assert listed[0]["contributions"] == expected_a + expected_b, f"after {path}: B does not see A's write"
    finally:
        holder.close()
    # and nothing was lost when everyone is gone
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM contribution").fetchone()[0] == expected_a + expected_b
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
