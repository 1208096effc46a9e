#!/usr/bin/env python3
"""The fault runner: the real app, in real processes, against what breaks databases.

    python tests/faults/run.py [--quick] [--rounds N] [--only kill,power,io,changed,damaged] [--json] [--seed S]

Each scenario runs the real ``facilitator`` on pseudo-terminals (rooms wider than 80 columns,
as a rapporteur would have) and types contributions; a contribution counts as *shown saved*
once the screen says ``saved Q<n>-<seq>`` (a ref of any length: the session is filled with
1,000 contributions first, so refs have four digits) and the row numbered ``<seq>`` holds
exactly the text typed. Afterwards the database is read by a fresh process and:

- every contribution shown saved is there, with exactly its text (no substring: an altered
  text is lost);
- every save that showed neither saved nor refused is looked for: in the database, the
  autosaved draft or the rescue file, with exactly its text;
- every text refused (``NOT SAVED``) is in the rescue file, exactly; it is tried again with
  enter (the app keeps its id across attempts) up to three times;
- no text is in the database twice (duplicates: a retry after an error that did reach the
  disk must find it saved, never write it again);
- every write of another program that said it succeeded is there;
- ``PRAGMA integrity_check`` passes.

  kill     two windows of the app on two sessions of the database, while other programs run
           every command that writes (``add``, ``add --from``, ``import`` of a hand-edited
           export, ``roster --import``, ``cluster --apply``) and ``export``, ``backup``,
           ``sessions``; then both windows are killed with SIGKILL at a random moment (also in
           the middle of a save). Texts are typed fast, or with a pause before enter long
           enough for the app to autosave them as a draft. Each round starts the windows again
           on the same file; a text the app brings back (the autosaved draft) is saved first
           and must come back whole (and never be a text saved already: a duplicate).
  power    the same, with power loss: every process runs with the fault shim recording what
           was synced (the idea of LazyFS and of SQLite's crash-test VFS); the cut kills every
           process at once and puts back each file's last synced image (no -shm: SQLite rebuilds
           it). Only what was synced survives, so ``PRAGMA synchronous=OFF`` loses saves here.
  io       I/O errors (EIO) and a full disk (ENOSPC) injected below SQLite, at random writes,
           fsyncs, truncations and (some rounds) reads of the database files only
           (``fsfault.c``, an LD_PRELOAD shim built with the C compiler; libfiu's posix
           preload does the same for a whole process). A refused text is tried again.
  changed  the ``-wal`` deleted, or the database file replaced, while the app is open: the next
           save must be refused, and every text shown saved must be in the database or in the
           rescue file.
  damaged  pages of a closed database overwritten behind a valid header, then every command
           run on it: no traceback, and no command that writes may change the file.

Prints one figure per line (rounds, power cuts, faults injected, contributions shown saved,
refused, retried, duplicates, lost) and exits 1 if anything was lost or duplicated. The
benchmark runner runs it (``python3 dev.py bench``); the test suite runs a short version
(``tests/test_fault_runner.py``); ``tests/faults/mutations.py`` checks that it fails on
mutated copies of the app.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import ptyrun  # noqa: E402
from tests.faults import shim  # noqa: E402

AGENDA = ROOT / "sessions" / "sahel-security-2023.md"
SAVED = re.compile(rb"saved (Q\d+-\d+)(?=[^0-9])")  # any number of digits, and the whole of it
WORDS = ("parliament", "budget", "oversight", "résilience", "communautés", "frontières", "youth",
         "women", "dialogue", "patrouilles", "justice", "trust", "coordination", "Sahel", "G5")
PREFILL = 1000  # contributions in the session before the rounds: refs of four digits
RETRIES = 3  # a refused text is tried again this many times (enter: the same id)


@dataclass
class Figures:
    scenario: str
    rounds: int = 0
    windows: int = 1
    shown_saved: int = 0
    lost: int = 0
    refused: int = 0
    retries: int = 0
    saved_on_retry: int = 0
    undecided: int = 0
    undecided_found: int = 0
    not_rescued: int = 0
    duplicates: int = 0
    drafts_restored: int = 0
    faults_injected: int = 0
    power_cuts: int = 0
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
        if self.windows > 1:
            parts.append(f"{self.windows} windows")
        if self.power_cuts:
            parts.append(f"{self.power_cuts} power cuts")
        if self.faults_injected:
            parts.append(f"{self.faults_injected} faults injected")
        if self.scenario != "damaged":
            parts.append(f"{self.shown_saved} shown saved")
        if self.refused:
            parts.append(f"{self.refused} refused (told, rescued: {self.refused - self.not_rescued})")
        if self.retries:
            parts.append(f"{self.retries} retries ({self.saved_on_retry} saved on retry)")
        if self.undecided:
            parts.append(f"{self.undecided} neither saved nor refused on screen ({self.undecided_found} found)")
        if self.drafts_restored:
            parts.append(f"{self.drafts_restored} drafts brought back")
        if self.other_writes:
            parts.append(f"{self.other_writes} writes by other programs, {self.other_writes_lost} of them lost")
        if self.scenario == "damaged":
            parts.append(f"{self.tracebacks} tracebacks, {self.damaged_written} damaged files written to")
        parts.append(f"integrity failures {self.integrity_failures}")
        parts.append(f"DUPLICATES {self.duplicates}")
        parts.append(f"LOST {self.lost}")
        return f"faults {self.scenario:8} " + ", ".join(parts) + f"  ({self.seconds:.0f} s)"

    @property
    def ok(self) -> bool:
        return (not self.lost and not self.other_writes_lost and not self.integrity_failures and not self.duplicates
                and not self.not_rescued and not self.tracebacks and not self.damaged_written)


# --- helpers ------------------------------------------------------------------------------------


class World:
    """A work folder with a database holding two sessions of the Sahel agenda (the first filled
    with ``prefill`` contributions), and the environment the programs run in.

    ``power=True``: every program runs with the fault shim recording what was synced
    (``FSPOWER_DIR``); :meth:`start_round` takes the images the round starts from and
    :meth:`cut_power` puts them back."""

    def __init__(self, workdir: Path, *, prefill: int = 0, sessions: int = 1, power: bool = False) -> None:
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
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
        for name in ("FACILITATOR_DB", "FACILITATOR_KEYMAP", "LD_PRELOAD"):
            self.env.pop(name, None)
        self.sids = []
        for _ in range(sessions):
            made = self.cli("new", str(AGENDA))
            if made.returncode != 0:
                raise RuntimeError(f"could not make a session: {made.stderr.strip()[-300:]}")
            self.sids.append(made.stdout.strip().splitlines()[-1])
        self.sid = self.sids[0]
        if prefill:
            rows = workdir / "prefill.jsonl"
            rows.write_text("".join(json.dumps({"question": 1 + i % 14, "speaker": f"Prefill Speaker {i % 7}",
                                                "text": f"prefill {i} parliament budget oversight"}) + "\n"
                                    for i in range(prefill)), encoding="utf-8")
            done = self.cli("add", self.sid, "--from", str(rows), "--new-groups")
            if done.returncode != 0:
                raise RuntimeError(f"could not fill the session: {done.stderr.strip()[-300:]}")
        self.power = power
        self.images = workdir / "power-images"
        if power:
            library, why = shim.build()
            if library is None:
                raise RuntimeError(why)
            self.images.mkdir(exist_ok=True)
            self.env.update({"LD_PRELOAD": str(library), "FSFAULT_MATCH": str(self.db), "FSFAULT_PROB": "0",
                             "FSPOWER_DIR": str(self.images)})

    # programs

    def cli(self, *args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "facilitator", "--db", str(self.db), *args],
                              capture_output=True, text=True, env=env or self.env, timeout=timeout, cwd=self.dir,
                              stdin=subprocess.DEVNULL)

    def app(self, sid: str | None = None, extra_env: dict | None = None) -> ptyrun.PtyProcess:
        env = dict(self.env)
        env.update(extra_env or {})
        return ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(self.db), "open", sid or self.sid],
                                 env=env, cwd=self.dir, rows=30, cols=110)

    # what is in the files (read by this process alone, with SQLite, read-only)

    def _read(self, sql: str, params=()) -> list | None:
        try:
            conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10)
        except sqlite3.Error:
            return None
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.Error:
            return None
        finally:
            conn.close()

    def text_of(self, ref: str, sid: str | None = None) -> str | None:
        """The text of the row a ref names, read now (the app may be running)."""
        rows = self._read("SELECT text FROM contribution WHERE session_id = ? AND seq = ? AND deleted_at IS NULL",
                          (sid or self.sid, int(ref.split("-")[1])))
        return rows[0][0] if rows else None

    def contributions(self, sid: str | None = None) -> dict[int, str] | None:
        """seq -> text of a session's live contributions."""
        rows = self._read("SELECT seq, text FROM contribution WHERE session_id = ? AND deleted_at IS NULL",
                          (sid or self.sid,))
        return None if rows is None else dict(rows)

    def all_texts(self) -> Counter:
        rows = self._read("SELECT text FROM contribution WHERE deleted_at IS NULL") or []
        return Counter(text for (text,) in rows)

    def drafts(self) -> dict[str, str]:
        """session id -> the autosaved text of a composer there (the first offered: the oldest;
        every window of the runner is killed at the end of its round, so every one is left behind)."""
        rows = self._read("SELECT session_id, text FROM draft WHERE place = 'capture' ORDER BY updated_at DESC") or []
        return {sid: text for sid, text in rows if text and text.strip()}

    def draft_texts(self) -> set[str]:
        """Every composer's autosaved text, of any window."""
        rows = self._read("SELECT text FROM draft WHERE place = 'capture'") or []
        return {text for (text,) in rows if text and text.strip()}

    def names(self) -> set[str]:
        return {name for (name,) in self._read("SELECT name FROM participant") or []}

    def clusters(self) -> set[str]:
        return {cid for (cid,) in self._read("SELECT id FROM cluster WHERE deleted_at IS NULL") or []}

    def rescued(self) -> list[str]:
        """The texts in the rescue file, each exactly as it was kept (``core/rescue.py``'s
        entries: a header, details, a blank line, the text, a blank line)."""
        if not self.rescue.exists():
            return []
        texts = []
        for entry in self.rescue.read_text(encoding="utf-8").split("\n===== ")[0:]:
            _head, sep, body = entry.partition("\n\n")
            if sep:
                texts.append(body.rstrip("\n"))
        return texts

    def integrity_ok(self) -> bool:
        try:
            conn = sqlite3.connect(str(self.db), timeout=10)
            try:
                return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                conn.close()
        except sqlite3.Error:
            return False

    # power loss

    def _image(self, path: Path) -> Path:
        return self.images / str(path).replace("/", "%")

    def _files(self) -> list[Path]:
        return [Path(f"{self.db}{suffix}") for suffix in ("", "-wal", "-journal")]

    def start_round(self) -> None:
        """What is on disk now (every program stopped) is what a power cut goes back to, until
        a program syncs more."""
        if not self.power:
            return
        for image in self.images.iterdir():
            image.unlink()
        for path in self._files():
            if path.exists():
                shutil.copyfile(path, self._image(path))

    def cut_power(self) -> None:
        """Every program already killed: each file as it was last synced; a file never synced
        is gone; the -shm (memory SQLite shares between connections) is gone."""
        for path in self._files():
            image = self._image(path)
            if image.exists():
                shutil.copyfile(image, path)
            elif path.exists():
                path.unlink()
        Path(f"{self.db}-shm").unlink(missing_ok=True)


def _sentence(rng: random.Random, tag: str) -> str:
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))


class Typist:
    """Types into one window of the app and watches what its screen says.

    A ``saved Q1-NNNN`` that appears after a text was sent is that text's only if the row
    numbered NNNN holds exactly that text (read by this process: ``lookup``); another ref shown
    meanwhile (a save first refused that the app found written after all) is kept in
    ``other_refs`` and checked at the end (its row must hold, exactly, a text refused before).
    A refused text is tried again with enter (the composer keeps it, and the app its id)."""

    def __init__(self, term: ptyrun.PtyProcess, lookup=None, *, retries: int = RETRIES) -> None:
        self.term = term
        self.lookup = lookup  # ref -> the text of its row now (None: no such row), or None: no checking
        self.retries = retries
        self.seen: set[bytes] = set()
        self.other_refs: list[str] = []
        self.typed: list[str] = []
        self.refused_once: list[str] = []  # every text refused at least once (must be rescued)
        self.retried = 0
        self.saved_on_retry = 0
        self.took = False  # a draft left behind by a killed window was put back in the composer

    def started(self, timeout: float = 40) -> bool:
        ok = self.term.read_until(b"Contribution", timeout=timeout) is not None
        if ok:
            self.took = self.take_offer()
        self.seen = set(SAVED.findall(ptyrun.plain(self.term.output) + b" "))
        if ok:
            self.term.send(b"\x06")  # ctrl+f: the floor speaks
            self.term.drain(0.3)
        return ok

    def take_offer(self) -> bool:
        """A window killed with text typed left a draft: the next window on its session offers it,
        in a box over the screen (never loads it by itself). The runner puts the first one back
        (enter: it is in the composer then, and must save whole) and leaves any other for later
        (escape: it stays on disk, offered again next time). What is on the screen is read with
        a terminal emulator (the output's history would show a box already closed). True when
        one was put back."""
        import pyte

        took = False
        quiet_since = time.monotonic()
        end = quiet_since + 30
        while time.monotonic() < end:
            self.term.drain(0.3)
            screen = pyte.Screen(80, 24)
            pyte.ByteStream(screen).feed(self.term.output)
            if "Unsaved text from a window that closed" in "\n".join(screen.display):
                self.term.send(b"\x1b" if took else b"\r")  # the first put back, the others later
                took = True
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > 2.0:  # (an offer shows once the screen is drawn)
                break
        return took

    def _wait(self, text: str, mark: int, timeout: float, *, quiet: float | None = None) -> tuple[str, str | None]:
        """What the screen says of ``text`` in the output after ``mark``: its ``saved`` ref, or
        ``NOT SAVED`` (the composer's line, set only when a save is refused; the notification
        titles are not used: a notification shown earlier is drawn again as the screen
        changes). ``quiet``: a try again, refused when nothing is saved that long (the
        composer's line says NOT SAVED already, and is not drawn again)."""
        end = time.monotonic() + timeout
        quiet_end = time.monotonic() + quiet if quiet is not None else None
        while time.monotonic() < end:
            self.term.drain(0.05)
            refs = set(SAVED.findall(ptyrun.plain(self.term.output))) - self.seen
            if refs:
                self.seen |= refs
                if self.lookup is None:
                    return "saved", max(refs, key=lambda r: int(r.split(b"-")[1])).decode()
                mine = [r.decode() for r in refs if self.lookup(r.decode()) == text]
                self.other_refs += [r.decode() for r in refs if r.decode() not in mine]
                if mine:
                    return "saved", mine[-1]
                end = min(end, time.monotonic() + 3)  # "saved" for another row: ours, if at all, follows soon
            if b"NOT SAVED" in ptyrun.plain(self.term.output[mark:]):
                return "refused", None
            if quiet_end is not None and time.monotonic() > quiet_end:
                return "refused", None
            if self.term.proc.poll() is not None:
                break
        return "undecided", None

    def save(self, text: str, timeout: float = 12, *, typed: bool = True, pause: float = 0.05) -> tuple[str, str | None]:
        """('saved', ref), ('refused', None) or ('undecided', None), after the retries.
        ``typed=False``: the text is in the composer already (a draft brought back); ``pause``
        between the text and enter (over a second: the app autosaves the text as a draft first,
        as when a rapporteur stops to listen)."""
        self.typed.append(text)
        mark = len(self.term.output)
        if typed:
            self.term.send(text.encode("utf-8"))
            self.term.drain(pause)
        self.term.send(b"\r")
        outcome, ref = self._wait(text, mark, timeout)
        attempts = 0
        while outcome == "refused":
            if text not in self.refused_once:
                self.refused_once.append(text)
            if attempts >= self.retries:
                break
            attempts += 1
            self.retried += 1
            self.term.drain(0.4)
            self.term.send(b"\r")  # try again: the same text, the same id
            outcome, ref = self._wait(text, len(self.term.output), timeout, quiet=4)
            if outcome == "saved":
                self.saved_on_retry += 1
        return outcome, ref

    def quit(self) -> bool:
        """ctrl+q; with text not saved the app asks first (it rescues the text): yes."""
        self.term.send(b"\x11")
        asked = self.term.read_until(b"Quit with unsaved text", timeout=10) is not None
        if asked:
            self.term.send(b"y")
        self.term.wait(timeout=20)
        return asked

    def traceback_shown(self) -> bool:
        return b"Traceback (most recent call last)" in ptyrun.plain(self.term.output)


@dataclass
class Said:
    """What was typed in a scenario's rounds, and what the screens said of it."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (session, ref, text)
    other_refs: list[tuple[str, str]] = field(default_factory=list)  # (session, ref)
    typed: list[str] = field(default_factory=list)
    refused_once: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)

    def add(self, typist: Typist, sid: str) -> None:
        self.other_refs += [(sid, ref) for ref in typist.other_refs]
        self.typed += typist.typed
        self.refused_once += typist.refused_once
        typist.other_refs, typist.typed, typist.refused_once = [], [], []


def _type_one(typist: Typist, sid: str, text: str, said: Said, fig: Figures, *, typed: bool = True,
              pause: float = 0.05) -> str:
    outcome, ref = typist.save(text, typed=typed, pause=pause)
    if outcome == "saved":
        said.shown.append((sid, ref, text))
        fig.shown_saved += 1
    elif outcome == "refused":
        fig.refused += 1
    else:
        fig.undecided += 1
        said.undecided.append(text)
    return outcome


def _check(world: World, said: Said, fig: Figures, *, rescue_counts: bool = False) -> None:
    """Every text shown saved is in its row, exactly; every save that showed nothing is found;
    every refused text is in the rescue file; no text typed is in the database twice."""
    rows = {sid: world.contributions(sid) for sid in world.sids}
    if any(r is None for r in rows.values()):
        fig.integrity_failures += 1
        fig.lost += len(said.shown)
        fig.notes.append("the database could not be read after the rounds")
        return
    rescued = world.rescued()
    texts = world.all_texts()
    drafts = world.draft_texts()
    for sid, ref, text in said.shown:
        stored = rows[sid].get(int(ref.split("-")[1]))
        if stored == text:
            continue
        if rescue_counts and text in rescued:
            continue
        fig.lost += 1
        fig.notes.append(f"{ref} shown saved, its row holds {stored!r:.70}, not {text!r:.70}")
    typed = set(said.typed)
    refused = set(said.refused_once)
    for sid, ref in said.other_refs:  # "saved" shown while another text was sent: only a text
        stored = rows[sid].get(int(ref.split("-")[1]))  # refused before may be found written late
        if stored not in refused:
            fig.lost += 1
            fig.notes.append(f"{ref} shown saved, its row holds none of the texts refused before: {stored!r:.70}")
    for text in said.undecided:  # neither saved nor refused on screen: it must be somewhere
        if texts[text] or text in drafts or text in rescued:
            fig.undecided_found += 1
        else:
            fig.lost += 1
            fig.notes.append(f"a save that showed nothing is nowhere (database, draft, rescue file): {text!r:.70}")
    for text in dict.fromkeys(said.refused_once):
        if text not in rescued:
            fig.not_rescued += 1
            fig.notes.append(f"a refused text is not in the rescue file: {text!r:.70}")
    for text in typed:
        if texts[text] > 1:
            fig.duplicates += texts[text] - 1
            fig.notes.append(f"{texts[text]} rows hold the same text: {text!r:.70}")
    if not world.integrity_ok():
        fig.integrity_failures += 1


def _keep_evidence(world: World, name: str, env: dict, shown, log: Path, output: bytes | str) -> None:
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


# --- (a) two windows among other programs, then SIGKILL (or a power cut) -----------------------------


class Others(threading.Thread):
    """Other programs on the same database, each a real process: every command that writes
    (``add``, ``add --from``, ``import`` of a hand-edited export, ``roster --import``,
    ``cluster --apply``) and ``export``, ``backup``, ``sessions``. What a command said it wrote
    is kept, to be looked for at the end; :meth:`cut` kills the one running (a power cut)."""

    KINDS = ("add", "add", "add-from", "import", "roster", "cluster", "export", "backup", "sessions")

    def __init__(self, world: World, rng: random.Random, *, cluster_weight: float = 0.3) -> None:
        super().__init__(daemon=True)
        self.world, self.rng = world, rng
        self.stop = threading.Event()
        self.paused = threading.Event()
        self.idle = threading.Event()
        self.lock = threading.Lock()
        self.current: subprocess.Popen | None = None
        self.generation = 0  # cuts so far: a command killed by one promised nothing
        self.cluster_weight = cluster_weight
        self.texts: list[str] = []  # contribution texts written by add / add --from / import
        self.names: list[str] = []  # participants added by roster --import
        self.clusters: set[str] = set()  # the clusters of the last cluster --apply
        self.counts: Counter = Counter()
        self.failures: list[str] = []
        export = world.dir / "base-export.md"
        world.cli("export", world.sid, "-o", str(export))
        self.export = export.read_text(encoding="utf-8") if export.exists() else ""

    def _run(self, *args: str) -> tuple[int | None, str, str]:
        with self.lock:
            if self.stop.is_set() or self.paused.is_set():
                return None, "", ""
            generation = self.generation
            self.current = subprocess.Popen([sys.executable, "-m", "facilitator", "--db", str(self.world.db), *args],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                            text=True, env=self.world.env, cwd=self.world.dir, start_new_session=True)
        proc = self.current
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            return None, out, "timed out"
        finally:
            with self.lock:
                self.current = None
        if proc.returncode < 0 and generation != self.generation:
            return None, out, err  # killed by a cut: it promised nothing
        return proc.returncode, out, err

    def cut(self) -> None:
        """Stop starting commands and kill the one running (it never finishes)."""
        with self.lock:
            self.paused.set()
            self.generation += 1
            if self.current is not None and self.current.poll() is None:
                os.killpg(self.current.pid, signal.SIGKILL)

    def resume(self) -> None:
        self.paused.clear()

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            if self.paused.is_set():
                self.idle.set()
                self.stop.wait(0.1)
                continue
            self.idle.clear()
            n += 1
            # an add first, so that another program writes while the windows are open even when a
            # loaded machine leaves time for only a few commands
            kind = self.rng.choice(self.KINDS) if self.wrote else "add"
            if kind == "cluster" and self.rng.random() > self.cluster_weight:
                kind = "sessions"
            tag = f"{n} {self.rng.random():.6f}"
            expect: tuple[str, object] | None = None
            if kind == "add":
                text = f"other process {tag}"
                status, out, err = self._run("add", self.world.sid, "-q", str(self.rng.randint(1, 14)), text)
                expect = ("texts", [text])
            elif kind == "add-from":
                rows = [f"other file {tag} row {i}" for i in range(3)]
                path = self.world.dir / f"rows-{n}.jsonl"
                path.write_text("".join(json.dumps({"question": self.rng.randint(1, 14), "speaker": "Other File Speaker",
                                                    "text": t}) + "\n" for t in rows), encoding="utf-8")
                status, out, err = self._run("add", self.world.sid, "--from", str(path), "--new-groups")
                expect = ("texts", rows)
            elif kind == "import" and "prefill 1 parliament budget oversight" in self.export:
                text = f"imported edit {tag}"
                path = self.world.dir / f"edited-{n}.md"
                path.write_text(self.export.replace("prefill 1 parliament budget oversight", text, 1), encoding="utf-8")
                # the same export made at the start, edited again: after the first import its text
                # is older than the database's, which an import keeps unless told (issue 21)
                status, out, err = self._run("import", str(path), "--replace-newer")
                expect = ("import", text)
            elif kind == "roster":
                name = f"Roster Person {tag}"
                path = self.world.dir / f"roster-{n}.csv"
                path.write_text(f"name,group\n{name},Parliament\n", encoding="utf-8")
                status, out, err = self._run("roster", "--import", str(path))
                expect = ("names", [name])
            elif kind == "cluster":
                status, out, err = self._run("cluster", self.world.sid, "-q", str(self.rng.randint(1, 3)), "--method",
                                             "char-tfidf", "--k", "3", "--apply", "--json")
                expect = ("clusters", out)
            elif kind == "export":
                status, out, err = self._run("export", self.world.sid, "-o", str(self.world.dir / f"export-{n}.md"))
            elif kind == "backup":
                status, out, err = self._run("backup", "-o", str(self.world.dir / f"backup-{n}.db"))
            else:
                status, out, err = self._run("sessions")
            if status is None:
                continue  # cut (a power cut or the end) before it finished: it promised nothing
            if "Traceback" in err:
                self.failures.append(f"{kind}: traceback: {err.strip()[-200:]}")
            if status != 0:
                self.failures.append(f"{kind} (status {status}): {err.strip()[:200]}")
                continue
            self.counts[kind] += 1
            if expect is None:
                continue
            what, value = expect
            if what == "texts":
                self.texts += value  # type: ignore[arg-type]
            elif what == "import":
                self.import_text = value
            elif what == "names":
                self.names += value  # type: ignore[arg-type]
            elif what == "clusters":
                try:
                    self.clusters = {c["id"] for c in json.loads(value)["clusters"] if c.get("id")}  # type: ignore[arg-type]
                except (ValueError, KeyError, TypeError):
                    self.failures.append("cluster --apply --json: not JSON")
            self.stop.wait(self.rng.uniform(0.05, 0.3))

    import_text: str | None = None

    @property
    def wrote(self) -> bool:
        """Whether a command that writes said it wrote (what :meth:`check` looks for)."""
        return bool(self.texts or self.names or self.clusters or self.import_text)

    def check(self, world: World, fig: Figures) -> None:
        """Every write a command said it made is there (a later cluster --apply replaces the
        clusters of an earlier one: the last one's are looked for)."""
        texts = world.all_texts()
        names = world.names()
        clusters = world.clusters()
        wanted = [(t, texts[t] >= 1) for t in self.texts]
        if self.import_text:
            wanted.append((self.import_text, texts[self.import_text] >= 1))
        wanted += [(n, n in names) for n in self.names]
        wanted += [(c, c in clusters) for c in self.clusters]
        fig.other_writes = len(wanted)
        for what, there in wanted:
            if not there:
                fig.other_writes_lost += 1
                fig.notes.append(f"another program's write is not there: {what!r:.70}")
        for text in self.texts:
            if texts[text] > 1:
                fig.duplicates += texts[text] - 1
        fig.notes += self.failures[:5]
        if self.counts:
            fig.notes.append("other programs: " + ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())))


def _window_round(world: World, sid: str, said: Said, fig: Figures, rng: random.Random, r: int, w: int,
                  extra_env: dict | None = None) -> tuple[ptyrun.PtyProcess, Typist] | None:
    """Open a window on ``sid``; a draft brought back is saved first (it must come back whole)."""
    draft = world.drafts().get(sid)
    term = world.app(sid, extra_env)
    typist = Typist(term, lookup=lambda ref, sid=sid: world.text_of(ref, sid))
    if not typist.started():
        fig.notes.append(f"round {r} window {w}: the app did not start: {ptyrun.plain(term.output)[-300:]!r}")
        term.close()
        return None
    if draft and typist.took:  # offered, and put back: it must save whole
        fig.drafts_restored += 1
        _type_one(typist, sid, draft.strip(), said, fig, typed=False)
    return term, typist


def _scenario_windows(name: str, workdir: Path, rounds: int, rng: random.Random, *, power: bool) -> Figures:
    fig = Figures(name, windows=2)
    try:
        world = World(workdir, prefill=PREFILL, sessions=2, power=power)
    except RuntimeError as exc:
        fig.skipped = str(exc)
        return fig
    said = Said()
    others = Others(world, rng)
    started = False
    try:
        for r in range(rounds):
            others.cut()  # nothing runs while the round's images are taken
            world.start_round()
            others.resume()
            if not started:
                others.start()
                started = True
            windows = [_window_round(world, sid, said, fig, rng, r, w) for w, sid in enumerate(world.sids)]
            live = [(sid, win) for sid, win in zip(world.sids, windows) if win is not None]
            if not live:
                continue
            fig.rounds += 1
            # paced like rapporteurs, so that the app's own background work (the automatic
            # backup a few seconds after it opens) happens among the saves
            for i in range(rng.randint(3, 10)):
                sid, (term, typist) = rng.choice(live)
                term.drain(rng.uniform(0.0, 0.6))
                pause = rng.choice((0.05, 0.05, 1.4))  # sometimes long enough for the autosave
                _type_one(typist, sid, _sentence(rng, f"{name}-r{r}-s{i}"), said, fig, pause=pause)
            if rng.random() < 0.5:  # sometimes in the middle of a save
                _sid, (term, _typist) = rng.choice(live)
                term.send(_sentence(rng, "unfinished").encode() + b"\r")
                time.sleep(rng.uniform(0, 0.05))
            if power:
                others.cut()
            for _sid, (term, typist) in live:
                if typist.traceback_shown():
                    fig.tracebacks += 1
                term.kill()
            for sid, (term, typist) in live:
                term.close()
                said.add(typist, sid)
            if power:
                world.cut_power()
                fig.power_cuts += 1
    finally:
        if started and not others.wrote:  # the first other write may still be on its way
            others.resume()  # (after the last power cut: what it writes now is not cut)
            deadline = time.monotonic() + 120
            while not others.wrote and not others.failures and others.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
        others.stop.set()
        others.cut()
        if started:
            others.join(120)
    _check(world, said, fig)
    others.check(world, fig)
    return fig


def scenario_kill(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    return _scenario_windows("kill", workdir, rounds, rng, power=False)


def scenario_power(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    return _scenario_windows("power", workdir, rounds, rng, power=True)


# --- (b) I/O errors and ENOSPC below SQLite -------------------------------------------------------


def scenario_io(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    fig = Figures("io")
    library, why = shim.build()
    if library is None:
        fig.skipped = why
        return fig
    world = World(workdir, prefill=PREFILL)
    log = workdir / "faults.log"
    for r in range(rounds):
        said = Said()
        log_start = sum(1 for _ in log.open(encoding="utf-8")) if log.exists() else 0
        env = {
            "LD_PRELOAD": str(library),
            "FSFAULT_MATCH": str(world.db),
            "FSFAULT_PROB": f"{rng.choice((0.02, 0.05, 0.1, 0.2)):.2f}",
            "FSFAULT_SEED": str(rng.randrange(1 << 30)),
            "FSFAULT_ERRNO": rng.choice(("EIO", "ENOSPC", "both")),
            "FSFAULT_AFTER": str(rng.choice((0, 20, 80))),
            "FSFAULT_READS": "1" if rng.random() < 0.3 else "0",
            "FSFAULT_LOG": str(log),
        }
        draft = world.drafts().get(world.sid)
        term = world.app(extra_env=env)
        typist = Typist(term, lookup=world.text_of)
        fig.rounds += 1
        output = b""
        try:
            if not typist.started(timeout=30):
                # refused at start (a write failed while opening): must be a message, not a traceback
                if typist.traceback_shown():
                    fig.tracebacks += 1
                    fig.notes.append(f"round {r}: traceback at start: {ptyrun.plain(term.output)[-400:]!r}")
                continue
            outcome = "saved"
            if draft and typist.took:  # offered, and put back: it must save whole
                fig.drafts_restored += 1
                outcome = _type_one(typist, world.sid, draft.strip(), said, fig, typed=False)
            for i in range(rng.randint(2, 6)):
                if outcome == "refused" or term.proc.poll() is not None:
                    break  # still refused after the retries: the text stays in the composer
                outcome = _type_one(typist, world.sid, _sentence(rng, f"io-r{r}-s{i}"), said, fig)
            if typist.traceback_shown():
                fig.tracebacks += 1
                fig.notes.append(f"round {r}: traceback: {ptyrun.plain(term.output)[-400:]!r}")
            if outcome == "refused" and term.proc.poll() is None and rng.random() < 0.5:
                typist.quit()  # the app asks, and rescues the text
            term.kill()
            output = ptyrun.plain(term.output)
        finally:
            fig.retries += typist.retried
            fig.saved_on_retry += typist.saved_on_retry
            said.add(typist, world.sid)
            term.close()
        lost_before = fig.lost + fig.duplicates + fig.not_rescued
        _check(world, said, fig)
        if fig.lost + fig.duplicates + fig.not_rescued > lost_before:
            _keep_evidence(world, f"io-round-{r}", env | {"FSFAULT_LOG_FROM_LINE": str(log_start)},
                           said.shown, log, output)
    if log.exists():
        fig.faults_injected = sum(1 for _ in log.open(encoding="utf-8"))
    return fig


# --- (c) the file changed under the app ---------------------------------------------------------------


def scenario_changed(workdir: Path, rounds: int, rng: random.Random) -> Figures:
    fig = Figures("changed")
    for r in range(rounds):
        world = World(workdir / f"round-{r}")
        how = ("wal-deleted", "db-replaced")[r % 2]
        said = Said()
        with world.app() as term:
            typist = Typist(term, retries=0)  # no lookup: after the change, the rows read are another file's
            if not typist.started():
                fig.notes.append(f"round {r}: the app did not start")
                continue
            fig.rounds += 1
            for i in range(rng.randint(1, 4)):
                _type_one(typist, world.sid, _sentence(rng, f"before-r{r}-s{i}"), said, fig)
            if how == "wal-deleted":
                os.unlink(f"{world.db}-wal")
            else:
                other = world.dir / "other.db"
                subprocess.run([sys.executable, "-m", "facilitator", "--db", str(other), "sessions"],
                               env=world.env, capture_output=True, timeout=60)
                os.replace(other, world.db)
            refused_text = _sentence(rng, f"after-r{r}")
            outcome, _ref = typist.save(refused_text)
            if outcome == "saved":
                fig.notes.append(f"round {r} ({how}): a save was shown saved after the file changed")
                fig.lost += 1
            elif outcome == "refused":
                fig.refused += 1
            else:
                fig.undecided += 1
                said.undecided.append(refused_text)
            if not typist.quit():  # ctrl+q: asks, because the text is not saved
                fig.notes.append(f"round {r} ({how}): quitting did not ask")
                fig.lost += 1
            if typist.traceback_shown():
                fig.tracebacks += 1
            said.add(typist, world.sid)
        rescued = world.rescued()
        if refused_text not in rescued:
            fig.lost += 1
            fig.notes.append(f"round {r} ({how}): the refused text is not in the rescue file")
        if how == "wal-deleted":  # the database file is still the one the app wrote to
            _check(world, said, fig, rescue_counts=True)
        else:  # the file that was replaced is gone: what was shown saved must be in the rescue file
            for _sid, ref, text in said.shown:
                if text not in rescued:
                    fig.lost += 1
                    fig.notes.append(f"round {r} ({how}): {ref} is neither in the database nor rescued")
            for text in dict.fromkeys(said.refused_once):
                if text not in rescued:
                    fig.not_rescued += 1
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


SCENARIOS = {"kill": scenario_kill, "power": scenario_power, "io": scenario_io, "changed": scenario_changed,
             "damaged": scenario_damaged}


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
