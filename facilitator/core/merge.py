"""Merge exported summaries into one consolidated report (``facilitator merge``).

Heavy: import this module only when merging. ``merge_files(paths)`` reads every file first;
with any bad input nothing is produced (a :class:`MergeError` lists every bad file and why)
unless ``skip_bad`` is given, which merges the rest and lists what was skipped. The result is
itself an export: it can be merged again or imported. See :mod:`.summary.merging`.
"""

from __future__ import annotations

from pathlib import Path

from .errors import FacilitatorError
from .summary.merging import Conflict, MergeResult, merge_docs
from .summary.parse import SummaryError, read_summary


class MergeError(FacilitatorError):
    """Bad inputs (or none): nothing was merged or written."""

    def __init__(self, message: str, bad: list[str] | None = None):
        self.bad = bad or []
        super().__init__(message)


def read_inputs(paths, skip_bad: bool = False):
    docs, bad = [], []
    for path in paths:
        try:
            docs.append(read_summary(path))
        except SummaryError as exc:
            bad.append(str(exc))
    if bad and not skip_bad:
        raise MergeError(
            f"cannot merge: {len(bad)} bad input(s); nothing was written (--skip-bad merges the rest):\n  "
            + "\n  ".join(bad),
            bad,
        )
    if not docs:
        raise MergeError("nothing to merge" + (": every input was bad:\n  " + "\n  ".join(bad) if bad else ""), bad)
    return docs, bad


def merge_files(paths, skip_bad: bool = False, anonymous: bool | None = None, *, lang: str | None = None,
                group_by: str | None = None, include_dropped: bool = False, form: str = "record",
                statuses: tuple[str, ...] | None = None) -> MergeResult:
    """Merge the exported files at ``paths``; returns the Markdown, the conflicts and what was skipped.

    ``lang``: the language of the report (its fixed words, and the questions' headings where a
    translation exists); ``group_by``, ``include_dropped``, ``form`` and ``statuses``: as for an
    export (a series of meetings in several areas is grouped by area, then lens)."""
    paths = [Path(p) for p in paths]
    docs, bad = read_inputs(paths, skip_bad)
    return merged_result(docs, [str(p) for p in paths], bad, anonymous, lang=lang, group_by=group_by,
                         include_dropped=include_dropped, form=form, statuses=statuses)


def merged_result(docs, inputs, bad, anonymous, *, lang=None, group_by=None, include_dropped=False, form="record",
                  statuses=None) -> MergeResult:
    doc, conflicts = merge_docs(docs, lang=lang)
    anonymous = doc.anonymous if anonymous is None else anonymous
    result = MergeResult(text="", conflicts=conflicts, skipped=bad,
                         warnings=[w for d in docs for w in d.warnings] + doc.warnings, inputs=inputs, doc=doc,
                         anonymous=anonymous, lang=lang, group_by=group_by, include_dropped=include_dropped,
                         form=form, statuses=statuses)
    result.render()
    return result


def merge_texts(named_texts: list[tuple[str, str]], anonymous: bool | None = None, *, lang: str | None = None,
                group_by: str | None = None, include_dropped: bool = False, form: str = "record",
                statuses: tuple[str, ...] | None = None) -> MergeResult:
    """Merge texts already in memory (``(name, text)`` pairs); bad input raises :class:`SummaryError`."""
    from .summary.parse import parse_summary

    docs = [parse_summary(text, name) for name, text in named_texts]
    return merged_result(docs, [n for n, _ in named_texts], [], anonymous, lang=lang, group_by=group_by,
                         include_dropped=include_dropped, form=form, statuses=statuses)


__all__ = ["Conflict", "MergeError", "MergeResult", "merge_files", "merge_texts"]
