"""What the review shows, as plain data: clusters, recommendations, coverage, one scope's board.

Made by :mod:`.board` from the database; nothing here reads or writes it.

The board is light on purpose: its contributions are held as the plain tuples SQLite gives
(:class:`Ideas`, seen one by one as an :class:`Idea` when asked for). Python's garbage collector
stops following a plain tuple of strings and numbers after its first collection (it does not do
so for a tuple subclass, or an object with attributes), so a board of 20,000 ideas adds a few
hundred objects to what every later collection looks at (the clusters, the recommendations,
their lists), not one or more per idea; no collection needs to be switched off around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

from ..ids import cluster_ref, contribution_ref, recommendation_ref

NOISE_LABEL = "Noise"
UNKNOWN_GROUP = "no group"


class Idea(NamedTuple):
    """One contribution as the review shows it (read by :func:`.queries.ideas`, in this order)."""

    id: str
    seq: int
    question_position: int | None
    text: str
    lang: str | None
    speaker: str | None  # the participant's name; None for the floor
    stakeholder_group: str | None
    proposed: int  # flagged by the rapporteur as a proposed recommendation (0 or 1)
    question_id: str | None

    @property
    def ref(self) -> str:
        return contribution_ref(self.question_position, self.seq)


Row = tuple[Any, ...]  # the values of an Idea, in its order, as a plain tuple (what a board holds)
ID, SEQ, PROPOSED = Idea._fields.index("id"), Idea._fields.index("seq"), Idea._fields.index("proposed")
GROUP = Idea._fields.index("stakeholder_group")


class Ideas(Sequence[Idea]):
    """Contributions held as plain tuples, seen as :class:`Idea` (made when asked for)."""

    __slots__ = ("rows",)

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        self.rows: list[Row] = list(rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> Idea: ...

    @overload
    def __getitem__(self, i: slice) -> list[Idea]: ...

    def __getitem__(self, i: int | slice) -> Idea | list[Idea]:
        if isinstance(i, slice):
            return [Idea._make(r) for r in self.rows[i]]
        return Idea._make(self.rows[i])

    def __iter__(self) -> Iterator[Idea]:
        return map(Idea._make, self.rows)

    def __repr__(self) -> str:
        return f"Ideas({len(self.rows)})"

    def ids(self) -> list[str]:
        return [r[ID] for r in self.rows]


def groups_of(contributions: Ideas) -> list[str]:
    """The stakeholder groups of these contributions, sorted (``no group`` for none)."""
    return sorted({r[GROUP] or UNKNOWN_GROUP for r in contributions.rows})


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
    members: Ideas = field(default_factory=Ideas)
    lenses: list[str] = field(default_factory=list)
    manual_ids: set[str] = field(default_factory=set)  # members a person put here
    parent_label: str | None = None  # its broad theme (two levels), None for a theme of its own
    size: int = 0  # its live members in the whole session (a whole-session theme in a question's view shows its members of that question)

    @property
    def whole_session_theme(self) -> bool:
        """A theme of the whole session (not made for one question)."""
        return self.question_id is None

    @property
    def shown_label(self) -> str:
        """``Broad theme › label`` for a sub-theme, the label otherwise."""
        return f"{self.parent_label} › {self.label}" if self.parent_label else self.label

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
    support: Ideas = field(default_factory=Ideas)
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
    unclustered: Ideas
    recommendations: list[RecommendationView]  # by rank, then number
    coverage: Coverage
    elsewhere: int  # contributions of the scope in a cluster of another scope
    whole_session: bool = False  # the scope is the whole session (not one question)
    session_id: str = ""
    question_id: str | None = None  # the scope (None: the whole session)

    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def empty(cls, session_id: str, question_id: str | None) -> Board:
        """What a screen holds until a scope's board is read."""
        return cls(clusters=[], unclustered=Ideas(), recommendations=[], coverage=Coverage(0, 0, 0, 0, 0, [], []),
                   elsewhere=0, whole_session=question_id is None, session_id=session_id, question_id=question_id)

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

    def contribution(self, contribution_id: str | None) -> Idea | None:
        """A contribution the board holds (in no cluster, a member, or a support)."""
        row = self.index().contributions.get(contribution_id)
        return None if row is None else Idea._make(row)

    def supported_by(self, contribution_id: str) -> list[RecommendationView]:
        return self.index().supported_by.get(contribution_id, [])

    def live_ids(self) -> set[str]:
        """The contributions shown in a cluster or in no cluster (what can be marked)."""
        return {r[ID] for r in self.unclustered.rows} | {r[ID] for k in self.clusters for r in k.members.rows}


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
            for row in r.support.rows:
                self.supported_by.setdefault(row[ID], []).append(r)
        self.contributions: dict[str | None, Row] = {row[ID]: row for r in board.recommendations for row in r.support.rows}
        self.contributions.update((row[ID], row) for k in board.clusters for row in k.members.rows)
        self.contributions.update((row[ID], row) for row in board.unclustered.rows)


@dataclass(frozen=True)
class RevisionView:
    id: int
    text: str
    status: str | None
    rank: int | None
    addressed_to: str | None
    created_at: str
    not_applied: str | None = None  # kept from a conflict: this text was never the recommendation's
