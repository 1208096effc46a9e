"""Agenda files: the shipped ones, every malformed case, and a property test of the parser."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.agenda import load_agenda, normalise_question, parse_agenda
from facilitator.core.errors import AgendaError

from .conftest import ROOT, SAHEL_AR, SAHEL_EN

SEED = ROOT.parent / "shared" / "seeds" / "004_f2bff857481eb56a.txt"


def _seed_questions(lang: str) -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    arabic = re.compile(r"[\u0600-\u06ff]")
    items = [line[2:].strip() for line in lines if line.startswith("- ") and line.rstrip().endswith(("?", "؟"))]
    return [q for q in items if bool(arabic.search(q)) == (lang == "ar")]


@pytest.mark.parametrize("path", [SAHEL_EN, SAHEL_AR], ids=["en", "ar"])
def test_shipped_agendas_have_the_14_questions(path):
    session, _ = load_agenda(path)
    assert len(session.questions) == 14
    assert session.date.isoformat() == "2023-03-11"
    assert (session.start.strftime("%H:%M"), session.end.strftime("%H:%M")) == ("14:30", "17:30")
    assert "Grand Hall E" in session.venue or "القاعة الكبرى E" in session.venue
    assert [q.position for q in session.questions] == list(range(1, 15))


@pytest.mark.skipif(not SEED.exists(), reason="the seed concept note is not beside the project")
def test_shipped_questions_are_word_for_word_the_concept_note():
    en, _ = load_agenda(SAHEL_EN)
    ar, _ = load_agenda(SAHEL_AR)
    assert [q.text for q in en.questions] == _seed_questions("en")
    assert [q.text for q in ar.questions] == _seed_questions("ar")
    assert [q.translations["ar"] for q in en.questions] == _seed_questions("ar")


def test_arabic_agenda_is_in_arabic():
    session, _ = load_agenda(SAHEL_AR)
    assert session.language == "ar"
    assert session.questions[0].text.startswith("ما هو دور البرلمانات")
    assert session.questions[0].translations["en"].startswith("What is the role of parliaments")


GOOD = """# A panel

- Date: 2024-05-02
- Time: 09:00-10:30
- Venue: Room 1

## Guiding questions

1. First question?
    - time: 20 min
    - fr: Première question ?
2. Second question?
"""


def test_minimal_agenda_with_allotment_and_translation():
    s = parse_agenda(GOOD, "good.md")
    assert [q.text for q in s.questions] == ["First question?", "Second question?"]
    assert s.questions[0].allotment_min == 20
    assert s.questions[0].translations == {"fr": "Première question ?"}
    assert s.questions[1].allotment_min is None


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("", 1, "empty"),
        ("# T\n\n- Date: 2024-05-02\n\nSome words, no questions.\n", None, "no questions"),
        ("# T\n\n- Date: 2024-05-02\n\n## Guiding questions\n\nNo list here.\n", 5, "no questions"),
        (GOOD.replace("2024-05-02", "2024-13-45"), 3, "bad date"),
        (GOOD.replace("2024-05-02", "May 2nd"), 3, "bad date"),
        (GOOD.replace("- Venue: Room 1", "- Colour: blue"), 5, "unknown key 'Colour'"),
        (GOOD.replace("2. Second question?", "2. first QUESTION"), 12, "duplicate question (same as line 9)"),
        (GOOD.replace("- Time: 09:00-10:30", "- Time: 25:00-26:00"), 4, "bad time"),
        (GOOD.replace("- Time: 09:00-10:30", "- Time: 10:30-09:00"), 4, "ends before it starts"),
        (GOOD.replace("    - time: 20 min", "    - time: soon"), 10, "bad time allotment"),
        (GOOD.replace("    - fr: Première", "    - colour: Première"), 11, "unknown key 'colour' under a question"),
        (GOOD.replace("# A panel\n", ""), 1, "no title"),
        (GOOD.replace("- Date: 2024-05-02\n", ""), 1, "no date"),
        (GOOD.replace("- Venue: Room 1", "- Venue: Room 1\n- Venue: Room 2"), 6, "given twice"),
    ],
)
def test_malformed_agendas_name_the_line(text, line, words, tmp_path):
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgendaError) as info:
        load_agenda(path)
    message = str(info.value)
    assert words in message
    assert str(path) in message
    if line is not None:
        assert message.startswith(f"{path}:{line}: ")


def test_binary_and_foreign_encoding_files_are_refused(tmp_path):
    binary = tmp_path / "image.md"
    binary.write_bytes(b"# T\n\x89PNG\x00\x00\x01")
    with pytest.raises(AgendaError, match=r"image\.md:2: binary file"):
        load_agenda(binary)
    latin = tmp_path / "latin.md"
    latin.write_bytes(GOOD.replace("Première", "Premi\xe8re").encode("latin-1"))
    with pytest.raises(AgendaError, match=r"latin\.md:11: not UTF-8"):
        load_agenda(latin)
    with pytest.raises(AgendaError, match="no such file"):
        load_agenda(tmp_path / "missing.md")


_question_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs"), exclude_characters="\u2028\u2029"),
    min_size=1,
    max_size=60,
).map(lambda s: " ".join(s.split())).filter(lambda s: s and normalise_question(s))


@settings(max_examples=60, deadline=None)
@given(
    questions=st.lists(_question_text, min_size=1, max_size=12, unique_by=normalise_question),
    allotments=st.lists(st.one_of(st.none(), st.integers(1, 240)), min_size=12, max_size=12),
)
def test_written_agendas_parse_back_to_the_same_questions(questions, allotments):
    lines = ["# Generated", "", "- Date: 2025-01-31", "", "## Guiding questions", ""]
    for i, q in enumerate(questions, start=1):
        lines.append(f"{i}. {q}")
        if allotments[i - 1]:
            lines.append(f"    - time: {allotments[i - 1]} min")
    session = parse_agenda("\n".join(lines) + "\n", "gen.md")
    # Text is stored NFC-normalised (a compatibility ideograph becomes its canonical twin).
    assert [q.text for q in session.questions] == [unicodedata.normalize("NFC", q) for q in questions]
    assert [q.allotment_min for q in session.questions] == allotments[: len(questions)]


# --- Every field, every refusal: what parse_agenda gives, pinned word for word -----------------

EVERY_FIELD = """# The Call of the Sahel: security

- Series: The Call of the Sahel
- Event: Summit 2023
- Date: 2023-03-11
- Start: 14:30
- End: 17:30
- Venue: Grand Hall E
- Room: Hall E
- Rapporteur: Amina Diallo
- Area: Security
- Lenses: human, state; regional, borders
- Purpose: To hear the panel on security
- Languages: fr, en ar،es

## Guiding questions

1. First question?
    - time: 1 h 30
    - ar: السؤال الأول؟
    - en: First question, in English?
2. Second
   question, on two lines?
    - durée: 45
3. Third question?

## Panel

- Hon. Ramatou Issa Garba
    - group: Parliament
"""


def test_every_field_is_read():
    s = parse_agenda(EVERY_FIELD, "every.md")
    assert s.model_dump(exclude={"questions", "panel"}) == {
        "title": "The Call of the Sahel: security",
        "series": "The Call of the Sahel",
        "event": "Summit 2023",
        "date": dt.date(2023, 3, 11),
        "start": dt.time(14, 30),
        "end": dt.time(17, 30),
        "venue": "Grand Hall E",
        "room": "Hall E",
        "rapporteur": "Amina Diallo",
        "area": "Security",
        "lenses": ["human", "state", "regional", "borders"],
        "purpose": "To hear the panel on security",
        "languages": ["fr", "en", "ar", "es"],
        "language": "fr",  # the first of the languages when no Language line says otherwise
        "agenda_path": "every.md",
    }
    assert [q.model_dump() for q in s.questions] == [
        {"position": 1, "text": "First question?", "allotment_min": 90, "line": 18,
         "translations": {"ar": "السؤال الأول؟", "en": "First question, in English?"}},
        {"position": 2, "text": "Second question, on two lines?", "allotment_min": 45, "line": 22, "translations": {}},
        {"position": 3, "text": "Third question?", "allotment_min": None, "line": 25, "translations": {}},
    ]
    assert [(p.name, p.stakeholder_group) for p in s.panel] == [("Hon. Ramatou Issa Garba", "Parliament")]


def test_french_and_arabic_keys_read_as_the_english_ones():
    english = parse_agenda(EVERY_FIELD)
    for keys in (
        {"Series": "Série", "Event": "Événement", "Date": "Date", "Start": "Début", "End": "Fin", "Venue": "Lieu",
         "Room": "Salle", "Rapporteur": "Rapporteur", "Area": "Domaine", "Lenses": "Optiques", "Purpose": "Objet",
         "Languages": "Langues", "time": "temps", "durée": "duree", "## Guiding questions": "## Questions directrices",
         "## Panel": "## Intervenants"},
        {"Series": "السلسلة", "Event": "الحدث", "Date": "التاريخ", "Start": "البداية", "End": "النهاية",
         "Venue": "المكان", "Room": "القاعة", "Rapporteur": "المقرر", "Area": "المجال", "Lenses": "المنظورات",
         "Purpose": "الهدف", "Languages": "اللغات", "time": "المدة", "durée": "الوقت",
         "## Guiding questions": "## الأسئلة التوجيهية", "## Panel": "## المتحدثون"},
    ):
        text = EVERY_FIELD
        for en, other in keys.items():
            text = re.sub(rf"(?m)^(\s*(?:- )?){re.escape(en)}(:|$)", rf"\g<1>{other}\2", text)
        assert text != EVERY_FIELD
        assert parse_agenda(text) == english


@pytest.mark.parametrize(
    "meta, start, end, language",
    [
        ("- Time: 14h30 to 17.30\n- Language: AR\n- Languages: fr, en", "14:30", "17:30", "ar"),
        ("- Horaire: 9:05 à 10:00\n- Langue: fr", "09:05", "10:00", "fr"),
        ("- التوقيت: 09:00 إلى 10:00", "09:00", "10:00", "en"),
        ("- Heure: 09:00—10:00", "09:00", "10:00", "en"),
        ("- Start: 09:00", "09:00", None, "en"),
        ("- End: 09:00", None, "09:00", "en"),
    ],
)
def test_times_and_language(meta, start, end, language):
    s = parse_agenda(f"# T\n\n- Date: 2024-05-02\n{meta}\n\n## Guiding questions\n\n1. Why?\n")
    assert (s.start and s.start.strftime("%H:%M"), s.end and s.end.strftime("%H:%M"), s.language) == (start, end, language)


def test_what_is_left_out_or_ignored():
    """An empty one-line field is left out; a list before the title or under another heading is
    not read; a second list under the title is more metadata."""
    s = parse_agenda("- Colour: blue\n\n# T\n\n- Date: 2024-05-02\n- Venue:\n\nSome words.\n\n- Room: 2\n\n"
                     "## Background\n\n- Colour: red\n\n## Guiding questions\n\n1. Why?\n")
    assert (s.venue, s.room, s.date) == (None, "2", dt.date(2024, 5, 2))


_HEAD = "# T\n\n- Date: 2024-05-02\n"
_Q = "## Guiding questions\n\n1. Why?\n"
_KNOWN = ("known keys: Series, Area, Lenses, Purpose, Event, Date, Time, Start, End, Venue, Room, Languages, "
          "Language, Rapporteur")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  \n\n", "1: the file is empty"),
        ("# T\n\n# U\n", "3: a second title (# heading); an agenda has one title"),
        (GOOD + "\n## Questions\n\n1. Again?\n", "14: a second guiding-questions heading (the first is on line 7)"),
        (GOOD.replace("- Venue: Room 1", "- just words"), "5: expected 'Key: value' in the metadata list, found 'just words'"),
        (GOOD.replace("- Venue: Room 1", "- Colour: blue"), f"5: unknown key 'Colour' ({_KNOWN})"),
        (_HEAD + "- Date: 2024-05-03\n\n" + _Q, "4: 'Date' is given twice (first on line 3)"),
        (_HEAD + "\nwords\n\n- التاريخ: 2024-05-03\n\n" + _Q, "7: 'التاريخ' is given twice (first on line 3)"),
        (GOOD + "\nA paragraph.\n\n- third?\n",
         "16: a second list under the guiding questions: put all questions in one list "
         "(is a sub-item indented less than the text of its question?)"),
        (_HEAD + "\n## Guiding questions\n\n" + "".join(f"- q{i}\n" for i in range(1001)),
         "1007: 1,001 guiding questions: at most 1,000"),
        (GOOD.replace("2. Second question?", "2.\n3. Third?"), "12: an empty question"),
        (GOOD.replace("2. Second question?", "2. first QUESTION"), "12: duplicate question (same as line 9)"),
        (GOOD.replace("    - fr: Première question ?", "    - just words"),
         "11: expected 'time: 15 min' or 'fr: translation' under a question, found 'just words'"),
        (GOOD.replace("    - fr: Première", "    - colour: Première"),
         "11: unknown key 'colour' under a question (use 'time' or a language code like 'fr')"),
        (GOOD.replace("20 min", "soon"), "10: bad time allotment 'soon': expected e.g. '15 min' or '1 h 30'"),
        (GOOD.replace("20 min", "0 min"), "10: a time allotment must be more than zero minutes"),
        (GOOD.replace("20 min", "25 h"),
         "10: a time allotment of more than 24 hours ('25 h'): give the minutes this question has, e.g. '15 min' or '1 h 30'"),
        (GOOD.replace("20 min", "9" * 5000),
         "10: a time allotment of more than 24 hours ('99999999999999999999999999999…'): give the minutes this "
         "question has, e.g. '15 min' or '1 h 30'"),
        (GOOD.replace("    - fr: Première question ?", "    - fr:"), "11: empty translation for 'fr'"),
        (GOOD.replace("    - fr: Première question ?", "    - fr: Une\n    - FR: Deux"), "12: two translations for 'fr'"),
        (GOOD.replace("First question?", "Q" * 2001), "9: question 1: the text: is longer than 2,000 characters"),
        (GOOD.replace("Première question ?", "Q" * 2001), "9: question 1: a translation: is longer than 2,000 characters"),
        (GOOD.replace("# A panel\n", ""), "1: no title: the agenda must start with a '# Title' heading"),
        ("- Date: 2024-05-02\n\n# T\n\n" + _Q, "3: no date: add '- Date: YYYY-MM-DD' under the title"),
        ("# \n\n- Date: 2024-05-02\n\n" + _Q, "1: the title is empty"),
        ("# " + "T" * 501 + "\n\n- Date: 2024-05-02\n\n" + _Q, "1: the title: is longer than 500 characters"),
        (_HEAD + "\nNo heading.\n", "5: no questions: add a '## Guiding questions' heading followed by a list"),
        (_HEAD + "\n## Guiding questions\n\nNo list here.\n", "5: no questions: the guiding-questions heading has no list under it"),
        (GOOD.replace("2024-05-02", "2024-13-45"), "3: bad date '2024-13-45': expected YYYY-MM-DD, e.g. 2023-03-11"),
        (_HEAD + "- Time: 09:00-10:00\n- Start: 09:00\n\n" + _Q, "4: give either Time or Start/End, not both"),
        (_HEAD + "- End: 10:00\n- Time: 09:00-10:00\n\n" + _Q, "5: give either Time or Start/End, not both"),
        (_HEAD + "- Time: 09:00\n\n" + _Q, "4: bad time range '09:00': expected e.g. 14:30–17:30"),
        (_HEAD + "- Time: nine to ten\n\n" + _Q, "4: bad time 'nine': expected HH:MM, e.g. 14:30"),
        (_HEAD + "- Time: 09:00 - 10\n\n" + _Q, "4: bad time '10': expected HH:MM, e.g. 14:30"),
        (_HEAD + "- Start: 25:00\n\n" + _Q, "4: bad time '25:00': expected HH:MM, e.g. 14:30"),
        (_HEAD + "- End: 9:61\n\n" + _Q, "4: bad time '9:61': expected HH:MM, e.g. 14:30"),
        (_HEAD + "- Time: 10:00-10:00\n\n" + _Q, "4: the session ends before it starts"),
        (_HEAD + "- End: 09:00\n- Start: 10:00\n\n" + _Q, "4: the session ends before it starts"),
        (_HEAD + "- Start: 10:00\n- Fin: 10:00\n\n" + _Q, "5: the session ends before it starts"),
        (_HEAD + "- Lenses: , ;\n\n" + _Q, "4: no lens given: e.g. 'Lenses: human, state, regional'"),
        (_HEAD + "- Languages: en, french\n\n" + _Q, "4: bad language code 'french': use codes like en, fr, ar"),
        (_HEAD + "- Languages: \n\n" + _Q, "4: bad language code '': use codes like en, fr, ar"),
        (_HEAD + "- Language: english\n\n" + _Q, "4: bad language code 'english': use a code like en, fr, ar"),
        (_HEAD + "- Venue: " + "V" * 501 + "\n\n" + _Q, "4: the venue: is longer than 500 characters"),
        (_HEAD + "- Series: a\x07b\n\n" + _Q, "4: the series: holds the control character U+0007 BELL, which nobody types"),
        (_HEAD + "- Purpose: " + "P" * 501 + "\n\n" + _Q, "4: the purpose: is longer than 500 characters"),
        (_HEAD + "- Languages: " + ", ".join(["en"] * 51) + "\n\n" + _Q,
         "4: languages: List should have at most 50 items after validation, not 51"),
        (_HEAD + "- Lenses: " + ", ".join(f"l{i}" for i in range(21)) + "\n\n" + _Q,
         "4: the lenses: List should have at most 20 items after validation, not 21"),
    ],
)
def test_each_refusal_word_for_word(text, expected):
    """Every message parse_agenda gives, and the line it names (the file is named first)."""
    with pytest.raises(AgendaError) as info:
        parse_agenda(text, "bad.md")
    assert str(info.value) == f"bad.md:{expected}"


# --- A written agenda reads back: every field, in any of the three languages' keys ---------------

_KEYS = {  # field -> the keys a writer may use for it
    "series": ("Series", "Série", "serie", "السلسلة"), "event": ("Event", "Événement", "الفعالية"),
    "venue": ("Venue", "Lieu", "المكان"), "rapporteur": ("Rapporteur", "المقرر"),
    "room": ("Room", "Salle", "الغرفة"), "area": ("Area", "Domaine", "المجال"),
    "purpose": ("Purpose", "Objectif", "الغرض"), "date": ("Date", "التاريخ"),
    "time": ("Time", "Horaire", "التوقيت"), "start": ("Start", "Début", "البداية"), "end": ("End", "fin", "النهاية"),
    "languages": ("Languages", "Langues", "اللغات"), "language": ("Language", "Langue", "اللغة"),
    "lenses": ("Lenses", "Optique", "المنظور"),
}
_label = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=10),
    min_size=1, max_size=4,
).map(" ".join)
_lang = st.sampled_from(["en", "fr", "ar", "es", "pt", "ha", "wol"])


@st.composite
def _agendas(draw):
    """(agenda text, what it must parse to but the questions' lines)."""
    def key(field: str) -> str:
        return draw(st.sampled_from(_KEYS[field]))

    title = draw(_label)
    date = draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)))
    expected: dict = {"title": title, "date": date, "agenda_path": "gen.md", "panel": [], "series": None,
                      "event": None, "venue": None, "rapporteur": None, "room": None, "area": None,
                      "purpose": None, "start": None, "end": None, "languages": [], "language": "en", "lenses": []}
    meta = [f"{key('date')}: {date.isoformat()}"]
    for field in ("series", "event", "venue", "rapporteur", "room", "area", "purpose"):
        if draw(st.booleans()):
            expected[field] = draw(_label)
            meta.append(f"{key(field)}: {expected[field]}")
    start = draw(st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))))
    end = draw(st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))))
    if start and end and end <= start:
        start, end = (end, start) if start != end else (None, end)
    expected["start"], expected["end"] = start, end
    if start and end and draw(st.booleans()):
        dash = draw(st.sampled_from(["-", "–", " to ", " à ", " إلى "]))
        meta.append(f"{key('time')}: {start:%H:%M}{dash}{end:%H:%M}")
    else:
        meta += [f"{key(f)}: {t:%H:%M}" for f, t in (("start", start), ("end", end)) if t]
    languages = draw(st.lists(_lang, max_size=4))
    if languages:
        expected["languages"] = languages
        expected["language"] = languages[0]
        meta.append(f"{key('languages')}: {', '.join(languages)}")
    if draw(st.booleans()):
        expected["language"] = draw(_lang)
        meta.append(f"{key('language')}: {expected['language'].upper()}")
    lenses = draw(st.lists(st.sampled_from(["human", "state", "regional", "borders", "youth"]), max_size=5, unique=True))
    if lenses:
        expected["lenses"] = lenses
        meta.append(f"{key('lenses')}: {', '.join(lenses)}")
    meta = draw(st.permutations(meta))
    questions = draw(st.lists(_question_text, min_size=1, max_size=6, unique_by=normalise_question))
    lines = [f"# {title}", "", *(f"- {m}" for m in meta), "", "## Guiding questions", ""]
    expected["questions"] = []
    for pos, q in enumerate(questions, start=1):
        lines.append(f"{pos}. {q}")
        allotment = draw(st.one_of(st.none(), st.integers(1, 24 * 60)))
        if allotment:
            lines.append(f"    - time: {allotment // 60} h {allotment % 60}" if allotment >= 60 else f"    - time: {allotment} min")
        translations = draw(st.dictionaries(_lang, _question_text, max_size=2))
        lines += [f"    - {code}: {t}" for code, t in translations.items()]
        expected["questions"].append({"position": pos, "text": q, "allotment_min": allotment, "translations": translations})
    return "\n".join(lines) + "\n", expected


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


@settings(max_examples=80, deadline=None)
@given(_agendas())
def test_written_agendas_parse_back_with_every_field(agenda):
    text, expected = agenda
    got = parse_agenda(text, "gen.md").model_dump()
    for q in got["questions"]:
        q.pop("line")
    assert got == _nfc(expected)
