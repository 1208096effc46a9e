"""``facilitator import``, row by row: each kind of contribution and recommendation an import
meets (new, already there, renumbered, added by hand, a second version in a merged file, older
than the database's with and without ``--replace-newer``, deleted here, of another session, a bad
row named by its line), each pinned by what it writes and says. While ``contributions`` and
``recommendations`` were split into steps, copies of the old methods were compared with the new on
60 generated files (hypothesis, the ci profile: a set of the edits below, a change made here,
an empty database or not, --replace-newer or not): same results, same database, the same writes
in the same order. The copies are gone."""

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
