"""What the review tree holds, as entries: a line's node, what its label is made of (``sig``)
and how to make the label, and for a group what is in it. Nothing is drawn before it is
needed: a group's entries are :class:`Lazy`, and a label is made only for a new line or a
line whose ``sig`` changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from facilitator.core.review import ClusterView, Idea, RecommendationView

from . import nodes as n
from .labels import cluster_label, contribution_label, rec_label

if TYPE_CHECKING:
    from .tree import Shown


@dataclass
class Entry:
    node: n.Node
    sig: tuple[object, ...]  # what the label shows: the same sig, the same label
    make: Callable[[], Text]
    children: Lazy | None = None  # a group's (None: a leaf)
    open: bool = False  # a group open until a person closes it

    @property
    def label(self) -> Text:
        return self.make()


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


def _said(c: Idea) -> tuple[object, ...]:
    return c  # an Idea is a tuple of what its line shows


def rec_entry(r: RecommendationView, width: int) -> Entry:
    def support(c: Idea) -> Entry:
        return Entry(n.SupportNode(c.id, r.id), (_said(c), width),
                     lambda: contribution_label(c, group=True, width=width - 4))

    def nobody(_: object) -> Entry:
        return Entry(n.SupportNode(None, r.id), (), lambda: Text("no supporting contribution", "dim italic"))

    children = Lazy((r.support, support)) if r.support else Lazy(([None], nobody))
    one_group = bool(r.support) and r.single_group
    sig = (r.ref, r.status, r.rank, r.addressed_to, r.text, one_group, width)
    return Entry(n.RecommendationNode(r.id), sig, lambda: rec_label(r, width - 2), children)


def _contribution(shown: Shown, c: Idea, cluster: ClusterView | None) -> Entry:
    rep = cluster is not None and c.id == cluster.representative_id
    marked, width = c.id in shown.marks, _widths(shown.width)[0]
    return Entry(n.ContributionNode(c.id, cluster.id if cluster else None), (_said(c), marked, rep, width),
                 lambda: contribution_label(c, marked=marked, representative=rep, width=width))


def contribution_entry(shown: Shown, node: n.ContributionNode) -> Entry | None:
    """The line of a contribution in a cluster or in no cluster, as it is drawn now."""
    c = shown.board.contribution(node.contribution_id)
    cluster = shown.board.cluster(node.cluster_id) if node.cluster_id else None
    return None if c is None else _contribution(shown, c, cluster)


def _proposal_entry(shown: Shown, small: bool) -> Entry:
    proposal, board = shown.proposal, shown.board
    assert proposal is not None
    w2 = _widths(shown.width)[1]
    remaining = [i for i in range(len(proposal.clusters)) if i not in shown.accepted]

    def suggested(i: int) -> Entry:
        pc = proposal.clusters[i]

        def member(mid: str) -> Entry:
            c, rep = board.contribution(mid), mid == pc.representative_id
            make = (lambda: contribution_label(c, representative=rep, width=w2)) if c else (lambda: Text(mid, "dim"))
            return Entry(n.ProposedMemberNode(mid, i), (_said(c) if c else mid, rep, w2), make)

        sig = (pc.label, pc.parent, len(pc.member_ids), id(proposal))
        shown = f"{pc.parent} › {pc.label}" if pc.parent else pc.label  # a sub-theme after its broad theme
        return Entry(n.ProposedNode(i), sig, lambda: Text.assemble((f"{i + 1}. ", "bold"), (shown, "bold"),
                                                                   f" ({len(pc.member_ids)})"),
                     Lazy((pc.member_ids, member)), open=small)

    return Entry(n.ProposalNode(), (len(remaining), proposal.method, id(proposal)),
                 lambda: Text.assemble(("Suggested clusters", "bold reverse"), f" ({len(remaining)}, {proposal.method})"),
                 Lazy((remaining, suggested)), open=True)


def board_entries(shown: Shown, *, small: bool, big: int) -> Lazy:
    """The top level of the tree. ``small``: few contributions in view, every group open."""
    board = shown.board
    w1 = _widths(shown.width)[0]
    top: list[Entry] = [_proposal_entry(shown, small)] if shown.proposal is not None else []

    def cluster(k: ClusterView) -> Entry:
        recs = board.recommendations_of(k.id)
        members = Lazy((recs, lambda r: rec_entry(r, w1)), (k.members, lambda m: _contribution(shown, m, k)))
        sig = (k.ref, k.label, k.parent_label, len(k.members), k.size, k.question_position,
               tuple((r.ref, r.status) for r in recs), k.parked, k.origin, k.curated, board.whole_session, w1)
        return Entry(n.ClusterNode(k.id), sig,
                     lambda: cluster_label(k, recs, whole_session=board.whole_session, width=w1 + 4),
                     members, open=small and not k.parked)

    def section(kind: str) -> Entry:
        if kind == "unclustered":
            count = len(board.unclustered)
            return Entry(n.UnclusteredNode(), (count,), lambda: Text.assemble(("No cluster", "bold"), f" ({count})"),
                         Lazy((board.unclustered, lambda c: _contribution(shown, c, None))),
                         open=small or count < big)
        standalone = board.recommendations_of(None)
        return Entry(n.StandaloneNode(), (len(standalone),),
                     lambda: Text.assemble(("Standalone recommendations", "bold"), f" ({len(standalone)})"),
                     Lazy((standalone, lambda r: rec_entry(r, w1))), open=True)

    return Lazy((top, lambda e: e), (board.clusters, cluster), (("unclustered", "standalone"), section))
