"""The summary as staff send it: Word (``.docx``) and HTML, from the Markdown, through pandoc.

Size: ~510 lines: the conversion of a summary to Word and HTML through pandoc, and the reading back
of the converted file's text (``_docx_lines``, ``_html_lines``) for the last check that no withheld
name survived the conversion (:class:`WithheldCheck`); the check reads what the conversion wrote,
so the two stay together.

- The Markdown is first made presentable: the hidden ``<!-- facilitator:... -->`` comments are
  taken out (they carry ids for reading the Markdown back; a Word or HTML file is never read
  back), so no id reaches the Word text.
- pandoc comes from the ``pypandoc-binary`` package (a dependency of the plain install), else
  from a ``pandoc`` on the PATH; without either, :class:`PandocMissing` says how to get it.
- Word files get the styles of ``assets/reference.docx`` (headings, lists and numbering that
  look like a report); HTML files are one standalone page with the styles of
  ``assets/report.css``. An Arabic document (its language ``ar``) is right-to-left in both:
  ``dir="rtl"`` and ``lang="ar"`` on the page, right-to-left paragraphs in Word.
- Same data, same bytes: pandoc's clock is the data's own last change (``SOURCE_DATE_EPOCH``).
- An anonymous document is checked once more after conversion (:func:`check_withheld`): if any
  form of a roster name is in its text, nothing is written and the error says where.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from ..errors import FacilitatorError

FORMATS = ("md", "docx", "html")
ASSETS = Path(__file__).resolve().parent / "assets"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "dv", "yi"}
PANDOC_TIMEOUT = 600  # seconds; 20,000 contributions take well under a minute
PANDOC_SECONDS_PER_MB = 30  # and as much more per MB of Markdown (200,000 contributions: 81 MB)

_HIDDEN = re.compile(r"^<!-- facilitator:[a-z]+(?: [^\n]*)? -->$")
_COMMENT_KEYWORD = re.compile(r"<!-- facilitator:")
_ID_VALUES = re.compile(r"=[0-9a-hjkmnp-tv-z]{26}(?:,[0-9a-hjkmnp-tv-z]{26})*(?= |$)", re.M)
_HIDDEN_ITEM = re.compile(r"^(- |\d+\. )<!-- facilitator:[a-z]+(?: [^\n]*)? -->$")


class PandocMissing(FacilitatorError):
    """Word and HTML exports need pandoc, which is not installed."""


class NamesLeft(FacilitatorError):
    """An anonymous document would still name someone: it was not written."""


def find_pandoc() -> str | None:
    """The pandoc of ``pypandoc-binary``, else one on the PATH, else None."""
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin:
        exe = Path(spec.origin).parent / "files" / ("pandoc.exe" if sys.platform == "win32" else "pandoc")
        if exe.is_file():
            return str(exe)
    return shutil.which("pandoc")


_SUFFIXES = {"md": "md", "markdown": "md", "docx": "docx", "html": "html", "htm": "html", "csv": "csv", "jsonl": "jsonl"}
# the extensions of formats facilitator does not write (a file named so would not be what it says)
_OTHER_FORMATS = frozenset("pdf doc odt rtf txt tex epub xml xhtml csv tsv json jsonl xls xlsx ods ppt pptx odp "
                           "png jpg jpeg svg zip".split())  # (the database: refused as such, by its identity)
_FORMAT_NAMES = {"md": "Markdown", "docx": "Word", "html": "HTML", "csv": "CSV", "jsonl": "JSON Lines"}


def format_of(path: str | Path | None, given: str | None = None, *, formats: tuple[str, ...] = FORMATS,
              key: str | None = None) -> str:
    """The format asked for, else the one the file name ends in, else Markdown. A file name that
    ends in another format's extension (``x.pdf``), or in one that is not the one asked for
    (``-o x.md --format docx``), is refused: the file would not be what its name says.

    ``formats``: what the caller writes (the follow-up's export: also ``csv`` and ``jsonl``);
    ``key``: on a screen, the key that chooses the format (the refusal names it where a command's
    names ``--format``). One check for the commands and the screens: the same words."""
    if given and given not in formats:
        raise FacilitatorError(f"unknown format {given!r} (known: {', '.join(formats)})")
    name = Path(str(path)).name if path and str(path) != "-" else ""
    suffix = Path(name).suffix.lower().lstrip(".") if name else ""
    if suffix in _OTHER_FORMATS and _SUFFIXES.get(suffix) not in formats:
        pdf = "; for a PDF, write the .docx (or .html) and save it as PDF from Word (or the browser)" \
            if suffix == "pdf" else ""
        named = [f"{_FORMAT_NAMES[f]} (.{f})" for f in formats]
        listed = ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]
        raise FacilitatorError(f"{name}: facilitator writes {listed}, not .{suffix}{pdf}; nothing was written")
    if given:
        if suffix in _SUFFIXES and _SUFFIXES[suffix] != given:
            if key:  # a screen: its key chooses the format
                how, other = f"the format chosen with {key}", \
                    f"or choose {_FORMAT_NAMES[_SUFFIXES[suffix]]} with {key}"
            else:
                how, other = f"--format {given}", "or leave --format out (the extension decides)"
            raise FacilitatorError(f"{name} is not a {given} file's name ({how}): name it "
                                   f"{Path(name).stem}.{given}, {other}; nothing was written")
        return given
    return _SUFFIXES.get(suffix, "md")


def with_suffix(name: str, fmt: str) -> str:
    """``name`` (ending in ``.md``) for the format ``fmt``."""
    stem = name[:-3] if name.endswith(".md") else name
    return f"{stem}.{fmt}"


def presentable(markdown: str) -> tuple[str, str]:
    """(title, body): the Markdown without its hidden structure and without the title line."""
    title: list[str] = []
    body = list(presentable_lines(markdown.split("\n"), title.append))
    return (title[0] if title else ""), "\n".join(body) + "\n"


def presentable_lines(lines: Iterable[str], on_title: Callable[[str], object]) -> Iterator[str]:
    """The lines of a Markdown summary (as ``text.split("\\n")`` gives them) without its hidden
    structure and without its title line, which is given to ``on_title`` when it is met; line
    by line, with one line of look-ahead (a file of any size is never whole in memory)."""
    it = iter(lines)
    titled = False
    wrote = False  # a line was given out (held empty lines count: they are given out later)
    last_empty = False  # the last line given out (or held) is empty
    held = 0  # empty lines not given out yet: at the end of the text they are dropped
    line = next(it, None)
    while line is not None:
        following = next(it, None)
        if _HIDDEN.match(line):
            if following == "" and (not wrote or last_empty):
                following = next(it, None)  # and the empty line after it
            line = following
            continue
        m = _HIDDEN_ITEM.match(line)
        if m and following is not None:
            marker = m.group(1)
            line = marker + following[len(marker):]
            following = next(it, None)
        elif not titled and line.startswith("# "):
            titled = True
            on_title(line[2:])
            if following == "":
                following = next(it, None)
            line = following
            continue
        wrote = True
        last_empty = line == ""
        if last_empty:
            held += 1
        else:
            yield from [""] * held
            held = 0
            yield line
        line = following


def _epoch(updated: str | None) -> str:
    try:
        stamp = dt.datetime.fromisoformat((updated or "").replace("Z", "+00:00"))
    except ValueError:
        return "0"
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return str(max(0, int(stamp.timestamp())))


def convert(markdown: str, fmt: str, *, language: str = "en", updated: str | None = None) -> bytes:
    """The exported Markdown as ``fmt`` (``md``, ``docx`` or ``html``)."""
    if fmt == "md":
        return markdown.encode("utf-8")
    with tempfile.TemporaryFile() as out:
        convert_lines(markdown.split("\n"), fmt, out, language=language, updated=updated)
        out.seek(0)
        return out.read()


def convert_lines(lines: Iterable[str], fmt: str, out: BinaryIO, *, language: str = "en", updated: str | None = None,
                  size: int = 0) -> None:
    """The lines of an exported Markdown summary (as ``text.split("\\n")`` gives them) as a Word
    or HTML file written to ``out``: pandoc reads them as they come and writes into ``out``, so
    neither the Markdown nor the file is ever whole in this process's memory (pandoc's own
    memory is pandoc's: it reads the whole document before it writes). ``size``: the Markdown's
    size in bytes, if known (pandoc's time limit grows with it)."""
    if fmt not in ("docx", "html"):
        raise FacilitatorError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    pandoc = find_pandoc()
    if pandoc is None:
        raise PandocMissing(
            f"{fmt} files are made by pandoc, which facilitator installs with it (the pypandoc-binary "
            "package) but cannot find here: pip install pypandoc-binary, or install pandoc from your "
            "system's packages; Markdown needs nothing: --format md"
        )
    title: list[str] = []
    body = with_marks(presentable_lines(lines, title.append))
    head: list[str] = []
    for line in body:  # the title comes first in an export: pandoc's options need it
        head.append(line)
        if title:
            break
    lang = (language or "en").split("-")[0].lower()
    args = [pandoc, "--from", "commonmark+pipe_tables", "--to", fmt, "--standalone", "--wrap=none", "--metadata", f"lang={lang}"]
    if lang in RTL_LANGUAGES:
        args += ["--metadata", "dir=rtl"]
    if fmt == "docx":
        args += ["--reference-doc", str(ASSETS / "reference.docx")]
    else:
        plain = re.sub(r"\\(.)", r"\1", title[0] if title else "") or "Summary"
        args += ["--metadata", f"pagetitle={plain}", "--include-in-header", str(ASSETS / "report-head.html")]
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(updated)}
    limit = PANDOC_TIMEOUT + size / 1e6 * PANDOC_SECONDS_PER_MB
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=out, stderr=errors, env=env)
        except OSError as exc:
            raise FacilitatorError(f"pandoc could not make the {fmt} file ({exc}); nothing was written") from None
        assert proc.stdin is not None
        try:
            try:
                # the title as the first heading of the page (so user text is never read as metadata)
                if title:
                    proc.stdin.write(f"# {title[0]}\n\n".encode())
                _feed(proc.stdin, head)
                _feed(proc.stdin, body)
                proc.stdin.close()
            except BrokenPipeError:
                pass  # pandoc stopped: its status and message say why
            proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise FacilitatorError(f"pandoc could not make the {fmt} file (no answer in {limit:.0f} s); "
                                   "nothing was written") from None
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if proc.returncode != 0:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise FacilitatorError(f"pandoc could not make the {fmt} file ({said[0]}); nothing was written")


_LRM, _RLM = "\u200e", "\u200f"
_ISOLATES = re.compile("[\u2066\u2067\u2068\u2069]")
_STRONG = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def with_marks(lines: Iterable[str]) -> Iterator[str]:
    """The Markdown's direction isolates (U+2066-2069: a reference left to right, user text in its
    own direction, in an Arabic document) as directional marks, for Word and HTML: LibreOffice
    breaks an Arabic word in two, and loses the space after it, next to an isolate (or an
    embedding), which marks do not make it do. A left-to-right piece becomes RLM LRM piece LRM RLM
    (its own ends left to right, its neighbours, the separators between pieces, right to left:
    ``الأمن · Room A · R-004`` keeps its order); a right-to-left one RLM piece RLM. The Markdown
    file keeps its isolates (its readers take them out)."""
    stack: list[str] = []
    for line in lines:
        if not stack and not _ISOLATES.search(line):
            yield line
            continue
        out: list[str] = []
        pos = 0
        for m in _ISOLATES.finditer(line):
            out.append(line[pos:m.start()])
            pos = m.end()
            ch = m.group()
            if ch == "\u2069":  # PDI
                if stack:
                    out.append(_LRM + _RLM if stack.pop() == "L" else _RLM)
                continue
            if ch == "\u2066":  # LRI
                direction = "L"
            elif ch == "\u2067":  # RLI
                direction = "R"
            else:  # FSI: the direction of its first strong letter
                strong = _STRONG.search(_ISOLATES.split(line[pos:], 1)[0])
                direction = "L" if strong is None or strong.group() < "\u0590" else "R"
            stack.append(direction)
            out.append(_RLM + _LRM if direction == "L" else _RLM)
        out.append(line[pos:])
        yield "".join(out)


def _feed(stream, lines: Iterable[str], every: int = 2000) -> None:
    """``lines`` into ``stream``, each followed by a line feed, in pieces of ``every`` lines."""
    piece: list[str] = []
    for line in lines:
        piece.append(line)
        if len(piece) >= every:
            stream.write(("\n".join(piece) + "\n").encode("utf-8"))
            piece.clear()
    if piece:
        stream.write(("\n".join(piece) + "\n").encode("utf-8"))


def document_text(data: bytes, fmt: str) -> list[str]:
    """The lines of text a person reads in ``data`` (Markdown, Word or HTML): for the last check."""
    if fmt == "md":
        return [markdown_line_text(line) for line in data.decode("utf-8").split("\n")]
    if fmt == "html":
        return list(_html_lines([data]))
    if fmt == "docx":
        import io

        return list(_docx_lines(io.BytesIO(data)))
    raise FacilitatorError(f"unknown format {fmt!r}")


def file_text(source: str | Path | BinaryIO, fmt: str) -> Iterator[str]:
    """:func:`document_text` of a file (its path, or the file open for reading in binary at its
    start), read in pieces: a file of any size."""
    if fmt not in FORMATS:
        raise FacilitatorError(f"unknown format {fmt!r}")
    if isinstance(source, (str, Path)):
        with open(source, "rb") as fh:
            yield from file_text(fh, fmt)
        return
    if fmt == "docx":
        yield from _docx_lines(source)
        return
    pieces = iter(lambda: source.read(1 << 20), b"")
    if fmt == "html":
        yield from _html_lines(pieces)
        return
    from codecs import getincrementaldecoder

    decoder = getincrementaldecoder("utf-8")()
    partial = ""
    for piece in pieces:
        lines = (partial + decoder.decode(piece)).split("\n")
        partial = lines.pop()
        yield from (markdown_line_text(line) for line in lines)
    yield markdown_line_text(partial + decoder.decode(b"", final=True))  # text.split("\n")'s last piece


def markdown_line_text(line: str) -> str:
    """A line of an exported Markdown file as a person reads it. The hidden comments are the
    format's (``<!-- facilitator:KIND key=value -->``): their keyword is not read (a speaker may
    be called Facilitator), nor are the ids in them; their values, which can hold what people
    wrote, are."""
    import html

    line = _ID_VALUES.sub("=", _COMMENT_KEYWORD.sub("<!-- ", line))
    return html.unescape(unquote(line) if "<!--" in line else line.replace("\\", ""))


def _html_lines(pieces: Iterable[bytes]) -> Iterator[str]:
    """The text of an HTML page, by lines (``"".join(texts).split("\\n")``), from pieces of it."""
    from codecs import getincrementaldecoder
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0  # inside <style> or <script>: not text a person reads

        def handle_data(self, d):
            if not self.skip:
                self.parts.append(d)

        def handle_endtag(self, tag):
            if tag in ("style", "script"):
                self.skip = max(0, self.skip - 1)

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "script"):
                self.skip += 1
            self.parts.append(" ")
            for _k, v in attrs:  # titles and alt texts are read too
                if v and _k in ("title", "alt", "content"):
                    self.parts.append(f" {v} ")

    parser = Text()
    decoder = getincrementaldecoder("utf-8")()
    partial = ""
    for piece in pieces:
        parser.feed(decoder.decode(piece))
        if parser.parts:
            lines = (partial + "".join(parser.parts)).split("\n")
            parser.parts.clear()
            partial = lines.pop()
            yield from lines
    parser.feed(decoder.decode(b"", final=True))  # not closed: text after the last tag is read as it always was
    yield from (partial + "".join(parser.parts)).split("\n")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_lines(source) -> Iterator[str]:
    """The paragraphs of a Word file (a path or a binary file), in the order they are written
    (a paragraph inside another after it, each with all of its text), then the text of its other
    parts (title, subject, ...); each part is read as it is parsed, never whole."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(source) as z:
        for name in sorted(z.namelist()):
            if not name.endswith(".xml"):
                continue
            if not name.startswith("word/"):  # document properties: title, subject, ...
                root = ElementTree.fromstring(z.read(name))
                yield from (t.strip() for t in root.itertext() if t.strip())
                continue
            with z.open(name) as fh:
                order: list[list[str]] = []  # paragraphs not given out yet, in document order
                open_p: list[list[str]] = []  # the paragraphs open now (outermost first)
                open_all: list = []  # every element open now
                for event, elem in ElementTree.iterparse(fh, events=("start", "end")):
                    if event == "start":
                        open_all.append(elem)
                        if elem.tag == f"{_W}p":
                            order.append([])
                            open_p.append(order[-1])
                        continue
                    open_all.pop()
                    if elem.tag == f"{_W}t" and open_p:
                        for texts in open_p:
                            texts.append(elem.text or "")
                    elif elem.tag == f"{_W}p":
                        open_p.pop()
                        if not open_p:
                            yield from ("".join(texts) for texts in order)
                            order.clear()
                            if open_all:
                                open_all[-1].clear()  # what was read is let go
                yield from ("".join(texts) for texts in order)


def check_withheld(data: bytes, fmt: str, names, where: str) -> None:
    """Refuse (:class:`NamesLeft`) a document whose text still holds a form of one of ``names``."""
    check = WithheldCheck(names, fmt, where)
    for line in document_text(data, fmt):
        check.add(line)
    check.finish()


class WithheldCheck:
    """The last check of an anonymous document, given its text line by line (:meth:`add`), as a
    file is written; :meth:`finish` refuses (:class:`NamesLeft`) a document whose text still holds
    a form of one of ``names``. Lines are looked at in blocks: a fast look at each block (the
    common case: no word in it can start a name), then the full reading of the lines holding a
    word that can. Memory: one block, whatever the size of the document."""

    def __init__(self, names, fmt: str, where: str):
        from .withhold import Withholder

        self.w = names if isinstance(names, Withholder) else Withholder.of(names)
        self.fmt, self.where = fmt, where
        self.found: list[tuple[int, str, str]] = []
        self.block: list[str] = []
        self.held = 0  # characters in the block
        self.first = 0  # the index of the block's first line

    def add(self, line: str) -> None:
        line = unicodedata.normalize("NFC", line)
        self.block.append(line)
        self.held += len(line)
        if len(self.block) >= _BLOCK or self.held >= _BLOCK_CHARS:
            self._look()

    def _look(self) -> None:
        from .render import FORMAT_WORDS
        from .withhold import fold

        if self.block and self.w:
            joined = "\n".join(self.block)
            starters, spelled = self.w.starters(joined), self.w.spelled_out(joined)
            if starters or spelled:
                self.found += _names_in(self.w, self.block, self.first, starters, spelled, FORMAT_WORDS, fold)
        self.first += len(self.block)
        self.block = []
        self.held = 0

    def finish(self) -> None:
        self._look()
        if not self.found:
            return
        found = self.found
        unit = {"md": "line", "html": "line", "docx": "paragraph"}[self.fmt]
        shown = "; ".join(f"{unit} {n}: {name!r} in {_excerpt(line, name)!r}" for n, name, line in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise NamesLeft(
            f"{self.where}: not written: the anonymous {self.fmt} document still names a participant ({shown}{more}); "
            "change that text (a title, a question, a theme, an addressee) or use a named export"
        )


# lines looked at together (bounded memory at any size): at most so many, of at most so many
# characters in all (which lines are looked at together never changes what is found)
_BLOCK = 2000
_BLOCK_CHARS = 1 << 16


def _names_in(w, lines: list[str], first: int, starters: set[str], spelled: bool, format_words, fold) -> list:
    """(line number, name, line) of every name the full reading finds in ``lines`` (the lines of
    a block starting at index ``first``) that hold one of ``starters`` (or letters spelled out)."""
    found = []
    for n, line in enumerate(lines, start=first + 1):
        if not any(word in line for word in starters) and not (spelled and w.spelled_out(line)):
            continue
        for start, end in w.find(line):
            word = line[start:end]
            if word.isalnum() and fold(word) in format_words:
                continue  # a word of the format itself ("Chatham House Rule"), not a name left
            found.append((n, word, line))
    return found


def _excerpt(line: str, name: str, width: int = 40) -> str:
    i = line.find(name)
    start = max(0, i - width // 2)
    return ("…" if start else "") + line[start : i + len(name) + width // 2] + ("…" if i + len(name) + width // 2 < len(line) else "")


__all__ = ["FORMATS", "NamesLeft", "PandocMissing", "WithheldCheck", "check_withheld", "convert", "convert_lines",
           "document_text", "file_text", "find_pandoc", "format_of", "markdown_line_text", "presentable",
           "presentable_lines", "with_suffix"]
