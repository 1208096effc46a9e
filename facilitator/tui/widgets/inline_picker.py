"""The capture screen's picker: a list that opens over the stream and filters from what is typed
in the composer. It never takes the focus.

The composer keeps the focus the whole time; while the picker is open it hands every key to
:meth:`InlinePicker.take_key` (see :class:`~facilitator.tui.widgets.composer.Composer`). Keys
therefore land in the order typed, however fast they come (``ctrl+o a m enter`` and the text
after it), with nothing to move between widgets. The composer, with the text being typed, stays
where it is on screen: the picker takes the place of the rail and the stream while it is open.

Keys: letters filter; ``backspace`` deletes one, ``ctrl+u`` all; ``up``, ``down``, ``pageup``,
``pagedown``, ``home``, ``end`` move; ``enter`` chooses; ``tab`` is the second choice where the
picker offers one (the speaker picker: add to the queue); ``escape`` cancels. A lone digit picks
that numbered line at once where the picker numbers its lines (panelists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from facilitator.tui.plain import plain

from .picker import NEW, Item, Matcher, Picked, found_items, move_highlight, show_items

_MOVES = {"down": 1, "up": -1, "pagedown": 6, "pageup": -6, "home": -10**9, "end": 10**9}


class PickerList(OptionList, can_focus=False):
    """The lines of the picker (never focused: the composer keeps the focus)."""


class InlinePicker(Vertical):
    HELP_NAME = "picker"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.matcher: Matcher | None = None
        self.new_label: str | None = None
        self.on_done: Callable[[Picked | None], None] | None = None
        self.on_second: Callable[[Picked], None] | None = None
        self.numbered: dict[str, str] = {}  # digit -> item key, picked by the digit alone
        self.typed = ""
        self.placeholder = ""
        self.limit = 200
        self.title = ""

    def compose(self) -> ComposeResult:
        yield Static("", classes="picker-title")
        yield Static("", classes="picker-query")
        yield PickerList(classes="picker-list")
        yield Static("", classes="picker-hint")

    @property
    def is_open(self) -> bool:
        return self.on_done is not None

    def open(
        self,
        title: str,
        items: Sequence[Item] = (),
        *,
        on_done: Callable[[Picked | None], None],
        matcher: Matcher | None = None,
        placeholder: str = "type to filter",
        new_label: str | None = None,
        hint: str = "enter choose · esc cancel",
        current: str | None = None,
        on_second: Callable[[Picked], None] | None = None,
        numbered: dict[str, str] | None = None,
    ) -> None:
        self.items = list(items)
        self.matcher = matcher
        self.new_label = new_label
        self.on_done = on_done
        self.on_second = on_second
        self.numbered = dict(numbered or {})
        self.placeholder = placeholder
        self.title = title
        self.query_one(".picker-title", Static).update(plain(title))
        self.query_one(".picker-hint", Static).update(plain(hint))
        self.typed = ""
        self._show_query()
        self.refilter()
        if current is not None:
            options = self.query_one(PickerList)
            try:
                options.highlighted = options.get_option_index(current)
            except Exception:  # noqa: BLE001 - not in the list: the first line stays highlighted
                pass
        self.display = True

    def close(self, result: Picked | None) -> None:
        callback, self.on_done = self.on_done, None
        self.on_second = None
        if callback is not None:
            callback(result)  # may open the picker again (the stakeholder group after a new name)
        if not self.is_open:
            self.display = False

    # --- what is typed -------------------------------------------------------------------------

    def _show_query(self) -> None:
        line = Text("› ", style="bold")
        if self.typed:
            line.append(self.typed)
            line.append("▏", style="blink")
        else:
            line.append("▏", style="blink")
            line.append(self.placeholder, style="dim italic")
        self.query_one(".picker-query", Static).update(line)

    def take_key(self, event: events.Key) -> bool:
        """A key typed while the picker is open (the composer calls this first). Every key is
        the picker's while it is open: True."""
        key = event.key
        if key == "escape":
            self.close(None)
        elif key == "enter":
            self.choose()
        elif key == "tab":
            self.choose(second=True)
        elif key in _MOVES:
            self.move(_MOVES[key])
        elif key in ("backspace", "ctrl+h"):
            self.set_query(self.typed[:-1])
        elif key in ("ctrl+u", "ctrl+w"):
            self.set_query("")
        elif event.is_printable and event.character:
            if not self.typed and event.character in self.numbered:
                self.close(Picked(self.numbered[event.character], event.character))
            else:
                self.set_query(self.typed + event.character)
        return True

    def paste(self, text: str) -> None:
        self.set_query(self.typed + " ".join(text.split()))

    def set_query(self, query: str) -> None:
        if query != self.typed:
            self.typed = query
            self._show_query()
            self.refilter()

    # --- filtering -----------------------------------------------------------------------------

    def refilter(self) -> None:
        show_items(self.query_one(PickerList), found_items(self.items, self.typed, matcher=self.matcher,
                                                          new_label=self.new_label, limit=self.limit))

    def highlighted_key(self) -> str | None:
        options = self.query_one(PickerList)
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def choose(self, second: bool = False) -> None:
        if not self.is_open:
            return
        text = self.typed.strip()
        key = self.highlighted_key()
        if key is None:
            if self.new_label and text and not second:
                self.close(Picked(None, text))
            return
        picked = Picked(None, text) if key == NEW else Picked(key, text)
        if second:
            if self.on_second is not None and key != NEW:
                callback, self.on_second, self.on_done = self.on_second, None, None
                callback(picked)
                if not self.is_open:
                    self.display = False
            return
        self.close(picked)

    def move(self, delta: int) -> None:
        move_highlight(self.query_one(PickerList), delta)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on a line: chosen, as with enter
        self.choose()
