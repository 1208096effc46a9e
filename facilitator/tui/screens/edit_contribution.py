"""Edit the text of a saved contribution. The old text is kept as a revision by the store.

``enter`` (or ``ctrl+s``) saves, ``ctrl+j`` starts a new line, ``escape`` cancels; with changes,
``escape`` asks to be pressed a second time so an edit is not thrown away by accident.
Dismisses with the new text, or ``None``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.core.models import Contribution
from facilitator.tui.widgets.composer import Composer


class EditContributionScreen(ModalScreen[str | None]):
    CSS_PATH = "edit_contribution.tcss"
    AUTO_FOCUS = None  # focused in on_mount, after the cursor is put at the end of the text
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Save", id="edit.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
    ]

    def __init__(self, contribution: Contribution) -> None:
        super().__init__()
        self.contribution = contribution
        self._confirm_discard = False

    def compose(self) -> ComposeResult:
        c = self.contribution
        with Vertical(id="edit-box"):
            yield Static(Content(f"Edit {c.ref} · {c.speaker or 'Floor'}"), id="edit-title")
            yield Composer(c.text, id="edit-text")
            yield Static("enter save · ctrl+j new line · escape cancel", id="edit-hint")

    def on_mount(self) -> None:
        composer = self.query_one(Composer)
        composer.submit_handler = self.action_save
        composer.key_handlers = {"escape": self.action_cancel}
        composer.move_cursor(composer.document.end)
        self.set_focus(composer)  # now: keys typed right after e belong here

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_text_area_changed(self) -> None:
        self._confirm_discard = False

    def action_save(self) -> None:
        text = self.query_one(Composer).text
        if not text.strip():
            self.notify("The text is empty: to remove a contribution, delete it (d) in the list.", severity="warning")
            return
        self.dismiss(text)

    def unsaved(self) -> list:
        """The edit, while it is not saved (the app asks before quitting)."""
        from facilitator.core.rescue import Entry

        text = self.query_one(Composer).text
        if not text.strip() or text == self.contribution.text:
            return []
        c = self.contribution
        return [Entry(text=text, reason=f"not saved: an edit of {c.ref}", question=f"Q{c.question_position}",
                      speaker=c.speaker or "Floor", session=c.session_id)]

    def action_cancel(self) -> None:
        if self.query_one(Composer).text != self.contribution.text and not self._confirm_discard:
            self._confirm_discard = True
            self.query_one("#edit-hint", Static).update("Your changes are not saved: escape again to discard them, enter to save")
            return
        self.dismiss(None)
