"""The list of activities: an ``OptionList`` (fine for long lists), grouped by status, area,
lens or lead, overdue and stalled first. Each group is headed by a line that cannot be chosen;
each activity is one line: its reference, status, progress, a note on its dates, its lead and
what is to be done. User text is ``Text`` (never markup), Arabic shown right to left."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.core.followup.model import Activity
from facilitator.core.followup.views import Group, due_note
from facilitator.tui import bidi

KIND_STYLE = {"attention": "bold yellow", "closed": "green", "open": ""}
LATE_STYLE = "bold red"


def _cell(text: str, width: int) -> str:
    shown = bidi.display_line(text, width) if text else ""
    return shown + " " * max(0, width - cell_len(shown))


def activity_prompt(a: Activity, today: dt.date, width: int) -> Text:
    """One activity on one line of ``width`` cells."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{a.ref} ", style="bold")
    line.append(_cell(a.status, 10) + " ", style=KIND_STYLE.get(a.status_kind, ""))
    line.append(f"{a.progress:>3}% " if a.progress is not None else "  –% ", style="dim")
    note = due_note(a, today)
    line.append(_cell(note, 10) + " ", style=LATE_STYLE if a.overdue_days(today) else "dim")
    lead_width = 18 if width >= 70 else 12
    line.append(_cell(a.lead or "—", lead_width) + " ", style="italic")
    room = max(4, width - line.cell_len)
    line.append(bidi.display_line(a.title, room))
    return line


def heading_prompt(g: Group, width: int) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(bidi.display_line(g.label, max(8, width - 30)), style="bold reverse")
    parts = [f"{len(g.activities)}"]
    if g.overdue:
        parts.append(f"{g.overdue} overdue")
    text.append("  " + " · ".join(parts), style="dim")
    return text


class ActivityList(OptionList):
    """The activities in groups; ``ActivityList.Highlighted`` says which activity the cursor is on."""

    class Moved(Message):
        """The cursor is on another activity (or on none)."""

        def __init__(self, activity_id: str | None) -> None:
            super().__init__()
            self.activity_id = activity_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.groups: list[Group] = []
        self.today = dt.date.today()

    def text_width(self) -> int:
        return max(40, (self.scrollable_content_region.width or self.size.width or 78) - 1)

    def show(self, groups: list[Group], today: dt.date, select: str | None = None) -> None:
        """Draw the groups; the cursor goes to ``select`` (else to the first activity)."""
        keep = select or self.current
        self.groups, self.today = groups, today
        width = self.text_width()
        options: list[Option] = []
        for n, g in enumerate(groups):
            options.append(Option(heading_prompt(g, width), id=f"group:{n}", disabled=True))
            options += [Option(activity_prompt(a, today, width), id=a.id) for a in g.activities]
        self.set_options(options)
        index = None
        if keep:
            try:
                index = self.get_option_index(keep)
            except Exception:  # noqa: BLE001  (OptionDoesNotExist: it is gone; the first one)
                index = None
        if index is None:
            index = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = index
        self.post_message(self.Moved(self.current))

    @property
    def current(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled or option.id is None else option.id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Moved(self.current))

    def on_resize(self) -> None:
        if self.groups:
            self.show(self.groups, self.today)
