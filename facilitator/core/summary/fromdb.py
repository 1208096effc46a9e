"""A session in the store as a :class:`~.model.Doc` (plain SQL, linear in the size of the session).

:func:`load_doc` reads in steps, each a method of :class:`_Loader` that a reader can take on its
own: the session's details, its questions (one section each), its themes, its contributions
(placed under their question, in their theme), the themes placed in the sections that hold their
ideas, the recommendations, and the participants who spoke. Every row read adds its last change
to ``stamps``: the document's *Last change* is the data's own, never the clock.
"""

from __future__ import annotations

import json
from dataclasses import replace

from .model import Cluster, Contribution, Doc, Participant, QuestionRef, Recommendation, Section, SessionInfo


def _source(value: str | None) -> dict:
    if not value:
        return {}
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _json_list(value: str | None) -> list[str]:
    try:
        data = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return [str(x) for x in data if isinstance(x, str) and x.strip()] if isinstance(data, list) else []


class _Loader:
    def __init__(self, store, session_id: str):
        self.store = store
        self.conn = store.conn
        self.session_id = session_id
        self.stamps: list[str | None] = []
        self.sections: dict[str | None, Section] = {}  # question id (None: unassigned) -> section
        self.order: list[Section] = []
        self.clusters: dict[str, Cluster] = {}
        self.cluster_question: dict[str, str | None] = {}
        self.placed: dict[tuple[int, str], Cluster] = {}  # (section, cluster id) -> its copy there
        self.speakers: set[str] = set()

    def load(self) -> Doc:
        info = self.session_info()
        self.questions()
        self.themes()
        self.contributions()
        self.place_themes()
        standalone = self.recommendations()
        participants = self.participants()
        info.updated = max((s for s in self.stamps if s), default=None)
        if None in self.sections:
            self.order.append(self.sections[None])
        # every name on the roster and every other spelling of it (participant.aliases) is withheld
        roster: list[str] = []
        for name, aliases in self.conn.execute("SELECT name, aliases FROM participant ORDER BY name, id"):
            roster.append(name)
            if aliases:
                roster.extend(json.loads(aliases))
        return Doc(sessions=[info], sections=self.order, standalone=standalone, participants=participants,
                   withheld_names=roster,
                   session_clusters=[kid for kid, c in self.clusters.items() if c.session_scope])

    def session_info(self) -> SessionInfo:
        row = self.conn.execute(
            """SELECT s.id, s.title, s.event, s.date, s.start_time, s.end_time, s.venue, s.languages,
                      s.language, s.rapporteur, s.updated_at, se.title, s.room, s.area, s.lenses, s.purpose, s.source
               FROM session s LEFT JOIN series se ON se.id = s.series_id WHERE s.id = ?""",
            (self.session_id,),
        ).fetchone()
        if row is None:
            from ..errors import NotFound

            raise NotFound(f"no session with id {self.session_id}")
        self.stamps.append(row[10])
        # the highest number given to each kind (deleted items included), or that a file imported
        # here said its room gave (session.source's "top")
        said = _source(row[16]).get("top")
        said = said if isinstance(said, dict) else {}
        top = {}
        for kind, table in (("recommendation", "recommendation"), ("theme", "cluster"), ("contribution", "contribution")):
            (n,) = self.conn.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {table} WHERE session_id = ?",
                                     (self.session_id,)).fetchone()
            n = max(n, said[kind]) if isinstance(said.get(kind), int) else n
            if n:
                top[kind] = n
        return SessionInfo(
            id=row[0], title=row[1], event=row[2], date=row[3], start=row[4], end=row[5], venue=row[6],
            languages=json.loads(row[7] or "[]"), language=row[8] or "en", rapporteur=row[9], series=row[11],
            room=row[12], area=row[13], lenses=_json_list(row[14]), purpose=row[15], top=top,
        )

    def questions(self) -> None:
        """One section per guiding question, in the agenda's order."""
        for qid, position, text, translations in self.conn.execute(
            "SELECT id, position, text, translations FROM question WHERE session_id = ? ORDER BY position",
            (self.session_id,),
        ):
            tr = _source(translations)
            ref = QuestionRef(id=qid, session_id=self.session_id, position=position, text=text,
                              translations={k: v for k, v in sorted(tr.items()) if isinstance(v, str) and v.strip()})
            sec = Section(text=text, questions=[ref])
            self.sections[qid] = sec
            self.order.append(sec)

    def section_for(self, qid: str | None) -> Section:
        sec = self.sections.get(qid)
        if sec is None:
            sec = self.sections[None] = Section(text="", unassigned=True)
        return sec

    def themes(self) -> None:
        """The live themes, in their own order (deleted ones still count as a change)."""
        rows = self.conn.execute(
            """SELECT id, question_id, seq, label, representative_id, origin, method, curated, parked, updated_at, lenses
               FROM cluster WHERE session_id = ? AND deleted_at IS NULL
               ORDER BY position IS NULL, position, seq""",
            (self.session_id,),
        ).fetchall()
        for cid, qid, seq, label, rep, origin, method, curated, parked, updated, lenses in rows:
            self.stamps.append(updated)
            self.cluster_question[cid] = qid
            self.clusters[cid] = Cluster(
                id=cid, session_id=self.session_id, seq=seq, label=label, parked=bool(parked),
                session_scope=qid is None, representative_id=rep, origin=origin or "manual", method=method,
                curated=bool(curated), lenses=_json_list(lenses),
            )
        for (updated,) in self.conn.execute(
            "SELECT max(updated_at) FROM cluster WHERE session_id = ? AND deleted_at IS NOT NULL", (self.session_id,)
        ):
            self.stamps.append(updated)

    def contributions(self) -> None:
        """Each live contribution under its question, in its theme there (a theme of the whole
        session gets a copy in every section holding its ideas), with its speaking time. The rows
        are read one by one (never all of them at once), and the values many rows share (the
        speaker, the language, a stakeholder group) are one string each."""
        conn = self.conn
        sid = self.session_id
        members = dict(conn.execute(
            """SELECT m.contribution_id, m.cluster_id FROM cluster_member m
               JOIN cluster k ON k.id = m.cluster_id WHERE k.session_id = ? AND k.deleted_at IS NULL""",
            (sid,),
        ))
        from ..turns import credits, turn_spans

        spans = turn_spans(self.store, sid)
        # the speaking time of the contributions saved in a turn (the others have none)
        spoken = credits(
            (dict(id=r[0], turn_id=r[1], seq=r[2], started_at=r[3], created_at=r[4]) for r in conn.execute(
                """SELECT id, turn_id, seq, started_at, created_at FROM contribution
                   WHERE session_id = ? AND deleted_at IS NULL AND turn_id IS NOT NULL""", (sid,))),
            spans,
        ) if spans else {}
        kept_out = {r[0] for r in conn.execute(
            "SELECT k.contribution_id FROM kept_unclustered k JOIN contribution c ON c.id = k.contribution_id"
            " WHERE c.session_id = ?", (sid,),
        )}
        shared: dict[str, str] = {}
        rows = conn.execute(
            """SELECT c.id, c.question_id, c.participant_id, c.seq, c.text, c.lang, c.started_at, c.source,
                      c.updated_at, c.deleted_at, c.created_at, c.turn_id, c.proposed
               FROM contribution c LEFT JOIN question q ON q.id = c.question_id
               WHERE c.session_id = ?
               ORDER BY q.position IS NULL, q.position, c.seq""",
            (sid,),
        )
        last = None
        for cid, qid, pid, seq, text, lang, started, source, updated, deleted, created, turn_id, proposed in rows:
            if updated is not None and (last is None or updated > last):
                last = updated
            if deleted:
                continue
            src = {} if pid else _source(source)
            group = src.get("group") or None
            item = Contribution(
                id=cid, session_id=sid, seq=seq, text=text, speaker_id=_one(shared, pid), group=_one(shared, group),
                unnamed=bool(src.get("unnamed")), lang=_one(shared, lang), started=started,
                saved=created if started else None, spoke=spoken.get(cid) if turn_id in spans else None,
                proposed=bool(proposed), kept_out=cid in kept_out and cid not in members,
            )
            if pid:
                self.speakers.add(pid)
            sec = self.section_for(qid)
            kid = members.get(cid)
            if kid in self.clusters:
                key = (id(sec), kid)
                cl = self.placed.get(key)
                if cl is None:
                    cl = self.placed[key] = replace(self.clusters[kid], items=[])
                cl.items.append(item)
            else:
                sec.loose.append(item)
        self.stamps.append(last)  # the latest change of any contribution, deleted ones too

    def place_themes(self) -> None:
        """Themes in their own order, each under the sections holding its ideas (an empty theme
        of a question still shows, so a theme without ideas is not lost)."""
        section_list = list(self.sections.values())
        for kid, base in self.clusters.items():
            shown = False
            for sec in section_list:
                cl = self.placed.get((id(sec), kid))
                if cl is not None:
                    sec.clusters.append(cl)
                    shown = True
            qid = self.cluster_question[kid]
            if not shown and qid in self.sections:
                self.sections[qid].clusters.append(replace(base, items=[]))

    def recommendations(self) -> list[Recommendation]:
        """Each live recommendation under the question it answers; those of the whole session
        are returned."""
        supports: dict[str, list[str]] = {}
        for rid, cid in self.conn.execute(
            """SELECT s.recommendation_id, s.contribution_id FROM recommendation_support s
               JOIN recommendation r ON r.id = s.recommendation_id
               JOIN contribution c ON c.id = s.contribution_id
               WHERE r.session_id = ? AND c.deleted_at IS NULL""",
            (self.session_id,),
        ):
            supports.setdefault(rid, []).append(cid)
        standalone: list[Recommendation] = []
        for rid, qid, kid, seq, text, status, rank, addressed, updated, deleted, lenses in self.conn.execute(
            """SELECT r.id, r.question_id, r.cluster_id, r.seq, r.text, r.status, r.rank, r.addressed_to,
                      r.updated_at, r.deleted_at, r.lenses
               FROM recommendation r WHERE r.session_id = ?
               ORDER BY r.rank IS NULL, r.rank, r.seq""",
            (self.session_id,),
        ):
            self.stamps.append(updated)
            if deleted:
                continue
            rec = Recommendation(
                id=rid, session_id=self.session_id, seq=seq, text=text, status=status, rank=rank,
                addressed_to=addressed, cluster_id=kid if kid in self.clusters else None,
                supports=sorted(supports.get(rid, [])), lenses=_json_list(lenses),
            )
            if qid is not None and qid in self.sections:
                self.sections[qid].recommendations.append(rec)
            else:  # written in the review of the whole session
                standalone.append(rec)
        return standalone

    def participants(self) -> dict[str, Participant]:
        """The people who spoke, with their number on the session's panel."""
        out: dict[str, Participant] = {}
        panel = {pid: n for n, pid in self.conn.execute(
            "SELECT position, participant_id FROM panelist WHERE session_id = ? ORDER BY position", (self.session_id,))}
        ids = sorted(self.speakers)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for pid, name, title, org, group, country, gender, youth, updated in self.conn.execute(
                f"""SELECT id, name, title, organization, stakeholder_group, country, gender, youth, updated_at
                    FROM participant WHERE id IN ({marks})""",
                chunk,
            ):
                self.stamps.append(updated)
                out[pid] = Participant(id=pid, name=name, title=title, organization=org, group=group, country=country,
                                       gender=gender, youth=bool(youth), panel=panel.get(pid))
        return out


def _one(shared: dict[str, str], value):
    """``value``, as the one string kept for every row that has it."""
    if value is None:
        return None
    return shared.setdefault(value, value)


def load_doc(store, session_id: str) -> Doc:
    """The session ``session_id`` of ``store`` as a :class:`Doc` (see the module docstring)."""
    return _Loader(store, session_id).load()
