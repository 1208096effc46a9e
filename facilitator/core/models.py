"""The domain, as pydantic models.

Everything that enters the store (from the CLI, the TUI or a file) is validated by one of the
``*In`` models first; the store never writes a dict that did not pass through them. Read-side
objects are plain models too, so the CLI, the TUI and the tests see the same shapes.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from . import limits

STATUSES = ("draft", "reviewed", "agreed", "dropped")
Status = Literal["draft", "reviewed", "agreed", "dropped"]

LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]

MAX_ALIASES = limits.MAX_ALIASES  # other spellings of one participant's name


def clean_text(value: str) -> str:
    """NFC-normalise, turn CR/CRLF into LF, drop control characters and bidirectional
    embeddings, overrides and isolates (they would reorder what the app writes after them),
    strip outer space (no check: :func:`.limits.long_text` also refuses a text with nothing
    visible)."""
    from .textnorm import strip_bidi_controls

    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\t\n" or not limits.is_control(ch))
    return strip_bidi_controls(value).strip()


def _one_line(max_len: int, required: bool = False):
    return AfterValidator(lambda v: limits.one_line(v, max_len=max_len, required=required))


# The kinds of text field (every check is in core/limits.py: one limit, one place).
Name = Annotated[str, Field(min_length=1), _one_line(limits.MAX_NAME, required=True)]  # a participant's name
Label = Annotated[str, _one_line(limits.MAX_LABEL)]  # a title, organization, group, country, venue...
QuestionText = Annotated[str, Field(min_length=1), _one_line(limits.MAX_QUESTION, required=True)]
LongText = Annotated[str, Field(min_length=1), AfterValidator(limits.long_text)]  # said or written at length

# How a message names a field (the callers may name it by their option or column instead).
FIELD_WORDS = {
    "name": "the name", "title": "the title", "organization": "the organization",
    "stakeholder_group": "the stakeholder group", "country": "the country", "gender": "the gender",
    "text": "the text", "lang": "the language code", "venue": "the venue", "series": "the series",
    "event": "the event", "rapporteur": "the rapporteur", "room": "the room", "addressed_to": "the addressee",
    "translations": "a translation", "allotment_min": "the time allotment", "area": "the area",
    "lenses": "the lenses", "purpose": "the purpose", "aliases": "the other spellings",
}


def problem(exc: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """The first problem of a validation error in words: ``the name: holds a line break: it
    must be one line``; ``names`` says how to name a field (``{"name": "--speaker"}``)."""
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    field = loc[0] if loc else ""
    label = (names or {}).get(field) or FIELD_WORDS.get(field) or (".".join(loc) or "the value")
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "string_too_short" and err.get("ctx", {}).get("min_length") == 1:
        message = "is empty"
    elif err["type"] == "string_too_long":
        message = f"is longer than {err['ctx']['max_length']:,} characters"
    elif err["type"] == "less_than_equal":
        message = f"is more than {err['ctx']['le']:,}"
    elif err["type"] == "greater_than_equal":
        message = f"is less than {err['ctx']['ge']:,}"
    elif err["type"] == "string_pattern_mismatch" and field == "lang":
        message = f"{str(err.get('input'))[:20]!r} is not a language code such as en, fr, ar"
    return f"{label}: {message}"


class StoreIn(BaseModel):
    """What every ``*In`` model shares (the follow-up's too): no unknown field, outer space
    stripped, no bidirectional control in any text."""

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


class QuestionIn(StoreIn):
    position: int = Field(ge=1)
    text: QuestionText
    translations: dict[LangCode, QuestionText] = Field(default_factory=dict, max_length=50)
    allotment_min: int | None = Field(default=None, ge=1, le=24 * 60)
    line: int | None = None  # where it came from in the agenda file


class SessionIn(StoreIn):
    title: Annotated[str, Field(min_length=1), _one_line(limits.MAX_LABEL, required=True)]
    series: Label | None = None
    event: Label | None = None
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: Label | None = None
    languages: list[LangCode] = Field(default_factory=list, max_length=50)
    language: LangCode = "en"
    rapporteur: Label | None = None
    room: Label | None = None  # which room of the agenda this session is
    area: Label | None = None  # the area of the series this meeting covers (a key of vocab.AREAS, or as typed)
    # the lenses recommendations are looked at through
    lenses: list[Label] = Field(default_factory=list, max_length=limits.MAX_LENSES)
    purpose: Label | None = None  # one line: what the meeting is for (the opening of the outcome document)
    questions: list[QuestionIn] = Field(min_length=1, max_length=limits.MAX_QUESTIONS)
    agenda_path: str | None = None
    # The panel listed in the agenda: put on the roster when the session is made.
    panel: list[ParticipantIn] = Field(default_factory=list, max_length=limits.MAX_PANEL)


class ParticipantIn(StoreIn):
    name: Name
    title: Label | None = None
    organization: Label | None = None
    stakeholder_group: Label | None = None
    country: Label | None = None
    gender: str | None = Field(default=None, max_length=limits.MAX_LABEL)
    youth: bool = False
    # other spellings of the name (أميناتا تراوري for Aminata Traoré): withheld like the name
    aliases: list[str] = Field(default_factory=list, max_length=MAX_ALIASES)

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, v):
        """A list, or one text with the spellings between ``|``; each one line, checked as a name
        is (:func:`.limits.one_line`), its spaces collapsed; empty ones and repeats (the name
        itself too) left out."""
        if v is None:
            return []
        if isinstance(v, str):
            v = v.split("|")
        if not isinstance(v, list) or len(v) > 4 * MAX_ALIASES:  # bounded before each is read
            return v  # the list's own check refuses it
        out: list[str] = []
        for item in v:
            try:
                text = " ".join(limits.one_line(str(item), max_len=limits.MAX_NAME).split())
            except ValueError as exc:
                raise ValueError(f"the other spelling {limits.shorten(str(item), 40)} {exc}") from None
            if text and text.casefold() not in {o.casefold() for o in out}:
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


class ContributionIn(StoreIn):
    session_id: str
    question_id: str | None = None
    participant_id: str | None = None
    text: LongText
    lang: LangCode | None = None
    started_at: dt.datetime | None = None
    turn_id: str | None = None  # the speaking turn it was said in


class RecommendationIn(StoreIn):
    session_id: str
    question_id: str | None = None
    cluster_id: str | None = None
    text: LongText
    status: Status = "draft"
    rank: int | None = Field(default=None, ge=1, le=1_000_000)
    addressed_to: Label | None = None
    lenses: list[Label] = Field(default_factory=list, max_length=limits.MAX_LENSES)

    @field_validator("lenses")
    @classmethod
    def _lenses(cls, v: list[str]) -> list[str]:
        from .vocab import lens_list

        return lens_list(v)


# --- read side: plain dataclasses (no pydantic needed to read), re-exported here ------------

from .records import Contribution, Participant, Question, Revision, Session  # noqa: E402,F401
