"""Nothing printed can drive the terminal (issue 26, finding 3).

New text cannot hold control characters (``core/limits.py`` refuses them where nobody types
them), but a database of an earlier version, or one another program wrote, may: here every
field people type holds escape sequences (``ESC ] 0 ; title BEL`` retitles the window,
``ESC [ 2 J`` clears the screen, ``ESC [ 31 m`` recolours it, ``0x9b`` is CSI to many
terminals, a carriage return overwrites the line). Every command's output, stdout and stderr,
must hold none of them (``cli/output.py``), and neither may the app's screen on a real
terminal (``tui/plain.ControlPictures``).
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from facilitator.cli import output
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from tests.benchmarks import ptyrun

from .conftest import SAHEL_EN

EVIL = "\x1b]0;OWNED\x07\x1b[2J\x1b[31mRED\x9b31m\rX\x08\x00"
CONTROL = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)}


def _bad(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch in CONTROL})


@pytest.fixture
def legacy(store, db_path, tmp_path):
    """A database whose every text field holds escape sequences (written by SQL, as an older
    version or another program could have)."""
    from facilitator.core.agenda import load_agenda

    session, text = load_agenda(SAHEL_EN)
    sid = store.create_session(session, agenda_text=text)
    pid = store.add_participant(ParticipantIn(name="Amina Diallo", stakeholder_group="Parliament"))
    q1 = store.question_id(sid, 1)
    cids = [store.add_contribution(ContributionIn(session_id=sid, question_id=q1, participant_id=pid,
                                                  text=f"budget oversight point {i}")).id for i in range(3)]
    review = Review(store, sid, None)
    cluster = review.new_cluster("theme", cids[:2])
    review.add_recommendation("We recommend budgets", cluster_id=cluster, addressed_to="Parliaments")
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE session SET title = ?, venue = ?, rapporteur = ?, room = ?, event = ?",
                     (f"Title {EVIL}", f"Hall {EVIL}", f"Rap {EVIL}", f"Room {EVIL}", f"Event {EVIL}"))
        conn.execute("UPDATE question SET text = ?", (f"Why budget {EVIL}?",))
        conn.execute("UPDATE participant SET name = ?, organization = ?, stakeholder_group = ?, country = ?, title = ?",
                     (f"Amina {EVIL}", f"Org {EVIL}", f"Group {EVIL}", f"Mali {EVIL}", f"MP {EVIL}"))
        conn.execute("UPDATE contribution SET text = text || ?", (f" {EVIL} budget",))
        conn.execute("UPDATE cluster SET label = ?", (f"Label {EVIL}",))
        conn.execute("UPDATE recommendation SET text = ?, addressed_to = ?", (f"We recommend {EVIL} budgets",
                                                                              f"To {EVIL}"))
    conn.close()
    from facilitator.core.search import rebuild_index
    from facilitator.core.store import Store

    with Store.open(db_path) as again:
        rebuild_index(again)
    return sid


COMMANDS = [
    ["sessions"], ["sessions", "--json"], ["roster"], ["roster", "--json"],
    ["search", "budget"], ["search", "budget", "--json"], ["search", "OWNED"],
    ["overview", "{sid}"], ["overview", "{sid}", "--json"],
    ["export", "{sid}", "-o", "-"], ["export", "{sid}", "-o", "-", "--anonymous"],
    ["export", "{sid}", "-o", "-", "--format", "html"],
    ["cluster", "{sid}", "--method", "char-tfidf", "--k", "2"], ["cluster", "{sid}", "--method", "char-tfidf", "--json"],
    ["backup", "-o", "{tmp}/copy.db"], ["keys"], ["keys", "--json"],
    ["add", "{sid}", "-q", "1", "--speaker", f"Amina {EVIL}", "a new point"],
    ["add", "{sid}", "-q", "1", f"text {EVIL}"],
    ["search", EVIL], ["overview", EVIL], ["export", EVIL],
    ["sessions", EVIL], ["nosuchcommand" + EVIL],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a).encode("unicode_escape").decode()[:60])
def test_no_command_prints_a_control_character(run_cli, legacy, tmp_path, monkeypatch, argv):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text(f'"capture.{EVIL.replace(chr(0), "")}" = "f9"\n"capture.floor" = "\\u001b[2J"\n'
                      .replace("\x1b", "\\u001b").replace("\x07", "\\u0007").replace("\x9b", "\\u009b")
                      .replace("\r", "\\r").replace("\x08", "\\b"), encoding="utf-8")
    monkeypatch.setenv("FACILITATOR_KEYMAP", str(keymap))
    args = [a.format(sid=legacy, tmp=tmp_path) for a in argv]
    if "--format" in args:
        from facilitator.core.summary.formats import find_pandoc

        if find_pandoc() is None:
            pytest.skip("no pandoc for the HTML export")
    status, out, err = run_cli(*args)
    assert "Traceback" not in err
    assert not _bad(out + err), (status, (out + err)[-600:])
    if "--json" in args:
        data = json.loads(out)  # still JSON, the same data
        if args[0] == "sessions":
            assert data[0]["title"] == f"Title {EVIL}"


def test_the_user_text_is_shown_not_dropped(run_cli, legacy):
    status, out, _err = run_cli("sessions")
    assert status == 0
    assert "Title ␛]0;OWNED␇␛[2J␛[31mRED<U+009B>31m␍X␈␀" in out


def test_the_output_function_keeps_lines_and_tabs_and_shows_the_rest():
    assert output.shown("a\tb\nc") == "a\tb\nc"
    assert output.shown("\x1b[2J\x9b\x7f\udcff") == "␛[2J<U+009B>␡\ufffd"


@pytest.mark.skipif(not ptyrun.available, reason="needs a POSIX pseudo-terminal")
def test_the_app_on_a_real_terminal_sends_none_of_them(legacy, db_path):
    import os
    import sys

    env = {**os.environ, "FACILITATOR_EMBED": "off"}
    with ptyrun.PtyProcess([sys.executable, "-m", "facilitator", "--db", str(db_path)], env=env) as term:
        assert term.read_until(b"RED", timeout=40) is not None, ptyrun.plain(term.output)[-500:]
        term.send(b"\r")  # open the session: questions, contributions, speakers
        term.read_until(b"budget oversight", timeout=30)
        term.drain(1.0)
        term.send(b"\x11")
        term.wait(timeout=20)
        raw = term.output
    assert b"\x1b]0;OWNED" not in raw
    assert b"\x1b[2J\x1b[31mRED" not in raw
    assert "\x9b".encode() not in raw
    assert "␛]0;OWNED".encode() in raw  # shown, as its picture
