"""The capture screen: its keys, its layout, starting and leaving, and where each key goes.

Size: ~415 lines: the capture screen's bindings (each with its id and tooltip, about forty) and
their one-line actions that hand each key over to the part that does it; the parts are modules
of their own (see the package's docstring).

What the keys do is in the parts the screen is made of, small objects it owns (one module
each, see the package's docstring): the actions here only hand over. Keys reach the screen
from the composer, which keeps the focus and hands each key first to the screen's
:class:`~.routing.KeyRouting` (its owner), then runs the key's binding in the key's own turn,
then types it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static, TextArea

from facilitator.tui.widgets.footer import Footer
from facilitator.core import capture as cap
from facilitator.core import rescue as rescue_file
from facilitator.core.models import Participant, Question, Session
from facilitator.core.store import Store
from facilitator.tui import bidi
from facilitator.tui.bidi import display_line
from facilitator.tui.messages import DatabaseChanged, ShowContribution
from facilitator.tui.plain import follow
from facilitator.tui.screens.base import AppScreen, PaletteCommand
from facilitator.tui.widgets.clocks import QuestionClock, SessionClock, SpeakerClock
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.contribution_stream import ContributionStream
from facilitator.tui.widgets.inline_picker import InlinePicker
from facilitator.tui.widgets.question_header import (
    QuestionBar,
    QuestionNumber,
    QuestionText,
)
from facilitator.tui.widgets.question_rail import QuestionRail
from facilitator.tui.widgets.speaker_bar import SpeakerBar

from .clocks import Clocks
from .commands import palette_commands
from .composing import TYPING_KEYS, Composing
from .drafts import Drafts
from .editing import Editing
from .entries import Entries
from .floor import Floor
from .middle import Middle
from .modes import ALT_DIGITS, LIST, TYPING, Modes
from .navigation import Navigation
from .picking import Picking
from .rescue import Rescue
from .routing import KeyRouting
from .saving import Saving
from .speakers import Speakers
from .undo import Undo

if TYPE_CHECKING:
    from facilitator.core.clustering.background import BackgroundEmbedder

WIDE = 110  # from this many columns the rail shows the questions' text


class CaptureScreen(AppScreen):
    CSS_PATH = "capture.tcss"
    HELP_TITLE = "Capture"
    AUTO_FOCUS = "#composer"
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Save", id="capture.save", tooltip="save the contribution and start the next (also enter in the composer)"),
        Binding("ctrl+s,f2", "save_edit", "Save edit", id="capture.save_edit", tooltip="save the edit (also enter; the earlier text is kept)"),
        Binding("escape", "cancel_edit", "Cancel", id="capture.cancel_edit", tooltip="leave the edit without changing the contribution"),
        Binding("ctrl+o,f3", "pick_speaker", "Speaker", id="capture.speaker", tooltip="pick the speaker: a few letters of a name, initials (jpl) or an organization; a digit is panelist N; tab adds to the queue"),
        Binding("ctrl+o,f3", "speaker_selected", "Speaker", id="capture.speaker_selected", tooltip="in the list: change who said the selected contribution"),
        Binding("ctrl+n", "next_speaker", "Next", id="capture.next_speaker", tooltip="give the floor to the next in the queue of raised hands"),
        Binding("ctrl+f", "floor", "Floor", id="capture.floor", tooltip="the floor speaks (an unnamed participant)", show=False),
        Binding("f7", "pause", "Pause", id="capture.pause", tooltip="pause the speaker's time (nobody on the roster speaks); again to resume", show=False),
        *[Binding(f"alt+{n}", f"panelist({n})", f"Panelist {n}" if n == 1 else "", id=f"capture.panelist{n}",
                  tooltip="alt+1 … alt+9: panelist N has the floor (the panel of the agenda), when the composer "
                          "is empty; with text typed, ctrl+o then N" if n == 1 else "",
                  show=False) for n in range(1, 10)],
        # the same keys as most terminals send them (see ALT_DIGITS)
        *[Binding(ALT_DIGITS[n - 1], f"panelist({n})", "", id=f"capture.panelist{n}.terminal", show=False)
          for n in range(1, 10)],
        Binding("ctrl+t", "toggle_keep", "Keep/ask", id="capture.keep", tooltip="keep the speaker for the next contribution, or ask after each save", show=False),
        Binding("f5,alt+up,ctrl+up", "prev_question", "Previous question", id="capture.prev_question", tooltip="previous guiding question", show=False),
        Binding("f6,alt+down,ctrl+down", "next_question", "Next question", id="capture.next_question", tooltip="next guiding question", show=False),
        Binding("ctrl+g", "goto_question", "Go to", id="capture.goto_question", tooltip="go to a question by its number or words"),
        Binding("ctrl+g", "move_selected", "Move", id="capture.move_selected", tooltip="in the list: move the selected contribution to another question"),
        Binding("ctrl+l", "focus_stream", "List", id="capture.entries", tooltip="the list of this question's contributions: choose one to edit, move, re-attribute, flag or delete"),
        Binding("ctrl+l", "leave_list", "Typing", id="capture.leave_list", tooltip="back to typing (so does escape, or any letter)", show=False),
        Binding("ctrl+e", "edit_selected", "Edit", id="capture.edit_selected", tooltip="in the list: edit the selected contribution in the composer (the earlier text is kept)"),
        Binding("ctrl+d", "delete_selected", "Delete", id="capture.delete_selected", tooltip="in the list: delete the selected contribution (undo with ctrl+r)"),
        Binding("f8", "versions", "Versions", id="capture.versions", tooltip="in the list: every earlier version of the selected contribution; enter brings one back (undoable)", show=False),
        Binding("ctrl+b", "flag", "Flag", id="capture.flag", tooltip="flag the contribution just saved (in the list: the selected one) as a proposed recommendation; again to unflag"),
        Binding("ctrl+z", "undo_in_list", "Undo", id="capture.undo_in_list", tooltip="in the list: undo the last delete, move, edit, change of speaker or flag"),
        Binding("ctrl+r", "undo", "Undo", id="capture.undo", tooltip="undo the last delete, move, edit, change of speaker or flag (while typing too)", show=False),
        Binding("ctrl+y", "redo", "Redo", id="capture.redo", tooltip="in the list: redo what was undone", show=False),
        Binding("f4", "roster", "Roster", id="capture.roster", tooltip="the roster: add, edit, delete and merge participants, the panel, import a CSV file", show=False),
        Binding("escape", "back", "Sessions", id="capture.back", tooltip="back to the sessions (the text being typed is kept)", show=False),
        # the app's ctrl+q, in this footer too (a rapporteur must see how to leave); it is a
        # priority binding like the app's, so it quits from any mode (asking first about unsaved text)
        Binding("ctrl+q", "app.quit", "Quit", id="capture.quit", priority=True),
    ]

    session_id: str
    session: Session  # read when the screen starts
    questions: list[Question]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.question_index = 0
        self.mode: str = TYPING
        self.ready = False  # started: the session is read, the composer restored
        # the widgets the parts work with (made here, so that they are there for the whole
        # life of the screen, its teardown included)
        self.routing = KeyRouting(self)  # where each key goes: the composer's owner
        self.composer = Composer(id="composer", owner=self.routing, bound_printables=ALT_DIGITS)
        self.picker = InlinePicker(id="picker")
        self.stream = ContributionStream(id="stream")
        self.rail = QuestionRail(id="rail")
        # the parts, one per job
        self.modes = Modes(self)
        self.composing = Composing(self)
        self.speakers = Speakers(self)
        self.floor = Floor(self, session_id)
        self.clocks = Clocks(self)
        self.navigation = Navigation(self)
        self.middle = Middle(self)
        self.saving = Saving(self)
        self.drafts = Drafts(self)
        self.rescue = Rescue(self)
        self.entries = Entries(self)
        self.editing = Editing(self)
        self.undo = Undo(self)
        self.picking = Picking(self)

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="session-title")
            yield SessionClock("", id="session-clock")
        with QuestionBar(id="question-bar"):
            yield QuestionNumber("", id="question-number")
            yield QuestionClock("", id="question-clock")
            yield Static(f"{self.key_hint('capture.prev_question')} ◂ ▸ {self.key_hint('capture.next_question')}"
                         f" · {self.key_hint('capture.goto_question')} go to", id="question-keys")
        yield QuestionText(id="question-text")
        with Horizontal(id="middle"):
            yield self.rail
            yield self.stream
        yield self.picker
        with Horizontal(id="speaker-line"):
            yield SpeakerBar("", id="speaker")
            yield SpeakerClock("", id="speaker-clock")
        yield self.composer
        yield Footer(compact=True)  # what matters fits in 80 columns

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each action in its modes (the footer shows what is on); none while a picker is open."""
        return self.modes.allows(action)

    @property
    def store(self) -> Store:
        return self.app.store

    @property
    def question(self) -> Question:
        return self.questions[self.question_index]

    # --- start and leave -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.clocks.opened_at = self.now()
        store = self.store
        self.session = store.session(self.session_id)
        self.questions = store.questions(self.session_id)
        # in an Arabic session the empty composer waits at its right edge
        self.composer.rtl_default = bidi.rtl_language(self.session.language)
        self.speakers.load()
        self.floor.load()
        self.undo.start()
        self.clocks.start()
        draft = self.drafts.mine()  # this window's own (back from the sessions list)
        qid = (draft.question_id if draft else None) or cap.last_visited_question(store, self.session_id)
        for i, q in enumerate(self.questions):
            if q.id == qid:
                self.question_index = i
        self.speakers.restore(draft.participant_id if draft else None)
        self._show_title()
        self.middle.load_rail()
        self.ready = True
        composer = self.composer
        composer.border_title = "Contribution"
        composer.border_subtitle = TYPING_KEYS
        self.picker.display = False
        self.drafts.restore(draft)
        self.saving.restore()
        self.composing.show_status()
        self.navigation.enter()
        self.drafts.restore_edit(draft)
        self.speakers.show()
        self.clocks.tick()
        self.set_interval(1.0, self.clocks.tick)
        self.set_interval(0.25, self.drafts.autosave_check)
        composer.focus()
        self.call_after_refresh(self.drafts.offer_left_behind)  # drafts of windows that closed: asked
        follow(self, self._show_title)  # its widgets follow the Arabic display by themselves

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        self.set_class(wide, "-wide")
        self.set_class(self.size.height >= 34, "-tall")
        self.rail.set_wide(wide)
        if self.ready:
            self._show_title()
            self.composing.show_title()

    def _show_title(self) -> None:
        """The session title, cut at its logical end so that an Arabic title shows its
        beginning (on the right)."""
        title = self.query_one("#session-title", Static)
        width = title.content_region.width or max(20, self.size.width - 30)
        title.update(Text(display_line(self.session.title, max(10, width))))

    def on_screen_resume(self) -> None:
        # back from the roster (or another screen): names, groups and the panel may have changed
        if self.ready:
            self.speakers.resumed()
            self.floor.resumed()
            self.speakers.show()
            self.composer.focus()

    def flush(self) -> None:
        """Write what is being typed now (the app calls this before it quits)."""
        self.drafts.flush()

    def unsaved(self) -> list[rescue_file.Entry]:
        """What is typed here and not on disk in the database (the app asks before quitting)."""
        return self.drafts.unsaved()

    def on_unmount(self) -> None:
        self.floor.turns.end(self.now())
        self.drafts.mark_dirty()
        self.drafts.flush()
        for entry in self.unsaved():
            self.rescue.copy(entry.text, "the app closed while the text could not be saved")
        self.saving.close()
        self.clocks.end()

    # --- what widgets tell the screen ----------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self.composer:
            self.composing.text_changed(event.text_area.text)

    def on_inline_picker_chosen(self, event: InlinePicker.Chosen) -> None:
        """A line of the picker was clicked."""
        event.stop()
        self.picking.finish(event.choice)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (the mouse is welcome, never needed): on the rail, go to that question; on an
        entry, the list with it selected."""
        if event.option_list is self.rail:
            event.stop()
            self.navigation.go_to(event.option_index)
        elif event.option_list is self.stream:
            event.stop()
            if self.mode == TYPING:
                self.modes.switch(LIST)

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another window or a command wrote: shown here within about a second (tui/live.py)."""
        if self.ready:
            self.middle.live(message.tables)

    def on_show_contribution(self, message: ShowContribution) -> None:
        """Search opened this session at a contribution."""
        self.focus_contribution(message.contribution_id)

    def focus_contribution(self, contribution_id: str) -> None:
        """Show a contribution (from search, say): go to its question, select it in the list."""
        self.entries.show(contribution_id)

    # --- the actions of the bindings (each part does the work) ----------------------------------

    def action_save(self) -> None:
        self.saving.save()

    def action_save_edit(self) -> None:
        self.editing.save()

    def action_cancel_edit(self) -> None:
        self.editing.cancel()

    def action_pick_speaker(self) -> None:
        self.speakers.pick(self.floor.give)

    def action_floor(self) -> None:
        self.floor.give(None)

    def action_panelist(self, number: int) -> None:
        self.speakers.panelist(number)

    def action_next_speaker(self) -> None:
        self.floor.next()

    def action_pause(self) -> None:
        self.floor.pause()

    def action_toggle_keep(self) -> None:
        self.speakers.toggle_keep()

    def action_prev_question(self) -> None:
        self.navigation.previous()

    def action_next_question(self) -> None:
        self.navigation.next()

    def action_goto_question(self) -> None:
        self.navigation.pick()

    def action_focus_stream(self) -> None:
        self.entries.open()

    def action_leave_list(self) -> None:
        self.entries.leave()

    def action_edit_selected(self) -> None:
        self.entries.edit()

    def action_move_selected(self) -> None:
        self.entries.move()

    def action_speaker_selected(self) -> None:
        self.entries.change_speaker()

    def action_delete_selected(self) -> None:
        self.entries.delete()

    def action_versions(self) -> None:
        self.entries.versions()

    def action_flag(self) -> None:
        self.entries.flag()

    def action_undo(self) -> None:
        self.undo.step(undo=True)

    def action_undo_in_list(self) -> None:
        self.undo.step(undo=True)

    def action_redo(self) -> None:
        self.undo.step(undo=False)

    def action_roster(self) -> None:
        self.drafts.flush()
        self.app.open_roster(self.session_id)

    def action_back(self) -> None:
        self.drafts.flush()
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        return palette_commands(self)

    # --- the state others read (the app's tests, the palette, the benchmark) -------------------

    @property
    def speaker_chosen(self) -> bool:
        return self.speakers.chosen

    @property
    def speaker_id(self) -> str | None:
        return self.speakers.speaker_id

    @property
    def participants(self) -> dict[str, Participant]:
        return self.speakers.participants

    @property
    def panel(self) -> list[str]:
        return self.speakers.panel

    @panel.setter
    def panel(self, panel: list[str]) -> None:
        self.speakers.panel = panel

    @property
    def queue(self) -> list[str | None]:
        return self.floor.queue

    @property
    def embedder(self) -> BackgroundEmbedder | bool | None:
        return self.saving.embedder

    @property
    def _dirty_since(self) -> float | None:
        return self.drafts.dirty_since

    @property
    def _draft_error(self) -> bool:
        return self.drafts.error

    def _flush_draft(self, force: bool = False) -> None:
        self.drafts.flush(force)

    def _tick(self) -> None:
        self.clocks.tick()

    def _set_mode(self, mode: str) -> None:
        self.modes.switch(mode)
