"""What the store hands back: plain dataclasses, cheap to import and to build.

Everything that enters the store is validated by the pydantic ``*In`` models in ``models.py``;
what comes out of it was valid when it went in, so the read side needs no validation and no
pydantic (which keeps pydantic out of start-up). ``model_dump`` and ``model_copy`` mirror the
pydantic names so callers need not care which kind they hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any


class _Record:
    def model_dump(self, *, exclude: set[str] | None = None) -> dict[str, Any]:
        data = dataclasses.asdict(self)  # type: ignore[call-overload]  # every subclass is a dataclass
        for key in exclude or ():
            data.pop(key, None)
        return data

    def model_copy(self, *, update: dict[str, Any] | None = None):
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]  # (a dataclass, as above)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]  # (a dataclass, as above)


@dataclasses.dataclass(kw_only=True)
class Question(_Record):
    id: str
    session_id: str
    position: int
    text: str
    translations: dict[str, str] = dataclasses.field(default_factory=dict)
    allotment_min: int | None = None
    contribution_count: int = 0

    @property
    def label(self) -> str:
        return f"Q{self.position}"


def _time(value: dt.time | str | None) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(value)


@dataclasses.dataclass(kw_only=True)
class Session(_Record):
    id: str
    title: str
    series: str | None = None
    event: str | None = None
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str | None = None
    languages: list[str] = dataclasses.field(default_factory=list)
    language: str = "en"
    rapporteur: str | None = None
    agenda_path: str | None = None
    area: str | None = None
    lenses: list[str] = dataclasses.field(default_factory=list)
    purpose: str | None = None
    question_count: int = 0
    contribution_count: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.date, str):
            self.date = dt.date.fromisoformat(self.date)
        self.start = _time(self.start)
        self.end = _time(self.end)


@dataclasses.dataclass(kw_only=True)
class Participant(_Record):
    id: str
    name: str
    title: str | None = None
    organization: str | None = None
    stakeholder_group: str | None = None
    country: str | None = None
    gender: str | None = None
    youth: bool = False
    aliases: list[str] = dataclasses.field(default_factory=list)  # other spellings of the name

    def __post_init__(self) -> None:
        self.youth = bool(self.youth)
        if not isinstance(self.aliases, list):  # the column: a JSON list, or NULL
            import json

            self.aliases = json.loads(self.aliases) if self.aliases else []


@dataclasses.dataclass(kw_only=True)
class Contribution(_Record):
    id: str
    session_id: str
    question_id: str | None
    question_position: int | None
    participant_id: str | None
    speaker: str | None  # participant name, None for the floor
    stakeholder_group: str | None = None
    seq: int
    text: str
    lang: str | None = None
    started_at: str | None = None
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    turn_id: str | None = None  # the speaking turn it was said in (speaking time)
    proposed: bool = False  # flagged by the rapporteur as a proposed recommendation

    def __post_init__(self) -> None:
        self.proposed = bool(self.proposed)

    @property
    def ref(self) -> str:
        from .ids import contribution_ref

        return contribution_ref(self.question_position, self.seq)


@dataclasses.dataclass(kw_only=True)
class Revision(_Record):
    id: int
    entity: str  # "contribution" | "recommendation"
    entity_id: str
    text: str
    created_at: str
