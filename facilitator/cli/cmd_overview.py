"""``facilitator overview SESSION [--json]``: the figures of a session, as the overview screen
and the export show them.

Per guiding question: contributions, time spent on it against its allotment, speaking time.
Per participant, and per stakeholder group, gender and youth: contributions and speaking
seconds (speaking time is the speakers' turns: :mod:`facilitator.core.turns`), and who on the
roster has not been heard.
"""

from __future__ import annotations

from .common import open_store, print_json
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser("overview", parents=[common], help="contributions and speaking time of a session",
                       description="Contributions and time per guiding question (against its allotment), and "
                                   "contributions and speaking time per participant, stakeholder group, gender "
                                   "and youth: the figures of the overview screen and of the export.")
    p.add_argument("session", help="the session's id (or the start of it: see `facilitator sessions`)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts (times in seconds)")


def _group(g) -> dict:
    return {"label": g.label, "contributions": g.contributions, "speaking_seconds": round(g.seconds, 3),
            "speakers": g.heard, "on_roster": g.roster}


def _person(s) -> dict:
    return {"id": s.participant_id, "name": s.name, "stakeholder_group": s.stakeholder_group, "gender": s.gender,
            "youth": s.youth, "contributions": s.contributions, "speaking_seconds": round(s.seconds, 3),
            "timed": s.timed}


def data(store, session_id: str) -> dict:
    from facilitator.core import stats

    session = store.session(session_id)
    o = stats.overview(store, session_id)
    b = o.balance
    return {
        "session": {"id": session.id, "title": session.title, "date": session.date.isoformat()},
        "contributions": o.contributions,
        "unassigned": o.unassigned,
        "speaking_seconds": round(b.seconds, 3),
        "time_source": o.time_source,
        "questions": [
            {"position": q.position, "text": q.text, "contributions": q.contributions, "speakers": q.speakers,
             "seconds": round(q.seconds, 3), "allotted_seconds": q.allotted_seconds,
             "over_allotment": q.over_allotment, "speaking_seconds": round(q.speaking, 3)}
            for q in o.questions
        ],
        "participants": [_person(s) for s in b.speakers],
        "floor": {"contributions": b.floor.contributions, "speaking_seconds": round(b.floor.seconds, 3)},
        "not_heard": [{"id": s.participant_id, "name": s.name, "stakeholder_group": s.stakeholder_group}
                      for s in b.not_heard],
        "by_group": [_group(g) for g in b.by_group],
        "by_gender": [_group(g) for g in b.by_gender],
        "by_youth": [_group(g) for g in b.by_youth],
    }


def run(args) -> int:
    from facilitator.core.capture import fmt_span

    with open_store(args, write=False) as store:
        sid = store.resolve_session(args.session)
        out = data(store, sid)
    if args.json:
        print_json(out)
        return 0

    def span(seconds) -> str:
        return fmt_span(seconds) if seconds else "–"

    echo(out["session"]["title"], f"({out['session']['date']})")
    echo(f"{out['contributions']} contributions, {span(out['speaking_seconds'])} speaking")
    echo()
    echo(f"{'Q':>4}  {'#':>4}  {'TIME':>14}  {'ALLOTTED':>9}  {'SPEAKING':>14}")
    for q in out["questions"]:
        allotted = fmt_span(q["allotted_seconds"]) if q["allotted_seconds"] else "–"
        over = "  over" if q["over_allotment"] else ""
        echo(f"{'Q' + str(q['position']):>4}  {q['contributions']:>4}  {span(q['seconds']):>14}  {allotted:>9}"
              f"  {span(q['speaking_seconds']):>14}{over}")
    echo()
    echo(f"{'SPEAKER':30}  {'GROUP':24}  {'#':>4}  {'SPEAKING':>14}")
    for p in out["participants"]:
        echo(f"{p['name'][:30]:30}", f"{(p['stakeholder_group'] or '')[:24]:24}", f"{p['contributions']:>4}",
             f"{span(p['speaking_seconds']):>14}", sep="  ")
    if out["floor"]["contributions"]:
        echo(f"{'the floor':30}  {'':24}  {out['floor']['contributions']:>4}  {span(out['floor']['speaking_seconds']):>14}")
    for title, key in (("STAKEHOLDER GROUP", "by_group"), ("GENDER", "by_gender"), ("YOUTH", "by_youth")):
        echo()
        echo(f"{title:30}  {'HEARD':>8}  {'#':>4}  {'SPEAKING':>14}")
        for g in out[key]:
            heard = f"{g['speakers']} of {g['on_roster']}" if g["on_roster"] else str(g["speakers"])
            echo(f"{g['label'][:30]:30}", f"{heard:>8}", f"{g['contributions']:>4}", f"{span(g['speaking_seconds']):>14}",
                 sep="  ")
    if out["not_heard"]:
        echo()
        echo("Not heard yet:", ", ".join(p["name"] for p in out["not_heard"]))
    return 0
