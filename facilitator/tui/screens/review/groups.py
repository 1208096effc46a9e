"""What the review tree holds, as entries: a line's label and node, and for a group what is
in it. A group's entries are :class:`Lazy`: nothing is made (no label, no node) before the
tree asks for that part of the group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from facilitator.core.review import RecommendationView

from . import nodes as n
from .labels import cluster_label, contribution_label, rec_label

if TYPE_CHECKING:
    from .tree import Shown


@dataclass
class Entry:
    label: Text
    node: n.Node
    children: Lazy | None = None  # a group's (None: a leaf)
    open: bool = False  # a group open until a person closes it


class Lazy:
    """A list of entries made on demand: parts of (items, make one entry of an item)."""

    def __init__(self, *parts: tuple[Sequence[Any], Callable[[Any], Entry]]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(items) for items, _ in self.parts)

    def slice(self, start: int, end: int) -> list[Entry]:
        out: list[Entry] = []
        for items, make in self.parts:
            if start < len(items) and end > 0:
                out.extend(make(i) for i in items[max(0, start):max(0, end)])
            start, end = start - len(items), end - len(items)
        return out


def _widths(width: int) -> tuple[int, int]:
    """Room for the labels of a top-level node's children, and for their children."""
    full = width - 2  # the scrollbar
    return full - 4, full - 8


def rec_entry(r: RecommendationView, width: int) -> Entry:
    def support(c) -> Entry:
        return Entry(contribution_label(c, group=True, width=width - 4), n.SupportNode(c.id, r.id))

    def nobody(_) -> Entry:
        return Entry(Text("no supporting contribution", "dim italic"), n.SupportNode(None, r.id))

    children = Lazy((r.support, support)) if r.support else Lazy(([None], nobody))
    return Entry(rec_label(r, width - 2), n.RecommendationNode(r.id), children)


def _contribution(shown: Shown, c, cluster) -> Entry:
    rep = cluster is not None and c.id == cluster.representative_id
    label = contribution_label(c, marked=c.id in shown.marks, representative=rep, width=_widths(shown.width)[0])
    return Entry(label, n.ContributionNode(c.id, cluster.id if cluster else None))


def contribution_entry(shown: Shown, node: n.ContributionNode) -> Entry | None:
    """The line of a contribution in a cluster or in no cluster, as it is drawn now."""
    cluster = shown.board.cluster(node.cluster_id) if node.cluster_id else None
    pool = cluster.members if cluster else shown.board.unclustered
    c = next((c for c in pool if c.id == node.contribution_id), None)
    return None if c is None else _contribution(shown, c, cluster)


def _proposal_entry(shown: Shown, small: bool) -> Entry:
    proposal, board = shown.proposal, shown.board
    w2 = _widths(shown.width)[1]
    remaining = [i for i in range(len(proposal.clusters)) if i not in shown.accepted]
    names = {m.id: m for c in board.clusters for m in c.members} | {c.id: c for c in board.unclustered}

    def suggested(i: int) -> Entry:
        pc = proposal.clusters[i]

        def member(mid: str) -> Entry:
            c = names.get(mid)
            label = contribution_label(c, representative=mid == pc.representative_id, width=w2) if c else Text(mid, "dim")
            return Entry(label, n.ProposedMemberNode(mid, i))

        label = Text.assemble((f"{i + 1}. ", "bold"), (pc.label, "bold"), f" ({len(pc.member_ids)})")
        return Entry(label, n.ProposedNode(i), Lazy((pc.member_ids, member)), open=small)

    label = Text.assemble(("Suggested clusters", "bold reverse"), f" ({len(remaining)}, {proposal.method})")
    return Entry(label, n.ProposalNode(), Lazy((remaining, suggested)), open=True)


def board_entries(shown: Shown, *, small: bool, big: int) -> Lazy:
    """The top level of the tree. ``small``: few contributions in view, every group open."""
    board = shown.board
    w1 = _widths(shown.width)[0]
    top: list[Entry] = [_proposal_entry(shown, small)] if shown.proposal is not None else []

    def cluster(k) -> Entry:
        recs = board.recommendations_of(k.id)
        members = Lazy((recs, lambda r: rec_entry(r, w1)),
                       (k.members, lambda m: _contribution(shown, m, k)))
        label = cluster_label(k, recs, whole_session=board.whole_session, width=w1 + 4)
        return Entry(label, n.ClusterNode(k.id), members, open=small and not k.parked)

    def sections(kind: str) -> Entry:
        if kind == "unclustered":
            items = Lazy((board.unclustered, lambda c: _contribution(shown, c, None)))
            label = Text.assemble(("No cluster", "bold"), f" ({len(board.unclustered)})")
            return Entry(label, n.UnclusteredNode(), items, open=small or len(board.unclustered) < big)
        standalone = board.recommendations_of(None)
        label = Text.assemble(("Standalone recommendations", "bold"), f" ({len(standalone)})")
        return Entry(label, n.StandaloneNode(), Lazy((standalone, lambda r: rec_entry(r, w1))), open=True)

    return Lazy((top, lambda e: e), (board.clusters, cluster), (("unclustered", "standalone"), sections))
