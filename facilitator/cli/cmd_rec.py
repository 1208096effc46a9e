"""``facilitator rec SESSION [REF] [--add TEXT] [--text T] [--status S] [--rank N] [--to WHO] ...``:
list, write and change a session's recommendations, as the review screen does (every change
is a step of the review, the earlier state kept in the recommendation's history)."""

from __future__ import annotations

import sys

from facilitator.core import limits

from .common import open_store, print_json, whole_number
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "rec",
        parents=[common],
        help="list, write and change a session's recommendations",
        description="Without REF or --add: list the session's recommendations (reference, status, rank, "
        "addressee, question, text; --all adds the dropped ones). --add TEXT writes a new one (it takes the "
        "next number the session has never given). REF (R-003) with --text, --status, --rank, --to, "
        "--support or --lens changes it; the earlier state is kept in its history (the review's `h`). "
        "--delete hides it (its number is never given again).",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("ref", metavar="REF", nargs="?", help="the recommendation to change (R-003)")
    p.add_argument("--add", metavar="TEXT", help="write a new recommendation with this text")
    p.add_argument("--text", metavar="TEXT", help="REF's new text")
    p.add_argument("--status", metavar="STATUS",
                   help="draft, reviewed, agreed or dropped (in English, French or Arabic: adoptée, متفق عليها)")
    p.add_argument("--rank", metavar="N", type=whole_number(-1_000_000, 1_000_000), help="its rank, 1 or more")
    p.add_argument("--no-rank", action="store_true", help="take REF's rank off")
    p.add_argument("--to", metavar="WHO", help="whom it is addressed to ('' clears it)")
    p.add_argument("--question", metavar="N", type=whole_number(-limits.MAX_QUESTIONS, limits.MAX_QUESTIONS),
                   help="with --add: the guiding question it answers (default: the whole session)")
    p.add_argument("--theme", metavar="C-002", help="with --add: the theme it comes from (its question, and its "
                   "ideas as support unless --support says)")
    p.add_argument("--support", metavar="REFS", help="the contributions it rests on, comma-separated (Q3-008,Q3-009); "
                   "'' for none")
    p.add_argument("--lens", metavar="LENS", action="append", help="a lens (human, state, regional, or one the "
                   "agenda names); again for more")
    p.add_argument("--delete", action="store_true", help="hide REF (undo it in the review screen)")
    p.add_argument("--all", action="store_true", help="list the dropped ones too")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


def _status(text: str | None) -> str | None:
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.summary.model import STATUSES
    from facilitator.core.summary.words import key_of

    if text is None:
        return None
    found = key_of(text, STATUSES)
    if found is None:
        raise FacilitatorError(f"unknown status {limits.shorten(text.strip(), 40)} (statuses: {', '.join(STATUSES)}, in English, "
                               "French or Arabic)")
    return found


def _rank(args) -> dict:
    from facilitator.core.errors import FacilitatorError

    if args.no_rank and args.rank is not None:
        raise FacilitatorError("give --rank or --no-rank, not both")
    if args.rank is not None and args.rank < 1:
        raise FacilitatorError("the rank is a whole number, 1 or more")
    if args.no_rank:
        return {"rank": None}
    return {} if args.rank is None else {"rank": args.rank}


def _refs(text: str) -> list[str]:
    return [x.strip() for x in text.replace(";", ",").split(",") if x.strip()]


def _check(args, changes: bool) -> None:
    """Refuse options that do not go together: REF and --add, changes without REF, --question or
    --theme without --add."""
    from facilitator.core.errors import FacilitatorError

    if args.add is not None and args.ref:
        raise FacilitatorError("give REF to change a recommendation, or --add to write one, not both")
    if args.ref is None and args.add is None and changes:
        raise FacilitatorError("say which recommendation to change: facilitator rec SESSION R-003 --status agreed")
    if args.add is None and (args.question is not None or args.theme):
        raise FacilitatorError("--question and --theme are for --add")


def _add(args, store, sid: str, status: str | None, rank: dict) -> None:
    """``--add``: write a recommendation (in a theme, under a question, with its support and
    lenses), print its reference, and say what was written."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.review import Review
    from facilitator.core.review.recommendations import find_contributions, find_reference, recommendation_table

    theme = None
    if args.theme:
        kind, theme = find_reference(store, sid, args.theme)
        if kind != "theme":
            raise FacilitatorError(f"--theme {limits.shorten(args.theme, 40)}: give a theme (C-002)")
    qid = store.question_id(sid, args.question) if args.question is not None else None
    support = [i for i, _q in find_contributions(store, sid, _refs(args.support))] \
        if args.support is not None else None
    review = Review(store, sid, qid)
    rid = review.add_recommendation(args.add, cluster_id=theme, status=status or "draft",
                                    rank=rank.get("rank"), addressed_to=args.to, support=support)
    if args.lens:
        review.set_lenses(rid, args.lens)
    said = next(r for r in recommendation_table(store, sid, dropped=True) if r["id"] == rid)
    echo(said["ref"])
    echo(f"Wrote {said['ref']}: {said['status']}" + (f", rank {said['rank']}" if said["rank"] else ""),
         file=sys.stderr)


def _change(args, store, sid: str, status: str | None, rank: dict, changes: bool) -> str | None:
    """REF: hide the recommendation (``--delete``, alone), or change what the options say; its
    id, or None once hidden (then said, and nothing more to print)."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.review import Review
    from facilitator.core.review.recommendations import find_contributions, find_reference

    kind, rid = find_reference(store, sid, args.ref)
    if kind != "recommendation":
        raise FacilitatorError(f"{limits.shorten(args.ref, 40)}: give a recommendation (R-003); a theme's lenses are set with "
                               "`facilitator lens`")
    review = Review(store, sid)
    if args.delete:
        if changes and any(x is not None for x in (args.text, args.status, args.rank, args.to, args.support,
                                                    args.lens)):
            raise FacilitatorError("--delete changes nothing else: give it alone")
        review.delete_recommendation(rid)
        echo(f"{args.ref.strip().upper()} hidden (its number is not given again)", file=sys.stderr)
        return None
    fields: dict = dict(rank)
    if args.text is not None:
        fields["text"] = args.text
    if status is not None:
        fields["status"] = status
    if args.to is not None:
        fields["addressed_to"] = args.to.strip() or None
    if fields:
        review.update_recommendation(rid, **fields)
    if args.support is not None:
        review.set_support(rid, [i for i, _q in find_contributions(store, sid, _refs(args.support))])
    if args.lens is not None:
        review.set_lenses(rid, args.lens)
    return rid


def _show(rows: list[dict]) -> None:
    """One line per recommendation: its reference, status, rank, addressee, question, text."""
    for r in rows:
        head = " · ".join(x for x in (r["status"], f"rank {r['rank']}" if r["rank"] else "",
                                      f"to {r['addressed_to']}" if r["addressed_to"] else "",
                                      f"Q{r['question']}" if r["question"] else "whole session") if x)
        text = " ".join(str(r["text"]).split())
        echo(r["ref"], head, f"{text[:70]}{'…' if len(text) > 70 else ''}", sep="  ")  # the text in its place


def run(args) -> int:
    from facilitator.core.review.recommendations import recommendation_table

    changes = any(x is not None for x in (args.text, args.status, args.rank, args.to, args.support, args.lens)) \
        or args.no_rank or args.delete
    _check(args, changes)
    writing = args.add is not None or changes
    status = _status(args.status)
    rank = _rank(args)
    with open_store(args, create=False, write=writing) as store:
        sid = store.resolve_session(args.session)
        if args.add is not None:
            _add(args, store, sid, status, rank)
            return 0
        if args.ref:
            rid = _change(args, store, sid, status, rank, changes)
            if rid is None:
                return 0
        rows = recommendation_table(store, sid, dropped=args.all or bool(args.ref))
    if args.ref:
        wanted = {r["id"]: r for r in rows}
        rows = [wanted[rid]]
    if args.json:
        print_json(rows)
        return 0
    _show(rows)
    if changes:
        echo(f"{rows[0]['ref']} changed (the earlier state is kept in its history)", file=sys.stderr)
    return 0
