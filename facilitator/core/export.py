"""Export a session's summary (``facilitator export``): Markdown, Word or HTML.

Heavy: import this module only when exporting. The format is described in
``exports/README.md``; the work is done in :mod:`facilitator.core.summary` (Word and HTML in
:mod:`facilitator.core.summary.formats`).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import FacilitatorError
from .summary.fromdb import load_doc
from .summary.render import render


def export_session(store, session_id: str, anonymous: bool = False, *, group_by: str | None = None,
                   include_dropped: bool = False, lang: str | None = None, form: str = "record",
                   statuses: tuple[str, ...] | None = None) -> str:
    """The session's summary as Markdown text (the same data gives the same text).

    ``group_by``: the recommendations in one numbered list (None), or grouped by
    ``"addressee"``, ``"question"`` or ``"area"``; ``include_dropped``: list the dropped ones too;
    ``lang``: the language of the document's fixed words (default: the session's); ``form``:
    ``record`` (the working record, read back by import and merge) or ``outcome`` (the document
    to send); ``statuses``: the recommendations an outcome lists (default: the agreed ones)."""
    return render(load_doc(store, session_id), anonymous=anonymous, group_by=group_by, include_dropped=include_dropped,
                  lang=lang, form=form, statuses=statuses)


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
    """The session's summary as a file: Markdown, Word (``docx``) or HTML."""
    doc = load_doc(store, session_id)
    markdown = render(doc, anonymous=anonymous, group_by=group_by, include_dropped=include_dropped, lang=lang,
                      form=form, statuses=statuses)
    return document_bytes(doc, markdown, fmt, anonymous=anonymous, lang=lang, where=where)


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
    from .dbfile import identity
    from .errors import FileDiffers

    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.is_dir():
        raise FacilitatorError(f"{path}: is a directory; give a file name")
    target = identity(path)
    if database is not None and target is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if identity(f"{database}{suffix}") == target:
                raise FacilitatorError(f"{path}: that is the database itself; choose another file name")
    if target is None and database is not None and Path(path).resolve() == Path(database).resolve():
        raise FacilitatorError(f"{path}: that is the database itself; choose another file name")
    if path.exists():
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if same:
            return path
        if not force and _is_one_of(path, inputs):
            raise FileDiffers(
                f"{path}: that is one of the files being merged; writing the report there would replace it "
                "(and the hand edits it holds); choose another name with -o, or replace it with --force",
                path, an_input=True,
            )
        if not force:
            raise FileDiffers(
                f"{path}: the file exists and differs (it may hold hand edits); "
                "choose another name with -o, or overwrite it with --force",
                path,
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            with __import__("contextlib").suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise FacilitatorError(f"{path}: cannot write the file ({exc.strerror}); nothing was written") from None
    return path
