"""The facilitator's review: clusters of contributions and draft recommendations, without UI.

A :class:`Review` works on one *scope*: one guiding question, or the whole session
(``question_id=None``). It is used by the review screen, the ``cluster`` command and the tests.

Rules it keeps:

- **The facilitator's curation always wins.** A cluster a person touched (renamed, merged,
  split, moved a contribution in or out, parked) is ``curated``; a cluster made by hand is
  ``origin='manual'``; a contribution a person put somewhere has a ``manual`` membership.
  Applying suggestions replaces only suggested, uncurated, unparked clusters of the scope and
  never moves a contribution that is in any other cluster or has a manual membership: such
  contributions are left out of the proposal (``Proposal.skipped``).
- **Nothing is lost.** Every earlier state of a recommendation (text, status, rank, addressed
  to) is kept in the ``revision`` table and can be brought back. Clusters and recommendations
  are soft-deleted. Every curation step can be undone (and redone): before a step changes a
  row, the row as it was is kept in memory, and :meth:`Review.undo` puts those rows back exactly.
- Every write goes through ``store.write()``, one transaction per step.

Suggesting (:func:`propose`) imports the clustering engine when it is called, never before; it
only reads (and fills the embedding cache), so it can run in a worker thread with its own store.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import FacilitatorError, NotFound
from .ids import cluster_ref, new_id, recommendation_ref
from .models import STATUSES, Contribution, RecommendationIn
from .store import Store, now_iso

NOISE_LABEL = "Noise"
# Offered when a recommendation's "addressed to" is typed (free text is accepted too).
ADDRESSEES = (
    "Parliaments",
    "Governments",
    "The international community",
    "UN agencies",
    "Regional organizations",
    "Civil society",
    "Security sector",
    "Donors",
)
NEXT_STATUS = {"draft": "reviewed", "reviewed": "agreed", "agreed": "dropped", "dropped": "draft"}
UNKNOWN_GROUP = "no group"


# --- read side ---------------------------------------------------------------------------------


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
    manual_ids: set[str] = field(default_factory=set)  # members a person put here

    @property
    def ref(self) -> str:
        return cluster_ref(self.seq)

    @property
    def groups(self) -> list[str]:
        return sorted({c.stakeholder_group or UNKNOWN_GROUP for c in self.members})


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

    @property
    def ref(self) -> str:
        return recommendation_ref(self.seq)

    @property
    def groups(self) -> list[str]:
        return sorted({c.stakeholder_group or UNKNOWN_GROUP for c in self.support})

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

    def cluster(self, cluster_id: str) -> ClusterView | None:
        return next((c for c in self.clusters if c.id == cluster_id), None)

    def recommendations_of(self, cluster_id: str | None) -> list[RecommendationView]:
        return [r for r in self.recommendations if r.cluster_id == cluster_id]


@dataclass(frozen=True)
class ProposedCluster:
    label: str
    representative_id: str
    member_ids: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    """Suggested clusters for a scope, not yet stored."""

    session_id: str
    question_id: str | None
    method: str
    clusters: tuple[ProposedCluster, ...]
    unclustered: tuple[str, ...]  # eligible but fitting no cluster
    skipped: tuple[str, ...]  # left out: curated or placed by a person
    # the suggested clusters it replaces when accepted as a whole (None: those there are then)
    replaces: tuple[str, ...] | None = None
    k_best: tuple[int, ...] = ()  # when k was chosen: the two best numbers of clusters, best first
    k_uncertain: bool = False  # when k was chosen: the evidence for it was weak

    @property
    def k_note(self) -> str:
        """What to tell the facilitator about the number of clusters ("" when nothing)."""
        if not self.k_uncertain or not self.k_best:
            return ""
        alts = " or ".join(str(k) for k in self.k_best)
        return f"the number of clusters is uncertain: {alts} fit about as well (G asks for a number)"


@dataclass(frozen=True)
class RevisionView:
    id: int
    text: str
    status: str | None
    rank: int | None
    addressed_to: str | None
    created_at: str


# --- undo: rows as they were before a step -------------------------------------------------------

_CLUSTER_COLS = (
    "id", "session_id", "question_id", "seq", "label", "representative_id", "origin", "method",
    "curated", "parked", "position", "created_at", "updated_at", "deleted_at",
)
_MEMBER_COLS = ("contribution_id", "cluster_id", "origin", "added_at")
_REC_COLS = (
    "id", "session_id", "question_id", "cluster_id", "seq", "text", "status", "rank", "addressed_to",
    "created_at", "updated_at", "deleted_at", "source",
)


def _row(conn: sqlite3.Connection, table: str, cols: Sequence[str], key: str, value: str) -> dict | None:
    r = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {key} = ?", (value,)).fetchone()
    return dict(zip(cols, r)) if r else None


@dataclass
class _Snapshot:
    clusters: dict[str, dict | None] = field(default_factory=dict)
    members: dict[str, dict | None] = field(default_factory=dict)  # by contribution id
    recs: dict[str, dict | None] = field(default_factory=dict)
    supports: dict[str, list[str]] = field(default_factory=dict)  # rec id -> contribution ids
    kept: dict[str, str | None] = field(default_factory=dict)  # contribution id -> kept out since

    def __bool__(self) -> bool:
        return bool(self.clusters or self.members or self.recs)


class _Tracker:
    """Records each row the first time a step is about to change it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.snap = _Snapshot()

    def cluster(self, *ids: str) -> None:
        for i in ids:
            if i not in self.snap.clusters:
                self.snap.clusters[i] = _row(self.conn, "cluster", _CLUSTER_COLS, "id", i)

    def member(self, *contribution_ids: str) -> None:
        for i in contribution_ids:
            if i not in self.snap.members:
                self.snap.members[i] = _row(self.conn, "cluster_member", _MEMBER_COLS, "contribution_id", i)
                row = self.conn.execute("SELECT kept_at FROM kept_unclustered WHERE contribution_id = ?", (i,)).fetchone()
                self.snap.kept[i] = row[0] if row else None

    def rec(self, *ids: str) -> None:
        for i in ids:
            if i not in self.snap.recs:
                self.snap.recs[i] = _row(self.conn, "recommendation", _REC_COLS, "id", i)
                self.snap.supports[i] = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT contribution_id FROM recommendation_support WHERE recommendation_id = ? ORDER BY 1", (i,)
                    )
                ]

    def same_keys(self, other: _Snapshot) -> None:
        self.cluster(*other.clusters)
        self.member(*other.members)
        self.rec(*other.recs)


def _upsert(conn: sqlite3.Connection, table: str, cols: Sequence[str], key: str, row: dict) -> None:
    # ON CONFLICT DO UPDATE (never REPLACE, which would delete the row and cascade to its children)
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c != key)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {sets}",
        [row[c] for c in cols],
    )


_REC_STATE = ("text", "status", "rank", "addressed_to")


def _restore(conn: sqlite3.Connection, snap: _Snapshot, add_revision) -> None:
    for row in snap.clusters.values():
        if row is not None:
            _upsert(conn, "cluster", _CLUSTER_COLS, "id", row)
    for rid, row in snap.recs.items():
        current = _row(conn, "recommendation", _REC_COLS, "id", rid)
        if current is not None and current["deleted_at"] is None and (
            row is None or row["deleted_at"] is not None or any(current[k] != row[k] for k in _REC_STATE)
        ):
            add_revision(conn, current)  # what is undone is kept as a revision too
        if row is not None:
            _upsert(conn, "recommendation", _REC_COLS, "id", row)
        elif current is not None and current["deleted_at"] is None:
            # Undoing the creation of a recommendation hides it; its text stays in the file.
            conn.execute("UPDATE recommendation SET deleted_at = ? WHERE id = ?", (now_iso(), rid))
    for cid, row in snap.members.items():
        conn.execute("DELETE FROM cluster_member WHERE contribution_id = ?", (cid,))
        if row is not None:
            conn.execute(
                "INSERT INTO cluster_member (contribution_id, cluster_id, origin, added_at) VALUES (?, ?, ?, ?)",
                [row[c] for c in _MEMBER_COLS],
            )
    for cid, kept_at in snap.kept.items():
        conn.execute("DELETE FROM kept_unclustered WHERE contribution_id = ?", (cid,))
        if kept_at is not None:
            conn.execute("INSERT INTO kept_unclustered (contribution_id, kept_at) VALUES (?, ?)", (cid, kept_at))
    for rid, cids in snap.supports.items():
        conn.execute("DELETE FROM recommendation_support WHERE recommendation_id = ?", (rid,))
        conn.executemany(
            "INSERT INTO recommendation_support (recommendation_id, contribution_id) VALUES (?, ?)",
            [(rid, c) for c in cids],
        )
    for cid, row in snap.clusters.items():
        if row is None:
            conn.execute("DELETE FROM cluster WHERE id = ?", (cid,))


# --- suggestions ---------------------------------------------------------------------------------


def _scope_contributions_sql(question_id: str | None) -> tuple[str, list[Any]]:
    if question_id is None:
        return "", []
    return " AND c.question_id = ?", [question_id]


def _replaceable_sql(question_id: str | None) -> tuple[str, list[Any]]:
    sql = (
        "SELECT id FROM cluster WHERE session_id = ? AND deleted_at IS NULL AND origin = 'suggested'"
        " AND curated = 0 AND parked = 0"
    )
    if question_id is not None:
        return sql + " AND question_id = ?", [question_id]
    return sql, []


def _replaceable(conn: sqlite3.Connection, session_id: str, question_id: str | None) -> list[str]:
    sql, params = _replaceable_sql(question_id)
    return [r[0] for r in conn.execute(sql + " ORDER BY seq", [session_id, *params])]


def _eligible(conn: sqlite3.Connection, session_id: str, question_id: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """((id, text) the algorithm may place, ids it must leave alone) for a scope, in seq order."""
    replaceable = set(_replaceable(conn, session_id, question_id))
    where, params = _scope_contributions_sql(question_id)
    rows = conn.execute(
        "SELECT c.id, c.text, m.cluster_id, m.origin, k.contribution_id IS NOT NULL FROM contribution c"
        " LEFT JOIN cluster_member m ON m.contribution_id = c.id"
        " LEFT JOIN kept_unclustered k ON k.contribution_id = c.id"
        f" WHERE c.session_id = ? AND c.deleted_at IS NULL{where} ORDER BY c.seq",
        [session_id, *params],
    ).fetchall()
    items, locked = [], []
    for cid, text, cluster_id, origin, kept_out in rows:
        if kept_out:  # a person took it out of every cluster
            locked.append(cid)
        elif cluster_id is None or (cluster_id in replaceable and origin == "suggested"):
            items.append((cid, text))
        else:
            locked.append(cid)
    return items, locked


def propose(
    store: Store,
    session_id: str,
    question_id: str | None = None,
    *,
    k: int | None = None,
    method: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Proposal:
    """Suggested clusters for the contributions of the scope that a person has not placed.
    ``progress(done, total)``: vectors computed so far, when some were missing.

    Imports the clustering engine now. With the embedding method, missing vectors are computed
    and kept in the store's cache first (slow the first time: run it in a worker thread with its
    own store)."""
    from . import clustering

    method = method or clustering.default_method()
    if method not in clustering.available_methods():
        known = ", ".join(clustering.available_methods())
        raise FacilitatorError(f"clustering method {method!r} is not available here (installed: {known})")
    items, locked = _eligible(store.conn, session_id, question_id)
    vectors = None
    if items and method in clustering.EMBEDDING_METHODS and store.writable:  # read-only: vectors in memory
        from .clustering import cache

        cache.compute_missing_vectors(store, session_id, method, progress=progress)
        vectors = cache.stored_vectors(store, [i for i, _ in items], method)
    lang = store.session(session_id).language
    suggestion = clustering.suggest(items, k=k, method=method, vectors=vectors, lang=lang)
    return Proposal(
        session_id=session_id,
        question_id=question_id,
        method=suggestion.method,
        clusters=tuple(
            ProposedCluster(label=c.label, representative_id=c.representative_id, member_ids=tuple(c.member_ids))
            for c in suggestion.clusters
        ),
        unclustered=tuple(suggestion.unclustered),
        skipped=tuple(locked),
        replaces=tuple(_replaceable(store.conn, session_id, question_id)),
        k_best=suggestion.k_best,
        k_uncertain=suggestion.k_uncertain,
    )


def starting_draft(store: Store, cluster_id: str) -> str:
    """A starting draft for a cluster's recommendation: its most central contribution (the
    representative, else the first member) in the session's language when the cluster has a
    contribution in it, cleaned of speaker asides. "" for a cluster without members. Nothing
    is stored: the editor saves it only when the facilitator does."""
    from .clustering.labels import clean_asides

    conn = store.conn
    row = conn.execute("SELECT session_id, representative_id FROM cluster WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        return ""
    session_id, rep = row[0], row[1]
    members = conn.execute(
        "SELECT c.id, c.text, c.lang FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
        " WHERE m.cluster_id = ? AND c.deleted_at IS NULL ORDER BY c.seq",
        (cluster_id,),
    ).fetchall()
    if not members:
        return ""
    lang = store.session(session_id).language
    # the representative first, then in the order they were said
    ordered = sorted(members, key=lambda m: m[0] != rep)
    pick = next((m for m in ordered if m[2] == lang), ordered[0])
    return clean_asides(pick[1])


# --- the review --------------------------------------------------------------------------------


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise FacilitatorError("a cluster needs a name")
    if len(label) > 200:
        raise FacilitatorError("a cluster name is at most 200 characters")
    return label


def _recommendation_in(**fields: Any) -> RecommendationIn:
    from pydantic import ValidationError

    try:
        return RecommendationIn(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = str(err["loc"][0]) if err.get("loc") else "recommendation"
        if where == "text":
            raise FacilitatorError("a recommendation needs some text") from None
        if where == "rank":
            raise FacilitatorError("the rank is a whole number, 1 or more") from None
        raise FacilitatorError(f"{where}: {err['msg']}") from None


class History:
    """The undo and redo stacks of curation steps; one per screen, shared by its scopes so that
    ``ctrl+z`` always takes back the last step, whichever question it was made on.

    Each entry is ``(label, rows to put back, rows expected now)``: a step is undone only if
    the rows it changed are still as it left them (nobody changed them since, in another window
    or with the command line); otherwise it is dropped with a message and nothing is undone."""

    MAX = 200

    def __init__(self) -> None:
        self.undo: list[tuple[str, _Snapshot, _Snapshot]] = []
        self.redo: list[tuple[str, _Snapshot, _Snapshot]] = []

    def push(self, label: str, before: _Snapshot, after: _Snapshot) -> None:
        self.undo.append((label, before, after))
        del self.undo[: -self.MAX]
        self.redo.clear()


def _capture(conn: sqlite3.Connection, keys: _Snapshot) -> _Snapshot:
    """The rows now, for the same keys as ``keys``."""
    tracker = _Tracker(conn)
    tracker.same_keys(keys)
    return tracker.snap


def _visible(rows: dict[str, dict | None]) -> dict[str, dict | None]:
    # a soft-deleted row is out of sight whatever it holds (a cascade may have touched it)
    return {k: (None if r is None or r["deleted_at"] is not None else r) for k, r in rows.items()}


def _same(a: _Snapshot, b: _Snapshot) -> bool:
    """The same rows, as far as anyone can see."""
    return (
        _visible(a.clusters) == _visible(b.clusters)
        and a.members == b.members
        and _visible(a.recs) == _visible(b.recs)
        and a.supports == b.supports
        and a.kept == b.kept
    )


class Review:
    """Curation of one scope of a session, with undo and redo of every step.

    The undo history lives as long as the :class:`History` (the screen keeps one)."""

    def __init__(self, store: Store, session_id: str, question_id: str | None = None, *, history: History | None = None) -> None:
        self.store = store
        self.session_id = session_id
        self.question_id = question_id
        self.history = history or History()

    # --- reading -----------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    def _in_scope_cluster_sql(self) -> tuple[str, list[Any]]:
        if self.question_id is None:
            return "", []
        return " AND k.question_id = ?", [self.question_id]

    def contributions(self) -> list[Contribution]:
        q = ... if self.question_id is None else self.question_id
        return self.store.contributions(self.session_id, question_id=q)

    def board(self) -> Board:
        contributions = self.contributions()
        by_id = {c.id: c for c in contributions}
        where, params = self._in_scope_cluster_sql()
        rows = self.store.query(
            "SELECT k.*, q.position AS question_position FROM cluster k LEFT JOIN question q ON q.id = k.question_id"
            f" WHERE k.session_id = ? AND k.deleted_at IS NULL{where}"
            " ORDER BY k.parked, COALESCE(k.position, k.seq), k.seq",
            [self.session_id, *params],
        )
        clusters = [
            ClusterView(
                id=r["id"], seq=r["seq"], label=r["label"], question_id=r["question_id"],
                question_position=r["question_position"], origin=r["origin"], method=r["method"],
                curated=bool(r["curated"]), parked=bool(r["parked"]), representative_id=r["representative_id"],
            )
            for r in rows
        ]
        cmap = {c.id: c for c in clusters}
        member_rows = self.conn.execute(
            "SELECT m.contribution_id, m.cluster_id, m.origin FROM cluster_member m JOIN cluster k ON k.id = m.cluster_id"
            f" WHERE k.session_id = ? AND k.deleted_at IS NULL{where}",
            [self.session_id, *params],
        ).fetchall()
        outside = self._fetch([cid for cid, _, _ in member_rows if cid not in by_id])
        placed: set[str] = set()
        parked: set[str] = set()
        for cid, kid, origin in member_rows:
            c = by_id.get(cid) or outside.get(cid)
            if c is None or c.deleted_at is not None:
                continue
            cluster = cmap[kid]
            cluster.members.append(c)
            if origin == "manual":
                cluster.manual_ids.add(cid)
            placed.add(cid)
            if cluster.parked:
                parked.add(cid)
        for cluster in clusters:
            rep = cluster.representative_id
            cluster.members.sort(key=lambda c: (c.id != rep, not c.proposed, c.seq))  # flagged in capture: first
        in_any = {
            r[0]
            for r in self.conn.execute(
                "SELECT m.contribution_id FROM cluster_member m JOIN cluster k ON k.id = m.cluster_id"
                " WHERE k.session_id = ? AND k.deleted_at IS NULL",
                (self.session_id,),
            )
        }
        elsewhere = sum(1 for c in contributions if c.id in in_any and c.id not in placed)
        # contributions the rapporteur flagged as proposed recommendations (capture, ctrl+b) first
        unclustered = sorted((c for c in contributions if c.id not in in_any), key=lambda c: not c.proposed)
        recs = self._recommendations(cmap)
        live = [r for r in recs if r.status != "dropped"]
        supported = {c.id for r in live for c in r.support}
        unsupported = [c for c in contributions if c.id not in supported and c.id not in parked]
        coverage = Coverage(
            total=len(contributions),
            unclustered=len(unclustered),
            unsupported=len(unsupported),
            uncovered=sum(1 for c in unclustered if c.id not in supported),
            parked=len(parked),
            single_group=[(r.ref, r.groups[0]) for r in live if r.support and r.single_group],
            no_support=[r.ref for r in live if not r.support],
        )
        return Board(
            clusters=clusters, unclustered=unclustered, recommendations=recs, coverage=coverage,
            elsewhere=elsewhere, whole_session=self.question_id is None,
        )

    def _fetch(self, ids: Iterable[str]) -> dict[str, Contribution]:
        out = {}
        for cid in ids:
            with contextlib.suppress(NotFound):
                out[cid] = self.store.contribution(cid)
        return out

    def _recommendations(self, cmap: dict[str, ClusterView]) -> list[RecommendationView]:
        if self.question_id is None:
            where, params = "", []
        else:
            where = " AND (r.question_id = ? OR r.cluster_id IN (SELECT id FROM cluster WHERE question_id = ?))"
            params = [self.question_id, self.question_id]
        rows = self.store.query(
            f"SELECT r.* FROM recommendation r WHERE r.session_id = ? AND r.deleted_at IS NULL{where}"
            " ORDER BY r.rank IS NULL, r.rank, r.seq",
            [self.session_id, *params],
        )
        recs = [
            RecommendationView(
                id=r["id"], seq=r["seq"], text=r["text"], status=r["status"], rank=r["rank"],
                addressed_to=r["addressed_to"], cluster_id=r["cluster_id"] if r["cluster_id"] in cmap else None,
                question_id=r["question_id"],
            )
            for r in rows
        ]
        for rec in recs:
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT s.contribution_id FROM recommendation_support s JOIN contribution c ON c.id = s.contribution_id"
                    " WHERE s.recommendation_id = ? AND c.deleted_at IS NULL ORDER BY c.seq",
                    (rec.id,),
                )
            ]
            rec.support = list(self._fetch(ids).values())
        return recs

    def recommendation(self, recommendation_id: str) -> RecommendationView:
        rows = self.store.query("SELECT * FROM recommendation WHERE id = ?", (recommendation_id,))
        if not rows:
            raise NotFound(f"no recommendation with id {recommendation_id}")
        r = rows[0]
        rec = RecommendationView(
            id=r["id"], seq=r["seq"], text=r["text"], status=r["status"], rank=r["rank"],
            addressed_to=r["addressed_to"], cluster_id=r["cluster_id"], question_id=r["question_id"],
        )
        ids = [
            x[0]
            for x in self.conn.execute(
                "SELECT contribution_id FROM recommendation_support WHERE recommendation_id = ?", (rec.id,)
            )
        ]
        rec.support = sorted(
            (c for c in self._fetch(ids).values() if c.deleted_at is None), key=lambda c: c.seq
        )
        return rec

    def revisions(self, recommendation_id: str) -> list[RevisionView]:
        """Earlier states of a recommendation, newest first."""
        out = []
        for r in self.store.query(
            "SELECT id, text, meta, created_at FROM revision WHERE entity = 'recommendation' AND entity_id = ?"
            " ORDER BY id DESC",
            (recommendation_id,),
        ):
            meta = json.loads(r["meta"] or "{}")
            out.append(
                RevisionView(
                    id=r["id"], text=r["text"], status=meta.get("status"), rank=meta.get("rank"),
                    addressed_to=meta.get("addressed_to"), created_at=r["created_at"],
                )
            )
        return out

    # --- undo and redo -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _step(self, label: str) -> Iterator[_Tracker]:
        with self.store.write() as conn:
            tracker = _Tracker(conn)
            yield tracker
            after = _capture(conn, tracker.snap) if tracker.snap else None
        if after is not None:
            self.history.push(label, tracker.snap, after)

    @property
    def undo_label(self) -> str | None:
        return self.history.undo[-1][0] if self.history.undo else None

    @property
    def redo_label(self) -> str | None:
        return self.history.redo[-1][0] if self.history.redo else None

    def _swap(self, source: list, target: list, verb: str) -> str | None:
        if not source:
            return None
        label, restore_to, expected = source[-1]
        conflict = False
        with self.store.write() as conn:
            current = _capture(conn, restore_to)
            if _same(current, expected):
                _restore(conn, restore_to, self._revision_of_row)
                after = _capture(conn, restore_to)
            else:
                conflict = True
        source.pop()
        if conflict:
            raise FacilitatorError(
                f"cannot {verb} “{label}”: what it changed has been changed since (in another window or "
                "with the command line); nothing was changed"
            )
        target.append((label, current, after))
        return label

    def undo(self) -> str | None:
        """Put back the rows the last step changed; returns what was undone (None: nothing)."""
        return self._swap(self.history.undo, self.history.redo, "undo")

    def redo(self) -> str | None:
        return self._swap(self.history.redo, self.history.undo, "redo")

    # --- helpers -----------------------------------------------------------------------------

    def _cluster_row(self, conn: sqlite3.Connection, cluster_id: str) -> dict:
        row = _row(conn, "cluster", _CLUSTER_COLS, "id", cluster_id)
        if row is None or row["deleted_at"] is not None or row["session_id"] != self.session_id:
            raise NotFound(f"no cluster with id {cluster_id}")
        return row

    def _new_cluster(
        self, t: _Tracker, label: str, *, origin: str = "manual", method: str | None = None,
        curated: bool = True, parked: bool = False, representative_id: str | None = None,
        question_id: str | None | type(...) = ...,
    ) -> str:
        conn = t.conn
        kid = new_id()
        t.cluster(kid)
        now = now_iso()
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM cluster WHERE session_id = ?", (self.session_id,)).fetchone()[0]
        pos = conn.execute(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM cluster WHERE session_id = ? AND deleted_at IS NULL",
            (self.session_id,),
        ).fetchone()[0]
        conn.execute(
            """INSERT INTO cluster (id, session_id, question_id, seq, label, representative_id, origin, method,
               curated, parked, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                kid, self.session_id, self.question_id if question_id is ... else question_id, seq, label,
                representative_id, origin, method, int(curated), int(parked), pos, now, now,
            ),
        )
        return kid

    def _touch(self, t: _Tracker, *cluster_ids: str, **fields: Any) -> None:
        """Mark clusters as curated by a person (and set other fields)."""
        fields = {"curated": 1, **fields}
        for kid in dict.fromkeys(k for k in cluster_ids if k):
            t.cluster(kid)
            sets = ", ".join(f"{k} = ?" for k in fields)
            t.conn.execute(f"UPDATE cluster SET {sets}, updated_at = ? WHERE id = ?", [*fields.values(), now_iso(), kid])

    def _place(
        self, t: _Tracker, contribution_ids: Iterable[str], cluster_id: str | None, origin: str = "manual",
        *, keep_out: bool = False,
    ) -> list[str]:
        """Put contributions in a cluster (None: in no cluster); returns the clusters they left.
        ``keep_out``: a person took them out of every cluster, and suggestions leave them there
        (placing them in a cluster again lifts that)."""
        left = []
        now = now_iso()
        for cid in contribution_ids:
            t.member(cid)
            if keep_out and cluster_id is None:
                t.conn.execute(
                    "INSERT INTO kept_unclustered (contribution_id, kept_at) VALUES (?, ?)"
                    " ON CONFLICT (contribution_id) DO NOTHING",
                    (cid, now),
                )
            elif cluster_id is not None:
                t.conn.execute("DELETE FROM kept_unclustered WHERE contribution_id = ?", (cid,))
            row = t.conn.execute("SELECT cluster_id FROM cluster_member WHERE contribution_id = ?", (cid,)).fetchone()
            if row and row[0] == cluster_id:
                if origin == "manual":
                    t.conn.execute("UPDATE cluster_member SET origin = 'manual' WHERE contribution_id = ?", (cid,))
                continue
            if row:
                left.append(row[0])
                t.conn.execute("DELETE FROM cluster_member WHERE contribution_id = ?", (cid,))
            if cluster_id is not None:
                t.conn.execute(
                    "INSERT INTO cluster_member (contribution_id, cluster_id, origin, added_at) VALUES (?, ?, ?, ?)",
                    (cid, cluster_id, origin, now),
                )
        self._fix_representatives(t, set(left) | ({cluster_id} if cluster_id else set()))
        return list(dict.fromkeys(left))

    def _fix_representatives(self, t: _Tracker, cluster_ids: Iterable[str]) -> None:
        for kid in cluster_ids:
            row = t.conn.execute("SELECT representative_id FROM cluster WHERE id = ?", (kid,)).fetchone()
            if row is None:
                continue
            members = [
                r[0]
                for r in t.conn.execute(
                    "SELECT m.contribution_id FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
                    " WHERE m.cluster_id = ? ORDER BY c.seq",
                    (kid,),
                )
            ]
            if row[0] not in members:
                rep = members[0] if members else None
                if rep != row[0]:
                    t.cluster(kid)
                    t.conn.execute("UPDATE cluster SET representative_id = ? WHERE id = ?", (rep, kid))

    def _check_contributions(self, conn: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
        ids = list(dict.fromkeys(ids))
        for cid in ids:
            r = conn.execute("SELECT session_id FROM contribution WHERE id = ? AND deleted_at IS NULL", (cid,)).fetchone()
            if r is None or r[0] != self.session_id:
                raise NotFound(f"no contribution with id {cid} in this session")
        return ids

    # --- suggestions -------------------------------------------------------------------------

    def propose(self, *, k: int | None = None, method: str | None = None) -> Proposal:
        return propose(self.store, self.session_id, self.question_id, k=k, method=method)

    def starting_draft(self, cluster_id: str) -> str:
        return starting_draft(self.store, cluster_id)

    def _eligible_ids(self, conn: sqlite3.Connection) -> set[str]:
        items, _ = _eligible(conn, self.session_id, self.question_id)
        return {i for i, _ in items}

    def _accept(self, t: _Tracker, proposal: Proposal, cluster: ProposedCluster, ok: set[str] | None = None) -> str | None:
        """Store one suggested cluster with those of its members that nobody placed by now
        (``ok``: the ids that may still be placed, when already known)."""
        ok = self._eligible_ids(t.conn) if ok is None else ok
        members = [m for m in cluster.member_ids if m in ok]
        if not members:
            return None
        rep = cluster.representative_id if cluster.representative_id in members else members[0]
        kid = self._new_cluster(
            t, _clean_label(cluster.label) if cluster.label.strip() else "(no label)",
            origin="suggested", method=proposal.method, curated=False, representative_id=rep,
        )
        left = self._place(t, members, kid, origin="suggested")
        self._drop_empty_suggestions(t, left)
        return kid

    def _drop_empty_suggestions(self, t: _Tracker, cluster_ids: Iterable[str]) -> None:
        now = now_iso()
        for kid in cluster_ids:
            row = t.conn.execute(
                "SELECT origin, curated, (SELECT count(*) FROM cluster_member WHERE cluster_id = cluster.id)"
                " FROM cluster WHERE id = ? AND deleted_at IS NULL",
                (kid,),
            ).fetchone()
            if row and row[0] == "suggested" and not row[1] and row[2] == 0:
                t.cluster(kid)
                t.conn.execute("UPDATE cluster SET deleted_at = ?, updated_at = ? WHERE id = ?", (now, now, kid))

    def _check_proposal(self, proposal: Proposal) -> None:
        if proposal.session_id != self.session_id or proposal.question_id != self.question_id:
            raise FacilitatorError("these suggestions were made for another question; ask again")

    def accept(self, proposal: Proposal, index: int) -> str | None:
        """Store one suggested cluster (its members that nobody placed meanwhile)."""
        self._check_proposal(proposal)
        cluster = proposal.clusters[index]
        with self._step(f"accept suggested cluster “{cluster.label}”") as t:
            return self._accept(t, proposal, cluster)

    def accept_all(self, proposal: Proposal) -> list[str | None]:
        """Replace the scope's uncurated suggested clusters with the proposal; curated clusters,
        manual ones, the noise bin and contributions a person placed are left as they are, and
        so are clusters accepted one by one from this same proposal.

        Returns the new cluster's id for each proposed cluster (None when nothing of it was left
        to place)."""
        self._check_proposal(proposal)
        with self._step(f"accept {len(proposal.clusters)} suggested clusters") as t:
            old = [
                kid for kid in _replaceable(t.conn, self.session_id, self.question_id)
                if proposal.replaces is None or kid in proposal.replaces
            ]
            ok = self._eligible_ids(t.conn)
            created = [self._accept(t, proposal, c, ok) for c in proposal.clusters]
            now = now_iso()
            for kid in old:
                # release what the proposal did not take, then retire the old suggestion
                rest = [r[0] for r in t.conn.execute("SELECT contribution_id FROM cluster_member WHERE cluster_id = ?", (kid,))]
                self._place(t, rest, None)
                t.cluster(kid)
                t.conn.execute("UPDATE cluster SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", (now, now, kid))
            return created

    # --- curation ----------------------------------------------------------------------------

    def new_cluster(self, label: str, contribution_ids: Sequence[str] = ()) -> str:
        label = _clean_label(label)
        with self._step(f"new cluster “{label}”") as t:
            ids = self._check_contributions(t.conn, contribution_ids)
            kid = self._new_cluster(t, label, representative_id=ids[0] if ids else None)
            left = self._place(t, ids, kid)
            self._touch(t, *left)
            return kid

    def rename(self, cluster_id: str, label: str) -> None:
        label = _clean_label(label)
        with self._step(f"rename to “{label}”") as t:
            if self._cluster_row(t.conn, cluster_id)["label"] != label:
                self._touch(t, cluster_id, label=label)

    def merge(self, source_id: str, target_id: str) -> None:
        """Move every member of ``source`` into ``target`` and retire ``source``; its
        recommendations now belong to ``target``."""
        if source_id == target_id:
            raise FacilitatorError("a cluster cannot be merged into itself")
        with self._step("merge clusters") as t:
            self._cluster_row(t.conn, source_id)
            self._cluster_row(t.conn, target_id)
            members = [r[0] for r in t.conn.execute("SELECT contribution_id FROM cluster_member WHERE cluster_id = ?", (source_id,))]
            self._place(t, members, target_id)
            for (rid,) in t.conn.execute("SELECT id FROM recommendation WHERE cluster_id = ?", (source_id,)).fetchall():
                t.rec(rid)
                t.conn.execute("UPDATE recommendation SET cluster_id = ?, updated_at = ? WHERE id = ?", (target_id, now_iso(), rid))
            self._touch(t, target_id)
            now = now_iso()
            t.cluster(source_id)
            t.conn.execute(
                "UPDATE cluster SET deleted_at = ?, updated_at = ?, curated = 1 WHERE id = ?", (now, now, source_id)
            )

    def split(self, cluster_id: str, contribution_ids: Sequence[str], label: str) -> str:
        """Take some members out of a cluster into a new one."""
        label = _clean_label(label)
        with self._step(f"split into “{label}”") as t:
            self._cluster_row(t.conn, cluster_id)
            ids = self._check_contributions(t.conn, contribution_ids)
            members = {r[0] for r in t.conn.execute("SELECT contribution_id FROM cluster_member WHERE cluster_id = ?", (cluster_id,))}
            if not ids or any(i not in members for i in ids):
                raise FacilitatorError("split takes contributions of the cluster being split")
            kid = self._new_cluster(t, label, representative_id=ids[0])
            self._place(t, ids, kid)
            self._touch(t, cluster_id)
            return kid

    def move(self, contribution_ids: Sequence[str], cluster_id: str | None) -> None:
        """Move contributions into a cluster, or out of any cluster (``None``)."""
        with self._step("move out of cluster" if cluster_id is None else "move to cluster") as t:
            ids = self._check_contributions(t.conn, contribution_ids)
            if cluster_id is not None:
                self._cluster_row(t.conn, cluster_id)
            left = self._place(t, ids, cluster_id, keep_out=cluster_id is None)
            self._touch(t, cluster_id, *left)

    def noise_bin(self) -> str | None:
        where, params = self._in_scope_cluster_sql()
        if self.question_id is None:
            where = " AND k.question_id IS NULL"
        row = self.conn.execute(
            f"SELECT id FROM cluster k WHERE k.session_id = ? AND k.parked = 1 AND k.deleted_at IS NULL"
            f" AND k.label = ?{where} ORDER BY k.seq LIMIT 1",
            [self.session_id, NOISE_LABEL, *params],
        ).fetchone()
        return row[0] if row else None

    def park(self, contribution_ids: Sequence[str]) -> str:
        """Put contributions in the scope's noise bin (made when first needed)."""
        with self._step("park as noise") as t:
            ids = self._check_contributions(t.conn, contribution_ids)
            kid = self.noise_bin() or self._new_cluster(t, NOISE_LABEL, parked=True)
            left = self._place(t, ids, kid)
            self._touch(t, *left)
            return kid

    def set_parked(self, cluster_id: str, parked: bool) -> None:
        """Park a whole cluster as noise, or bring it back."""
        with self._step("park cluster" if parked else "unpark cluster") as t:
            self._cluster_row(t.conn, cluster_id)
            self._touch(t, cluster_id, parked=int(parked))

    def delete_cluster(self, cluster_id: str) -> None:
        """Retire a cluster (undoable); its contributions are in no cluster again and its
        recommendations stand alone."""
        with self._step("delete cluster") as t:
            self._cluster_row(t.conn, cluster_id)
            members = [r[0] for r in t.conn.execute("SELECT contribution_id FROM cluster_member WHERE cluster_id = ?", (cluster_id,))]
            self._place(t, members, None)
            for (rid,) in t.conn.execute("SELECT id FROM recommendation WHERE cluster_id = ?", (cluster_id,)).fetchall():
                t.rec(rid)
                t.conn.execute("UPDATE recommendation SET cluster_id = NULL, updated_at = ? WHERE id = ?", (now_iso(), rid))
            now = now_iso()
            t.cluster(cluster_id)
            t.conn.execute("UPDATE cluster SET deleted_at = ?, updated_at = ?, curated = 1 WHERE id = ?", (now, now, cluster_id))

    # --- recommendations ---------------------------------------------------------------------

    def _revision_of_row(self, conn: sqlite3.Connection, row: dict) -> None:
        meta = {"status": row["status"], "rank": row["rank"], "addressed_to": row["addressed_to"]}
        self.store._add_revision(conn, "recommendation", row["id"], row["text"], meta)

    def add_recommendation(
        self,
        text: str,
        *,
        cluster_id: str | None = None,
        status: str = "draft",
        rank: int | None = None,
        addressed_to: str | None = None,
        support: Sequence[str] | None = None,
    ) -> str:
        """A new recommendation; its support defaults to the cluster's members."""
        with self._step("new recommendation") as t:
            question_id = self.question_id
            if cluster_id is not None:
                question_id = self._cluster_row(t.conn, cluster_id)["question_id"]
            data = _recommendation_in(
                session_id=self.session_id, question_id=question_id, cluster_id=cluster_id, text=text,
                status=status, rank=rank, addressed_to=" ".join((addressed_to or "").split()) or None,
            )
            if support is None:
                support = [
                    r[0]
                    for r in t.conn.execute(
                        "SELECT m.contribution_id FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
                        " WHERE m.cluster_id = ? AND c.deleted_at IS NULL ORDER BY c.seq",
                        (cluster_id,),
                    )
                ] if cluster_id else []
            support = self._check_contributions(t.conn, support)
            rid = new_id()
            t.rec(rid)
            now = now_iso()
            seq = t.conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM recommendation WHERE session_id = ?", (self.session_id,)
            ).fetchone()[0]
            t.conn.execute(
                """INSERT INTO recommendation (id, session_id, question_id, cluster_id, seq, text, status, rank,
                   addressed_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (rid, self.session_id, data.question_id, cluster_id, seq, data.text, data.status, data.rank,
                 data.addressed_to, now, now),
            )
            t.conn.executemany(
                "INSERT INTO recommendation_support (recommendation_id, contribution_id) VALUES (?, ?)",
                [(rid, c) for c in support],
            )
            return rid

    def update_recommendation(self, recommendation_id: str, **fields: Any) -> bool:
        """Change text, status, rank and/or addressed_to; the earlier state is kept as a
        revision. Returns False when nothing changed."""
        unknown = set(fields) - set(_REC_STATE)
        if unknown:
            raise TypeError(f"unknown fields {sorted(unknown)}")
        with self._step("edit recommendation") as t:
            row = _row(t.conn, "recommendation", _REC_COLS, "id", recommendation_id)
            if row is None or row["deleted_at"] is not None or row["session_id"] != self.session_id:
                raise NotFound(f"no recommendation with id {recommendation_id}")
            merged = {k: row[k] for k in _REC_STATE} | fields
            if merged.get("addressed_to") is not None:
                merged["addressed_to"] = " ".join(str(merged["addressed_to"]).split()) or None
            data = _recommendation_in(session_id=self.session_id, **merged)
            new = {"text": data.text, "status": data.status, "rank": data.rank, "addressed_to": data.addressed_to}
            if all(new[k] == row[k] for k in _REC_STATE):
                return False
            t.rec(recommendation_id)
            self._revision_of_row(t.conn, row)
            t.conn.execute(
                "UPDATE recommendation SET text = ?, status = ?, rank = ?, addressed_to = ?, updated_at = ? WHERE id = ?",
                (new["text"], new["status"], new["rank"], new["addressed_to"], now_iso(), recommendation_id),
            )
            return True

    def set_status(self, recommendation_id: str, status: str) -> bool:
        if status not in STATUSES:
            raise FacilitatorError(f"status must be one of {', '.join(STATUSES)}")
        return self.update_recommendation(recommendation_id, status=status)

    def restore_revision(self, recommendation_id: str, revision_id: int) -> bool:
        """Bring an earlier state back (the current one becomes a revision in turn)."""
        for rev in self.revisions(recommendation_id):
            if rev.id == revision_id:
                return self.update_recommendation(
                    recommendation_id, text=rev.text, status=rev.status or "draft", rank=rev.rank,
                    addressed_to=rev.addressed_to,
                )
        raise NotFound(f"no revision {revision_id} of this recommendation")

    def delete_recommendation(self, recommendation_id: str) -> None:
        """Hide a recommendation (undoable; its text stays in the file)."""
        with self._step("delete recommendation") as t:
            t.rec(recommendation_id)
            t.conn.execute(
                "UPDATE recommendation SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now_iso(), now_iso(), recommendation_id),
            )

    def set_support(self, recommendation_id: str, contribution_ids: Sequence[str]) -> None:
        with self._step("change support") as t:
            ids = self._check_contributions(t.conn, contribution_ids)
            t.rec(recommendation_id)
            t.conn.execute("DELETE FROM recommendation_support WHERE recommendation_id = ?", (recommendation_id,))
            t.conn.executemany(
                "INSERT INTO recommendation_support (recommendation_id, contribution_id) VALUES (?, ?)",
                [(recommendation_id, c) for c in ids],
            )

    def toggle_support(self, recommendation_id: str, contribution_id: str) -> bool:
        """Add or remove one supporting contribution; returns True if it now supports."""
        current = [c.id for c in self.recommendation(recommendation_id).support]
        if contribution_id in current:
            self.set_support(recommendation_id, [c for c in current if c != contribution_id])
            return False
        self.set_support(recommendation_id, [*current, contribution_id])
        return True

    def sync_support(self, recommendation_id: str) -> None:
        """Support = the current members of the recommendation's cluster."""
        rec = self.recommendation(recommendation_id)
        if rec.cluster_id is None:
            raise FacilitatorError("this recommendation belongs to no cluster")
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT m.contribution_id FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
                " WHERE m.cluster_id = ? AND c.deleted_at IS NULL ORDER BY c.seq",
                (rec.cluster_id,),
            )
        ]
        self.set_support(recommendation_id, ids)


__all__ = [
    "ADDRESSEES",
    "History",
    "Board",
    "ClusterView",
    "Coverage",
    "NEXT_STATUS",
    "Proposal",
    "ProposedCluster",
    "RecommendationView",
    "Review",
    "RevisionView",
    "propose",
    "starting_draft",
]
