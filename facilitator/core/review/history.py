"""Undo and redo: every curation step keeps the rows it changed, as they were, in memory.

A step is one ``store.write()`` transaction (:meth:`Steps._step`). Before it changes a row, a
:class:`Tracker` copies that row (the first time only); when the step is done, the same rows
as they are now are copied too. :class:`History` keeps both; undo puts the first copy back
exactly, but only while the rows are still as the step left them (the second copy): if
someone changed them since, in another window or with the command line, nothing is undone.
"""

from __future__ import annotations

from typing import Any

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..errors import FacilitatorError
from ..store import Store, now_iso
from . import queries as q


@dataclass
class Snapshot:
    """Rows as they were, by key (None: there was no such row)."""

    clusters: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    members: dict[str, dict[str, Any] | None] = field(default_factory=dict)  # by contribution id
    recs: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    supports: dict[str, list[str]] = field(default_factory=dict)  # rec id -> contribution ids
    kept: dict[str, str | None] = field(default_factory=dict)  # contribution id -> kept out since

    def __bool__(self) -> bool:
        return bool(self.clusters or self.members or self.recs)


class Tracker:
    """Records each row the first time a step is about to change it; ``conn`` is the step's.
    ``label`` is what the step did, as undo and redo say it (a step may tell it more exactly
    once it knows, say, the number of the cluster it made)."""

    def __init__(self, conn: sqlite3.Connection, label: str = "") -> None:
        self.conn = conn
        self.label = label
        self.snap = Snapshot()

    def cluster(self, *ids: str) -> None:
        for i in ids:
            if i not in self.snap.clusters:
                self.snap.clusters[i] = q.cluster_row(self.conn, i)

    def member(self, *contribution_ids: str) -> None:
        for i in contribution_ids:
            if i not in self.snap.members:
                self.snap.members[i] = q.member_row(self.conn, i)
                self.snap.kept[i] = q.kept_since(self.conn, i)

    def rec(self, *ids: str) -> None:
        for i in ids:
            if i not in self.snap.recs:
                self.snap.recs[i] = q.rec_row(self.conn, i)
                self.snap.supports[i] = q.support_ids(self.conn, i)

    def same_keys(self, other: Snapshot) -> None:
        self.cluster(*other.clusters)
        self.member(*other.members)
        self.rec(*other.recs)


def capture(conn: sqlite3.Connection, keys: Snapshot) -> Snapshot:
    """The rows now, for the same keys as ``keys``."""
    tracker = Tracker(conn)
    tracker.same_keys(keys)
    return tracker.snap


def _visible(rows: dict[str, dict[str, Any] | None]) -> dict[str, dict[str, Any] | None]:
    # a soft-deleted row is out of sight whatever it holds (a cascade may have touched it)
    return {k: (None if r is None or r["deleted_at"] is not None else r) for k, r in rows.items()}


def same(a: Snapshot, b: Snapshot) -> bool:
    """The same rows, as far as anyone can see."""
    return (
        _visible(a.clusters) == _visible(b.clusters)
        and a.members == b.members
        and _visible(a.recs) == _visible(b.recs)
        and a.supports == b.supports
        and a.kept == b.kept
    )


def restore(conn: sqlite3.Connection, snap: Snapshot,
            add_revision: Callable[[sqlite3.Connection, dict[str, Any]], None]) -> None:
    """Put the rows of ``snap`` back. A recommendation whose text (or status, rank, addressee)
    this changes is kept as a revision first, through ``add_revision(conn, row)``."""
    for values in snap.clusters.values():
        if values is not None:
            q.put_cluster(conn, values)
    for rid, values in snap.recs.items():
        current = q.rec_row(conn, rid)
        if current is not None and current["deleted_at"] is None and (
            values is None or values["deleted_at"] is not None or any(current[k] != values[k] for k in q.REC_STATE)
        ):
            add_revision(conn, current)  # what is undone is kept as a revision too
        if values is not None:
            q.put_rec(conn, values)
        elif current is not None and current["deleted_at"] is None:
            q.hide_rec(conn, rid, now_iso())  # undoing a creation hides it; its text stays in the file
    for cid, values in snap.members.items():
        q.set_member(conn, values, cid)
    for cid, kept_at in snap.kept.items():
        q.set_kept(conn, cid, kept_at)
    for rid, cids in snap.supports.items():
        q.set_support(conn, rid, cids)
    for kid, values in snap.clusters.items():
        if values is None:
            q.remove_cluster(conn, kid)


def add_revision(store: Store, conn: sqlite3.Connection, rec: dict[str, Any]) -> None:
    """Keep a recommendation row's state (text, status, rank, addressed to) as a revision."""
    import json

    meta = {"status": rec["status"], "rank": rec["rank"], "addressed_to": rec["addressed_to"],
            "lenses": json.loads(rec.get("lenses") or "[]")}
    store._add_revision(conn, "recommendation", rec["id"], rec["text"], meta)


Entry = tuple[str, Snapshot, Snapshot]  # what a step did, the rows to put back, the rows expected now


class History:
    """The undo and redo stacks of curation steps; one per screen, shared by its scopes so that
    ``ctrl+z`` always takes back the last step, whichever question it was made on.

    Each entry is ``(label, rows to put back, rows expected now)``: a step is undone only if
    the rows it changed are still as it left them (nobody changed them since, in another window
    or with the command line); otherwise it is dropped with a message and nothing is undone."""

    MAX = 200

    def __init__(self) -> None:
        self.undo: list[Entry] = []
        self.redo: list[Entry] = []
        # steps may run in another thread than the editor's saves (the review screen's)
        self.lock = threading.RLock()

    def push(self, label: str, before: Snapshot, after: Snapshot) -> None:
        with self.lock:
            self.undo.append((label, before, after))
            del self.undo[: -self.MAX]
            self.redo.clear()


class Steps:
    """One scope of a session (a guiding question, or the whole session: ``question_id=None``)
    whose every change is a step that can be undone and redone."""

    def __init__(self, store: Store, session_id: str, question_id: str | None = None, *,
                 history: History | None = None) -> None:
        self.store = store
        self.session_id = session_id
        self.question_id = question_id
        self.history = history or History()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    @contextlib.contextmanager
    def _step(self, label: str) -> Iterator[Tracker]:
        """One transaction; the rows it changes (told to the tracker first) can be put back."""
        with self.store.write() as conn:
            tracker = Tracker(conn, label)
            yield tracker
            after = capture(conn, tracker.snap) if tracker.snap else None
        if after is not None:
            self.history.push(tracker.label, tracker.snap, after)

    def _add_revision(self, conn: sqlite3.Connection, rec: dict[str, Any]) -> None:
        add_revision(self.store, conn, rec)

    @property
    def undo_label(self) -> str | None:
        return self.history.undo[-1][0] if self.history.undo else None

    @property
    def redo_label(self) -> str | None:
        return self.history.redo[-1][0] if self.history.redo else None

    def _swap(self, source: list[Entry], target: list[Entry], verb: str) -> str | None:
        with self.history.lock:
            return self._swap_locked(source, target, verb)

    def _swap_locked(self, source: list[Entry], target: list[Entry], verb: str) -> str | None:
        if not source:
            return None
        label, restore_to, expected = source[-1]
        conflict = False
        with self.store.write() as conn:
            current = capture(conn, restore_to)
            if same(current, expected):
                restore(conn, restore_to, self._add_revision)
                after = capture(conn, restore_to)
            else:
                conflict = True
        source.pop()
        if conflict:
            raise FacilitatorError(
                f"cannot {verb} “{label}”: what it changed has been changed since (in another window or "
                "with the command line); nothing was changed"
            )
        target.append((label, current, after))
        return label

    def undo(self) -> str | None:
        """Put back the rows the last step changed; returns what was undone (None: nothing)."""
        return self._swap(self.history.undo, self.history.redo, "undo")

    def redo(self) -> str | None:
        return self._swap(self.history.redo, self.history.undo, "redo")
