"""What the anonymity matcher makes of one word (``Withholder._classify``): each of its readings
pinned on a roster that exercises it (titles, particles, articles, single letters, Arabic function
words and prefixes, digits and signs as letters, joined words, plurals, invisible joiners, names
across Latin and Arabic script), and the whole on many generated words."""

from __future__ import annotations

import pytest

from facilitator.core.summary.withhold import Withholder, _Word

ROSTER = ["Hon. Aminata Diallo", "Mariam Sow", "ليلى حداد", "Fatima Al-Sayed", "Issa Ouédraogo", "Ka Ba",
          "محمد الأمين", "Aminata Traoré", "Jean-Pierre Touré"]


def word(forms=(), **flags) -> _Word:
    return _Word(forms=set(forms), **flags)


# (word as written, what it is); each row one reading of the classifier
CASES = [
    ("", word()),  # nothing left once folded
    ("\u200b", word()),
    ("Hon", word({"hon"}, title=True, starts=True)),  # a title (the roster has full names with it)
    ("de", word({"de"}, particle=True)),
    ("El", word({"el"}, particle=True, article=True)),  # a Latin spelling of the Arabic article
    ("A", word({"a"}, single="a")),
    ("x", word({"x"}, single="x")),
    ("على", word()),  # "on", not Ali: nothing at all
    ("والأمين", word({"الامين", "امين", "والامين"}, strong=True)),  # conjunction + article before the name
    ("ليلاً", word({"يلا", "ليلا"})),  # tanween: a word (at night), not Layla, and not read across scripts
    ("Tr@oré", word({"ore", "tr", "traore", "tr@ore"}, strong=True)),  # a sign for a letter
    ("T0uré2023", word({"t0ure2023", "ure", "toure"}, strong=True)),  # a digit for a letter, a year after
    ("Sow_x", word({"sowx"})),  # underscores dropped
    ("T|ouré", word({"tloure", "oure", "t|oure"})),  # | read as l
    ("JusticeForTraore", word({"justice", "justicefortraore", "traore", "for"}, strong=True)),  # camel case
    ("Tourés", word({"tour", "toures", "toure"}, strong=True)),  # a plural
    ("Tourées", word({"tourees", "toure", "touree"}, strong=True)),  # a plural in -es
    ("Ba", word({"ba"}, weak=True)),  # a two-letter surname: only beside the name or after a title
    ("Ka", word({"ka"}, weak=True, starts=True)),  # ... and the first word of a full name
    ("Diallo", word({"diallo"}, strong=True)),
    ("Amine", word({"amine", "امين"}, strong=True, weak=True, after_article=True)),  # Latin for الأمين
    ("Lamine", word({"امين", "lamine"}, strong=True, weak=True)),
    ("تراوري", word({"traore", "تراوري"}, strong=True, weak=True)),  # Arabic for Traoré
    ("محمد\u200cالأمين", word({"الامين", "امين", "محمدالامين", "محمد"}, strong=True, starts=True)),  # a hidden joiner
    ("Mohamed", word({"mohamed", "محمد"}, strong=True, weak=True, starts=True)),
    ("Leila", word({"ليلي", "leila"}, strong=True, weak=True, starts=True)),
    ("Haddad", word({"haddad", "حداد"}, strong=True, weak=True)),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[repr(r) for r, _e in CASES])
def test_each_reading_of_a_word(raw, expected):
    assert Withholder(ROSTER)._classify(raw) == expected


def test_a_title_is_a_title_only_when_some_name_needs_one():
    assert Withholder([])._classify("Hon") == word({"hon"})  # an empty roster: no name, no title
    assert Withholder(["Ka Ba"])._classify("Hon").title is True


def test_a_title_or_a_particle_is_never_a_name_on_its_own():
    # "Sheikh" on the roster alone is a name; as a title it still never makes a word a name
    w = Withholder(["Sheikh", "Fatima Al-Sayed"])
    assert not w._classify("Sheikh").strong
    assert not w._classify("al").strong and w._classify("Sayed").strong
