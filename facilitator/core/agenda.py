"""Agenda files: the Markdown a session starts from.

Size: ~575 lines: the agenda format, read (:func:`parse_agenda`, a walk over markdown-it tokens in
named steps: metadata, questions and their details, panel) and turned into a session
(:func:`create_session`, :func:`load_agenda`); each step is short, and they share the walk
(``_Walk``) and the line numbers its errors name.

The format is written down for people in ``sessions/README.md``. In short::

    # Title of the session

    - Series: The Call of the Sahel
    - Date: 2023-03-11
    - Time: 14:30–17:30
    - Venue: Grand Hall E
    - Languages: en, ar, fr

    ## Guiding questions

    1. First question?
       - time: 15 min
       - fr: Première question ?

    ## Panel

    - Hon. Ramatou Issa Garba
        - title: Chair, Defence and Security Committee
        - organization: National Assembly of Niger
        - group: Parliament

Parsed with markdown-it-py (CommonMark), so what renders as a list is what is read as a list.
Anything that is wrong is refused with an :class:`~.errors.AgendaError` naming the file and the
line; parsing never writes anything.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field as _field
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from . import limits
from .errors import AgendaError
from .models import ParticipantIn, QuestionIn, SessionIn, problem

# Accepted metadata keys (English, French, Arabic) -> field name.
META_KEYS: dict[str, str] = {
    "series": "series", "série": "series", "serie": "series", "السلسلة": "series",
    "event": "event", "événement": "event", "evenement": "event", "الحدث": "event", "الفعالية": "event",
    "date": "date", "التاريخ": "date",
    "time": "time", "heure": "time", "horaire": "time", "الوقت": "time", "التوقيت": "time",
    "start": "start", "début": "start", "debut": "start", "البداية": "start",
    "end": "end", "fin": "end", "النهاية": "end",
    "venue": "venue", "lieu": "venue", "المكان": "venue",
    "languages": "languages", "langues": "languages", "اللغات": "languages",
    "language": "language", "langue": "language", "اللغة": "language",
    "rapporteur": "rapporteur", "المقرر": "rapporteur",
    "room": "room", "salle": "room", "القاعة": "room", "الغرفة": "room",
    "area": "area", "domaine": "area", "المجال": "area",
    "lenses": "lenses", "lens": "lenses", "optiques": "lenses", "optique": "lenses", "angles": "lenses",
    "المنظورات": "lenses", "المنظور": "lenses",
    "purpose": "purpose", "objet": "purpose", "objectif": "purpose", "الهدف": "purpose", "الغرض": "purpose",
}

QUESTION_HEADINGS = {
    "guiding questions", "questions", "questions directrices", "questions d'orientation",
    "الأسئلة التوجيهية", "الأسئلة", "أسئلة توجيهية",
}

PANEL_HEADINGS = {
    "panel", "panelists", "panellists", "speakers", "the panel",
    "panélistes", "panelistes", "intervenants", "intervenantes", "intervenants et intervenantes",
    "المتحدثون", "المتحدثين", "أعضاء الفريق", "أعضاء اللجنة",
}

# Keys under a panelist (English, French, Arabic) -> ParticipantIn field.
PANEL_KEYS: dict[str, str] = {
    "title": "title", "titre": "title", "fonction": "title", "الصفة": "title", "المنصب": "title",
    "organization": "organization", "organisation": "organization", "institution": "organization",
    "org": "organization", "المنظمة": "organization", "الجهة": "organization", "المؤسسة": "organization",
    "group": "stakeholder_group", "stakeholder group": "stakeholder_group", "groupe": "stakeholder_group",
    "الفئة": "stakeholder_group", "المجموعة": "stakeholder_group",
    "country": "country", "pays": "country", "البلد": "country", "الدولة": "country",
}
_PANEL_KEYS_HELP = "title, organization, group, country"

MAX_ALLOTMENT = 24 * 60  # minutes (QuestionIn's limit)

ALLOTMENT_KEYS = {"time", "allotment", "duration", "durée", "duree", "temps", "الوقت", "المدة"}

_LANG = re.compile(r"^[a-z]{2,3}$")
_TIME = re.compile(r"^(\d{1,2})[:h.](\d{2})$")
_RANGE = re.compile(r"^\s*(\S+)\s*(?:–|—|-|to|à|a|إلى|الى)\s*(\S+)\s*$")
_DURATION = re.compile(
    r"^\s*(?:(\d+)\s*(?:h|hr|hrs|hours?|heures?|ساعة|ساعات)\s*)?(?:(\d+)\s*(?:m|min|mins|minutes?|دقيقة|دقائق)?)?\s*$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def normalise_question(text: str) -> str:
    """Question text for comparing: case, punctuation and white space ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "S")))
    return " ".join(text.split())


def _parse_time(value: str, path: str, line: int) -> dt.time:
    m = _TIME.match(value.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise AgendaError(f"bad time {limits.shorten(value.strip())}: expected HH:MM, e.g. 14:30", path, line)
    return dt.time(int(m.group(1)), int(m.group(2)))


def _parse_duration(value: str, path: str, line: int) -> int:
    m = _DURATION.match(value)
    if not m or not (m.group(1) or m.group(2)):
        raise AgendaError(f"bad time allotment {limits.shorten(value.strip())}: expected e.g. '15 min' or '1 h 30'",
                          path, line)
    try:
        minutes = limits.number(m.group(1) or "0") * 60 + limits.number(m.group(2) or "0")
    except ValueError:
        minutes = MAX_ALLOTMENT + 1  # thousands of digits: more than a day all the same
    if minutes <= 0:
        raise AgendaError("a time allotment must be more than zero minutes", path, line)
    if minutes > MAX_ALLOTMENT:
        raise AgendaError(f"a time allotment of more than 24 hours ({limits.shorten(value.strip(), 30)}): "
                          "give the minutes this question has, e.g. '15 min' or '1 h 30'", path, line)
    return minutes


def _split_kv(text: str) -> tuple[str, str] | None:
    # "Key: value" (also the full-width and Arabic-friendly colon forms).
    m = re.match(r"^\s*([^:：]{1,40}?)\s*[:：]\s*(.*)$", text, re.S)
    if not m:
        return None
    return m.group(1), m.group(2).strip()


def read_agenda_text(path: str | Path) -> str:
    """The file's text, refusing empty, binary, non-UTF-8 and oversized files with the line of
    the problem."""
    from .textfile import read_text

    return read_text(path, error=AgendaError, what="a Markdown agenda", max_bytes=limits.MAX_AGENDA_BYTES)


def parse_agenda(text: str, path: str | Path = "<agenda>") -> SessionIn:
    """Parse agenda Markdown into a validated :class:`SessionIn`; raise :class:`AgendaError`.

    In four steps: the file's blocks are walked (:class:`_Walk`: the title, the metadata list
    under it, the guiding questions, the panel), the whole is checked (:func:`_check_whole`: a
    title, questions, a date), the metadata's values are read by the table of field readers
    (:func:`_session_fields`), and the session is validated, a problem named at its line."""
    from markdown_it import MarkdownIt

    path = str(path)
    if not text.strip():
        raise AgendaError("the file is empty", path, 1)
    start = text.lstrip("\ufeff \t\r\n")[:200]
    if start.startswith(("<!-- facilitator:export", "<!-- facilitator:monitoring")):
        what = "a monitoring report" if "monitoring" in start.split("\n", 1)[0] else "an exported summary"
        raise AgendaError(f"this is {what}, not an agenda: load it with `facilitator import {Path(path).name}` "
                          "(an agenda is a title, its details and the guiding questions)", path, 1)
    found = _Walk(path)
    found.walk(MarkdownIt("commonmark").parse(text))
    _check_whole(found, text)
    return _validated(_session_fields(found), found)


# One item of a list: (its line, its first paragraph, [(line, text) of each sub-item]).
_Item = tuple[int, str, list[tuple[int, str]]]
_Meta = dict[str, tuple[str, int]]  # metadata field -> (value as written, its line)


@dataclass
class _Walk:
    """What the file holds, block by block: its title, its metadata list, its guiding questions
    and its panel, each refused at its line when malformed."""

    path: str
    title: str | None = None
    title_line: int = 1
    meta: _Meta = _field(default_factory=dict)
    questions: list[QuestionIn] = _field(default_factory=list)
    panel: list[ParticipantIn] | None = None
    questions_heading_line: int | None = None
    panel_heading_line: int | None = None
    section: str = "preamble"  # preamble (after the title) | questions | panel | other

    def walk(self, tokens) -> None:
        """Hand every heading and every top-level list to :meth:`on_heading` and :meth:`on_list`."""
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            line = (tok.map[0] + 1) if tok.map else 1
            if tok.type == "heading_open":
                self.on_heading(tok.tag, tokens[i + 1].content.strip(), line)
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open") and tok.level == 0:
                end = _matching_close(tokens, i)
                self.on_list(_list_items(tokens, i, end), line)
                i = end + 1
            else:
                i += 1

    def on_heading(self, tag: str, content: str, line: int) -> None:
        """A heading starts a section: the title (h1), the guiding questions, the panel, or any other."""
        if tag == "h1":
            if self.title is not None:
                raise AgendaError("a second title (# heading); an agenda has one title", self.path, line)
            self.title, self.title_line = content, line
            self.section = "preamble"
        elif _key(content) in QUESTION_HEADINGS:
            if self.questions_heading_line is not None:
                raise AgendaError(
                    f"a second guiding-questions heading (the first is on line {self.questions_heading_line})",
                    self.path, line)
            self.questions_heading_line = line
            self.section = "questions"
        elif _key(content) in PANEL_HEADINGS:
            if self.panel_heading_line is not None:
                raise AgendaError(f"a second panel heading (the first is on line {self.panel_heading_line})",
                                  self.path, line)
            self.panel_heading_line = line
            self.section = "panel"
        else:
            self.section = "other"

    def on_list(self, items: list[_Item], line: int) -> None:
        """A top-level list is read by its section: metadata under the title, the questions, the
        panel; a list anywhere else (before the title, under another heading) is not read."""
        if self.section == "preamble" and self.title is not None:
            _read_metadata(items, self.meta, self.path)
        elif self.section == "questions":
            if self.questions:
                raise AgendaError(
                    "a second list under the guiding questions: put all questions in one list "
                    "(is a sub-item indented less than the text of its question?)", self.path, line)
            self.questions = _questions(items, self.path)
        elif self.section == "panel":
            if self.panel is not None:
                raise AgendaError(
                    "a second list under the panel: put all panelists in one list "
                    "(is a sub-item indented less than the panelist's name?)", self.path, line)
            self.panel = _panel(items, self.path)


def _read_metadata(items: list[_Item], meta: _Meta, path: str) -> None:
    """Add the ``Key: value`` items of a metadata list to ``meta``, each key known and given once."""
    for item_line, first, _sub in items:
        kv = _split_kv(first)
        if kv is None:
            raise AgendaError(f"expected 'Key: value' in the metadata list, found {limits.shorten(first)}", path, item_line)
        key, value = kv
        field = META_KEYS.get(_key(key))
        if field is None:
            known = ("Series, Area, Lenses, Purpose, Event, Date, Time, Start, End, Venue, Room, Languages, "
                     "Language, Rapporteur")
            raise AgendaError(f"unknown key {limits.shorten(key)} (known keys: {known})", path, item_line)
        if field in meta:
            raise AgendaError(f"{limits.shorten(key)} is given twice (first on line {meta[field][1]})", path, item_line)
        meta[field] = (value, item_line)


def _questions(items: list[_Item], path: str) -> list[QuestionIn]:
    """The guiding questions of their list, numbered from 1: none empty, none twice."""
    if len(items) > limits.MAX_QUESTIONS:
        raise AgendaError(f"{len(items):,} guiding questions: at most {limits.MAX_QUESTIONS:,}",
                          path, items[limits.MAX_QUESTIONS][0])
    questions: list[QuestionIn] = []
    seen: dict[str, int] = {}  # normalised text -> its line
    for pos, (item_line, first, sub) in enumerate(items, start=1):
        qtext = " ".join(first.split())
        if not qtext:
            raise AgendaError("an empty question", path, item_line)
        norm = normalise_question(qtext)
        if norm in seen:
            raise AgendaError(f"duplicate question (same as line {seen[norm]})", path, item_line)
        seen[norm] = item_line
        allotment, translations = _question_details(sub, path)
        try:
            questions.append(QuestionIn(position=pos, text=qtext, translations=translations,
                                        allotment_min=allotment, line=item_line))
        except ValidationError as exc:
            raise AgendaError(f"question {pos}: {problem(exc)}", path, item_line) from None
    return questions


def _question_details(sub: list[tuple[int, str]], path: str) -> tuple[int | None, dict[str, str]]:
    """A question's sub-items: its time allotment (``time: 15 min``) and its translations (``fr: ...``)."""
    allotment = None
    translations: dict[str, str] = {}
    for sub_line, sub_text in sub:
        kv = _split_kv(sub_text)
        if kv is None:
            raise AgendaError(
                f"expected 'time: 15 min' or 'fr: translation' under a question, found {limits.shorten(sub_text)}",
                path, sub_line)
        key, value = _key(kv[0]), kv[1]
        if key in ALLOTMENT_KEYS:
            allotment = _parse_duration(value, path, sub_line)
        elif _LANG.match(key):
            if not value:
                raise AgendaError(f"empty translation for {limits.shorten(key)}", path, sub_line)
            if key in translations:
                raise AgendaError(f"two translations for {limits.shorten(key)}", path, sub_line)
            translations[key] = " ".join(value.split())
        else:
            raise AgendaError(
                f"unknown key {limits.shorten(kv[0])} under a question (use 'time' or a language code like 'fr')",
                path, sub_line)
    return allotment, translations


def _check_whole(found: _Walk, text: str) -> None:
    """What the whole file must have: a list under a panel heading, a title, questions, a date."""
    path = found.path
    if found.panel_heading_line is not None and found.panel is None:
        raise AgendaError("the panel heading has no list under it: one item per panelist", path, found.panel_heading_line)
    if found.title is None:
        raise AgendaError("no title: the agenda must start with a '# Title' heading", path, 1)
    if not found.title:
        raise AgendaError("the title is empty", path, found.title_line)
    if found.questions_heading_line is None:
        raise AgendaError("no questions: add a '## Guiding questions' heading followed by a list", path, len(text.splitlines()))
    if not found.questions:
        raise AgendaError("no questions: the guiding-questions heading has no list under it", path, found.questions_heading_line)
    if "date" not in found.meta:
        raise AgendaError("no date: add '- Date: YYYY-MM-DD' under the title", path, found.title_line)


def _session_fields(found: _Walk) -> dict[str, Any]:
    """SessionIn's fields: the title and questions found, the date, the times, then each other
    metadata value through its reader in :data:`_FIELD_READERS`."""
    meta, path = found.meta, found.path
    fields: dict[str, Any] = {"title": found.title, "questions": found.questions}
    fields["date"] = _read_date(*meta["date"], path)
    fields.update(_read_times(meta, path, found.title_line))
    for name, read in _FIELD_READERS.items():
        if name in meta:
            fields.update(read(name, *meta[name], path))
    if "language" not in meta and fields.get("languages"):
        fields["language"] = fields["languages"][0]
    fields["agenda_path"] = path
    fields["panel"] = found.panel or []
    return fields


def _read_date(value: str, line: int, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise AgendaError(f"bad date {limits.shorten(value)}: expected YYYY-MM-DD, e.g. 2023-03-11", path, line) from None


def _read_times(meta: _Meta, path: str, title_line: int) -> dict[str, dt.time]:
    """Start and end, from ``Time: 14:30–17:30`` or from ``Start:`` and ``End:`` (not both ways);
    the end after the start."""
    times: dict[str, dt.time] = {}
    if "time" in meta:
        if "start" in meta or "end" in meta:
            raise AgendaError("give either Time or Start/End, not both", path, meta["time"][1])
        value, line = meta["time"]
        m = _RANGE.match(value)
        if not m:
            raise AgendaError(f"bad time range {limits.shorten(value)}: expected e.g. 14:30–17:30", path, line)
        times["start"] = _parse_time(m.group(1), path, line)
        times["end"] = _parse_time(m.group(2), path, line)
    for key in ("start", "end"):
        if key in meta:
            times[key] = _parse_time(meta[key][0], path, meta[key][1])
    if times.get("start") and times.get("end") and times["end"] <= times["start"]:
        line = meta.get("time", meta.get("end", ("", title_line)))[1]
        raise AgendaError("the session ends before it starts", path, line)
    return times


def _read_text(name: str, value: str, line: int, path: str) -> dict[str, Any]:
    """A one-line field as written (checked by SessionIn); left out when empty."""
    return {name: value} if value else {}


def _read_lenses(name: str, value: str, line: int, path: str) -> dict[str, Any]:
    from .vocab import lens_list

    lenses = lens_list([value])
    if not lenses:
        raise AgendaError("no lens given: e.g. 'Lenses: human, state, regional'", path, line)
    return {"lenses": lenses}


def _read_languages(name: str, value: str, line: int, path: str) -> dict[str, Any]:
    langs = [p.strip().lower() for p in re.split(r"[,\s،]+", value) if p.strip()]
    bad = [p for p in langs if not _LANG.match(p)]
    if bad or not langs:
        raise AgendaError(f"bad language code {bad[0] if bad else value!r}: use codes like en, fr, ar", path, line)
    return {"languages": langs}


def _read_language(name: str, value: str, line: int, path: str) -> dict[str, Any]:
    if not _LANG.match(value.strip().lower()):
        raise AgendaError(f"bad language code {limits.shorten(value)}: use a code like en, fr, ar", path, line)
    return {"language": value.strip().lower()}


# The readers of the metadata fields after the date and times, in the order they are read (the
# first problem found is the one reported): (field, value, its line, path) -> SessionIn fields.
_FIELD_READERS: dict[str, Callable[[str, str, int, str], dict[str, Any]]] = {
    "series": _read_text, "event": _read_text, "venue": _read_text, "rapporteur": _read_text,
    "room": _read_text, "area": _read_text, "purpose": _read_text,
    "lenses": _read_lenses, "languages": _read_languages, "language": _read_language,
}


def _validated(fields: dict[str, Any], found: _Walk) -> SessionIn:
    """The session, or its first problem at the line of the field (or question) it is in."""
    try:
        return SessionIn(**fields)
    except ValidationError as exc:
        loc = exc.errors()[0]["loc"]
        field = str(loc[0]) if loc else ""
        line = found.meta[field][1] if field in found.meta else found.title_line
        questions = found.questions
        if field == "questions" and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(questions):
            line = questions[loc[1]].line or line
        raise AgendaError(problem(exc), found.path, line) from None


def _panel(items, path: str) -> list[ParticipantIn]:
    """The panelists of the panel list: a name per item, ``key: value`` sub-items."""
    panel: list[ParticipantIn] = []
    seen: dict[str, int] = {}
    if len(items) > limits.MAX_PANEL:
        raise AgendaError(f"{len(items):,} panelists: at most {limits.MAX_PANEL:,}", path, items[limits.MAX_PANEL][0])
    for item_line, first, sub in items:
        name = " ".join(first.split())
        if not name:
            raise AgendaError("a panelist without a name (the item's first line is the name)", path, item_line)
        if (kv := _split_kv(name)) is not None and _key(kv[0]) in PANEL_KEYS:
            raise AgendaError(
                f"expected a name, found {limits.shorten(name)}: put title, organization and group as sub-items, "
                "indented under the name",
                path,
                item_line,
            )
        key = name.casefold()
        if key in seen:
            raise AgendaError(f"{limits.shorten(name)} is already on the panel (line {seen[key]})", path, item_line)
        seen[key] = item_line
        fields: dict[str, Any] = {}  # ParticipantIn's fields, validated there
        given: dict[str, int] = {}
        for sub_line, sub_text in sub:
            kv = _split_kv(sub_text)
            if kv is None:
                raise AgendaError(
                    f"expected 'Key: value' under a panelist ({_PANEL_KEYS_HELP}), found {limits.shorten(sub_text)}",
                    path,
                    sub_line,
                )
            attr = PANEL_KEYS.get(_key(kv[0]))
            if attr is None:
                raise AgendaError(f"unknown key {limits.shorten(kv[0])} under a panelist (known keys: {_PANEL_KEYS_HELP})", path, sub_line)
            if attr in given:
                raise AgendaError(f"{limits.shorten(kv[0])} is given twice for {limits.shorten(name)} (first on line {given[attr]})", path, sub_line)
            value = " ".join(kv[1].split())
            if not value:
                raise AgendaError(f"empty {limits.shorten(kv[0])} for {limits.shorten(name)}: give a value or leave the line out", path, sub_line)
            given[attr] = sub_line
            fields[attr] = value
        try:
            panel.append(ParticipantIn(name=name, **fields))
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            if field == "name":
                raise AgendaError(problem(exc, {"name": "panelist name"}), path, item_line) from None
            raise AgendaError(f"panelist {limits.shorten(name, 40)}: {problem(exc)}", path,
                              given.get(field, item_line)) from None
    return panel


@dataclass
class NewSession:
    """What :func:`create_session` made: the session and what happened to the panel."""

    id: str
    added: list[str] = _field(default_factory=list)  # panelists put on the roster
    known: list[str] = _field(default_factory=list)  # panelists already on it (left as they were)


def create_session(store, session: SessionIn, agenda_text: str | None = None, *, room: str | None = None,
                   rapporteur: str | None = None) -> NewSession:
    """Make a session from a parsed agenda and put its panel on the roster, in one transaction.

    ``room`` and ``rapporteur`` (``facilitator new --room --rapporteur``) win over the agenda's
    own lines. A panelist whose name is already on the roster (ignoring case) is left as they
    are, never added twice. The panel is recorded in its order (:func:`.people.panel`). Used by ``facilitator new`` and by the home screen's ``n``."""
    overrides = {k: " ".join(v.split()) for k, v in (("room", room), ("rapporteur", rapporteur)) if v and v.strip()}
    if overrides:
        session = session.model_copy(update=overrides)
    from .people import set_panel

    with store.write():
        made = NewSession(store.create_session(session, agenda_text=agenda_text))
        ids = []
        for person in session.panel:
            found = store.find_participants(person.name)
            if found:
                made.known.append(person.name)
                ids.append(found[0])
            else:
                ids.append(store.add_participant(person))
                made.added.append(person.name)
        if ids:
            set_panel(store, made.id, ids)  # panelist N is one key in the capture screen (alt+N)
    return made


def panel_summary(made: NewSession) -> str:
    """``9 panelists on the roster (7 added, 2 already there)``, or '' without a panel."""
    n = len(made.added) + len(made.known)
    if not n:
        return ""
    word = "panelist" if n == 1 else "panelists"
    if not made.known:
        return f"{n} {word} added to the roster"
    if not made.added:
        return f"{n} {word} already on the roster"
    return f"{n} {word} on the roster ({len(made.added)} added, {len(made.known)} already there)"


def load_agenda(path: str | Path) -> tuple[SessionIn, str]:
    """Read and parse an agenda file; returns the session and the file's text."""
    text = read_agenda_text(path)
    return parse_agenda(text, path), text


def _matching_close(tokens, start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _list_items(tokens, start: int, end: int) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Items of the list ``tokens[start:end+1]``: (line, first paragraph, [(line, sub-item text)])."""
    items = []
    base = tokens[start].level
    j = start + 1
    while j < end:
        tok = tokens[j]
        if tok.type == "list_item_open" and tok.level == base + 1:
            close = _matching_close(tokens, j)
            line = tok.map[0] + 1 if tok.map else 0
            paragraphs: list[str] = []
            sub: list[tuple[int, str]] = []
            k = j + 1
            while k < close:
                t = tokens[k]
                if t.type == "inline" and t.level == base + 3:
                    paragraphs.append(t.content)
                elif t.type == "inline" and t.level == base + 5:
                    # a paragraph of a nested list item
                    sub.append(((t.map[0] + 1) if t.map else line, t.content))
                k += 1
            items.append((line, "\n".join(paragraphs), sub))
            j = close + 1
        else:
            j += 1
    return items
