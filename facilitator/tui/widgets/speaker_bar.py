"""The line above the composer: who is speaking (an Arabic name shown right to left), whether
they are kept for the next entry or asked for again, and who is next in the queue."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from facilitator.tui.bidi import display_line


class SpeakerBar(Static):
    def show(self, label: str | None, keep: bool, editing: str | None = None, *, queue: Sequence[str] = ()) -> None:
        text = Text()
        if label is None:
            text.append("Speaker ", style="dim")
            text.append("not chosen", style="italic")
            text.append(" (^o pick · ^f floor)", style="dim")
        else:
            text.append("▶ ", style="bold")
            text.append(display_line(label, 44), style="bold")
        text.append(" · keeps" if keep else " · asks", style="dim" if keep else "bold yellow")
        if queue:
            first = display_line(queue[0], 24)
            text.append(f" · next ^n: {first}" + (f" +{len(queue) - 1}" if len(queue) > 1 else ""), style="cyan")
        self.update(text)
