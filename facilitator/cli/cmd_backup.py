"""``facilitator backup [-o FILE]``: a safe copy of the database, also while the app is saving."""

from __future__ import annotations

import sys

from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the database safely, even while it is in use",
        description="Copy the database with SQLite's online backup API: a consistent copy even "
        "while another window is saving. Without -o the copy goes to the backups/ folder beside "
        "the database. An existing file is never overwritten. Prints the copy's path.",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the copy (must not exist yet)")


def run(args) -> int:
    from facilitator.core.backup import backup_database, default_backup_path
    from facilitator.core.paths import resolve_db_path

    db_path = resolve_db_path(getattr(args, "db", None))
    dest = args.output or default_backup_path(db_path)
    result = backup_database(db_path, dest)
    echo(
        f"Backed up {db_path} ({result.sessions} sessions, {result.contributions} contributions, "
        f"{result.size / 1024:.0f} KiB) to:",
        file=sys.stderr,
    )
    echo(result.path)
    return 0
