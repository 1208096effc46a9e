"""The plain install needs neither scikit-learn nor SciPy (issue 23): the default clustering
method runs without them, and char-tfidf, which needs scikit-learn, says how to install it when
asked for where it is missing. Checked in a fresh interpreter where importing scikit-learn,
SciPy or joblib fails, as in an install without them."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from .conftest import ROOT

HEAVY = ("sklearn", "scipy", "joblib")

BLOCK = f"""
import importlib.abc, sys
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {HEAVY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Absent())
"""


def run_without_heavy(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK + code, *args], check=False, capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_the_base_dependencies_name_no_scikit_learn():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"]).lower()
    assert not any(name in base for name in ("scikit-learn", "scipy", "joblib"))
    assert any(r.startswith("scikit-learn") for r in project["optional-dependencies"]["char-tfidf"])


def test_the_default_method_runs_without_scikit_learn():
    code = r"""
import json, sys
from facilitator.core import clustering
items = [("a", "Drought is destroying the harvests of farmers."), ("b", "Farmers need water when the drought comes."),
         ("c", "La sécheresse détruit les récoltes des agriculteurs."), ("d", "Parliament must oversee the defence budget."),
         ("e", "Le parlement doit contrôler le budget de la défense."), ("f", "يجب على البرلمان مراقبة ميزانية الدفاع.")]
s = clustering.suggest(items, k=2)
print(json.dumps({"methods": clustering.available_methods(), "method": s.method,
                  "clusters": sorted(sorted(c.member_ids) for c in s.clusters),
                  "heavy": sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy", "joblib"))}))
"""
    done = run_without_heavy(code)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    assert got["methods"] == ["use-multilingual"]
    assert got["method"] == "use-multilingual" and got["heavy"] == []
    assert got["clusters"] == [["a", "b", "c"], ["d", "e", "f"]]


def test_char_tfidf_without_scikit_learn_says_how_to_install_it(store, sahel, db_path):
    store.close()
    code = "import sys; from facilitator.cli import main; sys.exit(main(sys.argv[1:]))"
    done = run_without_heavy(code, "--db", str(db_path), "cluster", sahel[:8], "--method", "char-tfidf")
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert "scikit-learn" in done.stderr and "pip install 'facilitator[char-tfidf]'" in done.stderr
    helped = run_without_heavy(code, "cluster", "--help")
    assert helped.returncode == 0
    assert "installed here: use-multilingual (default" in " ".join(helped.stdout.split())
