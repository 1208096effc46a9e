"""Every write of the capture's tables, in one place: ``series``, ``session``, ``question``,
``participant``, ``contribution``, ``revision``, ``draft``, ``setting``, ``panelist`` and ``turn``.

Each function takes the connection of a ``store.write()`` transaction (the only way anything is
written) and the values to write; validation, ids, clocks and undo are the callers' (``Store``,
``people``, ``turns``, the import of an export in ``summary/todb``). A schema change to these
tables touches this module's writes only; ``tests/test_one_writer.py`` fails when one of them
is written anywhere else (the map is ``core/writers.py``).

Functions that take ``values`` write the columns the mapping holds (each checked against the
table's columns, so no text from outside ever becomes SQL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Conn = sqlite3.Connection

SESSION_COLS = (
    "id", "series_id", "title", "event", "date", "start_time", "end_time", "venue", "languages", "language",
    "rapporteur", "room", "agenda_path", "agenda_sha256", "area", "lenses", "purpose", "source", "created_at",
    "updated_at",
)
QUESTION_COLS = ("id", "session_id", "position", "text", "translations", "allotment_min")
PARTICIPANT_COLS = (
    "id", "name", "title", "organization", "stakeholder_group", "country", "gender", "youth", "aliases",
    "created_at", "updated_at",
)
CONTRIBUTION_COLS = (
    "id", "session_id", "question_id", "participant_id", "seq", "text", "lang", "started_at", "created_at",
    "updated_at", "deleted_at", "source", "turn_id", "proposed",
)


def _cols(values: Mapping[str, Any], allowed: Sequence[str]) -> list[str]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"not a column: {', '.join(sorted(unknown))}")
    return list(values)


def _marks(cols: Sequence[str]) -> str:
    return ", ".join("?" * len(cols))


def _sets(fields: Mapping[str, Any], allowed: Sequence[str]) -> str:
    return ", ".join(f"{c} = ?" for c in _cols(fields, allowed))


# --- series, sessions and their questions ----------------------------------------------------------


def insert_series(conn: Conn, series_id: str, title: str, created_at: str) -> None:
    conn.execute("INSERT INTO series (id, title, created_at) VALUES (?, ?, ?)", (series_id, title, created_at))


def insert_session(conn: Conn, values: Mapping[str, Any]) -> None:
    cols = _cols(values, SESSION_COLS)
    conn.execute(f"INSERT INTO session ({', '.join(cols)}) VALUES ({_marks(cols)})", [values[c] for c in cols])


def update_session(conn: Conn, session_id: str, **fields: Any) -> None:
    conn.execute(f"UPDATE session SET {_sets(fields, SESSION_COLS)} WHERE id = ?", [*fields.values(), session_id])


def insert_questions(conn: Conn, rows: Sequence[Mapping[str, Any]]) -> None:
    """Questions that all give the same columns."""
    if not rows:
        return
    cols = _cols(rows[0], QUESTION_COLS)
    conn.executemany(f"INSERT INTO question ({', '.join(cols)}) VALUES ({_marks(cols)})",
                     [[r[c] for c in cols] for r in rows])


def set_question_text(conn: Conn, question_id: str, text: str) -> None:
    conn.execute("UPDATE question SET text = ? WHERE id = ?", (text, question_id))


# --- participants ------------------------------------------------------------------------------


def insert_participant(conn: Conn, values: Mapping[str, Any]) -> None:
    cols = _cols(values, PARTICIPANT_COLS)
    conn.execute(f"INSERT INTO participant ({', '.join(cols)}) VALUES ({_marks(cols)})", [values[c] for c in cols])


def update_participant(conn: Conn, participant_id: str, **fields: Any) -> None:
    conn.execute(f"UPDATE participant SET {_sets(fields, PARTICIPANT_COLS)} WHERE id = ?",
                 [*fields.values(), participant_id])


def delete_participant(conn: Conn, participant_id: str) -> None:
    """Really delete (people.py refuses it for anyone with contributions)."""
    conn.execute("DELETE FROM participant WHERE id = ?", (participant_id,))


def move_speaker(conn: Conn, source_id: str, target_id: str, now: str) -> None:
    """Everything ``source_id`` said, spoke or was drafting is now ``target_id``'s (a merge)."""
    conn.execute("UPDATE contribution SET participant_id = ?, updated_at = ? WHERE participant_id = ?",
                 (target_id, now, source_id))
    conn.execute("UPDATE turn SET participant_id = ? WHERE participant_id = ?", (target_id, source_id))
    conn.execute("UPDATE draft SET participant_id = ? WHERE participant_id = ?", (target_id, source_id))


def give_back_speaker(conn: Conn, participant_id: str, contributions: Iterable[str], turns: Iterable[str],
                      drafts: Iterable[tuple[str, str, str]]) -> None:
    """These contributions, turns and drafts (window, place, scope) are ``participant_id``'s
    again (an undo)."""
    for cid in contributions:
        conn.execute("UPDATE contribution SET participant_id = ? WHERE id = ?", (participant_id, cid))
    for tid in turns:
        conn.execute("UPDATE turn SET participant_id = ? WHERE id = ?", (participant_id, tid))
    for window_id, place, scope in drafts:
        conn.execute("UPDATE draft SET participant_id = ? WHERE window_id = ? AND place = ? AND scope = ?",
                     (participant_id, window_id, place, scope))


# --- the panel of a session --------------------------------------------------------------------


def set_panel(conn: Conn, session_id: str, participant_ids: Sequence[str]) -> None:
    """The session's panel is these people, in this order (panelist 1 first)."""
    conn.execute("DELETE FROM panelist WHERE session_id = ?", (session_id,))
    conn.executemany(
        "INSERT INTO panelist (session_id, position, participant_id) VALUES (?, ?, ?)",
        [(session_id, i, pid) for i, pid in enumerate(participant_ids, start=1)],
    )


def set_panelist(conn: Conn, session_id: str, position: int, participant_id: str, *, replace: bool = False) -> None:
    """Panelist ``position`` of the session is ``participant_id``: the place's row updated, or
    (``replace``) whatever is there removed and the row put back."""
    if not replace:
        conn.execute("UPDATE panelist SET participant_id = ? WHERE session_id = ? AND position = ?",
                     (participant_id, session_id, position))
        return
    conn.execute("DELETE FROM panelist WHERE session_id = ? AND position = ?", (session_id, position))
    conn.execute("INSERT INTO panelist (session_id, position, participant_id) VALUES (?, ?, ?)",
                 (session_id, position, participant_id))


def add_panelists(conn: Conn, rows: Iterable[tuple[str, int, str]]) -> None:
    """(session id, position, participant id) rows; a place already taken is left as it is."""
    conn.executemany("INSERT OR IGNORE INTO panelist (session_id, position, participant_id) VALUES (?, ?, ?)", rows)


# --- speaking turns ------------------------------------------------------------------------------


def put_turn(conn: Conn, turn_id: str, session_id: str, question_id: str | None, participant_id: str | None,
             started_at: str, ended_at: str | None) -> None:
    """Insert a turn, or update who, where and when it ended."""
    conn.execute(
        """INSERT INTO turn (id, session_id, question_id, participant_id, started_at, ended_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET ended_at = excluded.ended_at,
           participant_id = excluded.participant_id, question_id = excluded.question_id""",
        (turn_id, session_id, question_id, participant_id, started_at, ended_at),
    )


def add_turn(conn: Conn, turn_id: str, session_id: str, question_id: str | None, participant_id: str | None,
             started_at: str, ended_at: str) -> None:
    """Insert a turn unless one has this id already (an import)."""
    conn.execute(
        "INSERT OR IGNORE INTO turn (id, session_id, question_id, participant_id, started_at, ended_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (turn_id, session_id, question_id, participant_id, started_at, ended_at),
    )


def end_turn(conn: Conn, turn_id: str, ended_at: str) -> None:
    conn.execute("UPDATE turn SET ended_at = ? WHERE id = ?", (ended_at, turn_id))


def set_turn_speaker(conn: Conn, turn_id: str, participant_id: str | None) -> None:
    conn.execute("UPDATE turn SET participant_id = ? WHERE id = ?", (participant_id, turn_id))


# --- contributions and their history -------------------------------------------------------------


def insert_contribution(conn: Conn, values: Mapping[str, Any]) -> None:
    cols = _cols(values, CONTRIBUTION_COLS)
    conn.execute(f"INSERT INTO contribution ({', '.join(cols)}) VALUES ({_marks(cols)})", [values[c] for c in cols])


def update_contribution(conn: Conn, contribution_id: str, **fields: Any) -> None:
    conn.execute(f"UPDATE contribution SET {_sets(fields, CONTRIBUTION_COLS)} WHERE id = ?",
                 [*fields.values(), contribution_id])


def hide_contribution(conn: Conn, contribution_id: str, now: str) -> None:
    """Soft delete (a contribution deleted already keeps its time)."""
    conn.execute("UPDATE contribution SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                 (now, now, contribution_id))


def insert_revision(conn: Conn, entity: str, entity_id: str, text: str, meta: str, created_at: str) -> None:
    """An earlier state of a contribution or a recommendation (``meta``: JSON)."""
    conn.execute(
        "INSERT INTO revision (entity, entity_id, text, meta, created_at) VALUES (?, ?, ?, ?, ?)",
        (entity, entity_id, text, meta, created_at),
    )


# --- drafts (one per window, place and scope: core/drafts.py) and the settings ----------------------

DRAFT_COLS = ("window_id", "place", "scope", "session_id", "question_id", "participant_id", "contribution_id",
              "target_id", "text", "started_at", "edit_text", "edit_base", "data", "owner", "updated_at")


def put_draft(conn: Conn, values: Mapping[str, Any]) -> None:
    """A window's draft of a place, written over the one it had there."""
    cols = _cols(values, DRAFT_COLS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in ("window_id", "place", "scope"))
    conn.execute(
        f"INSERT INTO draft ({', '.join(cols)}) VALUES ({_marks(cols)})"
        f" ON CONFLICT (window_id, place, scope) DO UPDATE SET {updates}",
        [values[c] for c in cols],
    )


def delete_draft(conn: Conn, window_id: str, place: str, scope: str) -> None:
    conn.execute("DELETE FROM draft WHERE window_id = ? AND place = ? AND scope = ?", (window_id, place, scope))


def take_draft(conn: Conn, window_id: str, place: str, scope: str, updated_at: str) -> bool:
    """Remove a window's draft if it is still as it was read (``updated_at``): False when not."""
    cur = conn.execute("DELETE FROM draft WHERE window_id = ? AND place = ? AND scope = ? AND updated_at = ?",
                       (window_id, place, scope, updated_at))
    return cur.rowcount == 1


def put_setting(conn: Conn, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
