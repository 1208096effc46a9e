"""Live capture: the rapporteur's screen.

The current question on top, the rail of questions and the stream of this question's
contributions in the middle, the speaker and the composer at the bottom. Everything by
keyboard; the keys that matter are in the footer, all of them on the help screen (f1) and in
the command palette (ctrl+p).

**Three modes, one focus.** The composer has the focus the whole time (see
:mod:`facilitator.tui.widgets.composer`), so keys typed in a burst land in order:

- *typing*: what is typed goes in the composer; ``enter`` saves it;
- *the list* (``ctrl+l``): ``up``/``down`` choose an earlier contribution; ``ctrl+e`` edits it,
  ``ctrl+g`` moves it to another question, ``ctrl+o`` changes its speaker, ``ctrl+d`` deletes it,
  ``ctrl+b`` flags it; a letter, ``enter``, ``backspace`` or any other key of plain typing goes
  back to typing and is typed there, so a rapporteur who forgot to leave the list never damages
  an entry;
- *editing* an earlier contribution, in the composer itself: ``enter`` saves the edit, ``escape``
  cancels it; the text that was being typed is set aside and comes back afterwards.

The pickers (speaker, stakeholder group, question) open over the stream and filter from what is
typed (:mod:`facilitator.tui.widgets.inline_picker`).

**Speakers.** ``alt+1`` ... ``alt+9`` give the floor to panelist N (the panel of the agenda;
``ctrl+o`` then the digit where the terminal has no alt); ``ctrl+o`` picks anyone by a few
letters or initials (``tab`` there adds them to the queue of raised hands); ``ctrl+n`` gives the
floor to the next in the queue; ``ctrl+f`` to the floor. Speaking time is the speaker's turn,
from the pick to the next pick, the pause key (``f7``) or leaving the question
(:mod:`facilitator.core.turns`).

Nothing is lost:

- a contribution is committed (``store.add_contribution``) before it appears in the stream;
- the composer's text (and an edit in progress) is autosaved to the ``draft`` table within a
  second of the last keystroke (and every two seconds while typing goes on), and comes back
  when the session is opened again after a crash;
- a failed write (disk full, file removed, database locked) is reported at once, the text stays
  in the composer and is copied to the rescue file;
- every change to a saved contribution (delete, move, edit, speaker, flag) can be undone
  (``ctrl+r``, or ``ctrl+z`` in the list) and redone (``ctrl+y`` in the list).

Saving does not grow with the size of the session: the stream appends one entry and the rail
changes one count.
"""

from __future__ import annotations

import datetime as dt
import time

from pydantic import ValidationError
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, Static, TextArea

from facilitator.core import capture as cap
from facilitator.core import people
from facilitator.core import rescue as rescue_file
from facilitator.core.entry_history import EntryHistory
from facilitator.core.errors import FacilitatorError
from facilitator.core.ids import new_id
from facilitator.core.models import Contribution, ContributionIn, Participant, ParticipantIn
from facilitator.core.turns import LiveTurns, close_stale
from facilitator.tui import bidi
from facilitator.tui.bidi import display_line
from facilitator.tui.widgets.clocks import QuestionClock, SessionClock, SpeakerClock
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.contribution_stream import WINDOW, ContributionStream, local_time
from facilitator.tui.widgets.inline_picker import InlinePicker
from facilitator.tui.widgets.picker import FLOOR, Item, Picked, question_items, question_matcher, speaker_matcher
from facilitator.tui.widgets.question_header import QuestionBar, QuestionNumber, QuestionText
from facilitator.tui.widgets.question_rail import QuestionRail
from facilitator.tui.widgets.speaker_bar import SpeakerBar
from facilitator.tui.messages import ShowContribution
from facilitator.tui.screens.base import AppScreen

AUTOSAVE_IDLE = 0.4  # seconds after the last keystroke
AUTOSAVE_MAX = 2.0  # seconds of continuous typing between autosaves
WIDE = 110  # from this many columns the rail shows the questions' text
TYPING, LIST, EDIT = "typing", "list", "edit"
_ALL = frozenset({TYPING, LIST})

# The modes in which each action of the screen is on (the footer shows what is on).
_MODES: dict[str, frozenset[str]] = {
    "save": _ALL, "save_edit": frozenset({EDIT}), "cancel_edit": frozenset({EDIT}),
    "pick_speaker": frozenset({TYPING}), "speaker_selected": frozenset({LIST}),
    "next_speaker": _ALL, "floor": frozenset({TYPING}), "pause": _ALL, "panelist": _ALL,
    "toggle_keep": _ALL, "prev_question": _ALL, "next_question": _ALL,
    "goto_question": frozenset({TYPING}), "move_selected": frozenset({LIST}),
    "focus_stream": frozenset({TYPING}), "leave_list": frozenset({LIST}),
    "edit_selected": frozenset({LIST}), "delete_selected": frozenset({LIST}),
    "undo": _ALL, "undo_in_list": frozenset({LIST}), "redo": frozenset({LIST}), "flag": _ALL, "roster": _ALL, "back": frozenset({TYPING}),
}

# alt+1 ... alt+9 as most terminals send them (xterm, tmux, GNOME Terminal, Windows Terminal:
# escape then the digit) reach Textual as the characters macOS gives option+1 ... option+9
# (Textual reads "escape 1" as "¡"). With the kitty keyboard protocol (kitty, WezTerm, foot,
# Ghostty) they arrive as alt+1 ... alt+9. Both are bound; since the characters can also be
# typed (a pound sign), they pick a panelist only while the composer is empty.
ALT_DIGITS = ("inverted_exclamation_mark", "trade_mark_sign", "pound_sign", "cent_sign", "infinity",
              "section_sign", "pilcrow_sign", "bullet", "ª")

# Keys of plain typing: in the list they go back to typing and are typed in the composer.
_TYPING_KEYS = frozenset({"enter", "backspace", "delete", "tab", "ctrl+j", "shift+enter", "ctrl+h"})


class CaptureScreen(AppScreen):
    CSS_PATH = "capture.tcss"
    HELP_TITLE = "Capture"
    AUTO_FOCUS = "#composer"
    _composer: Composer | None = None  # the text box, once composed
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
        Binding("ctrl+g", "goto_question", "Question", id="capture.goto_question", tooltip="go to a question by its number or words"),
        Binding("ctrl+g", "move_selected", "Move", id="capture.move_selected", tooltip="in the list: move the selected contribution to another question"),
        Binding("ctrl+l", "focus_stream", "List", id="capture.entries", tooltip="the list of this question's contributions: choose one to edit, move, re-attribute, flag or delete"),
        Binding("ctrl+l", "leave_list", "Typing", id="capture.leave_list", tooltip="back to typing (so does escape, or any letter)", show=False),
        Binding("ctrl+e", "edit_selected", "Edit", id="capture.edit_selected", tooltip="in the list: edit the selected contribution in the composer (the earlier text is kept)"),
        Binding("ctrl+d", "delete_selected", "Delete", id="capture.delete_selected", tooltip="in the list: delete the selected contribution (undo with ctrl+r)"),
        Binding("ctrl+b", "flag", "Flag", id="capture.flag", tooltip="flag the contribution just saved (in the list: the selected one) as a proposed recommendation; again to unflag"),
        Binding("ctrl+z", "undo_in_list", "Undo", id="capture.undo_in_list", tooltip="in the list: undo the last delete, move, edit, change of speaker or flag"),
        Binding("ctrl+r", "undo", "Undo", id="capture.undo", tooltip="undo the last delete, move, edit, change of speaker or flag (while typing too)", show=False),
        Binding("ctrl+y", "redo", "Redo", id="capture.redo", tooltip="in the list: redo what was undone", show=False),
        Binding("f4", "roster", "Roster", id="capture.roster", tooltip="the roster: add, edit, delete and merge participants, the panel, import a CSV file", show=False),
        Binding("escape", "back", "Sessions", id="capture.back", tooltip="back to the sessions (the text being typed is kept)", show=False),
        # the app's ctrl+q, left out of this footer (80 columns go to the capture keys); it is a
        # priority binding like the app's, so it still quits (asking first about unsaved text)
        Binding("ctrl+q", "app.quit", "Quit", id="capture.quit", show=False, priority=True),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.question_index = 0
        self.mode = TYPING
        self.speaker_chosen = False
        self.speaker_id: str | None = None
        self.keep_speaker = True
        self.contribution_started: dt.datetime | None = None
        self.participants: dict[str, Participant] = {}
        self.panel: list[str] = []
        self.queue: list[str | None] = []
        self.turns = LiveTurns(session_id)
        self.paused = False
        self.history: EntryHistory | None = None
        self._picker_widget: InlinePicker | None = None
        self._stream_widget: ContributionStream | None = None
        # vectors for clustering, computed in the background after saves (None: not yet asked)
        self.embedder = None
        # autosave bookkeeping
        self._saved_text = ""
        self._dirty_since: float | None = None
        self._last_key = 0.0
        self._draft_error = False
        self._visit_start: dt.datetime | None = None
        self._speaker_to_remember = False
        self._queue_to_write = False
        self._queue_shown = False
        self._closed_on_question = 0.0
        self._capture_start: dt.datetime | None = None
        self._closed_capture = 0.0
        # editing an earlier contribution: it, and the text set aside meanwhile
        self._editing: Contribution | None = None
        self._stash: tuple[str, dt.datetime | None] = ("", None)
        self._last_saved: Contribution | None = None  # the contribution saved last, as it is now
        self._last_saved_ref: str | None = None  # its reference when it was saved
        # a save that failed keeps its id, so a retry cannot make it twice (the first attempt
        # may have reached the disk after all)
        self._pending_id: str | None = None
        self._pending_text: str | None = None
        # the rescue file: what was copied there (by text), and when the draft last was
        self._rescued: set[str] = set()
        self._rescue_path = None
        self._last_draft_rescue = 0.0
        self._saved_here: list[Contribution] = []  # saved in this window (copied if the file changes)
        self._saved_here_rescued = False

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
            yield QuestionRail(id="rail")
            yield ContributionStream(id="stream")
        yield InlinePicker(id="picker")
        with Horizontal(id="speaker-line"):
            yield SpeakerBar("", id="speaker")
            yield SpeakerClock("", id="speaker-clock")
        yield Composer(id="composer")
        yield Footer(compact=True)  # what matters fits in 80 columns

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each action in its modes (the footer shows what is on); none while a picker is open
        (its keys are the only ones that count)."""
        modes = _MODES.get(action)
        if modes is None:
            return True
        if self._composer is None:
            return True
        if self.picker.is_open:
            return False
        if action == "next_speaker" and not self.queue:
            return False  # shown (and on) while someone is in the queue; the speaker line says who
        if action == "panelist" and self._composer.text.strip():
            return False  # with text typed, the keys are characters (see ALT_DIGITS); ctrl+o then N
        return self.mode in modes

    @property
    def store(self):
        return self.app.store

    @property
    def question(self):
        return self.questions[self.question_index]

    @property
    def picker(self) -> InlinePicker:
        if self._picker_widget is None:
            self._picker_widget = self.query_one(InlinePicker)
        return self._picker_widget

    @property
    def stream(self) -> ContributionStream:
        if self._stream_widget is None:
            self._stream_widget = self.query_one(ContributionStream)
        return self._stream_widget

    # --- start ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._opened_at = self.now()
        store = self.store
        self.session = store.session(self.session_id)
        self.questions = store.questions(self.session_id)
        self.participants = {p.id: p for p in store.participants()}
        self.panel = [pid for pid in people.panel(store, self.session_id) if pid in self.participants]
        self.queue = [pid for pid in people.read_queue(store, self.session_id) if pid is None or pid in self.participants]
        self.keep_speaker = store.get_setting("capture.keep_speaker", "1") == "1"
        self.history = EntryHistory(store)
        try:
            cap.close_stale_visits(store, self.session_id)
            close_stale(store, self.session_id)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=10)
        self._capture_start = cap.capture_start(store, self.session_id)
        self._closed_capture = cap.closed_capture_seconds(store, self.session_id, self._capture_start)
        draft = store.draft(self.session_id)
        qid = (draft or {}).get("question_id") or cap.last_visited_question(store, self.session_id)
        for i, q in enumerate(self.questions):
            if q.id == qid:
                self.question_index = i
        # the speaker: the draft's, else the one chosen last time in this session
        remembered = store.get_setting(f"capture.speaker.{self.session_id}")
        if draft and draft.get("participant_id") in self.participants:
            self._set_speaker(draft["participant_id"])
        elif remembered == "floor":
            self._set_speaker(None)
        elif remembered in self.participants:
            self._set_speaker(remembered)
        self._show_title()
        rail = self.query_one(QuestionRail)
        rail.load(self.questions, store.question_counts(self.session_id), self.question.id)
        composer = self._composer = self.query_one(Composer)
        composer.submit_handler = self.do_save
        composer.key_router = self.route_key
        composer.paste_router = self.route_paste
        # printable keys that are bindings here (alt+N as a character): the composer asks the
        # bindings about them before typing them
        composer.bound_printables = frozenset(ALT_DIGITS)
        composer.border_title = "Contribution"
        composer.border_subtitle = self._typing_keys()
        self.picker.display = False
        if draft and draft.get("text"):
            composer.set_text(draft["text"])
            self._saved_text = draft["text"]
            if draft.get("started_at"):
                self.contribution_started = cap.parse_iso(draft["started_at"])
            self.notify("Your unsaved text was restored in the composer.", title="Draft restored")
        self._enter_question()
        if draft and draft.get("contribution_id") and draft.get("edit_text") is not None:
            self._restore_edit(draft["contribution_id"], draft["edit_text"])
        self._update_speaker()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.set_interval(0.25, self._autosave_check)
        composer.focus()

    def _restore_edit(self, contribution_id: str, text: str) -> None:
        """An edit that was in progress when the app stopped: open it again."""
        try:
            c = self.store.contribution(contribution_id)
        except FacilitatorError:
            c = None
        if c is None or c.deleted_at is not None:
            if text.strip():
                where = self.rescue(text, "an edit in progress of a contribution that is no longer there")
                self.notify(f"An edit in progress could not be opened again. {where}", severity="warning", timeout=10)
            return
        self.focus_contribution(c.id)
        self._start_edit(c, text)
        self.notify(f"Your edit of {c.ref} was restored: enter saves it, escape cancels.", title="Edit restored")

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        self.set_class(wide, "-wide")
        self.set_class(self.size.height >= 34, "-tall")
        self.query_one(QuestionRail).set_wide(wide)
        if hasattr(self, "session"):
            self._show_title()
            self._update_preview()

    def _show_title(self) -> None:
        """The session title, cut at its logical end so that an Arabic title shows its
        beginning (on the right)."""
        title = self.query_one("#session-title", Static)
        width = title.content_region.width or max(20, self.size.width - 30)
        title.update(Text(display_line(self.session.title, max(10, width))))

    def on_screen_resume(self) -> None:
        # back from the roster (or another screen): names, groups and the panel may have changed
        if hasattr(self, "questions"):
            self.participants = {p.id: p for p in self.store.participants()}
            self.panel = [pid for pid in people.panel(self.store, self.session_id) if pid in self.participants]
            self.queue = [pid for pid in self.queue if pid is None or pid in self.participants]
            if self.speaker_id is not None and self.speaker_id not in self.participants:
                self._clear_speaker()  # merged or deleted on the roster
            self._update_speaker()
            self._composer.focus()

    def flush(self) -> None:
        """Write what is being typed now (the app calls this before it quits)."""
        self._flush_draft()

    def unsaved(self) -> list[rescue_file.Entry]:
        """What is typed here and not on disk in the database (the app asks before quitting)."""
        composer = self._composer
        if composer is None or not (self._draft_error or self._dirty_since is not None):
            return []
        out = []
        if self._editing is not None:
            if self._stash[0].strip():
                out.append(self._entry(self._stash[0], "not saved: the text set aside in the composer when the app was closed"))
            if composer.text.strip():
                out.append(self._entry(composer.text, f"not saved: an edit of {self._editing.ref} when the app was closed"))
            return out
        if composer.text.strip():
            out.append(self._entry(composer.text, "not saved: the text in the composer when the app was closed"))
        return out

    def on_unmount(self) -> None:
        self.turns.end(self.now())
        self._mark_dirty()
        self._flush_draft()
        for entry in self.unsaved():
            self.rescue(entry.text, "the app closed while the text could not be saved")
        if self.embedder:
            self.embedder.close(timeout=2)
        try:
            cap.end_visit(self.store, self.session_id, self.now())
        except Exception:
            pass

    # --- keys: where each one goes --------------------------------------------------------------

    def route_key(self, event: events.Key) -> bool:
        """Every key reaches the composer first (it keeps the focus); True when it was used here."""
        if self.picker.is_open:
            return self.picker.take_key(event)
        if self.mode == LIST:
            return self._list_key(event)
        if self.mode == EDIT and event.key == "escape":
            self.action_cancel_edit()
            return True
        return False

    def _list_key(self, event: events.Key) -> bool:
        stream = self.stream
        moves = {
            "up": stream.action_cursor_up, "down": stream.action_cursor_down,
            "pageup": stream.action_page_up, "pagedown": stream.action_page_down,
            "home": stream.action_first, "end": stream.action_last,
        }
        key = event.key
        if key in moves:
            moves[key]()
            return True
        if key == "escape":
            self.action_leave_list()
            return True
        if key == "enter" and stream.on_more:
            self.show_earlier()  # the line "▲ N earlier contributions": shows them (changes nothing)
            return True
        if event.is_printable or key in _TYPING_KEYS:
            # plain typing: back to the composer, and typed there
            self.action_leave_list()
            return False
        return False

    def route_paste(self, text: str) -> bool:
        if self.picker.is_open:
            self.picker.paste(text)
            return True
        if self.mode == LIST:
            self.action_leave_list()
        return False

    def _typing_keys(self) -> str:
        return "enter save · ctrl+j new line"  # the composer's own keys (not bindings)

    def speaker_keys(self) -> tuple[str, str, str]:
        """The keys the speaker line names: pick, the floor, the next in the queue."""
        return self.key_hint("capture.speaker"), self.key_hint("capture.floor"), self.key_hint("capture.next_speaker")

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self._composer.passive = mode == LIST
        self.set_class(mode == LIST, "-list")
        self.set_class(mode == EDIT, "-edit")
        self.stream.set_class(mode == LIST, "-active")
        if mode == LIST:
            k = self.key_hint
            self._composer.border_title = (f"List: ↑↓ choose · {k('capture.edit_selected')} edit · {k('capture.move_selected')} move"
                                           f" · {k('capture.speaker_selected')} speaker · {k('capture.delete_selected')} delete"
                                           f" · {k('capture.flag')} flag")
            self._composer.border_subtitle = "a letter or esc: back to typing"
        elif mode == TYPING:
            self._composer.border_title = "Contribution"
            self._show_saved_status()
            self._update_preview()
        self.refresh_bindings()

    # --- questions -----------------------------------------------------------------------------

    def _enter_question(self) -> None:
        """Show the current question and its contributions; record the visit."""
        q = self.question
        now = self.now()
        try:
            cap.start_visit(self.store, self.session_id, q.id, now)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=10)
        if self._visit_start is not None:
            self._closed_capture += cap.overlap(self._visit_start, now, self._capture_start)
        self._visit_start = now
        self._closed_on_question = cap.closed_time_on_question(self.store, self.session_id, q.id)
        self.query_one("#question-number", QuestionNumber).update(f"Q{q.position} of {len(self.questions)}")
        self.query_one(QuestionText).show(q)
        self.query_one(QuestionRail).set_current(q.id)
        self._load_stream()
        self._tick()

    def _load_stream(self, show: int = WINDOW, include_seq: int | None = None) -> None:
        """The latest ``show`` contributions of this question (or from ``include_seq`` on)."""
        q = self.question
        total = self.query_one(QuestionRail).counts.get(q.id, 0)
        if include_seq is not None:
            before = self.store.contributions_before(self.session_id, q.id, include_seq)
            show = max(show, total - before)
        offset = max(0, total - show)
        items = self.store.contributions(self.session_id, question_id=q.id, limit=total + 1000, offset=offset)
        self.stream.load(items, earlier=offset)

    def show_earlier(self) -> None:
        stream = self.stream
        first = next(iter(stream.entries), None)
        self._load_stream(show=len(stream.entries) + WINDOW)
        if first:
            stream.select_id(first)

    def go_to_question(self, index: int) -> None:
        if not 0 <= index < len(self.questions) or index == self.question_index:
            return
        self._flush_draft()
        self.turns.end(self.now())  # leaving the question ends the speaker's turn
        self.question_index = index
        self._enter_question()
        self._flush_draft(force=True)  # the draft (and the turn) now belong to this question

    def action_prev_question(self) -> None:
        if self.question_index == 0:
            self.notify("This is the first question.", timeout=2)
        self.go_to_question(self.question_index - 1)

    def action_next_question(self) -> None:
        if self.question_index == len(self.questions) - 1:
            self.notify("This is the last question.", timeout=2)
        self.go_to_question(self.question_index + 1)

    def action_goto_question(self) -> None:
        rail = self.query_one(QuestionRail)

        def chosen(picked: Picked | None) -> None:
            if picked and picked.key:
                self.go_to_question(next(i for i, q in enumerate(self.questions) if q.id == picked.key))

        items = question_items(self.questions, rail.counts, width=max(30, self.size.width - 16))
        self._open_picker("Go to question", items, matcher=question_matcher(items), placeholder="number or words",
                          current=self.question.id, on_done=chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (the mouse is welcome, never needed): on the rail, go to that question; on an
        entry, the list with it selected."""
        if event.option_list.id == "rail":
            event.stop()
            self.go_to_question(event.option_index)
        elif event.option_list.id == "stream":
            event.stop()
            if self.mode == TYPING:
                self._set_mode(LIST)

    # --- clocks --------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not hasattr(self, "session"):
            return
        now = self.now()
        elapsed = None
        if self._capture_start is not None:
            elapsed = self._closed_capture
            if self._visit_start is not None:
                elapsed += cap.overlap(self._visit_start, now, self._capture_start)
        sc = cap.session_clock(self.session, elapsed)
        self.query_one(SessionClock).show(sc.text, sc.overrun)
        q = self.question
        spent = self._closed_on_question + max(0.0, (now - self._visit_start).total_seconds() if self._visit_start else 0.0)
        clock = self.query_one(QuestionClock)
        if q.allotment_min:
            allot = q.allotment_min * 60
            if spent > allot:
                clock.show(f"{cap.fmt_span(spent)} of {cap.fmt_span(allot)} · {cap.fmt_span(spent - allot)} over", True)
            else:
                clock.show(f"{cap.fmt_span(spent)} of {cap.fmt_span(allot)}")
        else:
            clock.show(f"{cap.fmt_span(spent)} on this question")
        turn = self.turns.open_turn()
        speaker_clock = self.query_one(SpeakerClock)
        if self.speaker_chosen and turn is not None and turn.participant_id == self.speaker_id:
            speaker_clock.show(f"speaking {cap.fmt_span((now - turn.started_at).total_seconds())}")
        elif self.speaker_chosen:
            speaker_clock.show("paused" if self.paused else "clock stopped")
        else:
            speaker_clock.show("")

    # --- speaker -------------------------------------------------------------------------------

    def _set_speaker(self, participant_id: str | None) -> None:
        """Show ``participant_id`` as the speaker (no turn begins: see :meth:`give_floor`)."""
        self.speaker_chosen = True
        self.speaker_id = participant_id
        if hasattr(self, "_composer"):
            self._update_speaker()

    def give_floor(self, participant_id: str | None) -> None:
        """``participant_id`` (None: the floor) speaks now: their turn begins (when text is
        already being typed, at its first keystroke: it is theirs)."""
        now = self.now()
        at = now
        composer = self._composer
        if composer is not None and self.mode != EDIT and composer.text.strip() and self.contribution_started:
            at = min(now, self.contribution_started)
            cur = self.turns.open_turn()
            if cur is not None and at < cur.started_at:
                at = cur.started_at
        self.turns.begin(participant_id, self.question.id, at)
        if self._capture_start is None:
            self._capture_start = at
        self.paused = False
        if participant_id in self.queue and participant_id is not None:
            self.queue.remove(participant_id)
            self._queue_to_write = True
        self._set_speaker(participant_id)
        self._speaker_to_remember = True
        self._mark_dirty()  # written with the next autosave: picking a speaker never waits for the disk

    def _remember_speaker(self) -> None:
        """Store the chosen speaker and the queue for the next opening (inside a write)."""
        if self._speaker_to_remember and self.speaker_chosen:
            self.store.set_setting(f"capture.speaker.{self.session_id}", self.speaker_id or "floor")
            self._speaker_to_remember = False
        if self._queue_to_write:
            people.write_queue(self.store, self.session_id, self.queue)
            self._queue_to_write = False

    def _clear_speaker(self) -> None:
        self.speaker_chosen = False
        self.speaker_id = None
        self._update_speaker()

    def _person_name(self, pid: str | None) -> str:
        p = self.participants.get(pid) if pid else None
        return p.name if p else "Floor"

    def _update_speaker(self) -> None:
        if bool(self.queue) != self._queue_shown:
            self._queue_shown = bool(self.queue)
            self.refresh_bindings()  # ctrl+n shows while someone is in the queue
        if not self.speaker_chosen:
            label = None
        else:
            label = cap.speaker_label(self.participants.get(self.speaker_id) if self.speaker_id else None)
        queue = [self._person_name(pid) for pid in self.queue]
        self.query_one(SpeakerBar).show(label, self.keep_speaker, queue=queue, keys=self.speaker_keys())
        self._tick()

    def _speaker_items_matcher(self):
        recent = cap.recent_speakers(self.store, self.session_id)
        return speaker_matcher(self.participants.values(), recent, panel=self.panel)

    def pick_speaker(self, then, title: str = "Speaker", *, queue: bool = True) -> None:
        """Open the speaker picker; ``then(participant_id)`` gets the choice (None: floor)."""
        def chosen(picked: Picked | None) -> None:
            if picked is None:
                return
            if picked.key == FLOOR:
                then(None)
            elif picked.key:
                then(picked.key)
            else:
                self._new_participant(picked.text, then)

        def queued(picked: Picked) -> None:
            pid = None if picked.key == FLOOR else picked.key
            self.add_to_queue(pid)

        hint = "enter speaks now · tab adds to the queue · digit: panelist · esc cancel" if queue else "enter choose · esc cancel"
        self._open_picker(title, matcher=self._speaker_items_matcher(), placeholder="letters of a name, initials, organization",
                          new_label="New participant: {} (asks the group next)", on_done=chosen, hint=hint,
                          on_second=queued if queue else None,
                          numbered={str(i): pid for i, pid in enumerate(self.panel[:9], start=1)})

    def _open_picker(self, title: str, items=(), *, on_done, on_second=None, **options) -> None:
        """Open the picker over the rail and the stream (the composer stays where it is)."""
        def done(picked: Picked | None) -> None:
            on_done(picked)
            self._after_picker()

        def second(picked: Picked) -> None:
            on_second(picked)
            self._after_picker()

        self.query_one("#middle").display = False
        self.picker.open(title, items, on_done=done, on_second=second if on_second else None, **options)
        self.refresh_bindings()

    def _after_picker(self) -> None:
        if not self.picker.is_open:
            self.query_one("#middle").display = True
            self.stream.scroll_to_highlight()
        self.refresh_bindings()

    def _new_participant(self, name: str, then) -> None:
        """A name not on the roster: asked for their stakeholder group, and added only on
        ``enter`` there (``escape`` adds nobody)."""
        def group_chosen(picked: Picked | None) -> None:
            if picked is None:
                self.notify(f"Nobody added: {name} is not on the roster.", timeout=3)
                return
            group = None if picked.key == NO_GROUP else (picked.text if picked.key is None else picked.key)
            try:
                pid = self.store.add_participant(ParticipantIn(name=name, stakeholder_group=group or None))
            except ValidationError as exc:
                self.notify(f"Not added: {exc.errors()[0]['msg']}", severity="error")
                return
            except FacilitatorError as exc:
                self.notify(f"{name} was not added: {exc}", severity="error", timeout=10)
                return
            self.participants[pid] = self.store.participant(pid)
            self.notify(f"{name} added to the roster" + ("; the stakeholder group can be set later (f4)." if not group else f" ({group})."),
                        timeout=4)
            then(pid)

        groups = cap.stakeholder_groups(self.store)
        items = [Item(g, g) for g in groups] + [Item(NO_GROUP, Text("No group for now (set it later on the roster)", style="italic"), "no group")]
        self._open_picker(
            f"Add {name} to the roster? Their stakeholder group:",
            items,
            placeholder="type a group",
            new_label="Group: {}",
            hint="enter adds them · esc adds nobody",
            on_done=group_chosen,
        )

    def action_pick_speaker(self) -> None:
        self.pick_speaker(self.give_floor)

    def action_floor(self) -> None:
        self.give_floor(None)

    def action_panelist(self, number: int) -> None:
        if not self.panel:
            self.notify("This session has no panel: list it in the agenda, or put people on it in the roster (f4, p).",
                        timeout=5)
            return
        if not 1 <= number <= len(self.panel):
            self.notify(f"There is no panelist {number}: the panel has {len(self.panel)}.", timeout=3)
            return
        self.give_floor(self.panel[number - 1])

    def add_to_queue(self, pid: str | None) -> None:
        if pid is not None and pid in self.queue:
            self.notify(f"{self._person_name(pid)} is already in the queue.", timeout=2)
            return
        self.queue.append(pid)
        self._queue_to_write = True
        self._mark_dirty()
        self._update_speaker()
        self.notify(f"{self._person_name(pid)} is in the queue ({len(self.queue)}): ctrl+n gives the floor to the next.", timeout=3)

    def action_next_speaker(self) -> None:
        if not self.queue:
            self.notify("Nobody is in the queue: ctrl+o, then tab on a name, adds them.", timeout=4)
            return
        pid = self.queue.pop(0)
        self._queue_to_write = True
        self.give_floor(pid)

    def clear_queue(self) -> None:
        self.queue.clear()
        self._queue_to_write = True
        self._mark_dirty()
        self._update_speaker()

    def action_pause(self) -> None:
        """Pause the speaker's time (the chair speaks, a break); again to resume it."""
        if self.turns.open_turn() is not None:
            self.turns.end(self.now())
            self.paused = True
            self._mark_dirty()
            self._tick()
            self.notify("Speaking time paused: f7 again (or a pick) starts it again.", timeout=3)
            return
        if self.speaker_chosen:
            self.give_floor(self.speaker_id)
            self._tick()
        else:
            self.notify("No speaker: pick one (ctrl+o) to start the clock.", timeout=3)

    def action_toggle_keep(self) -> None:
        self.keep_speaker = not self.keep_speaker
        try:
            self.store.set_setting("capture.keep_speaker", "1" if self.keep_speaker else "0")
        except FacilitatorError:
            pass
        self._update_speaker()
        self.notify(
            "The speaker is kept for the next contribution." if self.keep_speaker
            else "The speaker is asked again after each save.",
            timeout=3,
        )

    # --- the rescue file -------------------------------------------------------------------------

    def _entry(self, text: str, reason: str, *, question=None, speaker: str | None = None) -> rescue_file.Entry:
        q = question or self.question
        if speaker is None:
            speaker = (cap.speaker_label(self.participants.get(self.speaker_id) if self.speaker_id else None)
                       if self.speaker_chosen else "not chosen yet")
        return rescue_file.Entry(
            text=text,
            reason=reason,
            session=f"{self.session.title} ({self.session_id})",
            question=f"Q{q.position} {q.text}",
            speaker=speaker,
        )

    def rescue(self, text: str, reason: str) -> str:
        """Copy ``text`` to the rescue file (once per text); a sentence saying where it is."""
        import hashlib

        key = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
        if key in self._rescued and self._rescue_path is not None:
            return f"A copy is in the rescue file {self._rescue_path}."
        try:
            path = rescue_file.rescue(self._entry(text, f"not saved: {reason}"))
        except rescue_file.RescueFailed as exc:
            return f"It could NOT be copied to a rescue file ({exc}): copy it somewhere before quitting."
        self._rescued.add(key)
        self._rescue_path = path
        return f"A copy is in the rescue file {path}."

    def _rescue_saved_here(self) -> str:
        """The file changed under the app: what this window saved since it opened may sit in a
        journal nobody will read again. Copy it all to the rescue file, once."""
        if self._saved_here_rescued or not self._saved_here:
            return ""
        by_id = {q.id: q for q in self.questions}
        entries = [
            self._entry(c.text, f"saved as {c.ref} at {local_time(c.created_at)}; copied here because the "
                                "database file changed under the app afterwards",
                        question=by_id.get(c.question_id, self.question), speaker=c.speaker or "Floor")
            for c in self._saved_here
        ]
        try:
            path = rescue_file.rescue(entries)
        except rescue_file.RescueFailed as exc:
            return f" The {len(entries)} contributions saved in this window could not be copied ({exc})."
        self._saved_here_rescued = True
        self._rescue_path = path
        return f" The {len(entries)} contributions saved in this window are copied there too, in case."

    # --- typing and saving ---------------------------------------------------------------------

    def _mark_dirty(self) -> None:
        self._dirty_since = self._dirty_since or time.monotonic()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "composer":
            return
        text = event.text_area.text
        now = time.monotonic()
        self._last_key = now
        if self.mode != EDIT:
            if text.strip() and self.contribution_started is None:
                self.contribution_started = self.now()
                if self.speaker_chosen and self.turns.open_turn() is None and not self.paused:
                    # the speaker's clock was stopped (another question): typing what they say restarts it
                    self.turns.begin(self.speaker_id, self.question.id, self.contribution_started)
                    if self._capture_start is None:
                        self._capture_start = self.contribution_started
                    self._tick()
            if not text.strip():
                self.contribution_started = None
        if text != self._saved_text or self.mode == EDIT:
            self._mark_dirty()
        self._update_preview(text)

    def _update_preview(self, text: str | None = None) -> None:
        """Arabic being typed stays in logical order in the composer (where a terminal shows it
        left to right); its border then carries a readable preview of the end of the text."""
        composer = self._composer
        if composer is None or self.mode == LIST:
            return
        text = composer.text if text is None else text
        default = f"Editing {self._editing.ref}" if self.mode == EDIT and self._editing else "Contribution"
        if bidi.active() and bidi.has_rtl(text[-400:]):
            head = f"{default} · " if self.mode == EDIT else ""
            width = max(10, composer.size.width - 6 - len(head))
            composer.border_title = Text(head + bidi.preview_line(text.rstrip(), width))
        elif composer.border_title != default:
            composer.border_title = default

    def _autosave_check(self) -> None:
        if self._dirty_since is None:
            return
        now = time.monotonic()
        if now - self._last_key >= AUTOSAVE_IDLE or now - self._dirty_since >= AUTOSAVE_MAX:
            self._flush_draft()

    def _flush_draft(self, force: bool = False) -> None:
        """Write the composer's text to the draft table (deleted when the composer is empty),
        with the speaker's turn and the queue."""
        if not force and self._dirty_since is None:
            return
        composer = self._composer  # kept: the screen may be tearing down
        if composer is None:
            return
        text = composer.text
        if self._editing is not None:
            draft_text, started, editing, edit_text = self._stash[0], self._stash[1], self._editing.id, text
        else:
            draft_text, started, editing, edit_text = text, self.contribution_started, None, None
        try:
            with self.store.write() as conn:
                self.turns.write(conn)
                self._remember_speaker()
                self.store.save_draft(
                    self.session_id,
                    draft_text,
                    question_id=self.question.id,
                    participant_id=self.speaker_id if self.speaker_chosen else None,
                    started_at=cap.to_iso(started) if started else None,
                    contribution_id=editing,
                    edit_text=edit_text,
                )
        except FacilitatorError as exc:
            where = ""
            if text.strip() and (not self._draft_error or time.monotonic() - self._last_draft_rescue > 30):
                where = " " + self.rescue(text, f"autosave failed: {exc}")
                if self._editing is not None and self._stash[0].strip():
                    self.rescue(self._stash[0], f"autosave failed: {exc}")
                self._last_draft_rescue = time.monotonic()
            if self.store.file_changed:
                where += self._rescue_saved_here()
            if not self._draft_error and not (self.store.file_changed and self._rescued):
                self.notify(f"Autosave failed: {exc}.{where}", severity="error", timeout=10, markup=False)
            self._draft_error = True
            self._dirty_since = time.monotonic()  # retry later
            return
        self.turns.written()
        if self._draft_error:
            self.notify("Autosave works again.", timeout=3)
        self._draft_error = False
        self._saved_text = text
        self._dirty_since = None

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if event.composer.id == "composer":
            event.stop()
            self.do_save()

    def action_save(self) -> None:
        self.do_save()

    def do_save(self) -> None:
        if self.mode == EDIT:
            self.action_save_edit()
            return
        text = self._composer.text
        if not text.strip():
            self.notify("Nothing to save: type what is said first.", timeout=2)
            return
        if not self.speaker_chosen:
            def then(pid: str | None) -> None:
                self.give_floor(pid)
                self._save()

            self.pick_speaker(then, title="Who said it? (then it is saved)", queue=False)
            return
        self._save()

    def _save(self) -> None:
        composer = self._composer
        text = composer.text
        if not text.strip():
            return
        q = self.question
        if self._pending_id is None or self._pending_text != text:
            self._pending_id, self._pending_text = new_id(), text
        turn = self.turns.open_turn()
        if turn is None or turn.participant_id != self.speaker_id or turn.question_id != q.id:
            # no turn running (paused, or a speaker kept from another question): it began
            # when typing began (in this window: a draft typed before a crash counts from the
            # window's opening, not across the time the app was not running)
            began = max(self.contribution_started or self.now(), self._opened_at)
            turn = self.turns.begin(self.speaker_id, q.id, min(began, self.now()))
        try:
            item = ContributionIn(
                session_id=self.session_id,
                question_id=q.id,
                participant_id=self.speaker_id,
                text=text,
                started_at=self.contribution_started,
                turn_id=turn.id,
            )
        except ValidationError as exc:
            self.notify(f"Not saved: {exc.errors()[0]['msg']}. Your text is kept.", severity="error", timeout=10)
            return
        try:
            with self.store.write() as conn:
                self.turns.write(conn)
                c = self.store.add_contribution(item, contribution_id=self._pending_id)
                self.store.clear_draft(self.session_id)
                self._remember_speaker()
        except FacilitatorError as exc:
            c = self._saved_before(self._pending_id, text)
            if c is None:
                where = self.rescue(text, str(exc))
                if self.store.file_changed:
                    where += self._rescue_saved_here()
                self.notify(f"Not saved: {exc}. {where}", title="Save failed", severity="error", timeout=20,
                            markup=False)
                composer.border_subtitle = "NOT SAVED: your text is kept · ctrl+s to try again"
                return
        # committed: only now is it shown as saved
        self.turns.written()
        self._pending_id = self._pending_text = None
        self._saved_here.append(c)
        self._saved_text = ""
        composer.clear()
        self._dirty_since = None
        self.contribution_started = None
        if self._capture_start is None:
            self._capture_start = turn.started_at
        self.stream.append(c)
        self.query_one(QuestionRail).bump(q.id, +1)
        self._last_saved, self._last_saved_ref = c, c.ref
        self._show_saved_status()
        self._vectors_later()
        if not self.keep_speaker:
            self._clear_speaker()
            self.pick_speaker(self.give_floor)

    def _show_saved_status(self, changed: Contribution | None = None) -> None:
        """The composer's subtitle: what was saved last, as it is now (moved, deleted, flagged)."""
        last = self._last_saved
        if changed is not None and last is not None and changed.id == last.id:
            self._last_saved = last = changed
        if self.mode != TYPING:
            return
        keys = self._typing_keys()
        if last is None:
            self._composer.border_subtitle = keys
            return
        first = self._last_saved_ref or last.ref
        status = f"saved {first} at {local_time(last.created_at)}"
        if last.deleted_at:
            status = f"{first} deleted · {self.key_hint('capture.undo')} undo"
        elif last.ref != first:
            status += f", now {last.ref}"
        if last.proposed and not last.deleted_at:
            status += " · flagged"
        self._composer.border_subtitle = f"{status} · {keys}"

    def _saved_before(self, contribution_id: str | None, text: str) -> Contribution | None:
        """The contribution, if an earlier attempt to save this text did reach the disk."""
        if contribution_id is None:
            return None
        try:
            c = self.store.contribution(contribution_id)
        except Exception:  # noqa: BLE001 - not there, or the database cannot say
            return None
        if c.text != ContributionIn(session_id=self.session_id, text=text).text:
            return None
        try:
            self.store.clear_draft(self.session_id)
        except FacilitatorError:
            pass
        return c

    def _vectors_later(self) -> None:
        """With the multilingual extra installed, the vectors of what was just saved are
        computed in the background once the rapporteur pauses (clustering then reuses them)."""
        if self.embedder is None:
            from facilitator.core.clustering import background

            self.embedder = background.BackgroundEmbedder(self.store.path, self.session_id) if background.wanted() else False
        if self.embedder:
            self.embedder.poke()

    # --- the list: edit, move, change speaker, delete, flag, undo --------------------------------

    def action_focus_stream(self) -> None:
        stream = self.stream
        if not stream.option_count:
            self.notify("No contributions on this question yet.", timeout=2)
            return
        if stream.highlighted is None:
            stream.scroll_to_end_and_highlight()
        self._set_mode(LIST)

    def action_leave_list(self) -> None:
        if self.mode == LIST:
            self._set_mode(TYPING)

    def on_show_contribution(self, message: ShowContribution) -> None:
        """Search opened this session at a contribution."""
        self.focus_contribution(message.contribution_id)

    def focus_contribution(self, contribution_id: str) -> None:
        """Show a contribution (from search, say): go to its question, select it in the list."""
        try:
            c = self.store.contribution(contribution_id)
        except FacilitatorError:
            return
        for i, q in enumerate(self.questions):
            if q.id == c.question_id:
                self.go_to_question(i)
        stream = self.stream
        if not stream.select_id(contribution_id):
            self._load_stream(include_seq=c.seq)
            if not stream.select_id(contribution_id):
                return
        if self.mode == TYPING:
            self._set_mode(LIST)

    def action_focus_composer(self) -> None:
        self.action_leave_list()

    def _selected(self) -> Contribution | None:
        c = self.stream.selected
        if c is None:
            self.notify("Choose a contribution first (ctrl+l, then up and down).", timeout=3)
        return c

    def _target(self) -> Contribution | None:
        """What ``ctrl+b`` acts on: the selected contribution in the list, else the one just saved."""
        if self.mode == LIST:
            return self._selected()
        if self._last_saved is None:
            self.notify("Nothing saved yet in this window: ctrl+l chooses an earlier contribution.", timeout=3)
            return None
        try:
            c = self.store.contribution(self._last_saved.id)
        except FacilitatorError:
            return None
        return None if c.deleted_at else c

    def action_edit_selected(self) -> None:
        if self.stream.on_more:
            self.show_earlier()
            return
        c = self._selected()
        if c is not None:
            self._start_edit(c)

    def _start_edit(self, c: Contribution, text: str | None = None) -> None:
        composer = self._composer
        self._stash = (composer.text, self.contribution_started)
        self._editing = c
        self._set_mode(EDIT)
        composer.set_text(c.text if text is None else text)
        composer.border_title = f"Editing {c.ref}"
        composer.border_subtitle = "enter save the edit · esc cancel · ctrl+j new line"
        self._mark_dirty()
        self._update_preview()

    def _end_edit(self) -> None:
        text, started = self._stash
        self._editing = None
        self._stash = ("", None)
        self._composer.set_text(text)
        self.contribution_started = started
        self._saved_text = ""
        self._mark_dirty()
        self._set_mode(LIST)

    def action_save_edit(self) -> None:
        c = self._editing
        if c is None:
            return
        text = self._composer.text
        if not text.strip():
            self.notify("An entry cannot be empty: escape, then ctrl+d deletes it (undoable).", timeout=5)
            return
        try:
            new = self.history.edit(c, text)
        except ValidationError as exc:
            self.notify(f"Not saved: {exc.errors()[0]['msg']}", severity="error")
            return
        except FacilitatorError as exc:
            where = self.rescue(text, f"an edit of {c.ref}: {exc}")
            self.notify(f"Not saved: {exc}. Your edit is kept. {where}", severity="error", timeout=15)
            return
        self._end_edit()
        if new.text != c.text:
            self._changed(new)
            self.notify(f"{new.ref} edited; the earlier text is kept (ctrl+r undoes).", timeout=3)

    def action_cancel_edit(self) -> None:
        if self._editing is not None:
            self._end_edit()

    def _changed(self, c: Contribution) -> None:
        """A saved contribution changed (edited, moved, deleted, restored, flagged): the rail,
        the stream and the status line follow."""
        stream = self.stream
        here = c.question_id == self.question.id and c.deleted_at is None
        if c.id in stream.entries and here:
            stream.replace(c)
        else:
            rail = self.query_one(QuestionRail)
            rail.load(self.questions, self.store.question_counts(self.session_id), self.question.id)
            if here:
                self._load_stream(show=max(WINDOW, len(stream.entries) + 1), include_seq=c.seq)
                stream.select_id(c.id)
            elif c.id in stream.entries:
                stream.remove(c.id)
        if self._last_saved is not None and c.id == self._last_saved.id:
            self._show_saved_status(c)
        # (an emptied list stays the list until escape or a letter: escape then never leaves the screen)

    def action_move_selected(self) -> None:
        c = self._selected()
        if c is None:
            return
        rail = self.query_one(QuestionRail)

        def chosen(picked: Picked | None) -> None:
            if not picked or not picked.key or picked.key == c.question_id:
                return
            try:
                new = self.history.move(c, picked.key)
            except FacilitatorError as exc:
                self.notify(f"Not moved: {exc}", severity="error", timeout=10)
                return
            rail.bump(c.question_id, -1)
            rail.bump(new.question_id, +1)
            self.stream.remove(c.id)
            if self._last_saved is not None and c.id == self._last_saved.id:
                self._show_saved_status(new)
            self.notify(f"Moved to Q{new.question_position}: now {new.ref} (ctrl+r undoes).", timeout=3)

        items = question_items(self.questions, rail.counts, width=max(30, self.size.width - 16))
        self._open_picker(f"Move {c.ref} to question", items, matcher=question_matcher(items),
                          placeholder="number or words", current=c.question_id, on_done=chosen)

    def action_speaker_selected(self) -> None:
        c = self._selected()
        if c is None:
            return

        def then(pid: str | None) -> None:
            if pid == c.participant_id:
                return
            try:
                new = self.history.speaker(c, pid)
            except FacilitatorError as exc:
                self.notify(f"Not changed: {exc}", severity="error", timeout=10)
                return
            self._changed(new)
            self.notify(f"{new.ref}: speaker is now {new.speaker or 'the floor'} (ctrl+r undoes).", timeout=3)

        self.pick_speaker(then, title=f"Who said {c.ref}?", queue=False)

    def action_delete_selected(self) -> None:
        c = self._selected()
        if c is None:
            return
        try:
            new = self.history.delete(c)
        except FacilitatorError as exc:
            self.notify(f"Not deleted: {exc}", severity="error", timeout=10)
            return
        self.stream.remove(c.id)
        self.query_one(QuestionRail).bump(c.question_id, -1)
        if self._last_saved is not None and c.id == self._last_saved.id:
            self._show_saved_status(new)
        self.notify(f"Deleted {c.ref}. Undo: ctrl+r (or ctrl+z in the list).", timeout=6)

    def action_flag(self) -> None:
        c = self._target()
        if c is None:
            return
        try:
            new = self.history.flag(c, not c.proposed)
        except FacilitatorError as exc:
            self.notify(f"Not flagged: {exc}", severity="error", timeout=10)
            return
        self._changed(new)
        self.notify(f"{new.ref} " + ("flagged as a proposed recommendation: the review shows it first."
                                     if new.proposed else "is no longer flagged."), timeout=3)

    def action_undo(self) -> None:
        self._history_step(undo=True)

    def action_undo_in_list(self) -> None:
        self._history_step(undo=True)

    def action_redo(self) -> None:
        self._history_step(undo=False)

    # the earlier name of the action (kept for the palette and muscle memory)
    action_undo_delete = action_undo

    def _history_step(self, undo: bool) -> None:
        label = self.history.undo_label() if undo else self.history.redo_label()
        if label is None:
            self.notify("Nothing to undo." if undo else "Nothing to redo.", timeout=2)
            return
        try:
            done = self.history.undo() if undo else self.history.redo()
        except FacilitatorError as exc:
            self.notify(f"Not {'undone' if undo else 'redone'}: {exc}", severity="error", timeout=10)
            return
        if done is None:
            return
        _step, c = done
        self._changed(c)
        if c.question_id == self.question.id and c.deleted_at is None and self.mode == LIST:
            self.stream.select_id(c.id)
        self.notify(f"{'Undone' if undo else 'Redone'}: {label}.", timeout=3)

    # --- elsewhere -----------------------------------------------------------------------------

    def action_roster(self) -> None:
        self._flush_draft()
        self.app.open_roster(self.session_id)

    def action_back(self) -> None:
        self._flush_draft()
        self.app.pop_screen()

    def palette_commands(self):
        """Every capture action, in words a rapporteur would type."""
        in_list = self.mode == LIST
        yield "Save this contribution", "enter, ctrl+s or f2: save it and start the next", self.do_save
        yield "New line in the contribution", "ctrl+j (or shift+enter where the terminal sends it)", self._composer.action_newline
        yield "Speaker: pick who is speaking", "ctrl+o / f3: letters of a name, initials or organization", self.action_pick_speaker
        for n, pid in enumerate(self.panel[:9], start=1):
            yield f"Speaker: panelist {n}, {self._person_name(pid)}", f"alt+{n} (or ctrl+o then {n})", lambda n=n: self.action_panelist(n)
        yield "Speaker: the floor (unnamed participant)", "ctrl+f", self.action_floor
        yield "Speakers' queue: add someone (raised hand)", "ctrl+o, then tab on their name", lambda: self.pick_speaker(
            lambda pid: self.add_to_queue(pid), title="Add to the queue of raised hands", queue=False)
        yield "Speakers' queue: give the floor to the next", "ctrl+n", self.action_next_speaker
        if self.queue:
            yield "Speakers' queue: clear it", f"{len(self.queue)} waiting", self.clear_queue
        yield "Pause or resume the speaking time", "f7: nobody on the roster speaks (the chair, a break)", self.action_pause
        yield ("Keep the speaker after each save (now: keep)" if self.keep_speaker else
               "Ask for the speaker after each save (now: ask)"), "ctrl+t switches", self.action_toggle_keep
        yield "Next question", "f6 / alt+down", self.action_next_question
        yield "Previous question", "f5 / alt+up", self.action_prev_question
        yield "Go to question (number or words)", "ctrl+g", self.action_goto_question
        yield "Entries: choose an earlier contribution", "ctrl+l, then up and down", self.action_focus_stream
        yield "Edit a contribution (fix a typo)", "ctrl+e in the list", self._in_list(self.action_edit_selected, in_list)
        yield "Move a contribution to another question", "ctrl+g in the list", self._in_list(self.action_move_selected, in_list)
        yield "Change who said a contribution (speaker)", "ctrl+o in the list", self._in_list(self.action_speaker_selected, in_list)
        yield "Delete a contribution", "ctrl+d in the list (undo with ctrl+r)", self._in_list(self.action_delete_selected, in_list)
        yield "Flag as a proposed recommendation (we recommend…)", "ctrl+b: the one just saved, or the one chosen in the list", self.action_flag
        undo = self.history.undo_label() if self.history else None
        redo = self.history.redo_label() if self.history else None
        yield f"Undo{': ' + undo if undo else ''}", "ctrl+r (ctrl+z in the list): delete, move, edit, speaker, flag", self.action_undo
        yield f"Redo{': ' + redo if redo else ''}", "ctrl+y in the list", self.action_redo
        yield "Roster: add, delete, merge participants, the panel", "f4", self.action_roster
        yield "Back to the sessions", "escape (the text being typed is kept)", self.action_back

    def _in_list(self, action, in_list: bool):
        """A list action from the palette: on the selected entry (the list opens if needed)."""
        def run() -> None:
            if not in_list:
                self.action_focus_stream()
                if self.mode != LIST:
                    return
            action()

        return run


NO_GROUP = "\x00nogroup"
