"""The composer's three modes, and which keys are on in each.

- *typing*: what is typed goes in the composer; ``enter`` saves it;
- *the list* (``ctrl+l``): ``up``/``down`` choose an earlier contribution, the list's keys act
  on it (:mod:`.entries`); a key of plain typing goes back to typing and is typed there;
- *editing* an earlier contribution in the composer (:mod:`.editing`).

The screen keeps the mode (``CaptureScreen.mode``); :class:`Modes` switches it (the footer,
the composer's border and the stream's look follow) and says which actions are on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .screen import CaptureScreen

TYPING: Final = "typing"
LIST: Final = "list"
EDIT: Final = "edit"
_ALL = frozenset({TYPING, LIST})

# The modes in which each action of the screen is on (the footer shows what is on).
ACTION_MODES: dict[str, frozenset[str]] = {
    "save": _ALL, "save_edit": frozenset({EDIT}), "cancel_edit": frozenset({EDIT}),
    "pick_speaker": frozenset({TYPING}), "speaker_selected": frozenset({LIST}),
    "next_speaker": _ALL, "floor": frozenset({TYPING}), "pause": _ALL, "panelist": _ALL,
    "toggle_keep": _ALL, "prev_question": _ALL, "next_question": _ALL,
    "goto_question": frozenset({TYPING}), "move_selected": frozenset({LIST}),
    "focus_stream": frozenset({TYPING}), "leave_list": frozenset({LIST}),
    "edit_selected": frozenset({LIST}), "delete_selected": frozenset({LIST}), "versions": frozenset({LIST}),
    "undo": _ALL, "undo_in_list": frozenset({LIST}), "redo": frozenset({LIST}), "flag": _ALL, "roster": _ALL,
    "back": frozenset({TYPING}),
}

# alt+1 ... alt+9 as most terminals send them (xterm, tmux, GNOME Terminal, Windows Terminal:
# escape then the digit) reach Textual as the characters macOS gives option+1 ... option+9
# (Textual reads "escape 1" as "¡"). With the kitty keyboard protocol (kitty, WezTerm, foot,
# Ghostty) they arrive as alt+1 ... alt+9. Both are bound; since the characters can also be
# typed (a pound sign), they pick a panelist only while the composer is empty.
ALT_DIGITS = ("inverted_exclamation_mark", "trade_mark_sign", "pound_sign", "cent_sign", "infinity",
              "section_sign", "pilcrow_sign", "bullet", "ª")


class Modes:
    """Switching the mode, and which of the screen's actions are on now."""

    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen

    def allows(self, action: str) -> bool:
        """Each action in its modes; none while a picker is open (its keys are the only ones
        that count)."""
        screen = self.screen
        modes = ACTION_MODES.get(action)
        if modes is None or not screen.ready:
            return True
        if screen.picker.is_open:
            return False
        if action == "next_speaker" and not screen.floor.queue:
            return False  # shown (and on) while someone is in the queue; the speaker line says who
        if action == "panelist" and screen.composer.text.strip():
            return False  # with text typed, the keys are characters (see ALT_DIGITS); ctrl+o then N
        return screen.mode in modes

    def switch(self, mode: str) -> None:
        screen = self.screen
        composer = screen.composer
        screen.mode = mode
        composer.passive = mode == LIST
        screen.set_class(mode == LIST, "-list")
        screen.set_class(mode == EDIT, "-edit")
        screen.stream.set_class(mode == LIST, "-active")
        if mode == LIST:
            k = screen.key_hint
            composer.border_title = (f"List: ↑↓ choose · {k('capture.edit_selected')} edit · {k('capture.move_selected')} move"
                                     f" · {k('capture.speaker_selected')} speaker · {k('capture.delete_selected')} delete"
                                     f" · {k('capture.flag')} flag")
            composer.border_subtitle = "a letter or esc: back to typing"
        elif mode == TYPING:
            composer.border_title = "Contribution"
            screen.composing.show_status()
            screen.composing.show_title()
        screen.refresh_bindings()
