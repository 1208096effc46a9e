"""What the screen shows, as plain lines of text (from the app's own SVG screenshot)."""

from __future__ import annotations

import html
import re

_TEXT = re.compile(r'<text class="[^"]*" x="([0-9.]+)" y="([0-9.]+)"[^>]*>([^<]*)</text>')
CELL_W = 12.2  # pixels per cell in Textual's screenshots


def screen_lines(app) -> list[str]:
    """The screen as it is drawn now, one string per row (cells without text are spaces)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in _TEXT.findall(svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            col = round(x / CELL_W) - 1
            if col > len(line):
                line += " " * (col - len(line))
            line += text
        lines.append(line)
    return lines


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))
