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

If that file cannot be written (``$FACILITATOR_RESCUE`` in a folder that cannot be written, the
user data folder on the full disk), the user data folder, the home folder and then the
temporary folder are tried in turn; the path actually written is returned, and
:func:`describe` says where it went and why the places before it were passed over. A place
that fails is left as it was: no empty ``rescue.txt`` and no half-written entry stay behind
(the file is cut back to its size before, or removed if it was made for this entry).

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
    """Where the rescue file goes, in order of preference: ``$FACILITATOR_RESCUE``, the user
    data folder, the home folder, the temporary folder (without a home folder, the last)."""
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
    """Append ``data`` and sync it; on any failure the file is as it was before (cut back to
    its size, or removed if this call made it, with the folder it made)."""
    made_dirs = [p for p in reversed(path.parents) if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o600)
        created = True
    except FileExistsError:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        created = False
    except OSError:
        _remove_dirs(made_dirs)
        raise
    size = 0 if created else os.fstat(fd).st_size
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except OSError:
        try:
            os.ftruncate(fd, size)  # no half entry left behind
        except OSError:
            pass
        os.close(fd)
        if created:
            try:
                os.unlink(path)  # no empty rescue.txt left behind
            except OSError:
                pass
            _remove_dirs(made_dirs)
        raise
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


def _remove_dirs(made: list[Path]) -> None:
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            return


_passed_over: dict[Path, list[str]] = {}  # path written -> the places tried before it, and why not


def describe(path: Path) -> str:
    """Where the text went, and why the places before it were passed over:
    ``/tmp/facilitator-0-rescue.txt (/media/usb/rescue.txt could not be written: No space left on device)``."""
    before = _passed_over.get(Path(path))
    return f"{path} ({'; '.join(before)})" if before else str(path)


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
    data = "".join(e.render(when) for e in fresh).encode("utf-8", "backslashreplace")
    errors = []
    for path in candidates():
        try:
            _append(path, data)
        except OSError as exc:
            errors.append(f"{path} could not be written: {exc.strerror or exc}")
            continue
        for e in fresh:
            _written[_key(e)] = path
        _passed_over[path] = errors
        return path
    raise RescueFailed("the text could not be written to a rescue file (" + "; ".join(errors) + ")")


__all__ = ["ENV", "Entry", "RescueFailed", "candidates", "default_path", "describe", "rescue"]
