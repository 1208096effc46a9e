"""Safe copies of the database, made while it is in use.

A copy is taken with SQLite's online backup API (:meth:`sqlite3.Connection.backup`), so it is
a consistent snapshot even while another window is saving: never a half-written file. It is
written to a temporary file first, checked (``PRAGMA quick_check``), synced, and only then
given its name, so a copy that exists is a copy that is whole. Copies are readable by their
owner only, like the database itself.

- :func:`backup_database` copies to a file the user names (``facilitator backup -o FILE``).
- :func:`auto_backup` keeps the last few automatic copies in a ``backups/`` folder beside the
  database (made when the app opens a database with sessions); older automatic copies are
  removed, manual ones never are. A copy identical to the newest one is not kept twice.

Only the standard library is used here: importing this module costs nothing at start-up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import CorruptDatabase, FacilitatorError, NotFound, StoreError, WriteFailed

BACKUP_DIR = "backups"
KEEP = 5
BUSY_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class BackupResult:
    path: Path  # the copy (for an unchanged automatic copy: the existing newest one)
    size: int  # bytes
    sessions: int
    contributions: int
    created: bool = True  # False when an identical automatic copy already existed


def backup_dir(db_path: str | os.PathLike) -> Path:
    """``backups/`` beside the database file."""
    return Path(db_path).parent / BACKUP_DIR


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def default_backup_path(db_path: str | os.PathLike, *, auto: bool = False) -> Path:
    """A new file name in the backups folder: ``<stem>-<UTC time>.db`` (``-auto-`` for automatic)."""
    db_path = Path(db_path)
    kind = "auto-" if auto else ""
    return backup_dir(db_path) / f"{db_path.stem}-{kind}{_stamp()}.db"


def _private_dir(path: Path) -> None:
    """Create ``path`` (and parents) for the owner only; tighten our own backups folder."""
    existed = path.exists()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.name == BACKUP_DIR and existed:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _message(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno == 28 or "full" in text:
        return "the disk is full"
    if "locked" in text or "busy" in text:
        return "the database stayed busy in another window; try again"
    return text


def backup_database(
    db_path: str | os.PathLike, dest: str | os.PathLike, *, overwrite: bool = False
) -> BackupResult:
    """Copy the database at ``db_path`` to ``dest``, safely while it is in use.

    Refuses (FacilitatorError, nothing written) a missing or foreign database, a destination
    that is the database itself, and an existing destination unless ``overwrite``.
    """
    from .store import check_file  # the store module is already loaded wherever this runs

    db_path = Path(db_path)
    dest = Path(dest)
    if not db_path.exists():
        raise NotFound(f"{db_path}: no such database; nothing to back up")
    check_file(db_path)  # a file that is not ours is refused, untouched
    for own in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), Path(f"{db_path}-journal")):
        if _same_file(own, dest):
            raise FacilitatorError(f"{dest}: that is the database itself; choose another file for the backup")
    if dest.is_dir():
        raise FacilitatorError(f"{dest}: is a folder; give a file name for the backup")
    if dest.exists() and not overwrite:
        raise FacilitatorError(f"{dest}: the file already exists; it was left untouched (choose another name)")
    try:
        _private_dir(dest.parent)
    except OSError as exc:
        raise WriteFailed(f"{dest.parent}: cannot create the backup folder ({exc.strerror})", dest) from exc

    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    src = dst = None
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        from . import dbfile

        src = dbfile.connect_readonly(db_path)  # also from a read-only file or folder
        src.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        dst = sqlite3.connect(str(tmp))
        src.backup(dst)  # the whole database in one step: a consistent snapshot
        # A copy is one self-contained file (no -wal beside it); Store.open turns WAL back on.
        dst.execute("PRAGMA journal_mode = DELETE")
        check = dst.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"the copy did not pass its check ({check})", dest)
        sessions = contributions = 0
        with contextlib.suppress(sqlite3.Error):
            sessions = dst.execute("SELECT count(*) FROM session").fetchone()[0]
            contributions = dst.execute("SELECT count(*) FROM contribution WHERE deleted_at IS NULL").fetchone()[0]
        dst.close()
        dst = None
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, dest)
        else:
            try:
                os.link(tmp, dest)  # atomic and never replaces a file that appeared meanwhile
            except FileExistsError:
                raise FacilitatorError(f"{dest}: the file already exists; it was left untouched") from None
            except OSError:
                if dest.exists():
                    raise FacilitatorError(f"{dest}: the file already exists; it was left untouched") from None
                os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except FacilitatorError:
        raise
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise CorruptDatabase(f"{db_path}: the database is damaged ({exc}); no backup was written", db_path) from exc
        raise WriteFailed(f"{dest}: the backup was not written ({_message(exc)}); the database was not changed", dest) from exc
    except (sqlite3.Error, OSError) as exc:
        raise WriteFailed(f"{dest}: the backup was not written ({_message(exc)}); the database was not changed", dest) from exc
    finally:
        for conn in (dst, src):
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
        with contextlib.suppress(OSError):
            tmp.unlink()
    return BackupResult(dest, dest.stat().st_size, sessions, contributions)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _remove_stale_temporaries(folder: Path, older_than_s: float = 3600) -> None:
    """Temporary files of copies that never finished (the process was killed meanwhile)."""
    if not folder.is_dir():
        return
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > older_than_s:
                tmp.unlink()


def auto_backups(db_path: str | os.PathLike) -> list[Path]:
    """The automatic copies of this database, oldest first."""
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-auto-*.db"))


def auto_backup(db_path: str | os.PathLike, *, keep: int = KEEP) -> BackupResult:
    """An automatic copy in ``backups/`` beside the database, keeping the newest ``keep``.

    When nothing changed since the newest automatic copy, that copy is kept and no new one is
    added (so opening the app five times does not push out the copies that differ).
    """
    db_path = Path(db_path)
    _remove_stale_temporaries(backup_dir(db_path))
    previous = auto_backups(db_path)
    result = backup_database(db_path, default_backup_path(db_path, auto=True))
    if previous and _digest(previous[-1]) == _digest(result.path):
        result.path.unlink()
        result = BackupResult(previous[-1], previous[-1].stat().st_size, result.sessions, result.contributions, created=False)
    for old in auto_backups(db_path)[:-keep] if keep > 0 else []:
        with contextlib.suppress(OSError):
            old.unlink()
    return result


class BackgroundBackup:
    """An automatic backup on its own thread and connection, so opening never waits for it.

    ``join()`` waits for it to finish; then ``error`` holds the message of a failure, if any
    (a failed backup never stops the app: the database itself is untouched).
    """

    def __init__(self, db_path: str | os.PathLike, *, keep: int = KEEP, delay: float = 0.0):
        self.db_path = Path(db_path)
        self.keep = keep
        self.delay = delay  # let the first screen paint before the copy competes for the CPU
        self.result: BackupResult | None = None
        self.error: str | None = None
        self._go = threading.Event()
        self._thread = threading.Thread(target=self._run, name="facilitator-auto-backup", daemon=True)

    def start(self) -> "BackgroundBackup":
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        """Waiting out its delay or copying."""
        return self._thread.is_alive()

    def _run(self) -> None:
        self._go.wait(self.delay)
        try:
            self.result = auto_backup(self.db_path, keep=self.keep)
        except Exception as exc:  # noqa: BLE001 - reported after the app closes; never fatal
            self.error = str(exc)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the copy (starting it at once if it is still waiting out its delay)."""
        self._go.set()
        self._thread.join(timeout)


__all__ = [
    "BACKUP_DIR",
    "KEEP",
    "BackupResult",
    "BackgroundBackup",
    "auto_backup",
    "auto_backups",
    "backup_database",
    "backup_dir",
    "default_backup_path",
]
