"""Many contributions at once, from JSON Lines or CSV: checked first, then written all or nothing.

Each record has ``question`` (the question's number; empty for none), ``speaker`` (a name; empty
for the floor), ``text``, and optionally ``group`` (the speaker's stakeholder group, used when
the speaker is new) and ``lang``.

The file is read as a stream, twice: a first pass checks every record against the session (no
lock is held, nothing is written), a second pass writes them in one transaction. Memory stays
bounded whatever the size of the file (a million rows peak well under 300 MB; see the
benchmark), and another window's saves wait only for the writing pass.

Refused with the file and line, nothing written:

- JSON that is not one flat object per line: nested objects or lists, nesting too deep to
  read, duplicate keys, a line longer than :data:`MAX_LINE` characters;
- CSV with duplicate or unknown columns, a quote that is never closed (or that swallows the
  next rows), more values than columns, a field longer than :data:`MAX_FIELD` characters;
- unknown fields, a missing text, a question the session does not have, an unknown
  stakeholder group (unless ``new_groups``), text that is not UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import limits, vocab
from .errors import InputError, LooksLikeSpeech
from .textfile import csv_rows, json_objects, text_lines

COLUMNS = ("question", "speaker", "text", "group", "lang")
REQUIRED = {"text"}
MAX_FIELD = limits.MAX_TEXT  # characters in one field (a contribution is at most 100,000 characters)
MAX_LINE = limits.MAX_LINE  # characters in one line of JSON Lines
_COLUMNS_HELP = ", ".join(COLUMNS)


@dataclass
class Row:
    line: int
    question: int | None
    speaker: str | None
    text: str
    group: str | None = None
    lang: str | None = None


@dataclass
class AddResult:
    added: int = 0
    new_speakers: int = 0


def _row(record: dict, path: str, line: int) -> Row:
    unknown = [k for k in record if k not in COLUMNS]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r} (fields: {_COLUMNS_HELP})", path, line)
    for key, value in record.items():
        if isinstance(value, (dict, list)):
            raise InputError(f"{key!r} must be text, not a nested {'object' if isinstance(value, dict) else 'list'}",
                             path, line)
    missing = REQUIRED - {k for k, v in record.items() if v is not None and str(v).strip()}
    if missing:
        raise InputError(f"missing {sorted(missing)[0]!r}", path, line)
    q = record.get("question")
    if q in (None, ""):
        question = None
    else:
        try:
            if isinstance(q, (bool, float)):
                raise ValueError
            question = limits.number(str(q))
            if question < 1:
                raise ValueError
        except ValueError:
            raise InputError(f"question must be a question number (1, 2, ...), not {limits.shorten(str(q), 30)}",
                             path, line) from None

    def opt(key: str) -> str | None:
        v = record.get(key)
        if v is None:
            return None
        if not isinstance(v, str):
            raise InputError(f"{key!r} must be text", path, line)
        return v.strip() or None

    text = record["text"]
    if not isinstance(text, str):
        raise InputError("'text' must be text", path, line)
    if len(text) > MAX_FIELD:
        raise InputError(f"the text is longer than {MAX_FIELD:,} characters", path, line)
    return Row(line=line, question=question, speaker=opt("speaker"), text=text, group=opt("group"), lang=opt("lang"))


def _jsonl(path: Path) -> Iterator[Row]:
    for n, record in json_objects(path, what="a contributions file", one="a contribution", max_line=MAX_LINE):
        yield _row(record, str(path), n)


# A line inside a quoted field that looks like a row of its own: a question number (or
# nothing) and then as many separators as the header has.
def _looks_like_a_row(line: str, separators: int, delimiter: str = ",") -> bool:
    return bool(re.match(rf"^\s*\d*\s*{re.escape(delimiter)}", line)) and line.count(delimiter) >= separators


def _chain(head, rest):
    yield head
    yield from rest


def _csv(path: Path) -> Iterator[Row]:
    lines = text_lines(path, what="a contributions file")
    head = next(lines, None)
    if head is None:
        raise InputError("the file is empty (no header row)", path, 1)
    # a spreadsheet set to French writes ';' between cells (as the roster and follow-up readers take)
    delimiter = ";" if head[1].count(";") > head[1].count(",") else ","
    records = csv_rows(_chain(head, lines), path, delimiter=delimiter, max_field=MAX_FIELD)
    _first, _last, header = next(records, (1, 1, []))
    if not header or not any(h.strip() for h in header):
        raise InputError("the file is empty (no header row)", path, 1)
    names = [h.strip().lower() for h in header]
    for name in names:
        if name not in COLUMNS:
            raise InputError(f"unknown column {name!r} (columns: {_COLUMNS_HELP})", path, 1)
    for i, name in enumerate(names):
        if name in names[:i]:
            raise InputError(f"the column {name!r} appears twice", path, 1)
    if "text" not in names:
        raise InputError(f"no 'text' column (columns: {_COLUMNS_HELP})", path, 1)
    for first, last, cells in records:
        if last > first:  # a quoted field ran over several lines: was it meant to?
            for k, cell in enumerate(cells):
                for extra in cell.split("\n")[1:]:
                    if _looks_like_a_row(extra, len(names) - 1, delimiter):
                        raise InputError(
                            f"the quote of {names[k] if k < len(names) else 'a field'!r} opened here seems never "
                            f"closed: it runs on into what looks like the next row ({extra.strip()[:40]!r})",
                            path, first,
                        )
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            raise InputError(f"{len(cells)} values but {len(names)} columns", path, first)
        record = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}
        yield _row(record, str(path), first)


def read_rows(path: str | Path) -> Iterator[Row]:
    """The records of a ``.jsonl``/``.json`` or ``.csv`` file, one by one, as they are read;
    :class:`InputError` names the line of the first problem."""
    path = Path(path)
    return _csv(path) if path.suffix.lower() == ".csv" else _jsonl(path)


def _checked(store, session_id: str, path: Path, *, new_groups: bool):
    """Every row of the file, checked against the session (questions, groups, the models)."""
    from pydantic import ValidationError

    from .models import ContributionIn, ParticipantIn, problem

    positions = {q.position: q.id for q in store.questions(session_id)}
    speakers: set[str] = set()  # checked already
    known_groups = [r[0] for r in store.conn.execute(
        "SELECT DISTINCT stakeholder_group FROM participant WHERE stakeholder_group IS NOT NULL")]
    for row in read_rows(path):
        if row.question is not None and row.question not in positions:
            raise InputError(f"no question {row.question} in this session (it has 1 to {len(positions)})", path, row.line)
        try:
            group = vocab.group(row.group, known_groups, allow_new=new_groups)
        except vocab.UnknownValue as exc:
            raise InputError(str(exc), path, row.line) from None
        if (row.speaker and row.speaker.casefold() not in speakers) or group:
            try:  # as the writing pass will add them, so that it never fails on a name (the limits first)
                ParticipantIn(name=row.speaker or "floor", stakeholder_group=group)
            except ValidationError as exc:
                raise InputError(problem(exc, {"name": "the speaker's name", "stakeholder_group": "the group"}),
                                 path, row.line) from None
            if row.speaker:
                speakers.add(row.speaker.casefold())
        try:
            vocab.check_label("name", row.speaker)  # speech in the speaker column is refused with its line
            vocab.check_label("group", group)
        except LooksLikeSpeech as exc:
            raise InputError(str(exc), path, row.line) from None
        try:
            item = ContributionIn(
                session_id=session_id,
                question_id=positions.get(row.question) if row.question else None,
                text=row.text,
                lang=row.lang,
            )
        except ValidationError as exc:
            raise InputError(problem(exc), path, row.line) from None
        yield row, group, item


def add_from_file(store, session_id: str, path: str | Path, *, new_groups: bool = False) -> AddResult:
    """Check every record of the file, then write them all in one transaction (or none)."""
    path = Path(path)
    count = 0
    for _ in _checked(store, session_id, path, new_groups=new_groups):
        count += 1
    if count == 0:
        raise InputError("no contributions in the file", path)
    result = AddResult()
    with store.write() as conn:
        before = conn.execute("SELECT count(*) FROM participant").fetchone()[0]
        speakers: dict[str, str] = {}
        chunk = []
        for row, group, item in _checked(store, session_id, path, new_groups=new_groups):
            if row.speaker:
                key = row.speaker.casefold()
                if key not in speakers:
                    speakers[key] = store.participant_by_name(row.speaker, group=group)
                item.participant_id = speakers[key]
            chunk.append(item)
            if len(chunk) >= 2000:
                result.added += len(store.add_contributions(chunk))
                chunk.clear()
        if chunk:
            result.added += len(store.add_contributions(chunk))
        result.new_speakers = conn.execute("SELECT count(*) FROM participant").fetchone()[0] - before
    return result


__all__ = ["AddResult", "COLUMNS", "MAX_FIELD", "MAX_LINE", "Row", "add_from_file", "read_rows"]
