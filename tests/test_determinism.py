"""Same data, same bytes, whatever order the files come in; property tests that draw the same
examples on every run (issue 20, finding 8)."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import settings

from facilitator.core.export import export_session
from facilitator.core.merge import merge_texts
from facilitator.core.models import ContributionIn
from facilitator.core.review import Review
from facilitator.core.store import Store
from tests.conftest import ROOT, SAHEL_EN


def _room(path, recs: list[str], room: str) -> str:
    from facilitator.core.agenda import load_agenda

    store = Store.open(path)
    try:
        session, text = load_agenda(SAHEL_EN)
        sid = store.create_session(session.model_copy(update={"room": room}), agenda_text=text)
        q1 = store.question_id(sid, 1)
        store.add_contribution(ContributionIn(session_id=sid, question_id=q1, text="We need budgets in the open."))
        review = Review(store, sid, q1)
        for rank, rec in enumerate(recs, start=1):
            review.add_recommendation(rec, rank=rank)
        return export_session(store, sid)
    finally:
        store.close()


RECS = ["Publish the security budget line by line.", "Train more teachers in the north."]


def test_sets_read_in_the_same_order_whatever_the_order_of_the_files(tmp_path):
    """Recommendations that say the same are one set (they were pairs, in the order of the files:
    merged again with one of its inputs, the report changed)."""
    files = {"a.md": _room(tmp_path / "a.db", RECS, "Room A"), "b.md": _room(tmp_path / "b.db", RECS, "Room B")}
    for order in (["a.md", "b.md"], ["b.md", "a.md"]):
        merged = merge_texts([(name, files[name]) for name in order]).text
        heads = [line.split("**")[1:3] for line in merged.split("\n") if line.lstrip().startswith("**Set ")]
        assert heads == [["Set 1 · proposed", " Publish the security budget line by line. *— 2 recommendations of 2 sessions that say the same; write the text to keep in place of this one, or change “proposed” to “consolidated” to keep it, or to “separate”*"],
                         ["Set 2 · proposed", " Train more teachers in the north. *— 2 recommendations of 2 sessions that say the same; write the text to keep in place of this one, or change “proposed” to “consolidated” to keep it, or to “separate”*"]], order
        # merged again with either input, or with itself: the same bytes
        for name in (None, *order):
            again = [("m.md", merged)] + ([(name, files[name])] if name else [])
            assert merge_texts(again).text == merged, (order, name)


_DRAW = """
import tests.conftest  # loads the profile, as pytest does before the test modules
from hypothesis import given, settings, strategies as st
seen = []
@settings(max_examples=20)  # a test's own settings keep the profile's seed and database
@given(st.text(max_size=20))
def draw(text):
    seen.append(text)
draw()
print(repr(seen))
"""


def _draws(profile: str | None, folder) -> str:
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    if profile:
        env["HYPOTHESIS_PROFILE"] = profile
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", _DRAW], cwd=folder, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_property_tests_draw_the_same_examples_on_every_run(tmp_path):
    # the suite's profile (tests/conftest.py): a fixed seed and no example database (this run's own
    # profile is that one unless it was asked to explore, as `dev.py explore` does)
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert settings.default.derandomize is True and settings.default.database is None
    assert _draws(None, tmp_path) == _draws(None, tmp_path)
    # exploring draws new ones each time (and keeps what fails in .hypothesis/ of the folder it runs in)
    assert _draws("explore", tmp_path) != _draws("explore", tmp_path)
