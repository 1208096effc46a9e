"""``facilitator new AGENDA.md``: create a session from an agenda file."""

from __future__ import annotations

import sys

from .common import open_store


def register(sub, common) -> None:
    p = sub.add_parser("new", parents=[common], help="create a session from an agenda file",
                       description="Create a session from an agenda file (see sessions/README.md); the panel "
                       "it lists is put on the roster (a name already there is not added twice). "
                       "Prints the new session's id on the last line.")
    p.add_argument("agenda", metavar="AGENDA.md", help="agenda file, e.g. sessions/sahel-security-2023.md")


def run(args) -> int:
    from facilitator.core.agenda import create_session, load_agenda, panel_summary

    session, text = load_agenda(args.agenda)  # refuses bad files before the database is touched
    with open_store(args) as store:
        made = create_session(store, session, agenda_text=text)
        sid = made.id
        s = store.session(sid)
    print(f"Created session: {s.title}", file=sys.stderr)
    print(f"  {s.date}  {s.start:%H:%M}–{s.end:%H:%M}  {s.venue or ''}" if s.start and s.end else f"  {s.date}  {s.venue or ''}", file=sys.stderr)
    print(f"  {s.question_count} guiding questions; database {store.path}", file=sys.stderr)
    if made.added or made.known:
        print(f"  {panel_summary(made)}", file=sys.stderr)
    print(sid)
    return 0
