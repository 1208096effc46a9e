"""Updates that partners send back, from CSV or JSON Lines: checked first, then written all or
nothing.

Size: ~420 lines: the CSV and JSON Lines format of partners' updates, both ways: reading (headers
in three languages, either separator), checking every row before anything is written, and writing
the rows and the template; one format in one module, so what is written is what is read.

Each record is one update of one activity:

- ``activity`` (required): its reference (``A-003``) or id;
- ``date`` (required): ``2024-03-15``, or day first ``15/03/2024``;
- ``by``: who says it (a person, a parliament, an organization);
- ``text``: what happened; ``source``: where it can be checked (a letter, a report, a link);
- ``status``: the status it reports (a key or a label in English, French or Arabic); ``progress``:
  ``0`` to ``100`` (``40 %`` too);
- ``lang``; ``id``: the update's id (files written by ``followup export --format csv``).

Headers may be in French or Arabic too (``activité``, ``par``, ``texte``, ``statut``,
``avancement``; ``النشاط``, ``التاريخ``...), and a CSV file may use ``;`` (as spreadsheets write it
in French). The columns of the template (``title``, ``lead``, ``partners``, ``start``, ``due``,
``recommendation``, ``current status``, ``current progress``, ``last update``) are there to be
read by the partner and are not imported. A template row left as it was (no text, status or
progress) is skipped.

Refused with the file and line, nothing written: what :mod:`facilitator.core.batch` refuses
(unknown or duplicate columns and keys, nested JSON, a quote never closed or one that
swallows the next rows, a field too long, text that is not UTF-8), and an activity the
database does not have (or deleted), a bad date or one in the future, an unknown status, a
progress outside 0-100, a record with nothing to say, the same update twice in the file.

Importing the same file twice adds nothing: an update without an ``id`` gets one derived from
what it says (activity, date, by, text, source, status, progress).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import limits
from ..errors import FacilitatorError, InputError
from ..textfile import csv_rows, json_objects, text_lines
from ..vocab import fold
from .actors import kind_word
from .dates import DateError, parse_date
from .store import FollowUp, FollowUpError

MAX_FIELD = 20_000
MAX_LINE = 100_000
FIELDS = ("activity", "date", "by", "text", "source", "status", "progress", "lang", "id")
INFORMATIONAL = ("title", "lead", "partners", "start", "due", "recommendation", "current status", "current progress",
                 "last update", "area", "lens")
_ALIASES = {
    "activity": "activity", "activite": "activity", "ref": "activity", "reference": "activity", "النشاط": "activity",
    "date": "date", "التاريخ": "date",
    "by": "by", "author": "by", "who": "by", "from": "by", "par": "by", "auteur": "by", "من": "by",
    "بواسطة": "by",
    "text": "text", "update": "text", "news": "text", "texte": "text", "nouvelles": "text", "النص": "text",
    "المستجدات": "text",
    "source": "source", "المصدر": "source",
    "status": "status", "statut": "status", "etat": "status", "الحالة": "status",
    "progress": "progress", "avancement": "progress", "progression": "progress", "التقدم": "progress",
    "نسبة الإنجاز": "progress",
    "lang": "lang", "language": "lang", "langue": "lang", "اللغة": "lang",
    "id": "id",
    "title": "title", "titre": "title", "العنوان": "title",
    "lead": "lead", "responsable": "lead", "الجهة المسؤولة": "lead",
    "partners": "partners", "partenaires": "partners", "الشركاء": "partners",
    "start": "start", "debut": "start", "البداية": "start",
    "due": "due", "echeance": "due", "الموعد": "due",
    "recommendation": "recommendation", "recommandation": "recommendation", "التوصية": "recommendation",
    "current status": "current status", "statut actuel": "current status", "الحالة الحالية": "current status",
    "current progress": "current progress", "avancement actuel": "current progress",
    "التقدم الحالي": "current progress",
    "last update": "last update", "derniere mise a jour": "last update", "آخر تحديث": "last update",
    "area": "area", "domaine": "area", "المجال": "area",
    "lens": "lens", "optique": "lens", "المنظور": "lens",
}
_COLUMNS_HELP = ", ".join(FIELDS)
_PERCENT = re.compile(r"^(\d{1,3})\s*%?$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩٪", "0123456789%")


@dataclass
class Row:
    line: int
    activity: str
    date: str
    by: str | None = None
    text: str = ""
    source: str | None = None
    status: str | None = None
    progress: str | None = None
    lang: str | None = None
    id: str | None = None


@dataclass
class UpdatesResult:
    path: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # template rows left as they were
    activities: set[str] = field(default_factory=set)

    def summary(self) -> str:
        if not (self.added or self.changed):
            return (f"Updates from {self.path}: nothing new ({self.unchanged} already there"
                    + (f", {self.skipped} rows left empty" if self.skipped else "") + ").")
        return (f"Updates from {self.path}: {self.added} added, {self.changed} changed, {self.unchanged} already there"
                + (f", {self.skipped} rows left empty" if self.skipped else "")
                + f"; {len(self.activities)} activit{'y' if len(self.activities) == 1 else 'ies'}.")


def _key(header: str) -> str | None:
    return _ALIASES.get(fold(header).replace("_", " "))


def _record(record: dict, path: str, line: int) -> Row | None:
    """A record's fields by their names (aliases understood), or None for an empty template row."""
    fields: dict[str, str] = {}
    for name, value in record.items():
        key = _key(name)
        if key is None:
            raise InputError(f"unknown field {limits.shorten(name, 40)} (fields: {_COLUMNS_HELP}; "
                             f"read but not imported: {', '.join(INFORMATIONAL)})", path, line)
        if isinstance(value, (dict, list)):
            raise InputError(f"{limits.shorten(name, 40)} must be text, not a nested {'object' if isinstance(value, dict) else 'list'}",
                             path, line)
        if isinstance(value, bool):
            raise InputError(f"{limits.shorten(name, 40)} must be text or a number, not {str(value).lower()}", path, line)
        if value is None or key in INFORMATIONAL:
            continue
        text = str(value)
        if len(text) > MAX_FIELD:
            raise InputError(f"{limits.shorten(name, 40)} is longer than {MAX_FIELD:,} characters", path, line)
        fields[key] = text.strip()
    if not any(fields.get(k) for k in ("text", "status", "progress")):
        if any(fields.get(k) for k in ("by", "source")) and fields.get("activity"):
            raise InputError("an update says something: a text, a status or a progress", path, line)
        return None  # a template row left as it was
    if not fields.get("activity"):
        raise InputError("missing 'activity' (A-003, or the activity's id)", path, line)
    if not fields.get("date"):
        raise InputError("missing 'date' (2024-03-15)", path, line)
    return Row(line=line, activity=fields["activity"], date=fields["date"], by=fields.get("by") or None,
               text=fields.get("text", ""), source=fields.get("source") or None, status=fields.get("status") or None,
               progress=fields.get("progress") or None, lang=fields.get("lang") or None, id=fields.get("id") or None)


def _jsonl(path: Path) -> Iterator[tuple[int, Row | None]]:
    for n, record in json_objects(path, what="an updates file", one="an update", max_line=MAX_LINE):
        yield n, _record(record, str(path), n)


def _looks_like_a_row(line: str, separators: int, delimiter: str) -> bool:
    """A line inside a quoted field that looks like a row of its own (an activity first)."""
    return bool(re.match(rf'^\s*"?\s*(A-?\d+|[0-9a-z]{{26}})\s*"?\s*{re.escape(delimiter)}', line, re.I)) and \
        line.count(delimiter) >= separators


def _csv(path: Path) -> Iterator[tuple[int, Row | None]]:
    lines = text_lines(path, what="an updates file")
    head = next(lines, None)
    if head is None or not head[1].strip():
        raise InputError("the file is empty (no header row)", path, 1)
    delimiter = ";" if head[1].count(";") > head[1].count(",") else ","
    records = csv_rows(_chain(head, lines), path, delimiter=delimiter, max_field=MAX_FIELD)
    _first, _last, header = next(records)
    names = [h.strip() for h in header]
    keys = []
    for name in names:
        key = _key(name)
        if key is None:
            raise InputError(f"unknown column {limits.shorten(name, 40)} (columns: {_COLUMNS_HELP}; read but not imported: "
                             f"{', '.join(INFORMATIONAL)})", path, 1)
        if key in keys:
            raise InputError(f"the column {limits.shorten(name, 40)} appears twice", path, 1)
        keys.append(key)
    for needed in ("activity", "date"):
        if needed not in keys:
            raise InputError(f"no {needed!r} column (columns: {_COLUMNS_HELP})", path, 1)
    for first, last, cells in records:
        if last > first:
            for k, cell in enumerate(cells):
                for extra in cell.split("\n")[1:]:
                    if _looks_like_a_row(extra, len(names) - 1, delimiter):
                        raise InputError(
                            f"the quote of {names[k] if k < len(names) else 'a field'!r} opened here seems never "
                            f"closed: it runs on into what looks like the next row ({extra.strip()[:40]!r})",
                            path, first)
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            raise InputError(f"{len(cells)} values but {len(names)} columns", path, first)
        yield first, _record({name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}, str(path), first)


def _chain(head, rest):
    yield head
    yield from rest


def read_rows(path: str | Path) -> Iterator[tuple[int, Row | None]]:
    """(line, record or None for an empty template row) for each record of a ``.csv`` or
    ``.jsonl`` file, as it is read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return _jsonl(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv(path)
    raise InputError("an updates file is .csv or .jsonl (a monitoring report, .md, is read back with "
                     "`facilitator import`)", path)


def _progress(text: str | None, path: Path, line: int) -> int | None:
    if not text:
        return None
    m = _PERCENT.match(text.translate(_DIGITS).strip())
    if not m or int(m.group(1)) > 100:
        raise InputError(f"progress is a whole number from 0 to 100 (40, or 40 %), not {limits.shorten(text, 40)}", path, line)
    return int(m.group(1))


@dataclass
class Checked:
    line: int
    update_id: str
    fields: dict
    known: dict | None  # the update already in the database with that id, if any


def _checked(follow: FollowUp, path: Path, today: dt.date) -> Iterator[Checked]:
    from ..summary.model import derived_id, is_id
    from .model import UpdateIn
    from .store import checked

    resolved: dict[str, str] = {}
    deleted = {r.id for r in follow.activities(include_deleted=True) if r.deleted_at}
    seen: dict[str, int] = {}
    for line, row in read_rows(path):
        if row is None:
            yield Checked(line, "", {}, None)  # skipped
            continue
        try:
            aid = resolved.get(row.activity) or follow.resolve(row.activity)
        except FacilitatorError as exc:  # not found, ambiguous
            raise InputError(str(exc), path, line) from None
        resolved[row.activity] = aid
        if aid in deleted:
            raise InputError(f"the activity {row.activity} was deleted; restore it first", path, line)
        try:
            date = parse_date(row.date)
        except DateError as exc:
            raise InputError(str(exc), path, line) from None
        if date is None:
            raise InputError("missing 'date' (2024-03-15)", path, line)
        if date > today:
            raise InputError(f"the date {date.isoformat()} is in the future (today is {today.isoformat()})", path, line)
        try:
            status = follow.status_key(row.status) if row.status else None
        except FollowUpError as exc:
            raise InputError(str(exc), path, line) from None
        progress = _progress(row.progress, path, line)
        author, author_kind = row.by, None
        if author and ":" in author:
            head, rest = author.split(":", 1)
            if kind_word(head):
                author, author_kind = rest.strip() or None, kind_word(head)
        try:
            data = checked(UpdateIn, activity_id=aid, date=date, author=author, author_kind=author_kind,
                           text=row.text, source=row.source, status=status, progress=progress, lang=row.lang)
        except FollowUpError as exc:
            raise InputError(str(exc), path, line) from None
        fields = {"activity_id": aid, "date": data.date.isoformat(), "author": data.author,
                  **({"author_kind": data.author_kind} if data.author_kind else {}), "text": data.text,
                  "source": data.source, "status": data.status, "progress": data.progress, "lang": data.lang}
        if row.id:
            if not is_id(row.id.lower()):
                raise InputError(f"a damaged update id {limits.shorten(row.id, 40)}", path, line)
            uid = row.id.lower()
        else:
            uid = derived_id("update", aid, fields["date"], data.author or "", data.text, data.source or "",
                             status or "", str(progress if progress is not None else ""))
        if uid in seen:
            raise InputError(f"the same update is also on line {seen[uid]}", path, line)
        seen[uid] = line
        yield Checked(line, uid, fields, None)


def import_updates(store, path: str | Path, *, today: dt.date | None = None, origin: str | None = None
                   ) -> UpdatesResult:
    """Check every record of the file, then write them in one transaction (or none)."""
    from .model import UpdateIn

    path = Path(path)
    today = today or dt.date.today()
    follow = FollowUp(store)
    count = 0
    for item in _checked(follow, path, today):
        count += bool(item.update_id)
    result = UpdatesResult(path=str(path))
    if count == 0:
        raise InputError("no updates in the file (every row is empty: write a text, a status or a progress)", path)
    with store.write():
        for item in _checked(follow, path, today):
            if not item.update_id:
                result.skipped += 1
                continue
            known = follow.update_ids_known([item.update_id]).get(item.update_id)
            result.activities.add(item.fields["activity_id"])
            if known is None:
                follow.add_update(UpdateIn(**item.fields), update_id=item.update_id, origin=origin or path.name,
                                  today=today)
                result.added += 1
                continue
            if known["activity_id"] != item.fields["activity_id"]:
                raise InputError("this update's id belongs to another activity's update", path, item.line)
            current = {k: known[k] for k in item.fields}
            if current == item.fields and known["deleted_at"] is None:
                result.unchanged += 1
                continue
            changes = {k: v for k, v in item.fields.items() if k != "activity_id"}
            follow.change_update(item.update_id, today=today, **changes)
            if known["deleted_at"] is not None:
                follow.restore_update(item.update_id)
            result.changed += 1
    return result


# --- writing: every update as rows, and the template partners fill in -------------------------

EXPORT_COLUMNS = ("activity", "date", "by", "text", "source", "status", "progress", "lang", "id", "title", "lead")
TEMPLATE_COLUMNS = ("activity", "title", "lead", "due", "current status", "current progress", "last update",
                    "date", "by", "text", "source", "status", "progress")


def update_rows(store, activities) -> list[dict]:
    """Every live update of ``activities`` as flat records (the columns of :data:`EXPORT_COLUMNS`)."""
    follow = FollowUp(store)
    timelines = follow.all_updates([a.id for a in activities])
    rows = []
    for a in activities:
        for u in timelines.get(a.id, []):
            rows.append({"activity": a.ref, "date": u.date, "by": u.author or "", "text": u.text,
                         "source": u.source or "", "status": u.status or "",
                         "progress": "" if u.progress is None else str(u.progress), "lang": u.lang or "", "id": u.id,
                         "title": a.title, "lead": a.lead or ""})
    return rows


def template_rows(activities) -> list[dict]:
    """One row per activity still open, for its lead to fill in (date, by, text, source, status,
    progress) and send back."""
    rows = []
    for a in activities:
        if a.status_kind == "closed":
            continue
        rows.append({"activity": a.ref, "title": a.title, "lead": a.lead or "", "due": a.due or "",
                     "current status": a.status, "current progress": "" if a.progress is None else str(a.progress),
                     "last update": a.last_update or "", "date": "", "by": "", "text": "", "source": "",
                     "status": "", "progress": ""})
    return rows


def _cells(row: dict) -> dict:
    """A row's text as a file carries it: no control characters (a database of an earlier
    version, or another program's, may hold them), no bidirectional controls, LF line ends."""
    from ..summary.text import canonical

    return {k: canonical(v) if isinstance(v, str) else v for k, v in row.items()}


def as_csv(rows: list[dict], columns) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(_cells(r) for r in rows)
    return buf.getvalue()


def as_jsonl(rows: list[dict], columns) -> str:
    return "".join(json.dumps({k: c.get(k, "") for k in columns if c.get(k, "") != ""}, ensure_ascii=False) + "\n"
                   for c in map(_cells, rows))


__all__ = ["EXPORT_COLUMNS", "FIELDS", "TEMPLATE_COLUMNS", "UpdatesResult", "as_csv", "as_jsonl", "import_updates",
           "read_rows", "template_rows", "update_rows"]
