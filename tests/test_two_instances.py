"""Two app instances on one database file: both save, in real processes at the same time, and
neither loses the other's writes (the busy timeout absorbs the contention)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest

from facilitator.core.store import Store

from .conftest import ROOT, SAHEL_EN

# Waits for a go file so both start together; saves N contributions, reading between saves as
# the capture screen does; prints each id once saved, then "done".
WORKER = r"""
import os, sys, time
from facilitator.core.drafts import Draft
from facilitator.core.models import ContributionIn
from facilitator.core.store import Store
db, sid, tag, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
while not os.path.exists(go):
    time.sleep(0.001)
store = Store.open(db, create=False)
qids = [q.id for q in store.questions(sid)]
speaker = store.participant_by_name(f"Speaker {tag}", group="Parliament")
for i in range(n):
    qid = qids[i % len(qids)]
    c = store.add_contribution(ContributionIn(session_id=sid, question_id=qid, participant_id=speaker,
                                              text=f"{tag} says point {i}"))
    if i % 10 == 0:
        store.contributions(sid, question_id=qid, limit=50)
        store.save_draft(Draft(window_id=tag, place="capture", scope=sid, session_id=sid,
                               text=f"{tag} is typing {i}", question_id=qid))
    sys.stdout.write(c.id + "\n")
    sys.stdout.flush()
print("done", flush=True)
"""

# Opens (maybe creating) the database as soon as the go file exists and creates one session.
OPENER = r"""
import os, sys, time
from facilitator.core.agenda import load_agenda
from facilitator.core.store import Store
db, agenda, go = sys.argv[1], sys.argv[2], sys.argv[3]
while not os.path.exists(go):
    time.sleep(0.0005)
store = Store.open(db)
session, text = load_agenda(agenda)
print(store.create_session(session, agenda_text=text), flush=True)
"""


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_together(scripts: list[list[str]], go) -> list[tuple[int, str, str]]:
    procs = [
        subprocess.Popen([sys.executable, "-c", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=_env(), cwd=ROOT)
        for args in scripts
    ]
    time.sleep(0.3)  # let both import and wait at the line
    go.write_text("go")
    results = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        results.append((p.returncode, out, err))
    return results


@pytest.mark.slow
def test_two_processes_saving_at_once_both_keep_every_write(store, sahel, db_path, tmp_path):
    store.close()
    n = 150
    go = tmp_path / "go"
    results = _run_together([[WORKER, str(db_path), sahel, tag, str(n), str(go)] for tag in ("A", "B")], go)
    ids = {}
    for tag, (status, out, err) in zip("AB", results):
        assert status == 0, err
        lines = out.split()
        assert lines[-1] == "done"
        ids[tag] = lines[:-1]
        assert len(ids[tag]) == n
    with Store.open(db_path, create=False) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = again.contributions(sahel)
        assert {c.id for c in rows} == set(ids["A"]) | set(ids["B"])
        assert [c.seq for c in rows] == list(range(1, 2 * n + 1))  # unique references, no gap
        for tag in "AB":  # each instance's own order is kept
            mine = [c.text for c in rows if c.text.startswith(tag)]
            assert mine == [f"{tag} says point {i}" for i in range(n)]
        assert {c.speaker for c in rows} == {"Speaker A", "Speaker B"}


@pytest.mark.slow
def test_two_instances_starting_at_once_on_a_new_file(tmp_path):
    db = tmp_path / "brand-new.db"
    go = tmp_path / "go"
    results = _run_together([[OPENER, str(db), str(SAHEL_EN), str(go)] for _ in range(2)], go)
    for status, _out, err in results:
        assert status == 0, err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM session").fetchone()[0] == 2
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        migrations = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert len(migrations) == len(set(migrations))
    finally:
        conn.close()
