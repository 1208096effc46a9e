"""A series of meetings into one document for the Summit (issue 20, findings 1, 2, 3, 5, 6, 7).

Three meetings of one series, each in its own rapporteur's database and language (an English
room on security, a French room on community, an Arabic room on education), with the same person
speaking in all three under three spellings, and a recommendation on the victims of terrorism
said in each language."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from facilitator.core.agenda import create_session, parse_agenda
from facilitator.core.export import export_document, export_session
from facilitator.core.merge import merge_files
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from tests.test_export import lint

AGENDAS = {
    "en": """# Mitigating the impact of security threats in the Sahel

- Series: The Call of the Sahel
- Area: security
- Lenses: human, state, regional
- Purpose: Recommendations on security for the Second Global Parliamentary Summit
- Event: 146th IPU Assembly
- Date: 2023-03-11
- Time: 14:30–17:30
- Venue: Manama
- Room: Room A
- Languages: en

## Guiding questions

1. What is the role of parliaments in security?
2. How can parliaments oversee the armed forces?
""",
    "fr": """# Les communautés face au terrorisme au Sahel

- Série: The Call of the Sahel
- Domaine: Communauté
- Optiques: humaine, étatique, régionale
- Date: 2022-11-20
- Lieu: Alger
- Salle: Salle B
- Langues: fr

## Questions directrices

1. Comment les communautés peuvent-elles résister à l'extrémisme ?
2. Que peuvent faire les parlements pour les victimes ?
""",
    "ar": """# التعليم في مواجهة التطرف في منطقة الساحل

- السلسلة: The Call of the Sahel
- المجال: التعليم
- المنظورات: الإنسانية، الحكومية، الإقليمية
- التاريخ: 2023-06-15
- المكان: الرباط
- القاعة: القاعة ج
- اللغات: ar

## الأسئلة التوجيهية

1. كيف يمكن للتعليم أن يحد من التطرف؟
2. ما هو دور البرلمانات في دعم الضحايا؟
""",
}

# language -> (speaker name as that rapporteur spelled it, [(question, text, parked)], [(text, status, lens, to, supports)])
ROOMS = {
    "en": ("Hon. Aminata Traoré", [
        (1, "Parliaments must vote the security budget line by line and publish it.", False),
        (2, "Victims of terrorism and their families need psychological and financial support.", False),
        (2, "Coffee break is at four.", True),
    ], [
        ("Provide psychological and financial support to the victims of terrorism and their families.", "agreed",
         "human", "National parliaments", [1]),
        ("Publish the security budget line by line.", "agreed", "state", "Parliaments", [0]),
        ("Create a regional fund for border communities.", "draft", "regional", None, []),
    ]),
    "fr": ("aminata traore", [
        (1, "Les radios communautaires doivent contrer la propagande.", False),
        (2, "Il faut soutenir les victimes du terrorisme et leurs familles.", False),
    ], [
        ("Soutenir les victimes du terrorisme et leurs familles, sur le plan psychologique et financier.", "agreed",
         "humaine", "Parlements nationaux", [1]),
        ("Financer les radios communautaires pour contrer la propagande extrémiste.", "agreed", "régionale", None, [0]),
    ]),
    "ar": ("أميناتا تراوري", [
        (1, "يجب إدراج التربية على السلام في المناهج المدرسية.", False),
        (2, "ضحايا الإرهاب وأسرهم يحتاجون إلى دعم نفسي ومادي.", False),
    ], [
        ("دعم ضحايا الإرهاب وأسرهم نفسيًا وماديًا.", "agreed", "الإنسانية", "البرلمانات الوطنية", [1]),
        ("إدراج التربية على السلام في المناهج المدرسية.", "agreed", "الحكومية", "وزارات التربية", [0]),
    ]),
}


def _room(tmp_path, lang: str) -> tuple[str, str]:
    """One meeting in its own database, exported as its rapporteur would: (file, session id)."""
    store = Store.open(tmp_path / f"{lang}.db")
    try:
        session = parse_agenda(AGENDAS[lang], f"{lang}.md")
        sid = create_session(store, session).id
        name, said, recs = ROOMS[lang]
        pid = store.add_participant(ParticipantIn(name=name, stakeholder_group="Parliament"))
        other = store.add_participant(ParticipantIn(name=f"Speaker {lang}", stakeholder_group="Civil society"))
        ids = []
        for position, text, parked in said:
            c = store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, position),
                                                      participant_id=other if parked else pid, text=text))
            ids.append(c.id)
            if parked:
                Review(store, sid, store.question_id(sid, position)).park([c.id])
        review = Review(store, sid)
        for text, status, lens, to, support in recs:
            rid = review.add_recommendation(text, status=status, addressed_to=to, support=[ids[k] for k in support])
            review.set_lenses(rid, [lens])
        path = tmp_path / f"{lang}-room.md"
        path.write_text(export_session(store, sid), encoding="utf-8")
        return str(path), sid
    finally:
        store.close()


@pytest.fixture
def series(tmp_path):
    return [_room(tmp_path, lang)[0] for lang in ("en", "fr", "ar")]


def test_three_meetings_make_one_report_by_area_and_lens(series, tmp_path):
    result = merge_files(series)
    text = result.text
    assert lint(text) == []
    outcome = text[text.index("## Recommendations"): text.index("## Overview")]
    # grouped by area (in the order of the meetings), then by lens, with a table of counts first
    areas = re.findall(r"^### (.+)$", outcome, re.M)
    assert areas == ["Community", "Security", "Education"]
    assert "| Area | human | state | regional | Total |" in outcome
    assert "| Security | 1 | 1 | 0 | 2 |" in outcome or "| Security |" in outcome
    assert "#### Lens: human" in outcome
    # each question keeps its meeting's numbering: three Q1 and three Q2, not Q1-Q6
    assert len(re.findall(r"^### Q1\. ", text, re.M)) == 3 and not re.search(r"^### Q[3-9]\. ", text, re.M)
    assert "## Evidence by guiding question: Security" in text
    # provenance: meeting, room, its own reference
    assert "Security · Room A · R-002" in text
    # each person once, whatever the spelling or script
    people = text[text.index("## Participants"):]
    listed = re.findall(r"^  \*\*(.+?)\*\*(.*)$", people, re.M)
    assert [name for name, _rest in listed if "minata" in name.casefold()] == ["aminata traore"]  # the first met
    rest = next(rest for name, rest in listed if "minata" in name)
    assert "also written" in rest and "Hon. Aminata Traoré" in rest and "أميناتا تراوري" in rest
    overview = text[text.index("## Overview"): text.index("## Evidence")]
    assert "from 2 speakers" in overview  # Aminata once (not three times), and the speaker of the noise


def test_addressees_in_any_language_are_one_group(series):
    text = merge_files(series, group_by="addressee").text
    heads = re.findall(r"^### (.+)$", text[text.index("## Recommendations"): text.index("## Overview")], re.M)
    assert heads.count("To National parliaments") == 1
    assert "To البرلمانات الوطنية" not in heads and "To Parlements nationaux" not in heads


def test_the_victims_of_terrorism_are_one_set_and_the_decision_is_kept(series, tmp_path):
    result = merge_files(series)
    victims = [s for s in result.doc.sets if len(s.members) == 3]
    assert victims, [(s.members, s.score) for s in result.doc.sets]
    text = result.text
    head = re.search(r"\*\*Set (\d+) · proposed[^*]*\*\* (Provide psychological[^*]+?) \*", text)
    assert head, text[text.index("## Recommendations"):][:3000]
    # staff write the consolidated text in the report, by hand
    mine = "Parliaments should ensure psychological and financial support to victims of terrorism and their families."
    edited = text.replace(head.group(0), head.group(0).replace(head.group(2), mine).replace("proposed", "consolidated"))
    report = tmp_path / "report.md"
    report.write_text(edited, encoding="utf-8")
    again = merge_files([str(report), *series])
    assert "· consolidated" in again.text and mine in again.text
    cset = next(s for s in again.doc.sets if s.state == "consolidated")
    assert cset.text == mine and len(cset.members) == 3
    assert merge_files([str(report), *series]).text == again.text  # and again
    # the document to send shows one recommendation with its sources
    send = merge_files([str(report), *series], form="outcome").text
    assert send.count(mine) == 1 and "sources:" in send
    assert "Provide psychological and financial support to the victims" not in send.split("## Annex")[0]
    # the merge screen's way: choose a member's text
    choose = merge_files(series)
    proposed = next(s for s in choose.doc.sets if len(s.members) == 3)
    choose.decide(proposed.id, state="consolidated", source=proposed.members[0])
    assert "· consolidated" in choose.text


def _docx_text(data: bytes) -> list[tuple[str, str]]:
    import docx

    d = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in d.paragraphs if p.text.strip()]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_attrs: dict = {}
        self.text: list[str] = []

        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if data.strip() and not self.skip:
            self.text.append(data.strip())


def test_the_send_out_documents_hold_only_the_outcome(series, tmp_path):
    from facilitator.core.summary.formats import find_pandoc

    if find_pandoc() is None:
        pytest.skip("pandoc is needed for Word and HTML")
    result = merge_files(series, form="outcome")
    data = result.document("docx")
    import docx

    table = docx.Document(io.BytesIO(data)).tables[0]  # the counts, area × lens, as a Word table
    assert [c.text for c in table.rows[0].cells] == ["Area", "human", "state", "regional", "Total"]
    assert [c.text for c in table.rows[-1].cells] == ["All areas", "3", "2", "1", "6"]
    paras = _docx_text(data)
    text = "\n".join(t for _s, t in paras)
    body = text.split("Annex 1")[0]
    for word in ("agreed", "rank", "evidence:", "R-0", "Coffee break", "draft"):
        assert word not in body.replace("R-001", "").replace("R-002", "") or word == "R-0", word
    assert "Coffee break is at four" not in text  # parked noise is not evidence
    assert "Create a regional fund" not in text  # a draft is not sent
    headings = [t for s, t in paras if s.startswith("Heading 2")]
    assert headings[0] == "Recommendations" and headings[1].startswith("Annex 1")
    assert "The Call of the Sahel" in text
    # the Arabic meeting alone, sent in Arabic: every fixed word Arabic, right to left
    store = Store.open(tmp_path / "ar.db")
    try:
        sid = store.sessions()[0].id
        paras = _docx_text(export_document(store, sid, "docx", form="outcome"))
        page = _Page()
        page.feed(export_document(store, sid, "html", form="outcome").decode("utf-8"))
    finally:
        store.close()
    headings = [t for s, t in paras if s.startswith("Heading")]
    assert "التوصيات" in headings and all(not re.search(r"[A-Za-z]{3,}", h) for h in headings), headings
    assert page.html_attrs.get("dir") == "rtl" and page.html_attrs.get("lang") == "ar"
    from facilitator.core.summary.words import strip_isolates

    words = strip_isolates(" ".join(page.text)).replace("\u200e", "").replace("\u200f", "")  # (Word and HTML: marks)
    for english in ("Recommendations", "Annex", "support", "Area", "Date", "lens", "agreed"):
        assert english not in words, english
    assert "المجال: التعليم" in words and "المنظور: الإنسانية" in words


def test_missing_evidence_is_loud(series, tmp_path, run_cli):
    en = tmp_path / "en-room.md"
    text = en.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if "Victims of terrorism and their families need" in x)
    start = text.index(line)
    comment_start = text.rindex("\n- <!-- facilitator:contribution", 0, start) + 1
    edited = text[:comment_start] + text[start + len(line) + 1:]
    cut = tmp_path / "en-cut.md"
    cut.write_text(edited, encoding="utf-8")
    out = tmp_path / "m.md"
    status, _o, err = run_cli("merge", cut, "-o", out)
    assert status == 0, err
    assert "MISSING EVIDENCE: 1 recommendation(s)" in err and "Q2-002" in err
    report = out.read_text(encoding="utf-8")
    assert "missing from the files: Room A/Q2-002" in report or "missing from the files: Q2-002" in report
    status, _o, err = run_cli("import", cut, db=tmp_path / "fresh.db")
    assert status == 0 and "MISSING EVIDENCE" in err and "Q2-002" in err


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_outcome_markdown_is_clean_and_in_one_language(series, lang):
    from facilitator.core.summary.words import WORDS, strip_isolates

    text = merge_files(series, form="outcome", lang=lang).text
    assert lint(text) == []
    assert text == merge_files(list(reversed(series)), form="outcome", lang=lang).text  # same data, same bytes
    fixed = re.findall(r"^#+ (.+)$", strip_isolates(text), re.M)
    others = [x for key in ("recommendations", "annex_support", "annex_evidence", "meetings")
              for k, x in enumerate(WORDS[key]) if ("en", "fr", "ar")[k] != lang and x != WORDS[key][
                  ("en", "fr", "ar").index(lang)]]
    assert not [h for h in fixed if any(h.startswith(o) for o in others)], fixed


def test_the_series_html_holds_only_the_outcome(series):
    from facilitator.core.summary.formats import find_pandoc

    if find_pandoc() is None:
        pytest.skip("pandoc is needed for Word and HTML")
    page = _Page()
    page.feed(merge_files(series, form="outcome").document("html").decode("utf-8"))
    words = " ".join(page.text)
    body = words.split("Annex 1")[0]
    assert "Recommendations" in body and "Coffee break" not in words and "Create a regional fund" not in words
    assert "agreed" not in body and "rank" not in body and "evidence:" not in body


def test_importing_a_series_report_puts_each_member_back_and_says_the_sets_stay(series, tmp_path, run_cli):
    report = tmp_path / "report.md"
    report.write_text(merge_files(series).text, encoding="utf-8")
    status, out, err = run_cli("import", report, db=tmp_path / "all.db")
    assert status == 0, err
    assert len(out.split()) == 3  # three sessions
    assert "set(s) of recommendations (0 decided) stay in the report" in err
    store = Store.open(tmp_path / "all.db")
    try:
        # each person once in the one database: contributions of the three rooms, one name per id given
        # each session back as its rapporteur had it: the person under each room's own spelling
        names = sorted(r["name"] for r in store.query("SELECT name FROM participant"))
        assert names == ["Hon. Aminata Traoré", "Speaker en", "aminata traore", "أميناتا تراوري"]
        lenses = {r["lenses"] for r in store.query("SELECT lenses FROM recommendation")}
        assert '["human"]' in lenses and '["state"]' in lenses
    finally:
        store.close()
