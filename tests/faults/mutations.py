#!/usr/bin/env python3
"""The fault runner's power, measured: it must fail on mutated copies of the app.

    python tests/faults/mutations.py [--rounds N] [--seed S] [--only NAME,...] [--json]

Each mutation is applied to a copy of the checkout (``facilitator/`` and the runner), and the
fault runner is run on the copy (``tests/faults/run.py --only SCENARIO``): it must exit 1. The
unmutated copy must pass. The mutations are those of issue 26 (finding 7), which the runner
used to pass:

  synchronous-off   ``PRAGMA synchronous=OFF``: a save is shown saved before it is on disk
                    (scenario power: only what was synced survives the cut)
  new-id-per-try    a refused text is tried again under a new id (no duplicate protection)
                    (scenario io, with retries and a count of duplicates). With SQLite's WAL a
                    refused commit is never visible to the connection that tries again (every
                    single and double fault at the commit, on write, pwrite, fsync, ftruncate and
                    read, was tried: ``_saved_before`` never finds it), so no fault can tell this
                    mutant from the app: it is *equivalent* here, and expected to pass. The
                    protection that can be seen is the next one.
  draft-kept        the save leaves its text in the autosaved draft: after a crash the text comes
                    back and is saved again, a duplicate (scenario kill: drafts brought back are
                    saved, duplicates counted)
  text-altered      the stored text is not the text typed (`` (edited)`` appended): a substring
                    match found it (scenario kill: exact comparison)
  silent-drop       a save shows nothing and stores nothing (scenario kill: every save that
                    showed nothing is looked for)
  ref-off-by-one    from 1,000 on, the ref shown is the previous row's (``Q4-1666`` for row
                    1667): a ref read as three digits hid it (scenario kill: the session holds
                    1,000 contributions first, refs of any length)

A mutation that no longer applies (the code it changes moved) is reported as such, with exit 2:
update it here. Prints one line per mutation and the runner's figures; ``--json`` for the
benchmark runner.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Mutation:
    name: str
    scenario: str
    what: str
    changes: list[tuple[str, str, str]]  # (file glob under the copy, regex, replacement)
    expect: str = "caught"  # or "equivalent": no fault can tell it from the app (see above)


CAPTURE = "facilitator/tui/screens/capture*"  # capture.py, or the capture/ package it is becoming

MUTATIONS = [
    Mutation("synchronous-off", "power", "PRAGMA synchronous = OFF",
             [("facilitator/core/store.py", r'conn\.execute\("PRAGMA synchronous = FULL"\)',
               'conn.execute("PRAGMA synchronous = OFF")')]),
    Mutation("new-id-per-try", "io", "a refused text tried again under a new id",
             [(CAPTURE, r"if self\._pending_id is None or self\._pending_text != text:", "if True:")],
             expect="equivalent"),
    Mutation("draft-kept", "kill", "the save leaves its text in the autosaved draft",
             [(CAPTURE, r"\n(\s+)(?:self\.)?store\.clear_draft\((?:self|screen)\.session_id\)\n(\s+)"
                        r"(self\._remember_speaker\(\)|floor\.remember\(\))",
               r"\n\1pass\n\2\3")]),
    Mutation("text-altered", "kill", "the stored text is not the text typed",
             [("facilitator/core/store.py",
               r"\(cid, data\.session_id, data\.question_id, data\.participant_id, seq, data\.text, lang, started",
               "(cid, data.session_id, data.question_id, data.participant_id, seq, data.text + ' (edited)', lang, "
               "started")]),
    Mutation("silent-drop", "kill", "a save shows nothing and stores nothing",
             [(CAPTURE, r"(def _save\(self\) -> None:\n(\s+)(?:composer = self\._composer|screen = self\.screen\n"
                        r"\s+composer, [^\n]+)\n)",
               r"\1\2composer.clear()\n\2return\n")]),
    Mutation("ref-off-by-one", "kill", "from 1,000 on, the ref shown is the previous row's",
             [("facilitator/core/ids.py", r'return f"Q\{q\}-\{seq:03d\}"',
               'return f"Q{q}-{seq - 1 if seq >= 1000 else seq:03d}"')]),
]


def copy_checkout(dest: Path) -> None:
    """The package, the runner and what it needs (the agenda), not the .venv or .git."""
    for name in ("facilitator", "sessions", "tests/faults", "tests/benchmarks", "tests/__init__.py"):
        src = ROOT / name
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, target)


def apply(mutation: Mutation, copy: Path) -> str | None:
    """Change the copy; the reason when the mutation no longer applies."""
    for pattern, regex, replacement in mutation.changes:
        files = [p for p in copy.glob(pattern) if p.is_file()] + [
            p for d in copy.glob(pattern) if d.is_dir() for p in d.rglob("*.py")]
        hits = [(p, len(re.findall(regex, p.read_text(encoding="utf-8")))) for p in files]
        hits = [(p, n) for p, n in hits if n]
        if not hits:
            return f"{regex!r} is in no file of {pattern}"
        for path, _n in hits:
            path.write_text(re.sub(regex, replacement, path.read_text(encoding="utf-8")), encoding="utf-8")
    return None


def run_runner(copy: Path, scenario: str, rounds: int, seed: int) -> tuple[int, list[dict], str]:
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("PYTHONPATH", "LD_PRELOAD")}
    env["PYTHONPATH"] = str(copy)
    done = subprocess.run([sys.executable, str(copy / "tests" / "faults" / "run.py"), "--only", scenario,
                           "--rounds", str(rounds), "--seed", str(seed), "--json"],
                          capture_output=True, text=True, env=env, cwd=copy, timeout=3600)
    try:
        figures = json.loads(done.stdout)
    except json.JSONDecodeError:
        figures = []
    return done.returncode, figures, done.stderr


def summary(fig: dict) -> str:
    keys = ("rounds", "power_cuts", "faults_injected", "shown_saved", "refused", "retries", "undecided",
            "duplicates", "not_rescued", "lost")
    return ", ".join(f"{k.replace('_', ' ')} {fig.get(k, 0)}" for k in keys if fig.get(k) or k in ("rounds", "lost"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The fault runner must fail on each mutated copy of the app.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", help="mutations, comma-separated (and 'none': the unmutated app)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runner", type=Path, help="another run.py to measure (an earlier version, say); a "
                        "scenario it does not have is replaced by kill")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.name in args.only.split(",")]
    results = []
    out = sys.stderr if args.json else sys.stdout
    with tempfile.TemporaryDirectory(prefix="facilitator-mutations-") as tmp:
        runs = [(None, "kill,power,io")] if not args.only or "none" in args.only.split(",") else []
        runs += [(m, m.scenario) for m in chosen]
        for mutation, scenario in runs:
            name = mutation.name if mutation else "none (the app as it is)"
            copy = Path(tmp) / (mutation.name if mutation else "none")
            copy_checkout(copy)
            if args.runner:
                shutil.copy2(args.runner, copy / "tests" / "faults" / "run.py")
                known = (copy / "tests" / "faults" / "run.py").read_text(encoding="utf-8")
                scenario = ",".join(s if f"def scenario_{s}(" in known else "kill" for s in scenario.split(","))
                scenario = ",".join(dict.fromkeys(scenario.split(",")))
            problem = apply(mutation, copy) if mutation else None
            if problem:
                results.append({"mutation": name, "outcome": "does not apply", "why": problem})
                print(f"mutation {name:16} DOES NOT APPLY: {problem}", file=out, flush=True)
                continue
            started = time.perf_counter()
            status, figures, stderr = run_runner(copy, scenario, args.rounds, args.seed)
            seconds = time.perf_counter() - started
            failed = status == 1
            if mutation is None:
                outcome = "passes" if status == 0 else "FAILS ON THE APP"
                good = status == 0
            elif mutation.expect == "equivalent":
                outcome = "not caught (equivalent here)" if status == 0 else "caught"
                good = True
            else:
                outcome = "caught" if failed else "NOT CAUGHT"
                good = failed
            results.append({"mutation": name, "scenario": scenario, "what": mutation.what if mutation else "",
                            "expect": mutation.expect if mutation else "passes", "outcome": outcome, "ok": good,
                            "status": status, "seconds": round(seconds), "figures": figures})
            line = f"mutation {name:16} {scenario:6} {outcome:28}"
            for fig in figures:
                line += f" | {fig['scenario']}: {summary(fig)}"
            print(line + f"  ({seconds:.0f} s)", file=out, flush=True)
            if status not in (0, 1):
                print("    " + stderr.strip()[-400:], file=out)
    if args.json:
        print(json.dumps(results, indent=1))
    if any(r["outcome"] == "does not apply" for r in results):
        return 2
    return 0 if all(r.get("ok") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
