"""The capture screen as a package of parts (issue 23): the composer's owner is given at
construction and called in each key's turn; the picker holds no callbacks and does not shadow
``DOMNode.query``; no module a reader cannot hold; no attribute guards."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult

from facilitator.core.models import ParticipantIn
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.inline_picker import PickerList

from .test_capture import open_capture, settle

TUI = Path(__file__).resolve().parents[2] / "facilitator" / "tui"


def capture_sources() -> dict[Path, str]:
    """The capture screen's modules (a package now; one file before)."""
    paths = [*TUI.glob("screens/capture.py"), *TUI.glob("screens/capture/*.py")]
    return {p: p.read_text(encoding="utf-8") for p in paths}


class Owner:
    """A composer's owner that takes a, records every key and paste, and notes the text at
    each enter."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.pastes: list[str] = []
        self.submitted: list[str] = []
        self.composer: Composer | None = None

    def route_key(self, event: events.Key) -> bool:
        self.keys.append(event.key)
        return event.key == "a"

    def route_paste(self, text: str) -> bool:
        self.pastes.append(text)
        return text.startswith("!")

    def submit(self) -> None:
        assert self.composer is not None
        self.submitted.append(self.composer.text)


class OneComposer(App[None]):
    def __init__(self, owner: Owner | None) -> None:
        super().__init__()
        self.owner = owner
        self.posted: list[str] = []

    def compose(self) -> ComposeResult:
        composer = Composer(id="c", owner=self.owner)
        if self.owner is not None:
            self.owner.composer = composer
        yield composer

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        self.posted.append(event.composer.text)


async def test_the_composer_calls_the_owner_it_was_given_in_each_keys_turn():
    """Keys posted all at once: the owner sees each before it is typed, and enter finds the
    text typed before it, not the keys queued behind it."""
    owner = Owner()
    app = OneComposer(owner)
    async with app.run_test() as pilot:
        composer = app.query_one(Composer)
        composer.focus()
        await pilot.pause()
        for name in ("x", "a", "y", "enter", "z"):
            app.post_message(events.Key(name, "\r" if name == "enter" else name))
        await settle(pilot, lambda: composer.text == "xyz")
        app.post_message(events.Paste("!taken"))
        app.post_message(events.Paste(" typed"))
        await settle(pilot, lambda: composer.text == "xyz typed")
    assert owner.keys == ["x", "a", "y", "enter", "z"]
    assert owner.submitted == ["xy"]  # "a" was the owner's; "z" came after enter
    assert owner.pastes == ["!taken", " typed"]
    assert composer.text == "xyz typed"


async def test_a_composer_without_an_owner_posts_submitted():
    app = OneComposer(None)
    async with app.run_test() as pilot:
        app.query_one(Composer).focus()
        await pilot.press("h", "i", "enter")
        await settle(pilot, lambda: bool(app.posted))
    assert app.posted == ["hi"]


async def test_the_picker_is_a_dom_node_that_can_be_queried_and_a_click_chooses(store, sahel):
    """``InlinePicker.query`` was the text typed, hiding ``DOMNode.query()``; a click on a line
    now reaches the screen as a message (the picker holds no callbacks)."""
    store.add_participant(ParticipantIn(name="Amina Diallo"))
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+o", "a", "m", "i")
        await settle(pilot, lambda: screen.picker.is_open)
        lists = screen.picker.query(PickerList)
        assert len(lists) == 1
        options = lists.first()
        assert options.option_count >= 1 and "Amina" in str(options.get_option_at_index(0).prompt)
        await pilot.click(PickerList, offset=(2, 0))
        await settle(pilot, lambda: screen.speaker_chosen)
        assert not screen.picker.is_open
        assert screen.speaker_id == store.find_participants("Amina Diallo")[0]
        assert screen.query_one("#middle").display  # the rail and the stream are back


def test_no_attribute_guards_and_no_callbacks_set_from_outside():
    sources = capture_sources()
    assert sources
    for path, text in sources.items():
        assert not re.search(r"\b(hasattr|getattr)\(", text), f"{path.name}: an attribute guard"
    widgets = {p: p.read_text(encoding="utf-8") for p in (TUI / "widgets" / "composer.py", TUI / "widgets" / "inline_picker.py")}
    for path, text in {**sources, **widgets}.items():
        for poked in ("submit_handler", "key_router", "paste_router", "on_done", "on_second"):
            assert not re.search(rf"\.{poked}\s*=[^=]", text), f"{path.name}: .{poked} assigned"


def test_every_module_of_the_capture_screen_is_one_a_reader_can_hold():
    sources = capture_sources()
    assert len(sources) > 1
    for path, text in sources.items():
        assert text.count("\n") <= 420, f"{path.name}: {text.count(chr(10))} lines"
