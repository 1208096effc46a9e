"""Where things live on disk."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import FacilitatorError

ENV_DB = "FACILITATOR_DB"


class NoUserFolder(FacilitatorError):
    """There is no home folder to find the user's folders in (``HOME`` unset for a user with no
    passwd entry, as containers run with ``--user``)."""


def user_dir(kind: str = "data") -> Path:
    """The user's ``data``, ``config`` or ``cache`` folder for facilitator (platformdirs);
    :class:`NoUserFolder`, with what to do instead, when there is no home folder."""
    import platformdirs

    find = {"data": platformdirs.user_data_dir, "config": platformdirs.user_config_dir,
            "cache": platformdirs.user_cache_dir}[kind]
    try:
        return Path(find("facilitator"))
    except (RuntimeError, KeyError, OSError):  # os.path.expanduser found no home folder
        xdg = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME", "cache": "XDG_CACHE_HOME"}[kind]
        raise NoUserFolder(
            f"there is no home folder to keep the user {kind} folder in (HOME is not set and user "
            f"{os.getuid() if hasattr(os, 'getuid') else '?'} has none): give --db PATH or set FACILITATOR_DB "
            f"(or set HOME, or {xdg}, to a folder)"
        ) from None


def expand(path: str | os.PathLike, *, strict: bool = True) -> Path:
    """``path`` with a leading ``~`` made the home folder; when there is none,
    :class:`NoUserFolder` (``strict``) or the path as it is (the screens then say no such file)."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        if not strict:
            return Path(path)
        raise NoUserFolder(f"{path}: there is no home folder for '~' (HOME is not set): give the full path") from None


def default_db_path() -> Path:
    """``$FACILITATOR_DB`` if set, else ``facilitator.db`` in the user data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return expand(env)
    return user_dir("data") / "facilitator.db"


def resolve_db_path(explicit: str | os.PathLike | None) -> Path:
    """``--db PATH`` wins over ``$FACILITATOR_DB``, which wins over the default."""
    if explicit:
        return expand(explicit)
    return default_db_path()


def project_root() -> Path:
    """The checkout this package runs from (holds ``sessions/`` and ``exports/``)."""
    return Path(__file__).resolve().parent.parent.parent


def exports_dir() -> Path:
    """Where summaries go by default: ``exports/`` in the current folder if there is one, else
    the checkout's ``exports/`` (running from the repository), else ``exports/`` in the current
    folder (made when the first summary is written)."""
    here = Path.cwd() / "exports"
    if here.is_dir():
        return here
    shipped = project_root() / "exports"
    if shipped.is_dir() and (shipped / "README.md").is_file() and os.access(shipped, os.W_OK):
        return shipped
    return here
