"""The middle of the screen: the rail of questions (with their counts) and the stream of this
question's contributions.

Loading the stream (the latest ``WINDOW`` contributions, more on request), and following a
saved contribution that changed (edited, moved, deleted, restored, flagged): the stream, the
rail's counts and the status line. This is where the rail and the stream are read again from
the store; a save only appends one entry and bumps one count (:mod:`.saving`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.core.errors import FacilitatorError
from facilitator.core.models import Contribution
from facilitator.tui.widgets.contribution_stream import WINDOW

from .modes import TYPING

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Middle:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen

    def load_rail(self) -> None:
        """The rail's questions and counts, read again."""
        screen = self.screen
        screen.rail.load(screen.questions, screen.store.question_counts(screen.session_id), screen.question.id)

    def load_stream(self, show: int = WINDOW, include_seq: int | None = None) -> None:
        """The latest ``show`` contributions of this question (or from ``include_seq`` on)."""
        screen = self.screen
        q = screen.question
        total = screen.rail.counts.get(q.id, 0)
        if include_seq is not None:
            before = screen.store.contributions_before(screen.session_id, q.id, include_seq)
            show = max(show, total - before)
        offset = max(0, total - show)
        items = screen.store.contributions(screen.session_id, question_id=q.id, limit=total + 1000, offset=offset)
        screen.stream.load(items, earlier=offset)

    def show_earlier(self) -> None:
        """The line "▲ N earlier contributions": shows them (changes nothing)."""
        stream = self.screen.stream
        first = next(iter(stream.entries), None)
        self.load_stream(show=len(stream.entries) + WINDOW)
        if first:
            stream.select_id(first)

    def live(self, tables: frozenset[str]) -> None:
        """Another window or a command wrote: the rail's counts, this question's stream, the
        people and the status line show what is there now. What is being typed, the mode and
        the entry chosen in the list stay as they are."""
        screen = self.screen
        store = screen.store
        if tables & {"participant", "panelist"}:
            screen.speakers.resumed()
            screen.floor.resumed()
            screen.speakers.show()
        if not tables & {"contribution", "participant"}:
            return
        screen.rail.set_counts(store.question_counts(screen.session_id))
        stream = screen.stream
        q = screen.question
        total = screen.rail.counts.get(q.id, 0)
        first = next(iter(stream.entries.values()), None)
        if first is not None and first.question_id == q.id:
            # from the first one shown on: new ones are appended, nothing above is read again
            offset = store.contributions_before(screen.session_id, q.id, first.seq)
        else:
            offset = max(0, total - WINDOW)
        items = store.contributions(screen.session_id, question_id=q.id, limit=max(WINDOW, total - offset),
                                    offset=offset)
        stream.sync(items, earlier=offset, follow=screen.mode == TYPING)  # the list and an edit keep their entry
        last = screen.saving.last_saved
        if last is not None:
            try:
                screen.composing.show_status(store.contribution(last.id))
            except FacilitatorError:
                pass

    def changed(self, c: Contribution) -> None:
        """A saved contribution changed (edited, moved, deleted, restored, flagged): the rail,
        the stream and the status line follow."""
        screen = self.screen
        stream = screen.stream
        here = c.question_id == screen.question.id and c.deleted_at is None
        if c.id in stream.entries and here:
            stream.replace(c)
        else:
            self.load_rail()
            if here:
                self.load_stream(show=max(WINDOW, len(stream.entries) + 1), include_seq=c.seq)
                stream.select_id(c.id)
            elif c.id in stream.entries:
                stream.remove_entry(c.id)
        last = screen.saving.last_saved
        if last is not None and c.id == last.id:
            screen.composing.show_status(c)
        # (an emptied list stays the list until escape or a letter: escape then never leaves the screen)
