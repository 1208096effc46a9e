"""Everything the CLI prints goes through here: the one place where text meets the terminal.

What people typed (a title, a venue, a name, a contribution, a file name) can hold characters a
terminal obeys rather than shows: ``ESC`` starts the sequences that clear the screen, recolour
it or retitle the window (``\\x1b]0;OWNED\\x07``), a carriage return overwrites the line, a
C1 control (``\\x9b``) is CSI to many terminals. The input checks (``core/limits.py``) refuse
them in new data; a database of an earlier version, or one written by another program, may
still hold them. So every line a command prints is made safe by :func:`shown`: each such
character is printed as a visible picture (``␛`` for ``ESC``, ``␇`` for ``BEL``, ``<U+009B>``
for a C1 control), and a lone surrogate (an argument that was not UTF-8) as ``�``. Line feeds
and tabs stay.

- :func:`echo` is ``print`` for every message and listing, to stdout or stderr;
- :func:`echo_json` prints JSON for scripts (control characters escaped as ``\\u001b``, so the
  JSON means the same and the terminal obeys nothing);
- :func:`document_stdout` is where a document written to stdout goes (``export -o -``,
  ``merge -o -``, ``followup export -o -``): stdout's own bytes when it is a file or a pipe (the
  document exactly as made); on a terminal, a writer that shows the text as above as it arrives,
  and a Word file is refused before anything is made. :func:`write_document` writes a whole
  document there.

Display changes for a terminal (such as reordering Arabic for reading) belong in
:func:`for_terminal`, which :func:`echo` applies when the stream is a terminal: never in what
goes to a pipe, a file or JSON.
"""

from __future__ import annotations

import codecs
import io
import json
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


def for_terminal(text: str, stream: IO[str]) -> str:
    """What changes when the text is shown on a terminal rather than written to a pipe or a file
    (the seam for display-only changes; none yet)."""
    return text


def echo(*parts: Any, sep: str = " ", end: str = "\n", file: IO[str] | None = None) -> None:
    """``print`` for the CLI: every part made safe by :func:`shown`."""
    stream = file if file is not None else sys.stdout
    text = shown(sep.join(str(p) for p in parts) + end)
    if _is_terminal(stream):
        text = for_terminal(text, stream)
    stream.write(text)


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
    two writes waits for its end) and printed on a terminal by :func:`echo`."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        text = self._decoder.decode(bytes(data))
        if text:
            echo(text, end="", file=self._stream)
        return len(data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        if not self.closed:
            rest = self._decoder.decode(b"", final=True)
            if rest:
                echo(rest, end="", file=self._stream)
            self._stream.flush()
        super().close()


@contextmanager
def document_stdout(*, binary: bool = False) -> Iterator[BinaryIO]:
    """Where a document written to stdout goes: stdout's bytes as they are, to a file or a pipe;
    on a terminal, a writer that shows the text safely as it arrives, and a binary document
    (Word) refused (``FacilitatorError``) before the caller makes it."""
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


__all__ = ["document_stdout", "echo", "echo_json", "for_terminal", "shown", "write_document"]
