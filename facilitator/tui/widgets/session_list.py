"""The list of sessions on the home screen: date, title, questions, contributions, one row each.

An ``OptionList`` rather than a ``DataTable``: its rows are drawn in the very first frame (a
``DataTable`` lays its rows out when idle, a frame later, which start-up measures), and the
home screen needs no more than rows in columns. An Arabic title is shown right to left
(:mod:`facilitator.tui.bidi`).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.core.records import Session
from facilitator.tui.bidi import display_line

DATE_W, QUESTIONS_W, CONTRIBUTIONS_W = 10, 9, 13
GAP = "  "


def _title_width(total: int) -> int:
    return max(10, total - DATE_W - QUESTIONS_W - CONTRIBUTIONS_W - 3 * len(GAP))


class SessionListHeader(Widget):
    """The column names above the list, laid out for the width it is given."""

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Text:
        width = _title_width(self.content_size.width or 76)
        return Text(
            f"{'Date':<{DATE_W}}{GAP}{'Title':<{width}}{GAP}{'Questions':>{QUESTIONS_W}}{GAP}{'Contributions':>{CONTRIBUTIONS_W}}",
            no_wrap=True,
        )


class SessionList(OptionList):
    """The sessions, newest first; each option's id is the session id."""

    def __init__(self, sessions: list[Session] = (), **kwargs) -> None:
        self.sessions: list[Session] = list(sessions)
        self._width = 0
        super().__init__(*[Option(self._prompt(s, 76), id=s.id) for s in self.sessions], **kwargs)

    def _prompt(self, s: Session, total: int) -> Text:
        width = _title_width(total)
        title = display_line(" ".join(s.title.split()), width)
        return Text.assemble(
            (f"{s.date.isoformat():<{DATE_W}}", "dim"),
            GAP,
            (title + " " * max(0, width - Text(title).cell_len), "bold"),
            GAP,
            f"{s.question_count:>{QUESTIONS_W}}",
            GAP,
            f"{s.contribution_count:>{CONTRIBUTIONS_W},}",
        )

    def load(self, sessions: list[Session]) -> None:
        """Show ``sessions``, keeping the one under the cursor selected if it is still there."""
        selected = self.selected_id
        self.sessions = list(sessions)
        total = self.scrollable_content_region.width or 76
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

    def on_resize(self) -> None:
        total = self.scrollable_content_region.width
        if total and total != self._width:
            self._width = total
            for i, s in enumerate(self.sessions):
                self.replace_option_prompt_at_index(i, self._prompt(s, total))
