"""Undo and redo of changes to saved contributions (delete, move, edit, speaker, flag).

``ctrl+r`` undoes (while typing too; ``ctrl+z`` in the list), ``ctrl+y`` redoes in the list.
The steps are kept by :class:`facilitator.core.entry_history.EntryHistory`, which also makes
the changes (:mod:`.entries` and :mod:`.editing` change contributions through it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.core.entry_history import EntryHistory
from facilitator.core.errors import FacilitatorError

from .modes import LIST

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Undo:
    history: EntryHistory  # made when the screen starts (it needs the app's store)

    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen

    def start(self) -> None:
        self.history = EntryHistory(self.screen.store)

    def step(self, undo: bool) -> None:
        screen = self.screen
        history = self.history
        label = history.undo_label() if undo else history.redo_label()
        if label is None:
            screen.notify("Nothing to undo." if undo else "Nothing to redo.", timeout=2)
            return
        try:
            done = history.undo() if undo else history.redo()
        except FacilitatorError as exc:
            screen.notify(f"Not {'undone' if undo else 'redone'}: {exc}", severity="error", timeout=10)
            return
        if done is None:
            return
        _step, c = done
        screen.middle.changed(c)
        if c.question_id == screen.question.id and c.deleted_at is None and screen.mode == LIST:
            screen.stream.select_id(c.id)
        screen.notify(f"{'Undone' if undo else 'Redone'}: {label}.", timeout=3)
