"""Memory in proportion (issue 26 finding 8): an export is written as it is made, a file is read in
parts, the export screen keeps only its preview; and each gives what the whole-text way gave.

The memory figures at 20,000 and 200,000 contributions are in the benchmark (``run.py --only
memory``); these tests hold each mechanism to a bound measured with ``tracemalloc`` (Python's own
count of what is allocated: the same on any machine, whatever its load).
"""

from __future__ import annotations

import tempfile
import tracemalloc

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from facilitator.core.export import export_session, write_document, write_export
from facilitator.core.store import Store
from facilitator.core.summary import parse as parse_module
from facilitator.core.summary.fromdb import load_doc
from facilitator.core.summary.parse import SummaryError, parse_summary
from facilitator.core.summary.render import Preview, preview
from tests.test_export_roundtrip import _open, build, sessions

EN = "Parliaments must scrutinise the security budget line by line, and publish what they find. "
AR = "يجب أن تراقب البرلمانات ميزانية الأمن بندا بندا وأن تنشر ما تجده. "


def _long_session(store, sahel: str, n: int = 1200) -> None:
    """``n`` contributions of about 1,700 characters each (English and Arabic, as a real panel's
    file is), straight into the tables: a session whose summary is a few MB."""
    from facilitator.core.ids import new_id

    qids = [r[0] for r in store.conn.execute("SELECT id FROM question WHERE session_id = ? ORDER BY position", (sahel,))]
    rows = [(new_id(), sahel, qids[i % len(qids)], i + 1, f"{i}: " + (EN * 12 if i % 3 else AR * 12),
             "2023-03-11T10:00:00.000Z", "2023-03-11T10:00:00.000Z") for i in range(n)]
    with store.write() as conn:
        conn.executemany("INSERT INTO contribution (id, session_id, question_id, seq, text, created_at, updated_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def _peak(fn) -> tuple[int, object]:
    """(bytes allocated at the peak of ``fn()`` above what was allocated before, its result)."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        return tracemalloc.get_traced_memory()[1] - base, result
    finally:
        tracemalloc.stop()


def test_an_export_is_written_as_it_is_made(store, sahel, tmp_path):
    _long_session(store, sahel)
    text = export_session(store, sahel)
    size = len(text.encode("utf-8"))
    assert size > 1_000_000
    doc = load_doc(store, sahel)
    for anonymous in (False, True):
        with open(tmp_path / "out.md", "w+b") as out:
            write_document(doc, out, "md", anonymous=anonymous)  # once first: the imports, what the withholding learns
            out.seek(0)
            out.truncate()
            peak, _ = _peak(lambda out=out, anonymous=anonymous: write_document(doc, out, "md", anonymous=anonymous))
        # the text was never whole in memory (before: the lines, their join and its bytes, over 3x)
        assert peak < size / 4, (anonymous, peak, size)
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == export_session(store, sahel, anonymous=True)
    path = write_export(store, sahel, tmp_path / "named.md")
    assert path is not None and path.read_text(encoding="utf-8") == text


def test_the_preview_keeps_only_what_it_shows(store, sahel):
    _long_session(store, sahel)
    text = export_session(store, sahel)
    export_session(store, sahel, write=Preview(150))  # once first: the imports
    head = Preview(150)
    peak, _ = _peak(lambda: export_session(store, sahel, write=head))
    doc_peak, _ = _peak(lambda: load_doc(store, sahel))
    assert peak - doc_peak < len(text) / 4, (peak, doc_peak, len(text))
    assert head.text() == preview(text, 150) and head.newlines == text.count("\n")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["", "x", "# T", "- a", "  b", "<!-- c -->", "ب"]), max_size=40),
       st.integers(1, 30), st.integers(1, 7))
@example(["a", "", "b"], 3, 1)
@example([], 1, 1)
def test_a_preview_made_in_pieces_is_the_preview_of_the_whole(lines, max_lines, every):
    text = "\n".join(lines) + "\n"
    head = Preview(max_lines)
    for k in range(0, len(lines), every):  # pieces of whole lines, as Lines writes them
        head("\n".join(lines[k : k + every]) + "\n")
    if not lines:
        head("\n")
    assert head.text() == preview(text, max_lines)


def test_a_large_file_is_read_in_parts_in_bounded_memory(store, sahel, monkeypatch):
    _long_session(store, sahel)
    text = export_session(store, sahel)
    monkeypatch.setattr(parse_module, "CHUNK", 1 << 16)
    assert len(parse_module._chunks(text)) >= 10
    peak, doc = _peak(lambda: parse_summary(text, "x.md"))
    # the tokens of a part at a time, never the whole file's (before: about 10x the text)
    assert peak < 3 * len(text.encode("utf-8")), (peak, len(text))
    monkeypatch.setattr(parse_module, "CHUNK", 1 << 40)
    assert doc == parse_summary(text, "x.md")


# What a person may add by hand, among the lines of an export: blocks that run past an empty
# line, link reference definitions, headings, lists, comments, quotes.
EDITS = ["", "```", "~~~", "[x]: /u", "[x]", "<div>", "</div>", "<!--", "-->", "<!-- x -->", "> quote", "    code",
         "- item", "1. item", "# Heading", "### Q9. A question", "#### Theme: new", "## Overview", "* star",
         "- <!-- facilitator:contribution id=0000000000000000000000000x -->", "   <!-- facilitator:session id=x -->",
         "text", "  indented text", "\\", "***", "---", "<http://a.b>", "\r", "\r\n"]


def _parts_or_whole(text: str, monkeypatch, size: int):
    monkeypatch.setattr(parse_module, "CHUNK", size)
    try:
        return parse_summary(text, "x.md")
    except SummaryError as exc:
        return ("error", str(exc))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sessions(), st.booleans(), st.sampled_from([None, "question"]),
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(EDITS)), max_size=4))
def test_reading_in_parts_gives_what_reading_whole_gives(monkeypatch, data, anonymous, group_by, edits):
    with tempfile.TemporaryDirectory() as folder:
        a = _open(folder, "a.db")
        try:
            sid = build(a, data)
            text = export_session(a, sid, anonymous=anonymous, group_by=group_by)
        finally:
            a.close()
    lines = text.split("\n")
    for at, line in edits:
        lines.insert(at % (len(lines) + 1), line)
    text = "\n".join(lines)
    # every place a part may start, used (a part of one character), against the whole file at once
    assert _parts_or_whole(text, monkeypatch, 1) == _parts_or_whole(text, monkeypatch, 1 << 40)


def test_a_file_with_a_block_that_runs_on_is_read_whole(sahel, store, monkeypatch):
    _long_session(store, sahel, 40)
    text = export_session(store, sahel)
    monkeypatch.setattr(parse_module, "CHUNK", 1)
    assert len(parse_module._chunks(text)) > 10
    # a fence opened by hand before a heading would hold it, and everything after it, as code
    cut = text.index("\n### Q2.")
    edited = text[:cut] + "\n\n```" + text[cut:]
    assert parse_module._chunks(edited) == [(0, len(edited), 0)]
    assert _parts_or_whole(edited, monkeypatch, 1) == _parts_or_whole(edited, monkeypatch, 1 << 40)


def test_an_import_reads_a_large_file_in_parts(sahel, store, tmp_path, monkeypatch):
    """The whole chain (read, parse in parts, write) gives the same database as reading at once."""
    from facilitator.core.importer import import_file

    _long_session(store, sahel, 200)
    path = tmp_path / "x.md"
    path.write_text(export_session(store, sahel), encoding="utf-8")
    results = []
    for size in (1 << 12, 1 << 40):
        monkeypatch.setattr(parse_module, "CHUNK", size)
        other = Store.open(tmp_path / f"{size}.db")
        try:
            import_file(other, path)
            results.append(export_session(other, sahel))
        finally:
            other.close()
    assert results[0] == results[1] == path.read_text(encoding="utf-8")
