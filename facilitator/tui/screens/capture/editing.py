"""Editing an earlier contribution, in the composer itself.

``ctrl+e`` in the list opens the chosen contribution in the composer: ``enter`` saves the edit
(the earlier text is kept: undoable), ``escape`` cancels it. The text that was being typed is
set aside meanwhile and comes back afterwards. An edit in progress is autosaved with the draft
and opened again after a crash (:mod:`.drafts`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import ValidationError

from facilitator.core.errors import EditConflict, FacilitatorError
from facilitator.core.models import Contribution
from facilitator.tui.screens.dialogs import ConflictScreen, conflict_body

from .modes import EDIT, LIST

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Editing:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.entry: Contribution | None = None  # the contribution being edited
        # the composer's text set aside meanwhile, and when it began to be typed
        self.stash: tuple[str, dt.datetime | None] = ("", None)
        # the contribution's text when the edit began: a save checks nobody changed it meanwhile
        self.base: str | None = None

    def start(self, c: Contribution, text: str | None = None, *, base: str | None = None) -> None:
        screen = self.screen
        composer = screen.composer
        self.stash = (composer.text, screen.composing.started)
        self.entry = c
        self.base = c.text if base is None else base
        screen.modes.switch(EDIT)
        composer.set_text(c.text if text is None else text)
        screen.composing.show_editing(c)
        screen.drafts.mark_dirty()
        screen.composing.show_title()

    def _end(self) -> None:
        screen = self.screen
        text, started = self.stash
        self.entry = None
        self.base = None
        self.stash = ("", None)
        screen.composer.set_text(text)
        screen.composing.started = started
        screen.drafts.saved_text = ""
        screen.drafts.mark_dirty()
        screen.modes.switch(LIST)

    def save(self) -> None:
        screen = self.screen
        c = self.entry
        if c is None:
            return
        text = screen.composer.text
        if not text.strip():
            screen.notify(f"An entry cannot be empty: escape, then {screen.key_hint('capture.delete_selected')} deletes it (undoable).",
                          timeout=5)
            return
        try:
            new = screen.undo.history.edit(c, text, expected=self.base)
        except EditConflict as exc:
            self._conflict(c, text, exc.theirs)
            return
        except ValidationError as exc:
            screen.notify(f"Not saved: {exc.errors()[0]['msg']}", severity="error")
            return
        except FacilitatorError as exc:
            where = screen.rescue.copy(text, f"an edit of {c.ref}: {exc}")
            screen.notify(f"Not saved: {exc}. Your edit is kept. {where}", severity="error", timeout=15)
            return
        self._end()
        if new.text != c.text:
            screen.middle.changed(new)
            screen.notify(f"{new.ref} edited; the earlier text is kept ({screen.key_hint('capture.undo')} undoes).",
                          timeout=3)

    def _conflict(self, c: Contribution, mine: str, theirs: str) -> None:
        """The contribution changed elsewhere while it was edited here: both texts are shown,
        the person chooses; nothing is applied without it, and the text not kept stays among
        its earlier versions."""
        screen = self.screen

        def answered(answer: str | None) -> None:
            if self.entry is None or self.entry.id != c.id:
                return
            self.base = theirs  # what they wrote is seen now
            if answer == "mine":
                self.save()
            elif answer == "theirs":
                try:
                    screen.store.keep_unapplied("contribution", c.id, mine, "an edit made while another window changed it")
                except FacilitatorError as exc:
                    where = screen.rescue.copy(mine, f"an edit of {c.ref} not applied: {exc}")
                    screen.notify(f"Your edit could not be kept with its versions: {exc}. {where}", severity="error",
                                  timeout=15)
                    return
                self._end()
                try:
                    screen.middle.changed(screen.store.contribution(c.id))
                except FacilitatorError:
                    pass
                screen.notify(f"{c.ref}: theirs is kept; yours is among its earlier versions "
                              f"({screen.key_hint('capture.versions')} in the list).", timeout=6)
            else:
                screen.notify("Back to your edit; saving it now replaces theirs (theirs stays among the earlier "
                              "versions).", timeout=6)

        screen.app.push_screen(ConflictScreen(f"{c.ref} changed while you edited it",
                                              conflict_body(c.ref, theirs, mine)), answered)

    def cancel(self) -> None:
        if self.entry is not None:
            self._end()

    def restore(self, contribution_id: str, text: str, *, base: str | None = None) -> None:
        """An edit that was in progress when the app stopped: open it again."""
        screen = self.screen
        c: Contribution | None
        try:
            c = screen.store.contribution(contribution_id)
        except FacilitatorError:
            c = None
        if c is None or c.deleted_at is not None:
            if text.strip():
                where = screen.rescue.copy(text, "an edit in progress of a contribution that is no longer there")
                screen.notify(f"An edit in progress could not be opened again. {where}", severity="warning", timeout=10)
            return
        screen.entries.show(c.id)
        self.start(c, text, base=base)
        screen.notify(f"Your edit of {c.ref} was restored: enter saves it, escape cancels.", title="Edit restored")
