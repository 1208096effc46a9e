"""Export a session's summary (``facilitator export``): Markdown, Word or HTML.

Heavy: import this module only when exporting. The format is described in
``exports/README.md``; the work is done in :mod:`facilitator.core.summary` (Word and HTML in
:mod:`facilitator.core.summary.formats`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import FacilitatorError
from .summary.fromdb import load_doc
from .summary.render import render


def export_session(store, session_id: str, anonymous: bool = False, *, group_by: str | None = None,
                   include_dropped: bool = False, lang: str | None = None, form: str = "record",
                   statuses: tuple[str, ...] | None = None, write: Callable[[str], object] | None = None) -> str:
    """The session's summary as Markdown text (the same data gives the same text).

    ``group_by``: the recommendations in one numbered list (None), or grouped by
    ``"addressee"``, ``"question"`` or ``"area"``; ``include_dropped``: list the dropped ones too;
    ``lang``: the language of the document's fixed words (default: the session's); ``form``:
    ``record`` (the working record, read back by import and merge) or ``outcome`` (the document
    to send); ``statuses``: the recommendations an outcome lists (default: the agreed ones);
    ``write``: the text is handed to it in pieces as it is made, and "" is returned (see
    :class:`~.summary.render.Lines`; the export screen keeps only its preview)."""
    return render(load_doc(store, session_id), anonymous=anonymous, group_by=group_by, include_dropped=include_dropped,
                  lang=lang, form=form, statuses=statuses, write=write)


def doc_language(doc, lang: str | None = None) -> str:
    """The language a document is written in: ``lang`` if given, else its sessions' (when they
    agree), else English."""
    if lang:
        return lang
    from .summary.render import document_language

    return document_language(doc)


def document_bytes(doc, markdown: str, fmt: str = "md", *, anonymous: bool = False, lang: str | None = None,
                   where: str = "the document") -> bytes:
    """``markdown`` (the rendering of ``doc``) as a file of format ``fmt``; an anonymous one is
    checked for any roster name left in its text, and refused (nothing to write) if so."""
    from .summary.formats import check_withheld, convert
    from .summary.render import withheld_names

    updated = max((s.updated for s in doc.sessions if s.updated), default=None)
    data = convert(markdown, fmt, language=doc_language(doc, lang), updated=updated)
    if anonymous:
        check_withheld(data, fmt, withheld_names(doc), where)
    return data


def export_document(store, session_id: str, fmt: str = "md", *, anonymous: bool = False, group_by: str | None = None,
                    include_dropped: bool = False, where: str = "the export", lang: str | None = None,
                    form: str = "record", statuses: tuple[str, ...] | None = None) -> bytes:
    """The session's summary as a file's bytes: Markdown, Word (``docx``) or HTML (made as
    :func:`write_export` makes the file, then read: for callers that want the bytes)."""
    doc = load_doc(store, session_id)
    with tempfile.TemporaryFile() as out:
        write_document(doc, out, fmt, anonymous=anonymous, group_by=group_by, include_dropped=include_dropped,
                       where=where, lang=lang, form=form, statuses=statuses)
        out.seek(0)
        return out.read()


def write_export(store, session_id: str, path: str | Path | None, fmt: str = "md", *, anonymous: bool = False,
                 group_by: str | None = None, include_dropped: bool = False, lang: str | None = None,
                 form: str = "record", statuses: tuple[str, ...] | None = None, force: bool = False,
                 inputs: set[Path] | frozenset = frozenset(), database: str | Path | None = None,
                 stdout: BinaryIO | None = None) -> Path | None:
    """Write the session's summary to ``path`` (Markdown, Word or HTML) as it is made: the file
    is never whole in memory (see :func:`write_document`). It goes to a temporary file beside
    ``path``, renamed into place once complete and checked, as :func:`write_text_file` does (an
    existing file with other content is refused unless ``force``; the database is never written
    over). ``path`` None: to ``stdout``, once complete and checked."""
    doc = load_doc(store, session_id)

    def produce(out: BinaryIO) -> None:
        write_document(doc, out, fmt, anonymous=anonymous, group_by=group_by, include_dropped=include_dropped,
                       where=str(path or "stdout"), lang=lang, form=form, statuses=statuses)

    if path is None:
        with tempfile.TemporaryFile() as out:
            produce(out)
            out.seek(0)
            target = stdout if stdout is not None else sys.stdout.buffer
            shutil.copyfileobj(out, target)
            target.flush()
        return None
    return write_file(path, produce, force=force, inputs=inputs, database=database)


def write_document(doc, out: BinaryIO, fmt: str = "md", *, anonymous: bool = False, group_by: str | None = None,
                   include_dropped: bool = False, where: str = "the document", lang: str | None = None,
                   form: str = "record", statuses: tuple[str, ...] | None = None) -> None:
    """``doc`` rendered into ``out`` (a binary file open for writing and reading) as ``fmt``, in
    pieces as it is made. Markdown is written as it is rendered; Word and HTML are made by pandoc
    from the Markdown, which goes to a temporary file first and is read back line by line. An
    anonymous document is checked for any roster name left in its text as it is written
    (Markdown) or once pandoc wrote it (read back in pieces); a name left raises
    :class:`~.summary.formats.NamesLeft`, and the caller drops what was written."""
    from .summary.formats import WithheldCheck, convert_lines, file_text, markdown_line_text
    from .summary.render import withheld_names

    def to(write: Callable[[str], object]) -> None:
        render(doc, anonymous=anonymous, group_by=group_by, include_dropped=include_dropped, lang=lang, form=form,
               statuses=statuses, write=write)

    if fmt == "md":
        check = WithheldCheck(withheld_names(doc), "md", where) if anonymous else None

        def write(piece: str) -> None:
            out.write(piece.encode("utf-8"))
            if check is not None:
                for line in piece.split("\n")[:-1]:
                    check.add(markdown_line_text(line))

        to(write)
        if check is not None:
            check.add("")  # what follows the last line feed
            check.finish()
        return
    if fmt not in ("docx", "html"):
        raise FacilitatorError(f"unknown format {fmt!r} (known: md, docx, html)")
    updated = max((s.updated for s in doc.sessions if s.updated), default=None)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as markdown:
        to(markdown.write)
        size = markdown.tell()
        markdown.seek(0)
        convert_lines(_lines_of(markdown), fmt, out, language=doc_language(doc, lang), updated=updated, size=size)
    if anonymous:
        out.flush()
        out.seek(0)
        check = WithheldCheck(withheld_names(doc), fmt, where)
        for line in file_text(out, fmt):
            check.add(line)
        check.finish()


def _lines_of(text_file) -> Iterator[str]:
    """The lines of a text file as ``text.split("\\n")`` gives them (the last one: what follows
    the last line feed)."""
    last = ""
    for line in text_file:
        last = line
        yield line[:-1] if line.endswith("\n") else line
    if not last or last.endswith("\n"):
        yield ""


def _is_one_of(path: Path, files: set[Path] | frozenset) -> bool:
    """``path`` names one of ``files`` (by its resolved name, or the same file under another name)."""
    for f in files:
        try:
            if path.resolve() == Path(f).resolve() or os.path.samefile(path, f):
                return True
        except OSError:
            continue
    return False


def slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > 60:
            break
        out = f"{out}-{w}" if out else w
    return out or fallback


def default_export_name(store, session_id: str, anonymous: bool = False, fmt: str = "md", form: str = "record") -> str:
    """``<date>-<slug>[-<room>][-outcome][-anonymous].<fmt>``: two rooms of one agenda get two names."""
    from .summary.rooms import session_room

    s = store.session(session_id)
    name = f"{s.date.isoformat()}-{slug(s.title, 'session-' + session_id[:8])}"
    room = session_room(store, session_id)
    if room:
        name += "-" + slug(room, "room")
    return name + ("-outcome" if form == "outcome" else "") + ("-anonymous" if anonymous else "") + f".{fmt}"


def write_text_file(path: str | Path, text: str | bytes, *, force: bool = False,
                    inputs: set[Path] | frozenset = frozenset(), database: str | Path | None = None) -> Path:
    """Write ``text`` (or bytes) to ``path`` atomically (a temporary file renamed into place).

    An existing file with other content is refused (:class:`FileDiffers`) unless ``force`` (it
    may hold hand edits); one of ``inputs`` (the files a merge reads) is refused with a message
    of its own, also unless ``force``: a room's hand-edited record replaced by the report made
    from it is the worst way to lose work. The ``database`` (and its ``-wal``, ``-shm``,
    ``-journal``) is never written over, even with ``force``, and never opened to compare (see
    ``core/dbfile.py``).
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    _check_target(path, database)
    if path.exists():  # known before anything is written: an unchanged file is left as it is
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if same:
            return path
        if not force:
            raise _differs(path, inputs)
    return write_file(path, lambda out: out.write(data), force=True, database=database)


def write_file(path: str | Path, produce: Callable[[BinaryIO], object], *, force: bool = False,
               inputs: set[Path] | frozenset = frozenset(), database: str | Path | None = None) -> Path:
    """Write to ``path`` what ``produce`` writes into the binary file it is given (open for
    writing and reading), atomically: into a temporary file beside ``path``, synced, then renamed
    into place. The rules of :func:`write_text_file`: an existing file with other content is
    refused unless ``force``, one of ``inputs`` with a message of its own (an existing file with
    the same content is left as it is), the database is never written over. Nothing is left behind when ``produce`` raises."""
    path = Path(path)
    _check_target(path, database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FacilitatorError(f"{path}: cannot write the file ({exc.strerror}); nothing was written") from None
    try:
        with os.fdopen(fd, "w+b") as fh:
            produce(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if path.exists():
            if _same_content(tmp, path):
                os.unlink(tmp)
                return path
            if not force:
                raise _differs(path, inputs)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FacilitatorError(f"{path}: cannot write the file ({exc.strerror}); nothing was written") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def _check_target(path: Path, database: str | Path | None) -> None:
    """Refuse a folder, and the database itself (or its ``-wal``, ``-shm``, ``-journal``)."""
    from .dbfile import identity

    if path.is_dir():
        raise FacilitatorError(f"{path}: is a directory; give a file name")
    target = identity(path)
    if database is not None and target is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if identity(f"{database}{suffix}") == target:
                raise FacilitatorError(f"{path}: that is the database itself; choose another file name")
    if target is None and database is not None and Path(path).resolve() == Path(database).resolve():
        raise FacilitatorError(f"{path}: that is the database itself; choose another file name")


def _differs(path: Path, inputs: set[Path] | frozenset = frozenset()) -> FacilitatorError:
    from .errors import FileDiffers

    if _is_one_of(path, inputs):
        return FileDiffers(
            f"{path}: that is one of the files being merged; writing the report there would replace it "
            "(and the hand edits it holds); choose another name with -o, or replace it with --force",
            path, an_input=True,
        )
    return FileDiffers(
        f"{path}: the file exists and differs (it may hold hand edits); "
        "choose another name with -o, or overwrite it with --force",
        path,
    )


def _same_content(a: str | Path, b: Path) -> bool:
    """Whether two files hold the same bytes (read in pieces); False if ``b`` cannot be read."""
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                x, y = fa.read(1 << 20), fb.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False
