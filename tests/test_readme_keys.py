"""README lists every key binding id with its default keys (the ids keymap.toml remaps)."""

from __future__ import annotations

import re
import subprocess
import sys

from facilitator.tui.keys import all_bindings

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from tools import readme_keys


def _listed() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(readme_keys.START, 1)[1].split(readme_keys.END, 1)[0]
    return dict(re.findall(r"^\| `([^`]+)` \| (.*?) \|", block, re.M))


def test_readme_lists_every_binding_id_with_its_default_keys():
    listed = _listed()
    bindings = all_bindings()
    assert len(bindings) > 50
    missing = [b.id for b in bindings if b.id not in listed]
    assert missing == [], "run python3 dev.py readme-keys"
    for b in bindings:
        assert listed[b.id] == " / ".join(f"`{k.strip()}`" for k in b.keys.split(",")), b.id
    assert set(listed) == {b.id for b in bindings}  # nothing listed that is gone


def test_the_check_fails_on_a_stale_table(tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = text.replace("| `capture.floor` | `ctrl+f` |", "| `capture.floor` | `ctrl+x` |")
    assert stale != text
    assert readme_keys.rewrite(stale) == text  # the tool puts it right
    tool = str(ROOT / "tools" / "readme_keys.py")
    result = subprocess.run([sys.executable, tool, "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    copy = tmp_path / "README.md"
    copy.write_text(stale, encoding="utf-8")
    result = subprocess.run([sys.executable, tool, "--check", "--readme", str(copy)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "not the app's" in result.stdout
    assert copy.read_text(encoding="utf-8") == stale  # --check writes nothing
