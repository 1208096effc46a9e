"""Where things live on disk."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "FACILITATOR_DB"


def default_db_path() -> Path:
    """``$FACILITATOR_DB`` if set, else ``platformdirs.user_data_dir("facilitator")/facilitator.db``."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("facilitator")) / "facilitator.db"


def resolve_db_path(explicit: str | os.PathLike | None) -> Path:
    """``--db PATH`` wins over ``$FACILITATOR_DB``, which wins over the default."""
    if explicit:
        return Path(explicit).expanduser()
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
