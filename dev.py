#!/usr/bin/env python3
"""Set-up and everyday tasks, with nothing but Python 3.11+ installed.

    python3 dev.py demo     # make .venv, install, open the app on the bundled Sahel session
    python3 dev.py test     # make .venv, install, run the whole test suite (extra args go to pytest)
    python3 dev.py bench    # run the benchmark runner (tests/benchmarks/run.py; extra args passed on)

The virtual environment is (re)built whenever pyproject.toml changes. It gets the test tools.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".facilitator-installed"
DEMO_DB = ROOT / ".demo" / "facilitator.db"
DEMO_AGENDA = ROOT / "sessions" / "sahel-security-2023.md"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"facilitator needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PY.exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing facilitator and its dependencies into .venv ...", file=sys.stderr)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def facilitator(*args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PY), "-m", "facilitator", "--db", str(DEMO_DB), *args],
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )


def demo() -> int:
    ensure_venv()
    import json

    sessions = json.loads(facilitator("sessions", "--json", capture=True).stdout)
    match = [s for s in sessions if s["title"].startswith("Mitigating the impact")]
    if match:
        sid = match[0]["id"]
    else:
        sid = facilitator("new", str(DEMO_AGENDA), capture=True).stdout.strip().splitlines()[-1]
    return subprocess.call([str(PY), "-m", "facilitator", "--db", str(DEMO_DB), "open", sid])


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "help"
    if task == "demo":
        return demo()
    if task == "test":
        ensure_venv()
        return subprocess.call([str(PY), "-m", "pytest", *argv[1:]], cwd=ROOT)
    if task == "bench":
        ensure_venv()
        return subprocess.call([str(PY), str(ROOT / "tests" / "benchmarks" / "run.py"), *argv[1:]], cwd=ROOT)
    if task == "setup":
        ensure_venv()
        return 0
    print(__doc__)
    return 0 if task in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
