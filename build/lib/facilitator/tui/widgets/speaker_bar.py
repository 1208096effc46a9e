"""The line above the composer: who is speaking (an Arabic name shown right to left), whether
they are kept for the next entry."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from facilitator.tui.bidi import display_line


class SpeakerBar(Static):
    def show(self, label: str | None, keep: bool, editing: str | None = None) -> None:
        text = Text()
        text.append("Speaker ", style="dim")
        if label is None:
            text.append("not chosen", style="italic")
            text.append("  (ctrl+o pick · ctrl+f floor)", style="dim")
        else:
            text.append(display_line(label, 50), style="bold")
        if not keep:
            text.append("  · asks again after each save", style="dim")
        self.update(text)
