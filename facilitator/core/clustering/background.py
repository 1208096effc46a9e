"""Vectors for contributions as they are saved, computed on a background thread.

The capture screen calls :meth:`BackgroundEmbedder.poke` after each save or edit. Once the
rapporteur has paused for ``idle`` seconds, the thread computes, on its own connection, the
vectors the session lacks (:func:`.cache.compute_missing_vectors`), in small batches that each
commit on their own, at a lower CPU priority than the app, and stops between batches when told
to. Clustering with the embedding method then finds its vectors ready.

Nothing here runs unless the default embedder is installed (:func:`wanted`), and nothing is
imported before the first save: importing this module costs nothing, the model is loaded by the
thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from . import USE_MULTILINGUAL

ENV = "FACILITATOR_EMBED"  # "off": no background embedding (a slow machine, a battery)
IDLE_S = 5.0
BATCH = 32  # at about 700 sentences a second: a stop request waits a few hundredths of a second
NICE = 10


def wanted() -> bool:
    """Whether vectors are computed as contributions are saved: the default embedding method
    is installed and ``$FACILITATOR_EMBED`` is not ``off``."""
    if os.environ.get(ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return False
    from . import embeddings

    return embeddings.available(USE_MULTILINGUAL)


class BackgroundEmbedder:
    """Keeps the stored vectors of one session's contributions up to date, on its own thread."""

    def __init__(
        self,
        db_path: str | os.PathLike,
        session_id: str,
        *,
        method: str = USE_MULTILINGUAL,
        idle: float | None = None,
        embed_fn: Callable[[Sequence[str]], list[list[float]]] | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.session_id = session_id
        self.method = method
        self.idle = IDLE_S if idle is None else idle
        self.embed_fn = embed_fn  # tests may put a stand-in here; the real model by default
        self.stored = 0  # vectors written so far
        self.error: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle_done = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def poke(self) -> None:
        """Something was saved: compute what is missing once the rapporteur pauses."""
        if self._stop.is_set():
            return
        self._idle_done.clear()
        self._wake.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="facilitator-embed", daemon=True)
            self._thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every poke so far has been followed by a finished pass (tests, benchmarks)."""
        return self._idle_done.wait(timeout)

    def close(self, timeout: float | None = 5.0) -> None:
        """Stop after the batch being computed; what was stored stays stored."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from ..store import Store
        from .cache import compute_missing_vectors

        try:  # a lower priority for this thread (and the engine threads it starts): Linux only
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
        except (AttributeError, OSError):
            pass
        store = None
        try:
            store = Store.open(self.db_path)
            while not self._stop.is_set():
                self._wake.wait()
                # wait for a pause: each new poke starts the pause again
                while self._wake.is_set() and not self._stop.is_set():
                    self._wake.clear()
                    if self._stop.wait(self.idle):
                        break
                if self._stop.is_set():
                    break
                self.stored += compute_missing_vectors(
                    store, self.session_id, self.method, batch=BATCH,
                    should_stop=self._stop.is_set, embed_fn=self.embed_fn,
                )
                if not self._wake.is_set():
                    self._idle_done.set()
        except Exception as exc:  # noqa: BLE001 - never fatal: clustering computes what is missing
            self.error = str(exc) or type(exc).__name__
            self._idle_done.set()
        finally:
            if store is not None:
                store.close()


__all__ = ["BackgroundEmbedder", "wanted", "ENV", "IDLE_S"]
