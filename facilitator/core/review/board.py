"""Reading a scope: its board (clusters, contributions in no cluster, recommendations,
coverage), one recommendation, a recommendation's earlier states.

Functions of a store, so that a worker thread can read with its own connection
(``read_board(Store.open(path, write=False), ...)``); :class:`Reading` gives them to
:class:`~facilitator.core.review.Review`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable

from ..errors import NotFound
from ..models import Contribution
from ..store import Store
from . import queries as q
from .history import Steps
from .views import Board, ClusterView, Coverage, RecommendationView, RevisionView


REREAD = 500  # more contributions than this changed since the board reused: read them all again


def scope_contributions(store: Store, session_id: str, question_id: str | None, *,
                        reuse: Board | None = None) -> list[Contribution]:
    """The scope's live contributions in order. ``reuse``: a board read before, whose
    contributions are taken again where the database says they have not changed since (their
    time of change, speaker and question); only the others are read. (At 20,000 contributions
    this spares making 20,000 objects at each step, and the garbage collections they cost.)"""
    every = ... if question_id is None else question_id
    if reuse is None or reuse.session_id != session_id:
        return store.contributions(session_id, question_id=every)
    known = reuse.index().contributions
    people = q.speakers(store.conn)
    positions = q.question_positions(store.conn, session_id)
    out: list = []
    changed: list[int] = []
    for cid, updated_at, pid, qid in q.contribution_stamps(store.conn, session_id, question_id):
        c = known.get(cid)
        if (c is None or c.updated_at != updated_at or c.participant_id != pid or c.question_id != qid
                or (c.speaker, c.stakeholder_group) != people.get(pid, (None, None))
                or c.question_position != positions.get(qid)):
            changed.append(len(out))
            c = cid
        out.append(c)
    if len(changed) > REREAD:
        return store.contributions(session_id, question_id=every)
    for i in changed:
        out[i] = store.contribution(out[i])
    return out


def _fetch(store: Store, ids: Iterable[str]) -> dict[str, Contribution]:
    out = {}
    for cid in ids:
        with contextlib.suppress(NotFound):
            out[cid] = store.contribution(cid)
    return out


def _rec_view(r: dict, cluster_id: str | None) -> RecommendationView:
    return RecommendationView(
        id=r["id"], seq=r["seq"], text=r["text"], status=r["status"], rank=r["rank"],
        addressed_to=r["addressed_to"], cluster_id=cluster_id, question_id=r["question_id"],
        lenses=_lenses(r.get("lenses")),
    )


def _lenses(value: str | None) -> list[str]:
    import json

    try:
        data = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(x) for x in data] if isinstance(data, list) else []


def read_board(store: Store, session_id: str, question_id: str | None, *, reuse: Board | None = None) -> Board:
    """Everything the review shows for one scope (``question_id=None``: the whole session).
    ``reuse``: a board read before, whose unchanged contributions are taken again."""
    conn = store.conn
    contributions = scope_contributions(store, session_id, question_id, reuse=reuse)
    by_id = {c.id: c for c in contributions}
    clusters = [
        ClusterView(
            id=r["id"], seq=r["seq"], label=r["label"], question_id=r["question_id"],
            question_position=r["question_position"], origin=r["origin"], method=r["method"],
            curated=bool(r["curated"]), parked=bool(r["parked"]), representative_id=r["representative_id"],
            lenses=_lenses(r.get("lenses")),
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
    in_any = q.clustered_ids(conn, session_id, question_id)
    elsewhere = sum(1 for c in contributions if c.id in in_any and c.id not in placed)
    # contributions the rapporteur flagged as proposed recommendations (capture, ctrl+b) first
    unclustered = sorted((c for c in contributions if c.id not in in_any), key=lambda c: not c.proposed)

    recs = [_rec_view(r, r["cluster_id"] if r["cluster_id"] in cmap else None)
            for r in q.board_recs(conn, session_id, question_id)]
    support: dict[str, list[str]] = {}
    for rid, cid in q.board_support(conn, session_id, question_id):
        support.setdefault(rid, []).append(cid)
    by_id.update(_fetch(store, {cid for ids in support.values() for cid in ids if cid not in by_id}))
    for rec in recs:
        rec.support = [by_id[cid] for cid in support.get(rec.id, ()) if cid in by_id]

    live = [r for r in recs if r.status != "dropped"]
    supported = {c.id for r in live for c in r.support}
    coverage = Coverage(
        total=len(contributions),
        unclustered=len(unclustered),
        unsupported=sum(1 for c in contributions if c.id not in supported and c.id not in parked),
        uncovered=sum(1 for c in unclustered if c.id not in supported),
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
    found = _fetch(store, q.support_ids(store.conn, recommendation_id)).values()
    rec.support = sorted((c for c in found if c.deleted_at is None), key=lambda c: c.seq)
    return rec


def read_revisions(store: Store, recommendation_id: str) -> list[RevisionView]:
    """Earlier states of a recommendation, newest first."""
    out = []
    for rev_id, text, meta, created_at in q.revisions(store.conn, recommendation_id):
        meta = json.loads(meta or "{}")
        out.append(RevisionView(id=rev_id, text=text, status=meta.get("status"), rank=meta.get("rank"),
                                addressed_to=meta.get("addressed_to"), created_at=created_at))
    return out


class Reading(Steps):
    """What a :class:`~facilitator.core.review.Review` reads of its scope."""

    def contributions(self) -> list[Contribution]:
        return scope_contributions(self.store, self.session_id, self.question_id)

    def board(self) -> Board:
        return read_board(self.store, self.session_id, self.question_id)

    def recommendation(self, recommendation_id: str) -> RecommendationView:
        return read_recommendation(self.store, recommendation_id)

    def revisions(self, recommendation_id: str) -> list[RevisionView]:
        return read_revisions(self.store, recommendation_id)
