"""Every CLI command, with its error paths, against a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from facilitator import __version__

from .conftest import SAHEL_AR, SAHEL_EN, db_fingerprint


@pytest.fixture
def session_id(run_cli):
    status, out, err = run_cli("new", SAHEL_EN)
    assert status == 0, err
    return out.strip().splitlines()[-1]


def _panel() -> set[str]:
    """The agenda's panelists, on the roster since the session was made."""
    from facilitator.core.agenda import load_agenda

    return {p.name for p in load_agenda(SAHEL_EN)[0].panel}


def test_version(run_cli):
    status, out, _ = run_cli("--version", db=None)
    assert status == 0
    assert out.strip() == f"facilitator {__version__}"


def test_new_prints_the_id_last_and_sessions_lists_it(run_cli, session_id):
    status, out, _ = run_cli("sessions", "--json")
    assert status == 0
    [row] = json.loads(out)
    assert row["id"] == session_id
    assert row["questions"] == 14
    assert row["contributions"] == 0
    assert row["date"] == "2023-03-11"
    status, out, _ = run_cli("sessions")
    assert session_id in out and "Mitigating the impact" in out


def test_sessions_on_an_empty_database(run_cli):
    status, out, _ = run_cli("sessions", "--json")
    assert (status, json.loads(out)) == (0, [])
    status, out, _ = run_cli("sessions")
    assert "No sessions yet" in out


def test_db_option_is_accepted_after_the_command(run_cli, db_path, session_id):
    status, out, _ = run_cli("sessions", "--json", "--db", db_path, db=None)
    assert status == 0 and json.loads(out)[0]["id"] == session_id


def test_facilitator_db_variable_is_used(run_cli, monkeypatch, tmp_path):
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("FACILITATOR_DB", str(target))
    status, _, _ = run_cli("new", SAHEL_AR, db=None)
    assert status == 0 and target.exists()


def test_new_refuses_a_malformed_agenda_and_writes_nothing(run_cli, db_path, session_id, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("# T\n\n- Date: 2023-02-30\n\n## Guiding questions\n\n1. Q?\n", encoding="utf-8")
    before = db_fingerprint(db_path)
    status, out, err = run_cli("new", bad)
    assert status == 2
    assert f"{bad}:3: bad date" in err
    assert out == ""
    assert db_fingerprint(db_path) == before


def test_new_with_a_bad_agenda_creates_no_database(run_cli, db_path, tmp_path):
    bad = tmp_path / "empty.md"
    bad.write_text("", encoding="utf-8")
    status, _, err = run_cli("new", bad)
    assert status == 2 and "empty" in err
    assert not db_path.exists()


def test_add_one_contribution_by_prefix(run_cli, store_of, session_id):
    status, out, err = run_cli("add", session_id[:8], "--question", "3", "--speaker", "Amina Diallo",
                               "--group", "Parliament", "Oversight committees need the defence budget.")
    assert status == 0, err
    assert "Q3-001" in err
    store = store_of()
    [c] = store.contributions(session_id)
    assert c.id == out.strip().splitlines()[-1]
    assert (c.question_position, c.speaker, c.stakeholder_group) == (3, "Amina Diallo", "Parliament")
    # the same speaker is found again, not duplicated
    run_cli("add", session_id, "-q", "4", "-s", "amina diallo", "And the armed forces.")
    assert len(store.participants()) == 1 + len(_panel())
    store.close()


def test_add_without_speaker_is_the_floor(run_cli, store_of, session_id):
    status, _, _ = run_cli("add", session_id, "-q", "1", "From the floor.")
    assert status == 0
    store = store_of()
    [c] = store.contributions(session_id)
    assert c.participant_id is None
    store.close()


@pytest.mark.parametrize(
    "args, words",
    [
        (("add", "zzz", "-q", "1", "text"), "no session matches"),
        (("add", "{sid}", "-q", "15", "text"), "no question 15"),
        (("add", "{sid}", "text"), "give --question"),
        (("add", "{sid}", "-q", "1", "   "), "text"),
        (("add", "{sid}", "-q", "1"), "nothing to add"),
        (("add", "{sid}", "-q", "1", "--lang", "english", "hello"), "lang"),
    ],
)
def test_add_errors_exit_2_and_change_nothing(run_cli, db_path, session_id, args, words):
    before = db_fingerprint(db_path)
    status, out, err = run_cli(*[a.format(sid=session_id) for a in args])
    assert status == 2
    assert words in err
    assert db_fingerprint(db_path) == before


def test_add_from_jsonl_and_csv(run_cli, store_of, session_id, tmp_path):
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"question": 1, "speaker": "Jean Dupont", "text": "Les parlements doivent voter le budget.", "group": "Parliament"},
                {"question": 2, "speaker": "", "text": "More training for the police."},
                {"question": 2, "speaker": "Fatima", "text": "يجب تعزيز الرقابة", "lang": "ar"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    status, _, err = run_cli("add", session_id, "--from", jsonl)
    assert status == 0, err
    csv_file = tmp_path / "batch.csv"
    csv_file.write_text('question,speaker,text\n3,Jean Dupont,"Oui, et le contrôle, aussi."\n', encoding="utf-8")
    status, _, err = run_cli("add", session_id, "--from", csv_file)
    assert status == 0, err
    store = store_of()
    rows = store.contributions(session_id)
    assert [(c.question_position, c.speaker, c.lang) for c in rows] == [
        (1, "Jean Dupont", "fr"),
        (2, None, "en"),
        (2, "Fatima", "ar"),
        (3, "Jean Dupont", "fr"),
    ]
    assert rows[3].text == "Oui, et le contrôle, aussi."
    assert [p.name for p in store.participants() if p.name not in _panel()] == ["Fatima", "Jean Dupont"]
    store.close()


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("bad.jsonl", '{"question": 1, "text": "fine"}\n{"question": 99, "text": "no such question"}\n', "bad.jsonl:2: no question 99"),
        ("bad.jsonl", '{"question": 1, "text": "fine"}\nnot json\n', "bad.jsonl:2: not valid JSON"),
        ("bad.jsonl", '{"question": 1, "text": "fine", "mood": "happy"}\n', "bad.jsonl:1: unknown field 'mood'"),
        ("bad.jsonl", '{"question": 1, "speaker": "x"}\n', "bad.jsonl:1: missing 'text'"),
        ("bad.jsonl", '{"question": "two", "text": "x"}\n', "bad.jsonl:1: question must be a question number"),
        ("bad.csv", "question,text,mood\n1,x,y\n", "bad.csv:1: unknown column 'mood'"),
        ("bad.csv", 'question,text\n1,fine\n2,"  "\n', "bad.csv:3: missing 'text'"),
        ("bad.jsonl", "", "no contributions"),
    ],
)
def test_add_from_a_bad_file_is_all_or_nothing(run_cli, db_path, session_id, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = db_fingerprint(db_path)
    status, _, err = run_cli("add", session_id, "--from", path)
    assert status == 2
    assert words in err
    assert db_fingerprint(db_path) == before


def test_add_from_a_missing_file(run_cli, session_id, tmp_path):
    status, _, err = run_cli("add", session_id, "--from", tmp_path / "nope.jsonl")
    assert status == 2 and "nope.jsonl" in err


def test_add_to_a_missing_database_does_not_create_it(run_cli, tmp_path):
    db = tmp_path / "never.db"
    status, _, err = run_cli("--db", db, "add", "abc", "-q", "1", "hello", db=None)
    assert status == 2 and "no such database" in err
    assert not db.exists()


def test_corrupt_database_is_refused_by_every_command(run_cli, tmp_path):
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"this is not a database at all" * 10)
    for args in (("sessions",), ("new", SAHEL_EN), ("add", "x", "-q", "1", "t")):
        status, _, err = run_cli(*args, db=db)
        assert status == 2 and "not a SQLite database" in err and str(db) in err
    assert db.read_bytes() == b"this is not a database at all" * 10


def test_fresh_machine_default_location(tmp_path):
    """`new` then `sessions --json` in a new process with an empty home: the default location."""
    env = {k: v for k, v in os.environ.items() if k != "FACILITATOR_DB"}
    env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / ".local" / "share")
    cmd = [sys.executable, "-m", "facilitator"]
    new = subprocess.run([*cmd, "new", str(SAHEL_EN)], env=env, capture_output=True, text=True, check=True)
    sid = new.stdout.strip().splitlines()[-1]
    listed = subprocess.run([*cmd, "sessions", "--json"], env=env, capture_output=True, text=True, check=True)
    [row] = json.loads(listed.stdout)
    assert row["id"] == sid and row["questions"] == 14
    expected = tmp_path / "home" / ".local" / "share" / "facilitator" / "facilitator.db"
    assert expected.exists()
    assert oct(expected.stat().st_mode & 0o777) == oct(0o600)


@pytest.fixture
def store_of(db_path):
    from facilitator.core.store import Store

    return lambda: Store.open(db_path)


def test_help_lists_every_command_and_the_app_options(run_cli):
    from facilitator.cli import COMMANDS

    status, out, _ = run_cli("--help")
    assert status == 0
    for name in COMMANDS:
        assert name in out
    assert "--bidi" in out and "--db" in out


def test_the_app_alone_needs_no_command_parsers(run_cli, monkeypatch):
    """`facilitator [--db P] [--bidi M]` opens the app without building the commands' parsers
    (start-up is measured); anything else gets the full parser."""
    import facilitator.cli as cli
    from facilitator.cli import cmd_open

    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda commands=True: built.append(commands) or real(commands))
    monkeypatch.setattr(cmd_open, "_run_tui", lambda store, sid, **kw: 0)
    assert run_cli("--bidi", "off")[0] == 0
    assert run_cli("--bidi=on")[0] == 0
    assert run_cli("sessions")[0] == 0
    assert built == [False, False, True]
