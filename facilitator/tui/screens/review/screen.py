"""The review screen: its keys, its parts, the layout, the footer, the scope, leaving.

What the keys do is in the parts it is made of (each a :class:`~.base.ReviewBase`):
:mod:`.suggesting` (g, G, a, A, x), :mod:`.curating` (n, r, m, M, s, o, p, delete, ctrl+z,
ctrl+y, ctrl+r; marking is the tree's, :mod:`.tree`) and :mod:`.writing` (w, t, k, @, h, S and
the recommendation editor); :mod:`.reading` reads the board in a worker thread, and every
change runs in the steps' thread (:mod:`.steps`): the UI thread only draws. All curation lives
in :mod:`facilitator.core.review`; this screen only asks and shows.

Below 100 columns the tree and the details are stacked (``-narrow``): the tree gets the whole
width, so each idea shows some sixty characters of its text (the speaker is in the pane below),
and the pane below shows the idea under the cursor in full as the cursor moves. The footer
shows the keys for what the cursor is on (:data:`FOOTER`); help (``f1``) lists them all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical

from facilitator.core.review import Board
from facilitator.core.review.board import changes_seen
from facilitator.tui.autosave import Autosave
from facilitator.tui.widgets.footer import Footer
from facilitator.tui.background import teller
from facilitator.tui.messages import DatabaseChanged
from facilitator.tui.plain import follow
from facilitator.tui.screens.base import PaletteCommand

from . import nodes as n
from .commands import palette_commands
from .curating import Curating
from .detail import DetailPane
from .editor import RecommendationEditor
from .header import ReviewHeader
from .reading import BoardReading
from .steps import StepRunner
from .suggesting import Suggesting
from .tree import ReviewTree
from .writing import EditorHint, WritingActions

NARROW = 100  # columns: below this the tree and the details are stacked

# Actions that work on the tree (off while the editor has the focus).
TREE_ACTIONS = {
    "suggest", "suggest_k", "accept", "accept_all", "discard", "new_cluster", "rename", "merge", "split",
    "move", "out", "park", "delete", "write", "status", "rank", "addressed", "lens", "history", "sync_support",
    "followup",
    "undo", "redo", "mark", "mark_next", "prev_scope", "next_scope", "reload",
}
PROPOSAL_ACTIONS = {"accept", "accept_all", "discard"}

# The footer's keys for what the cursor is on, in this order (binding id, or (id, words)); the
# others still work and are all in help (f1) and the command palette.
FOOTER: dict[str, tuple[str | tuple[str, str], ...]] = {
    "contribution": ("review.mark", "review.move", "review.park", "review.new_cluster", "review.write", "review.undo"),
    "marked": ("review.move", "review.split", "review.new_cluster", "review.park",
               ("review.back", "Unmark"), "review.undo"),
    "cluster": ("review.rename", "review.merge", ("review.write", "Write"), "review.park", "review.delete",
                "review.undo"),
    "recommendation": (("review.write", "Edit"), "review.status", "review.rank", "review.addressed",
                       "review.lens", "review.history", "review.undo"),
    "proposal": ("review.accept", "review.accept_all", "review.discard", "review.undo"),
    "unclustered": ("review.suggest", "review.new_cluster", "review.write", "review.undo"),
    "standalone": (("review.write", "Write"), "review.undo"),
    "nothing": ("review.suggest", "review.new_cluster", "review.write", "review.undo"),
    "editor": ("review.editor.save", "review.editor.done"),
}
ALWAYS = ("help",)  # last in every footer


def footer_kind(node: n.Node | None, marks: bool) -> str:
    """Which :data:`FOOTER` the cursor's node (and whether ideas are marked) calls for."""
    if marks:
        return "marked"
    match node:
        case n.ContributionNode():
            return "contribution"
        case n.ClusterNode():
            return "cluster"
        case n.RecommendationNode() | n.SupportNode():
            return "recommendation"
        case n.ProposalNode() | n.ProposedNode() | n.ProposedMemberNode():
            return "proposal"
        case n.UnclusteredNode():
            return "unclustered"
        case n.StandaloneNode():
            return "standalone"
    return "nothing"


class ReviewScreen(BoardReading, Suggesting, Curating, WritingActions):
    CSS_PATH = "review.tcss"
    HELP_TITLE = "Review"
    BINDINGS = [
        Binding("g", "suggest", "Suggest", id="review.suggest",
                tooltip="suggest clusters: a proposal to accept (a, A) or discard (x)"),
        Binding("G", "suggest_k", "Suggest N", id="review.suggest_k", show=False,
                tooltip="suggest a number of clusters you choose (after a suggestion: the two numbers that fitted best)"),
        Binding("a", "accept", "Accept", id="review.accept", tooltip="accept the suggested cluster under the cursor"),
        Binding("A", "accept_all", "Accept all", id="review.accept_all",
                tooltip="accept every suggested cluster (curated clusters are kept)"),
        Binding("x", "discard", "Discard", id="review.discard", tooltip="discard the suggested clusters"),
        Binding("n", "new_cluster", "New", id="review.new_cluster",
                tooltip="new cluster from the marked ideas, or the one under the cursor"),
        Binding("r", "rename", "Rename", id="review.rename", tooltip="rename the cluster"),
        Binding("m", "move", "Move", id="review.move",
                tooltip="move the marked ideas (or the one under the cursor) to a cluster, out of any, or to the noise"),
        Binding("M", "merge", "Merge", id="review.merge", tooltip="merge the cluster into another one"),
        Binding("s", "split", "Split", id="review.split",
                tooltip="split the marked ideas off their cluster into a new one"),
        Binding("o", "out", "Out", id="review.out", show=False,
                tooltip="take the idea (or the marked ones) out of every cluster; suggestions then leave it out"),
        Binding("p", "park", "Noise", id="review.park",
                tooltip="park the idea (or the marked ones) as noise; on a cluster: park the whole cluster, or bring it back"),
        Binding("w", "write", "Write", id="review.write",
                tooltip="write the cluster's recommendation (or edit it; on an idea or no cluster: a standalone one) in the editor"),
        Binding("t", "status", "Status", id="review.status",
                tooltip="recommendation status: draft → reviewed → agreed, then dropped (asks first)"),
        Binding("k", "rank", "Rank", id="review.rank", tooltip="the recommendation's rank (1 = first)"),
        Binding("at", "addressed", "To", id="review.addressed", key_display="@",
                tooltip="whom the recommendation is addressed to"),
        Binding("l", "lens", "Lens", id="review.lens",
                tooltip="the lenses of the recommendation (or theme) under the cursor: human, state, regional..."),
        Binding("h", "history", "History", id="review.history",
                tooltip="the recommendation's earlier versions: enter brings one back"),
        Binding("f", "followup", "Follow up", id="review.followup", show=False,
                tooltip="the activities that carry out the agreed recommendation under the cursor (after the Summit)"),
        Binding("S", "sync_support", "Support", id="review.sync_support", show=False,
                tooltip="the recommendation's support = the ideas of its cluster now"),
        Binding("delete", "delete", "Delete", id="review.delete",
                tooltip="delete the cluster (its ideas go to no cluster) or recommendation under the cursor (ctrl+z undoes)"),
        Binding("ctrl+z", "undo", "Undo", id="review.undo", tooltip="undo the last step (it says which)"),
        Binding("ctrl+y", "redo", "Redo", id="review.redo", show=False, tooltip="redo the step undone last"),
        Binding("f5", "prev_scope", "Previous question", id="review.prev_scope", show=False,
                tooltip="review the previous question (before the first: the whole session)"),
        Binding("f6", "next_scope", "Next question", id="review.next_scope", show=False,
                tooltip="review the next question"),
        Binding("ctrl+r", "reload", "Reload", id="review.reload", show=False,
                tooltip="read the database again (what another window saved)"),
        Binding("escape", "back", "Back", id="review.back", show=False,
                tooltip="unmark, discard the suggestions, close the editor (saving), or back to the session"),
    ]

    def __init__(self, session_id: str, question_id: str | None = None, *, method: str | None = None) -> None:
        super().__init__(session_id, question_id, method=method)
        self.footer_for = ""  # the FOOTER kind shown
        # the editor's text, on disk as it is typed (this window's draft)
        self.editor_autosave = Autosave(self, self._editor_draft, self._editor_entry)
        self._drafts_offered = set()

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # kept by reference: the screen still reaches its parts while it is being unmounted
        self.review_tree = ReviewTree(id="review-tree")
        self.editor = RecommendationEditor(id="review-editor")
        self.detail = DetailPane(id="review-detail-scroll")
        self.side = Vertical(id="review-side")
        yield ReviewHeader(id="review-header")
        with Horizontal(id="review-main"):
            yield self.review_tree
            with self.side:
                yield self.editor
                yield EditorHint("", id="review-editor-hint")
                yield self.detail
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        self.store = app.store
        self.history = app.review_histories.setdefault(self.session_id, self.history)
        self.questions = self.store.questions(self.session_id)
        self.session = self.store.session(self.session_id)
        self.steps = StepRunner(self.store.path, self.store.identity.db, self.session_id, self.history, teller(self))
        self.set_class(self.size.width < NARROW, "-narrow")
        self.tree.focus()
        self.show_header()
        self.load_board()
        self.call_after_refresh(self.restore_editor_drafts)
        follow(self, self._display_changed)

    def _display_changed(self) -> None:
        """The app's Arabic display changed: every label is made again."""
        self.tree.forget_labels()
        self.redraw()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another window or a command wrote: the board read again (the editor untouched). A
        step of this window's own (written by the steps' thread, on a connection of its own)
        reads the board when it is done: not read twice."""
        if not (self.loaded and message.tables & {"contribution", "cluster", "cluster_member", "recommendation",
                                                  "recommendation_support", "participant"}):
            return
        if self.pending_steps or self.database_version() == self.seen_version:
            return
        self.load_board()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        # Arabic lines and one-line summaries are cut to the pane's width
        if self.is_mounted:
            self.tree.fit()
            self.show_header()
            self.show_detail()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    # --- the footer: the keys for what the cursor is on -----------------------------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's active bindings, with ``show`` set for the footer's keys of the moment (and
        their words for it); key dispatch does not use this, every key still works."""
        found = super().active_bindings
        if self.is_mounted and self.editing and self.editor.has_focus:
            wanted = FOOTER["editor"]
        else:
            wanted = FOOTER[footer_kind(self.cursor if self.is_mounted else None, bool(self.marks))]
        words = {w if isinstance(w, str) else w[0]: (None if isinstance(w, str) else w[1]) for w in wanted}
        order = [*words, *ALWAYS]
        shown: dict[str, ActiveBinding] = {}
        rest: dict[str, ActiveBinding] = {}
        for key, active in found.items():
            b = active.binding
            if b.id in order:
                if b.id in words and words[b.id]:
                    b = dataclasses.replace(b, description=words[b.id] or b.description)
                shown[key] = ActiveBinding(active.node, dataclasses.replace(b, show=True), active.enabled, active.tooltip)
            elif b.show:
                rest[key] = ActiveBinding(active.node, dataclasses.replace(b, show=False), active.enabled, active.tooltip)
            else:
                rest[key] = active
        ordered = sorted(shown.items(), key=lambda kv: order.index(kv[1].binding.id or ""))
        return dict(ordered) | rest

    def refresh_footer(self) -> None:
        """Redraw the footer if what the cursor is on calls for other keys (it is costly to redraw)."""
        kind = "editor" if self.editing and self.editor.has_focus else footer_kind(self.cursor, bool(self.marks))
        kind += "+" if self.proposal is not None else ""
        if kind != self.footer_for:
            self.footer_for = kind
            self.refresh_bindings()

    # --- showing -----------------------------------------------------------------------------------

    def redraw(self) -> None:
        self.tree.show(self.board, self.proposal, self.accepted, set(self.marks))
        self.show_header()
        self.show_detail()
        if self.loaded:  # (an empty board, another question's coming: the footer waits for it)
            self.refresh_footer()

    def on_review_tree_highlighted(self, message: ReviewTree.Highlighted) -> None:
        if not self.editing:
            self.show_detail(message.node)
        self.refresh_footer()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # the keys that work depend on where the focus is: the hints follow
        if self.editing:
            self.editor_hint()
        if self.loaded:
            self.show_detail()
        self.refresh_footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TREE_ACTIONS and self.is_mounted and self.editing and self.editor.has_focus:
            return False
        if action in PROPOSAL_ACTIONS:
            return self.proposal is not None
        return True

    # --- scope and leaving -----------------------------------------------------------------------

    def set_scope(self, question_id: str | None) -> None:
        if self.editing:
            if not self.save_editor():
                return
            self.side.remove_class("editing")
        if self.proposal is not None:
            self.say("Suggestions for the previous view were discarded.", timeout=3)
        self.question_id = question_id
        self.proposal = None
        self.accepted = set()
        self.marks = []
        self.board, self.loaded = Board.empty(self.session_id, question_id), False
        self.tree.start_at_top()
        self.redraw()
        self.tree.focus()
        self.load_board()

    def _step_scope(self, delta: int) -> None:
        scopes = [None] + [q.id for q in self.questions]
        i = scopes.index(self.question_id) if self.question_id in scopes else 0
        self.set_scope(scopes[(i + delta) % len(scopes)])

    def action_prev_scope(self) -> None:
        self._step_scope(-1)

    def action_next_scope(self) -> None:
        self._step_scope(1)

    def on_unmount(self) -> None:
        self.steps.close()  # the steps given are done before anything else is written
        self.keep_typed_text()
        # the board goes with the screen (its widgets refer to one another: the collector frees them)
        self.board = Board.empty(self.session_id, self.question_id)
        self.tree.shown = None
        self.detail.last = None

    def database_version(self) -> tuple[int, int]:
        """Changes as this window's connection sees them: another connection's commits
        (``PRAGMA data_version``: the steps' thread, another window) and its own (capture)."""
        return changes_seen(self.store)

    def on_screen_resume(self) -> None:
        # back from a dialog, or another screen (capture, search...): read again only if
        # something was written meanwhile
        if self.loaded and self.database_version() != self.seen_version:
            self.load_board()

    def action_back(self) -> None:
        if self.editing:  # the editor is open beside the tree: close it first (saving)
            if self.save_editor():
                self.close_editor(self.editor.recommendation_id)
            return
        if self.proposal is not None:
            self.action_discard()
            return
        if self.marks:
            self.marks = []
            self.redraw()
            return
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        return palette_commands(self)


__all__ = ["ReviewScreen"]
