"""Write the table of binding ids in README.md (between the ``keys:start`` / ``keys:end``
markers) from the app's bindings, so the README lists every id ``keymap.toml`` can remap.

    python3 dev.py readme-keys           # rewrite the table
    python3 dev.py readme-keys --check   # exit 1 if README's table is not the app's

``tests/test_readme_keys.py`` fails when a binding is added, removed or changes its default
keys without the README following.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- keys:start (made by python3 dev.py readme-keys; do not edit by hand) -->"
END = "<!-- keys:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    sys.path.insert(0, str(ROOT))
    from facilitator.tui.keys import all_bindings

    rows = ["| id | default keys | where | what it does |", "|---|---|---|---|"]
    for b in all_bindings():
        keys = " / ".join(f"`{k.strip()}`" for k in b.keys.split(","))
        rows.append(f"| `{b.id}` | {keys} | {b.where} | {_cell(b.description)} |")
    return "\n".join(rows)


def rewrite(text: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{README}: the markers {START!r} and {END!r} are missing")
    return pattern.sub(lambda _: f"{START}\n{table()}\n{END}", text)


def main(argv: list[str]) -> int:
    readme = README
    if "--readme" in argv:  # another copy (the tests)
        readme = Path(argv[argv.index("--readme") + 1])
    text = readme.read_text(encoding="utf-8")
    new = rewrite(text)
    if "--check" in argv:
        if new != text:
            print(f"{readme}: the table of binding ids is not the app's; run python3 dev.py readme-keys")
            return 1
        return 0
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print(f"{readme}: table of binding ids rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
