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


class DatabaseChanged(Message):
    """Another window or a command wrote to the database: ``tables`` (``contribution``,
    ``participant``, ``panelist``, ``cluster``, ``recommendation``, ...) changed. Each screen
    shows again what it shows from them, without touching what is being typed or the selection
    (``tui/live.py`` sends it to every screen of the app)."""

    def __init__(self, tables: frozenset[str]) -> None:
        super().__init__()
        self.tables = tables


__all__ = ["DatabaseChanged", "ShowContribution"]
