"""``facilitator sessions [--json]``: list the sessions in the database."""

from __future__ import annotations

from .common import open_store, print_json
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser("sessions", parents=[common], help="list sessions",
                       description="List sessions: id, date, title, number of questions and contributions.")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args) -> int:
    with open_store(args, write=False) as store:
        sessions = store.sessions()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "series": s.series,
                    "date": s.date.isoformat(),
                    "start": s.start.strftime("%H:%M") if s.start else None,
                    "end": s.end.strftime("%H:%M") if s.end else None,
                    "venue": s.venue,
                    "language": s.language,
                    "questions": s.question_count,
                    "contributions": s.contribution_count,
                }
                for s in sessions
            ]
        )
        return 0
    if not sessions:
        echo("No sessions yet. Start one with: facilitator new sessions/sahel-security-2023.md")
        return 0
    echo(f"{'ID':26}  {'DATE':10}  {'Q':>3}  {'CONTRIB':>7}  TITLE")
    for s in sessions:
        echo(f"{s.id:26}", f"{s.date.isoformat():10}", f"{s.question_count:>3}", f"{s.contribution_count:>7}", s.title,
             sep="  ")
    return 0
