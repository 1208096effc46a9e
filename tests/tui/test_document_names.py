"""The export, merge and monitoring report screens refuse a file name that says another format
(``x.pdf``, ``x.txt``) or contradicts the format chosen with ``t``, with the words of the
commands (one check: ``core.summary.formats.format_of``), and write nothing; a name that agrees
is written."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.core.export import export_session
from facilitator.tui.app import FacilitatorApp
from tests.followup_data import sample_db, two_activities
from tests.golden.builders import build_sahel

from .test_capture import settle


def _shown(screen, status: str) -> str:
    return str(screen.query_one(status).render())


async def _refuses(app, pilot, box: str, status: str, folder) -> dict[str, str]:
    """``x.pdf``, ``x.txt`` and (Markdown chosen) ``x.docx`` are refused, nothing written; then
    ``x.md`` is written. Returns what the screen said of each name."""
    screen = app.screen
    shown = {}
    for name, words in (("x.pdf", ("facilitator writes Markdown (.md), Word (.docx) or HTML (.html), not .pdf",
                                   "save it as PDF", "nothing was written")),
                        ("x.txt", ("not .txt", "nothing was written")),
                        ("x.docx", ("x.docx is not a md file's name (the format chosen with t): name it x.md, "
                                    "or choose Word with t", "nothing was written"))):
        screen.query_one(box, Input).value = str(folder / name)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = _shown(screen, status)
        assert all(w in said for w in words), (name, said)
        assert not (folder / name).exists()
        shown[name] = said
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("x.")) == []
    screen.query_one(box, Input).value = str(folder / "x.md")
    await pilot.press("ctrl+s")
    await settle(pilot, lambda: (folder / "x.md").exists(), timeout=30)
    assert (folder / "x.md").read_bytes().startswith(b"<!-- facilitator:")
    return shown


def _same_words(shown: dict[str, str], run_cli, cli: list, folder) -> None:
    """The command refuses x.pdf and x.txt in the words the screen showed (where the screen names
    t, the command names --format: x.docx is not compared)."""
    for name in ("x.pdf", "x.txt"):
        status, _out, err = run_cli(*cli, "-o", folder / name)
        assert status == 2 and err.strip() == f"facilitator: error: {shown[name]}", (err, shown[name])
        assert not (folder / name).exists()


async def test_the_export_screen_refuses_a_name_of_another_format(store, tmp_path, monkeypatch, run_cli):
    monkeypatch.setattr("facilitator.tui.screens.export.PREVIEW_LINES", 60)
    out = tmp_path / "out"
    out.mkdir()
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_export(sid)
        await settle(pilot, lambda: getattr(app.screen, "preview_text", None) is not None, timeout=30)
        shown = await _refuses(app, pilot, "#export-path", "#export-status", out)
    _same_words(shown, run_cli, ["export", sid], out)
    assert (out / "x.md").read_text(encoding="utf-8") == export_session(store, sid)


async def test_the_merge_screen_refuses_a_name_of_another_format(store, tmp_path, monkeypatch, run_cli):
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: folder)
    monkeypatch.setattr("facilitator.tui.screens.merge.PREVIEW_LINES", 60)
    record = folder / "a.md"
    record.write_text(export_session(store, build_sahel(store)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_merge()
        await pilot.pause()
        await pilot.press("a", "p")
        await settle(pilot, lambda: app.screen.text is not None, timeout=30)
        shown = await _refuses(app, pilot, "#merge-output", "#merge-status", out)
    _same_words(shown, run_cli, ["merge", record], out)


@pytest.fixture
def sample(tmp_path):
    store = sample_db(tmp_path / "f.db")
    yield store
    store.close()


async def test_the_monitoring_report_screen_refuses_a_name_of_another_format(sample, tmp_path, run_cli):
    two_activities(sample)
    out = tmp_path / "out"
    out.mkdir()
    app = FacilitatorApp(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_monitoring_export()
        await settle(pilot, lambda: getattr(app.screen, "text", None) is not None, timeout=30)
        shown = await _refuses(app, pilot, "#monitoring-path", "#monitoring-status", out)
    # the command that writes what this screen writes (Markdown, Word, HTML): followup merge
    report = tmp_path / "staff.md"
    assert run_cli("followup", "export", "--as-of", "2024-06-30", "-o", report, db=sample.path)[0] == 0
    _same_words(shown, lambda *a: run_cli(*a, db=sample.path), ["followup", "merge", report], out)
