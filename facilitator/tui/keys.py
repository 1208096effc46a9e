"""Key hints from the bindings that are active now, found by binding id.

A hint such as ``r rename · M merge`` is made from the bindings of the screen's focus chain as
they are at this moment: a key remapped with ``App.set_keymap`` shows as remapped, and an
action that cannot run now (``check_action`` returns False) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.keys import key_to_character
from textual.screen import Screen


def key_text(binding: Binding) -> str:
    """How a binding's key is written in a hint: ``@``, ``M``, ``space``, ``ctrl+z``, ``f5``."""
    if binding.key_display:
        return binding.key_display
    char = key_to_character(binding.key)
    if char is not None and len(char) == 1 and char.isprintable() and not char.isspace():
        return char
    return binding.key


def active_keys(screen: Screen) -> dict[str, str]:
    """Binding id -> its key as written, for every binding active on ``screen`` now."""
    keys: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id and active.enabled and binding.id not in keys:
            keys[binding.id] = key_text(binding)
    return keys


def hints(screen: Screen, pairs: Iterable[tuple[str, str]], keys: dict[str, str] | None = None) -> str:
    """``key words · key words`` for each (binding id, words) whose binding is active."""
    keys = active_keys(screen) if keys is None else keys
    return " · ".join(f"{keys[bid]} {words}".strip() for bid, words in pairs if bid in keys)
