"""``facilitator open SESSION``: open the app on a session (``facilitator`` alone opens the list).

Before any screen: a database file that is not usable (corrupt, empty, another program's,
written by a newer version) is refused with a clear message and never modified. On a terminal
the user is offered a new, empty database at a suggested path beside it; in scripts the message
names that path and the exit status is 2.

When the database holds sessions, an automatic backup is taken on a background thread as the
app opens, and again each time a session is opened from the home screen (``backups/`` beside
the database, the last few kept, an unchanged database not copied twice; see ``core/backup.py``).

``--bidi auto|on|off`` sets how Arabic is shown for this run (see ``tui/bidi.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from .output import echo

AUTO_BACKUP_DELAY_S = 3.0  # after the first screen; taken at once if the app closes sooner


def register(sub, common) -> None:
    p = sub.add_parser("open", parents=[common], help="open the app on a session",
                       description="Open the app on a session's capture screen.")
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    add_bidi_option(p, default=argparse.SUPPRESS)


def add_bidi_option(parser, default=None) -> None:
    parser.add_argument(
        "--bidi",
        choices=("auto", "on", "off"),
        default=default,
        help="show Arabic reordered for the screen (on), as the terminal draws it (off), "
        "or decide by the terminal (auto); default: the saved setting, else auto",
    )


def suggest_new_path(path: Path) -> Path:
    """Where a new database could go: ``<name>-new.db`` beside the bad file if that folder can be
    written, else in the user data folder; never a file that exists."""
    path = Path(path)
    if os.access(path.parent, os.W_OK):
        folder = path.parent
    else:
        from facilitator.core.paths import NoUserFolder, user_dir

        try:
            folder = user_dir("data")
        except NoUserFolder:
            import tempfile

            folder = Path(tempfile.gettempdir())
    stem = path.stem or "facilitator"
    candidate = folder / f"{stem}-new.db"
    n = 2
    while candidate.exists() or Path(f"{candidate}-wal").exists():
        candidate = folder / f"{stem}-new-{n}.db"
        n += 1
    return candidate


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(question: str) -> bool:
    echo(question, end="", file=sys.stderr)
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def open_or_offer_new(path: Path):
    """``Store.open(path)``; when the file is not a usable facilitator database, explain, and
    offer a new database elsewhere. Returns ``(store, replaced)``; raises StoreError (exit 2)
    when the user declines or cannot be asked."""
    from facilitator.core.errors import CorruptDatabase, ForeignDatabase, NewerSchema, StoreError
    from facilitator.core.store import Store

    try:
        return Store.open(path, check="background"), False  # writes wait for the check
    except (CorruptDatabase, ForeignDatabase, NewerSchema) as exc:
        problem = exc
    new = suggest_new_path(path)
    if not _interactive():
        raise StoreError(
            f"{problem}\nThe file was not changed. To start a new, empty database instead, run:\n"
            f"  facilitator --db {new}",
            path,
        )
    echo(f"facilitator: {problem}\nThe file was not changed.", file=sys.stderr)
    if not _ask(f"Start a new, empty database at {new} instead? [y/N] "):
        raise StoreError(f"nothing was opened; {path} was left as it was", path)
    store = Store.open(new)
    echo(f"New database: {new}  (next time: facilitator --db {new})", file=sys.stderr)
    return store, True


def _run_tui(store, session_id: str | None, *, backups: "AutoBackups | None" = None, bidi: str | None = None,
             backup_at_start: bool = False) -> int:
    from facilitator.tui.app import FacilitatorApp

    app = FacilitatorApp(store=store, session_id=session_id, bidi=bidi, backups=backups,
                         backup_at_start=backup_at_start)
    with _terminal_leaves_arabic_to_the_app():
        app.run()
    if store.integrity is not None and store.integrity.error is not None:
        return 2  # the database failed its check: the app said so and wrote nothing
    return app.return_code or 0


@contextlib.contextmanager
def _terminal_leaves_arabic_to_the_app():
    """While the app reorders Arabic itself, ask the terminal not to reorder it again: the
    terminal-bidi recommendation's explicit mode (BDSM reset, ``CSI 8 l``), set back to the
    implicit mode (``CSI 8 h``) on the way out. Terminals that follow it (VTE 0.58 and later:
    GNOME Terminal, Tilix, Terminator...) then show the app's lines as drawn; the others ignore
    it (see ``tui/bidi.py`` for the terminals that reorder and cannot be told not to)."""
    from facilitator.tui import bidi

    stream = sys.__stdout__
    if stream is None or not stream.isatty() or not bidi.active():
        yield
        return
    stream.write(bidi.EXPLICIT_MODE)
    stream.flush()
    try:
        yield
    finally:
        stream.write(bidi.IMPLICIT_MODE)
        stream.flush()


class AutoBackups:
    """The automatic backups of one run of the app, each on its own thread."""

    def __init__(self, store) -> None:
        self.path = store.path
        self.runs: list = []

    def start(self) -> None:
        """Start a backup unless one is still being taken."""
        from facilitator.core.backup import BackgroundBackup

        if any(run.running for run in self.runs):
            return
        self.runs.append(BackgroundBackup(self.path, delay=AUTO_BACKUP_DELAY_S).start())

    def finish(self) -> list[str]:
        """Wait for the backups still running; the messages of those that failed."""
        for run in self.runs:
            run.join(timeout=60)
        return [run.error for run in self.runs if run.error]


def _holds_sessions(store) -> bool:
    return store.has_sessions()


def run_app(args, session: str | None) -> int:
    from facilitator.core.paths import resolve_db_path

    path = resolve_db_path(getattr(args, "db", None))
    store, replaced = open_or_offer_new(path)  # before any screen: a bad file is never touched
    backups = AutoBackups(store)
    try:
        session_id = store.resolve_session(session) if session and not replaced else None
        worth_keeping = _holds_sessions(store)  # nothing to keep in an empty database
        status = _run_tui(store, session_id, backups=backups, bidi=getattr(args, "bidi", None),
                          backup_at_start=worth_keeping)
        if store.integrity is not None and store.integrity.error is not None:
            worth_keeping = False  # a damaged file: nothing to copy
        if worth_keeping and not backups.runs:  # the app closed before its first frame
            backups.start()
    finally:
        store.close()
        for error in backups.finish():
            echo(f"facilitator: warning: the automatic backup failed: {error}", file=sys.stderr)
    return status


def run(args) -> int:
    return run_app(args, session=args.session)
