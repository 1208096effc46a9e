"""The follow-up behind the same boundary as the rest (issue 26, findings 1, 3 and 4, applied to
``facilitator followup``, its partners' files, the monitoring report read back and its forms).

What comes from outside is checked by ``core/limits.py`` through the follow-up's ``*In``
models: a one-line field (a title, a lead, a partner, an author, a source, an area, a lens, a
status's name or label) holding a line break or a control character, or nothing visible, is
refused; an update's text keeps its lines and drops the controls; numbers of thousands of
digits are an error, never a traceback; every refusal names the option, or the file and line,
exits 2 and leaves the database as it was. What the follow-up commands print holds no control
character a terminal would obey, even from a database that has them.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from facilitator.core import limits
from facilitator.core.followup.store import FollowUp
from tests.conftest import db_fingerprint
from tests.followup_data import sample_db, two_activities

ESC = "\x1b]0;OWNED\x07"
EVIL = "\x1b]0;OWNED\x07\x1b[2J\x1b[31mRED\x9b31m\rX\x08"
CONTROL = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)}
HUGE = "9" * 5000


@pytest.fixture
def demo(db_path):
    store = sample_db(db_path)
    two_activities(store)
    store.close()
    return db_path


def _refused(run_cli, db_path, *args, where: str = "", words: str = "") -> str:
    """Exit 2 with a message (naming ``where`` and holding ``words``), no traceback, a short
    message (a number of thousands of digits is not printed whole), the database unchanged."""
    before = db_fingerprint(db_path)
    status, out, err = run_cli(*args)
    assert status == 2, (out, err[-500:])
    assert "Traceback" not in out + err
    assert where in err and words in err, err[-500:]
    assert len(err) < 1500, err[:300]
    assert not {ch for ch in out + err if ch in CONTROL}, err
    assert db_fingerprint(db_path) == before
    return err


# --- arguments -----------------------------------------------------------------------------------

ONE_LINE_OPTIONS = [
    (["followup", "add", "R-001", f"Hold hearings {ESC}"], "title"),
    (["followup", "add", "R-001", "Hold hearings", "--lead", "\u200b\u200b"], "name"),
    (["followup", "add", "R-001", "Hold hearings", "--lead", f"Assembly {ESC}"], "name"),
    (["followup", "add", "R-001", "Hold hearings", "--partners", f"UNODC; IPU {ESC}"], "name"),
    (["followup", "add", "R-001", "Hold hearings", "--area", f"security {ESC}"], "area"),
    (["followup", "add", "R-001", "Hold hearings", "--lens", "\u200b"], "lens"),
    (["followup", "add", "R-001", "x" * (limits.MAX_LABEL + 1)], "title"),
    (["followup", "edit", "A-001", "--title", f"Hearings\n{ESC}"], "title"),
    (["followup", "update", "A-001", "Hearing held", "--by", f"Clerk {ESC}"], "author"),
    (["followup", "update", "A-001", "Hearing held", "--source", f"Hansard {ESC}"], "source"),
    (["followup", "update", "A-001", "\u200b\u200b"], "text"),
    (["followup", "correct", "A-001", "--by", "a\nb"], "author"),
    (["followup", "status", "--add", f"awaiting {ESC}"], "key"),
    (["followup", "status", "--add", "awaiting funds", "--fr", f"en attente {ESC}"], "label"),
]


@pytest.mark.parametrize("argv, field", ONE_LINE_OPTIONS, ids=lambda v: str(v)[:50].encode("unicode_escape").decode())
def test_one_line_fields_refuse_controls_line_breaks_and_nothing_visible(run_cli, demo, argv, field):
    _refused(run_cli, demo, *argv, words=field)


NUMBERS = [
    ["followup", "show", f"A-{HUGE}"],
    ["followup", "show", "A-99999999999999999999999"],  # more than SQLite's integers
    ["followup", "update", HUGE, "text"],
    ["followup", "delete", f"A-{HUGE}"],
    ["followup", "add", f"R-{HUGE}", "Hold hearings"],
    ["followup", "add", "R-99999999999999999999999", "Hold hearings"],
    ["followup", "add", "R-001", "Hold hearings", "--progress", HUGE],
    ["followup", "update", "A-001", "x", "--progress", "²"],
    ["followup", "correct", "A-001", HUGE, "--text", "x"],
    ["followup", "correct", "A-001", "--progress", HUGE],
    ["followup", "status", "--add", "awaiting funds", "--progress", HUGE],
]


@pytest.mark.parametrize("argv", NUMBERS, ids=lambda v: " ".join(v)[:40])
def test_numbers_of_thousands_of_digits_are_messages(run_cli, demo, argv):
    _refused(run_cli, demo, *argv)


def test_an_update_keeps_its_lines_and_drops_terminal_controls(run_cli, demo):
    from facilitator.core.store import Store

    status, _out, err = run_cli("followup", "update", "A-001", f"First line {EVIL}\nsecond line", "--date", "2024-01-11")
    assert status == 0, err
    with Store.open(demo) as store:
        follow = FollowUp(store)
        texts = [u.text for u in follow.updates(follow.resolve("A-001"))]
    assert "First line ]0;OWNED[2J[31mRED31m\nX\nsecond line" in texts


# --- partners' files --------------------------------------------------------------------------------


def _file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


FILES = [
    ("updates.csv", f"activity,date,by,text\nA-001,2024-01-11,Clerk,ok\nA-002,2024-01-12,Clerk {ESC},news\n", 3, "author"),
    ("updates.csv", "activity,date,by,text\nA-001,2024-01-11,\u200b\u200b,news\n", 2, "author"),
    ("updates.csv", f"activity,date,by,text,source\nA-001,2024-01-11,Clerk,news,\"Hansard\n{ESC}\"\n", 2, "source"),
    ("updates.csv", f"activity,date,text\nA-{HUGE},2024-01-11,news\n", 2, "no activity"),
    ("updates.csv", "activity,date,text\nA-99999999999999999999999,2024-01-11,news\n", 2, "no activity"),
    ("updates.csv", f"activity,date,text,progress\nA-001,2024-01-11,news,{HUGE}\n", 2, "progress"),
    ("updates.jsonl", json.dumps({"activity": "A-001", "date": "2024-01-11", "text": "news",
                                  "by": f"Clerk {ESC}"}) + "\n", 1, "author"),
    ("updates.jsonl", json.dumps({"activity": "A-001", "date": "2024-01-11", "text": "\u200b"}) + "\n", 1, "text"),
    ("updates.jsonl", '{"activity": "A-001", "date": "2024-01-11", "text": "news", "progress": ' + HUGE + "}\n", 1,
     "too many digits"),  # found by test_cli_fuzz: json.loads reads it with int(), which refuses it
]


@pytest.mark.parametrize("name, text, line, words", FILES, ids=lambda v: str(v)[:40].encode("unicode_escape").decode())
def test_partners_files_are_refused_with_their_line(run_cli, demo, tmp_path, name, text, line, words):
    path = _file(tmp_path, name, text)
    _refused(run_cli, demo, "followup", "import", path, where=f"{path}:{line}:", words=words)


# --- the monitoring report read back -----------------------------------------------------------------


@pytest.fixture
def report(run_cli, demo, tmp_path):
    path = tmp_path / "report.md"
    status, _out, err = run_cli("followup", "export", "-o", path, "--as-of", "2024-06-30")
    assert status == 0, err
    return path.read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_control_characters_in_a_report_never_reach_the_database(run_cli, demo, tmp_path, report):
    """A report is read as its format says (control characters are not text in it: dropped, as
    in a summary); a title left with nothing visible, or a name holding a line break, is refused
    with its line."""
    from facilitator.core.store import Store

    heading = "##### A-001 · stalled · 30 %: Hold public hearings in Tillabéri and Gao"
    assert heading in report
    edited = report.replace(heading, "##### A-001 · stalled · 30 %: Hold public hearings &#27;]0;OWNED&#7;\x9b2J in Gao")
    path = _file(tmp_path, "edited.md", edited)
    status, _out, err = run_cli("import", path)
    assert status == 0, err
    with Store.open(demo) as store:
        follow = FollowUp(store)
        title = follow.activity(follow.resolve("A-001")).title
    assert "OWNED" in title and not any(limits.is_control(ch) for ch in title)
    edited = report.replace(heading, "##### A-001 · stalled · 30 %: \u200b\u200b")
    path = _file(tmp_path, "blank.md", edited)
    _refused(run_cli, demo, "import", path, where=f"{path}:{_line_of(edited, '##### A-001')}", words="title")


@pytest.mark.parametrize("version", [HUGE, "²", "99999999999999999999999"], ids=["5000 digits", "superscript", "overflow"])
def test_a_reports_version_of_any_digits_is_a_message(run_cli, demo, tmp_path, report, version):
    edited = report.replace("version=1", f"version={version}", 1)
    assert edited != report
    path = _file(tmp_path, "edited.md", edited)
    _refused(run_cli, demo, "import", path, where=f"{path}:1")


def test_an_activity_reference_of_thousands_of_digits_is_a_message(run_cli, demo, tmp_path, report):
    edited = report.replace("A-001 ·", f"A-{HUGE} ·", 1)
    assert edited != report
    path = _file(tmp_path, "edited.md", edited)
    status, out, err = run_cli("import", path)
    assert status in (0, 2) and "Traceback" not in err and len(err) < 1500, err[:300]


# --- what is printed ------------------------------------------------------------------------------------


@pytest.fixture
def legacy(demo):
    """Follow-up rows holding escape sequences (written by SQL, as an older version or another
    program could have)."""
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE activity SET title = ?, lead = ?, area = ?, lens = ?, partners = ?",
                     (f"Title {EVIL}", f"Lead {EVIL}", f"Area {EVIL}", f"Lens {EVIL}",
                      json.dumps([[f"Partner {EVIL}", "organization"]])))
        conn.execute("UPDATE activity_update SET text = ?, author = ?, source = ?",
                     (f"News {EVIL}", f"Author {EVIL}", f"Source {EVIL}"))
    conn.close()
    return demo


PRINTING = [
    ["followup", "list"], ["followup", "list", "--json"], ["followup", "list", "--by", "lead"],
    ["followup", "show", "A-001"], ["followup", "show", "A-001", "--json"], ["followup", "recommendations"],
    ["followup", "template"], ["followup", "export", "-o", "-", "--as-of", "2024-06-30"],
    ["followup", "export", "-o", "-", "--format", "csv"], ["followup", "status"],
    ["followup", "show", EVIL], ["followup", "list", "--lead", EVIL],
]


@pytest.mark.parametrize("argv", PRINTING, ids=lambda v: " ".join(v)[:40].encode("unicode_escape").decode())
def test_no_followup_command_prints_a_control_character(run_cli, legacy, argv):
    status, out, err = run_cli(*argv)
    assert "Traceback" not in err
    assert not sorted({repr(ch) for ch in out + err if ch in CONTROL}), (status, (out + err)[-600:])
    if argv[:2] == ["followup", "list"] and "--json" in argv:
        assert json.loads(out)[0]["title"] == f"Title {EVIL}"  # the JSON still says what the data says
