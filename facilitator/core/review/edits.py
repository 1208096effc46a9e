"""The small edits curation steps are made of, each inside a step's transaction.

Every function takes the step's :class:`~.history.Tracker` and tells it about a row before
changing it, so that the step can be undone.
"""

from __future__ import annotations

from typing import Any

import sqlite3
from collections.abc import Iterable, Sequence

from ..errors import FacilitatorError, NotFound
from ..ids import cluster_ref, contribution_ref, new_id, recommendation_ref
from ..store import now_iso
from . import queries as q
from .history import Tracker


def cluster_name(conn: sqlite3.Connection, cluster_id: str | None) -> str:
    """``C-003 “Budget oversight”``, as a step's label names a cluster."""
    row = q.cluster_row(conn, cluster_id) if cluster_id else None
    return f"{cluster_ref(row['seq'])} “{row['label']}”" if row else "a cluster"


def rec_name(conn: sqlite3.Connection, recommendation_id: str) -> str:
    row = q.rec_row(conn, recommendation_id)
    return recommendation_ref(row["seq"]) if row else "a recommendation"


def refs(conn: sqlite3.Connection, contribution_ids: Sequence[str], most: int = 3) -> str:
    """``Q1-003``, ``Q1-003, Q2-011 and 4 more``: contributions as a step's label names them."""
    found = [contribution_ref(pos, seq) for pos, seq in q.numbered(conn, contribution_ids)]
    if not found:
        return "no contribution"
    if len(contribution_ids) <= most:
        return ", ".join(found)
    return f"{', '.join(found[:most])} and {len(contribution_ids) - most} more"


def clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise FacilitatorError("a cluster needs a name")
    if len(label) > 200:
        raise FacilitatorError("a cluster name is at most 200 characters")
    return label


def live_cluster(conn: sqlite3.Connection, session_id: str, cluster_id: str) -> dict[str, Any]:
    """The cluster's row; NotFound unless it is a live cluster of the session."""
    values = q.cluster_row(conn, cluster_id)
    if values is None or values["deleted_at"] is not None or values["session_id"] != session_id:
        raise NotFound(f"no cluster with id {cluster_id}")
    return values


def live_contributions(conn: sqlite3.Connection, session_id: str, ids: Sequence[str]) -> list[str]:
    """The ids without repeats; NotFound unless each is a live contribution of the session."""
    ids = list(dict.fromkeys(ids))
    for cid in ids:
        if q.live_contribution_session(conn, cid) != session_id:
            raise NotFound(f"no contribution with id {cid} in this session")
    return ids


def new_cluster(
    t: Tracker, session_id: str, question_id: str | None, label: str, *, origin: str = "manual",
    method: str | None = None, curated: bool = True, parked: bool = False, representative_id: str | None = None,
    parent_label: str | None = None,
) -> str:
    kid = new_id()
    t.cluster(kid)
    now = now_iso()
    seq, pos = q.next_cluster_numbers(t.conn, session_id)
    q.insert_cluster(t.conn, dict(
        id=kid, session_id=session_id, question_id=question_id, seq=seq, label=label,
        representative_id=representative_id, origin=origin, method=method, curated=int(curated),
        parked=int(parked), position=pos, created_at=now, updated_at=now, parent_label=parent_label,
    ))
    return kid


def touch(t: Tracker, *cluster_ids: str | None, **fields: Any) -> None:
    """Mark clusters as curated by a person (and set other fields)."""
    fields = {"curated": 1, **fields}
    for kid in dict.fromkeys(k for k in cluster_ids if k):
        t.cluster(kid)
        q.update_cluster(t.conn, kid, now_iso(), **fields)


def retire(t: Tracker, cluster_id: str, *, curated: bool = False) -> None:
    t.cluster(cluster_id)
    q.retire_cluster(t.conn, cluster_id, now_iso(), curated=curated)


def place(
    t: Tracker, contribution_ids: Iterable[str], cluster_id: str | None, origin: str = "manual",
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
            q.set_kept(t.conn, cid, now, keep_earlier=True)
        elif cluster_id is not None:
            q.set_kept(t.conn, cid, None)
        was = q.cluster_of(t.conn, cid)
        if was is not None and was == cluster_id:
            if origin == "manual":
                q.mark_manual(t.conn, cid)
            continue
        if was is not None:
            left.append(was)
        q.set_member(t.conn, None if cluster_id is None else dict(
            contribution_id=cid, cluster_id=cluster_id, origin=origin, added_at=now,
        ), cid)
    fix_representatives(t, set(left) | ({cluster_id} if cluster_id else set()))
    return list(dict.fromkeys(left))


def fix_representatives(t: Tracker, cluster_ids: Iterable[str]) -> None:
    """A cluster's representative is one of its members (the first, when it left)."""
    for kid in cluster_ids:
        values = q.cluster_row(t.conn, kid)
        if values is None:
            continue
        members = q.member_ids(t.conn, kid)
        if values["representative_id"] not in members:
            rep = members[0] if members else None
            if rep != values["representative_id"]:
                t.cluster(kid)
                q.set_representative(t.conn, kid, rep)


def move_recommendations(t: Tracker, from_cluster: str, to_cluster: str | None) -> None:
    """The recommendations of a cluster now belong to another one (None: to no cluster)."""
    for rid in q.recs_of_cluster(t.conn, from_cluster):
        t.rec(rid)
        q.update_rec(t.conn, rid, now_iso(), cluster_id=to_cluster)


def drop_empty_suggestions(t: Tracker, cluster_ids: Iterable[str]) -> None:
    """Retire the suggested clusters that nobody touched and that are empty now."""
    for kid in cluster_ids:
        if q.empty_suggestion(t.conn, kid):
            retire(t, kid)
