"""The merge screen's prompt for a set's text (``c``, then words typed as the text to keep) keeps
what is typed as this window's draft while it is typed (``core/drafts.py``, place
``merge-set``, scope the set's id); a draft left behind by a window that closed (a crash) is
offered when the prompt opens on that set again; the draft is gone once the text is used."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.core import drafts
from facilitator.core.merge import merge_files
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.dialogs import DraftOfferScreen
from facilitator.tui.screens.review.dialogs import ReviewPrompt

from .test_capture import settle
from .test_followup_screen import type_text
from .test_merge_screen import _settle, exports  # noqa: F401 - the fixture

TEXT = "Parliaments publish the security budget line by line"


def set_drafts(store: Store) -> list[tuple[str, str, str]]:
    return list(store.conn.execute("SELECT window_id, scope, text FROM draft WHERE place = 'merge-set'"))


def first_set(folder) -> str:
    """The id of the set the first ``c`` shows (the first one still proposed)."""
    result = merge_files([folder / "a.md", folder / "b.md"])
    return next(s for s in result.doc.sets if s.state == "proposed").id


async def _merged(app, pilot, folder):
    for name in ("c.md", "notes.md"):
        (folder / name).unlink(missing_ok=True)
    app.open_merge()
    await pilot.pause()
    screen = app.screen
    await pilot.press("a", "p")
    await _settle(app, pilot)
    assert screen.text is not None
    return screen


async def test_the_text_typed_for_a_set_is_this_windows_draft_until_used(store, exports):  # noqa: F811
    for name in ("c.md", "notes.md"):
        (exports / name).unlink()
    set_id = first_set(exports)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _merged(app, pilot, exports)
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, ReviewPrompt))
        await type_text(pilot, TEXT)
        # on disk while typed: what a crash now would leave behind
        await settle(pilot, lambda: set_drafts(store) == [(app.window.id, set_id, TEXT)])
        assert set_drafts(store) == [(app.window.id, set_id, TEXT)]
        await pilot.press("enter")  # used: the set keeps this text, and the draft is gone
        await _settle(app, pilot)
        assert "Set decided (consolidated)" in str(screen.query_one("#merge-status").render())
        assert TEXT in screen.text
        assert set_drafts(store) == []


async def test_a_set_text_left_behind_by_a_crash_is_offered_when_the_prompt_opens_again(store, exports):  # noqa: F811
    for name in ("c.md", "notes.md"):
        (exports / name).unlink()
    set_id = first_set(exports)
    store.save_draft(drafts.Draft(window_id="crashed-window", place="merge-set", scope=set_id, text=TEXT,
                                  owner=""))
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _merged(app, pilot, exports)
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        assert isinstance(app.screen, DraftOfferScreen)  # offered, not loaded
        assert TEXT in app.screen.body_text
        await pilot.press("enter")  # put it back in the prompt
        await settle(pilot, lambda: isinstance(app.screen, ReviewPrompt)
                     and app.screen.query_one(Input).value == TEXT)
        assert app.screen.query_one(Input).value == TEXT
        assert set_drafts(store) == [(app.window.id, set_id, TEXT)]  # this window's now
        await pilot.press("enter")
        await _settle(app, pilot)
        assert TEXT in screen.text and "· consolidated" in screen.text
        assert set_drafts(store) == []
