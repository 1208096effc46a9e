"""What a person types is on disk within a fraction of a second, in drafts of this window.

:class:`Autosave` keeps one place's draft (:mod:`facilitator.core.drafts`) as it is typed: a
change is written at once when the last write is ``GAP`` old, else ``GAP`` after it (a burst of
keys costs one write per ``GAP``), waiting at most ``BUSY_WAIT_MS`` for another window's write
(then it is tried again; a refusal that lasts is said once, and the text copied to the rescue
file). The review's recommendation editor, the roster's participant form and the follow-up's
forms use it; the capture screen's composer does the same with the speaker's turn in the same
write (its ``drafts`` part).

:func:`offer_left_behind` offers, one at a time, the drafts of a place left behind by windows
that no longer run: put back here, discarded (a copy goes to the rescue file first), or later.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from facilitator.core import drafts as core_drafts
from facilitator.core import rescue as rescue_file
from facilitator.core.errors import DatabaseBusy, FacilitatorError
from facilitator.core.store import now_iso

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import Widget

    from facilitator.tui.app import FacilitatorApp

GAP = 0.1  # seconds: at most one write per this while typing
BUSY_WAIT_MS = 50  # how long a write waits for another window's before it is tried later
BUSY_PATIENCE = 5.0  # seconds of a busy database before it is said


class Autosave:
    """The draft of one place of a screen, written as it changes (``screen``: the screen, or
    the widget of it that holds the place, whose timers it uses)."""

    def __init__(self, screen: Widget, build: Callable[[], core_drafts.Draft | None],
                 rescue_entry: Callable[[str], rescue_file.Entry]) -> None:
        self.screen = screen
        self.build = build  # the draft as the screen has it now (None: nothing to keep)
        self.rescue_entry = rescue_entry  # the rescue file's entry for a text that cannot be written
        self.dirty = False
        self.error = False
        self._last_write = 0.0
        self._busy_since: float | None = None
        self._timer: Timer | None = None
        self._rescued: set[str] = set()

    @property
    def app(self) -> FacilitatorApp:
        return self.screen.app  # type: ignore[return-value]

    def changed(self) -> None:
        """What is typed changed: written now, or within ``GAP``."""
        self.dirty = True
        wait = GAP - (time.monotonic() - self._last_write)
        if wait <= 0:
            self.flush()
        elif self._timer is None:
            self._timer = self.screen.set_timer(wait, self._due)

    def _due(self) -> None:
        self._timer = None
        if self.dirty:
            self.flush()

    def flush(self) -> bool:
        """Write the draft now (removed when nothing is typed); False when it was refused."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.dirty:
            return True
        self._last_write = time.monotonic()
        draft = self.build()
        if draft is None:
            self.dirty = False
            return True
        try:
            self.app.store.save_draft(draft, wait_ms=BUSY_WAIT_MS)
        except DatabaseBusy as exc:
            self._busy_since = self._busy_since or time.monotonic()
            if time.monotonic() - self._busy_since >= BUSY_PATIENCE:
                self._failed(exc, draft)
            else:
                self._timer = self.screen.set_timer(GAP * 2, self._due)
            return False
        except FacilitatorError as exc:
            self._failed(exc, draft)
            return False
        self._busy_since = None
        if self.error:
            self.app.notify("Autosave works again.", timeout=3)
        self.error = False
        self.dirty = False
        return True

    def _failed(self, exc: FacilitatorError, draft: core_drafts.Draft) -> None:
        where = ""
        text = draft.words
        if text and text not in self._rescued:
            try:
                where = f" A copy is in the rescue file {rescue_file.rescue(self.rescue_entry(f'autosave failed: {exc}'))}."
                self._rescued.add(text)
            except rescue_file.RescueFailed as failed:
                where = f" It could NOT be copied to a rescue file ({failed}): copy it somewhere."
        if not self.error:
            self.app.notify(f"Autosave failed: {exc}.{where}", severity="error", timeout=10)
        self.error = True
        self._timer = self.screen.set_timer(1.0, self._due)  # tried again

    def cleared(self) -> None:
        """The text was saved where it belongs (or given up on purpose): no draft to keep."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.dirty = False
        self.error = False

    @property
    def unsaved(self) -> bool:
        """Typed and not on disk in the database (the app asks before quitting)."""
        return self.dirty or self.error


def offer_left_behind(screen: Widget, place: str, scope: str | None,
                      describe: Callable[[core_drafts.Draft], tuple[str, str]],
                      take: Callable[[core_drafts.Draft], Any], offered: set[tuple[str, str]], *,
                      only: Callable[[core_drafts.Draft], bool] | None = None) -> None:
    """Offer the first draft of ``place`` (``scope``; of any scope that ``only`` accepts, when
    given) left behind by a window that no longer runs and not yet offered here (``offered``
    remembers); each answer offers the next."""
    from facilitator.tui.screens.dialogs import DraftOfferScreen

    app: FacilitatorApp = screen.app  # type: ignore[assignment]
    try:
        found = core_drafts.left_behind(app.store.conn, place, scope)
    except Exception:  # noqa: BLE001 - reading failed: nothing offered now; the drafts stay
        return
    found = [d for d in found if (d.window_id, d.updated_at) not in offered and (only is None or only(d))]
    if not found:
        return
    draft = found[0]
    offered.add((draft.window_id, draft.updated_at))

    def answered(answer: str | None) -> None:
        if answer == "take":
            take(draft)
        elif answer == "discard":
            discard(screen, draft)
        offer_left_behind(screen, place, scope, describe, take, offered, only=only)

    app.push_screen(DraftOfferScreen(*describe(draft)), answered)


def discard(screen: Widget, draft: core_drafts.Draft) -> None:
    """A draft left behind, discarded: copied to the rescue file first, then removed."""
    app: FacilitatorApp = screen.app  # type: ignore[assignment]
    try:
        path = rescue_file.rescue(rescue_file.Entry(text=_every_field(draft), reason="discarded: a draft left "
                                                    f"behind by a window that closed ({draft.place})"))
    except rescue_file.RescueFailed as exc:
        app.notify(f"Not discarded: it could not be copied to the rescue file first ({exc}).", severity="error",
                   timeout=10)
        return
    try:
        with app.store.write() as conn:
            core_drafts.take(conn, draft)
    except FacilitatorError as exc:
        app.notify(f"Not discarded: {exc}", severity="error", timeout=8)
        return
    app.notify(f"Discarded. A copy is in the rescue file {path}.", timeout=6)


def _every_field(draft: core_drafts.Draft) -> str:
    """What the rescue file keeps of a discarded draft: its text, or every field of a form
    (``name: value`` lines: a status, a date and a source are kept with the text)."""
    fields = draft.data.get("fields")
    if isinstance(fields, dict) and any(str(v or "").strip() for v in fields.values()):
        return "\n".join(f"{k}: {v}" for k, v in fields.items() if str(v or "").strip())
    return draft.words


def taken(screen: Widget, draft: core_drafts.Draft, mine: core_drafts.Draft | None) -> bool:
    """Write this window's draft ``mine`` (what the screen now holds, the taken text in it)
    and remove the one left behind, in one write; False (and said) when the write failed."""
    app: FacilitatorApp = screen.app  # type: ignore[assignment]
    try:
        with app.store.write() as conn:
            if mine is not None:
                core_drafts.save(conn, mine, now_iso())
            took = core_drafts.take(conn, draft)
    except FacilitatorError as exc:
        app.notify(f"Not taken: {exc}. It stays where it was (offered again next time).", severity="error",
                   timeout=10)
        return False
    if not took:
        app.notify("Another window took that text at the same moment: it is in both now.", severity="warning",
                   timeout=8)
    return True


__all__ = ["Autosave", "discard", "offer_left_behind", "taken"]
