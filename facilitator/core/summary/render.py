"""A :class:`~.model.Doc` as Markdown: the outcome document.

What the panel concluded comes first: the recommendations, numbered, agreed first, then
reviewed, then draft (dropped ones only when asked), each with its addressee, the guiding
questions it answers, its support in numbers and the references of the contributions it rests
on; optionally grouped by addressee or by question. Then a short overview (who spoke, by
group, how long; which questions had most time), then the evidence as an annex: per guiding
question its themes and contributions, the themes of the whole session once, the
contributions of no question; then (merged reports) the sources, and the participants.

Deterministic: the output depends on the ``Doc`` and the options only (no clock, no locale, no
dict order that is not the data's). Every piece of user text goes through :mod:`.text`. The
hidden structure is HTML comments, each on a line of its own (``<!-- facilitator:KIND
key=value ... -->``); values are percent-encoded, so no user text can end a comment early.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from .model import FORMAT_VERSION, STATUSES, Cluster, Contribution, Doc, Participant, Recommendation, Section
from .text import canonical, escape_block, escape_heading, escape_inline, one_line

ANONYMOUS_NOTE = (
    "Anonymous summary (Chatham House Rule): no speaker is named; contributions are attributed "
    "by stakeholder group only."
)
ITEM_INDENT = "  "
GROUPINGS = ("addressee", "question")
# the order of the outcome: what the panel agreed first
STATUS_ORDER = {"agreed": 0, "reviewed": 1, "draft": 2, "dropped": 3}
NO_CONTRIBUTIONS = "No contributions."
ACROSS_NOTE = "Its contributions are under Themes across questions."
NO_RECOMMENDATIONS = "No recommendations yet."
MOST_TIME = 5  # questions listed under "most speaking time"
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
""".split())
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


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def session_tags(sessions) -> dict[str, str]:
    """How a merged report names each session in references (``Room A/Q1-003``): its room when
    no other session has the same room, else ``S1``, ``S2``... by position."""
    rooms = [(_TAG_BAD.sub(" ", one_line(s.room)).strip() if s.room else "") for s in sessions]
    rooms = [" ".join(r.split()) for r in rooms]
    counts = Counter(r.casefold() for r in rooms if r)
    tags: dict[str, str] = {}
    for i, (s, room) in enumerate(zip(sessions, rooms), start=1):
        tags[s.id] = room if room and counts[room.casefold()] == 1 and not re.fullmatch(r"S\d+", room) else f"S{i}"
    return tags


def _short(text: str, limit: int = 70) -> str:
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.") + "…"


class _Renderer:
    def __init__(self, doc: Doc, anonymous: bool, group_by: str | None = None, include_dropped: bool = False):
        if group_by is not None and group_by not in GROUPINGS:
            from ..errors import FacilitatorError

            raise FacilitatorError(f"unknown grouping {group_by!r} (known: {', '.join(GROUPINGS)})")
        self.doc = doc
        self.anonymous = anonymous
        self.group_by = group_by
        self.include_dropped = include_dropped
        self.merged = doc.merged or len(doc.sessions) > 1
        self.tags = session_tags(doc.sessions)
        self.session_order = {s.id: i for i, s in enumerate(doc.sessions)}
        self.out: list[str] = []
        # the number of each question section (1, 2, ...), by section and by question id
        self.numbers: dict[int, int] = {}
        self.question_number: dict[str, int] = {}
        n = 0
        for sec in doc.sections:
            if not sec.unassigned:
                n += 1
                self.numbers[id(sec)] = n
                for q in sec.questions:
                    self.question_number.setdefault(q.id, n)
        # contribution id -> its reference, its section number, the contribution
        self.refs: dict[str, str] = {}
        self.contribution_number: dict[str, int | None] = {}
        self.contribution_of: dict[str, Contribution] = {}
        self.variants: Counter[tuple[str, str]] = Counter()
        self.rec_section: dict[int, Section | None] = {}
        for section in doc.sections:
            positions: dict[str, int] = {}
            for q in section.questions:
                positions.setdefault(q.session_id, q.position)
            for c in section.contributions():
                self.refs.setdefault(c.id, self._cref(c, positions.get(c.session_id)))
                self.contribution_number.setdefault(c.id, self.numbers.get(id(section)))
                self.contribution_of.setdefault(c.id, c)
                self.variants[("c", c.id)] += 1
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

            self.withhold = Withholder(self.withheld_names())
        self.new_clusters = 0

    def withheld_names(self) -> list[str]:
        return [*(p.name for p in self.doc.participants.values()), *self.doc.withheld_names]

    # --- small pieces ------------------------------------------------------------------------

    def block(self, *lines: str) -> None:
        if self.out:
            self.out.append("")
        self.out.extend(lines)

    def _tag(self, session_id: str) -> str:
        return (self.tags.get(session_id, "S?") + "/") if self.merged else ""

    def _cref(self, c: Contribution, position: int | None) -> str:
        q = "?" if position is None else str(position)
        n = "new" if c.seq is None else f"{c.seq:03d}"
        return f"{self._tag(c.session_id)}Q{q}-{n}"

    def _rref(self, r: Recommendation) -> str:
        n = "new" if r.seq is None else f"{r.seq:03d}"
        return f"{self._tag(r.session_id)}R-{n}"

    def _kref(self, cl: Cluster) -> str:
        return f"{self._tag(cl.session_id)}C-" + (f"{cl.seq:03d}" if cl.seq is not None else "new")

    def _speaker(self, c: Contribution) -> str:
        p = self.doc.participants.get(c.speaker_id) if c.speaker_id else None
        if p and not self.anonymous:
            return f"{p.name} ({p.group})" if p.group else p.name
        group = (p.group if p else None) or c.group
        return group or ("a participant" if (c.speaker_id or c.unnamed) else "the floor")

    def _group_of(self, c: Contribution) -> str | None:
        p = self.doc.participants.get(c.speaker_id) if c.speaker_id else None
        return one_line((p.group if p else None) or c.group) or None

    def _variant_note(self, kind: str, item) -> str | None:
        key = (kind, item.id)
        total = self.variants[key]
        if total < 2:
            return None
        self.seen_variant[key] += 1
        note = f"⚠ conflict: version {self.seen_variant[key]} of {total}"
        if item.origin_file:
            note += f", from {item.origin_file}"
        return note

    def text(self, value: str | None) -> str:
        """User text on one line, withheld in an anonymous file."""
        return self.withhold(one_line(value))

    def meta_list(self, s) -> list[str]:
        rows: list[tuple[str, str]] = []
        if s.series:
            rows.append(("Series", s.series))
        if s.event:
            rows.append(("Event", s.event))
        rows.append(("Date", s.date))
        if s.start and s.end:
            rows.append(("Time", f"{s.start}–{s.end}"))
        elif s.start:
            rows.append(("Start", s.start))
        elif s.end:
            rows.append(("End", s.end))
        if s.venue:
            rows.append(("Venue", s.venue))
        if s.room:
            rows.append(("Room", s.room))
        if s.languages:
            rows.append(("Languages", ", ".join(s.languages)))
        if s.rapporteur:
            rows.append(("Rapporteur", s.rapporteur))
        if s.files:
            rows.append(("Files", ", ".join(s.files)))
        stamp = _stamp(s.updated)
        if stamp:
            rows.append(("Last change", stamp))
        plain = ("Date", "Time", "Start", "End", "Languages", "Files", "Last change")
        return [f"- {key}: {escape_inline(value if key in plain else self.text(value))}" for key, value in rows]

    # --- the document ------------------------------------------------------------------------

    def render(self) -> str:
        doc = self.doc
        head = {"version": FORMAT_VERSION, "kind": "merged" if self.merged else None, "anonymous": self.anonymous}
        self.block(comment("export", **head))
        if self.merged:
            title = doc.title or "Consolidated report"
            self.block(f"# {escape_heading(self.text(title))}")
            updated = max((s.updated for s in doc.sessions if s.updated), default=None)
            self.block(comment("report", id=doc.report_id, updated=updated))
            rows = [f"- Sessions: {len(doc.sessions)}"]
            series = sorted({s.series for s in doc.sessions if s.series})
            if series:
                rows.insert(0, f"- Series: {escape_inline(self.text('; '.join(series)))}")
            rooms = [self.tags[s.id] for s in doc.sessions if s.room]
            if rooms:
                rows.append(f"- Rooms: {escape_inline(self.text(', '.join(rooms)))}")
            if stamp := _stamp(updated):
                rows.append(f"- Last change: {escape_inline(stamp)}")
            self.block(*rows)
        else:
            s = doc.sessions[0]
            self.block(f"# {escape_heading(self.text(s.title))}")
            self.block(comment("session", id=s.id, language=s.language, updated=s.updated))
            self.block(*self.meta_list(s))
        if self.anonymous:
            self.block(f"*{escape_inline(ANONYMOUS_NOTE)}*")
        self.outcome()
        if self.merged and doc.similar:
            self.similar()
        self.overview()
        self.evidence()
        if self.merged:
            self.sources()
        self.annex()
        self.block(comment("end"))
        return "\n".join(self.out) + "\n"

    # --- the outcome: recommendations first ----------------------------------------------------

    def _rec_key(self, r: Recommendation) -> tuple:
        return (STATUS_ORDER.get(r.status, 9), r.rank is None, r.rank or 0, self.session_order.get(r.session_id, 0),
                r.seq is None, r.seq or 0, canonical(r.text), r.id)

    def shown_recommendations(self) -> list[list[Recommendation]]:
        """Each recommendation's versions (more than one: a conflict), in the outcome's order."""
        groups: dict[str, list[Recommendation]] = {}
        for r in self.doc.recommendations():
            groups.setdefault(r.id, []).append(r)
        shown = [g for g in groups.values() if self.include_dropped or g[0].status != "dropped"]
        return sorted(shown, key=lambda g: self._rec_key(g[0]))

    def answers(self, r: Recommendation) -> list[int]:
        sec = self.rec_section.get(id(r))
        numbers = {self.numbers[id(sec)]} if sec is not None and id(sec) in self.numbers else set()
        numbers |= {n for c in r.supports if (n := self.contribution_number.get(c))}
        return sorted(numbers)

    def outcome(self) -> None:
        self.block("## Recommendations")
        self.block(comment("outcome"))
        shown = self.shown_recommendations()
        if not shown:
            self.block(f"*{NO_RECOMMENDATIONS}*")
            return
        if self.group_by is None:
            self.block(*self.numbered([r for g in shown for r in g]))
            return
        groups: dict[object, list[Recommendation]] = {}
        titles: dict[object, str] = {}
        key: Any  # the addressee (str), or (has a question, its number)
        order_key: Any
        for g in shown:
            first = g[0]
            if self.group_by == "addressee":
                to = self.text(first.addressed_to)
                key = " ".join(to.split()).casefold()
                titles.setdefault(key, f"To {to}" if to else "Addressee not given")
                order_key = key
            else:
                sec = self.rec_section.get(id(first))
                number = self.numbers.get(id(sec)) if sec is not None else None
                order_key = (number is not None, number or 0)
                titles.setdefault(order_key, f"Question {number}: {self.text(sec.text)}" if number and sec else "The whole session")
                key = order_key
            groups.setdefault(key, []).extend(g)
        keys = list(groups)  # addressee: in the order of their first (most important) recommendation
        if self.group_by == "question":
            keys.sort()
        for key in keys:
            self.block(f"### {escape_heading(titles[key])}")
            self.block(*self.numbered(groups[key]))

    def numbered(self, recs: list[Recommendation]) -> list[str]:
        lines: list[str] = []
        n = 0
        last = None
        for r in recs:
            if r.id != last:  # versions of one recommendation share its number
                n += 1
                last = r.id
            lines += self.recommendation(r, n)
        return lines

    def recommendation(self, r: Recommendation, number: int) -> list[str]:
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
        head = [self._rref(r), r.status]
        if r.rank is not None:
            head.append(f"rank {r.rank}")
        to = self.text(r.addressed_to)
        if to:
            head.append(f"to {to}")
        meta = []
        answers = ("answers " + ", ".join(f"Q{n}" for n in self.answers(r))) if self.answers(r) else ""
        meta.append(answers if sec is not None else ", ".join(x for x in ("whole session", answers) if x))
        present = [self.contribution_of[c] for c in r.supports if c in self.contribution_of]
        if present:
            groups = sorted({g for g in (self._group_of(c) for c in present) if g}, key=str.casefold)
            support = [_plural(len(present), "contribution")]
            if not self.anonymous:
                speakers = {c.speaker_id for c in present if c.speaker_id}
                if speakers:
                    support.append(_plural(len(speakers), "speaker"))
            if groups:
                support.append(_plural(len(groups), "stakeholder group") + " (" + ", ".join(groups) + ")")
            meta.append("support: " + ", ".join(support))
            refs = sorted((self.refs[c.id] for c in present), key=_ref_order)
            meta.append("evidence: " + ", ".join(refs))
        if note:
            meta.append(note)
        marker = f"{number}. "
        indent = " " * len(marker)
        body = escape_block(self.withhold(canonical(r.text)), indent) if canonical(r.text) else ""
        line = f"{indent}**{escape_inline(' · '.join(head))}** {body}".rstrip()
        line += f" *{escape_inline('— ' + '; '.join(meta))}*"
        return [f"{marker}{comment('recommendation', **attrs)}", line]

    def similar(self) -> None:
        """Near-duplicates of different sessions: for staff to merge by hand, never merged here."""
        doc = self.doc
        recs = {r.id: r for r in doc.recommendations()}
        number = {}
        n = 0
        for g in self.shown_recommendations():
            n += 1
            number[g[0].id] = n
        clusters: dict[str, Cluster] = {}
        for sec in doc.sections:
            for cl in sec.clusters:
                clusters.setdefault(cl.id, cl)
        lines = []
        for pair in doc.similar:
            if pair.kind == "recommendation" and pair.a in recs and pair.b in recs:
                if self.group_by is None and pair.a in number and pair.b in number:
                    names = [f"{number[x]} ({self._rref(recs[x])})" for x in (pair.a, pair.b)]
                else:
                    names = [self._rref(recs[x]) for x in (pair.a, pair.b)]
                what = f"Recommendations {names[0]} and {names[1]}"
            elif pair.kind == "theme" and pair.a in clusters and pair.b in clusters:
                names = [f"{self._kref(clusters[x])} “{self.text(clusters[x].label)}”" for x in (pair.a, pair.b)]
                what = f"Themes {names[0]} and {names[1]}"
            else:
                continue
            lines.append(f"- {escape_inline(what)}: similar ({pair.score:.2f}), consider merging")
        if not lines:
            return
        self.block("## Similar, consider merging")
        self.block(comment("similar"))
        self.block(
            "*Items of different sessions that say much the same (by meaning, in any language). "
            "Nothing was merged: edit the report by hand if they are one.*"
        )
        self.block(*lines)

    # --- overview ------------------------------------------------------------------------------

    def overview(self) -> None:
        doc = self.doc
        contributions = [c for sec in doc.sections for c in sec.contributions()]
        unique = {c.id: c for c in contributions}
        # the recommendations listed (what the file holds: an import gives the same figures back)
        recs = {g[0].id: g[0] for g in self.shown_recommendations()}
        questions = sum(1 for sec in doc.sections if not sec.unassigned)
        speakers = {c.speaker_id for c in unique.values() if c.speaker_id}
        floor = sum(1 for c in unique.values() if not c.speaker_id and not c.group and not c.unnamed)
        self.block("## Overview")
        self.block(comment("overview"))
        lines = [f"- Guiding questions: {questions}"]
        contrib = f"- Contributions: {len(unique)}"
        if not self.anonymous:
            contrib += f", from {_plural(len(speakers), 'speaker')}"
        if floor:
            contrib += f" ({floor} from the floor)"
        lines.append(contrib)
        by_status = Counter(r.status for r in recs.values())
        order = sorted(STATUSES, key=lambda st: STATUS_ORDER[st])
        rec_line = f"- Recommendations: {len(recs)}"
        if recs:
            parts = [f"{st} {by_status[st]}" for st in order if by_status[st]]
            rec_line += " (" + ", ".join(parts) + ")"
        lines.append(rec_line)
        if not self.merged:
            s = doc.sessions[0]
            if s.start and s.end:
                lines.append(f"- Session: {s.start}–{s.end} ({_span(s.start, s.end)})")
        self.block(*lines)
        self.most_time(unique.values())
        self.balance(unique.values())

    def most_time(self, contributions) -> None:
        """The questions that had most speaking time (or, untimed, most contributions)."""
        from facilitator.core import stats

        per: dict[int, list] = {}
        for c in contributions:
            number = self.contribution_number.get(c.id)
            if number is None:
                continue
            e = per.setdefault(number, [0, 0.0, 0])
            e[0] += 1
            secs = spoken_seconds(c)
            if secs is not None:
                e[1] += secs
                e[2] += 1
        if not per:
            return
        timed = any(e[2] for e in per.values())
        ranked = sorted(per.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]) if timed else (-kv[1][0], kv[0]))
        texts = {self.numbers[id(sec)]: sec.text for sec in self.doc.sections if id(sec) in self.numbers}
        lines = []
        for number, (count, seconds, _timed) in ranked[:MOST_TIME]:
            parts = [f"{stats.fmt_duration(seconds)} speaking"] if timed else []
            parts.append(_plural(count, "contribution"))
            lines.append(f"- Q{number} ({escape_inline(self.withhold(_short(texts.get(number, ''))))}): {', '.join(parts)}")
        self.block("Questions with the most speaking time:" if timed else "Questions with the most contributions:")
        self.block(*lines)

    def balance(self, contributions) -> None:
        """Contributions and speaking time by stakeholder group, and (in a named file) by gender
        and youth where the participants annex records them: the figures of the overview
        screen (:mod:`facilitator.core.stats`), from the contributions in this file."""
        from facilitator.core import stats

        doc = self.doc
        per: dict[object, dict] = {}
        for c in contributions:
            if not c.speaker_id and not c.group and not c.unnamed:
                continue  # the floor
            p = doc.participants.get(c.speaker_id) if c.speaker_id else None
            key = c.speaker_id if p else ("group", c.group or "")
            e = per.setdefault(key, {"p": p, "group": (p.group if p else None) or c.group,
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
                parts = [_plural(g.heard, "speaker")] if g.heard else []
                parts.append(_plural(g.contributions, "contribution"))
                if timed:
                    parts.append(f"{stats.fmt_duration(g.seconds)} speaking")
                out.append(f"- {escape_inline(g.label)}: {', '.join(parts)}")
            return out

        by_group = stats.group_figures(speakers, [], lambda s: stats.label_or(s.stakeholder_group, stats.NO_GROUP), None)
        self.block("Contributions by stakeholder group:" if self.anonymous else "Speakers by stakeholder group:")
        self.block(*rows(by_group))
        if self.anonymous:
            return  # by group only: in a small panel a gender or the youth flag can name a person
        if any(s.gender for s in speakers):
            self.block("By gender:")
            self.block(*rows(stats.group_figures(speakers, [], lambda s: stats.label_or(s.gender, stats.NOT_RECORDED), None)))
        if any(s.youth for s in speakers):
            self.block("Youth:")
            self.block(*rows(stats.group_figures(
                speakers, [], lambda s: "youth" if s.youth else "not youth", None, order=("youth", "not youth"))))

    # --- the evidence (annex) ------------------------------------------------------------------

    def evidence(self) -> None:
        doc = self.doc
        self.block("## Evidence by guiding question")
        self.block(comment("evidence"))
        for section in doc.sections:
            if not section.unassigned:
                self.section(section)
        self.across()
        for section in doc.sections:
            if section.unassigned:
                self.section(section)

    def section(self, section: Section) -> None:
        number = self.numbers.get(id(section))
        where = "unassigned" if section.unassigned else f"Q{number}"
        if section.unassigned:
            self.block("### Not assigned to a guiding question")
            self.block(comment("unassigned"))
        else:
            self.block(f"### Q{number}. {escape_heading(self.text(section.text))}")
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
            self.block(f"#### Not in a theme ({where})" if section.clusters else f"#### Contributions ({where})")
            self.block(comment("unclustered"))
            self.block(*[line for c in section.loose for line in self.contribution(c)])
        elif not clusters and not section.unassigned:
            self.block(f"*{ACROSS_NOTE}*" if any(cl.items for cl in section.clusters) else f"*{NO_CONTRIBUTIONS}*")

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
        self.block("### Themes across questions")
        self.block(comment("across"))
        for kid in order:
            parts = copies[kid]
            whole = Cluster(**{**parts[0].__dict__, "items": [c for cl in parts for c in cl.items]})
            self.cluster(whole, "session", across=True)

    def cluster(self, cl: Cluster, where: str, across: bool = False) -> None:
        prefix = "Set aside" if cl.parked else "Theme"
        label = escape_heading(self.text(cl.label)) if one_line(cl.label) else "(no label)"
        self.new_clusters += cl.seq is None
        ref = f"{self._tag(cl.session_id)}C-" + (f"{cl.seq:03d}" if cl.seq is not None else f"new{self.new_clusters}")
        scope = f" ({where})" if cl.session_scope and not across else ""
        self.block(f"#### {prefix} {ref}{scope}: {label}")
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
        if cl.items:
            self.block(*[line for c in cl.items for line in self.contribution(c, across)])
        else:
            self.block("*None.*")

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
            p = self.doc.participants.get(c.speaker_id) if c.speaker_id else None
            attrs["group"] = (p.group if p else None) or c.group
            if not attrs["group"] and (c.speaker_id or c.unnamed):
                attrs["unnamed"] = True
        note = self._variant_note("c", c)
        if note:
            attrs["from"] = c.origin_file or "unknown"  # marks a version of a conflict
        meta = f"— {self._speaker(c)}, {self.refs.get(c.id, '')}"
        if c.proposed:
            meta += " · proposed as a recommendation"
        if note:
            meta += f" · {note}"
        body = escape_block(self.withhold(canonical(c.text)), ITEM_INDENT)
        return [f"- {comment('contribution', **attrs)}", f"{ITEM_INDENT}{body} *{escape_inline(meta)}*"]

    def question_of_contribution(self, c: Contribution) -> str | None:
        if not hasattr(self, "_cq"):
            self._cq: dict[str, str | None] = {}
            for section in self.doc.sections:
                for item in section.contributions():
                    q = section.question_of(item.session_id) if not section.unassigned else None
                    self._cq.setdefault(item.id, q.id if q else None)
        return self._cq.get(c.id)

    # --- sources and participants --------------------------------------------------------------

    def sources(self) -> None:
        self.block("## Sources")
        for s in self.doc.sessions:
            self.block(f"### {self.tags[s.id]}: {escape_heading(self.text(s.title))}")
            self.block(comment("session", id=s.id, language=s.language, updated=s.updated, files=s.files))
            self.block(*self.meta_list(s))

    def annex(self) -> None:
        doc = self.doc
        self.block("## Participants")
        if self.anonymous:
            self.block(comment("participants", anonymous=True))
            self.block("*Names are withheld under the Chatham House Rule; see the overview for the stakeholder groups.*")
            return
        self.block(comment("participants"))
        people = sorted(doc.participants.values(), key=lambda p: (canonical(p.name).casefold(), p.id))
        if not people:
            self.block("*None recorded.*")
            return
        self.block(*[line for p in people for line in self.participant(p)])

    def participant(self, p: Participant) -> list[str]:
        attrs = dict(
            id=p.id,
            title=p.title,
            organization=p.organization,
            group=p.group,
            country=p.country,
            gender=p.gender,
            youth=p.youth,
            panel=p.panel if not self.merged else None,
        )
        details = ", ".join(x for x in (p.title, p.organization) if x)
        extra = [x for x in (p.group, p.country) if x]
        if p.youth:
            extra.append("youth")
        text = ", ".join(x for x in [details] if x)
        if extra:
            text = " · ".join([text] + extra if text else extra)
        line = f"{ITEM_INDENT}**{escape_inline(p.name)}** — {escape_inline(text) if text else 'no details recorded'}"
        return [f"- {comment('participant', **attrs)}", line]


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
    m = re.match(r"Q(\d+|\?)-(\d+|new)", rest)
    if not m:
        return (tag, 1, 0, 0, rest)
    q = int(m.group(1)) if m.group(1).isdigit() else 10**6
    n = int(m.group(2)) if m.group(2).isdigit() else 10**6
    return (tag, 0, q, n, rest)


def _span(start: str, end: str) -> str:
    try:
        h1, m1 = map(int, start.split(":"))
        h2, m2 = map(int, end.split(":"))
    except ValueError:
        return f"{start}–{end}"
    minutes = max(0, (h2 * 60 + m2) - (h1 * 60 + m1))
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min" if h and m else (f"{h} h" if h else f"{m} min")


def render(doc: Doc, *, anonymous: bool | None = None, group_by: str | None = None, include_dropped: bool = False) -> str:
    """The Markdown of ``doc``; ``anonymous`` overrides ``doc.anonymous``. ``group_by``:
    ``None`` (one numbered list), ``"addressee"`` or ``"question"``; ``include_dropped``: list
    the dropped recommendations too (last)."""
    renderer = _Renderer(doc, doc.anonymous if anonymous is None else anonymous, group_by, include_dropped)
    return renderer.render()


def withheld_names(doc: Doc) -> list[str]:
    """The names an anonymous rendering of ``doc`` withholds."""
    return [*(p.name for p in doc.participants.values()), *doc.withheld_names]


def preview(text: str, max_lines: int = 600) -> str:
    """The beginning of a long summary for an on-screen preview, cut between two blocks."""
    lines = text.split("\n")
    if len(lines) <= max_lines:
        return text
    cut = max_lines
    while cut > 0 and lines[cut - 1] != "":
        cut -= 1
    head = "\n".join(lines[:cut] if cut else lines[:max_lines])
    return head.rstrip("\n") + f"\n\n*Preview: the first {cut or max_lines} of {len(lines)} lines. The file holds everything.*\n"
