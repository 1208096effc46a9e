"""What each line of the review tree is: one frozen dataclass per kind, kept as the node's data.

A node names what it shows by id (never the data itself), so that the same node means the
same thing after the board is read again: the tree keeps the cursor and what was opened by
these values. The functions at the end answer the questions the screen's actions ask
("which cluster is the cursor in?") for any node.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.core.review import Board


@dataclass(frozen=True)
class ProposalNode:
    """The section of suggested clusters (while a proposal is shown)."""


@dataclass(frozen=True)
class ProposedNode:
    index: int  # in the proposal's clusters


@dataclass(frozen=True)
class ProposedMemberNode:
    contribution_id: str
    index: int  # the suggested cluster it is in


@dataclass(frozen=True)
class ClusterNode:
    cluster_id: str


@dataclass(frozen=True)
class ContributionNode:
    """A contribution in a cluster, or in no cluster (``cluster_id`` None)."""

    contribution_id: str
    cluster_id: str | None


@dataclass(frozen=True)
class RecommendationNode:
    recommendation_id: str


@dataclass(frozen=True)
class SupportNode:
    """A contribution that supports a recommendation (None: the line saying there is none)."""

    contribution_id: str | None
    recommendation_id: str


@dataclass(frozen=True)
class UnclusteredNode:
    """The section of contributions in no cluster."""


@dataclass(frozen=True)
class StandaloneNode:
    """The section of recommendations of no cluster."""


@dataclass(frozen=True)
class MoreNode:
    """The last line of a long group: its next children are added when the cursor gets here."""

    group: Node | None  # None: the top level
    start: int  # how many children the group shows above this line


Node = (
    ProposalNode | ProposedNode | ProposedMemberNode | ClusterNode | ContributionNode | RecommendationNode
    | SupportNode | UnclusteredNode | StandaloneNode | MoreNode
)


def parents(node: Node, board: Board | None = None) -> list[Node]:
    """The groups to open (outermost first) for ``node`` to be in the tree (where a
    recommendation is, ``board`` says)."""
    match node:
        case RecommendationNode(recommendation_id=rid):
            rec = board.recommendation(rid) if board is not None else None
            if rec is None:
                return []
            return [ClusterNode(rec.cluster_id)] if rec.cluster_id else [StandaloneNode()]
        case ContributionNode(cluster_id=None):
            return [UnclusteredNode()]
        case ContributionNode(cluster_id=str() as kid):
            return [ClusterNode(kid)]
        case ProposedNode():
            return [ProposalNode()]
        case ProposedMemberNode(index=i):
            return [ProposalNode(), ProposedNode(i)]
        case SupportNode(recommendation_id=rid):
            return [*parents(RecommendationNode(rid), board), RecommendationNode(rid)]
    return []


def contribution_of(node: Node | None) -> str | None:
    """The contribution the node shows, if it shows one."""
    match node:
        case ContributionNode(contribution_id=cid) | SupportNode(contribution_id=cid) | ProposedMemberNode(contribution_id=cid):
            return cid
    return None


def recommendation_at(node: Node | None, board: Board) -> str | None:
    """The recommendation the node is (or is in), else its cluster's first one."""
    match node:
        case RecommendationNode(recommendation_id=rid) | SupportNode(recommendation_id=rid):
            return rid
    kid = cluster_at(node, board)
    recs = board.recommendations_of(kid) if kid else []
    return recs[0].id if recs else None


def cluster_at(node: Node | None, board: Board) -> str | None:
    """The cluster the node is (or is in, or whose recommendation it is)."""
    match node:
        case ClusterNode(cluster_id=kid) | ContributionNode(cluster_id=kid):
            return kid
        case RecommendationNode(recommendation_id=rid) | SupportNode(recommendation_id=rid):
            rec = board.recommendation(rid)
            return rec.cluster_id if rec else None
    return None


def proposed_at(node: Node | None) -> int | None:
    """The suggested cluster the node is (or is in)."""
    match node:
        case ProposedNode(index=i) | ProposedMemberNode(index=i):
            return i
    return None
