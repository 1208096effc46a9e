"""The recommendation editor: a wrapping text box beside the review tree.

``ctrl+s`` saves (the earlier text is kept as a revision); ``escape`` saves and goes back to
the clusters. Both post :class:`RecommendationEditor.Done` with ``leave`` telling which; the
screen does the saving. The editor only knows what it edits and whether it was changed. Arabic
reads right to left in it as it is typed, as in the capture screen's composer
(:class:`~facilitator.tui.widgets.bidi_text_area.BidiTextArea`).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.message import Message

from facilitator.tui.widgets.bidi_text_area import BidiTextArea


class RecommendationEditor(BidiTextArea):
    HELP_NAME = "Recommendation editor"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="review.editor.save", priority=True),
        Binding("escape", "done", "Done", id="review.editor.done"),
    ]

    class Done(Message):
        def __init__(self, editor: "RecommendationEditor", leave: bool) -> None:
            super().__init__()
            self.editor = editor
            self.leave = leave

        @property
        def control(self) -> "RecommendationEditor":
            return self.editor

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            "",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            **kwargs,
        )
        self.recommendation_id: str | None = None  # None: a new one
        self.cluster_id: str | None = None
        self.saved_text = ""
        self.draft_text: str | None = None  # a starting draft offered, not yet saved
        # the recommendation's text when the edit began: a save checks nobody changed it meanwhile
        self.base: str | None = None

    def start(self, text: str, recommendation_id: str | None, cluster_id: str | None, *, draft: bool = False,
              base: str | None = None) -> None:
        """Edit ``text``. ``draft``: it is a starting draft made by the app (for a new
        recommendation): shown, but saved only when the facilitator saves (ctrl+s) or edits it.
        ``base``: the stored text the edit began from (default: ``text``; a draft put back
        after a crash began from an older one)."""
        self.recommendation_id = recommendation_id
        self.cluster_id = cluster_id
        self.base = (text if base is None else base) if recommendation_id else None
        self.saved_text = "" if draft else (text if base is None else base)
        self.draft_text = text if draft and text.strip() else None
        self.load_text(text)
        self.move_cursor(self.document.end)

    @property
    def untouched_draft(self) -> bool:
        """The starting draft is there as the app wrote it (nobody typed in it yet)."""
        return self.draft_text is not None and self.text.strip() == self.draft_text.strip()

    @property
    def dirty(self) -> bool:
        """Typed text not saved yet (an untouched starting draft is not: it is only offered)."""
        return self.text.strip() != self.saved_text.strip() and not self.untouched_draft

    def action_save(self) -> None:
        self.post_message(self.Done(self, leave=False))

    def action_done(self) -> None:
        self.post_message(self.Done(self, leave=True))
