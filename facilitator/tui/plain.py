"""User text on screen, never as markup.

Textual reads a ``str`` given to ``Static``, ``Label``, an ``Option``, a ``DataTable`` cell, a
tree label or a border title as *markup*: ``Bad [/x] Name`` would crash the screen and
``[@click=app.quit]`` would become a link. Everything that can hold what people typed (names,
contributions, titles, labels, recommendations, file names) goes through :func:`plain` first.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from facilitator.core.textnorm import strip_bidi_controls


def plain(value, style: str = "") -> Text | Content:
    """``value`` as literal text (a ``Text`` or ``Content`` is returned as it is)."""
    if isinstance(value, (Text, Content)):
        return value
    # a bidirectional override in what people typed would reorder the screen after it
    return Text("" if value is None else strip_bidi_controls(str(value)), style=style)


__all__ = ["plain"]
