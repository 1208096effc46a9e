"""Activities, their updates and statuses: what enters (checked) and what comes out.

Everything written to the follow-up tables passes through one of the ``*In`` models first (from
the CLI, the app, a partner's CSV file or a monitoring report read back), and they check with the
boundary every other input has (``core/limits.py``): a one-line field (a title, a lead or
partner, an author, a source, an area, a lens, a status's name or label) with a line break, a
control character or nothing visible is refused; an update's text keeps its lines and tabs and
drops other control characters. What the store hands back is plain dataclasses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .. import limits
from ..models import LangCode, StoreIn, clean_text

Kind = Literal["parliament", "organization", "person"]
StatusKind = Literal["open", "attention", "closed"]
MAX_TITLE = limits.MAX_LABEL
MAX_UPDATE = limits.MAX_UPDATE
MAX_SOURCE = limits.MAX_SOURCE
MAX_NAME = limits.MAX_NAME


def one_line(value: str | None) -> str | None:
    """Text on one line: control characters dropped, runs of white space as one space (for
    showing text of any origin; what enters is checked by :func:`checked_line`)."""
    if value is None:
        return None
    return " ".join(clean_text(value).split()) or None


def checked_line(value: str | None, max_len: int) -> str | None:
    """A one-line field as it enters: refused (``ValueError``) with a line break, a control
    character, nothing visible, or more than ``max_len`` characters (:func:`.limits.one_line`);
    runs of spaces as one; ``None`` when empty."""
    if value is None:
        return None
    return " ".join(limits.one_line(value, max_len=max_len).split()) or None


class ActorIn(StoreIn):
    name: str = Field(max_length=MAX_NAME)
    kind: Kind = "organization"

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        v = checked_line(v, MAX_NAME) or ""
        if not v:
            raise ValueError("a name is empty")
        if ";" in v:
            raise ValueError("a name cannot hold ';' (it separates partners)")
        return v


class ConsolidatedIn(StoreIn):
    """The consolidated recommendation of a series report an activity carries out: the set's id,
    the text staff kept for it, its members (recommendations of several sessions)."""

    id: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=100_000)
    members: list[str] = Field(min_length=2, max_length=200)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not clean_text(v):
            raise ValueError("a consolidated recommendation has a text")
        return limits.long_text(v)


class ActivityIn(StoreIn):
    """A new activity, or every field of one after a change."""

    recommendation_id: str | None = None
    consolidated: ConsolidatedIn | None = None  # a series report's; recommendation_id is one of its members
    title: str = Field(max_length=MAX_TITLE)
    lead: ActorIn | None = None
    partners: list[ActorIn] = Field(default_factory=list, max_length=50)
    start: dt.date | None = None
    due: dt.date | None = None
    status: str = "planned"
    progress: int | None = Field(default=None, ge=0, le=100)
    area: str | None = Field(default=None, max_length=limits.MAX_TERM)
    lens: str | None = Field(default=None, max_length=limits.MAX_TERM)
    lang: LangCode | None = None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        v = checked_line(v, MAX_TITLE) or ""
        if not v:
            raise ValueError("an activity needs a title (what is to be done)")
        return v

    @field_validator("area", "lens", mode="before")
    @classmethod
    def _word(cls, v: object) -> object:
        return checked_line(v, limits.MAX_TERM) if isinstance(v, str) else v

    @field_validator("partners")
    @classmethod
    def _partners(cls, v: list[ActorIn]) -> list[ActorIn]:
        seen: set[str] = set()
        out = []
        for a in v:
            key = a.name.casefold()
            if key not in seen:
                seen.add(key)
                out.append(a)
        return out

    @model_validator(mode="after")
    def _dates(self) -> "ActivityIn":
        if self.start and self.due and self.due < self.start:
            raise ValueError(f"the due date {self.due} is before the start {self.start}")
        return self


class UpdateIn(StoreIn):
    """One dated update of an activity's timeline: who said what, when, where it can be checked,
    and the status and progress it reports (if it changes them)."""

    activity_id: str
    date: dt.date
    author: str | None = Field(default=None, max_length=MAX_NAME)
    author_kind: Kind | None = None  # None: guessed (a person unless it is known as a parliament or organization)
    text: str = Field(default="", max_length=MAX_UPDATE)
    source: str | None = Field(default=None, max_length=MAX_SOURCE)
    status: str | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    lang: LangCode | None = None

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        """Empty (an update may give only a status or a progress), or a text as
        :func:`.limits.long_text` keeps it (nothing visible is refused)."""
        return limits.long_text(v, max_len=MAX_UPDATE) if clean_text(v) else ""

    @field_validator("author", mode="before")
    @classmethod
    def _author(cls, v: object) -> object:
        return checked_line(v, MAX_NAME) if isinstance(v, str) else v

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, v: object) -> object:
        return checked_line(v, MAX_SOURCE) if isinstance(v, str) else v

    @model_validator(mode="after")
    def _something(self) -> "UpdateIn":
        if not self.text and self.status is None and self.progress is None:
            raise ValueError("an update says something: a text, a status or a progress")
        return self


class StatusIn(StoreIn):
    """A status added to the list (``awaiting funds``), with its words in other languages."""

    key: str = Field(min_length=1, max_length=40)
    labels: dict[LangCode, str] = Field(default_factory=dict)
    kind: StatusKind = "open"
    progress: int | None = Field(default=None, ge=0, le=100)

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        v = (checked_line(v, 40) or "").casefold()
        if not v:
            raise ValueError("a status needs a name")
        if any(ch in v for ch in ";:·*_`[]<>|#\\%"):
            raise ValueError("a status's name is words only (no ; : · * _ ` [ ] < > | # \\ %)")
        return v

    @field_validator("labels")
    @classmethod
    def _labels(cls, v: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for lang, text in v.items():
            try:
                label = checked_line(text, limits.MAX_TERM)
            except ValueError as exc:
                raise ValueError(f"the {lang} label {exc}") from None
            if label:
                out[lang] = label
        return out


# --- what comes out -----------------------------------------------------------------------


@dataclasses.dataclass(kw_only=True)
class Status:
    key: str
    labels: dict[str, str]
    kind: str  # open | attention | closed
    progress: int | None
    position: int

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.key


@dataclasses.dataclass(kw_only=True)
class Update:
    id: str
    activity_id: str
    date: str  # ISO date
    author: str | None
    author_kind: str | None
    text: str
    source: str | None
    status: str | None
    progress: int | None
    lang: str | None
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    origin: str | None = None


@dataclasses.dataclass(kw_only=True)
class Activity:
    """An activity as the screen, the CLI and the report show it: its own fields, what its
    timeline says now (``status``, ``progress``), and the recommendation it carries out."""

    id: str
    seq: int
    title: str
    recommendation_id: str | None
    session_id: str | None
    lead: str | None
    lead_kind: str | None
    partners: list[tuple[str, str]]
    start: str | None
    due: str | None
    base_status: str  # as created
    base_progress: int | None
    status: str  # now: the latest update that gave one, else as created
    progress: int | None  # now: the latest update that gave one, else the status's, else as created
    status_kind: str  # open | attention | closed
    area: str | None  # its own, else the recommendation's session's
    lens: str | None  # its own, else the recommendation's first
    own_area: str | None
    own_lens: str | None
    lang: str | None
    created_at: str
    updated_at: str  # its own fields' last change (an update added leaves it)
    deleted_at: str | None
    last_update: str | None  # date of the latest update
    update_count: int
    rec_seq: int | None
    rec_text: str | None
    rec_status: str | None
    session_title: str | None
    session_date: str | None
    set_id: str | None = None  # carries out a consolidated recommendation of a series report
    set_text: str | None = None
    set_members: list[str] = dataclasses.field(default_factory=list)

    @property
    def ref(self) -> str:
        return activity_ref(self.seq)

    @property
    def rec_ref(self) -> str | None:
        from ..ids import recommendation_ref

        return recommendation_ref(self.rec_seq) if self.rec_seq is not None else None

    def overdue_days(self, today: dt.date) -> int:
        """Days past the due date while not closed (0: not overdue)."""
        if not self.due or self.status_kind == "closed":
            return 0
        return max(0, (today - dt.date.fromisoformat(self.due)).days)

    def attention(self, today: dt.date) -> int:
        """0 overdue, 1 stalled (or another status that needs attention), 2 the rest, 3 closed:
        the order of the screen and the report."""
        if self.overdue_days(today):
            return 0
        if self.status_kind == "attention":
            return 1
        return 3 if self.status_kind == "closed" else 2


@dataclasses.dataclass(kw_only=True)
class Revision:
    id: int
    entity: str
    entity_id: str
    state: dict
    created_at: str


def activity_ref(seq: int) -> str:
    return f"A-{seq:03d}"


__all__ = ["Activity", "ActivityIn", "ActorIn", "ConsolidatedIn", "Revision", "Status", "StatusIn", "Update", "UpdateIn",
           "activity_ref", "checked_line", "one_line"]
