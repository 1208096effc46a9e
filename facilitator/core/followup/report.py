"""The monitoring report as plain data, between the database and the Markdown.

A :class:`Report` holds the activities to report on (each with its timeline), the
recommendations they carry out (with the references of the contributions those rest on), the
agreed recommendations nobody follows up yet, and the statuses it uses. It is made from the
database (:func:`from_db`), rendered (:mod:`.render`), read back (:mod:`.parse`), merged
(:mod:`.merging`) and written into a database (:mod:`.todb`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FORMAT_VERSION = 1


@dataclass
class SessionRef:
    id: str
    title: str
    date: str
    language: str = "en"


@dataclass
class RecItem:
    """A recommendation followed up (what was recommended), as the report shows it."""

    id: str
    session_id: str
    seq: int | None
    text: str
    status: str = "agreed"
    addressed_to: str | None = None
    evidence: list[str] = field(default_factory=list)  # references of its contributions (Q1-002)
    speakers: int = 0
    groups: int = 0
    area: str | None = None  # its session's (the agenda says it)
    lenses: list[str] = field(default_factory=list)  # its own, else its theme's
    # a consolidated recommendation of a series report (``id`` is its set's): its members, and the
    # one the activities are tied to (whose session, area, lenses and evidence it shows)
    set_members: list[str] = field(default_factory=list)
    primary: str | None = None

    @property
    def is_set(self) -> bool:
        return bool(self.set_members)


@dataclass
class UpdateItem:
    id: str
    date: str  # ISO date
    author: str | None = None
    author_kind: str | None = None
    text: str = ""
    source: str | None = None
    status: str | None = None
    progress: int | None = None
    lang: str | None = None
    changed: str | None = None  # its last change (ISO, UTC)
    line: int = 0
    file: str | None = None

    def signature(self) -> tuple:
        return (self.date, self.author, self.text, self.source, self.status, self.progress)


@dataclass
class ActivityItem:
    id: str
    seq: int | None
    recommendation_id: str | None
    title: str
    lead: tuple[str, str] | None = None  # (name, kind)
    partners: list[tuple[str, str]] = field(default_factory=list)
    start: str | None = None
    due: str | None = None
    base_status: str = "planned"  # as created
    base_progress: int | None = None
    status: str = "planned"  # now, after its timeline
    progress: int | None = None
    area: str | None = None  # its own (None: the recommendation's)
    lens: str | None = None
    lang: str | None = None
    set_id: str | None = None  # the consolidated recommendation it carries out (a series report's set)
    changed: str | None = None  # its own fields' last change (ISO, UTC)
    updates: list[UpdateItem] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # merged reports: the versions not kept
    shown_status: str | None = None  # read back: the status the file shows (a hand edit if it differs)
    shown_progress: int | None = None
    # read back: its title and field lines changed by hand since the file was written (their
    # signature, the comment's ``sig``, differs); None: the file does not say (no ``sig``)
    by_hand: bool | None = None
    # the keys (:func:`fields_key`) of its states, oldest first, the last the one written (the
    # comment's ``was``): a merge knows a copy that is only an earlier state of another
    was: list[str] = field(default_factory=list)
    line: int = 0
    file: str | None = None

    def fields(self) -> tuple:
        """Its own fields (what a later change replaces as a whole)."""
        return (self.recommendation_id, self.set_id, self.title, self.lead, tuple(self.partners), self.start,
                self.due, self.base_status, self.base_progress, self.area, self.lens)

    def written_key(self) -> str:
        """The key of the state its file wrote (itself, when edited by hand since or not said)."""
        return self.was[-1] if self.by_hand is False and self.was else fields_key(self.fields())

    def lineage(self) -> list[str]:
        """The keys of its states, oldest first, its own last (at most 20)."""
        own = fields_key(self.fields())
        return ([*self.was] if self.was and self.was[-1] == own else [*self.was, own])[-20:]

    def rec_key(self) -> str | None:
        """What it carries out, as the report groups it: its set, else its recommendation."""
        return self.set_id or self.recommendation_id


@dataclass
class StatusItem:
    key: str
    labels: dict[str, str]
    kind: str
    progress: int | None
    position: int = 0

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.key


@dataclass
class Report:
    sessions: list[SessionRef]
    activities: list[ActivityItem]
    recommendations: dict[str, RecItem]
    statuses: dict[str, StatusItem]
    as_of: str  # ISO date: overdue, due in, no news for ... are counted to it
    lang: str = "en"
    title: str | None = None
    anonymous: bool = False
    report_id: str | None = None
    updated: str | None = None  # the data's own last change (ISO, UTC)
    unfollowed: list[str] = field(default_factory=list)  # agreed recommendations without an activity
    withheld_names: list[str] = field(default_factory=list)  # people on the roster
    files: list[str] = field(default_factory=list)  # merged: the files it was made from
    path: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return dt.date.fromisoformat(self.as_of)


def rec_of(report: "Report", a: ActivityItem) -> RecItem | None:
    key = a.rec_key()
    return report.recommendations.get(key) if key else None


def effective_area(a: ActivityItem, rec: RecItem | None) -> str | None:
    return a.area or (rec.area if rec else None)


def effective_lens(a: ActivityItem, rec: RecItem | None) -> str | None:
    return a.lens or (rec.lenses[0] if rec and rec.lenses else None)


def fields_key(fields: tuple) -> str:
    """A short key of an activity's own fields (:meth:`ActivityItem.fields`), the same in every
    language of the report."""
    import hashlib
    import json

    return hashlib.blake2s(json.dumps(fields, ensure_ascii=False).encode("utf-8"), digest_size=5).hexdigest()


def state_fields(state: dict) -> tuple:
    """An earlier state of an activity (``followup_revision``: its row) as :meth:`ActivityItem.fields`."""
    import json

    try:
        partners = [tuple(p) for p in json.loads(state.get("partners") or "[]")]
    except (TypeError, ValueError):
        partners = []
    lead = state.get("lead")
    return (state.get("recommendation_id"), state.get("set_id"), state.get("title"),
            (lead, state.get("lead_kind") or "organization") if lead else None, tuple(partners),
            state.get("start_date"), state.get("due_date"), state.get("status"), state.get("progress"),
            state.get("area"), state.get("lens"))


def field_signature(lines: list[str]) -> str:
    """The signature of an activity's title and field lines as a file shows them (white space
    and a due date's note set aside): the renderer writes it in the activity's comment (``sig``),
    the parser compares, and a merge knows a copy left as written from one edited by hand."""
    import hashlib
    import re

    lines = [re.sub("[\u2066-\u2069]", "", line) for line in lines]  # direction isolates (an Arabic report)
    text = "\n".join(" ".join(re.sub(r"^(\s*-\s*[^:]{1,40}:\s*\d{4}-\d{2}-\d{2})\s*\(.*\)\s*$", r"\1",
                                      line).split()) for line in lines)
    return hashlib.blake2s(text.encode("utf-8"), digest_size=5).hexdigest()


def now_status(a: ActivityItem, statuses: dict[str, StatusItem]) -> tuple[str, int | None]:
    """What ``a``'s timeline says now (see :func:`facilitator.core.followup.store.now_of`)."""
    from .store import now_of

    timeline = sorted(((u.date, u.id, u.status, u.progress) for u in a.updates), key=lambda t: (t[0], t[1]))
    return now_of(a.base_status, a.base_progress, timeline, statuses)  # type: ignore[arg-type]


def from_db(store, *, as_of: dt.date, lang: str = "en", session_ids: list[str] | None = None,
            title: str | None = None) -> Report:
    """The follow-up of the database (or of the activities of ``session_ids``) as of ``as_of``."""
    from .store import FollowUp

    follow = FollowUp(store)
    activities = follow.activities(session_ids=session_ids)
    timelines = follow.all_updates([a.id for a in activities])
    statuses = {s.key: StatusItem(s.key, s.labels, s.kind, s.progress, s.position) for s in follow.statuses()}
    recs: dict[str, RecItem] = {}
    sessions: dict[str, SessionRef] = {}

    def rec_item(rid: str) -> RecItem:
        if rid not in recs:
            r = follow.recommendation(rid)
            evidence = follow.evidence(rid)
            recs[rid] = RecItem(
                id=rid, session_id=r["session_id"], seq=r["seq"], text=r["text"], status=r["status"],
                addressed_to=r["addressed_to"], evidence=[e["ref"] for e in evidence],
                speakers=len({e["participant_id"] for e in evidence if e["participant_id"]}),
                groups=len({e["group"] for e in evidence if e["group"]}), area=r["area"], lenses=r["lenses"],
            )
            if r["session_id"] not in sessions:
                sessions[r["session_id"]] = SessionRef(r["session_id"], r["session_title"], r["session_date"],
                                                       r["session_language"] or "en")
        return recs[rid]

    def set_item(a) -> None:
        """A consolidated recommendation: the set's text and members, shown through the member the
        activity is tied to (its session, area, lenses, evidence)."""
        if a.set_id in recs:
            return
        primary = rec_item(a.recommendation_id) if a.recommendation_id else None
        recs[a.set_id] = RecItem(
            id=a.set_id, session_id=primary.session_id if primary else "", seq=primary.seq if primary else None,
            text=a.set_text or "",
            status="consolidated", evidence=list(primary.evidence) if primary else [],
            speakers=primary.speakers if primary else 0, groups=primary.groups if primary else 0,
            area=primary.area if primary else None, lenses=list(primary.lenses) if primary else [],
            set_members=list(a.set_members), primary=a.recommendation_id,
        )

    items = []
    for a in activities:
        if a.recommendation_id:
            rec_item(a.recommendation_id)
        if a.set_id:
            set_item(a)
        items.append(ActivityItem(
            id=a.id, seq=a.seq, recommendation_id=a.recommendation_id, title=a.title,
            lead=(a.lead, a.lead_kind or "organization") if a.lead else None, partners=list(a.partners),
            start=a.start, due=a.due, base_status=a.base_status, base_progress=a.base_progress, status=a.status,
            progress=a.progress, area=a.own_area, lens=a.own_lens, lang=a.lang, set_id=a.set_id,
            changed=a.updated_at,
            was=[fields_key(state_fields(r.state)) for r in follow.history("activity", a.id)][-19:],
            updates=[UpdateItem(id=u.id, date=u.date, author=u.author, author_kind=u.author_kind, text=u.text,
                                source=u.source, status=u.status, progress=u.progress, lang=u.lang,
                                changed=u.updated_at)
                     for u in timelines.get(a.id, [])],
        ))
    wanted = None if session_ids is None else set(session_ids)
    unfollowed = []
    for r in follow.recommendations():
        if wanted is not None and r["session_id"] not in wanted:
            continue
        if r["activities"] == 0:
            rec_item(r["id"])
            unfollowed.append(r["id"])
    used = {a.status for a in items} | {a.base_status for a in items} | {u.status for a in items for u in a.updates
                                                                         if u.status}
    ordered_sessions = sorted(sessions.values(), key=lambda s: (s.date, s.title, s.id))
    return Report(
        sessions=ordered_sessions,
        activities=items,
        recommendations=recs,
        statuses={k: v for k, v in statuses.items() if k in used or k in _BUILT_IN},
        as_of=as_of.isoformat(),
        lang=lang,
        title=title,
        # the data's own last change: of what the report shows (the same data, the same bytes)
        updated=max([a.changed for a in items if a.changed] + [u.changed for a in items for u in a.updates
                                                               if u.changed], default=None),
        unfollowed=unfollowed,
        withheld_names=follow.roster_names(),
    )


_BUILT_IN = ("planned", "under way", "stalled", "done", "dropped")


__all__ = ["ActivityItem", "FORMAT_VERSION", "RecItem", "Report", "SessionRef", "StatusItem", "UpdateItem",
           "effective_area", "effective_lens", "from_db", "now_status", "rec_of"]
