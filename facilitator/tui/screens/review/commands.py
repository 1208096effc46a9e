"""The review's entries in the command palette (``ctrl+p``): every action by name, and each
question to review."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from facilitator.tui.keys import active_keys
from facilitator.tui.screens.base import PaletteCommand

from .labels import short

if TYPE_CHECKING:
    from .screen import ReviewScreen


def palette_commands(screen: ReviewScreen) -> Iterator[PaletteCommand]:
    """(title, help, callback) for :class:`~facilitator.tui.commands.FacilitatorCommands`; the
    keys named are the active ones."""
    keys = active_keys(screen)

    def k(binding_id: str, rest: str = "") -> str:
        key = keys.get(f"review.{binding_id}", "")
        return f"{key}: {rest}" if key and rest else key or rest

    yield "Suggest clusters", k("suggest", "a proposal to accept or discard"), screen.action_suggest
    yield "Suggest a number of clusters", k("suggest_k", "choose how many"), screen.action_suggest_k
    if screen.proposal is not None:
        yield "Accept all suggested clusters", k("accept_all", "curated clusters are kept"), screen.action_accept_all
        yield "Discard suggested clusters", k("discard"), screen.action_discard
    yield "New cluster", k("new_cluster", "from the marked contributions, or the one under the cursor"), screen.action_new_cluster
    yield "Rename cluster", k("rename"), screen.action_rename
    yield "Merge cluster into another", k("merge"), screen.action_merge
    yield "Split cluster", k("split", "the marked contributions go to a new cluster"), screen.action_split
    yield "Move contribution to a cluster", f"{k('move')} (or out of any cluster: {k('out')})", screen.action_move
    yield "Park as noise", k("park", "a contribution, or a whole cluster"), screen.action_park
    yield "Write recommendation", k("write", "for the cluster under the cursor, or standalone"), screen.action_write
    yield "Recommendation status", k("status", "draft → reviewed → agreed, then dropped (it asks)"), screen.action_status
    yield "Recommendation rank", k("rank"), screen.action_rank
    yield "Recommendation addressed to", k("addressed", "parliaments, governments, ..."), screen.action_addressed
    yield "Recommendation history", k("history", "bring an earlier text back"), screen.action_history
    yield "Support = cluster's contributions", k("sync_support"), screen.action_sync_support
    yield "Follow up this recommendation", k("followup", "its activities after the Summit"), screen.action_followup
    yield "Reload", k("reload", "what another window saved since"), screen.action_reload
    yield "Undo", k("undo"), screen.action_undo
    yield "Redo", k("redo"), screen.action_redo
    yield "Review: whole session", "all questions together", lambda: screen.set_scope(None)
    for q in screen.questions:
        yield f"Review: question {q.position}", short(q.text, 70), partial(screen.set_scope, q.id)
