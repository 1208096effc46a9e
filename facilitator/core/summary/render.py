"""A :class:`~.model.Doc` as Markdown: the working record, or the outcome document staff send.

Size: ~1,400 lines: the renderer of every section of the working record and of the outcome document
(one class, ``_Renderer``, a method per section); the sections share one writer (:class:`Lines`),
one withholding of names, one numbering of references and the options, and splitting them by
section would scatter what one document shows. The preview of a long render (:class:`Preview`) is
here because it is a ``write`` for :func:`render`.

Two forms, in the report's language (English, French or Arabic, every fixed word from
:mod:`.words`):

- the **working record** (``form="record"``, what import and merge read back): the
  recommendations first, numbered, each with its reference, status, rank, lenses, addressee, the
  questions it answers, its support in numbers and the references of the contributions it rests
  on (and what it cites that its file lacks); optionally grouped by addressee, by question or by
  area and lens; in a merged report the sets of recommendations that say the same thing; then a
  short overview, the evidence by guiding question (each meeting numbering its own questions),
  the sources and the participants (each person once, whatever the spelling).
- the **outcome document** (``form="outcome"``, :mod:`.outcome`): what a panel sends.

Deterministic: the output depends on the ``Doc`` and the options only (no clock, no locale, no
dict order that is not the data's). Every piece of user text goes through :mod:`.text`. The
hidden structure is HTML comments, each on a line of its own (``<!-- facilitator:KIND
key=value ... -->``); values are percent-encoded, so no user text can end a comment early.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import quote

from ..vocab import ADDRESSEES, AREAS, LENSES, fold_term, group_label
from .model import (
    FORMAT_VERSION,
    STATUSES,
    Cluster,
    ConsolidatedSet,
    Contribution,
    Doc,
    Participant,
    Recommendation,
    Section,
    SessionInfo,
    highest_numbers,
    meetings,
    number_sections,
    numbered_items,
)
from .text import canonical, escape_block, escape_heading, escape_inline, one_line
from .words import WORDS, colon, count, duration, embed, isolate, lang_of, list_sep, span, w

ANONYMOUS_NOTE = WORDS["anonymous_note"][0]
ITEM_INDENT = "  "
GROUPINGS = ("addressee", "question", "area")
FORMS = ("record", "outcome")
# the order of the outcome: what the panel agreed first
STATUS_ORDER = {"agreed": 0, "reviewed": 1, "draft": 2, "dropped": 3}
NO_CONTRIBUTIONS = WORDS["no_contributions"][0]
ACROSS_NOTE = WORDS["across_note"][0]
NO_RECOMMENDATIONS = WORDS["no_recommendations"][0]
MOST_TIME = 5  # questions listed under "most speaking time"


def _fold_word(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(ch))


# The words of the format itself (headings, labels, notes): the last check of an anonymous file
# does not take one of them, alone, for a name left ("Chatham House Rule" when someone on the
# roster is called House). Names said in what people wrote are withheld all the same.
FORMAT_WORDS = frozenset("""
across addressee agreed anonymous answers aside assigned attributed by chatham house rule consider merging
contribution contributions conflict consolidated report date draft dropped end event evidence files floor gender
given group groups guiding last change languages most no none not nothing named names note overview participant
participants question questions rank rapporteur recommendation recommendations reviewed room rooms series session
sessions set similar sources speaker speakers speaking stakeholder summary support theme themes time venue version
whole withheld youth under see the only from much meaning language any items different edit hand merged yet start
min recorded details its with are unknown of to in is be for
""".split()) | frozenset(
    _fold_word(token)
    for texts in WORDS.values()
    for text in texts
    for token in re.findall(r"\w+", text)
    if not token.isdigit()
)
_TAG_BAD = re.compile(r"[/·:*_`\[\]<>|#\\]+")


def _q(text: str) -> str:
    """Percent-encoded, except letters beyond ASCII (Arabic stays readable in the file): no
    space, comma or ``>`` is left, so a value can never end its comment early."""
    if text.isascii():
        return quote(text, safe=":")
    return "".join(ch if ord(ch) > 127 and ch.isprintable() and not ch.isspace() else quote(ch, safe=":") for ch in text)


def _v(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(_q(str(x)) for x in value)
    return _q(str(value))


def comment(kind_: str, **attrs) -> str:
    parts = [f"facilitator:{kind_}"]
    for key, value in attrs.items():
        if value is None or value is False or value == [] or value == "":
            continue
        parts.append(f"{key}={_v(value)}")
    return "<!-- " + " ".join(parts) + " -->"


def _stamp(updated: str | None) -> str | None:
    if not updated:
        return None
    # 2026-11-22T07:55:01.123Z -> 2026-11-22 07:55 UTC
    return f"{updated[:10]} {updated[11:16]} UTC" if len(updated) >= 16 else updated


def session_tags(sessions) -> dict[str, str]:
    """How a merged report names each session in references (``Room A/Q1-003``): its room when
    no other session has the same room; else its area and room (``Security Room A``) when that is
    unique; else ``S1``, ``S2``... by position."""
    def clean(value: str | None) -> str:
        return " ".join(_TAG_BAD.sub(" ", one_line(value)).split()) if value else ""

    rooms = [clean(s.room) for s in sessions]
    placed = [clean(f"{AREAS.label(s.area)} {s.room}") if s.room and s.area else "" for s in sessions]
    counts = Counter(r.casefold() for r in rooms if r)
    counts2 = Counter(r.casefold() for r in placed if r)
    tags: dict[str, str] = {}
    for i, (s, room, where) in enumerate(zip(sessions, rooms, placed), start=1):
        if room and counts[room.casefold()] == 1 and not re.fullmatch(r"S\d+", room):
            tags[s.id] = room
        elif where and counts2[where.casefold()] == 1:
            tags[s.id] = where
        else:
            tags[s.id] = f"S{i}"
    return tags


def _short(text: str, limit: int = 70) -> str:
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.") + "…"


class Lines:
    """Where a renderer's lines go. Kept, and joined at the end (:meth:`finish`); or, given
    ``write``, handed to it in pieces of text that each end in a line feed, as they come (about
    every ``every`` characters, and at the end), so that a large document is never whole in
    memory. Either way the same text: the lines, each followed by a line feed."""

    def __init__(self, write: Callable[[str], object] | None = None, every: int = 1 << 14):
        self.write = write
        self.every = every  # characters held before they are written
        self.lines: list[str] = []
        self.held = 0
        self.count = 0  # lines so far

    def __bool__(self) -> bool:
        return self.count > 0

    def append(self, line: str) -> None:
        self.lines.append(line)
        self.count += 1
        if self.write is not None:
            self.held += len(line) + 1
            if self.held >= self.every:
                self.flush()

    def extend(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.append(line)

    def flush(self) -> None:
        if self.write is not None and self.lines:
            self.write("\n".join(self.lines) + "\n")
            self.lines.clear()
            self.held = 0

    def finish(self) -> str:
        """The text (when kept); with ``write``, what is left is written and the text is ""."""
        if self.write is not None:
            self.flush()
            return ""
        return "\n".join(self.lines) + "\n"


class Unit:
    """One entry of the recommendations list: a recommendation (its versions: more than one is a
    conflict) or a set of recommendations that say the same thing."""

    def __init__(self, versions: list[Recommendation] | None = None, cset: ConsolidatedSet | None = None,
                 members: list[list[Recommendation]] | None = None):
        self.versions = versions or []
        self.cset = cset
        self.members = members or []

    @property
    def first(self) -> Recommendation:
        return self.versions[0] if self.versions else self.members[0][0]

    def recommendations(self) -> list[Recommendation]:
        return [g[0] for g in self.members] if self.cset else [self.first]


class _Renderer:
    form = "record"

    def __init__(self, doc: Doc, anonymous: bool, group_by: str | None = None, include_dropped: bool = False,
                 lang: str | None = None, statuses: tuple[str, ...] | None = None,
                 write: Callable[[str], object] | None = None):
        if group_by is not None and group_by not in GROUPINGS:
            from ..errors import FacilitatorError

            raise FacilitatorError(f"unknown grouping {group_by!r} (known: {', '.join(GROUPINGS)})")
        self.doc = doc
        self.anonymous = anonymous
        self.lang = lang_of(lang or document_language(doc))
        self.include_dropped = include_dropped
        self.statuses = statuses
        self._shown_top: dict[tuple[str, str], int] | None = None
        self.sets_shown = 0
        self.merged = doc.merged or len(doc.sessions) > 1
        self.tags = session_tags(doc.sessions)
        self.session_order = {s.id: i for i, s in enumerate(doc.sessions)}
        self.sessions = {s.id: s for s in doc.sessions}
        self.meetings = meetings(doc)
        self.meeting_of = {sid: m for m, sids in enumerate(self.meetings) for sid in sids}
        self.many_meetings = len(self.meetings) > 1
        if group_by is None and self.merged and any(s.area for s in doc.sessions) and len(
                {s.area for s in doc.sessions}) > 1:
            group_by = "area"  # a series report: by area, then by lens
        self.group_by = group_by
        self.out = Lines(write)
        # each question section's meeting and number (Q1, Q2, ... per meeting)
        self.numbers: dict[int, int] = {}
        self.section_meeting: dict[int, int] = {}
        for key, (m, number) in number_sections(doc).items():
            self.numbers[key] = number
            self.section_meeting[key] = m
        # contribution id -> the contribution and the section it is first met in (its reference and
        # number come from there); two entries per contribution, whatever the size of the file
        self.contribution_of: dict[str, Contribution] = {}
        self.section_index: dict[str, int] = {}
        self.last_of: dict[str, Contribution] = {}  # an id met more than once (versions of a conflict): its last
        self.positions: list[dict[str, int]] = []  # each section's question position, by session
        self.variants: Counter[tuple[str, str]] = Counter()  # ("c", id): only ids met more than once
        self.rec_section: dict[int, Section | None] = {}
        self.clusters: dict[str, Cluster] = {}
        for k, section in enumerate(doc.sections):
            positions: dict[str, int] = {}
            for q in section.questions:
                positions.setdefault(q.session_id, q.position)
            self.positions.append(positions)
            for cl in section.clusters:
                self.clusters.setdefault(cl.id, cl)
            for c in section.contributions():
                if c.id in self.contribution_of:
                    self.variants[("c", c.id)] = self.variants.get(("c", c.id), 1) + 1
                    self.last_of[c.id] = c
                    continue
                self.contribution_of[c.id] = c
                self.section_index[c.id] = k
            for r in section.recommendations:
                self.variants[("r", r.id)] += 1
                self.rec_section[id(r)] = section
        for r in doc.standalone:
            self.variants[("r", r.id)] += 1
            self.rec_section[id(r)] = None
        self.seen_variant: Counter[tuple[str, str]] = Counter()
        # an anonymous file names nobody, not even inside what was said (see withhold.py)
        self.withhold = lambda text: text
        if anonymous:
            from .withhold import Withholder

            withholder, mark = Withholder.of(self.withheld_names()), self.w("name_withheld")
            self.withhold = lambda text: withholder(text, mark)  # "[nom masqué]" in a French document
        self.new_clusters = 0

    def withheld_names(self) -> list[str]:
        return [*(p.name for p in self.doc.participants.values()), *self.doc.withheld_names]

    # --- small pieces ------------------------------------------------------------------------

    def w(self, key: str, **values) -> str:
        return w(key, self.lang, **values)

    def count(self, n: int, noun: str) -> str:
        return count(n, noun, self.lang)

    @property
    def sep(self) -> str:
        return list_sep(self.lang)

    @property
    def semi(self) -> str:
        """Between the parts of a tail: ``; `` (Arabic ``؛ ``)."""
        return "؛ " if self.lang == "ar" else "; "

    def iso(self, ref: str) -> str:
        """A reference, a date or a time as written in this document (isolated left to right in a
        right-to-left one)."""
        return isolate(ref, self.lang)

    def bidi(self, text: str) -> str:
        """User text (escaped) as written in this document (isolated in its own direction in a
        right-to-left one)."""
        return embed(text, self.lang)

    def block(self, *lines: str) -> None:
        if self.out:
            self.out.append("")
        self.out.extend(lines)

    def block_of(self, lines: Iterable[str]) -> None:
        """A block of many lines, made as they are written (a list of 20,000 contributions is
        never a list of 40,000 lines first)."""
        if self.out:
            self.out.append("")
        self.out.extend(lines)

    def _tag(self, session_id: str) -> str:
        return (self.tags.get(session_id, "S?") + "/") if self.merged else ""

    def ref_of(self, cid: str) -> str:
        """A contribution's reference (``Q3-012``, ``Room A/Q3-012``), as the section it is first
        met in gives it ("" if the file does not hold it)."""
        c = self.contribution_of.get(cid)
        if c is None:
            return ""
        return self._cref(c, self.positions[self.section_index[cid]].get(c.session_id))

    def number_of(self, cid: str) -> int | None:
        """The number of the question a contribution is first met under (None: unassigned)."""
        k = self.section_index.get(cid)
        return None if k is None else self.numbers.get(id(self.doc.sections[k]))

    def _cref(self, c: Contribution, position: int | None) -> str:
        q = "?" if position is None else str(position)
        n = "new" if c.seq is None else f"{c.seq:03d}"
        return f"{self._tag(c.session_id)}Q{q}-{n}"

    def _rref(self, r: Recommendation) -> str:
        n = "new" if r.seq is None else f"{r.seq:03d}"
        return f"{self._tag(r.session_id)}R-{n}"

    def _kref(self, cl: Cluster) -> str:
        return f"{self._tag(cl.session_id)}C-" + (f"{cl.seq:03d}" if cl.seq is not None else "new")

    def person(self, speaker_id: str | None) -> Participant | None:
        """The participant a contribution names: one person across files (``same_person``)."""
        if not speaker_id:
            return None
        pid = self.doc.same_person.get(speaker_id, speaker_id)
        return self.doc.participants.get(pid) or self.doc.participants.get(speaker_id)

    def _speaker(self, c: Contribution) -> str:
        p = self.person(c.speaker_id)
        if p and not self.anonymous:
            name = embed(one_line(p.name), self.lang)
            return f"{name} ({self.group_name(p.group)})" if p.group else name
        group = self.group_name((p.group if p else None) or c.group)
        return group or (self.w("a_participant") if (c.speaker_id or c.unnamed) else self.w("the_floor"))

    def _group_of(self, c: Contribution) -> str | None:
        p = self.person(c.speaker_id)
        return self.group_name((p.group if p else None) or c.group)

    def group_name(self, group: str | None) -> str | None:
        """A stakeholder group in the document's language (a known group in any language is one
        group: ``Société civile`` in an English report is ``Civil society``); as stored in the
        hidden comments."""
        return group_label(one_line(group), self.lang) if group else None

    def _variant_note(self, kind: str, item) -> str | None:
        key = (kind, item.id)
        total = self.variants[key]
        if total < 2:
            return None
        self.seen_variant[key] += 1
        note = self.w("conflict", i=self.seen_variant[key], n=total)
        if item.origin_file:
            note += ", " + self.w("conflict_from", file=item.origin_file)
        return note

    def text(self, value: str | None) -> str:
        """User text on one line, withheld in an anonymous file."""
        return self.withhold(one_line(value))

    def lens_names(self, lenses) -> str:
        return self.sep.join(LENSES.label(x, self.lang) for x in lenses)

    def lenses_of(self, r: Recommendation) -> list[str]:
        """A recommendation's lenses: its own, else its theme's."""
        if r.lenses:
            return list(r.lenses)
        cl = self.clusters.get(r.cluster_id) if r.cluster_id else None
        return list(cl.lenses) if cl is not None else []

    def meta_rows(self, s) -> list[tuple[str, str, bool]]:
        """(label key, value, is user text) of a session's details."""
        rows: list[tuple[str, str, bool]] = []
        if s.series:
            rows.append(("series", s.series, True))
        if s.area:
            rows.append(("area", AREAS.label(s.area, self.lang), True))
        if s.lenses:
            rows.append(("lenses", self.lens_names(s.lenses), True))
        if s.purpose:
            rows.append(("purpose", s.purpose, True))
        if s.event:
            rows.append(("event", s.event, True))
        rows.append(("date", s.date, False))
        if s.start and s.end:
            rows.append(("time", f"{s.start}–{s.end}", False))
        elif s.start:
            rows.append(("start", s.start, False))
        elif s.end:
            rows.append(("end", s.end, False))
        if s.venue:
            rows.append(("venue", s.venue, True))
        if s.room:
            rows.append(("room", s.room, True))
        if s.languages:
            rows.append(("languages", ", ".join(s.languages), False))
        if s.rapporteur:
            rows.append(("rapporteur", s.rapporteur, True))
        return rows

    def meta_list(self, s) -> list[str]:
        rows = [(self.w(key), value, user) for key, value, user in self.meta_rows(s)]
        if s.files:
            rows.append((self.w("files"), ", ".join(s.files), False))
        stamp = _stamp(s.updated)
        if stamp:
            rows.append((self.w("last_change"), stamp, False))
        return [f"- {key}{colon(self.lang)}{self.bidi(escape_inline(self.text(value))) if user else self.iso(escape_inline(value))}"
                for key, value, user in rows]

    # --- the document ------------------------------------------------------------------------

    def head_comment(self) -> None:
        head = {"version": FORMAT_VERSION, "kind": "merged" if self.merged else None, "anonymous": self.anonymous,
                "form": None if self.form == "record" else self.form}
        self.block(comment("export", **head))

    def title(self) -> str:
        if not self.merged:
            return self.doc.sessions[0].title
        if self.doc.title and not _automatic_title(self.doc.title):
            return self.doc.title
        series = self.series_names()
        return self.w("consolidated_report_of", series=series[0]) if series else self.w("consolidated_report")

    def series_names(self) -> list[str]:
        """The series the sessions belong to. Rooms in different languages name one series each in
        their own (``The Call of the Sahel``, ``L'Appel du Sahel``): when no language names two,
        that is one series, named in the report's language (else as the first session names it)."""
        named = [(s.language, s.series) for s in self.doc.sessions if s.series]
        names = list(dict.fromkeys(name for _lang, name in named))
        by_lang: dict[str, set[str]] = {}
        for lang, name in named:
            by_lang.setdefault(lang, set()).add(name)
        if len(names) > 1 and all(len(x) == 1 for x in by_lang.values()):
            mine = by_lang.get(self.lang)
            return [next(iter(mine))] if mine else names[:1]
        return names

    def in_language(self, session_ids: list[str]) -> list[str]:
        """``session_ids`` with those held in the report's language first (their titles and details
        head a meeting), the others in their order."""
        return sorted(session_ids, key=lambda sid: self.sessions[sid].language != self.lang)

    def render(self) -> str:
        doc = self.doc
        self.head_comment()
        self.block(f"# {escape_heading(self.text(self.title()))}")
        if self.merged:
            updated = max((s.updated for s in doc.sessions if s.updated), default=None)
            self.block(comment("report", id=doc.report_id, updated=updated))
            rows = [f"- {self.w('sessions')}: {len(doc.sessions)}"]
            series = self.series_names()
            if series:
                rows.insert(0, f"- {self.w('series')}: {escape_inline(self.text('; '.join(series)))}")
            rooms = [self.tags[s.id] for s in doc.sessions if s.room]
            if rooms:
                rows.append(f"- {self.w('rooms')}: {escape_inline(self.text(', '.join(rooms)))}")
            if stamp := _stamp(updated):
                rows.append(f"- {self.w('last_change')}: {escape_inline(stamp)}")
            self.block(*rows)
        else:
            s = doc.sessions[0]
            self.block(comment("session", id=s.id, language=s.language, updated=s.updated, top=self.top_attr(s)))
            self.block(*self.meta_list(s))
        if self.anonymous:
            self.block(f"*{escape_inline(self.w('anonymous_note'))}*")
        self.outcome()
        if self.merged and any(p.kind == "theme" for p in doc.similar):
            self.similar()
        self.overview()
        self.evidence()
        if self.merged:
            self.sources()
        self.annex()
        self.block(comment("end"))
        return self.out.finish()

    # --- the recommendations -------------------------------------------------------------------

    def _rec_key(self, r: Recommendation) -> tuple:
        return (STATUS_ORDER.get(r.status, 9), r.rank is None, r.rank or 0, self.session_order.get(r.session_id, 0),
                r.seq is None, r.seq or 0, canonical(r.text), r.id)

    def top_attr(self, s: SessionInfo) -> list[str]:
        """The session comment's ``top``: the highest number the session has given a kind of
        item, where it is beyond every number of that kind the file shows (a dropped or deleted
        item had it): an item added by hand to the file is numbered after it, as the database
        numbers it."""
        if not s.top:
            return []
        if self._shown_top is None:
            items = numbered_items(self.doc)
            items["recommendation"] = [r for r in items["recommendation"] if self.shown(r)]
            self._shown_top = highest_numbers(items)
        return [f"{kind}:{n}" for kind, n in sorted(s.top.items()) if n > self._shown_top.get((kind, s.id), 0)]

    def shown(self, r: Recommendation) -> bool:
        if self.statuses is not None:
            return r.status in self.statuses
        return self.include_dropped or r.status != "dropped"

    def shown_recommendations(self) -> list[list[Recommendation]]:
        """Each recommendation's versions (more than one: a conflict), in the outcome's order."""
        groups: dict[str, list[Recommendation]] = {}
        for r in self.doc.recommendations():
            groups.setdefault(r.id, []).append(r)
        shown = [g for g in groups.values() if self.shown(g[0])]
        return sorted(shown, key=lambda g: self._rec_key(g[0]))

    def units(self) -> list[Unit]:
        """The entries of the list: recommendations, and sets of them (in place of their first
        member). A set whose members are not in the file any more (fewer than two) is left out."""
        shown = self.shown_recommendations()
        by_id = {g[0].id: g for g in shown}
        all_ids = {r.id for r in self.doc.recommendations()}
        in_set: dict[str, ConsolidatedSet] = {}
        for each in self.doc.sets:
            if each.state == "separate":
                continue
            present = [m for m in each.members if m in all_ids]
            if len(present) < 2:
                continue
            for m in present:
                in_set.setdefault(m, each)
        units: list[Unit] = []
        done: set[str] = set()
        for g in shown:
            rid = g[0].id
            cset = in_set.get(rid)
            if cset is None:
                units.append(Unit(versions=g))
                continue
            if cset.id in done:
                continue
            done.add(cset.id)
            members = sorted((by_id[m] for m in cset.members if m in by_id and in_set.get(m) is cset),
                             key=lambda g: self._rec_key(g[0]))
            if len(members) < 2 or not self.as_set(cset):
                units.extend(Unit(versions=m) for m in members)
                continue
            units.append(Unit(cset=cset, members=members))
        units.sort(key=lambda u: self._rec_key(min((g[0] for g in u.members), key=self._rec_key))
                   if u.cset else self._rec_key(u.first))
        return units

    def as_set(self, cset: ConsolidatedSet) -> bool:
        """Whether a set is shown as one entry (the working record: every set not separate)."""
        return cset.state != "separate"

    def answers(self, r: Recommendation) -> list[int]:
        sec = self.rec_section.get(id(r))
        numbers = {self.numbers[id(sec)]} if sec is not None and id(sec) in self.numbers else set()
        numbers |= {n for c in r.supports if (n := self.number_of(c))}
        return sorted(numbers)

    def area_of(self, r: Recommendation) -> str | None:
        s = self.sessions.get(r.session_id)
        return s.area if s else None

    def unit_area(self, unit: Unit) -> str | None:
        """The area an entry is listed and counted under: a set's is the area of the member whose
        text it shows (its first member's when staff wrote a text of their own)."""
        if unit.cset is not None:
            chosen = self.set_choice(unit)
            if chosen is not None:
                return self.area_of(chosen)
        return self.area_of(unit.first)

    def set_choice(self, unit: Unit) -> Recommendation | None:
        """The member whose text a set shows: the one staff kept, else the one proposed; None when
        staff wrote a text of their own."""
        cset = unit.cset
        assert cset is not None
        members = [g[0] for g in unit.members]
        chosen = next((r for r in members if r.id == cset.source), None)
        if chosen is not None:
            return chosen
        if cset.state == "consolidated" and cset.text:
            return None
        return self.suggested(members)

    def unit_lenses(self, unit: Unit) -> list[str]:
        if unit.cset is not None and unit.cset.lenses:
            return list(unit.cset.lenses)
        out: list[str] = []
        for r in unit.recommendations():
            out += [x for x in self.lenses_of(r) if x not in out]
        return out

    def unit_addressee(self, unit: Unit) -> str | None:
        if unit.cset is not None and unit.cset.addressed_to:
            return unit.cset.addressed_to
        return next((r.addressed_to for r in unit.recommendations() if one_line(r.addressed_to)), None)

    def grouped(self, units: list[Unit]) -> list[tuple[list[str], list[Unit]]]:
        """(headings, units) in the order they are shown; headings: one level, or two (area, lens)."""
        if self.group_by is None:
            return [([], units)]
        groups: dict[object, list[Unit]] = {}
        titles: dict[object, list[str]] = {}
        for unit in units:
            first = unit.first
            if self.group_by == "addressee":
                to = self.text(self.unit_addressee(unit))
                key_word = ADDRESSEES.key(to)
                key: object = ("a", key_word or fold_term(to))
                label = ADDRESSEES.label(key_word, self.lang) if key_word else to
                titles.setdefault(key, [self.w("to_heading", who=label) if to else self.w("no_addressee")])
            elif self.group_by == "question":
                sec = self.rec_section.get(id(first))
                number = self.numbers.get(id(sec)) if sec is not None else None
                meeting = self.section_meeting.get(id(sec), self.meeting_of.get(first.session_id, 0)) if sec else \
                    self.meeting_of.get(first.session_id, 0)
                key = (meeting, number is not None, number or 0)
                if number and sec:
                    title = self.w("question_heading", n=number, text=self.text(sec.text))
                else:
                    title = self.w("the_whole_session")
                if self.many_meetings:
                    title = f"{self.meeting_label(meeting)} · {title}"
                titles.setdefault(key, [title])
            else:  # area, then lens
                area = self.unit_area(unit)
                lenses = self.unit_lenses(unit)
                lens = lenses[0] if lenses else None
                area_order = self.area_order(area)
                key = (area_order, self.lens_order(lens))
                titles.setdefault(key, [
                    AREAS.label(area, self.lang) if area else self.w("no_area"),
                    self.w("lens_heading", lens=LENSES.label(lens, self.lang)) if lens else self.w("no_lens"),
                ])
            groups.setdefault(key, []).append(unit)
        keys = list(groups)  # addressee: in the order of their first (most important) recommendation
        if self.group_by in ("question", "area"):
            keys.sort()
        return [(titles[k], groups[k]) for k in keys]

    def area_order(self, area: str | None) -> tuple:
        """Areas in the order of their first meeting."""
        for m, sids in enumerate(self.meetings):
            if any(self.sessions[s].area == area for s in sids):
                return (area is None, m, area or "")
        return (True, 10**6, area or "")

    def lens_order(self, lens: str | None) -> tuple:
        declared: list[str] = []
        for s in self.doc.sessions:
            declared += [x for x in s.lenses if x not in declared]
        known = list(LENSES.table)
        if lens is None:
            return (3, 0, "")
        if lens in declared:
            return (0, declared.index(lens), lens)
        if lens in known:
            return (1, known.index(lens), lens)
        return (2, 0, fold_term(lens))

    def meeting_label(self, m: int) -> str:
        s = self.sessions[self.meetings[m][0]]
        return self.text(AREAS.label(s.area, self.lang) if s.area else s.title)

    def counts_table(self, units: list[Unit]) -> None:
        """The area × lens table of counts, at the top of a series report."""
        areas: list[str | None] = []
        lenses: list[str | None] = []
        cells: Counter[tuple] = Counter()
        totals: Counter[str | None] = Counter()
        for unit in units:
            area = self.unit_area(unit)
            if area not in areas:
                areas.append(area)
            mine: list[str | None] = [*self.unit_lenses(unit)] or [None]
            for lens in mine:
                if lens not in lenses:
                    lenses.append(lens)
                cells[(area, lens)] += 1
            totals[area] += 1
        if not units:
            return
        areas.sort(key=self.area_order)
        lenses.sort(key=self.lens_order)
        head = [self.w("area")] + [LENSES.label(x, self.lang) if x else self.w("no_lens") for x in lenses] + [
            self.w("total")]
        rows = [
            [AREAS.label(a, self.lang) if a else self.w("no_area")]
            + [str(cells[(a, x)]) for x in lenses] + [str(totals[a])]
            for a in areas
        ]
        rows.append([self.w("all_areas")] + [str(sum(cells[(a, x)] for a in areas)) for x in lenses]
                    + [str(sum(totals.values()))])
        self.block(comment("counts"))
        self.block(*_table(head, [[escape_inline(self.text(c)) for c in row] for row in rows]))
        if any(len(self.unit_lenses(u)) > 1 for u in units):
            self.block(f"*{escape_inline(self.w('counts_note'))}*")

    def outcome(self) -> None:
        self.block(f"## {self.w('recommendations')}")
        self.block(comment("outcome"))
        units = self.units()
        if not units:
            self.block(f"*{escape_inline(self.w('no_recommendations'))}*")
            return
        if self.group_by == "area":
            self.counts_table(units)
        n = 0
        last: list[str] = []
        for titles, members in self.grouped(units):
            for level, title in enumerate(titles):
                if titles[: level + 1] != last[: level + 1]:
                    self.block(f"{'#' * (3 + level)} {escape_heading(title)}")
            last = titles
            lines, n = self.numbered(members, 0 if self.restart_numbers else n)
            self.block(*lines)
        self.decisions()

    restart_numbers = True  # the working record numbers each group from 1 (as it always has)

    def decisions(self) -> None:
        """Sets staff said are not one: kept so that merging again does not propose them again."""
        for cset in self.doc.sets:
            if cset.state == "separate":
                self.block(comment("set", id=cset.id, members=cset.members, state="separate"))

    def numbered(self, units: list[Unit], start: int) -> tuple[list[str], int]:
        lines: list[str] = []
        n = start
        for unit in units:
            n += 1
            if unit.cset is not None:
                lines += self.set_item(unit, n)
            else:
                for r in unit.versions:  # versions of one recommendation share its number
                    lines += self.recommendation(r, f"{n}. ")
        return lines, n

    def set_item(self, unit: Unit, number: int) -> list[str]:
        """A set of recommendations that say the same thing: the text kept (or proposed), then
        its members, each as in the list."""
        cset = unit.cset
        assert cset is not None
        members = [g[0] for g in unit.members]
        source = cset.source if cset.source in {r.id for r in members} else None
        text = cset.text if cset.state == "consolidated" and cset.text else None
        if text is None:
            chosen = self.set_choice(unit) or members[0]
            source, text = chosen.id, chosen.text
        marker = f"{number}. "
        indent = " " * len(marker)
        self.sets_shown += 1  # sets are numbered through the report (the list restarts in each group)
        head = [self.w("set_ref", n=self.sets_shown), self.w(cset.state)]
        lenses = self.unit_lenses(unit)
        if lenses:
            head.append(self.w("lens", lenses=self.lens_names(lenses)))
        to = self.text(self.unit_addressee(unit))
        if to:
            key = ADDRESSEES.key(to)
            head.append(self.w("to", who=self.bidi(ADDRESSEES.label(key, self.lang) if key else to)))
        sessions = {r.session_id for r in members}
        note = self.w("set_note", recs=self.count(len(members), "recommendation"),
                      sessions=self.count(len(sessions), "session"))
        if cset.state == "proposed":
            note += self.semi + self.w("set_how")
        body = self.bidi(escape_block(self.withhold(canonical(text)), indent))
        attrs = dict(id=cset.id, members=[r.id for r in members], state=cset.state, source=source,
                     score=f"{cset.score:.2f}" if cset.score is not None else None)
        lines = [f"{marker}{comment('set', **attrs)}",
                 f"{indent}**{escape_inline(' · '.join(head))}** {body} *{escape_inline('— ' + note)}*", ""]
        for g in unit.members:
            for r in g:
                lines += [indent + line if line else "" for line in self.recommendation(r, "- ")]
        return lines

    def suggested(self, members: list[Recommendation]) -> Recommendation:
        """The text a set proposes: a member in the report's language if there is one, the one
        most agreed and best supported."""
        from ..store import guess_lang

        return min(members, key=lambda r: (guess_lang(r.text) != self.lang, STATUS_ORDER.get(r.status, 9),
                                           -len(r.supports), self._rec_key(r)))

    def recommendation(self, r: Recommendation, marker: str) -> list[str]:
        sec = self.rec_section.get(id(r))
        q = None
        if sec is not None:
            q = sec.question_of(r.session_id) or (sec.questions[0] if sec.questions else None)
        attrs = dict(
            id=r.id,
            seq=r.seq,
            session=r.session_id if self.merged else None,
            question=q.id if q is not None else (r.question_id if sec is None else None),
            cluster=r.cluster_id,
            supports=sorted(r.supports),
            **{"from": None},
        )
        note = self._variant_note("r", r)
        if note:
            attrs["from"] = r.origin_file or "unknown"  # marks a version of a conflict
        head = [self.iso(self._rref(r)), self.w(r.status) if r.status in STATUSES else r.status]
        if r.rank is not None:
            head.append(self.w("rank", n=r.rank))
        if r.lenses:
            head.append(self.w("lens", lenses=self.lens_names(r.lenses)))
        to = self.text(r.addressed_to)
        if to:
            head.append(self.w("to", who=self.bidi(to)))
        meta = self.support_meta(r, sec)
        if note:
            meta.append(note)
        indent = " " * len(marker)
        body = self.bidi(escape_block(self.withhold(canonical(r.text)), indent)) if canonical(r.text) else ""
        line = f"{indent}**{escape_inline(' · '.join(head))}** {body}".rstrip()
        line += f" *{escape_inline('— ' + self.semi.join(meta))}*"
        return [f"{marker}{comment('recommendation', **attrs)}", line]

    def support_meta(self, r: Recommendation, sec: Section | None) -> list[str]:
        """What a recommendation answers and rests on: its questions, its support in numbers,
        the references of its evidence, and what it cites that the files lack."""
        meta = []
        numbers = self.answers(r)
        answers = self.w("answers", questions=self.sep.join(self.iso(f"Q{n}") for n in numbers)) if numbers else ""
        if sec is not None:
            meta.append(answers)
        else:
            meta.append(self.sep.join(x for x in (self.w("whole_session"), answers) if x))
        if self.merged and self.many_meetings:
            s = self.sessions.get(r.session_id)
            if s is not None:
                meta.append(self.provenance(r))
        present = [self.contribution_of[c] for c in r.supports if c in self.contribution_of]
        if present:
            groups = sorted({g for g in (self._group_of(c) for c in present) if g}, key=str.casefold)
            support = [self.count(len(present), "contribution")]
            if not self.anonymous:
                speakers = {self.doc.same_person.get(c.speaker_id, c.speaker_id) for c in present if c.speaker_id}
                if speakers:
                    support.append(self.count(len(speakers), "speaker"))
            if groups:
                support.append(self.count(len(groups), "stakeholder_group") + " (" + self.sep.join(groups) + ")")
            meta.append(self.w("support", what=self.sep.join(support)))
            refs = sorted((self.ref_of(c.id) for c in present), key=_ref_order)
            meta.append(self.w("evidence_refs", refs=self.sep.join(self.iso(x) for x in refs)))
        missing = self.missing_of(r)
        if missing:
            meta.append(self.w("missing", refs=self.sep.join(self.iso(x) for x in missing)))
        return [m for m in meta if m]

    def missing_of(self, r: Recommendation) -> list[str]:
        """The contributions a recommendation cites that no file of this report holds (their
        references as the file showed them, else their ids)."""
        gone = [c for c in r.supports if c not in self.contribution_of]
        if not gone:
            return []
        # a reference as its room's file showed it gets its room in a report of several (Room A/Q7-011)
        shown = [x if "/" in x or not x.startswith("Q") else f"{self._tag(r.session_id)}{x}"
                 for x in dict.fromkeys(r.missing)]
        if len(shown) >= len(gone):
            return shown
        return shown + [f"id {c}" for c in gone[len(shown):]]

    def provenance(self, r: Recommendation) -> str:
        """Where a recommendation comes from: meeting, room, its own reference."""
        s = self.sessions[r.session_id]
        # withheld first, then shortened: shortening first can cut a name so that it is no longer
        # seen, and a file read back (holding the withheld words) must shorten the same words
        parts = [self.bidi(self.text(AREAS.label(s.area, self.lang)) if s.area else _short(self.text(s.title), 40))]
        if s.room:
            parts.append(self.bidi(self.text(s.room)))
        n = "new" if r.seq is None else f"{r.seq:03d}"
        parts.append(self.iso(f"R-{n}"))
        return " · ".join(parts)

    def similar(self) -> None:
        """Themes of different sessions that say much the same: for staff, never merged here."""
        rows = []
        for pair in self.doc.similar:
            if pair.kind != "theme" or pair.a not in self.clusters or pair.b not in self.clusters:
                continue
            # each pair, and the list, in a canonical order: the same report whatever the order of the files
            ends = sorted((self.clusters[x] for x in (pair.a, pair.b)),
                          key=lambda cl: (self.session_order.get(cl.session_id, 0), self._kref(cl), cl.id))
            names = [f"{self.iso(self._kref(cl))} “{self.text(cl.label)}”" for cl in ends]
            what = self.w("themes_pair", a=names[0], b=names[1])
            rows.append(((-pair.score, [self.session_order.get(cl.session_id, 0) for cl in ends],
                          [self._kref(cl) for cl in ends]),
                         f"- {escape_inline(what)}: {escape_inline(self.w('similar_score', score=f'{pair.score:.2f}'))}"))
        lines = [line for _key, line in sorted(rows)]
        if not lines:
            return
        self.block(f"## {escape_heading(self.w('similar'))}")
        self.block(comment("similar"))
        self.block(f"*{escape_inline(self.w('similar_note'))}*")
        self.block(*lines)

    # --- overview ------------------------------------------------------------------------------

    def overview(self) -> None:
        doc = self.doc
        # each contribution once (of the versions of a conflict, the last), in the order first met
        unique = {cid: self.last_of.get(cid, c) for cid, c in self.contribution_of.items()}
        # the recommendations listed (what the file holds: an import gives the same figures back)
        recs = {g[0].id: g[0] for g in self.shown_recommendations()}
        questions = sum(1 for sec in doc.sections if not sec.unassigned)
        speakers = {self.doc.same_person.get(c.speaker_id, c.speaker_id) for c in unique.values() if c.speaker_id}
        floor = sum(1 for c in unique.values() if not c.speaker_id and not c.group and not c.unnamed)
        self.block(f"## {self.w('overview')}")
        self.block(comment("overview"))
        lines = [f"- {self.w('guiding_questions', n=questions)}"]
        contrib = f"- {self.w('contributions_line', n=len(unique))}"
        if not self.anonymous:
            contrib += self.w("from_speakers", speakers=self.count(len(speakers), "speaker"))
        if floor:
            contrib += self.w("from_floor", n=floor)
        lines.append(contrib)
        by_status = Counter(r.status for r in recs.values())
        order = sorted(STATUSES, key=lambda st: STATUS_ORDER[st])
        rec_line = f"- {self.w('recommendations_line', n=len(recs))}"
        if recs:
            parts = [f"{self.w(st)} {by_status[st]}" for st in order if by_status[st]]
            rec_line += " (" + self.sep.join(parts) + ")"
        lines.append(rec_line)
        if not self.merged:
            s = doc.sessions[0]
            if s.start and s.end:
                lines.append(f"- {self.w('session_line', start=s.start, end=s.end, span=_span(s.start, s.end, self.lang))}")
        self.block(*[escape_overview(x) for x in lines])
        self.most_time(unique.values())
        self.balance(unique.values())

    def most_time(self, contributions) -> None:
        """The questions that had most speaking time (or, untimed, most contributions)."""
        per: dict[tuple, list] = {}
        sections = self.doc.sections
        for c in contributions:
            number = self.number_of(c.id)
            if number is None:
                continue
            meeting = self.section_meeting.get(id(sections[self.section_index[c.id]]), 0)
            e = per.setdefault((meeting, number), [0, 0.0, 0])
            e[0] += 1
            secs = spoken_seconds(c)
            if secs is not None:
                e[1] += secs
                e[2] += 1
        if not per:
            return
        timed = any(e[2] for e in per.values())
        ranked = sorted(per.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]) if timed else (-kv[1][0], kv[0]))
        texts = {(self.section_meeting[id(sec)], self.numbers[id(sec)]): sec.text
                 for sec in self.doc.sections if id(sec) in self.numbers}
        lines = []
        for (m, number), (n, seconds, _timed) in ranked[:MOST_TIME]:
            parts = [self.w("speaking", time=duration(seconds, self.lang))] if timed else []
            parts.append(self.count(n, "contribution"))
            where = f"{escape_inline(self.meeting_label(m))} · " if self.many_meetings else ""
            lines.append(f"- {where}{self.iso(f'Q{number}')} "
                         f"({escape_inline(_short(self.text(texts.get((m, number), ''))))}): {self.sep.join(parts)}")
        self.block(escape_inline(self.w("most_time" if timed else "most_contributions")))
        self.block(*lines)

    def balance(self, contributions) -> None:
        """Contributions and speaking time by stakeholder group, and (in a named file) by gender
        and youth where the participants annex records them: the figures of the overview
        screen (:mod:`facilitator.core.stats`), from the contributions in this file; each person
        once, whatever the file or the spelling of their name."""
        from facilitator.core import stats

        per: dict[object, dict] = {}
        for c in contributions:
            if not c.speaker_id and not c.group and not c.unnamed:
                continue  # the floor
            p = self.person(c.speaker_id)
            key = p.id if p else ("group", c.group or "")
            e = per.setdefault(key, {"p": p, "group": self.group_name((p.group if p else None) or c.group),
                                     "contributions": 0, "seconds": 0.0, "timed": 0})
            e["contributions"] += 1
            secs = spoken_seconds(c)
            if secs is not None:
                e["seconds"] += secs
                e["timed"] += 1
        speakers = [
            stats.SpeakerFigure(
                participant_id=e["p"].id if e["p"] and not self.anonymous else None,
                name=e["p"].name if e["p"] else "",
                stakeholder_group=e["group"],
                gender=e["p"].gender if e["p"] else None,
                youth=bool(e["p"] and e["p"].youth),
                contributions=e["contributions"],
                seconds=e["seconds"],
                timed=e["timed"],
            )
            for e in per.values()
        ]
        if not speakers:
            return
        timed = any(s.timed for s in speakers)

        def rows(figures) -> list[str]:
            out = []
            for g in figures:
                parts = [self.count(g.heard, "speaker")] if g.heard else []
                parts.append(self.count(g.contributions, "contribution"))
                if timed:
                    parts.append(self.w("speaking", time=duration(g.seconds, self.lang)))
                out.append(f"- {escape_inline(g.label)}: {escape_inline(self.sep.join(parts))}")
            return out

        def word(value: str) -> str:
            return self.w(value) if value in WORDS else value

        no_group, not_recorded = self.w("no_group"), self.w("not_recorded")
        by_group = stats.group_figures(speakers, [], lambda s: stats.label_or(s.stakeholder_group, no_group), None)
        self.block(escape_inline(self.w("by_group_anonymous" if self.anonymous else "by_group")))
        self.block(*rows(by_group))
        if self.anonymous:
            return  # by group only: in a small panel a gender or the youth flag can name a person
        if any(s.gender for s in speakers):
            self.block(escape_inline(self.w("by_gender")))
            self.block(*rows(stats.group_figures(
                speakers, [], lambda s: word(stats.label_or(s.gender, not_recorded)), None)))
        if any(s.youth for s in speakers):
            yes, no = self.w("youth"), self.w("not_youth")
            self.block(escape_inline(self.w("youth_heading")))
            self.block(*rows(stats.group_figures(speakers, [], lambda s: yes if s.youth else no, None, order=(yes, no))))

    # --- the evidence (annex) ------------------------------------------------------------------

    def evidence_heading(self, m: int | None) -> str:
        title = self.w("evidence")
        if m is not None:
            title += f": {self.meeting_label(m)}"
        return title

    def sections_by_meeting(self) -> list[tuple[int | None, list[Section]]]:
        numbered = [sec for sec in self.doc.sections if not sec.unassigned]
        if not self.many_meetings:
            return [(None, numbered)]
        out: list[tuple[int | None, list[Section]]] = []
        for m in range(len(self.meetings)):
            mine = [sec for sec in numbered if self.section_meeting.get(id(sec)) == m]
            mine.sort(key=lambda sec: self.numbers.get(id(sec), 0))
            if mine:
                out.append((m, mine))
        return out

    def evidence(self) -> None:
        doc = self.doc
        parts = self.sections_by_meeting()
        for k, (m, sections) in enumerate(parts):
            self.block(f"## {escape_heading(self.evidence_heading(m))}")
            self.block(comment("evidence", meeting=m + 1 if m is not None else None))
            for section in sections:
                self.section(section)
            if k == len(parts) - 1:
                self.across()
                for section in doc.sections:
                    if section.unassigned:
                        self.section(section)
        if not parts:
            self.block(f"## {escape_heading(self.evidence_heading(None))}")
            self.block(comment("evidence"))
            self.across()
            for section in doc.sections:
                if section.unassigned:
                    self.section(section)

    def section(self, section: Section) -> None:
        number = self.numbers.get(id(section))
        where = "unassigned" if section.unassigned else f"Q{number}"
        if section.unassigned:
            self.block(f"### {escape_heading(self.w('unassigned'))}")
            self.block(comment("unassigned"))
        else:
            self.block(f"### {self.iso(f'Q{number}')}. {self.bidi(escape_heading(self.text(section.text)))}")
            lines = []
            for q in section.questions:
                text = one_line(q.text)
                lines.append(
                    comment(
                        "question",
                        id=q.id,
                        session=q.session_id if self.merged else None,
                        position=q.position,
                        # a question matched by its words may be worded a little differently
                        text=self.withhold(text) if self.merged and text != one_line(section.text) else None,
                        tr=[f"{lang}:{self.withhold(one_line(t))}" for lang, t in sorted(q.translations.items()) if one_line(t)],
                    )
                )
            if lines:
                self.block(*lines)
        clusters = [cl for cl in section.clusters if not cl.session_scope]
        for cl in clusters:
            self.cluster(cl, where)
        if section.loose:
            heading = self.w("not_in_theme") if section.clusters else self.w("contributions_heading")
            self.block(f"#### {escape_inline(heading)} ({self.iso(where) if number else self.w('unassigned_short')})")
            self.block(comment("unclustered"))
            self.block_of(line for c in section.loose for line in self.contribution(c))
        elif not clusters and not section.unassigned:
            note = self.w("across_note") if any(cl.items for cl in section.clusters) else self.w("no_contributions")
            self.block(f"*{escape_inline(note)}*")

    def across(self) -> None:
        """The themes of the whole session, once each, with their ideas from every question."""
        doc = self.doc
        copies: dict[str, list[Cluster]] = {}
        for section in doc.sections:
            for cl in section.clusters:
                if cl.session_scope:
                    copies.setdefault(cl.id, []).append(cl)
        if not copies:
            return
        order = [k for k in doc.session_clusters if k in copies] + [k for k in copies if k not in doc.session_clusters]
        self.block(f"### {escape_heading(self.w('across'))}")
        self.block(comment("across"))
        for kid in order:
            parts = copies[kid]
            whole = replace(parts[0], items=[c for cl in parts for c in cl.items])
            self.cluster(whole, "session", across=True)

    def cluster(self, cl: Cluster, where: str, across: bool = False) -> None:
        prefix = self.w("set_aside") if cl.parked else self.w("theme")
        label = self.bidi(escape_heading(self.text(cl.label))) if one_line(cl.label) else self.w("no_label")
        self.new_clusters += cl.seq is None
        ref = f"{self._tag(cl.session_id)}C-" + (f"{cl.seq:03d}" if cl.seq is not None else f"new{self.new_clusters}")
        scope = f" ({where})" if cl.session_scope and not across else ""
        self.block(f"#### {prefix} {self.iso(ref)}{scope}: {label}")
        self.block(
            comment(
                "cluster",
                id=cl.id,
                seq=cl.seq,
                session=cl.session_id if self.merged else None,
                scope="session" if cl.session_scope else None,
                rep=cl.representative_id,
                origin=cl.origin if cl.origin != "manual" else None,
                method=cl.method,
                curated=cl.curated,
            )
        )
        if cl.lenses:
            self.block(escape_inline(self.w("lens_line", lenses=self.lens_names(cl.lenses))))
        if cl.items:
            self.block_of(line for c in cl.items for line in self.contribution(c, across))
        else:
            self.block(f"*{escape_inline(self.w('none'))}*")

    def contribution(self, c: Contribution, across: bool = False) -> list[str]:
        named = not self.anonymous
        question = None
        if across:
            question = self.question_of_contribution(c)
        attrs = dict(
            id=c.id,
            seq=c.seq,
            session=c.session_id if self.merged else None,
            question=question,
            speaker=c.speaker_id if named else None,
            group=None,
            unnamed=None,
            lang=c.lang,
            started=c.started,
            saved=c.saved,
            spoke=f"{c.spoke / 1000:.3f}" if c.spoke is not None else None,
            proposed=1 if c.proposed else None,
            kept=1 if c.kept_out else None,
            **{"from": None},
        )
        if not named or not c.speaker_id:
            p = self.person(c.speaker_id)
            attrs["group"] = (p.group if p else None) or c.group
            if not attrs["group"] and (c.speaker_id or c.unnamed):
                attrs["unnamed"] = True
        note = self._variant_note("c", c)
        if note:
            attrs["from"] = c.origin_file or "unknown"  # marks a version of a conflict
        meta = f"— {self._speaker(c)}{self.sep}{self.iso(self.ref_of(c.id))}"
        if c.proposed:
            meta += f" · {self.w('proposed_rec')}"
        if note:
            meta += f" · {note}"
        body = self.bidi(escape_block(self.withhold(canonical(c.text)), ITEM_INDENT))
        return [f"- {comment('contribution', **attrs)}", f"{ITEM_INDENT}{body} *{escape_inline(meta)}*"]

    def question_of_contribution(self, c: Contribution) -> str | None:
        """The id of the question a contribution is first met under (None: unassigned)."""
        k = self.section_index.get(c.id)
        if k is None:
            return None
        section = self.doc.sections[k]
        q = section.question_of(c.session_id) if not section.unassigned else None
        return q.id if q else None

    # --- sources and participants --------------------------------------------------------------

    def sources(self) -> None:
        self.block(f"## {self.w('sources')}")
        for s in self.doc.sessions:
            self.block(f"### {self.iso(self.tags[s.id])}: {self.bidi(escape_heading(self.text(s.title)))}")
            self.block(comment("session", id=s.id, language=s.language, updated=s.updated, files=s.files,
                               top=self.top_attr(s)))
            self.block(*self.meta_list(s))

    def people(self) -> list[tuple[Participant, list[Participant]]]:
        """Each person once (with the other spellings files gave them), by name."""
        doc = self.doc
        others: dict[str, list[Participant]] = {}
        for pid, p in doc.participants.items():
            main = doc.same_person.get(pid, pid)
            if main != pid and main in doc.participants:
                others.setdefault(main, []).append(p)
        people = [p for pid, p in doc.participants.items() if doc.same_person.get(pid, pid) == pid
                  or doc.same_person.get(pid) not in doc.participants]
        people.sort(key=lambda p: (canonical(p.name).casefold(), p.id))
        return [(p, sorted(others.get(p.id, []), key=lambda o: o.id)) for p in people]

    def annex(self) -> None:
        self.block(f"## {self.w('participants')}")
        if self.anonymous:
            self.block(comment("participants", anonymous=True))
            self.block(f"*{escape_inline(self.w('names_withheld'))}*")
            return
        self.block(comment("participants"))
        people = self.people()
        if not people:
            self.block(f"*{escape_inline(self.w('none_recorded'))}*")
            return
        self.block(*[line for p, others in people for line in self.participant(p, others)])

    def participant(self, p: Participant, others: list[Participant] = ()) -> list[str]:  # type: ignore[assignment]
        attrs = dict(
            id=p.id,
            title=p.title,
            organization=p.organization,
            group=p.group,
            country=p.country,
            gender=p.gender,
            youth=p.youth,
            panel=p.panel if not self.merged else None,
            also=[o.id for o in others],
            spelled=[o.name for o in others] if any(o.name != p.name for o in others) else None,
            details=[d for d in (own_details(o, p) for o in others) if d] or None,
        )
        details = ", ".join(x for x in (p.title, p.organization) if x)
        extra = [x for x in (self.group_name(p.group), p.country) if x]
        if p.youth:
            extra.append(self.w("youth"))
        text = ", ".join(x for x in [details] if x)
        if extra:
            text = " · ".join([text] + extra if text else extra)
        spellings = list(dict.fromkeys(o.name for o in others if o.name != p.name))
        if spellings:
            text = " · ".join(x for x in (text, self.w("also_written", names=self.sep.join(spellings))) if x)
        line = f"{ITEM_INDENT}**{escape_inline(one_line(p.name))}** — {escape_inline(text) if text else self.w('no_details')}"
        return [f"- {comment('participant', **attrs)}", line]


_OWN_DETAILS = ("title", "organization", "group", "country", "gender", "youth")


def own_details(other: Participant, main: Participant) -> str | None:
    """The details a room gave one person that differ from those the report lists for them
    (``id?organization=…&group=…``; the participants annex's ``details``): import gives each room's
    roster its own back."""
    from urllib.parse import urlencode

    def value(p: Participant, key: str) -> str:
        v = getattr(p, key)
        return ("1" if v else "") if key == "youth" else (v or "")

    changed = [(key, value(other, key)) for key in _OWN_DETAILS if value(other, key) != value(main, key)]
    return f"{other.id}?{urlencode(changed)}" if changed else None


def _automatic_title(title: str) -> bool:
    """Whether a report's title is one a merge wrote (in any language), not one staff gave."""
    plain = title.split(":")[0].split("：")[0].strip()
    return plain in WORDS["consolidated_report"] or title in WORDS["consolidated_report"]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def escape_overview(line: str) -> str:
    """An overview line built from figures and fixed words: only its label is ours, the rest
    is escaped like any text."""
    if line.startswith("- "):
        return "- " + escape_inline(line[2:])
    return escape_inline(line)


def document_language(doc: Doc) -> str:
    """The language a document is written in by default: its sessions' (when they agree), else English."""
    languages = {s.language or "en" for s in doc.sessions}
    return languages.pop() if len(languages) == 1 else "en"


def spoken_seconds(c: Contribution) -> float | None:
    """A contribution's speaking time: what its speaker's turn credits it (``spoke``), else, in
    files of earlier versions, from ``started`` to ``saved`` (the figures of
    :mod:`facilitator.core.stats`)."""
    if c.spoke is not None:
        return c.spoke / 1000
    from facilitator.core import stats

    return stats.speaking_seconds(c.started, c.saved)


def _ref_order(ref: str) -> tuple:
    """``Q1-002`` before ``Q10-001``; ``Room A/...`` by room first."""
    tag, _, rest = ref.rpartition("/")
    m = re.match(r"Q(\d{1,9}|\?)-(\d{1,9}|new)(?!\d)", rest)  # (thousands of digits: a ref no store makes)
    if not m:
        return (tag, 1, 0, 0, rest)
    q = int(m.group(1)) if m.group(1).isdigit() else 10**6
    n = int(m.group(2)) if m.group(2).isdigit() else 10**6
    return (tag, 0, q, n, rest)


def _span(start: str, end: str, lang: str = "en") -> str:
    try:
        h1, m1 = map(int, start.split(":"))
        h2, m2 = map(int, end.split(":"))
    except ValueError:
        return f"{start}–{end}"
    return span((h2 * 60 + m2) - (h1 * 60 + m1), lang)


def render(doc: Doc, *, anonymous: bool | None = None, group_by: str | None = None, include_dropped: bool = False,
           lang: str | None = None, form: str = "record", statuses: tuple[str, ...] | None = None,
           write: Callable[[str], object] | None = None) -> str:
    """The Markdown of ``doc``; ``anonymous`` overrides ``doc.anonymous``. ``group_by``:
    ``None`` (one numbered list; a series report of several areas: by area), ``"addressee"``,
    ``"question"`` or ``"area"`` (then lens); ``include_dropped``: list the dropped
    recommendations too (last); ``lang``: the language of every fixed word (default: the
    sessions'); ``form``: ``record`` (the working record) or ``outcome`` (the document to send:
    see :mod:`.outcome`); ``statuses``: which recommendations an outcome lists (default: agreed).
    ``write``: the text is handed to it in pieces as it is made (each ending in a line feed; see
    :class:`Lines`), and "" is returned: the same text, never whole in memory."""
    if form not in FORMS:
        from ..errors import FacilitatorError

        raise FacilitatorError(f"unknown form {form!r} (known: {', '.join(FORMS)})")
    anonymous = doc.anonymous if anonymous is None else anonymous
    if form == "outcome":
        from .outcome import OutcomeRenderer

        return OutcomeRenderer(doc, anonymous, group_by, include_dropped, lang, statuses or ("agreed",), write).render()
    return _Renderer(doc, anonymous, group_by, include_dropped, lang, statuses, write).render()


def withheld_names(doc: Doc) -> list[str]:
    """The names an anonymous rendering of ``doc`` withholds."""
    return [*(p.name for p in doc.participants.values()), *doc.withheld_names]


def preview(text: str, max_lines: int = 600, lang: str = "en") -> str:
    """The beginning of a long summary for an on-screen preview, cut between two blocks."""
    lines = text.split("\n")
    if len(lines) <= max_lines:
        return text
    return _cut(lines, len(lines), max_lines, lang)


def _cut(lines: list[str], total: int, max_lines: int, lang: str) -> str:
    """The first lines of a text of ``total`` lines (``lines``: at least its first ``max_lines``),
    cut between two blocks, and a line saying so."""
    cut = max_lines
    while cut > 0 and lines[cut - 1] != "":
        cut -= 1
    head = "\n".join(lines[:cut] if cut else lines[:max_lines])
    return head.rstrip("\n") + f"\n\n*{w('preview_cut', lang, cut=cut or max_lines, total=total)}*\n"


class Preview:
    """A ``write`` for :func:`render` that keeps only what a preview shows: the first
    ``max_lines`` lines, and the number of line feeds (``newlines``). ``text()`` is what
    :func:`preview` gives for the whole text."""

    def __init__(self, max_lines: int = 600):
        self.max_lines = max_lines
        self.kept: list[str] = []
        self.newlines = 0

    def __call__(self, piece: str) -> None:
        """A piece of the text, ending in a line feed (as :class:`Lines` writes them)."""
        self.newlines += piece.count("\n")
        if len(self.kept) < self.max_lines:
            self.kept.extend(piece.split("\n")[:-1][: self.max_lines - len(self.kept)])

    def text(self, lang: str = "en") -> str:
        total = self.newlines + 1  # the text split at each line feed: the last piece is empty
        if total <= self.max_lines:
            return "\n".join(self.kept) + "\n"
        return _cut(self.kept, total, self.max_lines, lang)
