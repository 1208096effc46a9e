"""``facilitator add``: record one contribution, or many from a file (all or nothing)."""

from __future__ import annotations

import sys

from facilitator.core import limits

from .common import open_store, whole_number
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "add",
        parents=[common],
        help="record contributions",
        description="Record one contribution (TEXT) or many from a JSON Lines or CSV file "
        "(--from; columns question, speaker, text, optional group, lang). A file is written "
        "all or nothing.",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("text", metavar="TEXT", nargs="?", help="what was said")
    p.add_argument("--question", "-q", type=whole_number(1, limits.MAX_QUESTIONS), metavar="N", help="guiding question number")
    p.add_argument("--speaker", "-s", metavar="NAME", help="speaker (created if new; omit for the floor)")
    p.add_argument("--group", "-g", metavar="GROUP", help="stakeholder group of a new speaker")
    p.add_argument("--lang", metavar="CODE", help="language code (guessed if omitted)")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="a .jsonl or .csv file of contributions")
    p.add_argument("--new-groups", action="store_true",
                   help="accept stakeholder groups that are neither on the roster nor known ones (MPs, UN, ONG, "
                        "société civile... are understood)")


def run(args) -> int:
    from facilitator.core.errors import FacilitatorError

    if args.from_file and (args.text or args.question or args.speaker):
        raise FacilitatorError("give either --from FILE or TEXT with --question, not both")
    if not args.from_file and not args.text:
        raise FacilitatorError("nothing to add: give TEXT (with --question N) or --from FILE")
    if args.from_file:
        from facilitator.core.batch import add_from_file

        with open_store(args, create=False) as store:
            sid = store.resolve_session(args.session)
            # checked in full first, then written in one transaction: a bad file writes nothing
            result = add_from_file(store, sid, args.from_file, new_groups=args.new_groups)
        extra = f" ({result.new_speakers} new speakers on the roster)" if result.new_speakers else ""
        echo(f"Added {result.added} contributions{extra}.", file=sys.stderr)
        return 0

    from pydantic import ValidationError

    from facilitator.core.models import ContributionIn, ParticipantIn, problem

    if args.question is None:
        raise FacilitatorError("which question? give --question N")
    options = {"name": "--speaker", "stakeholder_group": "--group", "text": "the text (TEXT)", "lang": "--lang"}
    try:  # every argument is checked before the database is opened
        item = ContributionIn(session_id="-", text=args.text, lang=args.lang)
        if args.speaker or args.group:
            ParticipantIn(name=args.speaker or "floor", stakeholder_group=args.group)
    except ValidationError as exc:
        raise FacilitatorError(problem(exc, options)) from None
    with open_store(args, create=False) as store:
        sid = store.resolve_session(args.session)
        qid = store.question_id(sid, args.question)
        item = item.model_copy(update={"session_id": sid, "question_id": qid})
        group = None
        if args.group:
            from facilitator.core import vocab

            try:  # the same check as every other path: aliases, the roster's spelling, no new group unasked
                group = vocab.group(args.group, store.stakeholder_groups(), allow_new=args.new_groups)
            except vocab.UnknownValue as exc:
                raise FacilitatorError(f"--group: {exc}") from None
        with store.write():
            if args.speaker:
                item.participant_id = store.participant_by_name(args.speaker, group=group)
            c = store.add_contribution(item)
    echo(f"Saved {c.ref} ({c.speaker or 'floor'})", file=sys.stderr)
    echo(c.id)
    return 0
