"""Many contributions at once, from JSON Lines or CSV: validated first, then written all or nothing.

Each record has ``question`` (the question's number; empty for none), ``speaker`` (a name; empty
for the floor), ``text``, and optionally ``group`` (the speaker's stakeholder group, used when
the speaker is new) and ``lang``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .errors import InputError
from .models import ContributionIn

COLUMNS = {"question", "speaker", "text", "group", "lang"}
REQUIRED = {"text"}


@dataclass
class Row:
    line: int
    question: int | None
    speaker: str | None
    text: str
    group: str | None = None
    lang: str | None = None


def _row(record: dict, path: str, line: int) -> Row:
    unknown = set(record) - COLUMNS
    if unknown:
        raise InputError(f"unknown field {sorted(unknown)[0]!r} (fields: question, speaker, text, group, lang)", path, line)
    missing = REQUIRED - {k for k, v in record.items() if v is not None and str(v).strip()}
    if missing:
        raise InputError(f"missing {sorted(missing)[0]!r}", path, line)
    q = record.get("question")
    if q in (None, ""):
        question = None
    else:
        try:
            question = int(str(q).strip())
            if question < 1 or str(q).strip().startswith("+"):
                raise ValueError
        except ValueError:
            raise InputError(f"question must be a question number (1, 2, ...), not {q!r}", path, line) from None

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
    return Row(line=line, question=question, speaker=opt("speaker"), text=text, group=opt("group"), lang=opt("lang"))


def read_rows(path: str | Path) -> list[Row]:
    """Parse a ``.jsonl``/``.json`` or ``.csv`` file into rows; :class:`InputError` names the line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", path, raw.count(b"\n", 0, exc.start) + 1) from None
    rows: list[Row] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise InputError("the file is empty", path, 1)
        unknown = set(reader.fieldnames) - COLUMNS
        if unknown:
            raise InputError(f"unknown column {sorted(unknown)[0]!r} (columns: question, speaker, text, group, lang)", path, 1)
        if "text" not in reader.fieldnames:
            raise InputError("no 'text' column", path, 1)
        for record in reader:
            line = reader.line_num
            if None in record:
                raise InputError("more values than columns", path, line)
            rows.append(_row(record, str(path), line))
    else:
        for n, line_text in enumerate(text.splitlines(), start=1):
            if not line_text.strip():
                continue
            try:
                record = json.loads(line_text)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON ({exc.msg})", path, n) from None
            if not isinstance(record, dict):
                raise InputError("each line must be a JSON object", path, n)
            rows.append(_row(record, str(path), n))
    if not rows:
        raise InputError("no contributions in the file", path)
    return rows


def add_rows(store, session_id: str, rows: list[Row], path: str | Path = "<input>") -> list[str]:
    """Validate every row against the session, then write them in one transaction."""
    positions = {q.position: q.id for q in store.questions(session_id)}
    validated: list[tuple[Row, ContributionIn]] = []
    for row in rows:
        if row.question is not None and row.question not in positions:
            raise InputError(f"no question {row.question} in this session (it has 1 to {len(positions)})", path, row.line)
        try:
            item = ContributionIn(
                session_id=session_id,
                question_id=positions.get(row.question) if row.question else None,
                text=row.text,
                lang=row.lang,
            )
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"{err['loc'][0]}: {err['msg']}", path, row.line) from None
        validated.append((row, item))
    with store.write():
        speakers: dict[str, str] = {}
        for row, item in validated:
            if row.speaker:
                key = row.speaker.casefold()
                if key not in speakers:
                    speakers[key] = store.participant_by_name(row.speaker, group=row.group)
                item.participant_id = speakers[key]
        return store.add_contributions([item for _, item in validated])
