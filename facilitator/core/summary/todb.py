"""Writing a :class:`~.model.Doc` into the store: ``facilitator import``.

Size: ~740 lines: one import is one transaction over every kind of item a file holds (sessions,
questions, participants, themes, contributions, recommendations and their support), each matched
by id under the same rules (the old text kept as a revision, a newer text kept, numbers never
moved); ``_Importer`` holds that transaction's state. Its per-kind methods could become modules
sharing that state; not done yet.

One transaction (``store.write()``): all of the file or nothing. Items are matched by id; an
item that is already there with the same visible text is left alone, so importing the same
file twice changes nothing the second time. What a file says wins over the database for what
people can edit in it: texts (the old text is kept as a revision; but a text the database
changed after the file was made is not put back: the newer stays, unless ``replace_newer``), status, rank and addressee
of recommendations, which question and which theme an item sits under, theme labels and order.
Nothing is ever deleted by an import; items soft-deleted in the database stay deleted.

A merged report holds several sessions: each item goes back to its own session (created if
the database does not have it).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .. import limits, tables
from ..errors import FacilitatorError
from ..ids import cluster_ref, contribution_ref, recommendation_ref
from ..models import ContributionIn, ParticipantIn, RecommendationIn, problem
from ..review import queries
from ..store import now_iso
from ..vocab import is_group_label
from .model import Doc, Recommendation, Section, derived_id, numbered_items
from .parse import SummaryError
from .text import canonical, one_line
from .withhold import is_withheld_version


@dataclass
class ImportResult:
    path: str
    sessions: list[str] = field(default_factory=list)
    created_sessions: int = 0
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # recommendations citing contributions the file lacks
    numbered: list[str] = field(default_factory=list)  # the references items added by hand got

    @property
    def changed(self) -> bool:
        return bool(self.created_sessions or sum(self.added.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        def fmt(c: Counter) -> str:
            return ", ".join(f"{n} {k}" for k, n in sorted(c.items()) if n) or "nothing"

        loud = ""
        if self.missing:
            loud = (f" MISSING EVIDENCE: {len(self.missing)} recommendation(s) cite contributions the file does not "
                    "hold; the database keeps their support where it has them: " + " | ".join(self.missing))
        if self.numbered:
            loud = f" New references: {'; '.join(self.numbered)}.{loud}"
        if not self.changed:
            return f"Imported {self.path}: nothing new (the database already holds all of it).{loud}"
        return (
            f"Imported {self.path}: {self.created_sessions} session(s) created; added {fmt(self.added)}; "
            f"updated {fmt(self.updated)}.{loud}"
        )


def _chunks(ids: list[str], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _fetch(conn, sql: str, ids: list[str]) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(sql.format(marks=marks), chunk):
            out[row[0]] = row
    return out


_TABLES = {"recommendation": "recommendation", "theme": "cluster", "contribution": "contribution"}  # kind -> table


class _Importer:
    def __init__(self, store, doc: Doc, name: str, *, replace_newer: bool = False):
        self.store = store
        self.replace_newer = replace_newer
        self.doc = doc
        self.name = name
        self.result = ImportResult(path=doc.path or name, warnings=list(doc.warnings), missing=list(doc.missing))
        if doc.sets:
            decided = sum(s.state != "proposed" for s in doc.sets)
            self.warn(f"{len(doc.sets)} set(s) of recommendations ({decided} decided) stay in the report: each member "
                      "goes back to its own session; merge the report again to keep working on the sets")
        self.now = now_iso()
        self.session_ids = {s.id for s in doc.sessions}
        self.stamps = {s.id: s.updated for s in doc.sessions}

    def fail(self, reason: str, line: int | None = None) -> SummaryError:
        return SummaryError(reason, self.doc.path or self.name, line)

    def checked(self, value: str | None, what: str, line: int | None, max_len: int = limits.MAX_LABEL) -> str | None:
        """A one-line field of the file as the models check it (no control character, no line
        break, something visible, not too long); refused with its line."""
        if value is None:
            return None
        try:
            return limits.one_line(value, max_len=max_len)
        except ValueError as exc:
            raise self.fail(f"{what}: {exc}", line) from None

    def warn(self, reason: str, line: int | None = None) -> None:
        where = f"{self.doc.path or self.name}:{line}" if line else (self.doc.path or self.name)
        self.result.warnings.append(f"{where}: {reason}")

    def source(self, **extra) -> str:
        return json.dumps({"file": self.name, **extra}, ensure_ascii=False, sort_keys=True)

    def take_seq(self, conn, table: str, session_id: str, wanted: int | None) -> int:
        """``wanted`` (the number the file shows, or gives an item added by hand) if the session
        has no other item of ``table`` with it, else the next number after every one the session
        has ever used here (deleted items included), the file shows, or the file says its room
        gave (``top``): a reference printed in a document already sent never moves, and a number
        is never given twice."""
        key = (table, session_id)
        if key not in self.used:
            self.used[key] = {r[0] for r in conn.execute(f"SELECT seq FROM {table} WHERE session_id = ?", (session_id,))}
            self.seqs[key] = max(self.used[key] | self.reserved.get(key, set()), default=0) + 1
        used = self.used[key]
        if wanted is not None and wanted not in used:
            used.add(wanted)
            return wanted
        while self.seqs[key] in used or self.seqs[key] in self.reserved.get(key, set()):
            self.seqs[key] += 1
        used.add(self.seqs[key])
        return self.seqs[key]

    def reserve(self) -> None:
        """The numbers the file gives, per kind and session, before any is taken (and the highest
        its room gave, ``top``): an item whose number is taken here by another one never takes a
        number another item of the file shows, or one the room gave to an item the file leaves out."""
        self.reserved: dict[tuple[str, str], set[int]] = {}
        for kind, items in numbered_items(self.doc).items():
            for item in items:
                if item.seq is not None:
                    self.reserved.setdefault((_TABLES[kind], item.session_id), set()).add(item.seq)
        for s in self.doc.sessions:
            for kind, n in s.top.items():
                self.reserved.setdefault((_TABLES[kind], s.id), set()).add(n)

    def numbered(self, item, wanted: str | None, ref: str) -> None:
        """Say which reference an item added by hand got (``ref``), and which item had to take
        another number than the file gives it (``wanted``: the database gives that one to another
        item, which keeps it)."""
        where = f"{self.name}:{item.line}"
        text = one_line(getattr(item, "text", None) or getattr(item, "label", ""))
        text = text if len(text) <= 50 else text[:49].rstrip() + "…"
        taken = f"{wanted} in the file, which here is another item's" if wanted is not None and wanted != ref else ""
        if item.id in self.doc.numbered:
            self.numbers.append((item.line, f"{ref} ({where}, added by hand{'; ' + taken if taken else ''}: “{text}”)"))
        elif taken:
            self.numbers.append((item.line, f"{ref} ({where}, {taken}: “{text}”)"))

    def run(self) -> ImportResult:
        self.seqs: dict = {}
        self.used: dict = {}
        self.reserve()
        self.numbers: list[tuple[int, str]] = []  # (line, what an item's reference is): in file order
        with self.store.write() as conn:
            self.sessions(conn)
            qmap = self.questions(conn)
            self.participants(conn)
            self.clusters(conn, qmap)
            self.contributions(conn, qmap)
            self.recommendations(conn, qmap)
            self.panel(conn)
        self.result.numbered = [said for _line, said in sorted(self.numbers, key=lambda x: x[0])]
        return self.result

    def turn(self, conn, c, qid: str | None, pid: str | None, saved: str) -> str | None:
        """The speaking time a file gives a contribution (``spoke``), as a turn of its own
        ending when it was saved: exported again, it is credited the same time."""
        if c.spoke is None:
            return None
        import datetime as dt

        from ..turns import to_iso

        try:
            end = dt.datetime.fromisoformat(saved.replace("Z", "+00:00"))
        except ValueError:
            return None
        if end.tzinfo is None:
            end = end.replace(tzinfo=dt.timezone.utc)
        tid = derived_id("turn", c.session_id, c.id)
        tables.add_turn(conn, tid, c.session_id, qid, pid, to_iso(end - dt.timedelta(milliseconds=c.spoke)), to_iso(end))
        return tid

    def panel(self, conn) -> None:
        """The panel of a file of one session, for a session that has none yet."""
        if len(self.doc.sessions) != 1:
            return
        sid = self.doc.sessions[0].id
        if conn.execute("SELECT 1 FROM panelist WHERE session_id = ?", (sid,)).fetchone():
            return
        members = sorted((p.panel, p.id) for p in self.doc.participants.values()
                         if p.panel and p.id in self.known_people)
        tables.add_panelists(conn, [(sid, position, pid) for position, pid in members])

    # --- sessions and questions ----------------------------------------------------------------

    def series_id(self, conn, title: str | None) -> str | None:
        if not title:
            return None
        row = conn.execute("SELECT id FROM series WHERE title = ?", (title,)).fetchone()
        if row:
            return row[0]
        from ..ids import new_id

        sid = new_id()
        tables.insert_series(conn, sid, title, self.now)
        return sid

    def sessions(self, conn) -> None:
        for s in self.doc.sessions:
            for key in ("title", "series", "event", "venue", "rapporteur", "room", "area", "purpose"):
                self.checked(getattr(s, key), f"the session's {key}", s.line)
            if len(s.lenses) > limits.MAX_LENSES:
                raise self.fail(f"the session's lenses: more than {limits.MAX_LENSES}", s.line)
            for lens in s.lenses:
                self.checked(lens, "the session's lens", s.line)
            self.result.sessions.append(s.id)
            stamp = s.updated or self.now
            row = conn.execute(
                """SELECT s.title, s.event, s.date, s.start_time, s.end_time, s.venue, s.rapporteur, s.languages,
                          s.room, s.area, s.lenses, s.purpose, se.title
                   FROM session s LEFT JOIN series se ON se.id = s.series_id WHERE s.id = ?""",
                (s.id,),
            ).fetchone()
            lenses = json.dumps(s.lenses, ensure_ascii=False)
            wanted: tuple[Any, ...] = (s.title, s.event, s.date, s.start, s.end, s.venue, s.rapporteur, json.dumps(s.languages), s.room,
                      s.area, lenses, s.purpose, s.series)
            exact = (2, 7, 10)  # compared as they are
            if row is not None:
                # compare as the file can show them (one line each)
                row = tuple(one_line(v) or None if isinstance(v, str) and k not in exact else v for k, v in enumerate(row))
                wanted = tuple(v or None if k not in exact else v for k, v in enumerate(wanted))
            if row is None:
                tables.insert_session(conn, {
                    "id": s.id,
                    "series_id": self.series_id(conn, s.series),
                    "title": s.title,
                    "event": s.event,
                    "date": s.date,
                    "start_time": s.start,
                    "end_time": s.end,
                    "venue": s.venue,
                    "languages": json.dumps(s.languages),
                    "language": s.language,
                    "rapporteur": s.rapporteur,
                    "room": s.room,
                    "area": s.area,
                    "lenses": lenses,
                    "purpose": s.purpose,
                    "source": self.source(),
                    "created_at": stamp,
                    "updated_at": stamp,
                })
                self.result.created_sessions += 1
            elif tuple(row) != wanted and not self.only_withheld(row, wanted):
                details = dict(zip(("title", "event", "date", "start_time", "end_time", "venue", "rapporteur",
                                    "languages", "room", "area", "lenses", "purpose"), wanted[:12]))
                tables.update_session(conn, s.id, **details, series_id=self.series_id(conn, s.series),
                                      updated_at=self.now)
                self.result.updated["session details"] += 1
            if s.top:
                self.keep_top(conn, s.id, s.top)

    @staticmethod
    def keep_top(conn, session_id: str, top: dict[str, int]) -> None:
        """The highest numbers the file says the session's room gave (``top``: items it leaves out,
        dropped or deleted, had them), kept in the session's ``source`` where the database has
        given none as high: an export from here says them too, and an item added by hand to it is
        numbered after them, as in the room. Called before the file's items are added."""
        (raw,) = conn.execute("SELECT source FROM session WHERE id = ?", (session_id,)).fetchone()
        try:
            source = json.loads(raw) if raw else {}
        except ValueError:
            source = {}
        source = source if isinstance(source, dict) else {"was": source}
        said = source.get("top")
        known = {k: v for k, v in said.items() if isinstance(v, int)} if isinstance(said, dict) else {}
        merged = dict(known)
        for kind, n in top.items():
            (here,) = conn.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {_TABLES[kind]} WHERE session_id = ?",
                                   (session_id,)).fetchone()
            if n > max(here, merged.get(kind, 0)):
                merged[kind] = n
        if merged != known:
            source["top"] = dict(sorted(merged.items()))
            tables.update_session(conn, session_id, source=json.dumps(source, ensure_ascii=False, sort_keys=True))

    @staticmethod
    def only_withheld(row, wanted) -> bool:
        """Whether the file's details differ from the database's only where an anonymous file
        withheld a name."""
        return all(
            a == b or (isinstance(a, str) and isinstance(b, str) and is_withheld_version(b, a))
            for a, b in zip(row, wanted)
        )

    def questions(self, conn) -> dict[tuple[int, str], str | None]:
        """(id(section), session id) -> question id, creating questions the database lacks."""
        qmap: dict[tuple[int, str], str | None] = {}
        ids = [q.id for sec in self.doc.sections for q in sec.questions]
        existing = _fetch(conn, "SELECT id, session_id, position, text FROM question WHERE id IN ({marks})", ids)
        for sec in self.doc.sections:
            if sec.unassigned:
                for s in self.doc.sessions:
                    qmap[(id(sec), s.id)] = None
                continue
            refs = list(sec.questions)
            if not refs:
                refs = [self.match_question(conn, sec)]
            for q in refs:
                row = existing.get(q.id)
                if row is None:
                    taken = conn.execute(
                        "SELECT id FROM question WHERE session_id = ? AND position = ?", (q.session_id, q.position)
                    ).fetchone()
                    position = q.position
                    if taken:
                        position = conn.execute(
                            "SELECT COALESCE(MAX(position), 0) + 1 FROM question WHERE session_id = ?", (q.session_id,)
                        ).fetchone()[0]
                    text = self.checked(q.text or sec.text, "the question", sec.line, limits.MAX_QUESTION)
                    for lang, translated in q.translations.items():
                        self.checked(translated, f"the question's translation {lang!r}", sec.line, limits.MAX_QUESTION)
                    tables.insert_questions(conn, [{
                        "id": q.id, "session_id": q.session_id, "position": position, "text": text,
                        "translations": json.dumps(dict(sorted(q.translations.items())), ensure_ascii=False),
                    }])
                    existing[q.id] = (q.id, q.session_id, position, text)
                    self.result.added["questions"] += 1
                else:
                    if row[1] != q.session_id:
                        raise self.fail("a question id belongs to another session in this database", sec.line)
                    # the question's own words (a merged report may head it in another language)
                    if q.text and one_line(row[3]) != q.text and not is_withheld_version(q.text, one_line(row[3])):
                        self.checked(q.text, "the question", sec.line, limits.MAX_QUESTION)
                        tables.set_question_text(conn, q.id, q.text)
                        existing[q.id] = (row[0], row[1], row[2], q.text)
                        self.result.updated["questions"] += 1
                qmap[(id(sec), q.session_id)] = q.id
        return qmap

    def match_question(self, conn, sec: Section):
        """A question written by hand: the session's question with the same words, or a new one."""
        from ..agenda import normalise_question
        from .model import QuestionRef

        sid = self.doc.sessions[0].id
        want = normalise_question(sec.text)
        for qid, position, text in conn.execute(
            "SELECT id, position, text FROM question WHERE session_id = ? ORDER BY position", (sid,)
        ):
            if normalise_question(text) == want:
                return QuestionRef(id=qid, session_id=sid, position=position, text=text)
        position = conn.execute(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM question WHERE session_id = ?", (sid,)
        ).fetchone()[0]
        return QuestionRef(id=derived_id("question", sid, want), session_id=sid, position=position, text=sec.text)

    # --- participants ----------------------------------------------------------------------------

    def participants(self, conn) -> None:
        people = self.doc.participants
        existing = _fetch(conn, "SELECT id FROM participant WHERE id IN ({marks})", list(people))
        stamp = max((s.updated for s in self.doc.sessions if s.updated), default=self.now)
        for p in people.values():
            if p.id in existing:
                continue  # the roster is kept as it is; a summary does not overwrite it
            try:
                data = ParticipantIn(  # one line each, as the models keep them (a file of an older version
                    name=p.name,  # may hold line breaks: they become spaces)
                    title=one_line(p.title) or None,
                    organization=one_line(p.organization) or None,
                    stakeholder_group=one_line(p.group) or None,
                    country=one_line(p.country) or None,
                    gender=p.gender,
                    youth=p.youth,
                )
            except ValidationError as exc:
                raise self.fail(f"participant: {problem(exc)}", p.line) from None
            # the group through the one check every path uses (aliases, the roster's spelling);
            # a known group's own name in the room's language (Parlement) is the room's roster as
            # it was: kept, so the room's export comes back the same (reports name it in theirs)
            kept = {"stakeholder_group"} if is_group_label(data.stakeholder_group) else set()
            data = self.store._checked_person(data, confirmed=True,
                                              fields={"name", "title", "organization", "stakeholder_group"} - kept)
            tables.insert_participant(conn, {
                "id": p.id, "name": data.name, "title": data.title, "organization": data.organization,
                "stakeholder_group": data.stakeholder_group, "country": data.country, "gender": data.gender,
                "youth": int(data.youth), "created_at": stamp, "updated_at": stamp,
            })
            self.result.added["participants"] += 1
        self.known_people = set(people) | set(existing)

    # --- clusters ----------------------------------------------------------------------------------

    def clusters(self, conn, qmap) -> None:
        all_clusters = [(sec, pos, cl) for sec in self.doc.sections for pos, cl in enumerate(sec.clusters, start=1)]
        existing = _fetch(
            conn,
            "SELECT id, session_id, question_id, label, parked, position, deleted_at, seq, lenses FROM cluster"
            " WHERE id IN ({marks})",
            [cl.id for _s, _p, cl in all_clusters],
        )
        # keep the database's positions when the file shows the themes in the order the database has
        reorder: set[int] = set()
        for sec in self.doc.sections:
            mine = [cl for cl in sec.clusters if not cl.session_scope]
            rows: list[Any] = [existing.get(cl.id) for cl in mine]  # none is None past the next line
            if any(r is None for r in rows):
                reorder.add(id(sec))
                continue
            keys = [(r[5] is None, r[5] or 0, r[7]) for r in rows]
            if keys != sorted(keys):
                reorder.add(id(sec))
        # the themes of the whole session, in the order of "Themes across questions"
        across = [k for k in dict.fromkeys(self.doc.session_clusters)]
        across_rows: list[Any] = [existing.get(k) for k in across]
        across_pos: dict[str, int] = {}
        if any(r is None for r in across_rows) or (
            [(r[5] is None, r[5] or 0, r[7]) for r in across_rows] != sorted((r[5] is None, r[5] or 0, r[7]) for r in across_rows)
        ):
            across_pos = {k: n for n, k in enumerate(across, start=1)}
        self.cluster_ids: set[str] = set()
        done: set[str] = set()
        for sec, pos, cl in all_clusters:
            if cl.id in done:
                continue
            done.add(cl.id)
            stamp = self.stamp(cl.session_id)
            qid = None if cl.session_scope else qmap.get((id(sec), cl.session_id))
            row = existing.get(cl.id)
            if cl.session_scope:
                position = across_pos.get(cl.id)
            else:
                position = pos if id(sec) in reorder else None
            if row is None:
                seq = self.take_seq(conn, "cluster", cl.session_id, cl.seq)
                self.numbered(cl, cluster_ref(cl.seq) if cl.seq else None, cluster_ref(seq))
                queries.insert_cluster(conn, {
                    "id": cl.id, "session_id": cl.session_id, "question_id": qid, "seq": seq, "label": cl.label,
                    "origin": cl.origin if cl.origin in ("manual", "suggested") else "manual", "method": cl.method,
                    "curated": int(cl.curated), "parked": int(cl.parked), "position": position,
                    "created_at": stamp, "updated_at": stamp, "lenses": json.dumps(cl.lenses, ensure_ascii=False),
                })
                self.result.added["themes"] += 1
            else:
                if row[1] != cl.session_id:
                    raise self.fail("a theme id belongs to another session in this database", cl.line)
                if row[6]:
                    self.warn(f"theme {cl.label!r} was deleted in the database; it stays deleted", cl.line)
                    continue
                changes: dict[str, Any] = {}
                if one_line(row[3]) != cl.label and not is_withheld_version(cl.label, one_line(row[3])):
                    changes["label"] = cl.label
                    changes["curated"] = 1
                if bool(row[4]) != cl.parked:
                    changes["parked"] = int(cl.parked)
                if json.loads(row[8] or "[]") != cl.lenses:
                    changes["lenses"] = json.dumps(cl.lenses, ensure_ascii=False)
                if position is not None and row[5] != position:
                    changes["position"] = position
                if not cl.session_scope and qid is not None and row[2] != qid:
                    changes["question_id"] = qid
                if changes:
                    queries.update_cluster(conn, cl.id, self.now, **changes)
                    self.result.updated["themes"] += 1
            self.cluster_ids.add(cl.id)

    def stamp(self, session_id: str) -> str:
        return self.stamps.get(session_id) or self.now

    # --- contributions -----------------------------------------------------------------------------

    def contributions(self, conn, qmap) -> None:
        """Each contribution of the file, in file order: a second version of one already read is
        kept in its history; a new one is added, one already here updated (or left deleted);
        then its theme as the file shows it; last, each theme's representative."""
        placed: list[tuple[Section, str | None, Any]] = []  # (section, cluster id or None, contribution)
        for sec in self.doc.sections:
            for cl in sec.clusters:
                placed.extend((sec, cl.id, c) for c in cl.items)
            placed.extend((sec, None, c) for c in sec.loose)
        existing = _fetch(
            conn,
            "SELECT id, session_id, question_id, text, deleted_at, proposed, updated_at FROM contribution"
            " WHERE id IN ({marks})",
            [c.id for _s, _k, c in placed],
        )
        members = _fetch(
            conn,
            "SELECT contribution_id, cluster_id FROM cluster_member WHERE contribution_id IN ({marks})",
            [c.id for _s, _k, c in placed],
        )
        seen: dict[str, str] = {}
        self.contribution_ids: set[str] = set(existing)
        for sec, kid, c in placed:
            if c.id in seen:
                if seen[c.id] != c.text:
                    self.keep_version(conn, "contribution", c.id, c.text, c.line)
                continue
            seen[c.id] = c.text
            row = existing.get(c.id)
            if self.contribution(conn, c, qmap.get((id(sec), c.session_id), "missing"), row):
                self.theme_of(conn, c, kid, members.get(c.id, (None, None))[1], row is not None)
        self.representatives(conn)

    def contribution(self, conn, c, qid: str | None, row: tuple | None) -> bool:
        """One contribution of the file (``qid``: its question here, "missing" if the file puts
        it under another session's), checked as the app checks what is typed, then added
        (``row`` None) or brought up to the file; False if it was deleted here (it stays so).
        A row of a session the file lacks, or of another session here, is refused with its line."""
        if c.session_id not in self.session_ids:
            raise self.fail("an item names a session that is not in the file", c.line)
        try:
            text = ContributionIn(session_id=c.session_id, text=c.text, lang=c.lang).text
        except ValidationError as exc:
            raise self.fail(f"contribution: {problem(exc)}", c.line) from None
        if row is None:
            self.add_contribution(conn, c, qid, text)
            return True
        if row[1] != c.session_id:
            raise self.fail("a contribution id belongs to another session in this database", c.line)
        if row[4]:
            self.warn("this contribution was deleted in the database; it stays deleted", c.line)
            return False
        self.update_contribution(conn, c, qid, text, row)
        return True

    def add_contribution(self, conn, c, qid: str | None, text: str) -> None:
        """A contribution new here: without a question if the file's is another session's,
        without a speaker the participants annex lacks (the group, or "unnamed", kept in its
        source instead), with its turn, and with its number or the next free one (said if so)."""
        if qid == "missing":
            self.warn("a contribution under a question of another session was left without a question", c.line)
            qid = None
        stamp = self.stamp(c.session_id)
        pid = c.speaker_id if c.speaker_id in self.known_people else None
        if c.speaker_id and pid is None:
            self.warn("a speaker missing from the participants annex was left out", c.line)
        extra = {}
        if not pid and c.group:
            extra["group"] = c.group
        if not pid and (c.unnamed or (c.speaker_id and not c.group)):
            extra["unnamed"] = True
        saved = c.saved or stamp
        turn_id = self.turn(conn, c, qid, pid, saved)
        seq = self.take_seq(conn, "contribution", c.session_id, c.seq)
        tables.insert_contribution(conn, {
            "id": c.id, "session_id": c.session_id, "question_id": qid, "participant_id": pid,
            "seq": seq, "text": text, "lang": c.lang,
            "started_at": c.started, "created_at": saved, "updated_at": stamp,
            "source": self.source(**extra), "turn_id": turn_id, "proposed": int(c.proposed),
        })
        if c.id in self.doc.numbered or seq != c.seq:
            position = conn.execute("SELECT position FROM question WHERE id = ?", (qid,)).fetchone() if qid else None
            at = position[0] if position else None
            self.numbered(c, contribution_ref(at, c.seq) if c.seq else None, contribution_ref(at, seq))
        self.contribution_ids.add(c.id)
        self.result.added["contributions"] += 1

    def update_contribution(self, conn, c, qid: str | None, text: str, row: tuple) -> None:
        """A contribution already here takes the file's text (the old one kept as a revision;
        a newer text here stays, see :meth:`newer_here`), question and proposed mark."""
        changes: dict[str, Any] = {}
        if canonical(row[3]) != text and not is_withheld_version(text, canonical(row[3])):
            if self.newer_here(conn, "contribution", c.id, c.session_id, text, row[6]):
                self.keep_newer(conn, "contribution", c.id, text, c.line)
            else:
                self.add_revision(conn, "contribution", c.id, row[3], {})
                changes["text"] = text
        if qid != "missing" and row[2] != qid:
            changes["question_id"] = qid
        if bool(row[5]) != c.proposed:
            changes["proposed"] = int(c.proposed)
        if changes:
            tables.update_contribution(conn, c.id, **changes, updated_at=self.now)
            self.result.updated["contributions"] += 1

    def theme_of(self, conn, c, kid: str | None, current: str | None, existed: bool) -> None:
        """A contribution goes in the theme the file shows it in (``kid``, if that theme was
        imported), or in none; ``current`` is its theme here before the import."""
        want = kid if kid in self.cluster_ids else None
        self.keep_out(conn, c, want, existed)
        if current != want:
            if want is None:
                queries.set_member(conn, None, c.id)
            else:
                queries.put_manual_member(conn, c.id, want, self.now if existed else self.stamp(c.session_id))
            if existed:
                self.result.updated["theme memberships"] += 1

    def representatives(self, conn) -> None:
        """Each theme's representative as the file names it, for a theme that has none here,
        now that the contributions are there."""
        for sec in self.doc.sections:
            for cl in sec.clusters:
                if cl.representative_id and cl.representative_id in self.contribution_ids and cl.id in self.cluster_ids:
                    queries.set_representative(conn, cl.id, cl.representative_id, only_if_none=True)

    def keep_out(self, conn, c, want: str | None, existed: bool) -> None:
        """A contribution the file marks as taken out of every cluster stays out of
        suggestions here too; one the file puts in a theme no longer is. (A file without the
        mark, say written by hand, leaves the database's mark as it is.)"""
        if want is None and c.kept_out:
            added = queries.set_kept(conn, c.id, self.stamp(c.session_id), keep_earlier=True)
            if added and existed:
                self.result.updated["theme memberships"] += 1
        elif want is not None:
            queries.set_kept(conn, c.id, None)

    def contribution_exists(self, conn, cid: str) -> bool:
        return conn.execute("SELECT 1 FROM contribution WHERE id = ?", (cid,)).fetchone() is not None

    def add_revision(self, conn, entity: str, entity_id: str, text: str, meta: dict) -> None:
        tables.insert_revision(conn, entity, entity_id, text, json.dumps(meta, ensure_ascii=False, sort_keys=True), self.now)

    def newer_here(self, conn, entity: str, entity_id: str, session_id: str, text: str, updated: str | None) -> bool:
        """The database's text is newer than the file's: the file's is one of its earlier
        texts, or the item changed after the file's data (its ``updated`` stamp) was made.
        Unless told (``replace_newer``), an import never puts an older text back."""
        if self.replace_newer:
            return False
        stamp = self.stamps.get(session_id)
        if stamp and updated and updated > stamp:
            return True
        return any(canonical(t) == text for (t,) in conn.execute(
            "SELECT text FROM revision WHERE entity = ? AND entity_id = ?", (entity, entity_id)))

    def keep_newer(self, conn, entity: str, entity_id: str, text: str, line: int) -> None:
        """The newer text stays; the file's is kept among the earlier versions, and said."""
        if not conn.execute("SELECT 1 FROM revision WHERE entity = ? AND entity_id = ? AND text = ?",
                            (entity, entity_id, text)).fetchone():
            self.add_revision(conn, entity, entity_id, text, {"not_applied": f"older than the database's: {self.name}"})
        self.result.added[f"older {entity} texts not applied (kept as revisions)"] += 1
        self.warn(f"this {entity}'s text in the file is older than the one in the database (changed after the "
                  "file was made): the newer text is kept, the file's is among its earlier versions "
                  "(import --replace-newer puts the file's texts back)", line)

    def keep_version(self, conn, entity: str, entity_id: str, text: str, line: int) -> None:
        """A second version of an item in a merged file: kept as a revision, reported."""
        have = conn.execute(
            "SELECT 1 FROM revision WHERE entity = ? AND entity_id = ? AND text = ?", (entity, entity_id, text)
        ).fetchone()
        if not have:
            self.add_revision(conn, entity, entity_id, text, {"conflict": True, "file": self.name})
            self.result.added["conflicting versions kept as revisions"] += 1
        self.warn(f"another version of this {entity} (the first one in the file is used; this one is kept in its history)", line)

    # --- recommendations ---------------------------------------------------------------------------

    def recommendations(self, conn, qmap) -> None:
        """Each recommendation of the file (those under a question, then those of the whole
        session), in file order: a second version of one already read is kept in its history; a
        new one is added, one already here updated (or left deleted); then its support."""
        placed: list[tuple[Section | None, Recommendation]] = [(sec, r) for sec in self.doc.sections for r in sec.recommendations]
        placed += [(None, r) for r in self.doc.standalone]  # of the whole session
        existing = _fetch(
            conn,
            """SELECT id, session_id, question_id, text, status, rank, addressed_to, deleted_at, lenses, updated_at
               FROM recommendation WHERE id IN ({marks})""",
            [r.id for _s, r in placed],
        )
        supports = self.supports_here(conn, [r.id for _s, r in placed])
        seen: dict[str, tuple] = {}
        for sec, r in placed:
            if r.id in seen:
                if seen[r.id] != r.signature():
                    self.keep_version(conn, "recommendation", r.id, r.text, r.line)
                continue
            seen[r.id] = r.signature()
            row = existing.get(r.id)
            if self.recommendation(conn, r, self.question_of(conn, sec, r, qmap), row):
                self.support(conn, r, supports.get(r.id, set()), row is not None)

    @staticmethod
    def supports_here(conn, rids: list[str]) -> dict[str, set[str]]:
        """The contributions each of ``rids`` cites here: {recommendation id: contribution ids}."""
        supports: dict[str, set[str]] = {}
        for chunk in _chunks(rids):
            marks = ",".join("?" * len(chunk))
            for rid, cid in conn.execute(
                f"SELECT recommendation_id, contribution_id FROM recommendation_support WHERE recommendation_id IN ({marks})",
                chunk,
            ):
                supports.setdefault(rid, set()).add(cid)
        return supports

    @staticmethod
    def question_of(conn, sec: Section | None, r: Recommendation, qmap) -> str | None:
        """The question a recommendation answers here: its section's (``"missing"`` if that is
        another session's); for one of the whole session (``sec`` None), the question the file
        names if the session has it here, else none."""
        if sec is not None:
            return qmap.get((id(sec), r.session_id), "missing")
        if r.question_id and conn.execute(
            "SELECT 1 FROM question WHERE id = ? AND session_id = ?", (r.question_id, r.session_id)
        ).fetchone():
            return r.question_id
        return None

    def recommendation(self, conn, r: Recommendation, qid: str | None, row: tuple | None) -> bool:
        """One recommendation of the file, checked as the app checks what is typed (status,
        rank, addressee, lenses), then added (``row`` None) or brought up to the file; False if
        it was deleted here (it stays so). A bad row, or one of another session here, is refused
        with its line."""
        try:
            data = RecommendationIn(
                # the file's status is any text until RecommendationIn checks it: a ValidationError below
                session_id=r.session_id, text=r.text, status=r.status,  # type: ignore[arg-type]
                rank=r.rank, addressed_to=r.addressed_to, lenses=r.lenses,
            )
        except ValidationError as exc:
            raise self.fail(f"recommendation: {problem(exc)}", r.line) from None
        if row is None:
            self.add_recommendation(conn, r, None if qid == "missing" else qid, data)
            return True
        if row[1] != r.session_id:
            raise self.fail("a recommendation id belongs to another session in this database", r.line)
        if row[7]:
            self.warn("this recommendation was deleted in the database; it stays deleted", r.line)
            return False
        self.update_recommendation(conn, r, qid, data, row)
        return True

    def add_recommendation(self, conn, r: Recommendation, qid: str | None, data: RecommendationIn) -> None:
        """A recommendation new here, in its theme if that was imported, with its number or the
        next free one (said, as is one added by hand)."""
        cluster = r.cluster_id if r.cluster_id in self.cluster_ids else None
        stamp = self.stamp(r.session_id)
        seq = self.take_seq(conn, "recommendation", r.session_id, r.seq)
        self.numbered(r, recommendation_ref(r.seq) if r.seq else None, recommendation_ref(seq))
        queries.insert_rec(conn, {
            "id": r.id, "session_id": r.session_id, "question_id": qid, "cluster_id": cluster,
            "seq": seq, "text": data.text,
            "status": data.status, "rank": data.rank, "addressed_to": data.addressed_to,
            "created_at": stamp, "updated_at": stamp, "source": self.source(),
            "lenses": json.dumps(data.lenses, ensure_ascii=False),
        })
        self.result.added["recommendations"] += 1

    def update_recommendation(self, conn, r: Recommendation, qid: str | None, data: RecommendationIn,
                              row: tuple) -> None:
        """A recommendation already here takes what the file says of it (:meth:`rec_changes`);
        what it said before is kept as a revision when its text, status, rank, addressee or
        lenses change."""
        changes = self.rec_changes(conn, r, qid, data, row)
        if changes:
            if {"text", "status", "rank", "addressed_to", "lenses"} & set(changes):
                self.add_revision(
                    conn, "recommendation", r.id, row[3],
                    {"status": row[4], "rank": row[5], "addressed_to": row[6], "lenses": json.loads(row[8] or "[]")},
                )
            queries.update_rec(conn, r.id, self.now, **changes)
            self.result.updated["recommendations"] += 1

    def rec_changes(self, conn, r: Recommendation, qid: str | None, data: RecommendationIn, row: tuple) -> dict[str, Any]:
        """What the file changes in a recommendation here: its text (unless the one here is newer,
        :meth:`newer_here`, which is then said and kept), status, rank, addressee and lenses, and
        its question. A text or addressee that differs only where a name was withheld is no change."""
        changes: dict[str, Any] = {}
        if canonical(row[3]) != data.text and not is_withheld_version(data.text, canonical(row[3])):
            if self.newer_here(conn, "recommendation", r.id, r.session_id, data.text, row[9]):
                self.keep_newer(conn, "recommendation", r.id, data.text, r.line)
            else:
                changes["text"] = data.text
        if row[4] != data.status:
            changes["status"] = data.status
        if row[5] != data.rank:
            changes["rank"] = data.rank
        if (one_line(row[6]) or None) != (data.addressed_to or None) and not (
            data.addressed_to and row[6] and is_withheld_version(data.addressed_to, one_line(row[6]))
        ):
            changes["addressed_to"] = data.addressed_to
        if json.loads(row[8] or "[]") != data.lenses:
            changes["lenses"] = json.dumps(data.lenses, ensure_ascii=False)
        if qid != "missing" and row[2] != qid:
            changes["question_id"] = qid
        return changes

    def support(self, conn, r: Recommendation, have: set[str], existed: bool) -> None:
        """A recommendation cites the contributions the file says it does, among those here
        (``have``: what it cites here before the import); a new one's support is written even
        when empty."""
        want = {cid for cid in r.supports if cid in self.contribution_ids or self.contribution_exists(conn, cid)}
        if want != have and (not existed or want or have):
            queries.set_support(conn, r.id, sorted(want))
            if existed:
                self.result.updated["recommendation supports"] += 1


def import_doc(store, doc: Doc, name: str, *, replace_newer: bool = False) -> ImportResult:
    """Write ``doc`` into ``store`` in one transaction; ``name`` is recorded as the source file.
    A text the database has changed since the file was made is kept (the file's goes among its
    earlier versions, with a warning) unless ``replace_newer``."""
    if not doc.sessions:
        raise FacilitatorError(f"{name}: no session in the file")
    return _Importer(store, doc, name, replace_newer=replace_newer).run()
