"""The line above the composer: who is speaking (an Arabic name shown right to left), whether
they are kept for the next entry or asked for again, and who is next in the queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from facilitator.tui.bidi import display_line
from facilitator.tui.plain import follow


class SpeakerBar(Static):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[str | None, bool, str | None, tuple[str, ...], tuple[str, str, str]] | None = None

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def on_resize(self) -> None:
        """The line is made for its width (the name cut, never keep/ask): the clock beside it
        grows ("speaking 1 min 02 s"), the terminal is resized: made again."""
        self._redraw()

    def _redraw(self) -> None:
        if self._shown is not None:
            label, keep, editing, queue, keys = self._shown
            self.show(label, keep, editing, queue=queue, keys=keys)

    def show(self, label: str | None, keep: bool, editing: str | None = None, *, queue: Sequence[str] = (),
             keys: tuple[str, str, str] = ("^o", "^f", "^n")) -> None:
        """``keys``: pick, the floor, the next in the queue, as they are in force (keymap.toml)."""
        self._shown = (label, keep, editing, tuple(queue), keys)
        pick, floor, next_key = keys
        width = self.content_region.width or max(40, (self.app.size.width if self.is_attached else 80) - 20)
        tail = Text(" · keeps" if keep else " · asks", style="dim" if keep else "bold yellow")
        if queue:
            more = f" +{len(queue) - 1}" if len(queue) > 1 else ""
            room = max(8, min(26, width // 3))
            tail.append(f" · next {next_key}: {display_line(queue[0], room - len(more))}{more}", style="cyan")
        text = Text()
        if label is None:
            text.append("Speaker ", style="dim")
            text.append("not chosen", style="italic")
            text.append(f" ({pick} pick · {floor} floor)", style="dim")
        else:
            text.append("▶ ", style="bold")
            # the name is cut, never what follows it (keep/ask, the queue)
            text.append(display_line(label, max(10, width - 2 - tail.cell_len)), style="bold")
        text.append_text(tail)
        self.update(text)
