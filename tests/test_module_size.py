"""A long module says why it is long (issue 23): every module of ``facilitator/`` over
:data:`LIMIT` lines has, in its module docstring, a paragraph that begins ``Size:`` and gives
the reason in at least a sentence (why it stays one module, or what would split it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

PKG = ROOT / "facilitator"
LIMIT = 400
# "Size:" and then at least a sentence: a few words and a full stop.
REASON = re.compile(r"^Size:\s+(\S+\s+){4,}.*?\S[.!?]", re.S)


def lacks_size_reason(source: str) -> bool:
    """True when ``source`` is over :data:`LIMIT` lines and its docstring has no ``Size:`` paragraph."""
    if len(source.splitlines()) <= LIMIT:
        return False
    doc = ast.get_docstring(ast.parse(source)) or ""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", doc)]
    return not any(REASON.match(p) for p in paragraphs)


def offenders(root: Path = PKG) -> list[str]:
    """The modules under ``root`` over the limit without a reason, each ``path (lines)``, the
    path relative to ``root``'s parent."""
    out = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if lacks_size_reason(source):
            out.append(f"{path.relative_to(root.parent)} ({len(source.splitlines())} lines)")
    return out


def test_every_long_module_says_why_it_is_long():
    assert len(list(PKG.rglob("*.py"))) > 50
    found = offenders()
    print("\n".join(["Modules over %d lines without a 'Size:' paragraph in their docstring:" % LIMIT, *found]))
    assert found == []


def test_the_check_can_fail(tmp_path):
    body = "".join(f"x{i} = {i}\n" for i in range(398))
    without = '"""A module.\n\nIt holds numbers."""\n' + body
    assert len(without.splitlines()) == 401
    assert lacks_size_reason(without)
    # a bare "Size:" with no sentence after it is no reason either
    assert lacks_size_reason('"""A module.\n\nSize: long."""\n' + body)
    # the same module with a reason passes, and a short module needs none
    reason = ('"""A module.\n\nSize: ~400 lines: one table of numbers that is read\n'
              'as a whole, so it stays one module."""\n')
    assert not lacks_size_reason(reason + body)
    assert not lacks_size_reason('"""A module."""\n' + body[: body.index("x300")])
    # and offenders() finds it in a tree
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text(without, encoding="utf-8")
    (tmp_path / "pkg" / "ok.py").write_text(reason + body, encoding="utf-8")
    assert offenders(tmp_path / "pkg") == ["pkg/long.py (401 lines)"]
