"""Helpers for live capture that are not the store's business: clocks, question visits,
speaker type-ahead. No UI here; the capture screen calls these.

Times in the database are UTC ISO strings. A session's date, start and end are local to the
venue.

The session clock counts, on any day, from when capture started (the first speaker given the
floor, or the first contribution) against the scheduled length (end minus start): ``2 h 59
left``, then ``3 min 12 s over`` (an overrun, shown as such). Only the time the capture screen
was open counts (its question visits), so a session typed up over two days, or a window closed
for lunch, is not counted as hours over. Before capture starts it shows the scheduled length,
``3 h 00 scheduled``. Every clock says its unit (:func:`fmt_span`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import Participant, Session
from .vocab import GROUPS

UTC = dt.timezone.utc

# Offered when a new speaker's stakeholder group is asked, before any group is on the roster.
DEFAULT_GROUPS = tuple(GROUPS)


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


def parse_iso(value: str) -> dt.datetime:
    """A UTC ISO string from the database (``...Z``) as an aware datetime."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def to_iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fmt_span(seconds: float) -> str:
    """A duration with its unit: ``45 s``, ``3 min 12 s``, ``15 min``, ``1 h 59`` (hours and
    minutes from an hour on)."""
    s = int(abs(seconds))
    if s >= 3600:
        h, rest = divmod(s, 3600)
        return f"{h} h {rest // 60:02d}"
    if s >= 60:
        m, rest = divmod(s, 60)
        return f"{m} min {rest:02d} s" if rest else f"{m} min"
    return f"{s} s"


@dataclass(frozen=True)
class SessionClock:
    text: str
    overrun: bool = False
    live: bool = False  # True once it counts (capture has started)


def scheduled_seconds(session: Session) -> float | None:
    if not session.start or not session.end:
        return None
    start = dt.datetime.combine(session.date, session.start)
    end = dt.datetime.combine(session.date, session.end)
    if end <= start:  # ends after midnight
        end += dt.timedelta(days=1)
    return (end - start).total_seconds()


def session_clock(session: Session, elapsed: float | None) -> SessionClock:
    """What the session clock shows after ``elapsed`` seconds of capture (None: not started)."""
    length = scheduled_seconds(session)
    if elapsed is None:
        return SessionClock(f"{fmt_span(length)} scheduled" if length else "")
    if length is None:
        return SessionClock(f"{fmt_span(elapsed)} in", live=True)
    if elapsed <= length:
        return SessionClock(f"{fmt_span(length - elapsed)} left", live=True)
    return SessionClock(f"{fmt_span(elapsed - length)} over", overrun=True, live=True)


def capture_start(store, session_id: str) -> dt.datetime | None:
    """When capture of the session started: its first speaking turn or first contribution."""
    row = store.conn.execute(
        """SELECT min(t) FROM (
             SELECT min(started_at) AS t FROM turn WHERE session_id = :s
             UNION ALL SELECT min(COALESCE(started_at, created_at)) FROM contribution
               WHERE session_id = :s AND deleted_at IS NULL)""",
        {"s": session_id},
    ).fetchone()
    return parse_iso(row[0]) if row and row[0] else None


def overlap(start: dt.datetime, end: dt.datetime, since: dt.datetime | None) -> float:
    """Seconds of [start, end] from ``since`` on (0 when ``since`` is None)."""
    if since is None:
        return 0.0
    return max(0.0, (end - max(start, since)).total_seconds())


def closed_capture_seconds(store, session_id: str, since: dt.datetime | None) -> float:
    """Seconds of capture in the visits that are over, from ``since`` on."""
    if since is None:
        return 0.0
    total = 0.0
    for started, ended in store.conn.execute(
        "SELECT started_at, ended_at FROM question_visit WHERE session_id = ? AND ended_at IS NOT NULL", (session_id,)
    ):
        total += overlap(parse_iso(started), parse_iso(ended), since)
    return total


# --- question visits: time spent on each question --------------------------------------------


def close_stale_visits(store, session_id: str) -> None:
    """Close visits left open by a crash or a killed process.

    The end is the last sign of life in the session after the visit started (a contribution
    saved, the draft autosaved), or the visit's start if there is none.
    """
    rows = store.conn.execute(
        "SELECT id, started_at FROM question_visit WHERE session_id = ? AND ended_at IS NULL", (session_id,)
    ).fetchall()
    if not rows:
        return
    last = store.conn.execute(
        """SELECT max(t) FROM (
             SELECT max(created_at) AS t FROM contribution WHERE session_id = ?
             UNION ALL SELECT max(updated_at) FROM contribution WHERE session_id = ?
             UNION ALL SELECT max(updated_at) FROM draft WHERE session_id = ?)""",
        (session_id, session_id, session_id),
    ).fetchone()[0]
    with store.write() as conn:
        for vid, started in rows:
            end = last if last and last > started else started
            conn.execute("UPDATE question_visit SET ended_at = ? WHERE id = ?", (end, vid))


def start_visit(store, session_id: str, question_id: str, at: dt.datetime | None = None) -> None:
    """The session moves to ``question_id``: close the open visit, open a new one."""
    when = to_iso(at or utc_now())
    with store.write() as conn:
        conn.execute(
            "UPDATE question_visit SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL",
            (when, session_id),
        )
        conn.execute(
            "INSERT INTO question_visit (session_id, question_id, started_at) VALUES (?, ?, ?)",
            (session_id, question_id, when),
        )


def end_visit(store, session_id: str, at: dt.datetime | None = None) -> None:
    with store.write() as conn:
        conn.execute(
            "UPDATE question_visit SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL",
            (to_iso(at or utc_now()), session_id),
        )


def closed_time_on_question(store, session_id: str, question_id: str) -> float:
    """Seconds spent on a question in visits that are over (the open one is added live)."""
    total = 0.0
    for started, ended in store.conn.execute(
        "SELECT started_at, ended_at FROM question_visit WHERE session_id = ? AND question_id = ?"
        " AND ended_at IS NOT NULL",
        (session_id, question_id),
    ):
        total += max(0.0, (parse_iso(ended) - parse_iso(started)).total_seconds())
    return total


def last_visited_question(store, session_id: str) -> str | None:
    row = store.conn.execute(
        "SELECT question_id FROM question_visit WHERE session_id = ? ORDER BY started_at DESC, id DESC LIMIT 1",
        (session_id,),
    ).fetchone()
    return row[0] if row else None


# --- speakers ----------------------------------------------------------------------------------


def fold(text: str | None) -> str:
    """Lower case without accents, for type-ahead (``Sénégal`` matches ``sene``)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w]


# Words before a name that are not the name (folded, without dots): initials and type-ahead
# look past them ("at" is Hon. Aminata Touré, "jpl" is Dr. Jean-Pierre Lacroix).
HONORIFICS = frozenset("""
hon honourable honorable dr doctor mr mrs ms miss mx m mme mlle mm prof professor pr sir dame lord lady
h e he his her excellency s se son sa excellence amb ambassador sen senator rep deputy dep
col colonel gen general lt maj major capt captain brig cdr adm ret retd rtd rt eng ing
sheikh cheikh shaikh imam rev fr sr commissioner minister
السيد السيدة الدكتور الدكتورة د معالي سعادة الأستاذ الأستاذة الاستاذ النائب النائبة الشيخ العقيد اللواء
""".split())


def name_words(name: str | None) -> list[str]:
    """The words of a name, folded, without the honorifics it starts with."""
    words = _words(fold(name))
    i = 0
    while i < len(words) - 1 and words[i] in HONORIFICS:
        i += 1
    return words[i:]


def _subsequence(term: str, letters: str) -> bool:
    it = iter(letters)
    return all(ch in it for ch in term)


def speaker_score(p: Participant, query: str) -> int:
    """How well a participant matches what was typed (0: not at all; higher is better).

    Every typed word must match. Best is the start of a word of the name (its first word
    first), then the initials of the name's words without honorifics (``jpl``, ``jl``, ``mk``,
    ``at``), then a word of the title, organization, group or country (``unodc``, ``sen``),
    then letters inside the name.
    """
    q = fold(query).strip()
    if not q:
        return 1
    words = name_words(p.name)
    name = " ".join(words)
    initials = "".join(w[0] for w in words)
    other = fold(" ".join(x for x in (p.organization, p.title, p.stakeholder_group, p.country) if x))
    other_words = _words(other) + [w for w in _words(fold(p.name)) if w not in words]
    score = 0
    for term in _words(q):
        if words and words[0].startswith(term):
            score += 12
        elif any(w.startswith(term) for w in words):
            score += 10
        elif len(term) >= 2 and initials == term:
            score += 11
        elif len(term) >= 2 and initials.startswith(term):
            score += 9
        elif len(term) >= 2 and initials and term[0] == initials[0] and _subsequence(term, initials):
            score += 8
        elif len(term) >= 2 and _subsequence(term, initials):
            score += 6
        elif any(w.startswith(term) for w in other_words):
            score += 3
        elif term in name:
            score += 1
        else:
            return 0
    return score


def rank_speakers(participants: Iterable[Participant], query: str, recent: Sequence[str] = ()) -> list[Participant]:
    """Participants matching ``query``, best first; ties go to whoever spoke most recently."""
    recency = {pid: i for i, pid in enumerate(recent)}
    scored = [(speaker_score(p, query), p) for p in participants]
    scored = [(s, p) for s, p in scored if s > 0]
    scored.sort(key=lambda sp: (-sp[0], recency.get(sp[1].id, len(recency)), fold(sp[1].name)))
    return [p for _, p in scored]


def recent_speakers(store, session_id: str, limit: int = 50) -> list[str]:
    """Participant ids of this session's most recent speakers, most recent first."""
    rows = store.conn.execute(
        """SELECT participant_id FROM contribution WHERE session_id = ? AND participant_id IS NOT NULL
           AND deleted_at IS NULL GROUP BY participant_id ORDER BY max(seq) DESC LIMIT ?""",
        (session_id, limit),
    ).fetchall()
    return [r[0] for r in rows]


def stakeholder_groups(store) -> list[str]:
    """Groups already on the roster, then the usual ones."""
    seen = [
        r[0]
        for r in store.conn.execute(
            "SELECT stakeholder_group FROM participant WHERE stakeholder_group IS NOT NULL"
            " AND stakeholder_group != '' GROUP BY stakeholder_group ORDER BY count(*) DESC, stakeholder_group"
        )
    ]
    folded = {fold(g) for g in seen}
    return seen + [g for g in DEFAULT_GROUPS if fold(g) not in folded]


def speaker_label(p: Participant | None) -> str:
    """``Amina Diallo (Parliament of Niger)`` or ``Floor`` for an unnamed participant."""
    if p is None:
        return "Floor"
    extra = p.organization or p.stakeholder_group
    return f"{p.name} ({extra})" if extra else p.name
