"""Arabic (right-to-left) text made readable on screen, for display only.

Size: ~530 lines: the mode (``auto``, ``on``, ``off``; the terminals that reorder by themselves;
about 80 lines) and the display of right-to-left text (wrap, shape, reorder, truncate, the cell map
of a text box). It stays one module because the text functions consult the mode on every call
(:func:`active`) and every widget showing user text needs both; the mode is the part to move out if
it grows.

Textual lays text out left to right, cell by cell. For read-only views (question rail,
contribution stream, clusters, previews, search results) a line holding Arabic is

1. wrapped in *logical* order first (so each screen line holds the words that belong on it),
2. shaped (arabic-reshaper: the joined forms of the letters, lam-alef ligatures), and
3. reordered into visual order (python-bidi, the Unicode Bidirectional Algorithm), with the
   paragraph's direction taken from its first strong letter, so that a line of an Arabic
   paragraph that happens to start with a Latin word still reads right to left, and with
   brackets mirrored (``(Q3)`` stays ``(Q3)`` inside Arabic text).

What is stored, searched and exported never passes through here: it stays in logical order.
Short vowels (harakat) are left out of the *display* only, because a terminal would attach
them to the wrong letter once the line is reversed.

The mode is ``auto``, ``on`` or ``off``: ``off`` for terminals that reorder by themselves
(mlterm, Konsole with its bidi option, mintty), where reordering twice would scramble the text.
``auto`` is ``on`` except in the terminals just named (:func:`terminal_reorders`). A terminal
that reorders but can be told not to (VTE: GNOME Terminal, Tilix...) is told so while the app
runs (``EXPLICIT_MODE``, sent by ``cli/cmd_open.py``). In the app the mode is the reactive
``FacilitatorApp.bidi_mode``, which sets this module's (:func:`set_mode`) and which every widget
showing user text follows; the CLI sets it from the database (``cli/output.py``). Precedence, strongest first: the
``override`` given to :func:`configure` (a command-line option), the ``FACILITATOR_BIDI``
environment variable, the ``bidi`` setting stored in the database (:func:`save_mode`), ``auto``.

Text boxes: the composer and the recommendation editor draw their text through :func:`layout`,
which also maps each logical character to its cell (``widgets/bidi_text_area.py``); a one-line
box that keeps the logical order (the search box) is shown beside it by :func:`preview_line`.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from rich.cells import cell_len

from facilitator.core.textnorm import strip_bidi_controls

MODES = ("auto", "on", "off")
ENV = "FACILITATOR_BIDI"
SETTING_KEY = "bidi"
ELLIPSIS = "…"

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# First strong character of a paragraph: a Latin-like letter or a right-to-left one.
_STRONG = re.compile(r"[^\W\d_]")


def _valid(mode: str | None) -> str | None:
    mode = (mode or "").strip().lower()
    return mode if mode in MODES else None


_mode: str = _valid(os.environ.get(ENV)) or "auto"


# --- the mode ----------------------------------------------------------------------------------


def set_mode(mode: str) -> None:
    """Set the mode for this process (``auto``, ``on`` or ``off``)."""
    global _mode
    valid = _valid(mode)
    if valid is None:
        raise ValueError(f"bidi mode must be one of {', '.join(MODES)}")
    _mode = valid


def get_mode() -> str:
    return _mode


# The terminal-bidi recommendation's modes (BDSM): implicit (the terminal reorders each line,
# its default) and explicit (it leaves the lines as the program drew them).
IMPLICIT_MODE = "\x1b[8h"
EXPLICIT_MODE = "\x1b[8l"


def _vte_version() -> int:
    try:
        return int(os.environ.get("VTE_VERSION", "0"))
    except ValueError:
        return 0


def terminal_reorders() -> bool:
    """True in terminals known to apply the bidi algorithm themselves and not to be told
    otherwise: mlterm, Konsole (its bidi rendering is on unless switched off in the profile),
    mintty; and a VTE terminal (0.58 and later: GNOME Terminal, Tilix...) seen through tmux or
    screen, which do not pass on the request to leave the lines alone (``EXPLICIT_MODE``, sent
    to a VTE terminal the app runs in directly)."""
    env = os.environ
    if env.get("MLTERM") or env.get("KONSOLE_VERSION") or env.get("TERM_PROGRAM", "").lower() == "mintty":
        return True
    return _vte_version() >= 5800 and bool(env.get("TMUX") or env.get("STY"))


def active() -> bool:
    """Whether right-to-left text is reordered for display."""
    if _mode == "auto":
        return not terminal_reorders()
    return _mode == "on"


def configure(store=None, override: str | None = None) -> str:
    """Set the mode from, in order: ``override`` (a command-line option), ``$FACILITATOR_BIDI``,
    the ``bidi`` setting of ``store``, ``auto``. Returns the mode chosen. Invalid values are
    skipped."""
    stored = None
    if store is not None:
        try:
            stored = store.get_setting(SETTING_KEY)
        except Exception:  # noqa: BLE001 - a settings read must never stop the app from starting
            stored = None
    mode = _valid(override) or _valid(os.environ.get(ENV)) or _valid(stored) or "auto"
    set_mode(mode)
    return mode


def save_mode(store, mode: str) -> None:
    """Store ``mode`` as the database's ``bidi`` setting and use it now."""
    valid = _valid(mode)
    if valid is None:
        raise ValueError(f"bidi mode must be one of {', '.join(MODES)}")
    store.set_setting(SETTING_KEY, valid)
    set_mode(valid)


def next_mode(mode: str | None = None) -> str:
    """auto → on → off → auto (for a toggle)."""
    mode = mode or _mode
    return MODES[(MODES.index(mode) + 1) % len(MODES)] if mode in MODES else "auto"


# --- text --------------------------------------------------------------------------------------


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "sd", "yi", "dv"})


def rtl_language(code: str | None) -> bool:
    """Whether the language ``code`` (``ar``, ``ar-MA``...) is written right to left."""
    return (code or "").split("-")[0].lower() in RTL_LANGUAGES


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def has_strong(text: str) -> bool:
    """Whether ``text`` has a letter (of any script): what gives a paragraph its direction."""
    return bool(_STRONG.search(text))


def base_direction(text: str) -> str:
    """``"R"`` if the first strong letter of ``text`` is right-to-left, else ``"L"``."""
    m = _STRONG.search(text)
    return "R" if m and _RTL.match(m.group()) else "L"


def truncate(text: str, width: int) -> str:
    """The beginning of ``text`` (logical order) in at most ``width`` cells, ``…`` if cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def _tail(text: str, width: int) -> str:
    """The end of ``text`` in at most ``width`` cells, ``…`` in front if cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in reversed(text):
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return ELLIPSIS + "".join(reversed(out))


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap one paragraph (logical order) to ``width`` cells; long words are split."""
    width = max(width, 1)
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        w = cell_len(word)
        if line and used + 1 + w <= width:
            line += " " + word
            used += 1 + w
            continue
        if line:
            lines.append(line)
            line, used = "", 0
        while w > width:  # a word longer than the line: cut it
            piece, pw = "", 0
            for ch in word:
                cw = cell_len(ch)
                if pw + cw > width:
                    break
                piece += ch
                pw += cw
            if not piece:  # a single character wider than the line
                piece = word[0]
            lines.append(piece)
            word = word[len(piece):]
            w = cell_len(word)
        line, used = word, w
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Layout:
    """One line of logical text as a terminal without bidi support must be given it.

    ``shown`` is what goes on screen, left to right: shaped (arabic-reshaper) and in visual order
    (python-bidi's algorithm, brackets mirrored), short vowels left out. For each *logical*
    character ``i`` of ``text``: ``cell[i]`` is the first cell of the glyph that shows it (a short
    vowel, or the second letter of a ligature such as lam-alef, shows in its letter's glyph),
    ``wide[i]`` the cells that glyph takes, ``rtl[i]`` whether it is in a right-to-left run, and
    ``own[i]`` whether it starts a glyph of its own (a place the cursor can stand before).
    """

    text: str
    shown: str
    cell: tuple[int, ...]
    wide: tuple[int, ...]
    rtl: tuple[bool, ...]
    own: tuple[bool, ...]

    @property
    def width(self) -> int:
        return cell_len(self.shown)

    def cursor_x(self, p: int) -> int:
        """The cell (in ``shown``) where a block cursor standing before logical character ``p``
        is drawn: on that character, as in a left-to-right text box (a letter typed there goes
        on its right in an Arabic run, on its left in a Latin one). At the end of the text:
        next to the last character, on the side the next letter of its script goes (left of
        an Arabic letter, right of a Latin one or of a number)."""
        n = len(self.text)
        if n == 0:
            return 0
        p = max(0, min(p, n))
        if p < n:
            return self.cell[p]
        last = n - 1
        return self.cell[last] - 1 if self.rtl[last] else self.cell[last] + self.wide[last]

    def at_cell(self, x: int) -> int:
        """The logical position a click on cell ``x`` puts the cursor at: before the character
        shown there (its glyph's first character), the nearest one when ``x`` is off the text."""
        n = len(self.text)
        best, best_d = n, None
        for p in range(n + 1):
            if p < n and not self.own[p]:
                continue
            d = abs(self.cursor_x(p) - x)
            if best_d is None or d < best_d:
                best, best_d = p, d
        return best


# Characters arabic-reshaper leaves out of its output (or folds into the letter before them).
_UNSHOWN = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
                      "\u08d4-\u08ff\u200d]")
_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")  # presentation forms: shaped letters, ligatures


def _shape(text: str) -> tuple[str, list[int], list[bool]]:
    """``arabic_reshaper.reshape(text)``, and for each logical character the index of the glyph
    that shows it and whether it starts that glyph. Found by reading the shaped text against
    the logical one (a shaped letter or ligature decomposes, NFKC, to the letters it shows)."""
    import unicodedata

    import arabic_reshaper

    shaped = arabic_reshaper.reshape(text)
    n = len(text)
    owner = [0] * n
    starts = [False] * n
    i = 0
    for k, glyph in enumerate(shaped):
        letters = unicodedata.normalize("NFKC", glyph) if _FORMS.match(glyph) else glyph
        # what the reshaper left out before this glyph belongs to the glyph before it
        while i < n and text[i] != letters[0] and _UNSHOWN.match(text[i]):
            owner[i] = max(k - 1, 0)
            i += 1
        if i >= n:
            break
        starts[i] = True
        owner[i] = k
        i += 1
        for letter in letters[1:]:  # the other letters of a ligature (and vowels among them)
            while i < n and text[i] != letter and _UNSHOWN.match(text[i]):
                owner[i] = k
                i += 1
            if i < n:
                owner[i] = k
                i += 1
    last = max(len(shaped) - 1, 0)
    for j in range(i, n):
        owner[j] = last
    return shaped, owner, starts


@functools.lru_cache(maxsize=4096)
def layout(text: str, base: str | None = None) -> Layout:
    """:class:`Layout` of one line of logical ``text`` (no line breaks) with the paragraph
    direction ``base`` (``"L"`` or ``"R"``; by default that of its first strong letter)."""
    from bidi import algorithm as uba  # the Python algorithm: it mirrors brackets (rule L4)

    base = base or base_direction(text)
    shaped, owner, starts = _shape(text)
    storage = uba.get_empty_storage()
    storage["base_level"] = uba.PARAGRAPH_LEVELS[base]
    storage["base_dir"] = base
    uba.get_embedding_levels(shaped, storage)
    for k, ch in enumerate(storage["chars"]):
        ch["k"] = k
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    chars = storage["chars"]
    shown = "".join(ch["ch"] for ch in chars)
    # each glyph's cell and direction (a glyph the algorithm drops, such as a zero-width
    # non-joiner, takes the place of the glyph before it)
    g_cell: list[int | None] = [None] * len(shaped)
    g_wide = [0] * len(shaped)
    g_rtl = [bool(storage["base_level"] % 2)] * len(shaped)
    x = 0
    for ch in chars:
        w = cell_len(ch["ch"])
        g_cell[ch["k"]], g_wide[ch["k"]], g_rtl[ch["k"]] = x, w, bool(ch["level"] % 2)
        x += w
    last_cell, last_rtl = 0, g_rtl[0] if g_rtl else False
    for k in range(len(shaped)):
        cell = g_cell[k]
        if cell is None:
            g_cell[k], g_rtl[k] = last_cell, last_rtl
        else:
            last_cell, last_rtl = cell, g_rtl[k]
    cells = [g_cell[k] or 0 for k in owner]
    return Layout(
        text=text,
        shown=shown,
        cell=tuple(cells),
        wide=tuple(g_wide[k] for k in owner),
        rtl=tuple(g_rtl[k] for k in owner),
        own=tuple(s and g_wide[owner[i]] > 0 for i, s in enumerate(starts)),
    )


def _visual(text: str, base: str) -> str:
    return layout(text, base).shown


def warm_up() -> None:
    """Import and set up the reshaper and the bidi algorithm (tens of milliseconds the first
    time): for a worker thread to call before the UI thread draws Arabic."""
    _visual("\u0633\u0644\u0627\u0645", "R")


_ISOLATE = re.compile("[\u2066-\u2069]")
LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"


def embed_isolates(text: str) -> str:
    """``text`` with its isolates (LRI, RLI, FSI ... PDI) made embeddings (LRE, RLE ... PDF),
    character for character (the same length: indexes and styles stay where they were).

    The documents the app writes isolate what keeps its own direction in a line of the other
    one (a date, a reference, a user's text in an Arabic report: ``2026-12-07`` read as one
    number, not as three). The bidi algorithm used here knows embeddings, not isolates (Unicode
    6.3); an embedding keeps such a run in its direction the same way. An FSI takes the
    direction of the first letter it isolates."""
    if not _ISOLATE.search(text):
        return text
    out = list(text)
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\u2066":
            out[i] = LRE
        elif ch == "\u2067":
            out[i] = RLE
        elif ch == "\u2068":
            opened.append(i)
            continue
        elif ch == "\u2069":
            out[i] = PDF
            if opened:
                start = opened.pop()
                out[start] = RLE if base_direction(strip_bidi_controls(text[start + 1:i])) == "R" else LRE
            continue
        else:
            continue
    for start in opened:  # an FSI never closed: to the end of the line
        out[start] = RLE if base_direction(strip_bidi_controls(text[start + 1:])) == "R" else LRE
    return "".join(out)


def _for_display(text: str, document: bool) -> str:
    """An override typed in a user's text reorders nothing on screen (dropped); a document's
    isolates keep their runs in place (``document``: :func:`embed_isolates`)."""
    return embed_isolates(text) if document else strip_bidi_controls(text)


def display_line(text: str, width: int | None = None, *, base: str | None = None, document: bool = False) -> str:
    """One line in visual order (unchanged if it holds no right-to-left text or bidi is off).

    ``width``: cut the *logical* text to that many cells first (``…`` at its logical end), so
    the beginning of an Arabic line is what shows, on the right. ``base``: the paragraph
    direction (``"L"`` or ``"R"``) when the line is part of a longer paragraph; by default,
    that of the line itself. ``document``: a line of a document the app wrote, whose isolates
    are kept (see :func:`embed_isolates`); else bidi controls are dropped.
    """
    text = _for_display(text, document)
    if width is not None:
        text = truncate(text, width)
    if not active() or not has_rtl(text):
        return strip_bidi_controls(text) if document else text
    return _visual(text, base or base_direction(text))


def display_lines(text: str, width: int, *, align: bool = False, document: bool = False) -> list[str]:
    """Wrap the logical text to ``width`` cells first, then reorder each line for display.

    Each paragraph (``\\n``) keeps its direction on all its lines. ``align``: pad the lines of
    right-to-left paragraphs on the left so that they end at the right edge of ``width``.
    Without right-to-left text, or with bidi off, this is plain wrapping. ``document``: as for
    :func:`display_line`.
    """
    width = max(width, 1)
    out: list[str] = []
    on = active()
    for paragraph in _for_display(text, document).split("\n"):
        lines = wrap(paragraph, width)
        if not on or not has_rtl(paragraph):
            out.extend(strip_bidi_controls(line) for line in lines)
            continue
        base = base_direction(strip_bidi_controls(paragraph))
        for line in lines:
            shown = _visual(line, base) if has_rtl(line) or base == "R" else strip_bidi_controls(line)
            if align and base == "R":
                shown = " " * max(0, width - cell_len(shown)) + shown
            out.append(shown)
    return out


def preview_line(text: str, width: int) -> str:
    """A readable one-line preview of text being typed: the end of its last paragraph (where
    the cursor usually is) in at most ``width`` cells, reordered for display if it holds Arabic.
    The composer itself keeps logical order."""
    paragraph = strip_bidi_controls(text).rsplit("\n", 1)[-1]
    tail = _tail(paragraph, width)
    if not active() or not has_rtl(tail):
        return tail
    return _visual(tail, base_direction(paragraph))


def display_highlight(
    text: str, spans, width: int | None = None, *, base: str | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """:func:`display_line` of ``text`` with the spans (logical indexes into ``text``, whole
    words) moved to where those words are on screen, for highlighting search matches."""
    spans = [tuple(s) for s in spans]
    if width is not None:
        cut = truncate(text, width)
        if cut != text:
            limit = len(cut) - 1
            spans = [(a, min(b, limit)) for a, b in spans if a < limit]
            text = cut
    if not active() or not has_rtl(text):
        return text, spans
    base = base or base_direction(text)
    shown = _visual(text, base)
    found: list[tuple[int, int]] = []
    for word in dict.fromkeys(text[a:b] for a, b in spans):
        if not word.strip():
            continue
        target = _visual(word, base) if has_rtl(word) else word
        start = shown.find(target)
        while target and start != -1:
            found.append((start, start + len(target)))
            start = shown.find(target, start + len(target))
    return shown, sorted(set(found))


__all__ = [
    "MODES",
    "set_mode",
    "get_mode",
    "active",
    "configure",
    "save_mode",
    "next_mode",
    "terminal_reorders",
    "has_rtl",
    "base_direction",
    "truncate",
    "wrap",
    "display_line",
    "display_lines",
    "embed_isolates",
    "preview_line",
    "display_highlight",
]
