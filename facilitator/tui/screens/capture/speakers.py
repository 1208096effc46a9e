"""Who is speaking: picking the speaker, the panel, new participants, the speaker line.

``ctrl+o`` picks anyone by a few letters or initials (a digit there is panelist N);
``alt+1`` ... ``alt+9`` give the floor to panelist N (the panel of the agenda); a name not on
the roster is added after its stakeholder group is asked. What giving the floor does (the turn,
the queue) is :mod:`.floor`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.text import Text

from facilitator.core import capture as cap
from facilitator.core import people, vocab
from facilitator.core.errors import FacilitatorError
from facilitator.core.models import Participant, ParticipantIn
from facilitator.core.vocab import label_problem
from facilitator.tui.widgets.picker import FLOOR, Item, Matcher, Picked, speaker_matcher
from facilitator.tui.widgets.speaker_bar import SpeakerBar

if TYPE_CHECKING:
    from .screen import CaptureScreen

NO_GROUP = "\x00nogroup"

#: what a speaker pick is for: gets the participant's id (None: the floor)
ThenSpeaker = Callable[[str | None], None]


class Speakers:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.participants: dict[str, Participant] = {}
        self.panel: list[str] = []  # the panel's participants, in order (alt+1 is the first)
        self.chosen = False  # a speaker was chosen (the floor counts)
        self.speaker_id: str | None = None  # who (None: the floor)
        self.keep = True  # keep the speaker after a save (else ask again)
        self._queue_shown = False

    def load(self) -> None:
        """The roster and the panel (at the start, and back from the roster)."""
        store, session_id = self.screen.store, self.screen.session_id
        self.participants = {p.id: p for p in store.participants()}
        self.panel = [pid for pid in people.panel(store, session_id) if pid in self.participants]

    def restore(self, draft_speaker: str | None) -> None:
        """At the start: the draft's speaker, else the one chosen last time in this session."""
        store = self.screen.store
        self.keep = store.get_setting("capture.keep_speaker", "1") == "1"
        remembered = store.get_setting(f"capture.speaker.{self.screen.session_id}")
        if draft_speaker in self.participants:
            self.set(draft_speaker)
        elif remembered == "floor":
            self.set(None)
        elif remembered in self.participants:
            self.set(remembered)

    def resumed(self) -> None:
        """Back from the roster: names, groups and the panel may have changed."""
        self.load()
        if self.speaker_id is not None and self.speaker_id not in self.participants:
            self.clear()  # merged or deleted on the roster

    def set(self, participant_id: str | None) -> None:
        """Show ``participant_id`` as the speaker (no turn begins: see :meth:`.Floor.give`)."""
        self.chosen = True
        self.speaker_id = participant_id
        self.show()

    def clear(self) -> None:
        self.chosen = False
        self.speaker_id = None
        self.show()

    def name(self, pid: str | None) -> str:
        p = self.participants.get(pid) if pid else None
        return p.name if p else "Floor"

    def label(self) -> str:
        """The speaker as the rescue file names them."""
        if not self.chosen:
            return "not chosen yet"
        return cap.speaker_label(self.participants.get(self.speaker_id) if self.speaker_id else None)

    def show(self) -> None:
        """The speaker line: who speaks, keep or ask, the queue; the clocks follow."""
        screen = self.screen
        queue = screen.floor.queue
        if bool(queue) != self._queue_shown:
            self._queue_shown = bool(queue)
            screen.refresh_bindings()  # ctrl+n shows while someone is in the queue
        label = None
        if self.chosen:
            label = cap.speaker_label(self.participants.get(self.speaker_id) if self.speaker_id else None)
        keys = (screen.key_hint("capture.speaker"), screen.key_hint("capture.floor"), screen.key_hint("capture.next_speaker"))
        screen.query_one(SpeakerBar).show(label, self.keep, queue=[self.name(pid) for pid in queue], keys=keys)
        screen.clocks.tick()

    # --- picking -------------------------------------------------------------------------------

    def _matcher(self) -> Matcher:
        recent = cap.recent_speakers(self.screen.store, self.screen.session_id)
        return speaker_matcher(self.participants.values(), recent, panel=self.panel)

    def pick(self, then: ThenSpeaker, title: str = "Speaker", *, queue: bool = True) -> None:
        """Open the speaker picker; ``then(participant_id)`` gets the choice (None: floor);
        with ``queue``, tab adds the one highlighted to the queue instead."""
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
            self.screen.floor.add_to_queue(None if picked.key == FLOOR else picked.key)

        hint = "enter speaks now · tab adds to the queue · digit: panelist · esc cancel" if queue else "enter choose · esc cancel"
        self.screen.picking.open(title, matcher=self._matcher(), placeholder="letters of a name, initials, organization",
                                 new_label="New participant: {} (asks the group next)", on_done=chosen, hint=hint,
                                 on_second=queued if queue else None,
                                 numbered={str(i): pid for i, pid in enumerate(self.panel[:9], start=1)},
                                 speech=lambda typed: label_problem("name", typed))

    def _new_participant(self, name: str, then: ThenSpeaker) -> None:
        """A name not on the roster: asked for their stakeholder group, and added only on
        ``enter`` there (``escape`` adds nobody). What is typed there and reads like speech is
        never a group: they are added with no group, and it goes to the composer as what they
        said."""
        screen = self.screen

        def add(group: str | None) -> None:
            try:
                pid = screen.store.add_participant(ParticipantIn(name=name, stakeholder_group=group or None))
            except ValidationError as exc:
                screen.notify(f"Not added: {exc.errors()[0]['msg']}", severity="error")
                return
            except FacilitatorError as exc:
                screen.notify(f"{name} was not added: {exc}", severity="error", timeout=10)
                return
            person = screen.store.participant(pid)
            self.participants[pid] = person
            group = person.stakeholder_group
            screen.notify(f"{name} added to the roster" + (f"; the stakeholder group can be set later ({screen.key_hint('capture.roster')})." if not group
                                                          else f" ({group})."), timeout=4)
            then(pid)

        def group_chosen(picked: Picked | None) -> None:
            if picked is None:
                screen.notify(f"Nobody added: {name} is not on the roster.", timeout=3)
                return
            add(None if picked.key == NO_GROUP else (picked.text if picked.key is None else picked.key))

        groups = cap.stakeholder_groups(screen.store)
        words = {vocab.fold(g): " ".join(vocab.GROUPS.get(g, ())) for g in vocab.GROUPS}  # "MPs", "ONG" find theirs
        items = [Item(g, g, f"{g} {words.get(vocab.fold(g), '')}") for g in groups] + [Item(NO_GROUP, Text("No group for now (set it later on the roster)", style="italic"), "no group")]
        screen.picking.open(
            f"Add {name} to the roster? Their stakeholder group:",
            items,
            placeholder="type a group",
            new_label="Group: {}",
            hint="enter adds them · esc adds nobody",
            on_done=group_chosen,
            speech=lambda typed: label_problem("group", typed),
            on_speech=lambda _typed: add(None),
        )

    def panelist(self, number: int) -> None:
        """alt+N: panelist N has the floor."""
        screen = self.screen
        if not self.panel:
            screen.notify(f"This session has no panel: list it in the agenda, or put people on it in the roster "
                          f"({screen.key_hint('capture.roster')}, p).",
                          timeout=5)
            return
        if not 1 <= number <= len(self.panel):
            screen.notify(f"There is no panelist {number}: the panel has {len(self.panel)}.", timeout=3)
            return
        screen.floor.give(self.panel[number - 1])

    def toggle_keep(self) -> None:
        screen = self.screen
        self.keep = not self.keep
        try:
            screen.store.set_setting("capture.keep_speaker", "1" if self.keep else "0")
        except FacilitatorError:
            pass
        self.show()
        screen.notify(
            "The speaker is kept for the next contribution." if self.keep
            else "The speaker is asked again after each save.",
            timeout=3,
        )
