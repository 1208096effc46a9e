"""A session in the store as a :class:`~.model.Doc` (plain SQL, linear in the size of the session)."""

from __future__ import annotations

import json

from .model import Cluster, Contribution, Doc, Participant, QuestionRef, Recommendation, Section, SessionInfo


def _source(value: str | None) -> dict:
    if not value:
        return {}
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_doc(store, session_id: str) -> Doc:
    conn = store.conn
    row = conn.execute(
        """SELECT s.id, s.title, s.event, s.date, s.start_time, s.end_time, s.venue, s.languages,
                  s.language, s.rapporteur, s.updated_at, se.title, s.room
           FROM session s LEFT JOIN series se ON se.id = s.series_id WHERE s.id = ?""",
        (session_id,),
    ).fetchone()
    if row is None:
        from ..errors import NotFound

        raise NotFound(f"no session with id {session_id}")
    info = SessionInfo(
        id=row[0],
        title=row[1],
        event=row[2],
        date=row[3],
        start=row[4],
        end=row[5],
        venue=row[6],
        languages=json.loads(row[7] or "[]"),
        language=row[8] or "en",
        rapporteur=row[9],
        series=row[11],
        room=row[12],
    )
    stamps = [row[10]]

    sections: dict[str | None, Section] = {}
    order: list[Section] = []
    for qid, position, text, translations in conn.execute(
        "SELECT id, position, text, translations FROM question WHERE session_id = ? ORDER BY position", (session_id,)
    ):
        tr = _source(translations)
        ref = QuestionRef(id=qid, session_id=session_id, position=position, text=text,
                          translations={k: v for k, v in sorted(tr.items()) if isinstance(v, str) and v.strip()})
        sec = Section(text=text, questions=[ref])
        sections[qid] = sec
        order.append(sec)

    def section_for(qid: str | None) -> Section:
        sec = sections.get(qid)
        if sec is None:
            sec = sections[None] = Section(text="", unassigned=True)
        return sec

    clusters: dict[str, Cluster] = {}
    cluster_rows = conn.execute(
        """SELECT id, question_id, seq, label, representative_id, origin, method, curated, parked, updated_at
           FROM cluster WHERE session_id = ? AND deleted_at IS NULL
           ORDER BY position IS NULL, position, seq""",
        (session_id,),
    ).fetchall()
    for cid, qid, seq, label, rep, origin, method, curated, parked, updated in cluster_rows:
        stamps.append(updated)
        clusters[cid] = Cluster(
            id=cid,
            session_id=session_id,
            seq=seq,
            label=label,
            parked=bool(parked),
            session_scope=qid is None,
            representative_id=rep,
            origin=origin or "manual",
            method=method,
            curated=bool(curated),
        )
    # deleted clusters still count as a change
    for (updated,) in conn.execute(
        "SELECT max(updated_at) FROM cluster WHERE session_id = ? AND deleted_at IS NOT NULL", (session_id,)
    ):
        stamps.append(updated)
    members = dict(
        conn.execute(
            """SELECT m.contribution_id, m.cluster_id FROM cluster_member m
               JOIN cluster k ON k.id = m.cluster_id WHERE k.session_id = ? AND k.deleted_at IS NULL""",
            (session_id,),
        ).fetchall()
    )

    participant_ids: set[str] = set()
    # per section: cluster id -> Cluster copy (a session-wide cluster shows under every question)
    placed: dict[tuple[int, str], Cluster] = {}
    contribution_rows = conn.execute(
        """SELECT c.id, c.question_id, c.participant_id, c.seq, c.text, c.lang, c.started_at, c.source,
                  c.updated_at, c.deleted_at, c.created_at, c.turn_id, c.proposed
           FROM contribution c LEFT JOIN question q ON q.id = c.question_id
           WHERE c.session_id = ?
           ORDER BY q.position IS NULL, q.position, c.seq""",
        (session_id,),
    ).fetchall()
    # the speaking time of each contribution, from its speaker's turn (core/turns.py)
    from ..turns import credits, turn_spans

    spans = turn_spans(store, session_id)
    spoken = credits(
        [dict(id=r[0], turn_id=r[11], seq=r[3], started_at=r[6], created_at=r[10]) for r in contribution_rows if not r[9]],
        spans,
    )
    kept_out = {
        r[0] for r in conn.execute(
            "SELECT k.contribution_id FROM kept_unclustered k JOIN contribution c ON c.id = k.contribution_id"
            " WHERE c.session_id = ?",
            (session_id,),
        )
    }
    for cid, qid, pid, seq, text, lang, started, source, updated, deleted, created, turn_id, proposed in contribution_rows:
        stamps.append(updated)
        if deleted:
            continue
        src = {} if pid else _source(source)
        item = Contribution(
            id=cid,
            session_id=session_id,
            seq=seq,
            text=text,
            speaker_id=pid,
            group=src.get("group") or None,
            unnamed=bool(src.get("unnamed")),
            lang=lang,
            started=started,
            saved=created if started else None,
            spoke=spoken.get(cid) if turn_id in spans else None,
            proposed=bool(proposed),
            kept_out=cid in kept_out and cid not in members,
        )
        if pid:
            participant_ids.add(pid)
        sec = section_for(qid)
        kid = members.get(cid)
        if kid in clusters:
            key = (id(sec), kid)
            cl = placed.get(key)
            if cl is None:
                base = clusters[kid]
                cl = placed[key] = Cluster(**{**base.__dict__, "items": []})
            cl.items.append(item)
        else:
            sec.loose.append(item)

    # clusters in their own order, each under the sections holding its members
    # (an empty cluster of a question still shows, so a theme without ideas is not lost)
    cluster_question = {r[0]: r[1] for r in cluster_rows}
    section_list = list(sections.values())
    for kid, base in clusters.items():
        shown = False
        for sec in section_list:
            cl = placed.get((id(sec), kid))
            if cl is not None:
                sec.clusters.append(cl)
                shown = True
        qid = cluster_question[kid]
        if not shown and qid in sections:
            sections[qid].clusters.append(Cluster(**{**base.__dict__, "items": []}))

    supports: dict[str, list[str]] = {}
    standalone: list[Recommendation] = []
    for rid, cid in conn.execute(
        """SELECT s.recommendation_id, s.contribution_id FROM recommendation_support s
           JOIN recommendation r ON r.id = s.recommendation_id
           JOIN contribution c ON c.id = s.contribution_id
           WHERE r.session_id = ? AND c.deleted_at IS NULL""",
        (session_id,),
    ):
        supports.setdefault(rid, []).append(cid)
    for rid, qid, kid, seq, text, status, rank, addressed, updated, deleted in conn.execute(
        """SELECT r.id, r.question_id, r.cluster_id, r.seq, r.text, r.status, r.rank, r.addressed_to,
                  r.updated_at, r.deleted_at
           FROM recommendation r WHERE r.session_id = ?
           ORDER BY r.rank IS NULL, r.rank, r.seq""",
        (session_id,),
    ):
        stamps.append(updated)
        if deleted:
            continue
        rec = Recommendation(
            id=rid,
            session_id=session_id,
            seq=seq,
            text=text,
            status=status,
            rank=rank,
            addressed_to=addressed,
            cluster_id=kid if kid in clusters else None,
            supports=sorted(supports.get(rid, [])),
        )
        if qid is not None and qid in sections:
            sections[qid].recommendations.append(rec)
        else:  # written in the review of the whole session
            standalone.append(rec)

    participants: dict[str, Participant] = {}
    panel = {pid: n for n, pid in conn.execute(
        "SELECT position, participant_id FROM panelist WHERE session_id = ? ORDER BY position", (session_id,))}
    if participant_ids:
        ids = sorted(participant_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for pid, name, title, org, group, country, gender, youth, updated in conn.execute(
                f"""SELECT id, name, title, organization, stakeholder_group, country, gender, youth, updated_at
                    FROM participant WHERE id IN ({marks})""",
                chunk,
            ):
                stamps.append(updated)
                participants[pid] = Participant(
                    id=pid,
                    name=name,
                    title=title,
                    organization=org,
                    group=group,
                    country=country,
                    gender=gender,
                    youth=bool(youth),
                    panel=panel.get(pid),
                )
    info.updated = max((s for s in stamps if s), default=None)
    if None in sections:
        order.append(sections[None])
    # every name on the roster and every other spelling of it (participant.aliases) is withheld
    roster = []
    for name, aliases in conn.execute("SELECT name, aliases FROM participant ORDER BY name, id"):
        roster.append(name)
        if aliases:
            roster.extend(json.loads(aliases))
    return Doc(sessions=[info], sections=order, standalone=standalone, participants=participants, withheld_names=roster,
               session_clusters=[kid for kid, c in clusters.items() if c.session_scope])
