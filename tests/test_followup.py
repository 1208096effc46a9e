"""The follow-up's core: activities, their timeline, statuses, history, and the updates partners
send back as CSV or JSON Lines (all or nothing, errors with file:line)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from facilitator.core.errors import FacilitatorError, InputError
from facilitator.core.followup.actors import actor, actors, guess_kind
from facilitator.core.followup.bulk import import_updates
from facilitator.core.followup.dates import DateError, parse_date
from facilitator.core.followup.model import ActivityIn, StatusIn, UpdateIn
from facilitator.core.followup.store import FollowUp, FollowUpError, checked
from tests.conftest import db_fingerprint
from tests.followup_data import AS_OF, rec_id, sample_db, two_activities


@pytest.fixture
def sample(tmp_path):
    store = sample_db(tmp_path / "f.db")
    yield store
    store.close()


def test_an_agreed_recommendation_becomes_two_activities_whose_timeline_decides_status_and_progress(sample):
    a1, a2 = two_activities(sample)
    f = FollowUp(sample)
    first, second = f.activities()
    assert (first.ref, first.rec_ref, first.status, first.progress, first.status_kind) == \
        ("A-001", "R-001", "stalled", 30, "attention")  # stalled keeps the 30 % the earlier update gave
    assert (second.ref, second.status, second.progress) == ("A-002", "planned", 0)  # planned implies 0 %
    assert first.overdue_days(AS_OF) == 91 and second.overdue_days(AS_OF) == 0
    assert first.attention(AS_OF) == 0 and second.attention(AS_OF) == 2
    # a later update that says done sets 100 % (the status implies it) and closes it: never overdue
    f.add_update(UpdateIn(activity_id=a1, date=dt.date(2024, 5, 2), text="Both hearings held.", status="done"),
                 today=AS_OF)
    done = f.activity(a1)
    assert (done.status, done.progress, done.overdue_days(AS_OF)) == ("done", 100, 0)
    # an update dated before the others does not override them (the timeline goes by date)
    f.add_update(UpdateIn(activity_id=a1, date=dt.date(2023, 12, 1), text="(backfilled)", status="under way",
                          progress=50), today=AS_OF)
    assert f.activity(a1).status == "done"
    assert [u.date for u in f.updates(a1)] == ["2023-10-02", "2023-12-01", "2024-01-10", "2024-05-02"]
    assert f.recommendations()[0]["activities"] == 2


def test_every_change_is_kept(sample):
    a1, _ = two_activities(sample)
    f = FollowUp(sample)
    assert f.change_activity(a1, due=dt.date(2024, 9, 30), title="Hold hearings in Tillabéri, Gao and Ménaka")
    assert not f.change_activity(a1, due=dt.date(2024, 9, 30))  # the same again: nothing to keep
    [before] = f.history("activity", a1)
    assert (before.state["due_date"], before.state["title"]) == ("2024-03-31", "Hold public hearings in Tillabéri and Gao")
    update = f.updates(a1)[0]
    assert f.change_update(update.id, text="First hearing held in Tillabéri.", today=AS_OF)
    assert f.history("update", update.id)[0].state["text"].startswith("First hearing held in Tillabéri; 120")
    f.delete_update(update.id)
    assert len(f.updates(a1)) == 1 and f.activity(a1).progress == 0  # as created: planned, 0 %
    f.restore_update(update.id)
    assert f.activity(a1).progress == 30
    f.delete_activity(a1)
    assert [a.id for a in f.activities()] != [] and a1 not in {a.id for a in f.activities()}
    f.restore_activity(a1)
    assert a1 in {a.id for a in f.activities()}
    assert len(f.history("activity", a1)) == 3  # the change, the delete, the restore


def test_status_and_progress_change_only_by_an_update(sample):
    a1, _ = two_activities(sample)
    with pytest.raises(FollowUpError, match="by an update"):
        FollowUp(sample).change_activity(a1, status="done")


@pytest.mark.parametrize("fields, message", [
    (dict(title="  "), "needs a title"),
    (dict(title="x", start=dt.date(2024, 5, 1), due=dt.date(2024, 4, 1)), "before the start"),
    (dict(title="x", progress=101), "less than or equal to 100"),
    (dict(title="x", partners=[{"name": "A; B"}]), "cannot hold ';'"),
    (dict(title="x", lead={"name": "X", "kind": "company"}), "parliament"),
])
def test_bad_activities_are_refused_with_a_message(fields, message):
    with pytest.raises(FollowUpError, match=message):
        checked(ActivityIn, **fields)


def test_bad_updates_are_refused_and_nothing_is_written(sample, db_path):
    a1, _ = two_activities(sample)
    f = FollowUp(sample)
    before = db_fingerprint(sample.path)
    with pytest.raises(FollowUpError, match="in the future"):
        f.add_update(UpdateIn(activity_id=a1, date=dt.date(2024, 7, 1), text="x"), today=AS_OF)
    with pytest.raises(FollowUpError, match="unknown status 'finished'"):
        f.add_update(UpdateIn(activity_id=a1, date=AS_OF, text="x", status="finished"), today=AS_OF)
    with pytest.raises(FollowUpError, match="says something"):
        checked(UpdateIn, activity_id=a1, date=AS_OF)
    f.delete_activity(a1)
    before = db_fingerprint(sample.path)
    with pytest.raises(FollowUpError, match="deleted"):
        f.add_update(UpdateIn(activity_id=a1, date=AS_OF, text="x"), today=AS_OF)
    assert db_fingerprint(sample.path) == before


def test_statuses_are_understood_in_three_languages_and_the_list_can_be_extended(sample):
    f = FollowUp(sample)
    assert [f.status_key(s) for s in ("Under-way", "en cours", "قيد التنفيذ", "BLOQUÉE", "done")] == \
        ["under way", "under way", "under way", "stalled", "done"]
    added = f.add_status(StatusIn(key="Awaiting funds", kind="attention", labels={"fr": "en attente de fonds"}))
    assert (added.key, added.kind, added.label("fr"), added.label("ar")) == \
        ("awaiting funds", "attention", "en attente de fonds", "awaiting funds")
    assert f.status_key("En attente de fonds") == "awaiting funds"
    with pytest.raises(FollowUpError, match="already a status"):
        f.add_status(StatusIn(key="en cours"))
    a1, _ = two_activities(sample)
    f.add_update(UpdateIn(activity_id=a1, date=AS_OF, text="Budget line frozen.", status="awaiting funds"), today=AS_OF)
    assert f.activity(a1).attention(AS_OF) == 0  # overdue still comes first
    assert f.activity(a1).status_kind == "attention"


def test_references_resolve(sample):
    a1, _ = two_activities(sample)
    f = FollowUp(sample)
    assert f.resolve("A-001") == f.resolve("a1") == f.resolve("1") == f.resolve(a1[:10]) == a1
    with pytest.raises(FacilitatorError, match="no activity A-009"):
        f.resolve("A-9")
    assert f.resolve_recommendation("R-1") == f.resolve_recommendation("r001") == rec_id(sample)
    assert f.recommendation(rec_id(sample))["seq"] == 1
    assert [e["ref"] for e in f.evidence(rec_id(sample))] == ["Q1-002", "Q1-003", "Q1-006", "Q1-007", "Q1-008"]


def test_leads_and_partners_as_people_write_them():
    assert actor("person: Hon. Aminata Diallo").kind == "person"
    assert actor("Assemblée nationale du Niger").kind == "parliament"
    assert actor("مجلس النواب").kind == "parliament"
    assert actor("UNODC").kind == "organization"
    assert guess_kind("Aminata Diallo", ["aminata diallo"]) == "person"  # on the roster
    assert [(a.name, a.kind) for a in actors("UNODC;  IPU ; unodc; personne : Dr X")] == \
        [("UNODC", "organization"), ("IPU", "organization"), ("Dr X", "person")]


def test_dates_as_spreadsheets_write_them():
    assert parse_date("2024-03-15") == parse_date("15/03/2024") == parse_date("15.03.2024") == \
        parse_date("١٥/٠٣/٢٠٢٤") == dt.date(2024, 3, 15)
    for bad in ("03/15/2024", "2024-02-30", "next week"):
        with pytest.raises(DateError):
            parse_date(bad)


# --- updates sent back by partners ---------------------------------------------------------------


def test_updates_from_a_french_csv_and_json_lines_then_again_adds_nothing(sample, tmp_path):
    a1, a2 = two_activities(sample)
    csv_file = tmp_path / "niger.csv"
    csv_file.write_text(
        "activité;date;par;texte;statut;avancement;source\n"
        "A-001;12/05/2024;Clerk of the National Assembly;Gao hearing held after all.;en cours;60 %;Letter 2024/17\n"
        "A-002;2024-05-20;IPU;\"Draft report sent to the committees,\nfor comments.\";;25;\n", encoding="utf-8")
    result = import_updates(sample, csv_file, today=AS_OF)
    assert (result.added, result.changed, result.unchanged) == (2, 0, 0)
    f = FollowUp(sample)
    assert (f.activity(a1).status, f.activity(a1).progress) == ("under way", 60)
    assert f.updates(a2)[0].text == "Draft report sent to the committees,\nfor comments."
    assert f.updates(a1)[-1].source == "Letter 2024/17"
    before = db_fingerprint(sample.path)
    again = import_updates(sample, csv_file, today=AS_OF)
    assert (again.added, again.unchanged) == (0, 2) and db_fingerprint(sample.path) == before
    jsonl = tmp_path / "ipu.jsonl"
    jsonl.write_text(json.dumps({"activity": "A-002", "date": "2024-06-01", "by": "IPU", "progress": 40}) + "\n\n",
                     encoding="utf-8")
    assert import_updates(sample, jsonl, today=AS_OF).added == 1
    assert f.activity(a2).progress == 40


def test_a_template_filled_in_part_imports_the_filled_rows_only(sample, tmp_path):
    from facilitator.core.followup import bulk

    two_activities(sample)
    f = FollowUp(sample)
    text = bulk.as_csv(bulk.template_rows(f.activities()), bulk.TEMPLATE_COLUMNS)
    lines = text.splitlines()
    assert lines[0] == "activity,title,lead,due,current status,current progress,last update,date,by,text,source,status,progress"
    lines[1] = lines[1].rstrip(",") + ",2024-06-15,Clerk,Hearings resume in July.,,under way,"
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_updates(sample, tmp_path / "t.csv", today=AS_OF)
    assert (result.added, result.skipped) == (1, 1)


BAD_FILES = [
    ("activity,date,text\nA-001,2024-01-01,ok\nA-009,2024-01-01,nope\n", ".csv", 3, "no activity A-009"),
    ("activity,date,text,colour\nA-001,2024-01-01,x,red\n", ".csv", 1, "unknown column 'colour'"),
    ("activity,date,text,texte\n", ".csv", 1, "appears twice"),
    ("activity,text\nA-001,x\n", ".csv", 1, "no 'date' column"),
    ("activity,date,text\nA-001,2024-01-01,\"never closed\nA-002,2024-01-02,next\n", ".csv", 2, "never closed"),
    ("activity,date,text\nA-001,2024-07-01,x\n", ".csv", 2, "in the future"),
    ("activity,date,text\nA-001,07/31/2024,x\n", ".csv", 2, "day comes first"),
    ("activity,date,text,status\nA-001,2024-01-01,x,finished\n", ".csv", 2, "unknown status"),
    ("activity,date,progress\nA-001,2024-01-01,140\n", ".csv", 2, "0 to 100"),
    ("activity,date,text\nA-001,2024-01-01,x\nA-001,2024-01-01,x\n", ".csv", 3, "also on line 2"),
    ("activity,date,text\nA-001,2024-01-01,x,y\n", ".csv", 2, "2 values but 3 columns|4 values but 3 columns"),
    ('{"activity": "A-001", "date": "2024-01-01", "text": "x", "text": "y"}\n', ".jsonl", 1, "appears twice"),
    ('{"activity": "A-001", "date": "2024-01-01", "text": {"en": "x"}}\n', ".jsonl", 1, "nested"),
    ('{"activity": "A-001", "date": "2024-01-01", "text": "x"}\n[1]\n', ".jsonl", 2, "JSON object"),
    ('{"activity": "A-001", "date": "2024-01-01", "by": "x"}\n', ".jsonl", 1, "says something"),
    ('{"activity": "A-001", "text": "x"}\n', ".jsonl", 1, "missing 'date'"),
    ("activity,date,text\nA-001,2024-01-01,x\n", ".xlsx", None, ".csv or .jsonl"),
]


@pytest.mark.parametrize("content, suffix, line, message", BAD_FILES)
def test_a_bad_updates_file_names_the_line_and_writes_nothing(sample, tmp_path, content, suffix, line, message):
    two_activities(sample)
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(content, encoding="utf-8")
    before = db_fingerprint(sample.path)
    with pytest.raises(InputError, match=message) as caught:
        import_updates(sample, bad, today=AS_OF)
    assert caught.value.line == line and caught.value.path == str(bad)
    assert db_fingerprint(sample.path) == before


def test_not_utf8_and_binary_updates_files_are_refused(sample, tmp_path):
    two_activities(sample)
    (tmp_path / "latin.csv").write_bytes("activity,date,text\nA-001,2024-01-01,café\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        import_updates(sample, tmp_path / "latin.csv", today=AS_OF)
    (tmp_path / "bin.jsonl").write_bytes(b'\x00{"activity": "A-001"}\n')
    with pytest.raises(InputError, match="NUL"):
        import_updates(sample, tmp_path / "bin.jsonl", today=AS_OF)


def test_the_layers_hold():
    """The follow-up's tables are written by core/followup/store.py alone (the check of every
    table is tests/test_one_writer.py; this one names the follow-up's)."""
    from tests.test_one_writer import PKG, module_name, writes

    mine = {"activity", "activity_update", "followup_status", "followup_revision"}  # (followup_draft: gone in m011)
    writers = {module_name(path) for path in sorted(PKG.rglob("*.py"))
               for _line, table in writes(path.read_text(encoding="utf-8"), mine) if table in mine}
    assert writers == {"facilitator.core.followup.store", "facilitator.core.schema"}


def test_a_database_of_the_version_before_the_follow_up_is_upgraded_in_place(tmp_path):
    """A file written before m008 (schema 6) opens: the follow-up's tables are made with the
    five statuses, and what was there stays."""
    import sqlite3

    from facilitator.core.dbinfo import SCHEMA_VERSION
    from facilitator.core.store import Store

    store = sample_db(tmp_path / "old.db")
    recs = len(FollowUp(store).recommendations())
    store.close()
    conn = sqlite3.connect(tmp_path / "old.db")
    with conn:
        for table in ("activity_update", "followup_revision", "activity", "followup_status"):
            conn.execute(f"DROP TABLE {table}")  # (followup_draft went in m011: drafts are per window)
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_followup_activities'")
    conn.execute("PRAGMA user_version = 6")
    conn.close()
    with Store.open(tmp_path / "old.db") as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        f = FollowUp(again)
        assert [s.key for s in f.statuses()] == ["planned", "under way", "stalled", "done", "dropped"]
        assert len(f.recommendations()) == recs == 7 and f.activities() == []
        two_activities(again)
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
