"""The capture screen's picker: a list that opens over the stream and filters from what is typed
in the composer. It never takes the focus.

The composer keeps the focus the whole time; while the picker is open the screen hands every
key it gets from the composer to :meth:`InlinePicker.take_key` (see
:class:`~facilitator.tui.widgets.composer.Composer`). Keys therefore land in the order typed,
however fast they come (``ctrl+o a m enter`` and the text after it), with nothing to move
between widgets.

The picker holds no callbacks: the key that closes it returns a :class:`Choice` to the screen
that handed it the key, in that key's turn (the text typed after ``enter`` must find the
speaker already chosen, so this cannot wait for a message). A click on a line, which has no
order to keep, posts :class:`InlinePicker.Chosen` with the same :class:`Choice`. The composer, with the text being typed, stays
where it is on screen: the picker takes the place of the rail and the stream while it is open.

Keys: letters filter; ``backspace`` deletes one, ``ctrl+u`` all; ``up``, ``down``, ``pageup``,
``pagedown``, ``home``, ``end`` move; ``enter`` chooses; ``tab`` is the second choice where the
picker offers one (the speaker picker: add to the queue); ``escape`` cancels. A lone digit picks
that numbered line at once where the picker numbers its lines (panelists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from facilitator.tui import bidi
from facilitator.tui.plain import follow, plain, shown

from .picker import NEW, Item, Matcher, Picked, found_items, move_highlight, show_items

#: the key of the line that keeps typed speech as the contribution's text
SPEECH = "\x00speech"
#: why typed text reads like speech (None: it does not)
SpeechCheck = Callable[[str], str | None]

_MOVES = {"down": 1, "up": -1, "pagedown": 6, "pageup": -6, "home": -10**9, "end": 10**9}


class PickerList(OptionList, can_focus=False):
    """The lines of the picker (never focused: the composer keeps the focus)."""


@dataclass(frozen=True)
class Choice:
    """How the picker closed: ``picked`` (None: cancelled), and whether by the second choice
    (``tab``: the speaker picker's "add to the queue")."""

    picked: Picked | None
    second: bool = False
    typed: str = ""  # what was typed in the picker (kept as the contribution's text if not used)


class InlinePicker(Vertical):
    HELP_NAME = "picker"

    class Chosen(Message):
        """A line was clicked: the picker closed with ``choice``."""

        def __init__(self, picker: InlinePicker, choice: Choice) -> None:
            super().__init__()
            self.picker = picker
            self.choice = choice

        @property
        def control(self) -> InlinePicker:
            return self.picker

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.matcher: Matcher | None = None
        self.new_label: str | None = None
        self.has_second = False  # tab is a second choice (the speaker picker: add to the queue)
        self.numbered: dict[str, str] = {}  # digit -> item key, picked by the digit alone
        self.typed = ""  # what was typed to filter the lines
        self.placeholder = ""
        self.limit = 200
        self.title = ""
        self._open = False
        # says why typed text reads like speech rather than what the picker lists (None: it
        # does not); such text is offered to be kept as the contribution's text instead
        self.speech: SpeechCheck | None = None

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def _redraw(self) -> None:
        """The Arabic display changed: what is typed and the lines are shown again."""
        if self._open:
            self._show_typed()
            self.refilter()

    def compose(self) -> ComposeResult:
        yield Static("", classes="picker-title")
        yield Static("", classes="picker-query")
        yield PickerList(classes="picker-list")
        yield Static("", classes="picker-hint")

    @property
    def is_open(self) -> bool:
        return self._open

    def open(
        self,
        title: str,
        items: Sequence[Item] = (),
        *,
        matcher: Matcher | None = None,
        placeholder: str = "type to filter",
        new_label: str | None = None,
        hint: str = "enter choose · esc cancel",
        current: str | None = None,
        second: bool = False,
        numbered: dict[str, str] | None = None,
        speech: SpeechCheck | None = None,
    ) -> None:
        """Show the picker; the key that closes it returns a :class:`Choice`. ``second``: tab
        is a second choice. ``speech``: typed text it finds reads like speech is not offered as
        a new entry: its first line keeps it as the contribution's text instead."""
        self.speech = speech
        self.items = list(items)
        self.matcher = matcher
        self.new_label = new_label
        self._open = True
        self.has_second = second
        self.numbered = dict(numbered or {})
        self.placeholder = placeholder
        self.title = title
        self.query_one(".picker-title", Static).update(plain(title))
        self.query_one(".picker-hint", Static).update(plain(hint))
        self.typed = ""
        self._show_typed()
        self.refilter()
        if current is not None:
            options = self.query_one(PickerList)
            try:
                options.highlighted = options.get_option_index(current)
            except Exception:  # noqa: BLE001 - not in the list: the first line stays highlighted
                pass
        self.display = True

    def close(self, picked: Picked | None, second: bool = False) -> Choice:
        """Hide the picker; what it closed with (whoever gets it may open the picker again:
        the stakeholder group after a new name)."""
        self._open = False
        self.has_second = False
        self.display = False
        return Choice(picked, second, typed=self.typed)

    # --- what is typed -------------------------------------------------------------------------

    def _show_typed(self) -> None:
        line = Text("› ", style="bold")
        if self.typed:
            # letters typed in Arabic read right to left; the next one goes on their left
            typed = shown(self.typed)
            if bidi.active() and bidi.base_direction(self.typed) == "R":
                line.append("▏", style="blink")
                line.append(typed)
            else:
                line.append(typed)
                line.append("▏", style="blink")
        else:
            line.append("▏", style="blink")
            line.append(self.placeholder, style="dim italic")
        self.query_one(".picker-query", Static).update(line)

    def take_key(self, event: events.Key) -> Choice | None:
        """A key typed while the picker is open (every key is the picker's then; the screen
        hands it over first): the :class:`Choice` when this key closed the picker, else None."""
        key = event.key
        if key == "escape":
            return self.close(None)
        if key == "enter":
            return self.choose()
        if key == "tab":
            return self.choose(second=True)
        if key in _MOVES:
            self.move(_MOVES[key])
        elif key in ("backspace", "ctrl+h"):
            self.set_typed(self.typed[:-1])
        elif key in ("ctrl+u", "ctrl+w"):
            self.set_typed("")
        elif event.is_printable and event.character:
            if not self.typed and event.character in self.numbered:
                return self.close(Picked(self.numbered[event.character], event.character))
            self.set_typed(self.typed + event.character)
        return None

    def paste(self, text: str) -> None:
        self.set_typed(self.typed + " ".join(text.split()))

    def set_typed(self, typed: str) -> None:
        if typed != self.typed:
            self.typed = typed
            self._show_typed()
            self.refilter()

    # --- filtering -----------------------------------------------------------------------------

    def refilter(self) -> None:
        why = self.speech(self.typed) if self.speech and self.typed.strip() else None
        found = found_items(self.items, self.typed, matcher=self.matcher, new_label=None if why else self.new_label,
                            limit=self.limit)
        if why:
            typed = " ".join(self.typed.split())
            shown = typed if len(typed) <= 40 else "…" + typed[-39:]
            found.insert(0, Item(SPEECH, Text(f"“{shown}” reads like what is said ({why}): enter keeps it as "
                                              "the contribution's text", style="italic")))
        show_items(self.query_one(PickerList), found)

    def highlighted_key(self) -> str | None:
        options = self.query_one(PickerList)
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def choose(self, second: bool = False) -> Choice | None:
        """Choose the highlighted line (``second``: as the second choice); None when nothing
        can be chosen (the picker stays open)."""
        if not self.is_open:
            return None
        text = self.typed.strip()
        key = self.highlighted_key()
        if key is None:
            if self.new_label and text and not second:
                return self.close(Picked(None, text))
            return None
        picked = Picked(None, text) if key == NEW else Picked(key, text)
        if second:
            if self.has_second and key not in (NEW, SPEECH):
                return self.close(picked, second=True)
            return None
        return self.close(picked)

    def move(self, delta: int) -> None:
        move_highlight(self.query_one(PickerList), delta)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on a line: chosen, as with enter
        choice = self.choose()
        if choice is not None:
            self.post_message(self.Chosen(self, choice))
