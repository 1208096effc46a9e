"""User text on screen: the one path from what people typed to what a widget shows.

Two things happen to every name, contribution, title, label, recommendation or file name on its
way to the screen:

1. **It is never markup.** Textual reads a ``str`` given to ``Static``, ``Label``, an ``Option``,
   a ``DataTable`` cell, a tree label or a border title as *markup*: ``Bad [/x] Name`` would
   crash the screen and ``[@click=app.quit]`` would become a link. What is returned here is a
   ``Text`` (or a renderable made of them), never a ``str``; bidirectional embeddings and
   overrides typed in the text are dropped (they would reorder the screen after them).
2. **Arabic reads right to left** on a terminal that cannot do it itself: shaped and put in
   visual order by :mod:`facilitator.tui.bidi`, when the app's Arabic display is on.

- :func:`plain` is one field on one line (a name in a list, a title, a table cell): reordered
  on its own, so that the line around it keeps its order (HTML's ``<bdi>``); :func:`shown` is
  the same as a ``str``, for building a ``Text`` piece by piece.
- :func:`sentence` is one of the app's own sentences quoting user text (a dialog, a
  notification): left to right, the Arabic in it right to left in its place.
- :class:`Paragraph` is text that wraps (a contribution, a question, a recommendation): a Rich
  renderable that wraps the *logical* text at the width it is drawn at, then reorders each
  line, so that the first words of an Arabic paragraph are on its first line; the lines of an
  Arabic paragraph are flush right.
- :func:`follow` makes a widget (or screen) draw again when the Arabic display changes: the
  mode is the app's reactive ``FacilitatorApp.bidi_mode``, and everything that shows user text
  follows it at once, on every screen of the stack.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import StyleType
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.dom import DOMNode
from textual.filter import LineFilter

from facilitator.core.limits import has_control, visible
from facilitator.core.textnorm import strip_bidi_controls
from facilitator.tui import bidi


def plain(value: object, style: StyleType = "", *, width: int | None = None) -> Text | Content:
    """``value`` as literal text on one line per line it has, Arabic reordered for display (a
    ``Text`` or ``Content`` is returned as it is: already made for the screen). ``width``: cut
    the logical text to that many cells first, so that an Arabic field shows its beginning."""
    if isinstance(value, (Text, Content)):
        return value
    text = "" if value is None else str(value)
    lines = [bidi.display_line(line, width) for line in text.split("\n")]
    return Text("\n".join(lines), style=style)


def sentence(value: object, style: StyleType = "") -> Text:
    """One of the app's own sentences (English, left to right) that quotes what people typed: a
    dialog's question, a notification. Each line keeps its order; an Arabic name or text in it
    reads right to left in its place."""
    text = "" if value is None else str(value)
    return Text("\n".join(bidi.display_line(line, base="L") for line in text.split("\n")), style=style)


def shown(value: object, width: int | None = None) -> str:
    """:func:`plain` as a ``str``, for building a ``Text`` piece by piece (``Text.append`` and
    ``Text.assemble`` never read markup)."""
    text = "" if value is None else strip_bidi_controls(str(value))
    return "\n".join(bidi.display_line(line, width) for line in text.split("\n"))


class Paragraph:
    """Text that wraps, laid out when drawn: the logical text wrapped at the width given, then
    each line shaped and reordered (see the module's docstring). ``align``: an Arabic
    paragraph's lines flush right. Latin text is wrapped as Rich wraps it."""

    def __init__(self, text: object, style: StyleType = "", *, align: bool = True) -> None:
        self.text = strip_bidi_controls("" if text is None else str(text))
        self.style = style
        self.align = align

    def lines(self, width: int) -> list[str]:
        return bidi.display_lines(self.text, width, align=self.align)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not (bidi.active() and bidi.has_rtl(self.text)):
            yield Text(self.text, style=self.style)
            return
        for line in self.lines(options.max_width):
            yield Text(line, style=self.style, no_wrap=True, end="\n")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = self.text.split()
        longest = max((cell_len(w) for w in words), default=0)
        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))


# The widgets and screens that follow the Arabic display, by app: each held weakly (a closed
# screen, and what it holds, is freed; Textual's ``watch`` on the app would keep it alive until
# the display next changes).
_followers: weakref.WeakKeyDictionary[App[Any], list[tuple[weakref.ref[DOMNode], Callable[[], Callable[[], None] | None]]]]
_followers = weakref.WeakKeyDictionary()


def follow(node: DOMNode, redraw: Callable[[], None]) -> None:
    """Call ``redraw`` each time the app's Arabic display changes (``FacilitatorApp.bidi_mode``),
    whatever screen ``node`` is on, while ``node`` is attached. For a widget or screen that lays
    user text out ahead of time; call it once mounted. ``redraw`` is held weakly when it is a
    method (of ``node``, as it usually is): following keeps nothing alive."""
    if inspect.ismethod(redraw):
        method = weakref.WeakMethod(redraw)
        _followers.setdefault(node.app, []).append((weakref.ref(node), method))
    else:
        _followers.setdefault(node.app, []).append((weakref.ref(node), lambda: redraw))


def display_changed(app: App[Any]) -> None:
    """Tell every widget and screen of ``app`` that follows the Arabic display that it changed
    (the app calls it when its ``bidi_mode`` changes), if it is attached; forget those that are
    gone."""
    before = list(_followers.get(app, []))
    alive = []
    for node_ref, get in before:
        node, redraw = node_ref(), get()
        if node is None or redraw is None:
            continue
        alive.append((node_ref, get))
        if node.is_attached:
            redraw()
    _followers[app] = alive + _followers.get(app, [])[len(before):]  # (and those a redraw added)


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


__all__ = ["ControlPictures", "Paragraph", "display_changed", "follow", "plain", "sentence", "shown"]
