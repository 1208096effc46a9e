"""The layers: the core imports nothing of the UI; the UI and the CLI hold no SQL (data goes
through the store, or the small repositories beside it such as ``core/review/queries.py``),
so a schema change touches the core only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

PKG = ROOT / "facilitator"
SQL = re.compile(r"^\s*(SELECT\s.*\bFROM\b|SELECT\s+(EXISTS|count)\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b"
                 r"|DELETE\s+FROM\b|PRAGMA\s|WITH\s+\w+.*\bAS\b|(CREATE|DROP)\s+(TEMP\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b)",
                 re.I | re.S)


def imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
    return out


def sql_calls(path: Path) -> list[str]:
    """``file:line`` of each call given an SQL statement as its first argument (a message that
    begins "Deleted ..." is not one)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if isinstance(first, ast.JoinedStr):
                text = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
            if text and SQL.match(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return sorted(found, key=lambda x: int(x.rsplit(":", 1)[1]))


def test_the_core_imports_nothing_of_the_ui_or_the_cli():
    files = sorted((PKG / "core").rglob("*.py"))
    assert len(files) > 20
    bad = [f"{f.relative_to(ROOT)}: {m}" for f in files for m in imports(f)
           if m.split(".")[0] == "textual" or m.startswith(("facilitator.tui", "facilitator.cli"))]
    assert bad == []


def test_no_sql_in_the_ui_or_the_cli():
    files = sorted((PKG / "tui").rglob("*.py")) + sorted((PKG / "cli").rglob("*.py"))
    assert len(files) > 30
    assert [c for f in files for c in sql_calls(f)] == []


def test_the_checks_can_fail(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('from textual.widgets import Static\n'
                     'def f(store, q):\n'
                     '    store.conn.execute("SELECT count(*) FROM contribution").fetchone()\n'
                     '    store.conn.execute(f"""\n  UPDATE cluster SET seq = {q}""")\n', encoding="utf-8")
    assert "textual.widgets" in imports(probe)
    import tests.test_layers as me

    old = me.ROOT
    me.ROOT = tmp_path
    try:
        assert sql_calls(probe) == ["probe.py:3", "probe.py:4"]
    finally:
        me.ROOT = old
    # the store does hold SQL: the check sees it where it belongs
    assert sql_calls(PKG / "core" / "store.py")
