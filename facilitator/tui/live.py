"""Every window is live: what other windows and commands write shows within about a second.

SQLite's ``PRAGMA data_version`` changes when *another* connection commits (a second window,
``facilitator add``, an import, this app's own background threads); it costs microseconds, so
the app asks it every ``INTERVAL`` on its own connection. When it moved, one read of the
``change_count`` table (counts kept by triggers on every table a window shows from:
``core/schema.py``) tells which of them changed; when any did, every screen of the app gets a
:class:`~facilitator.tui.messages.DatabaseChanged` with their names and shows them again
itself, keeping what is being typed and what is selected. Writes that change nothing a window
shows (the background vectors, another window's draft) cost one read and nothing else.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from .messages import DatabaseChanged
from .screens.base import AppScreen

if TYPE_CHECKING:
    from .app import FacilitatorApp

INTERVAL = 0.5  # seconds between two looks: what another window saved shows within about a second


class LiveWatch:
    def __init__(self, app: FacilitatorApp) -> None:
        self.app = app
        self.version: int | None = None
        self.counts: dict[str, int] = {}
        self.broken = False

    def start(self) -> None:
        self.look()
        self.app.set_interval(INTERVAL, self.look, name="live")

    def look(self) -> None:
        """One look: tell the screens what changed since the last one."""
        if self.broken:
            return
        store = self.app.store
        try:
            version = store.data_version()
            if version == self.version:
                return
            self.version = version
            counts = store.change_counts()
        except sqlite3.Error:
            self.broken = True  # a file the app cannot read any more says so when it is used
            return
        changed = frozenset(name for name, n in counts.items() if self.counts.get(name) != n)
        first = not self.counts
        self.counts = counts
        if changed and not first:
            for screen in self.app.screen_stack:
                if isinstance(screen, AppScreen):
                    screen.post_message(DatabaseChanged(changed))
