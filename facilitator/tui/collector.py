"""Python's cyclic garbage collector and the review's large read model.

A full collection looks at every object the collector tracks. With the board of a 20,000-idea
session in memory that is over a million objects, 100 to 300 ms with the GIL held: the UI
thread stops whichever thread started it, and the allocations of reading a new board (in its
worker) are what start them. Measured in the benchmark's review section: the UI thread was
held up to 300 ms by such collections in steps that otherwise take 25 ms.

So, around a board:

* :func:`paused`: no automatic collection while a worker builds the board (process-wide, for
  the second or so the reading takes; the state before is restored);
* :func:`keep`: once the board is shown, what exists is moved out of later collections
  (``gc.freeze``). Reference counting still frees what is let go; only cycles among those
  objects wait;
* :func:`release`: the review closes: one collection runs now, at the screen switch, over
  everything (rather than in the middle of typing later), and what survives it is set aside
  again.

The app calls :func:`keep` once after its first frame too: modules, classes and the widgets of
start-up are never let go, and no collection needs to look at them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def keep() -> None:
    gc.freeze()


def release() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


__all__ = ["keep", "paused", "release"]
