"""Whether the window that wrote a draft still runs (core/windows.py): told by its process, so
that a draft left behind is offered to the next window, and a running window's is never."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from facilitator.core import windows
from facilitator.core.windows import Window, running

linux = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="process states as Linux gives them")


def test_a_window_of_this_process_runs_until_closed():
    w = Window.open()
    assert running(w.id, w.owner)
    w.close()
    assert not running(w.id, w.owner)  # this process, and not one of its open windows


def test_a_process_that_ended_or_a_number_taken_again_does_not_run():
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(done.stdout)
    assert not running("w", f"{windows._host()}|{pid}|1")  # gone (or another process: another start)
    assert not running("w", f"other-host|{os.getpid()}|")  # another machine's file
    assert not running("w", "")  # a draft of before windows had owners
    assert running("w", windows._owner(os.getppid()))  # a live process of ours that is not this one


@linux
def test_a_window_killed_but_not_yet_reaped_does_not_run():
    """Found in tmux: a window killed with kill -9 stays a zombie until its parent (the
    terminal, tmux's server) reaps it, and a zombie answers kill(pid, 0): its draft was not
    offered to the other window until then."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    try:
        owner = windows._owner(child.pid)
        assert running("w", owner)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # not waited for: a zombie once it ends
            with open(f"/proc/{child.pid}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the child never ended")
        assert not running("w", owner)
    finally:
        child.wait()
