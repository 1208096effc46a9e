"""The detail pane: what the cursor is on, in full, with the keys that work on it.

A contribution's whole text and speaker; a cluster with its recommendations; a recommendation
with its supporting contributions and their speakers; a suggested cluster; while writing, the
recommendation being written. The key hints are made from the bindings active now
(:mod:`facilitator.tui.keys`), so a remapped key shows as remapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator.core.review import Board, Idea, Ideas, Proposal
from facilitator.core.vocab import LENSES
from facilitator.tui.bidi import display_lines, has_rtl
from facilitator.tui.keys import active_keys, hints
from facilitator.tui.plain import shown

from . import nodes as n
from .labels import STATUS_STYLE, short

CONTRIBUTION_KEYS = (("review.mark", "mark"), ("review.move", "move"), ("review.out", "out"), ("review.split", "split"),
                     ("review.new_cluster", "new cluster"), ("review.park", "noise"))
CLUSTER_KEYS = (("review.rename", "rename"), ("review.merge", "merge"), ("review.split", "split"),
                ("review.lens", "lens"), ("review.park", "noise"), ("review.delete", ""))
REC_KEYS = (("review.write", "edit"), ("review.status", "status"), ("review.rank", "rank"),
            ("review.addressed", "addressed to"), ("review.lens", "lens"), ("review.history", "history"),
            ("review.sync_support", "support = members"))
PROPOSED_KEYS = (("review.accept", "accept this one"), ("review.accept_all", "accept all"), ("review.discard", "discard"))
PROPOSAL_KEYS = (("review.accept", "accept one"), ("review.accept_all", "accept all"), ("review.discard", "discard"))
UNCLUSTERED_KEYS = (("review.mark", "mark"), ("review.new_cluster", "new cluster"), ("review.move", "move"),
                    ("review.park", "noise"), ("review.write", "standalone recommendation"))
STANDALONE_KEYS = (("review.write", "write a new one"),)
SUPPORT_LINES = 40  # a recommendation's supporting ideas listed here at most (the tree has them all)


@dataclass(frozen=True)
class Writing:
    """The recommendation editor is open: on this recommendation (None: a new one), for this
    cluster (None: standalone)."""

    recommendation_id: str | None
    cluster_id: str | None


class DetailText(Static):
    """The pane's text: drawn again when its width changes (a scroll bar came or went)."""

    def on_resize(self) -> None:
        pane = self.parent
        if isinstance(pane, DetailPane) and pane.last is not None and pane.width != pane.room():
            pane.show(*pane.last[0], **pane.last[1])


class DetailPane(VerticalScroll):
    last: tuple[tuple[Board, n.Node | None], dict[str, Any]] | None = None  # what was shown last (arguments of show)
    width = 0  # the width the text was cut for

    def compose(self) -> ComposeResult:
        yield DetailText("", id="review-detail")

    def room(self) -> int:
        return max(20, self.query_one(DetailText).size.width - 4)

    def show(self, board: Board | None, node: n.Node | None, *, proposal: Proposal | None = None,
             accepted: frozenset[int] | set[int] = frozenset(), writing: Writing | None = None,
             with_hints: bool = True) -> None:
        """What ``node`` is, in full; ``with_hints``: and the keys that work on it (not in the
        narrow layout, whose footer shows them)."""
        if board is None:
            return
        self.last = ((board, node), dict(proposal=proposal, accepted=accepted, writing=writing, with_hints=with_hints))
        self.board, self.keys, self.with_hints = board, active_keys(self.screen), with_hints
        self.width = self.room()
        out = Text()
        if writing is not None and writing.recommendation_id:
            self._rec(out, writing.recommendation_id, editing=True)
        elif writing is not None:
            self._new_rec(out, writing.cluster_id)
        else:
            self._describe(out, node, proposal, accepted)
        self.query_one(DetailText).update(out)

    def _describe(self, out: Text, node: n.Node | None, proposal: Proposal | None,
                  accepted: frozenset[int] | set[int]) -> None:
        board = self.board
        match node:
            case n.ContributionNode() | n.SupportNode() | n.ProposedMemberNode():
                c = board.contribution(n.contribution_of(node))
                if c is not None:
                    self._contribution(out, c, node.cluster_id if isinstance(node, n.ContributionNode) else None)
            case n.ClusterNode(cluster_id=kid):
                self._cluster(out, kid)
            case n.RecommendationNode(recommendation_id=rid):
                self._rec(out, rid)
            case n.ProposedNode(index=i) if proposal is not None:
                pc = proposal.clusters[i]
                out.append(f"Suggested: {shown(pc.label)}\n", "bold")
                out.append(f"{len(pc.member_ids)} contributions · {proposal.method}\n\n", "dim")
                rep = board.contribution(pc.representative_id)
                if rep:
                    out.append("Representative:\n", "dim")
                    self._about(out, rep)
                self._hints(out, PROPOSED_KEYS, "\n")
            case n.ProposalNode() if proposal is not None:
                out.append(f"{len(proposal.clusters) - len(accepted)} suggested clusters ({proposal.method})\n", "bold")
                out.append(f"{len(proposal.unclustered)} contributions fit none; "
                           f"{len(proposal.skipped)} placed by a person are left alone.\n")
                if proposal.k_note:
                    out.append(f"Note: {proposal.k_note}.\n", "italic")
                self._hints(out, PROPOSAL_KEYS, "\n")
            case n.UnclusteredNode():
                out.append("Contributions in no cluster\n", "bold")
                self._hints(out, UNCLUSTERED_KEYS, "\n")
            case n.StandaloneNode():
                out.append("Recommendations of no cluster\n", "bold")
                self._hints(out, STANDALONE_KEYS, "\n")

    # --- parts -------------------------------------------------------------------------------------

    def _disp(self, text: str) -> str:
        """A paragraph for the pane (a contribution, a recommendation), on lines of its own:
        Arabic wrapped, in display order and flush right; Latin as the pane wraps it."""
        if not has_rtl(text):
            return text
        return "\n".join(display_lines(text, self.width, align=True))

    def _hints(self, out: Text, pairs: Iterable[tuple[str, str]], before: str = "\n", after: str = "") -> None:
        if not self.with_hints:
            return
        line = hints(self.screen, pairs, self.keys)
        if line:
            out.append(f"{before}{line}{after}", "dim")

    def _about(self, out: Text, c: Idea) -> None:
        out.append(c.ref, "bold")
        out.append(f"  {shown(c.speaker) if c.speaker else 'floor'}", "italic")
        if c.stakeholder_group:
            out.append(f" · {shown(c.stakeholder_group)}")
        if c.lang:
            out.append(f" · {c.lang}", "dim")
        out.append("\n")
        out.append(self._disp(c.text))
        out.append("\n")

    def _contribution(self, out: Text, c: Idea, cluster_id: str | None) -> None:
        self._about(out, c)
        k = self.board.cluster(cluster_id)
        if k is not None:
            out.append(f"\nIn {k.ref} {shown(k.shown_label)}", "dim")
            if c.id in k.manual_ids:
                out.append(" (placed by hand)", "dim")
        supports = [r.ref for r in self.board.supported_by(c.id)]
        out.append(f"\nSupports {', '.join(supports)}" if supports else "\nSupports no recommendation", "dim")
        self._hints(out, CONTRIBUTION_KEYS, "\n\n")

    def _support_line(self, out: Text, c: Idea) -> None:
        """One line per supporting contribution: reference, speaker, group, the text's start."""
        line = Text.assemble((f"{c.ref} ", "dim"), (shown(c.speaker, 30) if c.speaker else "floor", "italic"))
        if self.width >= 60:  # room for the group too (narrower: the groups are summed up above)
            line.append(f" ({shown(c.stakeholder_group, 24) if c.stakeholder_group else 'no group'})")
        line.append(" ")
        line.append(short(c.text, max(8, self.width - line.cell_len)))
        out.append_text(line)
        out.append("\n")

    def _support_lines(self, out: Text, ideas: Ideas) -> None:
        for c in ideas[:SUPPORT_LINES]:
            self._support_line(out, c)
        if len(ideas) > SUPPORT_LINES:
            out.append(f"… and {len(ideas) - SUPPORT_LINES:,} more (in the tree)\n", "dim italic")

    def _cluster(self, out: Text, kid: str) -> None:
        k = self.board.cluster(kid)
        if k is None:
            return
        out.append(f"{k.ref} ", "bold")
        out.append(shown(k.shown_label) + "\n", "bold")
        how = "noise bin" if k.parked else (f"suggested ({k.method})" if k.origin == "suggested" else "made by hand")
        out.append(f"{how}{' · curated' if k.curated and not k.parked else ''} · {len(k.members)} contributions\n", "dim")
        if k.lenses:
            out.append(f"lens: {', '.join(LENSES.label(x) for x in k.lenses)}\n", "italic")
        if k.members:
            out.append(f"groups: {', '.join(shown(g) for g in k.groups)}\n", "dim")
        recs = self.board.recommendations_of(k.id)
        out.append("\n")
        for r in recs:
            self._rec(out, r.id)
        if not recs:
            write = self.keys.get("review.write")
            out.append(f"No recommendation yet: {write} writes one.\n" if write else "No recommendation yet.\n", "italic")
        self._hints(out, CLUSTER_KEYS, "\n")

    def _rec(self, out: Text, rid: str, *, editing: bool = False) -> None:
        rec = self.board.recommendation(rid)
        if rec is None:
            return
        out.append(f"{rec.ref} ", "bold")
        out.append(rec.status, STATUS_STYLE.get(rec.status, ""))
        out.append(f" · rank {rec.rank}" if rec.rank else " · no rank")
        out.append(f" · to {shown(rec.addressed_to)}" if rec.addressed_to else " · addressed to nobody yet", "italic")
        lenses = rec.lenses or (k.lenses if (k := self.board.cluster(rec.cluster_id) if rec.cluster_id else None) else [])
        if lenses:
            out.append(f" · lens: {', '.join(LENSES.label(x) for x in lenses)}", "italic")
        out.append("\n")
        if not editing:
            out.append(self._disp(rec.text) + "\n")
        groups = rec.groups
        out.append(f"\nSupported by {len(rec.support)}", "bold")
        out.append(f" · {len(groups)} group{'s' if len(groups) != 1 else ''}: {', '.join(shown(g) for g in groups)}"
                   if rec.support else "")
        if rec.support and rec.single_group:
            out.append("  ⚠ one group only", "red")
        out.append("\n")
        self._support_lines(out, rec.support)
        cluster = self.board.cluster(rec.cluster_id)
        if cluster is not None and {c.id for c in rec.support} != {m.id for m in cluster.members}:
            sync = self.keys.get("review.sync_support")
            how = f": {sync} makes them the support" if sync else ""
            out.append(f"The ideas of {cluster.ref} have changed since{how}.\n", "yellow")
        self._hints(out, REC_KEYS, "\n", "\n")

    def _new_rec(self, out: Text, cluster_id: str | None) -> None:
        out.append("A new recommendation", "bold")
        cluster = self.board.cluster(cluster_id)
        if cluster:
            out.append(f" for {cluster.ref} {shown(cluster.shown_label)}\nSupported by its {len(cluster.members)} contributions:\n")
            self._support_lines(out, cluster.members)
