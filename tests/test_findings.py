"""Issue 20's findings, each with data the earlier format could already hold, so that each test
shows the finding on the code before the fix (findings 1, 2, 3, 5, 6, 7)."""

from __future__ import annotations

import re

from facilitator.core.agenda import create_session, parse_agenda
from facilitator.core.export import export_session
from facilitator.core.merge import merge_files
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.core.store import Store

AGENDA = """# {title}

- Series: The Call of the Sahel
- Date: {date}
- Languages: {lang}

## Guiding questions

1. {q1}
2. {q2}
"""

MEETINGS = [
    ("en", "Security in the Sahel", "2023-03-11", "What can parliaments do?", "How to oversee the forces?",
     "Hon. Aminata Traoré",
     [("Support the victims of terrorism and their families, psychologically and financially.", "National parliaments"),
      ("Publish the security budget line by line.", "Parliaments")]),
    ("fr", "Communautés et terrorisme", "2023-04-20", "Comment résister ?", "Que faire pour les victimes ?",
     "aminata traore",
     [("Soutenir les victimes du terrorisme et leurs familles, sur le plan psychologique et financier.",
       "Parlements nationaux")]),
    ("ar", "التعليم والتطرف", "2023-06-15", "كيف يحد التعليم من التطرف؟", "ما دور البرلمانات؟",
     "أميناتا تراوري",
     [("دعم ضحايا الإرهاب وأسرهم نفسيًا وماديًا.", "البرلمانات الوطنية")]),
]


def _meeting(tmp_path, n: int) -> str:
    lang, title, date, q1, q2, name, recs = MEETINGS[n]
    store = Store.open(tmp_path / f"m{n}.db")
    try:
        sid = create_session(store, parse_agenda(AGENDA.format(title=title, date=date, lang=lang, q1=q1, q2=q2))).id
        pid = store.add_participant(ParticipantIn(name=name, stakeholder_group="Parliament"))
        said = [store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, k),
                                                      participant_id=pid, text=f"{text} ({k})")).id
                for k, (text, _to) in enumerate(recs, start=1)]
        review = Review(store, sid)
        for k, (text, to) in enumerate(recs):
            review.add_recommendation(text, status="agreed", addressed_to=to, support=[said[k]])
        path = tmp_path / f"m{n}.md"
        path.write_text(export_session(store, sid), encoding="utf-8")
        return str(path)
    finally:
        store.close()


def _files(tmp_path) -> list[str]:
    return [_meeting(tmp_path, n) for n in range(3)]


def test_finding_1_meetings_keep_their_question_numbers(tmp_path):
    text = merge_files(_files(tmp_path)).text
    numbers = re.findall(r"^### Q(\d+)\. ", text, re.M)
    assert sorted(numbers) == ["1", "1", "1", "2", "2", "2"], numbers  # not Q1-Q6


def test_finding_1_an_addressee_in_three_languages_is_one_group(tmp_path):
    text = merge_files(_files(tmp_path), group_by="addressee").text
    heads = re.findall(r"^### (To .+)$", text, re.M)
    assert heads.count("To National parliaments") == 1 and len(heads) == 1, heads


def test_finding_2_the_document_to_send_has_no_status_rank_or_evidence(tmp_path):
    text = merge_files(_files(tmp_path)[:1], form="outcome").text
    body = text[text.index("## Recommendations"): text.index("## Annex 1")]
    assert "agreed" not in body and "evidence:" not in body and "R-001" not in body
    assert re.search(r"^1\. Support the victims", body, re.M) and re.search(r"^2\. Publish", body, re.M)


def test_finding_3_an_arabic_report_is_arabic(tmp_path):
    text = merge_files(_files(tmp_path)[2:], lang="ar").text
    headings = re.findall(r"^#+ (.+)$", text, re.M)
    english = [h for h in headings if re.search(r"\b(Recommendations|Overview|Evidence|Participants|Sources|Theme)\b", h)]
    assert english == [], english
    assert "## التوصيات" in text


def test_finding_5_one_person_across_meetings(tmp_path):
    text = merge_files(_files(tmp_path)).text
    assert "from 1 speaker" in text  # not three
    people = text[text.index("## Participants"):]
    assert people.count("**") == 2  # one name in bold: one person


def test_finding_6_the_victims_recommendations_are_one_set(tmp_path):
    result = merge_files(_files(tmp_path))
    sets = [s for s in result.doc.sets if len(s.members) == 3]
    assert len(sets) == 1
    assert "**Set 1 · proposed" in result.text


def test_finding_7_a_deleted_contribution_is_loud(tmp_path, run_cli):
    path = _files(tmp_path)[0]
    text = open(path, encoding="utf-8").read()
    start = text.index("- <!-- facilitator:contribution")
    stop = text.index("\n", text.index("\n", start) + 1) + 1
    cut = tmp_path / "cut.md"
    cut.write_text(text[:start] + text[stop:], encoding="utf-8")
    status, _out, err = run_cli("merge", cut, "-o", tmp_path / "out.md")
    assert status == 0 and "MISSING EVIDENCE" in err
    assert "missing from the files: " in (tmp_path / "out.md").read_text(encoding="utf-8")
