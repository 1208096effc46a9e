"""``facilitator park SESSION REF... [--undo]``: set contributions (or a whole theme) aside as noise,
as the review screen's `x` does: out of the themes and suggestions, and out of the outcome
document's evidence; the working record keeps them under *Set aside*."""

from __future__ import annotations

import sys

from facilitator.core import limits

from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "park",
        parents=[common],
        help="set contributions or themes aside as noise (a coffee break, 'please mute')",
        description="Set contributions (Q3-007, as the record shows them) aside as noise, each in its question's "
        "'Set aside' theme, or a whole theme (C-004): the outcome document's evidence leaves them out, "
        "suggestions leave them alone, the working record lists them under 'Set aside'. --undo brings "
        "them back (a contribution: in no theme; a theme: a theme again).",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("refs", metavar="REF", nargs="+", help="contributions (Q3-007) or themes (C-004)")
    p.add_argument("--undo", action="store_true", help="bring them back")


def run(args) -> int:
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.review import Review
    from facilitator.core.review.recommendations import find_contributions, find_reference

    from .common import open_store

    themes = [r for r in args.refs if r.strip()[:1] in ("C", "c")]
    ideas = [r for r in args.refs if r not in themes]
    with open_store(args, create=False) as store:
        sid = store.resolve_session(args.session)
        found_themes = []
        for ref in themes:
            kind, kid = find_reference(store, sid, ref)
            if kind != "theme":
                raise FacilitatorError(f"{limits.shorten(ref, 40)}: give a contribution (Q3-007) or a theme (C-004)")
            found_themes.append(kid)
        found = find_contributions(store, sid, ideas)  # every reference checked before anything changes
        by_question: dict[str | None, list[str]] = {}
        for cid, qid in found:
            by_question.setdefault(qid, []).append(cid)
        for kid in found_themes:
            Review(store, sid).set_parked(kid, not args.undo)
        for qid, ids in by_question.items():
            review = Review(store, sid, qid)
            if args.undo:
                review.move(ids, None)
            else:
                review.park(ids)
    what = ", ".join(r.strip().upper() for r in args.refs)
    echo(f"{what}: {'back from' if args.undo else 'set aside as'} noise", file=sys.stderr)
    return 0
