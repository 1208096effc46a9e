#!/usr/bin/env python3
"""The fault runner: the real app, in real processes, against what breaks databases.

    python tests/faults/run.py [--quick] [--rounds N] [--only kill,io,changed,damaged] [--json] [--seed S]

Each scenario runs the real ``facilitator`` on a pseudo-terminal (80 columns and more, as a
rapporteur would) and types contributions; a contribution counts as *shown saved* once the
screen says ``saved Q<n>-<seq>``. Afterwards the database is read by a fresh process and every
contribution shown saved must be there, with its text (lost must be 0), and
``PRAGMA integrity_check`` must pass.

  kill     while the app saves, other processes run ``facilitator add``, ``export`` and
           ``backup`` on the same database; then the app is killed with SIGKILL at a random
           moment. Each round starts the app again on the same file. The other processes'
           adds are checked too.
  io       I/O errors (EIO) and a full disk (ENOSPC) injected below SQLite, at random writes,
           fsyncs and truncations of the database files only (``fsfault.c``, an LD_PRELOAD
           shim built with the C compiler; libfiu's posix preload does the same for a whole
           process). Every save must either say it failed or be on disk afterwards.
  changed  the ``-wal`` deleted, or the database file replaced, while the app is open: the next
           save must be refused, and every text shown saved must be in the database or in the
           rescue file.
  damaged  pages of a closed database overwritten behind a valid header, then every command
           run on it: no traceback, and no command that writes may change the file.

Prints one figure per line (rounds, faults injected, contributions shown saved, lost) and exits
1 if anything was lost. The benchmark runner runs it (``python3 dev.py bench``); the test suite
runs a short version (``tests/test_fault_runner.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import ptyrun  # noqa: E402
from tests.faults import shim  # noqa: E402

AGENDA = ROOT / "sessions" / "sahel-security-2023.md"
SAVED = re.compile(rb"saved (Q\d+-\d{3})")
REFUSED = (b"NOT SAVED", b"Save failed")
WORDS = ("parliament", "budget", "oversight", "résilience", "communautés", "frontières", "youth",
         "women", "dialogue", "patrouilles", "justice", "trust", "coordination", "Sahel", "G5")


@dataclass
class Figures:
    scenario: str
    rounds: int = 0
    shown_saved: int = 0
    lost: int = 0
    refused: int = 0
    undecided: int = 0
    faults_injected: int = 0
    other_writes: int = 0
    other_writes_lost: int = 0
    integrity_failures: int = 0
    tracebacks: int = 0
    damaged_written: int = 0
    skipped: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        if self.skipped:
            return f"faults {self.scenario:8} skipped: {self.skipped}"
        parts = [f"{self.rounds} rounds"]
        if self.faults_injected:
            parts.append(f"{self.faults_injected} faults injected")
        if self.scenario != "damaged":
            parts.append(f"{self.shown_saved} shown saved")
        if self.refused:
            parts.append(f"{self.refused} refused (told)")
        if self.undecided:
            parts.append(f"{self.undecided} neither saved nor refused on screen")
        if self.other_writes:
            parts.append(f"{self.other_writes} writes by other processes, {self.other_writes_lost} of them lost")
        if self.scenario == "damaged":
            parts.append(f"{self.tracebacks} tracebacks, {self.damaged_written} damaged files written to")
        parts.append(f"integrity failures {self.integrity_failures}")
        parts.append(f"LOST {self.lost}")
        return f"faults {self.scenario:8} " + ", ".join(parts) + f"  ({self.seconds:.0f} s)"

    @property
    def ok(self) -> bool:
        return (not self.lost and not self.other_writes_lost and not self.integrity_failures
                and not self.tracebacks and not self.damaged_written)


# --- helpers ------------------------------------------------------------------------------------


class World:
    """A work folder with a database holding the Sahel session, and the environment the app runs in."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.db = workdir / "facilitator.db"
        self.rescue = workdir / "rescue.txt"
        home = workdir / "home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env.update({
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "share"),
            "FACILITATOR_EMBED": "off",
            "FACILITATOR_RESCUE": str(self.rescue),
            "TERM": "xterm-256color",
        })
        self.env.pop("FACILITATOR_DB", None)
        self.sid = self.cli("new", str(AGENDA)).stdout.strip().splitlines()[-1]

    def cli(self, *args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "facilitator", "--db", str(self.db), *args],
                              capture_output=True, text=True, env=env or self.env, timeout=timeout, cwd=self.dir)

    def app(self, extra_env: dict | None = None) -> ptyrun.PtyProcess:
        env = dict(self.env)
        env.update(extra_env or {})
        return ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(self.db), "open", self.sid],
                                 env=env, cwd=self.dir, rows=30, cols=110)

    def text_of(self, ref: str) -> str | None:
        """The text of the row a ref names, read now (the app may be running)."""
        rows = self.contributions()
        return None if rows is None else rows.get(int(ref.split("-")[1]))

    def contributions(self) -> dict[int, str] | None:
        """seq -> text of the live contributions, read by this process alone (no app open)."""
        try:
            conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10)
        except sqlite3.Error:
            return None
        try:
            return {seq: text for seq, text in conn.execute(
                "SELECT seq, text FROM contribution WHERE session_id = ? AND deleted_at IS NULL", (self.sid,))}
        except sqlite3.Error:
            return None
        finally:
            conn.close()

    def integrity_ok(self) -> bool:
        try:
            conn = sqlite3.connect(str(self.db), timeout=10)
            try:
                return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                conn.close()
        except sqlite3.Error:
            return False


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _sentence(rng: random.Random, tag: str) -> str:
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))


class Typist:
    """Types into the app on the terminal and watches what the screen says.

    A ``saved Q1-NNN`` that appears after a text was sent is that text's only if the row
    numbered NNN holds it (read from the database by this process, ``lookup``): a save that
    was first refused can succeed a moment later (the app finds it was written after all), and
    its "saved" then shows while the next text is being sent. Such a ref is kept in
    ``other_refs`` and checked at the end of the round like the others (its row must exist and
    hold a text typed in the round), so a "saved" with nothing on disk is still caught."""

    def __init__(self, term: ptyrun.PtyProcess, lookup=None) -> None:
        self.term = term
        self.lookup = lookup  # ref -> the text of its row now (None: no such row), or None: no checking
        self.seen: set[bytes] = set()
        self.refusals = 0
        self.other_refs: list[str] = []
        self.typed: list[str] = []

    def started(self, timeout: float = 40) -> bool:
        ok = self.term.read_until(b"Contribution", timeout=timeout) is not None
        self.seen = set(SAVED.findall(ptyrun.plain(self.term.output)))
        if ok:
            self.term.send(b"\x06")  # ctrl+f: the floor speaks
            self.term.drain(0.3)
        return ok

    def _refusal_count(self) -> int:
        out = ptyrun.plain(self.term.output)
        return sum(out.count(r) for r in REFUSED)

    def save(self, text: str, timeout: float = 12) -> tuple[str, str | None]:
        """('saved', ref), ('refused', None) or ('undecided', None)."""
        before = self._refusal_count()
        self.typed.append(text)
        self.term.send(text.encode("utf-8"))
        self.term.drain(0.05)
        self.term.send(b"\r")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.term.drain(0.05)
            refs = set(SAVED.findall(ptyrun.plain(self.term.output))) - self.seen
            if refs:
                self.seen |= refs
                if self.lookup is None:
                    return "saved", max(refs).decode()
                mine = [r.decode() for r in sorted(refs) if _norm(text) in _norm(self.lookup(r.decode()) or "")]
                self.other_refs += [r.decode() for r in sorted(refs) if r.decode() not in mine]
                if mine:
                    return "saved", mine[-1]
            if self._refusal_count() > before:
                self.refusals += 1
                return "refused", None
            if self.term.proc.poll() is not None:
                break
        return "undecided", None

    def traceback_shown(self) -> bool:
        return b"Traceback (most recent call last)" in ptyrun.plain(self.term.output)


@dataclass
class Said:
    """What the typists of several rounds typed, and the refs shown saved for another text."""

    other_refs: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)

    def add(self, typist: Typist) -> None:
        self.other_refs += typist.other_refs
        self.typed += typist.typed


def _check_shown(world: World, shown: list[tuple[str, str]], fig: Figures, *, rescue_counts: bool = False,
                 typist: Typist | Said | None = None) -> None:
    rows = world.contributions()
    if rows is None:
        fig.integrity_failures += 1
        fig.lost += len(shown)
        fig.notes.append("the database could not be read after the round")
        return
    rescued = _norm(world.rescue.read_text(encoding="utf-8")) if rescue_counts and world.rescue.exists() else ""
    for ref, text in shown:
        seq = int(ref.split("-")[1])
        stored = rows.get(seq)
        if stored is not None and _norm(text) in _norm(stored):
            continue
        if rescue_counts and _norm(text) in rescued:
            continue
        fig.lost += 1
        fig.notes.append(f"{ref} shown saved, not found: {text[:60]!r}")
    for ref in (typist.other_refs if typist else []):  # "saved" shown while another text was sent
        stored = _norm(rows.get(int(ref.split("-")[1])) or "")
        if not any(_norm(t) in stored for t in typist.typed):
            fig.lost += 1
            fig.notes.append(f"{ref} shown saved, its row holds none of the texts typed: {stored[:60]!r}")
    if not world.integrity_ok():
        fig.integrity_failures += 1


def _keep_evidence(world: World, name: str, env: dict, shown, log: Path, output: str) -> None:
    """``$FAULTS_KEEP``: a round that lost something leaves a copy of the database files, the
    faults injected, what the app showed and what it said was saved (for whoever looks into it)."""
    keep = os.environ.get("FAULTS_KEEP")
    if not keep:
        return
    dest = Path(keep) / name
    dest.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{world.db}{suffix}")
        if src.exists():
            shutil.copy2(src, dest / src.name)
    if log.exists():
        shutil.copy2(log, dest / "faults.log")
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    (dest / "screen.txt").write_text(text[-20000:], encoding="utf-8")
    (dest / "shown.json").write_text(json.dumps({"env": {k: v for k, v in env.items() if k.startswith("FSFAULT")},
                                                 "shown": shown}, indent=1), encoding="utf-8")


# --- (a) other processes, then SIGKILL ---------------------------------------------------------------


class Others(threading.Thread):
    """Other programs on the same database: add, export, backup, a read-only listing."""

    def __init__(self, world: World, rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.world, self.rng = world, rng
        self.stop = threading.Event()
        self.added: list[tuple[str, str]] = []  # (id, text)
        self.failures: list[str] = []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            # an add first, so that another program writes while the app runs even when a loaded
            # machine leaves time for only a few commands
            kind = "add" if not self.added else self.rng.choice(("add", "add", "export", "backup", "sessions"))
            try:
                if kind == "add":
                    text = f"other process {n} {self.rng.random():.6f}"
                    done = self.world.cli("add", self.world.sid, "-q", str(self.rng.randint(1, 14)), text)
                    if done.returncode == 0:
                        self.added.append((done.stdout.strip().splitlines()[-1], text))
                elif kind == "export":
                    done = self.world.cli("export", self.world.sid, "-o", str(self.world.dir / f"export-{n}.md"))
                elif kind == "backup":
                    done = self.world.cli("backup", "-o", str(self.world.dir / f"backup-{n}.db"))
                else:
                    done = self.world.cli("sessions")
                if done.returncode != 0:
                    self.failures.append(f"{kind}: {done.stderr.strip()[:200]}")
            except subprocess.TimeoutExpired:
                self.failures.append(f"{kind}: timed out")
            self.stop.wait(self.rng.uniform(0.05, 0.4))


def scenario_kill(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    fig = Figures("kill")
    world = World(workdir)
    shown: list[tuple[str, str]] = []
    said = Said()
    others = Others(world, rng)
    others.start()
    try:
        for r in range(rounds):
            with world.app() as term:
                typist = Typist(term, lookup=world.text_of)
                if not typist.started():
                    fig.notes.append(f"round {r}: the app did not start: {ptyrun.plain(term.output)[-300:]!r}")
                    continue
                fig.rounds += 1
                # paced like a rapporteur, so that the app's own background work (the automatic
                # backup a few seconds after it opens) happens among the saves
                for i in range(rng.randint(2, 9)):
                    term.drain(rng.uniform(0.0, 0.8))
                    text = _sentence(rng, f"kill-r{r}-s{i}")
                    outcome, ref = typist.save(text)
                    if outcome == "saved":
                        shown.append((ref, text))
                        fig.shown_saved += 1
                    elif outcome == "refused":
                        fig.refused += 1
                    else:
                        fig.undecided += 1
                if rng.random() < 0.5:  # sometimes in the middle of a save
                    term.send(_sentence(rng, "unfinished").encode() + b"\r")
                    time.sleep(rng.uniform(0, 0.05))
                if typist.traceback_shown():
                    fig.tracebacks += 1
                term.kill()
                said.add(typist)
    finally:
        deadline = time.monotonic() + 120  # the first other write may still be on its way
        while not others.added and not others.failures and others.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        others.stop.set()
        others.join(60)
    _check_shown(world, shown, fig, typist=said)
    rows = world.contributions() or {}
    texts = {_norm(t) for t in rows.values()}
    fig.other_writes = len(others.added)
    fig.other_writes_lost = sum(1 for _, text in others.added if _norm(text) not in texts)
    fig.notes += others.failures[:5]
    return fig


# --- (b) I/O errors and ENOSPC below SQLite -------------------------------------------------------


def scenario_io(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    fig = Figures("io")
    library, why = shim.build()
    if library is None:
        fig.skipped = why
        return fig
    world = World(workdir)
    shown: list[tuple[str, str]] = []
    log = workdir / "faults.log"
    for r in range(rounds):
        log_start = sum(1 for _ in log.open(encoding="utf-8")) if log.exists() else 0
        env = {
            "LD_PRELOAD": str(library),
            "FSFAULT_MATCH": str(world.db),
            "FSFAULT_PROB": f"{rng.choice((0.02, 0.05, 0.1, 0.2)):.2f}",
            "FSFAULT_SEED": str(rng.randrange(1 << 30)),
            "FSFAULT_ERRNO": rng.choice(("EIO", "ENOSPC", "both")),
            "FSFAULT_AFTER": str(rng.choice((0, 20, 80))),
            "FSFAULT_LOG": str(log),
        }
        with world.app(env) as term:
            typist = Typist(term, lookup=world.text_of)
            fig.rounds += 1
            if not typist.started(timeout=30):
                # refused at start (a write failed while opening): must be a message, not a traceback
                if typist.traceback_shown():
                    fig.tracebacks += 1
                    fig.notes.append(f"round {r}: traceback at start: {ptyrun.plain(term.output)[-400:]!r}")
                continue
            for i in range(rng.randint(2, 6)):
                text = _sentence(rng, f"io-r{r}-s{i}")
                outcome, ref = typist.save(text)
                if outcome == "saved":
                    shown.append((ref, text))
                    fig.shown_saved += 1
                elif outcome == "refused":
                    fig.refused += 1  # the text stays in the composer; the next one is typed after it
                else:
                    fig.undecided += 1
                if term.proc.poll() is not None:
                    break
            if typist.traceback_shown():
                fig.tracebacks += 1
                fig.notes.append(f"round {r}: traceback: {ptyrun.plain(term.output)[-400:]!r}")
            term.kill()
            output = ptyrun.plain(term.output)
        lost_before = fig.lost
        _check_shown(world, shown, fig, rescue_counts=False, typist=typist)
        if fig.lost > lost_before:
            _keep_evidence(world, f"io-round-{r}", env | {"FSFAULT_LOG_FROM_LINE": str(log_start)}, shown, log, output)
        shown.clear()
    if log.exists():
        fig.faults_injected = sum(1 for _ in log.open(encoding="utf-8"))
    return fig


# --- (c) the file changed under the app ---------------------------------------------------------------


def scenario_changed(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    fig = Figures("changed")
    for r in range(rounds):
        world = World(workdir / f"round-{r}")
        how = ("wal-deleted", "db-replaced")[r % 2]
        shown: list[tuple[str, str]] = []
        with world.app() as term:
            typist = Typist(term)  # no lookup: after the change, the rows read are another file's
            if not typist.started():
                fig.notes.append(f"round {r}: the app did not start")
                continue
            fig.rounds += 1
            for i in range(rng.randint(1, 4)):
                text = _sentence(rng, f"before-r{r}-s{i}")
                outcome, ref = typist.save(text)
                if outcome == "saved":
                    shown.append((ref, text))
                    fig.shown_saved += 1
            if how == "wal-deleted":
                os.unlink(f"{world.db}-wal")
            else:
                other = world.dir / "other.db"
                subprocess.run([sys.executable, "-m", "facilitator", "--db", str(other), "sessions"],
                               env=world.env, capture_output=True, timeout=60)
                os.replace(other, world.db)
            refused_text = _sentence(rng, f"after-r{r}")
            outcome, ref = typist.save(refused_text)
            if outcome == "saved":
                fig.notes.append(f"round {r} ({how}): a save was shown saved after the file changed")
                fig.lost += 1
            elif outcome == "refused":
                fig.refused += 1
            else:
                fig.undecided += 1
            term.send(b"\x11")  # ctrl+q: asks, because the text is not saved
            if term.read_until(b"Quit with unsaved text", timeout=10) is None:
                fig.notes.append(f"round {r} ({how}): quitting did not ask")
                fig.lost += 1
            term.send(b"y")
            term.wait(timeout=20)
            if typist.traceback_shown():
                fig.tracebacks += 1
        rescued = _norm(world.rescue.read_text(encoding="utf-8")) if world.rescue.exists() else ""
        if _norm(refused_text) not in rescued:
            fig.lost += 1
            fig.notes.append(f"round {r} ({how}): the refused text is not in the rescue file")
        if how == "wal-deleted":  # the database file is still the one the app wrote to
            _check_shown(world, shown, fig, rescue_counts=True)
        else:  # the file that was replaced is gone: what was shown saved must be in the rescue file
            for ref, text in shown:
                if _norm(text) not in rescued:
                    fig.lost += 1
                    fig.notes.append(f"round {r} ({how}): {ref} is neither in the database nor rescued")
    return fig


# --- (d) damaged pages ---------------------------------------------------------------------------------


def _damage(db: Path, rng: random.Random) -> None:
    """Overwrite parts of 1 to 3 pages (a page's header, or somewhere inside it); page 1 and the
    file header stay valid."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    with open(db, "r+b") as fh:  # no connection is open: this runner's own copy
        for _ in range(rng.randint(1, 3)):
            page = rng.randint(2, max(2, pages))
            inside = 0 if rng.random() < 0.5 else rng.randint(0, page_size // 2)
            fh.seek((page - 1) * page_size + inside)
            fh.write(os.urandom(rng.randint(16, page_size // 2)))


def _detectable(db: Path) -> bool:
    """Does SQLite's own check see the damage? (Changed bytes inside a text are just other text.)"""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True


def _first_shown(term: ptyrun.PtyProcess, texts: list[bytes], timeout: float) -> bytes | None:
    """The first of ``texts`` on the terminal (None: none within ``timeout``, or the program ended)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        screen = ptyrun.plain(term.output)
        for text in texts:
            if text in screen:
                return text
        if term.proc.poll() is not None:
            term.drain(0.1)
            screen = ptyrun.plain(term.output)
            return next((text for text in texts if text in screen), None)
        term.drain(0.05)
    return None


def _run_command(db: Path, args: list[str], env: dict) -> tuple[int | None, str]:
    """A command on a damaged file; ``open`` on a terminal: it offers a new database instead
    (declined: the command must end with its message) or, if the damage did not stop it, opens
    (quit at once)."""
    if args[0] == "open":
        with ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db), *args], env=env,
                               cwd=db.parent) as term:
            shown = _first_shown(term, [b"[y/N]", b"Contribution"], timeout=20)
            if shown == b"[y/N]":
                term.send(b"n\r")  # no new database: it must say so and end
            elif shown == b"Contribution":
                term.send(b"\x11")  # it opened (the damage did not stop it): quit
            status = term.wait(timeout=30)
            return status, ptyrun.plain(term.output).decode("utf-8", "replace")
    try:
        done = subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db), *args],
                              capture_output=True, text=True, env={**env, "TERM": "dumb"},
                              timeout=60, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    return done.returncode, done.stderr


def scenario_damaged(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    fig = Figures("damaged")
    template = World(workdir / "template")
    rows = workdir / "rows.jsonl"
    rows.write_text("".join(json.dumps({"question": 1 + i % 14, "speaker": f"Speaker {i % 9}",
                                        "text": _sentence(rng, f"row {i}")}) + "\n" for i in range(400)))
    template.cli("add", template.sid, "--from", str(rows), "--new-groups")
    writes = [["add", template.sid, "-q", "1", "should not be written"], ["new", str(AGENDA)],
              ["add", template.sid, "--from", str(rows), "--new-groups"], ["open", template.sid]]
    reads = [["sessions"], ["export", template.sid, "-o", "-"], ["search", "budget"], ["roster"]]
    undetectable = 0
    for r in range(rounds):
        db = workdir / f"damaged-{r}.db"
        subprocess.run([sys.executable, "-m", "facilitator", "--db", str(template.db), "backup", "-o", str(db)],
                       env=template.env, capture_output=True, timeout=60)
        _damage(db, rng)
        detectable = _detectable(db)
        fig.rounds += 1
        if not detectable:
            undetectable += 1
        before = db.read_bytes()
        for args in writes + reads:
            status, said = _run_command(db, args, template.env)
            if "Traceback" in said:
                fig.tracebacks += 1
                fig.notes.append(f"round {r} {args[0]}: {said.strip().splitlines()[-1][:200]}")
            if status is None:
                fig.notes.append(f"round {r} {args[0]}: timed out")
        if detectable and db.read_bytes() != before:
            fig.damaged_written += 1
            fig.notes.append(f"round {r}: a command wrote into a file that fails quick_check")
    if undetectable:
        fig.notes.append(f"{undetectable} of {rounds} damaged copies passed SQLite's quick_check "
                         "(bytes changed inside records): written to like any database")
    return fig


SCENARIOS = {"kill": scenario_kill, "io": scenario_io, "changed": scenario_changed, "damaged": scenario_damaged}


def run(only: list[str], rounds: dict[str, int], seed: int, say=print) -> list[Figures]:
    if not ptyrun.available:
        return [Figures(name, skipped="needs a POSIX pseudo-terminal") for name in only]
    results = []
    with tempfile.TemporaryDirectory(prefix="facilitator-faults-") as tmp:
        for name in only:
            rng = random.Random(f"{seed}-{name}")
            started = time.perf_counter()
            fig = SCENARIOS[name](Path(tmp) / name, rounds[name], rng)
            fig.seconds = time.perf_counter() - started
            say(fig.line())
            for note in fig.notes[:8]:
                say(f"    note: {note}")
            results.append(fig)
            shutil.rmtree(Path(tmp) / name, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The fault runner: the real app against what breaks databases.")
    parser.add_argument("--quick", action="store_true", help="a few rounds of each (the test suite's version)")
    parser.add_argument("--rounds", type=int, help="rounds of each scenario (default 20; --quick 3)")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios, comma-separated")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown[0]!r} (known: {', '.join(SCENARIOS)})")
    n = args.rounds or (3 if args.quick else 20)
    rounds = {name: (max(2, n // 2) if name in ("changed",) else n) for name in SCENARIOS}
    print(f"fault runner: seed {args.seed}, rounds {n}", file=sys.stderr)
    results = run(only, rounds, args.seed, say=(lambda line: print(line, file=sys.stderr)) if args.json else print)
    if args.json:
        print(json.dumps([asdict(f) for f in results], indent=2))
    return 0 if all(f.ok for f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
