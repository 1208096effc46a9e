"""The three clocks of the capture screen: session time left, time on this question, and the
current speaker's time. Each is a one-line label the screen updates once a second; an overrun
gets the ``-overrun`` class (shown in the error colour), never hidden."""

from __future__ import annotations

from textual.widgets import Static


class Clock(Static):
    def show(self, text: str, overrun: bool = False) -> None:
        self.update(text)
        self.set_class(overrun, "-overrun")


class SessionClock(Clock):
    """``1:23 left`` / ``0:05 over`` on the day; the scheduled slot on any other day."""


class QuestionClock(Clock):
    """Time on this question against its allotment: ``12:30 / 15:00``, ``+2:10 over``."""


class SpeakerClock(Clock):
    """Time since the current speaker started."""
