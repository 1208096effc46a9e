"""Reading a scope: its board (clusters, contributions in no cluster, recommendations,
coverage), one recommendation, a recommendation's earlier states.

Functions of a store, so that a worker thread can read with its own connection
(``read_board(Store.open(path, write=False), ...)``); :class:`Reading` gives them to
:class:`~facilitator.core.review.Review`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any

from ..errors import NotFound
from ..records import Contribution
from ..store import Store
from . import queries as q
from .history import Steps
from .views import ID, PROPOSED, SEQ, Board, ClusterView, Coverage, Ideas, RecommendationView, RevisionView, Row


def _fetch(store: Store, ids: Collection[str]) -> dict[str, Row]:
    """Live contributions by id (of any question), as plain rows."""
    return {r[ID]: r for r in q.ideas_by_id(store.conn, ids)} if ids else {}


def _rec_view(r: dict[str, Any], cluster_id: str | None) -> RecommendationView:
    return RecommendationView(
        id=r["id"], seq=r["seq"], text=r["text"], status=r["status"], rank=r["rank"],
        addressed_to=r["addressed_to"], cluster_id=cluster_id, question_id=r["question_id"],
        lenses=_lenses(r.get("lenses")),
    )


def _lenses(value: str | None) -> list[str]:
    try:
        data = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(x) for x in data] if isinstance(data, list) else []


def changes_seen(store: Store) -> tuple[int, int]:
    """What changed in the database as the store's connection sees it: another connection's
    commits (``PRAGMA data_version``) and its own (``total_changes``). The same value: nothing
    was written since."""
    return q.data_version(store.conn), store.conn.total_changes


def _member_order(representative_id: str | None) -> Callable[[Row], tuple[bool, bool, int]]:
    return lambda r: (r[ID] != representative_id, not r[PROPOSED], r[SEQ])


def read_board(store: Store, session_id: str, question_id: str | None) -> Board:
    """Everything the review shows for one scope (``question_id=None``: the whole session)."""
    conn = store.conn
    contributions: list[Row] = q.ideas(conn, session_id, question_id)  # plain tuples: see views.py
    by_id = {r[ID]: r for r in contributions}
    clusters = [
        ClusterView(
            id=r["id"], seq=r["seq"], label=r["label"], question_id=r["question_id"],
            question_position=r["question_position"], origin=r["origin"], method=r["method"],
            curated=bool(r["curated"]), parked=bool(r["parked"]), representative_id=r["representative_id"],
            parent_label=r["parent_label"], size=r["size"], lenses=_lenses(r.get("lenses")),
        )
        for r in q.board_clusters(conn, session_id, question_id)
    ]
    cmap = {c.id: c for c in clusters}
    member_rows = q.board_members(conn, session_id, question_id)
    by_id.update(_fetch(store, {cid for cid, _, _ in member_rows if cid not in by_id}))  # from other questions
    placed: set[str] = set()
    parked: set[str] = set()
    for cid, kid, origin in member_rows:
        c = by_id.get(cid)
        if c is None:  # deleted
            continue
        cluster = cmap[kid]
        cluster.members.rows.append(c)
        if origin == "manual":
            cluster.manual_ids.add(cid)
        placed.add(cid)
        if cluster.parked:
            parked.add(cid)
    for cluster in clusters:  # the representative first; then those flagged in capture
        cluster.members.rows.sort(key=_member_order(cluster.representative_id))
    in_any = q.clustered_ids(conn, session_id, question_id)
    elsewhere = sum(1 for r in contributions if r[ID] in in_any and r[ID] not in placed)
    # contributions the rapporteur flagged as proposed recommendations (capture, ctrl+b) first
    unclustered = Ideas(sorted((r for r in contributions if r[ID] not in in_any), key=lambda r: not r[PROPOSED]))

    recs = [_rec_view(r, r["cluster_id"] if r["cluster_id"] in cmap else None)
            for r in q.board_recs(conn, session_id, question_id)]
    support: dict[str, list[str]] = {}
    for rid, cid in q.board_support(conn, session_id, question_id):
        support.setdefault(rid, []).append(cid)
    by_id.update(_fetch(store, {cid for ids in support.values() for cid in ids if cid not in by_id}))
    for rec in recs:
        rec.support = Ideas(by_id[cid] for cid in support.get(rec.id, ()) if cid in by_id)

    live = [r for r in recs if r.status != "dropped"]
    supported = {row[ID] for r in live for row in r.support.rows}
    coverage = Coverage(
        total=len(contributions),
        unclustered=len(unclustered),
        unsupported=sum(1 for r in contributions if r[ID] not in supported and r[ID] not in parked),
        uncovered=sum(1 for r in unclustered.rows if r[ID] not in supported),
        parked=len(parked),
        single_group=[(r.ref, r.groups[0]) for r in live if r.support and r.single_group],
        no_support=[r.ref for r in live if not r.support],
    )
    board = Board(
        clusters=clusters, unclustered=unclustered, recommendations=recs, coverage=coverage,
        elsewhere=elsewhere, whole_session=question_id is None, session_id=session_id, question_id=question_id,
    )
    board.index()  # here, in the reader's thread
    return board


def read_recommendation(store: Store, recommendation_id: str) -> RecommendationView:
    r = q.rec_row(store.conn, recommendation_id)
    if r is None:
        raise NotFound(f"no recommendation with id {recommendation_id}")
    rec = _rec_view(r, r["cluster_id"])
    found = _fetch(store, q.support_ids(store.conn, recommendation_id)).values()  # live ones only
    rec.support = Ideas(sorted(found, key=lambda r: r[SEQ]))
    return rec


def read_revisions(store: Store, recommendation_id: str) -> list[RevisionView]:
    """Earlier states of a recommendation, newest first."""
    out = []
    for rev_id, text, meta, created_at in q.revisions(store.conn, recommendation_id):
        meta = json.loads(meta or "{}")
        out.append(RevisionView(id=rev_id, text=text, status=meta.get("status"), rank=meta.get("rank"),
                                addressed_to=meta.get("addressed_to"), created_at=created_at,
                                not_applied=meta.get("not_applied")))
    return out


class Reading(Steps):
    """What a :class:`~facilitator.core.review.Review` reads of its scope."""

    def contributions(self) -> list[Contribution]:
        """The scope's live contributions, as the store gives them (every field)."""
        every: Any = ... if self.question_id is None else self.question_id
        return self.store.contributions(self.session_id, question_id=every)

    def board(self) -> Board:
        return read_board(self.store, self.session_id, self.question_id)

    def recommendation(self, recommendation_id: str) -> RecommendationView:
        return read_recommendation(self.store, recommendation_id)

    def revisions(self, recommendation_id: str) -> list[RevisionView]:
        return read_revisions(self.store, recommendation_id)
