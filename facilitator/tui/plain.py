"""User text on screen, never as markup.

Textual reads a ``str`` given to ``Static``, ``Label``, an ``Option``, a ``DataTable`` cell, a
tree label or a border title as *markup*: ``Bad [/x] Name`` would crash the screen and
``[@click=app.quit]`` would become a link. Everything that can hold what people typed (names,
contributions, titles, labels, recommendations, file names) goes through :func:`plain` first.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.filter import LineFilter

from facilitator.core.limits import has_control, visible

from facilitator.core.textnorm import strip_bidi_controls


def plain(value, style: str = "") -> Text | Content:
    """``value`` as literal text (a ``Text`` or ``Content`` is returned as it is)."""
    if isinstance(value, (Text, Content)):
        return value
    # a bidirectional override in what people typed would reorder the screen after it
    return Text("" if value is None else strip_bidi_controls(str(value)), style=style)


class ControlPictures(LineFilter):
    """The last guard of the screen: a control character in a line about to be drawn (user
    text from a database of an earlier version, or another program's) is drawn as its picture
    (``␛``), never sent to the terminal, where ``ESC`` would start a sequence that clears,
    recolours or retitles it. Applied to every line of every widget
    (``FacilitatorApp.get_line_filters``); new text cannot hold such characters
    (``core/limits.py``)."""

    def apply(self, segments: list[Segment], background) -> list[Segment]:
        if not any(segment.text and has_control(segment.text) for segment in segments):
            return segments
        return [Segment(visible(s.text, one_cell=True), s.style, s.control) if s.text and has_control(s.text) else s
                for s in segments]


__all__ = ["ControlPictures", "plain"]
