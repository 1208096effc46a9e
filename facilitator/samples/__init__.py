"""The sample panel shipped inside the package, for ``facilitator demo``.

Copies of files kept in the repository (``sessions/sahel-security-2023.md`` and
``sessions/samples/``), written here by ``python3 dev.py sample`` (``tools/make_sample.py``); a
test checks that the copies agree. Read them through :func:`path`, which works from a checkout,
an editable install and a wheel alike.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

AGENDA = "sahel-security-2023.md"  # the Sahel agenda with its panel (blank: no contribution)
ROSTER = "sahel-roster.csv"  # the roster file: panel and floor speakers, with gender and youth
RECORD = "sahel-2023-03-11-record.md"  # the session as captured and reviewed: an exported summary
FOLLOWUP = "sahel-2023-follow-up.md"  # after the Summit (invented): activities and updates, a monitoring report

FILES = (AGENDA, ROSTER, RECORD, FOLLOWUP)


def path(name: str) -> Path:
    """The packaged file ``name`` (one of :data:`FILES`) on disk."""
    if name not in FILES:
        raise ValueError(f"no sample file called {name!r}")
    return Path(str(resources.files(__name__).joinpath(name)))
