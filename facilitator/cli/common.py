"""Small helpers the commands share."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import Any

from facilitator.core.paths import resolve_db_path


def open_store(args: argparse.Namespace, *, create: bool = True, write: bool = True):
    """The database of ``--db`` (or the default). ``write=False`` for commands that only read:
    they work on a read-only file or folder and never change the file (a database that does not
    exist yet is created first when ``create``)."""
    from facilitator.core.store import Store

    from .output import use_display_setting

    path = resolve_db_path(getattr(args, "db", None))
    if not write and create and not path.exists():
        store = Store.open(path, create=True)
    else:
        if not write:  # before opening: the connection makes a new, empty -wal
            from facilitator.core.dbfile import journal_missing_note

            note = journal_missing_note(path)
            if note:
                import sys

                from .output import echo

                echo(f"facilitator: warning: {note}", file=sys.stderr)
        store = Store.open(path, create=create, write=write)
    use_display_setting(store)  # how Arabic shows on this terminal (the app's *Arabic display*)
    return store


def whole_number(low: int, high: int):
    """An argparse ``type``: a whole number from ``low`` to ``high`` (at most a few digits; a
    number of thousands of digits, or one SQLite cannot hold, is an error naming the option)."""
    import argparse as _argparse

    def read(text: str) -> int:
        from facilitator.core import limits

        negative = text.strip().startswith("-")
        try:
            value = limits.number(text.strip().removeprefix("-"))
            value = -value if negative else value
        except ValueError as exc:
            raise _argparse.ArgumentTypeError(str(exc)) from None
        if not low <= value <= high:
            raise _argparse.ArgumentTypeError(f"{value} is not from {low} to {high:,}")
        return value

    read.__name__ = "number"
    return read


@contextlib.contextmanager
def store_for_import(args: argparse.Namespace) -> Iterator[Any]:
    """The database to import into (created if it does not exist); a database this import created
    is removed again, once closed, when the import fails: a refused file leaves nothing behind."""
    path = resolve_db_path(getattr(args, "db", None))
    new = not path.exists()
    try:
        with open_store(args) as store:
            yield store
    except BaseException:
        if new:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{path}{suffix}")
        raise


def print_json(data: Any) -> None:
    """JSON for scripts, through the one output function (``output.echo_json``)."""
    from .output import echo_json

    echo_json(data)
