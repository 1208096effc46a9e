"""The composer as the screen drives it: what typing starts, and what its border says.

- Typing: the first keystroke of a contribution stamps when it started (and restarts a stopped
  speaker's clock); every change marks the draft for autosave (:mod:`.drafts`).
- The border's title: "Contribution" or "Editing Q1-004". Arabic being typed needs no preview
  there: the composer draws it shaped, right to left and flush right itself
  (:class:`~facilitator.tui.widgets.bidi_text_area.BidiTextArea`), keeping the logical order
  in what it stores.
- The border's subtitle: what was saved last, as it is now (moved, deleted, flagged), and the
  composer's own keys.

The composer widget and its key order: :mod:`facilitator.tui.widgets.composer`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from facilitator.core.models import Contribution
from facilitator.tui.widgets.contribution_stream import local_time

from .modes import EDIT, LIST, TYPING

if TYPE_CHECKING:
    from .screen import CaptureScreen

TYPING_KEYS = "enter save · ctrl+j new line"  # the composer's own keys (not bindings)
EDIT_KEYS = "enter save the edit · esc cancel · ctrl+j new line"


class Composing:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        # when the contribution in the composer began to be typed (None: nothing typed)
        self.started: dt.datetime | None = None

    def text_changed(self, text: str) -> None:
        """The composer's text changed (typed, pasted, cleared, set)."""
        screen = self.screen
        drafts = screen.drafts
        if screen.mode != EDIT:
            if text.strip() and self.started is None:
                self.started = screen.now()
                screen.floor.typing_began(self.started)
            if not text.strip():
                self.started = None
        if text != drafts.saved_text or screen.mode == EDIT:
            drafts.mark_dirty()

    def show_title(self) -> None:
        """The composer's border title: what it holds ("Contribution", "Editing Q1-004")."""
        screen = self.screen
        if not screen.ready or screen.mode == LIST:
            return
        editing = screen.editing.entry
        title = f"Editing {editing.ref}" if screen.mode == EDIT and editing else "Contribution"
        if screen.composer.border_title != title:
            screen.composer.border_title = title

    def keep_typed(self, text: str) -> None:
        """Text typed where it could not go (a picker) is what was said: it goes to the end of
        the composer, and the rapporteur is told."""
        screen = self.screen
        text = " ".join(text.split())
        if not text:
            return
        composer = screen.composer
        before = composer.text
        joined = text if not before.strip() else before.rstrip() + " " + text
        composer.set_text(joined)
        screen.notify("What you typed in the picker is in the composer, as the contribution's text.", timeout=4)

    def show_editing(self, c: Contribution) -> None:
        composer = self.screen.composer
        composer.border_title = f"Editing {c.ref}"
        composer.border_subtitle = EDIT_KEYS

    def show_status(self, changed: Contribution | None = None) -> None:
        """The composer's subtitle: what was saved last, as it is now (moved, deleted, flagged)."""
        screen = self.screen
        saving = screen.saving
        last = saving.last_saved
        if changed is not None and last is not None and changed.id == last.id:
            saving.last_saved = last = changed
        if screen.mode != TYPING:
            return
        if last is None:
            screen.composer.border_subtitle = TYPING_KEYS
            return
        first = saving.last_saved_ref or last.ref
        status = f"saved {first} at {local_time(last.created_at)}"
        if last.deleted_at:
            status = f"{first} deleted · {screen.key_hint('capture.undo')} undo"
        elif last.ref != first:
            status += f", now {last.ref}"
        if last.proposed and not last.deleted_at:
            status += " · flagged"
        screen.composer.border_subtitle = f"{status} · {TYPING_KEYS}"
