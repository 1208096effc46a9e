"""The speaker picker: two or three letters of a name or an organization, then ``enter``.

The list starts with this session's recent speakers; ``Floor`` (an unnamed participant) is
always offered; a name that is not on the roster is offered as a new participant, whose
stakeholder group is then asked once (``escape`` leaves it for later).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from facilitator.core.capture import fold, rank_speakers
from facilitator.core.models import Participant

from .pick import Item, PickScreen

FLOOR = "\x00floor"


def speaker_line(p: Participant) -> Text:
    text = Text(p.name, style="bold")
    extra = " · ".join(x for x in (p.organization, p.stakeholder_group, p.country) if x)
    if extra:
        text.append(f"  {extra}", style="dim")
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class SpeakerPickScreen(PickScreen):
    def __init__(self, participants: Sequence[Participant], recent: Sequence[str] = (), title: str = "Speaker") -> None:
        super().__init__(
            title,
            placeholder="type a name or an organization",
            new_label="New participant: {}",
            hint="enter choose · escape cancel",
        )
        self.participants = list(participants)
        self.recent = list(recent)

    def matches(self, query: str) -> list[Item]:
        ranked = rank_speakers(self.participants, query, self.recent)
        items = [Item(p.id, speaker_line(p), p.name) for p in ranked]
        floor = Item(FLOOR, Text("Floor (unnamed participant)", style="italic"), "floor")
        q = fold(query).strip()
        if not q:
            return [*items[: len(self.recent)], floor, *items[len(self.recent):]] if self.recent else [floor, *items]
        if "floor".startswith(q) or "salle".startswith(q):
            items.append(floor)
        return items

    def extra_items(self, query: str, found: list[Item]) -> list[Item]:
        q = query.strip()
        if q and not any(fold(i.haystack) == fold(q) for i in found if i.key != FLOOR):
            return [Item("\x00new", Text(f"New participant: {q}", style="italic"))]
        return []
