"""Small helpers the commands share."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from facilitator.core.paths import resolve_db_path


def open_store(args: argparse.Namespace, *, create: bool = True):
    from facilitator.core.store import Store

    return Store.open(resolve_db_path(getattr(args, "db", None)), create=create)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
