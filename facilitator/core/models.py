"""The domain, as pydantic models.

Everything that enters the store (from the CLI, the TUI or a file) is validated by one of the
``*In`` models first; the store never writes a dict that did not pass through them. Read-side
objects are plain models too, so the CLI, the TUI and the tests see the same shapes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

STATUSES = ("draft", "reviewed", "agreed", "dropped")
Status = Literal["draft", "reviewed", "agreed", "dropped"]

LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]

MAX_ALIASES = 20  # other spellings of one participant's name

# Control characters other than tab and newline have no place in what people typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """NFC-normalise, turn CR/CRLF into LF, drop control characters and bidirectional
    embeddings, overrides and isolates (they would reorder what the app writes after them),
    strip outer space."""
    from .textnorm import strip_bidi_controls

    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return strip_bidi_controls(_CONTROL.sub("", value)).strip()


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_bidi_controls(cls, data):
        """No bidirectional embedding, override or isolate in any text that enters the store:
        they would reorder what the app writes after them (see core/textnorm.py)."""
        from .textnorm import strip_bidi_controls

        def clean(value):
            if isinstance(value, str):
                return strip_bidi_controls(value)
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return value

        return {k: clean(v) for k, v in data.items()} if isinstance(data, dict) else data


class QuestionIn(_In):
    position: int = Field(ge=1)
    text: str = Field(min_length=1)
    translations: dict[LangCode, str] = Field(default_factory=dict)
    allotment_min: int | None = Field(default=None, ge=1, le=24 * 60)
    line: int | None = None  # where it came from in the agenda file

    _clean = field_validator("text")(lambda cls, v: clean_text(v))


class SessionIn(_In):
    title: str = Field(min_length=1)
    series: str | None = None
    event: str | None = None
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str | None = None
    languages: list[LangCode] = Field(default_factory=list)
    language: LangCode = "en"
    rapporteur: str | None = None
    room: str | None = None  # which room of the agenda this session is
    area: str | None = None  # the area of the series this meeting covers (a key of vocab.AREAS, or as typed)
    lenses: list[str] = Field(default_factory=list)  # the lenses recommendations are looked at through
    purpose: str | None = None  # one line: what the meeting is for (the opening of the outcome document)
    questions: list[QuestionIn] = Field(min_length=1)
    agenda_path: str | None = None
    # The panel listed in the agenda: put on the roster when the session is made.
    panel: list[ParticipantIn] = Field(default_factory=list)


class ParticipantIn(_In):
    name: str = Field(min_length=1, max_length=200)
    title: str | None = None
    organization: str | None = None
    stakeholder_group: str | None = None
    country: str | None = None
    gender: str | None = None
    youth: bool = False
    # other spellings of the name (أميناتا تراوري for Aminata Traoré): withheld like the name
    aliases: list[str] = Field(default_factory=list, max_length=MAX_ALIASES)

    _clean = field_validator("name")(lambda cls, v: clean_text(v))

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, v):
        """A list, or one text with the spellings between ``|``; each cleaned, on one line, at
        most 200 characters; empty ones and repeats (the name itself too) left out."""
        if v is None:
            return []
        if isinstance(v, str):
            v = v.split("|")
        out: list[str] = []
        for item in v:
            text = " ".join(clean_text(str(item)).split())
            if not text:
                continue
            if len(text) > 200:
                raise ValueError(f"the other spelling {text[:40]!r}… is over 200 characters")
            if text.casefold() not in {o.casefold() for o in out}:
                out.append(text)
        return out

    @model_validator(mode="after")
    def _not_the_name(self):
        self.aliases = [a for a in self.aliases if a.casefold() != self.name.casefold()]
        return self

    @field_validator("gender")
    @classmethod
    def _gender(cls, v: str | None) -> str | None:
        """One word per gender (``F``, ``female``, ``femme`` are ``woman``); anything else is refused."""
        from .vocab import UnknownValue, gender

        try:
            return gender(v)
        except UnknownValue as exc:
            raise ValueError(str(exc)) from None


class ContributionIn(_In):
    session_id: str
    question_id: str | None = None
    participant_id: str | None = None
    text: str = Field(min_length=1, max_length=100_000)
    lang: LangCode | None = None
    started_at: dt.datetime | None = None
    turn_id: str | None = None  # the speaking turn it was said in

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        v = clean_text(v)
        if not v:
            raise ValueError("text is empty")
        return v


class RecommendationIn(_In):
    session_id: str
    question_id: str | None = None
    cluster_id: str | None = None
    text: str = Field(min_length=1, max_length=100_000)
    status: Status = "draft"
    rank: int | None = Field(default=None, ge=1)
    addressed_to: str | None = None
    lenses: list[str] = Field(default_factory=list)

    _clean = field_validator("text")(lambda cls, v: clean_text(v))

    @field_validator("lenses")
    @classmethod
    def _lenses(cls, v: list[str]) -> list[str]:
        from .vocab import lens_list

        return lens_list(v)


# --- read side: plain dataclasses (no pydantic needed to read), re-exported here ------------

from .records import Contribution, Participant, Question, Revision, Session  # noqa: E402,F401
