"""Themes that respect the guiding questions, and the number of themes (issue 22, findings 1-2).

The engine's part runs on vectors made for the test (no model): themes whose ideas the
vectors barely tell apart but the questions do, and themes that cross the questions. The
review's part runs the real default embedder on a real store: whole-session suggestions, then
every question's view.
"""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.core.clustering import USE_MULTILINGUAL, suggest
from facilitator.core.models import ContributionIn
from facilitator.core.review import Review

from .test_clustering import THEMES


def vectors_of(centres: dict[str, np.ndarray], per: int, noise: float, seed: int):
    """(items, vectors, theme of each id): ``per`` ideas around each theme's centre."""
    rng = np.random.default_rng(seed)
    items, vectors, truth = [], {}, {}
    for theme, centre in centres.items():
        for i in range(per):
            cid = f"{theme}-{i:02d}"
            items.append((cid, f"idea {cid}"))
            vectors[cid] = (centre + noise * rng.normal(size=centre.shape)).tolist()
            truth[cid] = theme
    return items, vectors, truth


def groups(s) -> list[set[str]]:
    return [set(c.member_ids) for c in s.clusters]


def test_themes_that_follow_the_questions_are_grouped_at_least_as_well_as_by_question():
    """Four themes, one per guiding question; two of them (a, b) so close in meaning that the
    vectors alone join them. With the questions, every theme is found, as by question."""
    rng = np.random.default_rng(1)
    base = rng.normal(size=32)
    centres = {"a": base, "b": base + 0.35 * rng.normal(size=32), "c": rng.normal(size=32), "d": rng.normal(size=32)}
    items, vectors, truth = vectors_of(centres, 12, 0.45, seed=2)
    questions = {cid: f"Q-{truth[cid]}" for cid in truth}
    by_question = [{cid for cid in truth if truth[cid] == t} for t in centres]

    plain = suggest(items, vectors=vectors)
    assert not any(g in groups(plain) for g in by_question[:2]), "the vectors alone join a and b"
    aware = suggest(items, vectors=vectors, questions=questions)
    assert aware.question_weight == 1.0
    assert sorted(map(sorted, groups(aware))) == sorted(map(sorted, by_question))
    assert not aware.unclustered


def test_themes_that_cross_the_questions_are_grouped_by_theme_not_by_question():
    """Three themes, each said under two of three questions: the questions tell nothing about
    the themes, so they weigh nothing, and every theme is one cluster across its questions."""
    rng = np.random.default_rng(3)
    centres = {t: rng.normal(size=32) for t in "xyz"}
    items, vectors, truth = vectors_of(centres, 12, 0.5, seed=4)
    two = {"x": ("Q1", "Q2"), "y": ("Q2", "Q3"), "z": ("Q3", "Q1")}
    questions = {cid: two[truth[cid]][int(cid[-2:]) % 2] for cid in truth}

    aware = suggest(items, vectors=vectors, questions=questions)
    assert aware.question_weight == 0.0
    assert aware == suggest(items, vectors=vectors)  # exactly the plain suggestion
    themes = [{cid for cid in truth if truth[cid] == t} for t in centres]
    assert sorted(map(sorted, groups(aware))) == sorted(map(sorted, themes))
    for g in groups(aware):  # each theme across its two questions
        assert len({questions[cid] for cid in g}) == 2


def test_a_theme_that_recurs_across_questions_stays_one_theme():
    """Questions that follow their themes, but one theme is said under two questions: its
    ideas, alike, make one theme across both."""
    rng = np.random.default_rng(5)
    centres = {t: rng.normal(size=32) for t in "pqrs"}
    items, vectors, truth = vectors_of(centres, 10, 0.4, seed=6)
    questions = {cid: f"Q-{truth[cid]}" for cid in truth}
    for cid in truth:  # theme s is said under its own question and under p's
        if truth[cid] == "s" and int(cid[-2:]) % 2:
            questions[cid] = "Q-p"
    aware = suggest(items, vectors=vectors, questions=questions)
    assert aware.question_weight > 0
    s_theme = {cid for cid in truth if truth[cid] == "s"}
    assert s_theme in groups(aware)


def test_the_questions_do_not_change_determinism():
    rng = np.random.default_rng(7)
    centres = {t: rng.normal(size=24) for t in "abc"}
    items, vectors, truth = vectors_of(centres, 8, 0.5, seed=8)
    questions = {cid: f"Q{ord(truth[cid]) % 2}" for cid in truth}
    first = suggest(items, vectors=vectors, questions=questions)
    assert suggest(list(reversed(items)), vectors=vectors, questions=dict(reversed(list(questions.items())))) == first


# --- the review: whole-session suggestions and the questions' views ------------------------------


@pytest.fixture
def three_questions(store, sahel):
    """English, French and Arabic ideas of three themes, each theme under its own question."""
    ids: dict[str, list[str]] = {}
    for n, theme in enumerate(("water", "school", "parliament"), start=1):
        qid = store.question_id(sahel, n)
        texts = [t for lang in ("en", "fr", "ar") for t in THEMES[lang][theme]]
        ids[theme] = store.add_contributions([ContributionIn(session_id=sahel, question_id=qid, text=t) for t in texts])
    return ids


def test_whole_session_themes_show_in_every_question_view(store, sahel, three_questions):
    whole = Review(store, sahel, None)
    proposal = whole.propose(method=USE_MULTILINGUAL)
    assert proposal.question_weight > 0  # each question holds one theme: the questions weighed
    whole.accept_all(proposal)
    for n, theme in enumerate(("water", "school", "parliament"), start=1):
        view = Review(store, sahel, store.question_id(sahel, n)).board()
        shown = {m.id for k in view.clusters for m in k.members}
        assert shown | {c.id for c in view.unclustered} == set(three_questions[theme])
        assert len(shown) >= len(three_questions[theme]) - 1, "the question's ideas are in its themes"
        assert view.elsewhere == 0
        for k in view.clusters:
            assert k.whole_session_theme and all(m.question_id == store.question_id(sahel, n) for m in k.members)
    # curation in a question's view acts on the whole-session theme
    q1 = Review(store, sahel, store.question_id(sahel, 1))
    k = q1.board().clusters[0]
    q1.rename(k.id, "Water and drought")
    assert "Water and drought" in {c.label for c in whole.board().clusters}


def test_sub_themes_keep_their_broad_theme_through_the_review(store, sahel):
    """A proposal with two levels: accepted, each sub-theme shows as ``Broad › sub-theme`` (the
    review lists sub-themes flat, after their broad theme's name); a split keeps the broad
    theme; undo takes it all back."""
    from facilitator.core.review import Proposal, ProposedCluster

    qid = store.question_id(sahel, 1)
    ids = store.add_contributions([ContributionIn(session_id=sahel, question_id=qid, text=t)
                                   for t in THEMES["en"]["school"] + THEMES["en"]["water"]])
    review = Review(store, sahel, None)
    proposal = Proposal(
        session_id=sahel, question_id=None, method=USE_MULTILINGUAL,
        clusters=(ProposedCluster("Girls' schooling", ids[0], tuple(ids[:3]), parent="Education"),
                  ProposedCluster("Attacks on schools", ids[4], tuple(ids[3:5]), parent="Education"),
                  ProposedCluster("Drought and harvests", ids[5], tuple(ids[5:]))),
        unclustered=(), skipped=(),
    )
    assert proposal.parents == ["Education"]
    review.accept_all(proposal)
    shown = {k.shown_label: k for k in review.board().clusters}
    assert set(shown) == {"Education › Girls' schooling", "Education › Attacks on schools", "Drought and harvests"}
    girls = shown["Education › Girls' schooling"]
    part = review.split(girls.id, [ids[1]], "Girls and recruitment")
    assert review.board().cluster(part).shown_label == "Education › Girls and recruitment"
    review.undo()
    review.undo()
    assert review.board().clusters == []


def test_the_review_line_of_a_sub_theme_and_of_a_whole_session_theme():
    """What the review tree shows (plain text): the broad theme before a sub-theme's label; in a
    question's view, a whole-session theme's ideas there of all its ideas."""
    from facilitator.core.review import ClusterView
    from facilitator.tui.screens.review.labels import cluster_label

    sub = ClusterView(id="k1", seq=1, label="School meals", question_id=None, question_position=None,
                      origin="suggested", method=USE_MULTILINGUAL, curated=False, parked=False, representative_id=None,
                      parent_label="Education", size=11)
    sub.members = [object()] * 3  # three of its ideas answer the question shown
    in_question = cluster_label(sub, [], whole_session=False, width=80).plain
    assert in_question.startswith("C-001 (3 of 11) ") and in_question.endswith("Education › School meals")
    whole = cluster_label(sub, [], whole_session=True, width=80).plain
    assert "(3)" in whole and "of 11" not in whole


def test_a_version_9_database_gets_the_broad_theme_column_and_keeps_its_clusters(db_path, store, sahel):
    """m010: a database from before two levels opens with its clusters as they were, none a
    sub-theme."""
    import sqlite3

    from facilitator.core.dbinfo import SCHEMA_VERSION
    from facilitator.core.store import Store

    qid = store.question_id(sahel, 1)
    ids = store.add_contributions([ContributionIn(session_id=sahel, question_id=qid, text=t)
                                   for t in THEMES["en"]["water"]])
    kid = Review(store, sahel, qid).new_cluster("Water", ids[:3])
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("ALTER TABLE cluster DROP COLUMN parent_label")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_cluster_parent'")
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    again = Store.open(db_path)
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 12
        (k,) = Review(again, sahel, qid).board().clusters
        assert (k.id, k.label, k.parent_label, k.shown_label, len(k.members)) == (kid, "Water", None, "Water", 3)
    finally:
        again.close()
