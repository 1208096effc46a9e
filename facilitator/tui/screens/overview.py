"""Overview of a session: contributions per question, pace, and speaker balance.

Three tabs (``1``, ``2``, ``3``): questions (bars, time against allotment), pace (a column
chart of contributions over time) and speakers (who has not been heard yet, then everyone's
contributions and speaking time, by stakeholder group, gender and youth). ``r`` refreshes,
``escape`` goes back. The figures come from :mod:`facilitator.core.stats`, the same ones the
export's overview uses, computed in a worker thread with its own read-only connection (at
20,000 contributions they take about half a second); the screen says "reading…" meanwhile and
draws them when they come (:class:`FiguresRead`).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static, TabbedContent, TabPane

from facilitator.tui.widgets.footer import Footer
from facilitator.tui.background import Tell, run_for
from facilitator.core import stats
from facilitator.tui.messages import DatabaseChanged
from facilitator.tui.plain import follow, plain
from facilitator.tui.widgets.overview_balance import OverviewBalance
from facilitator.tui.widgets.overview_pace import OverviewPace
from facilitator.tui.widgets.overview_questions import OverviewQuestions
from facilitator.tui.screens.base import AppScreen

TABS = ("questions", "pace", "speakers")
READING_NOTE = 0.25  # seconds: figures that take longer say "reading…"


class FiguresRead(Message):
    def __init__(self, request: int, figures: stats.Overview | None, error: str = "") -> None:
        super().__init__()
        self.request, self.figures, self.error = request, figures, error


def read_figures(db: Path, session_id: str, now: dt.datetime, request: int, tell: Tell) -> None:
    """In a worker thread, with its own read-only connection."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.store import Store

    try:
        with Store.open(db, create=False, write=False) as store:
            figures = stats.overview(store, session_id, now=now)
    except FacilitatorError as exc:
        tell(FiguresRead(request, None, str(exc)))
        return
    tell(FiguresRead(request, figures))


class OverviewScreen(AppScreen):
    session_id: str  # always one session's
    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="overview.back"),
        Binding("1", "show_tab('questions')", "Questions", id="overview.questions"),
        Binding("2", "show_tab('pace')", "Pace", id="overview.pace"),
        Binding("3", "show_tab('speakers')", "Speakers", id="overview.speakers"),
        Binding("r", "refresh_figures", "Refresh", id="overview.refresh"),
    ]

    def __init__(self, session_id: str, *, now: dt.datetime | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.at = now  # None: the app's clock (an open question visit counts up to now)
        self.figures: stats.Overview | None = None
        self.requests = 0  # readings of the figures asked for
        self.shown_request = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="overview-title", classes="screen-title")
        yield Static("", id="overview-summary", classes="hint")
        with TabbedContent(initial="questions", id="overview-tabs"):
            with TabPane("1 Questions", id="questions"):
                with VerticalScroll(id="questions-scroll"):
                    yield OverviewQuestions()
            with TabPane("2 Pace", id="pace"):
                with VerticalScroll(id="pace-scroll"):
                    yield OverviewPace()
            with TabPane("3 Speakers", id="speakers"):
                with VerticalScroll(id="speakers-scroll"):
                    yield OverviewBalance()
        yield Footer()

    def on_mount(self) -> None:
        self.session_title = self.app.store.session(self.session_id).title
        self._show_title()
        self.query_one("#overview-summary", Static).update("Reading the figures…")
        self.action_refresh_figures()
        self.query_one("#questions-scroll").focus()
        follow(self, self._display_changed)

    def _display_changed(self) -> None:
        """The palette's *Arabic display* changed (on this screen or another): draw the figures
        read again (nothing is read)."""
        self._show_title()
        if self.figures is not None:
            self._draw(self.figures)

    def on_screen_resume(self) -> None:
        # Back from another screen (the capture screen, a search): the figures may have moved.
        if self.figures is not None:
            self.action_refresh_figures()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another window or a command wrote: the figures as they are now."""
        if self.figures is not None and message.tables & {"contribution", "participant", "question", "session"}:
            self.action_refresh_figures()

    def action_refresh_figures(self) -> None:
        """Read the figures again, in a worker thread."""
        self.requests += 1
        now = self.at or self.now()
        run_for(self, partial(read_figures, self.app.store.path, self.session_id, now, self.requests),
                group="overview", description="read the overview")
        self.set_timer(READING_NOTE, self._note_reading)

    def _note_reading(self) -> None:
        if self.is_mounted and self.shown_request != self.requests and self.figures is not None:
            self.query_one("#overview-summary", Static).update(plain("reading… " + self._summary(self.figures)))

    def _show_title(self) -> None:
        title = plain(f"Overview · {self.session_title}", width=max(20, self.size.width - 2 or 78))
        self.query_one("#overview-title", Static).update(title)

    def on_figures_read(self, message: FiguresRead) -> None:
        if message.request != self.requests:
            return  # a newer reading is on its way
        self.shown_request = message.request
        if message.figures is None:
            self.notify(message.error, severity="error", timeout=8)
            return
        self.figures = message.figures
        self._draw(message.figures)

    def _draw(self, o: stats.Overview) -> None:
        self._show_title()
        self.query_one("#overview-summary", Static).update(plain(self._summary(o)))
        self.query_one(OverviewQuestions).show(o.questions, o.time_source, o.unassigned)
        self.query_one(OverviewPace).show(o.pace)
        self.query_one(OverviewBalance).show(o.balance)

    @staticmethod
    def _summary(o: stats.Overview) -> str:
        b = o.balance
        parts = [f"{o.contributions} contribution{'s' if o.contributions != 1 else ''}"]
        parts.append(f"{len(b.speakers)} speaker{'s' if len(b.speakers) != 1 else ''}")
        if b.roster:
            parts.append(f"{len(b.not_heard)} not heard")
        if b.timed:
            from facilitator.core.capture import fmt_span

            parts.append(f"{fmt_span(b.seconds)} spoken")  # the speakers' turns (core/turns.py)
        if o.first_at and o.last_at:
            parts.append(f"{o.first_at.astimezone():%H:%M}–{o.last_at.astimezone():%H:%M}")
        return " · ".join(parts)

    def action_show_tab(self, tab: str) -> None:
        if tab not in TABS:
            return
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-scroll").focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id if event.pane else None
        if pane in TABS and not self.query_one(f"#{pane}-scroll").has_focus:
            self.query_one(f"#{pane}-scroll").focus()

    def action_back(self) -> None:
        self.app.pop_screen()
