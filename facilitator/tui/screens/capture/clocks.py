"""The three clocks: session time left, time on this question, the speaker's time.

Updated once a second (and whenever the speaker or the question changes). Time on a question
is the sum of its visits (``question_visit``); the session's time counts from the first turn;
the speaker's is their open turn (:mod:`.floor`). The widgets are
:mod:`facilitator.tui.widgets.clocks`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

from facilitator.core import capture as cap
from facilitator.core.errors import FacilitatorError
from facilitator.core.models import Question
from facilitator.core.turns import close_stale
from facilitator.tui.widgets.clocks import QuestionClock, SessionClock, SpeakerClock

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Clocks:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.opened_at: dt.datetime = dt.datetime.now(dt.UTC)  # the screen's opening (the screen sets it)
        self._capture_start: dt.datetime | None = None  # the session's first turn
        self._closed_capture = 0.0  # seconds of the session in visits already closed
        self._visit_start: dt.datetime | None = None  # this question's visit began
        self._closed_on_question = 0.0  # seconds on this question in earlier visits

    def start(self) -> None:
        """At the screen's opening: close what a crash left open, read what was spent."""
        screen = self.screen
        store, session_id = screen.store, screen.session_id
        try:
            cap.close_stale_visits(store, session_id)
            close_stale(store, session_id)
        except FacilitatorError as exc:
            screen.notify(str(exc), severity="error", timeout=10)
        self._capture_start = cap.capture_start(store, session_id)
        self._closed_capture = cap.closed_capture_seconds(store, session_id, self._capture_start)

    def capture_began(self, at: dt.datetime) -> None:
        """A turn began at ``at``: the session's time counts from the first one."""
        if self._capture_start is None:
            self._capture_start = at

    def visit(self, question: Question) -> None:
        """The screen shows ``question`` from now: its visit is recorded."""
        screen = self.screen
        now = screen.now()
        try:
            cap.start_visit(screen.store, screen.session_id, question.id, now)
        except FacilitatorError as exc:
            screen.notify(str(exc), severity="error", timeout=10)
        if self._visit_start is not None:
            self._closed_capture += cap.overlap(self._visit_start, now, self._capture_start)
        self._visit_start = now
        self._closed_on_question = cap.closed_time_on_question(screen.store, screen.session_id, question.id)

    def end(self) -> None:
        """The screen closes: the visit ends."""
        with contextlib.suppress(Exception):  # the screen is going: a visit left open is closed at the next start
            cap.end_visit(self.screen.store, self.screen.session_id, self.screen.now())

    def tick(self) -> None:
        screen = self.screen
        if not screen.ready:
            return
        now = screen.now()
        elapsed = None
        if self._capture_start is not None:
            elapsed = self._closed_capture
            if self._visit_start is not None:
                elapsed += cap.overlap(self._visit_start, now, self._capture_start)
        sc = cap.session_clock(screen.session, elapsed)
        screen.query_one(SessionClock).show(sc.text, sc.overrun)
        q = screen.question
        spent = self._closed_on_question + max(0.0, (now - self._visit_start).total_seconds() if self._visit_start else 0.0)
        clock = screen.query_one(QuestionClock)
        if q.allotment_min:
            allot = q.allotment_min * 60
            if spent > allot:
                clock.show(f"{cap.fmt_span(spent)} of {cap.fmt_span(allot)} · {cap.fmt_span(spent - allot)} over", True)
            else:
                clock.show(f"{cap.fmt_span(spent)} of {cap.fmt_span(allot)}")
        else:
            clock.show(f"{cap.fmt_span(spent)} on this question")
        floor, speakers = screen.floor, screen.speakers
        turn = floor.turns.open_turn()
        speaker_clock = screen.query_one(SpeakerClock)
        if speakers.chosen and turn is not None and turn.participant_id == speakers.speaker_id:
            speaker_clock.show(f"speaking {cap.fmt_span((now - turn.started_at).total_seconds())}")
        elif speakers.chosen:
            speaker_clock.show("paused" if floor.paused else "clock stopped")
        else:
            speaker_clock.show("")
