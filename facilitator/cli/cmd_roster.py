"""``facilitator roster [--import FILE] [--json]``: list the participants, or import them from CSV."""

from __future__ import annotations

import sys

from .common import open_store, print_json
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "roster",
        parents=[common],
        help="list participants, or import them from a CSV file",
        description="List the participants on the roster, or import them from a CSV file with a "
        "header row (--import; columns name, title, organization, group, country, gender, youth). "
        "An import is all or nothing; a name already on the roster is updated, not duplicated.",
    )
    p.add_argument("--import", dest="import_file", metavar="FILE.csv", help="add or update participants from a CSV file")
    p.add_argument("--new-groups", action="store_true",
                   help="with --import: accept stakeholder groups that are neither on the roster nor known ones")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args) -> int:
    if args.import_file:
        from facilitator.core.roster import import_roster, read_roster

        rows = read_roster(args.import_file)  # checked through once before the database is opened
        with open_store(args) as store:
            result = import_roster(store, rows, args.import_file, new_groups=args.new_groups)
        echo(
            f"Roster: {result.added} added, {result.updated} updated, {result.unchanged} unchanged.",
            file=sys.stderr,
        )
        return 0
    with open_store(args, write=False) as store:
        people = store.participants()
    if args.json:
        print_json([p.model_dump() for p in people])
        return 0
    if not people:
        echo("The roster is empty. Import one with: facilitator roster --import FILE.csv")
        return 0
    for p in people:
        extra = " · ".join(x for x in (p.organization, p.stakeholder_group, p.country) if x)
        also = f"  also written: {' | '.join(p.aliases)}" if p.aliases else ""
        echo(p.name, *([f"({extra})"] if extra else []), *([also.strip()] if also else []), sep="  ")
    return 0
