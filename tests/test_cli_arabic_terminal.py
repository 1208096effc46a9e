"""The CLI prints Arabic readably on a terminal, as stored everywhere else (issue 25, finding 3).

``facilitator search`` (and every command printing user text) run on a pseudo-terminal: each
Arabic field is shaped and in visual order in its place (python-bidi's order of the shaped
text), a long one wrapped in logical order first and flush right; the same command into a pipe
prints the text exactly as stored; ``FACILITATOR_BIDI=off`` (a terminal that reorders by
itself) gets it as stored on the terminal too.
"""

from __future__ import annotations

import os
import subprocess
import sys

import arabic_reshaper
import pytest
from bidi.algorithm import get_display

from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.store import Store

from .benchmarks import ptyrun
from .conftest import ROOT, SAHEL_AR

pytestmark = pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")

LEILA = "ليلى حسن"
GROUP = "لجنة الدفاع"  # a group of its own: برلمان is the known Parliament, written so on every path
TEXT = ("نقترح إنشاء صندوق إقليمي (R-001) للمجتمعات المحلية في الساحل مع UNODC و G5 منذ 2023 "
        "لدعم القدرات الوطنية والإقليمية في مجال الأمن وحماية المدنيين")


def visual(text: str, base: str = "R") -> str:
    return get_display(arabic_reshaper.reshape(text), base_dir=base)


@pytest.fixture
def arabic_db(store, db_path):
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    leila = store.add_participant(ParticipantIn(name=LEILA, stakeholder_group=GROUP))
    store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 1),
                                          participant_id=leila, text=TEXT))
    store.close()
    return db_path


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM", "VTE_VERSION", "TMUX", "STY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def on_terminal(db_path, *args: str, **env: str) -> list[str]:
    """What the command shows on an 80-column terminal, line by line."""
    cmd = [sys.executable, "-m", "facilitator", "--db", str(db_path), *args]
    with ptyrun.PtyProcess(cmd, env=_env(**env), cwd=ROOT) as proc:
        assert proc.wait(timeout=60) == 0
        out = ptyrun.plain(proc.output).decode("utf-8")
    return [line.rstrip("\r") for line in out.split("\n")]


def into_pipe(db_path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "facilitator", "--db", str(db_path), *args],
                            capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_search_on_a_terminal_shows_arabic_right_to_left_and_a_pipe_gets_it_as_stored(arabic_db):
    lines = on_terminal(arabic_db, "search", "صندوق")
    shown = "\n".join(lines)
    # the speaker and group read right to left in their place, on the result's line or the next
    assert visual(f"{LEILA} ({GROUP})") in shown
    # the excerpt: wrapped in logical order at the terminal's width, then each line reordered;
    # its first line holds its first words, on the right, and its lines end at the right edge
    start = next(i for i, line in enumerate(lines) if line.startswith("    >"))
    excerpt = [line[len("    >"):] for line in lines[start:start + 3]
               if line.startswith("    >") or line.startswith(" " * 6)]
    assert len(excerpt) >= 2
    assert all(len(line) == len(excerpt[0]) for line in excerpt)  # flush right
    assert excerpt[0].rstrip().endswith(visual("نقترح إنشاء صندوق"))
    assert not any(ch in shown for ch in "نقترح")  # no letter as stored: all shaped
    assert "UNODC" in shown and "(R-001)" in shown  # Latin and brackets stay readable
    # into a pipe: the text as stored, byte for byte
    piped = into_pipe(arabic_db, "search", "صندوق")
    assert f"{LEILA} ({GROUP})" in piped and TEXT[:80] in piped
    assert visual(LEILA) not in piped


def test_a_terminal_that_reorders_by_itself_gets_the_text_as_stored(arabic_db):
    shown = "\n".join(on_terminal(arabic_db, "search", "صندوق", FACILITATOR_BIDI="off"))
    assert f"{LEILA} ({GROUP})" in shown and TEXT[:60] in shown


def test_sessions_and_roster_on_a_terminal(arabic_db):
    sessions = on_terminal(arabic_db, "sessions")
    title = "التخفيف من تأثير"  # the first words of the title, on its first line
    assert any(visual(title) in line for line in sessions)
    assert sessions[0].startswith("ID") and sessions[1][:26].strip()  # the columns stay in place
    roster = on_terminal(arabic_db, "roster")
    assert any(line.startswith(visual(LEILA)) and visual(f"({GROUP})") in line for line in roster)


def test_an_error_quoting_arabic_reads_right_to_left_on_a_terminal_and_as_typed_into_a_pipe(arabic_db):
    """The CLI's error messages go through the one output function too: what was typed, quoted
    in the message, reads right to left in its place on a terminal."""
    asked = "مؤتمر الساحل"
    cmd = [sys.executable, "-m", "facilitator", "--db", str(arabic_db), "search", "--session", asked, "x"]
    with ptyrun.PtyProcess(cmd, env=_env(), cwd=ROOT) as proc:
        assert proc.wait(timeout=60) == 2
        shown = ptyrun.plain(proc.output).decode("utf-8")
    assert "facilitator: error: no session matches" in shown
    assert visual(asked) in shown and asked not in shown
    piped = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=60)
    assert piped.returncode == 2 and asked in piped.stderr and visual(asked) not in piped.stderr


def test_a_document_on_a_terminal_keeps_its_dates_in_place_and_a_pipe_gets_its_bytes(arabic_db):
    """``export -o -`` on a terminal shows the summary as a bidi-aware reader does: the date its
    Arabic header isolates reads 2023-03-11 (without the isolate the algorithm makes it
    11-03-2023); into a pipe, the bytes as made, isolates and all."""
    with Store.open(arabic_db, write=False, create=False) as store:
        sid = store.sessions()[0].id
    shown = "\n".join(on_terminal(arabic_db, "export", sid, "-o", "-"))
    assert "2023-03-11" in shown and "11-03-2023" not in shown
    assert not any(ch in shown for ch in "\u2066\u2067\u2068\u2069")
    piped = into_pipe(arabic_db, "export", sid, "-o", "-")
    assert "\u20662023-03-11\u2069" in piped
