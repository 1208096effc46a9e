"""``facilitator lens SESSION [REF [LENS...]] [--clear] [--json]``: the lenses of recommendations
and themes (human, state, regional concerns: the agenda's ``Lenses:``)."""

from __future__ import annotations

import sys

from .common import open_store, print_json
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "lens",
        parents=[common],
        help="show or set the lenses of recommendations and themes",
        description="Without REF: list the session's recommendations and themes with their lenses. With REF "
        "(R-003, C-002): show its lenses, or set them to the LENS words given (human, state, regional, or any "
        "lens the agenda names; in English, French or Arabic; comma-separated or as separate words). "
        "A recommendation without lenses of its own takes its theme's. Setting them is kept in the "
        "recommendation's history.",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("ref", metavar="REF", nargs="?", help="a recommendation (R-003) or theme (C-002)")
    p.add_argument("lenses", metavar="LENS", nargs="*", help="the lenses to set")
    p.add_argument("--clear", action="store_true", help="take every lens off REF")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args) -> int:
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.review import Review
    from facilitator.core.review.recommendations import find_reference, lens_table
    from facilitator.core.vocab import LENSES

    writing = bool(args.lenses or args.clear)
    if args.lenses and args.clear:
        raise FacilitatorError("give lenses or --clear, not both")
    if writing and not args.ref:
        raise FacilitatorError("say which recommendation or theme: facilitator lens SESSION R-003 human")
    with open_store(args, create=False, write=writing) as store:
        sid = store.resolve_session(args.session)
        if writing:
            kind, item = find_reference(store, sid, args.ref)
            review = Review(store, sid)
            lenses = [] if args.clear else list(args.lenses)
            if kind == "recommendation":
                review.set_lenses(item, lenses)
            else:
                review.set_cluster_lenses(item, lenses)
        rows = lens_table(store, sid)
    if args.ref:
        import re

        m = re.fullmatch(r"\s*([RrCc])-?0*(\d+)\s*", args.ref)
        if not m:
            raise FacilitatorError(f"{args.ref!r}: give a recommendation (R-003) or a theme (C-002)")
        wanted = f"{m.group(1).upper()}-{int(m.group(2)):03d}"
        rows = [r for r in rows if r["ref"] == wanted]
        if not rows:
            raise FacilitatorError(f"no {wanted} in this session")
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        names = ", ".join(LENSES.label(x) for x in r["lenses"]) or "no lens"
        if r["from_theme"]:
            names += " (its theme's)"
        text = " ".join(str(r["text"]).split())
        echo(f"{r['ref']}  {names}  {text[:70]}{'…' if len(text) > 70 else ''}")
    if writing:
        echo(f"Lenses of {rows[0]['ref'] if rows else args.ref} set.", file=sys.stderr)
    return 0
