"""Bidirectional controls in what people typed cannot reorder anything the app writes (issue 20,
finding 4): a right-to-left override (U+202E) in a contribution used to pass through and reverse
the app's own "— Parliament, Q1-001" in Word and HTML. They are dropped at the store's door,
from every export (even of a database or a file that holds them) and from the screen."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from facilitator.core.export import export_document
from facilitator.core.merge import merge_texts
from facilitator.core.models import ContributionIn, ParticipantIn

CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
HOSTILE = "We need \u202epatrols at night\u202c and \u2067roads\u2069, \u202dnow"  # RLO PDF, RLI PDI, LRO unclosed


def _session(store, sahel) -> str:
    who = store.add_participant(ParticipantIn(name="Moussa Keïta", stakeholder_group="Parliament"))
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 1),
                                              participant_id=who, text="placeholder"))
    return c.id


def test_the_store_drops_them_from_what_is_typed(store, sahel):
    cid = _session(store, sahel)
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 1), text=HOSTILE))
    assert store.contribution(c.id).text == "We need patrols at night and roads, now"
    pid = store.add_participant(ParticipantIn(name="\u202eHon. Sy", stakeholder_group="\u2066Parliament"))
    assert store.participant(pid).name == "Hon. Sy" and store.participant(pid).stakeholder_group == "Parliament"
    # the marks Arabic text needs stay
    c = store.add_contribution(ContributionIn(session_id=sahel, question_id=store.question_id(sahel, 1),
                                              text="قال \u200fالنائب 3"))
    assert "\u200f" in store.contribution(c.id).text
    del cid


def _older_database_holds(store, cid: str, text: str) -> None:
    """A row written before the store dropped them (or by another program)."""
    with store.write() as conn:
        conn.execute("UPDATE contribution SET text = ? WHERE id = ?", (text, cid))


def test_a_word_file_keeps_the_apps_own_words_in_order(store, sahel):
    docx = pytest.importorskip("docx")
    cid = _session(store, sahel)
    _older_database_holds(store, cid, HOSTILE)
    d = docx.Document(io.BytesIO(export_document(store, sahel, "docx")))
    (para,) = [p for p in d.paragraphs if "patrols" in p.text]
    assert not CONTROLS.search(para.text)
    assert para.text.endswith("We need patrols at night and roads, now — Moussa Keïta (Parliament), Q1-001")
    xml = d.element.xml
    assert not CONTROLS.search(xml)


class _Items(HTMLParser):
    """The text of every list item of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.depth += 1
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "li":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.items[-1] += data


def test_an_html_page_keeps_the_apps_own_words_in_order(store, sahel):
    cid = _session(store, sahel)
    _older_database_holds(store, cid, HOSTILE)
    page = export_document(store, sahel, "html").decode("utf-8")
    assert not CONTROLS.search(page)
    parser = _Items()
    parser.feed(page)
    (item,) = [" ".join(i.split()) for i in parser.items if "patrols" in i]
    assert item == "We need patrols at night and roads, now — Moussa Keïta (Parliament), Q1-001"


def test_a_hand_edited_file_merged_gives_a_clean_report(store, sahel):
    _session(store, sahel)
    named = export_document(store, sahel, "md").decode("utf-8").replace("placeholder", HOSTILE)
    report = merge_texts([("edited.md", named)]).text
    assert not CONTROLS.search(report)
    assert "We need patrols at night and roads, now *— Moussa Keïta (Parliament), Q1-001*" in report.replace("S1/", "")


def test_the_screen_shows_them_not(store, sahel):
    from facilitator.tui import bidi
    from facilitator.tui.plain import plain

    assert not CONTROLS.search(plain(HOSTILE).plain)
    for mode in ("on", "off"):
        bidi.set_mode(mode)
        try:
            assert not CONTROLS.search(bidi.display_line(HOSTILE))
            assert not any(CONTROLS.search(line) for line in bidi.display_lines("قال " + HOSTILE, 30))
        finally:
            bidi.set_mode("auto")
