"""``facilitator import FILE.md``: load an exported summary (or a merged report) into the database."""

from __future__ import annotations

import sys

from .common import store_for_import
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "import",
        parents=[common],
        help="load an exported summary (or a monitoring report) into the database",
        description="Load an exported summary or a merged report (or a monitoring report of the follow-up) into "
        "the database, all or nothing. "
        "Items are matched by their hidden ids: edited texts replace the stored ones (the old text "
        "is kept as a revision), new items are added, nothing is deleted. Importing the same file "
        "twice changes nothing the second time.",
    )
    p.add_argument("file", metavar="FILE.md", help="an exported summary or merged report")
    p.add_argument("--replace-newer", action="store_true",
                   help="put the file's texts back even where the database's changed after the file was made "
                        "(by default the newer text is kept, the file's among its earlier versions)")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.followup.document import is_report_file

    if is_report_file(args.file):  # the follow-up's monitoring report
        from .cmd_followup import import_report_command

        return import_report_command(args, Path(args.file))
    from facilitator.core.importer import import_doc, read_summary

    doc = read_summary(args.file)  # a bad file is refused before the database is opened

    with store_for_import(args) as store:
        result = import_doc(store, doc, Path(args.file).name, replace_newer=args.replace_newer)
    for w in result.warnings:
        echo(f"facilitator: note: {w}", file=sys.stderr)
    echo(result.summary(), file=sys.stderr)
    for sid in result.sessions:
        echo(sid)
    return 0
