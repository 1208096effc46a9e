"""The pace of contributions over time: a column chart, one column per time slot."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widget import Widget

from facilitator.core.stats import PaceBucket

BLOCKS = " ▁▂▃▄▅▆▇█"
HEIGHT = 8


def local_hhmm(t) -> str:
    return t.astimezone().strftime("%H:%M")


class OverviewPace(Widget):
    DEFAULT_CSS = """
    OverviewPace { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.buckets: list[PaceBucket] = []

    def show(self, buckets: list[PaceBucket]) -> None:
        self.buckets = buckets
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(30, self.content_region.width or self.size.width or 78)
        out = Text(no_wrap=True, overflow="crop")
        if not self.buckets:
            out.append("Pace of contributions", style="bold")
            out.append("\nNo contributions yet.")
            return out
        b = self.buckets
        minutes = b[0].minutes
        out.append(f"Contributions per {minutes} min", style="bold")
        end = b[-1].start + dt.timedelta(minutes=minutes)
        out.append(f"  {local_hhmm(b[0].start)}–{local_hhmm(end)}", style="dim")
        total = sum(x.count for x in b)
        out.append(f"  · {total} in all, at most {max(x.count for x in b)} per slot", style="dim")
        axis_w = 4
        room = width - axis_w - 1
        col_w = max(1, min(4, room // len(b)))
        shown = b[-(room // col_w):] if len(b) * col_w > room else b
        most = max(x.count for x in shown) or 1
        for row in range(HEIGHT - 1, -1, -1):
            out.append("\n")
            label = str(most) if row == HEIGHT - 1 else ("0" if row == 0 else "")
            out.append(f"{label:>{axis_w - 1}} ", style="dim")
            out.append("│", style="dim")
            for x in shown:
                level = x.count / most * HEIGHT
                if level >= row + 1:
                    ch = "█"
                elif level > row:
                    ch = BLOCKS[max(1, round((level - row) * 8))]
                else:
                    ch = " "
                cell = ch * (col_w - 1 if col_w > 1 else 1) + (" " if col_w > 1 else "")
                out.append(cell, style="cyan")
        out.append("\n" + " " * (axis_w - 1) + " └" + "─" * (len(shown) * col_w))
        # Time labels under the columns, as many as fit without overlapping.
        labels = [" "] * (len(shown) * col_w + 8)
        step = max(1, -(-6 // col_w))
        for i in range(0, len(shown), step):
            text = local_hhmm(shown[i].start)
            pos = i * col_w
            if pos + len(text) <= len(labels):
                labels[pos : pos + len(text)] = list(text)
        out.append("\n" + " " * (axis_w + 1) + "".join(labels).rstrip(), style="dim")
        if len(shown) < len(b):
            out.append(f"\n(the last {len(shown)} of {len(b)} slots: widen the window to see all)", style="dim")
        return out
