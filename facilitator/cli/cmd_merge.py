"""``facilitator merge FILE... -o OUT [--format md|docx|html] [--lang en|ar|fr]``: one consolidated report."""

from __future__ import annotations

import sys

from .cmd_export import add_document_options
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
    p.add_argument("--lang", metavar="CODE", help="the language of the questions' headings (en, ar, fr...) where "
                   "an agenda gives a translation; an Arabic report is right-to-left in Word and HTML")
    add_document_options(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT that is not one of the inputs")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.errors import FacilitatorError
    from facilitator.core.export import write_text_file
    from facilitator.core.merge import merge_files
    from facilitator.core.summary.formats import format_of

    lang = (args.lang or "").strip().lower() or None
    if lang is not None and not (2 <= len(lang) <= 3 and lang.isalpha() and lang.isascii()):
        raise FacilitatorError(f"--lang {args.lang!r}: give a language code such as en, ar or fr")
    fmt = format_of(args.output, args.format)
    result = merge_files(args.files, skip_bad=args.skip_bad, anonymous=True if args.anonymous else None, lang=lang,
                         group_by=args.group_by, include_dropped=args.dropped)
    echo(result.report(), file=sys.stderr)
    data = result.document(fmt, where="stdout" if args.output == "-" else args.output)
    if args.output == "-":
        write_document(data, binary=fmt == "docx")
        return 0
    from facilitator.core.paths import resolve_db_path

    path = write_text_file(args.output, data, force=args.force, allowed={Path(f) for f in args.files},
                           database=resolve_db_path(getattr(args, "db", None)))
    echo(f"Merged {len(args.files) - len(result.skipped)} file(s) into {path}", file=sys.stderr)
    echo(path)
    return 0
