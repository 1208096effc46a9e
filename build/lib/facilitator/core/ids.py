"""Stable unique ids and short human references.

Ids are ULIDs (time-ordered, 26 Crockford base-32 characters, lower case): unique across
machines, so they survive export, import and merge, and sort by creation time. Short
references (``Q3-012``, ``R-004``, ``C-002``) are for people; they are derived from a per-session
serial number and never used as keys across files.
"""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_last_ms = 0
_last_rand = 0


def new_id() -> str:
    """A new ULID. Monotonic within one process even when called twice in a millisecond."""
    global _last_ms, _last_rand
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms = _last_ms
        rand = _last_rand + 1
    else:
        rand = int.from_bytes(os.urandom(10), "big")
    _last_ms, _last_rand = ms, rand
    value = (ms << 80) | (rand & ((1 << 80) - 1))
    out = []
    for _ in range(26):
        out.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


def contribution_ref(question_position: int | None, seq: int) -> str:
    """``Q3-012``: question 3, contribution number 12 of the session. ``Q?-012`` if unassigned."""
    q = "?" if question_position is None else str(question_position)
    return f"Q{q}-{seq:03d}"


def recommendation_ref(seq: int) -> str:
    return f"R-{seq:03d}"


def cluster_ref(seq: int) -> str:
    return f"C-{seq:03d}"
