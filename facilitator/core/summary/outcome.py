"""The outcome document: what a panel (or a series of meetings) sends, from the same data as the
working record (:mod:`.render`), in the report's language.

1. An opening drawn from the agenda: the title, then the series and area, the event, the date
   and time, the venue (a series report: each meeting on a line), and one line of purpose.
2. **Recommendations**, one numbering from the first to the last, each with its addressee and
   its lenses, without status, rank or evidence (those are in the annex and in the working
   record); the agreed ones only, unless asked for more (``statuses``); a set staff
   consolidated is one recommendation, its sources named. A series report groups them by area,
   then by lens, with a table of counts first, and names where each comes from (meeting, room,
   its own reference).
3. **Annex 1: support for each recommendation**: its number, status, rank, the questions it
   answers, its support in numbers and the references of its evidence (and what is missing).
4. **Annex 2: evidence by guiding question**: only questions that have contributions; ideas set
   aside as noise are left out; a theme whose label nobody renamed says it is an automatic label.

The file starts with ``<!-- facilitator:export ... form=outcome -->``: it is for sending, and
import and merge refuse it with a message (they read the working record).
"""

from __future__ import annotations

from ..vocab import ADDRESSEES
from .model import ConsolidatedSet, Recommendation, Section
from .render import ITEM_INDENT, Unit, _Renderer, comment
from .text import canonical, escape_block, escape_heading, escape_inline, one_line
from .words import colon


class OutcomeRenderer(_Renderer):
    form = "outcome"
    restart_numbers = False  # one numbering, from the first recommendation to the last

    def as_set(self, cset: ConsolidatedSet) -> bool:
        return cset.state == "consolidated"  # a proposal is not a decision: its members are listed

    def render(self) -> str:
        self.head_comment()
        self.block(f"# {escape_heading(self.text(self.title()))}")
        self.opening()
        if self.anonymous:
            self.block(f"*{escape_inline(self.w('anonymous_note'))}*")
        self.numbers_given: dict[str, int] = {}
        self.outcome()
        self.support_annex()
        self.evidence_annex()
        self.block(comment("end"))
        return self.out.finish()

    # --- the opening -----------------------------------------------------------------------------

    def opening(self) -> None:
        doc = self.doc
        if len(doc.sessions) == 1:
            s = doc.sessions[0]
            keep = ("series", "area", "event", "date", "time", "start", "end", "venue")
            meta = [(key, value, user) for key, value, user in self.meta_rows(s) if key in keep]
            c = colon(self.lang)
            self.block(*[f"- {self.w(key)}{c}{self.bidi(escape_inline(self.text(value))) if user else self.iso(value)}"
                         for key, value, user in meta])
            if s.purpose:
                self.block(f"*{self.bidi(escape_inline(self.text(s.purpose)))}*")
            return
        series = self.series_names()
        rows = []
        if series:
            rows.append(f"- {self.w('series')}{colon(self.lang)}{self.bidi(escape_inline(self.text('; '.join(series))))}")
        if rows:
            self.block(*rows)
        lines = []
        for m, meeting in enumerate(self.meetings):
            sids = self.in_language(meeting)  # a room held in the report's language heads it
            first = self.sessions[sids[0]]

            def user(value: str | None) -> str:
                return self.bidi(escape_inline(self.text(value)))

            line = user(self.meeting_label(m))
            if first.area and one_line(first.title):
                line += f"{colon(self.lang)}{user(first.title)}"
            where = ", ".join(user(x) for x in (first.event, first.venue) if x)
            when = self.iso(first.date + (f" {first.start}–{first.end}" if first.start and first.end else ""))
            line += " (" + " — ".join(x for x in (where, when) if x) + ")"
            rooms = [user(self.sessions[s].room) for s in sids if self.sessions[s].room]
            if rooms:
                line += f"{self.semi}{escape_inline(self.w('rooms'))}{colon(self.lang)}{self.sep.join(rooms)}"
            lines.append(f"- {line}")
        self.block(f"{escape_inline(self.w('meetings'))}{colon(self.lang).rstrip()}")
        self.block(*lines)
        purposes = list(dict.fromkeys(s.purpose for s in doc.sessions))
        if len(purposes) == 1 and purposes[0]:  # a purpose all the meetings share
            self.block(f"*{self.bidi(escape_inline(self.text(purposes[0])))}*")

    # --- the recommendations -----------------------------------------------------------------------

    def numbered(self, units: list[Unit], start: int) -> tuple[list[str], int]:
        lines: list[str] = []
        n = start
        for unit in units:
            n += 1
            self.numbered_units.append((n, unit))
            lines += self.item(unit, n)
        return lines, n

    def outcome(self) -> None:
        self.numbered_units: list[tuple[int, Unit]] = []
        super().outcome()

    def decisions(self) -> None:
        return None  # the working record keeps them

    def item(self, unit: Unit, number: int) -> list[str]:
        marker = f"{number}. "
        indent = " " * len(marker)
        if unit.cset is not None:
            text = unit.cset.text or self.suggested([g[0] for g in unit.members]).text
        else:
            text = unit.first.text
        tail = []
        to = self.text(self.unit_addressee(unit))
        if to:
            key = ADDRESSEES.key(to)
            tail.append(self.w("to", who=self.bidi(ADDRESSEES.label(key, self.lang) if key else to)))
        lenses = self.unit_lenses(unit)
        if lenses:
            tail.append(self.w("lens", lenses=self.lens_names(lenses)))
        if len(self.doc.sessions) > 1:
            recs = unit.recommendations()
            where = self.sep.join(self.provenance(r) for r in recs)
            tail.append(self.w("sources_of_set", refs=where) if unit.cset is not None else where)
        body = self.bidi(escape_block(self.withhold(canonical(text)), indent))
        line = f"{marker}{body}"
        if tail:
            line += f" *{escape_inline('— ' + self.semi.join(tail))}*"
        return [line]

    # --- annex 1: support ----------------------------------------------------------------------------

    def support_annex(self) -> None:
        if not self.numbered_units:
            return
        self.block(f"## {escape_heading(self.w('annex_support'))}")
        lines = []
        for n, unit in self.numbered_units:
            for r in unit.recommendations():
                head = [self.w(r.status)]
                if r.rank is not None:
                    head.append(self.w("rank", n=r.rank))
                if len(self.doc.sessions) > 1:
                    head.append(self.provenance(r))
                meta = self.support_meta(r, self.rec_section.get(id(r)))
                what = " · ".join(head) + self.semi + self.semi.join(meta)
                lines.append(f"- **{n}** {escape_inline(what)}")
        self.block(*lines)

    def support_meta(self, r: Recommendation, sec: Section | None) -> list[str]:
        meta = super().support_meta(r, sec)
        prov = self.provenance(r) if self.merged and self.many_meetings else None
        if not r.supports:  # written by hand, or in the review without ideas: the annex says so
            meta.append(self.w("no_support"))
        return [m for m in meta if m != prov]

    # --- annex 2: evidence ----------------------------------------------------------------------------

    def evidence_annex(self) -> None:
        parts = [(m, [sec for sec in sections if self.has_evidence(sec)]) for m, sections in self.sections_by_meeting()]
        parts = [(m, shown) for m, shown in parts if shown]
        if not parts:
            return
        self.block(f"## {escape_heading(self.w('annex_evidence'))}")
        for m, shown in parts:
            depth = 3
            if m is not None:  # a series: each meeting under its own heading
                self.block(f"### {escape_heading(self.meeting_label(m))}")
                depth = 4
            for sec in shown:
                self.evidence_section(sec, depth)

    def has_evidence(self, sec: Section) -> bool:
        return any(not cl.parked and cl.items for cl in sec.clusters) or bool(sec.loose)

    def evidence_section(self, section: Section, depth: int = 3) -> None:
        number = self.numbers.get(id(section))
        self.block(f"{'#' * depth} {self.iso(f'Q{number}')}. {self.bidi(escape_heading(self.text(section.text)))}")
        themes = [cl for cl in section.clusters if not cl.parked and cl.items]
        for k, cl in enumerate(themes, start=1):
            automatic = cl.origin == "suggested" and not cl.curated
            label = self.text(cl.label) or self.w("no_label")
            if automatic:
                label = f"{label} ({self.w('automatic_label')})"
            self.block(f"{'#' * (depth + 1)} {self.w('theme')} {k}: {escape_heading(label)}")
            self.block_of(self.evidence_line(c) for c in cl.items)
        if section.loose:
            heading = self.w("not_in_theme") if themes else self.w("contributions_heading")
            self.block(f"{'#' * (depth + 1)} {escape_heading(heading)}")
            self.block_of(self.evidence_line(c) for c in section.loose)

    def evidence_line(self, c) -> str:
        meta = f"— {self._speaker(c)}{self.sep}{self.iso(self.ref_of(c.id))}"
        body = self.bidi(escape_block(self.withhold(canonical(c.text)), ITEM_INDENT))
        return f"- {body} *{escape_inline(meta)}*"


__all__ = ["OutcomeRenderer"]
