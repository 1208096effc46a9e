"""The monitoring report as a file: Markdown, Word or HTML, named or anonymous.

Word and HTML are made from the Markdown by the summaries' path
(:mod:`facilitator.core.summary.formats`: pandoc, the report styles, right-to-left for Arabic,
the same bytes for the same data); an anonymous report is read once more after it is made, in
every format, and not written if any form of a person's name is left in it
(:func:`~facilitator.core.summary.formats.check_withheld`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .report import Report, from_db
from .render import render, withheld_names


def report_language(store, lang: str | None, session_ids: list[str] | None = None) -> str:
    """``lang`` if given, else the sessions' language when they agree, else English."""
    if lang:
        from .words import lang_of

        return lang_of(lang)
    from .store import FollowUp

    languages = {a["session_language"] for a in _recs(FollowUp(store), session_ids)}
    return languages.pop() if len(languages) == 1 else "en"


def _recs(follow, session_ids):
    ids = {a.recommendation_id for a in follow.activities(session_ids=session_ids) if a.recommendation_id}
    return [follow.recommendation(rid) for rid in sorted(ids)]


def load_report(store, *, as_of: dt.date | None = None, lang: str | None = None,
                session_ids: list[str] | None = None, title: str | None = None) -> Report:
    from .words import lang_of

    return from_db(store, as_of=as_of or dt.date.today(), lang=lang_of(report_language(store, lang, session_ids)),
                   session_ids=session_ids, title=title)


def monitoring_markdown(store, *, as_of: dt.date | None = None, lang: str | None = None, anonymous: bool = False,
                        session_ids: list[str] | None = None, title: str | None = None) -> str:
    """The monitoring report as Markdown (the same data and ``as_of`` give the same text)."""
    return render(load_report(store, as_of=as_of, lang=lang, session_ids=session_ids, title=title),
                  anonymous=anonymous)


def report_bytes(report: Report, markdown: str, fmt: str = "md", *, anonymous: bool = False,
                 where: str = "the report") -> bytes:
    """``markdown`` (the rendering of ``report``) as a file of format ``fmt``."""
    from ..summary.formats import check_withheld, convert

    data = convert(markdown, fmt, language=report.lang, updated=report.updated)
    if anonymous:
        check_withheld(data, fmt, withheld_names(report), where)
    return data


def monitoring_document(store, fmt: str = "md", *, as_of: dt.date | None = None, lang: str | None = None,
                        anonymous: bool = False, session_ids: list[str] | None = None, title: str | None = None,
                        where: str = "the report") -> bytes:
    """The monitoring report as a file: Markdown, Word (``docx``) or HTML."""
    report = load_report(store, as_of=as_of, lang=lang, session_ids=session_ids, title=title)
    return report_bytes(report, render(report, anonymous=anonymous), fmt, anonymous=anonymous, where=where)


def default_report_name(as_of: dt.date, *, anonymous: bool = False, fmt: str = "md", lang: str | None = None) -> str:
    """``<as of>-follow-up[-<lang>][-anonymous].<fmt>``."""
    name = f"{as_of.isoformat()}-follow-up"
    if lang and lang != "en":
        name += f"-{lang}"
    return name + ("-anonymous" if anonymous else "") + f".{fmt}"


def merge_report_files(paths, *, as_of: str | None = None, lang: str | None = None,
                       anonymous: bool | None = None):
    """(markdown, conflicts, report) of several monitoring reports merged into one."""
    from .merging import merge_reports
    from .parse import read_report

    reports = [read_report(p) for p in paths]
    merged, conflicts = merge_reports(reports, as_of=as_of, lang=lang)
    anonymous = merged.anonymous if anonymous is None else anonymous
    merged.anonymous = anonymous
    for rep in reports:
        merged.warnings += rep.warnings
    return render(merged, anonymous=anonymous), conflicts, merged


def is_report_file(path: str | Path) -> bool:
    """Whether the file at ``path`` is a monitoring report (its first line says so)."""
    from ..textfile import text_lines

    try:
        for _n, line in text_lines(path):
            if line.strip():
                return line.strip().startswith("<!-- facilitator:monitoring")
    except Exception:  # noqa: BLE001  (unreadable: the summary reader says why)
        return False
    return False


__all__ = ["default_report_name", "is_report_file", "load_report", "merge_report_files", "monitoring_document",
           "monitoring_markdown", "report_bytes"]
