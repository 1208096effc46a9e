"""The draft: what is typed is on disk within a fraction of a second, in this window's own row.

The composer's text (and an edit in progress, with the text set aside meanwhile) is written to
the ``draft`` table as it is typed: at once after a key when the last write is ``AUTOSAVE_GAP``
old, else when that much time has passed (a burst of keys, a paste arriving as keys, costs
one write per ``AUTOSAVE_GAP``, not one per key). Each write is one transaction with the
speaker's turn and the queue (:mod:`.floor`), and waits at most ``BUSY_WAIT_MS`` for another
window's write (then it is tried again; only a refusal that lasts is reported). An autosave
that fails is reported once, retried, and the text is copied to the rescue file
(:mod:`.rescue`).

The row belongs to this window (``app.window``) and this session (:mod:`facilitator.core.drafts`):
another window on the same session has its own, and a save, an empty composer or a quit there
never touches this one. When the screen opens, this window's own draft comes back as it was
(back from the sessions list); a draft *left behind* by a window that no longer runs (a crash,
``kill -9``, a closed terminal, or a quit with text typed) is offered, never loaded silently:
put it back here, discard it (a copy goes to the rescue file first), or later.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator.core import capture as cap
from facilitator.core import drafts as core_drafts
from facilitator.core import rescue as rescue_file
from facilitator.core.errors import DatabaseBusy, FacilitatorError
from facilitator.core.store import now_iso
from facilitator.tui.autosave import offer_left_behind
from facilitator.tui.screens.dialogs import excerpt
from facilitator.tui.widgets.contribution_stream import local_time

from .modes import EDIT

if TYPE_CHECKING:
    from textual.timer import Timer

    from .screen import CaptureScreen

AUTOSAVE_GAP = 0.1  # seconds: at most one write per this while typing
ON_DISK_WITHIN = 0.5  # the promise (README): text shown this long is on disk, whatever ends the app
BUSY_WAIT_MS = 50  # how long an autosave waits for another window's write before trying later
BUSY_PATIENCE = 5.0  # seconds of refusals by a busy database before it is reported


class Drafts:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.saved_text = ""  # the composer's text as the draft table holds it
        self.dirty_since: float | None = None  # something to write since (monotonic)
        self.error = False  # the last autosave failed
        self._last_write = 0.0  # when the last write was tried (monotonic)
        self._busy_since: float | None = None
        self._timer: Timer | None = None
        self._last_rescue = 0.0
        self._offered: set[tuple[str, str]] = set()  # drafts left behind already offered here
        self._taking: core_drafts.Draft | None = None  # one taken, until a write has taken it

    @property
    def window_id(self) -> str:
        return self.screen.app.window.id

    def mark_dirty(self) -> None:
        """Something to write (the text, the speaker, the queue): written at once, or within
        ``AUTOSAVE_GAP``."""
        self.dirty_since = self.dirty_since or time.monotonic()
        if not self.screen.ready:
            return
        wait = AUTOSAVE_GAP - (time.monotonic() - self._last_write)
        if wait <= 0:
            self.flush()
        elif self._timer is None:
            self._timer = self.screen.set_timer(wait, self._due)

    def _due(self) -> None:
        self._timer = None
        self.flush()

    def mine(self) -> core_drafts.Draft | None:
        """This window's draft of this session (back from the sessions list)."""
        return core_drafts.mine(self.screen.store.conn, self.window_id, core_drafts.CAPTURE, self.screen.session_id)

    def restore(self, draft: core_drafts.Draft | None) -> None:
        """At the start: this window's own draft back in the composer (its question and
        speaker are restored by the screen; its edit by :meth:`restore_edit`)."""
        if not (draft and draft.text):
            return
        screen = self.screen
        screen.composer.set_text(draft.text)
        self.saved_text = draft.text
        if draft.started_at:
            screen.composing.started = cap.parse_iso(draft.started_at)

    def restore_edit(self, draft: core_drafts.Draft | None) -> None:
        if draft and draft.contribution_id and draft.edit_text is not None:
            self.screen.editing.restore(draft.contribution_id, draft.edit_text, base=draft.edit_base)

    def autosave_check(self) -> None:
        """Four times a second: write what is due (a retry after a refusal)."""
        if self.dirty_since is not None and time.monotonic() - self._last_write >= AUTOSAVE_GAP:
            self.flush()

    def current(self) -> core_drafts.Draft:
        """The draft as the screen has it now."""
        screen = self.screen
        composer, editing = screen.composer, screen.editing
        started = screen.composing.started
        draft = core_drafts.Draft(
            window_id=self.window_id, place=core_drafts.CAPTURE, scope=screen.session_id,
            session_id=screen.session_id, text=composer.text, question_id=screen.question.id,
            participant_id=screen.speakers.speaker_id if screen.speakers.chosen else None,
            started_at=cap.to_iso(started) if started else None, owner=screen.app.window.owner,
        )
        if editing.entry is not None:
            stash_text, stash_started = editing.stash
            draft = replace(draft, text=stash_text, contribution_id=editing.entry.id, edit_text=composer.text,
                            edit_base=editing.base, started_at=cap.to_iso(stash_started) if stash_started else None)
        return draft

    def flush(self, force: bool = False) -> bool:
        """Write the draft (removed when nothing is typed), with the speaker's turn and the
        queue, and delete a draft left behind that was just taken into this window (in the same
        transaction). False when the write was refused (it is tried again)."""
        screen = self.screen
        taking = self._taking
        if not force and self.dirty_since is None and taking is None:
            return True
        if not screen.ready:
            return True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._last_write = time.monotonic()
        draft = self.current()
        store, floor = screen.store, screen.floor
        took = True
        try:
            with store.write(wait_ms=BUSY_WAIT_MS) as conn:
                floor.turns.write(conn)
                floor.remember()
                core_drafts.save(conn, draft, now_iso())
                if taking is not None:
                    took = core_drafts.take(conn, taking)
        except DatabaseBusy as exc:
            self._busy_since = self._busy_since or time.monotonic()
            if time.monotonic() - self._busy_since < BUSY_PATIENCE:
                self.dirty_since = self.dirty_since or time.monotonic()
                return False  # another window is writing: tried again in a moment
            self._failed(exc, draft)
            return False
        except FacilitatorError as exc:
            self._failed(exc, draft)
            return False
        self._busy_since = None
        self._taking = None
        floor.turns.written()
        if self.error:
            screen.notify("Autosave works again.", timeout=3)
        self.error = False
        self.saved_text = screen.composer.text
        self.dirty_since = None
        if not took:
            screen.notify("Another window took that text at the same moment: it is in both now.", severity="warning",
                          timeout=8)
        return True

    def _failed(self, exc: FacilitatorError, draft: core_drafts.Draft) -> None:
        screen = self.screen
        store, rescue = screen.store, screen.rescue
        text = draft.edit_text if draft.edit_text is not None else draft.text
        where = ""
        if text.strip() and (not self.error or time.monotonic() - self._last_rescue > 30):
            where = " " + rescue.copy(text, f"autosave failed: {exc}")
            if draft.edit_text is not None and draft.text.strip():
                rescue.copy(draft.text, f"autosave failed: {exc}")
            self._last_rescue = time.monotonic()
        if store.file_changed:
            where += rescue.copy_saved_here()
        if not self.error and not (store.file_changed and rescue.copied_any):
            screen.notify(f"Autosave failed: {exc}.{where}", severity="error", timeout=10, markup=False)
        self.error = True
        self.dirty_since = time.monotonic()  # retry later

    def saved(self) -> None:
        """The composer's contribution was saved (its draft cleared in the same write)."""
        self.saved_text = ""
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

    # --- drafts left behind by other windows --------------------------------------------------

    def offer_left_behind(self) -> None:
        """Offer, one at a time, each draft of this session left behind by a window that no
        longer runs (never loaded without asking)."""
        screen = self.screen
        offer_left_behind(screen, core_drafts.CAPTURE, screen.session_id, self._offer_text, self.take, self._offered)

    def _offer_text(self, draft: core_drafts.Draft) -> tuple[str, str]:
        screen = self.screen
        q = next((q for q in screen.questions if q.id == draft.question_id), None)
        who = screen.speakers.name(draft.participant_id) if draft.participant_id else None
        where = " · ".join(x for x in (f"Q{q.position}" if q else "", who or "") if x)
        when = local_time(draft.updated_at) if draft.updated_at else "?"
        what = "An edit of an earlier contribution" if draft.contribution_id and draft.edit_text is not None \
            else "Text"
        title = "Unsaved text from a window that closed"
        body = (f"{what} typed in another window of this session, last written at {when}"
                f"{f' ({where})' if where else ''}, was never saved: that window closed (or crashed) "
                f"with it in its composer.\n\n{excerpt(draft.words)}")
        return title, body

    def take(self, draft: core_drafts.Draft) -> None:
        """Put a draft left behind into this window: its text in the composer (after what is
        typed here, if anything), its question and speaker when nothing is typed here, its
        edit reopened; the left-behind row goes in the same write as this window's draft."""
        screen = self.screen
        composer = screen.composer
        empty_here = not composer.text.strip() and screen.mode != EDIT
        if empty_here and draft.question_id:
            screen.navigation.go_to_id(draft.question_id)
        if empty_here and draft.participant_id in screen.speakers.participants:
            screen.speakers.set(draft.participant_id)
        if draft.text.strip():
            if screen.mode == EDIT:
                text, started = screen.editing.stash
                screen.editing.stash = (_joined(text, draft.text), started)
            else:
                composer.set_text(_joined(composer.text, draft.text))
                if empty_here and draft.started_at:
                    screen.composing.started = cap.parse_iso(draft.started_at)
        if draft.contribution_id and draft.edit_text is not None:
            if screen.mode == EDIT:
                screen.rescue.copy(draft.edit_text, "an edit left behind by a closed window, while another edit was open here")
            else:
                screen.editing.restore(draft.contribution_id, draft.edit_text, base=draft.edit_base)
        self.dirty_since = self.dirty_since or time.monotonic()
        self._taking = draft
        if self.flush(force=True):
            screen.notify("The text is back, and is this window's draft now.", timeout=4)
        composer.focus()


def _joined(first: str, second: str) -> str:
    """Two texts in one composer: a blank line between them."""
    if not first.strip():
        return second
    return first.rstrip() + "\n\n" + second.lstrip()
