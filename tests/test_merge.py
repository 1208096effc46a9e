"""``facilitator merge``: the golden consolidated report, conflicts, hand edits, provenance, bad input."""

from __future__ import annotations

import pytest

from facilitator.core.export import export_session
from facilitator.core.merge import MergeError, merge_files
from tests.golden.builders import GOLDEN, build_sahel, fid
from tests.test_export import golden, lint


@pytest.fixture
def two_rooms(store, tmp_path):
    a, b = build_sahel(store), build_sahel(store, salt="room2")
    pa, pb = tmp_path / "room-a.md", tmp_path / "room-b.md"
    pa.write_text(export_session(store, a), encoding="utf-8")
    pb.write_text(export_session(store, b), encoding="utf-8")
    return pa, pb


def test_merged_report_matches_the_golden_file(two_rooms):
    result = merge_files(two_rooms)
    golden("sahel-merged.md", result.text)
    assert result.conflicts == [] and result.skipped == []
    assert lint(result.text) == []


def test_questions_are_matched_by_text_and_provenance_is_kept(two_rooms):
    text = merge_files(two_rooms).text
    assert text.count("\n### Q") == 14  # the two rooms' questions matched by their words
    assert text.count("facilitator:question id=") == 28
    assert "- Files: room-a.md" in text and "- Files: room-b.md" in text
    assert "S1/Q1-001" in text and "S2/Q1-001" in text


def test_merging_again_adds_nothing(two_rooms, tmp_path):
    pa, pb = two_rooms
    merged = merge_files([pa, pb]).text
    out = tmp_path / "m.md"
    out.write_text(merged, encoding="utf-8")
    assert merge_files([pa, pa, pb, pb]).text == merged
    assert merge_files([out, pa]).text == merged
    assert merge_files([out, out, pb]).text == merged


def test_a_conflict_keeps_both_versions_and_is_reported(run_cli, two_rooms, tmp_path):
    pa, _pb = two_rooms
    edited = tmp_path / "room-a-edited.md"
    edited.write_text(pa.read_text(encoding="utf-8").replace("and publish it.", "and publish it every year."), encoding="utf-8")
    out = tmp_path / "m.md"
    status, stdout, err = run_cli("merge", pa, edited, "-o", out)
    assert status == 0, err
    assert "1 conflict(s)" in err and fid("contribution", 1) in err and "room-a.md, room-a-edited.md" in err
    text = out.read_text(encoding="utf-8")
    assert "⚠ conflict: version 1 of 2, from room-a.md" in text
    assert "⚠ conflict: version 2 of 2, from room-a-edited.md" in text
    assert "and publish it. *" in text and "and publish it every year. *" in text
    # merging the report again with either input adds nothing
    assert merge_files([out, edited]).text == text
    assert merge_files([out, pa]).text == text
    assert lint(text) == []


def test_hand_edits_are_honoured(two_rooms, tmp_path):
    pa, pb = two_rooms
    text = pa.read_text(encoding="utf-8")
    # reorder: the second theme first
    c1 = text.index("#### Theme C-001")
    c2 = text.index("#### Theme C-002")
    end = text.index("#### Not in a theme (Q1)")
    text = text[:c1] + text[c2:end] + text[c1:c2] + text[end:]
    # delete an item
    gone = fid("contribution", 6)
    start = text.index(f"- <!-- facilitator:contribution id={gone}")
    stop = text.index("\n", text.index("\n", start) + 1) + 1
    text = text[:start] + text[stop:]
    # a recommendation added by hand, at the end of the list
    text = text.replace("\n\n## Overview", "\n4. **agreed** Fund regional early-warning systems. *— answers Q4*\n\n## Overview", 1)
    edited = tmp_path / "edited.md"
    edited.write_text(text, encoding="utf-8")
    merged = merge_files([edited, pb]).text
    assert merged.index("#### Theme S1/C-002: Inclusion: women") < merged.index("#### Theme S1/C-001: Budget oversight")
    assert gone not in merged
    # numbered after the highest number the room gave (its dropped R-004), as its database will number it
    assert "**S1/R-005 · agreed** Fund regional early-warning systems." in merged
    out = tmp_path / "m.md"
    out.write_text(merged, encoding="utf-8")
    assert merge_files([out, edited]).text == merged
    assert merge_files([edited, out, pb]).text == merged


def test_merge_with_a_bad_file_writes_nothing(run_cli, two_rooms, tmp_path):
    pa, pb = two_rooms
    bad = tmp_path / "notes.md"
    bad.write_text("# My notes\n\n- a list\n", encoding="utf-8")
    missing = tmp_path / "missing.md"
    out = tmp_path / "m.md"
    status, stdout, err = run_cli("merge", pa, bad, pb, missing, "-o", out)
    assert status == 2
    assert "notes.md:1: not an exported summary" in err and "missing.md: no such file" in err
    assert "nothing was written" in err and not out.exists()
    status, stdout, err = run_cli("merge", pa, bad, pb, missing, "-o", out, "--skip-bad")
    assert status == 0, err
    assert "Skipped 2 bad input(s)" in err and "notes.md" in err
    assert out.read_text(encoding="utf-8") == merge_files([pa, pb]).text


def test_every_input_bad(run_cli, tmp_path):
    bad = tmp_path / "x.md"
    bad.write_bytes("é".encode("latin-1"))
    status, stdout, err = run_cli("merge", bad, "-o", tmp_path / "m.md", "--skip-bad")
    assert status == 2 and "nothing to merge" in err and "x.md:1: not UTF-8" in err
    with pytest.raises(MergeError):
        merge_files([bad])


def test_output_file_rules(run_cli, two_rooms, tmp_path):
    pa, pb = two_rooms
    other = tmp_path / "other.md"
    other.write_text("mine\n", encoding="utf-8")
    status, stdout, err = run_cli("merge", pa, pb, "-o", other)
    assert status == 2 and "exists and differs" in err and other.read_text(encoding="utf-8") == "mine\n"
    # writing over one of the inputs ("merge the result again" into itself) needs --force
    report = tmp_path / "report.md"
    assert run_cli("merge", pa, "-o", report)[0] == 0
    assert run_cli("merge", report, pb, "-o", report)[0] == 2
    assert run_cli("merge", report, pb, "-o", report, "--force")[0] == 0
    assert report.read_text(encoding="utf-8") == merge_files([pa, pb]).text
    status, stdout, err = run_cli("merge", pa, pb, "-o", "-")
    assert status == 0 and stdout == merge_files([pa, pb]).text


def test_anonymous_merge_names_nobody(two_rooms):
    from tests.golden.builders import participant_names

    text = merge_files(two_rooms, anonymous=True).text
    assert "anonymous=1" in text
    for name in participant_names():
        assert name not in text


def test_golden_merged_file_is_itself_importable(run_cli, tmp_path):
    status, out, err = run_cli("import", GOLDEN / "sahel-merged.md", db=tmp_path / "g.db")
    assert status == 0, err and "2 session(s) created" in err
