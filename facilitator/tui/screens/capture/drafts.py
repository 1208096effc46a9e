"""The draft: what is typed is autosaved, and comes back after a crash.

The composer's text (and an edit in progress, with the text set aside meanwhile) is written to
the ``draft`` table within ``AUTOSAVE_IDLE`` of the last keystroke, and every
``AUTOSAVE_MAX`` while typing goes on, in one write with the speaker's turn and the queue
(:mod:`.floor`). An autosave that fails is reported once, retried, and the text is copied to the
rescue file (:mod:`.rescue`). When the session opens again the draft is restored: its text in
the composer, its question, its speaker, its edit.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from facilitator.core import capture as cap
from facilitator.core import rescue as rescue_file
from facilitator.core.errors import FacilitatorError

if TYPE_CHECKING:
    from .screen import CaptureScreen

AUTOSAVE_IDLE = 0.4  # seconds after the last keystroke
AUTOSAVE_MAX = 2.0  # seconds of continuous typing between autosaves


class Drafts:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.saved_text = ""  # the composer's text as the draft table holds it
        self.dirty_since: float | None = None  # something to write since (monotonic)
        self.error = False  # the last autosave failed
        self._last_key = 0.0
        self._last_rescue = 0.0

    def mark_dirty(self) -> None:
        self.dirty_since = self.dirty_since or time.monotonic()

    def key_typed(self) -> None:
        self._last_key = time.monotonic()

    def restore(self, draft: dict[str, Any] | None) -> None:
        """At the start: the draft's text back in the composer (its question and speaker are
        restored by the screen; its edit by :meth:`restore_edit`)."""
        if not (draft and draft.get("text")):
            return
        screen = self.screen
        screen.composer.set_text(draft["text"])
        self.saved_text = draft["text"]
        if draft.get("started_at"):
            screen.composing.started = cap.parse_iso(draft["started_at"])
        screen.notify("Your unsaved text was restored in the composer.", title="Draft restored")

    def restore_edit(self, draft: dict[str, Any] | None) -> None:
        if draft and draft.get("contribution_id") and draft.get("edit_text") is not None:
            self.screen.editing.restore(draft["contribution_id"], draft["edit_text"])

    def autosave_check(self) -> None:
        """Four times a second: write when typing paused, or has gone on long enough."""
        if self.dirty_since is None:
            return
        now = time.monotonic()
        if now - self._last_key >= AUTOSAVE_IDLE or now - self.dirty_since >= AUTOSAVE_MAX:
            self.flush()

    def flush(self, force: bool = False) -> None:
        """Write the composer's text to the draft table (deleted when the composer is empty),
        with the speaker's turn and the queue."""
        screen = self.screen
        if not force and self.dirty_since is None:
            return
        if not screen.ready:
            return
        composer, editing, rescue = screen.composer, screen.editing, screen.rescue
        text = composer.text
        if editing.entry is not None:
            draft_text, started, edited, edit_text = editing.stash[0], editing.stash[1], editing.entry.id, text
        else:
            draft_text, started, edited, edit_text = text, screen.composing.started, None, None
        store, floor = screen.store, screen.floor
        try:
            with store.write() as conn:
                floor.turns.write(conn)
                floor.remember()
                store.save_draft(
                    screen.session_id,
                    draft_text,
                    question_id=screen.question.id,
                    participant_id=screen.speakers.speaker_id if screen.speakers.chosen else None,
                    started_at=cap.to_iso(started) if started else None,
                    contribution_id=edited,
                    edit_text=edit_text,
                )
        except FacilitatorError as exc:
            where = ""
            if text.strip() and (not self.error or time.monotonic() - self._last_rescue > 30):
                where = " " + rescue.copy(text, f"autosave failed: {exc}")
                if editing.entry is not None and editing.stash[0].strip():
                    rescue.copy(editing.stash[0], f"autosave failed: {exc}")
                self._last_rescue = time.monotonic()
            if store.file_changed:
                where += rescue.copy_saved_here()
            if not self.error and not (store.file_changed and rescue.copied_any):
                screen.notify(f"Autosave failed: {exc}.{where}", severity="error", timeout=10, markup=False)
            self.error = True
            self.dirty_since = time.monotonic()  # retry later
            return
        floor.turns.written()
        if self.error:
            screen.notify("Autosave works again.", timeout=3)
        self.error = False
        self.saved_text = text
        self.dirty_since = None

    def unsaved(self) -> list[rescue_file.Entry]:
        """What is typed here and not on disk in the database (the app asks before quitting)."""
        screen = self.screen
        if not screen.ready or not (self.error or self.dirty_since is not None):
            return []
        composer, editing, rescue = screen.composer, screen.editing, screen.rescue
        out = []
        if editing.entry is not None:
            if editing.stash[0].strip():
                out.append(rescue.entry(editing.stash[0], "not saved: the text set aside in the composer when the app was closed"))
            if composer.text.strip():
                out.append(rescue.entry(composer.text, f"not saved: an edit of {editing.entry.ref} when the app was closed"))
            return out
        if composer.text.strip():
            out.append(rescue.entry(composer.text, "not saved: the text in the composer when the app was closed"))
        return out
