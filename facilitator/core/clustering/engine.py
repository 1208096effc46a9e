"""Clustering of unit vectors: spherical-ish k-means, a chosen number of clusters, outliers.

Everything here works on a dense, row-normalised float matrix ``Z`` (one row per item, rows
in a fixed order) and is deterministic: fixed seeds, ties broken by row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEED = 0
SAMPLE = 2000  # rows the number of clusters is chosen on
K_MAX = 100  # never more clusters than this when k is chosen (20 rows each in the sample)
CHOOSE_DIM = 128  # principal axes k-means runs on while k is chosen


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
    """How the number of clusters was chosen: ``k``; the two best k found (best first);
    ``uncertain`` when the evidence is weak (see :func:`choose_k`); the curve measured, as
    (k, score) pairs."""

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


def choose_k(Z, *, k_min: int = 2, k_max: int | None = None, sample: int = SAMPLE) -> KChoice:
    """A number of clusters for unit rows ``Z``: the best mean silhouette (cosine) over
    :func:`candidate_ks`, on a fixed sample of rows, less the silhouette k-means reaches on
    the same rows with their coordinates shuffled (measured: without it, Biomedical's curve
    peaks at a useless k=2, with it at the true 20). See :func:`_pick` and KChoice."""
    import numpy as np

    n = Z.shape[0]
    if n < 4:
        return KChoice(1)
    if k_max is None:
        k_max = default_k_max(n)
    k_max = min(k_max, distinct_rows(Z) - 1, n - 1)
    if k_max < 2:
        return KChoice(1)
    k_min = max(2, min(k_min, k_max))
    rng = np.random.default_rng(SEED)
    idx = np.sort(rng.choice(n, size=sample, replace=False)) if n > sample else np.arange(n)
    S = np.ascontiguousarray(Z[idx], dtype=np.float32)
    D = np.clip(1.0 - S @ S.T, 0.0, 2.0)  # cosine distances of unit rows, computed once
    np.fill_diagonal(D, 0.0)
    # the same rows with each coordinate shuffled on its own: no clusters, the same spread.
    # Its silhouette is what k-means finds in noise at that k (highest at small k).
    N = S.copy()
    shuffle = np.random.default_rng(SEED + 1)
    for j in range(N.shape[1]):
        N[:, j] = N[shuffle.permutation(len(N)), j]
    N = unit_rows(N).astype(np.float32)
    DN = np.clip(1.0 - N @ N.T, 0.0, 2.0)
    np.fill_diagonal(DN, 0.0)
    # k-means on the leading principal axes (silhouettes on all of them): 8x fewer products
    S_low, N_low = _principal(S, CHOOSE_DIM), _principal(N, CHOOSE_DIM)
    found: list[tuple[int, float]] = []
    for k in candidate_ks(k_min, min(k_max, len(idx) - 1)):
        labels, _ = kmeans(S_low, k, n_init=2)
        if len(np.unique(labels)) < 2:
            continue
        null, _ = kmeans(N_low, k, n_init=1)
        found.append((k, silhouette(D, labels) - silhouette(DN, null)))
    if not found:
        return KChoice(1)
    return _pick(found, k_max)


EARLY_PEAK_SHARE = 0.65  # an earlier peak this close to the best wins over a rising curve
PROMINENCE = 0.05  # ... if the curve falls this much (relative) after it before rising again
EARLY_PEAK_RATIO = 5  # ... at most a fifth of the best k (the panel: 7 against 23 is no rise)
RISE_SHARE = 0.9  # ... and the curve climbs clearly above it (closer: a near tie, the best k stays)
NEAR_TIE = 0.02  # another k this close (relative) to the best: the choice is uncertain
PLATEAU = 0.05  # ks this close (relative) to the best are a flat top: the largest is taken
FLAT = 0.15  # a curve whose best is this close (relative) to its median is flat


def _principal(S, dim: int):
    """The rows of ``S`` on its ``dim`` leading principal axes (all of them when fewer)."""
    import numpy as np

    if S.shape[1] <= dim:
        return S
    C = S - S.mean(axis=0)
    w, V = np.linalg.eigh((C.T @ C).astype(np.float64))
    return np.ascontiguousarray(C @ V[:, ::-1][:, :dim].astype(S.dtype))


def _pick(found: list[tuple[int, float]], k_max: int) -> KChoice:
    """The rule (measured on every labeled set, see tests/benchmarks/RESULTS.md):

    1. the k of the best silhouette, from k=2 on, with no floor and no tolerance;
    2. unless the curve is still rising there: when the best sits in the upper half of the
       candidates and an earlier local peak (both neighbours lower, at most 1/EARLY_PEAK_RATIO of that k)
       reaches EARLY_PEAK_SHARE of it (but less than RISE_SHARE: a flat curve is no rising one)
       and stands out (PROMINENCE), the earlier peak is taken (snippets and near-duplicates
       make silhouettes climb with k long after the topics are split);
    3. otherwise the largest k of the run of ks next to the best that score within PLATEAU
       of it (a flat top); when the whole curve is flat (its best within FLAT of its median),
       the largest k within PLATEAU of the best anywhere;
    4. uncertain when rule 2 decided, when the curve is flat, when the best sits at an end of the range, or when a
       clearly different k (20% or more away) scores within NEAR_TIE of it. ``best`` holds the
       chosen k and the best clearly different one."""
    ks = [k for k, _ in found]
    score = dict(found)
    top = max(ks, key=lambda k: (score[k], -k))
    k, uncertain = top, False
    if ks.index(top) >= len(ks) // 2:
        peaks = [
            kk for i, kk in enumerate(ks[1:-1], start=1)
            if score[kk] > score[ks[i - 1]] and score[kk] > score[ks[i + 1]] and kk * EARLY_PEAK_RATIO <= top
        ]
        strong = [
            kk for kk in peaks
            if EARLY_PEAK_SHARE * score[top] <= score[kk] < RISE_SHARE * score[top] and _prominent(ks, score, kk)
        ]
        if strong:
            k, uncertain = max(strong, key=lambda kk: (score[kk], -kk)), True
    if not uncertain:
        # a flat top: the most clusters that score about as well (merging two clusters is one
        # key in the review; splitting one needs each idea picked), next to the best...
        near = score[top] - PLATEAU * abs(score[top])
        i = ks.index(top)
        while i + 1 < len(ks) and score[ks[i + 1]] >= near:
            i += 1
        k = ks[i]
        # ... or anywhere when the whole curve is flat (no k stands out: Biomedical's titles)
        middle = sorted(score.values())[len(ks) // 2]
        if score[top] - middle < FLAT * abs(score[top]):
            k, uncertain = max(kk for kk in ks if score[kk] >= near), True
    others = [kk for kk in ks if abs(kk - k) > max(1, 0.2 * k)]
    second = max(others, key=lambda kk: (score[kk], -kk)) if others else None
    if k == ks[0] or (k == ks[-1] and k < k_max) or k == k_max:
        uncertain = True
    if second is not None and score[second] >= score[k] - NEAR_TIE * abs(score[k]):
        uncertain = True
    best = (k,) if second is None else (k, second)
    return KChoice(k=k, best=best, uncertain=uncertain, curve=tuple((kk, round(v, 4)) for kk, v in found))


def _prominent(ks, score, peak) -> bool:
    """Whether the curve falls by PROMINENCE after ``peak`` before climbing back above it."""
    low = score[peak]
    for kk in ks[ks.index(peak) + 1 :]:
        if score[kk] > score[peak]:
            break
        low = min(low, score[kk])
    return low <= score[peak] - PROMINENCE * abs(score[peak])


def default_k_max(n: int) -> int:
    """At most about 2 sqrt(n) clusters (of three items on average at least), never more than
    K_MAX."""
    import math

    return max(2, min(K_MAX, n // 3, int(math.ceil(2 * math.sqrt(n)))))


def candidate_ks(k_min: int, k_max: int) -> list[int]:
    """Every k up to 12, then steps of about 20%, and k_max itself."""
    ks = []
    k = k_min
    while k <= k_max:
        ks.append(k)
        k = k + 1 if k < 12 else max(k + 1, int(round(k * 1.2)))
    if ks and ks[-1] != k_max:
        ks.append(k_max)
    return ks


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


def partition(Z, k: int | None, *, outlier_sim: float, keep_all_clusters: bool, S=None) -> Partition:
    """Cluster unit rows ``Z`` into ``k`` groups (chosen when None) and flag outliers:
    rows whose cosine to their centre (measured on the unit rows ``S``, default ``Z``) is
    below ``outlier_sim``, and (unless ``keep_all_clusters``) every member of a cluster of one."""
    import numpy as np

    n = Z.shape[0]
    kchoice = None
    if k is None:
        kchoice = choose_k(Z)
        k = kchoice.k
    k = max(1, min(k, n, distinct_rows(Z)))
    labels, centres = kmeans(Z, k)
    sim = similarity_to_centres(Z if S is None else S, labels, len(centres))
    outlier = sim < outlier_sim
    sizes = np.bincount(labels, minlength=len(centres))
    if keep_all_clusters:
        # never empty a cluster the facilitator asked for: its most central member stays
        for c in range(len(centres)):
            members = np.flatnonzero(labels == c)
            if members.size and outlier[members].all():
                outlier[members[np.argmax(sim[members])]] = False
    else:
        outlier |= sizes[labels] < 2
        # a cluster left with one member after outlier removal dissolves too
        kept = np.bincount(labels[~outlier], minlength=len(centres))
        outlier |= kept[labels] < 2
    return Partition(labels=labels, outlier=outlier, sim=sim, centres=centres, k=len(centres), kchoice=kchoice)
