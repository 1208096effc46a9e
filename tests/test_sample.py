"""The sample panel: what the generator makes is what is shipped, in both places, and it reads
like the panel it stands for (through the real import, roster import and agenda parser)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter

import pytest

from facilitator import samples
from facilitator.core.agenda import load_agenda
from facilitator.core.importer import import_file

from .conftest import ROOT, SAHEL_EN

REPO_COPIES = {
    samples.AGENDA: SAHEL_EN,
    samples.ROSTER: ROOT / "sessions" / "samples" / samples.ROSTER,
    samples.RECORD: ROOT / "sessions" / "samples" / samples.RECORD,
    samples.FOLLOWUP: ROOT / "sessions" / "samples" / samples.FOLLOWUP,
}
GROUPS = {"Parliament", "UN / international organization", "Civil society", "Academia / expert",
          "Security sector", "Youth"}
VENUE = dt.timezone(dt.timedelta(hours=3))


@pytest.mark.parametrize("name", samples.FILES)
def test_the_package_holds_the_same_files_as_the_repository(name):
    packaged = samples.path(name)
    assert packaged.is_file(), f"{packaged} is missing: run python3 dev.py sample"
    assert packaged.read_bytes() == REPO_COPIES[name].read_bytes(), (
        f"{packaged} and {REPO_COPIES[name]} differ: run python3 dev.py sample"
    )


def test_the_pyproject_ships_the_sample_in_the_wheel():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"facilitator.samples" = ["*.md", "*.csv"]' in text


@pytest.mark.slow
def test_the_generator_makes_exactly_the_committed_files(tmp_path):
    """Deterministic, and up to date with the exporter: a change to the export format (or to
    the content) that was not regenerated fails here."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in samples.FILES:
        assert (out / name).read_bytes() == samples.path(name).read_bytes(), (
            f"{name} is not what tools/make_sample.py makes now: run python3 dev.py sample and commit"
        )


@pytest.fixture
def sample(store):
    result = import_file(store, samples.path(samples.RECORD))
    (sid,) = result.sessions
    return sid


def test_the_record_reads_like_the_panel(store, sample):
    contributions = store.contributions(sample)
    assert 80 <= len(contributions) <= 150
    speakers = {c.participant_id for c in contributions if c.participant_id}
    assert 10 <= len(speakers) <= 16
    people = {p.id: p for p in store.participants()}
    assert {people[s].stakeholder_group for s in speakers} == GROUPS
    assert {p.gender for p in people.values()} == {"woman", "man"}
    assert any(p.youth for p in people.values())
    langs = Counter(c.lang for c in contributions)
    assert set(langs) == {"en", "fr", "ar"} and min(langs.values()) >= 15
    per_question = Counter(c.question_position for c in contributions if c.question_position)
    assert len(per_question) >= 11  # most of the 14 questions
    assert any(c.question_position is None for c in contributions)  # the closing words
    # spoken over the afternoon of 11 March 2023, 14:30-17:30 in Manama, turns in order
    starts = [dt.datetime.fromisoformat(c.started_at.replace("Z", "+00:00")).astimezone(VENUE) for c in contributions]
    saves = [dt.datetime.fromisoformat(c.created_at.replace("Z", "+00:00")).astimezone(VENUE) for c in contributions]
    assert min(starts) >= dt.datetime(2023, 3, 11, 14, 30, tzinfo=VENUE)
    assert max(saves) <= dt.datetime(2023, 3, 11, 17, 30, tzinfo=VENUE)
    assert max(saves) - min(starts) > dt.timedelta(hours=2, minutes=30)
    assert all(s < e for s, e in zip(starts, saves))
    assert all(a <= b for a, b in zip(saves, saves[1:]))


def test_the_record_has_themes_and_recommendations_at_every_status(store, sample):
    themes = store.query(
        "SELECT q.position, count(*) AS n FROM cluster k JOIN question q ON q.id = k.question_id"
        " WHERE k.session_id = ? AND k.deleted_at IS NULL AND k.parked = 0 GROUP BY q.position", (sample,))
    assert len(themes) >= 10 and all(t["n"] >= 2 for t in themes)
    assert store.query("SELECT count(*) AS n FROM cluster WHERE session_id = ? AND parked = 1", (sample,))[0]["n"] == 1
    recs = store.query(
        "SELECT r.status, r.rank, r.addressed_to, (SELECT count(*) FROM recommendation_support s"
        " WHERE s.recommendation_id = r.id) AS support FROM recommendation r WHERE r.session_id = ?", (sample,))
    assert Counter(r["status"] for r in recs).keys() == {"draft", "reviewed", "agreed", "dropped"}
    assert all(r["support"] >= 1 and r["addressed_to"] for r in recs)
    ranks = sorted(r["rank"] for r in recs if r["status"] == "agreed")
    assert ranks == list(range(1, len(ranks) + 1))
    # a question is left unclustered, for trying suggestions
    unthemed = store.query(
        "SELECT q.position FROM question q WHERE q.session_id = ? AND EXISTS (SELECT 1 FROM contribution c"
        " WHERE c.question_id = q.id) AND NOT EXISTS (SELECT 1 FROM cluster k WHERE k.question_id = q.id)", (sample,))
    assert [r["position"] for r in unthemed] == [13]


def test_the_record_speakers_are_the_agendas_panel_and_the_roster_file(store, sample, run_cli):
    panel, _ = load_agenda(samples.path(samples.AGENDA))
    import csv

    with open(samples.path(samples.ROSTER), encoding="utf-8", newline="") as fh:
        roster = list(csv.DictReader(fh))
    in_record = {p.name for p in store.participants()}
    assert {p.name for p in panel.panel} <= {r["name"] for r in roster} == in_record
    for p in panel.panel:  # the roster file says the same about the panel as the agenda
        row = next(r for r in roster if r["name"] == p.name)
        assert (row["title"], row["organization"], row["group"], row["country"] or None) == (
            p.title, p.organization, p.stakeholder_group, p.country)


def test_agenda_then_roster_file_through_the_cli(run_cli, tmp_path):
    """The way a rapporteur would set the session up: the agenda (panel on the roster), then the
    roster file (gender and youth for the panel, the floor speakers added)."""
    db = tmp_path / "setup.db"
    status, out, err = run_cli("new", samples.path(samples.AGENDA), db=db)
    assert status == 0, err
    status, out, err = run_cli("roster", "--import", REPO_COPIES[samples.ROSTER], db=db)
    assert status == 0, err
    assert "6 added, 9 updated" in err
    status, out, err = run_cli("roster", "--json", db=db)
    import json

    people = json.loads(out)
    assert len(people) == 15 and len({p["name"].casefold() for p in people}) == 15
    assert sum(p["youth"] for p in people) == 2


def test_the_follow_up_after_the_summit_is_invented_marked_and_imports_with_the_record(store):
    """Seven agreed recommendations; six become seven activities, over two years of updates in
    English, French and Arabic; one is left without (the report says so)."""
    from facilitator.core.followup.store import FollowUp
    from facilitator.core.followup.todb import import_report_file

    text = samples.path(samples.FOLLOWUP).read_text(encoding="utf-8")
    assert "# Follow-up of the recommendations (invented sample)" in text
    import_file(store, samples.path(samples.RECORD))
    result = import_report_file(store, samples.path(samples.FOLLOWUP))
    assert (result.activities_added, result.warnings) == (7, [])
    follow = FollowUp(store)
    activities = follow.activities()
    today = dt.date(2025, 3, 11)
    assert Counter(a.status for a in activities) == {"under way": 4, "stalled": 1, "done": 1, "dropped": 1}
    assert sorted(a.ref for a in activities if a.overdue_days(today)) == ["A-001", "A-004"]
    assert {a.rec_ref for a in activities} == {"R-001", "R-003", "R-006", "R-009", "R-016", "R-023"}
    langs = {u.text[:1].isascii() for a in activities for u in follow.updates(a.id)}
    assert langs == {True, False}  # French accents aside, Arabic updates are there
    assert any("ل" in u.text for a in activities for u in follow.updates(a.id))
