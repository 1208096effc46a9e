"""Activities that carry out a consolidated recommendation of a series report: three meetings in
three languages said the same thing about the victims of terrorism; staff kept one text for the
set; the follow-up carries it out, shows it in the report, reads it back and merges it."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.core.followup.document import merge_report_files, monitoring_markdown
from facilitator.core.followup.model import UpdateIn
from facilitator.core.followup.parse import parse_report
from facilitator.core.followup.render import render
from facilitator.core.followup.store import FollowUp
from facilitator.core.followup.todb import import_report
from facilitator.core.merge import merge_files
from facilitator.core.store import Store
from tests.test_export import lint
from tests.test_series import _room

AS_OF = dt.date(2024, 6, 30)
KEPT = "Parliaments should ensure psychological and financial support to victims of terrorism and their families."


@pytest.fixture
def series_db(tmp_path, run_cli):
    """A database holding the three meetings (the series report imported) and the report itself,
    its set of three recommendations consolidated by staff (a text of their own)."""
    rooms = [_room(tmp_path, lang)[0] for lang in ("en", "fr", "ar")]
    result = merge_files(rooms)
    victims = next(s for s in result.doc.sets if len(s.members) == 3)
    result.decide(victims.id, state="consolidated", text=KEPT)
    report = tmp_path / "series.md"
    report.write_text(result.text, encoding="utf-8")
    db = tmp_path / "all.db"
    status, _, err = run_cli("import", report, db=db)
    assert status == 0, err
    return db, report, victims


def test_a_consolidated_recommendation_becomes_an_activity_with_its_text_and_members(series_db, run_cli, tmp_path):
    db, report, victims = series_db
    status, out, err = run_cli("followup", "add", "victims families", "A support fund line in each budget",
                               "--report", report, "--lead", "IPU", "--due", "2025-06-30", db=db)
    assert status == 0, err
    assert "consolidated recommendation" in err
    with Store.open(db) as store:
        [a] = FollowUp(store).activities()
        assert (a.set_id, a.set_text, sorted(a.set_members)) == (victims.id, KEPT, sorted(victims.members))
        assert a.recommendation_id in victims.members and a.rec_ref is not None
        assert a.area is not None  # its member's meeting's area
        FollowUp(store).add_update(UpdateIn(activity_id=a.id, date=dt.date(2024, 5, 1), author="IPU",
                                            text="Budget lines drafted in two of three.", progress=40), today=AS_OF)
        text = monitoring_markdown(store, as_of=AS_OF, lang="en")
    assert "#### Consolidated: Parliaments should ensure psychological and financial support" in text
    assert "consolidated from 3 recommendations" in text and lint(text) == []
    back = parse_report(text, "r.md")
    assert render(back) == text
    # a database with the same meetings (the series report imported) reads it back to the same bytes
    with Store.open(tmp_path / "fresh.db") as fresh:
        from facilitator.core.importer import import_file

        import_file(fresh, report)
        import_report(fresh, back, "r.md", today=AS_OF)
        assert monitoring_markdown(fresh, as_of=AS_OF, lang="en") == text
        [b] = FollowUp(fresh).activities()
        assert (b.set_id, b.set_text) == (victims.id, KEPT)
    # two staff's files with it merge into one, once
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    merged, conflicts, _report = merge_report_files([tmp_path / "a.md", tmp_path / "b.md"])
    assert conflicts == [] and merged.count("#### Consolidated:") == 1 and merged.count("##### A-001") == 1


def test_only_a_consolidated_set_is_carried_out_and_its_members_must_be_here(series_db, run_cli, tmp_path):
    db, report, victims = series_db
    status, _, err = run_cli("followup", "add", "nothing like this", "x", "--report", report, db=db)
    assert status == 2 and "no consolidated recommendation matches 'nothing like this'" in err
    proposed = tmp_path / "proposed.md"
    proposed.write_text(report.read_text(encoding="utf-8").replace("· consolidated", "· proposed"), encoding="utf-8")
    status, _, err = run_cli("followup", "add", "victims", "x", "--report", proposed, db=db)
    assert status == 2 and "holds no consolidated recommendation" in err
    status, _, err = run_cli("followup", "add", victims.id[:10], "x", "--report", report, db=tmp_path / "empty.db")
    assert status == 2 and "import the series report first" in err
