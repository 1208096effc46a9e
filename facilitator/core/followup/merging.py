"""Several staff's monitoring reports into one.

Each activity and each update appears once, by its hidden id: the updates of every file are
put together (two staff who heard from different partners lose nothing, and nothing is there
twice; merging a file with itself, or a merged report with one of its inputs, adds nothing).
Where two files give an activity (or an update) different fields, the later change wins (the
hidden ``changed`` stamp; the first file on a tie), and the version not kept is said under the
activity and in the conflicts. Status and progress seldom conflict: they come from the
timeline, which is merged. An activity number used by two different activities is given
the next free number in the merged report.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from .report import ActivityItem, RecItem, Report, SessionRef, StatusItem, UpdateItem, now_status
from .words import w


@dataclass
class MergeConflict:
    activity: str
    message: str

    def __str__(self) -> str:
        return self.message


def _describe(a: ActivityItem, b: ActivityItem, lang: str) -> str:
    """What ``b`` says that ``a`` does not, briefly."""
    out = []
    if a.title != b.title:
        out.append(f"“{b.title}”")
    if a.lead != b.lead:
        out.append(f"{w('lead', lang).lower()} {b.lead[0] if b.lead else '—'}")
    if a.partners != b.partners:
        out.append(f"{w('partners', lang).lower()} " + ("; ".join(n for n, _k in b.partners) or "—"))
    if a.start != b.start:
        out.append(f"{w('start', lang).lower()} {b.start or '—'}")
    if a.due != b.due:
        out.append(f"{w('due', lang).lower()} {b.due or '—'}")
    if a.area != b.area:
        out.append(f"{w('area', lang).lower()} {b.area or '—'}")
    if a.lens != b.lens:
        out.append(f"{w('lens', lang).lower()} {b.lens or '—'}")
    if (a.base_status, a.base_progress) != (b.base_status, b.base_progress) or a.recommendation_id != b.recommendation_id:
        out.append("…")
    return ", ".join(out) or "…"


def _after(stamp: str | None) -> str | None:
    """A stamp one millisecond after ``stamp`` (an activity edited by hand in a file: its change is
    later than the file's stamp, and the merged report says so)."""
    import datetime as dt

    if not stamp:
        return stamp
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")) + dt.timedelta(milliseconds=1)
    except ValueError:
        return stamp
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _merge_updates(a: ActivityItem, mine: dict[str, UpdateItem], name: str, conflicts: list[MergeConflict]) -> None:
    """The updates of activity ``a`` in the file ``name`` join those read so far (``mine``, by
    id); an update another file has differently is a conflict, and the later change is kept."""
    for u in a.updates:
        known = mine.get(u.id)
        if known is None:
            mine[u.id] = copy.copy(u)
            continue
        if known.signature() == u.signature():
            continue
        conflicts.append(MergeConflict(f"A-{a.seq or 0:03d}", f"{name}: an update of A-{a.seq or 0:03d} "
                                       f"({u.date}) differs from {known.file or 'an earlier file'}; "
                                       "the later change is kept"))
        if (u.changed or "") > (known.changed or ""):
            mine[u.id] = copy.copy(u)


def _merge_activity(a: ActivityItem, activities: dict[str, ActivityItem], name: str, lang: str,
                    conflicts: list[MergeConflict]) -> None:
    """Activity ``a`` of the file ``name`` joins ``activities``: new, the same as kept, or the
    later of two versions (one changed by hand in its file counts as changed after its stamp);
    an earlier version that is not one of the later one's past states is a conflict, said under
    the activity and in ``conflicts``."""
    mine_a = copy.copy(a)
    if a.by_hand:  # changed in its file after it was written: a change later than its stamp
        mine_a.changed = _after(a.changed)
    if a.id not in activities:
        mine_a.conflicts = []
        activities[a.id] = mine_a
        return
    kept = activities[a.id]
    if kept.fields() == a.fields():
        return
    later, earlier = (mine_a, kept) if (mine_a.changed or "") > (kept.changed or "") else (kept, mine_a)
    merged = copy.copy(later)
    merged.conflicts = list(kept.conflicts)
    # the earlier version is one of the states the later one went through (a copy nobody
    # changed since it was made): no conflict. Any other (changed in its own database, or
    # by hand in its file, or a file that does not say) may hold a change the later one does
    # not have: said under the activity and on stderr.
    if earlier.written_key() not in later.lineage():
        note = w("conflict", lang, file=earlier.file or name, what=_describe(later, earlier, lang),
                 when=(earlier.changed or "")[:10] or "?")
        conflicts.append(MergeConflict(f"A-{later.seq or 0:03d}", f"A-{later.seq or 0:03d}: " + note))
        merged.conflicts.append(note)
    activities[a.id] = merged


def _renumber(items: list[ActivityItem]) -> None:
    """One number per activity: two databases may have given the same number to different
    ones; the activity with the lower id keeps it, the others take the numbers after the highest."""
    used: dict[int, str] = {}
    clashes = []
    for a in sorted(items, key=lambda a: a.id):
        if a.seq is None:
            continue
        if a.seq in used and used[a.seq] != a.id:
            clashes.append(a)
        else:
            used[a.seq] = a.id
    top = max(used, default=0)
    for a in sorted(clashes, key=lambda a: a.id):
        top += 1
        a.seq = top


def merge_reports(reports: list[Report], *, as_of: str | None = None, lang: str | None = None
                  ) -> tuple[Report, list[MergeConflict]]:
    first = reports[0]
    lang = lang or first.lang
    conflicts: list[MergeConflict] = []
    sessions: dict[str, SessionRef] = {}
    recs: dict[str, RecItem] = {}
    statuses: dict[str, StatusItem] = {}
    activities: dict[str, ActivityItem] = {}
    order: list[str] = []
    updates: dict[str, dict[str, UpdateItem]] = {}
    files: list[str] = []
    withheld: list[str] = []
    unfollowed: list[str] = []
    for rep in reports:
        name = rep.path.rsplit("/", 1)[-1] if rep.path else "<report>"
        for f in (rep.files or [name]):
            if f not in files:
                files.append(f)
        for session in rep.sessions:
            sessions.setdefault(session.id, session)
        for rid, rec in rep.recommendations.items():
            recs.setdefault(rid, rec)
        for key, status in rep.statuses.items():
            if key not in statuses:
                statuses[key] = copy.copy(status)
            else:
                statuses[key].labels = {**status.labels, **statuses[key].labels}
        withheld += [n for n in rep.withheld_names if n not in withheld]
        unfollowed += [r for r in rep.unfollowed if r not in unfollowed]
        for a in rep.activities:
            _merge_updates(a, updates.setdefault(a.id, {}), name, conflicts)
            if a.id not in activities:
                order.append(a.id)
            _merge_activity(a, activities, name, lang, conflicts)
    items = [activities[i] for i in order]
    _renumber(items)
    for a in items:
        a.updates = sorted(updates[a.id].values(), key=lambda u: (u.date, u.id))
        a.status, a.progress = now_status(a, statuses)
    followed = {a.recommendation_id for a in items}
    merged_report = Report(
        sessions=sorted(sessions.values(), key=lambda s: (s.date, s.title, s.id)),
        activities=items,
        recommendations=recs,
        statuses=statuses,
        as_of=as_of or max(r.as_of for r in reports),
        lang=lang,
        title=first.title,
        anonymous=any(r.anonymous for r in reports),
        updated=max((r.updated for r in reports if r.updated), default=None),
        unfollowed=[r for r in unfollowed if r not in followed],
        withheld_names=withheld,
        files=files,
    )
    return merged_report, conflicts


__all__ = ["MergeConflict", "merge_reports"]
