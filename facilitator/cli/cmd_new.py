"""``facilitator new AGENDA.md [--room NAME] [--rapporteur NAME]``: create a session from an agenda file."""

from __future__ import annotations

import sys

from .common import open_store
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser("new", parents=[common], help="create a session from an agenda file",
                       description="Create a session from an agenda file (see sessions/README.md); the panel "
                       "it lists is put on the roster (a name already there is not added twice). "
                       "Prints the new session's id on the last line.")
    p.add_argument("agenda", metavar="AGENDA.md", help="agenda file, e.g. sessions/sahel-security-2023.md")
    p.add_argument("--room", metavar="NAME", help="which room runs this agenda (wins over the agenda's Room line)")
    p.add_argument("--rapporteur", metavar="NAME", help="who takes the notes (wins over the agenda's Rapporteur line)")


def run(args) -> int:
    from facilitator.core.agenda import create_session, load_agenda, panel_summary
    from facilitator.core.summary.rooms import session_room

    session, text = load_agenda(args.agenda)  # refuses bad files before the database is touched
    with open_store(args) as store:
        made = create_session(store, session, agenda_text=text, room=args.room, rapporteur=args.rapporteur)
        sid = made.id
        s = store.session(sid)
        room = session_room(store, sid)
    echo("Created session:", s.title, *([f"({room})"] if room else []), file=sys.stderr)
    when = f"  {s.date}  {s.start:%H:%M}–{s.end:%H:%M}" if s.start and s.end else f"  {s.date}"
    echo(when, s.venue or "", sep="  ", file=sys.stderr)
    if s.rapporteur:
        echo("  rapporteur:", s.rapporteur, file=sys.stderr)
    echo(f"  {s.question_count} guiding questions; database {store.path}", file=sys.stderr)
    if made.added or made.known:
        echo(f"  {panel_summary(made)}", file=sys.stderr)
    echo(sid)
    return 0
