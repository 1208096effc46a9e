"""The steps that load_doc, the parser's walk and merge_docs are made of, each on its own."""

from __future__ import annotations

from facilitator.core.agenda import create_session, load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.core.summary.fromdb import _Loader
from facilitator.core.summary.merging import _Merger
from facilitator.core.summary.model import Participant, QuestionRef, Recommendation, Section
from facilitator.core.summary.parse import _Parser, parse_summary
from facilitator.core.summary.people import same_people, skeleton
from tests.golden.builders import SAHEL_EN


def _session(store):
    session, text = load_agenda(SAHEL_EN)
    sid = create_session(store, session, agenda_text=text).id
    pid = store.add_participant(ParticipantIn(name="Ana Diop"))
    store.add_participant(ParticipantIn(name="Nobody Spoke"))
    c = store.add_contribution(ContributionIn(session_id=sid, question_id=store.question_id(sid, 2), participant_id=pid,
                                              text="Publish the budget."))
    review = Review(store, sid, store.question_id(sid, 2))
    kid = review.new_cluster("Budget", [c.id])
    review.set_cluster_lenses(kid, ["state"])
    Review(store, sid).add_recommendation("A whole-session idea.")
    return sid, kid, pid


def test_loader_steps(store):
    sid, kid, pid = _session(store)
    loader = _Loader(store, sid)
    info = loader.session_info()
    assert info.area == "security" and info.lenses == ["human", "state", "regional"] and info.purpose
    loader.questions()
    assert [sec.questions[0].position for sec in loader.order] == list(range(1, 15))
    loader.themes()
    assert loader.clusters[kid].lenses == ["state"]
    loader.contributions()
    loader.place_themes()
    assert [cl.id for cl in loader.sections[store.question_id(sid, 2)].clusters] == [kid]
    standalone = loader.recommendations()
    assert [r.text for r in standalone] == ["A whole-session idea."]
    assert list(loader.participants()) == [pid]  # who spoke, not the whole roster


def test_the_walk_hands_each_comment_to_its_handler():
    parser = _Parser("", "x.md")
    assert {name[len("comment_"):] for name in dir(parser) if name.startswith("comment_")} >= {
        "session", "question", "unassigned", "outcome", "evidence", "across", "cluster", "set", "counts",
        "participants", "overview", "similar", "recommendations", "unclustered", "report", "end", "export"}
    text = """<!-- facilitator:export version=1 -->

# Une séance

<!-- facilitator:session id=01h0000000000000000000000a language=fr -->

- Date: 2023-03-11
- Domaine: Sécurité
- Optiques: humaine

## Recommandations

1. **adoptée · rang 2 · optique : régionale · à Parlements nationaux** Un texte. *— répond à Q1*

<!-- facilitator:cluster id=01h0000000000000000000000b -->

## Q1. Une question ?

- Une contribution.

<!-- facilitator:end -->
"""
    doc = parse_summary(text, "fr.md")
    s = doc.sessions[0]
    assert (s.area, s.lenses) == ("security", ["human"])
    rec = next(doc.recommendations())
    assert (rec.status, rec.rank, rec.lenses, rec.addressed_to) == ("agreed", 2, ["regional"], "Parlements nationaux")
    assert any("'cluster' comment out of place" in w for w in doc.warnings)


def test_merger_steps():
    merger = _Merger(lang=None)
    a = Section(text="What is the role of parliaments?", questions=[
        QuestionRef(id="q" * 26, session_id="s" * 26, position=1, text="What is the role of parliaments?",
                    translations={"ar": "ما هو دور البرلمانات؟"})])
    from facilitator.core.summary.model import Doc, SessionInfo

    doc = Doc(sessions=[SessionInfo(id="s" * 26, title="T", date="2023-03-11")], sections=[a])
    first = merger.target_section(doc, a)
    b = Section(text="ما هو دور البرلمانات؟", questions=[
        QuestionRef(id="r" * 26, session_id="t" * 26, position=1, text="ما هو دور البرلمانات؟")])
    assert merger.target_section(doc, b) is first  # matched by its words in another language
    dest: list = []
    r = Recommendation(id="x" * 26, session_id="s" * 26, seq=1, text="One.")
    merger.place("r", r, dest, "a.md", "Q1")
    merger.place("r", Recommendation(id="x" * 26, session_id="s" * 26, seq=1, text="One."), dest, "b.md", "Q1")
    assert len(dest) == 1 and not merger.conflicts
    merger.place("r", Recommendation(id="x" * 26, session_id="s" * 26, seq=1, text="One!"), dest, "b.md", "Q1")
    assert len(dest) == 2 and len(merger.conflicts) == 1


def test_people_are_matched_across_spellings_and_scripts_but_not_short_names():
    people = {str(i): Participant(id=str(i), name=n) for i, n in enumerate(
        ["Hon. Aminata Traoré", "aminata traore", "أميناتا تراوري", "ليلى حداد", "Leila Haddad", "Ms. Ba", "بو",
         "Mariam Sow", "Miriam Saw"])}
    assert same_people(people) == {"1": "0", "2": "0", "4": "3"}
    assert skeleton("Mohamed El Amine") == skeleton("محمد الأمين")
