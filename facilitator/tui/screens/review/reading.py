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

from textual import work
from textual.worker import get_current_worker

from facilitator.core.errors import FacilitatorError
from facilitator.core.review import Board
from facilitator.tui import collector

from . import messages

READING_NOTE = 0.25  # seconds: a reading of the board longer than this is said above the tree


class BoardReading:
    """Mixed into :class:`~.screen.ReviewScreen`."""

    def load_board(self, then: Callable[[], None] | None = None, *, afresh: bool = False) -> None:
        """Read the board again, in a worker thread; ``then`` runs once it is on screen. The
        contributions of the board shown are taken again where they have not changed, unless
        ``afresh``."""
        self.requests += 1
        self.board_shown.clear()
        if then is not None:
            self._after_load.append(then)
        reuse = self.board if self.loaded and not afresh else None
        # the board goes in a list the worker empties: a finished worker (kept until the garbage
        # collector frees it, and set aside with what is frozen) must not hold an old board
        self._read_board(self.requests, self.question_id, self.store.identity.db, [reuse])
        self.set_timer(READING_NOTE, self._note_reading)

    def _note_reading(self) -> None:
        # a reading that takes a while (a whole session of thousands) says so above the tree
        if self.is_mounted and not self.board_shown.is_set():
            self.show_header()

    @work(thread=True, exclusive=True, group="review-board", exit_on_error=False, description="read the board")
    def _read_board(self, request: int, question_id: str | None, identity, handed: list[Board | None]) -> None:
        """In a worker thread, with its own read-only connection to the same file."""
        reuse = handed.pop()
        from facilitator.core import dbfile
        from facilitator.core.review import read_board
        from facilitator.tui import bidi
        from facilitator.core.store import Store

        started = time.perf_counter()
        try:
            store = Store.open(self.store.path, create=False, write=False)
            try:
                if dbfile.identity(store.path) != identity:
                    raise FacilitatorError(f"{store.path} is no longer the database this window opened; "
                                           "nothing was read (quit and open it again)")
                with collector.paused():  # a full collection here would hold the UI thread too
                    board = read_board(store, self.session_id, question_id, reuse=reuse)
            finally:
                store.close()
            bidi.warm_up()  # what drawing Arabic needs is set up here, not on the UI thread
        except (FacilitatorError, sqlite3.Error) as exc:
            self._tell(messages.BoardFailed(str(exc), request))
            return
        if not get_current_worker().is_cancelled:
            self._tell(messages.BoardLoaded(board, request, time.perf_counter() - started))

    def _tell(self, message) -> None:
        """Post from a worker thread (nothing to do once the app is closing)."""
        try:
            self.post_message(message)
        except RuntimeError:
            pass

    def on_board_loaded(self, message: messages.BoardLoaded) -> None:
        if message.request != self.requests:
            return  # a newer reading is on its way
        self.board, self.loaded = message.board, True
        self.last_read_ms = message.seconds * 1000
        if self.marks:
            live = self.board.live_ids()
            self.marks = [m for m in self.marks if m in live]
        self.redraw()
        after, self._after_load = self._after_load, []
        for step in after:
            step()
        self.shown_at = time.perf_counter()
        self.board_shown.set()
        self.show_header()  # drawn above while the reading still counted as going on: no "reading…"
        collector.keep()  # the board shown is left out of later collections (see collector.py)

    def on_board_failed(self, message: messages.BoardFailed) -> None:
        if message.request != self.requests:
            return
        self._after_load = []
        self.notify(message.message, severity="error", timeout=8)
        self.board_shown.set()
