"""Search: full-text search across all sessions (or the current one), by keyboard.

Type words in the box; results update as you type (once typing pauses for
:data:`DEBOUNCE` seconds: the search runs in a worker thread with its own read-only
connection, reports by :class:`SearchDone`, and a search that takes longer says
"Searching…"). ``down`` or ``enter`` goes to the results, ``enter`` on a result opens its
session at that contribution, ``/`` comes back to the box, ``f2`` switches between this
session and all sessions, ``escape`` goes back.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static

from facilitator.tui.widgets.footer import Footer
from facilitator.tui.background import Tell, run_for
from facilitator.core.search import SearchHit
from facilitator.tui import bidi
from facilitator.tui.plain import follow, shown
from facilitator.tui.widgets.search_results import SearchResults
from facilitator.tui.messages import ShowContribution
from facilitator.tui.screens.base import AppScreen

LIMIT = 100
DEBOUNCE = 0.15  # seconds of no typing before a search runs
READING_NOTE = 0.25  # seconds: a search that takes longer says so


class SearchDone(Message):
    def __init__(self, request: int, query: str, hits: list[SearchHit], error: str = "") -> None:
        super().__init__()
        self.request, self.query, self.hits, self.error = request, query, hits, error


def search_in_thread(db: Path, query: str, session_id: str | None, request: int, tell: Tell) -> None:
    """In a worker thread, with its own read-only connection."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.search import search
    from facilitator.core.store import Store

    try:
        with Store.open(db, create=False, write=False) as store:
            hits = search(store, query, session_id=session_id, limit=LIMIT)
    except FacilitatorError as exc:
        tell(SearchDone(request, query, [], str(exc)))
        return
    tell(SearchDone(request, query, hits))


class SearchScreen(AppScreen):
    CSS_PATH = "search.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "focus_results", "Results", id="search.results", show=False),
        Binding("slash", "focus_input", "Search box", id="search.input"),
        Binding("f2", "toggle_scope", "This session / all", id="search.scope"),
    ]

    def __init__(self, session_id: str | None = None, query: str = "") -> None:
        super().__init__()
        # Not ``session_id``: the search is not a session's screen (the app looks for that name).
        self.scope_session_id = session_id
        self.all_sessions = session_id is None
        self.initial_query = query
        self.hits: list[SearchHit] = []
        self.requests = 0  # searches started
        self.searched_for: str | None = None  # the query whose results are shown
        self.settled = asyncio.Event()  # set while the results shown are those of the box and scope
        self._waiting: Timer | None = None  # the debounce timer
        self._focus_results = False  # enter in the box: to the results once they come

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Search", id="search-title", classes="screen-title")
        yield Input(
            value=self.initial_query,
            placeholder="words to find (Arabic, French, English); \"a phrase\"",
            id="search-input",
        )
        yield Static("", id="search-status", classes="hint")
        yield SearchResults(id="search-results")
        yield Static("", id="search-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._update_title()
        self.run_search()
        self.query_one("#search-input", Input).focus()
        follow(self, self._redraw)  # the palette's *Arabic display*, from any screen

    def _redraw(self) -> None:
        """The app's Arabic display changed: the title and the results shown drawn again (not
        searched again, unless a search is under way)."""
        self._update_title()
        if self.settled.is_set() and self.searched_for is not None:
            self._show(self.requests, self.searched_for, self.hits)
        else:
            self.run_search()

    # --- searching -----------------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.query_one("#search-input", Input).value

    def _update_title(self) -> None:
        if self.all_sessions or not self.scope_session_id:
            scope = "all sessions"
        else:
            title = self.app.store.session(self.scope_session_id).title
            scope = "this session: " + shown(title, 50)
        hint = "  (f2: this session / all)" if self.scope_session_id else ""
        self.query_one("#search-title", Static).update(Text(f"Search {scope}{hint}"))

    def run_search(self, *, delay: float = 0.0) -> None:
        """Search for what is in the box, after ``delay`` seconds without another call (the
        typing pauses), in a worker thread."""
        self.settled.clear()
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        if delay:
            self._waiting = self.set_timer(delay, self._start_search)
        else:
            self._start_search()

    def _start_search(self) -> None:
        self._waiting = None
        query = self.query_text
        self.requests += 1
        if not query.strip():
            self._show(self.requests, query, [])
            return
        session = None if self.all_sessions else self.scope_session_id
        run_for(self, partial(search_in_thread, self.app.store.path, query, session, self.requests),
                group="search", description="search")
        self.set_timer(READING_NOTE, partial(self._note_searching, self.requests))

    def _note_searching(self, request: int) -> None:
        if self.is_mounted and request == self.requests and not self.settled.is_set():
            self.query_one("#search-status", Static).update("Searching…")

    def on_search_done(self, message: SearchDone) -> None:
        if message.request != self.requests:
            return  # typed on since: a newer search is coming
        if message.error:
            self.notify(message.error, severity="error", timeout=8)
        self._show(message.request, message.query, message.hits)

    def _show(self, request: int, query: str, hits: list[SearchHit]) -> None:
        status = self.query_one("#search-status", Static)
        self.hits = hits
        self.query_one(SearchResults).show(self.hits, show_session=self.all_sessions or not self.scope_session_id)
        self._show_detail(self.hits[0] if self.hits else None)
        # The box keeps logical order (like the composer): show Arabic readably beside the count.
        typed = ""
        if bidi.active() and bidi.has_rtl(query):
            typed = bidi.preview_line(query.strip(), 30) + "  · "
        if not query.strip():
            status.update("Type words to search what was said and the draft recommendations.")
        elif not self.hits:
            status.update(Text(f"{typed}No matches."))
        else:
            n = len(self.hits)
            more = f" (the first {LIMIT})" if n >= LIMIT else ""
            # (typed: made for the screen already)
            status.update(Text(f"{typed}{n} match{'es' if n != 1 else ''}{more} · enter opens · / back to the box"))
        self.searched_for = query
        if request == self.requests and self._waiting is None:
            self.settled.set()
            if self._focus_results:
                self._focus_results = False
                self.action_focus_results()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(self.query_one(SearchResults).hit_at(event.option_index))

    def _show_detail(self, hit: SearchHit | None) -> None:
        """Below the list: the session and the full guiding question of the highlighted result."""
        detail = self.query_one("#search-detail", Static)
        if hit is None:
            detail.update("")
            detail.display = False
            return
        width = max(20, (self.size.width or 80) - 2)
        lines = [bidi.display_line(f"{hit.session_date}  {hit.session_title}", width)]
        if hit.question_position is not None and hit.question_text:
            label = f"Q{hit.question_position}"
            text_lines = bidi.display_lines(hit.question_text.replace("\n", " "), width - 5, align=True)[:2]
            lines += [f"{label:<5}{text_lines[0]}", *("     " + line for line in text_lines[1:])]
        elif hit.kind == "contribution":
            lines.append("(not tied to a question)")
        detail.update(Text("\n".join(lines)))  # each line made for the screen above
        detail.display = True

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search(delay=DEBOUNCE)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.settled.is_set() and self.searched_for == self.query_text:
            self.action_focus_results()
            return
        self._focus_results = True
        self.run_search()

    # --- actions -------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_results(self) -> None:
        results = self.query_one(SearchResults)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    def action_focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()

    def action_toggle_scope(self) -> None:
        if not self.scope_session_id:
            self.notify("Searching all sessions (open the search from a session to search just that one).", timeout=3)
            return
        self.all_sessions = not self.all_sessions
        self._update_title()
        self.run_search()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.query_one(SearchResults).hit_at(event.option_index)
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Open the session of ``hit`` where the rapporteur works, at that contribution.

        The session's screen is sent :class:`ShowContribution` (the capture screen goes to the
        contribution's question and selects it). A recommendation opens the review screen.
        """
        app = self.app
        if hit.kind == "recommendation":
            try:
                app.open_review(hit.session_id, hit.question_id)
                return
            except ModuleNotFoundError:
                pass
        app.open_session(hit.session_id)
        screen = app.screen
        if hit.kind == "contribution" and screen is not self:
            screen.call_after_refresh(screen.post_message, ShowContribution(hit.id))
