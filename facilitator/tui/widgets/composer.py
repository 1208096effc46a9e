"""The composer: where the rapporteur types a contribution.

A multi-line text box that wraps; Arabic in it reads right to left as it is typed, the text
staying in logical order (:class:`~facilitator.tui.widgets.bidi_text_area.BidiTextArea`). ``enter`` saves (calls its owner's ``submit``, or posts
:class:`Composer.Submitted` when it has no owner); a new line inside a contribution is ``ctrl+j`` (or ``shift+enter`` where
the terminal can send it). Terminals send ``alt+enter`` as a plain ``enter``, and most cannot
send ``ctrl+enter``.

**Keys land in the order typed.** On the capture screen the composer keeps the focus the whole
time: the pickers and the list of entries never take it. Every key therefore reaches the
composer's queue in the order typed and is handled in that order:

1. The owner's ``route_key`` gets it first (the owner, a :class:`ComposerOwner`, is given to
   the composer when it is made: the capture screen): while a picker is open the picker takes
   it; in the list of entries the keys that move through the list move through it, and a key
   of plain typing goes back to typing and is typed here.
2. A key that is not plain text (or one of ``bound_printables``) runs its binding *now*, in its
   turn. The binding is found by
   Textual's own lookup (``screen.active_bindings``: the composer's bindings, the screen's and
   the app's, with their ``check_action``), and run with ``app.run_action``. Left alone, Textual
   would run it only once the key had travelled up to the app, after the letters typed behind
   it had been inserted here: ``ctrl+s`` right after a burst of typing would then save part of
   the burst. Bindings marked ``priority`` are left to Textual (it runs them when they arrive).
3. Anything else is the text box's.

Why a call and not a message: Textual handles a posted message later, in its receiver's own
queue, so a key routed by a message would be acted on after the keys typed behind it had
already reached the text box. The owner is therefore called synchronously, through the typed
interface it was given at construction; nothing is assigned to the composer from outside.

**Bursts of keys are inserted together.** Printable keys are gathered and inserted as one edit
once the keys already queued behind them are handled (``call_later``): typing one key at a time
inserts at once, a burst (keys typed while the app was busy) is one insert instead of one
re-wrap of the whole text per key. Any other key first inserts what is gathered, so keys still
act in the order typed. (A paste that arrives as keys is made a paste before it gets here:
:mod:`facilitator.tui.driver`.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from textual import events
from textual.binding import Binding
from textual.message import Message

from .bidi_text_area import BidiTextArea

# The composer's own actions that edit or move in its text (TextArea's bindings): off while
# it is passive (the list of entries has the keys).
_TEXT_ACTIONS = frozenset({
    "cursor_up", "cursor_down", "cursor_left", "cursor_right", "cursor_word_left", "cursor_word_right",
    "cursor_line_start", "cursor_line_end", "cursor_page_up", "cursor_page_down", "select_line", "select_all",
    "delete_left", "delete_word_left", "delete_right", "delete_word_right", "cut", "copy", "paste",
    "delete_to_start_of_line", "delete_to_end_of_line_or_delete_line", "delete_line", "undo", "redo", "newline",
})


# TextArea's f6 (select the line) and f7 (select all) are off: the screen's f6 (next question)
# and f7 (pause) act.
_SCREEN_KEYS_FIRST = frozenset({"select_line", "select_all"})


class ComposerOwner(Protocol):
    """Who the composer hands its keys, pastes and ``enter`` to, in their turn (the capture
    screen). Called synchronously (see the module's docstring)."""

    def route_key(self, event: events.Key) -> bool:
        """Every key, first; True when the owner used it (it is then not typed)."""
        ...

    def route_paste(self, text: str) -> bool:
        """Pasted text, first; True when the owner used it (a picker filters with it)."""
        ...

    def submit(self) -> None:
        """``enter``: save what is typed."""
        ...


class Composer(BidiTextArea):
    HELP_NAME = "composer"
    BINDINGS = [
        Binding("ctrl+j,shift+enter", "newline", "New line", id="composer.newline", show=False,
                tooltip="a new line inside the contribution"),
    ]

    class Submitted(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

        @property
        def control(self) -> Composer:
            return self.composer

    def __init__(self, text: str = "", *, owner: ComposerOwner | None = None,
                 bound_printables: Iterable[str] = (), rtl_default: bool = False, **kwargs: Any) -> None:
        super().__init__(
            text,
            rtl_default=rtl_default,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            **kwargs,
        )
        # Sees every key, paste and enter first (see the module's docstring); without an
        # owner, enter posts Submitted.
        self._owner = owner
        # Printable keys that may be bindings (a terminal's alt+1 arrives as "¡"): looked up
        # before they are typed; any other printable key is text.
        self.bound_printables = frozenset(bound_printables)
        # While passive, the composer's own editing keys are off: the screen's keys of the
        # same name act (the list of entries). The owner switches it with its modes.
        self.passive = False
        # printable keys gathered, inserted together once the keys queued behind them are handled
        self._gathered: list[str] = []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _SCREEN_KEYS_FIRST:
            return False
        if self.passive and action in _TEXT_ACTIONS:
            return False
        return super().check_action(action, parameters)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Printable keys are the text box's, except ``bound_printables`` (Textual then keeps the
        screen's bindings for them; their ``check_action`` says when they are text after all)."""
        if key in self.bound_printables:
            return False
        return super().check_consume_key(key, character)

    def _plain(self, event: events.Key) -> bool:
        """A key that types its character (not a binding's)."""
        return bool(event.is_printable and event.character and event.key not in self.bound_printables
                    and not self.passive and not self.read_only)

    def flush_typed(self) -> None:
        """Insert the keys gathered, as one edit (as typing them would have, over a selection)."""
        if not self._gathered:
            return
        text = "".join(self._gathered)
        self._gathered.clear()
        start, end = self.selection
        self.replace(text, start, end, maintain_selection_offset=False)


    async def on_key(self, event: events.Key) -> None:
        """Runs before the text box's own key handling (Textual dispatches a subclass's handler
        first); ``prevent_default`` keeps the key from the text box."""
        plain = self._plain(event)
        if not plain:
            self.flush_typed()  # what was typed before this key, first
        if self._owner is not None and self._owner.route_key(event):
            event.stop()
            event.prevent_default()
            return
        if plain and self._owner is not None and not self._plain(event):
            plain = False  # the owner changed the mode (the list gave the key back to typing)
        if plain:
            event.stop()
            event.prevent_default()
            if not self._gathered:
                self.call_later(self.flush_typed)  # after the keys already queued behind this one
            self._gathered.append(event.character or "")
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self._owner is not None:
                self._owner.submit()
            else:
                self.post_message(self.Submitted(self))
            return
        if (not event.is_printable or event.key in self.bound_printables) and await self.run_binding(event.key):
            event.stop()
            event.prevent_default()
            return

    async def run_binding(self, key: str) -> bool:
        """Run the binding ``key`` has where the composer is, in this key's turn (see the
        module's docstring); False when it has none here (or one Textual already ran)."""
        if not self.is_attached or self.screen.focused is not self:
            return False
        active = self.screen.active_bindings.get(key)
        if active is None or not active.enabled or active.binding.priority:
            return False
        await self.app.run_action(active.binding.action, active.node)
        return True

    async def on_paste(self, event: events.Paste) -> None:
        self.flush_typed()
        if self._owner is not None and self._owner.route_paste(event.text):
            event.stop()
            event.prevent_default()
            return

    def action_newline(self) -> None:
        self.flush_typed()
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)

    def set_text(self, text: str) -> None:
        """Replace the whole text and put the cursor at its end."""
        self._gathered.clear()
        self.load_text(text)
        self.move_cursor(self.document.end)
