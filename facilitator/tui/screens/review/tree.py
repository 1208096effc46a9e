"""The review tree: suggested clusters (while a proposal is shown), the clusters with their
recommendations and contributions, the contributions in no cluster, standalone
recommendations, and the noise bin. Each line's data is a node of :mod:`.nodes`.

Rebuilt from each board the screen reads; it keeps the cursor on the same node and remembers
what a person opened or closed. A group's children are added when it is first opened, and a
long group shows its children :attr:`ReviewTree.CHUNK` at a time (the next ones come when the
cursor reaches its last line), so that no step adds thousands of lines at once.

It tells the screen by messages: :class:`ReviewTree.Highlighted` (the cursor is on another
node) and :class:`ReviewTree.MarkToggled` (space on a contribution: the cursor stays; insert:
it marks and goes down, as in a file manager). ``shift+down`` and ``shift+up`` go to the next
and the previous cluster (or section) from anywhere inside one, ``shift+left`` to the cluster
the cursor is in, ``enter`` opens or closes one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from facilitator.core.review import Board, Proposal

from . import nodes as n
from .groups import Entry, Lazy, board_entries, contribution_entry

BIG = 400  # from this many contributions in view, groups start closed and fill when opened


@dataclass
class Shown:
    """What the tree was last built from."""

    board: Board
    proposal: Proposal | None
    accepted: frozenset[int]
    marks: frozenset[str]
    width: int


class NodeMessage(Message):
    """What the tree tells about one of its nodes."""

    def __init__(self, tree: ReviewTree, node: n.Node | None) -> None:
        super().__init__()
        self.tree = tree
        self.node = node

    @property
    def control(self) -> ReviewTree:
        return self.tree


class ReviewTree(Tree[n.Node]):
    HELP_NAME = "Clusters"
    BINDINGS = [
        Binding("space", "mark", "Mark", id="review.mark",
                tooltip="mark the idea under the cursor, or unmark it (the cursor stays)"),
        Binding("insert", "mark(True)", "Mark, next", id="review.mark_next", show=False,
                tooltip="mark the idea under the cursor (or unmark it) and go down to the next"),
        Binding("shift+down", "next_group", "Next cluster", id="review.next_cluster", show=False,
                tooltip="to the next cluster (or section), from anywhere inside one"),
        Binding("shift+up", "previous_group", "Previous cluster", id="review.previous_cluster", show=False,
                tooltip="to the previous cluster (or section); inside one: to its first line"),
        Binding("shift+left", "cursor_parent", "Its cluster", id="review.parent", show=False,
                tooltip="to the cluster (or recommendation, or section) the cursor is in"),
        Binding("enter", "select_cursor", "Open / close", id="review.toggle", show=False,
                tooltip="open or close the cluster, section or recommendation under the cursor"),
    ]
    CHUNK = 300  # children added at a time to a long group

    class Highlighted(NodeMessage):
        """The cursor is on another node (None: on nothing)."""

    class MarkToggled(NodeMessage):
        """Space (or insert: ``advance``, then down) was pressed on this node (a contribution is
        marked or unmarked)."""

        def __init__(self, tree: ReviewTree, node: n.Node | None, advance: bool = False) -> None:
            super().__init__(tree, node)
            self.advance = advance

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("review", **kwargs)
        self.show_root = False
        self.auto_expand = True
        self.opened: dict[n.Node, bool] = {}  # what a person opened or closed
        self.counts: dict[n.Node | None, int] = {}  # how many children a long group showed
        self.shown: Shown | None = None
        self._at_top = False
        self._line_of: dict[n.Node, TreeNode[n.Node]] = {}
        self._sig: dict[object, tuple[object, ...]] = {}  # by line id: what its label was made from
        self._unopened: dict[object, Lazy] = {}  # by line id: a closed group's children
        self._rest: dict[n.MoreNode, Lazy] = {}  # the rest of a long group

    # --- building --------------------------------------------------------------------------------

    def show(self, board: Board, proposal: Proposal | None, accepted: set[int], marks: set[str]) -> None:
        """Show ``board`` (and the proposal, if one is shown), keeping the cursor on the same
        node. Only what changed is redrawn: a line whose label is made of the same things keeps
        its label, and a line that is still there stays."""
        width = self.size.width or 80
        self.shown = Shown(board, proposal, frozenset(accepted), frozenset(marks), width)
        keep, keep_line = ([], 0) if self._at_top else (self._cursor_and_neighbours(), self.cursor_line)
        small = len(board.unclustered) + sum(len(c.members) for c in board.clusters) < BIG
        self._sync(self.root, board_entries(self.shown, small=small, big=BIG))
        # the same node; if it went (moved, parked), the one after it, or before it, or its group
        if not any(self.goto(node, more=False) for node in keep):
            self.cursor_line = max(0, min(keep_line, self.last_line))
        if self._at_top:
            self.scroll_home(animate=False)
            self._at_top = not board.clusters and not board.unclustered  # until there is something

    def forget_labels(self) -> None:
        """The next :meth:`show` makes every label again (they are drawn another way now)."""
        self._sig.clear()

    def start_at_top(self) -> None:
        """The next board is another view: its cursor starts on the first line."""
        self._at_top = True

    def _cursor_and_neighbours(self) -> list[n.Node]:
        line = self.cursor_node
        if line is None or line.data is None:
            return []
        near = [line.next_sibling, line.previous_sibling, line.parent]
        return [line.data] + [x.data for x in near if x is not None and x.data is not None
                              and not isinstance(x.data, n.MoreNode)]

    def _sync(self, parent: TreeNode[n.Node], entries: Lazy) -> None:
        """Make the children of ``parent`` the first of ``entries`` (as many as it showed)."""
        key = parent.data
        end = max(self.CHUNK, self.counts.get(key, 0))
        new = entries.slice(0, end)
        old = list(parent.children)
        if old and isinstance(old[-1].data, n.MoreNode):
            self._drop(old.pop())
        # what stays at the start and at the end; the lines in between go, the new ones come
        same = min(len(old), len(new))
        head = next((i for i in range(same) if old[i].data != new[i].node), same)
        tail = next((i for i in range(same - head) if old[-1 - i].data != new[-1 - i].node), same - head)
        for line in old[head:len(old) - tail]:
            self._drop(line)
        before = old[len(old) - tail] if tail else None
        for entry in new[head:len(new) - tail]:
            self._add(parent, entry, before=before)
        for line, entry in zip(old[:head] + old[len(old) - tail:], new[:head] + new[len(new) - tail:]):
            self._update(line, entry)
        self._more(parent, entries, min(end, len(entries)))

    def _more(self, parent: TreeNode[n.Node], entries: Lazy, shown: int) -> None:
        """The last line of a long group, when some of its children are not shown yet."""
        if shown < len(entries):
            more = n.MoreNode(parent.data, shown)
            label = Text(f"… {len(entries) - shown:,} more: they show when the cursor gets here", "dim italic")
            self._line_of[more] = parent.add_leaf(label, data=more)
            self._rest[more] = entries
        if len(entries) > self.CHUNK:
            self.counts[parent.data] = shown

    def _add(self, parent: TreeNode[n.Node], entry: Entry, before: TreeNode[n.Node] | None = None) -> None:
        if entry.children is None:
            line = parent.add_leaf(entry.label, data=entry.node, before=before)
        else:
            line = parent.add(entry.label, data=entry.node, before=before, allow_expand=True)
        self._line_of[entry.node] = line
        self._sig[line.id] = entry.sig
        if entry.children is not None:
            if self.opened.get(entry.node, entry.open):
                self._sync(line, entry.children)
                line.expand()
            else:
                self._unopened[line.id] = entry.children

    def _update(self, line: TreeNode[n.Node], entry: Entry) -> None:
        if self._sig.get(line.id) != entry.sig:
            line.set_label(entry.label)
            self._sig[line.id] = entry.sig
        if entry.children is None:
            return
        if line.id in self._unopened:
            self._unopened[line.id] = entry.children  # still closed: filled when opened
        else:
            self._sync(line, entry.children)

    def _drop(self, line: TreeNode[n.Node]) -> None:
        self._forget(line)
        line.remove()

    def _forget(self, line: TreeNode[n.Node]) -> None:
        for child in line.children:
            self._forget(child)
        if line.data is not None and self._line_of.get(line.data) is line:
            del self._line_of[line.data]
        self._sig.pop(line.id, None)
        self._unopened.pop(line.id, None)
        if isinstance(line.data, n.MoreNode):
            self._rest.pop(line.data, None)

    def _load(self, line: TreeNode[n.Node]) -> None:
        children = self._unopened.pop(line.id, None)
        if children is not None:
            self._sync(line, children)

    def _show_more(self, more: n.MoreNode) -> None:
        entries = self._rest.pop(more, None)
        line = self._line_of.pop(more, None)
        if entries is None or line is None:
            return
        parent = line.parent
        line.remove()
        if parent is None:
            return
        for entry in entries.slice(more.start, more.start + self.CHUNK):
            self._add(parent, entry)
        self._more(parent, entries, min(more.start + self.CHUNK, len(entries)))

    # --- what people do ----------------------------------------------------------------------------

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[n.Node]) -> None:
        if event.node.data is not None:
            self.opened[event.node.data] = False

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[n.Node]) -> None:
        if event.node.data is not None:
            self.opened[event.node.data] = True
            self._load(event.node)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[n.Node]) -> None:
        event.stop()
        if isinstance(event.node.data, n.MoreNode):
            self._show_more(event.node.data)  # the cursor stays on this line: the next child
            return
        self.post_message(self.Highlighted(self, event.node.data))

    def action_mark(self, advance: bool = False) -> None:
        self.post_message(self.MarkToggled(self, self.cursor_node.data if self.cursor_node else None, advance))

    def _top(self) -> TreeNode[n.Node] | None:
        """The top-level line (a cluster, a section) the cursor is on or in."""
        line = self.cursor_node
        while line is not None and line.parent is not None and line.parent is not self.root:
            line = line.parent
        return line

    def action_next_group(self) -> None:
        top = self._top()
        if top is not None and top.next_sibling is not None:
            self.move_cursor(top.next_sibling, animate=False)

    def action_previous_group(self) -> None:
        top = self._top()
        if top is None:
            return
        if top is not self.cursor_node:  # inside a cluster: to its own line first
            self.move_cursor(top, animate=False)
        elif top.previous_sibling is not None:
            self.move_cursor(top.previous_sibling, animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Labels are cut to the width: cut them again if it is not the one they were cut for."""
        s = self.shown
        if s is not None and self.size.width and self.size.width != s.width:
            self.show(s.board, s.proposal, set(s.accepted), set(s.marks))

    def show_marks(self, marks: set[str], node: n.ContributionNode) -> None:
        """The marks changed on this line only: redraw it."""
        if self.shown is None:
            return
        self.shown.marks = frozenset(marks)
        line = self._line_of.get(node)
        entry = contribution_entry(self.shown, node)
        if line is not None and entry is not None:
            line.set_label(entry.label)
            self._sig[line.id] = entry.sig

    # --- finding ---------------------------------------------------------------------------------

    def find(self, node: n.Node) -> TreeNode[n.Node] | None:
        return self._line_of.get(node)

    def goto(self, node: n.Node, *, more: bool = True) -> bool:
        """Put the cursor on the line of ``node`` (opening what holds it and, with ``more``,
        showing more of a long group until it is there); False if there is none."""
        found = self.find(node)
        if found is None:
            holder: TreeNode[n.Node] = self.root
            for parent in n.parents(node, self.shown.board if self.shown is not None else None):
                line = self.find(parent)
                if line is None:
                    return False
                holder = line
                self._load(holder)
                holder.expand()
            found = self.find(node)
            while found is None and more and (rest := self._more_in(holder)) is not None:
                self._show_more(rest)
                found = self.find(node)
        if found is None:
            return False
        _ = self.last_line  # builds the lines, so that nodes know where they are
        self.move_cursor(found, animate=False)
        return True

    def _more_in(self, holder: TreeNode[n.Node]) -> n.MoreNode | None:
        last = holder.children[-1] if holder.children else None
        return last.data if last is not None and isinstance(last.data, n.MoreNode) else None

    def all_nodes(self) -> Sequence[n.Node]:
        return list(self._line_of)

