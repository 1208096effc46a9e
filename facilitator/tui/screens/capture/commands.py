"""The capture screen's entries in the command palette (``ctrl+p``): every action, in words a
rapporteur would type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from facilitator.tui.screens.base import PaletteCommand

from .modes import LIST

if TYPE_CHECKING:
    from .screen import CaptureScreen


def palette_commands(screen: CaptureScreen) -> Iterator[PaletteCommand]:
    in_list = screen.mode == LIST
    speakers, floor = screen.speakers, screen.floor

    def in_the_list(action: Callable[[], None]) -> Callable[[], None]:
        """A list action from the palette: on the selected entry (the list opens if needed)."""
        def run() -> None:
            if not in_list:
                screen.entries.open()
                if screen.mode != LIST:
                    return
            action()

        return run

    yield "Save this contribution", "enter, ctrl+s or f2: save it and start the next", screen.saving.save
    yield "New line in the contribution", "ctrl+j (or shift+enter where the terminal sends it)", screen.composer.action_newline
    yield "Speaker: pick who is speaking", "ctrl+o / f3: letters of a name, initials or organization", screen.action_pick_speaker
    for n, pid in enumerate(speakers.panel[:9], start=1):
        yield f"Speaker: panelist {n}, {speakers.name(pid)}", f"alt+{n} (or ctrl+o then {n})", partial(speakers.panelist, n)
    yield "Speaker: the floor (unnamed participant)", "ctrl+f", screen.action_floor
    yield "Speakers' queue: add someone (raised hand)", "ctrl+o, then tab on their name", lambda: speakers.pick(
        floor.add_to_queue, title="Add to the queue of raised hands", queue=False)
    yield "Speakers' queue: give the floor to the next", "ctrl+n", floor.next
    if floor.queue:
        yield "Speakers' queue: clear it", f"{len(floor.queue)} waiting", floor.clear_queue
    yield "Pause or resume the speaking time", "f7: nobody on the roster speaks (the chair, a break)", floor.pause
    yield ("Keep the speaker after each save (now: keep)" if speakers.keep else
           "Ask for the speaker after each save (now: ask)"), "ctrl+t switches", speakers.toggle_keep
    yield "Next question", "f6 / alt+down", screen.navigation.next
    yield "Previous question", "f5 / alt+up", screen.navigation.previous
    yield "Go to question (number or words)", "ctrl+g", screen.navigation.pick
    entries = screen.entries
    yield "Entries: choose an earlier contribution", "ctrl+l, then up and down", entries.open
    yield "Edit a contribution (fix a typo)", "ctrl+e in the list", in_the_list(entries.edit)
    yield "Move a contribution to another question", "ctrl+g in the list", in_the_list(entries.move)
    yield "Change who said a contribution (speaker)", "ctrl+o in the list", in_the_list(entries.change_speaker)
    yield "Delete a contribution", "ctrl+d in the list (undo with ctrl+r)", in_the_list(entries.delete)
    yield "Flag as a proposed recommendation (we recommend…)", "ctrl+b: the one just saved, or the one chosen in the list", entries.flag
    history = screen.undo.history
    undo, redo = history.undo_label(), history.redo_label()
    yield f"Undo{': ' + undo if undo else ''}", "ctrl+r (ctrl+z in the list): delete, move, edit, speaker, flag", screen.action_undo
    yield f"Redo{': ' + redo if redo else ''}", "ctrl+y in the list", screen.action_redo
    yield "Roster: add, delete, merge participants, the panel", "f4", screen.action_roster
    yield "Back to the sessions", "escape (the text being typed is kept)", screen.action_back
