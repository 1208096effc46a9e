"""The list of entries: choosing an earlier contribution, and what the list's keys do to it.

``ctrl+l`` opens the list (the composer keeps the focus and hands the list its keys):
``up``/``down`` choose; ``ctrl+e`` edits (:mod:`.editing`), ``ctrl+g`` moves to another
question, ``ctrl+o`` changes the speaker, ``ctrl+d`` deletes, ``ctrl+b`` flags (also the one
just saved, while typing). A letter, ``enter``, ``backspace`` or any other key of plain typing
goes back to typing and is typed there, so a rapporteur who forgot to leave the list never
damages an entry. Every change is undoable (:mod:`.undo`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events

from facilitator.core.errors import FacilitatorError
from facilitator.core.models import Contribution
from facilitator.tui.widgets.contribution_stream import local_time
from facilitator.tui.widgets.picker import Item, Picked, question_items, question_matcher

from .modes import LIST, TYPING

if TYPE_CHECKING:
    from .screen import CaptureScreen

# Keys of plain typing: in the list they go back to typing and are typed in the composer.
TYPING_KEYS = frozenset({"enter", "backspace", "delete", "tab", "ctrl+j", "shift+enter", "ctrl+h"})


class Entries:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen

    # --- in and out of the list ----------------------------------------------------------------

    def open(self) -> None:
        """``ctrl+l``: the list, on the last entry (or the one chosen before)."""
        screen = self.screen
        stream = screen.stream
        if not stream.option_count:
            screen.notify("No contributions on this question yet.", timeout=2)
            return
        if stream.highlighted is None:
            stream.scroll_to_end_and_highlight()
        screen.modes.switch(LIST)

    def leave(self) -> None:
        if self.screen.mode == LIST:
            self.screen.modes.switch(TYPING)

    def take_key(self, event: events.Key) -> bool:
        """A key in the list (the composer hands it over first): True when the list used it."""
        screen = self.screen
        stream = screen.stream
        moves = {
            "up": stream.action_cursor_up, "down": stream.action_cursor_down,
            "pageup": stream.action_page_up, "pagedown": stream.action_page_down,
            "home": stream.action_first, "end": stream.action_last,
        }
        key = event.key
        if key in moves:
            moves[key]()
            return True
        if key == "escape":
            self.leave()
            return True
        if key == "enter" and stream.on_more:
            screen.middle.show_earlier()  # the line "▲ N earlier contributions": shows them (changes nothing)
            return True
        if event.is_printable or key in TYPING_KEYS:
            # plain typing: back to the composer, and typed there
            self.leave()
            return False
        return False

    def show(self, contribution_id: str) -> None:
        """Show a contribution (from search, say): go to its question, select it in the list."""
        screen = self.screen
        try:
            c = screen.store.contribution(contribution_id)
        except FacilitatorError:
            return
        screen.navigation.go_to_id(c.question_id)
        stream = screen.stream
        if not stream.select_id(contribution_id):
            screen.middle.load_stream(include_seq=c.seq)
            if not stream.select_id(contribution_id):
                return
        if screen.mode == TYPING:
            screen.modes.switch(LIST)

    # --- what the keys act on ------------------------------------------------------------------

    def selected(self) -> Contribution | None:
        c = self.screen.stream.selected
        if c is None:
            self.screen.notify(f"Choose a contribution first ({self.screen.key_hint('capture.entries')}, then up and down).", timeout=3)
        return c

    def _target(self) -> Contribution | None:
        """What ``ctrl+b`` acts on: the selected contribution in the list, else the one just saved."""
        screen = self.screen
        if screen.mode == LIST:
            return self.selected()
        last = screen.saving.last_saved
        if last is None:
            screen.notify(f"Nothing saved yet in this window: {screen.key_hint('capture.entries')} chooses an earlier contribution.",
                          timeout=3)
            return None
        try:
            c = screen.store.contribution(last.id)
        except FacilitatorError:
            return None
        return None if c.deleted_at else c

    # --- the list's actions ----------------------------------------------------------------------

    def edit(self) -> None:
        screen = self.screen
        if screen.stream.on_more:
            screen.middle.show_earlier()
            return
        c = self.selected()
        if c is not None:
            screen.editing.start(c)

    def move(self) -> None:
        screen = self.screen
        c = self.selected()
        if c is None:
            return
        rail = screen.rail

        def chosen(picked: Picked | None) -> None:
            if not picked or not picked.key or picked.key == c.question_id:
                return
            try:
                new = screen.undo.history.move(c, picked.key)
            except FacilitatorError as exc:
                screen.notify(f"Not moved: {exc}", severity="error", timeout=10)
                return
            rail.bump(c.question_id, -1)
            rail.bump(new.question_id, +1)
            screen.stream.remove_entry(c.id)
            self._status_follows(c, new)
            screen.notify(f"Moved to Q{new.question_position}: now {new.ref} ({screen.key_hint('capture.undo')} undoes).",
                          timeout=3)

        items = question_items(screen.questions, rail.counts, width=max(30, screen.size.width - 16))
        screen.picking.open(f"Move {c.ref} to question", items, matcher=question_matcher(items),
                            placeholder="number or words", current=c.question_id, on_done=chosen)

    def change_speaker(self) -> None:
        screen = self.screen
        c = self.selected()
        if c is None:
            return

        def then(pid: str | None) -> None:
            if pid == c.participant_id:
                return
            try:
                new = screen.undo.history.speaker(c, pid)
            except FacilitatorError as exc:
                screen.notify(f"Not changed: {exc}", severity="error", timeout=10)
                return
            screen.middle.changed(new)
            screen.notify(f"{new.ref}: speaker is now {new.speaker or 'the floor'} ({screen.key_hint('capture.undo')} undoes).",
                          timeout=3)

        screen.speakers.pick(then, title=f"Who said {c.ref}?", queue=False)

    def delete(self) -> None:
        screen = self.screen
        c = self.selected()
        if c is None:
            return
        try:
            new = screen.undo.history.delete(c)
        except FacilitatorError as exc:
            screen.notify(f"Not deleted: {exc}", severity="error", timeout=10)
            return
        screen.stream.remove_entry(c.id)
        screen.rail.bump(c.question_id, -1)
        self._status_follows(c, new)
        screen.notify(f"Deleted {c.ref}. Undo: {screen.key_hint('capture.undo')} (or {screen.key_hint('capture.undo_in_list')} in the list).",
                      timeout=6)

    def versions(self) -> None:
        """``f8`` in the list: every earlier version of the chosen contribution, newest first
        (those not applied in a conflict marked so); ``enter`` brings one back (undoable)."""
        screen = self.screen
        c = self.selected()
        if c is None:
            return
        try:
            revisions = screen.store.revisions("contribution", c.id)
            notes = screen.store.revision_notes("contribution", c.id)
        except FacilitatorError as exc:
            screen.notify(str(exc), severity="error", timeout=8)
            return
        if not revisions:
            screen.notify(f"{c.ref} has no earlier version: it was never edited.", timeout=3)
            return
        width = max(30, screen.size.width - 26)
        items = []
        for rev in reversed(revisions):
            line = " ".join(rev.text.split())
            if len(line) > width:
                line = line[: width - 1] + "…"
            note = " (not applied)" if rev.id in notes else ""
            items.append(Item(str(rev.id), Text.assemble((local_time(rev.created_at), "dim"), (note, "italic"),
                                                         " ", line), rev.text))

        def chosen(picked: Picked | None) -> None:
            if not picked or not picked.key:
                return
            text = next(r.text for r in revisions if str(r.id) == picked.key)
            try:
                now = screen.store.contribution(c.id)
                new = screen.undo.history.edit(now, text, expected=now.text)
            except FacilitatorError as exc:
                screen.notify(f"Not brought back: {exc}", severity="error", timeout=10)
                return
            screen.middle.changed(new)
            screen.notify(f"{new.ref}: an earlier version is back; the one it replaced is kept too "
                          f"({screen.key_hint('capture.undo')} undoes).", timeout=5)

        screen.picking.open(f"Earlier versions of {c.ref}, newest first: enter brings one back", items,
                            placeholder="words of a version", on_done=chosen)

    def flag(self) -> None:
        screen = self.screen
        c = self._target()
        if c is None:
            return
        try:
            new = screen.undo.history.flag(c, not c.proposed)
        except FacilitatorError as exc:
            screen.notify(f"Not flagged: {exc}", severity="error", timeout=10)
            return
        screen.middle.changed(new)
        screen.notify(f"{new.ref} " + ("flagged as a proposed recommendation: the review shows it first."
                                       if new.proposed else "is no longer flagged."), timeout=3)

    def _status_follows(self, old: Contribution, new: Contribution) -> None:
        """The status line names the contribution saved last: it follows when that one changed."""
        last = self.screen.saving.last_saved
        if last is not None and old.id == last.id:
            self.screen.composing.show_status(new)
