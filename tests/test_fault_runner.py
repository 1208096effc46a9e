"""The fault runner's short version (``tests/faults/run.py --quick``): the real app on
pseudo-terminals, two windows killed with SIGKILL among every command that writes, the power
cut (only what was synced survives), injected I/O errors and ENOSPC with retries, the file
changed under the app, every command on damaged pages. Nothing shown saved may be lost, no text
may be saved twice, every refused text must be in the rescue file. The full version (20 rounds
each) runs from the benchmark runner; ``tests/faults/mutations.py`` measures that it fails on
mutated copies of the app.

The first tests check the runner itself, without the app (fast): a runner that cannot fail
proves nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

import pytest

from tests.benchmarks import ptyrun
from tests.faults import run as faults
from tests.faults import shim

needs_pty = pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")


def _needs_shim():
    library, why = shim.build()
    if library is None:
        pytest.skip(why)
    return library


# --- the runner can fail ---------------------------------------------------------------------------


def test_refs_are_read_whole_whatever_their_length():
    assert faults.SAVED.findall(b"saved Q4-1666 at 10:02 ") == [b"Q4-1666"]
    assert faults.SAVED.findall(b"saved Q12-004 at") == [b"Q12-004"]
    assert faults.SAVED.findall(b"saved Q4-16") == []  # not all of it on screen yet


@pytest.fixture
def world(tmp_path):
    return faults.World(tmp_path)


def test_the_check_compares_texts_exactly_and_counts_duplicates(world):
    sid = world.sid
    ids = {}
    for text in ("alpha (edited)", "beta", "beta", "late one"):
        done = world.cli("add", sid, "-q", "1", text)
        assert done.returncode == 0, done.stderr
        ids.setdefault(text, done.stderr.split()[1])  # "Saved Q1-001 (floor)"
    world.rescue.write_text("===== 2026-12-01 · not saved\nsession: S\n\ndelta (edited)\n\n"
                            "===== 2026-12-01 · not saved\n\nepsilon\nover two lines\n\n", encoding="utf-8")
    assert world.rescued() == ["delta (edited)", "epsilon\nover two lines"]
    said = faults.Said(shown=[(sid, ids["alpha (edited)"], "alpha")], other_refs=[(sid, ids["late one"])],
                       typed=["alpha", "beta", "late one", "delta", "gamma"],
                       undecided=["gamma", "epsilon\nover two lines"], refused_once=["delta"])
    fig = faults.Figures("check")
    faults._check(world, said, fig)
    assert fig.lost == 3, fig.notes  # alpha altered, late one never refused, gamma nowhere
    assert fig.undecided_found == 1  # epsilon: in the rescue file
    assert fig.duplicates == 1 and fig.not_rescued == 1  # beta twice; delta not rescued as typed
    assert not fig.ok


def test_a_power_cut_keeps_only_what_was_synced(tmp_path):
    """The power model: with synchronous=FULL every commit survives the cut, with OFF none does
    (and the runner would say so: the rows are gone)."""
    _needs_shim()
    world = faults.World(tmp_path, power=True)
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA synchronous=' + sys.argv[2])\n"
            "c.execute('CREATE TABLE IF NOT EXISTS cut (x)')\n"
            "c.commit()\n"
            "for i in range(20):\n"
            "    c.execute('INSERT INTO cut VALUES (?)', (i,)); c.commit()\n"
            "print('written', flush=True); time.sleep(60)\n")
    counts = {}
    for mode in ("FULL", "OFF"):
        world.start_round()
        proc = subprocess.Popen([sys.executable, "-c", code, str(world.db), mode], env=world.env,
                                stdout=subprocess.PIPE, text=True, start_new_session=True)
        assert proc.stdout.readline().strip() == "written"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        world.cut_power()
        rows = world._read("SELECT count(*) FROM cut")
        counts[mode] = rows[0][0] if rows else 0
    assert counts["FULL"] == 20
    assert counts["OFF"] == 20  # the table from the FULL round, nothing of the OFF one
    assert world.integrity_ok()


# --- the app under the runner ------------------------------------------------------------------------


def _check(fig) -> None:
    assert fig.rounds > 0, fig.notes
    assert fig.lost == 0, fig.notes
    assert fig.other_writes_lost == 0, fig.notes
    assert fig.duplicates == 0, fig.notes
    assert fig.not_rescued == 0, fig.notes
    assert fig.integrity_failures == 0, fig.notes
    assert fig.tracebacks == 0, fig.notes
    assert fig.damaged_written == 0, fig.notes


pytestmark = [pytest.mark.slow]


@needs_pty
def test_sigkill_of_two_windows_among_every_writing_command_loses_nothing(tmp_path):
    fig = faults.scenario_kill(tmp_path, 3, random.Random(11))
    print(fig.line())
    _check(fig)
    assert fig.windows == 2 and fig.shown_saved >= 3 and fig.other_writes >= 1


@needs_pty
def test_a_power_cut_loses_nothing_shown_saved(tmp_path):
    _needs_shim()
    fig = faults.scenario_power(tmp_path, 2, random.Random(15))
    print(fig.line())
    _check(fig)
    assert fig.power_cuts == 2 and fig.shown_saved >= 2


@needs_pty
def test_io_errors_and_a_full_disk_below_sqlite_are_told_or_on_disk(tmp_path):
    _needs_shim()
    fig = faults.scenario_io(tmp_path, 3, random.Random(12))
    print(fig.line())
    _check(fig)
    assert fig.faults_injected > 0  # the shim really injected faults


@needs_pty
def test_the_file_changed_under_the_app_refuses_and_rescues(tmp_path):
    fig = faults.scenario_changed(tmp_path, 2, random.Random(13))
    print(fig.line())
    _check(fig)
    assert fig.refused == 2


@needs_pty
def test_damaged_pages_give_messages_and_are_never_written(tmp_path):
    fig = faults.scenario_damaged(tmp_path, 2, random.Random(14))
    print(fig.line())
    _check(fig)
