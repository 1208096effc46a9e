"""Run a program on a pseudo-terminal and wait for text to appear on its screen.

Used by the benchmark runner (time to first paint of the real app) and by the tests that drive
the real ``facilitator`` command as a person would at a terminal. POSIX only.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")

available = os.name == "posix"


def plain(data: bytes) -> bytes:
    """The bytes with terminal escape sequences removed."""
    return ANSI.sub(b"", data)


class PtyProcess:
    """A child process whose stdin, stdout and stderr are one pseudo-terminal (80x24 by default)."""

    def __init__(self, args: list[str], *, env: dict | None = None, cwd=None, rows: int = 24, cols: int = 80):
        import fcntl
        import struct
        import termios

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = dict(os.environ if env is None else env)
        full_env.setdefault("TERM", "xterm-256color")
        full_env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=cwd,
            close_fds=True, start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""

    def read_until(self, text: bytes, timeout: float = 30.0) -> float | None:
        """Seconds since start when ``text`` showed on screen (escape codes ignored); None on timeout
        or when the program ended first."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in plain(self.output):
                return time.perf_counter() - self.started
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    data = b""
                if not data:
                    return time.perf_counter() - self.started if text in plain(self.output) else None
                self.output += data
        return time.perf_counter() - self.started if text in plain(self.output) else None

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def drain(self, seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.output += data

    def wait(self, timeout: float = 20.0) -> int:
        """Exit status; the process is killed (and the status is -9) if it does not end in time."""
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.drain(0.05)
        if self.proc.poll() is None:
            self.kill()
        return self.proc.wait(timeout=10)

    def wait_peak_mb(self, timeout: float = 20.0) -> float | None:
        """Wait for the program to end (killing it after ``timeout``) and return its peak
        resident memory in MB (from ``wait4``), or None where that is not available."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                pid, _status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if pid:
                self.proc.returncode = _status
                rss = usage.ru_maxrss
                return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
            self.drain(0.05)
        self.kill()
        return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()

    def close(self) -> None:
        self.kill()
        try:
            self.proc.wait(timeout=10)
        finally:
            try:
                os.close(self.master)
            except OSError:
                pass

    def __enter__(self) -> "PtyProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
