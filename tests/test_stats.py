"""The overview figures on a known data set (tests/stats_data.py)."""

from __future__ import annotations

import datetime as dt

from facilitator.core import stats
from facilitator.core.models import ContributionIn, ParticipantIn

from . import stats_data

UTC = dt.timezone.utc
NOW = dt.datetime(2023, 3, 11, 15, 10, tzinfo=UTC)


def test_contributions_and_time_per_question_from_contributions(store, sahel):
    stats_data.load(store, sahel)
    figures, source = stats.question_figures(store, sahel, now=NOW)
    assert source == "contributions"
    assert len(figures) == 14
    q1, q2, q3, q4 = figures[:4]
    assert (q1.contributions, q2.contributions, q3.contributions, q4.contributions) == (4, 2, 1, 0)
    assert q1.seconds == 9 * 60  # 14:35 first start to 14:44 last save
    assert q2.seconds == 6 * 60  # 14:52 to 14:58
    assert q3.seconds == 60
    assert q4.seconds == 0
    assert q1.speakers == 2 and q2.speakers == 2
    assert q1.allotment_min == 10 and not q1.over_allotment


def test_time_per_question_from_visits_counts_the_open_visit_to_now(store, sahel):
    stats_data.load(store, sahel, visits=True)
    figures, source = stats.question_figures(store, sahel, now=NOW)
    assert source == "visits"
    assert [f.seconds for f in figures[:4]] == [20 * 60, 12 * 60, 8 * 60, 0]
    assert figures[0].over_allotment and not figures[1].over_allotment


def test_pace_buckets_include_empty_slots(store, sahel):
    stats_data.load(store, sahel)
    buckets = stats.pace(store, sahel, bucket_minutes=5)
    assert [(b.start.strftime("%H:%M"), b.count) for b in buckets] == [
        ("14:35", 2),
        ("14:40", 2),
        ("14:45", 0),
        ("14:50", 0),
        ("14:55", 2),
        ("15:00", 0),
        ("15:05", 2),
    ]
    auto = stats.pace(store, sahel)
    assert auto[0].minutes == 5 and sum(b.count for b in auto) == 8  # 30 minutes: 5-minute slots
    assert stats.pace(store, sahel, max_buckets=4)[0].minutes == 10


def test_speaker_balance(store, sahel):
    ids = stats_data.load(store, sahel)
    b = stats.speaker_balance(store, sahel)
    assert b.contributions == 8
    assert [(s.name, s.contributions, s.seconds) for s in b.speakers] == [
        ("Aminata Diallo", 3, 180.0),
        ("Omar Haddad", 2, 90.0),
        ("Fatima Al-Sayed", 1, 180.0),
        ("Jean Dupont", 1, 60.0),
    ]
    assert b.floor.contributions == 1 and b.floor.seconds == 0
    assert b.timed == 5 and b.seconds == 510.0
    assert [s.name for s in b.not_heard] == ["Grace Mensah", "Moussa Traoré"]
    assert b.roster == 6
    groups = {g.label: (g.contributions, g.seconds, g.heard, g.roster) for g in b.by_group}
    assert groups == {
        "Parliament": (4, 360.0, 2, 2),
        "Civil society": (2, 90.0, 1, 2),
        "UN / international organization": (1, 60.0, 1, 1),
        "Security sector": (0, 0.0, 0, 1),
    }
    assert [g.label for g in b.by_group][:2] == ["Parliament", "Civil society"]
    genders = {g.label: (g.contributions, g.heard, g.roster) for g in b.by_gender}
    assert genders == {"woman": (4, 2, 2), "man": (3, 2, 3), "not recorded": (0, 0, 1)}
    youth = {g.label: (g.contributions, g.heard, g.roster, g.not_heard) for g in b.by_youth}
    assert youth == {"youth": (3, 1, 2, 1), "not youth": (4, 3, 4, 1)}
    assert b.to_dict()["speakers"][0]["participant_id"] == ids["Aminata Diallo"]


def test_deleted_contributions_do_not_count_and_other_sessions_do_not_leak(store, sahel):
    stats_data.load(store, sahel)
    from facilitator.core.agenda import load_agenda

    from .conftest import SAHEL_AR

    session, text = load_agenda(SAHEL_AR)
    other = store.create_session(session, agenda_text=text)
    someone = store.add_participant(ParticipantIn(name="Only Elsewhere"))
    store.add_contribution(ContributionIn(session_id=other, participant_id=someone, text="elsewhere"))
    b = stats.speaker_balance(store, sahel)
    assert "Only Elsewhere" not in [s.name for s in b.speakers + b.not_heard]
    first = store.contributions(sahel)[0]
    store.delete_contribution(first.id)
    assert stats.speaker_balance(store, sahel).contributions == 7
    ob = stats.speaker_balance(store, other)
    assert [s.name for s in ob.speakers] == ["Only Elsewhere"]
    # Grace and Moussa have spoken nowhere: on every session's roster, not heard.
    assert [s.name for s in ob.not_heard] == ["Grace Mensah", "Moussa Traoré"]


def test_overview_of_an_empty_session(store, sahel):
    o = stats.overview(store, sahel, now=NOW)
    assert o.contributions == 0 and o.pace == [] and o.first_at is None
    assert o.balance.speakers == [] and o.balance.floor.contributions == 0
    assert len(o.questions) == 14


def test_overview_all_together(store, sahel):
    stats_data.load(store, sahel)
    o = stats.overview(store, sahel, now=NOW)
    assert o.contributions == 8 and o.unassigned == 1
    assert o.first_at.strftime("%H:%M") == "14:37" and o.last_at.strftime("%H:%M") == "15:07"
    assert stats.fmt_minutes(3725) == "1:02"


def test_labels_differing_only_in_case_are_one_group(store, sahel):
    a = store.add_participant(ParticipantIn(name="A", gender="Woman", stakeholder_group="Civil society"))
    b = store.add_participant(ParticipantIn(name="B", gender="woman ", stakeholder_group="civil  society"))
    for pid in (a, b):
        store.add_contribution(ContributionIn(session_id=sahel, participant_id=pid, text="x"))
    bal = stats.speaker_balance(store, sahel)
    assert [(g.label, g.contributions, g.heard) for g in bal.by_gender] == [("woman", 2, 2)]  # stored as one word
    assert [(g.label, g.contributions) for g in bal.by_group] == [("Civil society", 2)]


def _overview_lists(markdown: str) -> dict[str, list[str]]:
    """The lists of the export's overview, by the line that introduces each."""
    part = markdown.split("## Overview", 1)[1].split("\n## ", 1)[0]
    lists: dict[str, list[str]] = {}
    current = None
    for line in part.splitlines():
        if line.endswith(":") and not line.startswith("- "):
            current = lists.setdefault(line, [])
        elif line.startswith("- ") and current is not None:
            current.append(line[2:])
    return lists


def test_the_export_overview_shows_the_balance_of_the_overview_screen(store, sahel, tmp_path):
    """Same contributions, speaking time and speakers per group, gender and youth as
    speaker_balance, in the file; and the same again after export -> import -> export."""
    from facilitator.core.export import export_session
    from facilitator.core.importer import import_file

    stats_data.load(store, sahel)
    b = stats.speaker_balance(store, sahel)

    def expected(figures):
        out = []
        for g in figures:
            if not g.contributions:
                continue  # on the roster but never heard: the file lists who spoke
            parts = [f"{g.heard} speaker{'s' if g.heard != 1 else ''}"]
            parts.append(f"{g.contributions} contribution{'s' if g.contributions != 1 else ''}")
            parts.append(f"{stats.fmt_duration(g.seconds)} speaking")
            out.append(f"{g.label}: {', '.join(parts)}")
        return out

    text = export_session(store, sahel)
    lists = _overview_lists(text)
    assert lists["Speakers by stakeholder group:"] == expected(b.by_group)
    assert lists["By gender:"] == expected(b.by_gender)
    assert lists["Youth:"] == expected(b.by_youth)
    assert "Parliament: 2 speakers, 4 contributions, 6 min speaking" in lists["Speakers by stakeholder group:"]

    anonymous = _overview_lists(export_session(store, sahel, anonymous=True))
    assert anonymous["Contributions by stakeholder group:"][0] == "Parliament: 4 contributions, 6 min speaking"

    path = tmp_path / "sahel.md"
    path.write_text(text, encoding="utf-8")
    from facilitator.core.store import Store

    other = Store.open(tmp_path / "other.db")
    try:
        import_file(other, path)
        assert _overview_lists(export_session(other, sahel)) == lists
        assert stats.speaker_balance(other, sahel).by_group[0].seconds == b.by_group[0].seconds
    finally:
        other.close()
