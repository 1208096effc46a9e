"""A monitoring report into the database: ``facilitator import REPORT.md``.

One transaction: all of the file or nothing. Activities and updates are matched by their
hidden ids; one already there with the same fields is left alone, so importing the same file
twice changes nothing the second time. What the file says wins for what people edit in it (an
activity's title, lead, partners, dates, area and lens; an update's text, date, who, source,
status, progress), and the earlier state is kept, unless the database changed the item after
the file was written (its hidden ``changed`` stamp): then the database's is kept and a warning
says so. A status or progress changed by hand in an activity's heading arrives as an update
(see :mod:`.parse`). Nothing is deleted by an import, and a deleted activity stays deleted.

An activity needs its recommendation in the database: a report whose recommendations are
missing is refused (import the session's summary first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..summary.withhold import has_withheld, is_withheld_version
from .model import ActivityIn, UpdateIn
from .parse import ReportError
from .report import ActivityItem, Report, UpdateItem
from .store import FollowUp, FollowUpError, canonical_terms, checked


@dataclass
class ReportImportResult:
    path: str
    activities_added: int = 0
    activities_changed: int = 0
    updates_added: int = 0
    updates_changed: int = 0
    statuses_added: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.activities_added or self.activities_changed or self.updates_added or self.updates_changed
                    or self.statuses_added)

    def summary(self) -> str:
        if not self.changed:
            return f"Imported {self.path}: nothing new (the database already holds all of it)."
        parts = [f"{self.activities_added} activities added", f"{self.activities_changed} changed",
                 f"{self.updates_added} updates added", f"{self.updates_changed} changed"]
        if self.statuses_added:
            parts.append(f"{self.statuses_added} statuses added")
        return f"Imported {self.path}: " + ", ".join(parts) + "."


def _same_text(file_value, db_value) -> bool:
    """Equal, or the file's is the database's with names withheld (an anonymous report)."""
    if file_value == db_value:
        return True
    if isinstance(file_value, str) and isinstance(db_value, str):
        return is_withheld_version(file_value, db_value)
    return False


def _withheld(value: str | None) -> bool:
    return has_withheld(value)


def _activity_in(a: ActivityItem, *, lead=None, partners=None, consolidated=None) -> dict:
    return dict(
        recommendation_id=a.recommendation_id, consolidated=consolidated, title=a.title,
        lead=lead if lead is not None else ({"name": a.lead[0], "kind": a.lead[1]} if a.lead else None),
        partners=partners if partners is not None else [{"name": n, "kind": k} for n, k in a.partners],
        start=a.start, due=a.due, status=a.base_status, progress=a.base_progress, area=a.area, lens=a.lens,
        lang=a.lang,
    )


class _Importer:
    def __init__(self, store, report: Report, name: str, today: dt.date) -> None:
        self.store = store
        self.follow = FollowUp(store)
        self.r = report
        self.name = name
        self.today = today
        self.result = ReportImportResult(path=report.path or name, warnings=list(report.warnings))

    def fail(self, reason: str, line: int | None) -> ReportError:
        return ReportError(reason, self.r.path or self.name, line)

    def checked(self, model, line: int | None, **fields):
        """``model(**fields)``, or what is wrong with it as an error naming the file and line."""
        try:
            return checked(model, **fields)
        except FollowUpError as exc:
            raise self.fail(f"{exc}; nothing was written", line) from None

    def warn(self, reason: str, line: int | None) -> None:
        where = f"{self.r.path or self.name}:{line}" if line else (self.r.path or self.name)
        self.result.warnings.append(f"{where}: {reason}")

    def run(self) -> ReportImportResult:
        with self.store.write():
            self.statuses()
            for a in self.r.activities:
                self.activity(a)
        return self.result

    def statuses(self) -> None:
        from .model import StatusIn

        known = self.follow.status_map()
        for s in self.r.statuses.values():
            if s.key in known:
                continue
            try:
                self.follow.status_key(s.key)
                continue  # known under another spelling
            except Exception:  # noqa: BLE001  (not known: added below)
                pass
            self.follow.add_status(self.checked(StatusIn, None, key=s.key, kind=s.kind, progress=s.progress,
                                           labels={k: v for k, v in s.labels.items() if k in ("en", "fr", "ar")}))
            self.result.statuses_added += 1

    def status(self, key: str | None) -> str | None:
        return None if key is None else self.follow.status_key(key)

    def activity(self, a: ActivityItem) -> None:
        if a.recommendation_id:
            exists = self.store.conn.execute("SELECT 1 FROM recommendation WHERE id = ?",
                                             (a.recommendation_id,)).fetchone()
            if not exists:
                rec = self.r.recommendations.get(a.recommendation_id)
                ref = f"R-{rec.seq:03d}" if rec and rec.seq else "its recommendation"
                session = next((s for s in self.r.sessions if rec and s.id == rec.session_id), None)
                where = f" of '{session.title}' ({session.date})" if session else ""
                raise self.fail(f"the activity's recommendation {ref}{where} is not in this database: import that "
                                "session's summary first (facilitator import SUMMARY.md); nothing was written", a.line)
        try:
            current = self.follow.activity_fields(a.id)
        except Exception:  # noqa: BLE001  (NotFound: a new activity)
            current = None
        deleted = False
        consolidated = self.consolidated(a)
        if current is None:
            data = self.checked(ActivityIn, a.line, **_activity_in(a, consolidated=consolidated))
            data.status = self.status(data.status) or "planned"
            self.follow.add_activity(data, activity_id=a.id, seq=a.seq,
                                     source={"file": self.name, "line": a.line}, stamp=a.changed, agreed_only=False)
            self.result.activities_added += 1
        else:
            deleted = self.follow.activity(a.id).deleted_at is not None
            if deleted:
                self.warn(f"A-{a.seq or 0:03d} was deleted in this database; it stays deleted (its updates were "
                          "not imported)", a.line)
                return
            self.change_activity(a, current, consolidated)
        for u in a.updates:
            self.update(a, u)

    def consolidated(self, a: ActivityItem) -> dict | None:
        if not a.set_id:
            return None
        rec = self.r.recommendations[a.set_id]
        return {"id": a.set_id, "text": rec.text, "members": list(rec.set_members)}

    def change_activity(self, a: ActivityItem, current: dict, consolidated: dict | None) -> None:
        # a name withheld in an anonymous file is the database's name, not a change
        lead = current["lead"] if a.lead and _withheld(a.lead[0]) else None
        partners = None
        if any(_withheld(n) for n, _k in a.partners):
            by_kind = [p for p in current["partners"]]
            partners = []
            for n, k in a.partners:
                if _withheld(n):
                    match = next((p for p in by_kind if p["kind"] == k and is_withheld_version(n, p["name"])), None)
                    partners.append(match or {"name": n, "kind": k})
                else:
                    partners.append({"name": n, "kind": k})
        wanted = _activity_in(a, lead=lead, partners=partners, consolidated=consolidated)
        wanted["status"] = self.status(wanted["status"])
        data = canonical_terms(self.checked(ActivityIn, a.line, **wanted))
        wanted["area"], wanted["lens"] = data.area, data.lens
        from .store import _fields_of_in

        new = _fields_of_in(data)
        if all(_same_text(new[k], current[k]) for k in new):
            return
        stamp = self.store.conn.execute("SELECT updated_at FROM activity WHERE id = ?", (a.id,)).fetchone()[0]
        if a.changed and stamp and stamp > a.changed:
            self.warn(f"A-{a.seq or 0:03d}: the database changed this activity after the file was written "
                      f"({stamp[:16]} UTC); its fields were kept", a.line)
            return
        changes = {k: wanted[k] for k in wanted if not _same_text(new[k], current[k])}
        # a version made elsewhere keeps its time; one edited by hand in this file is changed now
        kept = a.changed if a.changed and stamp and a.changed > stamp else None
        if self.follow.change_activity(a.id, allow_base=True, stamp=kept, **changes):
            self.result.activities_changed += 1

    def update(self, a: ActivityItem, u: UpdateItem) -> None:
        known = self.follow.update_ids_known([u.id]).get(u.id)
        fields = dict(activity_id=a.id, date=u.date, author=u.author, author_kind=u.author_kind, text=u.text,
                      source=u.source, status=self.status(u.status), progress=u.progress, lang=u.lang)
        if known is None:
            if _withheld(u.author):
                fields["author"] = None  # an anonymous report's author: not known here
                fields["author_kind"] = None
            data = self.checked(UpdateIn, u.line, **fields)
            self.follow.add_update(data, update_id=u.id, origin=self.name, today=self.today, stamp=u.changed)
            self.result.updates_added += 1
            return
        if known["activity_id"] != a.id:
            raise self.fail("an update's hidden id belongs to an update of another activity (copied with its "
                            "comment?); nothing was written", u.line)
        same = all(_same_text(fields[k], known[k]) for k in ("date", "author", "text", "source", "status", "progress"))
        if same and known["deleted_at"] is None:
            return
        if same:
            return  # deleted in this database: it stays deleted
        if u.changed and known["updated_at"] > u.changed:
            self.warn(f"an update of A-{a.seq or 0:03d} ({u.date}) changed in the database after the file was "
                      "written; the database's was kept", u.line)
            return
        changes: dict[str, Any] = {k: fields[k] for k in ("date", "author", "text", "source", "status", "progress")
                                   if not _same_text(fields[k], known[k])}
        kept = u.changed if u.changed and u.changed > known["updated_at"] else None
        try:
            changed = self.follow.change_update(u.id, today=self.today, stamp=kept, **changes)
        except FollowUpError as exc:
            raise self.fail(f"{exc}; nothing was written", u.line) from None
        if changed:
            self.result.updates_changed += 1


def import_report(store, report: Report, name: str, *, today: dt.date | None = None) -> ReportImportResult:
    """Write ``report`` into the database, all or nothing."""
    today = today or dt.date.today()
    today = max(today, dt.date.fromisoformat(report.as_of))  # the hand edits of a report are dated as of it
    return _Importer(store, report, name, today).run()


def import_report_file(store, path, *, today: dt.date | None = None) -> ReportImportResult:
    from pathlib import Path

    from .parse import read_report

    report = read_report(path)
    return import_report(store, report, Path(path).name, today=today)


__all__ = ["ReportImportResult", "import_report", "import_report_file"]
