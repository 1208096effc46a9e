"""User text in Markdown: escaped so it renders as itself and cannot break the document.

Rules (CommonMark):

- Characters that can start markup anywhere in a line are backslash-escaped: ``\\ ` * _ [ ] <
  | ~ # $``, and ``&`` before a letter, digit or ``#``. So ``<!--`` typed by a speaker is
  ``\\<!--`` and can never open a comment, ``&amp;`` stays the five characters it was, ``|``
  makes no table on GitHub.
- At the start of a line, what would begin a block is escaped too: ``-``, ``+``, ``=``, ``>``
  and a number followed by ``.`` or ``)`` (``1\\.`` is not a list item). ``:`` before ``//``
  is escaped, so a web address in a text is not a bare link.
- A heading that would end in ``.,;:!`` ends in a character reference for it instead.
- White space at the start or end of a line, which Markdown would drop, is written as a
  numeric character reference (``&#32;``), which renders as the same character.
- A line break inside a text is a hard line break (a backslash at the end of the line); an
  empty line inside a text is a line holding only that backslash. The whole text therefore
  stays one paragraph, however many lines it has.
- A tab is written ``&#9;`` (the same character when rendered; linters refuse raw tabs).
- Control characters other than tab and line feed (C0, DEL) are dropped, as the store drops
  them from everything typed; so is NEL (U+0085), a line break Markdown does not know; so are
  bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which would
  reverse the file's own words after them ("— Hon. …, Q7-021"), in Word and HTML too.

Reading back (:func:`inline_text`) turns the parsed inline tokens into the text people see:
hard breaks become line feeds, soft breaks (a line break typed in an editor) a space.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and line feed, DEL, C1 (NEL too)
# bidirectional embeddings, overrides and isolates: they would reorder the file's own words
# after them (see core/textnorm.py, BIDI_CONTROLS)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# in a line the renderer put together, the isolates it puts around user text, references and dates
# (LRI, FSI, PDI: summary/words.py) stay; embeddings, overrides and RLI, which it never writes, go
_NOT_OURS = re.compile("[\u202a-\u202e\u2067]")
_ALWAYS = re.compile(r"([\\`*_\[\]<|~#$]|&(?=[A-Za-z0-9#])|:(?=//))")
_LINE_START = re.compile(r"^(?:([-+=>])|(\d+)([.)]))")


def canonical(text: str | None) -> str:
    """The text as a summary can carry it: LF line ends, no control characters, no outer space."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BIDI.sub("", _CONTROL.sub("", text))
    return text.strip()


def one_line(text: str | None) -> str:
    """Text for a heading or a metadata value: as :func:`canonical`, line breaks (also the
    Unicode line and paragraph separators) as spaces."""
    return canonical(canonical(text).replace("\n", " ").replace("\u2028", " ").replace("\u2029", " "))


def _ref(ch: str) -> str:
    return f"&#{ord(ch)};"


def escape_line(line: str) -> str:
    """One line of user text (no line feed in it) as inline Markdown."""
    if not line:
        return ""
    # outer white space as character references, so it is neither stripped nor an indent
    start = 0
    while start < len(line) and line[start].isspace():
        start += 1
    if start == len(line):
        return "".join(_ref(ch) for ch in line)
    end = len(line)
    while line[end - 1].isspace():
        end -= 1
    head = "".join(_ref(ch) for ch in line[:start])
    tail = "".join(_ref(ch) for ch in line[end:])
    body = _ALWAYS.sub(r"\\\1", line[start:end])
    if not head:
        m = _LINE_START.match(body)
        if m:
            if m.group(1):
                body = "\\" + body
            else:
                body = m.group(2) + "\\" + body[len(m.group(2)):]
    return head + body.replace("\t", "&#9;") + tail


def escape_block(text: str, indent: str = "") -> str:
    """A (canonical) multi-line text as the lines of one paragraph, joined by hard breaks.

    ``indent`` is put before every line after the first (the indent of a list item).
    """
    lines = text.split("\n")
    out = [escape_line(line) for line in lines]
    return ("\\\n" + indent).join(out)


def escape_inline(text: str) -> str:
    """Single-line text inside a line (after a label, in a heading). The line may hold the
    isolates the renderer put around its parts (user text comes to it through :func:`canonical`,
    which drops every bidirectional control a person typed); any other control is dropped."""
    if not text:
        return ""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return escape_line(_NOT_OURS.sub("", text).replace("\n", " ").strip())


_HEADING_END = ".,;:!。，；：！"


def escape_heading(text: str) -> str:
    """Single-line text that ends a heading: as :func:`escape_inline`, and a final ``.,;:!``
    written as a character reference (renders the same; linters flag trailing punctuation)."""
    line = escape_inline(text)
    if line and line[-1] in _HEADING_END:
        body, last = line[:-1], line[-1]
        slashes = len(body) - len(body.rstrip("\\"))
        if slashes % 2:  # the character was backslash-escaped: the reference replaces the escape
            body = body[:-1]
        line = body + _ref(last)
    return line


def inline_text(children) -> str:
    """The visible text of a sequence of inline tokens."""
    parts: list[str] = []
    for tok in children:
        t = tok.type
        if t in ("text", "text_special", "code_inline"):
            parts.append(tok.content)
        elif t == "hardbreak":
            parts.append("\n")
        elif t == "softbreak":
            parts.append(" ")
        elif t == "image":
            parts.append(inline_text(tok.children or []))
        # emphasis, links and inline HTML add no text of their own
    return "".join(parts)


def split_meta(children) -> tuple[list, str | None]:
    """(the children before a trailing ``*— ...*``, the text of that span): the meta line a
    summary and a monitoring report write after an item's text."""
    kids = list(children)
    while kids and kids[-1].type == "text" and not kids[-1].content.strip():
        kids.pop()
    if kids and kids[-1].type == "em_close":
        depth = 0
        for k in range(len(kids) - 1, -1, -1):
            if kids[k].type == "em_close":
                depth += 1
            elif kids[k].type == "em_open":
                depth -= 1
                if depth == 0:
                    meta = inline_text(kids[k + 1:-1])
                    if meta.startswith("—"):
                        return kids[:k], meta
                    break
    return kids, None
