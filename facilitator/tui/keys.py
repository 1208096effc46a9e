"""Every key binding of the app, by id, and the user's keymap applied to them.

:func:`all_bindings` imports every module of ``facilitator.tui`` (so it is for ``facilitator
keys``, the tests and the keymap check that runs after the first frame, never for start-up)
and lists each ``Binding`` with an id: where it is, its default keys, what it does. The user's
``keymap.toml`` (``core/keymap.py``) is read at start-up and given to ``App.set_keymap``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class KeyBinding:
    id: str
    keys: str  # default keys, "ctrl+s,f2"
    description: str
    where: str  # the class it belongs to ("CaptureScreen", "Composer", "FacilitatorApp")


def all_bindings() -> list[KeyBinding]:
    """Every binding with an id in the app's screens and widgets (and the app), sorted by id."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import facilitator.tui as package

    for info in pkgutil.walk_packages(package.__path__, prefix="facilitator.tui."):
        importlib.import_module(info.name)
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


def binding_ids() -> set[str]:
    return {b.id for b in all_bindings()}




__all__ = ["KeyBinding", "all_bindings", "binding_ids"]
