"""The review's curation keys: ``n`` new cluster, ``r`` rename, ``m`` move, ``o`` out of any
cluster, ``M`` merge, ``s`` split, ``p`` noise, ``delete``, ``ctrl+z`` undo, ``ctrl+y`` redo,
``ctrl+r`` reload; marking (``space``, ``insert``) comes from the tree.

Each step is sent to the steps' thread (:mod:`.steps`); when it is done the screen says what it
did, in the words undo will use (``Done: move Q1-003 to C-002 “Budget” (^z undoes)``), reads the
board again, and puts the cursor where the step says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitator.core.errors import FacilitatorError
from facilitator.core.review import Review
from facilitator.tui.widgets.picker import Picked

from . import nodes as n
from .base import ReviewBase, Step, T
from .dialogs import NO_CLUSTER, NOISE, ReviewPrompt, cluster_picker
from .steps import Job, StepDone
from .tree import ReviewTree


def plural(count: int, word: str = "contribution") -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


class Curating(ReviewBase):
    """Marks, curation steps, undo and redo."""

    # --- steps -----------------------------------------------------------------------------------

    def do_step(self, step: Step[T], then: Callable[[T, str | None], None] | None = None, *,
                failed: Callable[[FacilitatorError], None] | None = None) -> None:
        self.step_sent()
        self.steps.submit(Job(self.question_id, step, then, failed))

    def on_step_done(self, message: StepDone) -> None:
        job = message.job
        try:
            if message.error is not None:
                if job.failed is not None:
                    job.failed(message.error)
                else:
                    self.say(str(message.error), severity="error", timeout=6)
            elif job.then is not None:
                job.then(message.result, message.label)
        finally:
            self.step_done()

    def done_words(self, label: str | None) -> str:
        """The notice after a step: what it did, as undo will say it."""
        if not label:
            return "Nothing changed."
        undo = self.key_hint("review.undo")
        return f"Done: {label} ({undo} undoes)."

    def curate(self, step: Step[Any], *, clear_marks: bool = True, focus: n.Node | None = None,
               follow: bool = True) -> None:
        """Run a curation step; then say what it did, read the board, and put the cursor on
        ``focus`` (else, with ``follow``, on the cluster the step made)."""
        def then(result: Any, label: str | None) -> None:
            if clear_marks:
                self.marks = []
            self.say(self.done_words(label))

            def after() -> None:
                target = focus
                if target is None and follow and isinstance(result, str) and self.board.cluster(result):
                    target = n.ClusterNode(result)  # a new cluster: go to it
                if target is not None:
                    self.goto(target)

            self.load_board(then=after)

        self.do_step(step, then)

    def contributions_at_cursor(self) -> list[str]:
        if self.marks:
            return list(self.marks)
        cid = n.contribution_of(self.cursor)
        return [cid] if cid else []

    # --- marks -----------------------------------------------------------------------------------

    def on_review_tree_mark_toggled(self, message: ReviewTree.MarkToggled) -> None:
        node = message.node
        if not isinstance(node, n.ContributionNode):
            self.say("Marks are for ideas in clusters or in no cluster.", timeout=3)
            return
        if node.contribution_id in self.marks:
            self.marks.remove(node.contribution_id)
        else:
            self.marks.append(node.contribution_id)
        self.tree.show_marks(set(self.marks), node)
        if message.advance:
            self.tree.action_cursor_down()
        self.refresh_footer()

    # --- clusters ----------------------------------------------------------------------------------

    def action_new_cluster(self) -> None:
        ids = self.contributions_at_cursor()

        def done(label: str | None) -> None:
            if label is not None:
                self.curate(lambda r: r.new_cluster(label, ids))

        what = f"with {plural(len(ids))}" if ids else "empty"
        self.app.push_screen(ReviewPrompt(f"Name of the new cluster ({what})", placeholder="a short theme"), done)

    def action_rename(self) -> None:
        k = self.board.cluster(n.cluster_at(self.cursor, self.board))
        if k is None:
            self.say("Put the cursor on a cluster to rename it.", timeout=3)
            return
        kid = k.id

        def done(label: str | None) -> None:
            if label is not None:
                self.curate(lambda r: r.rename(kid, label), focus=n.ClusterNode(kid))

        self.app.push_screen(ReviewPrompt(f"Rename {k.ref}", k.label), done)

    def _pick_cluster(self, title: str, done: Callable[[str], None], *, exclude: str | None = None,
                      extra: bool = False) -> None:
        def picked(result: Picked | None) -> None:
            if result is not None and result.key:
                done(result.key)

        self.app.push_screen(cluster_picker(title, self.board, exclude=exclude, extra=extra), picked)

    def action_move(self) -> None:
        ids = self.contributions_at_cursor()
        if not ids:
            self.say("Put the cursor on an idea (or mark some with space) to move it.", timeout=3)
            return
        here = n.cluster_at(self.cursor, self.board) if not self.marks else None

        def done(key: str) -> None:
            # the cursor stays where it was: on to the next idea of the list
            if key == NOISE:
                self.curate(lambda r: r.park(ids), follow=False)
            else:
                target = None if key == NO_CLUSTER else key
                self.curate(lambda r: r.move(ids, target), follow=False)

        self._pick_cluster(f"Move {plural(len(ids))} to…", done, exclude=here, extra=True)

    def action_out(self) -> None:
        ids = self.contributions_at_cursor()
        if not ids:
            self.say("Put the cursor on an idea in a cluster.", timeout=3)
            return
        self.curate(lambda r: r.move(ids, None), follow=False)

    def action_merge(self) -> None:
        src = self.board.cluster(n.cluster_at(self.cursor, self.board))
        if src is None:
            self.say("Put the cursor on the cluster to merge into another one.", timeout=3)
            return
        source = src.id

        def done(target: str) -> None:
            if target not in (NO_CLUSTER, NOISE):
                self.curate(lambda r: r.merge(source, target), focus=n.ClusterNode(target))

        self._pick_cluster(f"Merge {src.ref} {src.label} into…", done, exclude=src.id)

    def action_split(self) -> None:
        ids = self.contributions_at_cursor()
        kid = n.cluster_at(self.cursor, self.board) if not self.marks else None
        if self.marks:
            wanted = set(ids)
            owners = {k.id for k in self.board.clusters if wanted.intersection(k.members.ids())}
            kid = owners.pop() if len(owners) == 1 else None
        if not ids or kid is None:
            self.say("Split: mark ideas of one cluster with space (or put the cursor on one), then s.", timeout=5)
            return
        name, source = self.cluster_name(kid), kid

        def done(label: str | None) -> None:
            if label is not None:
                self.curate(lambda r: r.split(source, ids, label))

        self.app.push_screen(ReviewPrompt(f"Split {len(ids)} off {name}: name of the new cluster"), done)

    def action_park(self) -> None:
        node = self.cursor
        if isinstance(node, n.ClusterNode) and not self.marks:
            k = self.board.cluster(node.cluster_id)
            if k is not None:
                kid, parked = k.id, k.parked
                self.curate(lambda r: r.set_parked(kid, not parked), focus=n.ClusterNode(kid))
            return
        ids = self.contributions_at_cursor()
        if not ids:
            self.say("Put the cursor on an idea (or a cluster) to park it as noise.", timeout=3)
            return
        self.curate(lambda r: r.park(ids), follow=False)

    def action_delete(self) -> None:
        node = self.cursor
        if isinstance(node, n.RecommendationNode) and self.board.recommendation(node.recommendation_id):
            rid = node.recommendation_id
            self.curate(lambda r: r.delete_recommendation(rid))
        elif isinstance(node, n.ClusterNode):
            kid = node.cluster_id
            self.curate(lambda r: r.delete_cluster(kid))
        else:
            self.say("delete removes the cluster or recommendation under the cursor (undoable).", timeout=3)

    # --- undo, redo, reload --------------------------------------------------------------------------

    def _undo_redo(self, fn: Callable[[Review], str | None], done: str, nothing: str) -> None:
        def then(label: str | None, _: str | None) -> None:
            self.say(f"{done}: {label}." if label else nothing, timeout=4)
            self.load_board()

        def failed(exc: FacilitatorError) -> None:  # changed since in another window: nothing undone
            self.say(str(exc), severity="warning", timeout=8)
            self.load_board()

        self.do_step(fn, then, failed=failed)

    def action_undo(self) -> None:
        self._undo_redo(lambda r: r.undo(), "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._undo_redo(lambda r: r.redo(), "Redone", "Nothing to redo.")

    def action_reload(self) -> None:
        """Read the database again (contributions saved in another window since)."""
        self.load_board(then=lambda: self.say("Reloaded.", timeout=2))
