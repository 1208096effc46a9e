"""Everything the CLI prints goes through here: the one place where text meets the terminal.

Two things happen to what a command prints, and only here:

- **Nothing printed can drive the terminal.** What people typed (a title, a venue, a name, a
  contribution, a file name) can hold characters a terminal obeys rather than shows: ``ESC``
  starts the sequences that clear the screen, recolour it or retitle the window
  (``\\x1b]0;OWNED\\x07``), a carriage return overwrites the line, a C1 control (``\\x9b``) is
  CSI to many terminals. The input checks (``core/limits.py``) refuse them in new data; a
  database of an earlier version, or one written by another program, may still hold them. So
  every line a command prints is made safe by :func:`shown`, to a terminal, a pipe or a file
  alike: each such character is printed as a visible picture (``␛`` for ``ESC``, ``␇`` for
  ``BEL``, ``<U+009B>`` for a C1 control), and a lone surrogate (an argument that was not
  UTF-8) as ``�``. Line feeds and tabs stay.
- **Arabic is readable on a terminal** (:func:`for_terminal`, applied only when the stream is
  a terminal, never to what goes to a pipe, a file or JSON): shaped and put in visual order
  (``tui/bidi.py``, the path every screen of the app uses) unless the terminal reorders by
  itself (``FACILITATOR_BIDI=off``, the *Arabic display* setting of the database, or a terminal
  known to do it: :func:`use_display_setting`). Each part given to :func:`echo` is reordered on
  its own, in its place, so a command gives a user's text as a part of its own
  (``echo("    >", text)``, not inside an f-string); a long Arabic text is wrapped in logical
  order first, so that its beginning is on its first line.

The functions:

- :func:`echo` is ``print`` for every message and listing, to stdout or stderr;
- :func:`echo_json` prints JSON for scripts (control characters escaped as ``\\u001b``, so the
  JSON means the same and the terminal obeys nothing; never reordered);
- :func:`document_stdout` is where a document written to stdout goes (``export -o -``,
  ``merge -o -``, ``followup export -o -``): stdout's own bytes when it is a file or a pipe (the
  document exactly as made); on a terminal, a writer that shows each line as :func:`echo` shows
  text as the lines arrive (the document is never whole in memory), and a Word file is refused
  before anything is made. :func:`write_document` writes a whole document there.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, BinaryIO

from facilitator.core.limits import visible

# C0 controls but line feed and tab, DEL, C1 controls
_CONTROLS = [c for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)]
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (*_CONTROLS, 0x2028, 0x2029)}
_RTL_HINT = range(0x0590, 0x0900)  # a fast look before importing anything: Hebrew to Arabic Extended


def shown(text: Any) -> str:
    """``text`` with every character a terminal would obey made visible (line feeds and tabs
    kept); lone surrogates as U+FFFD."""
    text = visible(str(text))
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


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
    """``print`` for the CLI: every part made safe by :func:`shown`; on a terminal, Arabic made
    readable, each part in its place (:func:`_shown_parts`): give a user's text as a part of
    its own rather than inside an f-string, so that its direction is its own."""
    stream = file if file is not None else sys.stdout
    strings = [shown(p) for p in parts]
    if _is_terminal(stream):
        stream.write(_shown_parts(strings, shown(sep), stream) + shown(end))
    else:
        stream.write(shown(sep).join(strings) + shown(end))


def echo_json(data: Any) -> None:
    """JSON for scripts on stdout: ensure_ascii off (readable Arabic and accents) but every
    control character, and the line and paragraph separators, escaped; lone surrogates too."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    text = text.translate(_JSON_ESCAPES)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


class _ShownOnTerminal(io.RawIOBase):
    """The bytes of a text document, decoded as UTF-8 as they arrive (a character split between
    two writes waits for its end), printed on a terminal line by line as :func:`echo` prints
    text: made safe, Arabic readable (a line waits for its end, since it is reordered whole)."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._line = ""  # the end of what arrived, not yet a whole line

    def writable(self) -> bool:
        return True

    def _show(self, text: str) -> None:
        self._stream.write(_shown_parts([shown(text)], "", self._stream, document=True))

    def write(self, data: Any) -> int:
        text = self._line + self._decoder.decode(bytes(data))
        whole, newline, self._line = text.rpartition("\n")
        if newline:
            self._show(whole + newline)
        return len(data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        if not self.closed:
            rest = self._line + self._decoder.decode(b"", final=True)
            self._line = ""
            if rest:
                self._show(rest)
            self._stream.flush()
        super().close()


@contextmanager
def document_stdout(*, binary: bool = False) -> Iterator[BinaryIO]:
    """Where a document written to stdout goes: stdout's bytes as they are, to a file or a pipe;
    on a terminal, a writer that shows the text safely (and Arabic readably) as it arrives, and
    a binary document (Word) refused (``FacilitatorError``) before the caller makes it."""
    stream = sys.stdout
    stream.flush()
    if not _is_terminal(stream):
        yield stream.buffer
        stream.buffer.flush()
        return
    if binary:
        from facilitator.core.errors import FacilitatorError

        raise FacilitatorError("a Word file is not for a terminal: give -o FILE.docx, or send stdout to a file")
    with io.BufferedWriter(_ShownOnTerminal(stream)) as shown_out:
        yield shown_out


def write_document(data: bytes, *, binary: bool = False) -> None:
    """A whole document on stdout (see :func:`document_stdout`)."""
    with document_stdout(binary=binary) as out:
        out.write(data)


def use_display_setting(store: Any) -> None:
    """How Arabic is shown on this terminal: ``$FACILITATOR_BIDI``, else the database's *Arabic
    display* setting (chosen in the app), else ``auto``."""
    from facilitator.tui import bidi

    bidi.configure(store)


__all__ = ["document_stdout", "echo", "echo_json", "for_terminal", "shown", "use_display_setting", "write_document"]
