"""The export screen under the Pilot: preview, named/anonymous, writing, asking before replacing."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core.export import export_session
from facilitator.core.summary.render import preview
from facilitator.tui.app import FacilitatorApp
from tests.golden.builders import build_sahel, participant_names


async def _settle(app, pilot, timeout: float = 30.0):
    """Until the export screen is up and its workers are done (a loaded machine takes a while to
    start them: waiting only for the workers already running can return before they exist)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        ready = type(screen).__name__ != "ExportScreen" or getattr(screen, "preview_text", None) is not None
        if ready or time.monotonic() > deadline:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def test_export_screen_previews_and_writes(store, tmp_path, monkeypatch):
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    monkeypatch.setattr("facilitator.tui.screens.export.PREVIEW_LINES", 60)  # a shorter preview is faster
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_export(sid)
        await _settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "ExportScreen"
        # the screen keeps what it shows, never the whole summary
        assert screen.preview_text == preview(export_session(store, sid), 60)
        assert not hasattr(screen, "text")
        assert "Ready: named working record" in str(screen.query_one("#export-status").render())
        from facilitator.tui.preview import MarkdownPreview

        shown = screen.query_one(MarkdownPreview).plain  # laid out in the worker: headings, items, no hidden ids
        assert "Recommendations" in shown and "R-001" in shown and "facilitator:" not in shown
        path_box = screen.query_one("#export-path", Input)
        assert path_box.value == str(tmp_path / "exports" / "2023-03-11-mitigating-the-impact-of-security-threats-by-building.md")

        await pilot.press("a")  # anonymous
        await _settle(app, pilot)
        assert screen.text_anonymous is True
        assert path_box.value.endswith("-anonymous.md")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        written = screen.written
        assert written is not None and written.read_text(encoding="utf-8") == export_session(store, sid, anonymous=True)
        for name in participant_names():
            assert name not in written.read_text(encoding="utf-8")

        # a different file already there is only replaced when asked twice
        target = tmp_path / "mine.md"
        target.write_text("hand edits\n", encoding="utf-8")
        path_box.value = str(target)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert target.read_text(encoding="utf-8") == "hand edits\n"
        assert "Press ^s again" in str(screen.query_one("#export-status").render())
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert target.read_text(encoding="utf-8") == export_session(store, sid, anonymous=True)

        # a Word file of the same summary, recommendations grouped by addressee
        await pilot.press("t", "g")
        await _settle(app, pilot)
        assert "Format: Word" in str(screen.query_one("#export-format").render())
        path_box.value = str(tmp_path / "outcome.docx")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert screen.written == tmp_path / "outcome.docx", str(screen.query_one("#export-status").render())
        import docx

        paragraphs = [p.text for p in docx.Document(str(screen.written)).paragraphs]
        assert "To National parliaments of the Sahel" in paragraphs
        assert not any(name in p for p in paragraphs for name in participant_names())  # still anonymous

        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "ExportScreen"


async def test_export_screen_bindings_have_ids():
    from facilitator.tui.screens.export import ExportScreen
    from facilitator.tui.screens.merge import MergeScreen

    for screen in (ExportScreen, MergeScreen):
        assert all(b.id for b in screen.BINDINGS)


def test_snapshot_export_80x24(store, tmp_path, monkeypatch, snap_compare):
    """The export screen at 80x24 with the Sahel golden data: the preview of the named summary."""
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    monkeypatch.setattr("facilitator.tui.screens.export.PREVIEW_LINES", 60)
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)

    async def run_before(pilot) -> None:
        app.open_export(sid)
        await _settle(app, pilot)
        # the path box holds the temporary folder, which changes from run to run
        app.screen.query_one("#export-path", Input).value = "exports/2023-03-11-mitigating-the-impact.md"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_u_shows_the_outcome_document_and_d_adds_the_reviewed(store, tmp_path, monkeypatch):
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_export(sid)
        await _settle(app, pilot)
        screen = app.screen
        await pilot.press("u")
        await _settle(app, pilot)
        assert screen.preview_text == preview(export_session(store, sid, form="outcome"), 150)
        assert "Ready: named outcome document" in str(screen.query_one("#export-status").render())
        assert screen.query_one("#export-path", Input).value.endswith("-outcome.md")
        shown = screen.preview_text
        assert "Parliaments should adopt" in shown and "Include women" not in shown  # agreed only
        await pilot.press("d")
        await _settle(app, pilot)
        assert "Include women" in screen.preview_text and "agreed and reviewed (d)" in str(
            screen.query_one("#export-format").render())
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert screen.written.read_text(encoding="utf-8") == export_session(
            store, sid, form="outcome", statuses=("agreed", "reviewed"))


async def test_the_option_keys_are_named_as_remapped_and_the_footer_keeps_the_keys_that_act(
        store, tmp_path, monkeypatch):
    """At 80 columns the footer holds a, o, ctrl+s and help; t, u, g and d are named on the
    options line with the keys in force (a keymap.toml that remaps them: its keys)."""
    from facilitator.core import keymap
    from facilitator.tui.screens.export import ExportScreen

    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    path = tmp_path / "keymap.toml"
    path.write_text('"export.form" = "f4"\n"export.dropped" = "f8"\n', encoding="utf-8")
    monkeypatch.setenv(keymap.ENV, str(path))
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_export(sid)
        await _settle(app, pilot)
        screen = app.screen
        options = str(screen.query_one("#export-format").render())
        assert "working record (f4)" in options and "dropped left out (f8)" in options and "(u)" not in options
        await pilot.press("f4")  # the remapped key does what the line says
        await _settle(app, pilot)
        assert "outcome to send (f4)" in str(screen.query_one("#export-format").render())
        shown = {b.id for b in ExportScreen.BINDINGS if b.show}
        assert shown == {"export.back", "export.anonymous", "export.path", "export.write"}
