"""Speaking turns: a speaker's time is their turn, not the typing of a contribution.

A turn runs from the moment a speaker is picked (or the floor is given) to the next pick, a
pause, or leaving the question (:class:`LiveTurns`, kept by the capture screen). Turns are
stored in the ``turn`` table; each contribution saved during a turn carries its id
(``contribution.turn_id``).

The time of a turn is credited to the contributions saved in it (:func:`credits`), so that a
speaker who keeps the floor across two contributions is credited the whole turn, and a
contribution moved to another question, or given to another speaker, takes its time along:

- the first contribution of a turn gets the time from the turn's start to its save, each next
  one the time from the save before it to its own, and the last one also the rest of the turn
  (to its end, or to the last save while the turn is still open);
- a turn in which nothing was saved (a wrong pick put right at once, the chair speaking between
  two speakers) is not on the record;
- a contribution without a turn (saved by ``facilitator add``, imported from a file of an
  earlier version) counts from ``started_at`` to ``created_at``, as before; without
  ``started_at`` it has no time.

Times are whole milliseconds (the database's time stamps have millisecond precision), so the
overview, the export and ``facilitator overview`` add up exactly the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import tables
from .capture import to_iso  # (turns are written with the capture's time stamps)
from .ids import new_id
from .stats import parse_time

UTC = dt.timezone.utc
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def ms(value: str | None) -> int | None:
    """Milliseconds since 1970 of a UTC ISO time stamp (None for None or a bad value)."""
    t = parse_time(value)
    if t is None:
        return None
    delta = t - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


# --- credits: the time of each contribution ------------------------------------------------------


def credits(rows: Iterable[Mapping], turns: Mapping[str, tuple[int | None, int | None]]) -> dict[str, int | None]:
    """Speaking milliseconds of each contribution (None: no time known).

    ``rows``: the live contributions, each with ``id``, ``turn_id``, ``seq``, ``started_at``,
    ``created_at``. ``turns``: turn id -> (start, end) in milliseconds (end None while open).
    """
    return {cid: None if span is None else span[1] - span[0] for cid, span in credit_spans(rows, turns).items()}


def credit_spans(rows: Iterable[Mapping], turns: Mapping[str, tuple[int | None, int | None]]
                 ) -> dict[str, tuple[int, int] | None]:
    """The stretch of time (start, stop in milliseconds) credited to each contribution (None:
    no time known): :func:`credits` are their lengths; the overview lays them over the time on
    each question (``stats.question_figures``)."""
    out: dict[str, tuple[int, int] | None] = {}
    by_turn: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for r in rows:
        tid = r.get("turn_id")
        created = ms(r.get("created_at"))
        span = turns.get(tid) if tid else None
        if tid and span is not None and span[0] is not None and created is not None:
            by_turn[tid].append((created, r.get("seq") or 0, r["id"]))
            continue
        start = ms(r.get("started_at"))
        out[r["id"]] = (min(start, created), created) if start is not None and created is not None else None
    for tid, items in by_turn.items():
        items.sort()
        start, end = turns[tid]
        assert start is not None  # only turns with a start are in by_turn
        last = items[-1][0]
        end = last if end is None else max(end, last)
        boundary = start
        for k, (created, _seq, cid) in enumerate(items):
            stop = end if k == len(items) - 1 else max(created, boundary)
            out[cid] = (boundary, max(boundary, stop))
            boundary = max(boundary, stop)
    return out


def turn_spans(store, session_id: str) -> dict[str, tuple[int | None, int | None]]:
    return {
        tid: (ms(start), ms(end))
        for tid, start, end in store.conn.execute(
            "SELECT id, started_at, ended_at FROM turn WHERE session_id = ?", (session_id,)
        )
    }


# --- the live turn of the capture screen ---------------------------------------------------------


@dataclass
class Turn:
    id: str
    session_id: str
    question_id: str | None
    participant_id: str | None  # None: the floor
    started_at: dt.datetime
    ended_at: dt.datetime | None = None

    @property
    def open(self) -> bool:
        return self.ended_at is None


@dataclass
class LiveTurns:
    """The speaking turn of a capture window, kept in memory and written with the window's next
    write (the autosave within half a second, or a save): picking a speaker never waits for the
    disk."""

    session_id: str
    current: Turn | None = None
    _unwritten: dict[str, Turn] = field(default_factory=dict)

    def begin(self, participant_id: str | None, question_id: str | None, at: dt.datetime) -> Turn:
        """``participant_id`` has the floor from ``at``: the turn before ends there. Giving the
        floor to whoever holds it on the same question keeps their turn."""
        cur = self.current
        if cur is not None and cur.open and cur.participant_id == participant_id and cur.question_id == question_id:
            return cur
        self.end(at)
        turn = Turn(new_id(), self.session_id, question_id, participant_id, at)
        self.current = turn
        self._unwritten[turn.id] = turn
        return turn

    def end(self, at: dt.datetime) -> None:
        """The turn ends (a pause, another question, the window closes)."""
        cur = self.current
        if cur is not None and cur.open:
            cur.ended_at = max(at, cur.started_at)
            self._unwritten[cur.id] = cur

    def open_turn(self) -> Turn | None:
        cur = self.current
        return cur if cur is not None and cur.open else None

    @property
    def unwritten(self) -> bool:
        return bool(self._unwritten)

    def write(self, conn) -> None:
        """Write the turns that changed (call inside ``store.write()``); kept for the next
        write if the transaction fails (:meth:`written` marks them done after the commit)."""
        for t in self._unwritten.values():
            tables.put_turn(conn, t.id, t.session_id, t.question_id, t.participant_id, to_iso(t.started_at),
                            to_iso(t.ended_at) if t.ended_at else None)

    def written(self) -> None:
        self._unwritten.clear()


def close_stale(store, session_id: str) -> None:
    """Close the turns a killed or crashed window left open: each ends at the last sign of life
    after it started (a contribution saved in it, the draft autosaved), or where it started."""
    rows = store.conn.execute(
        "SELECT id, started_at FROM turn WHERE session_id = ? AND ended_at IS NULL", (session_id,)
    ).fetchall()
    if not rows:
        return
    from .drafts import last_typed

    typed = last_typed(store.conn, session_id)
    with store.write() as conn:
        for tid, started in rows:
            last = conn.execute(
                "SELECT max(created_at) FROM contribution WHERE turn_id = ?", (tid,)
            ).fetchone()[0]
            candidates = [x for x in (last, typed) if x and x > started]
            tables.end_turn(conn, tid, max(candidates) if candidates else started)


def follow_speaker(conn, contribution_id: str) -> None:
    """After a contribution's speaker changed: when every live contribution of its turn now has
    one speaker, the turn is theirs (a wrong pick put right afterwards)."""
    row = conn.execute("SELECT turn_id FROM contribution WHERE id = ?", (contribution_id,)).fetchone()
    if not row or not row[0]:
        return
    speakers = {
        r[0] for r in conn.execute(
            "SELECT participant_id FROM contribution WHERE turn_id = ? AND deleted_at IS NULL", (row[0],)
        )
    }
    if len(speakers) == 1:
        tables.set_turn_speaker(conn, row[0], next(iter(speakers)))
