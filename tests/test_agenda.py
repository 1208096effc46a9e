"""Agenda files: the shipped ones, every malformed case, and a property test of the parser."""

from __future__ import annotations

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
