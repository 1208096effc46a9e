"""``facilitator followup ...``: recommendations become activities that parliaments follow up.

Size: ~670 lines: the fourteen sub-commands of ``facilitator followup``, each a short ``_run_*``
function (10 to 45 lines) that reads its options and calls :mod:`facilitator.core.followup`, and
:func:`register`, their argument parser; one module per top-level command, as every ``cmd_*.py``
is. Should it grow, the exchanges with files (``import``, ``export``, ``template``, ``merge``) are
the part to move out.

Sub-commands: ``list``, ``recommendations``, ``show``, ``add``, ``edit``, ``update``, ``correct``, ``delete``,
``restore``, ``import`` (updates partners send back as CSV or JSON Lines, or a monitoring
report), ``export`` (the monitoring report: Markdown, Word, HTML; or every update as CSV or
JSON Lines), ``template`` (the CSV partners fill in), ``merge`` (several staff's reports into
one) and ``status`` (the list of statuses, which can be extended). The work is done by
:mod:`facilitator.core.followup`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from .common import open_store, print_json, whole_number
from .output import echo, write_document

BY = ("area", "lens", "lead", "status")


def _date(text: str) -> dt.date:
    from facilitator.core.followup.dates import DateError, parse_date

    try:
        value = parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("a date is empty")
    return value


def _progress(text: str) -> int:
    from facilitator.core import limits

    try:
        value = limits.number(text.strip().rstrip("%٪").strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"progress is a whole number from 0 to 100, not {limits.shorten(text, 30)}")
    return value


def register(sub, common) -> None:
    p = sub.add_parser(
        "followup",
        parents=[common],
        help="follow up agreed recommendations: activities, their updates, the monitoring report",
        description="After the Summit, an agreed recommendation becomes one or more activities, each with a "
        "lead, partners, a start and a due date, a status and a progress figure, and a timeline of dated "
        "updates (who said what, when, with a source). Every earlier state is kept. See README, Follow-up.",
    )
    fs = p.add_subparsers(dest="followup", metavar="ACTION", required=True)

    ls = fs.add_parser("list", parents=[common], help="the activities: overdue and stalled first")
    ls.add_argument("--session", metavar="SESSION", help="only the activities of this session's recommendations")
    ls.add_argument("--status", action="append", metavar="STATUS", help="only this status (again for more)")
    ls.add_argument("--lead", metavar="TEXT", help="only activities whose lead contains TEXT")
    ls.add_argument("--area", metavar="AREA", help="only this area")
    ls.add_argument("--lens", metavar="LENS", help="only this lens")
    ls.add_argument("--overdue", action="store_true", help="only overdue activities")
    ls.add_argument("--by", choices=BY, help="grouped by area, lens, lead or status")
    ls.add_argument("--as-of", type=_date, metavar="DATE", help="count overdue to this date (default: today)")
    ls.add_argument("--deleted", action="store_true", help="the deleted activities too")
    ls.add_argument("--json", action="store_true", help="print JSON for scripts")

    rs = fs.add_parser("recommendations", parents=[common],
                       help="the agreed recommendations and how many activities each has")
    rs.add_argument("--session", metavar="SESSION", help="only this session")
    rs.add_argument("--all", action="store_true", help="reviewed and draft ones too")
    rs.add_argument("--json", action="store_true", help="print JSON for scripts")

    sh = fs.add_parser("show", parents=[common], help="one activity: its recommendation, evidence, timeline, history")
    sh.add_argument("activity", metavar="ACTIVITY", help="A-003, or its id")
    sh.add_argument("--json", action="store_true", help="print JSON for scripts")

    ad = fs.add_parser("add", parents=[common], help="a new activity that carries out a recommendation")
    ad.add_argument("recommendation", metavar="RECOMMENDATION",
                    help="R-004 (with --session when several sessions have one), SESSION/R-004, or its id; with "
                    "--report, a consolidated recommendation of that series report: its set's id, a member's "
                    "reference, or words of its text")
    ad.add_argument("title", metavar="TITLE", help="what is to be done")
    ad.add_argument("--session", metavar="SESSION", help="the session of R-004")
    ad.add_argument("--report", metavar="SERIES.md", help="carry out a consolidated recommendation of this series "
                    "report (facilitator merge of several meetings): a set staff kept one text for")
    _activity_options(ad)
    ad.add_argument("--status", metavar="STATUS", default="planned", help="its status to begin with (default: planned)")
    ad.add_argument("--progress", type=_progress, metavar="N", help="its progress to begin with, 0 to 100")

    ed = fs.add_parser("edit", parents=[common], help="change an activity's fields (the earlier state is kept)")
    ed.add_argument("activity", metavar="ACTIVITY", help="A-003, or its id")
    ed.add_argument("--title", metavar="TITLE", help="what is to be done")
    ed.add_argument("--recommendation", metavar="RECOMMENDATION", help="the recommendation it carries out")
    ed.add_argument("--session", metavar="SESSION", help="the session of --recommendation R-004")
    _activity_options(ed, editing=True)

    up = fs.add_parser("update", parents=[common],
                       help="add a dated update to an activity's timeline (who, what, source, status, progress)")
    up.add_argument("activity", metavar="ACTIVITY", help="A-003, or its id")
    up.add_argument("text", metavar="TEXT", nargs="?", default="", help="what happened")
    up.add_argument("--date", type=_date, metavar="DATE", help="when (default: today)")
    up.add_argument("--by", metavar="WHO", help="who says it (person: NAME for a person)")
    up.add_argument("--source", metavar="SOURCE", help="where it can be checked: a letter, a report, a link")
    up.add_argument("--status", metavar="STATUS", help="the status it reports")
    up.add_argument("--progress", type=_progress, metavar="N", help="the progress it reports, 0 to 100")

    co = fs.add_parser("correct", parents=[common],
                       help="correct an update of an activity (its number in `show`; the latest by default), or "
                       "delete it; the earlier state is kept")
    co.add_argument("activity", metavar="ACTIVITY", help="A-003, or its id")
    co.add_argument("number", metavar="N", nargs="?", type=whole_number(1, 1_000_000), help="the update's number in `followup show` "
                    "(1 the oldest; default: the latest)")
    co.add_argument("--text", metavar="TEXT", help="what happened, as it should read")
    co.add_argument("--date", type=_date, metavar="DATE", help="when")
    co.add_argument("--by", metavar="WHO", help="who says it ('' clears it)")
    co.add_argument("--source", metavar="SOURCE", help="where it can be checked ('' clears it)")
    co.add_argument("--status", metavar="STATUS", help="the status it reports ('' clears it)")
    co.add_argument("--progress", metavar="N", help="the progress it reports, 0 to 100 ('' clears it)")
    co.add_argument("--delete", action="store_true", help="take the update out of the timeline (it is kept, hidden)")

    for name, what in (("delete", "hide an activity and its timeline (restore brings it back)"),
                       ("restore", "bring a deleted activity back")):
        d = fs.add_parser(name, parents=[common], help=what)
        d.add_argument("activity", metavar="ACTIVITY", help="A-003, or its id")

    im = fs.add_parser("import", parents=[common],
                       help="updates partners send back (.csv, .jsonl), or a monitoring report (.md); all or nothing")
    im.add_argument("file", metavar="FILE", help="a .csv or .jsonl file of updates, or a monitoring report .md")

    ex = fs.add_parser("export", parents=[common], help="the monitoring report (Markdown, Word, HTML), or the updates "
                       "as CSV or JSON Lines")
    ex.add_argument("-o", "--output", metavar="FILE", help="where to write; '-' writes to stdout")
    ex.add_argument("--format", choices=("md", "docx", "html", "csv", "jsonl"),
                    help="without it, the -o file's extension decides (else Markdown)")
    _report_options(ex)
    ex.add_argument("--session", action="append", metavar="SESSION", help="only this session's activities (again for more)")
    ex.add_argument("--title", metavar="TITLE", help="the report's title")
    ex.add_argument("--force", action="store_true", help="overwrite an existing file")

    tp = fs.add_parser("template", parents=[common], help="a CSV file for leads to fill in and send back: one row per "
                       "open activity")
    tp.add_argument("-o", "--output", metavar="FILE.csv", help="where to write (default: stdout)")
    tp.add_argument("--lead", metavar="TEXT", help="only the activities whose lead contains TEXT")
    tp.add_argument("--session", metavar="SESSION", help="only this session's activities")
    tp.add_argument("--force", action="store_true", help="overwrite an existing file")

    mg = fs.add_parser("merge", parents=[common], help="several staff's monitoring reports into one")
    mg.add_argument("files", metavar="FILE", nargs="+", help="monitoring reports (Markdown)")
    mg.add_argument("-o", "--output", metavar="OUT", required=True, help="the report to write; '-' writes to stdout")
    mg.add_argument("--format", choices=("md", "docx", "html"), help="without it, OUT's extension decides")
    _report_options(mg, as_of_default="the latest of the files")
    mg.add_argument("--force", action="store_true", help="overwrite an existing OUT, also one of the inputs (a report merged again into itself)")

    st = fs.add_parser("status", parents=[common], help="the statuses; --add one")
    st.add_argument("--add", metavar="NAME", help="a new status (e.g. 'awaiting funds')")
    st.add_argument("--kind", choices=("open", "attention", "closed"), default="open",
                    help="open (the default), attention (listed first, as stalled is) or closed (never overdue)")
    st.add_argument("--progress", type=_progress, metavar="N", help="the progress it implies (done: 100)")
    st.add_argument("--fr", metavar="LABEL", help="its name in French")
    st.add_argument("--ar", metavar="LABEL", help="its name in Arabic")
    st.add_argument("--json", action="store_true", help="print JSON for scripts")


def _activity_options(p, editing: bool = False) -> None:
    clear = " ('' clears it)" if editing else ""
    p.add_argument("--lead", metavar="NAME", help=f"who leads it: a parliament, an organization, or person: NAME{clear}")
    p.add_argument("--lead-kind", choices=("parliament", "organization", "person"),
                   help="what the lead is (else guessed: a name on the roster is a person, a name with "
                   "'parliament', 'assembly'... a parliament, anything else an organization)")
    p.add_argument("--partners", metavar="'A; B'", help=f"the partners, separated by ';'{clear}")
    p.add_argument("--start", metavar="DATE", help=f"when it starts{clear}")
    p.add_argument("--due", metavar="DATE", help=f"when it is due{clear}")
    p.add_argument("--area", metavar="AREA", help=f"its area, when not its recommendation's{clear}")
    p.add_argument("--lens", metavar="LENS", help=f"its lens (human, state, regional...), when not its "
                   f"recommendation's{clear}")


def _report_options(p, as_of_default: str = "today") -> None:
    p.add_argument("--anonymous", action="store_true", help="name no person (Chatham House); parliaments and "
                   "organizations are named")
    p.add_argument("--lang", choices=("en", "fr", "ar"), help="the report's words (default: its sessions' language); "
                   "Arabic is right-to-left in Word and HTML")
    p.add_argument("--as-of", type=_date, metavar="DATE", help=f"overdue is counted to this date (default: {as_of_default})")


def run(args) -> int:
    action = args.followup
    return globals()[f"_run_{action}"](args)


# --- reading ---------------------------------------------------------------------------------


def _today(args) -> dt.date:
    return getattr(args, "as_of", None) or dt.date.today()


def _attention_order(a, today):
    return (a.attention(today), a.due or "9999", a.seq)


def _fold(text: str | None) -> str:
    from facilitator.core.vocab import fold

    return fold(text)


def _run_list(args) -> int:
    from facilitator.core.followup.store import FollowUp

    today = _today(args)
    with open_store(args, write=False) as store:
        follow = FollowUp(store)
        sessions = [store.resolve_session(args.session)] if args.session else None
        items = follow.activities(include_deleted=args.deleted, session_ids=sessions)
        statuses = [follow.status_key(s) for s in args.status or []]
    if statuses:
        items = [a for a in items if a.status in statuses]
    if args.lead:
        items = [a for a in items if _fold(args.lead) in _fold(a.lead)]
    if args.area:  # a known area or lens in any language (Sécurité, الأمن), others as typed
        from facilitator.core.vocab import AREAS

        items = [a for a in items if _fold(a.area) == _fold(AREAS.canonical(args.area))]
    if args.lens:
        from facilitator.core.vocab import LENSES

        items = [a for a in items if _fold(a.lens) == _fold(LENSES.canonical(args.lens))]
    if args.overdue:
        items = [a for a in items if a.overdue_days(today)]
    items.sort(key=lambda a: _attention_order(a, today))
    if args.json:
        print_json([_activity_json(a, today) for a in items])
        return 0
    if not items:
        echo("No activities. Add one with: facilitator followup add R-001 'what is to be done' --lead NAME")
        return 0
    if args.by:
        groups: dict[str, list] = {}
        for a in items:
            from facilitator.core.followup.views import term_label

            key = term_label(args.by, {"area": a.area, "lens": a.lens, "lead": a.lead, "status": a.status}[args.by])
            groups.setdefault(key or f"({args.by} not given)", []).append(a)
        for n, (key, members) in enumerate(sorted(groups.items(), key=lambda kv: (kv[0].startswith("("), kv[0].casefold()))):
            echo(("\n" if n else "") + f"{key} ({len(members)})")
            for a in members:
                echo("  " + _line(a, today))
        return 0
    for a in items:
        echo(_line(a, today))
    return 0


def _line(a, today: dt.date) -> str:
    progress = f"{a.progress:>3} %" if a.progress is not None else "  – %"
    due = ""
    if a.due:
        late = a.overdue_days(today)
        due = f"due {a.due}" + (f" ({late} d over)" if late else "")
    rec = a.rec_ref or "—"
    deleted = " [deleted]" if a.deleted_at else ""
    return f"{a.ref}  {a.status:<10} {progress}  {due:<28} {rec:<6} {a.lead or '—'}: {a.title}{deleted}"


def _activity_json(a, today: dt.date) -> dict:
    return {
        "id": a.id, "ref": a.ref, "title": a.title, "status": a.status, "progress": a.progress,
        "status_kind": a.status_kind, "lead": a.lead, "lead_kind": a.lead_kind,
        "partners": [{"name": n, "kind": k} for n, k in a.partners], "start": a.start, "due": a.due,
        "overdue_days": a.overdue_days(today), "area": a.area, "lens": a.lens, "last_update": a.last_update,
        "updates": a.update_count, "recommendation": a.rec_ref, "recommendation_id": a.recommendation_id,
        "session_id": a.session_id, "session": a.session_title, "deleted": a.deleted_at is not None,
    }


def _run_recommendations(args) -> int:
    from facilitator.core.followup.store import FollowUp

    with open_store(args, write=False) as store:
        sessions = [store.resolve_session(args.session)] if args.session else None
        recs = FollowUp(store).recommendations(
            statuses=("agreed", "reviewed", "draft") if args.all else ("agreed",), session_ids=sessions)
    if args.json:
        print_json(recs)
        return 0
    if not recs:
        echo("No agreed recommendations yet (the review marks them agreed: t).")
        return 0
    for r in recs:
        echo(f"R-{r['seq']:03d}  {r['status']:<8} {r['activities']} activit{'y' if r['activities'] == 1 else 'ies'}  "
              f"{r['session_date']} {r['session_id'][:8]}  {' '.join(r['text'].split())[:90]}")
    return 0


def _run_show(args) -> int:
    from facilitator.core.followup.store import FollowUp

    today = dt.date.today()
    with open_store(args, write=False) as store:
        follow = FollowUp(store)
        a = follow.activity(follow.resolve(args.activity))
        rec = follow.recommendation(a.recommendation_id) if a.recommendation_id else None
        evidence = follow.evidence(a.recommendation_id) if a.recommendation_id else []
        updates = follow.updates(a.id)
        history = follow.history("activity", a.id)
    if args.json:
        print_json({**_activity_json(a, today), "recommendation_text": rec["text"] if rec else None,
                    "evidence": evidence, "timeline": [u.__dict__ for u in updates],
                    "history": [h.__dict__ for h in history]})
        return 0
    echo(f"{a.ref}  {a.title}")
    echo(f"  status {a.status}" + (f", {a.progress} %" if a.progress is not None else "")
          + (f"; due {a.due}" if a.due else "") + (f"; started {a.start}" if a.start else ""))
    if a.lead:
        echo(f"  lead: {a.lead} ({a.lead_kind})")
    if a.partners:
        echo("  partners: " + "; ".join(f"{n} ({k})" for n, k in a.partners))
    if a.area or a.lens:
        echo(f"  area: {a.area or '—'}; lens: {a.lens or '—'}")
    if rec:
        echo(f"\n{a.rec_ref} ({rec['status']}; {rec['session_title']}, {rec['session_date']}):")
        echo(f"  {' '.join(rec['text'].split())}")
        for e in evidence:
            who = e["speaker"] or e["group"] or "the floor"
            echo(f"    {e['ref']}  {who}: {' '.join(e['text'].split())[:100]}")
    echo("\nTimeline:" if updates else "\nNo updates yet.")
    for n, u in enumerate(updates, start=1):
        head = " · ".join(x for x in (u.date, u.author, u.status, f"{u.progress} %" if u.progress is not None else None) if x)
        echo(f"  {n}. {head}: {' '.join(u.text.split())}" + (f"  (source: {u.source})" if u.source else ""))
    if history:
        echo(f"\n{len(history)} earlier state(s) kept (--json shows them).")
    return 0


# --- writing -----------------------------------------------------------------------------------


def _actor(text: str | None, kind: str | None, people):
    from facilitator.core.followup.actors import ActorError, actor
    from facilitator.core.followup.store import FollowUpError

    if not text or not text.strip():
        return None
    try:
        a = actor(text, kind, people)
    except ActorError as exc:
        raise FollowUpError(str(exc)) from None
    return {"name": a.name, "kind": a.kind}


def _partners(text: str | None, people):
    from facilitator.core.followup.actors import ActorError, actors
    from facilitator.core.followup.store import FollowUpError

    try:
        return [{"name": a.name, "kind": a.kind} for a in actors(text or "", people)]
    except ActorError as exc:
        raise FollowUpError(str(exc)) from None


def _opt_date(text: str | None):
    from facilitator.core.followup.dates import DateError, parse_date
    from facilitator.core.followup.store import FollowUpError

    try:
        return parse_date(text)
    except DateError as exc:
        raise FollowUpError(str(exc)) from None


def _run_add(args) -> int:
    from facilitator.core.followup.model import ActivityIn
    from facilitator.core.followup.store import FollowUp, checked

    with open_store(args) as store:
        follow = FollowUp(store)
        session = store.resolve_session(args.session) if args.session else None
        consolidated = None
        if args.report:
            from facilitator.core.followup import sets

            choice = sets.pick(sets.consolidated_sets(args.report), args.recommendation, follow)
            rid = sets.primary_member(choice, follow)
            consolidated = {"id": choice.id, "text": choice.text, "members": choice.members}
        else:
            rid = follow.resolve_recommendation(args.recommendation, session)
        people = follow.roster_names()
        data = checked(ActivityIn, recommendation_id=rid, consolidated=consolidated, title=args.title,
                       lead=_actor(args.lead, args.lead_kind, people), partners=_partners(args.partners, people),
                       start=_opt_date(args.start), due=_opt_date(args.due), status=follow.status_key(args.status),
                       progress=args.progress, area=args.area, lens=args.lens)
        aid = follow.add_activity(data)
        a = follow.activity(aid)
    what = f"the consolidated recommendation {a.set_id[:8]} (with {a.rec_ref})" if a.set_id else a.rec_ref
    echo(f"Added {a.ref} to {what}: {a.title}", file=sys.stderr)
    echo(a.ref)
    return 0


def _run_edit(args) -> int:
    from facilitator.core.followup.store import FollowUp, FollowUpError

    with open_store(args) as store:
        follow = FollowUp(store)
        aid = follow.resolve(args.activity)
        people = follow.roster_names()
        current = follow.activity_fields(aid)
        changes: dict = {}
        if args.title is not None:
            changes["title"] = args.title
        if args.recommendation is not None:
            session = store.resolve_session(args.session) if args.session else None
            changes["recommendation_id"] = follow.resolve_recommendation(args.recommendation, session)
        if args.lead is not None:
            changes["lead"] = _actor(args.lead, args.lead_kind, people)
        elif args.lead_kind is not None:
            if not current["lead"]:
                raise FollowUpError("the activity has no lead: give --lead NAME")
            changes["lead"] = {"name": current["lead"]["name"], "kind": args.lead_kind}
        if args.partners is not None:
            changes["partners"] = _partners(args.partners, people)
        for key in ("start", "due"):
            if getattr(args, key) is not None:
                changes[key] = _opt_date(getattr(args, key))
        for key in ("area", "lens"):
            if getattr(args, key) is not None:
                changes[key] = getattr(args, key).strip() or None
        if not changes:
            raise FollowUpError("nothing to change: give --title, --lead, --partners, --start, --due, --area, --lens "
                                "or --recommendation (the status and progress change by `followup update`)")
        changed = follow.change_activity(aid, **changes)
        a = follow.activity(aid)
    echo(f"{a.ref}: " + ("changed (the earlier state is kept)" if changed else "nothing changed"), file=sys.stderr)
    return 0


def _run_update(args) -> int:
    from facilitator.core.followup.actors import kind_word
    from facilitator.core.followup.model import UpdateIn
    from facilitator.core.followup.store import FollowUp, checked

    with open_store(args) as store:
        follow = FollowUp(store)
        aid = follow.resolve(args.activity)
        author, kind = (args.by or "").strip() or None, None
        if author and ":" in author and kind_word(author.split(":", 1)[0]):
            kind, author = kind_word(author.split(":", 1)[0]), author.split(":", 1)[1].strip() or None
        data = checked(UpdateIn, activity_id=aid, date=args.date or dt.date.today(), author=author, author_kind=kind,
                       text=args.text, source=args.source,
                       status=follow.status_key(args.status) if args.status else None, progress=args.progress)
        follow.add_update(data)
        a = follow.activity(aid)
    echo(f"{a.ref}: update of {data.date} saved; now {a.status}"
          + (f", {a.progress} %" if a.progress is not None else ""), file=sys.stderr)
    return 0


def _run_correct(args) -> int:
    from facilitator.core.followup.actors import kind_word
    from facilitator.core.followup.store import FollowUp, FollowUpError

    with open_store(args) as store:
        follow = FollowUp(store)
        aid = follow.resolve(args.activity)
        updates = follow.updates(aid)
        if not updates:
            raise FollowUpError("that activity has no update yet")
        n = args.number or len(updates)
        if not 1 <= n <= len(updates):
            raise FollowUpError(f"no update {n}: it has updates 1 to {len(updates)} (see `facilitator followup show`)")
        target = updates[n - 1]
        if args.delete:
            follow.delete_update(target.id)
            echo(f"Update {n} ({target.date}) taken out of the timeline; the earlier state is kept", file=sys.stderr)
            return 0
        changes: dict = {}
        if args.text is not None:
            changes["text"] = args.text
        if args.date is not None:
            changes["date"] = args.date
        if args.by is not None:
            author, kind = args.by.strip() or None, None
            if author and ":" in author and kind_word(author.split(":", 1)[0]):
                kind, author = kind_word(author.split(":", 1)[0]), author.split(":", 1)[1].strip() or None
            changes.update(author=author, author_kind=kind)
        if args.source is not None:
            changes["source"] = args.source.strip() or None
        if args.status is not None:
            changes["status"] = follow.status_key(args.status) if args.status.strip() else None
        if args.progress is not None:
            try:
                changes["progress"] = _progress(args.progress) if args.progress.strip() else None
            except argparse.ArgumentTypeError as exc:
                raise FollowUpError(str(exc)) from None
        if not changes:
            raise FollowUpError("nothing to correct: give --text, --date, --by, --source, --status, --progress, "
                                "or --delete")
        changed = follow.change_update(target.id, **changes)
    echo(f"Update {n} ({target.date}): " + ("corrected (the earlier state is kept)" if changed else "nothing changed"),
          file=sys.stderr)
    return 0


def _run_delete(args) -> int:
    from facilitator.core.followup.store import FollowUp

    with open_store(args) as store:
        follow = FollowUp(store)
        aid = follow.resolve(args.activity)
        follow.delete_activity(aid)
        ref = follow.activity(aid).ref
    echo(f"{ref} deleted (facilitator followup restore {ref} brings it back)", file=sys.stderr)
    return 0


def _run_restore(args) -> int:
    from facilitator.core.followup.store import FollowUp

    with open_store(args) as store:
        follow = FollowUp(store)
        aid = follow.resolve(args.activity)
        follow.restore_activity(aid)
        ref = follow.activity(aid).ref
    echo(f"{ref} restored", file=sys.stderr)
    return 0


def _run_import(args) -> int:
    from pathlib import Path

    from facilitator.core.followup.document import is_report_file

    path = Path(args.file)
    if path.suffix.lower() in (".md", ".markdown") or is_report_file(path):
        return import_report_command(args, path)
    from facilitator.core.followup.bulk import import_updates

    from .common import store_for_import

    with store_for_import(args) as store:
        result = import_updates(store, path)
    echo(result.summary(), file=sys.stderr)
    return 0


def import_report_command(args, path) -> int:
    """``facilitator import REPORT.md`` and ``followup import REPORT.md``: a monitoring report."""
    from facilitator.core.followup.parse import read_report
    from facilitator.core.followup.todb import import_report

    from .common import store_for_import

    report = read_report(path)  # a bad file is refused before the database is opened
    with store_for_import(args) as store:
        result = import_report(store, report, path.name)
    for w in result.warnings:
        echo(f"facilitator: note: {w}", file=sys.stderr)
    echo(result.summary(), file=sys.stderr)
    return 0


def _write(args, data: bytes, default_name: str, *, inputs=frozenset(), binary: bool = False) -> int:
    from pathlib import Path

    from facilitator.core.export import write_text_file
    from facilitator.core.paths import exports_dir, resolve_db_path

    if args.output == "-":
        write_document(data, binary=binary)
        return 0
    target = Path(args.output) if args.output else exports_dir() / default_name
    path = write_text_file(target, data, force=args.force, inputs=inputs,
                           database=resolve_db_path(getattr(args, "db", None)))
    echo(f"Wrote {path}", file=sys.stderr)
    echo(path)
    return 0


def _fmt(args) -> str:
    """The export's format: ``--format``, else the ``-o`` file's extension, else Markdown; a name
    that says another format, or contradicts ``--format``, is refused as ``export`` refuses it."""
    from facilitator.core.summary.formats import format_of

    return format_of(args.output, args.format, formats=("md", "docx", "html", "csv", "jsonl"))


def _run_export(args) -> int:
    from facilitator.core.followup import bulk
    from facilitator.core.followup.document import default_report_name, load_report, report_bytes
    from facilitator.core.followup.render import render
    from facilitator.core.followup.store import FollowUp

    fmt = _fmt(args)
    as_of = _today(args)
    with open_store(args, write=False) as store:
        sessions = [store.resolve_session(s) for s in args.session] if args.session else None
        if fmt in ("csv", "jsonl"):
            rows = bulk.update_rows(store, FollowUp(store).activities(session_ids=sessions))
            text = (bulk.as_csv if fmt == "csv" else bulk.as_jsonl)(rows, bulk.EXPORT_COLUMNS)
            return _write(args, text.encode("utf-8"), f"{as_of.isoformat()}-follow-up-updates.{fmt}")
        report = load_report(store, as_of=as_of, lang=args.lang, session_ids=sessions, title=args.title)
    markdown = render(report, anonymous=args.anonymous)
    data = report_bytes(report, markdown, fmt, anonymous=args.anonymous,
                        where=args.output if args.output and args.output != "-" else "the report")
    return _write(args, data, default_report_name(as_of, anonymous=args.anonymous, fmt=fmt, lang=report.lang),
                  binary=fmt == "docx")


def _csv_name(output) -> None:
    """The template is CSV: a name with another extension (``x.pdf``, ``x.md``) is refused, as
    ``export`` refuses a name that says another format; no extension is fine."""
    from pathlib import Path

    from facilitator.core.errors import FacilitatorError

    path = Path(str(output))
    if path.suffix and path.suffix.lower() != ".csv":
        raise FacilitatorError(f"{path.name}: the template is a CSV file (a spreadsheet opens it), not "
                               f"{path.suffix}: name it {path.stem}.csv; nothing was written")


def _run_template(args) -> int:
    from facilitator.core.followup import bulk
    from facilitator.core.followup.store import FollowUp

    with open_store(args, write=False) as store:
        sessions = [store.resolve_session(args.session)] if args.session else None
        items = FollowUp(store).activities(session_ids=sessions)
    if args.lead:
        items = [a for a in items if _fold(args.lead) in _fold(a.lead)]
    if args.output is None:
        args.output = "-"
    if args.output != "-":
        _csv_name(args.output)
    text = bulk.as_csv(bulk.template_rows(items), bulk.TEMPLATE_COLUMNS)
    return _write(args, text.encode("utf-8"), "follow-up-template.csv")


def _run_merge(args) -> int:
    from pathlib import Path

    from facilitator.core.followup.document import merge_report_files, report_bytes
    from facilitator.core.summary.formats import format_of

    fmt = format_of(args.output, args.format)
    text, conflicts, report = merge_report_files(
        args.files, as_of=args.as_of.isoformat() if args.as_of else None, lang=args.lang,
        anonymous=True if args.anonymous else None)
    for w in report.warnings:
        echo(f"facilitator: note: {w}", file=sys.stderr)
    for c in conflicts:
        echo(f"facilitator: conflict: {c}", file=sys.stderr)
    data = report_bytes(report, text, fmt, anonymous=report.anonymous,
                        where=args.output if args.output != "-" else "the report")
    echo(f"Merged {len(args.files)} report(s): {len(report.activities)} activities, "
          f"{sum(len(a.updates) for a in report.activities)} updates, {len(conflicts)} conflict(s)", file=sys.stderr)
    return _write(args, data, "follow-up-merged.md", inputs={Path(f) for f in args.files}, binary=fmt == "docx")


def _run_status(args) -> int:
    from facilitator.core.followup.model import StatusIn
    from facilitator.core.followup.store import FollowUp, checked

    if args.add:
        labels = {k: v for k, v in (("fr", args.fr), ("ar", args.ar)) if v}
        with open_store(args) as store:
            s = FollowUp(store).add_status(checked(StatusIn, key=args.add, kind=args.kind, progress=args.progress,
                                                   labels=labels))
        echo(f"Status {s.key!r} added ({s.kind})", file=sys.stderr)
        return 0
    with open_store(args, write=False) as store:
        statuses = FollowUp(store).statuses()
    if args.json:
        print_json([s.__dict__ for s in statuses])
        return 0
    for s in statuses:
        others = " · ".join(v for k, v in sorted(s.labels.items()) if k != "en" and v)
        implied = f", sets progress to {s.progress} %" if s.progress is not None else ""
        echo(f"{s.key:<12} {s.kind}{implied}" + (f"  ({others})" if others else ""))
    return 0
