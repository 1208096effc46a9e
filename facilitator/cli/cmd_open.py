"""``facilitator open SESSION``: open the app on a session (``facilitator`` alone opens the list)."""

from __future__ import annotations

from .common import open_store


def register(sub, common) -> None:
    p = sub.add_parser("open", parents=[common], help="open the app on a session",
                       description="Open the app on a session's capture screen.")
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")


def run_app(args, session: str | None) -> int:
    store = open_store(args)  # a damaged or foreign file is refused here, before any screen
    try:
        session_id = store.resolve_session(session) if session else None
    except BaseException:
        store.close()
        raise
    from facilitator.tui.app import FacilitatorApp

    app = FacilitatorApp(store=store, session_id=session_id)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def run(args) -> int:
    return run_app(args, session=args.session)
