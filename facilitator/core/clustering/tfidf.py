"""The built-in method, ``char-tfidf``: character n-gram TF-IDF, reduced by LSA.

Character n-grams (2 to 5, inside word boundaries) need no tokenizer, stemmer or word list for
any language, so English, French and Arabic are treated alike; sublinear term frequency and
L2-normalised rows. Above a few hundred items the matrix is reduced with truncated SVD (LSA)
and the rows normalised again, which both speeds up k-means and groups near-synonymous n-grams.
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import normalize

METHOD = "char-tfidf"
LSA_DIM = 150
LSA_MIN_ITEMS = 300  # below this, cluster the TF-IDF rows directly
OUTLIER_SIM = 0.12  # cosine to the cluster centre below which an item fits nowhere
NEAREST_SIM = 0.15  # nearest_cluster: a new item must be at least this close to a centre


def vectorizer(n_items: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    import numpy as np

    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        preprocessor=normalize,
        lowercase=False,
        min_df=2 if n_items >= 50 else 1,
        sublinear_tf=True,
        dtype=np.float32,
    )


def tfidf_matrix(texts: Sequence[str]):
    """Sparse L2-normalised TF-IDF rows (n x features)."""
    vec = vectorizer(len(texts))
    try:
        return vec.fit_transform(texts), vec
    except ValueError:  # no n-gram at all (e.g. texts of one character)
        vec = vectorizer(0)
        vec.set_params(min_df=1, ngram_range=(1, 5))
        return vec.fit_transform(texts), vec


def features(texts: Sequence[str], *, lsa_dim: int = LSA_DIM, lsa_min_items: int = LSA_MIN_ITEMS):
    """(Z, S): dense unit rows for clustering, and the sparse TF-IDF rows for similarities."""
    import numpy as np
    from sklearn.decomposition import TruncatedSVD

    from .engine import SEED, unit_rows

    X, _ = tfidf_matrix(texts)
    n, m = X.shape
    dim = min(lsa_dim, n - 1, m - 1)
    if n < lsa_min_items or dim < 2:
        return unit_rows(X.toarray()), X
    Z = TruncatedSVD(n_components=dim, algorithm="randomized", n_iter=5, random_state=SEED).fit_transform(X)
    return unit_rows(Z.astype(np.float64)), X
