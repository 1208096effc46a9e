"""``facilitator merge FILE... -o OUT [--format md|docx|html] [--lang en|ar|fr]``: one consolidated report."""

from __future__ import annotations

import sys

from .cmd_export import add_document_options, language_of, statuses_of
from .output import echo, write_document


def register(sub, common) -> None:
    p = sub.add_parser(
        "merge",
        parents=[common],
        help="merge exported summaries into one report",
        description="Merge any number of exported summaries (or merged reports) into one report, "
        "grouped by guiding question (matched by id, or by their words in any language the agendas "
        "give). Items appear once; where two files disagree about an item both versions are kept, "
        "marked, and listed on stderr; near-duplicates of different sessions are listed in the report "
        "as 'similar, consider merging'. With any bad input nothing is written unless --skip-bad is given.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="exported summaries (Markdown)")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the report to write; '-' writes to stdout")
    p.add_argument("--skip-bad", action="store_true", help="merge the good files and list the bad ones")
    p.add_argument("--anonymous", action="store_true", help="leave every name out of the report")
    p.add_argument("--lang", metavar="CODE", help="the language of the report (en, ar, fr): its headings and labels, "
                   "and the questions where an agenda gives a translation; an Arabic report is right-to-left in Word "
                   "and HTML")
    add_document_options(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT, also one of the inputs (a report merged again into itself)")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.errors import FacilitatorError
    from facilitator.core.export import write_text_file
    from facilitator.core.followup.document import is_report_file
    from facilitator.core.merge import merge_files
    from facilitator.core.summary.formats import format_of

    reports = [is_report_file(f) for f in args.files]
    if any(reports):
        if not all(reports):
            raise FacilitatorError("monitoring reports (the follow-up) and summaries cannot be merged together: "
                                   "merge each kind on its own; nothing was written")
        return _merge_reports(args)
    lang, statuses = language_of(args), statuses_of(args)
    fmt = format_of(args.output, args.format)
    result = merge_files(args.files, skip_bad=args.skip_bad, anonymous=True if args.anonymous else None, lang=lang,
                         group_by=args.group_by, include_dropped=args.dropped, form=args.form, statuses=statuses)
    echo(result.report(), file=sys.stderr)
    data = result.document(fmt, where="stdout" if args.output == "-" else args.output)
    if args.output == "-":
        write_document(data, binary=fmt == "docx")
        return 0
    from facilitator.core.paths import resolve_db_path

    path = write_text_file(args.output, data, force=args.force, inputs={Path(f) for f in args.files},
                           database=resolve_db_path(getattr(args, "db", None)))
    echo(result.summary(str(path)), file=sys.stderr)
    echo(path)
    return 0


def _merge_reports(args) -> int:
    """Several staff's monitoring reports (``followup merge``)."""
    from facilitator.core.errors import FacilitatorError

    from .cmd_followup import _run_merge

    lang = (args.lang or "").strip().lower() or None
    if lang not in (None, "en", "fr", "ar"):
        raise FacilitatorError(f"--lang {args.lang!r}: a monitoring report is written in en, fr or ar")
    if args.format not in (None, "md", "docx", "html"):
        raise FacilitatorError(f"--format {args.format}: md, docx or html")
    args.lang = lang
    args.as_of = None
    return _run_merge(args)
