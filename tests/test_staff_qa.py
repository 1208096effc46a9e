"""The findings of staff's end-to-end use of the series report and the follow-up (QA report of
2026-12-07 on main 8238c4f): each test failed on that code."""

from __future__ import annotations

from facilitator.core.export import export_session
from tests.golden.builders import build_sahel

# --- Finding 1: merge never writes over one of its own inputs without --force ----------------


def test_merge_refuses_to_write_over_one_of_its_inputs(run_cli, store, tmp_path):
    a, b = build_sahel(store), build_sahel(store, salt="room2")
    pa, pb = tmp_path / "sec-en.md", tmp_path / "sec-fr.md"
    pa.write_text(export_session(store, a), encoding="utf-8")
    pb.write_text(export_session(store, b).replace("and publish it.", "and publish it (hand edit)."), encoding="utf-8")
    before = pb.read_bytes()
    for extra in ([], ["--form", "outcome"], ["--format", "docx"]):
        status, _out, err = run_cli("merge", pb, "-o", pb, *extra)
        assert status == 2, (extra, err)
        assert "one of the files being merged" in err and "--force" in err, err
        assert pb.read_bytes() == before
    status, _out, err = run_cli("merge", pa, pb, "-o", pb)
    assert status == 2 and "one of the files being merged" in err and pb.read_bytes() == before
    # --force says it on purpose (merging a report again into itself)
    report = tmp_path / "report.md"
    assert run_cli("merge", pa, "-o", report)[0] == 0
    status, _out, err = run_cli("merge", report, pb, "-o", report)
    assert status == 2 and "one of the files being merged" in err
    assert run_cli("merge", report, pb, "-o", report, "--force")[0] == 0
    assert "hand edit" in report.read_text(encoding="utf-8")


def test_followup_merge_refuses_to_write_over_one_of_its_inputs(run_cli, db_path, tmp_path):
    from tests.followup_data import sample_db

    sample_db(db_path).close()
    run_cli("followup", "add", "R-001", "Hold public hearings", "--lead", "National Assembly of Niger")
    one = tmp_path / "staff-a.md"
    assert run_cli("followup", "export", "-o", one, "--as-of", "2024-06-30")[0] == 0
    before = one.read_bytes()
    edited = tmp_path / "staff-b.md"
    edited.write_text(one.read_text(encoding="utf-8").replace("Hold public hearings", "Hold public hearings (edit)"),
                      encoding="utf-8")
    for args in (["followup", "merge"], ["merge"]):
        status, _out, err = run_cli(*args, one, edited, "-o", one)
        assert status == 2 and "one of the files being merged" in err, err
        assert one.read_bytes() == before
