"""The ``facilitator`` command line.

Each command lives in its own module in this package with two functions: ``register(sub,
common)`` adds its sub-parser and ``run(args)`` does the work and returns the exit status.
Heavy imports belong inside ``run``. Errors the user can act on are
:class:`~facilitator.core.errors.FacilitatorError`; they are printed to stderr and the exit
status is 2, with nothing written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from facilitator import __version__

# Order is the order of ``facilitator --help``.
COMMANDS = (
    "demo",
    "open",
    "display",
    "new",
    "sessions",
    "add",
    "search",
    "overview",
    "cluster",
    "lens",
    "rec",
    "park",
    "roster",
    "backup",
    "export",
    "import",
    "merge",
    "followup",
    "keys",
)


class _Parser(argparse.ArgumentParser):
    """Errors of the arguments name what was given (``unrecognized arguments: ...``): printed
    through the CLI's one output function, so that nothing given can drive the terminal."""

    def error(self, message: str) -> NoReturn:
        from facilitator.cli.output import shown

        self.print_usage(sys.stderr)
        self.exit(2, shown(f"{self.prog}: error: {message}\n"))


class _CommandParser(_Parser):
    """A command's parser that lets options and positionals come in any order
    (``add SESSION -q 3 TEXT`` as well as ``add -q 3 SESSION TEXT``)."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._intermixing or any(a.nargs == argparse.PARSER for a in self._actions):
            # a command with actions of its own (``followup list``): its actions' parsers intermix
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def _only_app_options(argv: list[str]) -> bool:
    """True for ``facilitator`` with at most ``--db`` and ``--bidi`` (the app, no command): then
    the parsers of the commands need not be built (start-up is measured)."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in ("--db", "--bidi") and i + 1 < len(argv):
            i += 2
        elif token.startswith(("--db=", "--bidi=")):
            i += 1
        else:
            return False
    return True


# Arguments that name files: any bytes the file system allows (an argument that is not UTF-8
# arrives with lone surrogates, which open() turns back into the same bytes).
_PATH_ARGUMENTS = {"db", "agenda", "file", "files", "from_file", "import_file", "output", "report"}


def _not_utf8(args: argparse.Namespace) -> str | None:
    """What is wrong with an argument that is not UTF-8 text (the bytes of another encoding)
    and is not a file name: no text field can hold it."""
    from facilitator.cli.output import shown

    for dest, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if dest not in _PATH_ARGUMENTS and isinstance(item, str) and any("\ud800" <= ch <= "\udfff" for ch in item):
                name = dest.upper() if dest in ("session", "text", "query") else "--" + dest.replace("_", "-")
                return f"{name} is not UTF-8 text ({shown(item)[:60]!r}): type it, or save the script, as UTF-8"
    return None


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: $FACILITATOR_DB, else the user data folder)",
    )
    parser = _Parser(
        prog="facilitator",
        description="Capture, cluster and report what is said at a panel. "
        "With no command, opens the app on the list of sessions.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    parser.add_argument("--db", metavar="PATH", default=None, help="database file (default: $FACILITATOR_DB, else the user data folder)")
    from facilitator.cli.cmd_open import add_bidi_option

    add_bidi_option(parser)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in COMMANDS:
        module = importlib.import_module(f"facilitator.cli.cmd_{name}")
        module.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    from facilitator.cli.output import echo
    from facilitator.core.errors import FacilitatorError

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(commands=not _only_app_options(argv))
    args = parser.parse_args(argv)
    not_text = _not_utf8(args)
    if not_text:
        echo(f"facilitator: error: {not_text}", file=sys.stderr)
        return 2
    try:
        if not args.command:
            from facilitator.cli.cmd_open import run_app

            return run_app(args, session=None)
        module = importlib.import_module(f"facilitator.cli.cmd_{args.command}")
        return module.run(args)
    except FacilitatorError as exc:
        echo(f"facilitator: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for what SQLite or the disk said
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            from facilitator.core import dbfile

            echo(f"facilitator: error: {dbfile.describe(exc)}; nothing was changed", file=sys.stderr)
            return 2
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            echo(f"facilitator: error: {where}{exc.strerror or exc}", file=sys.stderr)
            return 2
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):  # a value checked by the models (core/limits.py)
            from facilitator.core.models import problem

            echo(f"facilitator: error: {problem(exc)}; nothing was changed", file=sys.stderr)
            return 2
        raise
