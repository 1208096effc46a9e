"""Curation: what a facilitator does to clusters by hand, each an undoable step.

New, rename, merge, split, move in or out, park as noise, delete. A cluster a person touched
is ``curated`` (suggestions never replace it again); a contribution a person placed has a
``manual`` membership (suggestions never move it).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import FacilitatorError
from ..ids import cluster_ref
from . import edits
from . import queries as q
from .history import Steps
from .views import NOISE_LABEL


class Curation(Steps):
    """Curation of the clusters of one scope."""

    def new_cluster(self, label: str, contribution_ids: Sequence[str] = ()) -> str:
        label = edits.clean_label(label)
        with self._step(f"new cluster “{label}”") as t:
            ids = edits.live_contributions(t.conn, self.session_id, contribution_ids)
            kid = edits.new_cluster(t, self.session_id, self.question_id, label,
                                    representative_id=ids[0] if ids else None)
            left = edits.place(t, ids, kid)
            edits.touch(t, *left)
            with_what = f" with {edits.refs(t.conn, ids)}" if ids else ", empty"
            t.label = f"new cluster {edits.cluster_name(t.conn, kid)}{with_what}"
            return kid

    def rename(self, cluster_id: str, label: str) -> None:
        label = edits.clean_label(label)
        with self._step(f"rename to “{label}”") as t:
            old = edits.live_cluster(t.conn, self.session_id, cluster_id)
            t.label = f"rename {cluster_ref(old['seq'])} “{old['label']}” to “{label}”"
            if old["label"] != label:
                edits.touch(t, cluster_id, label=label)

    def merge(self, source_id: str, target_id: str) -> None:
        """Move every member of ``source`` into ``target`` and retire ``source``; its
        recommendations now belong to ``target``."""
        if source_id == target_id:
            raise FacilitatorError("a cluster cannot be merged into itself")
        with self._step("merge clusters") as t:
            edits.live_cluster(t.conn, self.session_id, source_id)
            edits.live_cluster(t.conn, self.session_id, target_id)
            t.label = f"merge {edits.cluster_name(t.conn, source_id)} into {edits.cluster_name(t.conn, target_id)}"
            edits.place(t, q.member_ids(t.conn, source_id), target_id)
            edits.move_recommendations(t, source_id, target_id)
            edits.touch(t, target_id)
            edits.retire(t, source_id, curated=True)

    def split(self, cluster_id: str, contribution_ids: Sequence[str], label: str) -> str:
        """Take some members out of a cluster into a new one."""
        label = edits.clean_label(label)
        with self._step(f"split into “{label}”") as t:
            split_from = edits.live_cluster(t.conn, self.session_id, cluster_id)
            ids = edits.live_contributions(t.conn, self.session_id, contribution_ids)
            members = set(q.member_ids(t.conn, cluster_id))
            if not ids or any(i not in members for i in ids):
                raise FacilitatorError("split takes contributions of the cluster being split")
            # a part of a sub-theme is a sub-theme of the same broad theme
            kid = edits.new_cluster(t, self.session_id, self.question_id, label, representative_id=ids[0],
                                    parent_label=split_from["parent_label"])
            edits.place(t, ids, kid)
            edits.touch(t, cluster_id)
            t.label = (f"split {edits.refs(t.conn, ids)} off {edits.cluster_name(t.conn, cluster_id)} "
                       f"into {edits.cluster_name(t.conn, kid)}")
            return kid

    def move(self, contribution_ids: Sequence[str], cluster_id: str | None) -> None:
        """Move contributions into a cluster, or out of any cluster (``None``)."""
        with self._step("move out of cluster" if cluster_id is None else "move to cluster") as t:
            ids = edits.live_contributions(t.conn, self.session_id, contribution_ids)
            if cluster_id is not None:
                edits.live_cluster(t.conn, self.session_id, cluster_id)
                t.label = f"move {edits.refs(t.conn, ids)} to {edits.cluster_name(t.conn, cluster_id)}"
            else:
                t.label = f"take {edits.refs(t.conn, ids)} out of {'their clusters' if len(ids) > 1 else 'its cluster'}"
            left = edits.place(t, ids, cluster_id, keep_out=cluster_id is None)
            edits.touch(t, cluster_id, *left)

    def noise_bin(self) -> str | None:
        return q.noise_bin(self.conn, self.session_id, self.question_id, NOISE_LABEL)

    def park(self, contribution_ids: Sequence[str]) -> str:
        """Put contributions in the scope's noise bin (made when first needed)."""
        with self._step("park as noise") as t:
            ids = edits.live_contributions(t.conn, self.session_id, contribution_ids)
            t.label = f"park {edits.refs(t.conn, ids)} as noise"
            kid = self.noise_bin() or edits.new_cluster(t, self.session_id, self.question_id, NOISE_LABEL, parked=True)
            left = edits.place(t, ids, kid)
            edits.touch(t, *left)
            return kid

    def set_parked(self, cluster_id: str, parked: bool) -> None:
        """Park a whole cluster as noise, or bring it back."""
        with self._step("park cluster" if parked else "unpark cluster") as t:
            edits.live_cluster(t.conn, self.session_id, cluster_id)
            name = edits.cluster_name(t.conn, cluster_id)
            t.label = f"park {name} as noise" if parked else f"bring {name} back from the noise"
            edits.touch(t, cluster_id, parked=int(parked))

    def delete_cluster(self, cluster_id: str) -> None:
        """Retire a cluster (undoable); its contributions are in no cluster again and its
        recommendations stand alone."""
        with self._step("delete cluster") as t:
            edits.live_cluster(t.conn, self.session_id, cluster_id)
            t.label = f"delete {edits.cluster_name(t.conn, cluster_id)}"
            edits.place(t, q.member_ids(t.conn, cluster_id), None)
            edits.move_recommendations(t, cluster_id, None)
            edits.retire(t, cluster_id, curated=True)
