"""Bulk input (``add --from``, ``roster --import``): streamed, all or nothing, bounded memory,
and refused with the file and line for every way a file can be wrong."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core import limits
from facilitator.core.batch import MAX_FIELD, add_from_file, read_rows
from facilitator.core.errors import InputError
from facilitator.core.models import ParticipantIn
from facilitator.core.roster import MAX_FIELD as MAX_ROSTER_CELL
from facilitator.core.roster import import_roster, read_roster

from .conftest import db_fingerprint


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD_CONTRIBUTIONS = [
    ("deep.jsonl", '{"question": 1, "text": "ok"}\n{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", 2, "nested"),
    ("nested.jsonl", '{"question": 1, "text": {"en": "hello"}}\n', 1, "nested object"),
    ("list.jsonl", '{"question": 1, "text": "a", "speaker": ["x"]}\n', 1, "nested list"),
    ("dupkey.jsonl", '{"question": 1, "text": "first", "text": "second"}\n', 1, "appears twice"),
    ("unknown.jsonl", '{"question": 1, "txt": "typo"}\n', 1, "unknown field 'txt'"),
    ("long.jsonl", json.dumps({"question": 1, "text": "x" * (MAX_FIELD + 1)}) + "\n", 1, "longer than 100,000"),
    ("dupcol.csv", "question,text,text\n1,a,b\n", 1, "'text' appears twice"),
    ("unknowncol.csv", "question,text,colour\n1,a,red\n", 1, "unknown column 'colour'"),
    ("bigfield.csv", "question,text\n1,ok\n2," + "y" * (MAX_FIELD + 5) + "\n", 3, "longer than 100,000"),
    ("unclosed.csv", 'question,speaker,text\n1,A,"this quote is never closed\n2,B,second row\n', 2, "never closed"),
    ("swallow.csv", 'question,speaker,text\n1,A,"runs on\n2,B,into the next row"\n3,C,third\n', 2, "never closed"),
    ("stray.csv", 'question,speaker,text\n1,A,"closed" then more\n', 2, "a quote may be missing"),
    ("group.csv", "question,speaker,group,text\n1,New Person,Civil sociey,hello\n", 2, "did you mean 'Civil society'"),
    ("question.csv", "question,text\n99,hello\n", 2, "no question 99"),
    ("nul.jsonl", '{"question": 1, "text": "a\x00b"}\n', 1, "NUL"),
]


@pytest.mark.parametrize("name, text, line, words", BAD_CONTRIBUTIONS, ids=[b[0] for b in BAD_CONTRIBUTIONS])
def test_bad_contribution_files_name_the_line_and_write_nothing(run_cli, store, sahel, db_path, tmp_path,
                                                                 name, text, line, words):
    path = _write(tmp_path, name, text)
    before = db_fingerprint(db_path)
    status, _, err = run_cli("add", sahel, "--from", path)
    assert status == 2, err
    assert f"{path}:{line}:" in err and words in err, err
    assert db_fingerprint(db_path) == before


def test_a_bad_row_at_the_end_of_a_long_file_writes_nothing(run_cli, store, sahel, db_path, tmp_path):
    rows = [json.dumps({"question": 1 + i % 14, "speaker": f"Speaker {i % 7}", "text": f"point {i}"})
            for i in range(5000)]
    rows.append('{"question": 1, "text": "last", "text": "duplicate key"}')
    path = _write(tmp_path, "long.jsonl", "\n".join(rows) + "\n")
    before = db_fingerprint(db_path)
    status, _, err = run_cli("add", sahel, "--from", path, "--new-groups")
    assert status == 2 and f"{path}:5001:" in err
    assert db_fingerprint(db_path) == before


def test_groups_in_files_are_known_words_or_roster_groups(run_cli, store, sahel, tmp_path):
    store.add_participant(ParticipantIn(name="Someone", stakeholder_group="Traditional leaders"))
    path = _write(tmp_path, "ok.csv", "question,speaker,group,text\n"
                  "1,Aïcha,MPs,we must vote the budget\n"
                  "2,Omar,ONG,civil society is ready\n"
                  "3,Chief,traditional LEADERS,listen to the elders\n")
    status, _, err = run_cli("add", sahel, "--from", path)
    assert status == 0, err
    groups = {p.name: p.stakeholder_group for p in store.participants()}
    assert groups["Aïcha"] == "Parliament" and groups["Omar"] == "Civil society"
    assert groups["Chief"] == "Traditional leaders"
    path = _write(tmp_path, "new.csv", "question,speaker,group,text\n1,Elder,Religious leaders,peace\n")
    status, _, err = run_cli("add", sahel, "--from", path)
    assert status == 2 and "unknown stakeholder group 'Religious leaders'" in err and "--new-groups" in err
    status, _, err = run_cli("add", sahel, "--from", path, "--new-groups")
    assert status == 0, err
    assert {p.name: p.stakeholder_group for p in store.participants()}["Elder"] == "Religious leaders"


BAD_ROSTERS = [
    ("name,gender\nAmina,12345\n", 2, "unknown gender '12345'"),
    ("name,youth\nAmina,sometimes\n", 2, "youth must be yes or no"),
    ("name,group\nAmina,Parliment\n", 2, "did you mean 'Parliament'"),
    ("name,name\nAmina,Amina\n", 1, "appears twice"),
    ("name,shoe\nAmina,38\n", 1, "unknown column 'shoe'"),
    ('name,organization\nAmina,"never closed\nJean,UNDP\n', 2, "never closed"),
    ("name,organization\nAmina," + "z" * (limits.MAX_LABEL + 1) + "\n", 2,
     f"the organization: is longer than {limits.MAX_LABEL:,}"),
    ("name,organization\nAmina," + "z" * 20_000 + "\n", 2, f"longer than {MAX_ROSTER_CELL:,}"),
    ("name\nAmina\nJean\nAMINA\n", 4, "already on line 2"),
]


@pytest.mark.parametrize("text, line, words", BAD_ROSTERS)
def test_bad_rosters_name_the_line_and_write_nothing(run_cli, store, db_path, tmp_path, text, line, words):
    path = _write(tmp_path, "roster.csv", text)
    before = db_fingerprint(db_path)
    status, _, err = run_cli("roster", "--import", path)
    assert status == 2, err
    assert f"{path}:{line}:" in err and words in err, err
    assert db_fingerprint(db_path) == before


def test_roster_words_become_one_spelling(store, tmp_path):
    path = _write(tmp_path, "roster.csv", "name,group,gender,youth\n"
                  "A,parlementaire,F,oui\nB,UN,homme,no\nC,Société civile,Female,\nD,,,\n")
    import_roster(store, read_roster(path), path)
    people = {p.name: (p.stakeholder_group, p.gender, p.youth) for p in store.participants()}
    assert people == {"A": ("Parliament", "woman", True), "B": ("UN / international organization", "man", False),
                      "C": ("Civil society", "woman", False), "D": (None, None, False)}


def test_streaming_keeps_memory_flat(store, sahel, tmp_path):
    """Python's memory for a file of 20,000 rows is about that of 2,000 (rows are not kept)."""
    def peak(n: int) -> int:
        path = _write(tmp_path, f"rows{n}.jsonl", "".join(
            json.dumps({"question": 1 + i % 14, "speaker": f"Speaker {i % 9}", "text": f"point number {i} " * 4}) + "\n"
            for i in range(n)))
        tracemalloc.start()
        try:
            assert add_from_file(store, sahel, path, new_groups=True).added == n
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(2000), peak(20000)
    assert large < small * 2 + 2_000_000, (small, large)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('question,speaker,text"\n\r;{}[]:1 aé\x00\\')), max_size=200),
       st.sampled_from([".csv", ".jsonl"]))
def test_any_file_is_read_or_refused_with_a_line(tmp_path, content, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_text(content, encoding="utf-8")
    try:
        for row in read_rows(path):
            assert isinstance(row.text, str) and row.line >= 1
    except InputError as exc:
        assert str(path) in str(exc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('name,group,gender,youth"\n;ab1F\x00')), max_size=150))
def test_any_roster_is_read_or_refused_with_a_line(tmp_path, content):
    path = tmp_path / "fuzz.csv"
    path.write_text(content, encoding="utf-8")
    try:
        read_roster(path)
    except InputError as exc:
        assert str(path) in str(exc)
