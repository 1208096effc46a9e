"""The fault runner's short version (``tests/faults/run.py --quick``): the real app on a
pseudo-terminal, killed with SIGKILL among other writers, under injected I/O errors and ENOSPC,
with its file changed under it, and every command on damaged pages. Nothing shown saved may
be lost. The full version (20 rounds each) runs from the benchmark runner."""

from __future__ import annotations

import random

import pytest

from tests.benchmarks import ptyrun
from tests.faults import run as faults
from tests.faults import shim

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")]


def _check(fig) -> None:
    assert fig.rounds > 0, fig.notes
    assert fig.lost == 0, fig.notes
    assert fig.other_writes_lost == 0, fig.notes
    assert fig.integrity_failures == 0, fig.notes
    assert fig.tracebacks == 0, fig.notes
    assert fig.damaged_written == 0, fig.notes


def test_sigkill_among_other_writers_loses_nothing_shown_saved(tmp_path):
    fig = faults.scenario_kill(tmp_path, 3, random.Random(11))
    print(fig.line())
    _check(fig)
    assert fig.shown_saved >= 3 and fig.other_writes >= 1


def test_io_errors_and_a_full_disk_below_sqlite_are_told_or_on_disk(tmp_path):
    library, why = shim.build()
    if library is None:
        pytest.skip(why)
    fig = faults.scenario_io(tmp_path, 3, random.Random(12))
    print(fig.line())
    _check(fig)
    assert fig.faults_injected > 0  # the shim really injected faults


def test_the_file_changed_under_the_app_refuses_and_rescues(tmp_path):
    fig = faults.scenario_changed(tmp_path, 2, random.Random(13))
    print(fig.line())
    _check(fig)
    assert fig.refused == 2


def test_damaged_pages_give_messages_and_are_never_written(tmp_path):
    fig = faults.scenario_damaged(tmp_path, 2, random.Random(14))
    print(fig.line())
    _check(fig)
