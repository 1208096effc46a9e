"""``facilitator export SESSION [--format md|docx|html] [-o FILE] [--anonymous] [--by addressee|question]
[--dropped]``: write the session's summary, the outcome document."""

from __future__ import annotations

import sys

from .common import open_store
from .output import document_stdout, echo


def add_document_options(p) -> None:
    """The options an export and a merge share: format, grouping, dropped recommendations."""
    p.add_argument("--format", choices=("md", "docx", "html"), default=None,
                   help="Markdown (default; what import and merge read), Word or HTML; "
                   "without it, the -o file's extension decides")
    p.add_argument("--form", choices=("record", "outcome"), default="record",
                   help="record: the working record (default; status, rank, evidence; what import and merge read); "
                   "outcome: the document to send (an opening from the agenda, the recommendations numbered with "
                   "their addressee and lens, the support and the evidence in annexes)")
    p.add_argument("--statuses", metavar="LIST", default=None,
                   help="the recommendations an outcome document lists, comma-separated (default: agreed; "
                   "e.g. agreed,reviewed)")
    p.add_argument("--by", dest="group_by", choices=("addressee", "question", "area"), default=None,
                   help="group the recommendations by addressee (in any language: one group each), by guiding "
                   "question, or by area then lens (default: one numbered list; a series of meetings: by area)")
    p.add_argument("--dropped", action="store_true", help="list the dropped recommendations too (last)")


def statuses_of(args) -> tuple[str, ...] | None:
    """``--statuses agreed,reviewed`` as a tuple (None: the form's default)."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.summary.model import STATUSES
    from facilitator.core.summary.words import key_of

    if not args.statuses:
        return None
    out = []
    for part in args.statuses.replace(";", ",").split(","):
        if not part.strip():
            continue
        found = key_of(part, STATUSES)
        if found is None:
            raise FacilitatorError(f"--statuses: unknown status {part.strip()!r} (known: {', '.join(STATUSES)})")
        out.append(found)
    if args.form != "outcome":
        raise FacilitatorError("--statuses is for the outcome document (--form outcome); the working record lists "
                               "every status (--dropped adds the dropped ones)")
    return tuple(dict.fromkeys(out)) or None


def language_of(args) -> str | None:
    from facilitator.core.errors import FacilitatorError

    lang = (getattr(args, "lang", None) or "").strip().lower() or None
    if lang is not None and lang not in ("en", "fr", "ar"):
        raise FacilitatorError(f"--lang {args.lang!r}: the documents are written in en (English), fr (French) or "
                               "ar (Arabic); nothing was written")
    return lang


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
    p.add_argument("--lang", metavar="CODE", help="the language of the document's headings and labels (en, fr, "
                   "ar; default: the session's); Arabic is right-to-left in Word and HTML")
    add_document_options(p)
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.export import default_export_name, write_export
    from facilitator.core.paths import exports_dir
    from facilitator.core.summary.formats import format_of

    fmt = format_of(args.output, args.format)
    statuses, lang = statuses_of(args), language_of(args)
    with open_store(args, create=False, write=False) as store:
        sid = store.resolve_session(args.session)
        name = default_export_name(store, sid, anonymous=args.anonymous, fmt=fmt, form=args.form)
        target = None if args.output == "-" else (Path(args.output) if args.output else exports_dir() / name)
        # written as it is made (a session of any size is never whole in memory), to stdout once
        # complete (on a terminal, line by line as echo shows text: safe, Arabic readable)
        if target is None:
            with document_stdout(binary=fmt == "docx") as out:
                write_export(store, sid, None, fmt, anonymous=args.anonymous, group_by=args.group_by,
                             include_dropped=args.dropped, lang=lang, form=args.form, statuses=statuses,
                             stdout=out)
            return 0
        path = write_export(store, sid, target, fmt, anonymous=args.anonymous, group_by=args.group_by,
                            include_dropped=args.dropped, lang=lang, form=args.form, statuses=statuses,
                            force=args.force, database=store.path)
    what = " ".join(x for x in ("outcome document" if args.form == "outcome" else "", "(anonymous)" if args.anonymous
                                else "") if x)
    echo(f"Exported{' ' + what if what else ''} to {path}", file=sys.stderr)
    echo(path)
    return 0
