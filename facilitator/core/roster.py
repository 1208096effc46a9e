"""The roster: participants imported from a CSV file.

The file has a header row. ``name`` is required; the other columns are optional: ``title``,
``organization``, ``group`` (or ``stakeholder_group``), ``country``, ``gender``, ``youth``
(yes/no, true/false, 1/0, or empty), ``aliases`` (other spellings of the name, between ``|``:
``أميناتا تراوري | A. Traoré``; an anonymous export withholds them like the name). Column
names are case-insensitive; a few French ones are understood too (``nom``, ``titre``, ``organisation``, ``groupe``, ``pays``, ``genre``,
``jeune``). The delimiter may be a comma or a semicolon (as spreadsheets write it in French).

Import is all or nothing: every row is checked first, and a bad row names the file and line.
A row whose name is already on the roster (ignoring case) updates that participant's fields
given in the file; empty cells never erase what is there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import limits, vocab
from .errors import InputError, LooksLikeSpeech
from .models import ParticipantIn, problem
from .textfile import csv_rows, text_lines

_ALIASES = {
    "name": "name",
    "nom": "name",
    "full name": "name",
    "title": "title",
    "titre": "title",
    "organization": "organization",
    "organisation": "organization",
    "org": "organization",
    "group": "stakeholder_group",
    "groupe": "stakeholder_group",
    "stakeholder_group": "stakeholder_group",
    "stakeholder group": "stakeholder_group",
    "country": "country",
    "pays": "country",
    "gender": "gender",
    "genre": "gender",
    "youth": "youth",
    "jeune": "youth",
    "aliases": "aliases",
    "alias": "aliases",
    "other spellings": "aliases",
    "also written": "aliases",
    "aka": "aliases",
    "autres graphies": "aliases",
    "autres noms": "aliases",
}
_COLUMNS_HELP = "name, title, organization, group, country, gender, youth, aliases"
_COLUMN_WORDS = {"name": "the name", "stakeholder_group": "the group", "aliases": "aliases"}
# characters in one cell: the longest a participant's fields allow (the aliases, up to
# MAX_ALIASES names between '|'); each field is then checked to its own limit by ParticipantIn
MAX_FIELD = limits.MAX_ALIASES * (limits.MAX_NAME + 3)


@dataclass
class RosterRow:
    line: int
    participant: ParticipantIn
    given: frozenset[str]  # fields that had a value in the file


class RosterFile:
    """A roster CSV file, checked once as a whole when made (:func:`read_roster`) and read
    again, row by row, when imported: memory stays bounded whatever its size."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        for row in self:
            self.rows += 1
            if self.rows > limits.MAX_ROSTER_ROWS:
                raise InputError(f"more than {limits.MAX_ROSTER_ROWS:,} participants: not a roster", path, row.line)
        if not self.rows:
            raise InputError("no participants in the file", path)

    def __iter__(self) -> Iterator[RosterRow]:
        return _rows(self.path)


def _rows(path: Path) -> Iterator[RosterRow]:
    lines = text_lines(path, what="a CSV file")
    head = next(lines, None)
    if head is None or not head[1].strip():
        raise InputError("the file is empty", path, 1)
    delimiter = ";" if head[1].count(";") > head[1].count(",") else ","
    records = csv_rows(_chain(head, lines), path, delimiter=delimiter, max_field=MAX_FIELD)
    _first, _last, header = next(records)
    fields: list[str] = []
    for cell in header:
        key = _ALIASES.get(cell.strip().casefold())
        if key is None:
            raise InputError(f"unknown column {cell.strip()!r} (columns: {_COLUMNS_HELP})", path, 1)
        if key in fields:
            raise InputError(f"column {cell.strip()!r} appears twice", path, 1)
        fields.append(key)
    if "name" not in fields:
        raise InputError(f"no 'name' column (columns: {_COLUMNS_HELP})", path, 1)
    for first, last, cells in records:
        if last > first and any("\n" in c for c in cells):
            raise InputError("a quote opened here runs over several lines (is it closed?); a roster "
                             "cell holds one line", path, first)
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(fields):
            raise InputError(f"{len(cells)} values but {len(fields)} columns", path, first)
        yield _roster_row(dict(zip(fields, (c.strip() for c in cells))), path, first)


def _chain(head, rest):
    yield head
    yield from rest


def _roster_row(record: dict[str, str], path: Path, line: int) -> RosterRow:
    if not record.get("name"):
        raise InputError("the name is empty", path, line)
    youth_text = record.pop("youth", "")
    try:
        youth = vocab.youth(youth_text)
        if record.get("gender"):
            record["gender"] = vocab.gender(record["gender"]) or ""  # (empty is None below)
    except vocab.UnknownValue as exc:
        raise InputError(str(exc), path, line) from None
    given = frozenset(k for k, v in record.items() if v) | ({"youth"} if youth_text.strip() else frozenset())
    try:
        fields: dict[str, Any] = {k: (v or None) for k, v in record.items() if k != "aliases"}
        fields["aliases"] = record.get("aliases") or []  # text: split by ParticipantIn
        p = ParticipantIn(**fields, youth=youth)
    except ValidationError as exc:
        raise InputError(f"{problem(exc, _COLUMN_WORDS)}", path, line) from None
    return RosterRow(line, p, given)


def read_roster(path: str | Path) -> RosterFile:
    """Check a roster CSV file from start to end; :class:`InputError` names the file and the
    line. The rows are read again, one by one, when imported."""
    return RosterFile(Path(path))


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def import_roster(store, rows, path: str | Path = "<input>", *, new_groups: bool = False) -> ImportResult:
    """Write the rows in one transaction: new names are added, known names updated. A name
    twice in the file, or a stakeholder group neither on the roster nor known (unless
    ``new_groups``), is refused with its line and nothing is written."""
    result = ImportResult()
    with store.write() as conn:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS roster_import_seen (name TEXT PRIMARY KEY, line INTEGER)")
        conn.execute("DELETE FROM temp.roster_import_seen")
        try:
            known = [r[0] for r in conn.execute(
                "SELECT DISTINCT stakeholder_group FROM participant WHERE stakeholder_group IS NOT NULL")]
            for row in rows:
                key = row.participant.name.casefold()
                earlier = conn.execute("SELECT line FROM temp.roster_import_seen WHERE name = ?", (key,)).fetchone()
                if earlier:
                    raise InputError(f"{row.participant.name!r} is already on line {earlier[0]}", path, row.line)
                conn.execute("INSERT INTO temp.roster_import_seen (name, line) VALUES (?, ?)", (key, row.line))
                participant = row.participant
                if participant.stakeholder_group:
                    try:
                        group = vocab.group(participant.stakeholder_group, known, allow_new=new_groups)
                    except vocab.UnknownValue as exc:
                        raise InputError(str(exc), path, row.line) from None
                    if group not in known:
                        known.append(group)
                    participant = participant.model_copy(update={"stakeholder_group": group})
                found = store.find_participants(participant.name)
                if len(found) > 1:
                    raise InputError(
                        f"more than one participant is called {participant.name!r} on the roster; "
                        "edit them on the roster screen first",
                        path,
                        row.line,
                    )
                try:
                    if not found:
                        store.add_participant(participant)
                        result.added += 1
                        continue
                    current = store.participant(found[0])
                    changes = {
                        k: getattr(participant, k)
                        for k in row.given
                        if k != "name" and getattr(participant, k) != getattr(current, k)
                    }
                    if changes:
                        store.update_participant(found[0], **changes)
                        result.updated += 1
                    else:
                        result.unchanged += 1
                except LooksLikeSpeech as exc:  # a cell that reads like a sentence: refused with its line
                    raise InputError(str(exc), path, row.line) from None
        finally:
            conn.execute("DELETE FROM temp.roster_import_seen")
    return result
