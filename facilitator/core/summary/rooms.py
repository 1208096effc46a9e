"""Rooms and rapporteurs of a session: which room of an agenda a session is.

Two rooms can run the same agenda (same title, same questions); the room (from the agenda's
``Room:`` line or ``facilitator new --room``) and the rapporteur tell their summaries apart and
name them in a merged report's sources.

The room is written when the session is made (``Store.create_session``, from the agenda or
``agenda.create_session(room=...)``); the query below reads it.
"""

from __future__ import annotations


def session_room(store, session_id: str) -> str | None:
    row = store.conn.execute("SELECT room FROM session WHERE id = ?", (session_id,)).fetchone()
    return row[0] if row else None
