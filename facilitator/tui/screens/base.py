"""What the app, its command palette and the other screens may ask of a screen of the app.

The app does not look for attributes on screens (``getattr(screen, "flush", None)``): each full
screen of the app is an :class:`AppScreen`, whose defaults say "nothing to add": no session,
no palette entries, nothing being typed. A screen that has something overrides the method.
Dialogs (``ModalScreen``) are not AppScreens: they hold nothing the app must keep.

Screens tell one another things by messages (``facilitator/tui/messages.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from textual import getters

    from facilitator.tui.app import FacilitatorApp

#: a command palette entry: title, help line, what it does
PaletteCommand = tuple[str, str, Callable[[], object]]


class AppScreen(Screen):
    if TYPE_CHECKING:  # self.app is this app (for the type checker; as Textual types its own)
        app = getters.app(FacilitatorApp)

    #: the session this screen shows, if it belongs to one (the app's ``current_session_id``)
    session_id: str | None = None
    #: the screen's name in the help screen's title ("" : its class name without "Screen")
    HELP_TITLE: str = ""

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """This screen's own entries in the command palette (after the app's)."""
        return ()

    def flush(self) -> None:
        """The app is quitting: write what is being typed, if anything."""

    def unsaved(self) -> list:
        """What is still only on screen (rescue entries): the app asks before quitting."""
        return []

    def key_hint(self, binding_id: str, default: str | None = None) -> str:
        """The key of one of this screen's bindings as a hint writes it (``^o``, ``f9``): the
        user's keymap.toml if it remaps it, else the default. A binding of another screen (a
        notice that sends the user there) gives its ``default`` keys."""
        from facilitator.tui.keys import short

        for cls in type(self).__mro__:
            for b in cls.__dict__.get("BINDINGS", ()):
                if getattr(b, "id", None) == binding_id:
                    return short(self.app.key_of(binding_id, b.key))
        if default is not None:
            return short(self.app.key_of(binding_id, default))
        raise LookupError(f"{type(self).__name__} has no binding {binding_id!r}")

    def now(self) -> dt.datetime:
        """The app's clock (UTC, aware); tests give the app a fixed one."""
        return self.app.clock()


__all__ = ["AppScreen", "PaletteCommand"]
