"""Every SQL statement of the review, and every write of its tables, in one place.

Size: ~480 lines: every SQL statement of the review in one place, on purpose (see below): about
fifty functions of a few lines each, which the one-writer test (``tests/test_one_writer.py``)
relies on finding here.

The review's tables are ``cluster``, ``cluster_member``, ``kept_unclustered``,
``recommendation`` and ``recommendation_support`` (and it reads ``contribution``, ``question``
and ``revision``). They are written here only, by the review and by the import of an export
(``summary/todb.py``) alike: ``tests/test_one_writer.py`` fails when one of them is written
anywhere else (the map is ``core/writers.py``). Functions that read take any connection;
functions that write take the connection of a ``store.write()`` transaction, which is the only
way anything is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from typing import Any

Conn = sqlite3.Connection

CLUSTER_COLS = (
    "id", "session_id", "question_id", "seq", "label", "representative_id", "origin", "method",
    "curated", "parked", "position", "created_at", "updated_at", "deleted_at", "lenses", "parent_label",
)
MEMBER_COLS = ("contribution_id", "cluster_id", "origin", "added_at")
REC_COLS = (
    "id", "session_id", "question_id", "cluster_id", "seq", "text", "status", "rank", "addressed_to",
    "created_at", "updated_at", "deleted_at", "source", "lenses",
)
REC_STATE = ("text", "status", "rank", "addressed_to", "lenses")  # what a revision keeps (lenses: JSON)


def _ids(conn: Conn, sql: str, params: Sequence[Any]) -> list[str]:
    return [r[0] for r in conn.execute(sql, params).fetchall()]  # fetchall: rows made in C, not one by one


def _scope(question_id: str | None, column: str) -> tuple[str, list[Any]]:
    """`` AND <column> = ?`` for one question; nothing for the whole session."""
    return ("", []) if question_id is None else (f" AND {column} = ?", [question_id])


# --- whole rows (what undo keeps and puts back) ---------------------------------------------------


def row(conn: Conn, table: str, cols: Sequence[str], key: str, value: str) -> dict[str, Any] | None:
    r = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {key} = ?", (value,)).fetchone()
    return dict(zip(cols, r)) if r else None


def cluster_row(conn: Conn, cluster_id: str) -> dict[str, Any] | None:
    return row(conn, "cluster", CLUSTER_COLS, "id", cluster_id)


def member_row(conn: Conn, contribution_id: str) -> dict[str, Any] | None:
    return row(conn, "cluster_member", MEMBER_COLS, "contribution_id", contribution_id)


def rec_row(conn: Conn, recommendation_id: str) -> dict[str, Any] | None:
    return row(conn, "recommendation", REC_COLS, "id", recommendation_id)


def _upserting(cols: Sequence[str], key: str) -> str:
    """``(cols) VALUES (?, …) ON CONFLICT (key) DO UPDATE SET …``: the rest of an upsert, after
    ``INSERT INTO <table>`` (each table named in its own statement: see tests/test_one_writer.py).
    ON CONFLICT DO UPDATE, never REPLACE, which would delete the row and cascade to its children."""
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c != key)
    return f"({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) ON CONFLICT ({key}) DO UPDATE SET {sets}"


def put_cluster(conn: Conn, values: dict[str, Any]) -> None:
    conn.execute(f"INSERT INTO cluster {_upserting(CLUSTER_COLS, 'id')}", [values[c] for c in CLUSTER_COLS])


def put_rec(conn: Conn, values: dict[str, Any]) -> None:
    conn.execute(f"INSERT INTO recommendation {_upserting(REC_COLS, 'id')}", [values[c] for c in REC_COLS])


def remove_cluster(conn: Conn, cluster_id: str) -> None:
    """Really delete a cluster row (only to undo its creation)."""
    conn.execute("DELETE FROM cluster WHERE id = ?", (cluster_id,))


# --- clusters ------------------------------------------------------------------------------------


def next_cluster_numbers(conn: Conn, session_id: str) -> tuple[int, int]:
    """(seq, position) for a new cluster of the session."""
    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM cluster WHERE session_id = ?", (session_id,)).fetchone()[0]
    pos = conn.execute(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM cluster WHERE session_id = ? AND deleted_at IS NULL", (session_id,)
    ).fetchone()[0]
    return seq, pos


def insert_cluster(conn: Conn, values: dict[str, Any]) -> None:
    cols = [c for c in CLUSTER_COLS if c in values]
    conn.execute(f"INSERT INTO cluster ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [values[c] for c in cols])


def update_cluster(conn: Conn, cluster_id: str, now: str, **fields: Any) -> None:
    sets = ", ".join(f"{k} = ?" for k in fields)
    conn.execute(f"UPDATE cluster SET {sets}, updated_at = ? WHERE id = ?", [*fields.values(), now, cluster_id])


def retire_cluster(conn: Conn, cluster_id: str, now: str, *, curated: bool = False) -> None:
    """Soft-delete a cluster (``curated``: a person did it)."""
    extra = ", curated = 1" if curated else ""
    conn.execute(
        f"UPDATE cluster SET deleted_at = ?, updated_at = ?{extra} WHERE id = ? AND deleted_at IS NULL",
        (now, now, cluster_id),
    )


def set_representative(conn: Conn, cluster_id: str, contribution_id: str | None, *, only_if_none: bool = False) -> None:
    """``only_if_none``: a cluster that has a representative keeps it (an import)."""
    if only_if_none:
        conn.execute("UPDATE cluster SET representative_id = ? WHERE id = ? AND representative_id IS NULL",
                     (contribution_id, cluster_id))
        return
    conn.execute("UPDATE cluster SET representative_id = ? WHERE id = ?", (contribution_id, cluster_id))


def member_ids(conn: Conn, cluster_id: str, *, live: bool = False) -> list[str]:
    """A cluster's members in the order they were said (``live``: deleted ones left out)."""
    alive = " AND c.deleted_at IS NULL" if live else ""
    return _ids(
        conn,
        "SELECT m.contribution_id FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
        f" WHERE m.cluster_id = ?{alive} ORDER BY c.seq",
        (cluster_id,),
    )


def member_texts(conn: Conn, cluster_id: str) -> list[tuple[str, str, str | None]]:
    """(id, text, lang) of a cluster's live members, in the order they were said."""
    return conn.execute(
        "SELECT c.id, c.text, c.lang FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
        " WHERE m.cluster_id = ? AND c.deleted_at IS NULL ORDER BY c.seq",
        (cluster_id,),
    ).fetchall()


def empty_suggestion(conn: Conn, cluster_id: str) -> bool:
    """A live suggested cluster nobody curated and nothing is in any more."""
    r = conn.execute(
        "SELECT origin, curated, (SELECT count(*) FROM cluster_member WHERE cluster_id = cluster.id)"
        " FROM cluster WHERE id = ? AND deleted_at IS NULL",
        (cluster_id,),
    ).fetchone()
    return bool(r and r[0] == "suggested" and not r[1] and r[2] == 0)


def replaceable(conn: Conn, session_id: str, question_id: str | None) -> list[str]:
    """The scope's suggested clusters that nobody touched or parked: what suggestions replace."""
    where, params = _scope(question_id, "question_id")
    return _ids(
        conn,
        "SELECT id FROM cluster WHERE session_id = ? AND deleted_at IS NULL AND origin = 'suggested'"
        f" AND curated = 0 AND parked = 0{where} ORDER BY seq",
        [session_id, *params],
    )


def noise_bin(conn: Conn, session_id: str, question_id: str | None, label: str) -> str | None:
    """The scope's noise bin (the whole session's is the one made for no question)."""
    where, params = (" AND question_id IS NULL", []) if question_id is None else _scope(question_id, "question_id")
    r = conn.execute(
        "SELECT id FROM cluster WHERE session_id = ? AND parked = 1 AND deleted_at IS NULL"
        f" AND label = ?{where} ORDER BY seq LIMIT 1",
        [session_id, label, *params],
    ).fetchone()
    return r[0] if r else None


def starting_point(conn: Conn, cluster_id: str) -> tuple[str, str | None] | None:
    """(session id, representative id) of a cluster."""
    r = conn.execute("SELECT session_id, representative_id FROM cluster WHERE id = ?", (cluster_id,)).fetchone()
    return (r[0], r[1]) if r else None


def numbered(conn: Conn, contribution_ids: Sequence[str]) -> list[tuple[int | None, int]]:
    """(question number, seq) of these contributions (the first 20), in the order they were said."""
    ids = list(contribution_ids)[:20]
    if not ids:
        return []
    return conn.execute(
        "SELECT q.position, c.seq FROM contribution c LEFT JOIN question q ON q.id = c.question_id"
        f" WHERE c.id IN ({', '.join('?' * len(ids))}) ORDER BY c.seq",
        ids,
    ).fetchall()


# --- where contributions are ----------------------------------------------------------------------


def live_contribution_session(conn: Conn, contribution_id: str) -> str | None:
    r = conn.execute("SELECT session_id FROM contribution WHERE id = ? AND deleted_at IS NULL", (contribution_id,)).fetchone()
    return r[0] if r else None


def cluster_of(conn: Conn, contribution_id: str) -> str | None:
    r = conn.execute("SELECT cluster_id FROM cluster_member WHERE contribution_id = ?", (contribution_id,)).fetchone()
    return r[0] if r else None


def set_member(conn: Conn, values: dict[str, Any] | None, contribution_id: str) -> None:
    """Put a contribution in the cluster of ``values`` (a membership row), or in none."""
    conn.execute("DELETE FROM cluster_member WHERE contribution_id = ?", (contribution_id,))
    if values is not None:
        conn.execute(
            "INSERT INTO cluster_member (contribution_id, cluster_id, origin, added_at) VALUES (?, ?, ?, ?)",
            [values[c] for c in MEMBER_COLS],
        )


def put_manual_member(conn: Conn, contribution_id: str, cluster_id: str, added_at: str) -> None:
    """A contribution is in ``cluster_id`` because a person put it there (an import: the file's
    themes are a person's)."""
    conn.execute(
        """INSERT INTO cluster_member (contribution_id, cluster_id, origin, added_at) VALUES (?, ?, 'manual', ?)
           ON CONFLICT (contribution_id) DO UPDATE SET cluster_id = excluded.cluster_id,
           origin = 'manual', added_at = excluded.added_at""",
        (contribution_id, cluster_id, added_at),
    )


def mark_manual(conn: Conn, contribution_id: str) -> None:
    conn.execute("UPDATE cluster_member SET origin = 'manual' WHERE contribution_id = ?", (contribution_id,))


def kept_since(conn: Conn, contribution_id: str) -> str | None:
    """When a person took it out of every cluster (None: they did not)."""
    r = conn.execute("SELECT kept_at FROM kept_unclustered WHERE contribution_id = ?", (contribution_id,)).fetchone()
    return r[0] if r else None


def set_kept(conn: Conn, contribution_id: str, since: str | None, *, keep_earlier: bool = False) -> bool:
    """Kept out of every cluster since ``since`` (None: not kept out). ``keep_earlier``: an
    earlier date stays. True when a row was written or removed."""
    if keep_earlier and since is not None:
        return conn.execute(
            "INSERT INTO kept_unclustered (contribution_id, kept_at) VALUES (?, ?) ON CONFLICT (contribution_id) DO NOTHING",
            (contribution_id, since),
        ).rowcount > 0
    changed = conn.execute("DELETE FROM kept_unclustered WHERE contribution_id = ?", (contribution_id,)).rowcount > 0
    if since is not None:
        conn.execute("INSERT INTO kept_unclustered (contribution_id, kept_at) VALUES (?, ?)", (contribution_id, since))
        changed = True
    return changed


def placement(conn: Conn, session_id: str, question_id: str | None) -> list[tuple[str, str, str | None, str | None, int, str | None]]:
    """(id, text, cluster id, membership origin, kept out, question id) of the scope's live
    contributions."""
    where, params = _scope(question_id, "c.question_id")
    return conn.execute(
        "SELECT c.id, c.text, m.cluster_id, m.origin, k.contribution_id IS NOT NULL, c.question_id FROM contribution c"
        " LEFT JOIN cluster_member m ON m.contribution_id = c.id"
        " LEFT JOIN kept_unclustered k ON k.contribution_id = c.id"
        f" WHERE c.session_id = ? AND c.deleted_at IS NULL{where} ORDER BY c.seq",
        [session_id, *params],
    ).fetchall()


# --- recommendations ------------------------------------------------------------------------------


def recs_of_cluster(conn: Conn, cluster_id: str) -> list[str]:
    return _ids(conn, "SELECT id FROM recommendation WHERE cluster_id = ?", (cluster_id,))


def next_rec_seq(conn: Conn, session_id: str) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM recommendation WHERE session_id = ?",
                            (session_id,)).fetchone()[0])


def insert_rec(conn: Conn, values: dict[str, Any]) -> None:
    cols = [c for c in REC_COLS if c in values]
    conn.execute(f"INSERT INTO recommendation ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                 [values[c] for c in cols])


def update_rec(conn: Conn, recommendation_id: str, now: str, **fields: Any) -> None:
    sets = ", ".join(f"{k} = ?" for k in fields)
    conn.execute(f"UPDATE recommendation SET {sets}, updated_at = ? WHERE id = ?", [*fields.values(), now, recommendation_id])


def hide_rec(conn: Conn, recommendation_id: str, now: str) -> None:
    conn.execute("UPDATE recommendation SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                 (now, now, recommendation_id))


def support_ids(conn: Conn, recommendation_id: str) -> list[str]:
    """Every supporting contribution's id (deleted ones too), sorted by id."""
    return _ids(conn, "SELECT contribution_id FROM recommendation_support WHERE recommendation_id = ? ORDER BY 1",
                (recommendation_id,))


def set_support(conn: Conn, recommendation_id: str, contribution_ids: Iterable[str]) -> None:
    conn.execute("DELETE FROM recommendation_support WHERE recommendation_id = ?", (recommendation_id,))
    conn.executemany("INSERT INTO recommendation_support (recommendation_id, contribution_id) VALUES (?, ?)",
                     [(recommendation_id, c) for c in contribution_ids])


# --- the board of a scope -------------------------------------------------------------------------


def data_version(conn: Conn) -> int:
    """Changes another connection committed to the file since this one opened (a counter)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


IDEA_SQL = (
    "SELECT c.id, c.seq, q.position, c.text, c.lang, p.name, p.stakeholder_group, c.proposed, c.question_id"
    " FROM contribution c LEFT JOIN question q ON q.id = c.question_id LEFT JOIN participant p ON p.id = c.participant_id"
)  # the columns of views.Idea, in its order


def ideas(conn: Conn, session_id: str, question_id: str | None) -> list[tuple[Any, ...]]:
    """The scope's live contributions as the review shows them (the fields of ``views.Idea``),
    in the order they were said."""
    where, params = _scope(question_id, "c.question_id")
    return conn.execute(
        f"{IDEA_SQL} WHERE c.session_id = ? AND c.deleted_at IS NULL{where} ORDER BY c.seq", [session_id, *params]
    ).fetchall()


def ideas_by_id(conn: Conn, ids: Collection[str]) -> list[tuple[Any, ...]]:
    """These live contributions (any question), as :func:`ideas` gives them."""
    out: list[tuple[Any, ...]] = []
    wanted = list(ids)
    for i in range(0, len(wanted), 500):  # SQLite's limit on the number of parameters
        chunk = wanted[i:i + 500]
        out += conn.execute(f"{IDEA_SQL} WHERE c.deleted_at IS NULL AND c.id IN ({', '.join('?' * len(chunk))})",
                            chunk).fetchall()
    return out


# a cluster of the scope: one made for the question, or a whole-session theme with ideas of it
# (shown in the question's view with those ideas)
_SESSION_THEME_IN_QUESTION = (
    "(k.question_id IS NULL AND k.deleted_at IS NULL AND EXISTS (SELECT 1 FROM cluster_member m2"
    " JOIN contribution c2 ON c2.id = m2.contribution_id WHERE m2.cluster_id = k.id AND c2.question_id = ?"
    " AND c2.deleted_at IS NULL))"
)
_IN_QUESTION = f" AND (k.question_id = ? OR {_SESSION_THEME_IN_QUESTION})"


def board_clusters(conn: Conn, session_id: str, question_id: str | None) -> list[dict[str, Any]]:
    """The scope's live clusters (with their question's number and their number of live members
    in the whole session), noise bins last. A question's scope holds its own clusters and the
    whole-session themes that have ideas of it."""
    where, params = ("", []) if question_id is None else (_IN_QUESTION, [question_id, question_id])
    cur = conn.execute(
        f"SELECT {', '.join('k.' + c for c in CLUSTER_COLS)}, q.position AS question_position,"
        " (SELECT count(*) FROM cluster_member m JOIN contribution c ON c.id = m.contribution_id"
        "  WHERE m.cluster_id = k.id AND c.deleted_at IS NULL) AS size FROM cluster k"
        f" LEFT JOIN question q ON q.id = k.question_id WHERE k.session_id = ? AND k.deleted_at IS NULL{where}"
        " ORDER BY k.parked, COALESCE(k.position, k.seq), k.seq",
        [session_id, *params],
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def board_members(conn: Conn, session_id: str, question_id: str | None) -> list[tuple[str, str, str]]:
    """(contribution id, cluster id, origin) of every member of the scope's live clusters; of a
    whole-session theme in a question's scope, its members of that question."""
    if question_id is None:
        where, params = "", []
    else:
        where = (" AND (k.question_id = ? OR (k.question_id IS NULL AND m.contribution_id IN"
                 " (SELECT id FROM contribution WHERE question_id = ?)))")
        params = [question_id, question_id]
    return conn.execute(
        "SELECT m.contribution_id, m.cluster_id, m.origin FROM cluster_member m JOIN cluster k ON k.id = m.cluster_id"
        f" WHERE k.session_id = ? AND k.deleted_at IS NULL{where}",
        [session_id, *params],
    ).fetchall()


def clustered_ids(conn: Conn, session_id: str, question_id: str | None) -> set[str]:
    """The scope's contributions that are in a live cluster of any scope of the session."""
    where, params = _scope(question_id, "c.question_id")
    return set(_ids(
        conn,
        "SELECT c.id FROM contribution c JOIN cluster_member m ON m.contribution_id = c.id"
        f" JOIN cluster k ON k.id = m.cluster_id WHERE c.session_id = ?{where} AND k.session_id = c.session_id"
        " AND k.deleted_at IS NULL",
        [session_id, *params],
    ))


def _recs_where(question_id: str | None) -> tuple[str, list[Any]]:
    if question_id is None:
        return "", []
    # the question's, those of its clusters, and those of the whole-session themes shown in it
    return (" AND (r.question_id = ? OR r.cluster_id IN (SELECT k.id FROM cluster k WHERE k.question_id = ? OR "
            + _SESSION_THEME_IN_QUESTION + "))", [question_id, question_id, question_id])


def board_recs(conn: Conn, session_id: str, question_id: str | None) -> list[dict[str, Any]]:
    """The scope's live recommendations, by rank (none last), then number."""
    where, params = _recs_where(question_id)
    cur = conn.execute(
        f"SELECT {', '.join('r.' + c for c in REC_COLS)} FROM recommendation r"
        f" WHERE r.session_id = ? AND r.deleted_at IS NULL{where} ORDER BY r.rank IS NULL, r.rank, r.seq",
        [session_id, *params],
    )
    return [dict(zip(REC_COLS, r)) for r in cur.fetchall()]


def board_support(conn: Conn, session_id: str, question_id: str | None) -> list[tuple[str, str]]:
    """(recommendation id, contribution id) of the live support of the scope's live
    recommendations, in the order the contributions were said."""
    where, params = _recs_where(question_id)
    return conn.execute(
        "SELECT s.recommendation_id, s.contribution_id FROM recommendation_support s"
        " JOIN recommendation r ON r.id = s.recommendation_id JOIN contribution c ON c.id = s.contribution_id"
        f" WHERE r.session_id = ? AND r.deleted_at IS NULL AND c.deleted_at IS NULL{where} ORDER BY c.seq",
        [session_id, *params],
    ).fetchall()


def revisions(conn: Conn, recommendation_id: str) -> list[tuple[int, str, str | None, str]]:
    """(id, text, meta JSON, created at) of a recommendation's earlier states, newest first."""
    return conn.execute(
        "SELECT id, text, meta, created_at FROM revision WHERE entity = 'recommendation' AND entity_id = ? ORDER BY id DESC",
        (recommendation_id,),
    ).fetchall()


def by_reference(conn: Conn, session_id: str, table: str, seq: int) -> dict[str, Any] | None:
    """A live recommendation (``table='recommendation'``) or theme (``'cluster'``) by its number."""
    cols = REC_COLS if table == "recommendation" else CLUSTER_COLS
    found = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE session_id = ? AND seq = ? AND deleted_at IS NULL",
                         (session_id, seq)).fetchone()
    return dict(zip(cols, found)) if found else None


def contribution_by_seq(conn: Conn, session_id: str, seq: int) -> tuple[str, str | None, int | None] | None:
    """(id, question id, question position) of a session's live contribution by its number."""
    return conn.execute(
        "SELECT c.id, c.question_id, q.position FROM contribution c LEFT JOIN question q ON q.id = c.question_id"
        " WHERE c.session_id = ? AND c.seq = ? AND c.deleted_at IS NULL",
        (session_id, seq),
    ).fetchone()


def rec_rows(conn: Conn, session_id: str) -> list[tuple]:
    """(id, number, status, rank, addressed to, text, lenses JSON, question position, theme number) of
    a session's live recommendations, by number."""
    return conn.execute(
        "SELECT r.id, r.seq, r.status, r.rank, r.addressed_to, r.text, r.lenses, q.position, k.seq"
        " FROM recommendation r LEFT JOIN question q ON q.id = r.question_id"
        " LEFT JOIN cluster k ON k.id = r.cluster_id AND k.deleted_at IS NULL"
        " WHERE r.session_id = ? AND r.deleted_at IS NULL ORDER BY r.seq",
        (session_id,),
    ).fetchall()


def support_refs(conn: Conn, session_id: str) -> list[tuple[str, int, int | None]]:
    """(recommendation id, contribution number, its question position) of every live support of a
    session's recommendations."""
    return conn.execute(
        "SELECT s.recommendation_id, c.seq, q.position FROM recommendation_support s"
        " JOIN recommendation r ON r.id = s.recommendation_id"
        " JOIN contribution c ON c.id = s.contribution_id AND c.deleted_at IS NULL"
        " LEFT JOIN question q ON q.id = c.question_id WHERE r.session_id = ? ORDER BY c.seq",
        (session_id,),
    ).fetchall()


def lens_rows(conn: Conn, session_id: str) -> list[tuple[str, int, str, str, str | None]]:
    """(kind, number, lenses JSON, text or label, cluster lenses JSON) of the live recommendations and
    themes of a session."""
    return conn.execute(
        "SELECT 'R', r.seq, r.lenses, r.text, k.lenses FROM recommendation r LEFT JOIN cluster k ON k.id = r.cluster_id"
        " WHERE r.session_id = ? AND r.deleted_at IS NULL"
        " UNION ALL SELECT 'C', seq, lenses, label, NULL FROM cluster WHERE session_id = ? AND deleted_at IS NULL"
        " ORDER BY 1 DESC, 2",
        (session_id, session_id),
    ).fetchall()
