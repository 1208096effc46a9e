"""Rooms and rapporteurs of a session: which room of an agenda a session is.

Two rooms can run the same agenda (same title, same questions); the room (from the agenda's
``Room:`` line or ``facilitator new --room``) and the rapporteur tell their summaries apart and
name them in a merged report's sources.

These queries belong in :class:`~facilitator.core.store.Store` (``create_session`` does not
write the room yet); they live here until they move there.
"""

from __future__ import annotations

from ..models import SessionIn
from ..store import now_iso


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def create_session(store, data: SessionIn, *, agenda_text: str | None = None, room: str | None = None,
                   rapporteur: str | None = None) -> str:
    """``store.create_session`` and the room and rapporteur, in one transaction.

    ``room`` and ``rapporteur`` (e.g. from the command line) win over the agenda's own lines."""
    room = _clean(room) or _clean(data.room)
    rapporteur = _clean(rapporteur) or _clean(data.rapporteur)
    with store.write() as conn:
        sid = store.create_session(data, agenda_text=agenda_text)  # a savepoint inside this transaction
        conn.execute("UPDATE session SET room = ?, rapporteur = ? WHERE id = ?", (room, rapporteur, sid))
    return sid


def set_room(store, session_id: str, room: str | None) -> None:
    with store.write() as conn:
        conn.execute("UPDATE session SET room = ?, updated_at = ? WHERE id = ?", (_clean(room), now_iso(), session_id))


def session_room(store, session_id: str) -> str | None:
    row = store.conn.execute("SELECT room FROM session WHERE id = ?", (session_id,)).fetchone()
    return row[0] if row else None
