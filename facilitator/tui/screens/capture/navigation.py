"""Moving between the guiding questions: ``f5``/``f6`` (``alt+up``/``alt+down``), ``ctrl+g``
by number or words, a click on the rail.

Entering a question shows it, records the visit (:mod:`.clocks`) and loads its stream
(:mod:`.middle`); leaving it ends the speaker's turn, and the draft follows to the new question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.tui.widgets.picker import Picked, question_items, question_matcher
from facilitator.tui.widgets.question_header import QuestionNumber, QuestionText

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Navigation:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen

    def enter(self) -> None:
        """Show the current question and its contributions; record the visit."""
        screen = self.screen
        q = screen.question
        screen.clocks.visit(q)
        screen.query_one("#question-number", QuestionNumber).update(f"Q{q.position} of {len(screen.questions)}")
        screen.query_one(QuestionText).show(q)
        screen.rail.set_current(q.id)
        screen.middle.load_stream()
        screen.clocks.tick()

    def go_to(self, index: int) -> None:
        screen = self.screen
        if not 0 <= index < len(screen.questions) or index == screen.question_index:
            return
        screen.drafts.flush()
        screen.floor.turns.end(screen.now())  # leaving the question ends the speaker's turn
        screen.question_index = index
        self.enter()
        screen.drafts.flush(force=True)  # the draft (and the turn) now belong to this question

    def go_to_id(self, question_id: str | None) -> None:
        for i, q in enumerate(self.screen.questions):
            if q.id == question_id:
                self.go_to(i)

    def previous(self) -> None:
        screen = self.screen
        if screen.question_index == 0:
            screen.notify("This is the first question.", timeout=2)
        self.go_to(screen.question_index - 1)

    def next(self) -> None:
        screen = self.screen
        if screen.question_index == len(screen.questions) - 1:
            screen.notify("This is the last question.", timeout=2)
        self.go_to(screen.question_index + 1)

    def pick(self) -> None:
        """``ctrl+g``: go to a question by its number or words."""
        screen = self.screen

        def chosen(picked: Picked | None) -> None:
            if picked and picked.key:
                self.go_to(next(i for i, q in enumerate(screen.questions) if q.id == picked.key))

        items = question_items(screen.questions, screen.rail.counts, width=max(30, screen.size.width - 16))
        screen.picking.open("Go to question", items, matcher=question_matcher(items), placeholder="number or words",
                            current=screen.question.id, on_done=chosen)
