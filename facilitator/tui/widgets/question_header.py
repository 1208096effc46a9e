"""The current guiding question, always in view: its number, the clock against its allotment,
and its full text (an Arabic question wrapped, reordered and flush right, at the width it is
drawn at: :class:`~facilitator.tui.plain.Paragraph`)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Static

from facilitator.core.models import Question
from facilitator.tui.bidi import has_rtl
from facilitator.tui.plain import Paragraph, follow


class QuestionNumber(Static):
    """``Q3 of 14``."""


class QuestionText(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question: Question | None = None

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def _redraw(self) -> None:
        self.refresh(layout=True)  # laid out when drawn: drawing again is enough

    def show(self, q: Question) -> None:
        self.question = q
        # Latin text as Textual wraps it; text holding Arabic laid out when drawn
        self.update(Paragraph(q.text) if has_rtl(q.text) else Text(q.text))


class QuestionBar(Horizontal):
    """The line above the question text: number, and (beside it) the question clock."""
