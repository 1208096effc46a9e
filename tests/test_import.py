"""``facilitator import``: round trips, hand edits, idempotence, and every kind of bad file."""

from __future__ import annotations

import json

import pytest

from facilitator.core.export import export_session
from facilitator.core.importer import import_text
from facilitator.core.store import Store
from tests.conftest import SAHEL_EN, db_fingerprint
from tests.golden.builders import GOLDEN, build_sahel, fid


@pytest.fixture
def exported(store, tmp_path):
    sid = build_sahel(store)
    path = tmp_path / "sahel.md"
    path.write_text(export_session(store, sid), encoding="utf-8")
    return sid, path


def test_import_into_an_empty_database_then_again(run_cli, tmp_path):
    db = tmp_path / "other.db"
    golden = GOLDEN / "sahel.md"
    status, out, err = run_cli("import", golden, db=db)
    assert status == 0, err
    assert "1 session(s) created" in err and "10 contributions" in err
    before = db_fingerprint(db)
    status, out, err = run_cli("import", golden, db=db)
    assert status == 0 and "nothing new" in err
    assert db_fingerprint(db) == before
    status, out, err = run_cli("export", out.strip(), "-o", "-", db=db)
    assert out == golden.read_text(encoding="utf-8")


def test_import_into_the_database_it_came_from_changes_nothing(run_cli, store, exported, db_path):
    _sid, path = exported
    before = db_fingerprint(db_path)
    status, out, err = run_cli("import", path)
    assert status == 0 and "nothing new" in err
    assert db_fingerprint(db_path) == before


def test_hand_edits_are_honoured(store, exported):
    sid, path = exported
    text = path.read_text(encoding="utf-8")
    # edit a contribution's text, a status and rank, a theme's label
    text = text.replace("Parliaments must vote the security budget line by line, and publish it.",
                        "Parliaments must vote *and audit* the security budget.")
    text = text.replace("**R-002 · reviewed · rank 2**", "**R-002 · agreed · rank 3**")
    text = text.replace("#### Theme C-001: Budget oversight", "#### Theme C-001: Budget scrutiny")
    # move the floor's contribution from Q1 to Q2 (cut the item and paste it under Q2)
    block = text[text.index("- <!-- facilitator:contribution id=" + fid("contribution", 5)):]
    block = block[: block.index("\n\n")] + "\n"
    text = text.replace(block, "")
    q2 = text.index("#### Contributions (Q2)\n\n<!-- facilitator:unclustered -->\n\n") + len(
        "#### Contributions (Q2)\n\n<!-- facilitator:unclustered -->\n\n")
    text = text[:q2] + block + text[q2:]
    # add a recommendation by hand at the end of the list, answering Q2
    text = text.replace("\n\n## Overview", "\n4. Publish an annual report on security spending. *— answers Q2*\n\n## Overview", 1)
    # delete an item: the import leaves the database's copy alone
    gone = fid("contribution", 9)
    start = text.index(f"- <!-- facilitator:contribution id={gone}")
    end = text.index("\n", text.index("\n", start) + 1) + 1
    text = text[:start] + text[end:]

    result = import_text(store, text, "edited.md")
    assert result.updated["contributions"] == 2  # new text; moved to Q2
    c1 = store.contribution(fid("contribution", 1))
    assert c1.text == "Parliaments must vote and audit the security budget."
    assert [r.text for r in store.revisions("contribution", c1.id)] == [
        "Parliaments must vote the security budget line by line, and publish it."
    ]
    assert store.contribution(fid("contribution", 5)).question_position == 2
    assert store.query("SELECT status, rank FROM recommendation WHERE id = ?", (fid("recommendation", 2),)) == [
        {"status": "agreed", "rank": 3}
    ]
    assert store.query("SELECT label, curated FROM cluster WHERE id = ?", (fid("cluster", 1),)) == [
        {"label": "Budget scrutiny", "curated": 1}
    ]
    added = store.query("SELECT r.text, r.status, r.seq, q.position FROM recommendation r JOIN question q ON q.id = r.question_id"
                        " WHERE r.text LIKE 'Publish an annual%'")
    assert added == [{"text": "Publish an annual report on security spending.", "status": "draft", "seq": 5, "position": 2}]
    assert store.contribution(gone).deleted_at is None
    # the edited file, imported again, changes nothing more
    assert not import_text(store, text, "edited.md").changed


def test_anonymous_export_imports_without_names(store, tmp_path):
    sid = build_sahel(store)
    anon = export_session(store, sid, anonymous=True)
    other = Store.open(tmp_path / "anon.db")
    try:
        import_text(other, anon, "anon.md")
        assert other.participants() == []
        groups = [json.loads(r[0]).get("group") for r in other.conn.execute("SELECT source FROM contribution ORDER BY seq")]
        assert groups[:4] == ["Parliament", "UN organizations", "Civil society", "Civil society"]
        assert export_session(other, sid, anonymous=True) == anon
        assert not import_text(other, anon, "anon.md").changed
    finally:
        other.close()


def _latin1(tmp_path, text):
    p = tmp_path / "latin1.md"
    p.write_bytes(text.encode("utf-8").replace("Ouédraogo".encode("utf-8"), "Ouédraogo".encode("latin-1")))
    return p


BAD = {
    "missing": (lambda tmp, text: tmp / "nowhere.md", "no such file"),
    "agenda": (lambda tmp, text: SAHEL_EN, "sahel-security-2023.md:1: not an exported summary"),
    "empty": (lambda tmp, text: _write(tmp, "empty.md", ""), "empty.md:1: the file is empty"),
    "binary": (lambda tmp, text: _write_bytes(tmp, "bin.md", b"\x89PNG\r\n\x00\x00"), "binary file"),
    "utf16": (lambda tmp, text: _write_bytes(tmp, "u16.md", text.encode("utf-16")), "u16.md:1: UTF-16 text"),
    "latin1": (lambda tmp, text: _latin1(tmp, text), "not UTF-8 text"),
    "truncated": (lambda tmp, text: _write(tmp, "cut.md", text[: len(text) // 2]), "truncated or damaged export"),
    "no-header": (lambda tmp, text: _write(tmp, "nohead.md", text.split("\n", 1)[1]), "damaged export: the first line"),
    "bad-id": (lambda tmp, text: _write(tmp, "badid.md", text.replace("contribution id=", "contribution id=zz", 1)),
               "damaged contribution id"),
    "bad-comment": (lambda tmp, text: _write(tmp, "badc.md", text.replace("<!-- facilitator:overview -->", "<!-- facilitator:overview ->")),
                    "damaged facilitator comment"),
    "newer": (lambda tmp, text: _write(tmp, "new.md", text.replace("version=1", "version=9", 1)), "newer facilitator"),
    "bad-status": (lambda tmp, text: _write(tmp, "st.md", text.replace("R-001 · agreed", "R-001 · agred")), "unknown 'agred'"),
    "bad-date": (lambda tmp, text: _write(tmp, "date.md", text.replace("- Date: 2023-03-11", "- Date: 11/03/2023")),
                 "date.md:9: bad date"),
    "two-files": (lambda tmp, text: _write(tmp, "two.md", text + text), "a second '<!-- facilitator:export -->'"),
}


def _write(tmp, name, text):
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def _write_bytes(tmp, name, data):
    p = tmp / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_with_the_reason_and_nothing_changes(run_cli, store, exported, db_path, tmp_path, case):
    _sid, good = exported
    make, expected = BAD[case]
    path = make(tmp_path, good.read_text(encoding="utf-8"))
    before = db_fingerprint(db_path)
    status, out, err = run_cli("import", path)
    assert status == 2
    assert expected in err, err
    assert str(path) in err or path.name in err
    assert db_fingerprint(db_path) == before


def test_a_failing_import_leaves_the_database_as_it_was(store, exported, db_path):
    sid, path = exported
    text = path.read_text(encoding="utf-8")
    # a valid file whose second contribution belongs to another session in this database
    other = build_sahel(store, salt="room2")
    text = text.replace(fid("contribution", 2), fid("contribution", 2, "room2"))
    text = text.replace("Parliaments must vote the", "CHANGED: parliaments must vote the")
    before = db_fingerprint(db_path)
    with pytest.raises(Exception) as info:
        import_text(store, text, "mixed.md")
    assert "belongs to another session" in str(info.value) and "mixed.md" in str(info.value)
    assert db_fingerprint(db_path) == before
    del other, sid


def test_import_of_a_merged_report_restores_every_session(run_cli, store, tmp_path):
    a, b = build_sahel(store), build_sahel(store, salt="room2")
    pa, pb = tmp_path / "a.md", tmp_path / "b.md"
    pa.write_text(export_session(store, a), encoding="utf-8")
    pb.write_text(export_session(store, b), encoding="utf-8")
    assert run_cli("merge", pa, pb, "-o", tmp_path / "m.md")[0] == 0
    db = tmp_path / "fresh.db"
    status, out, err = run_cli("import", tmp_path / "m.md", db=db)
    assert status == 0, err
    assert sorted(out.split()) == sorted([a, b])
    fresh = Store.open(db)
    try:
        assert export_session(fresh, a) == pa.read_text(encoding="utf-8")
        assert export_session(fresh, b) == pb.read_text(encoding="utf-8")
    finally:
        fresh.close()


def test_importing_a_report_with_a_conflict_keeps_the_other_version_in_the_history(store, exported, tmp_path):
    from facilitator.core.merge import merge_files

    _sid, path = exported
    edited = tmp_path / "edited.md"
    edited.write_text(path.read_text(encoding="utf-8").replace("and publish it.", "and publish it yearly."), encoding="utf-8")
    report = merge_files([path, edited]).text
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        result = import_text(fresh, report, "report.md")
        assert any("another version of this contribution" in w for w in result.warnings)
        cid = fid("contribution", 1)
        assert fresh.contribution(cid).text.endswith("and publish it.")
        assert [r.text for r in fresh.revisions("contribution", cid)] == [
            "Parliaments must vote the security budget line by line, and publish it yearly."
        ]
        assert not import_text(fresh, report, "report.md").changed
    finally:
        fresh.close()


def test_a_file_of_the_earlier_layout_still_imports(store, tmp_path):
    """Recommendations under each question's "Draft recommendations" (files exported before the
    outcome document): read as they were meant; exported again, the new layout of the same data."""
    import re

    earlier = GOLDEN / "sahel-earlier-layout.md"
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        result = import_text(fresh, earlier.read_text(encoding="utf-8"), earlier.name)
        assert result.warnings == [] and result.added["recommendations"] == 4
        again = export_session(fresh, result.sessions[0], include_dropped=True)
    finally:
        fresh.close()
    sid = build_sahel(store)
    now = re.sub(r" tr=\S+", "", export_session(store, sid, include_dropped=True))  # the earlier files had no translations
    assert again == now
