"""The review tree: suggested clusters (while a proposal is shown), the clusters with their
recommendations and contributions, the contributions in no cluster, standalone
recommendations, and the noise bin.

Each node's ``data`` says what it is, as a tuple:

- ``("proposal",)`` the proposal section, ``("proposed", i)`` its i-th cluster,
  ``("proposed-member", contribution_id, i)`` one of its members;
- ``("cluster", id)``; ``("contribution", id, cluster_id or None)``;
- ``("rec", id)`` a recommendation, ``("support", contribution_id, rec_id)`` one of its
  supporting contributions (with the speaker);
- ``("unclustered",)`` and ``("standalone",)`` sections.

The tree is rebuilt after every change; it keeps the cursor on the same thing and remembers
what was collapsed.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from facilitator.core.models import Contribution
from facilitator.core.review import Board, Proposal, RecommendationView
from facilitator.tui.bidi import display_line

STATUS_STYLE = {"draft": "yellow", "reviewed": "cyan", "agreed": "green", "dropped": "dim strike"}
TEXT_WIDTH = 90  # a label's text is cut here; the tree crops what does not fit its width


def short(text: str, width: int = TEXT_WIDTH) -> str:
    """One line of at most ``width`` characters, in display order for Arabic."""
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return display_line(text)


def speaker_name(c: Contribution) -> str:
    return c.speaker or "floor"


def contribution_label(
    c: Contribution, *, marked: bool = False, representative: bool = False, group: bool = False,
    width: int = TEXT_WIDTH,
) -> Text:
    """``Q3-012 Speaker text…``, the text cut to fit ``width`` cells (before Arabic is reordered,
    so a right-to-left line shows its beginning)."""
    who = speaker_name(c)
    if group and c.stakeholder_group:
        who += f" ({c.stakeholder_group})"
    label = Text.assemble(
        ("● " if marked else "", "bold magenta"),
        (c.ref, "bold" if representative else "dim"),
        (" ★" if representative else "", "yellow"),
        " ",
        (who, "italic"),
        " ",
    )
    label.append(short(c.text, max(8, width - label.cell_len)))
    return label


def rec_label(r: RecommendationView, width: int = TEXT_WIDTH) -> Text:
    label = Text.assemble(
        (r.ref, "bold"),
        " ",
        (f"[{r.status}]", STATUS_STYLE.get(r.status, "")),
        (f" #{r.rank}" if r.rank else "", "bold"),
        (f" → {r.addressed_to}" if r.addressed_to else "", "italic"),
        (" ⚠ one group" if r.support and r.single_group and r.status != "dropped" else "", "red"),
        " ",
    )
    label.append(short(r.text, max(8, width - label.cell_len)))
    return label


class ReviewTree(Tree[tuple]):
    HELP_NAME = "Clusters"
    BINDINGS = [
        Binding("space", "mark", "Mark", id="review.mark"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("review", **kwargs)
        self.show_root = False
        self.auto_expand = True
        self.collapsed: set[tuple] = {("noise",)}
        self.expanded_recs: set[tuple] = set()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Labels are cut to the width: cut them again if it is not the one they were cut for."""
        shown = getattr(self, "_shown", None)
        if shown is not None and self.size.width and self.size.width != self._shown_width:
            self.show(*shown)

    def action_mark(self) -> None:
        action = getattr(self.screen, "action_mark", None)
        if action:
            action()

    # --- remembering what is open ----------------------------------------------------------------

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed) -> None:
        data = event.node.data
        if data:
            self.collapsed.add(data)
            self.expanded_recs.discard(data)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        data = event.node.data
        if data:
            self.collapsed.discard(data)
            if data[0] == "rec":
                self.expanded_recs.add(data)

    def _open(self, node: TreeNode, default: bool = True) -> None:
        data = node.data
        if data and data[0] == "rec":
            if data in self.expanded_recs:
                node.expand()
            return
        if data not in self.collapsed and default:
            node.expand()

    # --- building --------------------------------------------------------------------------------

    def show(self, board: Board, proposal: Proposal | None, accepted: set[int], marks: set[str]) -> None:
        """Rebuild from ``board`` (and the proposal, if one is shown); keep the cursor."""
        self._shown = (board, proposal, set(accepted), set(marks))
        self._shown_width = self.size.width
        full = (self.size.width or 80) - 2  # room for the scrollbar
        w1, w2 = full - 4, full - 8  # a top-level node's children, and their children
        keep = self.cursor_node.data if self.cursor_node is not None else None
        keep_line = self.cursor_line
        self.clear()
        root = self.root
        placed: dict[tuple, TreeNode] = {}

        if proposal is not None:
            remaining = [i for i in range(len(proposal.clusters)) if i not in accepted]
            head = root.add(
                Text.assemble(
                    ("Suggested clusters", "bold reverse"),
                    f" ({len(remaining)}, {proposal.method})",
                ),
                data=("proposal",),
            )
            placed[("proposal",)] = head
            names = {}
            for c in board.clusters:
                for m in c.members:
                    names[m.id] = m
            for c in board.unclustered:
                names[c.id] = c
            for i in remaining:
                pc = proposal.clusters[i]
                node = head.add(
                    Text.assemble((f"{i + 1}. ", "bold"), (pc.label, "bold"), f" ({len(pc.member_ids)})"),
                    data=("proposed", i),
                )
                placed[("proposed", i)] = node
                for mid in pc.member_ids:
                    c = names.get(mid)
                    label = (
                        contribution_label(c, representative=mid == pc.representative_id, width=w2)
                        if c else Text(mid, "dim")
                    )
                    placed[("proposed-member", mid, i)] = node.add_leaf(label, data=("proposed-member", mid, i))
                self._open(node)
            self._open(head)

        for cluster in board.clusters:
            recs = board.recommendations_of(cluster.id)
            label = Text.assemble(
                (cluster.ref, "bold"),
                f" ({len(cluster.members)}) ",
                # in the whole session's view, say which question a cluster was made for
                (f"Q{cluster.question_position} " if board.whole_session and cluster.question_position else "", "dim"),
                *[(f"{r.ref} ", STATUS_STYLE.get(r.status, "")) for r in recs],
            )
            if cluster.parked:
                style = "dim"
            elif cluster.origin == "suggested" and not cluster.curated:
                style = "italic"  # a suggestion nobody has touched yet
            else:
                style = "bold"
            label.append(short(cluster.label, max(8, full - 2 - label.cell_len)), style)
            node = root.add(label, data=("cluster", cluster.id))
            placed[("cluster", cluster.id)] = node
            for r in recs:
                self._add_rec(node, r, placed, w1)
            for m in cluster.members:
                placed[("contribution", m.id, cluster.id)] = node.add_leaf(
                    contribution_label(
                        m, marked=m.id in marks, representative=m.id == cluster.representative_id, width=w1
                    ),
                    data=("contribution", m.id, cluster.id),
                )
            self._open(node, default=not cluster.parked)

        node = root.add(Text.assemble(("No cluster", "bold"), f" ({len(board.unclustered)})"), data=("unclustered",))
        placed[("unclustered",)] = node
        for c in board.unclustered:
            placed[("contribution", c.id, None)] = node.add_leaf(
                contribution_label(c, marked=c.id in marks, width=w1), data=("contribution", c.id, None)
            )
        self._open(node)

        standalone = board.recommendations_of(None)
        node = root.add(
            Text.assemble(("Standalone recommendations", "bold"), f" ({len(standalone)})"), data=("standalone",)
        )
        placed[("standalone",)] = node
        for r in standalone:
            self._add_rec(node, r, placed, w1)
        self._open(node)

        target = placed.get(keep) if keep else None
        if target is None and keep and keep[0] == "contribution":
            # the contribution moved: follow it
            target = next((n for k, n in placed.items() if k[0] == "contribution" and k[1] == keep[1]), None)
        last = self.last_line  # builds the lines, so that nodes know where they are
        if target is not None:
            self.move_cursor(target, animate=False)
        else:
            self.cursor_line = max(0, min(keep_line, last))

    def _add_rec(self, parent: TreeNode, r: RecommendationView, placed: dict, width: int) -> None:
        node = parent.add(rec_label(r, width - 2), data=("rec", r.id))
        placed[("rec", r.id)] = node
        for c in r.support:
            node.add_leaf(contribution_label(c, group=True, width=width - 4), data=("support", c.id, r.id))
        if not r.support:
            node.add_leaf(Text("no supporting contribution", "dim italic"), data=("support", None, r.id))
        self._open(node)

    def goto(self, data: tuple) -> bool:
        """Put the cursor on the node holding ``data``; False if there is none."""
        node = self.find(data)
        if node is None:
            return False
        _ = self.last_line
        self.move_cursor(node, animate=False)
        return True

    def find(self, data: tuple) -> TreeNode | None:
        def walk(node: TreeNode):
            if node.data == data:
                return node
            for child in node.children:
                found = walk(child)
                if found is not None:
                    return found
            return None

        return walk(self.root)
