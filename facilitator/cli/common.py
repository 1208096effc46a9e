"""Small helpers the commands share."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
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
        store = Store.open(path, create=create, write=write)
    use_display_setting(store)  # how Arabic shows on this terminal (the app's *Arabic display*)
    return store


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
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
