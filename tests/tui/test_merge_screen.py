"""The merge screen under the Pilot: pick files, see the conflicts, skip a bad file, write the report."""

from __future__ import annotations

import pytest
from textual.widgets import SelectionList

from facilitator.core.export import export_session
from facilitator.core.merge import merge_files
from facilitator.tui.app import FacilitatorApp
from tests.golden.builders import build_sahel


async def _settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


def _status(screen) -> str:
    return str(screen.query_one("#merge-status").render())


@pytest.fixture
def exports(store, tmp_path, monkeypatch):
    """``exports/`` with two rooms, a hand-edited copy of the first (one conflict), a Markdown
    file that is not an export and a README; the merge screen opens there."""
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: folder)
    monkeypatch.setattr("facilitator.tui.screens.merge.PREVIEW_LINES", 60)  # a shorter preview is faster
    a, b = build_sahel(store), build_sahel(store, salt="room2")
    text_a = export_session(store, a)
    (folder / "a.md").write_text(text_a, encoding="utf-8")
    (folder / "b.md").write_text(export_session(store, b), encoding="utf-8")
    (folder / "c.md").write_text(text_a.replace("and publish it.", "and publish it yearly."), encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n\nnot an export\n", encoding="utf-8")
    (folder / "README.md").write_text("# Exports\n", encoding="utf-8")
    return folder


async def test_merge_screen_from_exports(store, exports):
    folder = exports

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(110, 32)) as pilot:
        app.open_merge()
        await pilot.pause()
        screen = app.screen
        files = screen.query_one("#merge-files", SelectionList)
        assert files.option_count == 4  # README.md is not offered
        await pilot.press("a", "p")
        await _settle(app, pilot)
        assert screen.text is None
        assert "notes.md:1: not an exported summary" in str(screen.query_one("#merge-report").render())
        assert "Nothing merged" in _status(screen)

        await pilot.press("s", "p")  # skip bad files
        await _settle(app, pilot)
        report = str(screen.query_one("#merge-report").render())
        assert "Skipped 1 bad input(s)" in report and "1 conflict(s)" in report
        assert "1 conflict(s), 1 skipped" in _status(screen)
        expected = merge_files([folder / "a.md", folder / "b.md", folder / "c.md", folder / "notes.md"], skip_bad=True).text
        assert screen.text == expected

        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert (folder / "consolidated-report.md").read_text(encoding="utf-8") == expected
        assert "Written" in _status(screen)

        # pick only a.md and the report: merging them again adds nothing, and writing over an input is fine
        files.deselect_all()
        files.clear_options()
        screen.load_folder(folder)
        await pilot.pause()
        for i in range(files.option_count):
            if files.get_option_at_index(i).prompt.plain in ("a.md", "consolidated-report.md"):
                files.select(files.get_option_at_index(i).value)
        await pilot.press("p")
        await _settle(app, pilot)
        assert screen.text == expected

        # written over one of its inputs (a room's file): only on a second ctrl+s
        room_a = (folder / "a.md").read_bytes()
        output = screen.query_one("#merge-output")
        output.value = str(folder / "a.md")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "is one of the files being merged" in _status(screen) and (folder / "a.md").read_bytes() == room_a
        output.value = str(folder / "consolidated-report.md")

        # the same report as a Word file
        await pilot.press("t")
        await pilot.pause()
        output = screen.query_one("#merge-output")
        assert output.value.endswith("consolidated-report.docx")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        import docx

        paragraphs = [p.text for p in docx.Document(str(folder / "consolidated-report.docx")).paragraphs]
        assert paragraphs[0].startswith("Consolidated report") and "Recommendations" in paragraphs

        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "MergeScreen"


def test_snapshot_merge_80x24(store, exports, monkeypatch, snap_compare):
    """The merge screen at 80x24: two rooms and a hand-edited copy merged, one conflict, one bad
    file skipped."""
    monkeypatch.chdir(exports.parent)  # paths are shown relative to it, the same on every machine
    app = FacilitatorApp(store=store)

    async def run_before(pilot) -> None:
        app.open_merge()
        await pilot.pause()
        await pilot.press("a", "s", "p")
        await _settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_a_set_is_decided_in_the_merge_screen_and_the_outcome_shown(store, exports):
    """Two rooms say the same three things: ``c`` keeps member 1's text of a proposed set; ``u``
    shows the outcome document to send; the report written keeps the decision."""
    for name in ("c.md", "notes.md"):
        (exports / name).unlink()
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(110, 32)) as pilot:
        app.open_merge()
        await pilot.pause()
        screen = app.screen
        await pilot.press("a", "p")
        await _settle(app, pilot)
        assert "3 proposed" in str(screen.query_one("#merge-report").render())
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("1", "enter")
        await _settle(app, pilot)  # the report is made again in a worker
        assert "Set decided (consolidated)" in _status(screen)
        assert "· consolidated" in screen.text
        await pilot.press("u")
        await _settle(app, pilot)
        assert "form=outcome" in screen.text.split("\n")[0] and "## Annex 1" in screen.text
        await pilot.press("u", "ctrl+s")  # written once the record is made again
        await _settle(app, pilot)
        await _settle(app, pilot)
    written = (exports / "consolidated-report.md").read_text(encoding="utf-8")
    assert "· consolidated" in written
    again = merge_files([exports / "consolidated-report.md", exports / "a.md", exports / "b.md"])
    assert sum(s.state == "consolidated" for s in again.doc.sets) == 1


async def test_the_report_is_made_again_in_a_worker_and_ctrl_s_meanwhile_writes_it_once_made(
        store, exports, monkeypatch):
    """u and a set's decision make the merged report again: in a worker thread (a series of
    thousands of recommendations takes seconds), not on the UI thread; ctrl+s pressed meanwhile
    writes the report once it is made, in the form asked for."""
    import threading

    from facilitator.core.summary.merging import MergeResult

    from .test_ui_thread import recording

    for name in ("c.md", "notes.md"):
        (exports / name).unlink()
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_merge()
        await pilot.pause()
        screen = app.screen
        await pilot.press("a", "p")
        await _settle(app, pilot)
        made = recording(monkeypatch, MergeResult, "render")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("2", "enter")
        await _settle(app, pilot)
        assert "Set decided (consolidated)" in _status(screen)
        await pilot.press("u", "ctrl+s")
        await _settle(app, pilot)
        await _settle(app, pilot)
        assert made and threading.main_thread().name not in made
        written = (exports / "consolidated-report.md").read_text(encoding="utf-8")
        assert "form=outcome" in written.split("\n")[0] and written == screen.text
        assert "Written" in _status(screen)
