"""The tools of clustering unit vectors: k-means, silhouettes, centres (``themes.py`` groups
ideas into themes with them).

Everything here works on a dense, row-normalised float matrix ``Z`` (one row per item, rows
in a fixed order) and is deterministic: fixed seeds, ties broken by row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEED = 0


@dataclass
class Partition:
    """Result of clustering ``n`` rows: ``labels[i]`` in ``0..k-1``; ``outlier[i]`` True when
    row ``i`` fits no cluster well; ``sim[i]`` its cosine to its cluster's centre."""

    labels: Any  # np.ndarray[int]
    outlier: Any  # np.ndarray[bool]
    sim: Any  # np.ndarray[float]
    centres: Any  # np.ndarray (k, d), unit rows
    k: int
    kchoice: Any = None  # KChoice when k was chosen here
    parents: Any = None  # np.ndarray[int] (k,): each cluster's broad theme, -1 for none (themes.py)
    n_parents: int = 0
    question_weight: float = 0.0  # how much the guiding questions weighed (0: not at all, 1: fully)


def unit_rows(Z):
    import numpy as np

    Z = np.asarray(Z, dtype=np.float64)
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return Z / norms


def exact_rows(X):
    """Rows with exactly the inner products of the rows of ``X`` (sparse, n x m, n small) in
    at most n dimensions: from the eigen-decomposition of the Gram matrix ``X X^T``."""
    import numpy as np

    G = np.asarray((X @ X.T).todense() if hasattr(X, "todense") else X @ X.T, dtype=np.float64)
    w, V = np.linalg.eigh(G)
    keep = w > 1e-10 * max(1.0, float(w.max(initial=0.0)))
    if not keep.any():
        return np.zeros((G.shape[0], 1))
    V = V[:, keep] * np.sqrt(w[keep])
    # a fixed sign per axis (eigenvectors are defined up to sign), largest axis first
    signs = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(V.shape[1])])
    signs[signs == 0] = 1.0
    return (V * signs)[:, ::-1]


def distinct_rows(Z) -> int:
    """How many different rows ``Z`` has (to 6 decimals)."""
    import numpy as np

    R = np.ascontiguousarray(np.round(np.asarray(Z, dtype=np.float64), 6) + 0.0)  # + 0.0: no -0.0
    return len({row.tobytes() for row in R})


def kmeans(Z, k: int, *, n_init: int = 4, max_iter: int = 100):
    """k-means on unit rows (Euclidean, k-means++ seeding, the best of ``n_init`` runs by
    inertia), in numpy: the same algorithm as scikit-learn's ``KMeans``, without its import
    (about 2 s here, more than the whole clustering of a 300-idea session). Returns labels
    (relabelled by first occurrence) and unit centres. Deterministic (seed SEED)."""
    import numpy as np

    Z = np.asarray(Z)
    n = Z.shape[0]
    if k <= 1 or n <= 1:
        labels = np.zeros(n, dtype=np.int64)
    else:
        labels = _lloyd(np.ascontiguousarray(Z, dtype=np.float32), min(k, n), n_init, max_iter)
    # relabel by first occurrence so the numbering is stable
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    remap = np.empty(labels.max() + 1, dtype=np.int64)
    remap[np.unique(labels)[order]] = np.arange(len(order))
    labels = remap[labels]
    centres = centres_of(Z, labels, len(order))
    return labels, centres


def _lloyd(Z, k: int, n_init: int, max_iter: int):
    import numpy as np

    n, d = Z.shape
    sq = np.einsum("ij,ij->i", Z, Z)
    # stop when the centres move less than this (scikit-learn's rule, tol=1e-4)
    tol = 1e-4 * float(np.mean(np.var(Z, axis=0)))
    shift = np.inf
    rng = np.random.default_rng(SEED)
    trials = 2 + int(np.log(k))
    rows = np.arange(n)
    best: Any = None  # the labels (an array) of the best start
    best_inertia = np.inf
    for _ in range(max(1, n_init)):
        # greedy k-means++: of a few candidates drawn by squared distance, the one that
        # lowers the potential most
        centres = np.empty((k, d), dtype=np.float32)
        first = int(rng.integers(n))
        centres[0] = Z[first]
        closest = np.maximum(sq + sq[first] - 2 * (Z @ Z[first]), 0)
        pot = float(closest.sum())
        for c in range(1, k):
            if pot <= 0:
                cand = rng.integers(n, size=trials)
            else:
                cum = np.cumsum(closest, dtype=np.float64)
                cand = np.minimum(np.searchsorted(cum, rng.random(trials) * cum[-1]), n - 1)
            dist = np.minimum(np.maximum(sq[cand][:, None] + sq[None, :] - 2 * (Z[cand] @ Z.T), 0), closest[None, :])
            pots = dist.sum(axis=1)
            j = int(np.argmin(pots))
            centres[c] = Z[cand[j]]
            closest, pot = dist[j], float(pots[j])
        labels: Any = None
        for _it in range(max_iter):
            D = np.einsum("ij,ij->i", centres, centres)[None, :] - 2 * (Z @ centres.T)
            new = np.argmin(D, axis=1)
            if labels is not None and (np.array_equal(new, labels) or shift <= tol):
                labels = new
                break
            labels = new
            M = np.zeros((k, n), dtype=np.float32)
            M[labels, rows] = 1.0
            counts = M.sum(axis=1)
            sums = M @ Z
            empty = np.flatnonzero(counts == 0)
            if empty.size:  # an empty cluster restarts on the rows furthest from their centre
                far = np.argsort(-(D[rows, labels] + sq), kind="stable")[: empty.size]
                sums[empty], counts[empty] = Z[far], 1.0
            moved = (sums / counts[:, None]).astype(np.float32)
            shift = float(((moved - centres) ** 2).sum())
            centres = moved
        inertia = float(np.maximum(D[rows, labels] + sq, 0).sum())
        if inertia < best_inertia - 1e-6 * max(1.0, abs(best_inertia) if np.isfinite(best_inertia) else 1.0):
            best, best_inertia = labels.copy(), inertia
    return best.astype(np.int64)


def centres_of(Z, labels, k: int):
    import numpy as np

    M = np.zeros((k, Z.shape[0]), dtype=np.float64)
    M[labels, np.arange(Z.shape[0])] = 1.0
    return unit_rows(M @ np.asarray(Z, dtype=np.float64))


@dataclass(frozen=True)
class KChoice:
    """How the number of (broad) themes was found: ``k``; the numbers offered (the chosen one
    first, then the best clearly different one, when there is one); ``uncertain`` when the
    evidence is weak (see ``themes.two_levels``); the curve measured, as (k, score) pairs."""

    k: int
    best: tuple[int, ...] = ()
    uncertain: bool = False
    curve: tuple[tuple[int, float], ...] = ()


def silhouette(D, labels) -> float:
    """Mean silhouette of ``labels`` over the precomputed distance matrix ``D`` (numpy, the
    same definition as scikit-learn's ``silhouette_score``: 0 for members of a cluster of one)."""
    import numpy as np

    n = len(labels)
    k = int(labels.max()) + 1
    M = np.zeros((k, n), dtype=D.dtype)
    M[labels, np.arange(n)] = 1.0
    counts = M.sum(axis=1)
    sums = D @ M.T  # n x k: sum of distances to each cluster
    own = counts[labels]
    a = sums[np.arange(n), labels] / np.maximum(own - 1, 1)
    mean = sums / np.maximum(counts, 1)[None, :]
    mean[np.arange(n), labels] = np.inf
    mean[:, counts == 0] = np.inf
    b = mean.min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    s[own <= 1] = 0.0
    return float(s.mean())


def principal_axes(S, dim: int):
    """The rows of ``S`` on its ``dim`` leading principal axes (all of them when fewer)."""
    import numpy as np

    if S.shape[1] <= dim:
        return S
    C = S - S.mean(axis=0)
    _, V = np.linalg.eigh((C.T @ C).astype(np.float64))
    return np.ascontiguousarray(C @ V[:, ::-1][:, :dim].astype(S.dtype))


def similarity_to_centres(S, labels, k: int):
    """Cosine of each row of ``S`` (unit rows, dense or sparse) to the normalised mean of its
    cluster's rows in ``S``."""
    import numpy as np

    n = S.shape[0]
    sim = np.zeros(n, dtype=np.float64)
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if members.size == 0:
            continue
        rows = S[members]
        centre = np.asarray(rows.sum(axis=0)).ravel().astype(np.float64)
        norm = np.linalg.norm(centre)
        if norm == 0:
            continue
        centre /= norm
        sim[members] = np.asarray(rows @ centre).ravel()
    return sim
