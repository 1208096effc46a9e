"""A :class:`~.report.Report` as Markdown: the monitoring report.

Size: ~480 lines: the renderer of every section of the monitoring report (``_Renderer``, a method
per section); the sections share one writer, the names withheld and the report's date, as the
summary's sections do in :mod:`facilitator.core.summary.render`, and :mod:`.parse` reads back what
it writes.

What it says, in this order: the report's details (as of when, which sessions, how many
activities); *At a glance* (overdue, by status, average progress, per area and lens); *Needs
attention* (overdue first, then stalled, then open activities with no news for
:data:`QUIET_DAYS` days); then per area and lens, each recommendation followed up (its text, its
session, the references of the contributions it rests on) and its activities: status,
progress, lead, partners, dates, and the timeline of updates (who said what, when, the
source); the agreed recommendations nobody follows up yet; the statuses used.

Deterministic: the output depends on the ``Report`` only (its ``as_of`` date is the day
overdue is counted to; no clock is read). Every piece of user text goes through
:mod:`facilitator.core.summary.text`; the hidden structure is HTML comments on lines of their
own, as in the summaries, so the file can be read back (:mod:`.parse`), merged and imported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..summary.render import comment
from ..summary.text import canonical, escape_block, escape_heading, escape_inline, one_line
from ..summary.words import embed, isolate, list_sep
from .report import (
    ActivityItem,
    RecItem,
    Report,
    UpdateItem,
    effective_area,
    effective_lens,
    field_signature,
    rec_of,
)
from .words import count, percent, w


def area_label(area: str | None, lang: str) -> str:
    """An area in the report's language (a known one: Security, Sécurité, الأمن; others as typed)."""
    from ..vocab import AREAS

    return AREAS.label(area, lang) if area else ""


def lens_label(lens: str | None, lang: str) -> str:
    from ..vocab import LENSES

    return LENSES.label(lens, lang) if lens else ""

QUIET_DAYS = 90  # an open activity with no news for this long needs attention
SHORT = 90  # characters of a recommendation in its heading
INDENT = "  "
LENS_ORDER = ("human", "state", "regional")
AREA_ORDER = ("environment", "community", "security", "education", "development")


def _short(text: str, limit: int = SHORT) -> str:
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.") + "…"


def _stamp(updated: str | None) -> str | None:
    if not updated:
        return None
    return f"{updated[:10]} {updated[11:16]} UTC" if len(updated) >= 16 else updated


def area_key(area: str | None) -> tuple:
    """The five areas of the Call of the Sahel in their order, then others by name, then none."""
    from ..vocab import AREAS

    if area is None:
        return (2, "")
    key = AREAS.key(area)
    return (0, AREA_ORDER.index(key), "") if key in AREA_ORDER else (1, area.casefold())


def lens_key(lens: str | None) -> tuple:
    from ..vocab import LENSES

    if lens is None:
        return (2, "")
    key = LENSES.key(lens)
    return (0, LENS_ORDER.index(key), "") if key in LENS_ORDER else (1, lens.casefold())


class _Renderer:
    def __init__(self, report: Report, anonymous: bool) -> None:
        self.r = report
        self.lang = report.lang
        self.anonymous = anonymous
        self.today = report.today
        self.out: list[str] = []
        self.withhold = lambda text: text
        if anonymous:
            from ..summary.withhold import Withholder, withheld_mark

            withholder, mark = Withholder(withheld_names(report)), withheld_mark(self.lang)
            self.withhold = lambda text: withholder(text, mark)

    # --- pieces -------------------------------------------------------------------------------

    def block(self, *lines: str) -> None:
        if self.out:
            self.out.append("")
        self.out.extend(lines)

    def text(self, value: str | None) -> str:
        return self.withhold(one_line(value))

    # in an Arabic report, dates and references are isolated left to right and user text in its
    # own direction (as in the summaries: words.isolate, words.embed), after escaping; lists take
    # the Arabic comma and semicolon
    def iso(self, value: str) -> str:
        return isolate(value, self.lang)

    def bidi(self, escaped: str) -> str:
        return embed(escaped, self.lang) if self.lang == "ar" else escaped

    @property
    def sep(self) -> str:
        return list_sep(self.lang)

    @property
    def semi(self) -> str:
        return "؛ " if self.lang == "ar" else "; "

    def status_label(self, key: str) -> str:
        s = self.r.statuses.get(key)
        return s.label(self.lang) if s else key

    def actor(self, name: str, kind: str) -> str:
        shown = _withheld(self.lang) if self.anonymous and kind == "person" else self.text(name)
        return f"{shown} ({w(kind, self.lang)})"

    def author(self, u: UpdateItem) -> str | None:
        if not u.author:
            return None
        if self.anonymous and (u.author_kind or "person") == "person":
            return _withheld(self.lang)
        return self.text(u.author)

    def rec(self, a: ActivityItem) -> RecItem | None:
        return rec_of(self.r, a)

    def overdue(self, a: ActivityItem) -> int:
        if not a.due or self.kind(a.status) == "closed":
            return 0
        return max(0, (self.today - dt.date.fromisoformat(a.due)).days)

    def kind(self, status: str) -> str:
        s = self.r.statuses.get(status)
        return s.kind if s else "open"

    def quiet(self, a: ActivityItem) -> int:
        """Days without news of an open activity (since its last update, or its start)."""
        if self.kind(a.status) != "open":
            return 0
        last = max([u.date for u in a.updates] + ([a.start] if a.start else []), default=None)
        if last is None:
            return 0
        days = (self.today - dt.date.fromisoformat(last)).days
        return days if days >= QUIET_DAYS else 0

    def head(self, a: ActivityItem) -> str:
        """``A-003 · stalled · 30 %``, escaped (its reference isolated in an Arabic report)."""
        parts = [escape_inline(self.status_label(a.status))]
        if a.progress is not None:
            parts.append(escape_inline(percent(a.progress)))
        return " · ".join([self.iso(f"A-{a.seq:03d}" if a.seq is not None else "A-new"), *parts])

    def average(self, items: list[ActivityItem]) -> int | None:
        figures = [a.progress for a in items if a.progress is not None and a.status != "dropped"]
        return round(sum(figures) / len(figures)) if figures else None

    # --- the document -------------------------------------------------------------------------

    def render(self) -> str:
        r = self.r
        self.block(comment("monitoring", version=1, kind="merged" if r.files else None, anonymous=self.anonymous))
        self.block(f"# {escape_heading(self.text(r.title or w('title', self.lang)))}")
        self.block(comment("report", id=r.report_id, asof=r.as_of, lang=self.lang, updated=r.updated, files=r.files))
        rows = [f"- {w('as_of', self.lang)}: {self.iso(r.as_of)}"]
        if r.sessions:
            rows.append(f"- {w('sessions', self.lang)}: {len(r.sessions)}")
        rows.append(f"- {w('activities_line', self.lang)}: {len(r.activities)}")
        if r.files:
            rows.append(f"- {escape_inline(w('merged_note', self.lang, files=', '.join(r.files)))}")
        stamp = _stamp(r.updated)
        if stamp:
            rows.append(f"- {w('last_change', self.lang)}: {stamp}")
        self.block(*rows)
        if self.anonymous:
            self.block(f"*{escape_inline(w('anonymous_note', self.lang))}*")
        self.glance()
        self.attention()
        self.areas()
        self.unfollowed()
        self.sessions()
        self.legend()
        self.block(comment("end"))
        return "\n".join(self.out) + "\n"

    def glance(self) -> None:
        r, lang = self.r, self.lang
        self.block(f"## {w('glance', lang)}")
        self.block(comment("glance"))
        items = r.activities
        if not items:
            self.block(f"*{escape_inline(w('no_activities', lang))}*")
            return
        overdue = sorted((a for a in items if self.overdue(a)), key=lambda a: a.seq or 0)
        rows = [f"- {w('overdue_count', lang)}: {len(overdue)}"
                + (f" ({self.sep.join(self.iso(f'A-{a.seq:03d}') for a in overdue if a.seq is not None)})"
                   if overdue else "")]
        by_status = Counter(a.status for a in items)
        order = sorted(by_status, key=lambda k: (r.statuses[k].position if k in r.statuses else 99, k))
        rows.append(f"- {w('by_status', lang)}: "
                    + escape_inline(" · ".join(f"{self.status_label(k)} {by_status[k]}" for k in order)))
        avg = self.average(items)
        if avg is not None:
            rows.append(f"- {w('average_progress', lang)}: {percent(avg)}")
        groups: dict[tuple, list[ActivityItem]] = {}
        for a in items:
            rec = self.rec(a)
            groups.setdefault((effective_area(a, rec), effective_lens(a, rec)), []).append(a)
        for (area, lens), members in sorted(groups.items(), key=lambda kv: (area_key(kv[0][0]), lens_key(kv[0][1]))):
            name = " · ".join([self.text(area_label(area, lang)) if area else w("no_area", lang),
                               self.text(lens_label(lens, lang)) if lens else w("no_lens", lang)])
            avg = self.average(members)
            what = count(len(members), "activity", lang)
            line = w("activities_avg", lang, what=what, progress=percent(avg)) if avg is not None else what
            rows.append(f"- {escape_inline(name)}: {escape_inline(line)}")
        self.block(*rows)

    def attention(self) -> None:
        lang = self.lang
        self.block(f"## {w('attention', lang)}")
        self.block(comment("attention"))
        overdue = sorted((a for a in self.r.activities if self.overdue(a)),
                         key=lambda a: (-self.overdue(a), a.seq or 0))
        stalled = sorted((a for a in self.r.activities if not self.overdue(a) and self.kind(a.status) == "attention"),
                         key=lambda a: a.seq or 0)
        quiet = sorted((a for a in self.r.activities if not self.overdue(a) and self.quiet(a)),
                       key=lambda a: (-self.quiet(a), a.seq or 0))
        if not (overdue or stalled or quiet):
            self.block(f"*{escape_inline(w('no_attention', lang))}*")
            return
        lines = []
        for a in overdue + stalled + quiet:
            notes = []  # escaped, each
            if a.lead:
                notes.append(self.bidi(escape_inline(self.actor(*a.lead))))
            if self.overdue(a):
                notes.append(f"{escape_inline(w('due', lang).lower())} {self.iso(a.due or '')}{self.sep}"
                             f"{escape_inline(w('overdue_by', lang, days=count(self.overdue(a), 'day', lang)))}")
            elif self.quiet(a):
                notes.append(escape_inline(w("quiet_for", lang, days=count(self.quiet(a), "day", lang))))
            tail = f" — {self.semi.join(notes)}" if notes else ""
            lines.append(f"- **{self.head(a)}** {self.bidi(escape_inline(self.text(a.title)))}{tail}")
        self.block(*lines)

    def areas(self) -> None:
        r, lang = self.r, self.lang
        tree: dict[str | None, dict[str | None, dict[str | None, list[ActivityItem]]]] = {}
        for a in r.activities:
            rec = self.rec(a)
            tree.setdefault(effective_area(a, rec), {}).setdefault(effective_lens(a, rec), {}) \
                .setdefault(a.rec_key() if rec else None, []).append(a)
        groups = Counter(rid for lenses in tree.values() for recs in lenses.values() for rid in recs)
        for area in sorted(tree, key=area_key):
            area_name = self.text(area_label(area, lang)) if area else w("no_area", lang)
            self.block(f"## {escape_heading(area_name)}")
            self.block(comment("area"))
            for lens in sorted(tree[area], key=lens_key):
                lens_name = w("lens_heading", lang, lens=self.text(lens_label(lens, lang))) if lens else w("no_lens", lang)
                self.block(f"### {escape_heading(f'{area_name} · {lens_name}')}")
                self.block(comment("lens"))
                recs = tree[area][lens]
                for rid in sorted(recs, key=self.rec_order):
                    where = f"{area_name} · {lens_name}" if groups[rid] > 1 else None
                    self.recommendation(r.recommendations.get(rid) if rid else None, recs[rid], where)

    def rec_order(self, rid: str | None) -> tuple:
        if rid is None:
            return (1, "", "", 0, "")
        rec = self.r.recommendations[rid]
        session = next((s for s in self.r.sessions if s.id == rec.session_id), None)
        return (0, session.date if session else "", rec.session_id, rec.is_set, rec.seq or 0, rid)

    def recommendation(self, rec: RecItem | None, activities: list[ActivityItem], where: str | None = None) -> None:
        lang = self.lang
        if rec is None:
            self.block(f"#### {escape_heading(w('no_recommendation', lang) + (f' · {where}' if where else ''))}")
            self.block(comment("recommendation", none=True))
        elif rec.is_set:
            ref = w("consolidated_ref", lang) + (f" · {escape_inline(where)}" if where else "")
            self.block(f"#### {ref}: {escape_heading(self.withhold(_short(rec.text)))}")
            self.block(comment("consolidated", id=rec.id, rec=rec.primary, seq=rec.seq, members=rec.set_members,
                               session=rec.session_id, evidence=rec.evidence, speakers=rec.speakers or None,
                               groups=rec.groups or None, area=rec.area, lenses=rec.lenses))
            self.block(escape_block(self.withhold(canonical(rec.text))))
            self.block(f"*{self.rec_meta(rec, activities)}*")
        else:
            ref = self.iso(f"R-{rec.seq:03d}" if rec.seq is not None else "R-new")
            ref += f" · {escape_inline(where)}" if where else ""
            self.block(f"#### {ref}: {escape_heading(self.withhold(_short(rec.text)))}")
            self.block(self.rec_comment(rec))
            self.block(escape_block(self.withhold(canonical(rec.text))))
            self.block(f"*{self.rec_meta(rec, activities)}*")
        for a in sorted(activities, key=lambda a: (a.seq is None, a.seq or 0, a.id)):
            self.activity(a)

    def rec_meta(self, rec: RecItem, activities: list[ActivityItem]) -> str:
        """The line under a recommendation, escaped (dates and references isolated in Arabic)."""
        lang = self.lang
        parts = [escape_inline(w(rec.status, lang) if rec.status in ("draft", "reviewed", "agreed", "dropped")
                               else rec.status)]
        if rec.is_set:  # its seq is the member's it is shown with
            parts = [escape_inline(w("consolidated_from", lang, what=count(len(rec.set_members), "recommendation",
                                                                             lang)))]
            if rec.seq is not None:
                parts.append(escape_inline(w("shown_with", lang, ref="RREF")).replace("RREF", self.iso(f"R-{rec.seq:03d}")))
        session = next((s for s in self.r.sessions if s.id == rec.session_id), None)
        if session:
            parts.append(f"{self.bidi(escape_inline(self.text(session.title)))} ({self.iso(session.date)})")
        if rec.evidence:
            parts.append(escape_inline(w("rests_on", lang, what=count(len(rec.evidence), "contribution", lang)))
                         + ": " + self.sep.join(self.iso(escape_inline(e)) for e in rec.evidence))
        all_of_rec = [a for a in self.r.activities if a.rec_key() == rec.id]
        avg = self.average(all_of_rec)
        what = count(len(all_of_rec), "activity", lang)
        parts.append(escape_inline(w("activities_avg", lang, what=what, progress=percent(avg)) if avg is not None
                                   else what))
        return "— " + " · ".join(parts) + "."

    def activity(self, a: ActivityItem) -> None:
        lang = self.lang
        title = escape_heading(self.text(a.title))
        fields = self.field_lines(a)
        self.block(f"##### {self.head(a)}: {self.bidi(title)}")
        self.block(comment(
            "activity", id=a.id, seq=a.seq, rec=a.recommendation_id, set=a.set_id, base=a.base_status,
            progress=a.base_progress, lang=a.lang, changed=a.changed, was=a.lineage(),
            sig=field_signature([title, *fields]),
        ))
        if fields:
            self.block(*fields)
        for note in a.conflicts:
            self.block(f"*{escape_inline(note)}*")
        self.block(w("timeline", lang))
        if not a.updates:
            self.block(f"*{escape_inline(w('no_updates', lang))}*")
            return
        lines = []
        for u in sorted(a.updates, key=lambda u: (u.date, u.id)):
            lines.extend(self.update(u))
        self.block(*lines)

    def field_lines(self, a: ActivityItem) -> list[str]:
        """An activity's lines ``- Lead: …`` to ``- Lens: …``."""
        lang = self.lang
        fields = []
        if a.lead:
            fields.append(f"- {w('lead', lang)}: {self.bidi(escape_inline(self.actor(*a.lead)))}")
        if a.partners:
            fields.append(f"- {w('partners', lang)}: "
                          + self.semi.join(self.bidi(escape_inline(self.actor(n, k))) for n, k in a.partners))
        if a.start:
            fields.append(f"- {w('start', lang)}: {self.iso(a.start)}")
        if a.due:
            note = ""
            if self.overdue(a):
                note = f"({w('overdue_by', lang, days=count(self.overdue(a), 'day', lang))})"
            elif self.kind(a.status) != "closed" and a.due >= self.r.as_of:
                days = (dt.date.fromisoformat(a.due) - self.today).days
                note = f"({w('due_in', lang, days=count(days, 'day', lang))})"
            fields.append(f"- {w('due', lang)}: {self.iso(a.due)}" + (f" {escape_inline(note)}" if note else ""))
        if a.area:
            fields.append(f"- {w('area', lang)}: {escape_inline(self.text(area_label(a.area, lang)))}")
        if a.lens:
            fields.append(f"- {w('lens', lang)}: {escape_inline(self.text(lens_label(a.lens, lang)))}")
        return fields

    def update(self, u: UpdateItem) -> list[str]:
        parts = [u.date]
        author = self.author(u)
        if author:
            parts.append(author)
        if u.status:
            parts.append(self.status_label(u.status))
        if u.progress is not None:
            parts.append(percent(u.progress))
        line = f"**{' · '.join([self.iso(parts[0]), *(escape_inline(p) for p in parts[1:])])}**"
        if u.text:
            line += " " + escape_block(self.withhold(canonical(u.text)), INDENT)
        if u.source:
            line += f" *{escape_inline('— ' + w('source', self.lang, source=self.text(u.source)))}*"
        attrs = dict(id=u.id, by=u.author_kind if u.author else None, lang=u.lang, changed=u.changed)
        return [f"- {comment('update', **attrs)}", f"{INDENT}{line}"]

    def unfollowed(self) -> None:
        if not self.r.unfollowed:
            return
        lang = self.lang
        self.block(f"## {w('not_followed', lang)}")
        self.block(comment("unfollowed"))
        lines = []
        for rid in sorted(self.r.unfollowed, key=self.rec_order):
            rec = self.r.recommendations[rid]
            session = next((s for s in self.r.sessions if s.id == rec.session_id), None)
            ref = self.iso(f"R-{rec.seq:03d}" if rec.seq is not None else "R-new")
            where = (f" ({self.bidi(escape_inline(self.text(session.title)))}{self.sep}{self.iso(session.date)})"
                     if session else "")
            body = escape_block(self.withhold(canonical(rec.text)), INDENT)
            lines += [f"- {self.rec_comment(rec)}", f"{INDENT}**{ref}**{where}: {body}"]
        self.block(*lines)

    def rec_comment(self, rec: RecItem) -> str:
        return comment("recommendation", id=rec.id, session=rec.session_id, seq=rec.seq, status=rec.status,
                       evidence=rec.evidence, speakers=rec.speakers or None, groups=rec.groups or None,
                       area=rec.area, lenses=rec.lenses)

    def sessions(self) -> None:
        if not self.r.sessions:
            return
        self.block(f"## {w('sessions', self.lang)}")
        self.block(comment("sessions"))
        lines = []
        for s in self.r.sessions:
            lines += [f"- {comment('session', id=s.id, lang=s.language)}",
                      f"{INDENT}**{self.iso(s.date)}** {self.bidi(escape_inline(self.text(s.title)))}"]
        self.block(*lines)

    def legend(self) -> None:
        lang = self.lang
        self.block(f"## {w('statuses', lang)}")
        self.block(comment("statuses"))
        lines = []
        for s in sorted(self.r.statuses.values(), key=lambda s: (s.position, s.key)):
            labels = " · ".join(s.labels.get(code) or s.labels.get("en") or s.key for code in ("en", "fr", "ar"))
            what = w(f"kind_{s.kind}", lang)
            if s.progress is not None:
                what += ", " + w("implies", lang, progress=percent(s.progress))
            lines += [f"- {comment('status', key=s.key, kind=s.kind, progress=s.progress)}",
                      f"{INDENT}**{escape_inline(labels)}** — {escape_inline(what)}"]
        self.block(*lines)


def _withheld(lang: str) -> str:
    from ..summary.withhold import withheld_mark

    return withheld_mark(lang)


def withheld_names(report: Report) -> list[str]:
    """Whom an anonymous report names nowhere: the roster, and the people among leads, partners
    and the authors of updates."""
    names = list(report.withheld_names)
    for a in report.activities:
        if a.lead and a.lead[1] == "person":
            names.append(a.lead[0])
        names += [n for n, k in a.partners if k == "person"]
        names += [u.author for u in a.updates if u.author and (u.author_kind or "person") == "person"]
    return list(dict.fromkeys(n for n in names if n))


def render(report: Report, *, anonymous: bool | None = None) -> str:
    """The Markdown of ``report`` (``anonymous`` overrides ``report.anonymous``)."""
    return _Renderer(report, report.anonymous if anonymous is None else anonymous).render()


__all__ = ["QUIET_DAYS", "area_key", "lens_key", "render", "withheld_names"]
