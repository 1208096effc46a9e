"""The one boundary for what comes from outside: sizes, depths, counts and characters.

Every file, argument, environment variable and keymap entry the program reads is bounded by a
limit of this module, and every text field of the models (``models.py``) is checked by one of
its functions, whichever path it came by (the CLI, a screen, an agenda, a roster CSV, a
contributions file, an imported summary). A limit lives here once; nothing else repeats it.

Characters:

- one-line fields (a name, a title, an organization, a stakeholder group, a venue...): a line
  break or a control character (the C0 and C1 controls and DEL: ``ESC`` starts the sequences
  that clear or retitle a terminal) is refused, since nobody types one into a name (a tab
  is kept: it is typed, and harmless); a value made only of invisible characters (spaces, zero-width
  characters, joiners, combining marks) is refused;
- texts people write at length (a contribution, a recommendation): line breaks and tabs are
  kept, other control characters are dropped (such text is often pasted from other programs),
  and a text with nothing visible is refused.

Numbers people type are read with at most :data:`MAX_DIGITS` digits (Python refuses to read
an integer of more than 4,300 digits, with a ``ValueError``).

The functions raise ``ValueError`` with a message that completes "the <field> ...": the
models turn it into a validation error, the callers into a message naming the file and line
or the option.
"""

from __future__ import annotations

import re
import unicodedata

# --- sizes of the fields ---------------------------------------------------------------------
MAX_NAME = 200  # a participant's name
MAX_LABEL = 500  # a one-line field: title, organization, stakeholder group, country, venue, series, ...
MAX_QUESTION = 2_000  # a guiding question (or one of its translations)
MAX_TEXT = 100_000  # a contribution or a recommendation
MAX_UPDATE = 20_000  # an update of a follow-up activity (what happened)
MAX_SOURCE = 1_000  # where an update can be checked (a letter, a report, a link)
MAX_TERM = 100  # an activity's own area or lens, a status's name in other languages
MAX_ALIASES = 20  # other spellings of one participant's name (each a name)
MAX_LENSES = 20  # lenses of one session or recommendation (each a one-line label)

# --- sizes, counts and depths of what is read ---------------------------------------------------
MAX_LINE = 1_000_000  # characters in one line of any file read line by line
MAX_AGENDA_BYTES = 2_000_000  # an agenda file (the Sahel agenda is 6 kB)
MAX_SUMMARY_BYTES = 1_000_000_000  # an exported summary or merged report (200,000 contributions: ~60 MB)
MAX_QUESTIONS = 1_000  # guiding questions in one agenda
MAX_PANEL = 1_000  # panelists in one agenda
MAX_ROSTER_ROWS = 100_000  # rows of one roster file
MAX_KEYMAP_BYTES = 1_000_000  # keymap.toml
MAX_KEYMAP_ENTRIES = 2_000  # entries in keymap.toml (the app has about 130 binding ids)
MAX_KEYMAP_DEPTH = 4  # parts of a binding id (``capture.panelist1.terminal`` has 3)
MAX_PROBLEMS = 20  # problems of one file reported one by one (then "and N more")
MAX_DIGITS = 6  # digits of a number people type (a question number, minutes, a format version)

# Line breaks of every kind (``str.splitlines`` splits on these).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# Characters that show nothing by themselves, beyond the categories below.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = ("Z", "C", "M")  # separators, controls and formats, marks


def is_control(ch: str) -> bool:
    """A C0 or C1 control character or DEL (what terminals obey rather than show)."""
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F


# How a control character is shown when text must be printed all the same (a database of an
# earlier version, another program's): ESC as ␛, BEL as ␇, DEL as ␡, a C1 control as <U+009B>;
# line feed and tab stay. Used by the CLI's output (cli/output.py) and the app's screen (tui/plain.py).
_PICTURES = {c: chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else f"<U+{c:04X}>"
             for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}


_ONE_CELL = {**_PICTURES, **{c: "\ufffd" for c in range(0x80, 0xA0)}}
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str, *, one_cell: bool = False) -> str:
    """``text`` with every control character a terminal would obey shown as a picture (line
    feeds and tabs kept): what is printed can never drive the terminal. ``one_cell``: each
    picture one cell wide (a C1 control as U+FFFD), for a screen laid out in cells."""
    return text.translate(_ONE_CELL if one_cell else _PICTURES)


def has_control(text: str) -> bool:
    """Whether :func:`visible` would change ``text``."""
    return _CONTROL_RE.search(text) is not None


def char_name(ch: str) -> str:
    """``U+001B ESCAPE`` for a message."""
    name = unicodedata.name(ch, "")
    if not name and ord(ch) < 0x20:
        name = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
                "ACKNOWLEDGE", "BELL", "BACKSPACE", "TAB", "LINE FEED", "LINE TABULATION", "FORM FEED",
                "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
                "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
                "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE",
                "ESCAPE", "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR")[ord(ch)]
    elif not name and ord(ch) == 0x7F:
        name = "DELETE"
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def is_visible(value: str) -> bool:
    """Whether ``value`` has at least one character that shows (not only spaces, zero-width
    characters, joiners, marks without a base or controls)."""
    return any(not unicodedata.category(ch).startswith(_INVISIBLE_CATEGORIES) and ch not in _BLANK_LETTERS
               for ch in value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogate(value: str) -> None:
    found = _SURROGATE.search(value)
    if found:  # what a JSON "\udcff" or bytes of another encoding in an argument give
        raise ValueError(f"is not valid Unicode text (a lone surrogate U+{ord(found.group()):04X})")


def one_line(value: str, *, max_len: int = MAX_LABEL, required: bool = False) -> str:
    """A one-line field as people type it: NFC, outer space stripped; refused
    (``ValueError``) with a line break, a control character, nothing visible, or more than
    ``max_len`` characters. An empty value stays empty unless ``required``."""
    if len(value) > 4 * max_len + 64:  # before normalising a megabyte
        raise ValueError(f"is longer than {max_len:,} characters")
    _no_surrogate(value)
    value = unicodedata.normalize("NFC", value).strip()
    for ch in value:
        if ch in LINE_BREAKS:
            raise ValueError("holds a line break: it must be one line")
        if is_control(ch) and ch != "\t":
            raise ValueError(f"holds the control character {char_name(ch)}, which nobody types")
    if value and not is_visible(value):
        raise ValueError("has no visible character")
    if required and not value:
        raise ValueError("is empty")
    if len(value) > max_len:
        raise ValueError(f"is longer than {max_len:,} characters")
    return value


def long_text(value: str, *, max_len: int = MAX_TEXT) -> str:
    """A text written at length: NFC, CR/CRLF as LF, control characters other than tab and line
    feed dropped, outer space stripped; refused when empty, with nothing visible, or with more
    than ``max_len`` characters."""
    if len(value) > 4 * max_len + 64:
        raise ValueError(f"is longer than {max_len:,} characters")
    _no_surrogate(value)
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\t\n" or not is_control(ch)).strip()
    if not value:
        raise ValueError("is empty")
    if not is_visible(value):
        raise ValueError("has no visible character")
    if len(value) > max_len:
        raise ValueError(f"is longer than {max_len:,} characters")
    return value


def number(text: str, *, max_digits: int = MAX_DIGITS) -> int:
    """A whole number people typed (ASCII or other decimal digits, such as Arabic-Indic);
    ``ValueError`` for anything else or more than ``max_digits`` digits."""
    digits = text.strip()
    if not digits or not all(unicodedata.decimal(ch, None) is not None for ch in digits):
        raise ValueError(f"not a whole number: {text[:40]!r}")
    ascii_digits = "".join(str(unicodedata.decimal(ch)) for ch in digits).lstrip("0") or "0"
    if len(ascii_digits) > max_digits:
        raise ValueError(f"a number of {len(ascii_digits):,} digits (at most {max_digits})")
    return int(ascii_digits)


def shorten(value: str, n: int = 60) -> str:
    """``value`` cut for a message (``repr`` shows its control characters)."""
    return repr(value if len(value) <= n else value[: n - 1] + "…")


__all__ = [
    "LINE_BREAKS", "MAX_AGENDA_BYTES", "MAX_ALIASES", "MAX_DIGITS", "MAX_KEYMAP_BYTES", "MAX_KEYMAP_DEPTH",
    "MAX_KEYMAP_ENTRIES", "MAX_LABEL", "MAX_LENSES", "MAX_LINE", "MAX_NAME", "MAX_PANEL", "MAX_PROBLEMS",
    "MAX_QUESTION", "MAX_QUESTIONS", "MAX_ROSTER_ROWS", "MAX_SOURCE", "MAX_SUMMARY_BYTES", "MAX_TERM",
    "MAX_TEXT", "MAX_UPDATE", "char_name",
    "has_control", "is_control", "is_visible", "long_text", "number", "one_line", "shorten", "visible",
]
