"""``facilitator export SESSION [--format md|docx|html] [-o FILE] [--anonymous] [--by addressee|question]
[--dropped]``: write the session's summary, the outcome document."""

from __future__ import annotations

import sys

from .common import open_store
from .output import echo, write_document


def add_document_options(p) -> None:
    """The options an export and a merge share: format, grouping, dropped recommendations."""
    p.add_argument("--format", choices=("md", "docx", "html"), default=None,
                   help="Markdown (default; what import and merge read), Word or HTML; "
                   "without it, the -o file's extension decides")
    p.add_argument("--by", dest="group_by", choices=("addressee", "question"), default=None,
                   help="group the recommendations by addressee or by guiding question (default: one numbered list)")
    p.add_argument("--dropped", action="store_true", help="list the dropped recommendations too (last)")


def register(sub, common) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="write a session's summary (Markdown, Word or HTML)",
        description="Write the session summary, the outcome document: the recommendations first, then an "
        "overview, then the evidence (format: exports/README.md). By default into exports/ as "
        "<date>-<slug>[-<room>].md (-anonymous with --anonymous). An existing file with other content is "
        "not overwritten without --force. Prints the file's path.",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write; '-' writes to stdout")
    p.add_argument("--anonymous", action="store_true", help="Chatham House: no names, stakeholder groups only")
    add_document_options(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.export import default_export_name, export_document, write_text_file
    from facilitator.core.paths import exports_dir
    from facilitator.core.summary.formats import format_of

    fmt = format_of(args.output, args.format)
    with open_store(args, create=False, write=False) as store:
        sid = store.resolve_session(args.session)
        name = default_export_name(store, sid, anonymous=args.anonymous, fmt=fmt)
        target = None if args.output == "-" else (Path(args.output) if args.output else exports_dir() / name)
        data = export_document(store, sid, fmt, anonymous=args.anonymous, group_by=args.group_by,
                               include_dropped=args.dropped, where=str(target or "stdout"))
    if target is None:
        write_document(data, binary=fmt == "docx")
        return 0
    path = write_text_file(target, data, force=args.force, database=store.path)
    echo(f"Exported{' (anonymous)' if args.anonymous else ''} to {path}", file=sys.stderr)
    echo(path)
    return 0
