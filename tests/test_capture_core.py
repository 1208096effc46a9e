"""Core helpers of live capture: the session clock, speaker type-ahead, question visits."""

from __future__ import annotations

import datetime as dt

from facilitator.core import capture as cap
from facilitator.core.models import ContributionIn, Participant, Session


def session(date="2023-03-11", start="14:30", end="17:30"):
    return Session(id="s", title="t", date=date, start=start, end=end)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_session_clock_counts_down_on_the_day_and_shows_an_overrun():
    s = session()
    assert cap.session_clock(s, at("2023-03-11T14:00")).text == "starts in 0:30"
    assert cap.session_clock(s, at("2023-03-11T15:10")).text == "2:20 left"
    over = cap.session_clock(s, at("2023-03-11T17:45"))
    assert (over.text, over.overrun) == ("0:15 over", True)


def test_session_clock_on_another_day_shows_the_slot():
    c = cap.session_clock(session(), at("2026-11-22T09:00"))
    assert (c.text, c.live, c.overrun) == ("14:30–17:30 (3:00)", False, False)
    assert cap.session_clock(session(start=None, end=None), at("2023-03-11T15:00")).text == "no scheduled time"


def test_session_clock_past_midnight():
    s = session(start="22:00", end="01:00")
    assert cap.session_clock(s, at("2023-03-12T00:30")).text == "0:30 left"


def test_clock_formats():
    assert cap.fmt_clock(65) == "1:05"
    assert cap.fmt_clock(3 * 3600 + 7 * 60) == "3h07"
    assert cap.fmt_duration(3 * 3600 + 7 * 60) == "3:07"


def people():
    return [
        Participant(id="1", name="Amina Diallo", organization="National Assembly of Niger", stakeholder_group="Parliament"),
        Participant(id="2", name="Jean Dupont", organization="ACLED", stakeholder_group="Civil society"),
        Participant(id="3", name="Aminata Touré", organization="UNDP", country="Sénégal"),
        Participant(id="4", name="Moussa Traoré", organization="Ministry of Defence, Mali"),
    ]


def test_type_ahead_on_name_organization_initials_and_accents():
    def names(query, recent=()):
        return [p.name for p in cap.rank_speakers(people(), query, recent)]

    assert names("am")[:2] == ["Amina Diallo", "Aminata Touré"]
    assert names("am", recent=["3"])[0] == "Aminata Touré"  # who spoke last comes first on a tie
    assert names("niger") == ["Amina Diallo"]
    assert names("undp") == ["Aminata Touré"]
    assert names("sene") == ["Aminata Touré"]
    assert names("traore") == ["Moussa Traoré"]
    assert names("jd") == ["Jean Dupont"]
    assert names("am mali") == []
    assert names("mou def") == ["Moussa Traoré"]


def test_stale_visits_are_closed_at_the_last_sign_of_life(store, sahel):
    q1 = store.question_id(sahel, 1)
    cap.start_visit(store, sahel, q1, at("2023-03-11T14:30:00+00:00"))
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="x"))
    cap.close_stale_visits(store, sahel)  # as after a crash
    (visit,) = store.query("SELECT started_at, ended_at FROM question_visit")
    assert visit["ended_at"] == c.created_at
    assert cap.closed_time_on_question(store, sahel, q1) > 0
    assert cap.last_visited_question(store, sahel) == q1


def test_groups_on_the_roster_come_first(store):
    from facilitator.core.models import ParticipantIn

    store.add_participant(ParticipantIn(name="A", stakeholder_group="Parlement"))
    groups = cap.stakeholder_groups(store)
    assert groups[0] == "Parlement"
    assert "Civil society" in groups
