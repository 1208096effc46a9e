"""Participants beyond adding and editing: deleting one added by mistake, merging two (a typo
and the real name), each with an undo; and the panel of a session (its speakers, numbered in
the order of the agenda, one key each in the capture screen).

Deleting is refused for someone with contributions (live or deleted): merge them instead, so
nothing said loses its speaker. A merge moves everything that names the first participant
(contributions, speaking turns, the panel, the draft) to the second and removes the first; the
:class:`Undo` it returns puts every row back as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import tables
from .errors import FacilitatorError, NotFound

_PARTICIPANT_COLS = ("id", "name", "title", "organization", "stakeholder_group", "country", "gender", "youth",
                     "created_at", "updated_at")


@dataclass
class Undo:
    """What it takes to undo a delete or a merge of participants."""

    what: str  # "delete" | "merge"
    row: dict  # the participant removed
    into: str | None = None  # merge: who they were merged into
    contributions: list[str] = field(default_factory=list)
    turns: list[str] = field(default_factory=list)
    panel: list[tuple[str, int]] = field(default_factory=list)  # (session id, position)
    drafts: list[tuple[str, str, str]] = field(default_factory=list)  # (window, place, scope) of drafts
    into_panel: list[tuple[str, int]] = field(default_factory=list)  # the survivor's own places, before

    @property
    def label(self) -> str:
        name = self.row.get("name", "")
        return f"merge of {name}" if self.what == "merge" else f"delete of {name}"


def contribution_count(store, participant_id: str) -> tuple[int, int]:
    """(live, deleted) contributions of a participant, in every session."""
    live, deleted = store.conn.execute(
        "SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)"
        " FROM contribution WHERE participant_id = ?",
        (participant_id,),
    ).fetchone()
    return live, deleted


def _row(store, participant_id: str) -> dict:
    rows = store.query(f"SELECT {', '.join(_PARTICIPANT_COLS)} FROM participant WHERE id = ?", (participant_id,))
    if not rows:
        raise NotFound(f"no participant with id {participant_id}")
    return rows[0]


def delete_participant(store, participant_id: str) -> Undo:
    """Remove someone with no contributions (one added by mistake); returns the undo."""
    row = _row(store, participant_id)
    live, deleted = contribution_count(store, participant_id)
    if live or deleted:
        said = f"{live} contribution{'s' if live != 1 else ''}" + (f" ({deleted} deleted)" if deleted else "")
        raise FacilitatorError(
            f"{row['name']} has {said}: not deleted. Merge them into the right participant instead (m)"
        )
    with store.write() as conn:
        undo = Undo("delete", row)
        undo.turns = [r[0] for r in conn.execute("SELECT id FROM turn WHERE participant_id = ?", (participant_id,))]
        undo.panel = [tuple(r) for r in conn.execute(
            "SELECT session_id, position FROM panelist WHERE participant_id = ?", (participant_id,))]
        undo.drafts = [tuple(r) for r in conn.execute(
            "SELECT window_id, place, scope FROM draft WHERE participant_id = ?", (participant_id,))]
        tables.delete_participant(conn, participant_id)
    return undo


def merge_participants(store, source_id: str, target_id: str) -> Undo:
    """Everything said by ``source_id`` is now said by ``target_id``; ``source_id`` is removed."""
    if source_id == target_id:
        raise FacilitatorError("a participant cannot be merged into themselves")
    row = _row(store, source_id)
    _row(store, target_id)
    with store.write() as conn:
        undo = Undo("merge", row, into=target_id)
        undo.contributions = [r[0] for r in conn.execute(
            "SELECT id FROM contribution WHERE participant_id = ?", (source_id,))]
        undo.turns = [r[0] for r in conn.execute("SELECT id FROM turn WHERE participant_id = ?", (source_id,))]
        undo.panel = [tuple(r) for r in conn.execute(
            "SELECT session_id, position FROM panelist WHERE participant_id = ?", (source_id,))]
        undo.into_panel = [tuple(r) for r in conn.execute(
            "SELECT session_id, position FROM panelist WHERE participant_id = ?", (target_id,))]
        undo.drafts = [tuple(r) for r in conn.execute(
            "SELECT window_id, place, scope FROM draft WHERE participant_id = ?", (source_id,))]
        from .store import now_iso

        tables.move_speaker(conn, source_id, target_id, now_iso())
        for sid, position in undo.panel:
            # the survivor takes the source's place on a panel they were not on
            if not any(s == sid for s, _ in undo.into_panel):
                tables.set_panelist(conn, sid, position, target_id)
        tables.delete_participant(conn, source_id)
    return undo


def undo(store, step: Undo) -> None:
    """Put back the participant a delete or a merge removed, and what named them."""
    row = step.row
    with store.write() as conn:
        tables.insert_participant(conn, {c: row[c] for c in _PARTICIPANT_COLS})
        pid = row["id"]
        tables.give_back_speaker(conn, pid, step.contributions, step.turns, step.drafts)
        for sid, position in step.panel:
            tables.set_panelist(conn, sid, position, pid, replace=True)


def redo(store, step: Undo) -> Undo:
    """Do again what :func:`undo` took back; returns the new undo."""
    if step.what == "merge" and step.into:
        return merge_participants(store, step.row["id"], step.into)
    return delete_participant(store, step.row["id"])


# --- the panel of a session ------------------------------------------------------------------------


def panel(store, session_id: str) -> list[str]:
    """Participant ids of the session's panel, in the agenda's order (panelist 1 first)."""
    return [r[0] for r in store.conn.execute(
        "SELECT participant_id FROM panelist WHERE session_id = ? ORDER BY position", (session_id,))]


def set_panel(store, session_id: str, participant_ids: list[str]) -> None:
    """The session's panel is ``participant_ids``, in this order (duplicates dropped)."""
    seen: list[str] = []
    for pid in participant_ids:
        if pid not in seen:
            seen.append(pid)
    with store.write() as conn:
        tables.set_panel(conn, session_id, seen)


def toggle_panelist(store, session_id: str, participant_id: str) -> bool:
    """Put someone on the session's panel (last) or take them off; True when now on it."""
    ids = panel(store, session_id)
    if participant_id in ids:
        ids.remove(participant_id)
        set_panel(store, session_id, ids)
        return False
    set_panel(store, session_id, [*ids, participant_id])
    return True


# --- the speakers' queue (hands raised), kept with the session's settings -------------------------


def queue_key(session_id: str) -> str:
    return f"capture.queue.{session_id}"


def read_queue(store, session_id: str) -> list[str | None]:
    """Who asked for the floor, first first (None: someone from the floor)."""
    raw = store.get_setting(queue_key(session_id))
    try:
        data = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [x if isinstance(x, str) else None for x in data if x is None or isinstance(x, str)]


def write_queue(store, session_id: str, queue: list[str | None]) -> None:
    """Inside ``store.write()`` (the capture screen writes it with its autosave)."""
    store.set_setting(queue_key(session_id), json.dumps(queue))
