"""The user's keymap (keymap.toml): binding ids mapped to keys, applied with App.set_keymap in
the real app; a bad file is reported with its line and ignored."""

from __future__ import annotations

import pytest

from facilitator.core import keymap
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.keys import all_bindings
from facilitator.tui.screens.help import collect_keys

from .screen_text import screen_text
from .test_capture import open_capture, settle


@pytest.fixture
def keymap_file(tmp_path, monkeypatch):
    path = tmp_path / "keymap.toml"
    monkeypatch.setenv(keymap.ENV, str(path))
    return path


def test_every_binding_has_an_id_and_ids_are_unique_per_class():
    bindings = all_bindings()
    assert len(bindings) > 50
    ids = [b.id for b in bindings]
    assert len(ids) == len(set(ids))
    assert {"capture.floor", "capture.save", "quit", "help"} <= set(ids)


def test_bad_entries_are_named_with_their_line_and_the_rest_applies(keymap_file):
    keymap_file.write_text('"capture.floor" = "f9"\n'
                           '"capture.flor" = "f8"\n'
                           '"capture.save" = 12\n'
                           '[review]\n'
                           'nosuch = "x"\n', encoding="utf-8")
    ids = {b.id for b in all_bindings()}
    loaded = keymap.load(ids)
    assert loaded.keys == {"capture.floor": "f9"}
    text = "\n".join(loaded.problems)
    assert f"{keymap_file}:2: no binding has the id 'capture.flor'" in text and "capture.floor" in text
    assert f"{keymap_file}:3: capture.save = 12 is not a key" in text
    assert f"{keymap_file}:5: no binding has the id 'review.nosuch'" in text


def test_a_file_that_is_not_toml_is_ignored_as_a_whole(keymap_file):
    keymap_file.write_text('"capture.floor" = "f9"\nthis is not toml\n', encoding="utf-8")
    loaded = keymap.load({"capture.floor"})
    assert loaded.keys == {}
    assert loaded.problems and loaded.problems[0].startswith(f"{keymap_file}:2: not valid TOML")


async def test_a_keymap_remaps_a_capture_key_in_the_real_app(store, sahel, keymap_file):
    keymap_file.write_text('# my keys\n"capture.floor" = "f9"\n"capture.flag" = "f8"\n', encoding="utf-8")
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_capture(pilot, app)
        assert not screen.speaker_chosen
        text = screen_text(app)
        assert "f9 floor" in text and "^f floor" not in text  # the speaker line names the key in force
        await pilot.press("ctrl+f")  # the old key no longer does it
        await pilot.pause()
        assert not screen.speaker_chosen
        await pilot.press("f9")
        await settle(pilot, lambda: screen.speaker_chosen)
        assert screen.speaker_chosen and screen.speaker_id is None  # the floor
        assert "f8 Flag" in screen_text(app) and "^b Flag" not in screen_text(app)  # the footer shows the key in force
        assert app.key_of("capture.floor", "ctrl+f") == "f9"
        await pilot.press("f1")  # help lists the keys in force
        await settle(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)  # what the help screen shows
        rows = [[str(cell).replace("\n", " ") for cell in table.get_row_at(i)] for i in range(table.row_count)]
        floor = [key for _, key, what in rows if "floor speaks" in what.lower()]
        assert floor == ["f9"], floor
        assert any(key == "f8" for _, key, what in rows if "proposed recommendation" in what.lower())
        assert [r for r in collect_keys(screen, app) if r[1] == "ctrl+f"] == []


async def test_a_bad_keymap_is_reported_and_the_default_keys_work(store, sahel, keymap_file, monkeypatch):
    keymap_file.write_text('"capture.floor" = "f9"\n"capture.nope" = "f7"\n', encoding="utf-8")
    told = []
    app = FacilitatorApp(store=store, session_id=sahel)
    real = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(message), real(message, **kw)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_capture(pilot, app)
        await settle(pilot, lambda: any("capture.nope" in m for m in told))
        assert any(f"{keymap_file}:2:" in m and "capture.nope" in m for m in told), told
        await pilot.press("f9")  # the good entry applies
        await settle(pilot, lambda: screen.speaker_chosen)
        assert screen.speaker_chosen


def test_facilitator_keys_lists_ids_and_keys_in_force(run_cli, keymap_file):
    keymap_file.write_text('"capture.floor" = "f9"\n', encoding="utf-8")
    status, out, err = run_cli("keys", "--json")
    assert status == 0, err
    import json

    rows = {r["id"]: r for r in json.loads(out)["bindings"]}
    assert rows["capture.floor"]["keys"] == "f9" and rows["capture.floor"]["default"] == "ctrl+f"


async def test_the_merge_and_export_screens_name_the_keys_in_force(store, keymap_file, tmp_path, monkeypatch):
    """What the screens say to press follows keymap.toml (issue 23, finding 4: notices named
    ctrl+s, p, a and s by hand, wrong after a remap)."""
    from tests.golden.builders import build_sahel

    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: folder)
    monkeypatch.setattr("facilitator.tui.screens.export.PREVIEW_LINES", 30)
    keymap_file.write_text('"merge.write" = "f10"\n"merge.preview" = "f11"\n"merge.all" = "f12"\n'
                           '"export.write" = "f9"\n', encoding="utf-8")
    sid = build_sahel(store)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_merge()
        await settle(pilot, lambda: type(app.screen).__name__ == "MergeScreen")
        screen = app.screen
        assert "then f11 to merge" in str(screen.query_one("#merge-report").render())
        await pilot.press("f11")  # nothing picked
        await pilot.pause()
        status = str(screen.query_one("#merge-status").render())
        assert "all of them (f12)" in status and "(a)" not in status, status
        await pilot.press("f10")  # nothing merged yet
        await pilot.pause()
        status = str(screen.query_one("#merge-status").render())
        assert "press f11 first" in status and " p " not in status, status
        await pilot.press("escape")
        await pilot.pause()
        app.open_export(sid)
        await settle(pilot, lambda: getattr(app.screen, "preview_text", None) is not None)
        status = str(app.screen.query_one("#export-status").render())
        assert "f9 writes it" in status and "ctrl+s" not in status, status


async def test_the_capture_screens_notices_name_the_keys_in_force(store, sahel, keymap_file, monkeypatch):
    """A notice of the capture screen names the key in force (it said ctrl+o, f7, ctrl+r by hand)."""
    keymap_file.write_text('"capture.speaker" = "f11"\n"capture.pause" = "f10"\n', encoding="utf-8")
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_capture(pilot, app)
        said: list[str] = []
        monkeypatch.setattr(screen, "notify", lambda message, **kw: said.append(str(message)))
        await pilot.press("f10")  # pause: with nobody speaking it says how to pick one, else how to resume
        await settle(pilot, lambda: bool(said))
        assert said and ("pick one (f11)" in said[0] or "Speaking time paused: f10 again" in said[0]), said
        assert "^o" not in said[0] and "f7" not in said[0], said
