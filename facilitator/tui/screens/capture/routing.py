"""Where each key goes: the composer's owner.

The composer keeps the focus the whole time and hands every key, paste and ``enter`` here
first, synchronously, in the key's own turn (:class:`~facilitator.tui.widgets.composer.ComposerOwner`;
why not by message: :mod:`facilitator.tui.widgets.composer`). While a picker is open every key
is the picker's, and the key that closes it gives its choice to :class:`~.picking.Picking`; in
the list the keys that move through it are the list's (:mod:`.entries`); while editing,
``escape`` cancels the edit. Anything else goes back to the composer, which runs the key's
binding (the screen's actions) or types it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from .modes import EDIT, LIST

if TYPE_CHECKING:
    from .screen import CaptureScreen


class KeyRouting:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen

    def route_key(self, event: events.Key) -> bool:
        """A key the composer got; True when it was used here (it is then not typed)."""
        screen = self.screen
        if screen.picker.is_open:
            choice = screen.picker.take_key(event)
            if choice is not None:
                screen.picking.finish(choice)
            return True
        if screen.mode == LIST:
            return screen.entries.take_key(event)
        if screen.mode == EDIT and event.key == "escape":
            screen.editing.cancel()
            return True
        return False

    def route_paste(self, text: str) -> bool:
        """Pasted text: the open picker filters with it; in the list it goes back to typing."""
        screen = self.screen
        if screen.picker.is_open:
            screen.picker.paste(text)
            return True
        if screen.mode == LIST:
            screen.entries.leave()
        return False

    def submit(self) -> None:
        """``enter`` in the composer: save (in an edit: the edit)."""
        self.screen.saving.save()
