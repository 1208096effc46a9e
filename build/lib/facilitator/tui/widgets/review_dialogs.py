"""A one-line prompt for the review screen: a cluster's name, a rank, whom a recommendation is
addressed to. ``enter`` gives the text, ``escape`` cancels (dismisses with ``None``)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static


class ReviewPrompt(ModalScreen[str | None]):
    HELP_NAME = "Prompt"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ReviewPrompt {
        align: center middle;
        background: $background 60%;
    }
    ReviewPrompt > Vertical {
        width: 90%;
        max-width: 80;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ReviewPrompt #prompt-title {
        text-style: bold;
    }
    ReviewPrompt #prompt-input {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    ReviewPrompt #prompt-hint {
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review.prompt.cancel")]

    def __init__(self, title: str, value: str = "", *, hint: str = "enter ok · escape cancel",
                 suggestions: Sequence[str] = (), placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.suggestions = list(suggestions)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="prompt-title")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                id="prompt-input",
                suggester=SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None,
            )
            yield Static(self.hint, id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
