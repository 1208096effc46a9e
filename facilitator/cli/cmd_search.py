"""``facilitator search QUERY [--session S] [--json]``: full-text search across sessions.

Arabic ignores short vowels, tatweel and the forms of alef; French ignores accents and case;
every word must appear, as the beginning of a word; ``"two words"`` is a phrase.
"""

from __future__ import annotations

import sys

from .common import open_store, print_json, whole_number
from .output import echo


def register(sub, common) -> None:
    p = sub.add_parser(
        "search",
        parents=[common],
        help="search what was said, across sessions",
        description="Full-text search of contributions and recommendations across all sessions "
        "(or one, with --session). Every word must appear, as the beginning of a word; "
        'quote a phrase ("early warning"). Arabic ignores short vowels, tatweel and the forms '
        "of alef; French ignores accents and case.",
    )
    p.add_argument("query", metavar="QUERY", nargs="*", help="words to look for")
    p.add_argument("--session", metavar="SESSION", help="only this session (id or unique prefix)")
    p.add_argument("--limit", type=whole_number(1, 100_000), default=50, metavar="N", help="at most N results (default 50)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--reindex", action="store_true",
                   help="rebuild the search index from the stored text (a repair; never needed normally)")


def _line(hit) -> list[str]:
    """The fields of a result's first line (each shown in its place on a terminal)."""
    title = hit.session_title if len(hit.session_title) <= 40 else hit.session_title[:39] + "…"
    who = ""
    if hit.kind == "contribution":
        who = hit.speaker or "the floor"
        if hit.stakeholder_group:
            who += f" ({hit.stakeholder_group})"
    else:
        who = "recommendation"
    return [hit.session_id[:10], str(hit.session_date), title, hit.ref, who]


def run(args) -> int:
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.search import search, snippet

    if args.limit < 1:
        raise FacilitatorError("--limit must be 1 or more")
    query = " ".join(args.query)
    if args.reindex:
        from facilitator.core.search import rebuild_index

        with open_store(args, create=False) as store:
            n = rebuild_index(store)
        echo(f"Search index rebuilt: {n} text{'s' if n != 1 else ''}.", file=sys.stderr if query else sys.stdout)
        if not query:
            return 0
    elif not query.strip():
        raise FacilitatorError("nothing to search for: give words (QUERY)")
    with open_store(args, create=False, write=False) as store:
        session_id = store.resolve_session(args.session) if args.session else None
        hits = search(store, query, session_id=session_id, limit=args.limit)
    if args.json:
        print_json([h.to_dict() for h in hits])
        return 0
    if not hits:
        echo(f"No matches for {query!r}.")
        return 0
    for hit in hits:
        echo(*_line(hit), sep="  ")
        if hit.question_position is not None:
            q = hit.question_text or ""
            echo(f"    Q{hit.question_position}:", q if len(q) <= 90 else q[:89] + "…")
        text, _ = snippet(hit.text, hit.spans, width=100)
        echo("    >", text)
    echo(f"{len(hits)} match{'es' if len(hits) != 1 else ''}" + (" (limit reached)" if len(hits) >= args.limit else ""))
    return 0
