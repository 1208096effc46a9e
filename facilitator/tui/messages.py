"""Messages the app and its screens send one another (instead of reaching into each other).

A screen that cares defines the handler (``on_show_contribution``); the screen that opened it
posts the message. (How Arabic is shown is no message: it is the app's reactive ``bidi_mode``,
which widgets follow with ``tui.plain.follow``.)
"""

from __future__ import annotations

from textual.message import Message


class ShowContribution(Message):
    """Bring this contribution into view (search opened its session): the capture screen goes
    to its question and selects it in the list."""

    def __init__(self, contribution_id: str) -> None:
        super().__init__()
        self.contribution_id = contribution_id


__all__ = ["ShowContribution"]
