#!/usr/bin/env python3
"""The plain install, measured: what ``pip install .`` puts in a fresh virtual environment, and
what the clustering path imports.

    python tests/benchmarks/install.py [--venv DIR] [--runs N] [--json]

Without ``--venv``, a fresh virtual environment is made in a temporary folder and this checkout is
installed into it with ``pip install .`` (the versions ``pyproject.toml`` allows, no extra); with
``--venv``, that environment is measured as it is (to compare with an earlier commit's install).
Printed:

- the size of its ``site-packages`` (bytes of the files, ``du``-like) without pip and setuptools
  (they come with every virtual environment), and the largest packages;
- ``python -X importtime`` of the clustering path, in fresh processes, median of ``--runs``: the
  default method (``clustering.suggest`` on three ideas with the default method: its imports,
  the model's load not counted) and ``char-tfidf`` (the same with that method), and the total of
  the import times of everything each imports (the sum of the "self" column), with the modules
  it imports that weigh most.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT_ONLY = {"pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence.pth", "__pycache__"}

PATHS = {
    "default method": "from facilitator.core import clustering as c; c.suggest([('1', 'water for farmers'), "
                      "('2', 'schools for girls'), ('3', 'budget oversight')], k=2)",
    "char-tfidf": "from facilitator.core import clustering as c; c.suggest([('1', 'water for farmers'), "
                  "('2', 'schools for girls'), ('3', 'budget oversight')], k=2, method='char-tfidf')",
}


def site_packages(env: Path) -> Path:
    found = sorted(env.glob("lib/python3*/site-packages")) + sorted(env.glob("Lib/site-packages"))
    if not found:
        raise SystemExit(f"no site-packages under {env}")
    return found[0]


def size(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def distribution_sizes(site: Path) -> dict[str, int]:
    """Bytes per top-level entry of site-packages (a package, its .libs and dist-info apart)."""
    return {p.name: size(p) for p in site.iterdir() if p.name not in ENVIRONMENT_ONLY}


def import_times(python: Path, code: str, runs: int) -> dict:
    """Median total import time (sum of 'self' microseconds) of ``code`` over fresh processes,
    and the modules whose own import time weighs most (from the median run)."""
    totals, tables = [], []
    for _ in range(runs):
        done = subprocess.run([str(python), "-X", "importtime", "-c", code], check=False, capture_output=True, text=True,
                              cwd=tempfile.gettempdir())
        if done.returncode:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
            return {"unavailable": last}
        rows = []
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
            rows.append((int(self_us), int(cumulative), name))
        totals.append(sum(r[0] for r in rows))
        tables.append(rows)
    median = statistics.median(totals)
    rows = tables[min(range(len(totals)), key=lambda i: abs(totals[i] - median))]
    tops: dict[str, int] = {}
    for self_us, _, name in rows:
        top = name.strip().split(".")[0]
        tops[top] = tops.get(top, 0) + self_us
    heavy = sorted(tops.items(), key=lambda kv: -kv[1])[:8]
    return {"ms": median / 1000, "runs_ms": [t / 1000 for t in totals], "modules": len(rows),
            "heaviest": [(name, us / 1000) for name, us in heavy],
            "imports_sklearn": any(r[2].strip().startswith("sklearn") for r in rows),
            "imports_scipy": any(r[2].strip().startswith("scipy") for r in rows)}


def fresh_install(where: Path) -> Path:
    env = where / "venv"
    built = (ROOT / "build").exists(), any(ROOT.glob("*.egg-info"))
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
                          check=False, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"pip install failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    import shutil

    # setuptools builds in the checkout (build/, facilitator.egg-info/): leave it as it was
    if not built[0]:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    if not built[1]:
        for info in ROOT.glob("*.egg-info"):
            shutil.rmtree(info, ignore_errors=True)
    return env


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--venv", type=Path, help="measure this environment instead of a fresh install")
    ap.add_argument("--keep", type=Path, help="make the fresh install in this folder and keep it")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="facilitator-install-") as tmp:
        env = args.venv or fresh_install(args.keep or Path(tmp))
        site = site_packages(env)
        sizes = distribution_sizes(site)
        python = env / "bin" / "python"
        out = {
            "site_packages_mb": sum(sizes.values()) / 1e6,
            "largest": sorted(((k, v / 1e6) for k, v in sizes.items()), key=lambda kv: -kv[1])[:10],
            "imports": {name: import_times(python, code, args.runs) for name, code in PATHS.items()},
        }
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"site-packages without pip and setuptools: {out['site_packages_mb']:.0f} MB")
    print("largest: " + ", ".join(f"{k} {v:.0f} MB" for k, v in out["largest"]))
    for name, r in out["imports"].items():
        if "unavailable" in r:
            print(f"import time, {name}: not available in this install ({r['unavailable']})")
            continue
        heavy = ", ".join(f"{k} {v:.0f}" for k, v in r["heaviest"])
        print(f"import time, {name}: {r['ms']:.0f} ms (median of {len(r['runs_ms'])}: "
              f"{', '.join(f'{t:.0f}' for t in r['runs_ms'])}), {r['modules']} modules; "
              f"scikit-learn {'yes' if r['imports_sklearn'] else 'no'}, SciPy {'yes' if r['imports_scipy'] else 'no'}; "
              f"heaviest (ms): {heavy}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
