"""Consolidated recommendations of a series report, as activities carry them out.

A series report (``facilitator merge`` of several meetings) puts recommendations of different
sessions that say the same thing in one **set**, and staff keep one text for it
(:class:`facilitator.core.summary.model.ConsolidatedSet`). The sets stay in the report (importing
it puts each member back in its own session), so an activity that carries out a consolidated
recommendation is made from the report: it keeps the set's id, the text kept and the members,
and is tied to one of the members that the database holds (the one whose text was kept, else the
first), through which its evidence is one key away.

Only a set staff decided on (*consolidated*) is a recommendation to carry out: a *proposed* set
is not decided yet, a *separate* one is not a set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import limits
from ..errors import Ambiguous, NotFound
from ..vocab import fold
from .store import FollowUp, FollowUpError


@dataclass
class SetChoice:
    id: str
    text: str
    members: list[str]  # recommendation ids, as the report lists them
    source: str | None  # the member whose text was kept, if one was


def consolidated_sets(path: str | Path) -> list[SetChoice]:
    """The consolidated sets of a series report (proposed and separate ones left out)."""
    from ..summary.parse import read_summary
    from ..summary.text import canonical

    doc = read_summary(path)
    texts = {r.id: canonical(r.text) for r in doc.recommendations()}
    out = []
    for cset in doc.sets:
        if cset.state != "consolidated":
            continue
        text = canonical(cset.text or "") or texts.get(cset.source or "", "")
        if text and len(cset.members) >= 2:
            out.append(SetChoice(cset.id, text, list(cset.members), cset.source))
    return out


def pick(sets: list[SetChoice], key: str, follow: FollowUp) -> SetChoice:
    """The set ``key`` names: its id (or a unique beginning of it), a member's reference
    (``R-004``, ``SESSION/R-004``, or its id), or words of its text (every word, any order)."""
    if not sets:
        raise NotFound("the report holds no consolidated recommendation (a set is consolidated once staff "
                       "keep one text for it: in the merge screen, or in the report)")
    wanted = key.strip()
    low = wanted.lower()
    by_id = [s for s in sets if s.id.startswith(low)] if low else []
    if len(by_id) == 1:
        return by_id[0]
    try:
        rid = follow.resolve_recommendation(wanted)
    except (NotFound, Ambiguous, FollowUpError):
        rid = None
    if rid is not None:
        found = [s for s in sets if rid in s.members]
        if len(found) == 1:
            return found[0]
    words = fold(wanted).split()
    found = [s for s in sets if words and all(w in fold(s.text) for w in words)]
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{s.id[:8]}: {' '.join(s.text.split())[:50]}" for s in sets[:8])
    if len(found) > 1:
        raise Ambiguous(f"{limits.shorten(wanted, 40)} names more than one consolidated recommendation ({listed}); give more words "
                        "or its id")
    raise NotFound(f"no consolidated recommendation matches {limits.shorten(wanted, 40)} (the report's: {listed})")


def primary_member(choice: SetChoice, follow: FollowUp) -> str:
    """The member the activity is tied to: the one whose text was kept, else the first that the
    database holds; refused when it holds none (import the series report first)."""
    for rid in ([choice.source] if choice.source else []) + choice.members:
        try:
            follow.recommendation(rid)
        except NotFound:
            continue
        return rid
    raise FollowUpError("none of that set's recommendations is in this database: import the series report first "
                        "(facilitator import REPORT.md puts each one back in its session)")


__all__ = ["SetChoice", "consolidated_sets", "pick", "primary_member"]
