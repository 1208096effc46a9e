"""Everything the CLI prints that holds what people typed goes through here: the one place where
text meets the terminal.

- :func:`echo` is ``print`` for every message and listing, to stdout or stderr;
- :func:`write_document` writes a summary to stdout (``export -o -``, ``merge -o -``): the bytes
  as made when they go to a file or a pipe, shown as text on a terminal.

Display changes for a terminal belong in :func:`for_terminal`, which :func:`echo` applies only
when the stream is a terminal, never to what goes to a pipe, a file or JSON: there, Arabic is
shaped and put in visual order (``tui/bidi.py``, the path every screen of the app uses) unless
the terminal reorders by itself (``FACILITATOR_BIDI=off``, the *Arabic display* setting of the
database, or a terminal known to do it). Each part given to :func:`echo` is reordered on its
own, in its place, so a command gives a user's text as a part of its own; a long Arabic text is
wrapped in logical order first, so that its beginning is on its first line.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

_RTL_HINT = range(0x0590, 0x0900)  # a fast look before importing anything: Hebrew to Arabic Extended


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80


def _has_rtl_hint(text: str) -> bool:
    return any(ord(ch) in _RTL_HINT or ord(ch) >= 0xFB1D for ch in text)


def for_terminal(text: str, stream: IO[str]) -> str:
    """What changes when the text is shown on a terminal rather than written to a pipe or a
    file: Arabic shaped and in visual order (each line a paragraph of its own)."""
    return _shown_parts([text], "", stream)


def _shown_parts(parts: list[str], sep: str, stream: IO[str], document: bool = False) -> str:
    """``parts`` joined by ``sep`` as a terminal must be given them. Each part is reordered on
    its own, in its place (a name, a title, a contribution: HTML's ``<bdi>``); the last part,
    when it is too long for the line, is wrapped in logical order in the room left of the
    line, its next lines under its first, flush right if it is an Arabic paragraph.
    ``document``: the lines of a document the app wrote, whose isolates keep dates and
    references in their direction (``bidi.embed_isolates``)."""
    joined = sep.join(parts)
    if not _has_rtl_hint(joined):
        return joined
    from rich.cells import cell_len

    from facilitator.tui import bidi

    if not bidi.active():
        return joined
    if any("\n" in part for part in parts):  # a block of lines: each line on its own
        return "\n".join(_shown_parts([line], "", stream, document) for line in joined.split("\n"))
    width = _width(stream)
    head = sep.join(bidi.display_line(part, document=document) for part in parts[:-1]) + (sep if len(parts) > 1 else "")
    last = parts[-1]
    indent = last[: len(last) - len(last.lstrip(" "))]
    head, last = head + indent, last[len(indent):]
    room = width - 1 - cell_len(head)
    if cell_len(last) <= room or not bidi.has_rtl(last):
        return head + bidi.display_line(last, document=document)
    if room < 20 or cell_len(last) < width // 2:  # little room beside the head: on the next line
        head, room = head.rstrip() + "\n" + " " * (len(indent) or 2), width - 1 - (len(indent) or 2)
        if cell_len(last) <= room:
            return head + bidi.display_line(last, document=document)
    pad = " " * cell_len(head.rsplit("\n", 1)[-1])
    lines = bidi.display_lines(last, room, align=True, document=document)
    return head + ("\n" + pad).join(lines)


def echo(*parts: Any, sep: str = " ", end: str = "\n", file: IO[str] | None = None) -> None:
    """``print`` for the CLI; on a terminal, Arabic is made readable, each part in its place
    (:func:`_shown_parts`): give a user's text as a part of its own
    (``echo("    >", text)``) rather than inside an f-string, so that its direction is its own."""
    stream = file if file is not None else sys.stdout
    strings = [str(p) for p in parts]
    if _is_terminal(stream):
        stream.write(_shown_parts(strings, sep, stream) + end)
    else:
        stream.write(sep.join(strings) + end)


def write_document(data: bytes, *, binary: bool = False) -> None:
    """A document on stdout: as made, to a pipe or a file; on a terminal, a text document is
    shown as :func:`echo` shows text (a Word file goes as it is)."""
    stream = sys.stdout
    if _is_terminal(stream) and not binary:
        stream.write(_shown_parts([data.decode("utf-8", "replace")], "", stream, document=True))
        stream.flush()
        return
    stream.flush()
    stream.buffer.write(data)
    stream.flush()


def use_display_setting(store: Any) -> None:
    """How Arabic is shown on this terminal: ``$FACILITATOR_BIDI``, else the database's *Arabic
    display* setting (chosen in the app), else ``auto``."""
    from facilitator.tui import bidi

    bidi.configure(store)


__all__ = ["echo", "for_terminal", "use_display_setting", "write_document"]
