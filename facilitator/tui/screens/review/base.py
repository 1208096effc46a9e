"""What the review screen's parts share: its state, its widgets, drawing, and the typed names
each part calls on another.

:class:`~.screen.ReviewScreen` is made of parts by job (:mod:`.reading`, :mod:`.suggesting`,
:mod:`.curating`, :mod:`.writing`), each a subclass of :class:`ReviewBase`, so that each part
sees the same typed attributes and methods. A method one part offers the others is declared
here (and raises ``NotImplementedError``), and defined by the part it belongs to; the screen
class puts them together.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.containers import Vertical

from facilitator.core.errors import FacilitatorError
from facilitator.core.records import Question, Session
from facilitator.core.review import Board, History, Proposal, Review
from facilitator.core.store import Store
from facilitator.tui.screens.base import AppScreen

from . import nodes as n
from .detail import DetailPane, Writing
from .editor import RecommendationEditor
from .header import ReviewHeader
from .tree import ReviewTree

if TYPE_CHECKING:
    from facilitator.tui.autosave import Autosave

    from .steps import StepRunner

T = TypeVar("T")
Step = Callable[[Review], T]  # a change, run in the steps' thread with that thread's Review of the scope


class ReviewBase(AppScreen):
    """The review's state and drawing; see the module's docstring."""

    session_id: str
    question_id: str | None  # the scope: one question, or the whole session (None)
    method: str | None  # the clustering method (None: the engine's default)
    store: Store  # the app's connection (the UI thread's): reads, and the recommendation editor's saves
    history: History
    questions: list[Question]
    session: Session
    board: Board
    loaded: bool  # the board of this scope has been read
    proposal: Proposal | None
    accepted: set[int]  # suggested clusters accepted from the proposal shown
    marks: list[str]
    suggesting: bool
    vectors_done: tuple[int, int] | None  # while suggesting: vectors computed so far
    pending_support: list[str] | None  # a new standalone recommendation's support
    requests: int  # readings of the board asked for
    last_read_ms: float  # how long the last one took, in its thread
    shown_at: float  # time.perf_counter() when the last one was shown
    board_shown: asyncio.Event  # set once the last reading asked for is on screen and no step is pending
    steps: StepRunner
    editor_autosave: Autosave  # the editor's text, this window's draft as it is typed
    _drafts_offered: set[tuple[str, str]]  # drafts of closed windows offered here (window, when)
    review_tree: ReviewTree
    editor: RecommendationEditor
    detail: DetailPane
    side: Vertical

    def __init__(self, session_id: str, question_id: str | None = None, *, method: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.question_id = question_id
        self.method = method
        self.reviews: dict[str | None, Review] = {}  # one per scope, on the app's connection
        # shared by the scopes, and kept by the app for the session while it runs: ctrl+z takes
        # back the last step anywhere, also after leaving the review and coming back
        self.history = History()
        self.board = Board.empty(session_id, question_id)
        self.loaded = False
        self.proposal = None
        self.accepted = set()
        self.marks = []
        self.suggesting = False
        self.vectors_done = None
        self.pending_support = None
        self.requests = 0
        self.shown_request = 0  # the reading whose board (or failure) is shown
        self.last_read_ms = 0.0
        self.shown_at = 0.0
        self.board_shown = asyncio.Event()
        self.after_load: list[Callable[[], object]] = []  # to do once the board asked for last is shown
        self.pending_steps = 0  # steps sent to the steps' thread and not done yet
        self.seen_version: tuple[int, int] | None = None  # the database when the board was last asked for

    # --- what every part reaches ---------------------------------------------------------------------

    @property
    def review(self) -> Review:
        """The scope's review on the app's connection (the UI thread's): for reads, and the
        editor's saves; every other change goes through :attr:`steps`."""
        if self.question_id not in self.reviews:
            self.reviews[self.question_id] = Review(self.store, self.session_id, self.question_id, history=self.history)
        return self.reviews[self.question_id]

    @property
    def tree(self) -> ReviewTree:  # type: ignore[override]  # (over DOMNode.tree, a debugging view nobody here uses)
        return self.review_tree

    @property
    def editing(self) -> bool:
        return self.side.has_class("editing")

    @property
    def cursor(self) -> n.Node | None:
        node = self.tree.cursor_node
        return node.data if node is not None else None

    # --- drawing ---------------------------------------------------------------------------------

    def show_header(self) -> None:
        header = self.query_one(ReviewHeader)
        if self.question_id is None:
            header.show_title("Review · whole session · ", self.session.title)
        else:
            q = next(q for q in self.questions if q.id == self.question_id)
            header.show_title(f"Review · Q{q.position} · ", q.text)
        header.show(self.board if self.loaded else None, suggesting=self.suggesting, vectors=self.vectors_done,
                    reading=self.loaded and not self.board_shown.is_set(), saving=self.pending_steps > 0)

    def show_detail(self, node: n.Node | None = None) -> None:
        writing = Writing(self.editor.recommendation_id, self.editor.cluster_id) if self.editing else None
        self.detail.show(self.board, node or self.cursor, proposal=self.proposal, accepted=self.accepted,
                         writing=writing, with_hints=not self.has_class("-narrow"))

    def goto(self, node: n.Node) -> bool:
        """The cursor on ``node``, and its details beside."""
        if self.tree.goto(node):
            self.show_detail()
            return True
        return False

    def cluster_name(self, kid: str | None) -> str:
        k = self.board.cluster(kid)
        return f"{k.ref} {k.label}" if k else "the cluster"

    def say(self, message: str, *, timeout: float = 4, severity: Any = "information") -> None:
        """A notice (never over the editor: see review.tcss)."""
        self.notify(message, timeout=timeout, severity=severity)

    # --- offered by one part to the others ------------------------------------------------------------

    def redraw(self) -> None:
        """Everything again from the board in hand (:mod:`.screen`)."""
        raise NotImplementedError

    def database_version(self) -> tuple[int, int]:
        """What changed in the database, as this window's connection sees it (:mod:`.screen`)."""
        raise NotImplementedError

    def load_board(self, then: Callable[[], object] | None = None) -> None:
        """Read the board again in a worker thread; ``then`` once it is shown (:mod:`.reading`)."""
        raise NotImplementedError

    def step_sent(self) -> None:
        """A step went to the steps' thread (:mod:`.reading`)."""
        raise NotImplementedError

    def step_done(self) -> None:
        """A step sent to the steps' thread came back (:mod:`.reading`)."""
        raise NotImplementedError

    def refresh_footer(self) -> None:
        """The footer's keys follow the cursor, the marks and the focus (:mod:`.screen`)."""
        raise NotImplementedError

    def curate(self, step: Step[Any], *, clear_marks: bool = True, focus: n.Node | None = None,
               follow: bool = True) -> None:
        """Run a step, say what it did, read the board again (:mod:`.curating`)."""
        raise NotImplementedError

    def contributions_at_cursor(self) -> list[str]:
        """The marked ideas, else the one under the cursor (:mod:`.curating`)."""
        raise NotImplementedError

    def done_words(self, label: str | None) -> str:
        """The notice after a step: what it did, as undo will say it (:mod:`.curating`)."""
        raise NotImplementedError

    def editor_hint(self) -> None:
        """The line under the editor (:mod:`.writing`)."""
        raise NotImplementedError

    def close_editor(self, rid: str | None) -> None:
        """Close the editor, the cursor on the recommendation (:mod:`.writing`)."""
        raise NotImplementedError

    def keep_typed_text(self) -> None:
        """The screen goes away: save what is typed in the editor, or rescue it (:mod:`.writing`)."""
        raise NotImplementedError

    def do_step(self, step: Step[T], then: Callable[[T, str | None], None] | None = None, *,
                failed: Callable[[FacilitatorError], None] | None = None) -> None:
        """Send ``step`` to the steps' thread; ``then(result, what it did)`` on the UI thread
        afterwards (:mod:`.curating`)."""
        raise NotImplementedError

    def save_editor(self, *, draft_too: bool = False, quitting: bool = False) -> bool:
        """Save what is in the recommendation editor (:mod:`.writing`)."""
        raise NotImplementedError

    def action_discard(self) -> None:
        """Put the suggestions shown away (:mod:`.suggesting`)."""
        raise NotImplementedError


__all__ = ["ReviewBase", "Step"]
