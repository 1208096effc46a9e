"""Themes: how many, with sub-themes where there are many, and the guiding questions.

Size: ~500 lines: one algorithm, how many themes and sub-themes (small groups, joining while alike,
the guiding questions' weight, the two levels), written in the order it runs; its steps share the
groups' state (``_Groups``) and the constants measured on the labeled sets, and splitting it would
cut one measured procedure in two.

Everything works on unit rows ``Z`` (one per idea, in id order) and is deterministic.

1. **Small groups first.** The ideas are cut into small groups of about ``PER_PIECE`` ideas by
   k-means (at most ``MICRO_MAX`` groups; above a few thousand ideas on their leading principal
   axes).
2. **Groups are joined while they are alike** (group-average linkage): two groups are joined
   when the mean cosine between their ideas is at least ``RHO`` times the mean cosine inside
   them (the geometric mean of their two cohesions), the best-matching pair first. The number of
   themes is where this stops: no number is chosen from a range, and a group of ideas that are
   alike among themselves but unlike the rest stays a theme of its own. Measured on every
   labeled set (tests/benchmarks/RESULTS.md), this found finer and purer groups than k-means
   with the best silhouette; on broad sets it finds dozens of them, hence step 4.
3. **The guiding questions** (whole-session suggestions): how much more alike the ideas that
   answer the same question are than ideas grouped at random is measured (the silhouette of the
   questions, less that of the same questions shuffled), as a share of how much the themes
   found without the questions stand out (their silhouette, less that of noise of the same
   spread). Where the questions stand out about as well as the themes (a panel whose themes
   follow its questions), the small groups are made within each question, groups of one
   question join more easily and groups of different questions less easily, in proportion
   (``question_weight``, 0 to 1). Where they do not (themes that cross the questions), the
   questions change nothing. A theme that recurs across questions is still
   one theme when its ideas are alike enough.
4. **Two levels.** From ``FLAT_N`` ideas on, more than ``K_FLAT`` themes are grouped under at
   most ``K_TOP`` broader themes (the joining goes on; of the cuts with 2 to ``K_TOP`` groups, the one with the best
   silhouette above that of shuffled data is kept), each with at most ``K_SUB`` sub-themes (the
   closest sub-themes of a theme are joined until there are that many). A broad theme that
   would have one sub-theme stays a theme of its own.

When a number of clusters is asked for, the joining goes on (or stops) at that number, one
level, the questions weighing as above; without questions, k-means steps from the groups joined
then move each idea to its closest group (at the true number of every labeled set, that scored
as well as k-means with the best of four starts, and better on the fine-grained sets).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .engine import SEED, KChoice, Partition, distinct_rows, kmeans, principal_axes, silhouette, unit_rows

RHO = 0.6  # join while the mean cosine between two groups is at least this share of the one inside them
PER_PIECE = 4  # ideas per small group of step 1
MICRO_MAX = 240  # at most this many small groups
MICRO_DIM = 128  # principal axes the small groups are made on, from MICRO_BIG ideas on
MICRO_BIG = 3000
QUESTION_IN = 0.6  # at full question weight, joining within a question needs RHO - this
QUESTION_ACROSS = 0.3  # ... and joining across questions RHO + this
QUESTION_LOW, QUESTION_HIGH = 0.3, 0.8  # the questions' gain over the themes' gain mapped to weight 0 .. 1
QUESTION_MIN = 0.01  # a questions' silhouette gain below this: the questions do not weigh
QUESTION_STRUCTURE_FLOOR = 0.02  # the themes' gain counted at least this
BROADER = 0.2  # the number offered beside the one found: joining down to RHO - this (or up to RHO + this)
QUESTION_SAMPLE = 2000
QUESTION_SHUFFLES = 5
K_FLAT = 20  # up to this many themes: one level
FLAT_N = 300  # and below this many ideas (a panel's session): one level whatever the number
K_TOP = 12  # otherwise at most this many broad themes ...
K_SUB = 12  # ... of at most this many sub-themes each
TOP_SAMPLE = 2000


@dataclass
class _Groups:
    """Groups being joined: the sums of their unit rows, their sizes, their questions."""

    sums: Any  # (g, d) float64
    sizes: Any  # (g,) float64
    questions: Any  # (g, q) float64, 1 where the group holds ideas of that question
    members: list[list[int]]
    alive: Any = None
    dots: Any = None  # sums @ sums.T

    def __post_init__(self) -> None:
        import numpy as np

        self.alive = np.ones(len(self.members), dtype=bool)
        self.dots = self.sums @ self.sums.T

    @property
    def count(self) -> int:
        return int(self.alive.sum())

    def gains(self, rho_in: float, rho_across: float):
        """For each pair: how far the mean cosine between them is above what joining needs,
        in units of their cohesion (-inf for pairs that cannot be joined)."""
        import numpy as np

        n = self.sizes
        own = np.diag(self.dots)
        coh = np.where(n > 1, (own - n) / np.maximum(1.0, n * (n - 1)), np.nan)
        known = coh[self.alive & (n > 1)]
        typical = float(np.median(known)) if known.size else 0.1
        floor = max(1e-3, 0.25 * abs(typical))
        c = np.maximum(np.where(np.isnan(coh), typical, coh), floor)
        share = (self.questions @ self.questions.T) > 0
        need = np.where(share, rho_in, rho_across)
        ratio = self.dots / np.outer(n, n) / np.sqrt(np.outer(c, c))
        ok = np.outer(self.alive, self.alive)
        np.fill_diagonal(ok, False)
        return np.where(ok, ratio - need, -np.inf)

    def best(self, rho_in: float, rho_across: float) -> tuple[int, int, float] | None:
        import numpy as np

        if self.count < 2:
            return None
        g = self.gains(rho_in, rho_across)
        i, j = (int(x) for x in np.unravel_index(int(np.argmax(g)), g.shape))  # ties: the first pair in row order
        if not np.isfinite(g[i, j]):
            return None
        return (min(i, j), max(i, j), float(g[i, j]))

    def join(self, i: int, j: int) -> None:
        self.sums[i] += self.sums[j]
        self.sizes[i] += self.sizes[j]
        self.questions[i] = self.questions[i] + self.questions[j] > 0
        self.members[i] += self.members[j]
        self.alive[j] = False
        self.sizes[j] = 1.0
        self.sums[j] = 0.0
        self.questions[j] = 0.0
        self.members[j] = []
        self.dots[i, :] = self.sums @ self.sums[i]
        self.dots[:, i] = self.dots[i, :]
        self.dots[j, :] = 0.0
        self.dots[:, j] = 0.0

    def labels(self, n: int):
        import numpy as np

        out = np.empty(n, dtype=np.int64)
        for g, idx in enumerate(i for i in range(len(self.members)) if self.alive[i]):
            out[self.members[idx]] = g
        return out


def _groups(Z, pieces: Sequence[tuple[int, Any]], n_questions: int) -> _Groups:
    import numpy as np

    Zd = np.asarray(Z, dtype=np.float64)
    sums = np.stack([Zd[m].sum(axis=0) for _, m in pieces])
    sizes = np.array([len(m) for _, m in pieces], dtype=np.float64)
    questions = np.zeros((len(pieces), max(1, n_questions)))
    for g, (q, _) in enumerate(pieces):
        if q >= 0:
            questions[g, q] = 1.0
    return _Groups(sums=sums, sizes=sizes, questions=questions, members=[list(map(int, m)) for _, m in pieces])


def _join(groups: _Groups, rho_in: float, rho_across: float, k: int | None) -> None:
    """Step 2: join the best-matching pair while it is alike enough (``k`` None), or until
    ``k`` groups are left."""
    while True:
        found = groups.best(rho_in, rho_across)
        if found is None:
            return
        i, j, gain = found
        if (k is None and gain < 0) or (k is not None and groups.count <= k):
            return
        groups.join(i, j)


def small_groups(Z, by: Sequence[Any] | None, *, at_least: int = 1) -> list[tuple[int, Any]]:
    """Step 1: (question index or -1, row indices) of small groups of about PER_PIECE ideas,
    made within each question when ``by`` (one question index per row) is given; at least
    ``at_least`` groups in all when the rows allow it."""
    import numpy as np

    n = Z.shape[0]
    parts = [(-1, np.arange(n))] if by is None else [
        (int(q), np.flatnonzero(np.asarray(by) == q)) for q in sorted(set(np.asarray(by).tolist()))
    ]
    budget = max(MICRO_MAX, at_least)
    wanted = {q: max(1, math.ceil(len(idx) / PER_PIECE)) for q, idx in parts}
    total = sum(wanted.values())
    if total > budget:  # fewer, larger groups, in proportion
        wanted = {q: max(1, int(budget * w / total)) for q, w in wanted.items()}
    if at_least > sum(wanted.values()) and parts:
        q0, idx0 = max(parts, key=lambda p: len(p[1]))
        wanted[q0] += at_least - sum(wanted.values())
    out = []
    big = n >= MICRO_BIG  # then on the leading principal axes of all the rows, one start each
    low = principal_axes(np.ascontiguousarray(Z, dtype=np.float32), MICRO_DIM) if big else None
    for q, idx in parts:
        rows = Z[idx]
        k = min(wanted[q], len(idx), distinct_rows(rows))
        if k <= 1:
            out.append((q, idx))
            continue
        if low is not None:  # big
            labels, _ = kmeans(np.ascontiguousarray(low[idx]), k, n_init=1, max_iter=40)
        else:
            labels, _ = kmeans(np.ascontiguousarray(rows, dtype=np.float32), k, n_init=2)
        out.extend((q, idx[labels == c]) for c in range(int(labels.max()) + 1))
    return out


def question_weight(Z, by: Sequence[Any] | None, themes=None) -> float:
    """Step 3: 0 (the questions say nothing about the themes) to 1 (the ideas of a question are
    as alike as those of a theme): how far the silhouette of the questions (in the rows'
    geometry, on a fixed sample) is above its mean with the questions shuffled, as a share of
    how far the silhouette of ``themes`` (found without the questions) is above that of k-means
    in the same rows with each coordinate shuffled; mapped from QUESTION_LOW..QUESTION_HIGH to
    0..1 (none when the questions' own gain is below QUESTION_MIN)."""
    import numpy as np

    if by is None:
        return 0.0
    q = np.asarray(by)
    if len(set(q.tolist())) < 2 or len(q) < 4:
        return 0.0
    rng = np.random.default_rng(SEED)
    idx = np.sort(rng.choice(len(q), size=QUESTION_SAMPLE, replace=False)) if len(q) > QUESTION_SAMPLE else np.arange(len(q))
    S = np.asarray(Z[idx], dtype=np.float32)
    D = np.clip(1.0 - S @ S.T, 0.0, 2.0)
    np.fill_diagonal(D, 0.0)
    _, labels = np.unique(q[idx], return_inverse=True)
    if labels.max() < 1:
        return 0.0
    shuffled = np.random.default_rng(SEED + 1)
    null = float(np.mean([silhouette(D, shuffled.permutation(labels)) for _ in range(QUESTION_SHUFFLES)]))
    gain = silhouette(D, labels) - null
    if gain < QUESTION_MIN:
        return 0.0
    structure = QUESTION_STRUCTURE_FLOOR
    if themes is not None:
        _, found = np.unique(np.asarray(themes)[idx], return_inverse=True)
        if found.max() >= 1:
            structure = max(structure, silhouette(D, found) - _noise_silhouette(S, int(found.max()) + 1))
    ratio = gain / structure
    return float(min(1.0, max(0.0, (ratio - QUESTION_LOW) / (QUESTION_HIGH - QUESTION_LOW))))


def _noise_silhouette(S, k: int) -> float:
    """The silhouette k-means reaches at ``k`` in the rows ``S`` with each coordinate shuffled
    on its own (no structure, the same spread)."""
    import numpy as np

    N = np.array(S, dtype=np.float32, copy=True)
    shuffle = np.random.default_rng(SEED + 2)
    for j in range(N.shape[1]):
        N[:, j] = N[shuffle.permutation(len(N)), j]
    N = unit_rows(N).astype(np.float32)
    D = np.clip(1.0 - N @ N.T, 0.0, 2.0)
    np.fill_diagonal(D, 0.0)
    labels, _ = kmeans(principal_axes(N, 128), min(k, len(N) - 1), n_init=1)
    return silhouette(D, labels) if labels.max() >= 1 else 0.0


REFINE_ITER = 20


def refine(Z, labels, iterations: int = REFINE_ITER):
    """k-means steps from the groups found (each row to its closest group centre, the centres
    moved, until nothing moves): the groups' count stays; a group left empty is dropped."""
    import numpy as np

    from .engine import centres_of

    labels = np.asarray(labels, dtype=np.int64)
    for _ in range(iterations):
        k = int(labels.max()) + 1
        centres = centres_of(Z, labels, k)
        moved = np.argmax(np.asarray(Z, dtype=np.float64) @ centres.T, axis=1)
        if np.array_equal(moved, labels):
            break
        _, labels = np.unique(moved, return_inverse=True)
    # numbered by first row, as the groups are
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    remap = np.empty(len(order), dtype=np.int64)
    remap[order] = np.arange(len(order))
    return remap[labels]


@dataclass
class Structure:
    """What :func:`find` returns: one theme per row (``labels``), and for each theme its broad
    theme (``parents[t]``, -1 when it has none)."""

    labels: Any
    parents: Any
    n_parents: int = 0
    question_weight: float = 0.0
    kchoice: KChoice | None = None
    curve: tuple = field(default_factory=tuple)


def find(Z, *, k: int | None = None, by: Sequence[Any] | None = None) -> Structure:
    """Themes of the unit rows ``Z`` (steps 1-3); ``k``: exactly that many (when the rows
    allow), one level; ``by``: each row's question (any sortable keys; None: no questions)."""
    import numpy as np

    n = Z.shape[0]
    if n == 0:
        return Structure(labels=np.zeros(0, dtype=np.int64), parents=np.zeros(0, dtype=np.int64))
    codes: Any = None  # np.ndarray[int]: each row's question, as an index into the sorted keys
    if by is not None:
        keys = sorted(set(by), key=lambda v: (v is None, str(v)))
        index = {v: i for i, v in enumerate(keys)}
        codes = np.array([index[v] for v in by], dtype=np.int64)
    n_questions = 0 if codes is None else int(codes.max()) + 1
    pieces = small_groups(Z, None, at_least=k or 1)
    groups = _groups(Z, pieces, n_questions)
    weight = 0.0
    if n_questions > 1:  # the themes without the questions first: how much do the questions add?
        plain = _groups(Z, pieces, 0)
        _join(plain, RHO, RHO, None)
        weight = question_weight(Z, codes, plain.labels(n))
        if weight > 0:
            pieces = small_groups(Z, codes, at_least=k or 1)
            groups = _groups(Z, pieces, n_questions)
    rho_in, rho_across = RHO - QUESTION_IN * weight, RHO + QUESTION_ACROSS * weight
    _join(groups, rho_in, rho_across, k)
    labels = groups.labels(n)
    if k is not None and weight == 0:
        labels = refine(Z, labels)  # measured: k-means steps from the joined groups fit better at a given k
    n_themes = int(labels.max()) + 1
    kchoice = None
    if k is None:
        # a number to offer beside it (G): the broader themes a looser join makes, else the
        # finer ones of a stricter join
        _join(groups, rho_in - BROADER, rho_across - BROADER, None)
        other = groups.count
        if other >= n_themes:
            finer = _groups(Z, pieces, n_questions)
            _join(finer, rho_in + BROADER, rho_across + BROADER, None)
            other = finer.count
        kchoice = KChoice(k=n_themes, best=(n_themes,) if other == n_themes else (n_themes, other))
    return Structure(labels=labels, parents=np.full(n_themes, -1, dtype=np.int64), question_weight=weight,
                     kchoice=kchoice)


def two_levels(Z, labels, keep) -> tuple[Any, Any, KChoice | None]:
    """Step 4, on the themes ``labels`` of the rows where ``keep`` is True (the others are in
    no theme): (labels, parents, KChoice) where sub-themes of a broad theme may have been
    joined, and ``parents[t]`` is theme t's broad theme (-1: none). Unchanged (no parents) with
    at most K_FLAT themes."""
    import numpy as np

    themes = sorted(set(labels[keep].tolist()))
    if len(themes) <= K_FLAT or int(keep.sum()) < FLAT_N:
        return labels, np.full(int(labels.max()) + 1 if labels.size else 0, -1, dtype=np.int64), None
    rows = [np.flatnonzero((labels == t) & keep) for t in themes]
    groups = _groups(Z, [(-1, r) for r in rows], 0)
    # join on to one group, remembering the order: every cut from len(themes) to 1 group
    order: list[tuple[int, int]] = []
    while groups.count > 1:
        found = groups.best(RHO, RHO)
        if found is None:
            break
        i, j, _ = found
        order.append((i, j))
        groups.join(i, j)
    top, curve, best = _choose_top(Z, rows, order)
    parent_of = _cut(len(rows), order, len(rows) - top)
    # at most K_SUB sub-themes under each broad theme: its closest sub-themes joined
    for p in sorted(set(parent_of)):
        subs = [t for t in range(len(rows)) if parent_of[t] == p]
        if len(subs) <= K_SUB:
            continue
        inner = _groups(Z, [(-1, rows[t]) for t in subs], 0)
        while inner.count > K_SUB:
            found = inner.best(RHO, RHO)
            if found is None:
                break
            i, j, _ = found
            inner.join(i, j)
            rows[subs[i]] = np.concatenate([rows[subs[i]], rows[subs[j]]])
            rows[subs[j]] = rows[subs[j]][:0]
    # renumber: themes left, in order of their first row; parents numbered in the same way
    live = [t for t in range(len(rows)) if rows[t].size]
    first = sorted(live, key=lambda t: int(rows[t].min()))
    number = {themes[t]: i for i, t in enumerate(first)}
    out = np.full(labels.shape, -1, dtype=np.int64)
    for t in first:
        out[rows[t]] = number[themes[t]]
    # a row outside every theme keeps a theme number of its own (it is reported unclustered)
    extra = len(first)
    for t in sorted(set(labels[~keep].tolist())):
        out[(labels == t) & ~keep] = number.get(t, extra)
        if t not in number:
            number[t] = extra
            extra += 1
    counts: dict[int, int] = {}
    for t in first:
        counts[parent_of[t]] = counts.get(parent_of[t], 0) + 1
    parent_numbers: dict[int, int] = {}
    parents = np.full(extra, -1, dtype=np.int64)
    for t in first:
        p = parent_of[t]
        if counts[p] < 2:
            continue  # a broad theme of one sub-theme: the theme stands alone
        parents[number[themes[t]]] = parent_numbers.setdefault(p, len(parent_numbers))
    uncertain = best[1] is not None and best[1][1] >= best[0][1] - 0.02 * abs(best[0][1])
    kchoice = KChoice(k=top, best=(top,) if best[1] is None else (top, best[1][0]),
                      uncertain=bool(uncertain or top in (2, min(K_TOP, len(rows) - 1))), curve=curve)
    return out, parents, kchoice


def _cut(n: int, order: Sequence[tuple[int, int]], steps: int) -> list[int]:
    """The group (an index of its first member) of each of ``n`` items after ``steps`` joins."""
    root = list(range(n))

    def find(a: int) -> int:
        while root[a] != a:
            root[a] = root[root[a]]
            a = root[a]
        return a

    for i, j in order[:steps]:
        root[find(j)] = find(i)
    return [find(t) for t in range(n)]


def _choose_top(Z, rows, order) -> tuple[int, tuple, tuple]:
    """The number of broad themes, 2..K_TOP: the cut of the joining order whose silhouette
    (cosine, on a fixed sample of rows) is furthest above that of k-means on the same rows with
    each coordinate shuffled (structure that noise of the same spread would show too)."""
    import numpy as np

    n_themes = len(rows)
    everyone = np.concatenate(rows)
    theme_of = np.empty(int(everyone.max()) + 1, dtype=np.int64)
    for t, r in enumerate(rows):
        theme_of[r] = t
    rng = np.random.default_rng(SEED)
    idx = np.sort(rng.choice(everyone, size=TOP_SAMPLE, replace=False)) if everyone.size > TOP_SAMPLE else np.sort(everyone)
    S = np.ascontiguousarray(Z[idx], dtype=np.float32)
    D = np.clip(1.0 - S @ S.T, 0.0, 2.0)
    np.fill_diagonal(D, 0.0)
    N = S.copy()
    shuffle = np.random.default_rng(SEED + 1)
    for j in range(N.shape[1]):
        N[:, j] = N[shuffle.permutation(len(N)), j]
    N = unit_rows(N).astype(np.float32)
    DN = np.clip(1.0 - N @ N.T, 0.0, 2.0)
    np.fill_diagonal(DN, 0.0)
    N_low = principal_axes(N, 128)
    scores: list[tuple[int, float]] = []
    for top in range(2, min(K_TOP, n_themes - 1) + 1):
        parent = np.asarray(_cut(n_themes, order, n_themes - top))
        _, labels = np.unique(parent[theme_of[idx]], return_inverse=True)
        if labels.max() < 1:
            continue
        null, _ = kmeans(N_low, top, n_init=1)
        scores.append((top, silhouette(D, labels) - silhouette(DN, null)))
    if not scores:
        return 2, (), ((2, 0.0), None)
    ranked = sorted(scores, key=lambda s: (-s[1], s[0]))
    top = ranked[0][0]
    second = next((s for s in ranked[1:] if abs(s[0] - top) > max(1, 0.2 * top)), None)
    return top, tuple((t, round(v, 4)) for t, v in scores), (ranked[0], second)


def partition(Z, k: int | None, *, outlier_sim: float, keep_all_clusters: bool, S=None,
              by: Sequence[Any] | None = None) -> Partition:
    """Themes of unit rows ``Z`` (see the module docstring) and the rows that fit none: rows
    whose cosine to their theme's centre (measured on the unit rows ``S``, default ``Z``) is
    below ``outlier_sim``, and (unless ``keep_all_clusters``) every member of a theme of one.
    With ``k`` None and more than K_FLAT themes, ``Partition.parents`` holds the broad themes."""
    import numpy as np

    from .engine import centres_of, similarity_to_centres

    n = Z.shape[0]
    k = None if k is None else max(1, min(k, n, distinct_rows(Z)))
    found = find(Z, k=k, by=by)
    labels = found.labels
    n_themes = int(labels.max()) + 1 if n else 0
    sim = similarity_to_centres(Z if S is None else S, labels, n_themes)
    outlier = sim < outlier_sim
    if keep_all_clusters:
        for c in range(n_themes):
            members = np.flatnonzero(labels == c)
            if members.size and outlier[members].all():
                outlier[members[np.argmax(sim[members])]] = False
    else:
        sizes = np.bincount(labels, minlength=n_themes)
        outlier |= sizes[labels] < 2
        kept = np.bincount(labels[~outlier], minlength=n_themes)
        outlier |= kept[labels] < 2
    parents = np.full(n_themes, -1, dtype=np.int64)
    kchoice = found.kchoice
    if k is None and n_themes:
        labels, parents, top_choice = two_levels(Z, labels, ~outlier)
        if top_choice is not None:
            kchoice = top_choice
            n_themes = int(labels.max()) + 1
            sim = similarity_to_centres(Z if S is None else S, labels, n_themes)
    centres = centres_of(Z, labels, n_themes) if n_themes else np.zeros((0, Z.shape[1]))
    n_parents = int(parents.max()) + 1 if parents.size and parents.max() >= 0 else 0
    return Partition(labels=labels, outlier=outlier, sim=sim, centres=centres, k=n_themes, kchoice=kchoice,
                     parents=parents, n_parents=n_parents, question_weight=found.question_weight)
