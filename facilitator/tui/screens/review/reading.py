"""Reading the review's board: in a worker thread with its own read-only connection, reported
by :class:`~.messages.BoardLoaded`; the UI thread only draws it. Part of
:class:`~.screen.ReviewScreen`.

Every change asks for a new reading (:meth:`BoardReading.load_board`); a newer request makes an
older reading's result go unused, and what was to happen once the board is shown (``then``:
the cursor on a new cluster, say) happens when the newest one is.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.worker import get_current_worker

from facilitator.core.errors import FacilitatorError
from facilitator.tui.background import Tell, run_for

from . import messages
from .base import ReviewBase

READING_NOTE = 0.25  # seconds: a reading of the board longer than this is said above the tree


def read_in_thread(path: Path, identity: object, session_id: str, question_id: str | None, request: int,
                   tell: Tell) -> None:
    """In a worker thread, with its own read-only connection to the same file: the board, told
    by :class:`~.messages.BoardLoaded` (or :class:`~.messages.BoardFailed`)."""
    from facilitator.core import dbfile
    from facilitator.core.review import read_board
    from facilitator.core.store import Store
    from facilitator.tui import bidi

    started = time.perf_counter()
    try:
        store = Store.open(path, create=False, write=False)
        try:
            if dbfile.identity(store.path) != identity:
                raise FacilitatorError(f"{store.path} is no longer the database this window opened; "
                                       "nothing was read (quit and open it again)")
            board = read_board(store, session_id, question_id)
        finally:
            store.close()
        bidi.warm_up()  # what drawing Arabic needs is set up here, not on the UI thread
    except (FacilitatorError, sqlite3.Error) as exc:
        tell(messages.BoardFailed(str(exc), request))
        return
    if not get_current_worker().is_cancelled:
        tell(messages.BoardLoaded(board, request, time.perf_counter() - started))


class BoardReading(ReviewBase):
    """Reading the board, and knowing when the board shown is the one asked for last."""

    def load_board(self, then: Callable[[], object] | None = None) -> None:
        """Read the board again, in a worker thread; ``then`` runs once it is on screen."""
        self.requests += 1
        self.board_shown.clear()
        if then is not None:
            self.after_load.append(then)
        self.seen_version = self.database_version()
        run_for(self, partial(read_in_thread, self.store.path, self.store.identity.db, self.session_id,
                              self.question_id, self.requests),
                group="review-board", description="read the board")
        self.set_timer(READING_NOTE, self._note_reading)

    def _note_reading(self) -> None:
        # a reading (or a step) that takes a while (a whole session of thousands) says so above the tree
        if self.is_mounted and not self.board_shown.is_set():
            self.show_header()

    def step_sent(self) -> None:
        """A step went to the steps' thread: the board shown is not the last word until it is
        done and the board read again."""
        self.pending_steps += 1
        self.board_shown.clear()
        self.set_timer(READING_NOTE, self._note_reading)

    def step_done(self) -> None:
        self.pending_steps -= 1
        self._maybe_shown()

    def _maybe_shown(self) -> None:
        """The board asked for last is shown and no step is pending: say so (tests and the
        benchmark wait for it; the header's "reading…" goes)."""
        if self.pending_steps == 0 and self.shown_request == self.requests:
            self.shown_at = time.perf_counter()
            self.board_shown.set()
            self.show_header()

    def on_board_loaded(self, message: messages.BoardLoaded) -> None:
        if message.request != self.requests:
            return  # a newer reading is on its way
        self.board, self.loaded = message.board, True
        self.shown_request = message.request
        self.last_read_ms = message.seconds * 1000
        if self.marks:
            live = self.board.live_ids()
            self.marks = [m for m in self.marks if m in live]
        self.redraw()
        after, self.after_load = self.after_load, []
        for step in after:
            step()
        self._maybe_shown()

    def on_board_failed(self, message: messages.BoardFailed) -> None:
        if message.request != self.requests:
            return
        self.after_load = []
        self.say(message.message, severity="error", timeout=8)
        self.shown_request = message.request
        self._maybe_shown()
