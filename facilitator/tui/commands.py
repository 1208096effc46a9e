"""The command palette (ctrl+p): every way to move between screens, aware of the current session.

A screen adds its own entries by defining ``palette_commands()`` returning
``(title, help, callback)`` tuples; they are offered when the palette is opened from that
screen (the provider's ``screen``: by the time it searches, the palette is on top). Typed words
are matched against the title, then the help line.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .screens.base import AppScreen

if TYPE_CHECKING:
    from .app import FacilitatorApp


def _has_screen(module: str) -> bool:
    return importlib.util.find_spec(f"facilitator.tui.screens.{module}") is not None


class FacilitatorCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = cast("FacilitatorApp", self.app)
        sid = app.current_session_id
        if sid:
            if _has_screen("review"):
                yield "Review clusters and recommendations", "Cluster the ideas of this session", lambda: app.open_review(sid)
            if _has_screen("export"):
                yield "Export summary", "Write this session's summary as Markdown", lambda: app.open_export(sid)
            if _has_screen("overview"):
                yield "Overview and speaker balance", "Contributions per question, who has spoken", lambda: app.open_overview(sid)
            if _has_screen("display"):
                yield ("Room display", "The question and what is said, large, live, for the room's screen "
                       "(facilitator display SESSION in another terminal)", lambda: app.open_display(sid))
                yield ("Room display, anonymous", "The same, naming nobody: stakeholder groups only",
                       lambda: app.open_display(sid, anonymous=True))
        if _has_screen("search"):
            yield "Search", "Full-text search across all sessions", lambda: app.open_search(sid)
        if _has_screen("merge"):
            yield "Merge exported summaries", "Combine several exported files into one report", app.open_merge
        if _has_screen("followup"):
            yield ("Follow-up of recommendations", "Activities, leads, due dates, progress and updates, after the Summit",
                   app.open_followup)
            yield ("Export monitoring report", "Per area and lens: what was recommended, what is done, by whom, how far",
                   app.open_monitoring_export)
        from . import bidi

        mode = bidi.get_mode()
        nxt = bidi.next_mode(mode)
        yield (f"Arabic display: {nxt} (now {mode})",
               "Reorder right-to-left text for this terminal: auto, on, or off if it reorders by itself",
               lambda: app.set_bidi_mode(nxt))
        # the screen the palette was opened from (app.screen is the palette itself by now)
        if isinstance(self.screen, AppScreen):
            yield from self.screen.palette_commands()

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            # the title first; the help line too (its keys and other words for the same thing)
            score = matcher.match(title) or matcher.match(help_text) * 0.5
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
