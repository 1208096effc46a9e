"""The embedding cache in the store's ``embedding`` table.

One vector per contribution and method, computed once and reused; a vector is valid only for
the text it was computed from (``text_sha256``), so editing a contribution makes it stale and
it is computed again. Vectors are stored as float32, little endian.

``compute_missing_vectors`` is meant to run in a background worker thread with its own
:class:`~facilitator.core.store.Store` (one connection per thread); it writes in small batches,
so the rapporteur's saves are never held up for long, and can be asked to stop between batches.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Sequence

from ..errors import FacilitatorError


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pack(vector: Sequence[float]) -> bytes:
    return struct.pack(f"<{len(vector)}f", *vector)


def unpack(blob: bytes, dim: int) -> list[float]:
    if len(blob) != 4 * dim:
        raise FacilitatorError(f"a stored embedding has {len(blob)} bytes, expected {4 * dim}")
    return list(struct.unpack(f"<{dim}f", blob))


def _chunks(seq: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def stored_vectors(store, ids: Iterable[str], method: str) -> dict[str, list[float]]:
    """The stored, up-to-date vectors of the contributions ``ids`` for ``method``, by id.

    Missing and stale ones (computed from an earlier text) are left out."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, list[float]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"""SELECT e.contribution_id, e.text_sha256, e.dim, e.vector, c.text
                FROM embedding e JOIN contribution c ON c.id = e.contribution_id
                WHERE e.method = ? AND e.contribution_id IN ({marks})""",
            (method, *chunk),
        ).fetchall()
        for cid, sha, dim, blob, text in rows:
            if sha == text_sha256(text):
                out[cid] = unpack(blob, dim)
    return out


def save_vectors(store, method: str, rows: Iterable[tuple[str, str, Sequence[float]]]) -> int:
    """Store (contribution_id, text, vector) rows for ``method``, replacing older ones."""
    data = [(cid, method, text_sha256(text), len(vec), pack(vec)) for cid, text, vec in rows]
    if not data:
        return 0
    with store.write() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO embedding (contribution_id, method, text_sha256, dim, vector)"
            " VALUES (?, ?, ?, ?, ?)",
            data,
        )
    return len(data)


def missing(store, session_id: str, method: str) -> list[tuple[str, str]]:
    """(id, text) of the session's contributions without an up-to-date vector, in seq order."""
    rows = store.conn.execute(
        """SELECT c.id, c.text, e.text_sha256 FROM contribution c
           LEFT JOIN embedding e ON e.contribution_id = c.id AND e.method = ?
           WHERE c.session_id = ? AND c.deleted_at IS NULL ORDER BY c.seq""",
        (method, session_id),
    ).fetchall()
    return [(cid, text) for cid, text, sha in rows if sha != text_sha256(text)]


def compute_missing_vectors(
    store,
    session_id: str,
    method: str,
    batch: int = 32,
    *,
    should_stop: Callable[[], bool] | None = None,
    embed_fn: Callable[[Sequence[str]], list[list[float]]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Compute and store the vectors the session lacks; returns how many were stored.

    Run it in a worker thread with its own Store. Each batch is committed on its own;
    ``should_stop()`` is checked between batches. ``embed_fn`` replaces the method's own
    embedder (tests). ``progress(done, total)`` is called after each batch."""
    from . import embed

    todo = missing(store, session_id, method)
    done = 0
    for chunk in _chunks(todo, max(1, batch)):
        if should_stop is not None and should_stop():
            break
        texts = [t for _, t in chunk]
        vecs = embed_fn(texts) if embed_fn is not None else embed(texts, method)
        done += save_vectors(store, method, ((cid, text, vec) for (cid, text), vec in zip(chunk, vecs)))
        if progress is not None:
            progress(done, len(todo))
    return done
