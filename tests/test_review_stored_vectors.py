"""Suggestions read the vectors the store already holds instead of embedding every text again
(the review's split into a package had dropped ``vectors=`` from the call: each proposal
embedded the whole question twice)."""

from facilitator.core import clustering
from facilitator.core.clustering import embeddings
from facilitator.core.review import Review

from .test_review_support import fill


def test_a_second_proposal_embeds_nothing_the_store_holds(store, sahel, tmp_path, monkeypatch):
    method = clustering.USE_MULTILINGUAL
    if method not in clustering.available_methods():
        raise AssertionError(f"{method} is the default method and must be installed")
    embedded: list[int] = []
    real = embeddings.embed
    fill(store, sahel, tmp_path=tmp_path)
    ideas = {c.text for c in store.contributions(sahel)}

    def counting(texts, *args, **kwargs):
        # only the ideas count: the labels' candidate phrases are embedded on each proposal
        embedded.append(sum(1 for t in texts if t in ideas))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(embeddings, "embed", counting)
    review = Review(store, sahel, store.question_id(sahel, 2))
    first = review.propose(method=method)
    assert sum(embedded) > 0  # the first proposal computed and stored the vectors
    embedded.clear()
    second = review.propose(method=method)
    assert sum(embedded) == 0, f"embedded {sum(embedded)} ideas the store already held"
    assert [c.member_ids for c in second.clusters] == [c.member_ids for c in first.clusters]
