"""Draft recommendations: write, edit, status, rank, addressed to, support, each an undoable
step. Every earlier state (text, status, rank, addressed to) is kept as a revision and can be
brought back; a deleted recommendation is only hidden.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..errors import EditConflict, FacilitatorError, NotFound
from ..ids import new_id, recommendation_ref
from ..models import STATUSES, RecommendationIn
from ..store import Store, now_iso
from . import edits
from . import queries as q
from .board import read_recommendation, read_revisions
from .history import Steps

# Offered when a recommendation's "addressed to" is typed (free text is accepted too).
ADDRESSEES = (
    "Parliaments",
    "Governments",
    "The international community",
    "UN agencies",
    "Regional organizations",
    "Civil society",
    "Security sector",
    "Donors",
)
NEXT_STATUS = {"draft": "reviewed", "reviewed": "agreed", "agreed": "dropped", "dropped": "draft"}


def recommendation_in(**fields: Any) -> RecommendationIn:
    """The fields checked, or a message a person understands."""
    from pydantic import ValidationError

    try:
        return RecommendationIn(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = str(err["loc"][0]) if err.get("loc") else "recommendation"
        if where == "text":
            raise FacilitatorError("a recommendation needs some text") from None
        if where == "rank":
            raise FacilitatorError("the rank is a whole number, 1 or more") from None
        raise FacilitatorError(f"{where}: {err['msg']}") from None


def session_lenses(conn: sqlite3.Connection, session_id: str) -> list[str]:
    """The lenses the session's agenda names (keys of vocab.LENSES, or as typed)."""
    row = conn.execute("SELECT lenses FROM session WHERE id = ?", (session_id,)).fetchone()
    try:
        return [str(x) for x in json.loads(row[0] or "[]")] if row else []
    except ValueError:
        return []


def check_lenses(conn: sqlite3.Connection, session_id: str, lenses: Sequence[str]) -> list[str]:
    """``lenses`` as stored, or a message naming the lenses that can be given."""
    from ..vocab import LENSES, lens_list

    wanted = lens_list(lenses)
    allowed = session_lenses(conn, session_id)
    known = list(dict.fromkeys([*allowed, *LENSES.table]))
    bad = [x for x in wanted if x not in known]
    if bad:
        raise FacilitatorError(f"unknown lens {bad[0]!r}: the lenses are {', '.join(LENSES.label(x) for x in known)}")
    return wanted


def _one_line(text: str | None) -> str | None:
    return " ".join(str(text or "").split()) or None


def _lens_names(stored: str | None) -> str:
    names = json.loads(stored or "[]")
    return ", ".join(str(x) for x in names) if names else "none"


def changes(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What changed between two states of a recommendation, as a step's label says it:
    ``status reviewed → agreed; rank 2 → none; text edited``."""
    def rank(value: Any) -> str:
        return str(value) if value else "none"

    parts = []
    if old["status"] != new["status"]:
        parts.append(f"status {old['status']} → {new['status']}")
    if old["rank"] != new["rank"]:
        parts.append(f"rank {rank(old['rank'])} → {rank(new['rank'])}")
    if old["addressed_to"] != new["addressed_to"]:
        parts.append(f"addressed to {old['addressed_to'] or 'nobody'} → {new['addressed_to'] or 'nobody'}")
    if old.get("lenses", "[]") != new.get("lenses", "[]"):
        parts.append(f"lenses {_lens_names(old.get('lenses'))} → {_lens_names(new.get('lenses'))}")
    if old["text"] != new["text"]:
        parts.append("text edited")
    return "; ".join(parts) or "nothing changed"


class Recommendations(Steps):
    """The recommendations of one scope."""

    def add_recommendation(
        self,
        text: str,
        *,
        cluster_id: str | None = None,
        status: str = "draft",
        rank: int | None = None,
        addressed_to: str | None = None,
        support: Sequence[str] | None = None,
    ) -> str:
        """A new recommendation; its support defaults to the cluster's members."""
        with self._step("new recommendation") as t:
            question_id = self.question_id
            if cluster_id is not None:
                question_id = edits.live_cluster(t.conn, self.session_id, cluster_id)["question_id"]
            data = recommendation_in(
                session_id=self.session_id, question_id=question_id, cluster_id=cluster_id, text=text,
                status=status, rank=rank, addressed_to=_one_line(addressed_to),
            )
            if support is None:
                support = q.member_ids(t.conn, cluster_id, live=True) if cluster_id else []
            support = edits.live_contributions(t.conn, self.session_id, support)
            rid = new_id()
            t.rec(rid)
            now = now_iso()
            seq = q.next_rec_seq(t.conn, self.session_id)
            q.insert_rec(t.conn, dict(
                id=rid, session_id=self.session_id, question_id=data.question_id, cluster_id=cluster_id,
                seq=seq, text=data.text, status=data.status, rank=data.rank,
                addressed_to=data.addressed_to, created_at=now, updated_at=now,
            ))
            q.set_support(t.conn, rid, support)
            where = f"for {edits.cluster_name(t.conn, cluster_id)}" if cluster_id else "standalone"
            t.label = f"write {recommendation_ref(seq)} ({where})"
            return rid

    def update_recommendation(self, recommendation_id: str, *, expected_text: str | None = None, label: str = "",
                              **fields: Any) -> bool:
        """Change text, status, rank and/or addressed_to; the earlier state is kept as a
        revision. Returns False when nothing changed. The step is named by what changed
        (``R-003 status reviewed → agreed``), after ``label`` if given. ``expected_text``: the
        text an edit began from; if the text is no longer that (another window changed it
        meanwhile), nothing is written and :class:`EditConflict` says so, with their text."""
        unknown = set(fields) - set(q.REC_STATE)
        if unknown:
            raise TypeError(f"unknown fields {sorted(unknown)}")
        with self._step("edit recommendation") as t:
            row = q.rec_row(t.conn, recommendation_id)
            if row is None or row["deleted_at"] is not None or row["session_id"] != self.session_id:
                raise NotFound(f"no recommendation with id {recommendation_id}")
            if (expected_text is not None and "text" in fields and row["text"] != expected_text
                    and row["text"] != fields["text"]):
                raise EditConflict(f"{recommendation_ref(row['seq'])} was changed elsewhere while it was being edited",
                                   row["text"])
            merged = {k: row[k] for k in q.REC_STATE} | {"lenses": json.loads(row["lenses"] or "[]")} | fields
            if merged.get("addressed_to") is not None:
                merged["addressed_to"] = _one_line(merged["addressed_to"])
            data = recommendation_in(session_id=self.session_id, **merged)
            new = {"text": data.text, "status": data.status, "rank": data.rank, "addressed_to": data.addressed_to,
                   "lenses": json.dumps(data.lenses, ensure_ascii=False)}
            if all(new[k] == row[k] for k in q.REC_STATE):
                return False
            what = changes(row, new)
            t.label = f"{recommendation_ref(row['seq'])}{label} ({what})" if label else f"{recommendation_ref(row['seq'])} {what}"
            t.rec(recommendation_id)
            self._add_revision(t.conn, row)
            q.update_rec(t.conn, recommendation_id, now_iso(), **new)
            return True

    def set_lenses(self, recommendation_id: str, lenses: Sequence[str]) -> bool:
        """The lenses a recommendation is looked at through (``[]``: none); undoable, kept in its
        history. A lens must be one the session's agenda names, or a known one."""
        return self.update_recommendation(recommendation_id, lenses=check_lenses(self.conn, self.session_id, lenses))

    def set_cluster_lenses(self, cluster_id: str, lenses: Sequence[str]) -> None:
        """The lenses of a theme (its recommendation takes them when it has none of its own)."""
        wanted = json.dumps(check_lenses(self.conn, self.session_id, lenses), ensure_ascii=False)
        with self._step("lenses of a theme") as t:
            before = edits.live_cluster(t.conn, self.session_id, cluster_id)["lenses"]
            if before != wanted:
                t.label = (f"{edits.cluster_name(t.conn, cluster_id)} lenses "
                           f"{_lens_names(before)} → {_lens_names(wanted)}")
                edits.touch(t, cluster_id, lenses=wanted)

    def set_status(self, recommendation_id: str, status: str) -> bool:
        if status not in STATUSES:
            raise FacilitatorError(f"status must be one of {', '.join(STATUSES)}")
        return self.update_recommendation(recommendation_id, status=status)

    def restore_revision(self, recommendation_id: str, revision_id: int) -> bool:
        """Bring an earlier state back (the current one becomes a revision in turn)."""
        for rev in read_revisions(self.store, recommendation_id):
            if rev.id == revision_id and rev.not_applied:  # a text kept from a conflict: only its text
                return self.update_recommendation(recommendation_id, text=rev.text)
            if rev.id == revision_id:
                return self.update_recommendation(
                    recommendation_id, text=rev.text, status=rev.status or "draft", rank=rev.rank,
                    addressed_to=rev.addressed_to, label=" earlier version brought back",
                )
        raise NotFound(f"no revision {revision_id} of this recommendation")

    def delete_recommendation(self, recommendation_id: str) -> None:
        """Hide a recommendation (undoable; its text stays in the file)."""
        with self._step("delete recommendation") as t:
            t.label = f"delete {edits.rec_name(t.conn, recommendation_id)}"
            t.rec(recommendation_id)
            q.hide_rec(t.conn, recommendation_id, now_iso())

    def set_support(self, recommendation_id: str, contribution_ids: Sequence[str], *, label: str = "") -> None:
        with self._step("change support") as t:
            ids = edits.live_contributions(t.conn, self.session_id, contribution_ids)
            before = len(q.support_ids(t.conn, recommendation_id))
            t.label = label or f"{edits.rec_name(t.conn, recommendation_id)} support: {before} → {len(ids)} contributions"
            t.rec(recommendation_id)
            q.set_support(t.conn, recommendation_id, ids)

    def toggle_support(self, recommendation_id: str, contribution_id: str) -> bool:
        """Add or remove one supporting contribution; returns True if it now supports."""
        current = [c.id for c in read_recommendation(self.store, recommendation_id).support]
        if contribution_id in current:
            self.set_support(recommendation_id, [c for c in current if c != contribution_id])
            return False
        self.set_support(recommendation_id, [*current, contribution_id])
        return True

    def sync_support(self, recommendation_id: str) -> None:
        """Support = the current members of the recommendation's cluster."""
        rec = read_recommendation(self.store, recommendation_id)
        if rec.cluster_id is None:
            raise FacilitatorError("this recommendation belongs to no cluster")
        members = q.member_ids(self.conn, rec.cluster_id, live=True)
        label = (f"{rec.ref} support = the {len(members)} contributions of "
                 f"{edits.cluster_name(self.conn, rec.cluster_id)} (was {len(rec.support)})")
        self.set_support(recommendation_id, members, label=label)


def find_reference(store: Store, session_id: str, ref: str) -> tuple[str, str]:
    """(``recommendation`` or ``theme``, its id) for ``R-003`` / ``C-002`` (``R3``, ``r-3`` too)."""
    import re

    from .. import limits

    m = re.fullmatch(r"\s*([RrCc])-?0*(\d+)\s*", ref or "")
    if not m:
        raise FacilitatorError(f"{limits.shorten(ref or '', 40)}: give a recommendation (R-003) or a theme (C-002)")
    kind = "recommendation" if m.group(1).upper() == "R" else "theme"
    try:
        seq = limits.number(m.group(2))
    except ValueError:  # thousands of digits: no recommendation or theme has that number
        raise NotFound(f"no {kind} {limits.shorten(ref, 30)} in this session") from None
    found = q.by_reference(store.conn, session_id, "recommendation" if kind == "recommendation" else "cluster", seq)
    if found is None:
        raise NotFound(f"no {kind} {m.group(1).upper()}-{seq:03d} in this session")
    return kind, found["id"]


def find_contributions(store: Store, session_id: str, refs: Sequence[str]) -> list[tuple[str, str | None]]:
    """(id, question id) of each contribution named by its reference (``Q3-012``; ``Q?-012``
    for one of no question; ``12``), in order, once each; :class:`NotFound` names the first
    reference the session does not have."""
    import re

    from .. import limits
    from ..ids import contribution_ref

    out: list[tuple[str, str | None]] = []
    for ref in refs:
        m = re.fullmatch(r"\s*(?:[Qq](\d+|\?)-)?0*(\d+)\s*", ref or "")
        if not m:
            raise FacilitatorError(f"{limits.shorten(ref or '', 40)}: give a contribution's reference, as the record "
                                   "shows it (Q3-012)")
        try:
            seq = limits.number(m.group(2))
        except ValueError:  # thousands of digits: no contribution has that number
            raise NotFound(f"no contribution {limits.shorten(ref.strip(), 30)} in this session") from None
        found = q.contribution_by_seq(store.conn, session_id, seq)
        wanted = m.group(1)
        if found is None or (wanted is not None and (str(found[2]) if found[2] is not None else "?") != wanted):
            raise NotFound(f"no contribution {limits.shorten(ref.strip(), 30)} in this session"
                           + (f" (number {seq} is {contribution_ref(found[2], seq)})" if found is not None else ""))
        if found[0] not in {i for i, _q in out}:
            out.append((found[0], found[1]))
    return out


def recommendation_table(store: Store, session_id: str, *, dropped: bool = False) -> list[dict[str, Any]]:
    """The session's live recommendations (the dropped ones with ``dropped``), by number: reference,
    status, rank, addressee, the question it answers (its number; None: the whole session), its
    theme, its lenses of its own, the references of its support, its text."""
    from ..ids import contribution_ref

    support: dict[str, list[str]] = {}
    for rid, seq, position in q.support_refs(store.conn, session_id):
        support.setdefault(rid, []).append(contribution_ref(position, seq))
    out = []
    for rid, seq, status, rank, to, text, lenses, position, theme in q.rec_rows(store.conn, session_id):
        if status == "dropped" and not dropped:
            continue
        out.append({"ref": f"R-{seq:03d}", "id": rid, "status": status, "rank": rank, "addressed_to": to,
                    "question": position, "theme": f"C-{theme:03d}" if theme is not None else None,
                    "lenses": json.loads(lenses or "[]"), "support": support.get(rid, []), "text": text})
    return out


def lens_table(store: Store, session_id: str) -> list[dict[str, Any]]:
    """Every live recommendation and theme of a session with its lenses (a recommendation
    without its own: its theme's, ``from_theme``)."""
    out = []
    for kind, seq, lenses, text, theme in q.lens_rows(store.conn, session_id):
        own = json.loads(lenses or "[]")
        inherited = json.loads(theme or "[]") if kind == "R" and not own else []
        out.append({"ref": f"{kind}-{seq:03d}", "lenses": own or inherited, "from_theme": bool(inherited),
                    "text": text})
    return out
