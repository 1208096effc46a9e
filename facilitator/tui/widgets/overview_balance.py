"""Speaker balance: who has spoken how often and how long, by group, gender and youth,
and who on the roster has not been heard yet (at the top, so it is seen at a glance)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from facilitator.core.stats import Balance, GroupFigure
from facilitator.tui import bidi

from .overview_questions import hbar, pad


def speaking(seconds: float) -> str:
    """``3:05`` (minutes:seconds), ``1h02`` above an hour."""
    s = int(max(0.0, seconds))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


class OverviewBalance(Widget):
    DEFAULT_CSS = """
    OverviewBalance { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.balance: Balance | None = None

    def show(self, balance: Balance) -> None:
        self.balance = balance
        self.refresh(layout=True)

    def _groups(self, out: Text, title: str, groups: list[GroupFigure], width: int, most: int) -> None:
        name_w = min(30, max(12, width // 3))
        bar_w = max(4, width - name_w - 4 - 7 - 10 - 2)
        out.append(f"\n\n{pad(title, name_w)}{'#':>4}{'m:ss':>7}  heard", style="bold")
        for g in groups:
            out.append("\n" + pad(bidi.display_line(g.label, name_w - 1), name_w))
            out.append(f"{g.contributions:>4}{speaking(g.seconds):>7}")
            heard = f"{g.heard} of {g.roster}" if g.roster else f"{g.heard}"
            out.append(f"  {heard:<8}", style="bold yellow" if g.not_heard else "")
            out.append(hbar(g.contributions, most, bar_w), style="cyan")

    def render(self) -> Text:
        width = max(40, self.content_region.width or self.size.width or 78)
        out = Text(no_wrap=True, overflow="ellipsis")
        b = self.balance
        if b is None:
            return out
        # Who has not been heard: first.
        if b.not_heard:
            out.append(f"Not heard yet ({len(b.not_heard)}): ", style="bold yellow")
            names = []
            for s in b.not_heard:
                name = bidi.display_line(s.name, 30)
                names.append(name + (f" ({bidi.display_line(s.stakeholder_group, 24)})" if s.stakeholder_group else ""))
            line = ", ".join(names)
            # Wrap the list of names by hand (the widget does not wrap).
            room = width - out.cell_len
            chunks, current = [], ""
            for n in line.split(", "):
                candidate = f"{current}, {n}" if current else n
                if len(candidate) > room and current:
                    chunks.append(current + ",")
                    current, room = n, width - 2
                else:
                    current = candidate
            chunks.append(current)
            out.append(chunks[0])
            for c in chunks[1:]:
                out.append("\n  " + c)
        elif b.roster:
            out.append("Everyone on the roster has spoken.", style="bold green")
        else:
            out.append("No one on the roster yet.", style="dim")
        # Speakers.
        name_w = min(26, max(12, width // 3))
        group_w = min(22, max(8, width // 4))
        bar_w = max(4, width - name_w - group_w - 4 - 7 - 2)
        out.append(f"\n\n{pad('Speaker', name_w)}{pad('Group', group_w)}{'#':>4}{'m:ss':>7}", style="bold")
        most = max([s.contributions for s in b.speakers] + [b.floor.contributions, 1])
        if not b.speakers and not b.floor.contributions:
            out.append("\nNo contributions yet.")
        for s in b.speakers:
            out.append("\n" + pad(bidi.display_line(s.name, name_w - 1), name_w))
            out.append(pad(bidi.display_line(s.stakeholder_group or "", group_w - 1), group_w), style="dim")
            out.append(f"{s.contributions:>4}{speaking(s.seconds) if s.timed else '–':>7}  ")
            out.append(hbar(s.contributions, most, bar_w), style="cyan")
        if b.floor.contributions:
            out.append("\n" + pad("the floor", name_w) + pad("", group_w), style="italic")
            out.append(f"{b.floor.contributions:>4}{speaking(b.floor.seconds) if b.floor.timed else '–':>7}  ")
            out.append(hbar(b.floor.contributions, most, bar_w), style="cyan")
        if b.contributions:
            out.append(
                f"\nspeaking time from {b.timed} of {b.contributions} contributions (those with a speaking turn or a start time)",
                style="dim",
            )
        gmost = max([g.contributions for g in b.by_group + b.by_gender + b.by_youth] + [1])
        self._groups(out, "By stakeholder group", b.by_group, width, gmost)
        self._groups(out, "By gender", b.by_gender, width, gmost)
        self._groups(out, "By youth", b.by_youth, width, gmost)
        return out
