"""What comes from outside (issue 26): every input that gave a traceback or was accepted as
garbage, through the real CLI and the app's start, and a generator that finds more.

Each input must give a message naming the file and line or the option, exit status 2, and
leave the database exactly as it was; never a Python traceback. The limits are those of
``core/limits.py`` (one place), whatever path the input comes by.
"""

from __future__ import annotations

import json
import pwd
from pathlib import Path

import pytest

from facilitator.core import limits

from .conftest import SAHEL_EN, db_fingerprint

AGENDA = SAHEL_EN.read_text(encoding="utf-8")
NO_PANEL = AGENDA.split("## Panel")[0]
FIRST_QUESTION = "1. What is the role of parliaments and parliamentarians in transforming the security situation in the Sahel?"


def _agenda(tmp_path: Path, text: str, name: str = "agenda.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_allotment(value: str) -> str:
    return AGENDA.replace(FIRST_QUESTION, f"{FIRST_QUESTION}\n    - time: {value}", 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def sid(run_cli):
    status, out, _err = run_cli("new", SAHEL_EN)
    assert status == 0
    return out.strip().splitlines()[-1]


def _refused(run_cli, db_path, *args, where: str, words: str = ""):
    """The command exits 2 with a message naming ``where`` (file:line or option), without a
    traceback, and the database is as it was."""
    before = db_fingerprint(db_path)
    status, out, err = run_cli(*args)
    assert status == 2, (out, err)
    assert "Traceback" not in err + out
    assert err.startswith("facilitator: error: "), err
    assert where in err, err
    assert words in err, err
    assert db_fingerprint(db_path) == before
    return err


# --- finding 1: the 15 tracebacks ------------------------------------------------------------------

ALLOTMENTS_OVER_A_DAY = ["25 h", "1441", "٢٥ h", "24 h 1", "1500 min", "25 hours", "1441 min"]


@pytest.mark.parametrize("value", ALLOTMENTS_OVER_A_DAY)
def test_an_allotment_over_24_hours_names_its_line(run_cli, db_path, sid, tmp_path, value):
    text = _with_allotment(value)
    path = _agenda(tmp_path, text)
    _refused(run_cli, db_path, "new", path, where=f"{path}:{_line_of(text, '- time:')}",
             words="more than 24 hours")


def test_a_number_of_5000_digits_in_an_agenda_time(run_cli, db_path, sid, tmp_path):
    text = _with_allotment("9" * 5000 + " min")
    path = _agenda(tmp_path, text)
    err = _refused(run_cli, db_path, "new", path, where=f"{path}:{_line_of(text, '- time:')}")
    assert len(err) < 400  # the number is not printed whole
    text = AGENDA.replace("- Time: 14:30–17:30", f"- Time: {'1' * 5000}:30–17:30")
    path = _agenda(tmp_path, text, "time.md")
    err = _refused(run_cli, db_path, "new", path, where=f"{path}:{_line_of(text, '- Time:')}", words="bad time")
    assert len(err) < 400


@pytest.mark.parametrize("argv", [
    ["lens", "{sid}", "R-" + "9" * 5000, "human"], ["lens", "{sid}", "C-99999999999999999999999", "human"],
    ["park", "{sid}", "Q1-" + "9" * 5000], ["park", "{sid}", "99999999999999999999999"],
    ["rec", "{sid}", "--add", "We recommend", "--support", "Q1-" + "9" * 5000],
    ["rec", "{sid}", "R-" + "9" * 5000, "--status", "agreed"],
], ids=["lens-5000-digits", "lens-overflow", "park-5000-digits", "park-overflow", "rec-support", "rec-ref"])
def test_a_reference_of_thousands_of_digits(run_cli, db_path, sid, argv):
    """Found by test_cli_fuzz: ``lens SESSION R-999…`` read the number with int() (and so did
    ``park`` and ``rec --support``, which came later)."""
    err = _refused(run_cli, db_path, *[a.format(sid=sid) for a in argv], where="no ")
    assert len(err) < 400


@pytest.mark.parametrize("option", ["--rank", "--question"])
def test_rec_numbers_of_thousands_of_digits_name_the_option(run_cli, db_path, sid, option):
    before = db_fingerprint(db_path)
    status, _out, err = run_cli("rec", sid, "--add", "We recommend", option, "9" * 5000)
    assert status == 2 and "Traceback" not in err and option in err and len(err) < 1200, err[-300:]
    assert db_fingerprint(db_path) == before


def test_a_number_of_5000_digits_as_an_exports_version(run_cli, db_path, sid, tmp_path):
    exported = tmp_path / "e.md"
    assert run_cli("export", sid, "-o", exported)[0] == 0
    text = exported.read_text(encoding="utf-8").replace("version=1", "version=" + "9" * 5000, 1)
    bad = _agenda(tmp_path, text, "bad-export.md")
    err = _refused(run_cli, db_path, "import", bad, where=f"{bad}:1", words="bad format version")
    assert len(err) < 400
    for number in ("²", "٣", "1" * 30):  # isdigit() but not a format; Arabic-Indic three; newer
        text2 = exported.read_text(encoding="utf-8").replace("version=1", f"version={number}", 1)
        bad2 = _agenda(tmp_path, text2, "bad-export-2.md")
        _refused(run_cli, db_path, "import", bad2, where=f"{bad2}:1")


@pytest.mark.parametrize("what", ["question", "title", "panelist"])
def test_a_field_made_only_of_control_characters(run_cli, db_path, sid, tmp_path, what):
    controls = "\x01\x02\x03"
    if what == "question":
        text = AGENDA.replace(FIRST_QUESTION, f"1. {controls}", 1)
        needle = f"1. {controls}"
    elif what == "title":
        text = AGENDA.replace("# Mitigating", f"# {controls}", 1).replace(
            "# " + controls + " the impact of security threats by building resilience in the Sahel", f"# {controls}")
        needle = f"# {controls}"
    else:
        text = NO_PANEL + f"## Panel\n\n- {controls}\n    - group: Parliament\n"
        needle = f"- {controls}"
    path = _agenda(tmp_path, text)
    _refused(run_cli, db_path, "new", path, where=f"{path}:{_line_of(text, needle)}", words="control character")


def test_a_speaker_made_only_of_control_characters(run_cli, db_path, sid):
    _refused(run_cli, db_path, "add", sid, "-q", "1", "--speaker", "\x01\x02", "hello",
             where="--speaker", words="control character")


def test_a_speaker_name_over_200_characters(run_cli, db_path, sid, tmp_path):
    long = "A" * (limits.MAX_NAME + 1)
    _refused(run_cli, db_path, "add", sid, "-q", "1", "--speaker", long, "hello", where="--speaker",
             words=f"longer than {limits.MAX_NAME}")
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"question": 1, "speaker": "Ok", "text": "fine"}) + "\n"
                    + json.dumps({"question": 1, "speaker": long, "text": "hi"}) + "\n", encoding="utf-8")
    _refused(run_cli, db_path, "add", sid, "--from", rows, where=f"{rows}:2", words="speaker's name")
    rows_csv = tmp_path / "rows.csv"
    rows_csv.write_text(f"question,speaker,text\n1,{long},hi\n", encoding="utf-8")
    _refused(run_cli, db_path, "add", sid, "--from", rows_csv, where=f"{rows_csv}:2", words="speaker's name")


def test_dev_zero_is_read_with_a_bound(run_cli, db_path, sid):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    _refused(run_cli, db_path, "roster", "--import", "/dev/zero", where="/dev/zero:1", words="NUL")
    _refused(run_cli, db_path, "import", "/dev/zero", where="/dev/zero:1", words="NUL")
    _refused(run_cli, db_path, "new", "/dev/zero", where="/dev/zero:1", words="NUL")
    _refused(run_cli, db_path, "add", sid, "--from", "/dev/zero", where="/dev/zero:1", words="NUL")


def test_a_file_that_never_ends_is_refused_at_its_bound(run_cli, db_path, sid, tmp_path, monkeypatch):
    """Text without end (a stream of 'a', no line break): refused at the limit, not read whole."""
    monkeypatch.setattr(limits, "MAX_AGENDA_BYTES", 100_000)
    big = tmp_path / "endless.md"
    big.write_bytes(b"# T\n" + b"a" * 300_000)
    from facilitator.core import agenda

    monkeypatch.setattr(agenda.limits, "MAX_AGENDA_BYTES", 100_000)
    _refused(run_cli, db_path, "new", big, where=str(big), words="larger than")
    roster = tmp_path / "endless.csv"
    roster.write_bytes(b"name\n" + b"a" * (4 * limits.MAX_LINE + 100))
    _refused(run_cli, db_path, "roster", "--import", roster, where=f"{roster}:2", words="longer than")


DEEP_DOTTED = "a" + ".a" * 3000 + ' = "f9"\n'
DEEP_TABLE = "[" + ".".join(["a"] * 2000) + "]\n" + 'x = "f9"\n'
MANY = "".join(f'"capture.x{i}" = "f9"\n' for i in range(20_000))
NESTED_INLINE = "a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n"
HUGE_NUMBER = '"capture.floor" = ' + "9" * 5000 + "\n"  # found by test_cli_fuzz: tomllib's int() refuses it


@pytest.mark.parametrize("text", [DEEP_DOTTED, DEEP_TABLE, MANY, NESTED_INLINE, HUGE_NUMBER],
                         ids=["dotted-3000", "table-2000", "20000-entries", "inline-2000", "number-5000-digits"])
def test_a_keymap_deep_or_huge_is_reported_not_a_traceback(run_cli, tmp_path, monkeypatch, text):
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FACILITATOR_KEYMAP", str(path))
    status, out, err = run_cli("keys")
    assert status == 0 and "Traceback" not in err
    assert f"facilitator: keymap: {path}" in err
    assert "capture.floor" in out  # the default keys are listed
    assert len(err.splitlines()) <= limits.MAX_PROBLEMS + 3


def _no_home(monkeypatch):
    """HOME unset for a user with no passwd entry (a container run with --user)."""
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "FACILITATOR_DB",
                 "FACILITATOR_KEYMAP", "FACILITATOR_RESCUE"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)


def test_no_home_folder_gives_a_message_naming_db(run_cli, db_path, sid, monkeypatch):
    _no_home(monkeypatch)
    status, out, err = run_cli("sessions", db=None)
    assert status == 2 and "Traceback" not in err
    assert "--db PATH" in err and "FACILITATOR_DB" in err and "HOME" in err
    status, out, err = run_cli("demo", db=None)
    assert status == 2 and "--db PATH" in err
    # with --db, everything works: the keymap is not looked for, the rescue file goes to /tmp
    status, out, err = run_cli("sessions")
    assert status == 0 and sid in out
    status, out, err = run_cli("keys")
    assert status == 0 and "capture.floor" in out
    from facilitator.core import rescue

    assert rescue.candidates()[-1].parent == Path(__import__("tempfile").gettempdir())


async def test_the_app_starts_without_a_home_folder(store, sahel, monkeypatch):
    from facilitator.tui.app import FacilitatorApp

    _no_home(monkeypatch)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize("text", [DEEP_DOTTED, DEEP_TABLE, MANY], ids=["dotted-3000", "table-2000", "20000-entries"])
async def test_the_app_starts_with_a_bad_keymap_and_says_so(store, sahel, tmp_path, monkeypatch, text):
    from facilitator.tui.app import FacilitatorApp

    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FACILITATOR_KEYMAP", str(path))
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app._notifications:
                break
        assert type(app.screen).__name__ == "HomeScreen"
        assert any(str(path) in n.message for n in app._notifications)


def test_the_cli_app_start_without_a_home_folder(run_cli, monkeypatch):
    """``facilitator`` alone (the app) with no home folder: a message, before any screen."""
    _no_home(monkeypatch)
    status, out, err = run_cli(db=None)
    assert status == 2 and "--db PATH" in err and "Traceback" not in err


# --- finding 4: garbage accepted ---------------------------------------------------------------------


def test_a_title_of_a_megabyte_is_refused(run_cli, db_path, sid, tmp_path):
    text = AGENDA.replace("# Mitigating", "# " + "M" * 1_000_000 + " Mitigating", 1)
    path = _agenda(tmp_path, text)
    _refused(run_cli, db_path, "new", path, where=f"{path}:1", words=f"longer than {limits.MAX_LABEL:,}")


def test_a_speaker_with_a_line_break_is_refused_in_every_file(run_cli, db_path, sid, tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"question": 1, "speaker": "Amina\nDiallo", "text": "hi"}) + "\n", encoding="utf-8")
    _refused(run_cli, db_path, "add", sid, "--from", rows, where=f"{rows}:1", words="line break")
    for brk in ("\u2028", "\x85", "\r"):
        rows.write_text(json.dumps({"question": 1, "speaker": f"Amina{brk}Diallo", "text": "hi"}) + "\n",
                        encoding="utf-8")
        _refused(run_cli, db_path, "add", sid, "--from", rows, where=f"{rows}:1", words="line break")
    _refused(run_cli, db_path, "add", sid, "-q", "1", "--speaker", "Amina\nDiallo", "hi", where="--speaker",
             words="line break")


def test_a_name_of_zero_width_spaces_is_refused_everywhere(run_cli, db_path, sid, tmp_path):
    blank = "\u200b\u200b"
    _refused(run_cli, db_path, "add", sid, "-q", "1", "--speaker", blank, "hi", where="--speaker",
             words="no visible character")
    roster = tmp_path / "r.csv"
    roster.write_text(f"name\nAmina\n{blank}\n", encoding="utf-8")
    _refused(run_cli, db_path, "roster", "--import", roster, where=f"{roster}:3", words="no visible character")
    text = NO_PANEL + f"## Panel\n\n- {blank}\n"
    path = _agenda(tmp_path, text)
    _refused(run_cli, db_path, "new", path, where=str(path), words="no visible character")
    status, _out, err = run_cli("add", sid, "-q", "1", "\u200b \u200d\u0301")
    assert status == 2 and "no visible character" in err


def test_one_limit_for_a_group_by_every_path(run_cli, db_path, sid, tmp_path):
    """``add --group`` of 20,000 characters was accepted, the roster refused 10,000: now one
    limit (``limits.MAX_LABEL``) for every path."""
    group = "G" * 20_000
    words = f"longer than {limits.MAX_LABEL:,}"
    _refused(run_cli, db_path, "add", sid, "-q", "1", "--speaker", "Nobody Yet", "--group", group, "hi",
             where="--group", words=words)
    # also for a speaker already on the roster (the group is checked before the database is read)
    assert run_cli("add", sid, "-q", "1", "--speaker", "Known", "hi")[0] == 0
    _refused(run_cli, db_path, "add", sid, "-q", "1", "--speaker", "Known", "--group", group, "hi",
             where="--group", words=words)
    just_over = "g" * (limits.MAX_LABEL + 1)
    roster = tmp_path / "r.csv"
    roster.write_text(f"name,group\nAmina,{just_over}\n", encoding="utf-8")
    _refused(run_cli, db_path, "roster", "--import", roster, "--new-groups", where=f"{roster}:2", words=words)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"question": 1, "speaker": "New One", "group": just_over, "text": "hi"}) + "\n",
                    encoding="utf-8")
    _refused(run_cli, db_path, "add", sid, "--from", rows, "--new-groups", where=f"{rows}:1", words=words)
    text = NO_PANEL + f"## Panel\n\n- Hon. A\n    - group: {just_over}\n"
    path = _agenda(tmp_path, text)
    _refused(run_cli, db_path, "new", path, where=f"{path}:{_line_of(text, '    - group:')}", words=words)
    at_limit = "g" * limits.MAX_LABEL
    roster.write_text(f"name,group\nAmina,{at_limit}\n", encoding="utf-8")
    assert run_cli("roster", "--import", roster, "--new-groups")[0] == 0


@pytest.mark.parametrize("field", ["Venue", "Series", "Event", "Rapporteur", "Room"])
def test_escape_sequences_in_agenda_details_are_refused_with_their_line(run_cli, db_path, sid, tmp_path, field):
    hostile = "Hall\x1b]0;OWNED\x07 E\x1b[2J\x1b[31m"
    if f"- {field}:" in AGENDA:
        text = "\n".join(f"- {field}: {hostile}" if line.startswith(f"- {field}:") else line
                         for line in AGENDA.splitlines()) + "\n"
    else:
        text = AGENDA.replace("- Date:", f"- {field}: {hostile}\n- Date:", 1)
    path = _agenda(tmp_path, text)
    _refused(run_cli, db_path, "new", path, where=f"{path}:{_line_of(text, f'- {field}:')}",
             words="U+001B ESCAPE")


@pytest.mark.parametrize("column", ["title", "organization", "country", "group"])
def test_escape_sequences_in_a_roster_are_refused_with_their_line(run_cli, db_path, tmp_path, column):
    roster = tmp_path / "r.csv"
    roster.write_text(f"name,{column}\nAmina,ok\nJean,\x1b[2J\x1b[31mred\n", encoding="utf-8")
    _refused(run_cli, db_path, "roster", "--import", roster, "--new-groups", where=f"{roster}:3", words="ESCAPE")


def test_control_characters_in_an_imported_summary_never_reach_the_database(run_cli, db_path, sid, tmp_path, store):
    """A summary is read as its format says (control characters are not text in it: dropped,
    C1 controls such as CSI too); a field left with nothing visible is refused with its line."""
    exported = tmp_path / "e.md"
    assert run_cli("export", sid, "-o", exported)[0] == 0
    text = exported.read_text(encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text(text.replace("Grand Hall E", "Grand Hall \x1b]0;OWNED\x07E\x9b2J", 1), encoding="utf-8")
    assert run_cli("import", bad)[0] == 0
    venue = store.session(sid).venue
    assert "OWNED" in venue and not any(limits.is_control(ch) for ch in venue)
    bad.write_text(text.replace("Grand Hall E, Exhibition World Bahrain (EWB), Manama, Bahrain", "\u200b\u200b", 1),
                   encoding="utf-8")
    _refused(run_cli, db_path, "import", bad, where=str(bad), words="no visible character")


def test_contribution_text_keeps_its_lines_and_drops_terminal_controls(run_cli, db_path, sid, store):
    status, out, _err = run_cli("add", sid, "-q", "1", "line one\nline\ttwo \x1b[2J\x9b31m")
    assert status == 0
    text = store.contribution(out.strip().splitlines()[-1]).text
    assert text == "line one\nline\ttwo [2J31m"


async def test_the_roster_form_refuses_what_the_files_refuse(store, sahel):
    """The screens check with the same limits (the models): a name of zero-width spaces, an
    organization holding an escape sequence, a group over the limit; nothing is written."""
    from textual.widgets import Input

    from facilitator.tui.app import FacilitatorApp

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")  # the roster, from the sessions list
        await pilot.pause()
        for field, value, words in (("name", "\u200b\u200b", "Name: has no visible character"),
                                    ("organization", "Org \x1b[2J", "Organization: holds the control character"),
                                    ("stakeholder_group", "G" * (limits.MAX_LABEL + 1),
                                     f"Group: is longer than {limits.MAX_LABEL:,}")):
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#f-name", Input).value = "Fine Name"
            app.screen.query_one(f"#f-{field}", Input).value = value
            await pilot.press("ctrl+s")
            await pilot.pause()
            hint = str(app.screen.query_one("#form-hint").render())
            assert words in hint, hint
            await pilot.press("escape")
            await pilot.pause()
        assert store.participants() == []
