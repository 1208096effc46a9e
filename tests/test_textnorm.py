"""Normalisation for search: Arabic marks and alef forms, French accents; SQL and Python agree."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core import textnorm


def test_arabic_harakat_tatweel_and_alef_forms_fold_away():
    assert textnorm.normalize("كَتَبَ") == "كتب"
    assert textnorm.normalize("كـــتـب") == "كتب"
    assert textnorm.normalize("أحمد إبراهيم آمنة ٱلله") == "احمد ابراهيم امنه الله"
    assert textnorm.normalize("مُسْتَشْفَى") == "مستشفي"
    assert textnorm.normalize("٢٠٢٣") == "2023"


def test_french_accents_and_case_fold_away():
    assert textnorm.normalize("Sécurité à l'ÉCOLE, où ça?") == "securite a l'ecole, ou ca?"
    assert textnorm.normalize("Œuvre cœur") == "oeuvre coeur"


def test_sql_fold_equals_python_fold():
    conn = sqlite3.connect(":memory:")
    sample = "كَتَبَ الطالبُ ـــ أإآٱ ى ة ٣٤ Œuvre ß \u200fRTL\u200e"
    assert conn.execute(f"SELECT {textnorm.sql_fold('?')}", (sample,)).fetchone()[0] == textnorm.fold(sample)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcéèÉ ـَُِّْكتبأإآاىة٣ Œ'\"-\n"), max_size=40))
def test_the_map_points_back_into_the_original(text):
    norm, where = textnorm.normalize_with_map(text)
    assert norm == textnorm.normalize(text)
    assert len(where) == len(norm)
    assert all(0 <= i < len(text) for i in where)
    assert where == sorted(where)


def test_match_expression_quotes_everything_and_ands_words():
    assert textnorm.match_expression("") is None
    assert textnorm.match_expression("  ;; ") is None
    assert textnorm.match_expression("Sécurité") == '"Sécurité"*'
    assert textnorm.match_expression('"early warning" OR') == '"early warning" AND "OR"*'
    expr = textnorm.match_expression("كَتَبَ")
    assert expr.startswith('("كتب"* OR "الكتب"*')


def test_match_spans_give_whole_words_of_the_stored_text():
    text = "Les parlements doivent renforcer la sécurité; SÉCURITÉ d'abord."
    spans = textnorm.match_spans(text, "securite")
    assert [text[a:b] for a, b in spans] == ["sécurité", "SÉCURITÉ"]
    arabic = "قال إنّ الكِتَابَ مهمّ"
    spans = textnorm.match_spans(arabic, "كتاب")
    assert [arabic[a:b] for a, b in spans] == ["الكِتَابَ"]
