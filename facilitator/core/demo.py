"""The demo database: the sample panel in a database of its own (``facilitator demo``).

Never the user's database: by default ``demo.db`` in the user data folder, beside the normal
``facilitator.db`` (``$FACILITATOR_DB`` is the user's and is not looked at). Made from the
packaged sample on first use (:mod:`facilitator.samples`): the exported record is imported, then
the follow-up's monitoring report (activities after the Summit), so the demo holds exactly what
``facilitator import`` gives; the blank session of the same agenda
is made when asked for (``--empty``). After that the database is left as the user left it:
nothing is imported twice, nothing is overwritten. :func:`reset` starts again after keeping a
copy of the old one in ``backups/`` beside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import FacilitatorError, NotFound

DEMO_NAME = "demo.db"
SAMPLE_KEY = "demo.sample_session"  # settings: the sample session's id
BLANK_KEY = "demo.blank_session"  # settings: the blank session's id


def default_demo_path() -> Path:
    from .paths import user_dir

    return user_dir("data") / DEMO_NAME


@dataclass
class DemoSession:
    id: str
    made: bool  # True when it was made just now (from the sample)


def _existing(store, key: str) -> str | None:
    sid = store.get_setting(key)
    if not sid:
        return None
    try:
        store.session(sid)
    except NotFound:
        return None
    return sid


def sample_session(store) -> DemoSession:
    """The sample session (made by importing the packaged record if it is not there yet)."""
    sid = _existing(store, SAMPLE_KEY)
    if sid:
        return DemoSession(sid, False)
    from facilitator import samples

    from .importer import import_file

    record = samples.path(samples.RECORD)
    if not record.is_file():
        raise FacilitatorError(f"{record}: the sample is missing from this installation of facilitator")
    followup = samples.path(samples.FOLLOWUP)
    with store.write():
        result = import_file(store, record)
        sid = result.sessions[0]
        if followup.is_file():  # after the Summit: its activities and their updates (invented too)
            from .followup.todb import import_report_file

            import_report_file(store, followup)
        store.set_setting(SAMPLE_KEY, sid)
    return DemoSession(sid, True)


def blank_session(store) -> DemoSession:
    """The blank session of the sample's agenda: its questions and panel, nothing captured.

    The sample is imported first when the database is new, so that the panel on the roster is
    the sample's (and importing it later never adds the same people twice)."""
    sid = _existing(store, BLANK_KEY)
    if sid:
        return DemoSession(sid, False)
    sample_session(store)
    from facilitator import samples

    from .agenda import create_session, load_agenda

    session, text = load_agenda(samples.path(samples.AGENDA))
    with store.write():
        made = create_session(store, session, agenda_text=text)
        store.set_setting(BLANK_KEY, made.id)
    return DemoSession(made.id, True)


def has_files(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in ("", "-wal", "-shm"))


def reset(path: str | os.PathLike) -> Path | None:
    """Put the demo database aside so that the next use starts from the sample again.

    A consistent copy goes to ``backups/<name>-<UTC time>.db`` beside it (SQLite's online
    backup, checked; never pruned), then the database and its ``-wal`` and ``-shm`` files are
    removed. A file that SQLite cannot copy (damaged, not ours) is moved there as it is instead.
    Returns where the old demo is kept (None when there was none). Nothing is removed unless
    the copy was made."""
    from .backup import backup_database, default_backup_path
    from .errors import CorruptDatabase, ForeignDatabase, NewerSchema

    path = Path(path)
    if not has_files(path):
        return None
    kept = default_backup_path(path)
    if not path.exists():  # a -wal or -shm left without its database: nothing to keep
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return None
    try:
        backup_database(path, kept)
    except (CorruptDatabase, ForeignDatabase, NewerSchema):
        kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{kept}{suffix}"))
        return kept
    for suffix in ("-wal", "-shm", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return kept


def describe(store, session_id: str) -> str:
    """``115 contributions from 15 speakers, 34 themes, 27 recommendations, 7 activities followed up``."""
    row = store.conn.execute(
        """SELECT
             (SELECT count(*) FROM contribution WHERE session_id = :s AND deleted_at IS NULL),
             (SELECT count(DISTINCT participant_id) FROM contribution
               WHERE session_id = :s AND deleted_at IS NULL AND participant_id IS NOT NULL),
             (SELECT count(*) FROM cluster WHERE session_id = :s AND deleted_at IS NULL AND parked = 0),
             (SELECT count(*) FROM recommendation WHERE session_id = :s AND deleted_at IS NULL)""",
        {"s": session_id},
    ).fetchone()
    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    from .followup.store import FollowUp

    activities = len(FollowUp(store).activities(session_ids=[session_id]))
    followed = f", {activities} activit{'y' if activities == 1 else 'ies'} followed up" if activities else ""
    return (f"{n(row[0], 'contribution')} from {n(row[1], 'speaker')}, {n(row[2], 'theme')}, "
            f"{n(row[3], 'recommendation')}{followed}")
