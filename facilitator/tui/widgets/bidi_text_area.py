"""A text box that shows Arabic the way it reads, on a terminal that cannot.

Textual's ``TextArea`` lays text out left to right, cell by cell, in the order it is stored: on
tmux, xterm and most terminals an Arabic paragraph shows as unjoined letters running the wrong
way. :class:`BidiTextArea` keeps the document, the editing, the undo and the wrapping of the
``TextArea`` (the text stays in logical order: what is saved is what was typed) and changes only
how a paragraph holding right-to-left text is *drawn* and how the cursor moves over it:

- each screen line is the ``TextArea``'s own wrapped section of the paragraph (so scrolling and
  the line under the cursor are the text box's), shaped and put in visual order by
  :func:`facilitator.tui.bidi.layout` (the same path as every read-only view), with the
  paragraph's direction taken from its first strong letter (a paragraph without one takes the
  direction of the one before it, else ``rtl_default``); an Arabic paragraph's lines are flush
  right;
- the cursor is drawn where the next letter will go (:meth:`~facilitator.tui.bidi.Layout.cursor_x`)
  and the terminal's own cursor is put there too (input methods follow it);
- ``left`` and ``right`` move to the place on the left or on the right *on screen* (past the
  left end of an Arabic line: the next line; past its right end: the line before), ``ctrl+left``
  and ``ctrl+right`` by words the same way, ``up`` and ``down`` to the place above or below on
  screen, ``home`` and ``end`` to the beginning and the end of the line as it reads (the right
  and the left end of an Arabic line); a click puts the cursor on the character clicked.

Paragraphs without right-to-left text, and every paragraph while the app's Arabic display is
off (a terminal that reorders by itself: ``--bidi off``), are the ``TextArea``'s own, untouched:
nothing is reordered twice. The text box follows the app's setting as it changes.
"""

from __future__ import annotations

import bisect
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from textual.events import MouseEvent
from textual.geometry import Offset
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Location

from facilitator.tui import bidi
from facilitator.tui.plain import follow


class BidiTextArea(TextArea):
    """A wrapping ``TextArea`` that draws right-to-left paragraphs shaped, in visual order, flush
    right, with a cursor that moves the way it looks (see the module's docstring)."""

    # The direction of a paragraph with no letter yet: right to left for an empty composer in
    # an Arabic session, so that the cursor waits at the right edge.
    rtl_default: reactive[bool] = reactive(False)

    def __init__(self, *args: Any, rtl_default: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(BidiTextArea.rtl_default, rtl_default)

    def on_mount(self) -> None:
        follow(self, self.display_changed)

    def display_changed(self) -> None:
        """The app's Arabic display changed: draw again, and keep the terminal's cursor where
        this text box shows it."""
        self.refresh()
        if self.has_focus:
            self.app.cursor_position = self.cursor_screen_offset

    # --- which lines are drawn here ----------------------------------------------------------

    def paragraph_base(self, line_index: int) -> str:
        """``"R"`` or ``"L"``: the direction of paragraph (document line) ``line_index``."""
        document = self.document
        for index in range(line_index, -1, -1):
            line = document[index]
            if bidi.has_strong(line):
                return bidi.base_direction(line)
        return "R" if self.rtl_default else "L"

    def reordered(self, line_index: int) -> bool:
        """Whether paragraph ``line_index`` is drawn here (it holds right-to-left text, or is an
        empty or letterless paragraph of a right-to-left text, and the display is on)."""
        if not bidi.active():
            return False
        line = self.document[line_index]
        if bidi.has_rtl(line):
            return True
        return not bidi.has_strong(line) and self.paragraph_base(line_index) == "R"

    def _row(self, y: int) -> tuple[int, int, int, bool] | None:
        """Screen line ``y`` of the whole wrapped text: (paragraph, start, end, last section).
        Found from the wrap offsets of each paragraph (a list each): cheap at any length."""
        if y < 0:
            return None
        wrapped, document = self.wrapped_document, self.document
        first = 0
        for line_index in range(document.line_count):
            offsets = wrapped.get_offsets(line_index)
            if y < first + len(offsets) + 1:
                section = y - first
                bounds = [0, *offsets, len(document[line_index])]
                return line_index, bounds[section], bounds[section + 1], section == len(offsets)
            first += len(offsets) + 1
        return None

    def _location_row(self, location: Location) -> int:
        """The screen line (of the whole wrapped text) a location is shown on."""
        wrapped = self.wrapped_document
        line_index, column = location
        y = sum(len(wrapped.get_offsets(i)) + 1 for i in range(line_index))
        return y + bisect.bisect_right(wrapped.get_offsets(line_index), column)

    def _layout(self, line_index: int, start: int, end: int) -> bidi.Layout:
        return bidi.layout(self.document[line_index][start:end], self.paragraph_base(line_index))

    def _pad(self, line_index: int, shown: bidi.Layout) -> int:
        """Cells left of the text: an Arabic paragraph's lines end at the right edge."""
        if self.paragraph_base(line_index) != "R":
            return 0
        return max(0, self.scrollable_content_region.width - shown.width)

    def _stops(self, y: int) -> list[tuple[int, Location]]:
        """Where the cursor can stand on screen line ``y``: (cell, location), for every
        location the text box shows on that line (the end of a wrapped section is the start of
        the next line's)."""
        row = self._row(y)
        if row is None:
            return []
        line_index, start, end, last = row
        if not self.reordered(line_index):
            text = self.document[line_index]
            ends = end + 1 if last else end
            return [(cell_len(text[start:c]), (line_index, c)) for c in range(start, max(ends, start + 1))]
        shown = self._layout(line_index, start, end)
        pad = self._pad(line_index, shown)
        stops = []
        for p in range(end - start + 1):
            if p == end - start and not last:
                break
            if p < end - start and not shown.own[p]:
                continue
            stops.append((pad + shown.cursor_x(p), (line_index, start + p)))
        if not stops:
            stops.append((pad + shown.cursor_x(0), (line_index, start)))
        return stops

    def _location_cell(self, location: Location) -> tuple[int, int]:
        """(cell, screen line) where the cursor standing at ``location`` is drawn."""
        line_index, column = location
        if not self.reordered(line_index):
            offset = self.wrapped_document.location_to_offset(location)
            return offset.x, offset.y
        y = self._location_row(location)
        row = self._row(y)
        if row is None:
            return 0, y
        _, start, end, _ = row
        shown = self._layout(line_index, start, end)
        x = self._pad(line_index, shown) + shown.cursor_x(column - start)
        width = max(1, self.scrollable_content_region.width)
        return max(0, min(x, width - 1)), y

    # --- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = None if not self.text and self.placeholder else self._row(y + scroll_y)
        if row is None or not self.reordered(row[0]):
            return super().render_line(y)
        line_index, start, end, last = row
        shown = self._layout(line_index, start, end)
        pad = self._pad(line_index, shown)
        width = max(1, self.scrollable_content_region.width)
        base = self.rich_style
        selection_style = self.get_component_rich_style("text-area--selection")
        cursor_style = self.get_component_rich_style("text-area--cursor")
        # the cells of the selected characters, and the cursor's
        selected: set[int] = set()
        top, bottom = sorted(self.selection)
        if top != bottom:
            for p in range(end - start):
                if top <= (line_index, start + p) < bottom:
                    x = pad + shown.cell[p]
                    selected.update(range(x, x + max(1, shown.wide[p])))
        cursor_cell = -1
        cursor_line, cursor_column = self.cursor_location
        on_this_line = cursor_line == line_index and (start <= cursor_column < end or (cursor_column == end and last))
        if self.has_focus and self.selection.is_empty and on_this_line:
            cursor_cell = max(0, min(pad + shown.cursor_x(cursor_column - start), width - 1))
        cells = [" "] * width  # a wide character's second cell holds ""
        x = pad
        for ch in shown.shown:
            w = cell_len(ch)
            if 0 <= x and x + w <= width:
                cells[x] = ch
                for extra in range(x + 1, x + w):
                    cells[extra] = ""
            x += w
        segments = []
        for x, ch in enumerate(cells):
            style = base
            if x in selected:
                style = base + selection_style
            if x == cursor_cell:
                style = base + cursor_style
            if ch:
                segments.append(Segment(ch, style))
        return Strip(Segment.simplify(segments), width)

    @property
    def cursor_screen_offset(self) -> Offset:
        """The offset of the cursor relative to the screen (for the terminal's cursor, which
        input methods follow)."""
        if not self.reordered(self.cursor_location[0]):
            return super().cursor_screen_offset
        x, y = self._location_cell(self.cursor_location)
        _scroll_x, scroll_y = self.scroll_offset
        region_x, region_y, _width, _height = self.content_region
        return Offset(region_x + x, region_y + y - scroll_y)

    # --- moving ------------------------------------------------------------------------------

    def _cursor_row(self) -> int:
        return self._location_row(self.cursor_location)

    def _visual_step(self, direction: int) -> Location | None:
        """The location one place left (-1) or right (+1) of the cursor on screen; None when
        the cursor is not in a paragraph drawn here."""
        location = self.cursor_location
        if not self.reordered(location[0]):
            return None
        x, y = self._location_cell(location)
        ahead = [(sx, loc) for sx, loc in self._stops(y) if (sx - x) * direction > 0]
        if ahead:
            nearest = min(abs(sx - x) for sx, _ in ahead)
            return self._nearest([loc for sx, loc in ahead if abs(sx - x) == nearest], location)
        # off the end of the line: on to the line that reads next that way (left in an Arabic
        # paragraph, right in a Latin one), or back to the line before
        forward = (direction < 0) == (self.paragraph_base(location[0]) == "R")
        target = y + 1 if forward else y - 1
        stops = self._stops(target)
        if not stops:
            return location
        target_rtl = self._row_rtl(target)
        # a line is entered where it begins to read (Arabic: its right end), the line before
        # where it ends
        pick = (max if target_rtl else min) if forward else (min if target_rtl else max)
        cell = pick(sx for sx, _ in stops)
        return self._nearest([loc for sx, loc in stops if sx == cell], location)

    def _row_rtl(self, y: int) -> bool:
        row = self._row(y)
        return row is not None and self.reordered(row[0]) and self.paragraph_base(row[0]) == "R"

    def _nearest(self, candidates: list[Location], location: Location) -> Location:
        """Of places shown in the same cell, the one nearest ``location`` in the text."""
        return min(candidates, key=lambda loc: abs(self._distance(loc, location)))

    def _distance(self, a: Location, b: Location) -> int:
        if a[0] == b[0]:
            return a[1] - b[1]
        return (a[0] - b[0]) * 1_000_000

    def _vertical_step(self, rows: int) -> Location | None:
        location = self.cursor_location
        y_from = self._cursor_row()
        target = y_from + rows
        if not (self.reordered(location[0]) or self._row_reordered(target)):
            return None
        stops = self._stops(target)
        if not stops:
            return location if target < 0 else self.document.end
        x, _ = self._location_cell(location)
        return min(stops, key=lambda s: (abs(s[0] - x), s[0]))[1]

    def _row_reordered(self, y: int) -> bool:
        row = self._row(y)
        return row is not None and self.reordered(row[0])

    def get_cursor_up_location(self) -> Location:
        return self._vertical_step(-1) or super().get_cursor_up_location()

    def get_cursor_down_location(self) -> Location:
        return self._vertical_step(+1) or super().get_cursor_down_location()

    # left and right are actions here, not locations: deleting (backspace, delete) asks the
    # text box for the location left and right of the cursor *in the text*, which stays so

    def action_cursor_left(self, select: bool = False) -> None:
        target = self._visual_step(-1)
        if target is None:
            super().action_cursor_left(select)
        else:
            self.move_cursor(target, select=select)

    def action_cursor_right(self, select: bool = False) -> None:
        target = self._visual_step(+1)
        if target is None:
            super().action_cursor_right(select)
        else:
            self.move_cursor(target, select=select)

    def _reads_right_to_left(self) -> bool:
        line = self.cursor_location[0]
        return self.reordered(line) and self.paragraph_base(line) == "R"

    def action_cursor_word_left(self, select: bool = False) -> None:
        """A word to the left on screen: in an Arabic paragraph, the next word."""
        if self._reads_right_to_left():
            self.move_cursor(self.get_cursor_word_right_location(), select=select)
        else:
            super().action_cursor_word_left(select)

    def action_cursor_word_right(self, select: bool = False) -> None:
        """A word to the right on screen: in an Arabic paragraph, the word before."""
        if self._reads_right_to_left():
            self.move_cursor(self.get_cursor_word_left_location(), select=select)
        else:
            super().action_cursor_word_right(select)

    def get_target_document_location(self, event: MouseEvent) -> Location:
        """A click: the place under the mouse on screen."""
        _scroll_x, scroll_y = self.scroll_offset
        y = event.y + scroll_y - self.gutter.top
        row = self._row(y)
        if row is None or not self.reordered(row[0]):
            return super().get_target_document_location(event)
        x = event.x - self.gutter.left
        stops = self._stops(y)
        return min(stops, key=lambda s: (abs(s[0] - x), s[0]))[1]
