"""Small helpers the commands share."""

from __future__ import annotations

import argparse
import json
import sys
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


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
