"""Every key binding of the app, by id; the user's keymap applied to them; key hints.

:func:`all_bindings` imports every module of ``facilitator.tui`` (so it is for ``facilitator
keys``, the tests and the keymap check that runs after the first frame, never for start-up)
and lists each ``Binding`` with an id: where it is, its default keys, what it does. The user's
``keymap.toml`` (``core/keymap.py``) is read at start-up and given to ``App.set_keymap``.

A hint such as ``r rename · M merge`` is made (:func:`hints`) from the bindings of the screen's
focus chain as they are at this moment: a key remapped with ``App.set_keymap`` shows as
remapped, and an action that cannot run now (``check_action`` returns False) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import REPLACED_KEYS, key_to_character
from textual.screen import Screen


@dataclass(frozen=True)
class KeyBinding:
    id: str
    keys: str  # default keys, "ctrl+s,f2"
    description: str
    where: str  # the class it belongs to ("CaptureScreen", "Composer", "FacilitatorApp")


def all_bindings() -> list[KeyBinding]:
    """Every binding with an id in the app's screens and widgets (and the app), sorted by id."""
    from textual.dom import DOMNode

    from .idle import import_screen, tui_modules

    for name in tui_modules():
        import_screen(name)
    found: dict[str, KeyBinding] = {}
    seen: set[type] = set()
    stack = [DOMNode]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            if not sub.__module__.startswith("facilitator."):
                continue
            for b in sub.__dict__.get("BINDINGS", ()):
                if isinstance(b, Binding) and b.id:
                    found.setdefault(b.id, KeyBinding(b.id, b.key, b.tooltip or b.description or b.action,
                                                      sub.__name__))
    return sorted(found.values(), key=lambda k: k.id)


def short(keys: str) -> str:
    """How a hint on screen writes keys: the first of them, ``ctrl+x`` as ``^x``."""
    first = keys.split(",")[0].strip()
    return f"^{first[5:]}" if first.startswith("ctrl+") and len(first) == 6 else first


def binding_ids() -> set[str]:
    return {b.id for b in all_bindings()}


def key_shown(key: str) -> str:
    """How a key is written for people: the character it types (``at`` is ``@``, ``slash``
    ``/``), else its name (``space``, ``ctrl+z``, ``f5``)."""
    char = key_to_character(REPLACED_KEYS.get(key, key))  # at -> commercial_at -> @
    if char is not None and len(char) == 1 and char.isprintable() and not char.isspace():
        return char
    return key


def key_text(binding: Binding) -> str:
    """How a binding's key is written in a hint: ``@``, ``M``, ``space``, ``ctrl+z``, ``f5``."""
    if binding.key_display:
        return binding.key_display
    return key_shown(binding.key)


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


__all__ = ["KeyBinding", "active_keys", "all_bindings", "binding_ids", "hints", "key_shown", "key_text", "short"]
