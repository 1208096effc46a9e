"""The rescue file: text that could not be saved to the database, kept in a plain file.

When a save is refused (the disk is full, the database file was replaced or removed, the
database is damaged) or the app quits while saves fail, the text is appended, with the time,
the session, the question and the speaker, to ``rescue.txt`` in the user data folder
(``$FACILITATOR_RESCUE`` names another file). Each entry is flushed and fsynced before the app
says where it is, so nothing typed is only in memory when the app exits.

The file is plain UTF-8, readable in any editor; entries are appended, never rewritten:

    ===== 2026-12-01 19:20:03 UTC · not saved: the disk is full: nothing was saved, ...
    session: Mitigating the impact of security threats (01JD...)
    question: Q3 How can parliaments ...
    speaker: Amina Diallo (Parliament)

    The text as typed, every line of it.

If the user data folder cannot be written (it may be on the full disk), the home folder and
then the temporary folder are tried; the path actually written is returned.

No SQLite here and no database file is touched: this is what is left when the database fails.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import FacilitatorError

ENV = "FACILITATOR_RESCUE"
NAME = "rescue.txt"


class RescueFailed(FacilitatorError):
    """The text could not be written anywhere: it is only on the screen."""


@dataclass(frozen=True)
class Entry:
    text: str
    reason: str
    session: str = ""
    question: str = ""
    speaker: str = ""

    def render(self, when: dt.datetime | None = None) -> str:
        when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        lines = [f"===== {when:%Y-%m-%d %H:%M:%S} UTC · {self.reason}"]
        for label, value in (("session", self.session), ("question", self.question), ("speaker", self.speaker)):
            if value:
                lines.append(f"{label}: {' '.join(value.split())}")
        body = self.text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        return "\n".join(lines) + "\n\n" + body + "\n\n"


def candidates() -> list[Path]:
    """Where the rescue file goes, in order of preference."""
    from .paths import NoUserFolder, expand, user_dir

    found: list[Path] = []
    override = os.environ.get(ENV, "").strip()
    if override:
        found.append(expand(override, strict=False))
    try:
        found.append(user_dir("data") / NAME)
        found.append(Path.home() / f"facilitator-{NAME}")
    except (NoUserFolder, RuntimeError):  # no home folder: the temporary folder still works
        pass
    found.append(Path(tempfile.gettempdir()) / f"facilitator-{os.getuid() if hasattr(os, 'getuid') else 'user'}-{NAME}")
    return found


def default_path() -> Path:
    return candidates()[0]


def _append(path: Path, data: bytes) -> None:
    created = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    if created and os.name == "posix":
        try:
            dfd = os.open(path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dfd)
        except OSError:
            pass
        finally:
            os.close(dfd)


_written: dict[str, Path] = {}  # texts copied in this process, and where


def _key(entry: Entry) -> str:
    import hashlib

    return hashlib.sha256(f"{entry.session}\0{entry.text.strip()}".encode("utf-8")).hexdigest()


def rescue(entries: Entry | list[Entry], *, when: dt.datetime | None = None) -> Path:
    """Append ``entries`` to the rescue file and sync it; the path written. A text already
    copied by this process is not copied again. Raises
    :class:`RescueFailed` when no candidate place could be written."""
    if isinstance(entries, Entry):
        entries = [entries]
    fresh = [e for e in entries if _key(e) not in _written]
    if not fresh:  # every text is there already (asked twice to quit, say)
        return _written[_key(entries[0])]
    data = "".join(e.render(when) for e in fresh).encode("utf-8")
    errors = []
    for path in candidates():
        try:
            _append(path, data)
            for e in fresh:
                _written[_key(e)] = path
            return path
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror or exc}")
    raise RescueFailed("the text could not be written to a rescue file (" + "; ".join(errors) + ")")


__all__ = ["ENV", "Entry", "RescueFailed", "candidates", "default_path", "rescue"]
