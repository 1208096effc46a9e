"""What the export and merge screens share: writing a document where the user asked.

A screen based on :class:`WritesDocument` has a format (``self.fmt``, cycled by
:meth:`next_format`, which also changes the file name's extension in its path box) and calls
:meth:`write_document` with a function that makes the file's bytes. The bytes are made and
written in a worker thread (pandoc for Word and HTML can take seconds), which tells the screen
by messages. A file that exists and differs (it may hold hand edits) is replaced only on a
second ``ctrl+s``; the database itself is never written over.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.message import Message

from facilitator.tui.background import Tell, run_for

from .base import AppScreen

FORMATS = (("md", "Markdown"), ("docx", "Word"), ("html", "HTML"))


class DocumentWritten(Message):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class DocumentDiffers(Message):
    """A different file is there: it is replaced only when asked again."""

    def __init__(self, path: Path, an_input: bool = False) -> None:
        super().__init__()
        self.path = path
        self.an_input = an_input  # one of the files being merged


class DocumentFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


def write_in_thread(path: Path, make: Callable[[], bytes], force: bool, inputs: set[Path] | frozenset[Path],
                    database: Path, tell: Tell) -> None:
    """In a worker thread: make the bytes and write them (atomically) to ``path``."""
    from facilitator.core.errors import FacilitatorError, FileDiffers
    from facilitator.core.export import write_text_file

    try:
        written = write_text_file(path, make(), force=force, inputs=inputs, database=database)
    except FileDiffers as exc:
        tell(DocumentDiffers(path, exc.an_input))
    except FacilitatorError as exc:
        tell(DocumentFailed(f"Not written: {exc}"))
    else:
        tell(DocumentWritten(written))


def write_streamed_in_thread(path: Path, write: Callable[[Path, bool, str | Path], Path | None], force: bool,
                             database: Path, tell: Tell) -> None:
    """In a worker thread: ``write`` makes the file as it writes it (see :meth:`WritesDocument.write_streamed`)."""
    from facilitator.core.errors import FacilitatorError, FileDiffers

    try:
        written = write(path, force, database)
    except FileDiffers as exc:
        tell(DocumentDiffers(path, exc.an_input))
    except FacilitatorError as exc:
        tell(DocumentFailed(f"Not written: {exc}"))
    else:
        tell(DocumentWritten(written or path))


class WritesDocument(AppScreen):
    """A base of a screen that has ``_status(text)`` and an ``Input`` with ``PATH_BOX`` as id."""

    PATH_BOX = ""  # the id of the file name box
    WRITTEN_TITLE = "Written"  # the notification's title
    WRITE_KEY = ""  # the id of the binding that writes
    FORMAT_KEY = ""  # the id of the binding that chooses the format (t)
    fmt = "md"
    confirm_overwrite: Path | None = None
    written: Path | None = None

    def _status(self, text: str) -> None:
        raise NotImplementedError

    def next_format(self) -> None:
        """The next format; the file name in the box follows it (``x.md`` -> ``x.docx``)."""
        from textual.widgets import Input

        from facilitator.core.summary.formats import with_suffix

        order = [f for f, _ in FORMATS]
        old = self.fmt
        self.fmt = order[(order.index(old) + 1) % len(order)]
        box = self.query_one(f"#{self.PATH_BOX}", Input)
        if box.value.endswith(f".{old}"):
            box.value = with_suffix(box.value[: -len(old) - 1] + ".md", self.fmt)
        self.confirm_overwrite = None

    def target(self, raw: str) -> Path | None:
        """The file named in the box (``raw``, stripped), if its name agrees with the format chosen:
        a name that says another format (``x.pdf``) or another of the three (``x.docx`` while
        Markdown is chosen) is refused on the status line in the commands' words (one check:
        :func:`~facilitator.core.summary.formats.format_of`), and None: nothing is written."""
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.paths import expand
        from facilitator.core.summary.formats import format_of

        if not raw:
            self._status("Give a file name first.")
            return None
        path = expand(raw, strict=False)
        try:
            format_of(path, self.fmt, key=self.key_hint(self.FORMAT_KEY))
        except FacilitatorError as exc:
            self._status(str(exc))
            return None
        return path

    def write_document(self, path: Path, make: Callable[[], bytes], *,
                       inputs: set[Path] | frozenset[Path] = frozenset()) -> None:
        """Make the bytes (``make``, in a worker thread: it must not touch the screen) and write
        them to ``path`` (never over one of ``inputs``, the files being merged, without a second
        ``ctrl+s``)."""
        self._status(f"Writing {path}…")
        database = self.app.store.path
        run_for(self, partial(write_in_thread, path, make, self.confirm_overwrite == path, inputs, database),
                group="write-document", description=f"write {path.name}")

    def on_document_differs(self, message: DocumentDiffers) -> None:
        self.confirm_overwrite = message.path
        what = "is one of the files being merged" if message.an_input else "exists and differs"
        self._status(f"{message.path} {what} (it may hold hand edits). Press {self.key_hint(self.WRITE_KEY)} again "
                     "to replace it.")

    def on_document_failed(self, message: DocumentFailed) -> None:
        self._status(message.message)

    def write_streamed(self, path: Path, write: Callable[[Path, bool, str | Path], Path | None]) -> None:
        """Write ``path`` with ``write(path, force, database)`` (in a worker thread), which makes
        the file as it writes it (a large document is never whole in memory) and keeps the rules of
        :func:`~facilitator.core.export.write_file`."""
        self._status(f"Writing {path}…")
        database = self.app.store.path
        run_for(self, partial(write_streamed_in_thread, path, write, self.confirm_overwrite == path, database),
                group="write-document", description=f"write {path.name}")

    def on_document_written(self, message: DocumentWritten) -> None:
        self.confirm_overwrite = None
        self.written = message.path
        self._status(f"Written: {message.path}")
        self.notify(f"Written to {message.path}", title=self.WRITTEN_TITLE)


__all__ = ["FORMATS", "WritesDocument"]
