"""A generator of what comes from outside (issue 26): hypothesis builds arguments, files and
environment variables for every command of the CLI, from hostile pieces (escape sequences,
numbers of thousands of digits, zero-width names, line breaks, lone surrogates as a
non-UTF-8 ``argv`` gives them, huge fields) and from mutations of real files (the Sahel
agenda, a roster, a contributions file, an exported summary, a keymap).

Whatever it builds, a command ends with status 0 or 2, prints no Python traceback, and
nothing it prints holds a control character a terminal would obey (``cli/output.py``).
Fixed seed and no example database, so a run in CI is the run on a laptop.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import SAHEL_EN

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                derandomize=not os.environ.get("FUZZ_RANDOM"),
                database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])

HOSTILE = [
    "", " ", "\t", "\x1b]0;OWNED\x07", "\x1b[2J\x1b[31m", "\x9b2J", "\x07", "\x08\x08", "\u200b\u200b", "\u200d",
    "\u0301", "a\nb", "a\rb", "\u2028", "\x85", "9" * 5000, "٢٥", "²", "-1", "0", "00", "1e309", "nan", "inf",
    "[/x]", "[@click=app.quit]", "%s%n", "\udcff", "\udc80abc", "~", "~/x", "A" * 300, "G" * 20_000,
    "../..", "/dev/null", "-", "é", "عربي", "ـ", "\U0010ffff", "\ufeff", "Q4-1666", "R-001", "<!--", "-->",
    "# Title", "- Date: 2023-03-11", "1. Why?", "    - time: 25 h", "    - time: 1441", "\"", "'", ",", ";",
    "{", "}", "[", "]", "=", ".", "\\",
]
# argv never holds NUL (the OS cannot pass it); a non-UTF-8 byte arrives as a lone surrogate
piece = st.one_of(st.sampled_from(HOSTILE),
                  st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12))
arg = st.lists(piece, min_size=1, max_size=3).map("".join)
number = st.one_of(st.integers(-3, 20).map(str), st.sampled_from(["9" * 5000, "99999999999999999999999", "٣", "1.5",
                                                                  "-0", "+1", " 2", "0x10"]), arg)

CONTROL = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)}


def _check(result, argv) -> None:
    status, out, err = result
    assert status in (0, 2), (argv, status, err[-2000:])
    assert "Traceback" not in out + err, (argv, err[-3000:])
    bad = sorted({repr(ch) for ch in out + err if ch in CONTROL})
    assert not bad, (argv, bad, (out + err)[-500:])


def _mutate(data: st.DataObject, text: str) -> str:
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        kind = data.draw(st.sampled_from(["insert", "replace-line", "delete", "duplicate-line", "truncate"]),
                         label="kind")
        lines = text.split("\n")
        if kind == "insert":
            at = data.draw(st.integers(0, len(text)), label="at")
            text = text[:at] + data.draw(arg, label="inserted") + text[at:]
        elif kind == "replace-line":
            k = data.draw(st.integers(0, len(lines) - 1), label="line")
            lines[k] = data.draw(arg, label="line text")
            text = "\n".join(lines)
        elif kind == "delete":
            at = data.draw(st.integers(0, len(text)), label="at")
            text = text[:at] + text[at + data.draw(st.integers(1, 80), label="n"):]
        elif kind == "duplicate-line":
            k = data.draw(st.integers(0, len(lines) - 1), label="line")
            lines.insert(k, lines[k])
            text = "\n".join(lines)
        else:
            text = text[: data.draw(st.integers(0, len(text)), label="cut")]
    return text


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


@pytest.fixture
def world(run_cli, tmp_path, monkeypatch):
    """A database with the Sahel session, a few contributions and roster entries, an export of
    it, and the current folder a temporary one (exports go there)."""
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli("new", SAHEL_EN)
    assert status == 0
    sid = out.strip().splitlines()[-1]
    for i, speaker in enumerate(("Amina Diallo", "Jean Dupont", "Hon. Ramatou Issa Garba")):
        assert run_cli("add", sid, "-q", str(1 + i), "--speaker", speaker, f"Parliaments must act on point {i}")[0] == 0
    export = tmp_path / "export.md"
    assert run_cli("export", sid, "-o", export)[0] == 0
    return {"sid": sid, "export": export.read_text(encoding="utf-8"), "tmp": tmp_path}


@FUZZ
@given(data=st.data())
def test_arguments_of_every_command(run_cli, world, data):
    sid = world["sid"]
    session = data.draw(st.one_of(st.just(sid), st.just(sid[:6]), arg), label="session")
    kind = data.draw(st.sampled_from(["add", "add-options", "search", "overview", "export", "sessions", "roster",
                                      "keys", "backup", "cluster", "new-options", "lens", "export-options", "rec",
                                      "park"]),
                     label="command")
    if kind == "add":
        argv = ["add", session, "-q", data.draw(number), data.draw(arg)]
    elif kind == "add-options":
        argv = ["add", sid, "-q", data.draw(number), data.draw(arg)]
        for option in data.draw(st.lists(st.sampled_from(["--speaker", "--group", "--lang"]), unique=True), label="opts"):
            argv += [option, data.draw(arg, label=option)]
    elif kind == "search":
        argv = ["search", data.draw(arg)] + data.draw(st.sampled_from([[], ["--limit", "3"], ["--session", session],
                                                                       ["--limit", "9" * 30], ["--json"]]))
    elif kind == "overview":
        argv = ["overview", session] + data.draw(st.sampled_from([[], ["--json"]]))
    elif kind == "export":
        argv = ["export", session, "-o", "-"] + data.draw(st.sampled_from([[], ["--anonymous"], ["--by", "question"]]))
    elif kind == "export-options":
        argv = ["export", sid, "-o", "-"]
        for option in data.draw(st.lists(st.sampled_from(["--form", "--statuses", "--lang", "--by"]), unique=True),
                                label="opts"):
            value = {"--form": st.sampled_from(["record", "outcome"]), "--by": st.sampled_from(["area", "addressee"])}
            argv += [option, data.draw(value.get(option, arg), label=option)]
    elif kind == "lens":
        argv = ["lens", session, data.draw(st.one_of(st.sampled_from(["R-001", "C-001"]), number.map("R-{}".format),
                                                     arg), label="ref"), data.draw(arg, label="lens")]
    elif kind == "rec":
        argv = ["rec", session, "--add", data.draw(arg)]
        for option in data.draw(st.lists(st.sampled_from(["--rank", "--question", "--to", "--support", "--status",
                                                          "--lens"]), unique=True), label="opts"):
            argv += [option, data.draw(number if option in ("--rank", "--question") else arg, label=option)]
    elif kind == "park":
        argv = ["park", session, data.draw(st.one_of(st.sampled_from(["Q1-001", "C-001"]), number.map("Q1-{}".format),
                                                     number, arg), label="ref")]
    elif kind == "backup":
        argv = ["backup", "-o", str(world["tmp"] / "b") + data.draw(arg).replace("/", "_")[:100]]
    elif kind == "cluster":
        argv = ["cluster", session, "--method", "char-tfidf", "--question", data.draw(number), "--k", data.draw(number)]
    elif kind == "new-options":
        argv = ["new", str(SAHEL_EN), "--room", data.draw(arg), "--rapporteur", data.draw(arg)]
    else:
        argv = [kind] + data.draw(st.sampled_from([[], ["--json"]]))
    _check(run_cli(*argv), argv)


@FUZZ
@given(data=st.data())
def test_files_every_command_reads(run_cli, world, data):
    tmp = world["tmp"]
    kind = data.draw(st.sampled_from(["agenda", "roster", "jsonl", "csv", "summary", "merge"]), label="file")
    if kind == "agenda":
        path = _write(tmp, "agenda.md", _mutate(data, SAHEL_EN.read_text(encoding="utf-8")))
        argv = ["new", path]
    elif kind == "roster":
        base = ("name,title,organization,group,country,gender,youth\n"
                "Amina Diallo,MP,National Assembly of Mali,Parliament,Mali,F,no\n"
                "Jean Dupont,Researcher,ACLED,Civil society,France,M,oui\n")
        argv = ["roster", "--import", _write(tmp, "roster.csv", _mutate(data, base)), "--new-groups"]
    elif kind == "jsonl":
        base = "".join(json.dumps({"question": i % 14 + 1, "speaker": f"Speaker {i}", "group": "UN",
                                   "text": f"point {i}"}, ensure_ascii=False) + "\n" for i in range(3))
        argv = ["add", world["sid"], "--from", _write(tmp, "rows.jsonl", _mutate(data, base))]
    elif kind == "csv":
        base = "question,speaker,text,group,lang\n1,Amina Diallo,a point,MPs,en\n2,,from the floor,,fr\n"
        argv = ["add", world["sid"], "--from", _write(tmp, "rows.csv", _mutate(data, base))]
    elif kind == "summary":
        argv = ["import", _write(tmp, "summary.md", _mutate(data, world["export"]))]
    else:
        argv = ["merge", _write(tmp, "one.md", _mutate(data, world["export"])), _write(tmp, "two.md", world["export"]),
                "-o", "-"]
    _check(run_cli(*map(str, argv)), argv)


@FUZZ
@given(data=st.data())
def test_environment_and_keymap(run_cli, world, data, monkeypatch):
    tmp = world["tmp"]
    base = '"capture.floor" = "f9"\n[review]\nsuggest = "ctrl+g"\n"capture.save" = "ctrl+s,f2"\n'
    keymap = _write(tmp, "keymap.toml", _mutate(data, base))
    monkeypatch.setenv("FACILITATOR_KEYMAP", str(keymap))
    for name in ("FACILITATOR_BIDI", "FACILITATOR_RESCUE", "FACILITATOR_EMBED"):
        if data.draw(st.booleans(), label=name):
            monkeypatch.setenv(name, data.draw(arg, label=f"{name} value").replace("\x00", "").encode(
                "utf-8", "surrogateescape").decode("utf-8", "replace"))
    argv = data.draw(st.sampled_from([["keys"], ["keys", "--json"], ["sessions"], ["roster"]]), label="command")
    _check(run_cli(*argv), argv)


@pytest.fixture
def follow_world(run_cli, db_path, tmp_path, monkeypatch):
    """The sample panel with two activities and their timelines, a monitoring report of it, and
    the current folder a temporary one."""
    from .followup_data import sample_db, two_activities

    monkeypatch.chdir(tmp_path)
    store = sample_db(db_path)
    two_activities(store)
    store.close()
    report = tmp_path / "report.md"
    assert run_cli("followup", "export", "-o", report, "--as-of", "2024-06-30")[0] == 0
    return {"report": report.read_text(encoding="utf-8"), "tmp": tmp_path}


@FUZZ
@given(data=st.data())
def test_the_followup_commands_arguments_and_files(run_cli, follow_world, data):
    """The same generator over ``facilitator followup``: its arguments, the partners' files it
    imports and the monitoring reports it reads back and merges."""
    tmp = follow_world["tmp"]
    activity = data.draw(st.one_of(st.sampled_from(["A-001", "A-002", "a2", "2"]), number.map("A-{}".format), number,
                                   arg), label="activity")
    kind = data.draw(st.sampled_from(["add", "edit", "update", "correct", "show", "list", "status", "csv", "jsonl",
                                      "report", "merge", "recommendations"]), label="command")
    if kind == "add":
        rec = data.draw(st.one_of(st.just("R-001"), number.map("R-{}".format), arg), label="rec")
        argv = ["followup", "add", rec, data.draw(arg)]
        for option in data.draw(st.lists(st.sampled_from(["--lead", "--partners", "--start", "--due", "--area", "--lens",
                                                          "--progress", "--status"]), unique=True), label="opts"):
            argv += [option, data.draw(number if option == "--progress" else arg, label=option)]
    elif kind == "edit":
        option = data.draw(st.sampled_from(["--title", "--lead", "--partners", "--due", "--area", "--lens"]))
        argv = ["followup", "edit", activity, option, data.draw(arg)]
    elif kind == "update":
        argv = ["followup", "update", activity, data.draw(arg), "--date", "2024-01-11"]
        for option in data.draw(st.lists(st.sampled_from(["--by", "--source", "--status", "--progress", "--date"]),
                                         unique=True), label="opts"):
            argv += [option, data.draw(number if option == "--progress" else arg, label=option)]
    elif kind == "correct":
        argv = ["followup", "correct", activity, data.draw(number, label="n"), "--text", data.draw(arg)]
    elif kind == "show":
        argv = ["followup", "show", activity] + data.draw(st.sampled_from([[], ["--json"]]))
    elif kind == "list":
        argv = ["followup", "list", data.draw(st.sampled_from(["--lead", "--area", "--lens", "--status", "--session"])),
                data.draw(arg)]
    elif kind == "status":
        argv = ["followup", "status", "--add", data.draw(arg), "--fr", data.draw(arg), "--progress", data.draw(number)]
    elif kind == "recommendations":
        argv = ["followup", "recommendations", "--session", data.draw(arg)]
    elif kind == "csv":
        base = "activity,date,by,text,source,status,progress\nA-001,2024-01-11,Clerk,news,Hansard,under way,40\n"
        argv = ["followup", "import", _write(tmp, "updates.csv", _mutate(data, base))]
    elif kind == "jsonl":
        base = json.dumps({"activity": "A-002", "date": "2024-01-11", "by": "IPU", "text": "news", "progress": "10 %"},
                          ensure_ascii=False) + "\n"
        argv = ["followup", "import", _write(tmp, "updates.jsonl", _mutate(data, base))]
    elif kind == "report":
        argv = ["import", _write(tmp, "edited.md", _mutate(data, follow_world["report"]))]
    else:
        argv = ["followup", "merge", _write(tmp, "one.md", _mutate(data, follow_world["report"])),
                _write(tmp, "two.md", follow_world["report"]), "-o", "-"]
    _check(run_cli(*map(str, argv)), argv)
