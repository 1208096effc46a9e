"""A Markdown preview made off the UI thread: the export and merge screens' previews.

Textual's ``Markdown`` widget parses and mounts one widget per block on the UI thread (with a
summary of 20,000 contributions: seconds of a blank preview, and hundreds of milliseconds of
held keys). Here the Markdown is laid out by Rich into lines of styled text in the worker
thread that made it (:func:`render`, for a width), and the screen shows them in one
:class:`MarkdownPreview` (a ``Static`` in a scrolling box): drawing them is cheap. Lines that
hold Arabic are shown in display order (:mod:`facilitator.tui.bidi`), as in every read-only
view; the text itself is not changed.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

LINES = 150  # of the document: the preview's length (the file holds everything)


def render(markdown: str, width: int, *, lines: int = LINES) -> Text:
    """``markdown`` (its first ``lines`` lines, cut between blocks) laid out at ``width``
    columns as styled text. Thread-safe: call it in a worker."""
    from rich.markdown import Markdown

    from facilitator.core.summary.render import preview
    from facilitator.tui import bidi

    width = max(20, width)
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      legacy_windows=False)
    laid = console.render_lines(Markdown(preview(markdown, lines)), console.options.update(width=width), pad=False)
    out = []
    for segments in laid:
        line = Text()
        for s in segments:
            if s.text and not s.control:
                line.append(s.text, s.style)
        line.rstrip()
        if bidi.has_rtl(line.plain):  # a line holding Arabic, reordered for the screen
            line = Text(bidi.display_line(line.plain.strip(), width), style=line.style)
        out.append(line)
    text = Text("\n").join(out)
    text.no_wrap, text.overflow = True, "crop"  # laid out already: the widget must not wrap it again
    return text


class MarkdownPreview(VerticalScroll):
    """The laid-out preview; :attr:`width_made` is the width it was laid out for (the screen
    lays it out again when its width changes)."""

    DEFAULT_CSS = """
    MarkdownPreview {
        overflow-y: scroll;  /* always: the width the lines were laid out for stays the same */
    }
    MarkdownPreview > Static {
        width: 1fr;
        padding: 0 1;
        text-wrap: nowrap;
    }
    """

    width_made = 0
    shown: Text | str = ""

    def compose(self) -> ComposeResult:
        yield Static("", markup=False)

    def room(self) -> int:
        """The columns a preview laid out now should have (the text's width: the box's, less its
        scroll bar and the padding)."""
        width = self.query_one(Static).content_region.width or (self.scrollable_content_region.width or 80) - 2
        return max(20, width)

    def show(self, text: Text | str, width: int = 0) -> None:
        self.query_one(Static).update(text)
        self.shown, self.width_made = text, width

    @property
    def plain(self) -> str:
        """What the preview shows, as plain text."""
        return self.shown.plain if isinstance(self.shown, Text) else self.shown


__all__ = ["LINES", "MarkdownPreview", "render"]
