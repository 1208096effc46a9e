"""Windows: each run of the app is a window, with drafts of its own.

Several windows may have one database open at once (a second terminal, a second rapporteur, a
window left open in a break). What one window types must never be shown in, overwritten by or
deleted by another, so every draft row carries the window that typed it (:mod:`.drafts`).

A draft whose window no longer runs (it crashed, was killed, or its terminal was closed) is
*left behind*: the next window that opens the same place offers it; it is never loaded into
another window silently. Whether a window still runs is told by its *owner*: the host, the
process id and, where the system says it (Linux), when that process started, so that a
process id used again by another program is not taken for the window. Windows of this process
are known directly (tests run several apps in one process).

No SQLite here: the draft table keeps the owner beside each row.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from .ids import new_id

_OPEN: set[str] = set()  # the windows of this process that are open


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _stat(pid: int) -> list[bytes]:
    """The fields of ``/proc/PID/stat`` after the command's name (Linux), or [] where the
    system does not say: [0] the state, [19] when the process started."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:  # not the database: a file of the kernel
            data = f.read()
    except OSError:
        return []
    try:
        return data[data.rindex(b")") + 2:].split()
    except ValueError:
        return []


def _started(pid: int) -> str:
    """When process ``pid`` started, as the system counts (Linux: clock ticks since boot), or
    "" where the system does not say."""
    fields = _stat(pid)
    try:
        return fields[19].decode("ascii")
    except (IndexError, UnicodeDecodeError):
        return ""


def _ended(pid: int) -> bool:
    """Process ``pid`` has ended and waits to be reaped (a zombie: ``kill -9`` of a window whose
    terminal has not yet waited for it); it still answers ``kill(pid, 0)``."""
    fields = _stat(pid)
    return bool(fields) and fields[0] in (b"Z", b"X", b"x")


def _owner(pid: int) -> str:
    return f"{_host()}|{pid}|{_started(pid)}"


@dataclass(frozen=True)
class Window:
    """One window of the app: an id of its own and how others tell whether it still runs."""

    id: str
    owner: str

    @classmethod
    def open(cls) -> Window:
        window = cls(new_id(), _owner(os.getpid()))
        _OPEN.add(window.id)
        return window

    def close(self) -> None:
        """The window is closed: its drafts are left behind for the next window to offer."""
        _OPEN.discard(self.id)

    @property
    def is_open(self) -> bool:
        return self.id in _OPEN


def running(window_id: str, owner: str) -> bool:
    """Whether the window that wrote a draft still runs (then the draft is its own business)."""
    if window_id in _OPEN:
        return True
    try:
        host, pid_text, started = owner.split("|")
        pid = int(pid_text)
    except ValueError:
        return False  # written before windows had owners, or garbled: nobody holds it
    if host != _host() or pid <= 0:
        return False  # another machine (a copied file): nobody here holds it
    if pid == os.getpid():
        return False  # this process, and not one of its open windows: a window closed earlier
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except OSError:
        return False
    if _ended(pid):
        return False
    now = _started(pid)
    return not (started and now and now != started)  # the number taken again by another process


__all__ = ["Window", "running"]
