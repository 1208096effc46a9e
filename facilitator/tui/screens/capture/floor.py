"""Who has the floor: speaking turns and the queue of raised hands.

Speaking time is the speaker's turn, from the pick to the next pick, the pause key (``f7``) or
leaving the question (:mod:`facilitator.core.turns`). ``ctrl+o`` then ``tab`` on a name adds
them to the queue; ``ctrl+n`` gives the floor to the next in it; ``ctrl+f`` to the floor. The
turn and the queue are written with the next autosave (:mod:`.drafts`): picking a speaker never
waits for the disk.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from facilitator.core import people
from facilitator.core.turns import LiveTurns

from .modes import EDIT

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Floor:
    def __init__(self, screen: CaptureScreen, session_id: str) -> None:
        self.screen = screen
        self.turns = LiveTurns(session_id)
        self.queue: list[str | None] = []  # raised hands, in order (None: the floor)
        self.paused = False  # f7: nobody on the roster speaks
        self._speaker_to_remember = False
        self._queue_to_write = False

    def load(self) -> None:
        screen = self.screen
        participants = screen.speakers.participants
        self.queue = [pid for pid in people.read_queue(screen.store, screen.session_id) if pid is None or pid in participants]

    def resumed(self) -> None:
        """Back from the roster: people deleted or merged there leave the queue."""
        participants = self.screen.speakers.participants
        self.queue = [pid for pid in self.queue if pid is None or pid in participants]

    def give(self, participant_id: str | None) -> None:
        """``participant_id`` (None: the floor) speaks now: their turn begins (when text is
        already being typed, at its first keystroke: it is theirs)."""
        screen = self.screen
        now = screen.now()
        at = now
        started = screen.composing.started
        if screen.ready and screen.mode != EDIT and screen.composer.text.strip() and started:
            at = min(now, started)
            cur = self.turns.open_turn()
            if cur is not None and at < cur.started_at:
                at = cur.started_at
        self.turns.begin(participant_id, screen.question.id, at)
        screen.clocks.capture_began(at)
        self.paused = False
        if participant_id in self.queue and participant_id is not None:
            self.queue.remove(participant_id)
            self._queue_to_write = True
        screen.speakers.set(participant_id)
        self._speaker_to_remember = True
        screen.drafts.mark_dirty()  # written with the next autosave: picking a speaker never waits for the disk

    def typing_began(self, at: dt.datetime) -> None:
        """A contribution began to be typed: a chosen speaker's stopped clock (another
        question) starts again; what is typed is what they say."""
        screen = self.screen
        speakers = screen.speakers
        if speakers.chosen and self.turns.open_turn() is None and not self.paused:
            self.turns.begin(speakers.speaker_id, screen.question.id, at)
            screen.clocks.capture_began(at)
            screen.clocks.tick()

    def remember(self) -> None:
        """Store the chosen speaker and the queue for the next opening (inside a write)."""
        screen = self.screen
        speakers = screen.speakers
        if self._speaker_to_remember and speakers.chosen:
            screen.store.set_setting(f"capture.speaker.{screen.session_id}", speakers.speaker_id or "floor")
            self._speaker_to_remember = False
        if self._queue_to_write:
            people.write_queue(screen.store, screen.session_id, self.queue)
            self._queue_to_write = False

    # --- the queue -----------------------------------------------------------------------------

    def _queue_changed(self) -> None:
        self._queue_to_write = True
        self.screen.drafts.mark_dirty()
        self.screen.speakers.show()

    def add_to_queue(self, pid: str | None) -> None:
        screen = self.screen
        name = screen.speakers.name(pid)
        if pid is not None and pid in self.queue:
            screen.notify(f"{name} is already in the queue.", timeout=2)
            return
        self.queue.append(pid)
        self._queue_changed()
        screen.notify(f"{name} is in the queue ({len(self.queue)}): {screen.key_hint('capture.next_speaker')} gives the floor to the next.",
                      timeout=3)

    def next(self) -> None:
        if not self.queue:
            self.screen.notify(f"Nobody is in the queue: {self.screen.key_hint('capture.speaker')}, then tab on a name, adds them.",
                               timeout=4)
            return
        pid = self.queue.pop(0)
        self._queue_to_write = True
        self.give(pid)

    def clear_queue(self) -> None:
        self.queue.clear()
        self._queue_changed()

    def pause(self) -> None:
        """Pause the speaker's time (the chair speaks, a break); again to resume it."""
        screen = self.screen
        if self.turns.open_turn() is not None:
            self.turns.end(screen.now())
            self.paused = True
            screen.drafts.mark_dirty()
            screen.clocks.tick()
            screen.notify(f"Speaking time paused: {screen.key_hint('capture.pause')} again (or a pick) starts it again.", timeout=3)
            return
        speakers = screen.speakers
        if speakers.chosen:
            self.give(speakers.speaker_id)
            screen.clocks.tick()
        else:
            screen.notify(f"No speaker: pick one ({screen.key_hint('capture.speaker')}) to start the clock.", timeout=3)
