"""Overview and speaker balance of a session: the figures, without any UI.

Size: ~500 lines: every figure of a session's overview, computed once for the screen, the CLI
and the export so that they agree; the time rules (question visits, speaking turns, pauses,
moves) are shared by all of them.

- :func:`question_figures`: contributions per guiding question and time spent on each, against
  its allotment. Time comes from the ``question_visit`` table (recorded by the capture screen
  when the session moves from question to question) when the session has visits; otherwise it
  is derived from contribution time stamps, from the first contribution of a question (when its
  speaker started, else when it was saved) to the last one saved. ``time_source`` says which.
- :func:`pace`: contributions saved per time slot, from the first to the last.
- :func:`speaker_balance`: contributions and speaking time by speaker, by stakeholder group, by
  gender and by youth, and who on the roster has not been heard. The export's overview uses the
  same code (:func:`group_figures`, :func:`speaking_seconds`) on the contributions of the
  document, so the screen and the document show the same figures.
- :func:`overview`: all of it at once.

Speaking time is the speakers' turns (:mod:`facilitator.core.turns`): a turn's time is
credited to the contributions saved in it, so a speaker who keeps the floor across two
contributions is credited the whole turn. A contribution saved outside any turn counts from
``started_at`` to ``created_at``; one without either (the CLI, some imports) counts for the
number of contributions but not for time; ``timed`` says how many had a time.

The roster of a session is the participants who spoke in it plus the participants who have not
spoken in any session yet (participants are shared by all sessions of a database; someone who
spoke only in another session is not counted as "not heard" here).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass

UTC = dt.timezone.utc
NO_GROUP = "no group"
NOT_RECORDED = "not recorded"
FLOOR = "the floor"


def parse_time(value: str | None) -> dt.datetime | None:
    """A UTC ISO string from the database as an aware datetime (None stays None)."""
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def speaking_seconds(started_at: str | None, created_at: str | None) -> float | None:
    """Seconds from when the speaker started to when the contribution was saved (None when
    either is unknown)."""
    start, end = parse_time(started_at), parse_time(created_at)
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


# --- questions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionFigure:
    question_id: str
    position: int
    text: str
    allotment_min: int | None
    contributions: int
    seconds: float  # time spent on the question (see time_source)
    speakers: int  # distinct speakers (the floor not counted)
    speaking: float = 0.0  # speaking time credited to its contributions (turns)

    @property
    def label(self) -> str:
        return f"Q{self.position}"

    @property
    def allotted_seconds(self) -> float | None:
        return self.allotment_min * 60.0 if self.allotment_min else None

    @property
    def over_allotment(self) -> bool:
        return self.allotment_min is not None and self.seconds > self.allotment_min * 60


def _contribution_rows(store, session_id: str) -> list[dict]:
    return store.query(
        """SELECT c.id, c.question_id, c.participant_id, c.turn_id, c.seq, c.started_at, c.created_at
           FROM contribution c WHERE c.session_id = ? AND c.deleted_at IS NULL ORDER BY c.seq""",
        (session_id,),
    )


def question_figures(
    store, session_id: str, *, now: dt.datetime | None = None
) -> tuple[list[QuestionFigure], str]:
    """Per question, in order: contributions, time spent, distinct speakers; and the time source
    (``"visits"`` or ``"contributions"``). A visit still open counts up to ``now``."""
    now = now or dt.datetime.now(UTC)
    questions = store.query(
        "SELECT id, position, text, allotment_min FROM question WHERE session_id = ? ORDER BY position",
        (session_id,),
    )
    from .turns import credit_spans, turn_spans

    rows = _contribution_rows(store, session_id)
    spans = credit_spans(rows, turn_spans(store, session_id))
    spoken = {cid: None if span is None else span[1] - span[0] for cid, span in spans.items()}
    speaking: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    speakers: dict[str, set] = defaultdict(set)
    first: dict[str, dt.datetime] = {}
    last: dict[str, dt.datetime] = {}
    for r in rows:
        qid = r["question_id"]
        if qid is None:
            continue
        counts[qid] += 1
        if (ms := spoken.get(r["id"])) is not None:
            speaking[qid] += ms / 1000
        if r["participant_id"]:
            speakers[qid].add(r["participant_id"])
        begin = parse_time(r["started_at"]) or parse_time(r["created_at"])
        end = parse_time(r["created_at"])
        if begin and (qid not in first or begin < first[qid]):
            first[qid] = begin
        if end and (qid not in last or end > last[qid]):
            last[qid] = end
    visits = store.query(
        "SELECT question_id, started_at, ended_at FROM question_visit WHERE session_id = ?", (session_id,)
    )
    on_screen: dict[str, list[tuple[int, int]]] = defaultdict(list)  # when each question was on screen (ms)
    if visits:
        source = "visits"
        for v in visits:
            shown_from, shown_to = ms_of(parse_time(v["started_at"])), ms_of(parse_time(v["ended_at"]) or now)
            if shown_from is not None and shown_to is not None and shown_to > shown_from:
                on_screen[v["question_id"]].append((shown_from, shown_to))
    else:
        source = "contributions"
        for qid, begin in first.items():
            b, e = ms_of(begin), ms_of(last.get(qid, begin))
            if b is not None and e is not None and e > b:
                on_screen[qid].append((b, e))
    # Time on a question: when it was on screen, less the stretches credited to contributions
    # of other questions (said while this one showed, moved away since), plus the stretches of
    # its own contributions said while another showed (moved here): speaking time moves with a
    # contribution, and so does the time it took. So a question's speaking time never exceeds
    # its time, through moves, pauses and crashes; two windows crediting the same moment count
    # it twice in both.
    credited: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in rows:
        span = spans.get(r["id"])
        if r["question_id"] is not None and span is not None and span[1] > span[0]:
            credited[r["question_id"]].append(span)
    every = sorted((a, b, qid) for qid, spans_ in credited.items() for a, b in spans_)  # sorted once
    seconds: dict[str, float] = {}
    for qid in set(on_screen) | set(credited):
        shown = _union(on_screen.get(qid, []))
        lo, hi = (shown[0][0], shown[-1][1]) if shown else (0, 0)
        others = _union_sorted([(a, b) for a, b, other in every if b > lo and a < hi and other != qid])
        kept = _minus(shown, others)
        seconds[qid] = max(_length(_union(kept + credited.get(qid, []))), sum(b - a for a, b in credited.get(qid, []))) / 1000
    figures = [
        QuestionFigure(
            question_id=q["id"],
            position=q["position"],
            text=q["text"],
            allotment_min=q["allotment_min"],
            contributions=counts.get(q["id"], 0),
            seconds=seconds.get(q["id"], 0.0),
            speakers=len(speakers.get(q["id"], ())),
            speaking=speaking.get(q["id"], 0.0),
        )
        for q in questions
    ]
    return figures, source


def ms_of(t: dt.datetime | None) -> int | None:
    """Milliseconds since 1970 (None stays None)."""
    if t is None:
        return None
    return round(t.timestamp() * 1000)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint stretches covering the same time."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _union_sorted(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """:func:`_union` of stretches already sorted."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _minus(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` without ``holes`` (both sorted and disjoint)."""
    out: list[tuple[int, int]] = []
    j = 0
    for a, b in spans:
        while j < len(holes) and holes[j][1] <= a:
            j += 1
        k, start = j, a
        while k < len(holes) and holes[k][0] < b:
            if holes[k][0] > start:
                out.append((start, holes[k][0]))
            start = max(start, holes[k][1])
            k += 1
        if start < b:
            out.append((start, b))
    return out


def _length(spans: list[tuple[int, int]]) -> int:
    return sum(b - a for a, b in spans)


# --- pace --------------------------------------------------------------------------------------

_BUCKETS = (5, 10, 15, 30, 60, 120, 240, 480, 1440)


@dataclass(frozen=True)
class PaceBucket:
    start: dt.datetime  # aware, UTC
    minutes: int
    count: int


def pace(
    store, session_id: str, *, bucket_minutes: int | None = None, max_buckets: int = 36
) -> list[PaceBucket]:
    """Contributions saved per slot of ``bucket_minutes`` (by default the smallest of 5,
    10, 15, 30, 60, ... minutes that gives at most ``max_buckets`` slots), from the slot of the
    first contribution to the slot of the last, empty slots included."""
    times = sorted(
        t for t in (parse_time(r["created_at"]) for r in _contribution_rows(store, session_id)) if t
    )
    if not times:
        return []
    span_min = (times[-1] - times[0]).total_seconds() / 60
    if bucket_minutes is None:
        bucket_minutes = next((b for b in _BUCKETS if span_min / b < max_buckets), _BUCKETS[-1])
    width = dt.timedelta(minutes=bucket_minutes)
    epoch = dt.datetime(2000, 1, 1, tzinfo=UTC)

    def slot(t: dt.datetime) -> int:
        return int((t - epoch) // width)

    first, last = slot(times[0]), slot(times[-1])
    counts = [0] * (last - first + 1)
    for t in times:
        counts[slot(t) - first] += 1
    return [PaceBucket(epoch + (first + i) * width, bucket_minutes, n) for i, n in enumerate(counts)]


# --- speaker balance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerFigure:
    participant_id: str | None  # None: the floor
    name: str
    stakeholder_group: str | None = None
    gender: str | None = None
    youth: bool = False
    country: str | None = None
    contributions: int = 0
    seconds: float = 0.0
    timed: int = 0  # contributions that had a speaking time


@dataclass(frozen=True)
class GroupFigure:
    """Figures for a stakeholder group, a gender or youth."""

    label: str
    contributions: int = 0
    seconds: float = 0.0
    heard: int = 0  # distinct speakers who contributed
    roster: int = 0  # people on the roster in this group

    @property
    def not_heard(self) -> int:
        return max(0, self.roster - self.heard)


@dataclass(frozen=True)
class Balance:
    session_id: str
    speakers: list[SpeakerFigure]  # who spoke, most contributions first
    floor: SpeakerFigure  # contributions with no speaker
    not_heard: list[SpeakerFigure]  # on the roster, no contribution, by name
    by_group: list[GroupFigure]
    by_gender: list[GroupFigure]
    by_youth: list[GroupFigure]
    contributions: int = 0
    seconds: float = 0.0
    timed: int = 0
    roster: int = 0  # people on the roster

    def to_dict(self) -> dict:
        """Plain data (for JSON and for the export)."""
        return asdict(self)


def _roster(store, session_id: str) -> list[dict]:
    return store.query(
        """SELECT p.* FROM participant p
           WHERE EXISTS (SELECT 1 FROM contribution c WHERE c.participant_id = p.id
                         AND c.session_id = :s AND c.deleted_at IS NULL)
              OR NOT EXISTS (SELECT 1 FROM contribution c WHERE c.participant_id = p.id
                             AND c.deleted_at IS NULL)
           ORDER BY p.name COLLATE NOCASE, p.created_at""",
        {"s": session_id},
    )


def group_figures(speakers: list[SpeakerFigure], roster: list[dict], key_speaker, key_row, order=None) -> list[GroupFigure]:
    """Totals per label; labels that differ only in case or spacing (``Woman``, ``woman``) are
    one group, shown as first spelled. A figure without ``participant_id`` (contributions of
    someone a file names only by group) adds contributions and time but no speaker."""
    agg: dict[str, dict] = {}
    shown: dict[str, str] = {}

    def entry(label: str) -> dict:
        key = " ".join(label.split()).casefold()
        shown.setdefault(key, label)
        return agg.setdefault(key, {"contributions": 0, "seconds": 0.0, "heard": 0, "roster": 0})

    for s in speakers:
        e = entry(key_speaker(s))
        e["contributions"] += s.contributions
        e["seconds"] += s.seconds
        e["heard"] += 1 if s.participant_id is not None else 0
    for r in roster:
        entry(key_row(r))["roster"] += 1
    keys = sorted(agg, key=lambda k: (-agg[k]["contributions"], k))
    if order:
        keys = [k for k in order if k in agg] + [k for k in keys if k not in order]
    return [GroupFigure(label=shown[k], **agg[k]) for k in keys]


def label_or(value: str | None, empty: str) -> str:
    """``value`` stripped, or ``empty`` when there is nothing."""
    value = (value or "").strip()
    return value if value else empty


def speaker_balance(store, session_id: str) -> Balance:
    """Contributions and speaking time by speaker, stakeholder group, gender and youth, and
    who on the roster has not been heard (see the module docstring for "roster")."""
    from .turns import credits, turn_spans

    rows = store.query(
        """SELECT c.id, c.participant_id, c.turn_id, c.seq, c.started_at, c.created_at
           FROM contribution c WHERE c.session_id = ? AND c.deleted_at IS NULL""",
        (session_id,),
    )
    spoken = credits(rows, turn_spans(store, session_id))
    roster = _roster(store, session_id)
    people = {r["id"]: r for r in roster}
    per: dict[str | None, dict] = defaultdict(lambda: {"contributions": 0, "seconds": 0.0, "timed": 0})
    for r in rows:
        e = per[r["participant_id"]]
        e["contributions"] += 1
        credit = spoken.get(r["id"])
        if credit is not None:
            e["seconds"] += credit / 1000
            e["timed"] += 1
    missing = [pid for pid in per if pid is not None and pid not in people]
    if missing:  # cannot happen through the roster query, but never lose a speaker
        for p in store.query(
            f"SELECT * FROM participant WHERE id IN ({', '.join('?' * len(missing))})", missing
        ):
            people[p["id"]] = p

    def figure(pid: str, e: dict | None) -> SpeakerFigure:
        p = people[pid]
        e = e or {}
        return SpeakerFigure(
            participant_id=pid,
            name=p["name"],
            stakeholder_group=p["stakeholder_group"],
            gender=p["gender"],
            youth=bool(p["youth"]),
            country=p["country"],
            contributions=e.get("contributions", 0),
            seconds=e.get("seconds", 0.0),
            timed=e.get("timed", 0),
        )

    speakers = sorted(
        (figure(pid, e) for pid, e in per.items() if pid is not None and pid in people),
        key=lambda s: (-s.contributions, -s.seconds, s.name.casefold()),
    )
    floor_e = per.get(None, {"contributions": 0, "seconds": 0.0, "timed": 0})
    floor = SpeakerFigure(participant_id=None, name=FLOOR, **floor_e)
    not_heard = [figure(r["id"], None) for r in roster if r["id"] not in per]
    by_group = group_figures(
        speakers, roster, lambda s: label_or(s.stakeholder_group, NO_GROUP), lambda r: label_or(r["stakeholder_group"], NO_GROUP)
    )
    by_gender = group_figures(
        speakers, roster, lambda s: label_or(s.gender, NOT_RECORDED), lambda r: label_or(r["gender"], NOT_RECORDED)
    )
    by_youth = group_figures(
        speakers,
        roster,
        lambda s: "youth" if s.youth else "not youth",
        lambda r: "youth" if r["youth"] else "not youth",
        order=("youth", "not youth"),
    )
    total = sum(e["contributions"] for e in per.values())
    return Balance(
        session_id=session_id,
        speakers=speakers,
        floor=floor,
        not_heard=not_heard,
        by_group=by_group,
        by_gender=by_gender,
        by_youth=by_youth,
        contributions=total,
        seconds=sum(e["seconds"] for e in per.values()),
        timed=sum(e["timed"] for e in per.values()),
        roster=len(roster),
    )


# --- all together ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    session_id: str
    contributions: int
    unassigned: int  # contributions not tied to a question
    questions: list[QuestionFigure]
    time_source: str  # "visits" or "contributions"
    pace: list[PaceBucket]
    balance: Balance
    first_at: dt.datetime | None
    last_at: dt.datetime | None


def overview(
    store, session_id: str, *, now: dt.datetime | None = None, bucket_minutes: int | None = None, max_buckets: int = 36
) -> Overview:
    questions, source = question_figures(store, session_id, now=now)
    rows = _contribution_rows(store, session_id)
    times = sorted(t for t in (parse_time(r["created_at"]) for r in rows) if t)
    return Overview(
        session_id=session_id,
        contributions=len(rows),
        unassigned=sum(1 for r in rows if r["question_id"] is None),
        questions=questions,
        time_source=source,
        pace=pace(store, session_id, bucket_minutes=bucket_minutes, max_buckets=max_buckets),
        balance=speaker_balance(store, session_id),
        first_at=times[0] if times else None,
        last_at=times[-1] if times else None,
    )


def fmt_duration(seconds: float) -> str:
    """``40 s``, ``12 min``, ``1 h 05 min``: a speaking time in words (rounded down)."""
    seconds = int(max(0.0, seconds))
    if seconds < 60:
        return f"{seconds} s"
    h, rest = divmod(seconds, 3600)
    return f"{h} h {rest // 60:02d} min" if h else f"{rest // 60} min"


def fmt_minutes(seconds: float) -> str:
    """``0:07``, ``1:05``: hours and minutes of a duration (rounded down to the minute)."""
    seconds = int(max(0.0, seconds))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}"


__all__ = [
    "QuestionFigure",
    "PaceBucket",
    "SpeakerFigure",
    "GroupFigure",
    "Balance",
    "Overview",
    "question_figures",
    "pace",
    "speaker_balance",
    "overview",
    "fmt_minutes",
    "fmt_duration",
    "group_figures",
    "label_or",
    "speaking_seconds",
]
