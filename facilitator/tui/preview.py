"""A Markdown preview made off the UI thread: the export, merge and monitoring report previews.

Textual's ``Markdown`` widget parses and mounts one widget per block on the UI thread (with a
summary of 20,000 contributions: seconds of a blank preview, and hundreds of milliseconds of
held keys). Here the Markdown is laid out by Rich into lines of styled text in the worker
thread that made it (:func:`render`, for a width), and the screen shows them in one
:class:`MarkdownPreview` (a ``Static`` in a scrolling box): drawing them is cheap.

Arabic is laid out as on every other screen (:mod:`facilitator.tui.bidi`), when the Arabic
display is on: each paragraph, heading, list item and table cell holding Arabic is wrapped in
logical order at the width it is drawn at (its first words on its first line), then each line
is shaped and put in visual order, its inline styles (bold, italics) moved with the letters;
the lines of an Arabic paragraph are flush right. The isolates the documents put around dates,
references and user text keep those runs in their direction as a bidi-aware reader would (a
date in an Arabic line reads ``2026-12-07``, not ``07-12-2026``: :func:`facilitator.tui.bidi.embed_isolates`)
and are not drawn. The text itself is never changed. What a preview was laid out for (its width, and the
display when it holds Arabic) goes with it (:class:`Laid`), so that a screen lays it out again
when either changes (:meth:`MarkdownPreview.fits`; the screens follow the app's Arabic display
with :func:`facilitator.tui.plain.follow`).
"""

from __future__ import annotations

import functools
import io
import re
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator.core.textnorm import BIDI_CONTROLS

if TYPE_CHECKING:
    from rich.markdown import Markdown

LINES = 150  # of the document: the preview's length (the file holds everything)
_CONTROLS = re.compile(f"[{BIDI_CONTROLS}]")


class Laid(Text):
    """The styled lines :func:`render` laid out, with what they were laid out for: ``width``,
    and ``reordered`` (True or False: the Arabic display it was laid out with; None: it holds
    no right-to-left text, so the display does not change it)."""

    __slots__ = ("reordered", "width")

    def __init__(self, width: int = 0, reordered: bool | None = None) -> None:
        super().__init__(no_wrap=True, overflow="crop")  # laid out already: never wrapped again
        self.width, self.reordered = width, reordered


def _without_controls(text: Text) -> Text:
    """``text`` without bidi controls (embeddings, overrides, isolates), its styles kept."""
    plain = text.plain
    if not _CONTROLS.search(plain):
        return text
    pieces, start = [], 0
    for m in _CONTROLS.finditer(plain):
        if m.start() > start:
            pieces.append(text[start:m.start()])
        start = m.end()
    if start < len(plain):
        pieces.append(text[start:])
    return Text("", style=text.style, justify=text.justify, end=text.end).join(pieces)


def _embedded(text: Text) -> Text:
    """``text`` with the document's isolates made embeddings (:func:`facilitator.tui.bidi.embed_isolates`:
    character for character, so its styles stay in place)."""
    from facilitator.tui import bidi

    plain = bidi.embed_isolates(text.plain)
    if plain == text.plain:
        return text
    out = text.copy()
    out.plain = plain
    return out


def visual(line: Text, base: str) -> Text:
    """One line of logical, styled text as a terminal without bidi support must be given it:
    shaped and in visual order (:func:`facilitator.tui.bidi.layout`), each letter keeping its
    style."""
    from facilitator.tui import bidi

    laid = bidi.layout(line.plain, base)
    shown = Text(laid.shown, style=line.style, end="")
    if not line.spans:
        return shown
    at_cell: dict[int, int] = {}
    x = 0
    for k, ch in enumerate(laid.shown):
        at_cell.setdefault(x, k)
        x += cell_len(ch)
    for span in line.spans:
        glyphs = sorted({at_cell[laid.cell[i]] for i in range(span.start, min(span.end, len(laid.cell)))
                         if laid.cell[i] in at_cell})
        runs: list[list[int]] = []  # the glyphs the span's letters show in, as contiguous runs
        for k in glyphs:
            if runs and runs[-1][1] == k:
                runs[-1][1] = k + 1
            else:
                runs.append([k, k + 1])
        for start, end in runs:
            shown.stylize(span.style, start, end)
    return shown


class Readable:
    """A block's styled, logical text drawn readably (see the module's docstring): each of its
    lines (hard breaks) is a paragraph with its own direction; ``justify`` is for a left-to-right
    one (a right-to-left one is flush right, a centred one stays centred)."""

    def __init__(self, text: Text, justify: JustifyMethod = "left") -> None:
        self.text = _embedded(text)
        self.justify = justify

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from facilitator.tui import bidi

        width = max(1, options.max_width)
        for paragraph in self.text.split("\n", allow_blank=True):
            base = bidi.base_direction(paragraph.plain)
            justify: JustifyMethod = "right" if base == "R" and self.justify != "center" else self.justify
            if justify in ("default", "full"):
                justify = "left"
            for line in paragraph.wrap(console, width, justify="left", overflow="fold"):
                line.rstrip()
                shown = visual(line, base) if bidi.has_rtl(line.plain) or base == "R" else _without_controls(line)
                shown.justify, shown.no_wrap, shown.overflow, shown.end = justify, True, "crop", "\n"
                yield shown

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = _CONTROLS.sub("", self.text.plain)
        longest = max((cell_len(w) for w in plain.split()), default=0)
        widest = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))


@functools.cache
def _readable_markdown() -> Any:
    """Rich's ``Markdown`` with its paragraphs, headings and table cells holding Arabic drawn
    readably (made once, on first use: Rich's Markdown is not imported at start-up)."""
    from rich import box
    from rich import markdown as rm
    from rich.table import Table

    from facilitator.tui import bidi

    class ReadableParagraph(rm.Paragraph):
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            if bidi.has_rtl(self.text.plain):
                yield Readable(self.text, self.justify)
            else:
                yield from super().__rich_console__(console, options)

    class ReadableHeading(rm.Heading):
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            if bidi.has_rtl(self.text.plain):
                yield Readable(self.text, self.LEVEL_ALIGN.get(self.tag, "left"))
            else:
                yield from super().__rich_console__(console, options)

    class ReadableTable(rm.TableElement):
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            def cell(content: Text) -> Text | Readable:
                return Readable(content) if bidi.has_rtl(content.plain) else content

            table = Table(box=box.SIMPLE, pad_edge=False, style="markdown.table.border", show_edge=True,
                          collapse_padding=True)
            if self.header is not None and self.header.row is not None:
                for column in self.header.row.cells:
                    heading = column.content.copy()
                    heading.stylize("markdown.table.header")
                    table.add_column(cell(heading))
            if self.body is not None:
                for row in self.body.rows:
                    table.add_row(*(cell(element.content) for element in row.cells))
            yield table

    class ReadableMarkdown(rm.Markdown):
        elements: ClassVar[dict[str, type[rm.MarkdownElement]]] = {
            **rm.Markdown.elements,
            "paragraph_open": ReadableParagraph,
            "heading_open": ReadableHeading,
            "table_open": ReadableTable,
        }

    return ReadableMarkdown


def _markdown(markup: str, reorder: bool) -> Markdown:
    """Rich's ``Markdown`` of ``markup``; ``reorder``: its blocks holding Arabic drawn readably."""
    from rich.markdown import Markdown

    return _readable_markdown()(markup) if reorder else Markdown(markup)


def render(markdown: str, width: int, *, lines: int = LINES, reorder: bool | None = None) -> Laid:
    """``markdown`` (its first ``lines`` lines, cut between blocks) laid out at ``width``
    columns as styled text; ``reorder``: Arabic shown right to left (by default, as the Arabic
    display is now). Thread-safe: call it in a worker."""
    from facilitator.core.summary.render import preview
    from facilitator.tui import bidi

    width = max(20, width)
    text = preview(markdown, lines)
    rtl = bidi.has_rtl(text)
    reorder = bidi.active() if reorder is None else reorder
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      legacy_windows=False)
    laid = console.render_lines(_markdown(text, reorder and rtl), console.options.update(width=width), pad=False)
    out = Laid(width, reorder if rtl else None)
    for i, segments in enumerate(laid):
        line = Text()
        for s in segments:
            if s.text and not s.control:
                line.append(s.text, s.style)
        line.rstrip()
        if i:
            out.append("\n")
        out.append_text(_without_controls(line) if rtl else line)
    return out


class MarkdownPreview(VerticalScroll):
    """The laid-out preview; :attr:`width_made` is the width it was laid out for and
    :attr:`reordered` the Arabic display (see :class:`Laid`): the screen lays it out again when
    it no longer :meth:`fits`."""

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
    reordered: bool | None = None
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
        self.reordered = text.reordered if isinstance(text, Laid) else None

    def fits(self) -> bool:
        """Whether what is shown was laid out for the width the preview has and for the Arabic
        display now (a text without Arabic: for the width only)."""
        from facilitator.tui import bidi

        return self.width_made == self.room() and self.reordered in (None, bidi.active())

    @property
    def plain(self) -> str:
        """What the preview shows, as plain text."""
        return self.shown.plain if isinstance(self.shown, Text) else self.shown


__all__ = ["LINES", "Laid", "MarkdownPreview", "Readable", "render", "visual"]
