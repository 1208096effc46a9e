"""The rail of guiding questions: number and how many contributions each has.

Counts are kept in the widget and changed one at a time (``bump``), so saving a contribution
never recounts the session.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.core.models import Question
from facilitator.tui.bidi import display_line
from facilitator.tui.plain import follow


class QuestionRail(OptionList, can_focus=False):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.questions: list[Question] = []
        self.counts: dict[str, int] = {}
        self.current: str | None = None
        self.wide = False

    def load(self, questions: list[Question], counts: dict[str | None, int], current: str | None) -> None:
        self.questions = questions
        self.counts = {q.id: counts.get(q.id, 0) for q in questions}
        self.current = current
        self.clear_options()
        self.add_options([Option(self._prompt(q), id=q.id) for q in questions])
        self._highlight_current()

    def _prompt(self, q: Question) -> Text:
        mark = "▸" if q.id == self.current else " "
        count = self.counts.get(q.id, 0)
        text = Text.assemble((mark, "bold"), (f"Q{q.position:<3}", "bold" if q.id == self.current else ""), (f"{count:>4}", "dim"))
        if self.wide:
            room = 31  # the wide rail is 44 columns (capture.tcss)
            line = q.text.replace("\n", " ")
            if len(line) > room:
                line = line[: room - 1].rstrip() + "…"
            text.append("  " + display_line(line), style="dim")
        return text

    def _refresh(self, qid: str) -> None:
        for i, q in enumerate(self.questions):
            if q.id == qid:
                self.replace_option_prompt_at_index(i, self._prompt(q))
                return

    def _highlight_current(self) -> None:
        for i, q in enumerate(self.questions):
            if q.id == self.current:
                self.highlighted = i
                return

    def set_current(self, qid: str) -> None:
        old, self.current = self.current, qid
        if old:
            self._refresh(old)
        self._refresh(qid)
        self._highlight_current()
        # again once laid out: a redrawn line can leave the scroll clamped to the old size, and
        # the current question must be in view (at 80x24 the rail shows 10-12 of 14)
        self.call_after_refresh(self.scroll_to_highlight)

    def set_counts(self, counts: dict[str | None, int]) -> None:
        """The counts as they are now (another window saved): only the lines that changed."""
        for q in self.questions:
            n = counts.get(q.id, 0)
            if self.counts.get(q.id) != n:
                self.counts[q.id] = n
                self._refresh(q.id)

    def bump(self, qid: str | None, delta: int) -> None:
        if qid is None or qid not in self.counts:
            return
        self.counts[qid] = max(0, self.counts[qid] + delta)
        self._refresh(qid)

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def set_wide(self, wide: bool) -> None:
        if wide != self.wide:
            self.wide = wide
            self._redraw()

    def _redraw(self) -> None:
        """Lay every question out again (the width, or the Arabic display, changed)."""
        for i, q in enumerate(self.questions):
            self.replace_option_prompt_at_index(i, self._prompt(q))
