"""The rescue file: text that cannot be saved is never only on the screen.

A failed save or autosave copies the text to the rescue file (:mod:`facilitator.core.rescue`),
once per text, and says where. When the database file changed under the app, what this window
saved since it opened may sit in a journal nobody will read again: it is copied there too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.core import rescue as rescue_file
from facilitator.core.models import Contribution, Question
from facilitator.tui.widgets.contribution_stream import local_time

if TYPE_CHECKING:
    from .screen import CaptureScreen


class Rescue:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self._rescued: set[str] = set()  # the texts copied (their hashes)
        self._path: Path | None = None  # where the last copy went
        self._saved_here: list[Contribution] = []  # saved in this window (copied if the file changes)
        self._saved_here_rescued = False

    @property
    def copied_any(self) -> bool:
        return bool(self._rescued)

    def saved(self, c: Contribution) -> None:
        """``c`` was saved in this window."""
        self._saved_here.append(c)

    def entry(self, text: str, reason: str, *, question: Question | None = None,
              speaker: str | None = None) -> rescue_file.Entry:
        screen = self.screen
        q = question or screen.question
        return rescue_file.Entry(
            text=text,
            reason=reason,
            session=f"{screen.session.title} ({screen.session_id})",
            question=f"Q{q.position} {q.text}",
            speaker=screen.speakers.label() if speaker is None else speaker,
        )

    def copy(self, text: str, reason: str) -> str:
        """Copy ``text`` to the rescue file (once per text); a sentence saying where it is."""
        key = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
        if key in self._rescued and self._path is not None:
            return f"A copy is in the rescue file {self._path}."
        try:
            path = rescue_file.rescue(self.entry(text, f"not saved: {reason}"))
        except rescue_file.RescueFailed as exc:
            return f"It could NOT be copied to a rescue file ({exc}): copy it somewhere before quitting."
        self._rescued.add(key)
        self._path = path
        return f"A copy is in the rescue file {path}."

    def copy_saved_here(self) -> str:
        """The file changed under the app: copy all this window saved since it opened to the
        rescue file, once; a sentence to add to the message ("" when there is nothing)."""
        if self._saved_here_rescued or not self._saved_here:
            return ""
        screen = self.screen
        by_id = {q.id: q for q in screen.questions}
        entries = [
            self.entry(c.text, f"saved as {c.ref} at {local_time(c.created_at)}; copied here because the "
                               "database file changed under the app afterwards",
                       question=by_id.get(c.question_id or "", screen.question), speaker=c.speaker or "Floor")
            for c in self._saved_here
        ]
        try:
            path = rescue_file.rescue(entries)
        except rescue_file.RescueFailed as exc:
            return f" The {len(entries)} contributions saved in this window could not be copied ({exc})."
        self._saved_here_rescued = True
        self._path = path
        return f" The {len(entries)} contributions saved in this window are copied there too, in case."
