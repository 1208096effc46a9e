"""``facilitator followup``: list, add, edit, update, import, export, template, merge, status; and
``facilitator import`` / ``merge`` taking monitoring reports."""

from __future__ import annotations

import json

import pytest

from tests.conftest import db_fingerprint
from tests.followup_data import sample_db


@pytest.fixture
def demo(db_path):
    sample_db(db_path).close()
    return db_path


def test_from_the_demo_a_recommendation_becomes_two_activities_with_updates(run_cli, demo, tmp_path):
    status, out, err = run_cli("followup", "recommendations")
    assert status == 0 and out.splitlines()[0].startswith("R-001  agreed   0 activities")
    status, out, err = run_cli("followup", "add", "R-001", "Hold public hearings in Tillabéri and Gao",
                               "--lead", "Assemblée nationale du Niger", "--partners", "UNODC; person: Hon. Aminata Diallo",
                               "--start", "2023-09-01", "--due", "31/03/2024", "--lens", "human")
    assert (status, out.strip()) == (0, "A-001") and "Added A-001 to R-001" in err
    assert run_cli("followup", "add", "R-001", "Report back to the communities", "--lead", "IPU")[0] == 0
    status, _, err = run_cli("followup", "update", "A-001", "First hearing held in Tillabéri.", "--date", "2023-10-02",
                             "--by", "Clerk of the Assembly", "--status", "en cours", "--progress", "30 %",
                             "--source", "Hansard 12")
    assert status == 0 and "now under way, 30 %" in err
    updates = tmp_path / "from-niger.csv"
    updates.write_text("activity,date,by,text,status\nA-001,2024-01-10,person: Hon. Aminata Diallo,"
                       "Security prevented the Gao hearing.,stalled\nA-002,2024-02-01,IPU,Questionnaire drafted.,\n",
                       encoding="utf-8")
    status, _, err = run_cli("followup", "import", str(updates))
    assert status == 0 and "2 added" in err
    status, out, _ = run_cli("followup", "list", "--as-of", "2024-06-30", "--json")
    listed = json.loads(out)
    assert [(a["ref"], a["status"], a["progress"], a["overdue_days"], a["lead_kind"]) for a in listed] == \
        [("A-001", "stalled", 30, 91, "parliament"), ("A-002", "planned", 0, 0, "organization")]
    status, out, _ = run_cli("followup", "list", "--by", "lens")
    assert out.splitlines()[0] == "human (2)"  # A-001's own, A-002's from R-001 (its lenses, from the review)
    status, out, _ = run_cli("followup", "list", "--area", "Sécurité", "--json")  # the session's area, any language
    assert [a["area"] for a in json.loads(out)] == ["security", "security"]
    status, out, _ = run_cli("followup", "show", "A-001")
    assert "Q1-002  Hon. Ramatou Issa Garba" in out and "2024-01-10 · Hon. Aminata Diallo · stalled" in out


def test_the_report_in_three_formats_read_back_and_two_staff_merged(run_cli, demo, tmp_path):
    import shutil

    run_cli("followup", "add", "R-001", "Hold public hearings", "--lead", "National Assembly of Niger", "--due", "2024-03-31")
    run_cli("followup", "update", "A-001", "First hearing.", "--date", "2023-10-02", "--status", "under way")
    other = tmp_path / "staff-b.db"
    shutil.copyfile(demo, other)
    for suffix in ("-wal", "-shm"):
        if (demo.parent / (demo.name + suffix)).exists():
            shutil.copyfile(demo.parent / (demo.name + suffix), tmp_path / ("staff-b.db" + suffix))
    run_cli("followup", "update", "A-001", "Second hearing held.", "--date", "2024-02-01", "--progress", "60")
    run_cli("followup", "update", "A-001", "Escort agreed.", "--date", "2024-02-03", "--by", "UNODC", db=other)
    for fmt in ("md", "docx", "html"):
        target = tmp_path / f"report.{fmt}"
        status, out, err = run_cli("followup", "export", "-o", target, "--as-of", "2024-06-30")
        assert status == 0 and out.strip() == str(target) and target.stat().st_size > 1000
    assert run_cli("followup", "export", "-o", tmp_path / "b.md", "--as-of", "2024-06-30", db=other)[0] == 0
    before = db_fingerprint(demo)
    status, _, err = run_cli("import", tmp_path / "report.md")
    assert status == 0 and "nothing new" in err and db_fingerprint(demo) == before
    status, out, err = run_cli("merge", tmp_path / "report.md", tmp_path / "b.md", "-o", tmp_path / "merged.md")
    assert status == 0 and "0 conflict(s)" in err
    merged = (tmp_path / "merged.md").read_text(encoding="utf-8")
    assert merged.count("Second hearing held.") == merged.count("Escort agreed.") == merged.count("First hearing.") == 1
    status, _, err = run_cli("followup", "merge", tmp_path / "merged.md", tmp_path / "b.md", "-o", tmp_path / "again.md")
    assert status == 0 and (tmp_path / "again.md").read_text(encoding="utf-8") == merged
    status, _, err = run_cli("import", tmp_path / "merged.md")
    assert status == 0 and "1 updates added" in err
    status, out, _ = run_cli("followup", "export", "-o", "-", "--as-of", "2024-06-30", "--anonymous", "--lang", "fr")
    assert status == 0 and out.startswith("<!-- facilitator:monitoring version=1 anonymous=1 -->")
    assert "# Suivi des recommandations" in out


def test_csv_and_jsonl_exports_import_back_as_nothing_new(run_cli, demo, tmp_path):
    run_cli("followup", "add", "R-003", "Annex template", "--lead", "IPU")
    run_cli("followup", "update", "A-001", "Template drafted, \"v1\";\nsent.", "--date", "2024-01-05", "--progress", "50")
    for fmt in ("csv", "jsonl"):
        target = tmp_path / f"updates.{fmt}"
        assert run_cli("followup", "export", "-o", target)[0] == 0
        before = db_fingerprint(demo)
        status, _, err = run_cli("followup", "import", target)
        assert status == 0 and "nothing new (1 already there)" in err and db_fingerprint(demo) == before
    status, out, _ = run_cli("followup", "template")
    assert out.splitlines()[1].startswith("A-001,Annex template,IPU,,planned,50,2024-01-05,")


def test_statuses_can_be_added_and_used(run_cli, demo):
    status, _, err = run_cli("followup", "status", "--add", "awaiting funds", "--kind", "attention", "--fr",
                             "en attente de fonds", "--ar", "بانتظار التمويل")
    assert status == 0
    run_cli("followup", "add", "R-009", "Pooled fund for youth organizations", "--lead", "UNDP")
    assert run_cli("followup", "update", "A-001", "--status", "بانتظار التمويل", "--date", "2024-01-01")[0] == 0
    status, out, _ = run_cli("followup", "list", "--status", "en attente de fonds")
    assert status == 0 and out.startswith("A-001  awaiting funds")


def test_edit_delete_restore(run_cli, demo):
    run_cli("followup", "add", "R-001", "Hearings", "--lead", "IPU")
    status, _, err = run_cli("followup", "edit", "A-001", "--due", "2024-12-31", "--lead", "person: Hon. X",
                             "--area", "security")
    assert status == 0 and "changed (the earlier state is kept)" in err
    _, out, _ = run_cli("followup", "show", "A-001", "--json")
    shown = json.loads(out)
    assert (shown["due"], shown["lead"], shown["lead_kind"], shown["area"]) == ("2024-12-31", "Hon. X", "person", "security")
    assert shown["history"][0]["state"]["lead"] == "IPU"
    assert run_cli("followup", "delete", "A-001")[0] == 0
    assert run_cli("followup", "list")[1].startswith("No activities")
    assert run_cli("followup", "restore", "A-001")[0] == 0
    assert run_cli("followup", "list")[1].startswith("A-001")


@pytest.mark.parametrize("args, message", [
    (("followup", "add", "R-099", "x"), "no recommendation R-099"),
    (("followup", "add", "R-001", "x", "--due", "2024-13-01"), "not a date"),
    (("followup", "add", "R-001", "x", "--start", "2024-05-01", "--due", "2024-04-01"), "before the start"),
    (("followup", "add", "R-001", "x", "--partners", "A;;B", "--status", "finished"), "unknown status 'finished'"),
    (("followup", "update", "A-007", "x"), "no activity A-007"),
    (("followup", "edit", "A-001"), "no activity A-001"),
    (("followup", "import", "missing.csv"), "no such file"),
])
def test_errors_are_messages_with_exit_status_2_and_nothing_written(run_cli, demo, args, message):
    before = db_fingerprint(demo)
    status, out, err = run_cli(*args)
    assert status == 2 and message in err and "Traceback" not in err
    assert db_fingerprint(demo) == before


def test_summaries_and_reports_are_not_merged_together(run_cli, demo, tmp_path):
    run_cli("followup", "add", "R-001", "Hearings")
    run_cli("followup", "export", "-o", tmp_path / "r.md")
    from facilitator import samples

    status, _, err = run_cli("merge", tmp_path / "r.md", samples.path(samples.RECORD), "-o", tmp_path / "x.md")
    assert status == 2 and "cannot be merged together" in err and not (tmp_path / "x.md").exists()


def test_an_update_is_corrected_or_taken_out_with_its_earlier_state_kept(run_cli, demo):
    run_cli("followup", "add", "R-001", "Hearings", "--lead", "IPU")
    run_cli("followup", "update", "A-001", "First hearing in Tilaberi.", "--date", "2024-01-05", "--progress", "30")
    run_cli("followup", "update", "A-001", "Second hearing.", "--date", "2024-02-05", "--progress", "50")
    status, _, err = run_cli("followup", "correct", "A-001", "1", "--text", "First hearing in Tillabéri.", "--by",
                             "person: Hon. X")
    assert status == 0 and "corrected (the earlier state is kept)" in err
    _, out, _ = run_cli("followup", "show", "A-001")
    assert "1. 2024-01-05 · Hon. X · 30 %: First hearing in Tillabéri." in out
    _, out, _ = run_cli("followup", "show", "A-001", "--json")
    assert json.loads(out)["timeline"][0]["author_kind"] == "person"
    assert run_cli("followup", "correct", "A-001", "--delete")[0] == 0  # the latest
    _, out, _ = run_cli("followup", "list", "--json")
    assert json.loads(out)[0]["progress"] == 30
    status, _, err = run_cli("followup", "correct", "A-001", "5", "--text", "x")
    assert status == 2 and "no update 5: it has updates 1 to 1" in err
    status, _, err = run_cli("followup", "correct", "A-001", "--progress", "120")
    assert status == 2 and "0 to 100" in err
