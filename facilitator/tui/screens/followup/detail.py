"""The pane under the list: the activity the cursor is on, in one of two views.

- **Timeline**: what is to be done, the lead and partners, the dates, area and lens, then the
  updates, newest first (who said what, when, with its source).
- **Recommendation and evidence** (``r``): the recommendation it carries out, its session, and the
  contributions it rests on (reference, speaker, stakeholder group, what they said).

Everything people typed is ``Text``, through the one display path (:mod:`facilitator.tui.plain`):
a paragraph (a title, an update, a recommendation, a contribution) is wrapped first, then shown
right to left and flush right if it is Arabic; a field (a name, a status, a group) reads right to
left in its place. The screen draws the pane again when the Arabic display changes.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator.core.followup.model import Activity, Update
from facilitator.core.followup.views import due_note, quiet_days, term_label
from facilitator.tui.bidi import display_lines
from facilitator.tui.plain import shown

from .listing import KIND_STYLE, LATE_STYLE


def _para(out: Text, text: str, width: int, style: str = "", indent: int = 0) -> None:
    for line in display_lines(text, max(10, width - indent), align=True):
        out.append(" " * indent + line + "\n", style=style)


def timeline_text(a: Activity, updates: list[Update], today: dt.date, width: int) -> Text:
    out = Text()
    _para(out, a.title, width, "bold")
    facts = Text()
    facts.append(shown(a.status), style=KIND_STYLE.get(a.status_kind, "") or "bold")
    if a.progress is not None:
        facts.append(f" · {a.progress} %")
    note = due_note(a, today)
    if a.due:
        facts.append(f" · due {a.due}")
        if note and note != a.status:
            facts.append(f" ({note})", style=LATE_STYLE if a.overdue_days(today) else "dim")
    if a.start:
        facts.append(f" · from {a.start}", style="dim")
    quiet = quiet_days(a, today)
    if quiet >= 90:
        facts.append(f" · no news for {quiet} days", style=LATE_STYLE)
    out.append_text(facts)
    out.append("\n")
    who = []
    if a.lead:
        who.append(f"lead: {a.lead} ({a.lead_kind})")
    if a.partners:
        who.append("partners: " + "; ".join(n for n, _k in a.partners))
    where = [x for x in (f"area: {term_label('area', a.area)}" if a.area else "",
                         f"lens: {term_label('lens', a.lens)}" if a.lens else "",
                         (f"carries out a consolidated recommendation (with {a.rec_ref})" if a.set_id else
                          f"carries out {a.rec_ref}") if a.rec_ref else "") if x]
    for line in (" · ".join(who), " · ".join(where)):
        if line:
            _para(out, line, width, "dim")
    if not updates:
        out.append("No updates yet: u adds one.\n", style="italic dim")
        return out
    out.append(f"Timeline, newest first ({len(updates)})\n", style="bold underline")
    for u in reversed(updates):
        head = Text()
        head.append(u.date, style="bold")
        if u.author:
            head.append("  " + shown(u.author))
        if u.status:
            head.append(f" · {shown(u.status)}", style="bold")
        if u.progress is not None:
            head.append(f" · {u.progress} %")
        out.append_text(head)
        out.append("\n")
        if u.text:
            for paragraph in u.text.split("\n"):
                _para(out, paragraph, width, indent=2)
        if u.source:
            _para(out, f"source: {u.source}", width, "dim italic", indent=2)
    return out


def evidence_text(a: Activity, rec: dict | None, evidence: list[dict], width: int,
                  members: list[dict] | None = None) -> Text:
    out = Text()
    if a.set_id:  # a consolidated recommendation of a series report, and the recommendations it joins
        out.append("Consolidated recommendation (series report)\n", style="bold")
        _para(out, a.set_text or "", width)
        out.append(f"It joins {len(a.set_members)} recommendations:\n", style="dim")
        for m in members or []:
            _para(out, f"R-{m['seq']:03d} · {m['session_title']} ({m['session_date']}): {' '.join(m['text'].split())}",
                  width, "dim", indent=2)
        missing = len(a.set_members) - len(members or [])
        if missing:
            out.append(f"  and {missing} not in this database\n", style="dim")
        out.append("\n")
    if rec is None:
        out.append(f"{a.ref} carries out no recommendation (its recommendation was deleted).\n", style="italic")
        return out
    out.append(f"{a.rec_ref} · {rec['status']}", style="bold")
    out.append(f" · {shown(rec['session_title'])} ({rec['session_date']})\n", style="dim")
    _para(out, rec["text"], width)
    if rec.get("addressed_to"):
        _para(out, f"to {rec['addressed_to']}", width, "dim")
    speakers = {e["participant_id"] for e in evidence if e["participant_id"]}
    groups = {e["group"] for e in evidence if e["group"]}
    out.append(f"Evidence: {len(evidence)} contributions, {len(speakers)} speakers, {len(groups)} stakeholder groups\n",
               style="bold underline")
    if not evidence:
        out.append("No contribution supports it.\n", style="italic dim")
    for e in evidence:
        head = Text()
        head.append(e["ref"], style="bold")
        head.append("  " + (shown(e["speaker"]) if e["speaker"] else "the floor"))
        if e["group"]:
            head.append(f" ({shown(e['group'])})", style="dim")
        out.append_text(head)
        out.append("\n")
        for paragraph in e["text"].split("\n"):
            _para(out, paragraph, width, indent=2)
    return out


class ActivityDetail(VerticalScroll):
    """The highlighted activity: its timeline, or its recommendation and evidence."""

    DEFAULT_CSS = """
    ActivityDetail { height: 1fr; padding: 0 1; }
    """

    def compose(self):
        yield Static("", id="followup-detail-text")

    def room(self) -> int:
        """The cells a line may take: the pane's width less its padding and a scroll bar (lines
        are wrapped here, before Arabic is reordered, never by the widget)."""
        return max(20, (self.size.width or 80) - 2 - 2)

    def show(self, text: Text, title: str) -> None:
        self.border_title = Text(title)
        self.query_one("#followup-detail-text", Static).update(text)
        self.scroll_home(animate=False)
