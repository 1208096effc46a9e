"""The list of activities: an ``OptionList`` (fine for long lists), grouped by status, area,
lens or lead, overdue and stalled first. Each group is headed by a line that cannot be chosen;
each activity is one line: its reference, status, progress, a note on its dates, its lead and
what is to be done. User text is ``Text`` (never markup), each field through the one display
path (:func:`facilitator.tui.plain.shown`: Arabic right to left in its place, cut at its logical
end); the lines are made again when the Arabic display changes (the screen follows it)."""

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
from facilitator.tui.plain import shown

KIND_STYLE = {"attention": "bold yellow", "closed": "green", "open": ""}
LATE_STYLE = "bold red"


def _cell(text: str, width: int) -> str:
    field = shown(text, width) if text else ""
    return field + " " * max(0, width - cell_len(field))


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
    line.append(shown(a.title, room))
    return line


def heading_prompt(g: Group, width: int) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(shown(g.label, max(8, width - 30)), style="bold reverse")
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

    MAX_ROWS = 11  # the list's height at most; the pane below takes the rest

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.groups: list[Group] = []
        self.today = dt.date.today()
        self.drawn_width = 0  # the width the prompts were made for
        self._prompts: dict[tuple, Text] = {}  # what an activity's line looks like -> its line

    def text_width(self) -> int:
        """The cells a line may take: the width less a scroll bar, whether or not one shows yet
        (so the lines are not made again when it comes)."""
        return max(40, (self.size.width or 80) - self.styles.scrollbar_size_vertical - 1)

    def show(self, groups: list[Group], today: dt.date, select: str | None = None) -> None:
        """Draw the groups; the cursor goes to ``select`` (else to the first activity)."""
        keep = select or self.current
        self.groups, self.today = groups, today
        width = self.text_width()
        options: list[Option] = []
        for n, g in enumerate(groups):
            options.append(Option(heading_prompt(g, width), id=f"group:{n}", disabled=True))
            options += [Option(self.prompt(a, today, width), id=a.id) for a in g.activities]
        self.drawn_width = width
        # a fixed height (not ``auto``, which measures every option once more)
        self.styles.height = max(3, min(self.MAX_ROWS, len(options)))
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

    def prompt(self, a: Activity, today: dt.date, width: int) -> Text:
        """An activity's line, made once for what it shows (a list drawn again after an update
        makes only the changed line anew)."""
        key = (a.id, a.seq, a.status, a.status_kind, a.progress, a.due, a.lead, a.title, today, width, bidi.active())
        line = self._prompts.get(key)
        if line is None:
            if len(self._prompts) > 20_000:
                self._prompts.clear()
            line = self._prompts[key] = activity_prompt(a, today, width)
        return line

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
        if self.groups and self.text_width() != self.drawn_width:  # the prompts are cut to the width
            self.show(self.groups, self.today)
