"""The capture screen's list of contributions keeps Textual's ``remove()`` (it had its own
``remove(contribution_id)``, so removing the widget itself failed: ``remove_entry`` now)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from facilitator.tui.widgets.contribution_stream import ContributionStream


class StreamApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ContributionStream(id="stream")


async def test_the_stream_can_be_removed_like_any_widget():
    app = StreamApp()
    async with app.run_test() as pilot:
        stream = app.query_one(ContributionStream)
        stream.remove_entry("not there")  # an entry it does not hold: nothing happens
        await stream.remove()
        await pilot.pause()
        assert not app.query(ContributionStream)
