"""Saving a contribution: committed before it is shown.

``enter`` (or ``ctrl+s``, ``f2``) saves what is typed, asking first who said it when no speaker
is chosen. The contribution, the speaker's turn, the cleared draft and the remembered speaker
go in one write; only then does it appear in the stream. A save that fails keeps its id, so a
retry cannot make it twice (the first attempt may have reached the disk after all); the text
stays in the composer and is copied to the rescue file. Saving does not grow with the size of
the session: the stream appends one entry and the rail changes one count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from facilitator.core import drafts as core_drafts
from facilitator.core.errors import FacilitatorError
from facilitator.core.ids import new_id
from facilitator.core.models import Contribution, ContributionIn

from .modes import EDIT

if TYPE_CHECKING:
    from facilitator.core.clustering.background import BackgroundEmbedder

    from .screen import CaptureScreen


class Saving:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.last_saved: Contribution | None = None  # the contribution saved last, as it is now
        self.last_saved_ref: str | None = None  # its reference when it was saved
        self._pending_id: str | None = None  # the id of a save that failed, for its retry
        self._pending_text: str | None = None
        # vectors for clustering, computed in the background after saves (None: not yet asked;
        # False: not wanted)
        self.embedder: BackgroundEmbedder | Literal[False] | None = None

    def save(self) -> None:
        """``enter``: save what is typed (in an edit: the edit)."""
        screen = self.screen
        if screen.mode == EDIT:
            screen.editing.save()
            return
        if not screen.composer.text.strip():
            screen.notify("Nothing to save: type what is said first.", timeout=2)
            return
        if not screen.speakers.chosen:
            def then(pid: str | None) -> None:
                screen.floor.give(pid)
                self._save()

            screen.speakers.pick(then, title="Who said it? (then it is saved)", queue=False)
            return
        self._save()

    def _save(self) -> None:
        screen = self.screen
        composer, floor, speaker_id = screen.composer, screen.floor, screen.speakers.speaker_id
        text = composer.text
        if not text.strip():
            return
        q = screen.question
        if self._pending_id is None or self._pending_text != text:
            self._pending_id, self._pending_text = new_id(), text
        started = screen.composing.started
        turn = floor.turns.open_turn()
        if turn is None or turn.participant_id != speaker_id or turn.question_id != q.id:
            # no turn running (paused, or a speaker kept from another question): it began
            # when typing began (in this window: a draft typed before a crash counts from the
            # window's opening, not across the time the app was not running)
            began = max(started or screen.now(), screen.clocks.opened_at)
            turn = floor.turns.begin(speaker_id, q.id, min(began, screen.now()))
        try:
            item = ContributionIn(
                session_id=screen.session_id,
                question_id=q.id,
                participant_id=speaker_id,
                text=text,
                started_at=started,
                turn_id=turn.id,
            )
        except ValidationError as exc:
            screen.notify(f"Not saved: {exc.errors()[0]['msg']}. Your text is kept.", severity="error", timeout=10)
            return
        store = screen.store
        try:
            with store.write() as conn:
                floor.turns.write(conn)
                c = store.add_contribution(item, contribution_id=self._pending_id)
                core_drafts.clear(conn, screen.app.window.id, core_drafts.CAPTURE, screen.session_id)
                floor.remember()
        except FacilitatorError as exc:
            before = self._saved_before(self._pending_id, text)
            if before is None:
                where = screen.rescue.copy(text, str(exc))
                if store.file_changed:
                    where += screen.rescue.copy_saved_here()
                screen.notify(f"Not saved: {exc}. {where}", title="Save failed", severity="error", timeout=20,
                              markup=False)
                composer.border_subtitle = "NOT SAVED: your text is kept · ctrl+s to try again"
                return
            c = before
        # committed: only now is it shown as saved
        floor.turns.written()
        self._pending_id = self._pending_text = None
        screen.rescue.saved(c)
        composer.clear()
        screen.drafts.saved()
        screen.composing.started = None
        screen.clocks.capture_began(turn.started_at)
        screen.stream.append(c)
        screen.rail.bump(q.id, +1)
        self.last_saved, self.last_saved_ref = c, c.ref
        screen.app.last_saved[screen.session_id] = (c.id, c.ref)
        screen.composing.show_status()
        self._vectors_later()
        if not screen.speakers.keep:
            screen.speakers.clear()
            screen.speakers.pick(screen.floor.give)

    def restore(self) -> None:
        """At the opening: the contribution this window saved last in the session (a stray
        escape left the screen and came back: ctrl+b still flags it)."""
        screen = self.screen
        found = screen.app.last_saved.get(screen.session_id)
        if found is None:
            return
        try:
            c = screen.store.contribution(found[0])
        except FacilitatorError:
            return
        self.last_saved, self.last_saved_ref = c, found[1]

    def _saved_before(self, contribution_id: str | None, text: str) -> Contribution | None:
        """The contribution, if an earlier attempt to save this text did reach the disk."""
        if contribution_id is None:
            return None
        screen = self.screen
        try:
            c = screen.store.contribution(contribution_id)
        except Exception:  # noqa: BLE001 - not there, or the database cannot say
            return None
        if c.text != ContributionIn(session_id=screen.session_id, text=text).text:
            return None
        try:
            screen.store.clear_draft(screen.app.window.id, core_drafts.CAPTURE, screen.session_id)
        except FacilitatorError:
            pass
        return c

    def _vectors_later(self) -> None:
        """With the multilingual extra installed, the vectors of what was just saved are
        computed in the background once the rapporteur pauses (clustering then reuses them)."""
        if self.embedder is None:
            from facilitator.core.clustering import background

            screen = self.screen
            self.embedder = background.BackgroundEmbedder(screen.store.path, screen.session_id) if background.wanted() else False
        if self.embedder:
            self.embedder.poke()

    def close(self) -> None:
        """The screen closes: the background vectors stop."""
        if self.embedder:
            self.embedder.close(timeout=2)
