"""Errors the user can act on.

Every error that reaches the CLI or the TUI is a :class:`FacilitatorError`; its ``str`` is the
whole message a person reads (with the file and line where there is one). The CLI prints it to
stderr and exits with status 2.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class FacilitatorError(Exception):
    """Base class: a clear message, nothing written."""

    def __rich__(self):
        """How the app shows this error if it ever escapes a screen: the message, never a
        traceback (Textual renders an exception with ``__rich__`` instead of its traceback)."""
        from rich.text import Text

        return Text(f"facilitator: error: {self}", style="bold red")


class InputError(FacilitatorError):
    """Bad input from a file, with the file and (where known) the line it is on."""

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


class AgendaError(InputError):
    """A malformed agenda file."""


class NotFound(FacilitatorError):
    """No session, question, participant... matches what was asked for."""


class Ambiguous(FacilitatorError):
    """A prefix or name matches more than one thing."""


class StoreError(FacilitatorError):
    """The database cannot be used (corrupt, foreign, newer schema, disk full, locked)."""

    def __init__(self, message: str, path: str | Path | None = None):
        self.path = str(path) if path is not None else None
        super().__init__(message)


class CorruptDatabase(StoreError):
    pass


class ForeignDatabase(StoreError):
    pass


class NewerSchema(StoreError):
    pass


class WriteFailed(StoreError):
    """A write did not reach the disk (disk full, file gone, database locked)."""


class FileDiffers(FacilitatorError):
    """The file to write exists with other content (it may hold hand edits): not replaced
    without ``--force`` (the screens ask for a second ctrl+s)."""

    def __init__(self, message: str, path: str | Path, *, an_input: bool = False):
        self.path = Path(path)
        self.an_input = an_input  # one of the files being merged
        super().__init__(message)


class DatabaseBusy(WriteFailed):
    """Another window or program held the database longer than this write would wait."""


class DiskFull(WriteFailed):
    """The disk (or the user's quota) is full."""


class ReadOnlyDatabase(WriteFailed):
    """The file or its folder cannot be written; commands that only read still work."""


class FileChanged(WriteFailed):
    """The path no longer names the file this connection has open (replaced, removed, or its
    ``-wal`` deleted): writing on would write into a file nobody will read again."""


class JournalDeleted(StoreError, sqlite3.DatabaseError):
    """The ``-wal`` of the database was deleted while another program has it open: the file is
    not damaged, and the saves that program made are in the journal it still holds (SQLite
    copies them into the file when it closes). Not a :class:`CorruptDatabase`: neither a copy
    from ``backups/`` (older) nor a new database is the answer."""


class UnreadableDatabase(StoreError, sqlite3.DatabaseError):
    """The disk refused to read the file (an I/O error): the file is not known to be damaged
    (the drive may be unplugged, the folder on a network, the disk failing)."""


class DamagedDatabase(CorruptDatabase, sqlite3.DatabaseError):
    """SQLite found damage while reading (``database disk image is malformed``). Also an
    ``sqlite3.DatabaseError``, so code that handles SQLite errors still does."""


class EditConflict(FacilitatorError):
    """A text changed (in another window, by a command, by an import) while it was being
    edited: the edit was not applied. ``theirs`` is the text as it is now."""

    def __init__(self, message: str, theirs: str):
        self.theirs = theirs
        super().__init__(message)


class LooksLikeSpeech(FacilitatorError):
    """A name, title, organization or stakeholder group that reads like a sentence (speech typed
    in the wrong box): refused unless confirmed."""

    def __init__(self, kind: str, value: str, why: str):
        self.kind, self.value, self.why = kind, value, why
        shown = value if len(value) <= 60 else value[:59] + "…"
        super().__init__(f"the {kind} {shown!r} reads like a sentence, not a {kind} ({why})")
