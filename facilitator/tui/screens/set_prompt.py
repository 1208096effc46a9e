"""The merge screen's prompt for a set of similar recommendations, its typed text autosaved.

``c`` in the merge screen lists a set's members and asks, on one line, which text to keep: a
member's number, ``separate``, or the words of a text of its own. What is typed there is this
window's draft (:mod:`facilitator.core.drafts`, place ``merge-set``, scope the set's id) as it is
typed (:class:`~facilitator.tui.autosave.Autosave`): a crash loses nothing. The prompt opens on
this window's own draft of that set, if any (``escape`` closes it and keeps the draft); a draft
of that set left behind by a window that closed is offered when the prompt opens (put back
here, discarded to the rescue file, or later). The merge screen removes the draft once the text
is used (:func:`used`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widgets import Input

from facilitator.core import drafts as core_drafts
from facilitator.core import rescue as rescue_file
from facilitator.core.errors import FacilitatorError
from facilitator.tui.autosave import Autosave, offer_left_behind, taken

from .review.dialogs import ReviewPrompt

if TYPE_CHECKING:
    from facilitator.tui.app import FacilitatorApp


class SetTextPrompt(ReviewPrompt):
    """:class:`ReviewPrompt` whose text is this window's draft of the set ``set_id``."""

    def __init__(self, title: str, set_id: str, *, hint: str) -> None:
        super().__init__(title, "", hint=hint)
        self.set_id = set_id
        self.autosave = Autosave(self, self._draft, self._rescue_entry)
        self._offered: set[tuple[str, str]] = set()
        self._filling = False

    @property
    def facilitator(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)

    @property
    def box(self) -> Input:
        return self.query_one("#prompt-input", Input)

    def on_mount(self) -> None:  # (Textual calls ReviewPrompt's on_mount too: it focuses the box)
        app = self.facilitator
        try:
            mine = core_drafts.mine(app.store.conn, app.window.id, core_drafts.MERGE_SET, self.set_id)
        except Exception:  # noqa: BLE001 - reading failed: the prompt opens empty; the draft stays on disk
            mine = None
        if mine is not None and mine.text:
            self._fill(mine.text)
        self.call_after_refresh(self._offer_left_behind)

    def _fill(self, text: str) -> None:
        self._filling = True
        try:
            self.box.value = text
            self.box.cursor_position = len(text)
        finally:
            self._filling = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self._filling:
            self.autosave.changed()

    def _draft(self) -> core_drafts.Draft:
        window = self.facilitator.window
        return core_drafts.Draft(window_id=window.id, place=core_drafts.MERGE_SET, scope=self.set_id,
                                 text=self.box.value, owner=window.owner, data={"set": self.title_text})

    def _rescue_entry(self, reason: str) -> rescue_file.Entry:
        return rescue_file.Entry(text=self.box.value, reason=reason, session="merge: " + self.title_text.split("\n")[0])

    def flush(self) -> None:
        """Write the draft now (the app quits, the prompt closes)."""
        self.autosave.flush()

    def unsaved_text(self) -> str:
        return self.box.value if self.autosave.unsaved else ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # kept until the merge screen has used it (used()); ReviewPrompt's handler, called next, answers
        self.autosave.flush()

    def action_cancel(self) -> None:
        self.autosave.flush()  # escape: kept as this window's draft, back when the prompt opens on this set
        super().action_cancel()

    # --- a draft of this set left behind by a window that closed -----------------------------

    def _offer_left_behind(self) -> None:
        offer_left_behind(self, core_drafts.MERGE_SET, self.set_id, self._describe, self._take, self._offered)

    def _describe(self, d: core_drafts.Draft) -> tuple[str, str]:
        from facilitator.tui.widgets.contribution_stream import local_time

        when = local_time(d.updated_at) if d.updated_at else "?"
        return ("Unsaved text for this set from a window that closed",
                f"Text typed for this set of similar recommendations in the merge screen of another window, last "
                f"written at {when}, was never used: that window closed (or crashed) with it typed.\n\n{d.text}")

    def _take(self, d: core_drafts.Draft) -> None:
        if not self.is_attached:
            return
        now = self.box.value.strip()
        self._fill(d.text if not now or d.text in now else f"{now} {d.text}")
        self.autosave.cleared()
        taken(self, d, self._draft())


def used(app: FacilitatorApp, set_id: str) -> None:
    """The text typed for ``set_id`` was used (the set decided): this window's draft of it goes."""
    try:
        app.store.clear_draft(app.window.id, core_drafts.MERGE_SET, set_id)
    except FacilitatorError:
        pass  # the draft stays: offered with the set again; nothing is lost


__all__ = ["SetTextPrompt", "used"]
