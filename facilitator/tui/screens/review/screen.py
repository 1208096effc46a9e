"""The review screen: its keys, its parts, showing the board, the scope, leaving.

What the keys do is in the action modules it is made of: :mod:`.suggesting` (g, G, a, A, x),
:mod:`.curating` (space, n, r, m, M, s, o, p, delete, ctrl+z, ctrl+y, ctrl+r) and
:mod:`.writing` (w, t, k, @, h, S and the recommendation editor). The board is read in a
worker thread after every change (:mod:`.reading`); the UI thread only draws it. All curation
lives in :mod:`facilitator.core.review`; this screen only asks and shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from facilitator.core.review import Board, Coverage, History, Proposal, Review
from facilitator.tui import collector
from facilitator.tui.screens.base import AppScreen

from . import nodes as n
from .commands import palette_commands
from .curating import Curating
from .detail import DetailPane, Writing
from .editor import RecommendationEditor
from .header import ReviewHeader
from .reading import BoardReading
from .suggesting import Suggesting
from .tree import ReviewTree
from .writing import EditorHint, WritingActions

# Actions that work on the tree (hidden from the footer while the editor has the focus).
TREE_ACTIONS = {
    "suggest", "suggest_k", "accept", "accept_all", "discard", "new_cluster", "rename", "merge", "split",
    "move", "out", "park", "delete", "write", "status", "rank", "addressed", "lens", "history", "sync_support",
    "followup",
    "undo", "redo", "mark", "prev_scope", "next_scope", "reload",
}
PROPOSAL_ACTIONS = {"accept", "accept_all", "discard"}


def empty_board(session_id: str, question_id: str | None) -> Board:
    """What the screen holds until the first board is read."""
    return Board(clusters=[], unclustered=[], recommendations=[], coverage=Coverage(0, 0, 0, 0, 0, [], []),
                 elsewhere=0, whole_session=question_id is None, session_id=session_id, question_id=question_id)


class ReviewScreen(BoardReading, Suggesting, Curating, WritingActions, AppScreen):
    CSS_PATH = "review.tcss"
    HELP_NAME = "Review"
    BINDINGS = [
        Binding("g", "suggest", "Suggest", id="review.suggest"),
        Binding("G", "suggest_k", "Suggest N", id="review.suggest_k", show=False),
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("A", "accept_all", "Accept all", id="review.accept_all"),
        Binding("x", "discard", "Discard", id="review.discard"),
        Binding("n", "new_cluster", "New", id="review.new_cluster"),
        Binding("r", "rename", "Rename", id="review.rename"),
        Binding("m", "move", "Move", id="review.move"),
        Binding("M", "merge", "Merge", id="review.merge"),
        Binding("s", "split", "Split", id="review.split"),
        Binding("o", "out", "Out of cluster", id="review.out", show=False, tooltip="take it out of every cluster; suggestions leave it out"),
        Binding("p", "park", "Noise", id="review.park"),
        Binding("w", "write", "Write", id="review.write"),
        Binding("t", "status", "Status", id="review.status"),
        Binding("k", "rank", "Rank", id="review.rank", show=False),
        Binding("at", "addressed", "Addressed to", id="review.addressed", key_display="@", show=False),
        Binding("l", "lens", "Lens", id="review.lens", show=False,
                tooltip="the lenses of the recommendation (or theme) under the cursor: human, state, regional..."),
        Binding("h", "history", "History", id="review.history", show=False),
        Binding("f", "followup", "Follow up", id="review.followup", show=False,
                tooltip="the activities that carry out the agreed recommendation under the cursor (after the Summit)"),
        Binding("S", "sync_support", "Support = members", id="review.sync_support", show=False),
        Binding("delete", "delete", "Delete", id="review.delete", show=False),
        Binding("ctrl+z", "undo", "Undo", id="review.undo"),
        Binding("ctrl+y", "redo", "Redo", id="review.redo", show=False),
        Binding("f5", "prev_scope", "Previous question", id="review.prev_scope", show=False),
        Binding("f6", "next_scope", "Next question", id="review.next_scope", show=False),
        Binding("ctrl+r", "reload", "Reload", id="review.reload", show=False),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    def __init__(self, session_id: str, question_id: str | None = None, *, method: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.question_id = question_id
        self.method = method  # None: the engine's default
        self.reviews: dict[str | None, Review] = {}  # one per scope
        # shared by the scopes, and kept by the app for the session while it runs: ctrl+z takes
        # back the last step anywhere, also after leaving the review and coming back
        self.history = History()
        self.board = empty_board(session_id, question_id)
        self.loaded = False  # the board of this scope has been read
        self.proposal: Proposal | None = None
        self.accepted: set[int] = set()
        self.marks: list[str] = []
        self.suggesting = False
        self.vectors_done: tuple[int, int] | None = None  # while suggesting: vectors computed
        self.pending_support: list[str] | None = None  # a new standalone recommendation's support
        self.requests = 0  # readings of the board asked for
        self.last_read_ms = 0.0  # how long the last one took, in its thread
        self.shown_at = 0.0  # time.perf_counter() when the last one was shown
        self.board_shown = asyncio.Event()  # set once the last reading asked for is on screen
        self._after_load: list[Callable[[], None]] = []
        self._bindings_for = (False, False)  # (a proposal is shown, the editor is open): the footer shows its keys

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # kept by reference: the screen still reaches its editor while it is being unmounted
        self._review_tree = ReviewTree(id="review-tree")
        self.editor = RecommendationEditor(id="review-editor")
        self.detail = DetailPane(id="review-detail-scroll")
        self.side = Vertical(id="review-side")
        yield ReviewHeader(id="review-header")
        with Horizontal(id="review-main"):
            yield self._review_tree
            with self.side:
                yield self.editor
                yield EditorHint("", id="review-editor-hint")
                yield self.detail
        yield Footer()

    def on_mount(self) -> None:
        self.store = self.app.store
        self.history = self.app.review_histories.setdefault(self.session_id, self.history)
        self.questions = self.store.questions(self.session_id)
        self.session = self.store.session(self.session_id)
        self.tree.focus()
        self.show_header()
        self.load_board()

    @property
    def review(self) -> Review:
        if self.question_id not in self.reviews:
            self.reviews[self.question_id] = Review(self.store, self.session_id, self.question_id, history=self.history)
        return self.reviews[self.question_id]

    @property
    def tree(self) -> ReviewTree:  # (over DOMNode.tree, a debugging view nobody here uses)
        return self._review_tree

    @property
    def editing(self) -> bool:
        return self.side.has_class("editing")

    @property
    def cursor(self) -> n.Node | None:
        node = self.tree.cursor_node
        return node.data if node is not None else None

    # --- showing -----------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Everything again from the board in hand (the proposal, the marks may have changed)."""
        self.tree.show(self.board, self.proposal, self.accepted, set(self.marks))
        self.show_header()
        self.show_detail()
        shown = (self.proposal is not None, self.editing)
        if shown != self._bindings_for:  # the footer is costly to redraw
            self._bindings_for = shown
            self.refresh_bindings()

    def _goto(self, node: n.Node) -> bool:
        """The cursor on ``node``, and its details beside."""
        if self.tree.goto(node):
            self.show_detail()
            return True
        return False

    def scope_label(self) -> str:
        if self.question_id is None:
            return "whole session"
        q = next((q for q in self.questions if q.id == self.question_id), None)
        return f"Q{q.position}" if q else "?"

    def show_header(self) -> None:
        header = self.query_one(ReviewHeader)
        if self.question_id is None:
            header.show_title("Review · whole session · ", self.session.title)
        else:
            q = next(q for q in self.questions if q.id == self.question_id)
            header.show_title(f"Review · Q{q.position} · ", q.text)
        header.show(self.board if self.loaded else None, suggesting=self.suggesting, vectors=self.vectors_done,
                    reading=self.loaded and not self.board_shown.is_set())

    def show_detail(self, node: n.Node | None = None) -> None:
        writing = Writing(self.editor.recommendation_id, self.editor.cluster_id) if self.editing else None
        self.detail.show(self.board, node or self.cursor, proposal=self.proposal, accepted=self.accepted,
                         writing=writing)

    def on_review_tree_highlighted(self, message: ReviewTree.Highlighted) -> None:
        if not self.editing:
            self.show_detail(message.node)

    def on_descendant_focus(self, event) -> None:
        # the keys that work depend on where the focus is: the hints follow
        if self.editing:
            self._editor_hint()
        if self.loaded:
            self.show_detail()

    def on_resize(self) -> None:
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        # Arabic lines and one-line summaries are cut to the pane's width
        if self.is_mounted:
            self.tree.fit()
            self.show_header()
            self.show_detail()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
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
            self.notify("Suggestions for the previous view were discarded.", timeout=3)
        self.question_id = question_id
        self.proposal = None
        self.accepted = set()
        self.marks = []
        self.board, self.loaded = empty_board(self.session_id, question_id), False
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
        # a closed screen may wait for the garbage collector (widgets refer to each other): the
        # board it holds, thousands of objects, goes at once
        self.board = empty_board(self.session_id, self.question_id)
        self.tree.shown = None
        self.detail.last = None
        collector.release()  # what the boards left in cycles goes now, at the screen switch

    def on_screen_resume(self) -> None:
        # back from another screen (capture, search...): contributions may have changed
        if self.loaded:
            self.load_board()

    def action_back(self) -> None:
        if self.editing:  # the editor is open beside the tree: close it first (saving)
            if self.save_editor():
                self._close_editor(self.editor.recommendation_id)
            return
        if self.proposal is not None:
            self.action_discard()
            return
        if self.marks:
            self.marks = []
            self.redraw()
            return
        self.app.pop_screen()

    def palette_commands(self):
        return palette_commands(self)


__all__ = ["ReviewScreen"]
