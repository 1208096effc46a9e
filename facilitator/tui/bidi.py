"""Arabic (right-to-left) text made readable on screen, for display only.

Textual lays text out left to right. For read-only views, a line holding Arabic is shaped
(arabic-reshaper) and reordered into visual order (python-bidi) after wrapping, so that each
screen line reads right to left. What is stored, searched and exported is never passed through
here: it stays in logical order.

``set_mode("auto" | "on" | "off")``: ``off`` for terminals that reorder by themselves.
"""

from __future__ import annotations

import os
import re
import textwrap

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_MODES = ("auto", "on", "off")
_mode = os.environ.get("FACILITATOR_BIDI", "auto")


def set_mode(mode: str) -> None:
    global _mode
    if mode not in _MODES:
        raise ValueError(f"bidi mode must be one of {', '.join(_MODES)}")
    _mode = mode


def get_mode() -> str:
    return _mode


def active() -> bool:
    # No common terminal emulator does full bidi layout for full-screen apps, so auto means on.
    return _mode != "off"


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def display_line(text: str) -> str:
    """One line in visual order (unchanged if it holds no right-to-left text or bidi is off)."""
    if not active() or not has_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def display_lines(text: str, width: int) -> list[str]:
    """Wrap the logical text to ``width`` columns first, then reorder each line for display."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        lines = textwrap.wrap(paragraph, width=max(width, 1)) or [""]
        out.extend(display_line(line) for line in lines)
    return out
