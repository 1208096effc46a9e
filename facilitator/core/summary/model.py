"""The summary as plain data, between the store and the Markdown.

A :class:`Doc` holds one or more sessions (one for an export, several for a merged report),
the guiding-question sections with their recommendations, themes (clusters) and
contributions, and the participants annex. Items carry their stable ids; visible text is
kept exactly as people see it.

The items that come by the hundred thousand (contributions, and the themes and recommendations
around them) are slotted dataclasses: no dictionary each. A copy with one field changed is
``dataclasses.replace(item, field=value)``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 1

STATUSES = ("draft", "reviewed", "agreed", "dropped")


@dataclass
class SessionInfo:
    id: str
    title: str
    date: str  # ISO date
    series: str | None = None
    event: str | None = None
    start: str | None = None  # HH:MM
    end: str | None = None
    venue: str | None = None
    languages: list[str] = field(default_factory=list)
    language: str = "en"
    rapporteur: str | None = None
    room: str | None = None  # which room of the agenda (two rooms can run the same agenda)
    area: str | None = None  # the area of the series (a key of vocab.AREAS, or as typed)
    lenses: list[str] = field(default_factory=list)  # the lenses the agenda names (keys of vocab.LENSES, or as typed)
    purpose: str | None = None  # one line: what the meeting is for
    updated: str | None = None  # the data's own last change (ISO, UTC)
    files: list[str] = field(default_factory=list)  # provenance: files it was read from
    # the highest number the session has given each kind of item ("recommendation", "theme",
    # "contribution"), deleted and dropped ones included: an item added by hand is numbered after it
    top: dict[str, int] = field(default_factory=dict)
    line: int = 0


@dataclass(slots=True)
class QuestionRef:
    """One session's guiding question inside a (possibly merged) question section."""

    id: str
    session_id: str
    position: int
    text: str
    translations: dict[str, str] = field(default_factory=dict)  # language code -> text

    def texts(self) -> list[str]:
        """The question in every language it is known in (its own text first)."""
        return [self.text, *(t for _lang, t in sorted(self.translations.items()))]


@dataclass(slots=True)
class Contribution:
    id: str
    session_id: str
    seq: int | None
    text: str
    speaker_id: str | None = None  # participant id (never in an anonymous file)
    group: str | None = None  # stakeholder group, shown when anonymous or no participant
    unnamed: bool = False  # a participant whose name the file does not give (anonymous file)
    lang: str | None = None
    started: str | None = None  # when the speaker started (ISO, UTC)
    saved: str | None = None  # when it was saved: with ``started``, the speaking time (files of earlier versions)
    spoke: int | None = None  # the speaking time credited to it from its speaker's turn (ms; see core/turns.py)
    proposed: bool = False  # flagged by the rapporteur as a proposed recommendation
    kept_out: bool = False  # a person took it out of every cluster (suggestions leave it there)
    origin_file: str | None = None  # the file a conflicting version came from
    line: int = 0
    file: str | None = None  # file being read (not written)

    def signature(self) -> tuple:
        return (self.text,)


@dataclass(slots=True)
class Recommendation:
    id: str
    session_id: str
    seq: int | None
    text: str
    status: str = "draft"
    rank: int | None = None
    addressed_to: str | None = None
    cluster_id: str | None = None
    supports: list[str] = field(default_factory=list)
    origin_file: str | None = None
    line: int = 0
    file: str | None = None
    question_id: str | None = None  # read from a file: the question it answers (None: whole session)
    answers: int | None = None  # read from a file without a comment: "answers Q3" (a section number)
    lenses: list[str] = field(default_factory=list)  # keys of vocab.LENSES, or as typed
    missing: list[str] = field(default_factory=list)  # references of cited contributions its file lacks

    def signature(self) -> tuple:
        return (self.text, self.status, self.rank, self.addressed_to, tuple(self.lenses))


@dataclass(slots=True)
class Cluster:
    id: str
    session_id: str
    seq: int | None
    label: str
    parked: bool = False
    session_scope: bool = False  # a cluster of the whole session, not of one question
    representative_id: str | None = None
    origin: str = "manual"
    method: str | None = None
    curated: bool = False
    lenses: list[str] = field(default_factory=list)
    items: list[Contribution] = field(default_factory=list)
    line: int = 0


@dataclass
class Section:
    """A guiding question (or the unassigned contributions when ``unassigned``)."""

    text: str
    questions: list[QuestionRef] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    loose: list[Contribution] = field(default_factory=list)  # not in a theme
    unassigned: bool = False
    line: int = 0

    def question_of(self, session_id: str) -> QuestionRef | None:
        for q in self.questions:
            if q.session_id == session_id:
                return q
        return None

    def contributions(self):
        for c in self.clusters:
            yield from c.items
        yield from self.loose


@dataclass(slots=True)
class Participant:
    id: str
    name: str
    title: str | None = None
    organization: str | None = None
    group: str | None = None
    country: str | None = None
    gender: str | None = None
    youth: bool = False
    panel: int | None = None  # their number on the session's panel (a file of one session)
    line: int = 0


@dataclass(frozen=True)
class Similar:
    """Two items of different sessions that say much the same (merged reports only)."""

    kind: str  # "recommendation" | "theme"
    a: str  # item ids
    b: str
    score: float  # cosine similarity of their sentence vectors


SET_STATES = ("proposed", "consolidated", "separate")


@dataclass
class ConsolidatedSet:
    """Recommendations of different sessions that say the same thing (merged reports): staff keep
    one text for them (``consolidated``: a member's text, ``source``, or their own), or say
    they are not one (``separate``); until then the set is ``proposed`` and shows ``source``'s
    text. The members stay listed under it."""

    id: str
    members: list[str]  # recommendation ids, in the order shown
    state: str = "proposed"
    text: str | None = None  # the consolidated text (written by staff when ``source`` is None)
    source: str | None = None  # the member whose text is kept (or, proposed, shown)
    addressed_to: str | None = None
    lenses: list[str] = field(default_factory=list)
    score: float | None = None  # the lowest similarity inside the set, when found by meaning
    line: int = 0
    file: str | None = None


@dataclass
class Doc:
    sessions: list[SessionInfo]
    sections: list[Section] = field(default_factory=list)
    # recommendations of the whole session (written in the review of the whole session, or
    # added by hand without a question): in no question's section
    standalone: list[Recommendation] = field(default_factory=list)
    # the order of the themes of the whole session (cluster ids): they are shown once, in
    # "Themes across questions", though their ideas sit under their own questions
    session_clusters: list[str] = field(default_factory=list)
    # merged reports: near-duplicate items of different sessions, for staff to look at
    similar: list[Similar] = field(default_factory=list)
    # merged reports: sets of recommendations that say the same thing (see ConsolidatedSet)
    sets: list[ConsolidatedSet] = field(default_factory=list)
    # merged reports: one person across files (participant id -> the id they are listed under)
    same_person: dict[str, str] = field(default_factory=dict)
    form: str = "record"  # record (the working record, read back) | outcome (the document to send)
    participants: dict[str, Participant] = field(default_factory=dict)
    # names an anonymous rendering withholds from the text besides the participants' (the whole
    # roster of the database, not only who spoke)
    withheld_names: list[str] = field(default_factory=list)
    anonymous: bool = False
    merged: bool = False
    report_id: str | None = None  # merged reports: a stable id of their own
    title: str | None = None  # merged reports: the report's title
    path: str | None = None  # the file it was read from, if any
    warnings: list[str] = field(default_factory=list)
    # recommendations citing contributions the file does not hold: said in every summary line
    missing: list[str] = field(default_factory=list)
    # items added by hand (no hidden comment): id -> kind; numbered after the file's highest
    numbered: dict[str, str] = field(default_factory=dict)

    def recommendations(self):
        """Every recommendation: those of each question, then those of the whole session."""
        for sec in self.sections:
            yield from sec.recommendations
        yield from self.standalone

    def session(self, session_id: str) -> SessionInfo | None:
        for s in self.sessions:
            if s.id == session_id:
                return s
        return None


NUMBERED_KINDS = ("recommendation", "theme", "contribution")


def numbered_items(doc: Doc) -> dict[str, list[Any]]:
    """The items of ``doc`` that carry a number of their session (``R-004``, ``C-002``,
    ``Q3-011``), by kind (a theme of the whole session, copied under each question, is listed
    once per copy)."""
    return {
        "recommendation": list(doc.recommendations()),
        "theme": [cl for sec in doc.sections for cl in sec.clusters],
        "contribution": [c for sec in doc.sections for c in sec.contributions()],
    }


def highest_numbers(items: dict[str, list[Any]]) -> dict[tuple[str, str], int]:
    """(kind, session id) -> the highest number the items of that kind show in that session."""
    top: dict[tuple[str, str], int] = {}
    for kind, listed in items.items():
        for item in listed:
            if item.seq is not None and item.seq > top.get((kind, item.session_id), 0):
                top[(kind, item.session_id)] = item.seq
    return top


def meetings(doc: Doc) -> list[list[str]]:
    """The sessions of ``doc`` by meeting: rooms that share a guiding question (by id or by its
    words, as a merge matches them) are one meeting; in the order of their first session."""
    parent = {s.id: s.id for s in doc.sessions}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for sec in doc.sections:
        sids = [q.session_id for q in sec.questions if q.session_id in parent]
        for other in sids[1:]:
            a, b = find(sids[0]), find(other)
            if a != b:
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for s in doc.sessions:
        groups.setdefault(find(s.id), []).append(s.id)
    return list(groups.values())


def number_sections(doc: Doc) -> dict[int, tuple[int, int]]:
    """id(section) -> (meeting index, number): each meeting numbers its questions as its agenda
    does (Q1, Q2, ... by position), so three meetings merged keep their own Q1; a question added
    by hand (no position) comes after the others of its meeting."""
    groups = meetings(doc)
    meeting_of = {sid: m for m, sids in enumerate(groups) for sid in sids}
    first = doc.sessions[0].id if doc.sessions else ""
    per: dict[int, list] = {}
    for order, sec in enumerate(doc.sections):
        if sec.unassigned:
            continue
        if sec.questions:
            m = meeting_of.get(sec.questions[0].session_id, 0)
            position = min(q.position for q in sec.questions if q.session_id in meeting_of or True)
        else:
            m, position = meeting_of.get(first, 0), None
        per.setdefault(m, []).append((position, order, sec))
    out: dict[int, tuple[int, int]] = {}
    for m, rows in per.items():
        positions = [p for p, _o, _s in rows if p is not None]
        unique = len(positions) == len(set(positions))
        if unique:
            top = max(positions, default=0)
            for position, _order, sec in rows:
                if position is None:
                    top += 1
                    position = top
                out[id(sec)] = (m, position)
        else:  # agendas that disagree about positions: number in the order shown
            for n, (_p, _o, sec) in enumerate(rows, start=1):
                out[id(sec)] = (m, n)
    return out


# --- ids --------------------------------------------------------------------------------------

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def derived_id(*parts: str) -> str:
    """A stable 26-character id (ULID alphabet) for an item added by hand, from what it is.

    The same hand-added item read twice gets the same id, so merging a file again adds nothing.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    value = int.from_bytes(digest[:17], "big")
    out = []
    for _ in range(26):
        out.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(out)


def is_id(value: str) -> bool:
    return len(value) == 26 and all(ch in _ALPHABET for ch in value)
