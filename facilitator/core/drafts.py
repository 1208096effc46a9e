"""Drafts: what a person is typing, on disk within a fraction of a second, one per window.

Every place where a person types keeps its text in the ``draft`` table as it is typed: the
capture screen's composer (and an edit of an earlier contribution in it), the review's
recommendation editor, the roster's participant form, the follow-up's update and activity
forms, the merge screen's text for a set of similar recommendations. A row belongs to one
window (:mod:`.windows`) and one place in it: ``(window_id, place, scope)``, where ``scope`` is
the session for the capture screen and the review, "" for the roster, what the form writes for
the follow-up (``update:<activity id>``, ``update-edit:<update id>``, ``activity:<activity
id>``, ``new-activity:<recommendation id>``), and the set's id for the merge screen (made from
its members' ids: the same when the files are merged again). So two windows on one session
each keep their own draft; a save, an empty composer or a quit in one never touches the
other's.

A draft whose window no longer runs is *left behind* (:func:`left_behind`): the next window to
open that place offers it, and takes it (:func:`take`) only when the person says so; two
windows cannot both take it.

The rest of a place's state goes with the text: the question, the speaker and when typing
began (capture); the contribution or recommendation being edited and the text the edit began
from (``edit_base``: a save checks that nobody changed it meanwhile); a form's other fields
(``data``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

CAPTURE = "capture"
RECOMMENDATION = "recommendation"
PARTICIPANT = "participant"
FOLLOWUP = "followup"
MERGE_SET = "merge-set"  # the merge screen's text for a set of similar recommendations (scope: the set's id)

_COLUMNS = ("window_id", "place", "scope", "session_id", "question_id", "participant_id", "contribution_id",
            "target_id", "text", "started_at", "edit_text", "edit_base", "data", "owner", "updated_at")


@dataclass(frozen=True)
class Draft:
    window_id: str
    place: str
    scope: str = ""
    session_id: str | None = None
    text: str = ""
    question_id: str | None = None
    participant_id: str | None = None
    contribution_id: str | None = None  # capture: the contribution being edited in the composer
    target_id: str | None = None  # the recommendation or participant being edited (None: a new one)
    started_at: str | None = None
    edit_text: str | None = None  # capture: the edit's text (``text`` is then the text set aside)
    edit_base: str | None = None  # the text the edit began from
    data: dict[str, Any] = field(default_factory=dict)  # a form's other fields; a place's extras
    owner: str = ""
    updated_at: str = ""

    @property
    def has_text(self) -> bool:
        """Something a person typed is in it."""
        if self.text.strip() or (self.edit_text is not None and self.contribution_id is not None):
            return True
        fields = self.data.get("fields")
        return isinstance(fields, dict) and any(str(v).strip() for v in fields.values() if v not in (None, False))

    @property
    def words(self) -> str:
        """The typed text as one line can show it (the edit's text when there is one)."""
        text = self.edit_text if self.edit_text is not None and self.contribution_id else self.text
        if not text.strip():
            fields = self.data.get("fields")
            if isinstance(fields, dict):
                text = " · ".join(str(v) for v in fields.values() if v not in (None, False, ""))
        return " ".join(text.split())


def _row(r: sqlite3.Row | tuple) -> Draft:
    values = dict(zip(_COLUMNS, r, strict=True))
    try:
        data = json.loads(values["data"] or "{}")
    except ValueError:
        data = {}
    values["data"] = data if isinstance(data, dict) else {}
    values["scope"] = values["scope"] or ""
    return Draft(**values)


_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM draft"


def save(conn: sqlite3.Connection, draft: Draft, now: str) -> None:
    """Write ``draft`` as its window's text for its place (inside ``store.write()``); a draft
    with nothing typed in it is removed. (The writes themselves are ``core/tables.py``'s, as
    every write of the capture's tables.)"""
    from . import tables

    if not draft.has_text:
        tables.delete_draft(conn, draft.window_id, draft.place, draft.scope)
        return
    d = replace(draft, updated_at=now)
    values = {c: getattr(d, c) for c in _COLUMNS}
    values["data"] = json.dumps(d.data, ensure_ascii=False, sort_keys=True)
    tables.put_draft(conn, values)


def clear(conn: sqlite3.Connection, window_id: str, place: str, scope: str = "") -> None:
    """The window's draft for a place is gone (saved, or emptied on purpose)."""
    from . import tables

    tables.delete_draft(conn, window_id, place, scope)


def mine(conn: sqlite3.Connection, window_id: str, place: str, scope: str = "") -> Draft | None:
    row = conn.execute(_SELECT + " WHERE window_id = ? AND place = ? AND scope = ?",
                       (window_id, place, scope)).fetchone()
    return _row(row) if row else None


def left_behind(conn: sqlite3.Connection, place: str, scope: str | None = None) -> list[Draft]:
    """Drafts of ``place`` (and ``scope``) whose window no longer runs, oldest first."""
    from .windows import running

    sql, params = _SELECT + " WHERE place = ?", [place]
    if scope is not None:
        sql += " AND scope = ?"
        params.append(scope)
    rows = [_row(r) for r in conn.execute(sql + " ORDER BY updated_at", params)]
    return [d for d in rows if d.has_text and not running(d.window_id, d.owner)]


def take(conn: sqlite3.Connection, draft: Draft) -> bool:
    """Take a draft left behind (inside ``store.write()``, with what the taking window writes
    in its place): False when it is no longer there as it was read (another window took it,
    or its window wrote again: it was not left behind after all)."""
    from . import tables

    return tables.take_draft(conn, draft.window_id, draft.place, draft.scope, draft.updated_at)


def last_typed(conn: sqlite3.Connection, session_id: str) -> str | None:
    """When text was last autosaved in a session, by any window (a sign of life after a crash)."""
    row = conn.execute("SELECT max(updated_at) FROM draft WHERE session_id = ?", (session_id,)).fetchone()
    return row[0] if row else None


def of_session(conn: sqlite3.Connection, session_id: str, place: str = CAPTURE) -> list[Draft]:
    """Every window's draft of a place in a session (tests and the fault runner read them)."""
    return [_row(r) for r in conn.execute(_SELECT + " WHERE session_id = ? AND place = ? ORDER BY updated_at",
                                          (session_id, place))]


__all__ = ["CAPTURE", "FOLLOWUP", "MERGE_SET", "PARTICIPANT", "RECOMMENDATION", "Draft", "clear", "last_typed", "left_behind", "mine",
           "of_session", "save", "take"]
