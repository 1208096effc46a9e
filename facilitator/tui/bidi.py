"""Arabic (right-to-left) text made readable on screen, for display only.

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
``auto`` is ``on`` except in the terminals just named. Precedence, strongest first: the
``override`` given to :func:`configure` (a command-line option), the ``FACILITATOR_BIDI``
environment variable, the ``bidi`` setting stored in the database (:func:`save_mode`), ``auto``.

For the composer, which keeps logical order while typing, :func:`preview_line` gives a one-line
readable preview of the end of what is being typed.
"""

from __future__ import annotations

import functools
import os
import re

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


def terminal_reorders() -> bool:
    """True in terminals known to apply the bidi algorithm themselves."""
    env = os.environ
    return bool(env.get("MLTERM") or env.get("KONSOLE_VERSION") or env.get("TERM_PROGRAM", "").lower() == "mintty")


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


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


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


@functools.lru_cache(maxsize=4096)
def _visual(text: str, base: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display  # the Python algorithm: it mirrors brackets (rule L4)

    return get_display(arabic_reshaper.reshape(text), base_dir=base)


def warm_up() -> None:
    """Import and set up the reshaper and the bidi algorithm (tens of milliseconds the first
    time): for a worker thread to call before the UI thread draws Arabic."""
    _visual("\u0633\u0644\u0627\u0645", "R")


def display_line(text: str, width: int | None = None, *, base: str | None = None) -> str:
    """One line in visual order (unchanged if it holds no right-to-left text or bidi is off).

    ``width``: cut the *logical* text to that many cells first (``…`` at its logical end), so
    the beginning of an Arabic line is what shows, on the right. ``base``: the paragraph
    direction (``"L"`` or ``"R"``) when the line is part of a longer paragraph; by default,
    that of the line itself.
    """
    text = strip_bidi_controls(text)  # an override typed in a text reorders nothing on screen
    if width is not None:
        text = truncate(text, width)
    if not active() or not has_rtl(text):
        return text
    return _visual(text, base or base_direction(text))


def display_lines(text: str, width: int, *, align: bool = False) -> list[str]:
    """Wrap the logical text to ``width`` cells first, then reorder each line for display.

    Each paragraph (``\\n``) keeps its direction on all its lines. ``align``: pad the lines of
    right-to-left paragraphs on the left so that they end at the right edge of ``width``.
    Without right-to-left text, or with bidi off, this is plain wrapping.
    """
    width = max(width, 1)
    out: list[str] = []
    on = active()
    for paragraph in strip_bidi_controls(text).split("\n"):
        lines = wrap(paragraph, width)
        if not on or not has_rtl(paragraph):
            out.extend(lines)
            continue
        base = base_direction(paragraph)
        for line in lines:
            shown = _visual(line, base) if has_rtl(line) or base == "R" else line
            if align and base == "R":
                shown = " " * max(0, width - cell_len(shown)) + shown
            out.append(shown)
    return out


def preview_line(text: str, width: int) -> str:
    """A readable one-line preview of text being typed: the end of its last paragraph (where
    the cursor usually is) in at most ``width`` cells, reordered for display if it holds Arabic.
    The composer itself keeps logical order."""
    paragraph = text.rsplit("\n", 1)[-1]
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
    "preview_line",
    "display_highlight",
]
