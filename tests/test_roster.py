"""Roster CSV import (core and CLI): validated first, written all or nothing, errors name the line."""

from __future__ import annotations

import json

import pytest

from facilitator.core.errors import InputError
from facilitator.core.models import ParticipantIn
from facilitator.core.roster import import_roster, read_roster
from tests.conftest import db_fingerprint


def write(tmp_path, text: str, name: str = "roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_adds_and_updates_without_duplicates(store, tmp_path):
    store.add_participant(ParticipantIn(name="Amina Diallo", country="Niger"))
    path = write(
        tmp_path,
        "Name,Organization,Group,Country,Gender,Youth\n"
        "amina diallo,National Assembly of Niger,Parliament,,f,\n"
        "Jean Dupont,ACLED,Civil society,Mali,m,yes\n"
        "\n"
        "محمد الأمين,مجلس النواب,Parliament,Bahrain,,no\n",
    )
    result = import_roster(store, read_roster(path), path)
    assert (result.added, result.updated, result.unchanged) == (2, 1, 0)
    people = {p.name: p for p in store.participants()}
    assert set(people) == {"Amina Diallo", "Jean Dupont", "محمد الأمين"}
    amina = people["Amina Diallo"]
    assert (amina.organization, amina.stakeholder_group, amina.country) == ("National Assembly of Niger", "Parliament", "Niger")
    assert people["Jean Dupont"].youth is True
    # a second import of the same file changes nothing
    result = import_roster(store, read_roster(path), path)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 3)


def test_semicolons_and_french_headers(store, tmp_path):
    path = write(tmp_path, "nom;organisation;groupe;pays;jeune\nAïcha Koné;Assemblée nationale;Parlement;Côte d'Ivoire;oui\n")
    import_roster(store, read_roster(path), path)
    (p,) = store.participants()
    assert (p.name, p.organization, p.stakeholder_group, p.country, p.youth) == (
        "Aïcha Koné", "Assemblée nationale", "Parliament", "Côte d'Ivoire", True)  # "Parlement" is Parliament


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("", 1, "empty"),
        ("organization\nUNDP\n", 1, "no 'name' column"),
        ("name,shoe size\nAmina,38\n", 1, "unknown column 'shoe size'"),
        ("name,group\nAmina,Parliament\n,Civil society\n", 3, "name is empty"),
        ("name,youth\nAmina,perhaps\n", 2, "youth must be yes or no"),
        ("name\nAmina\nJean\namina\n", 4, "already on line 2"),
        ("name,group\nAmina,Parliament,extra\n", 2, "3 values but 2 columns"),
    ],
)
def test_bad_files_name_the_line_and_write_nothing(store, tmp_path, db_path, text, line, words):
    path = write(tmp_path, text)
    before = db_fingerprint(db_path)
    with pytest.raises(InputError) as err:
        import_roster(store, read_roster(path), path)
    assert f"{path}:{line}:" in str(err.value)
    assert words in str(err.value)
    assert db_fingerprint(db_path) == before


def test_binary_and_non_utf8_files_are_refused(tmp_path):
    with pytest.raises(InputError, match="binary"):
        read_roster(write_bytes(tmp_path, b"name\n\x00\x01"))
    with pytest.raises(InputError, match=r"roster.csv:2: not UTF-8"):
        read_roster(write_bytes(tmp_path, b"name\nAm\xe9lie\n"))
    with pytest.raises(InputError, match="no such file"):
        read_roster(tmp_path / "missing.csv")


def write_bytes(tmp_path, data: bytes):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return path


def test_cli_roster_import_and_list(run_cli, tmp_path, db_path):
    path = write(tmp_path, "name,group\nAmina Diallo,Parliament\nJean Dupont,Civil society\n")
    status, out, err = run_cli("roster", "--import", path)
    assert status == 0, err
    assert "2 added" in err
    status, out, err = run_cli("roster", "--json")
    assert [p["name"] for p in json.loads(out)] == ["Amina Diallo", "Jean Dupont"]
    status, out, err = run_cli("roster")
    assert "Amina Diallo  (Parliament)" in out


def test_cli_roster_bad_file_exits_2_and_leaves_the_database(run_cli, tmp_path, db_path):
    run_cli("roster")  # create the database
    before = db_fingerprint(db_path)
    path = write(tmp_path, "name,youth\nAmina,maybe\n")
    status, out, err = run_cli("roster", "--import", path)
    assert status == 2
    assert f"{path}:2: youth must be yes or no" in err
    assert db_fingerprint(db_path) == before
