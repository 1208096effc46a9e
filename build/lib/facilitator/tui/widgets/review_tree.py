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
    )
    # in a narrow tree the speaker's name gives way, so that the idea keeps some room
    label.append(short(who, max(6, width - label.cell_len - 16)), "italic")
    label.append(" ")
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


BIG = 400  # from this many contributions in view, groups start collapsed and fill when opened


class ReviewTree(Tree[tuple]):
    HELP_NAME = "Clusters"
    BINDINGS = [
        Binding("space", "mark", "Mark", id="review.mark"),
    ]

    _bulk = False

    def __init__(self, **kwargs) -> None:
        super().__init__("review", **kwargs)
        self.show_root = False
        self.auto_expand = True
        self.opened: dict[tuple, bool] = {}  # what a person opened or closed, by node data
        self._fill: dict[tuple, object] = {}  # node data -> adds that node's children (lazily)
        self._shown = None
        self._shown_width = 0

    # Adding a node redraws the whole tree; while rebuilding, redraw once at the end.
    # (Tree._invalidate is private in Textual 8.2.8, which is pinned.)
    def _invalidate(self) -> None:
        if not self._bulk:
            super()._invalidate()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Labels are cut to the width: cut them again if it is not the one they were cut for."""
        if self._shown is not None and self.size.width and self.size.width != self._shown_width:
            self.show(*self._shown)

    def action_mark(self) -> None:
        action = getattr(self.screen, "action_mark", None)
        if action:
            action()

    # --- remembering what is open, filling what is opened -----------------------------------------

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed) -> None:
        if event.node.data:
            self.opened[event.node.data] = False

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        if event.node.data:
            self.opened[event.node.data] = True
            self._load(event.node)

    def _load(self, node: TreeNode) -> None:
        fill = self._fill.pop(node.data, None)
        if fill is not None:
            fill(node)

    def _group(self, parent: TreeNode, label, data: tuple, fill, *, default: bool) -> TreeNode:
        """A node whose children are added now if it is open, or when it is first opened."""
        node = parent.add(label, data=data, allow_expand=True)
        if self.opened.get(data, default):
            fill(node)
            node.expand()
        else:
            self._fill[data] = fill
        return node

    # --- building --------------------------------------------------------------------------------

    def show(self, board: Board, proposal: Proposal | None, accepted: set[int], marks: set[str]) -> None:
        """Rebuild from ``board`` (and the proposal, if one is shown); keep the cursor."""
        self._shown = (board, proposal, set(accepted), set(marks))
        self._shown_width = self.size.width
        full = (self.size.width or 80) - 2  # room for the scrollbar
        w1, w2 = full - 4, full - 8  # a top-level node's children, and their children
        keep = self.cursor_node.data if self.cursor_node is not None else None
        keep_line = self.cursor_line
        in_view = len(board.unclustered) + sum(len(c.members) for c in board.clusters)
        small = in_view < BIG
        self._fill = {}
        self._bulk = True
        try:
            self.clear()
            self._build_nodes(board, proposal, accepted, marks, small, w1, w2)
        finally:
            self._bulk = False
        self._invalidate()
        if keep is None or not self.goto(keep):
            self.cursor_line = max(0, min(keep_line, self.last_line))

    def _build_nodes(self, board, proposal, accepted, marks, small, w1, w2) -> None:
        root = self.root
        if proposal is not None:
            remaining = [i for i in range(len(proposal.clusters)) if i not in accepted]
            names = {m.id: m for c in board.clusters for m in c.members}
            names.update((c.id, c) for c in board.unclustered)

            def fill_proposal(head: TreeNode) -> None:
                for i in remaining:
                    pc = proposal.clusters[i]

                    def fill_members(node: TreeNode, pc=pc, i=i) -> None:
                        for mid in pc.member_ids:
                            c = names.get(mid)
                            label = (
                                contribution_label(c, representative=mid == pc.representative_id, width=w2)
                                if c else Text(mid, "dim")
                            )
                            node.add_leaf(label, data=("proposed-member", mid, i))

                    self._group(
                        head,
                        Text.assemble((f"{i + 1}. ", "bold"), (pc.label, "bold"), f" ({len(pc.member_ids)})"),
                        ("proposed", i), fill_members, default=small,
                    )

            self._group(
                root,
                Text.assemble(("Suggested clusters", "bold reverse"), f" ({len(remaining)}, {proposal.method})"),
                ("proposal",), fill_proposal, default=True,
            )

        full = w1 + 4
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

            def fill_cluster(node: TreeNode, cluster=cluster, recs=recs) -> None:
                for r in recs:
                    self._add_rec(node, r, w1)
                for m in cluster.members:
                    node.add_leaf(
                        contribution_label(
                            m, marked=m.id in marks, representative=m.id == cluster.representative_id, width=w1
                        ),
                        data=("contribution", m.id, cluster.id),
                    )

            self._group(root, label, ("cluster", cluster.id), fill_cluster, default=small and not cluster.parked)

        def fill_unclustered(node: TreeNode) -> None:
            for c in board.unclustered:
                node.add_leaf(contribution_label(c, marked=c.id in marks, width=w1), data=("contribution", c.id, None))

        self._group(
            root, Text.assemble(("No cluster", "bold"), f" ({len(board.unclustered)})"), ("unclustered",),
            fill_unclustered, default=small or len(board.unclustered) < BIG,
        )

        standalone = board.recommendations_of(None)

        def fill_standalone(node: TreeNode) -> None:
            for r in standalone:
                self._add_rec(node, r, w1)

        self._group(
            root, Text.assemble(("Standalone recommendations", "bold"), f" ({len(standalone)})"), ("standalone",),
            fill_standalone, default=True,
        )

    def _add_rec(self, parent: TreeNode, r: RecommendationView, width: int) -> None:
        def fill_support(node: TreeNode) -> None:
            for c in r.support:
                node.add_leaf(contribution_label(c, group=True, width=width - 4), data=("support", c.id, r.id))
            if not r.support:
                node.add_leaf(Text("no supporting contribution", "dim italic"), data=("support", None, r.id))

        self._group(parent, rec_label(r, width - 2), ("rec", r.id), fill_support, default=False)

    # --- finding ---------------------------------------------------------------------------------

    def _parents_of(self, data: tuple) -> list[tuple]:
        """The nodes to open (outermost first) for ``data`` to be in the tree."""
        kind = data[0]
        if kind == "contribution":
            return [("cluster", data[2])] if data[2] else [("unclustered",)]
        if kind == "proposed":
            return [("proposal",)]
        if kind == "proposed-member":
            return [("proposal",), ("proposed", data[2])]
        if kind == "support":
            return [("rec", data[2])]
        return []

    def goto(self, data: tuple) -> bool:
        """Put the cursor on the node holding ``data`` (opening what holds it); False if there
        is none."""
        node = self.find(data)
        if node is None:
            for parent_data in self._parents_of(data):
                parent = self.find(parent_data)
                if parent is None:
                    break
                self._load(parent)
                parent.expand()
            node = self.find(data)
        if node is None:
            return False
        _ = self.last_line  # builds the lines, so that nodes know where they are
        self.move_cursor(node, animate=False)
        return True

    def find(self, data: tuple) -> TreeNode | None:
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data == data:
                return node
            stack.extend(node.children)
        return None
