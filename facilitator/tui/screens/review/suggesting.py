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
from facilitator.tui.keys import hints

from . import messages
from . import nodes as n
from .base import ReviewBase
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


class Suggesting(ReviewBase):
    """Asking for suggested clusters, and accepting or discarding them."""

    def action_suggest(self, k: int | None = None) -> None:
        if self.suggesting:
            self.say("Already suggesting…", timeout=3)
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
                self.say("The number of clusters is a whole number, 1 or more.", severity="error")
                return
            self.action_suggest(k)

        best = self.proposal.k_best if self.proposal is not None else ()
        if best:
            # the number the last suggestion found and the other one offered (a looser or stricter
            # grouping, or the next best cut into broad themes): the other one ready to take
            other = best[1] if len(best) > 1 else best[0]
            title = (f"How many clusters? The suggestion found {best[0]}; {other} also fits."
                     if len(best) > 1 else f"How many clusters? The suggestion found {best[0]}.")
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
        self.say(message.message, severity="error", timeout=8)
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
            self.say(f"Nothing to suggest: {len(proposal.unclustered)} ideas fit no cluster, "
                     f"{len(proposal.skipped)} are placed by a person.", timeout=5)
            return
        self.proposal = proposal
        self.accepted = set()
        self.load_board(then=lambda: self.goto(n.ProposedNode(0)))
        note = f" Note: {proposal.k_note}." if proposal.k_note else ""
        keys = hints(self, (("review.accept", "accepts one"), ("review.accept_all", "all"), ("review.discard", "discards")))
        self.say(f"{len(proposal.clusters)} clusters suggested ({proposal.method}): {keys}.{note}",
                 timeout=8 if note else 5)

    def action_accept(self) -> None:
        i = n.proposed_at(self.cursor)
        proposal = self.proposal
        if proposal is None:
            return
        if i is None:
            self.say("Put the cursor on a suggested cluster to accept it (A accepts all).", timeout=4)
            return
        if i in self.accepted:
            return
        self.accepted.add(i)  # at once: a second a on it does nothing
        nxt = next((j for j in range(i, len(proposal.clusters)) if j not in self.accepted), None)
        if nxt is not None:
            self.goto(n.ProposedNode(nxt))

        def then(kid: str | None, label: str | None) -> None:
            if self.proposal is proposal and len(self.accepted) == len(proposal.clusters):
                self.proposal = None
            if kid is None:
                self.say("Nothing left to accept there: a person has placed those ideas meanwhile.", timeout=4)
            else:
                self.say(self.done_words(label), timeout=3)
            self.load_board()

        def failed(exc: FacilitatorError) -> None:
            self.accepted.discard(i)
            self.say(str(exc), severity="error", timeout=6)
            self.redraw()

        self.do_step(lambda r: r.accept(proposal, i), then, failed=failed)
        self.redraw()

    def action_accept_all(self) -> None:
        if self.proposal is None:
            return
        remaining = tuple(c for i, c in enumerate(self.proposal.clusters) if i not in self.accepted)
        shown, proposal = self.proposal, dataclasses.replace(self.proposal, clusters=remaining)
        self.proposal = None  # at once: the tree shows the clusters as they are until the step is done

        def then(created: list[str | None], label: str | None) -> None:
            first = next((k for k in created if k), None)
            self.load_board(then=lambda: first is not None and self.goto(n.ClusterNode(first)))
            n_created = sum(1 for k in created if k)
            undo = self.key_hint("review.undo")
            self.say(f"Accepted {n_created} clusters; curated ones were kept ({undo} undoes).", timeout=4)

        def failed(exc: FacilitatorError) -> None:
            self.say(str(exc), severity="error", timeout=6)
            if self.proposal is None and shown.question_id == self.question_id:
                self.proposal = shown  # nothing was accepted: the suggestions are still there
                self.redraw()

        self.do_step(lambda r: r.accept_all(proposal), then, failed=failed)
        self.redraw()

    def action_discard(self) -> None:
        if self.proposal is None:
            return
        self.proposal = None
        self.accepted = set()
        self.redraw()
        self.say("Suggestions discarded.", timeout=3)
