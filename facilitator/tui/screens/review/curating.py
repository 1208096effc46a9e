"""The review's curation keys: ``space`` mark, ``n`` new cluster, ``r`` rename, ``m`` move,
``o`` out of any cluster, ``M`` merge, ``s`` split, ``p`` noise, ``delete``, ``ctrl+z`` undo,
``ctrl+y`` redo, ``ctrl+r`` reload. Part of :class:`~.screen.ReviewScreen`.

Each step is one call of :class:`facilitator.core.review.Review` on the UI thread (one short
transaction); the board is then read again in the worker (:meth:`~.screen.ReviewScreen.load_board`)
and the cursor goes where the step says once it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from facilitator.core.errors import FacilitatorError

from . import nodes as n
from .dialogs import NO_CLUSTER, NOISE, ReviewPrompt, cluster_picker
from .tree import ReviewTree


def _plural(count: int, word: str = "contribution") -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


class Curating:
    """Mixed into :class:`~.screen.ReviewScreen`."""

    def _do(self, fn: Callable, message: str | None = None, *, clear_marks: bool = True,
            focus: n.Node | None = None, follow: bool = True):
        """Run one step; then read the board, and put the cursor on ``focus`` (else, with
        ``follow``, on the cluster the step made). The result of ``fn``, None if it failed."""
        try:
            result = fn()
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return None
        if clear_marks:
            self.marks = []
        if message:
            self.notify(message.format(result=result), timeout=4)

        def after() -> None:
            target = focus
            if target is None and follow and isinstance(result, str) and self.board.cluster(result):
                target = n.ClusterNode(result)  # a new cluster: go to it
            if target is not None:
                self._goto(target)

        self.load_board(then=after)
        return result

    def _cluster_name(self, kid: str) -> str:
        k = self.board.cluster(kid)
        return f"{k.ref} {k.label}" if k else "the cluster"

    def _contributions_at_cursor(self) -> list[str]:
        if self.marks:
            return list(self.marks)
        cid = n.contribution_of(self.cursor)
        return [cid] if cid else []

    def on_review_tree_mark_toggled(self, message: ReviewTree.MarkToggled) -> None:
        self.action_mark()

    def action_mark(self) -> None:
        node = self.cursor
        if not isinstance(node, n.ContributionNode):
            self.notify("Marks are for contributions in clusters or in no cluster.", timeout=3)
            return
        if node.contribution_id in self.marks:
            self.marks.remove(node.contribution_id)
        else:
            self.marks.append(node.contribution_id)
        self.tree.show_marks(set(self.marks), node)
        self.tree.action_cursor_down()

    def action_new_cluster(self) -> None:
        ids = self._contributions_at_cursor()

        def done(label: str | None) -> None:
            if label is not None:
                self._do(lambda: self.review.new_cluster(label, ids), f"New cluster with {_plural(len(ids))}.")

        what = f"with {_plural(len(ids))}" if ids else "empty"
        self.app.push_screen(ReviewPrompt(f"Name of the new cluster ({what})", placeholder="a short theme"), done)

    def action_rename(self) -> None:
        k = self.board.cluster(n.cluster_at(self.cursor, self.board))
        if k is None:
            self.notify("Put the cursor on a cluster to rename it.", timeout=3)
            return

        def done(label: str | None) -> None:
            if label is not None:
                self._do(lambda: self.review.rename(k.id, label), f"Renamed {k.ref}.", focus=n.ClusterNode(k.id))

        self.app.push_screen(ReviewPrompt(f"Rename {k.ref}", k.label), done)

    def _pick_cluster(self, title: str, done, *, exclude: str | None = None, extra: bool = False) -> None:
        def picked(result) -> None:
            if result is not None and result.key:
                done(result.key)

        self.app.push_screen(cluster_picker(title, self.board, exclude=exclude, extra=extra), picked)

    def action_move(self) -> None:
        ids = self._contributions_at_cursor()
        if not ids:
            self.notify("Put the cursor on a contribution (or mark some with space) to move it.", timeout=3)
            return
        here = n.cluster_at(self.cursor, self.board) if not self.marks else None

        def done(key: str) -> None:
            count = len(ids)
            if key == NO_CLUSTER:
                self._do(lambda: self.review.move(ids, None), f"{count} moved out of their cluster.")
            elif key == NOISE:
                self._do(lambda: self.review.park(ids), f"{count} parked as noise.", follow=False)
            else:
                # the cursor stays where it was: on to the next idea of the list
                self._do(lambda: self.review.move(ids, key), f"{count} moved to {self._cluster_name(key)}.")

        self._pick_cluster(f"Move {_plural(len(ids))} to…", done, exclude=here, extra=True)

    def action_out(self) -> None:
        ids = self._contributions_at_cursor()
        if not ids:
            self.notify("Put the cursor on a contribution in a cluster.", timeout=3)
            return
        self._do(lambda: self.review.move(ids, None), f"{len(ids)} moved out of their cluster (ctrl+z undoes).")

    def action_merge(self) -> None:
        src = self.board.cluster(n.cluster_at(self.cursor, self.board))
        if src is None:
            self.notify("Put the cursor on the cluster to merge into another one.", timeout=3)
            return

        def done(target: str) -> None:
            if target in (NO_CLUSTER, NOISE):
                return
            name = self._cluster_name(target)
            self._do(lambda: self.review.merge(src.id, target), f"Merged {src.ref} into {name} (ctrl+z undoes).",
                     focus=n.ClusterNode(target))

        self._pick_cluster(f"Merge {src.ref} {src.label} into…", done, exclude=src.id)

    def action_split(self) -> None:
        ids = self._contributions_at_cursor()
        kid = n.cluster_at(self.cursor, self.board) if not self.marks else None
        if self.marks:
            owners = {k.id for k in self.board.clusters for m in k.members if m.id in ids}
            kid = owners.pop() if len(owners) == 1 else None
        if not ids or kid is None:
            self.notify("Split: mark contributions of one cluster with space (or put the cursor on one), then s.", timeout=5)
            return
        name = self._cluster_name(kid)

        def done(label: str | None) -> None:
            if label is not None:
                self._do(lambda: self.review.split(kid, ids, label), f"Split {len(ids)} off {name}.")

        self.app.push_screen(ReviewPrompt(f"Split {len(ids)} off {name}: name of the new cluster"), done)

    def action_park(self) -> None:
        node = self.cursor
        if isinstance(node, n.ClusterNode) and not self.marks:
            k = self.board.cluster(node.cluster_id)
            if k is None:
                return
            self._do(lambda: self.review.set_parked(k.id, not k.parked),
                     f"{k.ref} {'back from the noise' if k.parked else 'parked as noise'} (ctrl+z undoes).",
                     focus=n.ClusterNode(k.id))
            return
        ids = self._contributions_at_cursor()
        if not ids:
            self.notify("Put the cursor on a contribution (or a cluster) to park it as noise.", timeout=3)
            return
        self._do(lambda: self.review.park(ids), f"{len(ids)} parked as noise (ctrl+z undoes).", follow=False)

    def action_delete(self) -> None:
        node = self.cursor
        rec = self.board.recommendation(node.recommendation_id) if isinstance(node, n.RecommendationNode) else None
        if rec is not None:
            self._do(lambda: self.review.delete_recommendation(rec.id), f"Deleted {rec.ref} (ctrl+z undoes).")
        elif isinstance(node, n.ClusterNode):
            name = self._cluster_name(node.cluster_id)
            self._do(lambda: self.review.delete_cluster(node.cluster_id),
                     f"Deleted {name}; its contributions are in no cluster (ctrl+z undoes).")
        else:
            self.notify("delete removes the cluster or recommendation under the cursor (undoable).", timeout=3)

    def _undo_redo(self, fn, done: str, nothing: str) -> None:
        try:
            label = fn()
        except FacilitatorError as exc:
            self.notify(str(exc), severity="warning", timeout=8)
            label, nothing = None, ""
        self.load_board()
        if label:
            self.notify(f"{done}: {label}.", timeout=3)
        elif nothing:
            self.notify(nothing, timeout=3)

    def action_reload(self) -> None:
        """Read the database again (contributions saved in another window since)."""
        self.load_board(then=lambda: self.notify("Reloaded.", timeout=2))

    def action_undo(self) -> None:
        self._undo_redo(self.review.undo, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._undo_redo(self.review.redo, "Redone", "Nothing to redo.")
