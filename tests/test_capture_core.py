"""Core helpers of live capture: the session clock, speaker type-ahead, question visits."""

from __future__ import annotations

import datetime as dt

from facilitator.core import capture as cap
from facilitator.core.models import ContributionIn, Participant, Session


def session(date="2023-03-11", start="14:30", end="17:30"):
    return Session(id="s", title="t", date=date, start=start, end=end)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_session_clock_counts_from_the_start_of_capture_against_the_scheduled_length():
    s = session()
    assert cap.session_clock(s, None).text == "3 h 00 scheduled"  # capture has not started
    assert cap.session_clock(s, 61).text == "2 h 58 left"
    assert cap.session_clock(s, 3 * 3600 - 125).text == "2 min 05 s left"
    over = cap.session_clock(s, 3 * 3600 + 192)
    assert (over.text, over.overrun) == ("3 min 12 s over", True)
    assert cap.session_clock(session(start=None, end=None), 65).text == "1 min 05 s in"


def test_session_clock_past_midnight():
    s = session(start="22:00", end="01:00")
    assert cap.session_clock(s, 2.5 * 3600).text == "30 min left"


def test_clock_formats_say_their_unit():
    assert cap.fmt_span(0) == "0 s"
    assert cap.fmt_span(45) == "45 s"
    assert cap.fmt_span(65) == "1 min 05 s"
    assert cap.fmt_span(15 * 60) == "15 min"
    assert cap.fmt_span(3 * 3600 + 7 * 60 + 30) == "3 h 07"


async def _noop():
    return None


def test_the_session_clock_counts_on_any_day_from_when_capture_started(store, sahel):
    """Finding 5: a session typed on another day than its agenda's still counts down, from the
    first turn, and only while the capture screen was open."""
    from facilitator.core.turns import LiveTurns

    assert cap.capture_start(store, sahel) is None
    q1 = store.question_id(sahel, 1)
    t0 = at("2026-11-22T09:00:00+00:00")
    cap.start_visit(store, sahel, q1, t0)
    live = LiveTurns(sahel)
    live.begin(None, q1, t0 + dt.timedelta(minutes=5))
    with store.write() as conn:
        live.write(conn)
    cap.end_visit(store, sahel, t0 + dt.timedelta(minutes=65))  # an hour of capture, then closed
    start = cap.capture_start(store, sahel)
    assert start == t0 + dt.timedelta(minutes=5)
    spent = cap.closed_capture_seconds(store, sahel, start)
    assert spent == 3600
    assert cap.session_clock(store.session(sahel), spent).text == "2 h 00 left"


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


def panel():
    return [
        Participant(id="1", name="Hon. Aminata Touré", organization="Parliament of Senegal"),
        Participant(id="2", name="Dr. Fatima Al-Zahra Haddad", title="Senior Fellow",
                    organization="Atlantic Council"),
        Participant(id="3", name="Dr. Jean-Pierre Lacroix", organization="UNOWAS"),
        Participant(id="4", name="Ms. Mariam Koné", organization="WANEP"),
        Participant(id="5", name="Col. (ret.) Harouna Yacouba Ali", organization="G5 Sahel"),
        Participant(id="6", name="Mr. Jonas Berg", organization="Norwegian Refugee Council"),
    ]


def test_initials_without_honorifics_and_name_before_organization():
    """Finding 3: "jpl", "jl", "mk" find their speaker by the initials of the name (honorifics
    left out); "at" is Aminata Touré, not someone whose organization starts with "at"."""
    def names(query):
        return [p.name for p in cap.rank_speakers(panel(), query)]

    assert names("jpl")[0] == "Dr. Jean-Pierre Lacroix"
    assert names("jl")[0] == "Dr. Jean-Pierre Lacroix"
    assert names("mk") == ["Ms. Mariam Koné"]
    assert names("at")[0] == "Hon. Aminata Touré"
    assert names("hya")[0] == "Col. (ret.) Harouna Yacouba Ali"
    assert names("hat") == []  # the honorific is not part of the initials
    assert names("jo")[0] == "Mr. Jonas Berg"  # a word of the name before initials
    assert names("atl") == ["Dr. Fatima Al-Zahra Haddad"]  # the organization still finds her
    assert names("dr") == [] or all("Dr." in n for n in names("dr"))


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

    store.add_participant(ParticipantIn(name="A", stakeholder_group="Réseau des maires du Sahel"))
    store.add_participant(ParticipantIn(name="B", stakeholder_group="Parlement"))  # a word for a known group
    groups = cap.stakeholder_groups(store)
    assert groups[:2] == ["Parliament", "Réseau des maires du Sahel"]  # as written on the roster
    assert "Civil society" in groups and "Parlement" not in groups
