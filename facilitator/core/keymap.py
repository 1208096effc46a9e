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

from . import limits
from .errors import FacilitatorError

ENV = "FACILITATOR_KEYMAP"
NAME = "keymap.toml"
_KEY = re.compile(r"^[a-z0-9_]+(\+[a-z0-9_]+)*$|^[^\s,]$")


@dataclass
class Keymap:
    path: Path
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key1,key2"
    problems: list[str] = field(default_factory=list)  # "path:line: what is wrong"


def default_path() -> Path:
    """``$FACILITATOR_KEYMAP``, else ``keymap.toml`` in the user config folder
    (:class:`~.errors.FacilitatorError` when there is no home folder to find it in)."""
    from .paths import expand, user_dir

    override = os.environ.get(ENV, "").strip()
    if override:
        return expand(override)
    return user_dir("config") / NAME


_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"(?:\"[^\"\n]*\"|'[^'\n]*'|[A-Za-z0-9_\-]+)"
_ENTRY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_PARTS = re.compile(_PART)


def _dotted(key: str) -> str:
    return ".".join(part.strip("\"'") for part in _PARTS.findall(key))


def _lines(text: str) -> dict[str, int]:
    """The line where each dotted id is given (under its table), read in one pass over the file
    (a search per entry would make a file of 20,000 entries take minutes)."""
    found: dict[str, int] = {}
    table = ""
    for n, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            continue
        entry = _ENTRY.match(line)
        if entry:
            found.setdefault(f"{table}.{_dotted(entry.group(1))}" if table else _dotted(entry.group(1)), n)
    return found


def _show(name: str) -> str:
    """An id for a message: as it is, or quoted (with its escapes) when odd or long."""
    return name if name.isprintable() and len(name) <= 80 else limits.shorten(name, 80)


def _flatten(data: dict, problems: list[str], path: Path) -> list[tuple[str, object]]:
    """(dotted id, value) of every entry, without recursion; tables nested deeper than any id
    are reported and left out."""
    entries: list[tuple[str, object]] = []
    stack: list[tuple[str, dict, int]] = [("", data, 1)]
    while stack:
        prefix, table, depth = stack.pop()
        for key, value in reversed(list(table.items())):
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                if depth >= limits.MAX_KEYMAP_DEPTH:
                    problems.append(f"{path}: {limits.shorten(name, 60)} is nested more than "
                                    f"{limits.MAX_KEYMAP_DEPTH} levels deep (no binding id is); ignored")
                    continue
                stack.append((f"{name}.", value, depth + 1))
            else:
                entries.append((name, value))
                if len(entries) > limits.MAX_KEYMAP_ENTRIES:
                    return entries
    entries.reverse()
    return entries


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

    if path is not None:
        path = Path(path)
    else:
        try:
            path = default_path()
        except FacilitatorError:  # no home folder, so no user config folder: the default keys
            return Keymap(Path(NAME))
    result = Keymap(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limits.MAX_KEYMAP_BYTES + 1)
    except FileNotFoundError:
        return result
    except OSError as exc:
        result.problems.append(f"{path}: cannot read the keymap ({exc.strerror or exc}); the default keys are used")
        return result
    if len(raw) > limits.MAX_KEYMAP_BYTES:
        result.problems.append(f"{path}: larger than {limits.MAX_KEYMAP_BYTES:,} bytes, not a keymap; "
                               "the whole keymap is ignored, the default keys are used")
        return result
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw.count(b"\n", 0, exc.start) + 1
        result.problems.append(f"{path}:{bad_line}: not UTF-8 text; "
                               "the whole keymap is ignored, the default keys are used")
        return result
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        result.problems.append(f"{where}: not valid TOML ({str(exc).split(' (at')[0]}); "
                               "the whole keymap is ignored, the default keys are used")
        return result
    except RecursionError:
        result.problems.append(f"{path}: nested too deeply to be a keymap; the whole keymap is ignored, "
                               "the default keys are used")
        return result
    except ValueError:  # tomllib reads a number of thousands of digits with int(), which refuses it
        result.problems.append(f"{path}: a number of thousands of digits, not a keymap; the whole keymap is "
                               "ignored, the default keys are used")
        return result
    problems: list[str] = []
    entries = _flatten(data, problems, path)
    if len(entries) > limits.MAX_KEYMAP_ENTRIES:
        result.problems.append(f"{path}: more than {limits.MAX_KEYMAP_ENTRIES:,} entries (the app has fewer than 200 "
                               "binding ids: facilitator keys lists them); the whole keymap is ignored, the default "
                               "keys are used")
        return result
    lines = _lines(text)
    known = set(known_ids) if known_ids is not None else None
    seen_keys: dict[str, str] = {}
    for name, value in entries:
        line = lines.get(name)
        where = f"{path}:{line}" if line else str(path)
        if known is not None and name not in known:
            hint = " (facilitator keys lists the ids)"
            if len(problems) < limits.MAX_PROBLEMS and len(name) <= 100:
                import difflib

                close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.8)
                hint = f" (did you mean {', '.join(close[:3])}?)" if close else hint
            problems.append(f"{where}: no binding has the id {limits.shorten(name, 80)}{hint}; ignored")
            continue
        keys = normalise_keys(value) if isinstance(value, str) and len(value) <= 1000 else None
        if keys is None:
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:59] + "…"
            problems.append(f"{where}: {_show(name)} = {shown} is not a key "
                            "or a list of keys (such as \"f9\" or \"ctrl+s,f2\"); ignored")
            continue
        for key in keys.split(","):
            if key in seen_keys and seen_keys[key].split(".")[0] == name.split(".")[0]:
                problems.append(f"{where}: {key} is already given to {seen_keys[key]}; "
                                "the first one wins on that screen")
            seen_keys.setdefault(key, name)
        result.keys[name] = keys
    result.problems = problems[: limits.MAX_PROBLEMS]
    if len(problems) > limits.MAX_PROBLEMS:
        result.problems.append(f"{path}: and {len(problems) - limits.MAX_PROBLEMS:,} more problems")
    return result


__all__ = ["ENV", "Keymap", "NAME", "default_path", "load", "normalise_keys"]
