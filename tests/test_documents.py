"""Word and HTML exports (pandoc): read back with python-docx and an HTML parser; Arabic is
right-to-left; the hidden ids stay out; same data, same bytes; without pandoc, a clear message;
and an anonymous document that would still name someone is not written."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest

from facilitator.core import export as _export
from facilitator.core.export import export_session
from facilitator.core.merge import merge_files
from facilitator.core.models import ContributionIn, ParticipantIn
from tests.golden.builders import build_sahel, participant_names
from tests.test_export_arabic import SAID, _arabic_session


def export_document(*args, **kwargs):
    return _export.export_document(*args, **kwargs)


docx = pytest.importorskip("docx")

RECS = [
    "Parliaments should adopt and publish the security budget line by line.",
    "Include women and young people in parliamentary security committees.",
    "Set up civilian harm tracking cells.",
]


def _paragraphs(data: bytes):
    d = docx.Document(io.BytesIO(data))
    return d, [p for p in d.paragraphs if p.text.strip()]


def _numbered_decimal(d, paragraph) -> bool:
    """Whether a Word paragraph is an item of a decimal-numbered list."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return False
    num_id = ppr.numPr.numId.val
    numbering = d.part.numbering_part.element
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    num = numbering.find(f"w:num[@w:numId='{num_id}']", ns)
    abstract = num.find("w:abstractNumId", ns).get("{%s}val" % ns["w"])
    fmt = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']/w:numFmt", ns)
    return fmt.get("{%s}val" % ns["w"]) == "decimal"


def test_the_word_file_reads_like_the_outcome_document(store):
    sid = build_sahel(store)
    data = export_document(store, sid, "docx")
    assert data == export_document(store, sid, "docx")  # same data, same bytes
    d, paras = _paragraphs(data)
    texts = [p.text for p in paras]
    assert paras[0].style.name == "Heading 1" and texts[0].startswith("Mitigating the impact")
    assert [p.text for p in paras if p.style.name == "Heading 2"][:3] == [
        "Recommendations", "Overview", "Evidence by guiding question"]
    rec_paras = [p for p in paras if p.text.startswith("R-0")]
    assert [next(r for r in RECS if r in p.text) for p in rec_paras] == RECS  # agreed, reviewed, draft
    assert all(_numbered_decimal(d, p) for p in rec_paras)
    assert "to National parliaments of the Sahel" in rec_paras[0].text
    assert "evidence: Q1-001, Q1-002, Q2-007" in rec_paras[0].text
    # the hidden structure is not in the text, and the styles come from the reference document
    whole = "\n".join(texts)
    assert "facilitator:" not in whole and "<!-- facilitator" not in whole
    for p in paras:
        assert not re.search(r"\b[0-9a-hjkmnp-tv-z]{26}\b", p.text), p.text
    assert d.styles["Heading 2"].font.color.rgb is not None
    # the Arabic of a contribution, as typed
    assert "يجب أن تشارك النساء في لجان الأمن البرلمانية." in whole


def test_the_arabic_session_is_right_to_left_in_word_and_html(store):
    sid = _arabic_session(store)
    data = export_document(store, sid, "docx")
    _d, paras = _paragraphs(data)
    texts = [p.text for p in paras]
    assert texts[0] == store.session(sid).title
    for *_who, said in SAID:
        assert any(said in t for t in texts), said
    # in the order they were said
    positions = [next(i for i, t in enumerate(texts) if said in t) for *_w, _g, _q, said in SAID[:2]]
    assert positions == sorted(positions)
    assert "تعزيز الرقابة البرلمانية على ميزانيات الأمن" in texts[texts.index("التوصيات") + 1]
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    heading = xml[: xml.index(store.session(sid).title)]
    assert "<w:bidi" in heading[heading.rindex("<w:p>"):]  # the paragraphs run right to left

    page = _Page()
    page.feed(export_document(store, sid, "html").decode("utf-8"))
    assert page.html_attrs.get("dir") == "rtl" and page.html_attrs.get("lang") == "ar"
    assert page.headings[0] == store.session(sid).title
    assert any("تعزيز الرقابة البرلمانية على ميزانيات الأمن" in item for item in page.ordered_items)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict = {}
        self.headings: list[str] = []
        self.ordered_items: list[str] = []
        self.comments: list[str] = []
        self._stack: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_attrs = dict(attrs)
        self._stack.append(tag)
        if tag in ("h1", "h2", "li"):
            self._text = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2"):
            self.headings.append("".join(self._text).strip())
        if tag == "li" and len(self._stack) >= 2 and "ol" in self._stack:
            self.ordered_items.append("".join(self._text).strip())
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data):
        self._text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def test_the_html_page(store):
    sid = build_sahel(store)
    html = export_document(store, sid, "html")
    assert html == export_document(store, sid, "html")
    page = _Page()
    page.feed(html.decode("utf-8"))
    assert page.html_attrs.get("lang") == "en" and page.html_attrs.get("dir") is None
    assert page.headings[:3] == ["Mitigating the impact of security threats by building resilience in the Sahel",
                                 "Recommendations", "Overview"]
    assert [next(r for r in RECS if r in item) for item in page.ordered_items[:3]] == RECS
    assert not any("facilitator:" in c for c in page.comments)


def test_the_presentable_markdown_keeps_every_visible_line(store):
    sid = build_sahel(store)
    text = export_session(store, sid)
    from facilitator.core.summary.formats import presentable

    title, body = presentable(text)
    assert title.startswith("Mitigating the impact") and "facilitator:" not in body
    # every line a reader sees is there, and nothing else
    def bare(line: str) -> str:
        return re.sub(r"^(- |\d+\. )", "", line.strip())

    visible = [bare(line) for line in text.split("\n") if line and "<!-- facilitator:" not in line
               and not line.startswith("# ")]
    shown = [bare(line) for line in body.split("\n") if line]
    assert shown == visible
    for rec in RECS:
        assert re.search(rf"^\d+\. \*\*R-00\d[^\n]*{re.escape(rec)}", body, re.M), rec


def test_cli_writes_word_and_html_for_export_and_merge(run_cli, store, tmp_path):
    sid = build_sahel(store)
    out = tmp_path / "s.docx"
    status, stdout, err = run_cli("export", sid, "-o", out)  # the format from the file name
    assert status == 0, err
    assert out.read_bytes() == export_document(store, sid, "docx")
    status, stdout, err = run_cli("export", sid, "--format", "html", "-o", tmp_path / "s.html", "--by", "addressee")
    assert status == 0, err
    assert b"To National parliaments of the Sahel" in (tmp_path / "s.html").read_bytes()
    md = tmp_path / "s.md"
    md.write_text(export_session(store, sid), encoding="utf-8")
    status, stdout, err = run_cli("merge", md, "-o", tmp_path / "report.docx")
    assert status == 0, err
    _d, paras = _paragraphs((tmp_path / "report.docx").read_bytes())
    assert paras[0].text.startswith("Consolidated report")
    status, stdout, err = run_cli("merge", md, "--format", "html", "-o", tmp_path / "report.html")
    assert status == 0 and (tmp_path / "report.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_without_pandoc_a_message_says_how_to_get_it(run_cli, store, tmp_path, monkeypatch):
    sid = build_sahel(store)
    monkeypatch.setattr("facilitator.core.summary.formats.find_pandoc", lambda: None)
    out = tmp_path / "s.docx"
    status, stdout, err = run_cli("export", sid, "-o", out)
    assert status == 2 and "pip install pypandoc-binary" in err and "--format md" in err
    assert not out.exists()
    assert run_cli("export", sid, "-o", tmp_path / "s.md")[0] == 0  # Markdown needs nothing


# --- the last check over every anonymous document -----------------------------------------------


def test_an_anonymous_document_names_nobody_in_any_format(store):
    sid = build_sahel(store)
    from facilitator.core.summary.withhold import Withholder

    w = Withholder(participant_names())
    for fmt in ("md", "docx", "html"):
        data = export_document(store, sid, fmt, anonymous=True)
        from facilitator.core.summary.formats import document_text

        assert not any(w.find(line) for line in document_text(data, fmt)), fmt


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_a_name_left_outside_what_is_withheld_stops_the_file(run_cli, store, tmp_path, fmt):
    """A participant's name in a stakeholder group (shown as the attribution) is not withheld
    text: the last check finds it and nothing is written."""
    sid = build_sahel(store)
    keita = store.add_participant(ParticipantIn(name="Moussa Keïta", stakeholder_group="Friends of Keita"))
    store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 2), participant_id=keita,
                                          text="We need more patrols."))
    out = tmp_path / f"anon.{fmt}"
    status, stdout, err = run_cli("export", sid, "--anonymous", "-o", out)
    assert status == 2, err
    assert f"{out}: not written" in err and "'Keita'" in err and ("line" in err or "paragraph" in err)
    assert not out.exists()
    from facilitator.core.summary.formats import NamesLeft

    with pytest.raises(NamesLeft):
        export_document(store, sid, fmt, anonymous=True)


def test_a_merged_anonymous_report_checks_its_sources_too(run_cli, store, tmp_path):
    sid = build_sahel(store)
    named = tmp_path / "notes-of-mariam-sow.md"  # a file name is shown in the sources
    named.write_text(export_session(store, sid), encoding="utf-8")
    status, stdout, err = run_cli("merge", named, "--anonymous", "-o", tmp_path / "r.md")
    assert status == 2 and "not written" in err and "sow" in err.lower()
    assert not (tmp_path / "r.md").exists()
    fine = tmp_path / "room-a.md"
    fine.write_text(export_session(store, sid), encoding="utf-8")
    text = merge_files([fine], anonymous=True).document("md").decode("utf-8")
    for name in participant_names():
        assert name not in text


def test_a_surname_that_is_a_word_of_the_format_does_not_stop_the_file(store, tmp_path):
    sid = build_sahel(store)
    house = store.add_participant(ParticipantIn(name="Sarah House", stakeholder_group="Parliament"))
    store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 2), participant_id=house,
                                          text="As Sarah House said, and as House repeated."))
    for fmt in ("md", "docx", "html"):
        data = export_document(store, sid, fmt, anonymous=True)  # "Chatham House Rule" is the format's
        from facilitator.core.summary.formats import document_text

        text = "\n".join(document_text(data, fmt))
        assert "Sarah" not in text and "as House repeated" not in text, fmt


def test_word_and_html_come_with_the_plain_install():
    """pip install . / pipx install . can write the Word and HTML files staff send: pandoc
    (pypandoc-binary) is a dependency of the package itself, not of an extra (issue 20)."""
    import tomllib

    from tests.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in project["dependencies"]}
    assert "pypandoc-binary" in base
    assert "multilingual" not in project.get("optional-dependencies", {})
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[multilingual]" not in readme and "facilitator[documents]" not in readme
