"""The summary as staff send it: Word (``.docx``) and HTML, from the Markdown, through pandoc.

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
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from ..errors import FacilitatorError

FORMATS = ("md", "docx", "html")
ASSETS = Path(__file__).resolve().parent / "assets"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "dv", "yi"}
PANDOC_TIMEOUT = 600  # seconds; 20,000 contributions take well under a minute

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


def format_of(path: str | Path | None, given: str | None = None) -> str:
    """The format asked for, else the one the file name ends in, else Markdown."""
    if given:
        if given not in FORMATS:
            raise FacilitatorError(f"unknown format {given!r} (known: {', '.join(FORMATS)})")
        return given
    suffix = Path(str(path)).suffix.lower().lstrip(".") if path and str(path) != "-" else ""
    return {"docx": "docx", "html": "html", "htm": "html"}.get(suffix, "md")


def with_suffix(name: str, fmt: str) -> str:
    """``name`` (ending in ``.md``) for the format ``fmt``."""
    stem = name[:-3] if name.endswith(".md") else name
    return f"{stem}.{fmt}"


def presentable(markdown: str) -> tuple[str, str]:
    """(title, body): the Markdown without its hidden structure and without the title line."""
    lines = markdown.split("\n")
    out: list[str] = []
    title = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if _HIDDEN.match(line):
            i += 1
            if i < len(lines) and lines[i] == "" and (not out or out[-1] == ""):
                i += 1  # and the empty line after it
            continue
        m = _HIDDEN_ITEM.match(line)
        if m and i + 1 < len(lines):
            marker = m.group(1)
            out.append(marker + lines[i + 1][len(marker):])
            i += 2
            continue
        if not title and line.startswith("# "):
            title = line[2:]
            i += 1
            if i < len(lines) and lines[i] == "":
                i += 1
            continue
        out.append(line)
        i += 1
    while out and out[-1] == "":
        out.pop()
    return title, "\n".join(out) + "\n"


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
    if fmt not in FORMATS:
        raise FacilitatorError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    pandoc = find_pandoc()
    if pandoc is None:
        raise PandocMissing(
            f"{fmt} files are made by pandoc, which facilitator installs with it (the pypandoc-binary "
            "package) but cannot find here: pip install pypandoc-binary, or install pandoc from your "
            "system's packages; Markdown needs nothing: --format md"
        )
    title, body = presentable(markdown)
    # the title as the first heading of the page (so user text is never read as metadata)
    source = f"# {title}\n\n{body}" if title else body
    lang = (language or "en").split("-")[0].lower()
    args = [pandoc, "--from", "commonmark+pipe_tables", "--to", fmt, "--standalone", "--wrap=none", "--metadata", f"lang={lang}"]
    if lang in RTL_LANGUAGES:
        args += ["--metadata", "dir=rtl"]
    if fmt == "docx":
        args += ["--reference-doc", str(ASSETS / "reference.docx")]
    else:
        plain = re.sub(r"\\(.)", r"\1", title) or "Summary"
        args += ["--metadata", f"pagetitle={plain}", "--include-in-header", str(ASSETS / "report-head.html")]
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(updated)}
    try:
        done = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, env=env,
                              timeout=PANDOC_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FacilitatorError(f"pandoc could not make the {fmt} file ({exc}); nothing was written") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise FacilitatorError(f"pandoc could not make the {fmt} file ({reason[0]}); nothing was written")
    return done.stdout


def document_text(data: bytes, fmt: str) -> list[str]:
    """The lines of text a person reads in ``data`` (Markdown, Word or HTML): for the last check."""
    if fmt == "md":
        import html

        # the hidden comments are the format's (<!-- facilitator:KIND key=value -->): their
        # keyword is not read (a speaker may be called Facilitator), nor are the ids in them;
        # their values, which can hold what people wrote, are
        text = _ID_VALUES.sub("=", _COMMENT_KEYWORD.sub("<!-- ", data.decode("utf-8")))
        return [html.unescape(unquote(line) if "<!--" in line else line.replace("\\", "")) for line in text.split("\n")]
    if fmt == "html":
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
        parser.feed(data.decode("utf-8"))
        return "".join(parser.parts).split("\n")
    if fmt == "docx":
        import io
        import zipfile
        from xml.etree import ElementTree

        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        lines = []
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in sorted(z.namelist()):
                if not name.endswith(".xml"):
                    continue
                root = ElementTree.fromstring(z.read(name))
                if name.startswith("word/"):
                    for p in root.iter(f"{w}p"):
                        lines.append("".join(t.text or "" for t in p.iter(f"{w}t")))
                else:  # document properties: title, subject, ...
                    lines.extend(t.strip() for t in root.itertext() if t.strip())
        return lines
    raise FacilitatorError(f"unknown format {fmt!r}")


def check_withheld(data: bytes, fmt: str, names, where: str) -> None:
    """Refuse (:class:`NamesLeft`) a document whose text still holds a form of one of ``names``."""
    from .render import FORMAT_WORDS
    from .withhold import Withholder, fold

    w = names if isinstance(names, Withholder) else Withholder.of(names)
    if not w:
        return
    found = []
    lines = [unicodedata.normalize("NFC", line) for line in document_text(data, fmt)]
    # a fast look at blocks of lines first (the common case: no word in them can start a name),
    # then the full reading of the lines that hold a word that can
    for first in range(0, len(lines), _BLOCK):
        block = lines[first : first + _BLOCK]
        joined = "\n".join(block)
        starters, spelled = w.starters(joined), w.spelled_out(joined)
        if starters or spelled:
            found += _names_in(w, block, first, starters, spelled, FORMAT_WORDS, fold)
    if not found:
        return
    unit = {"md": "line", "html": "line", "docx": "paragraph"}[fmt]
    shown = "; ".join(f"{unit} {n}: {name!r} in {_excerpt(line, name)!r}" for n, name, line in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise NamesLeft(
        f"{where}: not written: the anonymous {fmt} document still names a participant ({shown}{more}); "
        "change that text (a title, a question, a theme, an addressee) or use a named export"
    )


_BLOCK = 2000  # lines looked at together (bounded memory at any size)


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


__all__ = ["FORMATS", "NamesLeft", "PandocMissing", "check_withheld", "convert", "document_text", "find_pandoc",
           "format_of", "presentable", "with_suffix"]
