"""What the review shows, as plain data: clusters, recommendations, coverage, one scope's board.

Made by :mod:`.board` from the database; nothing here reads or writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ids import cluster_ref, recommendation_ref
from ..models import Contribution

NOISE_LABEL = "Noise"
UNKNOWN_GROUP = "no group"


def groups_of(contributions: list[Contribution]) -> list[str]:
    """The stakeholder groups of these contributions, sorted (``no group`` for none)."""
    return sorted({c.stakeholder_group or UNKNOWN_GROUP for c in contributions})


@dataclass
class ClusterView:
    id: str
    seq: int
    label: str
    question_id: str | None
    question_position: int | None
    origin: str
    method: str | None
    curated: bool
    parked: bool
    representative_id: str | None
    members: list[Contribution] = field(default_factory=list)
    lenses: list[str] = field(default_factory=list)
    manual_ids: set[str] = field(default_factory=set)  # members a person put here

    @property
    def ref(self) -> str:
        return cluster_ref(self.seq)

    @property
    def groups(self) -> list[str]:
        return groups_of(self.members)


@dataclass
class RecommendationView:
    id: str
    seq: int
    text: str
    status: str
    rank: int | None
    addressed_to: str | None
    cluster_id: str | None
    question_id: str | None
    support: list[Contribution] = field(default_factory=list)
    lenses: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return recommendation_ref(self.seq)

    @property
    def groups(self) -> list[str]:
        return groups_of(self.support)

    @property
    def single_group(self) -> bool:
        """Rests on one stakeholder group only (or on nobody)."""
        return len(self.groups) <= 1


@dataclass
class Coverage:
    total: int  # contributions in the scope
    unclustered: int  # in no cluster (noise counts as sorted)
    unsupported: int  # support no live recommendation (noise excluded)
    uncovered: int  # both: in no cluster and support no recommendation
    parked: int  # parked as noise
    single_group: list[tuple[str, str]]  # (R-ref, the one group) of live recommendations
    no_support: list[str]  # R-refs of live recommendations that no contribution supports

    def summary(self) -> str:
        return (
            f"{self.total} ideas · no cluster {self.unclustered} · no recommendation {self.unsupported}"
            f" · neither {self.uncovered} · noise {self.parked}"
        )

    def warnings(self) -> str:
        parts = []
        if self.single_group:
            parts.append("one group only: " + ", ".join(f"{r} ({g})" for r, g in self.single_group))
        if self.no_support:
            parts.append("no support: " + ", ".join(self.no_support))
        return " · ".join(parts)


@dataclass
class Board:
    """Everything the review screen shows for one scope."""

    clusters: list[ClusterView]  # live clusters, noise bins last
    unclustered: list[Contribution]
    recommendations: list[RecommendationView]  # by rank, then number
    coverage: Coverage
    elsewhere: int  # contributions of the scope in a cluster of another scope
    whole_session: bool = False  # the scope is the whole session (not one question)
    session_id: str = ""
    question_id: str | None = None  # the scope (None: the whole session)

    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def index(self) -> _Index:
        """Look-ups by id, made once (by the reader: a worker thread makes them, not the UI)."""
        if self._index is None:
            self._index = _Index(self)
        return self._index

    def cluster(self, cluster_id: str | None) -> ClusterView | None:
        return self.index().clusters.get(cluster_id)

    def recommendation(self, recommendation_id: str | None) -> RecommendationView | None:
        return self.index().recs.get(recommendation_id)

    def recommendations_of(self, cluster_id: str | None) -> list[RecommendationView]:
        return self.index().recs_of.get(cluster_id, [])

    def contribution(self, contribution_id: str | None) -> Contribution | None:
        """A contribution the board holds (in no cluster, a member, or a support)."""
        return self.index().contributions.get(contribution_id)

    def supported_by(self, contribution_id: str) -> list[RecommendationView]:
        return self.index().supported_by.get(contribution_id, [])

    def live_ids(self) -> set[str]:
        """The contributions shown in a cluster or in no cluster (what can be marked)."""
        return {c.id for c in self.unclustered} | {m.id for k in self.clusters for m in k.members}


class _Index:
    def __init__(self, board: Board) -> None:
        # keyed by str | None: a look-up by no id finds nothing
        self.clusters: dict[str | None, ClusterView] = {k.id: k for k in board.clusters}
        self.recs: dict[str | None, RecommendationView] = {r.id: r for r in board.recommendations}
        self.recs_of: dict[str | None, list[RecommendationView]] = {}
        for r in board.recommendations:
            self.recs_of.setdefault(r.cluster_id, []).append(r)
        self.supported_by: dict[str, list[RecommendationView]] = {}
        for r in board.recommendations:
            for c in r.support:
                self.supported_by.setdefault(c.id, []).append(r)
        self.contributions: dict[str | None, Contribution] = {c.id: c for r in board.recommendations for c in r.support}
        self.contributions.update((m.id, m) for k in board.clusters for m in k.members)
        self.contributions.update((c.id, c) for c in board.unclustered)


@dataclass(frozen=True)
class RevisionView:
    id: int
    text: str
    status: str | None
    rank: int | None
    addressed_to: str | None
    created_at: str
