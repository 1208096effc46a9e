"""``facilitator display SESSION [--anonymous]``: the room display, on the screen the room looks at.

A read-only app (the database is opened for reading only: it never writes) that fills the
terminal with the current guiding question and the latest contributions to it, following the
capture window live (``tui/screens/display.py``). ``--anonymous`` names nobody: stakeholder
groups only, names withheld from what was said.
"""

from __future__ import annotations

from .cmd_open import add_bidi_option


def register(sub, common) -> None:
    p = sub.add_parser("display", parents=[common], help="the room display: the question and what is said, live",
                       description="Show the current guiding question and the latest contributions in large type "
                       "for the room's screen, following the capture window live; read-only. a switches named / "
                       "anonymous, escape quits.")
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("--anonymous", action="store_true",
                   help="name nobody: stakeholder groups only, names withheld from what was said (Chatham House Rule)")
    add_bidi_option(p)


def run(args) -> int:
    from facilitator.tui.app import FacilitatorApp

    from .common import open_store

    with open_store(args, create=False, write=False) as store:  # it only reads
        session_id = store.resolve_session(args.session)
        app = FacilitatorApp(store=store, bidi=getattr(args, "bidi", None), display=session_id,
                             anonymous=args.anonymous)
        app.run()
        return app.return_code or 0
