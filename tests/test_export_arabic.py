"""The Arabic agenda, captured and exported: the summary holds the Arabic text exactly as typed
(logical order, harakat kept), is clean CommonMark, reads back without loss, and its anonymous
variant names nobody."""

from __future__ import annotations

from markdown_it import MarkdownIt

from facilitator.core.agenda import load_agenda
from facilitator.core.export import export_session
from facilitator.core.importer import import_text
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from tests.conftest import SAHEL_AR
from tests.test_export import lint

SAID = [
    ("ليلى حسن", "برلمان", 1, "يجب تعزيز الرقابة البرلمانية على القوات المسلحة (Q3) وعلى الموازنة."),
    ("عمر الحداد", "المجتمع المدني", 1, "المجتمعات المحلية أولاً: لا أمن بدون ثقة — كَتَبَ الشباب ذلك."),
    ("ليلى حسن", "برلمان", 2, "نحتاج إلى Budget 2023 شفاف ومتابعة كل سطر منه"),
]


def _arabic_session(store) -> str:
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    people = {}
    for name, group, position, said in SAID:
        if name not in people:
            people[name] = store.add_participant(ParticipantIn(name=name, stakeholder_group=group))
        store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, position),
                                              participant_id=people[name], text=said))
    q1 = store.question_id(sid, 1)
    review = Review(store, sid, q1)
    cluster = review.new_cluster("الرقابة والثقة", [c.id for c in store.contributions(sid, question_id=q1)])
    review.add_recommendation("تعزيز الرقابة البرلمانية على ميزانيات الأمن", cluster_id=cluster)
    return sid


def test_the_arabic_summary_keeps_the_text_and_reads_back(store, tmp_path):
    sid = _arabic_session(store)
    text = export_session(store, sid)
    assert lint(text) == []
    questions = [q.text for q in store.questions(sid)]
    rendered = MarkdownIt("commonmark").render(text)
    for _name, _group, _q, said in SAID:
        assert said.replace("&", "&amp;") in rendered  # logical order, harakat and all
    assert questions[0].rstrip("؟?") in rendered
    assert "الرقابة والثقة" in rendered and "تعزيز الرقابة البرلمانية على ميزانيات الأمن" in rendered

    other = Store.open(tmp_path / "other.db")
    try:
        import_text(other, text, "ar.md")
        assert export_session(other, sid) == text
        assert [c.text for c in other.contributions(sid)] == [said for *_, said in SAID]
    finally:
        other.close()


def test_the_anonymous_arabic_summary_names_nobody(store):
    sid = _arabic_session(store)
    text = export_session(store, sid, anonymous=True)
    assert lint(text) == []
    for name in ("ليلى", "حسن", "عمر", "الحداد"):
        assert name not in text
    # attributed by stakeholder group: "برلمان" and "المجتمع المدني" are words for the known groups,
    # stored as those groups (core/vocab.py: one check, the same aliases) and named in the
    # report's language (vocab.group_label)
    assert "البرلمان" in text and "المجتمع المدني" in text
