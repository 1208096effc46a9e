"""Live capture: the rapporteur's screen.

The current question on top, the rail of questions and the stream of this question's
contributions in the middle, the speaker and the composer at the bottom. Everything by
keyboard; the keys that matter are in the footer, all of them on the help screen (f1) and in
the command palette (ctrl+p).

Nothing is lost:

- a contribution is committed (``store.add_contribution``) before it appears in the stream;
- the composer's text is autosaved to the ``draft`` table within a second of the last
  keystroke (and every two seconds while typing goes on), and comes back when the session is
  opened again after a crash;
- a failed write (disk full, file removed, database locked) is reported at once in an error
  notification and the text stays in the composer.

Saving does not grow with the size of the session: the stream appends one entry and the rail
changes one count.
"""

from __future__ import annotations

import datetime as dt
import time

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, TextArea

from facilitator.core import capture as cap
from facilitator.core import rescue as rescue_file
from facilitator.core.errors import FacilitatorError
from facilitator.core.ids import new_id
from facilitator.core.models import Contribution, ContributionIn, Participant, ParticipantIn
from facilitator.tui import bidi
from facilitator.tui.bidi import display_line
from facilitator.tui.widgets.clocks import QuestionClock, SessionClock, SpeakerClock
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.contribution_stream import WINDOW, ContributionStream, local_time
from facilitator.tui.widgets.question_header import QuestionBar, QuestionNumber, QuestionText
from facilitator.tui.widgets.question_rail import QuestionRail
from facilitator.tui.widgets.speaker_bar import SpeakerBar

from facilitator.tui.widgets.picker import (
    FLOOR,
    Item,
    Picked,
    Picker,
    question_items,
    question_matcher,
    speaker_matcher,
)

AUTOSAVE_IDLE = 0.4  # seconds after the last keystroke
AUTOSAVE_MAX = 2.0  # seconds of continuous typing between autosaves
WIDE = 110  # from this many columns the rail shows the questions' text


_CAPTURE_ACTIONS = {
    "save", "pick_speaker", "floor", "toggle_keep", "prev_question", "next_question", "goto_question",
    "focus_stream", "undo_delete", "roster", "back",
}


class CaptureScreen(Screen):
    CSS_PATH = "capture.tcss"
    HELP_TITLE = "Capture"
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Save", id="capture.save", tooltip="save the contribution and start the next (also enter in the composer)", priority=True),
        Binding("ctrl+o,f3", "pick_speaker", "Speaker", id="capture.speaker", tooltip="pick the speaker: a few letters of a name or an organization; a new name is added to the roster", priority=True),
        Binding("ctrl+f", "floor", "Floor", id="capture.floor", tooltip="the speaker is the floor (an unnamed participant)", priority=True),
        Binding("ctrl+t", "toggle_keep", "Keep speaker", id="capture.keep", tooltip="keep the speaker for the next contribution, or ask each time", show=False, priority=True),
        Binding("f5,alt+up,ctrl+up", "prev_question", "Previous question", id="capture.prev_question", tooltip="previous guiding question",
                priority=True, show=False),
        Binding("f6,alt+down,ctrl+down", "next_question", "Next question", id="capture.next_question", tooltip="next guiding question",
                priority=True, show=False),
        Binding("ctrl+g", "goto_question", "Go to question", id="capture.goto_question", tooltip="go to a question by its number or words", show=False, priority=True),
        Binding("ctrl+l", "focus_stream", "Entries", id="capture.entries", tooltip="go to the contributions of this question (to edit, move, re-attribute, delete)", priority=True),
        Binding("ctrl+r", "undo_delete", "Undo delete", id="capture.undo_delete", tooltip="undo the last delete", show=False),
        Binding("f4", "roster", "Roster", id="capture.roster", tooltip="the roster: add and edit participants, import a CSV file", show=False),
        Binding("escape", "back", "Sessions", id="capture.back", tooltip="back to the sessions (the text being typed is kept)", show=False),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.question_index = 0
        self.speaker_chosen = False
        self.speaker_id: str | None = None
        self.speaker_since: dt.datetime | None = None
        self.keep_speaker = True
        self.contribution_started: dt.datetime | None = None
        self.undo_stack: list[Contribution] = []
        self.participants: dict[str, Participant] = {}
        # vectors for clustering, computed in the background after saves (None: not yet asked)
        self.embedder = None
        # autosave bookkeeping
        self._saved_text = ""
        self._dirty_since: float | None = None
        self._last_key = 0.0
        self._draft_error = False
        self._visit_start: dt.datetime | None = None
        self._speaker_to_remember = False
        self._closed_on_question = 0.0
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
            yield Static("f5 ◂ ▸ f6 · ^g go to", id="question-keys")
        yield QuestionText(id="question-text")
        with Horizontal(id="middle"):
            yield QuestionRail(id="rail")
            yield ContributionStream(id="stream")
        yield Picker(id="picker")
        with Horizontal(id="speaker-line"):
            yield SpeakerBar("", id="speaker")
            yield SpeakerClock("", id="speaker-clock")
        yield Composer(id="composer")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the picker is open, its keys are the only ones that count."""
        if action in _CAPTURE_ACTIONS and self.is_mounted and self.query(Picker) and self.picker.is_open:
            return False
        return True

    # Keys bound here jump the queue (they are handled when they arrive), while typed keys wait
    # their turn in the composer: run the action in the composer's turn, after what was typed
    # before it. (``ctrl+s`` right after a burst of typing saves all of it.)
    def _in_order(self, fn) -> None:
        from facilitator.tui.widgets.composer import pass_on

        started = time.monotonic()

        def run(host) -> None:
            app = self.app
            pending = app.__dict__.get("_facilitator_pending_keys")
            if app.screen is not self:
                # a screen opened by an earlier key is on top: wait for it to close (it does
                # when the keys typed before this one say so); drop the action otherwise
                if time.monotonic() - started < 2.0:
                    app.set_timer(0.01, lambda: run(host))
                return
            if pending or (self.focused is not None and self.focused is not host):
                # keys typed before this one are on their way to another place: follow them
                def requeue() -> None:
                    now = self.focused
                    if now is not None:
                        now.call_later(run, now)
                    else:
                        run(None)

                pass_on(app, requeue)
                return
            if not self.picker.is_open:
                fn()

        run.follows_keys = True  # moved along with the keys around it (widgets/composer.hand_over)
        focused = self.focused
        if focused is not None:
            focused.call_later(run, focused)
        else:
            run(None)

    def action_save(self) -> None:
        self._in_order(self.do_save)

    def action_pick_speaker(self) -> None:
        self._in_order(self.do_pick_speaker)

    def action_floor(self) -> None:
        self._in_order(self.do_floor)

    def action_toggle_keep(self) -> None:
        self._in_order(self.do_toggle_keep)

    def action_prev_question(self) -> None:
        self._in_order(self.do_prev_question)

    def action_next_question(self) -> None:
        self._in_order(self.do_next_question)

    def action_goto_question(self) -> None:
        self._in_order(self.do_goto_question)

    def action_focus_stream(self) -> None:
        self._in_order(self.do_focus_stream)

    # --- the app's clock (tests replace app.clock with a fixed one) ------------------------------

    def now(self) -> dt.datetime:
        clock = getattr(self.app, "clock", None)
        return clock() if clock else cap.utc_now()

    @property
    def store(self):
        return self.app.store

    @property
    def question(self):
        return self.questions[self.question_index]

    # --- start ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        store = self.store
        self.session = store.session(self.session_id)
        self.questions = store.questions(self.session_id)
        self.participants = {p.id: p for p in store.participants()}
        self.keep_speaker = store.get_setting("capture.keep_speaker", "1") == "1"
        try:
            cap.close_stale_visits(store, self.session_id)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=10)
        draft = store.draft(self.session_id)
        qid = (draft or {}).get("question_id") or cap.last_visited_question(store, self.session_id)
        for i, q in enumerate(self.questions):
            if q.id == qid:
                self.question_index = i
        # the speaker: the draft's, else the one chosen last time in this session
        remembered = store.get_setting(f"capture.speaker.{self.session_id}")
        if draft and draft.get("participant_id") in self.participants:
            self._set_speaker(draft["participant_id"], persist=False)
        elif remembered == "floor":
            self._set_speaker(None, persist=False)
        elif remembered in self.participants:
            self._set_speaker(remembered, persist=False)
        self._show_title()
        rail = self.query_one(QuestionRail)
        rail.load(self.questions, store.question_counts(self.session_id), self.question.id)
        composer = self._composer = self.query_one(Composer)
        composer.submit_handler = self.do_save
        # The capture keys also work when they reach the composer as keys (handed over from
        # the picker in a burst of typing): then they act in the order typed.
        handlers = {}
        for binding in self.BINDINGS:
            fn = getattr(self, f"do_{binding.action}", None) or getattr(self, f"action_{binding.action}")
            for key in binding.key.split(","):
                handlers[key.strip()] = fn
        composer.key_handlers = handlers
        composer.border_title = "Contribution"
        composer.border_subtitle = "enter save · ctrl+j new line"
        if draft and draft.get("text"):
            composer.set_text(draft["text"])
            self._saved_text = draft["text"]
            if draft.get("started_at"):
                self.contribution_started = cap.parse_iso(draft["started_at"])
                if self.speaker_chosen:
                    self.speaker_since = self.contribution_started
            self.notify("Your unsaved text was restored in the composer.", title="Draft restored")
        self._enter_question()
        self._update_speaker()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.set_interval(0.25, self._autosave_check)
        composer.focus()

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
        # back from the roster (or another screen): names and groups may have changed
        if hasattr(self, "questions"):
            self.participants = {p.id: p for p in self.store.participants()}
            self._update_speaker()

    def flush(self) -> None:
        """Write what is being typed now (the app calls this before it quits)."""
        self._flush_draft()

    def unsaved(self) -> list[rescue_file.Entry]:
        """What is typed here and not on disk in the database (the app asks before quitting)."""
        composer = getattr(self, "_composer", None)
        if composer is None or not composer.text.strip():
            return []
        if self._draft_error or self._dirty_since is not None:
            return [self._entry(composer.text, "not saved: the text in the composer when the app was closed")]
        return []

    def on_unmount(self) -> None:
        self._flush_draft()
        composer = getattr(self, "_composer", None)
        if composer is not None and composer.text.strip() and (self._draft_error or self._dirty_since is not None):
            self.rescue(composer.text, "the app closed while the text could not be saved")

        if self.embedder:
            self.embedder.close(timeout=2)
        try:
            cap.end_visit(self.store, self.session_id, self.now())
        except Exception:
            pass

    # --- questions -----------------------------------------------------------------------------

    def _enter_question(self) -> None:
        """Show the current question and its contributions; record the visit."""
        q = self.question
        now = self.now()
        try:
            cap.start_visit(self.store, self.session_id, q.id, now)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=10)
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
            before = self.store.conn.execute(
                "SELECT count(*) FROM contribution WHERE session_id = ? AND question_id = ? AND seq < ?"
                " AND deleted_at IS NULL",
                (self.session_id, q.id, include_seq),
            ).fetchone()[0]
            show = max(show, total - before)
        offset = max(0, total - show)
        items = self.store.contributions(self.session_id, question_id=q.id, limit=total + 1000, offset=offset)
        self.query_one(ContributionStream).load(items, earlier=offset)

    def show_earlier(self) -> None:
        stream = self.query_one(ContributionStream)
        first = next(iter(stream.entries), None)
        self._load_stream(show=len(stream.entries) + WINDOW)
        if first:
            stream.select_id(first)

    def go_to_question(self, index: int) -> None:
        if not 0 <= index < len(self.questions) or index == self.question_index:
            return
        self._flush_draft()
        self.question_index = index
        self._enter_question()
        self._flush_draft(force=True)  # the draft now belongs to this question

    def do_prev_question(self) -> None:
        if self.question_index == 0:
            self.notify("This is the first question.", timeout=2)
        self.go_to_question(self.question_index - 1)

    def do_next_question(self) -> None:
        if self.question_index == len(self.questions) - 1:
            self.notify("This is the last question.", timeout=2)
        self.go_to_question(self.question_index + 1)

    def do_goto_question(self) -> None:
        rail = self.query_one(QuestionRail)

        def chosen(picked: Picked | None) -> None:
            if picked and picked.key:
                self.go_to_question(next(i for i, q in enumerate(self.questions) if q.id == picked.key))
            self.action_focus_composer()

        items = question_items(self.questions, rail.counts, width=max(30, self.size.width - 16))
        self.picker.open("Go to question", items, matcher=question_matcher(items), placeholder="number or words",
                         current=self.question.id, on_done=chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "rail":
            event.stop()
            index = event.option_index
            self.go_to_question(index)
            self.action_focus_composer()

    # --- clocks --------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not hasattr(self, "session"):
            return
        now = self.now()
        sc = cap.session_clock(self.session, now.astimezone())
        self.query_one(SessionClock).show(sc.text, sc.overrun)
        q = self.question
        spent = self._closed_on_question + max(0.0, (now - self._visit_start).total_seconds() if self._visit_start else 0.0)
        if q.allotment_min:
            allot = q.allotment_min * 60
            if spent > allot:
                self.query_one(QuestionClock).show(f"{cap.fmt_clock(spent)} of {cap.fmt_clock(allot)} · {cap.fmt_clock(spent - allot)} over", True)
            else:
                self.query_one(QuestionClock).show(f"{cap.fmt_clock(spent)} of {cap.fmt_clock(allot)}")
        else:
            self.query_one(QuestionClock).show(f"{cap.fmt_clock(spent)} on this question")
        if self.speaker_chosen and self.speaker_since:
            self.query_one(SpeakerClock).show(f"speaking {cap.fmt_clock((now - self.speaker_since).total_seconds())}")
        else:
            self.query_one(SpeakerClock).show("")

    # --- speaker -------------------------------------------------------------------------------

    def _set_speaker(self, participant_id: str | None, *, persist: bool = True) -> None:
        changed = not self.speaker_chosen or participant_id != self.speaker_id
        self.speaker_chosen = True
        self.speaker_id = participant_id
        if changed or self.speaker_since is None:
            self.speaker_since = self.now()
        if persist:
            # remembered with the next autosave or save (no disk write here: picking a speaker
            # must not wait for the disk)
            self._dirty_since = self._dirty_since or time.monotonic()
            self._speaker_to_remember = True
        self._update_speaker()

    def _remember_speaker(self) -> None:
        """Store the chosen speaker for the next opening of the session (inside a write)."""
        if self._speaker_to_remember and self.speaker_chosen:
            self.store.set_setting(f"capture.speaker.{self.session_id}", self.speaker_id or "floor")
            self._speaker_to_remember = False

    def _clear_speaker(self) -> None:
        self.speaker_chosen = False
        self.speaker_id = None
        self.speaker_since = None
        self._update_speaker()

    def _update_speaker(self) -> None:
        if not self.speaker_chosen:
            label = None
        else:
            label = cap.speaker_label(self.participants.get(self.speaker_id) if self.speaker_id else None)
        self.query_one(SpeakerBar).show(label, self.keep_speaker)
        self._tick()

    def pick_speaker(self, then, title: str = "Speaker") -> None:
        """Open the speaker picker; ``then(participant_id)`` gets the choice (None: floor)."""
        def chosen(picked: Picked | None) -> None:
            if picked is None:
                self.action_focus_composer()
                return
            if picked.key == FLOOR:
                then(None)
            elif picked.key:
                then(picked.key)
            else:
                self._new_participant(picked.text, then)

        matcher = speaker_matcher(self.participants.values(), cap.recent_speakers(self.store, self.session_id))
        self.picker.open(title, matcher=matcher, placeholder="type a name or an organization",
                         new_label="New participant: {}", on_done=chosen)

    def _new_participant(self, name: str, then) -> None:
        def group_chosen(picked: Picked | None) -> None:
            group = None
            if picked is not None:
                group = picked.text if picked.key is None else picked.key
            try:
                pid = self.store.add_participant(ParticipantIn(name=name, stakeholder_group=group or None))
            except ValidationError as exc:
                self.notify(f"Not added: {exc.errors()[0]['msg']}", severity="error")
                self.action_focus_composer()
                return
            except FacilitatorError as exc:
                self.notify(f"{name} was not added: {exc}", severity="error", timeout=10)
                self.action_focus_composer()
                return
            self.participants[pid] = self.store.participant(pid)
            if not group:
                self.notify(f"{name} added to the roster; the stakeholder group can be set later (f4).", timeout=4)
            then(pid)

        groups = cap.stakeholder_groups(self.store)
        self.picker.open(
            f"Stakeholder group of {name}",
            [Item(g, g) for g in groups],
            placeholder="type a group, or escape to leave it for later",
            new_label="Group: {}",
            hint="enter choose · escape leave for later",
            on_done=group_chosen,
        )

    def do_pick_speaker(self) -> None:
        def then(pid: str | None) -> None:
            self._set_speaker(pid)
            self.action_focus_composer()

        self.pick_speaker(then)

    def do_floor(self) -> None:
        self._set_speaker(None)
        self.action_focus_composer()

    def do_toggle_keep(self) -> None:
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

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "composer":
            return
        text = event.text_area.text
        now = time.monotonic()
        self._last_key = now
        if text.strip() and self.contribution_started is None:
            self.contribution_started = self.now()
        if not text.strip():
            self.contribution_started = None
        if text != self._saved_text and self._dirty_since is None:
            self._dirty_since = now
        self._update_preview(text)

    def _update_preview(self, text: str | None = None) -> None:
        """Arabic being typed stays in logical order in the composer (where a terminal shows it
        left to right); its border then carries a readable preview of the end of the text."""
        composer = getattr(self, "_composer", None)
        if composer is None:
            return
        text = composer.text if text is None else text
        if bidi.active() and bidi.has_rtl(text[-400:]):
            width = max(10, composer.size.width - 6)
            composer.border_title = Text(bidi.preview_line(text.rstrip(), width))
        elif composer.border_title != "Contribution":
            composer.border_title = "Contribution"

    def _autosave_check(self) -> None:
        if self._dirty_since is None:
            return
        now = time.monotonic()
        if now - self._last_key >= AUTOSAVE_IDLE or now - self._dirty_since >= AUTOSAVE_MAX:
            self._flush_draft()

    def _flush_draft(self, force: bool = False) -> None:
        """Write the composer's text to the draft table (deleted when the composer is empty)."""
        if not force and self._dirty_since is None:
            return
        composer = getattr(self, "_composer", None)  # kept: the screen may be tearing down
        if composer is None:
            return
        text = composer.text
        try:
            with self.store.write():
                self._remember_speaker()
                self.store.save_draft(
                    self.session_id,
                    text,
                    question_id=self.question.id,
                    participant_id=self.speaker_id if self.speaker_chosen else None,
                    started_at=cap.to_iso(self.contribution_started) if self.contribution_started else None,
                )
        except FacilitatorError as exc:
            where = ""
            if text.strip() and (not self._draft_error or time.monotonic() - self._last_draft_rescue > 30):
                where = " " + self.rescue(text, f"autosave failed: {exc}")
                self._last_draft_rescue = time.monotonic()
            if self.store.file_changed:
                where += self._rescue_saved_here()
            if not self._draft_error and not (self.store.file_changed and self._rescued):
                self.notify(f"Autosave failed: {exc}.{where}", severity="error", timeout=10, markup=False)
            self._draft_error = True
            self._dirty_since = time.monotonic()  # retry later
            return
        if self._draft_error:
            self.notify("Autosave works again.", timeout=3)
        self._draft_error = False
        self._saved_text = text
        self._dirty_since = None

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if event.composer.id == "composer":
            event.stop()
            self.do_save()

    def do_save(self) -> None:
        text = self.query_one(Composer).text
        if not text.strip():
            self.notify("Nothing to save: type what is said first.", timeout=2)
            return
        if not self.speaker_chosen:
            def then(pid: str | None) -> None:
                self._set_speaker(pid)
                self.action_focus_composer()
                self._save()

            self.pick_speaker(then, title="Who said it? (then it is saved)")
            return
        self._save()

    def _save(self) -> None:
        composer = self.query_one(Composer)
        text = composer.text
        if not text.strip():
            return
        q = self.question
        if self._pending_id is None or self._pending_text != text:
            self._pending_id, self._pending_text = new_id(), text
        try:
            item = ContributionIn(
                session_id=self.session_id,
                question_id=q.id,
                participant_id=self.speaker_id,
                text=text,
                started_at=self.contribution_started,
            )
        except ValidationError as exc:
            self.notify(f"Not saved: {exc.errors()[0]['msg']}. Your text is kept.", severity="error", timeout=10)
            return
        try:
            with self.store.write():
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
        self._pending_id = self._pending_text = None
        self._saved_here.append(c)
        self._saved_text = ""
        composer.clear()
        self._dirty_since = None
        self.contribution_started = None
        self.query_one(ContributionStream).append(c)
        self.query_one(QuestionRail).bump(q.id, +1)
        composer.border_subtitle = f"saved {c.ref} at {local_time(c.created_at)} · enter save · ctrl+j new line"
        self._vectors_later()
        if not self.keep_speaker:
            self._clear_speaker()
            self.do_pick_speaker()

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

    # --- the stream: edit, move, change speaker, delete, undo --------------------------------

    def do_focus_stream(self) -> None:
        stream = self.query_one(ContributionStream)
        if not stream.option_count:
            self.notify("No contributions on this question yet.", timeout=2)
            return
        self.set_focus(stream)
        if stream.highlighted is None:
            stream.scroll_to_end_and_highlight()

    def focus_contribution(self, contribution_id: str) -> None:
        """Show a contribution (from search, say): go to its question, select it in the list."""
        try:
            c = self.store.contribution(contribution_id)
        except FacilitatorError:
            return
        for i, q in enumerate(self.questions):
            if q.id == c.question_id:
                self.go_to_question(i)
        stream = self.query_one(ContributionStream)
        if not stream.select_id(contribution_id):
            self._load_stream(include_seq=c.seq)
            if not stream.select_id(contribution_id):
                return
        self.set_focus(stream)

    def action_focus_composer(self) -> None:
        # set_focus now, not composer.focus() (which waits its turn): keys typed right after
        # must reach the composer
        self.set_focus(self.query_one(Composer))

    @property
    def picker(self) -> Picker:
        return self.query_one(Picker)

    def _selected(self) -> Contribution | None:
        c = self.query_one(ContributionStream).selected
        if c is None:
            self.notify("Choose a contribution first (ctrl+l, then up and down).", timeout=3)
        return c

    def action_edit_selected(self) -> None:
        if self.query_one(ContributionStream).on_more:
            self.show_earlier()
            return
        c = self._selected()
        if c is None:
            return
        from .edit_contribution import EditContributionScreen

        def edited(text: str | None) -> None:
            if text is None:
                return
            try:
                new = self.store.edit_contribution(c.id, text)
            except FacilitatorError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=15)
                self.app.push_screen(EditContributionScreen(c.model_copy(update={"text": text})), edited)
                return
            except ValidationError as exc:
                self.notify(f"Not saved: {exc.errors()[0]['msg']}", severity="error")
                return
            self.query_one(ContributionStream).replace(new)
            self._vectors_later()
            self.notify(f"{new.ref} edited; the earlier text is kept as a revision.", timeout=3)

        self.app.push_screen(EditContributionScreen(c), edited)

    def action_move_selected(self) -> None:
        c = self._selected()
        if c is None:
            return
        rail = self.query_one(QuestionRail)

        def chosen(picked: Picked | None) -> None:
            self.do_focus_stream()
            if not picked or not picked.key or picked.key == c.question_id:
                return
            try:
                new = self.store.move_contribution(c.id, picked.key)
            except FacilitatorError as exc:
                self.notify(f"Not moved: {exc}", severity="error", timeout=10)
                return
            rail.bump(c.question_id, -1)
            rail.bump(new.question_id, +1)
            self.query_one(ContributionStream).remove(c.id)
            self.notify(f"Moved to Q{new.question_position}: now {new.ref}.", timeout=3)

        items = question_items(self.questions, rail.counts, width=max(30, self.size.width - 16))
        self.picker.open(f"Move {c.ref} to question", items, matcher=question_matcher(items),
                         placeholder="number or words", current=c.question_id, on_done=chosen)

    def action_speaker_selected(self) -> None:
        c = self._selected()
        if c is None:
            return

        def then(pid: str | None) -> None:
            self.do_focus_stream()
            try:
                new = self.store.set_speaker(c.id, pid)
            except FacilitatorError as exc:
                self.notify(f"Not changed: {exc}", severity="error", timeout=10)
                return
            self.query_one(ContributionStream).replace(new)
            self.notify(f"{new.ref}: speaker is now {new.speaker or 'the floor'}.", timeout=3)

        self.pick_speaker(then, title=f"Speaker of {c.ref}")

    def action_delete_selected(self) -> None:
        c = self._selected()
        if c is None:
            return
        try:
            self.store.delete_contribution(c.id)
        except FacilitatorError as exc:
            self.notify(f"Not deleted: {exc}", severity="error", timeout=10)
            return
        self.undo_stack.append(c)
        self.query_one(ContributionStream).remove(c.id)
        self.query_one(QuestionRail).bump(c.question_id, -1)
        self.notify(f"Deleted {c.ref}. Undo: u in the list, or ctrl+r.", timeout=6)

    def action_undo_delete(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        c = self.undo_stack[-1]
        try:
            self.store.restore_contribution(c.id)
        except FacilitatorError as exc:
            self.notify(f"Not restored: {exc}", severity="error", timeout=10)
            return
        self.undo_stack.pop()
        restored = self.store.contribution(c.id)
        self.query_one(QuestionRail).bump(restored.question_id, +1)
        if restored.question_id == self.question.id:
            stream = self.query_one(ContributionStream)
            self._load_stream(show=len(stream.entries) + 1, include_seq=restored.seq)
            stream.select_id(c.id)
        self.notify(f"Restored {restored.ref}.", timeout=3)

    # --- elsewhere -----------------------------------------------------------------------------

    def action_roster(self) -> None:
        self._flush_draft()
        self.app.open_roster()

    def action_back(self) -> None:
        self._flush_draft()
        self.app.pop_screen()

    def palette_commands(self):
        yield "Save contribution", "ctrl+s (or enter in the composer)", self.do_save
        yield "Pick speaker", "ctrl+o: from the roster, or a new participant", self.do_pick_speaker
        yield "Speaker: floor", "ctrl+f: an unnamed participant", self.do_floor
        yield "Keep speaker on/off", "ctrl+t: keep the speaker for the next contribution", self.do_toggle_keep
        yield "Next question", "f6 / alt+down", self.do_next_question
        yield "Previous question", "f5 / alt+up", self.do_prev_question
        yield "Go to question", "ctrl+g: by number or words", self.do_goto_question
        yield "Contributions of this question", "ctrl+l: choose one to edit, move, re-attribute or delete", self.do_focus_stream
        yield "Edit selected contribution", "enter or e in the list", self.action_edit_selected
        yield "Move selected contribution", "m in the list", self.action_move_selected
        yield "Change speaker of selected contribution", "s in the list", self.action_speaker_selected
        yield "Delete selected contribution", "d in the list (undoable)", self.action_delete_selected
        yield "Undo delete", "ctrl+r, or u in the list", self.action_undo_delete
        yield "Roster", "f4: add and edit participants, import CSV", self.action_roster
        yield "Back to the sessions", "escape", self.action_back
