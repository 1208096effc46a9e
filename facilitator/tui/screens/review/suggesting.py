"""The review's suggestion keys: ``g`` suggest, ``G`` suggest a number of clusters, ``a``
accept one, ``A`` accept all, ``x`` discard. Part of :class:`~.screen.ReviewScreen`.

Suggestions are computed in a worker thread with its own store (the embedding cache may be
filled), which reports with the messages of :mod:`.messages`; the screen never waits for them.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path

from facilitator.core.errors import FacilitatorError
from facilitator.tui.background import Tell, run_for

from . import messages
from . import nodes as n
from .dialogs import ReviewPrompt


def suggest_in_thread(path: Path, session_id: str, question_id: str | None, k: int | None, method: str | None,
                      tell: Tell) -> None:
    """In a worker thread, with its own connection to the database (the embedding cache may be
    filled): a proposal, told by :class:`~.messages.ProposalMade` (or ``SuggestFailed``)."""
    from facilitator.core.review import propose
    from facilitator.core.store import Store

    def progress(done: int, total: int) -> None:
        tell(messages.VectorsComputed(done, total))

    try:
        store = Store.open(path, create=False)
        try:
            proposal = propose(store, session_id, question_id, k=k, method=method, progress=progress)
        finally:
            store.close()
    except FacilitatorError as exc:
        tell(messages.SuggestFailed(str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - the screen must say it, not crash
        tell(messages.SuggestFailed(f"clustering failed: {exc}"))
        return
    tell(messages.ProposalMade(proposal))


class Suggesting:
    """Mixed into :class:`~.screen.ReviewScreen`."""

    def action_suggest(self, k: int | None = None) -> None:
        if self.suggesting:
            self.notify("Already suggesting…", timeout=3)
            return
        self.suggesting = True
        self.show_header()
        run_for(self, partial(suggest_in_thread, self.store.path, self.session_id, self.question_id, k, self.method),
                group="review-suggest", description="suggest clusters")

    def action_suggest_k(self) -> None:
        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                k = int(value.strip())
                if k < 1:
                    raise ValueError
            except ValueError:
                self.notify("The number of clusters is a whole number, 1 or more.", severity="error")
                return
            self.action_suggest(k)

        best = self.proposal.k_best if self.proposal is not None else ()
        if best:
            # the two best numbers the last suggestion found: the other one ready to take
            other = best[1] if len(best) > 1 else best[0]
            title = f"How many clusters? The best fits were {' and '.join(str(k) for k in best)}."
            prompt = ReviewPrompt(title, str(other), suggestions=[str(k) for k in best], placeholder="e.g. 6")
        else:
            prompt = ReviewPrompt("How many clusters?", placeholder="e.g. 6")
        self.app.push_screen(prompt, done)

    def on_vectors_computed(self, message: messages.VectorsComputed) -> None:
        if self.suggesting:
            self.vectors_done = (message.done, message.total)
            self.show_header()

    def on_suggest_failed(self, message: messages.SuggestFailed) -> None:
        self.suggesting = False
        self.vectors_done = None
        self.notify(message.message, severity="error", timeout=8)
        self.show_header()

    def on_proposal_made(self, message: messages.ProposalMade) -> None:
        proposal = message.proposal
        self.suggesting = False
        self.vectors_done = None
        if proposal.question_id != self.question_id:
            self.show_header()  # made for a view that was left meanwhile
            return
        if not proposal.clusters:
            self.proposal = None
            self.load_board()
            self.notify(
                f"Nothing to suggest: {len(proposal.unclustered)} contributions fit no cluster, "
                f"{len(proposal.skipped)} are placed by a person.",
                timeout=5,
            )
            return
        self.proposal = proposal
        self.accepted = set()
        self.load_board(then=lambda: self._goto(n.ProposedNode(0)))
        note = f" Note: {proposal.k_note}." if proposal.k_note else ""
        self.notify(
            f"{len(proposal.clusters)} clusters suggested ({proposal.method}): "
            f"a accepts one, A all, x discards.{note}",
            timeout=8 if note else 5,
        )

    def action_accept(self) -> None:
        i = n.proposed_at(self.cursor)
        if self.proposal is None:
            return
        if i is None:
            self.notify("Put the cursor on a suggested cluster to accept it (A accepts all).", timeout=4)
            return
        proposal = self.proposal
        try:
            kid = self.review.accept(proposal, i)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        self.accepted.add(i)
        if len(self.accepted) == len(proposal.clusters):
            self.proposal = None
        nxt = next((j for j in range(i, len(proposal.clusters)) if j not in self.accepted), None)

        def after() -> None:
            if self.proposal and nxt is not None:
                self._goto(n.ProposedNode(nxt))
            if kid is None:
                self.notify("Nothing left to accept there: a person has placed those ideas meanwhile.", timeout=4)
            else:
                self.notify(f"Accepted as {self._cluster_name(kid)}.", timeout=3)

        self.load_board(then=after)

    def action_accept_all(self) -> None:
        if self.proposal is None:
            return
        remaining = tuple(c for i, c in enumerate(self.proposal.clusters) if i not in self.accepted)
        proposal = dataclasses.replace(self.proposal, clusters=remaining)
        try:
            created = self.review.accept_all(proposal)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        self.proposal = None
        first = next((k for k in created if k), None)
        self.load_board(then=lambda: first and self._goto(n.ClusterNode(first)))
        n_created = sum(1 for k in created if k)
        self.notify(f"Accepted {n_created} clusters; curated ones were kept. ctrl+z undoes.", timeout=4)

    def action_discard(self) -> None:
        if self.proposal is None:
            return
        self.proposal = None
        self.accepted = set()
        self.redraw()
        self.notify("Suggestions discarded.", timeout=3)
