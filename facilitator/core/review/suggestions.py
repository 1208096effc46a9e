"""Suggested clusters: a :class:`Proposal` for a scope, and taking it (one cluster or all).

The clustering engine (:mod:`facilitator.core.clustering`) is imported by :func:`propose` when
it is called, never before. Proposing only reads (and fills the embedding cache), so it can run
in a worker thread with its own store. Taking a proposal never moves a contribution a person
placed or kept out, nor touches a curated, manual or parked cluster.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import FacilitatorError
from ..store import Store
from . import edits
from . import queries as q
from .history import Steps, Tracker


@dataclass(frozen=True)
class ProposedCluster:
    label: str
    representative_id: str
    member_ids: tuple[str, ...]
    parent: str | None = None  # the label of its broad theme (two levels), None for a theme of its own


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
    k_best: tuple[int, ...] = ()  # the number of (broad) themes found, and another one offered
    k_uncertain: bool = False  # the evidence for the number of broad themes was weak
    question_weight: float = 0.0  # how much the guiding questions weighed (whole session; 0 to 1)

    @property
    def k_note(self) -> str:
        """What to tell the facilitator about the number of clusters ("" when nothing)."""
        if not self.k_uncertain or not self.k_best:
            return ""
        alts = " or ".join(str(k) for k in self.k_best)
        what = "broad themes" if any(c.parent for c in self.clusters) else "clusters"
        return f"the number of {what} is uncertain: {alts} fit about as well (G asks for a number)"

    @property
    def parents(self) -> list[str]:
        """The broad themes' labels, in the order their sub-themes come."""
        return list(dict.fromkeys(c.parent for c in self.clusters if c.parent))


def eligible(conn: sqlite3.Connection, session_id: str, question_id: str | None,
             questions: dict[str, str | None] | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """((id, text) the algorithm may place, ids it must leave alone) for a scope, in seq order.
    ``questions``: filled with the question of each id the algorithm may place."""
    replaceable = set(q.replaceable(conn, session_id, question_id))
    items, locked = [], []
    for cid, text, cluster_id, origin, kept_out, qid in q.placement(conn, session_id, question_id):
        if kept_out:  # a person took it out of every cluster
            locked.append(cid)
        elif cluster_id is None or (cluster_id in replaceable and origin == "suggested"):
            items.append((cid, text))
            if questions is not None:
                questions[cid] = qid
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
    from .. import clustering

    method = clustering.resolve_method(method)
    questions: dict[str, str | None] = {}
    items, locked = eligible(store.conn, session_id, question_id, questions)
    vectors = None
    if items and method in clustering.EMBEDDING_METHODS and store.writable:  # read-only: vectors in memory
        from ..clustering import cache

        cache.compute_missing_vectors(store, session_id, method, progress=progress)
        vectors = cache.stored_vectors(store, [i for i, _ in items], method)
    lang = store.session(session_id).language
    # the whole session: the guiding questions weigh as much as they tell (clustering.themes)
    suggestion = clustering.suggest(items, k=k, method=method, vectors=vectors, lang=lang,
                                    questions=questions if question_id is None else None)
    return Proposal(
        session_id=session_id,
        question_id=question_id,
        method=suggestion.method,
        clusters=tuple(
            ProposedCluster(label=c.label, representative_id=c.representative_id, member_ids=tuple(c.member_ids),
                            parent=None if c.parent is None else suggestion.parents[c.parent])
            for c in suggestion.clusters
        ),
        unclustered=tuple(suggestion.unclustered),
        skipped=tuple(locked),
        replaces=tuple(q.replaceable(store.conn, session_id, question_id)),
        k_best=suggestion.k_best,
        k_uncertain=suggestion.k_uncertain,
        question_weight=suggestion.question_weight,
    )


def starting_draft(store: Store, cluster_id: str) -> str:
    """A starting draft for a cluster's recommendation: its most central contribution (the
    representative, else the first member) in the session's language when the cluster has a
    contribution in it, cleaned of speaker asides. "" for a cluster without members. Nothing
    is stored: the editor saves it only when the facilitator does."""
    from ..clustering.labels import clean_asides

    found = q.starting_point(store.conn, cluster_id)
    if found is None:
        return ""
    session_id, rep = found
    members = q.member_texts(store.conn, cluster_id)
    if not members:
        return ""
    lang = store.session(session_id).language
    # the representative first, then in the order they were said
    ordered = sorted(members, key=lambda m: m[0] != rep)
    pick = next((m for m in ordered if m[2] == lang), ordered[0])
    return clean_asides(pick[1])


class Suggestions(Steps):
    """Asking for suggestions and taking them, as undoable steps of a scope."""

    def propose(self, *, k: int | None = None, method: str | None = None) -> Proposal:
        return propose(self.store, self.session_id, self.question_id, k=k, method=method)

    def starting_draft(self, cluster_id: str) -> str:
        return starting_draft(self.store, cluster_id)

    def _eligible_ids(self, conn: sqlite3.Connection) -> set[str]:
        items, _ = eligible(conn, self.session_id, self.question_id)
        return {i for i, _ in items}

    def _check_proposal(self, proposal: Proposal) -> None:
        if proposal.session_id != self.session_id or proposal.question_id != self.question_id:
            raise FacilitatorError("these suggestions were made for another question; ask again")

    def _accept(self, t: Tracker, proposal: Proposal, cluster: ProposedCluster, ok: set[str] | None = None) -> str | None:
        """Store one suggested cluster with those of its members that nobody placed by now
        (``ok``: the ids that may still be placed, when already known)."""
        ok = self._eligible_ids(t.conn) if ok is None else ok
        members = [m for m in cluster.member_ids if m in ok]
        if not members:
            return None
        rep = cluster.representative_id if cluster.representative_id in members else members[0]
        label = edits.clean_label(cluster.label) if cluster.label.strip() else "(no label)"
        parent = edits.clean_label(cluster.parent) if cluster.parent and cluster.parent.strip() else None
        kid = edits.new_cluster(t, self.session_id, self.question_id, label, origin="suggested",
                                method=proposal.method, curated=False, representative_id=rep, parent_label=parent)
        left = edits.place(t, members, kid, origin="suggested")
        edits.drop_empty_suggestions(t, left)
        return kid

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
                kid for kid in q.replaceable(t.conn, self.session_id, self.question_id)
                if proposal.replaces is None or kid in proposal.replaces
            ]
            ok = self._eligible_ids(t.conn)
            created = [self._accept(t, proposal, c, ok) for c in proposal.clusters]
            for kid in old:
                # release what the proposal did not take, then retire the old suggestion
                edits.place(t, q.member_ids(t.conn, kid), None)
                edits.retire(t, kid)
            return created
