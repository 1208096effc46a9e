"""The real app in its own process on a pseudo-terminal, with what it shows read by a terminal
emulator (pyte), for the tests whose promise involves real processes: several windows on one
database, SIGKILL, SIGHUP, SIGTERM, keys as a terminal sends them.

``AppWindow`` starts ``python -m facilitator ...`` on a pty of its own; a thread reads what the
app draws into a ``pyte`` screen (so ``screen_text()`` is what a person sees now, not the
history of the bytes) and notes when each line first showed a given text. POSIX only.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = 60.0  # a wait, not a speed test: a loaded CI machine is slow to start an app

available = os.name == "posix"


class AppWindow:
    """One window of the app: a process on a pseudo-terminal of ``cols`` x ``rows``."""

    def __init__(self, args: list[str], *, home: Path, rows: int = 24, cols: int = 80, env: dict | None = None):
        import fcntl
        import struct
        import termios

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full = dict(os.environ, TERM="xterm-256color", HOME=str(home), FACILITATOR_EMBED="off",
                    FACILITATOR_RESCUE=str(home / "rescue.txt"))
        full["PYTHONPATH"] = str(ROOT) + os.pathsep + full.get("PYTHONPATH", "")
        full.pop("TEXTUAL", None)
        full.update(env or {})
        self.proc = subprocess.Popen([sys.executable, "-m", "facilitator", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=full, cwd=ROOT, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.raw = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:  # the app blocks if nobody reads what it draws
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            with self.lock:
                if data:
                    self.raw += data
                    try:
                        self.stream.feed(data)
                    except Exception:  # noqa: BLE001 - a sequence pyte does not know: the rest still counts
                        pass
                self.changed.notify_all()
            if not data:
                return

    # --- what is on screen --------------------------------------------------------------------

    def screen_text(self) -> str:
        with self.lock:
            return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, text: str, timeout: float = DEADLINE) -> bool:
        """Wait until ``text`` is on screen (True), or the deadline or the end of the app."""
        end = time.monotonic() + timeout
        with self.lock:
            while True:
                if text in "\n".join(self.screen.display):
                    return True
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not self._reader.is_alive():
                    return False
                self.changed.wait(min(left, 0.1))

    def wait_gone(self, text: str, timeout: float = DEADLINE) -> bool:
        end = time.monotonic() + timeout
        with self.lock:
            while text in "\n".join(self.screen.display):
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(min(left, 0.1))
        return True

    # --- keys and signals ---------------------------------------------------------------------

    def send(self, data: bytes | str) -> None:
        os.write(self.master, data.encode("utf-8") if isinstance(data, str) else data)

    def signal(self, sig: int) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        self.proc.wait(timeout=30)

    def hang_up(self) -> None:
        """The terminal is closed: the app gets SIGHUP and its terminal is gone."""
        self.signal(signal.SIGHUP)
        try:
            os.close(self.master)
        except OSError:
            pass

    def wait(self, timeout: float = DEADLINE) -> int | None:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        self.kill()
        try:
            os.close(self.master)
        except OSError:
            pass
        self._reader.join(timeout=5)

    def __enter__(self) -> AppWindow:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_app(db: Path, session_id: str | None, home: Path, **kw) -> AppWindow:
    args = ["--db", str(db)] + (["open", session_id] if session_id else [])
    return AppWindow(args, home=home, **kw)


def query(db: Path, sql: str, params=()) -> list[tuple]:
    """Read the database as another program would (its own connection, closed after)."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def wait_until(predicate, what: str, timeout: float = DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def draft_texts(db: Path) -> list[str]:
    """Every draft's text (any window, any session), however the draft table is keyed."""
    return [r[0] for r in query(db, "SELECT text FROM draft")]
