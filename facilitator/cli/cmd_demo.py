"""``facilitator demo [--empty] [--reset [--yes]]``: the app on the sample panel, in a database of its own.

The demo database is ``demo.db`` in the user data folder (or ``--db PATH``), never the user's
own database. The first run makes it from the sample shipped in the package (see
``core/demo.py``); later runs open it as it was left. ``--empty`` opens the blank session of the
same agenda (panel on the roster, nothing captured). ``--reset`` starts again from the sample,
after keeping a copy of the old demo in ``backups/`` beside it: it asks first on a terminal,
and needs ``--yes`` in a script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "demo",
        help="open the app on a sample panel, in a database of its own",
        description="Open the app on the sample Sahel panel (over a hundred contributions in English, "
        "French and Arabic, themes and draft recommendations) in a database of its own: demo.db in the "
        "user data folder, or --db PATH; never your own database. Made from the sample on first use, "
        "then left as you leave it.",
    )
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                   help="the demo database (default: demo.db in the user data folder; $FACILITATOR_DB is not used)")
    p.add_argument("--empty", action="store_true",
                   help="open the blank session of the same agenda instead (the panel on the roster, nothing captured)")
    p.add_argument("--reset", action="store_true",
                   help="start again from the sample; the old demo database is kept as a copy in backups/")
    p.add_argument("--yes", "-y", action="store_true", help="with --reset: do not ask (needed when not on a terminal)")
    from .cmd_open import add_bidi_option

    add_bidi_option(p, default=argparse.SUPPRESS)


def demo_path(args) -> Path:
    from facilitator.core.demo import default_demo_path

    explicit = getattr(args, "db", None)
    from facilitator.core.paths import expand

    return expand(explicit) if explicit else default_demo_path()


def open_demo(path: Path, *, empty: bool = False):
    """The demo store at ``path`` and the session to show; the sample is imported on first use.
    Returns ``(store, DemoSession)``; the caller closes the store."""
    from facilitator.core import demo
    from facilitator.core.errors import CorruptDatabase, ForeignDatabase, NewerSchema, StoreError
    from facilitator.core.store import Store

    try:
        store = Store.open(path)
    except (CorruptDatabase, ForeignDatabase, NewerSchema) as exc:
        raise StoreError(f"{exc}\nTo start the demo again (the file is kept as a copy): {command()} demo --reset",
                         path) from None
    try:
        session = demo.blank_session(store) if empty else demo.sample_session(store)
    except BaseException:
        store.close()
        raise
    return store, session


def _confirm_reset(path: Path, args) -> bool:
    from facilitator.core.backup import backup_dir
    from facilitator.core.errors import FacilitatorError

    from .cmd_open import _ask, _interactive

    if args.yes:
        return True
    if not _interactive():
        raise FacilitatorError(
            f"{path}: --reset starts the demo again from the sample; add --yes to do it without a question "
            f"(the old demo is kept as a copy in {backup_dir(path)})"
        )
    return _ask(
        f"Start the demo again from the sample? What you did in {path} is kept as a copy in "
        f"{backup_dir(path)}/. [y/N] "
    )


def run(args) -> int:
    from facilitator.core import demo

    from .cmd_open import run_app

    path = demo_path(args)
    if args.reset and demo.has_files(path):
        if not _confirm_reset(path, args):
            echo("facilitator: the demo was left as it was.", file=sys.stderr)
            return 1
        kept = demo.reset(path)
        if kept:
            echo(f"The earlier demo is kept in {kept}", file=sys.stderr)
    new = not path.exists()
    if new:
        echo(f"Making the demo database from the sample panel: {path}", file=sys.stderr)
    store, session = open_demo(path, empty=args.empty)
    store.close()
    app_args = argparse.Namespace(db=str(path), bidi=getattr(args, "bidi", None))
    status = run_app(app_args, session=session.id)
    echo(f"The demo is kept in {path} as you left it{_now_holds(path, session.id)}.\n"
         f"  {command()} demo: open it again · --empty: a blank session of the same agenda · "
         "--reset: start again from the sample", file=sys.stderr)
    return status


def command() -> str:
    """How to run facilitator again from where the user is: ``python3 dev.py`` when the demo
    came from there (it says so in ``FACILITATOR_COMMAND``), ``facilitator`` when that is on the
    PATH and is this one, else the path of this environment's command (``.venv/bin/facilitator``
    after the Quick start, where ``facilitator`` is not on the PATH)."""
    import os
    import shutil

    told = os.environ.get("FACILITATOR_COMMAND", "").strip()
    if told:
        return told
    here = Path(sys.executable).parent / ("facilitator.exe" if os.name == "nt" else "facilitator")
    found = shutil.which("facilitator")
    if found and (not here.exists() or Path(found).resolve() == here.resolve()):
        return "facilitator"
    if here.exists():
        try:
            return str(here.relative_to(Path.cwd()))
        except ValueError:
            return str(here)
    return f"{sys.executable} -m facilitator"


def _now_holds(path: Path, session_id: str) -> str:
    from facilitator.core import demo
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.store import Store

    try:
        with Store.open(path, create=False) as store:
            return f" ({demo.describe(store, session_id)})"
    except FacilitatorError:
        return ""
