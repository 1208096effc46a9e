"""The stream of contributions of the current question, newest at the bottom.

An ``OptionList`` (fast with thousands of entries, unlike ``ListView``): a new contribution is
appended without touching the others; loading happens only when the question changes. Each
entry shows its reference, time, speaker and text. Arabic text is wrapped, reordered and flush
right (:mod:`facilitator.tui.bidi`), and drawn again when the app's Arabic display changes.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from facilitator.core.models import Contribution
from facilitator.tui.bidi import display_line, display_lines, has_rtl
from facilitator.tui.plain import follow


MORE = "\x00more"
WINDOW = 200  # contributions shown when a question opens (more on request)


def local_time(iso: str) -> str:
    """``14:35`` in local time from a UTC ISO string."""
    try:
        return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%H:%M")
    except ValueError:
        return "--:--"


class ContributionStream(OptionList, can_focus=False):
    """Never focused: the composer keeps the focus and moves through the list for the screen
    (``ctrl+l``); the list's actions are the capture screen's bindings."""

    HELP_NAME = "contributions"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: dict[str, Contribution] = {}
        self.earlier = 0
        self._rtl_width = 0

    # --- building entries ----------------------------------------------------------------------

    def _text_width(self) -> int:
        """The width Arabic is wrapped at: the room beside a vertical scrollbar, whether or not
        one shows yet, so that an entry wrapped before the list grows a scrollbar (the save that
        adds it) is wrapped the same as after a resize."""
        width = self.size.width - self.styles.gutter.width - max(0, self.styles.scrollbar_size_vertical)
        return max(20, width - 2)

    def _prompt(self, c: Contribution) -> Text:
        head = Text.assemble(
            (c.ref, "bold"),
            "  ",
            (local_time(c.created_at), "dim"),
            "  ",
            (display_line(c.speaker, 40) if c.speaker else "Floor", "bold italic" if c.speaker is None else "bold"),
        )
        if c.stakeholder_group:
            # the head stays on one line: the group is cut to the room left (once the width is known)
            room = min(30, self._text_width() - head.cell_len - 3) if self.size.width else 30
            if room >= 6:
                head.append(f" · {display_line(c.stakeholder_group, room)}", style="dim")
        if has_rtl(c.text):
            body = "\n".join(display_lines(c.text, self._text_width(), align=True))
        else:
            body = c.text
        head.append("\n")
        head.append(body)
        return head

    def load(self, contributions: list[Contribution], earlier: int = 0) -> None:
        """Show ``contributions`` (the latest of the question); ``earlier`` more exist above
        them and are loaded on request (enter on the first line), so a question with thousands
        of contributions opens at once."""
        self.entries = {c.id: c for c in contributions}
        self.earlier = earlier
        self._rtl_width = self._text_width()
        options = [Option(self._prompt(c), id=c.id) for c in contributions]
        if earlier:
            options.insert(0, Option(Text(f"▲ {earlier} earlier contributions: enter to show them", style="dim italic"), id=MORE))
        self.set_options(options)
        self.scroll_to_end_and_highlight()

    def sync(self, contributions: list[Contribution], earlier: int = 0, *, follow: bool = True) -> None:
        """Show ``contributions`` as they are now (another window or a command wrote), keeping
        the entry chosen: new ones at the bottom are appended, changed ones redrawn, removed
        ones taken out; anything else is loaded again. ``follow``: the newest stays in view
        (typing); else the chosen entry stays chosen (the list)."""
        chosen = self.selected.id if self.selected is not None else None
        old = list(self.entries)
        new_ids = [c.id for c in contributions]
        kept = [cid for cid in old if cid in set(new_ids)]
        if earlier != self.earlier or new_ids[: len(kept)] != kept:
            self.load(contributions, earlier=earlier)
            if not follow and chosen is not None:
                self.select_id(chosen)
            return
        for cid in old:
            if cid not in set(new_ids):
                self.remove_entry(cid)
        grew = False
        for c in contributions:
            if c.id not in self.entries:
                self.entries[c.id] = c
                self.add_option(Option(self._prompt(c), id=c.id))
                grew = True
            elif self.entries[c.id] != c:
                self.replace(c)
        if follow and grew:
            self.scroll_to_end_and_highlight()
        elif chosen is not None and chosen in self.entries:
            self.select_id(chosen)

    @property
    def on_more(self) -> bool:
        """The "earlier contributions" line is highlighted."""
        return bool(self.earlier) and self.highlighted == 0

    def append(self, c: Contribution) -> None:
        """Add one at the bottom: costs the same with 10 or 10,000 entries above it."""
        self.entries[c.id] = c
        self.add_option(Option(self._prompt(c), id=c.id))
        self.scroll_to_end_and_highlight()

    def replace(self, c: Contribution) -> None:
        if c.id in self.entries:
            self.entries[c.id] = c
            self.replace_option_prompt(c.id, self._prompt(c))

    def remove_entry(self, contribution_id: str) -> None:
        if contribution_id in self.entries:
            del self.entries[contribution_id]
            index = self.highlighted
            self.remove_option(contribution_id)
            if self.option_count:
                self.highlighted = min(index or 0, self.option_count - 1)

    def scroll_to_end_and_highlight(self) -> None:
        if self.option_count:
            self.highlighted = self.option_count - 1
        self.scroll_end(animate=False)

    @property
    def selected(self) -> Contribution | None:
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.entries.get(option.id or "")

    def select_id(self, contribution_id: str) -> bool:
        try:
            self.highlighted = self.get_option_index(contribution_id)
        except OptionDoesNotExist:
            return False
        return True

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def on_resize(self) -> None:
        # the newest entries (or the one chosen in the list) stay in view
        self.call_after_refresh(self.scroll_to_highlight)
        # Arabic entries are wrapped by us (to reorder each line), heads are cut to one line:
        # both follow the width
        width = self._text_width()
        if width != self._rtl_width:
            self._rtl_width = width
            self._redraw()

    def _redraw(self) -> None:
        """Lay the entries that depend on the width or on the Arabic display out again."""
        for c in self.entries.values():
            if has_rtl(c.text) or c.stakeholder_group or has_rtl(c.speaker or ""):
                self.replace_option_prompt(c.id, self._prompt(c))
