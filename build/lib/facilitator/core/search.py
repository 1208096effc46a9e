"""Full-text search across sessions, over the FTS5 index of migration ``m002``.

The index holds a folded copy of every contribution and recommendation (see
:mod:`facilitator.core.textnorm`); triggers keep it in step with every write. A query is
folded the same way, so Arabic ignores harakat, tatweel and the forms of alef, and French
ignores accents and case. Results carry the *stored* text (never the folded copy) with the
places that matched, for highlighting.

No UI code here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import textnorm
from .ids import contribution_ref, recommendation_ref

KINDS = ("contribution", "recommendation")


@dataclass(frozen=True)
class SearchHit:
    """One contribution or recommendation that matched."""

    kind: str  # "contribution" or "recommendation"
    id: str
    session_id: str
    session_title: str
    session_date: str
    question_id: str | None
    question_position: int | None
    question_text: str | None
    speaker: str | None  # None: the floor, or a recommendation
    stakeholder_group: str | None
    seq: int
    text: str  # as stored
    spans: tuple[tuple[int, int], ...] = field(default=())  # where it matched, in ``text``
    score: float = 0.0  # bm25: lower is better

    @property
    def ref(self) -> str:
        if self.kind == "recommendation":
            return recommendation_ref(self.seq)
        return contribution_ref(self.question_position, self.seq)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "ref": self.ref,
            "session_id": self.session_id,
            "session_title": self.session_title,
            "session_date": self.session_date,
            "question_id": self.question_id,
            "question": self.question_position,
            "question_text": self.question_text,
            "speaker": self.speaker,
            "group": self.stakeholder_group,
            "text": self.text,
            "matches": [list(s) for s in self.spans],
        }


_SQL = """
SELECT d.kind, d.entity_id AS id, bm25(search_fts) AS score,
       s.id AS session_id, s.title AS session_title, s.date AS session_date,
       q.id AS question_id, q.position AS question_position, q.text AS question_text,
       p.name AS speaker, p.stakeholder_group,
       COALESCE(c.seq, r.seq) AS seq, COALESCE(c.text, r.text) AS text
FROM search_fts
JOIN search_doc d ON d.id = search_fts.rowid
LEFT JOIN contribution c ON d.kind = 'contribution' AND c.id = d.entity_id
LEFT JOIN recommendation r ON d.kind = 'recommendation' AND r.id = d.entity_id
JOIN session s ON s.id = COALESCE(c.session_id, r.session_id)
LEFT JOIN question q ON q.id = COALESCE(c.question_id, r.question_id)
LEFT JOIN participant p ON p.id = c.participant_id
WHERE search_fts MATCH :match
  AND COALESCE(c.deleted_at, r.deleted_at) IS NULL
  AND d.kind IN ({kinds})
  {session_filter}
ORDER BY score, s.date DESC, s.id, d.kind, seq
LIMIT :limit
"""


def search(
    store,
    query: str,
    *,
    session_id: str | None = None,
    kinds: tuple[str, ...] = KINDS,
    limit: int = 200,
) -> list[SearchHit]:
    """Contributions and recommendations whose text has every word of ``query``.

    Each word matches the beginning of a word (``secur`` finds *security*); ``"two words"``
    is a phrase. Best matches first. Deleted contributions and recommendations are left out.
    """
    match = textnorm.match_expression(query)
    if match is None:
        return []
    kinds = tuple(k for k in kinds if k in KINDS) or KINDS
    sql = _SQL.format(
        kinds=", ".join(f"'{k}'" for k in kinds),
        session_filter="AND s.id = :session" if session_id else "",
    )
    rows = store.query(sql, {"match": match, "session": session_id, "limit": max(1, int(limit))})
    return [
        SearchHit(
            kind=r["kind"],
            id=r["id"],
            session_id=r["session_id"],
            session_title=r["session_title"],
            session_date=r["session_date"],
            question_id=r["question_id"],
            question_position=r["question_position"],
            question_text=r["question_text"],
            speaker=r["speaker"] if r["kind"] == "contribution" else None,
            stakeholder_group=r["stakeholder_group"] if r["kind"] == "contribution" else None,
            seq=r["seq"],
            text=r["text"],
            spans=tuple(textnorm.match_spans(r["text"], query)),
            score=r["score"],
        )
        for r in rows
    ]


def snippet(text: str, spans, width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt of ``text`` of at most ``width`` characters around the first match.

    Returns the excerpt and the match spans shifted into it. Newlines become spaces; cut ends
    are marked with ``…``. The text is in logical order (pass it to the display transform
    for the screen).
    """
    flat = text.replace("\n", " ")
    width = max(width, 8)
    if len(flat) <= width:
        return flat, [tuple(s) for s in spans if s[0] < len(flat)]
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    # Begin at a word boundary when one is near.
    if start > 0:
        space = flat.rfind(" ", max(0, start - 12), first)
        if space != -1:
            start = space + 1
    end = min(len(flat), start + width - (1 if start > 0 else 0))
    if end < len(flat):
        end -= 1
    piece = flat[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    out_spans = [
        (max(a + shift, len(prefix)), min(b + shift, len(prefix) + len(piece)))
        for a, b in spans
        if b > start and a < end
    ]
    return prefix + piece + suffix, out_spans


def rebuild_index(store) -> int:
    """Recompute the whole index from the stored text (a repair; triggers normally suffice).

    Returns the number of texts indexed.
    """
    fold = textnorm.sql_fold
    with store.write() as conn:
        conn.execute("DELETE FROM search_fts")
        conn.execute("DELETE FROM search_doc")
        n = 0
        for table in KINDS:
            conn.execute(
                f"INSERT INTO search_doc (kind, entity_id) SELECT '{table}', id FROM {table} ORDER BY rowid"
            )
            cur = conn.execute(
                f"""INSERT INTO search_fts (rowid, body)
                    SELECT d.id, {fold('t.text')} FROM search_doc d JOIN {table} t ON t.id = d.entity_id
                    WHERE d.kind = '{table}'"""
            )
            n += cur.rowcount
    return n


__all__ = ["SearchHit", "search", "snippet", "rebuild_index", "KINDS"]
