"""Errors the user can act on.

Every error that reaches the CLI or the TUI is a :class:`FacilitatorError`; its ``str`` is the
whole message a person reads (with the file and line where there is one). The CLI prints it to
stderr and exits with status 2.
"""

from __future__ import annotations

from pathlib import Path


class FacilitatorError(Exception):
    """Base class: a clear message, nothing written."""


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
