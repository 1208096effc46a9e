"""Helpers for live capture that are not the store's business: clocks, question visits,
speaker type-ahead. No UI here; the capture screen calls these.

Times in the database are UTC ISO strings. A session's date, start and end are local to the
venue, compared with the local wall clock of the machine the rapporteur types on.

The session clock:

- on the session's date, before the start: ``starts in H:MM``; between start and end: the time
  left, ``H:MM left``; after the end: ``H:MM over`` (an overrun, shown as such);
- on any other day (a session captured from a recording, or typed up later): the scheduled
  slot and its length, ``14:30–17:30 (3:00)``, with no countdown: a countdown to a date that is
  not today would be meaningless.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import Participant, Session

UTC = dt.timezone.utc

# Offered when a new speaker's stakeholder group is asked, before any group is on the roster.
DEFAULT_GROUPS = (
    "Parliament",
    "Government",
    "UN / international organization",
    "Civil society",
    "Security sector",
    "Academia / expert",
    "Media",
    "Private sector",
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


def parse_iso(value: str) -> dt.datetime:
    """A UTC ISO string from the database (``...Z``) as an aware datetime."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def to_iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fmt_duration(seconds: float) -> str:
    """Hours and minutes: ``0:07`` for seven minutes, ``1:05`` for 65 minutes."""
    seconds = int(abs(seconds))
    h, rest = divmod(seconds, 3600)
    m = rest // 60
    return f"{h}:{m:02d}"


def fmt_clock(seconds: float) -> str:
    """Minutes and seconds below an hour (``12:05``), hours and minutes above (``1h05``)."""
    seconds = int(abs(seconds))
    if seconds >= 3600:
        h, rest = divmod(seconds, 3600)
        return f"{h}h{rest // 60:02d}"
    m, s = divmod(seconds, 60)
    return f"{m}:{s:02d}"


@dataclass(frozen=True)
class SessionClock:
    text: str
    overrun: bool = False
    live: bool = False  # True when it counts down (today is the session's date)


def session_clock(session: Session, now_local: dt.datetime) -> SessionClock:
    """What the session clock shows at ``now_local`` (naive local wall-clock time)."""
    if not session.start or not session.end:
        return SessionClock("no scheduled time")
    start = dt.datetime.combine(session.date, session.start)
    end = dt.datetime.combine(session.date, session.end)
    if end <= start:  # ends after midnight
        end += dt.timedelta(days=1)
    length = (end - start).total_seconds()
    now_local = now_local.replace(tzinfo=None)
    if now_local.date() != session.date and not (start <= now_local <= end + dt.timedelta(hours=6)):
        return SessionClock(f"{session.start:%H:%M}–{session.end:%H:%M} ({fmt_duration(length)})")
    if now_local < start:
        return SessionClock(f"starts in {fmt_duration((start - now_local).total_seconds())}", live=True)
    if now_local <= end:
        return SessionClock(f"{fmt_duration((end - now_local).total_seconds())} left", live=True)
    return SessionClock(f"{fmt_duration((now_local - end).total_seconds())} over", overrun=True, live=True)


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
             UNION ALL SELECT updated_at FROM draft WHERE session_id = ?)""",
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


def speaker_score(p: Participant, query: str) -> int:
    """How well a participant matches what was typed (0: not at all; higher is better).

    Every typed word must start a word of the name, the organization, the title or the group
    (``am sen`` finds Amina Diallo of Senegal's parliament); initials work too (``ad``).
    """
    q = fold(query).strip()
    if not q:
        return 1
    name = fold(p.name)
    other = fold(" ".join(x for x in (p.organization, p.title, p.stakeholder_group, p.country) if x))
    name_words = _words(name)
    other_words = _words(other)
    score = 0
    for term in _words(q):
        if any(w.startswith(term) for w in name_words):
            score += 10 if name.startswith(term) else 6
        elif any(w.startswith(term) for w in other_words):
            score += 3
        elif term in name:
            score += 1
        elif len(term) >= 2 and "".join(w[0] for w in name_words).startswith(term):
            score += 4
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
