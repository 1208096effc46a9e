"""The SQLite store: one file, opened safely, written atomically.

Size: ~950 lines: :class:`Store` is the one door to the database for every caller (the app, the
CLI, the importers, the tests): opening and refusing files, the pragmas, the write transaction
and its error mapping, the data_version the live windows follow, and the reads each screen and
command needs (the writes themselves are in :mod:`.tables`). The reads could move to modules by
concept (sessions, contributions, participants) behind the same methods; not done yet.

``Store.open(path)`` refuses a file that is not ours (random bytes, an empty file, another
program's SQLite database, a newer schema) without touching it, creates a new file with
owner-only permissions, applies migrations, and sets the pragmas every connection needs (WAL,
``synchronous=FULL``, foreign keys, a busy timeout so two windows can share the file).

Every write goes through :meth:`Store.write`, a ``BEGIN IMMEDIATE`` transaction that maps
SQLite's "disk full", "locked" and I/O errors to :class:`~.errors.WriteFailed` after rolling
back, so a caller can tell the user and keep their text. When a write method returns, the data
is committed and synced to disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any, cast

from . import dbfile, dbinfo, tables
from .errors import (
    Ambiguous,
    DamagedDatabase,
    DatabaseBusy,
    DiskFull,
    EditConflict,
    FacilitatorError,
    FileChanged,
    NotFound,
    ReadOnlyDatabase,
    UnreadableDatabase,
    WriteFailed,
)
from .ids import new_id
from .records import Contribution, Participant, Question, Revision, Session

if TYPE_CHECKING:  # validated input; imported where it is used (keeps pydantic out of start-up)
    from .drafts import Draft
    from .models import ContributionIn, ParticipantIn, SessionIn

BUSY_TIMEOUT_MS = dbfile.BUSY_TIMEOUT_MS


def now_iso() -> str:
    """UTC time with milliseconds, e.g. ``2026-11-22T07:55:01.123Z`` (sorts as text)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_file(path: Path) -> None:
    """Refuse, without modifying it, a file that cannot be a facilitator database.

    Reads through SQLite only (never ``open()``: see the invariant in ``core/dbfile.py``)."""
    dbfile.inspect(Path(path))


def _damage(exc: sqlite3.DatabaseError, path: Path | None) -> sqlite3.DatabaseError:
    """SQLite damage and I/O errors met while reading, as an error for people by the state of
    the file (:func:`.dbfile.read_problem`: damaged, unreadable, or its journal deleted under
    another program); still an ``sqlite3.DatabaseError``, so handlers of SQLite errors keep
    working, and neither the CLI nor the app ever shows a traceback for it."""
    if isinstance(exc, FacilitatorError):
        return exc
    problem = dbfile.read_problem(path, exc)
    return problem if isinstance(problem, sqlite3.DatabaseError) else exc


class _Cursor(sqlite3.Cursor):
    """A cursor whose damage errors carry a message for people (see :func:`_damage`)."""

    path: Path | None = None

    def execute(self, *args):
        try:
            return super().execute(*args)
        except sqlite3.DatabaseError as exc:
            raise _damage(exc, self.path) from exc

    def executemany(self, *args):
        try:
            return super().executemany(*args)
        except sqlite3.DatabaseError as exc:
            raise _damage(exc, self.path) from exc

    def fetchone(self):
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            raise _damage(exc, self.path) from exc

    def fetchmany(self, *args):
        try:
            return super().fetchmany(*args)
        except sqlite3.DatabaseError as exc:
            raise _damage(exc, self.path) from exc

    def fetchall(self):
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damage(exc, self.path) from exc

    def __next__(self):
        try:
            return super().__next__()
        except sqlite3.DatabaseError as exc:
            raise _damage(exc, self.path) from exc


class _Connection(sqlite3.Connection):
    """The store's connection: statements run on :class:`_Cursor`."""

    path: Path | None = None

    def cursor(self, factory=_Cursor):
        cur = super().cursor(factory)
        cur.path = self.path
        return cur

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        return self.cursor().executemany(sql, parameters)


def _connect(path: Path, *, readonly: bool) -> _Connection:
    conn: _Connection
    if readonly:
        conn = cast(_Connection, dbfile.connect_readonly(path, factory=_Connection))
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, factory=_Connection)
    conn.path = path
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations under a write lock, so that of two instances opening the same
    file at once one migrates and the other, after waiting, finds nothing left to do.

    Every migration runs inside this transaction (sqlite-utils nests each as a savepoint), so a
    migration cannot VACUUM or change the journal mode."""
    from sqlite_utils import Database

    from . import schema

    db = Database(conn, execute_plugins=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if schema.migrations.pending(db):
            schema.migrations.apply(db)  # each migration nests as a savepoint
            schema.stamp(db)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _create_database(path: Path) -> None:
    """Build a new, migrated, owner-only database in a temporary file and give it its name only
    when it is whole: a second instance starting at the same moment never sees a half-made
    (empty) file, and if it was quicker, its file is kept and this one dropped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise _os_refusal(path, exc, "cannot create the database folder") from exc
    tmp = path.with_name(f".{path.name}.{new_id()}.new")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        conn = sqlite3.connect(str(tmp))
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            _migrate(conn)
        finally:
            conn.close()
        fd = os.open(tmp, os.O_RDWR)  # the temporary file: no connection is open on it now
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            pass  # another instance created it first: use theirs
        except OSError:  # a file system without hard links
            if not path.exists():
                os.rename(tmp, path)
    except sqlite3.Error as exc:
        if dbfile.kind_of(exc, tmp) == "full":
            raise DiskFull(f"{path}: cannot create the database: the disk is full", path) from exc
        raise WriteFailed(f"{path}: cannot create the database ({dbfile.write_message(exc, tmp)})", path) from exc
    except OSError as exc:
        raise _os_refusal(path, exc, "cannot create the database") from exc
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{tmp}{suffix}")


def _os_refusal(path: Path, exc: OSError, what: str) -> WriteFailed:
    kind = dbfile.kind_of(exc)
    if kind == "full":
        return DiskFull(f"{path}: {what}: the disk is full", path)
    if kind == "readonly":
        return ReadOnlyDatabase(f"{path}: {what}: the folder is read-only ({exc.strerror})", path)
    return WriteFailed(f"{path}: {what} ({exc.strerror or exc})", path)


def _sqlite_message(exc: sqlite3.Error, path: Path | None = None) -> str:
    return dbfile.write_message(exc, path)


def _aliases_json(aliases: list[str]) -> str | None:
    """The participant.aliases column: a JSON list, NULL when there are none."""
    import json

    return json.dumps(aliases, ensure_ascii=False) if aliases else None


class Store:
    """One open facilitator database. Not shared across threads: open one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, writable: bool = True):
        self.conn = conn
        self.path = path
        self.writable = writable
        # the file (and -wal) this connection has open: checked before every write
        self.identity = dbfile.Identity(path)
        self._changed: str | None = None

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True, write: bool = True,
             check: str = "now") -> "Store":
        """Open the database at ``path``.

        ``write=True`` (the default): the file must be ours (or new: ``create``), writable, and
        pass ``PRAGMA quick_check`` (once per process); migrations are applied. ``write=False``:
        a read-only connection for the commands that only read; it works on a read-only file or
        folder, and never changes the file.

        ``check="background"`` (the app): the quick_check runs on its own thread (``store.integrity``,
        started by the app once its first screen is drawn, or by the first write); every write
        waits for it, and is refused if the file is damaged. Where opening itself must write (a
        migration, a change to WAL), the check runs first, as for ``"now"``.
        """
        path = Path(path)
        if not path.exists():
            if not create or not write:
                raise NotFound(f"{path}: no such database")
            _create_database(path)
        facts = dbfile.inspect(path)  # foreign, newer, empty, not SQLite: refused untouched
        conn: sqlite3.Connection | None
        if not write:
            if facts.user_version < dbinfo.SCHEMA_VERSION and dbfile.why_not_writable(path) is None:
                return cls.open(path, create=False, write=True)  # upgrade it once, then read
            if facts.user_version < dbinfo.SCHEMA_VERSION:
                raise ReadOnlyDatabase(
                    f"{path}: written by an older version of facilitator and read-only here: it must be "
                    "upgraded once by opening it where it can be written",
                    path,
                )
            try:
                conn = _connect(path, readonly=True)
                conn.execute("PRAGMA query_only = ON")
            except sqlite3.DatabaseError as exc:
                raise dbfile.refusal(path, exc) from exc
            return cls(conn, path, writable=False)
        reason = dbfile.why_not_writable(path)
        if reason:
            raise dbfile.readonly_refusal(path, reason)
        conn = None
        integrity = None
        try:
            conn = _connect(path, readonly=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            writes_now = facts.journal_mode != "wal" or facts.user_version < dbinfo.SCHEMA_VERSION
            if check == "background" and not writes_now and not dbfile.already_checked(path):
                integrity = dbfile.BackgroundCheck(path)  # started by the app, or by the first write
            else:
                dbfile.quick_check(conn, path)  # a damaged file is never written
            conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            # Up to date (every start-up): no migration machinery imported at all.
            if conn.execute("PRAGMA user_version").fetchone()[0] < dbinfo.SCHEMA_VERSION:
                _migrate(conn)
            conn.execute("PRAGMA synchronous = FULL")
        except FacilitatorError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
            if dbfile.kind_of(exc, path) == "full":
                raise DiskFull(f"{path}: the disk is full: the database cannot be opened for writing; free "
                               "some space (commands that only read still work)", path) from exc
            if dbfile.kind_of(exc, path) == "busy":
                raise WriteFailed(f"{path}: {_sqlite_message(exc, path)}", path) from exc
            if dbfile.kind_of(exc, path) == "readonly":
                raise dbfile.readonly_refusal(path, str(exc)) from exc
            raise dbfile.refusal(path, exc) from exc
        store = cls(conn, path)
        store.integrity = integrity
        return store

    integrity: dbfile.BackgroundCheck | None = None  # a quick_check still running (check="background")

    def close(self) -> None:
        if self.integrity is not None:
            self.integrity.join(60)
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self, *, wait_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed (and synced) on exit, rolled back on any error.

        SQLite errors become :class:`WriteFailed` with a message for people. Nested use joins
        the outer transaction through a savepoint. ``wait_ms``: wait at most that long for
        another window's write to end (an autosave that is tried again soon), then raise
        :class:`DatabaseBusy`; by default the busy timeout of the connection.
        """
        conn = self.conn
        if wait_ms is not None and not conn.in_transaction:
            conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            try:
                with self.write() as inner:
                    yield inner
            finally:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return
        if conn.in_transaction:
            name = f"sp_{new_id()}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.check_writable()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._write_failed(exc) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise self._write_failed(exc) from exc
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        self.identity.note_wal()

    def check_writable(self) -> None:
        """Raise :class:`WriteFailed` (a subclass saying why) unless a write can be tried now:
        opened for writing, and the path still names the file (and ``-wal``) this connection
        has open. Once the file changed under it, this store refuses every write."""
        if not self.writable:
            raise ReadOnlyDatabase(f"{self.path}: opened for reading only; nothing was written", self.path)
        if self.integrity is not None:
            self.integrity.wait(120)  # usually long done: it ran while the first screen was drawn
        if self._changed is None:
            try:
                self.identity.check()
            except FileChanged as exc:
                self._changed = str(exc)
                raise
        else:
            raise FileChanged(self._changed, self.path)

    @property
    def file_changed(self) -> str | None:
        """Why writing stopped, once the database file was found replaced or removed."""
        return self._changed

    def _write_failed(self, exc: sqlite3.Error) -> WriteFailed:
        cause = exc.__cause__
        if isinstance(exc, (DamagedDatabase, UnreadableDatabase)) and isinstance(cause, sqlite3.Error) \
                and dbfile.kind_of(cause, self.path) != "damaged":
            # an I/O error met by a statement of the write (the cursor reads it as "cannot be
            # read"): a write the disk refused, not a damaged file
            exc = cause
        message = _sqlite_message(exc, self.path)
        if dbfile.kind_of(exc, self.path) == "full":
            return DiskFull(message, self.path)
        if dbfile.kind_of(exc, self.path) == "readonly":
            return ReadOnlyDatabase(message, self.path)
        if dbfile.kind_of(exc, self.path) == "busy":
            return DatabaseBusy(message, self.path)
        return WriteFailed(message, self.path)

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description or ()]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    # --- sessions ------------------------------------------------------------------------------

    def create_session(self, data: SessionIn, *, session_id: str | None = None, agenda_text: str | None = None) -> str:
        from .models import SessionIn

        data = SessionIn.model_validate(data.model_dump())
        sid = session_id or new_id()
        now = now_iso()
        sha = hashlib.sha256(agenda_text.encode("utf-8")).hexdigest() if agenda_text is not None else None
        with self.write() as conn:
            series_id = None
            if data.series:
                row = conn.execute("SELECT id FROM series WHERE title = ?", (data.series,)).fetchone()
                if row:
                    series_id = row[0]
                else:
                    series_id = new_id()
                    tables.insert_series(conn, series_id, data.series, now)
            tables.insert_session(conn, {
                "id": sid,
                "series_id": series_id,
                "title": data.title,
                "event": data.event,
                "date": data.date.isoformat(),
                "start_time": data.start.strftime("%H:%M") if data.start else None,
                "end_time": data.end.strftime("%H:%M") if data.end else None,
                "venue": data.venue,
                "languages": json.dumps(data.languages),
                "language": data.language,
                "rapporteur": " ".join(data.rapporteur.split()) or None if data.rapporteur else None,
                "room": " ".join(data.room.split()) or None if data.room else None,
                "agenda_path": data.agenda_path,
                "agenda_sha256": sha,
                "created_at": now,
                "updated_at": now,
                "area": _area(data.area),
                "lenses": json.dumps(_lenses(data.lenses), ensure_ascii=False),
                "purpose": " ".join(data.purpose.split()) or None if data.purpose else None,
            })
            tables.insert_questions(conn, [
                {"id": new_id(), "session_id": sid, "position": q.position, "text": q.text,
                 "translations": json.dumps(q.translations, ensure_ascii=False), "allotment_min": q.allotment_min}
                for q in data.questions
            ])
        return sid

    _SESSION_SQL = """
        SELECT s.*, se.title AS series,
          (SELECT count(*) FROM question q WHERE q.session_id = s.id) AS question_count,
          (SELECT count(*) FROM contribution c WHERE c.session_id = s.id AND c.deleted_at IS NULL)
            AS contribution_count
        FROM session s LEFT JOIN series se ON se.id = s.series_id
    """

    @staticmethod
    def _session(row: dict) -> Session:
        return Session(
            id=row["id"],
            title=row["title"],
            series=row["series"],
            event=row["event"],
            date=row["date"],
            start=row["start_time"],
            end=row["end_time"],
            venue=row["venue"],
            languages=json.loads(row["languages"] or "[]"),
            language=row["language"],
            rapporteur=row["rapporteur"],
            agenda_path=row["agenda_path"],
            area=row.get("area"),
            lenses=json.loads(row.get("lenses") or "[]"),
            purpose=row.get("purpose"),
            question_count=row["question_count"],
            contribution_count=row["contribution_count"],
        )

    def has_sessions(self) -> bool:
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM session)").fetchone()[0] == 1

    def sessions(self) -> list[Session]:
        rows = self.query(self._SESSION_SQL + " ORDER BY s.date DESC, s.created_at DESC")
        return [self._session(r) for r in rows]

    def session(self, session_id: str) -> Session:
        rows = self.query(self._SESSION_SQL + " WHERE s.id = ?", (session_id,))
        if not rows:
            raise NotFound(f"no session with id {session_id}")
        return self._session(rows[0])

    def resolve_session(self, ref: str) -> str:
        """A session id from its id or any unique prefix of it."""
        ref = ref.strip().lower()
        if not ref:
            raise NotFound("no session given")
        rows = self.conn.execute(
            "SELECT id FROM session WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (ref, ref + "\uffff")
        ).fetchall()
        if not rows:
            raise NotFound(f"no session matches {ref!r} (see `facilitator sessions`)")
        if len(rows) > 1 and rows[0][0] != ref:
            raise Ambiguous(f"{ref!r} matches more than one session; give more of the id")
        return rows[0][0]

    # --- questions -----------------------------------------------------------------------------

    def questions(self, session_id: str) -> list[Question]:
        rows = self.query(
            """SELECT q.*, (SELECT count(*) FROM contribution c WHERE c.session_id = q.session_id
                              AND c.question_id = q.id AND c.deleted_at IS NULL) AS contribution_count
               FROM question q WHERE q.session_id = ? ORDER BY q.position""",
            (session_id,),
        )
        return [
            Question(
                id=r["id"],
                session_id=r["session_id"],
                position=r["position"],
                text=r["text"],
                translations=json.loads(r["translations"] or "{}"),
                allotment_min=r["allotment_min"],
                contribution_count=r["contribution_count"],
            )
            for r in rows
        ]

    def question_id(self, session_id: str, position: int) -> str:
        row = self.conn.execute(
            "SELECT id FROM question WHERE session_id = ? AND position = ?", (session_id, position)
        ).fetchone() if 0 < position < 1 << 62 else None
        if not row:
            n = self.conn.execute("SELECT count(*) FROM question WHERE session_id = ?", (session_id,)).fetchone()[0]
            raise NotFound(f"no question {position} in this session (it has questions 1 to {n})")
        return row[0]

    # --- participants --------------------------------------------------------------------------

    def stakeholder_groups(self) -> list[str]:
        """The stakeholder groups on the roster."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT stakeholder_group FROM participant WHERE stakeholder_group IS NOT NULL")]

    def _checked_person(self, data: ParticipantIn, *, confirmed: bool, fields: Iterable[str] | None = None
                        ) -> ParticipantIn:
        """The one check of a participant's labels, on every path that writes one (the CLI, files,
        the roster import, the app, the agenda's panel): the stakeholder group as the roster or
        the known groups spell it (``UN`` is "UN / international organization", the roster's
        spelling wins: :func:`.vocab.group`), and no name, title, organization or group that
        reads like a sentence (:func:`.vocab.label_problem`) unless ``confirmed``.
        ``fields``: only these were changed (an edit): the others are left as they are."""
        from . import vocab
        from .errors import LooksLikeSpeech

        group = data.stakeholder_group
        if group and (fields is None or "stakeholder_group" in fields):
            group = vocab.known_group(group, self.stakeholder_groups()) or group  # a new one: as given
            data = data.model_copy(update={"stakeholder_group": group})
        if not confirmed:
            for kind, field in (("name", "name"), ("title", "title"), ("organization", "organization"),
                                ("group", "stakeholder_group")):
                if fields is not None and field not in fields:
                    continue
                why = vocab.label_problem(kind, getattr(data, field))
                if why:
                    raise LooksLikeSpeech(kind, getattr(data, field), why)
        return data

    def add_participant(self, data: ParticipantIn, *, participant_id: str | None = None, confirmed: bool = False) -> str:
        """Add someone to the roster (their labels checked: :meth:`_checked_person`)."""
        from .models import ParticipantIn

        data = self._checked_person(ParticipantIn.model_validate(data.model_dump()), confirmed=confirmed)
        pid = participant_id or new_id()
        now = now_iso()
        with self.write() as conn:
            tables.insert_participant(conn, {
                "id": pid,
                "name": data.name,
                "title": data.title,
                "organization": data.organization,
                "stakeholder_group": data.stakeholder_group,
                "country": data.country,
                "gender": data.gender,
                "youth": int(data.youth),
                "aliases": _aliases_json(data.aliases),
                "created_at": now,
                "updated_at": now,
            })
        return pid

    def update_participant(self, participant_id: str, *, confirmed: bool = False, **fields: Any) -> None:
        """Change someone's details (the changed labels checked: :meth:`_checked_person`)."""
        before = self.participant(participant_id)
        current = before.model_dump(exclude={"id"})
        current.update(fields)
        from .models import ParticipantIn

        changed = {k for k, v in fields.items() if getattr(before, k, None) != v}
        data = self._checked_person(ParticipantIn.model_validate(current), confirmed=confirmed, fields=changed)
        with self.write() as conn:
            tables.update_participant(
                conn,
                participant_id,
                name=data.name,
                title=data.title,
                organization=data.organization,
                stakeholder_group=data.stakeholder_group,
                country=data.country,
                gender=data.gender,
                youth=int(data.youth),
                aliases=_aliases_json(data.aliases),
                updated_at=now_iso(),
            )

    def contribution_counts(self) -> dict[str, int]:
        """Participant id -> their live contributions, in every session (the roster shows it)."""
        return dict(self.conn.execute(
            "SELECT participant_id, count(*) FROM contribution WHERE deleted_at IS NULL"
            " AND participant_id IS NOT NULL GROUP BY participant_id").fetchall())

    def participants(self) -> list[Participant]:
        rows = self.query("SELECT * FROM participant ORDER BY name COLLATE NOCASE, created_at")
        return [Participant(**{k: r[k] for k in Participant.field_names()}) for r in rows]

    def participant(self, participant_id: str) -> Participant:
        rows = self.query("SELECT * FROM participant WHERE id = ?", (participant_id,))
        if not rows:
            raise NotFound(f"no participant with id {participant_id}")
        return Participant(**{k: rows[0][k] for k in Participant.field_names()})

    def find_participants(self, name: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM participant WHERE name = ? COLLATE NOCASE ORDER BY created_at", (name.strip(),)
            )
        ]

    def participant_by_name(self, name: str, *, create: bool = True, group: str | None = None) -> str:
        """The participant called ``name`` (case-insensitive), created if there is none."""
        found = self.find_participants(name)
        if len(found) > 1:
            raise Ambiguous(f"more than one participant is called {name!r}; pick one on the roster")
        if found:
            return found[0]
        if not create:
            raise NotFound(f"no participant called {name!r}")
        from .models import ParticipantIn

        return self.add_participant(ParticipantIn(name=name, stakeholder_group=group))

    # --- contributions -------------------------------------------------------------------------

    def _next_seq(self, conn: sqlite3.Connection, table: str, session_id: str) -> int:
        return conn.execute(f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE session_id = ?", (session_id,)).fetchone()[0]

    def add_contribution(self, data: ContributionIn, *, contribution_id: str | None = None) -> Contribution:
        """Validate and commit one contribution; when this returns it is on disk."""
        from .models import ContributionIn

        if not isinstance(data, ContributionIn):
            data = ContributionIn.model_validate(data)
        cid = contribution_id or new_id()
        now = now_iso()
        lang = data.lang or guess_lang(data.text)
        started = _iso(data.started_at) if data.started_at else None
        with self.write() as conn:
            seq = self._next_seq(conn, "contribution", data.session_id)
            tables.insert_contribution(conn, {
                "id": cid, "session_id": data.session_id, "question_id": data.question_id,
                "participant_id": data.participant_id, "seq": seq, "text": data.text, "lang": lang,
                "started_at": started, "created_at": now, "updated_at": now, "turn_id": data.turn_id,
            })
        return self.contribution(cid)

    def add_contributions(self, items: list[ContributionIn]) -> list[str]:
        """Commit many contributions in one transaction: all or nothing."""
        ids = []
        now = now_iso()
        with self.write() as conn:
            seqs: dict[str, int] = {}
            for data in items:
                if data.session_id not in seqs:
                    seqs[data.session_id] = self._next_seq(conn, "contribution", data.session_id)
                seq = seqs[data.session_id]
                seqs[data.session_id] += 1
                cid = new_id()
                tables.insert_contribution(conn, {
                    "id": cid,
                    "session_id": data.session_id,
                    "question_id": data.question_id,
                    "participant_id": data.participant_id,
                    "seq": seq,
                    "text": data.text,
                    "lang": data.lang or guess_lang(data.text),
                    "started_at": _iso(data.started_at) if data.started_at else None,
                    "created_at": now,
                    "updated_at": now,
                })
                ids.append(cid)
        return ids

    _CONTRIBUTION_SQL = """
        SELECT c.id, c.session_id, c.question_id, q.position AS question_position, c.participant_id,
               p.name AS speaker, p.stakeholder_group, c.seq, c.text, c.lang, c.started_at,
               c.created_at, c.updated_at, c.deleted_at, c.turn_id, c.proposed
        FROM contribution c
        LEFT JOIN question q ON q.id = c.question_id
        LEFT JOIN participant p ON p.id = c.participant_id
    """

    def contribution(self, contribution_id: str) -> Contribution:
        rows = self.query(self._CONTRIBUTION_SQL + " WHERE c.id = ?", (contribution_id,))
        if not rows:
            raise NotFound(f"no contribution with id {contribution_id}")
        return Contribution(**rows[0])

    def contributions_before(self, session_id: str, question_id: str, seq: int) -> int:
        """How many live contributions of the question come before the one numbered ``seq``."""
        return self.conn.execute(
            "SELECT count(*) FROM contribution WHERE session_id = ? AND question_id = ? AND seq < ?"
            " AND deleted_at IS NULL", (session_id, question_id, seq)).fetchone()[0]

    def cluster_seq(self, cluster_id: str) -> int:
        """The number a cluster is shown with (``#3``)."""
        row = self.conn.execute("SELECT seq FROM cluster WHERE id = ?", (cluster_id,)).fetchone()
        if row is None:
            raise NotFound(f"no cluster {cluster_id}")
        return row[0]

    def contributions(
        self,
        session_id: str,
        *,
        question_id: str | None | EllipsisType = ...,
        include_deleted: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Contribution]:
        """Contributions of a session in order; ``question_id=None`` gives the unassigned ones."""
        sql = self._CONTRIBUTION_SQL + " WHERE c.session_id = ?"
        params: list[Any] = [session_id]
        if question_id is None:
            sql += " AND c.question_id IS NULL"
        elif question_id is not ...:
            sql += " AND c.question_id = ?"
            params.append(question_id)
        if not include_deleted:
            sql += " AND c.deleted_at IS NULL"
        sql += " ORDER BY c.seq"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [Contribution(**r) for r in self.query(sql, params)]

    def question_counts(self, session_id: str) -> dict[str | None, int]:
        return {
            qid: n
            for qid, n in self.conn.execute(
                "SELECT question_id, count(*) FROM contribution WHERE session_id = ? AND deleted_at IS NULL"
                " GROUP BY question_id",
                (session_id,),
            )
        }

    def _add_revision(self, conn: sqlite3.Connection, entity: str, entity_id: str, text: str, meta: dict | None = None) -> None:
        tables.insert_revision(conn, entity, entity_id, text, json.dumps(meta or {}, ensure_ascii=False), now_iso())

    def edit_contribution(self, contribution_id: str, text: str, *, expected: str | None = None) -> Contribution:
        """Replace the text; the old text is kept as a revision. ``expected``: the text the
        edit began from; if the contribution's text is no longer that (another window, a
        command or an import changed it meanwhile), nothing is written and
        :class:`EditConflict` says so, with their text."""
        from .models import ContributionIn

        with self.write() as conn:  # read and write in one transaction: nobody writes between
            current = self.contribution(contribution_id)
            new = ContributionIn(session_id=current.session_id, text=text).text
            if expected is not None and current.text != expected and current.text != new:
                raise EditConflict(f"{current.ref} was changed elsewhere while it was being edited", current.text)
            if new != current.text:
                self._add_revision(conn, "contribution", contribution_id, current.text)
                tables.update_contribution(conn, contribution_id, text=new, lang=guess_lang(new) or current.lang,
                                           updated_at=now_iso())
        return self.contribution(contribution_id)

    def keep_unapplied(self, entity: str, entity_id: str, text: str, why: str) -> None:
        """Keep a text that was not applied (theirs was kept in a conflict) among the earlier
        versions, marked as such: nothing typed is thrown away."""
        with self.write() as conn:
            self._add_revision(conn, entity, entity_id, text, {"not_applied": why})

    def move_contribution(self, contribution_id: str, question_id: str | None) -> Contribution:
        with self.write() as conn:
            tables.update_contribution(conn, contribution_id, question_id=question_id, updated_at=now_iso())
        return self.contribution(contribution_id)

    def set_speaker(self, contribution_id: str, participant_id: str | None) -> Contribution:
        from .turns import follow_speaker

        with self.write() as conn:
            tables.update_contribution(conn, contribution_id, participant_id=participant_id, updated_at=now_iso())
            follow_speaker(conn, contribution_id)  # its turn follows when all of it changed speaker
        return self.contribution(contribution_id)

    def set_proposed(self, contribution_id: str, proposed: bool) -> Contribution:
        """Flag (or unflag) a contribution as a proposed recommendation (the review shows
        flagged ideas first)."""
        with self.write() as conn:
            tables.update_contribution(conn, contribution_id, proposed=int(bool(proposed)), updated_at=now_iso())
        return self.contribution(contribution_id)

    def delete_contribution(self, contribution_id: str) -> None:
        """Soft delete: the contribution disappears from views and can be restored."""
        with self.write() as conn:
            tables.hide_contribution(conn, contribution_id, now_iso())

    def restore_contribution(self, contribution_id: str) -> None:
        with self.write() as conn:
            tables.update_contribution(conn, contribution_id, deleted_at=None, updated_at=now_iso())

    def revisions(self, entity: str, entity_id: str) -> list[Revision]:
        rows = self.query(
            "SELECT id, entity, entity_id, text, created_at FROM revision WHERE entity = ? AND entity_id = ? ORDER BY id",
            (entity, entity_id),
        )
        return [Revision(**r) for r in rows]

    # --- other connections' writes (every window live: tui/live.py) -------------------------------

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def change_counts(self) -> dict[str, int]:
        """Writes counted per table a window shows from (``schema.LIVE_TABLES``, by triggers)."""
        return dict(self.conn.execute("SELECT name, n FROM change_count").fetchall())

    def revision_notes(self, entity: str, entity_id: str) -> dict[int, str]:
        """Revision id -> why it was not applied, for the versions kept from a conflict."""
        out = {}
        for rid, meta in self.conn.execute(
                "SELECT id, meta FROM revision WHERE entity = ? AND entity_id = ? AND meta LIKE '%not_applied%'",
                (entity, entity_id)):
            try:
                why = json.loads(meta).get("not_applied")
            except ValueError:
                continue
            if why:
                out[rid] = str(why)
        return out

    # --- drafts: what is being typed, one per window and place (core/drafts.py) ------------------

    def save_draft(self, draft: Draft, *, wait_ms: int | None = None) -> None:
        """Write a window's draft (removed when nothing is typed in it)."""
        from . import drafts

        with self.write(wait_ms=wait_ms) as conn:
            drafts.save(conn, draft, now_iso())

    def clear_draft(self, window_id: str, place: str, scope: str = "") -> None:
        from . import drafts

        with self.write() as conn:
            drafts.clear(conn, window_id, place, scope)

    # --- settings ------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as conn:
            tables.put_setting(conn, key, value)


def _area(value: str | None) -> str | None:
    from .vocab import AREAS

    return AREAS.canonical(value)


def _lenses(values: list[str]) -> list[str]:
    from .vocab import lens_list

    return lens_list(values)


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_FR_WORDS = frozenset("le la les des du une est et pour dans que qui pas sur avec nous il elle au aux ces".split())
_EN_WORDS = frozenset("the and of to is in that for it with as are on be this we they not have".split())


def guess_lang(text: str) -> str | None:
    """A cheap guess between Arabic, French and English; None when it cannot tell."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    if arabic / len(letters) > 0.5:
        return "ar"
    words = [w.strip(".,;:!?()\"'«»").lower() for w in text.split()]
    fr = sum(w in _FR_WORDS for w in words) + sum(ch in "éèêàçùâîôœ" for ch in text.lower())
    en = sum(w in _EN_WORDS for w in words)
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return None


__all__ = ["Store", "now_iso", "guess_lang", "check_file", "FacilitatorError"]
