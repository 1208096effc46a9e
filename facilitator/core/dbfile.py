"""The database file itself: what it is, whether it is still the one we opened, what went wrong.

Size: ~530 lines: every place where the program looks at the database file outside its connection
(what it is, whether it can be written, whether it is damaged, whether it is still the file we
opened, what went wrong), in one module on purpose: the invariant below has one home and one test,
and splitting the module would spread the code that must obey it.

THE INVARIANT (read this before touching any code that looks at the database file):

    Nothing in this program opens the database file, its ``-wal`` or its ``-shm`` with anything
    but SQLite while this process may hold an SQLite connection to it.

POSIX advisory locks belong to a process, not to a file descriptor, and closing *any*
descriptor of a file drops *every* lock the process holds on it ("How To Corrupt An SQLite
Database File", section 2.2). One ``open(db).read(100)`` in a process that also has a
connection silently drops that connection's locks; the next process to close the database
then believes it is the last one, checkpoints and deletes the ``-wal`` under our feet, and
every save after that is lost. SQLite itself knows this: within one process it keeps a
descriptor open until no connection holds a lock (its "pending fd" list), so opening and
closing extra *SQLite* connections is safe. So:

- header facts (application id, schema version, tables) are read with a read-only SQLite
  connection (:func:`inspect`), never with ``open()``;
- identity checks use ``os.stat`` (no descriptor at all);
- never ``immutable=1`` or ``nolock=1`` on a file another connection of this process may have
  open (those bypass SQLite's lock bookkeeping); :func:`connect_readonly` uses ``immutable``
  only as the last resort for a file in a folder nobody can write, in a process that opens
  nothing else on it (the read-only commands).

Test: ``tests/test_two_processes.py`` runs every path that checks files in one process while
another process opens, writes and closes, and proves the first one's ``-wal`` is never deleted.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from . import dbinfo
from .errors import (
    CorruptDatabase,
    DiskFull,
    FacilitatorError,
    FileChanged,
    ForeignDatabase,
    JournalDeleted,
    NewerSchema,
    ReadOnlyDatabase,
    StoreError,
    UnreadableDatabase,
)

BUSY_TIMEOUT_MS = 5000


# --- what went wrong ---------------------------------------------------------------------------


def error_name(exc: BaseException) -> str:
    """SQLite's name for an error (``SQLITE_FULL``, ``SQLITE_IOERR_FSYNC`` ...), or ``""``."""
    return getattr(exc, "sqlite_errorname", "") or ""


def _free_bytes(path: Path) -> int | None:
    try:
        st = os.statvfs(path.parent if not path.is_dir() else path)
    except (OSError, AttributeError):
        return None
    return st.f_bavail * st.f_frsize


def disk_is_full(path: Path, margin: int = 64 * 1024) -> bool:
    free = _free_bytes(Path(path))
    return free is not None and free < margin


def kind_of(exc: BaseException, path: Path | None = None) -> str:
    """``full``, ``readonly``, ``busy``, ``damaged``, ``gone``, ``io`` or ``other``."""
    name = error_name(exc)
    text = str(exc).lower()
    if isinstance(exc, OSError):
        import errno

        if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
            return "full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "readonly"
        if exc.errno == errno.ENOENT:
            return "gone"
        return "io"
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        if path is not None and disk_is_full(path):
            return "full"
        return "io"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        if path is not None and not Path(path).parent.exists():
            return "gone"
        return "io"
    return "other"


def describe(exc: BaseException, path: Path | None = None) -> str:
    """What went wrong, in words (no advice): ``the disk is full``, ``the database is damaged (...)``."""
    kind = kind_of(exc, path)
    return {
        "full": "the disk is full",
        "busy": "the database is busy in another window",
        "readonly": "the database file cannot be written (read-only)",
        "damaged": f"the database is damaged ({exc})",
        "io": f"the disk refused the operation ({exc}; was the file moved, removed or its drive unplugged?)",
        "gone": f"the database file or its folder is gone ({exc})",
    }.get(kind, f"the database refused the operation ({exc})")


def write_message(exc: BaseException, path: Path | None = None) -> str:
    """A sentence for people about a write that did not happen."""
    kind = kind_of(exc, path)
    advice = {
        "full": "free some space and save again",
        "busy": "try again",
    }.get(kind)
    text = f"{describe(exc, path)}: nothing was saved, your text is kept"
    return f"{text}; {advice}" if advice else text


# --- what the file is --------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    application_id: int
    user_version: int
    tables: frozenset[str]
    journal_mode: str


def _ro_uri(path: Path, *, immutable: bool = False) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def connect_readonly(path: Path, *, allow_immutable: bool = True, factory=sqlite3.Connection) -> sqlite3.Connection:
    """A read-only connection. In a folder that cannot be written, or on a full disk, a WAL
    database with no ``-shm`` beside it cannot be opened read-only the normal way (SQLite must
    create the ``-shm``); then, and only with ``allow_immutable``, it is opened ``immutable``:
    with no ``-wal`` there (or an empty one), every committed change is in the file itself."""
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, factory=factory)
    except sqlite3.OperationalError:
        raise
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header now
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        cannot_make_shm = (
            error_name(exc) in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN") and not os.access(path.parent, os.W_OK)
        ) or kind_of(exc, path) == "full"
        if not (allow_immutable and cannot_make_shm and _wal_is_empty(path)):
            raise
    conn = sqlite3.connect(_ro_uri(path, immutable=True), uri=True, factory=factory)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _wal_is_empty(path: Path) -> bool:
    """No ``-wal`` beside the file, or an empty one: every committed change is in the file."""
    try:
        return os.stat(f"{path}-wal").st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def read_facts(conn: sqlite3.Connection) -> Facts:
    return Facts(
        application_id=conn.execute("PRAGMA application_id").fetchone()[0],
        user_version=conn.execute("PRAGMA user_version").fetchone()[0],
        tables=frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")),
        journal_mode=conn.execute("PRAGMA journal_mode").fetchone()[0],
    )


def judge(path: Path, facts: Facts) -> None:
    """Refuse a file that is not ours (or is newer than us): ours means our application id, or
    an empty database (no tables at all)."""
    if facts.application_id != dbinfo.APPLICATION_ID:
        if facts.application_id != 0:
            raise ForeignDatabase(
                f"{path}: a SQLite database of another application (application_id "
                f"{facts.application_id:#x}); it was left untouched",
                path,
            )
        if facts.tables:
            raise ForeignDatabase(
                f"{path}: a SQLite database of another application (tables: "
                f"{', '.join(sorted(facts.tables)[:5])}); it was left untouched",
                path,
            )
    if facts.user_version > dbinfo.SCHEMA_VERSION:
        raise NewerSchema(
            f"{path}: written by a newer version of facilitator (schema {facts.user_version}, this one "
            f"knows {dbinfo.SCHEMA_VERSION}); upgrade facilitator to open it. The file was left untouched",
            path,
        )


def inspect(path: Path) -> Facts:
    """Refuse, without modifying it, a file that cannot be a facilitator database; its facts.

    Only ``os.stat`` and a read-only SQLite connection touch the file (see the invariant)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise CorruptDatabase(f"{path}: no such database file", path) from exc
    except OSError as exc:
        raise CorruptDatabase(f"{path}: cannot read the database file ({exc.strerror})", path) from exc
    if size == 0 and not Path(f"{path}-wal").exists():
        raise CorruptDatabase(f"{path}: the file is empty, not a facilitator database", path)
    if 0 < size < 100:
        raise CorruptDatabase(f"{path}: the database file is truncated", path)
    conn = None
    try:
        conn = connect_readonly(path)
        facts = read_facts(conn)
    except sqlite3.DatabaseError as exc:
        raise _refusal(path, exc) from exc
    finally:
        if conn is not None:
            conn.close()
    judge(path, facts)
    return facts


def journal_deleted(path: Path, exc: BaseException | None = None) -> bool:
    """The ``-wal`` is gone (or was made again, empty, by the connection that met the error)
    while the ``-shm`` (the index of the journal, which SQLite deletes with the journal at the
    last close) is there, and SQLite read short (the index names frames the journal no longer
    has): a program has the database open and its journal was deleted under it. ``os.stat``
    only: see the invariant."""
    if exc is not None and error_name(exc) != "SQLITE_IOERR_SHORT_READ":
        return False
    try:
        if os.stat(f"{path}-shm").st_size == 0:
            return False
    except OSError:
        return False
    try:
        return os.stat(f"{path}-wal").st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def journal_missing_note(path: Path) -> str | None:
    """For a command that only reads: the ``-shm`` is there without its ``-wal`` (deleted while
    a program has the database open): what is read may miss that program's newest saves."""
    if os.path.exists(f"{path}-shm") and not os.path.exists(f"{path}-wal"):
        return (f"{path}-wal, the journal of the database, is missing while its index {path}-shm is there: if a "
                "program has the database open, what it saved most recently is not in what is shown here; quit it "
                "normally (its saves then go into the file) and run this again")
    return None


def read_problem(path: Path | None, exc: BaseException) -> StoreError | None:
    """The error to give for an SQLite error met while reading ``path``, by the state of the
    file, each with its own advice; ``None`` when it is not a reading problem.

    - the journal deleted while another program has the database open (:class:`JournalDeleted`):
      not damage; quit that program normally and try again; a backup is older;
    - an I/O error (:class:`UnreadableDatabase`): the disk refused to read; not known to be
      damaged: check the drive and try again;
    - damage (malformed pages): the only state where a copy from ``backups/`` is the advice.
    """
    from .errors import DamagedDatabase

    if isinstance(exc, FacilitatorError):
        return exc if isinstance(exc, StoreError) else None
    kind = kind_of(exc, path)
    if kind not in ("io", "damaged"):
        return None
    where = f"{path}: " if path else ""
    if path is not None and journal_deleted(Path(path), exc):
        err: StoreError = JournalDeleted(
            f"{where}its journal {path}-wal was deleted while another program has the database open (a facilitator "
            "window, say): the saves of that program are in the journal it still holds, not yet in the file. The "
            "database is not damaged: do not open a copy from backups/ (it is older, and the newest saves are not "
            "in it). Quit that program normally (as it closes, SQLite copies those saves into the file; text it "
            "could not save goes to its rescue file), then try again. Nothing was written",
            path,
        )
    elif kind == "io":
        err = UnreadableDatabase(
            f"{where}the disk refused to read the database ({exc}): the file is not known to be damaged. Is its "
            "drive unplugged, its folder on a network, the disk failing? Try again once it can be read; nothing "
            "was written",
            path,
        )
    else:
        err = DamagedDatabase(
            f"{where}the database cannot be read ({exc}): it is damaged; nothing was written. Copies are in the "
            "backups/ folder beside it (open one with --db)",
            path,
        )
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        try:
            setattr(err, attr, getattr(exc, attr))
        except AttributeError:
            pass
    return err


def _refusal(path: Path, exc: sqlite3.Error):
    problem = read_problem(path, exc)
    if isinstance(problem, (JournalDeleted, UnreadableDatabase)) or (problem is not None and exc is problem):
        return problem
    kind = kind_of(exc, path)
    if error_name(exc) == "SQLITE_NOTADB" or "not a database" in str(exc):
        return CorruptDatabase(f"{path}: not a SQLite database (corrupt or another kind of file)", path)
    if kind == "damaged":
        return CorruptDatabase(f"{path}: the database is damaged ({exc})", path)
    if kind == "full":
        return DiskFull(f"{path}: the disk is full; free some space and try again (the file was not changed)", path)
    if kind == "busy":
        return CorruptDatabase(f"{path}: the database stayed locked by another program; try again", path)
    if kind == "readonly":
        return ReadOnlyDatabase(f"{path}: the database cannot be opened here ({exc})", path)
    return CorruptDatabase(f"{path}: cannot read the database file ({exc})", path)


def refusal(path: Path, exc: sqlite3.Error):
    """The error to raise for an SQLite error met while opening or reading ``path``."""
    return _refusal(Path(path), exc)


# --- can it be written? -------------------------------------------------------------------------


def why_not_writable(path: Path) -> str | None:
    """Why the database cannot be written here (``None`` when it can): SQLite needs the file
    and its folder (where the ``-wal`` and ``-shm`` live) to be writable."""
    path = Path(path)
    if not os.access(path, os.W_OK):
        return f"the file {path} is read-only"
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only (SQLite keeps its journal beside the file)"
    return None


def readonly_refusal(path: Path, reason: str) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(
        f"{path}: cannot write to this database: {reason}. Commands that only read still work "
        "(sessions, search, export -o FILE elsewhere, cluster without --apply, roster, backup -o FILE elsewhere)",
        path,
    )


# --- damage --------------------------------------------------------------------------------------

_checked: set[tuple[int, int, int, int]] = set()  # files that passed quick_check in this process
_checked_lock = threading.Lock()


def _file_key(path: Path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def already_checked(path: Path) -> bool:
    key = _file_key(path)
    with _checked_lock:
        return key is not None and key in _checked


class BackgroundCheck:
    """``PRAGMA quick_check`` on its own thread and read-only connection (SQLite releases the
    GIL while it reads), so that the app can draw its first screen meanwhile. Writes wait for
    it: :meth:`wait` raises :class:`CorruptDatabase` if the file is damaged."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.error: StoreError | None = None
        self.done = threading.Event()
        self._started = False
        self._start_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="facilitator-quick-check", daemon=True)

    def start(self) -> "BackgroundCheck":
        """Start the check (once; later calls do nothing)."""
        with self._start_lock:
            if not self._started:
                self._started = True
                self._thread.start()
        return self

    def _run(self) -> None:
        conn = None
        try:
            conn = connect_readonly(self.path, allow_immutable=False)
            quick_check(conn, self.path)
        except (CorruptDatabase, JournalDeleted, UnreadableDatabase) as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - any failure to check is a failure to trust the file
            self.error = CorruptDatabase(f"{self.path}: the database could not be checked ({exc}); nothing was written",
                                         self.path)
        finally:
            if conn is not None:
                conn.close()
            self.done.set()

    def wait(self, timeout: float | None = None) -> None:
        self.start()  # a write before anyone started it: check now
        self.done.wait(timeout)
        if self.error is not None:
            raise self.error

    def join(self, timeout: float | None = None) -> None:
        if self._started:
            self._thread.join(timeout)


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check`` once per file (and size and time) per process: a damaged
    database is refused before anything is written into it."""
    key = _file_key(path)
    with _checked_lock:
        if key is not None and key in _checked:
            return
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise refusal(path, exc) from exc
    if rows != ["ok"]:
        raise CorruptDatabase(
            f"{path}: the database is damaged ({'; '.join(rows[:3])}); it was not changed. Open a copy from "
            f"{Path(path).parent / 'backups'} with --db, or ask for help before writing to it",
            path,
        )
    if key is not None:
        with _checked_lock:
            _checked.add(key)


# --- is it still the file we opened? -----------------------------------------------------------------


def identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of what ``path`` names now, ``None`` when nothing is there (``os.stat``:
    no file descriptor, so no lock is touched)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class Identity:
    """The database file (and its ``-wal``) as they were when the connection opened them.

    :meth:`check` raises :class:`FileChanged` when the path names another file now, or the
    ``-wal`` was removed or replaced: SQLite would go on writing to files nobody will read."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = identity(self.path)
        self.wal = identity(f"{self.path}-wal")

    def note_wal(self) -> None:
        """After a write in WAL mode the ``-wal`` exists: remember it if it was not there yet."""
        if self.wal is None:
            self.wal = identity(f"{self.path}-wal")

    def problem(self) -> str | None:
        now = identity(self.path)
        if now is None:
            return f"the database file {self.path} was removed or renamed while it was open"
        if self.db is not None and now != self.db:
            return f"the database file {self.path} was replaced by another file while it was open"
        if self.wal is not None:
            wal = identity(f"{self.path}-wal")
            if wal is None:
                return f"the journal {self.path}-wal was removed while the database was open"
            if wal != self.wal:
                return f"the journal {self.path}-wal was replaced while the database was open"
        return None

    def check(self) -> None:
        problem = self.problem()
        if problem:
            raise FileChanged(
                f"{problem}. Nothing was saved and saving stays off in this window; your text is "
                "kept. Quit (the text goes to the rescue file) and open the database again",
                self.path,
            )


__all__ = [
    "Facts",
    "Identity",
    "connect_readonly",
    "describe",
    "disk_is_full",
    "error_name",
    "identity",
    "inspect",
    "judge",
    "kind_of",
    "quick_check",
    "read_facts",
    "readonly_refusal",
    "refusal",
    "why_not_writable",
    "write_message",
]
