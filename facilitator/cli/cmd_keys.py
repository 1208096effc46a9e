"""``facilitator keys [--json]``: every key binding of the app by id, with the keys in force.

The ids are what ``keymap.toml`` (in the user config folder, or ``$FACILITATOR_KEYMAP``) maps
to other keys; what is wrong in that file is said with its line.
"""

from __future__ import annotations

import sys

from .common import print_json
from .output import echo


def register(sub, common) -> None:
    sub.add_parser("keys", parents=[common], help="list the app's key bindings by id (for keymap.toml)",
                   description="List every key binding of the app: its id, the keys in force (the user's "
                   "keymap.toml applied) and what it does. Remap a key by giving its id a key in keymap.toml.")\
        .add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args) -> int:
    from facilitator.core import keymap
    from facilitator.tui.keys import all_bindings

    bindings = all_bindings()
    loaded = keymap.load({b.id for b in bindings})
    rows = [{"id": b.id, "keys": loaded.keys.get(b.id, b.keys), "default": b.keys, "where": b.where,
             "what": b.description} for b in bindings]
    for problem in loaded.problems:
        echo(f"facilitator: keymap: {problem}", file=sys.stderr)
    if args.json:
        print_json({"keymap": str(loaded.path), "bindings": rows})
        return 0
    width = max(len(r["id"]) for r in rows)
    keys_w = min(24, max(len(r["keys"]) for r in rows))
    for r in rows:
        mark = " *" if r["keys"] != r["default"] else ""
        echo(f"{r['id']:<{width}}  {r['keys']:<{keys_w}}  {r['what']}{mark}")
    echo(f"\nkeymap: {loaded.path}" + ("" if loaded.path.exists() else " (none yet)")
          + ("; * = remapped there" if loaded.keys else ""), file=sys.stderr)
    return 0
