"""The capture screen's inline picker keeps Textual's ``query()``: what is typed into it is its
own attribute (it was ``self.query``, a string that hid ``DOMNode.query`` once the picker opened,
so anything querying the picker's children by ``query()`` failed with "'str' object is not
callable")."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from facilitator.tui.widgets.inline_picker import InlinePicker
from facilitator.tui.widgets.picker import Item


class PickerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield InlinePicker(id="picker")


async def test_the_open_picker_can_still_be_queried_and_filters_what_is_typed():
    app = PickerApp()
    async with app.run_test() as pilot:
        picker = app.query_one(InlinePicker)
        chosen = []
        picker.open("Speaker", [Item("a", "Amina Diallo"), Item("b", "Bruno Keita")], on_done=chosen.append)
        await pilot.pause()
        assert len(picker.query(Static)) == 3  # title, what is typed, hint
        picker.paste("bru")
        await pilot.pause()
        assert picker.highlighted_key() == "b"
        picker.choose()
        assert [p.key for p in chosen] == ["b"]
