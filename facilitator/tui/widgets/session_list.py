"""The list of sessions on the home screen: date, title, questions, contributions, one row each.

An ``OptionList`` rather than a ``DataTable``: its rows are drawn in the very first frame (a
``DataTable`` lays its rows out when idle, a frame later, which start-up measures), and the
home screen needs no more than rows in columns. An Arabic title is shown right to left
(:mod:`facilitator.tui.bidi`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.core.records import Session
from facilitator.tui.bidi import display_line
from facilitator.tui.plain import follow

DATE_W, QUESTIONS_W, CONTRIBUTIONS_W = 10, 9, 13
GAP = "  "
BEFORE_LAYOUT_W = 76  # the width assumed until the widget knows its own


def _columns(date: str, title: str, questions: str, contributions: str, total: int, styles=("", "", "")) -> Text:
    """One line of the list (or its header) laid out in ``total`` cells; the title takes what
    the other columns leave, cut at its logical end (an Arabic title reads right to left)."""
    width = max(10, total - DATE_W - QUESTIONS_W - CONTRIBUTIONS_W - 3 * len(GAP))
    title = display_line(" ".join(title.split()), width)
    return Text.assemble(
        (f"{date:<{DATE_W}}", styles[0]),
        GAP,
        (title + " " * max(0, width - cell_len(title)), styles[1]),
        GAP,
        (f"{questions:>{QUESTIONS_W}}", styles[2]),
        GAP,
        (f"{contributions:>{CONTRIBUTIONS_W}}", styles[2]),
        no_wrap=True,
    )


class SessionListHeader(Widget):
    """The column names above the list, laid out for the width it is given."""

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Text:
        return _columns("Date", "Title", "Questions", "Contributions", self.content_size.width or BEFORE_LAYOUT_W)


class SessionList(OptionList):
    """The sessions, newest first; each option's id is the session id."""

    def __init__(self, sessions: Sequence[Session] = (), **kwargs) -> None:
        self.sessions: list[Session] = list(sessions)
        self._width = 0
        super().__init__(*[Option(self._prompt(s, BEFORE_LAYOUT_W), id=s.id) for s in self.sessions], **kwargs)

    @staticmethod
    def _prompt(s: Session, total: int) -> Text:
        return _columns(s.date.isoformat(), s.title, str(s.question_count), f"{s.contribution_count:,}", total,
                        styles=("dim", "bold", ""))

    def load(self, sessions: list[Session]) -> None:
        """Show ``sessions``, keeping the one under the cursor selected if it is still there."""
        selected = self.selected_id
        self.sessions = list(sessions)
        total = self.scrollable_content_region.width or BEFORE_LAYOUT_W
        self._width = total
        self.clear_options()
        self.add_options([Option(self._prompt(s, total), id=s.id) for s in self.sessions])
        if self.sessions:
            ids = [s.id for s in self.sessions]
            self.highlighted = ids.index(selected) if selected in ids else 0

    @property
    def selected_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def on_resize(self) -> None:
        total = self.scrollable_content_region.width
        if total and total != self._width:
            self._width = total
            self._redraw()

    def _redraw(self) -> None:
        """Lay the rows out again (the width, or the Arabic display, changed)."""
        total = self._width or BEFORE_LAYOUT_W
        for i, s in enumerate(self.sessions):
            self.replace_option_prompt_at_index(i, self._prompt(s, total))
