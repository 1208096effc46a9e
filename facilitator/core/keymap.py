"""The user's keymap: ``keymap.toml`` in the user config folder maps binding ids to keys.

    # ~/.config/facilitator/keymap.toml
    "capture.floor" = "f9"            # one key
    "capture.save" = "ctrl+s,f2"      # or several, comma-separated

    [review]                          # a table is the same as its dotted names
    suggest = "ctrl+g"

Every binding of the app has an id (``facilitator keys`` lists them with their keys); the app
applies the file with Textual's ``App.set_keymap`` when it starts, so the footer, the help
screen and the hints show the keys in force. ``$FACILITATOR_KEYMAP`` names another file.

A file that is not valid TOML is reported with its line and ignored as a whole; an entry with
an unknown id or a value that is not keys is reported with its line and ignored, the others
apply. Nothing here imports Textual: the app gives the ids it knows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ENV = "FACILITATOR_KEYMAP"
NAME = "keymap.toml"
_KEY = re.compile(r"^[a-z0-9_]+(\+[a-z0-9_]+)*$|^[^\s,]$")


@dataclass
class Keymap:
    path: Path
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key1,key2"
    problems: list[str] = field(default_factory=list)  # "path:line: what is wrong"


def default_path() -> Path:
    override = os.environ.get(ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("facilitator")) / NAME


def _line_of(text: str, name: str) -> int | None:
    """The line where ``name`` (a dotted id, or its last part under a table) is given."""
    last = name.rsplit(".", 1)[-1]
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0]
        if re.match(rf'^\s*(?:"{re.escape(name)}"|\'{re.escape(name)}\'|{re.escape(name)}|"?{re.escape(last)}"?)\s*=',
                    stripped):
            return n
    return None


def _flatten(data: dict, prefix: str = "") -> Iterable[tuple[str, object]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def normalise_keys(value: str) -> str | None:
    """``"Ctrl+S, F2"`` -> ``"ctrl+s,f2"``; ``None`` when it is not a list of keys."""
    parts = [p.strip().lower() for p in value.split(",")]
    if not parts or any(not p or not _KEY.match(p) for p in parts):
        return None
    return ",".join(parts)


def load(known_ids: Iterable[str] | None, path: str | Path | None = None) -> Keymap:
    """Read the keymap at ``path`` (default: the user's), keeping the entries for ``known_ids``
    (``None``: every id, unchecked; the app checks them once its first screen is drawn)."""
    import tomllib

    path = Path(path) if path is not None else default_path()
    result = Keymap(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return result
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"{path}: cannot read the keymap ({getattr(exc, 'strerror', None) or exc}); "
                               "the default keys are used")
        return result
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        result.problems.append(f"{where}: not valid TOML ({str(exc).split(' (at')[0]}); "
                               "the whole keymap is ignored, the default keys are used")
        return result
    known = set(known_ids) if known_ids is not None else None
    seen_keys: dict[str, str] = {}
    for name, value in _flatten(data):
        line = _line_of(text, name)
        where = f"{path}:{line}" if line else str(path)
        if known is not None and name not in known:
            import difflib

            close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.8)
            hint = f" (did you mean {', '.join(close[:3])}?)" if close else " (facilitator keys lists the ids)"
            result.problems.append(f"{where}: no binding has the id {name!r}{hint}; ignored")
            continue
        keys = normalise_keys(value) if isinstance(value, str) else None
        if keys is None:
            result.problems.append(f"{where}: {name} = {value!r} is not a key or a list of keys "
                                   "(such as \"f9\" or \"ctrl+s,f2\"); ignored")
            continue
        for key in keys.split(","):
            if key in seen_keys and seen_keys[key].split(".")[0] == name.split(".")[0]:
                result.problems.append(f"{where}: {key} is already given to {seen_keys[key]}; "
                                       "the first one wins on that screen")
            seen_keys.setdefault(key, name)
        result.keys[name] = keys
    return result


__all__ = ["ENV", "Keymap", "NAME", "default_path", "load", "normalise_keys"]
