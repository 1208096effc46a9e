"""What the export and merge screens share: writing a document where the user asked.

A screen that mixes in :class:`WritesDocument` has a format (``self.fmt``, cycled by
:meth:`next_format`, which also changes the file name's extension in its path box) and calls
:meth:`write_document` with a function that makes the file's bytes. The bytes are made and
written in a worker thread (pandoc for Word and HTML can take seconds). A file that exists and
differs (it may hold hand edits) is replaced only on a second ``ctrl+s``; the database itself is
never written over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:
    from .base import AppScreen

    _Screen = AppScreen
else:
    _Screen = object

FORMATS = (("md", "Markdown"), ("docx", "Word"), ("html", "HTML"))


class WritesDocument(_Screen):
    """Mixed into a ``Screen`` that has ``_status(text)`` and an ``Input`` with ``PATH_BOX`` as id."""

    if TYPE_CHECKING:
        def _status(self, text: str) -> None: ...

    PATH_BOX = ""  # the id of the file name box
    WRITTEN_TITLE = "Written"  # the notification's title
    fmt = "md"
    confirm_overwrite: Path | None = None
    written: Path | None = None

    def next_format(self) -> None:
        """The next format; the file name in the box follows it (``x.md`` -> ``x.docx``)."""
        from facilitator.core.summary.formats import with_suffix
        from textual.widgets import Input

        order = [f for f, _ in FORMATS]
        old = self.fmt
        self.fmt = order[(order.index(old) + 1) % len(order)]
        box = self.query_one(f"#{self.PATH_BOX}", Input)
        if box.value.endswith(f".{old}"):
            box.value = with_suffix(box.value[: -len(old) - 1] + ".md", self.fmt)
        self.confirm_overwrite = None

    def write_document(self, path: Path, make: Callable[[], bytes], *, allowed: set[Path] | frozenset = frozenset()) -> None:
        """Make the bytes (``make``, in a worker thread) and write them to ``path``."""
        self._status(f"Writing {path}…")
        self._write_document(path, make, self.confirm_overwrite == path, allowed)

    @work(thread=True, exclusive=True, group="write-document")
    def _write_document(self, path: Path, make, force: bool, allowed) -> None:
        from facilitator.core.errors import FacilitatorError, FileDiffers
        from facilitator.core.export import write_text_file

        try:
            written = write_text_file(path, make(), force=force, allowed=allowed, database=self.app.store.path)
        except FileDiffers:
            self.app.call_from_thread(self._file_differs, path)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._status, f"Not written: {exc}")
        else:
            self.app.call_from_thread(self._document_written, written)

    def write_streamed(self, path: Path, write: Callable[[Path, bool, str | Path], Path | None]) -> None:
        """Write ``path`` with ``write(path, force, database)`` (in a worker thread), which makes
        the file as it writes it (a large document is never whole in memory) and keeps the rules of
        :func:`~facilitator.core.export.write_file`."""
        self._status(f"Writing {path}…")
        self._write_streamed(path, write, self.confirm_overwrite == path)

    @work(thread=True, exclusive=True, group="write-document")
    def _write_streamed(self, path: Path, write, force: bool) -> None:
        from facilitator.core.errors import FacilitatorError, FileDiffers

        try:
            written = write(path, force, self.app.store.path)
        except FileDiffers:
            self.app.call_from_thread(self._file_differs, path)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._status, f"Not written: {exc}")
        else:
            self.app.call_from_thread(self._document_written, written or path)

    def _file_differs(self, path: Path) -> None:
        self.confirm_overwrite = path
        self._status(f"{path} exists and differs (it may hold hand edits). Press ctrl+s again to replace it.")

    def _document_written(self, written: Path) -> None:
        self.confirm_overwrite = None
        self.written = written
        self._status(f"Written: {written}")
        self.notify(f"Written to {written}", title=self.WRITTEN_TITLE)


__all__ = ["FORMATS", "WritesDocument"]
