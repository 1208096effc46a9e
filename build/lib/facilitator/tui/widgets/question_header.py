"""The current guiding question, always in view: its number, the clock against its allotment,
and its full text (Arabic reordered for display)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Static

from facilitator.core.models import Question
from facilitator.tui.bidi import display_lines, has_rtl


class QuestionNumber(Static):
    """``Q3 of 14``."""


class QuestionText(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question: Question | None = None
        self._width = 0

    def show(self, q: Question) -> None:
        self.question = q
        self._render_text()

    def _render_text(self) -> None:
        q = self.question
        if q is None:
            return
        width = max(10, self.content_region.width or 70)
        self._width = width
        if has_rtl(q.text):
            self.update(Text("\n".join(display_lines(q.text, width))))
        else:
            self.update(Text(q.text))

    def on_resize(self) -> None:
        if self.question is not None and self.content_region.width != self._width:
            self._render_text()


class QuestionBar(Horizontal):
    """The line above the question text: number, and (beside it) the question clock."""
