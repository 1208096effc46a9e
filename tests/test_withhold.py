"""Names withheld from what was said, in an anonymous summary (Chatham House Rule): the file
names nobody, the stored text is untouched, and reading the file back is not taken for an
edit of the texts (import, merge)."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.export import export_session
from facilitator.core.importer import import_text
from facilitator.core.merge import merge_texts
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from facilitator.core.summary.withhold import WITHHELD, Withholder, is_withheld_version

NAMES = ["Hon. Aminata Diallo", "Mariam Sow", "ليلى حداد", "Fatima Al-Sayed", "Issa Ouédraogo"]


def test_full_names_and_surnames_are_withheld_words_that_only_look_alike_are_not():
    w = Withholder(NAMES)
    # a surname that is also a word ("sow") is withheld too: over-withholding beats a leak
    assert w("As Hon. Aminata Diallo said, we must sow seeds.") == f"As {WITHHELD} said, we must {WITHHELD} seeds."
    assert w("I agree with AMINATA DIALLO and with Ms Sow.") == f"I agree with {WITHHELD} and with Ms {WITHHELD}."
    assert w("كما قالت ليلى حداد في الجلسة") == f"كما قالت {WITHHELD} في الجلسة"
    assert w("Al-Sayed's point, then Ouédraogo.") == f"{WITHHELD}'s point, then {WITHHELD}."
    assert w("Sowing, Diallonké and the hon. member") == "Sowing, Diallonké and the hon. member"
    assert w("No name here.") == "No name here."


@settings(max_examples=150, deadline=None)
@given(
    names=st.lists(st.text(st.characters(categories=("Lu", "Ll", "Lo")), min_size=3, max_size=10), min_size=1, max_size=4),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
    pick=st.integers(min_value=0, max_value=3),
)
def test_a_name_said_between_any_words_is_withheld_and_the_rest_kept(names, before, after, pick):
    name = names[pick % len(names)].capitalize()
    text = f"{before} {name} {after}"
    out = Withholder(names + [name])(text)
    assert WITHHELD in out
    assert is_withheld_version(out, text)


def _session_with_names(store, sahel):
    diallo = store.add_participant(ParticipantIn(name="Hon. Aminata Diallo", stakeholder_group="Parliament"))
    benali = store.add_participant(ParticipantIn(name="Karim Benali", stakeholder_group="UN organizations"))
    q1 = store.question_id(sahel, 1)
    store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, participant_id=benali,
                                          text="Parliaments should publish the security budget."))
    said = store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, participant_id=diallo,
                                                 text="I support what Karim Benali said about budgets."))
    Review(store, sahel, q1).add_recommendation("Follow Benali's plan for oversight.")
    return said


def test_the_anonymous_file_names_nobody_and_the_database_keeps_the_names(store, sahel, db_path):
    said = _session_with_names(store, sahel)
    text = export_session(store, sahel, anonymous=True)
    for part in ("Aminata", "Diallo", "Karim", "Benali"):
        assert part not in text
    assert f"I support what {WITHHELD} said about budgets." in text.replace("\\[", "[").replace("\\]", "]")
    assert f"Follow {WITHHELD}'s plan" in text.replace("\\[", "[").replace("\\]", "]")
    assert store.contribution(said.id).text == "I support what Karim Benali said about budgets."
    # the named export is unchanged
    assert "I support what Karim Benali said about budgets." in export_session(store, sahel)

    # read back into the same database: not an edit, the names stay
    before = sqlite3.connect(db_path).execute("SELECT text FROM contribution UNION ALL SELECT text FROM recommendation").fetchall()
    result = import_text(store, text, "anonymous.md")
    assert not result.changed, result
    after = sqlite3.connect(db_path).execute("SELECT text FROM contribution UNION ALL SELECT text FROM recommendation").fetchall()
    assert after == before


def test_merging_the_anonymous_and_the_named_file_keeps_one_item_with_the_names(store, sahel):
    _session_with_names(store, sahel)
    named, anonymous = export_session(store, sahel), export_session(store, sahel, anonymous=True)
    for order in ([("a.md", anonymous), ("n.md", named)], [("n.md", named), ("a.md", anonymous)]):
        result = merge_texts(order)
        assert result.conflicts == []
        assert result.text.count("I support what Karim Benali said about budgets.") == 1
        assert "withheld" not in result.text
    # an anonymous report of named files withholds the names of their participants annexes too
    merged = merge_texts([("n.md", named)], anonymous=True).text
    assert "Benali" not in merged and "withheld" in merged


def test_an_anonymous_round_trip_gives_the_same_bytes(store, sahel, tmp_path):
    _session_with_names(store, sahel)
    text = export_session(store, sahel, anonymous=True)
    other = Store.open(tmp_path / "other.db")
    try:
        import_text(other, text, "anonymous.md")
        assert export_session(other, sahel, anonymous=True) == text
    finally:
        other.close()


ROSTER = ["Moussa Keïta", "Élodie Traoré", "José Nuñez", "محمد الأمين", "Jean-Pierre Ouattara", "فاطمة الزهراء"]


def test_spelling_does_not_fool_the_withholding():
    w = Withholder(ROSTER)
    cases = {
        "As Keita said": f"As {WITHHELD} said",
        "As KEITA said, and keïta": f"As {WITHHELD} said, and {WITHHELD}",
        "Elodie Traore and Jose Nunez agreed": f"{WITHHELD} and {WITHHELD} agreed",
        "ELODIE TRAORÉ": WITHHELD,
        "Jean Pierre said it, jean-pierre too": f"{WITHHELD} said it, {WITHHELD} too",
        "JeanPierre agreed": f"{WITHHELD} agreed",
        # Arabic: with and without the article, harakat, tatweel, alef forms, a prefix
        "قال امين": f"قال {WITHHELD}",
        "قال أمين": f"قال {WITHHELD}",
        "قال الامين": f"قال {WITHHELD}",
        "قال الأَمِين": f"قال {WITHHELD}",
        "قال الأمـــين": f"قال {WITHHELD}",
        "وقال والأمين كذلك": f"وقال {WITHHELD} كذلك",
        "شكرا لفاطمة": f"شكرا {WITHHELD}",
        "قالت فاطمه الزهراء": f"قالت {WITHHELD}",
    }
    for text, expected in cases.items():
        assert w(text) == expected, text
        assert is_withheld_version(w(text), text)
    assert w("Keitaro and the Nunezian plan") == "Keitaro and the Nunezian plan"  # other words stay


def test_the_anonymous_export_withholds_every_spelling(store, sahel):
    said = {
        "As Keita said, budgets first.": "Keita",
        "Elodie Traore and Jose Nunez disagree.": "Traore",
        "كما قال امين في الجلسة": "امين",
    }
    for name in ROSTER:
        store.add_participant(ParticipantIn(name=name, stakeholder_group="Parliament"))
    q1 = store.question_id(sahel, 1)
    for text in said:
        store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text=text))
    out = export_session(store, sahel, anonymous=True)
    for name in said.values():
        assert name not in out, name
    assert "Nunez" not in out and "Elodie" not in out
    assert out.count("name withheld") >= 4


def test_an_invisible_character_before_a_word_changes_nothing():
    # Found by the benchmark's anonymous export (issue 26 finding 8): لجان ("committees") sounds a
    # little like Jean across scripts, which alone is not enough to withhold it; with the isolate the
    # renderer puts before Arabic text (U+2068) it was read as the name itself, so the last check of
    # the file refused an export whose render had (rightly) kept the word.
    w = Withholder(["Jean Dupont", "Amina Diallo"])
    for invisible in ("\u2068", "\u200b", "\u00ad", "\u2069"):
        for text in ("لجان الميزانية يجب أن تراقب", "قالت لجان الدفاع"):
            marked = text.replace("لجان", invisible + "لجان")
            assert w.find(marked, fast=False) == [], (invisible, text)
            assert w.find(marked) == w.find(text)
    # a real name stays withheld, whatever is before it
    for invisible in ("\u2068", "\u200b"):
        assert "Jean" not in w(f"As {invisible}Jean Dupont said") and WITHHELD in w(f"As {invisible}Jean Dupont said")


def test_an_anonymous_export_of_arabic_words_near_a_latin_name_is_written(store, sahel):
    store.add_participant(ParticipantIn(name="Jean Dupont", stakeholder_group="Parliament"))
    q1 = store.question_id(sahel, 1)
    store.add_contribution(ContributionIn(session_id=sahel, question_id=q1, text="لجان الميزانية يجب أن تراقب الإنفاق العسكري"))
    from facilitator.core.export import export_document

    data = export_document(store, sahel, "md", anonymous=True).decode("utf-8")
    assert "لجان الميزانية" in data
