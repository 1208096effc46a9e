"""A yes/no question in a box over the screen: ``ConfirmScreen(title, body, yes=..., no=...)``
dismisses with ``True`` (``y``, or the yes key) or ``False`` (``n``, ``escape``).

Everything shown is plain text, never markup: it often holds what people typed (an Arabic name
or text in it reads right to left in its place: ``tui.plain.sentence``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.tui.plain import sentence


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, body: str, *, yes: str = "y  yes", no: str = "n / escape  no") -> None:
        super().__init__()
        self.title_text = title
        self.body_text = body
        self.yes_text = yes
        self.no_text = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(sentence(self.title_text), id="confirm-title")
            yield Static(sentence(self.body_text), id="confirm-body")
            yield Static(Content(f"{self.yes_text}    ·    {self.no_text}"), id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
