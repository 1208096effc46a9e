#!/usr/bin/env python3
"""Set-up and everyday tasks, with nothing but Python 3.11+ installed.

    python3 dev.py demo       # make .venv, open the app on the sample panel (facilitator demo; options passed on)
    python3 dev.py test       # make .venv, run the checks and the whole test suite (extra args go to pytest)
    python3 dev.py check      # only the checks: ruff (lint) on the code, tests and tools; mypy (types) on facilitator/
    python3 dev.py explore    # the property tests with new random inputs (HYPOTHESIS_PROFILE=explore; args to pytest)
    python3 dev.py bench      # run the benchmark runner (tests/benchmarks/run.py; extra args passed on)
    python3 dev.py lock       # refresh requirements.lock: newest versions pyproject.toml allows, if the suite passes
    python3 dev.py sample     # regenerate the sample panel (tools/make_sample.py; --check to compare only)
    python3 dev.py pictures   # regenerate the README's pictures (tools/pictures.py)
    python3 dev.py readme-keys  # rewrite README's table of key binding ids (--check to compare only)
    python3 dev.py setup      # only make .venv

The virtual environment gets exactly the versions in requirements.lock (the ones the suite last
passed with) and the test tools. It is rebuilt from scratch whenever pyproject.toml or
requirements.lock changes. pyproject.toml keeps version ranges for people who install the
package; the lock is for this checkout and CI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".facilitator-installed"
LOCK = ROOT / "requirements.lock"
EXTRAS = "test"
# What the checks read (their rules are in pyproject.toml).
LINTED = ["facilitator", "tests", "tools", "dev.py"]


def checks() -> list[tuple[str, list[str]]]:
    """The checks ``dev.py test`` runs before the suite, each (name, command)."""
    return [
        ("ruff", [str(PY), "-m", "ruff", "check", "--quiet", *LINTED]),
        ("mypy", [str(PY), "-m", "mypy"]),  # on facilitator/ ([tool.mypy] files)
    ]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def wanted_stamp() -> str:
    h = hashlib.sha256()
    h.update((ROOT / "pyproject.toml").read_bytes())
    h.update(LOCK.read_bytes() if LOCK.exists() else b"no lock")
    h.update(f"{sys.version_info.major}.{sys.version_info.minor}".encode())
    return h.hexdigest()


def _pip(args: list[str], *, progress: str | None = None) -> None:
    """Run pip in .venv. With ``progress``, show on a terminal which package it is at, on one
    line that is rewritten (a log gets the step's line only)."""
    cmd = [str(PY), "-m", "pip", "--disable-pip-version-check", *args]
    if progress is None or not sys.stderr.isatty():
        # pip's own output (build warnings, notes about this machine's pip configuration) is
        # shown only when the step fails
        done = subprocess.run(cmd + ["--quiet"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode:
            sys.stderr.write(done.stdout[-6000:])
            raise subprocess.CalledProcessError(done.returncode, cmd)
        return
    proc = subprocess.Popen(cmd + ["--progress-bar", "off"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, bufsize=1)
    seen = 0
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = (tail + [line])[-30:]
        if line.startswith("Collecting ") or line.startswith("Processing "):
            seen += 1
            name = line.split()[1].split("==")[0][:40]
            sys.stderr.write(f"\r      {progress}: {seen} {name:<40}")
            sys.stderr.flush()
        elif line.startswith("Installing collected packages"):
            sys.stderr.write(f"\r      {progress}: unpacking {seen} packages{' ' * 30}")
            sys.stderr.flush()
    status = proc.wait()
    sys.stderr.write("\r" + " " * 70 + "\r")
    if status:
        sys.stderr.write("".join(tail))
        raise subprocess.CalledProcessError(status, cmd)


def declared_dependencies() -> list[str]:
    """The requirements pyproject.toml declares, with the extras dev.py installs."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [*project["dependencies"], *(r for e in EXTRAS.split(",") for r in extras.get(e, []))]


def build_venv(*, use_lock: bool = True) -> None:
    """Make .venv from scratch: the locked versions (``use_lock``) or the newest the ranges allow."""
    if sys.version_info < (3, 11):
        sys.exit(f"facilitator needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    started = time.monotonic()
    locked = use_lock and LOCK.exists()
    if not use_lock:
        say("Building .venv afresh for a new lock: about a minute.")
    elif PY.exists():
        say("Rebuilding .venv (pyproject.toml or requirements.lock changed): about a minute, once.")
    else:
        say("Setting up .venv: about a minute, once.")
    step = time.monotonic()

    def done() -> None:
        nonlocal step
        say(f"      done in {time.monotonic() - step:.0f} s")
        step = time.monotonic()

    say(f"[1/4] Creating .venv with Python {platform.python_version()} ...")
    STAMP.unlink(missing_ok=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    done()
    say("[2/4] Updating pip ...")
    _pip(["install", "--upgrade", "pip"])
    done()
    if locked:
        n = sum(1 for line in LOCK.read_text().splitlines() if line.strip() and not line.startswith("#"))
        say(f"[3/4] Installing {n} dependencies at the versions in requirements.lock ...")
        _pip(["install", "-r", str(LOCK)], progress="dependencies")
    else:
        say("[3/4] Installing the dependencies, newest versions pyproject.toml allows"
            + ("" if use_lock else " (for a new lock)") + " ...")
        _pip(["install", *declared_dependencies()], progress="dependencies")
    done()
    say("[4/4] Installing facilitator from this checkout (editable) ...")
    _pip(["install", "-e", f"{ROOT}[{EXTRAS}]", *(["-c", str(LOCK)] if locked else [])])
    done()
    STAMP.write_text(wanted_stamp())
    say(f"Ready in {time.monotonic() - started:.0f} s: {VENV}")


def ensure_venv() -> None:
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted_stamp():
        return
    build_venv()


def freeze() -> str:
    out = subprocess.run([str(PY), "-m", "pip", "--disable-pip-version-check", "freeze", "--exclude-editable"],
                         check=True, capture_output=True, text=True).stdout
    pins = sorted((line for line in out.splitlines() if line.strip() and not line.startswith("#")), key=str.lower)
    header = [
        "# The exact versions the whole test suite passed with, installed by dev.py into .venv (and so by CI).",
        "# Refresh with: python3 dev.py lock (newest versions pyproject.toml allows, kept only if the suite passes).",
        f"# Made {dt.date.today().isoformat()} with Python {platform.python_version()} on {platform.system()} {platform.machine()}.",
    ]
    return "\n".join(header + pins) + "\n"


def lock() -> int:
    say("Refreshing requirements.lock: a fresh .venv from pyproject.toml's ranges, the whole suite, then the lock.")
    build_venv(use_lock=False)
    say("Running the whole suite on these versions ...")
    status = subprocess.call([str(PY), "-m", "pytest", "-q", *parallel([])], cwd=ROOT)
    if status != 0:
        STAMP.unlink(missing_ok=True)  # the next run rebuilds .venv from the old lock
        say("The suite did not pass: requirements.lock was left as it was.")
        return status
    text = freeze()
    old = LOCK.read_text() if LOCK.exists() else ""
    LOCK.write_text(text)
    STAMP.write_text(wanted_stamp())  # .venv holds exactly the new lock
    changed = [line for line in text.splitlines() if not line.startswith("#") and line not in old.splitlines()]
    listed = ", ".join(changed[:12]) + (", ..." if len(changed) > 12 else "")
    say(f"requirements.lock written ({len(changed)} new or changed pins" + (f": {listed}" if changed else "") + ").")
    return 0


def fmt_time(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {round(seconds % 60):02d} s"


def run_checks() -> tuple[list[str], list[str]]:
    """Run every check; returns (what each took, the names of those that failed)."""
    took: list[str] = []
    failed: list[str] = []
    for name, cmd in checks():
        say(f"dev.py: {name} ...")
        started = time.monotonic()
        status = subprocess.call(cmd, cwd=ROOT)
        took.append(f"{name} {fmt_time(time.monotonic() - started)}")
        if status:
            failed.append(name)
            say(f"dev.py: {name} FAILED (status {status}): its findings are above")
        else:
            say(f"dev.py: {name} passed")
    return took, failed


def suite_counts(junit: Path) -> dict[str, int]:
    """passed, failed, skipped (errors count as failed) from pytest's JUnit XML report."""
    import xml.etree.ElementTree as ET

    counts = {"tests": 0, "failed": 0, "skipped": 0}
    try:
        root = ET.parse(junit).getroot()
    except (OSError, ET.ParseError):
        return counts
    for suite in root.iter("testsuite"):
        counts["tests"] += int(suite.get("tests", 0))
        counts["failed"] += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        counts["skipped"] += int(suite.get("skipped", 0))
    counts["passed"] = counts["tests"] - counts["failed"] - counts["skipped"]
    return counts


# Test processes (pytest-xdist) dev.py test runs: most tests wait on a terminal, a subprocess
# or a timer rather than compute, so more processes than cores pay off (measured in README).
WORKERS = "4"


def parallel(rest: list[str]) -> list[str]:
    """pytest-xdist's options, unless the arguments choose (``-n``, ``-p no:xdist``) or update
    snapshots (``--snapshot-update`` must see every test in one process)."""
    chosen = any(a in ("-n", "--numprocesses", "no:xdist", "--snapshot-update", "--pdb")
                 or a.startswith(("-n", "--numprocesses=")) for a in rest)
    workers = os.environ.get("FACILITATOR_TEST_WORKERS", WORKERS)
    return [] if chosen else ["-n", workers, "--dist", "worksteal"]


def run_tests(rest: list[str]) -> int:
    """The checks, then pytest; says which step failed, and how long each took."""
    import tempfile

    started = time.monotonic()
    took, failed = run_checks()
    say("dev.py: pytest ...")
    step = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="facilitator-dev-") as tmp:
        junit = Path(tmp) / "junit.xml"
        status = subprocess.call([str(PY), "-m", "pytest", f"--junit-xml={junit}", *parallel(rest), *rest], cwd=ROOT)
        counts = suite_counts(junit)
    took.append(f"pytest {fmt_time(time.monotonic() - step)}")
    if status:
        failed.append("pytest")
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    say(f"dev.py test: {'; '.join(took)}; {fmt_time(time.monotonic() - started)} in all on {machine}")
    if failed:
        say(f"dev.py test: FAILED: {', '.join(failed)}")
    # the closing line: 'N passed, N failed' alone on a line
    print(f"suite: {counts.get('passed', 0)} passed, {counts['failed']} failed, {counts['skipped']} skipped", flush=True)
    return 1 if failed else 0


def property_test_files() -> list[str]:
    """The test modules with hypothesis property tests (``@given``)."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")
                  if "@given(" in p.read_text(encoding="utf-8"))


def explore(rest: list[str]) -> int:
    """The property tests drawing new inputs (the suite's own runs always draw the same ones:
    tests/conftest.py). What fails is kept in .hypothesis/ and replayed by the next explore run;
    put it in the test as an @example so that CI keeps it."""
    env = {**os.environ, "HYPOTHESIS_PROFILE": "explore"}
    files = property_test_files()
    say(f"Exploring {len(files)} test modules with new random inputs (HYPOTHESIS_PROFILE=explore) ...")
    return subprocess.call([str(PY), "-m", "pytest", "-q", *files, *rest], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "help"
    rest = argv[1:]
    scripts = {
        "bench": ROOT / "tests" / "benchmarks" / "run.py",
        "sample": ROOT / "tools" / "make_sample.py",
        "pictures": ROOT / "tools" / "pictures.py",
        "readme-keys": ROOT / "tools" / "readme_keys.py",
    }
    if task == "demo":
        ensure_venv()
        # the demo's parting words name this command, not `facilitator` (not on the PATH here)
        env = dict(os.environ, FACILITATOR_COMMAND="python3 dev.py")
        return subprocess.call([str(PY), "-m", "facilitator", "demo", *rest], env=env)
    if task == "test":
        ensure_venv()
        return run_tests(rest)
    if task == "check":
        ensure_venv()
        took, failed = run_checks()
        say(f"dev.py check: {'; '.join(took)}" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
        return 1 if failed else 0
    if task in scripts:
        ensure_venv()
        return subprocess.call([str(PY), str(scripts[task]), *rest], cwd=ROOT)
    if task == "explore":
        ensure_venv()
        return explore(rest)
    if task == "lock":
        return lock()
    if task == "setup":
        ensure_venv()
        return 0
    print(__doc__)
    return 0 if task in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        say(f"dev.py: {' '.join(map(str, exc.cmd[:4]))} ... failed (status {exc.returncode})")
        sys.exit(exc.returncode or 1)
    except KeyboardInterrupt:
        sys.exit(130)
