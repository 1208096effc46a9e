"""Labels of a few key terms for each cluster, in any language.

A term's score in a cluster is the share of the cluster's members that use it times its
inverse document frequency over all the items clustered (so words common everywhere, like the
question's own words, rank low). Stop words of English, French and Arabic are skipped; terms
are compared after normalisation (accents, case) and shown in their most frequent written form.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .text import STOP_WORDS, normalize, words

SEPARATOR = " · "


def _terms(text: str) -> set[str]:
    out = set()
    for w in words(text):
        key = normalize(w)
        if len(key) < 2 or key.isdigit() or key in STOP_WORDS:
            continue
        out.add(key)
    return out


def make_labels(texts: Sequence[str], groups: Sequence[Sequence[int]], *, n_terms: int = 3) -> list[str]:
    """One label per group of indices into ``texts`` (each group most central first)."""
    term_sets = [_terms(t) for t in texts]
    surface: dict[str, Counter] = {}
    for t in texts:
        for w in words(t):
            surface.setdefault(normalize(w), Counter())[w] += 1
    df = Counter()
    for s in term_sets:
        df.update(s)
    n = max(1, len(texts))
    labels = []
    for members in groups:
        counts = Counter()
        first: dict[str, int] = {}  # how central the first member using the term is
        for rank, i in enumerate(members):
            counts.update(term_sets[i])
            for t in term_sets[i]:
                first.setdefault(t, rank)
        size = max(1, len(members))
        min_count = 2 if size >= 3 else 1
        scored = sorted(
            (round(-(c / size) * math.log((n + 1) / (df[t] + 0.5)), 9), first[t], t)
            for t, c in counts.items()
            if c >= min_count
        )
        if not scored:
            # no term shared by two members (small or multilingual clusters): the rarest terms
            # of the most central members first
            scored = sorted((first[t], round(-math.log((n + 1) / (df[t] + 0.5)), 9), t) for t in counts)
        chosen: list[str] = []
        for *_, t in scored:
            if any(t.startswith(o[:5]) or o.startswith(t[:5]) for o in chosen if min(len(o), len(t)) >= 5):
                continue  # a variant of a term already chosen (budget / budgets)
            chosen.append(t)
            if len(chosen) == n_terms:
                break
        shown = [_shown(t, surface) for t in chosen]
        labels.append(SEPARATOR.join(shown) if shown else "(no key terms)")
    return labels


def _shown(term: str, surface: dict[str, Counter]) -> str:
    forms = surface.get(term)
    if not forms:
        return term
    return sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
