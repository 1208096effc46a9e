"""``facilitator export SESSION [-o FILE] [--anonymous]``: write the session summary as Markdown."""

from __future__ import annotations

import sys

from .common import open_store


def register(sub, common) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="write a session's summary as Markdown",
        description="Write the session summary as Markdown (format: exports/README.md), by default "
        "into exports/ as <date>-<slug>.md (<date>-<slug>-anonymous.md with --anonymous). An existing "
        "file with other content is not overwritten without --force. Prints the file's path.",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write; '-' writes to stdout")
    p.add_argument("--anonymous", action="store_true", help="Chatham House: no names, stakeholder groups only")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.export import default_export_name, export_session, write_text_file
    from facilitator.core.paths import exports_dir

    with open_store(args, create=False) as store:
        sid = store.resolve_session(args.session)
        text = export_session(store, sid, anonymous=args.anonymous)
        name = default_export_name(store, sid, anonymous=args.anonymous)
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    target = Path(args.output) if args.output else exports_dir() / name
    path = write_text_file(target, text, force=args.force)
    print(f"Exported{' (anonymous)' if args.anonymous else ''} to {path}", file=sys.stderr)
    print(path)
    return 0
