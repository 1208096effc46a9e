"""One writer per table: every table is written (INSERT, UPDATE, DELETE, REPLACE, upsert, or
sqlite-utils' insert/upsert/update/delete) in the one module ``facilitator.core.writers`` names
for it, and nowhere else in the package.

The check reads the source (``ast``), not a running program: every string the code holds (plain,
concatenated, f-strings, SQL handed to a helper or kept in a variable), docstrings left out, is
searched for a write and the table it writes; and every sqlite-utils call on ``db["t"]`` or
``db.table("t")`` (or a name bound to one) that writes. A write whose table is made at run time
(``INSERT INTO {table}``) is refused too: the check could not say where that table is written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from facilitator.core.writers import EXEMPT, WRITERS

from .conftest import ROOT

PKG = ROOT / "facilitator"

_OR = r"(?:OR\s+(?:REPLACE|IGNORE|ABORT|FAIL|ROLLBACK)\s+)?"
_NAME = r"""(?:(main|temp)\s*\.\s*)?(?:"([^"]+)"|\[([^\]]+)\]|`([^`]+)`|(\{[^{}]*\})|(\w+))"""
WRITE_SQL = re.compile(
    rf"\b(?:INSERT\s+{_OR}INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+{_NAME}"
    rf"|\bUPDATE\s+{_OR}{_NAME}\s+SET\b",
    re.I,
)
SQLITE_UTILS_WRITES = {"insert", "insert_all", "upsert", "upsert_all", "update", "delete", "delete_where"}
DYNAMIC = "<made at run time>"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _text(node: ast.AST) -> str | None:
    """The text of a string expression; an f-string's holes become ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is not None or right is not None:
            return (left or "{}") + (right or "{}")
    return None


def tables_in_sql(sql: str) -> list[str]:
    """The tables a piece of SQL writes (``DYNAMIC`` for one named at run time); temp tables
    are left out."""
    out = []
    for m in WRITE_SQL.finditer(sql):
        groups = m.groups()
        for schema, *names in (groups[:6], groups[6:]):
            if not any(names):
                continue
            if schema and schema.lower() == "temp":
                continue
            quoted = next((n for n in names[:3] if n), None)
            dynamic, bare = names[3], names[4]
            out.append(DYNAMIC if dynamic else (quoted or bare).lower())
    return out


def _table_of(node: ast.AST, bound: dict[str, str]) -> str | None:
    """The table of ``db["t"]``, ``db.table("t")`` or a name bound to one of them."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "table"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return node.args[0].value
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    return None


def writes(source: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, table) of every write of a known table in a module's source (and of every write
    whose table is made at run time)."""
    tree = ast.parse(source)
    skip: set[int] = set()  # docstrings and other bare strings: words, not statements
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            skip.add(id(node.value))
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            table = _table_of(node.value, {})
            if table:
                bound[node.targets[0].id] = table
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if id(node) in skip:
            return
        text = _text(node)
        if text is not None:
            found.extend((node.lineno, t) for t in tables_in_sql(text) if t == DYNAMIC or t in known)
            return  # the pieces of a string are not read twice
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQLITE_UTILS_WRITES):
            table = _table_of(node.func.value, bound)
            if table and table.lower() in known:
                found.append((node.lineno, table.lower()))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def misplaced(module: str, source: str, known: set[str]) -> list[str]:
    """What a module writes that is not its to write."""
    if module in EXEMPT:
        return []
    out = []
    for line, table in writes(source, known):
        if table == DYNAMIC:
            out.append(f"{module}:{line}: writes a table named at run time (name it in the SQL)")
        elif WRITERS.get(table) != module:
            out.append(f"{module}:{line}: writes {table}, which only {WRITERS.get(table, 'no module (not in WRITERS)')} writes")
    return out


def schema_tables() -> set[str]:
    """The tables of a new database (SQLite's own and the FTS index's shadow tables left out)."""
    import tempfile

    from facilitator.core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "t.db")
        try:
            names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            store.close()
    return {n for n in names if not n.startswith(("sqlite_", "_sqlite_")) and not re.match(r"search_fts_\w+$", n)}


def test_every_table_has_one_home():
    tables = schema_tables()
    assert len(tables) > 20
    assert set(WRITERS) == tables
    for module in set(WRITERS.values()) | set(EXEMPT):
        parts = module.split(".")
        assert (ROOT.joinpath(*parts).with_suffix(".py")).exists() or (ROOT.joinpath(*parts) / "__init__.py").exists(), module


def test_each_table_is_written_in_its_home_only():
    known = set(WRITERS)
    files = sorted(PKG.rglob("*.py"))
    assert len(files) > 100
    bad = [m for f in files for m in misplaced(module_name(f), f.read_text(encoding="utf-8"), known)]
    assert bad == []
    # and the homes do write their tables (the check sees writes at all)
    seen = {(module_name(f), t) for f in files for _line, t in writes(f.read_text(encoding="utf-8"), known)}
    assert {(m, t) for t, m in WRITERS.items()} <= seen


PROBE = '''
"""A module that says, in its docstring, INSERT INTO contribution (words, not a statement)."""
import sqlite_utils
# UPDATE contribution SET text = 'a comment is not a statement'

def f(conn, db, table, cols):
    conn.execute("INSERT OR REPLACE INTO contribution (id) VALUES (?)", (1,))
    conn.execute("""
        WITH gone AS (SELECT id FROM session)
        UPDATE   "contribution"
           SET deleted_at = 1 WHERE id IN gone""")
    conn.execute(f"DELETE FROM [contribution] WHERE id IN ({cols})")
    sql = "REPLACE INTO " + "`contribution` (id) VALUES (?)"
    conn.executemany(sql, [])
    conn.execute("INSERT OR IGNORE INTO main.contribution (id) VALUES (?)", (2,))
    conn.execute(f"INSERT INTO {table} ({cols}) VALUES (?)", (3,))
    db["contribution"].upsert({"id": 4}, pk="id")
    t = db.table("contribution")
    t.delete_where("id = ?", [5])
    conn.execute("INSERT INTO temp.scratch (x) VALUES (1)")
    conn.execute("SELECT text FROM contribution WHERE id = ?", (6,))
    print("Delete from the list: a session is set up anew")
'''


def test_the_check_finds_a_table_written_elsewhere():
    found = writes(PROBE, set(WRITERS))
    assert [t for _line, t in found] == ["contribution"] * 5 + [DYNAMIC, "contribution", "contribution"]
    lines = [line for line, _t in found]
    assert lines == sorted(lines) and lines[0] == 7
    bad = misplaced("facilitator.core.elsewhere", PROBE, set(WRITERS))
    assert len(bad) == 8
    assert "facilitator.core.elsewhere:7: writes contribution, which only facilitator.core.tables writes" in bad
    assert any("named at run time" in b for b in bad)
    # the same statements in the table's home are fine, but for the one whose table is unknown
    home = misplaced(WRITERS["contribution"], PROBE, set(WRITERS))
    assert len(home) == 1 and "named at run time" in home[0]
    # an exempt module (the migrations) is not checked
    assert misplaced("facilitator.core.schema", PROBE, set(WRITERS)) == []
