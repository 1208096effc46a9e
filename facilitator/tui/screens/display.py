"""The room display: what the room's screen shows, read-only, following the capture window.

``facilitator display SESSION [--anonymous]`` (or *Room display* in the command palette of a
session) fills the screen with the current guiding question (the one the capture window is
on: its last visit) and the latest contributions to it, newest at the bottom, in large type
for a projector. It never writes; it follows every window and command live
(:mod:`facilitator.tui.live`): a contribution saved, edited, moved or deleted anywhere, or the
rapporteur moving to another question, shows within about a second.

The anonymous variant (Chatham House Rule) names nobody: each contribution is attributed by
stakeholder group only, and the names of participants are withheld from what was said, as in
the anonymous export (:mod:`facilitator.core.summary.withhold`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from facilitator.core import capture as cap
from facilitator.core.models import Contribution, Question
from facilitator.tui.bidi import display_line, display_lines, has_rtl
from facilitator.tui.messages import DatabaseChanged
from facilitator.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from facilitator.core.store import Store

LATEST = 12  # contributions read; as many as fit are shown, newest at the bottom


class RoomQuestion(Static):
    """The current guiding question, large."""


class RoomStream(Static):
    """The latest contributions of the current question."""


class DisplayScreen(AppScreen):
    CSS_PATH = "display.tcss"
    HELP_TITLE = "Room display"
    BINDINGS = [
        Binding("a", "anonymous", "Named / anonymous", id="display.anonymous"),
        Binding("escape", "back", "Back", id="display.back"),
    ]

    session_id: str

    def __init__(self, session_id: str, *, anonymous: bool = False, leave_quits: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.anonymous = anonymous
        self.leave_quits = leave_quits  # the display is the whole app (facilitator display)
        self.question: Question | None = None

    @property
    def store(self) -> Store:
        return self.app.store

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Static("", id="room-head")
            yield RoomQuestion("", id="room-question")
            with VerticalScroll(id="room-scroll", can_focus=False):
                yield RoomStream("", id="room-stream")
            yield Static("", id="room-foot")

    def on_mount(self) -> None:
        self.session = self.store.session(self.session_id)
        self.questions = {q.id: q for q in self.store.questions(self.session_id)}
        self.show()

    def on_resize(self) -> None:
        if self.is_mounted:
            self.show()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """The capture window saved, edited, moved or went to another question: shown now."""
        if message.tables & {"contribution", "participant", "question_visit", "question", "session"}:
            self.questions = {q.id: q for q in self.store.questions(self.session_id)}
            self.show()

    def _names(self):
        from facilitator.core.summary.withhold import Withholder

        return Withholder(p.name for p in self.store.participants())

    def show(self) -> None:
        store = self.store
        qid = cap.last_visited_question(store, self.session_id)
        questions = sorted(self.questions.values(), key=lambda q: q.position)
        if qid not in self.questions and questions:
            qid = questions[0].id
        self.question = self.questions.get(qid or "")
        width = max(20, (self.size.width or 80) - 4)
        head = Text.assemble((display_line(self.session.title, max(10, width - 24)), "bold"))
        if self.question is not None:
            head.append(f"   Q{self.question.position} of {len(self.questions)}", style="bold")
        self.query_one("#room-head", Static).update(head)
        question = Text()
        if self.question is not None:
            text = " ".join(self.question.text.split())
            lines = display_lines(text, width) if has_rtl(text) else [text]
            question.append("\n".join(lines), style="bold")
        self.query_one(RoomQuestion).update(question)
        items: list[Contribution] = []
        if self.question is not None:
            total = store.question_counts(self.session_id).get(self.question.id, 0)
            items = store.contributions(self.session_id, question_id=self.question.id, limit=LATEST,
                                        offset=max(0, total - LATEST))
        withhold = self._names() if self.anonymous and items else None
        out = Text()
        for i, c in enumerate(items):
            who = (c.stakeholder_group or ("the floor" if c.participant_id is None else "no group")) if self.anonymous \
                else (c.speaker or "Floor")
            said = withhold(c.text) if withhold is not None else c.text
            said = " ".join(said.split())
            if i:
                out.append("\n\n")
            out.append(display_line(who, width), style="bold" if not self.anonymous else "bold italic")
            out.append("\n")
            out.append("\n".join(display_lines(said, width)) if has_rtl(said) else said)
        if not items:
            out.append("Nothing said on this question yet.", style="dim italic")
        self.query_one(RoomStream).update(out)
        foot = "anonymous: names withheld · a named" if self.anonymous else "a anonymous"
        self.query_one("#room-foot", Static).update(Text(f"{foot} · esc {'quit' if self.leave_quits else 'back'}",
                                                         style="dim"))
        self.call_after_refresh(self._newest_in_view)

    def _newest_in_view(self) -> None:
        self.query_one("#room-scroll", VerticalScroll).scroll_end(animate=False)

    def action_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self.show()

    def action_back(self) -> None:
        if self.leave_quits:
            self.app.exit()
        else:
            self.app.pop_screen()
