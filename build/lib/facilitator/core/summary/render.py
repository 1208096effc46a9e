"""A :class:`~.model.Doc` as Markdown.

Deterministic: the output depends on the ``Doc`` only (no clock, no locale, no dict order that
is not the data's). Every piece of user text goes through :mod:`.text`. The hidden structure is
HTML comments, each on a line of its own (``<!-- facilitator:KIND key=value ... -->``); values
are percent-encoded, so no user text can end a comment early.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from .model import FORMAT_VERSION, STATUSES, Cluster, Contribution, Doc, Participant, Recommendation, Section
from .text import canonical, escape_block, escape_heading, escape_inline, one_line

ANONYMOUS_NOTE = (
    "Anonymous summary (Chatham House Rule): no speaker is named; contributions are attributed "
    "by stakeholder group only."
)
ITEM_INDENT = "  "


def _v(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(quote(str(x), safe=":") for x in value)
    return quote(str(value), safe=":")


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


class _Renderer:
    def __init__(self, doc: Doc, anonymous: bool):
        self.doc = doc
        self.anonymous = anonymous
        self.merged = doc.merged or len(doc.sessions) > 1
        self.tags = {s.id: f"S{i}" for i, s in enumerate(doc.sessions, start=1)}
        self.out: list[str] = []
        # contribution id -> (session id, question position, seq), for references
        self.refs: dict[str, str] = {}
        self.variants: Counter[tuple[str, str]] = Counter()
        for section in doc.sections:
            positions: dict[str, int] = {}
            for q in section.questions:
                positions.setdefault(q.session_id, q.position)
            for c in section.contributions():
                self.refs.setdefault(c.id, self._cref(c, positions.get(c.session_id)))
                self.variants[("c", c.id)] += 1
            for r in section.recommendations:
                self.variants[("r", r.id)] += 1
        self.seen_variant: Counter[tuple[str, str]] = Counter()
        # an anonymous file names nobody, not even inside what was said (see withhold.py)
        self.withhold = lambda text: text
        if anonymous:
            from .withhold import Withholder

            self.withhold = Withholder([*(p.name for p in doc.participants.values()), *doc.withheld_names])
        self.new_clusters = 0

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

    def _speaker(self, c: Contribution) -> str:
        p = self.doc.participants.get(c.speaker_id) if c.speaker_id else None
        if p and not self.anonymous:
            return f"{p.name} ({p.group})" if p.group else p.name
        group = (p.group if p else None) or c.group
        return group or ("a participant" if (c.speaker_id or c.unnamed) else "the floor")

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
        if s.languages:
            rows.append(("Languages", ", ".join(s.languages)))
        if s.rapporteur:
            rows.append(("Rapporteur", s.rapporteur))
        if s.files:
            rows.append(("Files", ", ".join(s.files)))
        stamp = _stamp(s.updated)
        if stamp:
            rows.append(("Last change", stamp))
        return [f"- {key}: {escape_inline(value)}" for key, value in rows]

    # --- the document ------------------------------------------------------------------------

    def render(self) -> str:
        doc = self.doc
        head = {"version": FORMAT_VERSION, "kind": "merged" if self.merged else None, "anonymous": self.anonymous}
        self.block(comment("export", **head))
        if self.merged:
            title = doc.title or "Consolidated report"
            self.block(f"# {escape_heading(title)}")
            updated = max((s.updated for s in doc.sessions if s.updated), default=None)
            self.block(comment("report", id=doc.report_id, updated=updated))
            rows = [f"- Sessions: {len(doc.sessions)}"]
            series = sorted({s.series for s in doc.sessions if s.series})
            if series:
                rows.insert(0, f"- Series: {escape_inline('; '.join(series))}")
            if _stamp(updated):
                rows.append(f"- Last change: {escape_inline(_stamp(updated))}")
            self.block(*rows)
        else:
            s = doc.sessions[0]
            self.block(f"# {escape_heading(s.title)}")
            self.block(comment("session", id=s.id, language=s.language, updated=s.updated))
            self.block(*self.meta_list(s))
        if self.anonymous:
            self.block(f"*{escape_inline(ANONYMOUS_NOTE)}*")
        if self.merged:
            self.block("## Sources")
            for s in doc.sessions:
                self.block(f"### {self.tags[s.id]}. {escape_heading(s.title)}")
                self.block(comment("session", id=s.id, language=s.language, updated=s.updated, files=s.files))
                self.block(*self.meta_list(s))
        self.overview()
        for i, section in enumerate(doc.sections, start=1):
            self.section(i, section)
        self.annex()
        self.block(comment("end"))
        return "\n".join(self.out) + "\n"

    def overview(self) -> None:
        doc = self.doc
        contributions = [c for sec in doc.sections for c in sec.contributions()]
        unique = {c.id: c for c in contributions}
        recs = {r.id: r for sec in doc.sections for r in sec.recommendations}
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
        rec_line = f"- Draft recommendations: {len(recs)}"
        if recs:
            rec_line += " (" + ", ".join(f"{st} {by_status[st]}" for st in STATUSES if by_status[st]) + ")"
        lines.append(rec_line)
        self.block(*lines)
        self.balance(unique.values())

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
            secs = stats.speaking_seconds(c.started, c.saved)
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

    def section(self, number: int, section: Section) -> None:
        where = "unassigned" if section.unassigned else f"Q{number}"
        if section.unassigned:
            self.block("## Not assigned to a guiding question")
            self.block(comment("unassigned"))
        else:
            self.block(f"## Q{number}. {escape_heading(section.text)}")
            lines = []
            for q in section.questions:
                lines.append(
                    comment(
                        "question",
                        id=q.id,
                        session=q.session_id if self.merged else None,
                        position=q.position,
                        # a question matched by its words may be worded a little differently
                        text=one_line(q.text) if self.merged and one_line(q.text) != one_line(section.text) else None,
                    )
                )
            if lines:
                self.block(*lines)
            self.block(f"### Draft recommendations ({where})")
            self.block(comment("recommendations"))
            if section.recommendations:
                self.block(*[line for r in section.recommendations for line in self.recommendation(r)])
            else:
                self.block("*None yet.*")
        for cl in section.clusters:
            self.cluster(cl, where)
        if section.loose:
            self.block(f"### Not in a theme ({where})" if section.clusters else f"### Contributions ({where})")
            self.block(comment("unclustered"))
            if section.loose:
                self.block(*[line for c in section.loose for line in self.contribution(c)])
            else:
                self.block("*None.*")

    def cluster(self, cl: Cluster, where: str) -> None:
        prefix = "Set aside" if cl.parked else "Theme"
        label = escape_heading(self.withhold(cl.label)) if one_line(cl.label) else "(no label)"
        self.new_clusters += cl.seq is None
        ref = f"{self._tag(cl.session_id)}C-" + (f"{cl.seq:03d}" if cl.seq is not None else f"new{self.new_clusters}")
        scope = f" ({where})" if cl.session_scope else ""
        self.block(f"### {prefix} {ref}{scope}: {label}")
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
            self.block(*[line for c in cl.items for line in self.contribution(c)])
        else:
            self.block("*None.*")

    def contribution(self, c: Contribution) -> list[str]:
        named = not self.anonymous
        attrs = dict(
            id=c.id,
            seq=c.seq,
            session=c.session_id if self.merged else None,
            speaker=c.speaker_id if named else None,
            group=None,
            unnamed=None,
            lang=c.lang,
            started=c.started,
            saved=c.saved,
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
            attrs["from"] = c.origin_file
        meta = f"— {self._speaker(c)}, {self.refs.get(c.id, '')}"
        if note:
            meta += f" · {note}"
        body = escape_block(self.withhold(canonical(c.text)), ITEM_INDENT)
        return [f"- {comment('contribution', **attrs)}", f"{ITEM_INDENT}{body} *{escape_inline(meta)}*"]

    def recommendation(self, r: Recommendation) -> list[str]:
        attrs = dict(
            id=r.id,
            seq=r.seq,
            session=r.session_id if self.merged else None,
            cluster=r.cluster_id,
            supports=sorted(r.supports),
            **{"from": None},
        )
        note = self._variant_note("r", r)
        if note:
            attrs["from"] = r.origin_file
        head = [self._rref(r), r.status]
        if r.rank is not None:
            head.append(f"rank {r.rank}")
        if one_line(r.addressed_to):
            head.append(f"to {one_line(r.addressed_to)}")
        refs = [self.refs[cid] for cid in sorted(r.supports, key=lambda x: self.refs.get(x, "")) if cid in self.refs]
        meta = []
        if refs:
            meta.append("supported by " + ", ".join(refs))
        if note:
            meta.append(note)
        body = escape_block(self.withhold(canonical(r.text)), ITEM_INDENT) if canonical(r.text) else ""
        line = f"{ITEM_INDENT}**{escape_inline(' · '.join(head))}** {body}".rstrip()
        if meta:
            line += f" *{escape_inline('— ' + '; '.join(meta))}*"
        return [f"- {comment('recommendation', **attrs)}", line]

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


def render(doc: Doc, *, anonymous: bool | None = None) -> str:
    """The Markdown of ``doc``; ``anonymous`` overrides ``doc.anonymous``."""
    return _Renderer(doc, doc.anonymous if anonymous is None else anonymous).render()


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
