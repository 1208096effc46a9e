"""Contributions per guiding question as bars, with time spent against the allotment."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from facilitator.core.stats import QuestionFigure
from facilitator.tui import bidi

EIGHTHS = " ▏▎▍▌▋▊▉█"


def hbar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar of ``width`` cells filled to ``value / maximum``, in eighths of a cell."""
    if width <= 0:
        return ""
    if maximum <= 0 or value <= 0:
        return " " * width
    eighths = max(1, round(min(1.0, value / maximum) * width * 8))
    full, part = divmod(eighths, 8)
    bar = "█" * full + (EIGHTHS[part] if part else "")
    return bar + " " * (width - cell_len(bar))


def minutes(seconds: float | None) -> str:
    """``9m``, ``1h05``: a question's time, to the minute."""
    if seconds is None:
        return "–"
    m = int(round(max(0.0, seconds) / 60))
    return f"{m // 60}h{m % 60:02d}" if m >= 60 else f"{m}m"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


class OverviewQuestions(Widget):
    """One line per question: number, bar of contributions, count, time / allotment, text."""

    DEFAULT_CSS = """
    OverviewQuestions { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.figures: list[QuestionFigure] = []
        self.time_source = "contributions"
        self.unassigned = 0

    def show(self, figures: list[QuestionFigure], time_source: str, unassigned: int = 0) -> None:
        self.figures = figures
        self.time_source = time_source
        self.unassigned = unassigned
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(30, self.content_region.width or self.size.width or 78)
        out = Text(no_wrap=True, overflow="ellipsis")
        source = (
            "time: question visits"
            if self.time_source == "visits"
            else "time: first to last contribution"
        )
        out.append("Contributions per question", style="bold")
        out.append("  " + source, style="dim")
        if not self.figures:
            out.append("\nThis session has no questions.")
            return out
        most = max((f.contributions for f in self.figures), default=0)
        fixed = 4 + 1 + 1 + 3 + 2 + 11  # label, spaces, count, spaces, time
        bar_w = max(6, min(24, (width - fixed) // 3))
        text_w = width - fixed - bar_w - 2
        for f in self.figures:
            out.append("\n")
            out.append(pad(f.label, 4), style="bold")
            out.append(" ")
            out.append(hbar(f.contributions, most, bar_w), style="cyan")
            out.append(f" {f.contributions:>3}  ")
            if f.allotment_min:
                time_text = f"{minutes(f.seconds)}/{minutes(f.allotted_seconds)}"
            else:
                time_text = minutes(f.seconds) if f.seconds else "–"
            style = "bold red" if f.over_allotment else ("dim" if not f.seconds else "")
            out.append(f"{time_text:>10}" + ("!" if f.over_allotment else " "), style=style)
            if text_w >= 8:
                text = f.text.replace("\n", " ")
                shown = bidi.display_line(text, text_w)
                if bidi.active() and bidi.base_direction(text) == "R":
                    shown = " " * max(0, text_w - cell_len(shown)) + shown  # right to left: flush right
                out.append("  " + shown, style="dim")
        if self.unassigned:
            out.append(f"\n{self.unassigned} contribution{'s' if self.unassigned != 1 else ''} not tied to a question", style="dim")
        return out
