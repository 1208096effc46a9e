"""``facilitator merge FILE... -o OUT.md``: one consolidated report from exported summaries."""

from __future__ import annotations

import sys


def register(sub, common) -> None:
    p = sub.add_parser(
        "merge",
        parents=[common],
        help="merge exported summaries into one report",
        description="Merge any number of exported summaries (or merged reports) into one report, "
        "grouped by guiding question. Items appear once; where two files disagree about an item "
        "both versions are kept, marked, and listed on stderr. With any bad input nothing is "
        "written unless --skip-bad is given.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="exported summaries")
    p.add_argument("-o", "--output", metavar="OUT.md", required=True, help="the report to write; '-' writes to stdout")
    p.add_argument("--skip-bad", action="store_true", help="merge the good files and list the bad ones")
    p.add_argument("--anonymous", action="store_true", help="leave every name out of the report")
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT.md that is not one of the inputs")


def run(args) -> int:
    from pathlib import Path

    from facilitator.core.export import write_text_file
    from facilitator.core.merge import merge_files

    result = merge_files(args.files, skip_bad=args.skip_bad, anonymous=True if args.anonymous else None)
    print(result.report(), file=sys.stderr)
    if args.output == "-":
        sys.stdout.write(result.text)
        sys.stdout.flush()
        return 0
    path = write_text_file(args.output, result.text, force=args.force, allowed={Path(f) for f in args.files})
    print(f"Merged {len(args.files) - len(result.skipped)} file(s) into {path}", file=sys.stderr)
    print(path)
    return 0
