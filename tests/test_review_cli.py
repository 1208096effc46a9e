"""``facilitator cluster`` against a real database file."""

from __future__ import annotations

import json

from facilitator.core.review import Review

from .conftest import db_fingerprint
from .test_review_support import by_text, fill, write_jsonl

METHOD = "char-tfidf"


def test_cluster_prints_suggestions_and_stores_nothing(store, sahel, db_path, run_cli, tmp_path):
    fill(store, sahel, tmp_path=tmp_path)
    before = db_fingerprint(db_path)
    status, out, err = run_cli("cluster", sahel[:8], "--question", "2", "--method", METHOD)
    assert status == 0, err
    assert "1. " in out and "representative: Q2-" in out
    assert "Nothing stored" in err and "char-tfidf" in err
    assert db_fingerprint(db_path) == before


def test_cluster_json_and_apply_keep_curation(store, sahel, db_path, run_cli, tmp_path):
    path = write_jsonl(tmp_path / "panel.jsonl")
    status, _, err = run_cli("add", sahel, "--from", path)
    assert status == 0, err
    status, out, err = run_cli("cluster", sahel, "-q", "3", "--method", METHOD, "--k", "3", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["method"] == METHOD and data["applied"] is False and data["question"] == 3
    assert len(data["clusters"]) == 3
    first = data["clusters"][0]
    assert first["representative_id"] in first["member_ids"]
    assert {m["id"] for m in first["members"]} == set(first["member_ids"])
    assert all(m["ref"].startswith("Q3-") for m in first["members"])

    status, out, err = run_cli("cluster", sahel, "-q", "3", "--method", METHOD, "--k", "3", "--apply", "--json")
    assert status == 0, err
    applied = json.loads(out)
    assert applied["applied"] is True and all(c["ref"].startswith("C-") for c in applied["clusters"])

    # a person renames one cluster and moves a contribution into it
    review = Review(store, sahel, store.question_id(sahel, 3))
    kept = review.board().clusters[0]
    review.rename(kept.id, "Curated by hand")
    outsider = next(c for c in review.contributions() if c.id not in {m.id for m in kept.members})
    review.move([outsider.id], kept.id)
    curated = {m.id for m in review.board().cluster(kept.id).members}

    status, out, err = run_cli("cluster", sahel, "-q", "3", "--method", METHOD, "--apply")
    assert status == 0, err
    assert "Left alone, placed by a person" in out
    board = review.board()
    assert board.cluster(kept.id).label == "Curated by hand"
    assert {m.id for m in board.cluster(kept.id).members} == curated


def test_cluster_errors_leave_the_database(store, sahel, db_path, run_cli, tmp_path):
    fill(store, sahel, tmp_path=tmp_path)
    before = db_fingerprint(db_path)
    for args in (
        ("cluster", "nosuchsession"),
        ("cluster", sahel, "-q", "99"),
        ("cluster", sahel, "--method", "magic", "--apply"),
        ("cluster", sahel, "--k", "0", "--apply"),
    ):
        status, out, err = run_cli(*args)
        assert status == 2, (args, out, err)
        assert err.startswith("facilitator: error:")
    assert db_fingerprint(db_path) == before
    assert by_text(store, sahel, "Parliaments must")


def test_cluster_method_lists_what_is_installed(store, sahel, db_path, run_cli, tmp_path):
    fill(store, sahel, tmp_path=tmp_path)
    status, out, _ = run_cli("cluster", "--help")
    assert status == 0
    assert "installed here: use-multilingual, char-tfidf" in " ".join(out.split())
    before = db_fingerprint(db_path)
    status, out, err = run_cli("cluster", sahel, "--method", "no-such-method")
    assert status == 2 and "installed here: use-multilingual, char-tfidf" in err
    assert db_fingerprint(db_path) == before


def test_cluster_default_is_multilingual_with_phrase_labels(store, sahel, db_path, run_cli, tmp_path):
    fill(store, sahel, tmp_path=tmp_path)
    status, out, err = run_cli("cluster", sahel, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["method"] == "use-multilingual"
    assert data["k_best"] and data["k_best"][0] >= 2 and isinstance(data["k_uncertain"], bool)
    texts = {m["id"]: m["text"] for c in data["clusters"] for m in c["members"]}
    for c in data["clusters"]:  # a short phrase taken whole from the cluster's ideas
        assert 1 <= len(c["label"].split()) <= 7 and "—" not in c["label"] and "…" not in c["label"], c["label"]
        assert any(c["label"].split(" (")[0].casefold() in m["text"].casefold() for m in c["members"]), c["label"]
    assert len({c["label"] for c in data["clusters"]}) == len(data["clusters"])  # all distinct
    assert len(data["unclustered"]) <= 0.1 * len(texts) + 2
