"""The list of search results: where each one was said and the words that matched.

An ``OptionList`` (fine for long lists): each option is two lines, the place (reference,
speaker, group, session) and an excerpt of the stored text with the matched words
highlighted, shown right to left when it is Arabic (:mod:`facilitator.tui.bidi`).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.core.search import SearchHit, snippet
from facilitator.tui import bidi

MATCH_STYLE = "bold reverse"


def hit_prompt(hit: SearchHit, width: int, *, show_session: bool = True) -> Text:
    """The two lines of one result, for ``width`` cells."""
    width = max(width, 20)
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(hit.ref, style="bold")
    if hit.kind == "recommendation":
        head.append("  recommendation", style="italic")
    else:
        head.append("  " + bidi.display_line(hit.speaker or "the floor", 30))
        if hit.stakeholder_group:
            head.append(" · " + bidi.display_line(hit.stakeholder_group, 24), style="dim")
    if show_session:
        used = head.cell_len
        room = width - used - 4 - len(hit.session_date)
        if room >= 8:
            head.append(f"  {hit.session_date} ", style="dim")
            head.append(bidi.display_line(hit.session_title, room), style="dim")
    excerpt, spans = snippet(hit.text, hit.spans, width=width - 2)
    shown, shown_spans = bidi.display_highlight(excerpt, spans, width - 2)
    indent = 2
    if bidi.active() and bidi.base_direction(excerpt) == "R":  # right to left: flush right
        indent += max(0, width - 2 - cell_len(shown))
    body = Text(" " * indent + shown, no_wrap=True, overflow="ellipsis")
    for a, b in shown_spans:
        body.stylize(MATCH_STYLE, a + indent, b + indent)
    out = Text.assemble(head, "\n", body)
    out.no_wrap = True
    return out


class SearchResults(OptionList):
    """Search hits; ``Selected`` carries the hit's id as the option id."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[SearchHit] = []
        self.show_session = True
        self._width = 0

    def _text_width(self) -> int:
        return max(20, (self.scrollable_content_region.width or self.size.width or 78) - 2)

    def show(self, hits: list[SearchHit], *, show_session: bool = True) -> None:
        self.hits = hits
        self.show_session = show_session
        self._width = self._text_width()
        self.set_options(
            [Option(hit_prompt(h, self._width, show_session=show_session), id=f"{h.kind}:{h.id}") for h in hits]
        )
        if hits:
            self.highlighted = 0

    def hit_at(self, index: int | None) -> SearchHit | None:
        if index is None or not (0 <= index < len(self.hits)):
            return None
        return self.hits[index]

    @property
    def current(self) -> SearchHit | None:
        return self.hit_at(self.highlighted)

    def on_resize(self) -> None:
        if self.hits and self._text_width() != self._width:
            highlighted = self.highlighted
            self.show(self.hits, show_session=self.show_session)
            self.highlighted = highlighted
