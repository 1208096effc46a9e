"""``facilitator import``, row by row: each kind of contribution and recommendation an import
meets (new, already there, renumbered, added by hand, a second version in a merged file, older
than the database's with and without ``--replace-newer``, deleted here, of another session, a bad
row named by its line), each pinned by what it writes and says."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from facilitator.core import ids
from facilitator.core.export import export_session
from facilitator.core.store import Store
from facilitator.core.summary import todb
from facilitator.core.summary.parse import SummaryError, parse_summary
from tests.golden.builders import build_sahel, fid

C1, C2, C5, C7 = (fid("contribution", n) for n in (1, 2, 5, 7))
R1, R2, R3 = (fid("recommendation", n) for n in (1, 2, 3))
LATER = "2030-01-01T00:00:00.000Z"


def _cut(text: str, start: str, end: str = "\n- ") -> tuple[str, str]:
    """``text`` without the item that begins at ``start`` (up to the next item), and the item."""
    a = text.index(start)
    b = text.find(end, a + 1)
    b = b + 1 if b != -1 else len(text)
    item = text[a:b]
    if not item.endswith("\n"):
        item += "\n"
    return text[:a] + text[b:], item


def _contribution_block(text: str, cid: str) -> str:
    a = text.index(f"- <!-- facilitator:contribution id={cid}")
    b = text.index("\n", text.index("\n", a) + 1) + 1
    return text[a:b]


def _recommendation_block(text: str, n: int, rid: str) -> str:
    a = text.index(f"{n}. <!-- facilitator:recommendation id={rid}")
    b = text.index("\n", text.index("\n", a) + 1) + 1
    return text[a:b]


# --- edits of the exported file (each a function of its text) --------------------------------------

def edit_contribution(t):
    return t.replace("line by line, and publish it.", "line by line, and publish it every year.")


def edit_recommendation(t):
    t = t.replace("Set up civilian harm tracking cells.", "Set up civilian harm tracking cells now.")
    t = t.replace("**R-003 · draft · to Defence ministries**", "**R-003 · agreed · rank 3 · to Defence and interior ministries**")
    return t


def renumber(t):
    # contribution 2 says it is number 5 (contribution 5's here); recommendation 1 says 3 (R-003's)
    t = t.replace(f"id={C2} seq=2 ", f"id={C2} seq=5 ")
    return t.replace(f"id={R1} seq=1 ", f"id={R1} seq=3 ")


def hand_added(t):
    block = _contribution_block(t, C7)
    t = t.replace(block, block + "- A hand-added point: audits of the security forces every year.\n")
    return t.replace("\n\n## Overview", "\n4. Publish an annual report on security spending. *— answers Q2*\n\n## Overview", 1)


def second_versions(t):
    """A report merged from the file and an edited copy of it: two versions of one contribution
    and of one recommendation."""
    from facilitator.core.merge import merge_texts

    edited = t.replace("with \\`open data\\`", "with open data, always").replace(
        "harm tracking cells.", "harm tracking cells, everywhere.")
    return merge_texts([("a.md", t), ("b.md", edited)]).text


def move_and_regroup(t):
    # contribution 5 moves to Q2; contribution 2 leaves its theme; R-002 loses a support
    block = _contribution_block(t, C5)
    t = t.replace(block, "")
    q2 = "#### Contributions (Q2)\n\n<!-- facilitator:unclustered -->\n\n"
    t = t.replace(q2, q2 + block)
    block2 = _contribution_block(t, C2)
    t = t.replace(block2, "")
    t = t.replace(q2, q2 + block2)
    return t.replace("supports=r46efktzb0xpb68nqkmtj6bx2h,wbnpywxk3r77ggpd7vvz0jznje", "supports=r46efktzb0xpb68nqkmtj6bx2h")


def unknown_speaker(t):
    return t.replace(f"id={C7} seq=7 speaker=dnep581ahxpaqkdy81wyfct9qn", f"id={C7} seq=7 speaker={fid('participant', 'ghost')}")


def other_session(t):
    return t.replace(C2, fid("contribution", 2, "room2")).replace("Parliaments must vote the", "CHANGED: parliaments must vote the")


def other_session_rec(t):
    return t.replace(R2, fid("recommendation", 2, "room2")).replace("Include women and young", "CHANGED: include women and young")


def bad_contribution(t):
    return t.replace("Civilian harm tracking cells, as in other missions", "x" * 100_001)


def bad_recommendation(t):
    return t.replace("Set up civilian harm tracking cells.", "y" * 100_001)


EDITS = {f.__name__: f for f in (edit_contribution, edit_recommendation, renumber, hand_added, second_versions,
                                 move_and_regroup, unknown_speaker, other_session, other_session_rec,
                                 bad_contribution, bad_recommendation)}

# --- changes made in the database after the file was exported ---------------------------------------
DB_CHANGES = {
    "deleted_here": [
        ("UPDATE contribution SET deleted_at = ? WHERE id = ?", (LATER, C1)),
        ("UPDATE recommendation SET deleted_at = ? WHERE id = ?", (LATER, R3)),
    ],
    "newer_here": [
        ("UPDATE contribution SET text = 'A newer text of the first contribution.', updated_at = ? WHERE id = ?", (LATER, C1)),
        ("UPDATE recommendation SET text = 'A newer text of R-003.', updated_at = ? WHERE id = ?", (LATER, R3)),
    ],
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A database holding the Sahel panel (and a second room's copy), and the first's export."""
    folder = tmp_path_factory.mktemp("base")
    store = Store.open(folder / "base.db")
    sid = build_sahel(store)
    build_sahel(store, salt="room2")
    text = export_session(store, sid)
    store.close()
    return folder / "base.db", text


def dump(conn) -> dict[str, list]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables if t != "_sqlite_migrations"}


def run_import(base, tmp_path, monkeypatch, text, *, fresh=False, db_changes=(), replace_newer=False,
               importer=todb._Importer, name="run"):
    """Import ``text`` into a copy of ``base`` (or an empty database): (what the import returned or
    the error it raised, the database after it, the statements that wrote, in order)."""
    monkeypatch.setattr(todb, "now_iso", lambda: "2029-06-01T00:00:00.000Z")
    counter = iter(range(10**6))
    monkeypatch.setattr(ids, "new_id", lambda: f"new{next(counter):023d}")  # a new series' id: the same each run
    db = tmp_path / f"{name}.db"
    if not fresh:
        shutil.copy(base, db)
    store = Store.open(db)
    try:
        with store.write() as conn:
            for sql, params in db_changes:
                conn.execute(sql, params)
        writes: list[str] = []
        store.conn.set_trace_callback(
            lambda s: writes.append(s) if s.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE") else None)
        try:
            r = importer(store, parse_summary(text, "edited.md"), "edited.md", replace_newer=replace_newer).run()
            said = (r.summary(), r.warnings, r.numbered, dict(r.added), dict(r.updated))
        except SummaryError as exc:
            said = ("error", str(exc))
        store.conn.set_trace_callback(None)
        return said, dump(store.conn), writes
    finally:
        store.close()


def test_the_same_file_again_changes_nothing(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, base[1])
    assert said[0].endswith("nothing new (the database already holds all of it).")
    assert after == dump(sqlite3.connect(base[0]))


def test_into_an_empty_database_every_row_is_new(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, base[1], fresh=True)
    assert said[3] == {"contributions": 10, "participants": 5, "questions": 14, "recommendations": 3, "themes": 3}
    assert said[1] == [] and said[2] == []
    assert len(after["contribution"]) == 10 and len(after["recommendation_support"]) == 6


def test_edited_rows_update_and_keep_the_old_text_as_a_revision(base, tmp_path, monkeypatch):
    t = edit_recommendation(edit_contribution(base[1]))
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, t)
    assert said[4] == {"contributions": 1, "recommendations": 1}
    assert said[1] == []
    revisions = [r for r in after["revision"] if C1 in r or R3 in r]
    assert len(revisions) == 2
    assert any("line by line, and publish it.'" in r for r in revisions)
    assert any("'Set up civilian harm tracking cells.'" in r and "draft" in r for r in revisions)


def test_renumbered_rows_keep_the_numbers_the_database_gave(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, renumber(base[1]), fresh=True)
    # the first item of the file to ask for a number gets it; the one that also asks for it takes the next free one
    assert said[2] == ["R-005 (edited.md:24, R-003 in the file, which here is another item's: “Set up civilian harm "
                       "tracking cells.”)",
                       "Q1-011 (edited.md:90, Q1-005 in the file, which here is another item's: “1. Consult "
                       "communities before deployments. <!-- n…”)"]


def test_rows_added_by_hand_get_the_next_numbers_and_are_said(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, hand_added(base[1]))
    assert said[3] == {"contributions": 1, "recommendations": 1}
    assert len(said[2]) == 2
    assert said[2][0].startswith("R-005 (edited.md:") and "added by hand" in said[2][0]
    assert said[2][1].startswith("Q2-011 (edited.md:") and "added by hand" in said[2][1]


def test_a_second_version_in_a_merged_file_is_kept_in_the_history(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, second_versions(base[1]))
    assert said[3] == {"conflicting versions kept as revisions": 2}
    assert [w.split(": ", 1)[1] for w in said[1]] == [
        "another version of this contribution (the first one in the file is used; this one is kept in its history)",
        "another version of this recommendation (the first one in the file is used; this one is kept in its history)"]
    assert all(w.startswith("edited.md:") for w in said[1])


def test_moves_between_questions_and_themes_and_supports(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, move_and_regroup(base[1]))
    assert said[4] == {"contributions": 2, "recommendation supports": 1, "theme memberships": 1}


def test_a_speaker_missing_from_the_annex_is_left_out_with_a_warning(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, unknown_speaker(base[1]), fresh=True)
    assert [w.split(": ", 1)[1] for w in said[1]] == ["a speaker missing from the participants annex was left out"]


@pytest.mark.parametrize("replace_newer", [False, True])
def test_a_text_changed_here_after_the_export_is_kept_unless_replace_newer(base, tmp_path, monkeypatch, replace_newer):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, base[1], db_changes=DB_CHANGES["newer_here"],
                                 replace_newer=replace_newer)
    texts = [r for r in after["contribution"] if C1 in r] + [r for r in after["recommendation"] if R3 in r]
    if replace_newer:
        assert said[4] == {"contributions": 1, "recommendations": 1} and said[1] == []
        assert "line by line, and publish it." in texts[0] and "Set up civilian harm tracking cells." in texts[1]
    else:
        assert said[3] == {"older contribution texts not applied (kept as revisions)": 1,
                           "older recommendation texts not applied (kept as revisions)": 1}
        assert len(said[1]) == 2 and all("older than the one in the database" in w for w in said[1])
        assert "A newer text of the first contribution." in texts[0] and "A newer text of R-003." in texts[1]


def test_rows_deleted_here_stay_deleted(base, tmp_path, monkeypatch):
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, edit_recommendation(edit_contribution(base[1])),
                                 db_changes=DB_CHANGES["deleted_here"])
    assert [w.split(": ", 1)[1] for w in said[1]] == [
        "this contribution was deleted in the database; it stays deleted",
        "this recommendation was deleted in the database; it stays deleted"]
    assert said[4] == {}


@pytest.mark.parametrize(("edit", "kind", "message"), [
    (other_session, "contribution", "a contribution id belongs to another session in this database"),
    (other_session_rec, "recommendation", "a recommendation id belongs to another session in this database"),
    (bad_contribution, "contribution", "contribution: the text: is longer than 100,000 characters"),
    (bad_recommendation, "recommendation", "recommendation: the text: is longer than 100,000 characters"),
])
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_written(base, tmp_path, monkeypatch, edit, kind, message):
    before = dump(sqlite3.connect(base[0]))
    said, after, _w = run_import(base[0], tmp_path, monkeypatch, edit(base[1]))
    assert said[0] == "error" and message in said[1] and "edited.md:" in said[1]
    line = int(said[1].split("edited.md:", 1)[1].split(":", 1)[0])
    lines = edit(base[1]).splitlines()
    assert f"facilitator:{kind} id=" in lines[line - 1]  # the row's own line
    assert after == before


# --- the old contributions and recommendations, kept for the comparison while they are split -------
from typing import Any  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from facilitator.core import tables  # noqa: E402
from facilitator.core.ids import contribution_ref, recommendation_ref  # noqa: E402
from facilitator.core.models import ContributionIn, RecommendationIn, problem  # noqa: E402
from facilitator.core.review import queries  # noqa: E402
from facilitator.core.summary.model import Recommendation, Section  # noqa: E402
from facilitator.core.summary.text import canonical, one_line  # noqa: E402
from facilitator.core.summary.todb import _chunks, _fetch  # noqa: E402
from facilitator.core.summary.withhold import is_withheld_version  # noqa: E402
from pydantic import ValidationError  # noqa: E402
import json  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), max_size=4, unique=True),
       changes=st.sampled_from([None, *sorted(DB_CHANGES)]), fresh=st.booleans(), replace_newer=st.booleans())
def test_the_import_is_the_old_one_on_generated_files(base, tmp_path_factory, edits, changes, fresh, replace_newer):
    """Same results, same database, same writes in the same order as the old methods (below)."""
    text = base[1]
    for name in edits:
        try:
            text = EDITS[name](text)
        except ValueError:  # an edit that finds nothing to edit after the others
            pass
    with pytest.MonkeyPatch.context() as mp:
        tmp = tmp_path_factory.mktemp("cmp")
        kw = dict(fresh=fresh, db_changes=DB_CHANGES.get(changes or "", ()), replace_newer=replace_newer)
        new = run_import(base[0], tmp, mp, text, name="new", **kw)
        old = run_import(base[0], tmp, mp, text, name="old", importer=_Old, **kw)
    assert new == old


class _Old(todb._Importer):
    def contributions(self, conn, qmap) -> None:
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
            if c.session_id not in self.session_ids:
                raise self.fail("an item names a session that is not in the file", c.line)
            qid = qmap.get((id(sec), c.session_id), "missing")
            try:
                text = ContributionIn(session_id=c.session_id, text=c.text, lang=c.lang).text
            except ValidationError as exc:
                raise self.fail(f"contribution: {problem(exc)}", c.line) from None
            row = existing.get(c.id)
            if row is None:
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
            else:
                if row[1] != c.session_id:
                    raise self.fail("a contribution id belongs to another session in this database", c.line)
                if row[4]:
                    self.warn("this contribution was deleted in the database; it stays deleted", c.line)
                    continue
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
            # theme membership as the file shows it
            current = members.get(c.id, (None, None))[1]
            want = kid if kid in self.cluster_ids else None
            self.keep_out(conn, c, want, row is not None)
            if current != want:
                if want is None:
                    queries.set_member(conn, None, c.id)
                else:
                    queries.put_manual_member(conn, c.id, want, self.now if row is not None else self.stamp(c.session_id))
                if row is not None:
                    self.result.updated["theme memberships"] += 1
        # representatives, now that the contributions are there
        for sec in self.doc.sections:
            for cl in sec.clusters:
                if cl.representative_id and cl.representative_id in self.contribution_ids and cl.id in self.cluster_ids:
                    queries.set_representative(conn, cl.id, cl.representative_id, only_if_none=True)

    def recommendations(self, conn, qmap) -> None:
        placed: list[tuple[Section | None, Recommendation]] = [(sec, r) for sec in self.doc.sections for r in sec.recommendations]
        placed += [(None, r) for r in self.doc.standalone]  # of the whole session
        existing = _fetch(
            conn,
            """SELECT id, session_id, question_id, text, status, rank, addressed_to, deleted_at, lenses, updated_at
               FROM recommendation WHERE id IN ({marks})""",
            [r.id for _s, r in placed],
        )
        supports: dict[str, set[str]] = {}
        for chunk in _chunks([r.id for _s, r in placed]):
            marks = ",".join("?" * len(chunk))
            for rid, cid in conn.execute(
                f"SELECT recommendation_id, contribution_id FROM recommendation_support WHERE recommendation_id IN ({marks})",
                chunk,
            ):
                supports.setdefault(rid, set()).add(cid)
        seen: dict[str, tuple] = {}
        for sec, r in placed:
            if r.id in seen:
                if seen[r.id] != r.signature():
                    self.keep_version(conn, "recommendation", r.id, r.text, r.line)
                continue
            seen[r.id] = r.signature()
            if sec is None:
                qid = r.question_id if r.question_id and conn.execute(
                    "SELECT 1 FROM question WHERE id = ? AND session_id = ?", (r.question_id, r.session_id)
                ).fetchone() else None
            else:
                qid = qmap.get((id(sec), r.session_id), "missing")
            try:
                data = RecommendationIn(
                    # the file's status is any text until RecommendationIn checks it: a ValidationError below
                    session_id=r.session_id, text=r.text, status=r.status,  # type: ignore[arg-type]
                    rank=r.rank, addressed_to=r.addressed_to, lenses=r.lenses,
                )
            except ValidationError as exc:
                raise self.fail(f"recommendation: {problem(exc)}", r.line) from None
            row = existing.get(r.id)
            cluster = r.cluster_id if r.cluster_id in self.cluster_ids else None
            if row is None:
                if qid == "missing":
                    qid = None
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
            else:
                if row[1] != r.session_id:
                    raise self.fail("a recommendation id belongs to another session in this database", r.line)
                if row[7]:
                    self.warn("this recommendation was deleted in the database; it stays deleted", r.line)
                    continue
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
                if changes:
                    if {"text", "status", "rank", "addressed_to", "lenses"} & set(changes):
                        self.add_revision(
                            conn, "recommendation", r.id, row[3],
                            {"status": row[4], "rank": row[5], "addressed_to": row[6],
                             "lenses": json.loads(row[8] or "[]")},
                        )
                    queries.update_rec(conn, r.id, self.now, **changes)
                    self.result.updated["recommendations"] += 1
            want = {cid for cid in r.supports if cid in self.contribution_ids or self.contribution_exists(conn, cid)}
            have = supports.get(r.id, set())
            if want != have and (row is None or want or have):
                queries.set_support(conn, r.id, sorted(want))
                if row is not None:
                    self.result.updated["recommendation supports"] += 1
