"""The review's steps, one after another in a thread of their own with its own connection.

A step (park an idea, accept suggestions, undo) is one short transaction; but with 20,000 ideas
some write thousands of rows (accepting suggestions for the whole session, or undoing that) and
every commit waits for the disk. None of that holds the UI thread: the screen hands each step
to :class:`StepRunner`, which runs them in the order they were given, in its thread, with a
:class:`~facilitator.core.review.Review` of the step's scope on its own connection and the
screen's undo :class:`~facilitator.core.review.History`. Each outcome comes back as a
:class:`StepDone` message; what is to happen after the step (a notice, the board read again,
the cursor on a new cluster) happens then, on the UI thread.

The recommendation editor's saves are not steps: they are written at once on the UI thread,
so that the editor says "saved" only when the text is on disk (they are one short row).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from facilitator.core.errors import FacilitatorError, FileChanged
from facilitator.core.review import History, Review
from facilitator.tui.background import Tell
from facilitator.tui.idle import user_waits


class StepDone(Message):
    """A step was run: its ``result`` (or the ``error`` that stopped it, nothing written), and
    ``label``: what it did, as undo will name it (None: nothing to undo)."""

    def __init__(self, job: Job, result: Any, error: FacilitatorError | None, label: str | None) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error
        self.label = label


@dataclass(frozen=True)
class Job:
    question_id: str | None  # the scope the step was asked in
    step: Callable[[Review], Any]
    then: Callable[[Any, str | None], None] | None  # on the UI thread: (result, label)
    failed: Callable[[FacilitatorError], None] | None


class StepRunner:
    """Runs steps in order in its own thread (started at once); :meth:`close` waits for those
    given and closes its connection."""

    def __init__(self, path: Path, identity: object, session_id: str, history: History, tell: Tell) -> None:
        self.path = path
        self.identity = identity  # the database file the window opened (dbfile.identity)
        self.session_id = session_id
        self.history = history
        self.tell = tell
        self.jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="review-steps", daemon=True)
        self.thread.start()

    def submit(self, job: Job) -> None:
        self.jobs.put(job)

    def close(self, timeout: float | None = 60) -> None:
        """No more steps: run those given, then stop (waits up to ``timeout`` seconds)."""
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout)

    def _run(self) -> None:
        from facilitator.core import dbfile
        from facilitator.core.store import Store

        store = None
        opened: FacilitatorError | None = None
        try:
            store = Store.open(self.path, create=False)
            if dbfile.identity(store.path) != self.identity:
                raise FileChanged(f"{self.path} is no longer the database this window opened; nothing was "
                                  "changed (quit and open it again)")
        except (FacilitatorError, sqlite3.Error) as exc:
            opened = exc if isinstance(exc, FacilitatorError) else FacilitatorError(f"{self.path}: {exc}")
        try:
            while (job := self.jobs.get()) is not None:
                if opened is not None or store is None:
                    self.tell(StepDone(job, None, opened or FacilitatorError("no connection"), None))
                    continue
                with user_waits():  # no full collection meanwhile (tui/idle.py)
                    self._one(store, job)
        finally:
            if store is not None:
                store.close()

    def _one(self, store: Any, job: Job) -> None:
        review = Review(store, self.session_id, job.question_id, history=self.history)
        count, last = len(self.history.undo), self.history.undo[-1] if self.history.undo else None
        try:
            result = job.step(review)
        except FacilitatorError as exc:
            self.tell(StepDone(job, None, exc, None))
            return
        except sqlite3.Error as exc:  # a write becomes WriteFailed; a read can still fail (damage)
            self.tell(StepDone(job, None, FacilitatorError(f"the database could not be read: {exc}"), None))
            return
        top = self.history.undo[-1] if self.history.undo else None
        # a step (or a redo) put an entry on the undo stack: what it did; an undo took one off
        label = top[0] if top is not None and top is not last and len(self.history.undo) >= count else None
        self.tell(StepDone(job, result, None, label))


__all__ = ["Job", "StepDone", "StepRunner"]
