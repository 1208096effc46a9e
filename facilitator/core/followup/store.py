"""The follow-up tables: the one module that writes them, and reads them.

Size: ~760 lines: the one writer of the follow-up tables (``tests/test_one_writer.py`` holds
every write there) with the reads that go with them; the rule of what an activity is now (its
timeline's latest status and progress) sits beside the writes that change it. The screen's reads
could move to :mod:`.views`, which has begun; not done yet.

``activity``, ``activity_update``, ``followup_status`` and ``followup_revision`` are written
here and nowhere else (the CLI, the app, a partner's file and a monitoring report read back all
come through :class:`FollowUp`); every input is checked by a ``*In`` model of :mod:`.model`
first. What the screen's forms type is its window's draft (``core/drafts.py``), as everywhere. Each write is one transaction of the store
(``store.write()``): on disk when the method returns, or not at all.

What an activity's status and progress are *now* is its timeline's: the latest update (by
date, then id) that gives a status or a progress wins over what the activity was created with;
a status that implies a progress (done: 100 %, planned: 0 %) sets it unless the same update
gives another. So two staff who each record what their partners said never contradict each
other: their updates are merged, and the timeline decides.

Every earlier state of an activity, an update or a status is kept in ``followup_revision``
(every field, as JSON) before it changes, as the ``revision`` table keeps earlier texts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .. import limits
from ..errors import Ambiguous, EditConflict, FacilitatorError, NotFound
from ..ids import new_id
from ..store import now_iso
from ..vocab import fold
from .model import Activity, ActivityIn, ActorIn, Revision, Status, StatusIn, Update, UpdateIn, activity_ref

_ACTIVITY_COLS = ("id", "seq", "recommendation_id", "session_id", "title", "lead", "lead_kind", "partners",
                  "start_date", "due_date", "status", "progress", "area", "lens", "lang", "created_at",
                  "updated_at", "deleted_at", "source", "set_id", "set_text", "set_members")
_UPDATE_COLS = ("id", "activity_id", "date", "author", "author_kind", "text", "source", "status", "progress", "lang",
                "created_at", "updated_at", "deleted_at", "origin")
_REF = re.compile(r"^\s*a\s*-?\s*0*(\d+)\s*$", re.I)
_REC_REF = re.compile(r"^\s*(?:(.+?)\s*[:/]\s*)?r\s*-?\s*0*(\d+)\s*$", re.I)


class FollowUpError(FacilitatorError):
    """Something about an activity or an update that the user can put right."""


def _seq(digits: str) -> int | None:
    """A reference's number as people type it (``A-003``), None for one of thousands of digits
    (no activity has it)."""
    try:
        return limits.number(digits)
    except ValueError:
        return None


def _message(exc) -> str:
    """A pydantic error as one line a person reads."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def checked(model, **fields: Any):
    """``model(**fields)``, or a :class:`FollowUpError` saying what is wrong."""
    from pydantic import ValidationError

    try:
        return model(**fields)
    except ValidationError as exc:
        raise FollowUpError(_message(exc)) from None


class FollowUp:
    """The follow-up of one database (a :class:`~facilitator.core.store.Store`)."""

    def __init__(self, store) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn

    # --- statuses -----------------------------------------------------------------------------

    def statuses(self) -> list[Status]:
        rows = self.conn.execute(
            "SELECT key, labels, kind, progress, position FROM followup_status ORDER BY position, key").fetchall()
        return [Status(key=k, labels=json.loads(lb or "{}"), kind=kind, progress=p, position=pos)
                for k, lb, kind, p, pos in rows]

    def status_map(self) -> dict[str, Status]:
        return {s.key: s for s in self.statuses()}

    def status_key(self, text: str | None, *, prefix: bool = False) -> str:
        """The status ``text`` names: its key or its label in any language (case, accents,
        hyphens ignored: ``under-way``, ``En cours``, ``قيد التنفيذ``). ``prefix``: the
        beginning of one is enough when it begins no other (``sta``, ``en c``: typed in a form)."""
        wanted = _status_fold(text or "")
        for s in self.statuses():
            if wanted in {_status_fold(s.key), *(_status_fold(v) for v in s.labels.values())}:
                return s.key
        if prefix and wanted:
            found = {s.key for s in self.statuses()
                     for name in (s.key, *s.labels.values()) if _status_fold(name).startswith(wanted)}
            if len(found) == 1:
                return found.pop()
            if found:
                raise FollowUpError(f"{limits.shorten((text or '').strip(), 40)} begins more than one status: {', '.join(sorted(found))}")
        known = ", ".join(s.key for s in self.statuses())
        raise FollowUpError(f"unknown status {limits.shorten((text or '').strip(), 40)} (statuses: {known}; "
                            "add one with `facilitator followup status --add NAME`)")

    def add_status(self, data: StatusIn) -> Status:
        data = StatusIn.model_validate(data.model_dump())
        for s in self.statuses():
            names = {_status_fold(s.key), *(_status_fold(v) for v in s.labels.values())}
            if _status_fold(data.key) in names or any(_status_fold(v) in names for v in data.labels.values()):
                raise FollowUpError(f"there is already a status {s.key!r}")
        with self.store.write() as conn:
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM followup_status").fetchone()[0]
            labels = {"en": data.key, **data.labels}
            conn.execute(
                "INSERT INTO followup_status (key, labels, kind, progress, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (data.key, json.dumps(labels, ensure_ascii=False, sort_keys=True), data.kind, data.progress, position,
                 now_iso()),
            )
        return self.status_map()[data.key]

    def ensure_status(self, key: str, kind: str = "open", labels: dict[str, str] | None = None) -> str:
        """The status ``key`` (added, as ``kind``, when the database does not have it yet: a
        report read back from another database may use one added there)."""
        try:
            return self.status_key(key)
        except FollowUpError:
            return self.add_status(checked(StatusIn, key=key, kind=kind, labels=labels or {})).key

    # --- activities: writing ------------------------------------------------------------------

    def _check_status(self, key: str | None) -> str | None:
        return None if key is None else self.status_key(key)

    def _rec_session(self, conn, recommendation_id: str | None) -> str | None:
        if recommendation_id is None:
            return None
        row = conn.execute("SELECT session_id FROM recommendation WHERE id = ?", (recommendation_id,)).fetchone()
        if row is None:
            raise NotFound(f"no recommendation with id {recommendation_id}")
        return row[0]

    def add_activity(self, data: ActivityIn, *, activity_id: str | None = None, seq: int | None = None,
                     source: dict | None = None, stamp: str | None = None, agreed_only: bool = True) -> str:
        """A new activity; its id. ``seq`` is kept when free (a report read back), else the next;
        ``stamp``: when it was made (a report read back keeps its time). An activity carries out
        an agreed recommendation (``agreed_only=False``: a report read back, made when it was)."""
        data = canonical_terms(ActivityIn.model_validate(data.model_dump()))
        status = self.status_key(data.status)
        aid = activity_id or new_id()
        now = now_iso()
        with self.store.write() as conn:
            session_id = self._rec_session(conn, data.recommendation_id)
            if agreed_only and data.recommendation_id and data.consolidated is None:
                row = conn.execute("SELECT seq, status FROM recommendation WHERE id = ?",
                                   (data.recommendation_id,)).fetchone()
                if row[1] != "agreed":
                    raise FollowUpError(f"R-{row[0]:03d} is {row[1]}: activities carry out agreed recommendations "
                                        "(the review marks it agreed)")
            if seq is None or conn.execute("SELECT 1 FROM activity WHERE seq = ?", (seq,)).fetchone():
                seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM activity").fetchone()[0]
            conn.execute(
                f"INSERT INTO activity ({', '.join(_ACTIVITY_COLS)}) VALUES ({', '.join('?' * len(_ACTIVITY_COLS))})",
                (aid, seq, data.recommendation_id, session_id, data.title, *_lead(data.lead), _partners(data.partners),
                 _date(data.start), _date(data.due), status, data.progress, data.area, data.lens, data.lang,
                 stamp or now, stamp or now, None,
                 json.dumps(source, ensure_ascii=False, sort_keys=True) if source else None, *_set(data)),
            )
        return aid

    def _row(self, conn, table: str, cols: Sequence[str], item_id: str) -> dict | None:
        row = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (item_id,)).fetchone()
        return dict(zip(cols, row)) if row else None

    def _revision(self, conn, entity: str, entity_id: str, state: dict) -> None:
        conn.execute(
            "INSERT INTO followup_revision (entity, entity_id, state, created_at) VALUES (?, ?, ?, ?)",
            (entity, entity_id, json.dumps(state, ensure_ascii=False, sort_keys=True), now_iso()),
        )

    def activity_fields(self, activity_id: str) -> dict:
        """An activity's own fields as :class:`ActivityIn` takes them."""
        row = self._row(self.conn, "activity", _ACTIVITY_COLS, activity_id)
        if row is None:
            raise NotFound(f"no activity with id {activity_id}")
        return _fields_of(row)

    def change_activity(self, activity_id: str, *, allow_base: bool = False, stamp: str | None = None,
                        expected: dict | None = None, **changes: Any) -> bool:
        """Change an activity's own fields (title, lead, partners, start, due, area, lens,
        recommendation); the earlier state is kept. Status and progress change by an update
        (``allow_base``: a report read back sets what the activity was created with). Returns
        whether anything changed. ``expected``: its fields (:meth:`activity_fields`) when the
        edit began; if another window or a command changed them since, nothing is written and
        :class:`~facilitator.core.errors.EditConflict` says so, with theirs."""
        if not allow_base and ({"status", "progress"} & set(changes)):
            raise FollowUpError("the status and the progress change by an update (they are part of the timeline)")
        current = self.activity_fields(activity_id)
        fields = {**current, **changes}
        data = canonical_terms(checked(ActivityIn, **fields))
        status = self.status_key(data.status)
        new = {**_fields_of_in(data), "status": status}
        if new == current:
            return False
        with self.store.write() as conn:
            row = self._row(conn, "activity", _ACTIVITY_COLS, activity_id)
            if row is None:
                raise NotFound(f"no activity with id {activity_id}")
            if expected is not None and _fields_of(row) != expected:
                raise EditConflict(f"{activity_ref(row['seq'])} was changed elsewhere while it was being edited",
                                   activity_lines(_fields_of(row)))
            self._revision(conn, "activity", activity_id, row)
            session_id = self._rec_session(conn, data.recommendation_id) if data.recommendation_id else None
            conn.execute(
                """UPDATE activity SET recommendation_id = ?, session_id = COALESCE(?, session_id), title = ?,
                   lead = ?, lead_kind = ?, partners = ?, start_date = ?, due_date = ?, status = ?, progress = ?,
                   area = ?, lens = ?, lang = ?, updated_at = ?, set_id = ?, set_text = ?, set_members = ?
                   WHERE id = ?""",
                (data.recommendation_id, session_id, data.title, *_lead(data.lead), _partners(data.partners),
                 _date(data.start), _date(data.due), status, data.progress, data.area, data.lens, data.lang,
                 stamp or now_iso(), *_set(data), activity_id),
            )
        return True

    def delete_activity(self, activity_id: str) -> None:
        """Hidden, with its timeline; :meth:`restore_activity` brings it back."""
        with self.store.write() as conn:
            row = self._row(conn, "activity", _ACTIVITY_COLS, activity_id)
            if row is None:
                raise NotFound(f"no activity with id {activity_id}")
            if row["deleted_at"] is None:
                self._revision(conn, "activity", activity_id, row)
                conn.execute("UPDATE activity SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now_iso(), now_iso(), activity_id))

    def restore_activity(self, activity_id: str) -> None:
        with self.store.write() as conn:
            row = self._row(conn, "activity", _ACTIVITY_COLS, activity_id)
            if row is None:
                raise NotFound(f"no activity with id {activity_id}")
            if row["deleted_at"] is not None:
                self._revision(conn, "activity", activity_id, row)
                conn.execute("UPDATE activity SET deleted_at = NULL, updated_at = ? WHERE id = ?", (now_iso(), activity_id))

    # --- updates: writing ---------------------------------------------------------------------

    def add_update(self, data: UpdateIn, *, update_id: str | None = None, origin: str | None = None,
                   today: dt.date | None = None, stamp: str | None = None) -> str:
        """One dated update of an activity's timeline; its id. A date after ``today`` is refused
        (a year typed wrong would otherwise stay the latest news for years)."""
        data = UpdateIn.model_validate(data.model_dump())
        status = self._check_status(data.status)
        _not_future(data.date, today)
        uid = update_id or new_id()
        now = stamp or now_iso()
        author_kind = self.author_kind(data.author, data.author_kind)
        with self.store.write() as conn:
            row = conn.execute("SELECT deleted_at FROM activity WHERE id = ?", (data.activity_id,)).fetchone()
            if row is None:
                raise NotFound(f"no activity with id {data.activity_id}")
            if row[0] is not None:
                raise FollowUpError("that activity was deleted; restore it first")
            conn.execute(
                f"INSERT INTO activity_update ({', '.join(_UPDATE_COLS)}) VALUES ({', '.join('?' * len(_UPDATE_COLS))})",
                (uid, data.activity_id, data.date.isoformat(), data.author, author_kind, data.text, data.source,
                 status, data.progress, data.lang, now, now, None, origin),
            )
        return uid

    def update_fields(self, update_id: str) -> dict:
        row = self._row(self.conn, "activity_update", _UPDATE_COLS, update_id)
        if row is None:
            raise NotFound(f"no update with id {update_id}")
        return _update_fields_of(row)

    def change_update(self, update_id: str, *, today: dt.date | None = None, stamp: str | None = None,
                      expected: dict | None = None, **changes: Any) -> bool:
        """Change an update (a typo, the wrong date); the earlier state is kept. ``expected``:
        its fields (:meth:`update_fields`) when the correction began; changed since by another
        window or a command, nothing is written (:class:`~facilitator.core.errors.EditConflict`)."""
        current = self.update_fields(update_id)
        data = checked(UpdateIn, **{**current, **changes})
        status = self._check_status(data.status)
        _not_future(data.date, today)
        author_kind = self.author_kind(data.author, data.author_kind) if data.author else None
        new = {"activity_id": data.activity_id, "date": data.date.isoformat(), "author": data.author,
               "author_kind": author_kind, "text": data.text, "source": data.source, "status": status,
               "progress": data.progress, "lang": data.lang}
        if new == current:
            return False
        with self.store.write() as conn:
            row = self._row(conn, "activity_update", _UPDATE_COLS, update_id)
            if expected is not None and row is not None and _update_fields_of(row) != expected:
                raise EditConflict(f"the update of {row['date']} was changed elsewhere while it was being corrected",
                                   update_lines(_update_fields_of(row)))
            self._revision(conn, "update", update_id, row or {})
            conn.execute(
                """UPDATE activity_update SET date = ?, author = ?, author_kind = ?, text = ?, source = ?, status = ?,
                   progress = ?, lang = ?, updated_at = ? WHERE id = ?""",
                (new["date"], data.author, author_kind, data.text, data.source, status, data.progress, data.lang,
                 stamp or now_iso(), update_id),
            )
        return True

    def delete_update(self, update_id: str) -> None:
        """Hidden from the timeline; :meth:`restore_update` brings it back."""
        self._set_update_deleted(update_id, True)

    def restore_update(self, update_id: str) -> None:
        self._set_update_deleted(update_id, False)

    def _set_update_deleted(self, update_id: str, deleted: bool) -> None:
        with self.store.write() as conn:
            row = self._row(conn, "activity_update", _UPDATE_COLS, update_id)
            if row is None:
                raise NotFound(f"no update with id {update_id}")
            if (row["deleted_at"] is not None) == deleted:
                return
            self._revision(conn, "update", update_id, row)
            conn.execute("UPDATE activity_update SET deleted_at = ?, updated_at = ? WHERE id = ?",
                         (now_iso() if deleted else None, now_iso(), update_id))

    # --- reading ------------------------------------------------------------------------------

    # the recommendation's session gives the area (its agenda says it), the recommendation its
    # lenses (its own, else its theme's): an activity's own area and lens win over them
    _ACTIVITY_SQL = """
        SELECT a.*, r.seq AS rec_seq, r.text AS rec_text, r.status AS rec_status,
               s.title AS session_title, s.date AS session_date, s.area AS session_area,
               r.lenses AS rec_lenses, k.lenses AS theme_lenses
        FROM activity a
        LEFT JOIN recommendation r ON r.id = a.recommendation_id
        LEFT JOIN cluster k ON k.id = r.cluster_id
        LEFT JOIN session s ON s.id = a.session_id
    """

    def activities(self, *, include_deleted: bool = False, ids: Iterable[str] | None = None,
                   recommendation_id: str | None = None, session_ids: Iterable[str] | None = None) -> list[Activity]:
        """Activities, by number, with what their timelines say now."""
        sql = self._ACTIVITY_SQL + " WHERE 1 = 1"
        params: list[Any] = []
        if not include_deleted:
            sql += " AND a.deleted_at IS NULL"
        if recommendation_id is not None:
            sql += " AND a.recommendation_id = ?"
            params.append(recommendation_id)
        if session_ids is not None:
            wanted = list(session_ids)
            sql += f" AND a.session_id IN ({', '.join('?' * len(wanted))})"
            params += wanted
        if ids is not None:
            wanted = list(ids)
            sql += f" AND a.id IN ({', '.join('?' * len(wanted))})"
            params += wanted
        sql += " ORDER BY a.seq"
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
        timelines = self._timelines([r["id"] for r in rows])
        statuses = self.status_map()
        return [_activity(r, timelines.get(r["id"], []), statuses) for r in rows]

    def _timelines(self, activity_ids: list[str]) -> dict[str, list[tuple]]:
        """(date, id, status, progress) of every live update, per activity, in timeline order."""
        out: dict[str, list[tuple]] = {}
        for start in range(0, len(activity_ids), 500):
            chunk = activity_ids[start:start + 500]
            for aid, date, uid, status, progress in self.conn.execute(
                f"""SELECT activity_id, date, id, status, progress FROM activity_update
                    WHERE deleted_at IS NULL AND activity_id IN ({', '.join('?' * len(chunk))})
                    ORDER BY activity_id, date, id""", chunk):
                out.setdefault(aid, []).append((date, uid, status, progress))
        return out

    def activity(self, activity_id: str, *, include_deleted: bool = True) -> Activity:
        found = self.activities(include_deleted=include_deleted, ids=[activity_id])
        if not found:
            raise NotFound(f"no activity with id {activity_id}")
        return found[0]

    def updates(self, activity_id: str, *, include_deleted: bool = False) -> list[Update]:
        """An activity's timeline, oldest first (by date, then id)."""
        sql = f"SELECT {', '.join(_UPDATE_COLS)} FROM activity_update WHERE activity_id = ?"
        if not include_deleted:
            sql += " AND deleted_at IS NULL"
        rows = self.conn.execute(sql + " ORDER BY date, id", (activity_id,)).fetchall()
        return [Update(**dict(zip(_UPDATE_COLS, r))) for r in rows]

    def all_updates(self, activity_ids: Iterable[str]) -> dict[str, list[Update]]:
        ids = list(activity_ids)
        out: dict[str, list[Update]] = {aid: [] for aid in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in self.conn.execute(
                f"""SELECT {', '.join(_UPDATE_COLS)} FROM activity_update WHERE deleted_at IS NULL
                    AND activity_id IN ({', '.join('?' * len(chunk))}) ORDER BY activity_id, date, id""", chunk):
                u = Update(**dict(zip(_UPDATE_COLS, r)))
                out[u.activity_id].append(u)
        return out

    def update(self, update_id: str) -> Update:
        row = self._row(self.conn, "activity_update", _UPDATE_COLS, update_id)
        if row is None:
            raise NotFound(f"no update with id {update_id}")
        return Update(**row)

    def history(self, entity: str, entity_id: str) -> list[Revision]:
        """Every earlier state of an activity (``entity="activity"``) or an update, oldest first."""
        rows = self.conn.execute(
            "SELECT id, entity, entity_id, state, created_at FROM followup_revision WHERE entity = ? AND entity_id = ?"
            " ORDER BY id", (entity, entity_id)).fetchall()
        return [Revision(id=i, entity=e, entity_id=x, state=json.loads(s), created_at=c) for i, e, x, s, c in rows]

    def resolve(self, ref: str) -> str:
        """An activity's id from ``A-003`` (or ``a3``, ``3``), its id, or a unique prefix of it."""
        text = (ref or "").strip()
        m = _REF.match(text) or (re.fullmatch(r"\d+", text) and re.match(r"(\d+)", text))
        if m:
            seq = _seq(m.group(1))
            row = None if seq is None else self.conn.execute("SELECT id FROM activity WHERE seq = ?", (seq,)).fetchone()
            if row is None:
                name = activity_ref(seq) if seq is not None else limits.shorten(text, 30)
                raise NotFound(f"no activity {name} (see `facilitator followup list`)")
            return row[0]
        low = text.lower()
        if not low:
            raise NotFound("no activity given")
        rows = self.conn.execute("SELECT id FROM activity WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                                 (low, low + "\uffff")).fetchall()
        if not rows:
            raise NotFound(f"no activity matches {limits.shorten(text, 40)} (see `facilitator followup list`)")
        if len(rows) > 1 and rows[0][0] != low:
            raise Ambiguous(f"{limits.shorten(text, 40)} matches more than one activity; give more of the id")
        return rows[0][0]

    def ids_known(self, activity_ids: Iterable[str]) -> set[str]:
        ids = list(activity_ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found |= {r[0] for r in self.conn.execute(
                f"SELECT id FROM activity WHERE id IN ({', '.join('?' * len(chunk))})", chunk)}
        return found

    def update_ids_known(self, update_ids: Iterable[str]) -> dict[str, dict]:
        ids = list(update_ids)
        found: dict[str, dict] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in self.conn.execute(
                f"SELECT {', '.join(_UPDATE_COLS)} FROM activity_update WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk):
                row = dict(zip(_UPDATE_COLS, r))
                found[row["id"]] = row
        return found

    # --- recommendations and their evidence (read) ---------------------------------------------

    def resolve_recommendation(self, ref: str, session_id: str | None = None) -> str:
        """A recommendation's id from its id (or a unique prefix), or ``R-004`` of ``session_id``
        (or of the only session that has an R-004; ``SESSION/R-004`` names the session too)."""
        text = (ref or "").strip()
        m = _REC_REF.match(text)
        seq = _seq(m.group(2)) if m else None
        if m and seq is None:
            raise NotFound(f"no recommendation {limits.shorten(text, 30)}")
        if m and seq is not None:
            if m.group(1):
                session_id = self.store.resolve_session(m.group(1))
            sql = "SELECT id, session_id FROM recommendation WHERE seq = ? AND deleted_at IS NULL"
            params: list[Any] = [seq]
            if session_id:
                sql += " AND session_id = ?"
                params.append(session_id)
            rows = self.conn.execute(sql, params).fetchall()
            if not rows:
                raise NotFound(f"no recommendation R-{seq:03d}" + (" in that session" if session_id else ""))
            if len(rows) > 1:
                raise Ambiguous(f"more than one session has an R-{seq:03d}: say which (--session, or SESSION/R-{seq:03d})")
            return rows[0][0]
        low = text.lower()
        if not low:
            raise NotFound("no recommendation given")
        rows = self.conn.execute("SELECT id FROM recommendation WHERE id >= ? AND id < ? AND deleted_at IS NULL"
                                 " ORDER BY id LIMIT 2", (low, low + "\uffff")).fetchall()
        if not rows:
            raise NotFound(f"no recommendation matches {limits.shorten(text, 40)} (R-004, or its id)")
        if len(rows) > 1 and rows[0][0] != low:
            raise Ambiguous(f"{limits.shorten(text, 40)} matches more than one recommendation; give more of the id")
        return rows[0][0]

    def recommendations(self, *, statuses: Sequence[str] = ("agreed",), session_ids: Iterable[str] | None = None
                        ) -> list[dict]:
        """Recommendations that can be followed up (agreed ones, by default), with their session
        and how many live activities each has, by session date, then rank and number."""
        marks = ", ".join("?" * len(statuses))
        sql = f"""SELECT r.id, r.session_id, r.seq, r.text, r.status, r.rank, r.addressed_to,
                         s.title AS session_title, s.date AS session_date,
                         (SELECT count(*) FROM activity a WHERE a.recommendation_id = r.id AND a.deleted_at IS NULL)
                           AS activities
                  FROM recommendation r JOIN session s ON s.id = r.session_id
                  WHERE r.deleted_at IS NULL AND r.status IN ({marks})"""
        params: list[Any] = list(statuses)
        if session_ids is not None:
            wanted = list(session_ids)
            sql += f" AND r.session_id IN ({', '.join('?' * len(wanted))})"
            params += wanted
        sql += " ORDER BY s.date, s.id, r.rank IS NULL, r.rank, r.seq"
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def recommendation(self, recommendation_id: str) -> dict:
        row = self.conn.execute(
            """SELECT r.id, r.session_id, r.question_id, r.seq, r.text, r.status, r.rank, r.addressed_to,
                      q.position AS question_position, s.title AS session_title, s.date AS session_date,
                      s.language AS session_language, s.area, r.lenses, k.lenses
               FROM recommendation r JOIN session s ON s.id = r.session_id
               LEFT JOIN cluster k ON k.id = r.cluster_id
               LEFT JOIN question q ON q.id = r.question_id WHERE r.id = ?""", (recommendation_id,)).fetchone()
        if row is None:
            raise NotFound(f"no recommendation with id {recommendation_id}")
        cols = ("id", "session_id", "question_id", "seq", "text", "status", "rank", "addressed_to",
                "question_position", "session_title", "session_date", "session_language", "area")
        out = dict(zip(cols, row))
        out["lenses"] = rec_lenses(row[-2], row[-1])  # its own, else its theme's
        return out

    def evidence(self, recommendation_id: str) -> list[dict]:
        """The live contributions a recommendation rests on, in the session's order: reference,
        text, speaker, stakeholder group."""
        from ..ids import contribution_ref

        rows = self.conn.execute(
            """SELECT c.id, c.seq, q.position, c.text, p.name, p.stakeholder_group, c.lang, c.participant_id
               FROM recommendation_support rs JOIN contribution c ON c.id = rs.contribution_id
               LEFT JOIN question q ON q.id = c.question_id LEFT JOIN participant p ON p.id = c.participant_id
               WHERE rs.recommendation_id = ? AND c.deleted_at IS NULL ORDER BY c.seq""",
            (recommendation_id,)).fetchall()
        return [dict(id=cid, ref=contribution_ref(pos, seq), text=text, speaker=name, group=group, lang=lang,
                     participant_id=pid)
                for cid, seq, pos, text, name, group, lang, pid in rows]

    def author_kind(self, author: str | None, given: str | None = None) -> str | None:
        """What kind of author an update has: as given, else a person unless the name is a
        parliament's (its words), an organization's already leading or partnering an activity, or
        a body's by its words (a secretariat, a ministry, an acronym: :func:`.actors.looks_like_a_body`;
        never a name on the roster or one that starts with a title). A person's name is withheld
        from an anonymous report; a leak is worse than a name left out."""
        if not author:
            return None
        if given:
            return given
        from .actors import guess_kind, looks_like_a_body

        roster = self.roster_names()
        key = fold(author)
        if any(fold(name) == key for name in roster):
            return "person"
        if guess_kind(author) == "parliament":
            return "parliament"
        for name, kind in self.known_actors():
            if fold(name) == key and kind != "person":
                return kind
        if looks_like_a_body(author, roster):
            return "organization"
        return "person"

    def known_actors(self) -> list[tuple[str, str]]:
        """(name, kind) of every lead and partner of a live activity."""
        out: list[tuple[str, str]] = []
        for lead, kind, partners in self.conn.execute(
                "SELECT lead, lead_kind, partners FROM activity WHERE deleted_at IS NULL"):
            if lead:
                out.append((lead, kind or "organization"))
            out += [(n, k) for n, k in json.loads(partners or "[]")]
        return out

    def roster_names(self) -> list[str]:
        """Every name on the roster: people, whom an anonymous report never names."""
        return [r[0] for r in self.conn.execute("SELECT name FROM participant ORDER BY name")]

    def last_change(self) -> str | None:
        """The follow-up's own last change (ISO, UTC): activities and updates."""
        row = self.conn.execute(
            "SELECT max(m) FROM (SELECT max(updated_at) AS m FROM activity UNION ALL "
            "SELECT max(updated_at) FROM activity_update)").fetchone()
        return row[0] if row else None


# --- helpers ------------------------------------------------------------------------------------


def canonical_terms(data: ActivityIn) -> ActivityIn:
    """The area and lens as stored: a known one by its key (``Sécurité`` -> ``security``,
    ``humaine`` -> ``human``, in any of the three languages), others as typed."""
    from ..vocab import AREAS, LENSES

    return data.model_copy(update={"area": AREAS.canonical(data.area), "lens": LENSES.canonical(data.lens)})


def _status_fold(text: str) -> str:
    return fold(text).replace("-", " ").replace(" ", "")


def _lead(lead: ActorIn | None) -> tuple[str | None, str | None]:
    return (lead.name, lead.kind) if lead else (None, None)


def _partners(partners: list[ActorIn]) -> str:
    return json.dumps([[p.name, p.kind] for p in partners], ensure_ascii=False)


def _set(data: ActivityIn) -> tuple[str | None, str | None, str]:
    c = data.consolidated
    return (c.id, c.text, json.dumps(c.members)) if c else (None, None, "[]")


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _not_future(date: dt.date, today: dt.date | None) -> None:
    today = today or dt.date.today()
    if date > today:
        raise FollowUpError(f"the date {date.isoformat()} is in the future (today is {today.isoformat()}): "
                            "an update tells what has happened")


def _fields_of(row: dict) -> dict:
    return {
        "recommendation_id": row["recommendation_id"],
        "title": row["title"],
        "lead": {"name": row["lead"], "kind": row["lead_kind"] or "organization"} if row["lead"] else None,
        "partners": [{"name": n, "kind": k} for n, k in json.loads(row["partners"] or "[]")],
        "start": row["start_date"],
        "due": row["due_date"],
        "status": row["status"],
        "progress": row["progress"],
        "area": row["area"],
        "lens": row["lens"],
        "lang": row["lang"],
        "consolidated": ({"id": row["set_id"], "text": row["set_text"], "members": json.loads(row["set_members"])}
                         if row["set_id"] else None),
    }


def _update_fields_of(row: dict) -> dict:
    return {k: row[k] for k in ("activity_id", "date", "author", "author_kind", "text", "source", "status",
                                "progress", "lang")}


def activity_lines(fields: dict) -> str:
    """An activity's own fields (:meth:`FollowUp.activity_fields`) as a person reads them."""
    lead = fields.get("lead") or {}
    partners = "; ".join(p["name"] for p in fields.get("partners") or [])
    return "\n".join(f"{label}: {value}" for label, value in (
        ("What", fields.get("title")), ("Lead", lead.get("name")), ("Partners", partners),
        ("Start", fields.get("start")), ("Due", fields.get("due")), ("Area", fields.get("area")),
        ("Lens", fields.get("lens"))) if value)


def update_lines(fields: dict) -> str:
    """An update's fields (:meth:`FollowUp.update_fields`) as a person reads them."""
    return "\n".join(f"{label}: {value}" for label, value in (
        ("Text", fields.get("text")), ("Status", fields.get("status")), ("Progress", fields.get("progress")),
        ("By", fields.get("author")), ("Date", fields.get("date")), ("Source", fields.get("source")))
        if value not in (None, ""))


def _fields_of_in(data: ActivityIn) -> dict:
    return {
        "recommendation_id": data.recommendation_id,
        "title": data.title,
        "lead": {"name": data.lead.name, "kind": data.lead.kind} if data.lead else None,
        "partners": [{"name": p.name, "kind": p.kind} for p in data.partners],
        "start": _date(data.start),
        "due": _date(data.due),
        "status": data.status,
        "progress": data.progress,
        "area": data.area,
        "lens": data.lens,
        "lang": data.lang,
        "consolidated": data.consolidated.model_dump() if data.consolidated else None,
    }


def now_of(base_status: str, base_progress: int | None, timeline: Sequence[tuple],
           statuses: dict[str, Status]) -> tuple[str, int | None]:
    """(status, progress) after the timeline: each update that gives a status or a progress
    wins over what came before it; a status's implied progress (done: 100) applies unless the
    same update gives one."""
    status = base_status
    progress = base_progress
    if progress is None and statuses.get(status) is not None:
        progress = statuses[status].progress
    for _when, _uid, st, pr in timeline:
        if st is not None:
            status = st
            implied = statuses[st].progress if st in statuses else None
            if pr is None and implied is not None:
                progress = implied
        if pr is not None:
            progress = pr
    return status, progress


def rec_lenses(own: str | None, theme: str | None) -> list[str]:
    """A recommendation's lenses (JSON): its own, else its theme's."""
    mine = json.loads(own or "[]")
    return mine or json.loads(theme or "[]")


def _activity(row: dict, timeline: list[tuple], statuses: dict[str, Status]) -> Activity:
    status, progress = now_of(row["status"], row["progress"], timeline, statuses)
    kind = statuses[status].kind if status in statuses else "open"
    return Activity(
        id=row["id"],
        seq=row["seq"],
        title=row["title"],
        recommendation_id=row["recommendation_id"],
        session_id=row["session_id"],
        lead=row["lead"],
        lead_kind=row["lead_kind"],
        partners=[(n, k) for n, k in json.loads(row["partners"] or "[]")],
        start=row["start_date"],
        due=row["due_date"],
        base_status=row["status"],
        base_progress=row["progress"],
        status=status,
        progress=progress,
        status_kind=kind,
        area=row["area"] or row["session_area"],
        lens=row["lens"] or next(iter(rec_lenses(row["rec_lenses"], row["theme_lenses"])), None),
        own_area=row["area"],
        own_lens=row["lens"],
        lang=row["lang"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
        last_update=timeline[-1][0] if timeline else None,
        update_count=len(timeline),
        rec_seq=row["rec_seq"],
        rec_text=row["rec_text"],
        rec_status=row["rec_status"],
        session_title=row["session_title"],
        session_date=row["session_date"],
        set_id=row["set_id"],
        set_text=row["set_text"],
        set_members=json.loads(row["set_members"] or "[]"),
    )


__all__ = ["FollowUp", "FollowUpError", "checked", "now_of"]
