"""Import an exported summary (or a merged report) into the store (``facilitator import``).

All or nothing, in one transaction; importing the same file twice changes nothing the second
time. A file that is not a summary, is truncated or damaged, or is not UTF-8 is refused with
the file and line, before the database is touched. See :mod:`.summary.todb` for what an
import changes.
"""

from __future__ import annotations

from pathlib import Path

from .summary.parse import SummaryError, parse_summary, read_summary, read_summary_text
from .summary.todb import ImportResult, import_doc


def import_text(store, text: str, name: str = "<summary>") -> ImportResult:
    doc = parse_summary(text, name)
    return import_doc(store, doc, Path(name).name)


def import_file(store, path: str | Path) -> ImportResult:
    doc = read_summary(path)
    return import_doc(store, doc, Path(path).name)


__all__ = ["ImportResult", "SummaryError", "import_doc", "import_file", "import_text", "read_summary", "read_summary_text"]
