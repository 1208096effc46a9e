"""The roster: participants imported from a CSV file.

The file has a header row. ``name`` is required; the other columns are optional: ``title``,
``organization``, ``group`` (or ``stakeholder_group``), ``country``, ``gender``, ``youth``
(yes/no, true/false, 1/0, or empty). Column names are case-insensitive; a few French ones are
understood too (``nom``, ``titre``, ``organisation``, ``groupe``, ``pays``, ``genre``,
``jeune``). The delimiter may be a comma or a semicolon (as spreadsheets write it in French).

Import is all or nothing: every row is checked first, and a bad row names the file and line.
A row whose name is already on the roster (ignoring case) updates that participant's fields
given in the file; empty cells never erase what is there.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .errors import InputError
from .models import ParticipantIn

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
}
_COLUMNS_HELP = "name, title, organization, group, country, gender, youth"
_TRUE = {"yes", "y", "true", "1", "oui", "x"}
_FALSE = {"no", "n", "false", "0", "non", ""}


@dataclass
class RosterRow:
    line: int
    participant: ParticipantIn
    given: frozenset[str]  # fields that had a value in the file


def read_roster(path: str | Path) -> list[RosterRow]:
    """Parse a roster CSV file; :class:`InputError` names the file and the line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a CSV file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path) from None
    if b"\x00" in raw:
        raise InputError("binary file (NUL byte), not a CSV file", path, raw.count(b"\n", 0, raw.find(b"\x00")) + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text (save the file as UTF-8 CSV)", path, raw.count(b"\n", 0, exc.start) + 1) from None
    if not text.strip():
        raise InputError("the file is empty", path, 1)
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"not a CSV file ({exc})", path, 1) from None
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
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"not valid CSV ({exc})", path, reader.line_num) from None
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(fields):
            raise InputError(f"{len(cells)} values but {len(fields)} columns", path, line)
        record = {f: c.strip() for f, c in zip(fields, cells)}
        if not record.get("name"):
            raise InputError("the name is empty", path, line)
        youth_text = record.pop("youth", "").casefold()
        if youth_text in _TRUE:
            youth = True
        elif youth_text in _FALSE:
            youth = False
        else:
            raise InputError(f"youth must be yes or no, not {youth_text!r}", path, line)
        given = frozenset(k for k, v in record.items() if v) | ({"youth"} if youth_text else frozenset())
        try:
            p = ParticipantIn(**{k: (v or None) for k, v in record.items()}, youth=youth)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"{err['loc'][0]}: {err['msg']}", path, line) from None
        key = p.name.casefold()
        if key in seen:
            raise InputError(f"{p.name!r} is already on line {seen[key]}", path, line)
        seen[key] = line
        rows.append(RosterRow(line, p, given))
    if not rows:
        raise InputError("no participants in the file", path)
    return rows


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def import_roster(store, rows: list[RosterRow], path: str | Path = "<input>") -> ImportResult:
    """Write the rows in one transaction: new names are added, known names updated."""
    result = ImportResult()
    with store.write():
        for row in rows:
            found = store.find_participants(row.participant.name)
            if len(found) > 1:
                raise InputError(
                    f"more than one participant is called {row.participant.name!r} on the roster; "
                    "edit them on the roster screen first",
                    path,
                    row.line,
                )
            if not found:
                store.add_participant(row.participant)
                result.added += 1
                continue
            current = store.participant(found[0])
            changes = {
                k: getattr(row.participant, k)
                for k in row.given
                if k != "name" and getattr(row.participant, k) != getattr(current, k)
            }
            if changes:
                store.update_participant(found[0], **changes)
                result.updated += 1
            else:
                result.unchanged += 1
    return result
