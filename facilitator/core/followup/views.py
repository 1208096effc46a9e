"""What the follow-up screen shows, as data: activities grouped by area, lens, lead or status,
overdue and stalled first, each with a short note on its dates. No UI here: the screen only
draws these, and the tests read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Activity

GROUPINGS = ("status", "area", "lens", "lead")
NOT_GIVEN = {"area": "area not given", "lens": "no lens given", "lead": "no lead yet", "status": ""}


@dataclass
class Group:
    key: str | None
    label: str
    activities: list[Activity]
    overdue: int
    attention: int


def order(a: Activity, today: dt.date) -> tuple:
    """Overdue first (the longest overdue first), then stalled, then the rest by due date,
    closed last."""
    return (a.attention(today), -a.overdue_days(today), a.due or "9999-99-99", a.seq)


def group_key(a: Activity, by: str) -> str | None:
    return {"status": a.status, "area": a.area, "lens": a.lens, "lead": a.lead}[by]


def grouped(activities: list[Activity], by: str, today: dt.date) -> list[Group]:
    """The activities in groups, each group in :func:`order`; the groups with what is overdue or
    stalled first, then by name (the group of what is not given last)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    groups: dict[str | None, list[Activity]] = {}
    for a in activities:
        key = group_key(a, by)
        groups.setdefault(key.casefold() if isinstance(key, str) and by != "status" else key, []).append(a)
    out = []
    for key, members in groups.items():
        members.sort(key=lambda a: order(a, today))
        label = term_label(by, group_key(members[0], by)) or NOT_GIVEN[by]
        out.append(Group(key, label, members, sum(1 for a in members if a.overdue_days(today)),
                         sum(1 for a in members if a.attention(today) <= 1)))
    out.sort(key=lambda g: (g.key is None, min(order(a, today) for a in g.activities)[:1], g.label.casefold()))
    return out


def term_label(by: str, value: str | None, lang: str = "en") -> str | None:
    """An area or a lens by its name (``security`` -> ``Security``); anything else as it is."""
    from ..vocab import AREAS, LENSES

    if value and by == "area":
        return AREAS.label(value, lang)
    if value and by == "lens":
        return LENSES.label(value, lang)
    return value


def due_note(a: Activity, today: dt.date) -> str:
    """``91 d late``, ``in 12 d`` (within a year), ``2026-12-31``, ``done``; empty without a due date."""
    if a.status_kind == "closed":
        return a.status
    if not a.due:
        return ""
    late = a.overdue_days(today)
    if late:
        return f"{late} d late"
    days = (dt.date.fromisoformat(a.due) - today).days
    return f"in {days} d" if days <= 365 else a.due


def quiet_days(a: Activity, today: dt.date) -> int:
    """Days since the last news of an open activity (its last update, else its start)."""
    last = a.last_update or a.start
    if a.status_kind != "open" or not last:
        return 0
    return max(0, (today - dt.date.fromisoformat(last)).days)


def counts(activities: list[Activity], today: dt.date) -> dict[str, int]:
    return {
        "activities": len(activities),
        "overdue": sum(1 for a in activities if a.overdue_days(today)),
        "attention": sum(1 for a in activities if a.status_kind == "attention"),
        "closed": sum(1 for a in activities if a.status_kind == "closed"),
    }


__all__ = ["GROUPINGS", "Group", "counts", "due_note", "group_key", "grouped", "order", "quiet_days", "term_label"]
