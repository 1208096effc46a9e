"""No private Textual name in the review's code: neither used (``Tree._invalidate``,
``app._keymap``) nor defined again by us (a ``_closed`` or ``_nodes`` of our own on a widget
silently replaces Textual's and breaks it, as an ``_invalidate`` override depends on
internals that change between versions).

A private name is one Textual's own source gives an object (``self._x``) or defines
(``def _x``). The review's modules are checked; the rest of the TUI joins the list as it is
cleaned up (``widgets/composer.py`` still calls ``TextArea._replace_via_keyboard``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import textual

from .conftest import ROOT

CHECKED = [
    ROOT / "facilitator" / "tui" / "screens" / "review",
    ROOT / "facilitator" / "tui" / "keys.py",
]


def textual_private_names() -> set[str]:
    names: set[str] = set()
    for f in Path(textual.__file__).parent.rglob("*.py"):
        src = f.read_text(encoding="utf-8")
        names |= set(re.findall(r"self\.(_[A-Za-z]\w*)", src))
        names |= set(re.findall(r"def (_[A-Za-z]\w*)", src))
    return {n for n in names if not n.startswith("__")}


def private_uses(path: Path, private: set[str]) -> list[str]:
    """``file:line name`` for each attribute or method of a private Textual name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = node.name
        else:
            continue
        if name in private:
            found.append(f"{path.name}:{node.lineno} {name}")
    return found


def test_the_check_finds_what_the_review_tree_did_before(tmp_path):
    old = '''
class ReviewTree(Tree):
    def _invalidate(self):
        if not self._bulk:
            super()._invalidate()
'''
    probe = tmp_path / "review_tree.py"
    probe.write_text(old, encoding="utf-8")
    assert [u.split()[-1] for u in private_uses(probe, textual_private_names())] == ["_invalidate", "_invalidate"]


def test_no_private_textual_name_in_the_review():
    private = textual_private_names()
    assert "_invalidate" in private and "_closed" in private  # the list is real
    files = [f for p in CHECKED for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]
    assert len(files) > 5
    found = [u for f in files for u in private_uses(f, private)]
    assert found == []
