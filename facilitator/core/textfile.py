"""Reading the files people give us (agendas, exported summaries, rosters, contribution files)
with errors that name the file and the line, never a traceback.

- :func:`read_text`: a whole text file (an agenda, a summary), refused when missing, a folder,
  empty, binary (a NUL byte), UTF-16 or not UTF-8, with the line of the problem.
- :func:`text_lines`: the same checks, line by line, for files read as a stream.
- :func:`csv_rows`: CSV records from those lines, strict about quotes, with a limit on a
  field's size, each with the line it starts on.

``error`` is the :class:`~.errors.InputError` subclass to raise (``AgendaError``,
``SummaryError``...), ``what`` how the message names the kind of file ("an agenda file").

These open only the files people name, never the database (see ``core/dbfile.py``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import limits
from .errors import InputError


def _open(path: Path, error: type[InputError], what: str):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise error("no such file", path) from None
    except IsADirectoryError:
        raise error(f"is a directory, not {what}", path) from None
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror})", path) from None


_CHUNK = 1 << 20


def read_text(path: str | Path, *, error: type[InputError] = InputError, what: str = "a text file",
              max_bytes: int = limits.MAX_SUMMARY_BYTES) -> str:
    """The whole file as text (a BOM is dropped), read in bounded steps: a file larger than
    ``max_bytes`` (or a device that never ends, such as ``/dev/zero``) is refused as soon as
    that is clear, never read into memory whole."""
    path = Path(path)
    chunks: list[bytes] = []
    size = 0
    with _open(path, error, what) as fh:
        try:
            while True:
                chunk = fh.read(min(_CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                if not chunks and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise error("UTF-16 text, not UTF-8: save the file as UTF-8 and try again", path, 1)
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    line = sum(c.count(b"\n") for c in chunks) + chunk.count(b"\n", 0, nul) + 1
                    raise error(f"binary file (NUL byte), not {what}", path, line)
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise error(f"the file is larger than {_size(max_bytes)}: too large for {what}", path)
        except OSError as exc:
            raise error(f"cannot read the file ({exc.strerror})", path) from None
    raw = b"".join(chunks)
    del chunks
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error("UTF-16 text, not UTF-8: save the file as UTF-8 and try again", path, 1)
    if not raw.strip():
        raise error(f"the file is empty, not {what}", path, 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise error(f"binary file (NUL byte), not {what}", path, raw.count(b"\n", 0, nul) + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8 text (another encoding?): save the file as UTF-8", path,
                    raw.count(b"\n", 0, exc.start) + 1) from None


def _size(n: int) -> str:
    return f"{n / 1e9:g} GB" if n >= 1e9 else f"{n / 1e6:g} MB" if n >= 1e6 else f"{n:,} bytes"


def text_lines(path: str | Path, *, error: type[InputError] = InputError, what: str = "a text file",
               max_line: int = limits.MAX_LINE) -> Iterator[tuple[int, str]]:
    """(line number, text with its end of line) for each line, as the file is read; a line
    longer than ``max_line`` characters is refused (it is never read whole)."""
    path = Path(path)
    with _open(path, error, what) as fh:
        n = 0
        while True:
            try:
                raw = fh.readline(max_line * 4 + 8)
            except OSError as exc:
                raise error(f"cannot read the file ({exc.strerror})", path, n + 1) from None
            if not raw:
                return
            n += 1
            if n == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise error("UTF-16 text, not UTF-8: save the file as UTF-8 and try again", path, 1)
            if b"\x00" in raw:
                raise error(f"binary data (a NUL byte), not {what}", path, n)
            if len(raw) == max_line * 4 + 8 and not raw.endswith(b"\n"):
                raise error(f"the line is longer than {max_line:,} characters", path, n)
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                raise error("not UTF-8 text (another encoding?): save the file as UTF-8", path, n) from None
            if len(line) > max_line:
                raise error(f"the line is longer than {max_line:,} characters", path, n)
            yield n, line


def csv_rows(lines: Iterable[tuple[int, str]], path: str | Path, *, delimiter: str = ",", max_field: int,
             error: type[InputError] = InputError) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each CSV record (the header included) from
    :func:`text_lines` (a quoted field may hold line breaks: then last > first).

    Strict about quotes: a quote never closed, or text after a closing quote, is refused with
    the line where the record starts; so is a field longer than ``max_field`` characters."""
    path = Path(path)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max_field)
    try:
        reader = csv.reader((text for _n, text in lines), delimiter=delimiter, strict=True)
        while True:
            first = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "field larger than field limit" in message:
                    raise error(f"a field is longer than {max_field:,} characters", path, first) from None
                if "unexpected end of data" in message:
                    raise error("a quote opened here is never closed", path, first) from None
                raise error(f"not valid CSV ({message}; a quote may be missing)", path, reader.line_num) from None
            yield first, reader.line_num, cells
    finally:
        csv.field_size_limit(old_limit)


__all__ = ["csv_rows", "read_text", "text_lines"]


def json_objects(path: str | Path, *, what: str, one: str, max_line: int) -> Iterator[tuple[int, dict]]:
    """(line number, object) of each non-empty line of a JSON Lines file: ``what`` the file is
    (``an updates file``), ``one`` what a line holds (``an update``). A line that is not one flat
    JSON object, a key twice in one object, a number of thousands of digits or nesting too deep
    for Python is an :class:`InputError` naming the line."""
    for n, line_text in text_lines(path, what=what, max_line=max_line):
        if not line_text.strip():
            continue
        try:
            record = json.loads(line_text, object_pairs_hook=_no_duplicate_keys(str(path), n))
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", path, n) from None
        except ValueError:  # a number of thousands of digits (Python reads at most 4,300)
            raise InputError("not valid JSON (a number with too many digits)", path, n) from None
        except RecursionError:
            raise InputError(f"nested too deeply to be {one} (one flat object per line)", path, n) from None
        if not isinstance(record, dict):
            raise InputError("each line must be a JSON object", path, n)
        yield n, record


def _no_duplicate_keys(path: str, line: int):
    def hook(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise InputError(f"the key {limits.shorten(key, 40)!r} appears twice in this record", path, line)
            seen.add(key)
        return dict(pairs)

    return hook
