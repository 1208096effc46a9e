"""Review: the facilitator's screen, for one guiding question or the whole session.

On the left, the tree: suggested clusters while a proposal is shown, then the clusters with
their recommendations and contributions, the contributions in no cluster, the standalone
recommendations and the noise bin. On the right, the details of what the cursor is on (a
contribution's full text and speaker; a cluster's recommendation; a recommendation's
supporting contributions and their speakers) and, while writing, the recommendation editor.
Coverage at a glance above: how many contributions are in no cluster or support no
recommendation, and which recommendations rest on a single stakeholder group.

All curation lives in :mod:`facilitator.core.review`; this screen only asks and shows. Every
step can be undone (``ctrl+z``) and redone (``ctrl+y``); every earlier text of a recommendation
is kept and can be brought back (``h``). Suggestions are computed in a worker thread with its
own store, so the screen never waits for them.
"""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from facilitator.core.errors import FacilitatorError
from facilitator.core.models import Contribution
from facilitator.core.review import ADDRESSEES, NEXT_STATUS, Board, History, Proposal, Review
from facilitator.tui.bidi import display_lines, has_rtl
from facilitator.tui.widgets.review_dialogs import ReviewPrompt
from facilitator.tui.widgets.review_editor import RecommendationEditor
from facilitator.tui.widgets.review_tree import STATUS_STYLE, ReviewTree, short

from .pick import Item, Picked, PickScreen

NO_CLUSTER = "\x00none"
NOISE = "\x00noise"

# Actions that work on the tree (hidden from the footer while the editor has the focus).
TREE_ACTIONS = {
    "suggest", "suggest_k", "accept", "accept_all", "discard", "new_cluster", "rename", "merge", "split",
    "move", "out", "park", "delete", "write", "status", "rank", "addressed", "history", "sync_support",
    "undo", "redo", "mark", "prev_scope", "next_scope", "reload",
}
PROPOSAL_ACTIONS = {"accept", "accept_all", "discard"}


def _local(iso: str) -> str:
    """``11 Mar 14:35`` in local time from a UTC ISO string."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        return iso[:16]


class ReviewScreen(Screen):
    CSS_PATH = "review.tcss"
    HELP_NAME = "Review"
    BINDINGS = [
        Binding("g", "suggest", "Suggest", id="review.suggest"),
        Binding("G", "suggest_k", "Suggest N", id="review.suggest_k", show=False),
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("A", "accept_all", "Accept all", id="review.accept_all"),
        Binding("x", "discard", "Discard", id="review.discard"),
        Binding("n", "new_cluster", "New", id="review.new_cluster"),
        Binding("r", "rename", "Rename", id="review.rename"),
        Binding("m", "move", "Move", id="review.move"),
        Binding("M", "merge", "Merge", id="review.merge"),
        Binding("s", "split", "Split", id="review.split"),
        Binding("o", "out", "Out of cluster", id="review.out", show=False, tooltip="take it out of every cluster; suggestions leave it out"),
        Binding("p", "park", "Noise", id="review.park"),
        Binding("w", "write", "Write", id="review.write"),
        Binding("t", "status", "Status", id="review.status"),
        Binding("k", "rank", "Rank", id="review.rank", show=False),
        Binding("at", "addressed", "Addressed to", id="review.addressed", key_display="@", show=False),
        Binding("h", "history", "History", id="review.history", show=False),
        Binding("S", "sync_support", "Support = members", id="review.sync_support", show=False),
        Binding("delete", "delete", "Delete", id="review.delete", show=False),
        Binding("ctrl+z", "undo", "Undo", id="review.undo"),
        Binding("ctrl+y", "redo", "Redo", id="review.redo", show=False),
        Binding("f5", "prev_scope", "Previous question", id="review.prev_scope", show=False),
        Binding("f6", "next_scope", "Next question", id="review.next_scope", show=False),
        Binding("ctrl+r", "reload", "Reload", id="review.reload", show=False),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    def __init__(self, session_id: str, question_id: str | None = None, *, method: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.question_id = question_id
        self.method = method  # None: the engine's default
        self.reviews: dict[str | None, Review] = {}  # one per scope
        # shared by the scopes, and kept by the app for the session while it runs: ctrl+z takes
        # back the last step anywhere, also after leaving the review and coming back
        self.history = History()
        self.board: Board | None = None
        self.proposal: Proposal | None = None
        self.accepted: set[int] = set()
        self.marks: list[str] = []
        self.suggesting = False
        self.vectors_done: tuple[int, int] | None = None  # while suggesting: vectors computed

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="review-title", classes="screen-title")
        yield Static("", id="review-coverage")
        yield Static("", id="review-warnings")
        with Horizontal(id="review-main"):
            yield ReviewTree(id="review-tree")
            with Vertical(id="review-side"):
                yield RecommendationEditor(id="review-editor")
                yield Static("ctrl+s save · escape done", id="review-editor-hint")
                with VerticalScroll(id="review-detail-scroll"):
                    yield Static("", id="review-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.editor.save_hook = self._save_on_exit
        self.pending_support = None
        self.store = self.app.store
        self.history = self.app.review_histories.setdefault(self.session_id, self.history)
        self.questions = self.store.questions(self.session_id)
        self.session = self.store.session(self.session_id)
        self.refresh_board()
        self.query_one(ReviewTree).focus()
        self.call_after_refresh(self._relayout)

    @property
    def review(self) -> Review:
        if self.question_id not in self.reviews:
            self.reviews[self.question_id] = Review(self.store, self.session_id, self.question_id, history=self.history)
        return self.reviews[self.question_id]

    @property
    def tree(self) -> ReviewTree:
        return self.query_one(ReviewTree)

    @property
    def editor(self) -> RecommendationEditor:
        return self.query_one(RecommendationEditor)

    @property
    def editing(self) -> bool:
        return self.query_one("#review-side").has_class("editing")

    def scope_label(self) -> str:
        if self.question_id is None:
            return "whole session"
        q = next((q for q in self.questions if q.id == self.question_id), None)
        return f"Q{q.position}" if q else "?"

    # --- showing -----------------------------------------------------------------------------------

    def refresh_board(self) -> None:
        self.board = self.review.board()
        live = {c.id for c in self.board.unclustered} | {m.id for k in self.board.clusters for m in k.members}
        self.marks = [m for m in self.marks if m in live]
        self.tree.show(self.board, self.proposal, self.accepted, set(self.marks))
        self._show_header()
        self._show_detail()
        shown = (self.proposal is not None, self.editing)
        if shown != getattr(self, "_bindings_for", None):  # the footer is costly to redraw
            self._bindings_for = shown
            self.refresh_bindings()

    def _show_header(self) -> None:
        if self.question_id is None:
            prefix = "Review · whole session · "
            title = prefix + short(self.session.title, max(10, (self.size.width or 80) - len(prefix) - 2))
        else:
            q = next(q for q in self.questions if q.id == self.question_id)
            prefix = f"Review · Q{q.position} · "
            # cut before reordering, so that an Arabic question shows its beginning
            title = prefix + short(q.text, max(10, (self.size.width or 80) - len(prefix) - 2))
        text = Text(title, no_wrap=True, overflow="ellipsis")
        self.query_one("#review-title", Static).update(text)
        cov = self.board.coverage
        line = Text.assemble(
            (f"{cov.total} ideas", "bold"),
            " · no cluster ",
            (str(cov.unclustered), "bold red" if cov.unclustered else "green"),
            " · no recommendation ",
            (str(cov.unsupported), "bold red" if cov.unsupported else "green"),
            " · neither ",
            (str(cov.uncovered), "bold red" if cov.uncovered else "green"),
            f" · noise {cov.parked}",
            (f" · in other views' clusters {self.board.elsewhere}" if self.board.elsewhere else "", "dim"),
        )
        line.no_wrap = True
        line.overflow = "ellipsis"
        self.query_one("#review-coverage", Static).update(line)
        if self.suggesting:
            warn = Text("Suggesting clusters…", style="italic")
            if self.vectors_done:
                done, total = self.vectors_done
                warn.append(f" vectors of new ideas: {done} of {total} (computed once)", style="dim")
        elif cov.warnings():
            warn = Text("⚠ " + cov.warnings(), style="yellow")
        else:
            warn = Text("g suggest · n new cluster · w write a recommendation · f1 all keys", style="dim")
        warn.no_wrap = True
        warn.overflow = "ellipsis"
        self.query_one("#review-warnings", Static).update(warn)

    def _contribution(self, cid: str | None) -> Contribution | None:
        if cid is None or self.board is None:
            return None
        for c in self.board.unclustered:
            if c.id == cid:
                return c
        for k in self.board.clusters:
            for c in k.members:
                if c.id == cid:
                    return c
        for r in self.board.recommendations:
            for c in r.support:
                if c.id == cid:
                    return c
        try:
            return self.store.contribution(cid)
        except FacilitatorError:
            return None

    def _wrap(self, text: str) -> list[str]:
        if not has_rtl(text):
            return [text]  # left to right: the pane wraps it
        width = max(20, self.query_one("#review-detail").size.width - 4)
        return display_lines(text, width)

    def _disp(self, text: str) -> str:
        """Text for the detail pane, Arabic lines in display order."""
        return "\n".join(self._wrap(text))

    def _detail_contribution(self, out: Text, c: Contribution) -> None:
        out.append(c.ref, "bold")
        out.append(f"  {c.speaker or 'floor'}", "italic")
        if c.stakeholder_group:
            out.append(f" · {c.stakeholder_group}")
        if c.lang:
            out.append(f" · {c.lang}", "dim")
        out.append("\n")
        out.append("\n".join(self._wrap(c.text)))
        out.append("\n")

    def _support_line(self, out: Text, c: Contribution) -> None:
        """One line per supporting contribution: reference, speaker, group, the text's start."""
        width = max(20, self.query_one("#review-detail").size.width - 4)
        line = Text.assemble((f"{c.ref} ", "dim"), (c.speaker or "floor", "italic"))
        if width >= 60:  # room for the group too (narrower: the groups are summed up above)
            line.append(f" ({c.stakeholder_group or 'no group'})")
        line.append(" ")
        line.append(short(c.text, max(8, width - line.cell_len)))
        out.append_text(line)
        out.append("\n")

    def _detail_rec(self, out: Text, rid: str) -> None:
        rec = next((r for r in self.board.recommendations if r.id == rid), None)
        if rec is None:
            return
        out.append(f"{rec.ref} ", "bold")
        out.append(rec.status, STATUS_STYLE.get(rec.status, ""))
        out.append(f" · rank {rec.rank}" if rec.rank else " · no rank")
        out.append(f" · to {rec.addressed_to}" if rec.addressed_to else " · addressed to nobody yet", "italic")
        out.append("\n")
        if not self.editing:
            out.append("\n".join(self._wrap(rec.text)) + "\n")
        groups = rec.groups
        out.append(f"\nSupported by {len(rec.support)}", "bold")
        out.append(f" · {len(groups)} group{'s' if len(groups) != 1 else ''}: {', '.join(groups)}" if rec.support else "")
        if rec.support and rec.single_group:
            out.append("  ⚠ one group only", "red")
        out.append("\n")
        for c in rec.support:
            self._support_line(out, c)
        cluster = self.board.cluster(rec.cluster_id) if rec.cluster_id else None
        if cluster is not None and {c.id for c in rec.support} != {m.id for m in cluster.members}:
            out.append(f"The ideas of {cluster.ref} have changed since: S makes them the support.\n", "yellow")
        out.append("\nw edit · t status · k rank · @ addressed to · h history · S support = members\n", "dim")

    def _show_detail(self) -> None:
        data = self._cursor()
        out = Text()
        if self.board is None:
            return
        kind = data[0] if data else None
        if self.editing and self.editor.recommendation_id:
            self._detail_rec(out, self.editor.recommendation_id)
        elif self.editing:
            out.append("A new recommendation", "bold")
            cid = self.editor.cluster_id
            cluster = self.board.cluster(cid) if cid else None
            if cluster:
                out.append(f" for {cluster.ref} {self._disp(cluster.label)}\nSupported by its {len(cluster.members)} contributions:\n")
                for c in cluster.members:
                    self._support_line(out, c)
        elif kind in ("contribution", "support", "proposed-member"):
            c = self._contribution(data[1])
            if c is not None:
                self._detail_contribution(out, c)
                where = data[2] if kind == "contribution" else None
                if where and self.board.cluster(where):
                    k = self.board.cluster(where)
                    out.append(f"\nIn {k.ref} {self._disp(k.label)}", "dim")
                    if c.id in k.manual_ids:
                        out.append(" (placed by hand)", "dim")
                supports = [r.ref for r in self.board.recommendations if any(s.id == c.id for s in r.support)]
                out.append(f"\nSupports {', '.join(supports)}" if supports else "\nSupports no recommendation", "dim")
                out.append("\n\nspace mark · m move · o out · s split · n new cluster · p noise", "dim")
        elif kind == "cluster":
            k = self.board.cluster(data[1])
            if k is not None:
                out.append(f"{k.ref} ", "bold")
                out.append(self._disp(k.label) + "\n", "bold")
                how = "noise bin" if k.parked else (
                    f"suggested ({k.method})" if k.origin == "suggested" else "made by hand"
                )
                out.append(f"{how}{' · curated' if k.curated and not k.parked else ''} · {len(k.members)} contributions\n", "dim")
                if k.members:
                    out.append(f"groups: {', '.join(k.groups)}\n", "dim")
                recs = self.board.recommendations_of(k.id)
                out.append("\n")
                for r in recs:
                    self._detail_rec(out, r.id)
                if not recs:
                    out.append("No recommendation yet: w writes one.\n", "italic")
                out.append("\nr rename · M merge · s split · p noise · delete", "dim")
        elif kind == "rec":
            self._detail_rec(out, data[1])
        elif kind == "proposed" and self.proposal is not None:
            pc = self.proposal.clusters[data[1]]
            out.append(f"Suggested: {self._disp(pc.label)}\n", "bold")
            out.append(f"{len(pc.member_ids)} contributions · {self.proposal.method}\n\n", "dim")
            rep = self._contribution(pc.representative_id)
            if rep:
                out.append("Representative:\n", "dim")
                self._detail_contribution(out, rep)
            out.append("\na accept this one · A accept all · x discard", "dim")
        elif kind == "proposal" and self.proposal is not None:
            p = self.proposal
            out.append(f"{len(p.clusters) - len(self.accepted)} suggested clusters ({p.method})\n", "bold")
            out.append(f"{len(p.unclustered)} contributions fit none; {len(p.skipped)} placed by a person are left alone.\n")
            if p.k_note:
                out.append(f"Note: {p.k_note}.\n", "italic")
            out.append("\na accept one · A accept all · x discard", "dim")
        elif kind == "unclustered":
            out.append("Contributions in no cluster\n", "bold")
            out.append("\nspace mark · n new cluster · m move · p noise · w standalone recommendation", "dim")
        elif kind == "standalone":
            out.append("Recommendations of no cluster\n", "bold")
            out.append("\nw write a new one", "dim")
        self.query_one("#review-detail", Static).update(out)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if not self.editing:
            self._show_detail()

    def on_resize(self) -> None:
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        # Arabic lines and one-line summaries are cut to the pane's width
        if self.board is not None and self.is_mounted:
            self.tree.fit()
            self._show_header()
            self._show_detail()

    # --- what the cursor is on -------------------------------------------------------------------------

    def _cursor(self) -> tuple | None:
        node = self.tree.cursor_node
        return node.data if node is not None else None

    def _cluster_at_cursor(self) -> str | None:
        data = self._cursor()
        if not data:
            return None
        if data[0] == "cluster":
            return data[1]
        if data[0] == "contribution":
            return data[2]
        if data[0] in ("rec", "support"):
            rid = data[1] if data[0] == "rec" else data[2]
            rec = next((r for r in self.board.recommendations if r.id == rid), None)
            return rec.cluster_id if rec else None
        return None

    def _contributions_at_cursor(self) -> list[str]:
        if self.marks:
            return list(self.marks)
        data = self._cursor()
        if data and data[0] in ("contribution", "support", "proposed-member") and data[1]:
            return [data[1]]
        return []

    def _rec_at_cursor(self) -> str | None:
        data = self._cursor()
        if not data:
            return None
        if data[0] == "rec":
            return data[1]
        if data[0] == "support":
            return data[2]
        kid = self._cluster_at_cursor()
        if kid:
            recs = self.board.recommendations_of(kid)
            return recs[0].id if recs else None
        return None

    def _proposed_at_cursor(self) -> int | None:
        data = self._cursor()
        if data and data[0] == "proposed":
            return data[1]
        if data and data[0] == "proposed-member":
            return data[2]
        return None

    def _cluster_name(self, kid: str) -> str:
        k = self.board.cluster(kid) if self.board else None
        return f"{k.ref} {k.label}" if k else "the cluster"

    # --- doing -----------------------------------------------------------------------------------

    def _do(self, fn, message: str | None = None, *, clear_marks: bool = True, focus: tuple | None = None,
            follow: bool = True):
        try:
            result = fn()
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return None
        if clear_marks:
            self.marks = []
        self.refresh_board()
        if focus is None and follow:
            focus = self._focus_after(result)  # a new cluster: go to it
        if focus is not None:
            if self.tree.goto(focus):
                self._show_detail()
        if message:
            self.notify(message.format(result=result), timeout=4)
        return result

    def _focus_after(self, result) -> tuple | None:
        if isinstance(result, str) and self.board and self.board.cluster(result):
            return ("cluster", result)
        return None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in TREE_ACTIONS and self.is_mounted and self.editing and self.editor.has_focus:
            return False
        if action in PROPOSAL_ACTIONS:
            return self.proposal is not None
        return True

    # --- suggestions -----------------------------------------------------------------------------

    def action_suggest(self, k: int | None = None) -> None:
        if self.suggesting:
            self.notify("Already suggesting…", timeout=3)
            return
        self.suggesting = True
        self._show_header()
        self._suggest(self.question_id, k, self.method)

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

    @work(thread=True, exclusive=True, group="review-suggest")
    def _suggest(self, question_id: str | None, k: int | None, method: str | None) -> None:
        """In a worker thread, with its own connection to the database."""
        from facilitator.core.review import propose
        from facilitator.core.store import Store

        try:
            store = Store.open(self.store.path, create=False)
            try:
                proposal = propose(store, self.session_id, question_id, k=k, method=method,
                                   progress=lambda done, total: self._from_worker(self._vectors_progress, done, total))
            finally:
                store.close()
        except FacilitatorError as exc:
            self._from_worker(self._suggest_failed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the screen must say it, not crash
            self._from_worker(self._suggest_failed, f"clustering failed: {exc}")
            return
        self._from_worker(self._show_proposal, proposal)

    def _from_worker(self, fn, *args) -> None:
        try:
            self.app.call_from_thread(fn, *args)
        except RuntimeError:
            pass  # the app is closing: nobody to tell

    def _vectors_progress(self, done: int, total: int) -> None:
        self.vectors_done = (done, total)
        if self.is_mounted and self.board is not None and self.suggesting:
            self._show_header()

    def _suggest_failed(self, message: str) -> None:
        self.suggesting = False
        self.vectors_done = None
        if not self.is_mounted:
            return
        self.notify(message, severity="error", timeout=8)
        if self.board is not None:
            self._show_header()

    def _show_proposal(self, proposal: Proposal) -> None:
        self.suggesting = False
        self.vectors_done = None
        if not self.is_mounted:
            return
        if proposal.question_id != self.question_id:
            self._show_header()  # made for a view that was left meanwhile
            return
        if not proposal.clusters:
            self.proposal = None
            self.refresh_board()
            self.notify(
                f"Nothing to suggest: {len(proposal.unclustered)} contributions fit no cluster, "
                f"{len(proposal.skipped)} are placed by a person.",
                timeout=5,
            )
            return
        self.proposal = proposal
        self.accepted = set()
        self.refresh_board()
        if self.tree.goto(("proposed", 0)):
            self._show_detail()
        note = f" Note: {proposal.k_note}." if proposal.k_note else ""
        self.notify(
            f"{len(proposal.clusters)} clusters suggested ({proposal.method}): "
            f"a accepts one, A all, x discards.{note}",
            timeout=8 if note else 5,
        )

    def action_accept(self) -> None:
        i = self._proposed_at_cursor()
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
        self.refresh_board()
        nxt = next((j for j in range(i, len(proposal.clusters)) if j not in self.accepted), None)
        if self.proposal and nxt is not None and self.tree.goto(("proposed", nxt)):
            self._show_detail()
        if kid is None:
            self.notify("Nothing left to accept there: a person has placed those ideas meanwhile.", timeout=4)
        else:
            self.notify(f"Accepted as {self._cluster_name(kid)}.", timeout=3)

    def action_accept_all(self) -> None:
        if self.proposal is None:
            return
        remaining = tuple(c for i, c in enumerate(self.proposal.clusters) if i not in self.accepted)
        proposal = dataclasses.replace(self.proposal, clusters=remaining)
        self.proposal = None
        created = self._do(lambda: self.review.accept_all(proposal), clear_marks=False)
        if created is None:
            self.proposal = dataclasses.replace(proposal)
            return
        n = sum(1 for k in created if k)
        first = next((k for k in created if k), None)
        if first and self.tree.goto(("cluster", first)):
            self._show_detail()
        self.notify(f"Accepted {n} clusters; curated ones were kept. ctrl+z undoes.", timeout=4)

    def action_discard(self) -> None:
        if self.proposal is None:
            return
        self.proposal = None
        self.accepted = set()
        self.refresh_board()
        self.notify("Suggestions discarded.", timeout=3)

    # --- curation --------------------------------------------------------------------------------

    def action_mark(self) -> None:
        data = self._cursor()
        if not data or data[0] != "contribution":
            self.notify("Marks are for contributions in clusters or in no cluster.", timeout=3)
            return
        cid = data[1]
        if cid in self.marks:
            self.marks.remove(cid)
        else:
            self.marks.append(cid)
        self.refresh_board()
        self.tree.action_cursor_down()

    def action_new_cluster(self) -> None:
        ids = self._contributions_at_cursor()

        def done(label: str | None) -> None:
            if label is not None:
                self._do(lambda: self.review.new_cluster(label, ids), "New cluster with {n} contributions.".replace("{n}", str(len(ids))))

        what = f"with {len(ids)} contribution{'s' if len(ids) != 1 else ''}" if ids else "empty"
        self.app.push_screen(ReviewPrompt(f"Name of the new cluster ({what})", placeholder="a short theme"), done)

    def action_rename(self) -> None:
        kid = self._cluster_at_cursor()
        if kid is None or self.board.cluster(kid) is None:
            self.notify("Put the cursor on a cluster to rename it.", timeout=3)
            return
        k = self.board.cluster(kid)

        def done(label: str | None) -> None:
            if label is not None:
                self._do(lambda: self.review.rename(kid, label), f"Renamed {k.ref}.", focus=("cluster", kid))

        self.app.push_screen(ReviewPrompt(f"Rename {k.ref}", k.label), done)

    def _pick_cluster(self, title: str, done, *, exclude: str | None = None, extra: bool = False) -> None:
        items = []
        if extra:
            items.append(Item(NO_CLUSTER, Text("(no cluster)", "italic"), "no cluster none"))
            items.append(Item(NOISE, Text("(noise)", "italic"), "noise park"))
        for k in self.board.clusters:
            if k.id == exclude:
                continue
            label = Text.assemble((k.ref, "bold"), f" {k.label} ({len(k.members)})")
            label.no_wrap = True
            label.overflow = "ellipsis"
            items.append(Item(k.id, label, f"{k.ref} {k.label}"))

        def picked(result: Picked | None) -> None:
            if result is not None and result.key:
                done(result.key)

        self.app.push_screen(PickScreen(title, items), picked)

    def action_move(self) -> None:
        ids = self._contributions_at_cursor()
        if not ids:
            self.notify("Put the cursor on a contribution (or mark some with space) to move it.", timeout=3)
            return
        here = self._cluster_at_cursor() if not self.marks else None

        def done(key: str) -> None:
            n = len(ids)
            if key == NO_CLUSTER:
                self._do(lambda: self.review.move(ids, None), f"{n} moved out of their cluster.")
            elif key == NOISE:
                self._do(lambda: self.review.park(ids), f"{n} parked as noise.", follow=False)
            else:
                # the cursor stays where it was: on to the next idea of the list
                self._do(lambda: self.review.move(ids, key), f"{n} moved to {self._cluster_name(key)}.")

        self._pick_cluster(f"Move {len(ids)} contribution{'s' if len(ids) != 1 else ''} to…", done, exclude=here, extra=True)

    def action_out(self) -> None:
        ids = self._contributions_at_cursor()
        if not ids:
            self.notify("Put the cursor on a contribution in a cluster.", timeout=3)
            return
        self._do(lambda: self.review.move(ids, None), f"{len(ids)} moved out of their cluster (ctrl+z undoes).")

    def action_merge(self) -> None:
        kid = self._cluster_at_cursor()
        if kid is None or self.board.cluster(kid) is None:
            self.notify("Put the cursor on the cluster to merge into another one.", timeout=3)
            return
        src = self.board.cluster(kid)

        def done(target: str) -> None:
            if target in (NO_CLUSTER, NOISE):
                return
            name = self._cluster_name(target)
            self._do(lambda: self.review.merge(kid, target), f"Merged {src.ref} into {name} (ctrl+z undoes).",
                     focus=("cluster", target))

        self._pick_cluster(f"Merge {src.ref} {src.label} into…", done, exclude=kid)

    def action_split(self) -> None:
        ids = self._contributions_at_cursor()
        kid = self._cluster_at_cursor() if not self.marks else None
        if self.marks:
            owners = {k.id for k in self.board.clusters for m in k.members if m.id in ids}
            kid = owners.pop() if len(owners) == 1 else None
        if not ids or kid is None:
            self.notify("Split: mark contributions of one cluster with space (or put the cursor on one), then s.", timeout=5)
            return

        def done(label: str | None) -> None:
            if label is not None:
                self._do(lambda: self.review.split(kid, ids, label), f"Split {len(ids)} off {self._cluster_name(kid)}.")

        self.app.push_screen(ReviewPrompt(f"Split {len(ids)} off {self._cluster_name(kid)}: name of the new cluster"), done)

    def action_park(self) -> None:
        data = self._cursor()
        if data and data[0] == "cluster" and not self.marks:
            k = self.board.cluster(data[1])
            if k is None:
                return
            self._do(lambda: self.review.set_parked(k.id, not k.parked),
                     f"{k.ref} {'back from the noise' if k.parked else 'parked as noise'} (ctrl+z undoes).",
                     focus=("cluster", k.id))
            return
        ids = self._contributions_at_cursor()
        if not ids:
            self.notify("Put the cursor on a contribution (or a cluster) to park it as noise.", timeout=3)
            return
        self._do(lambda: self.review.park(ids), f"{len(ids)} parked as noise (ctrl+z undoes).", follow=False)

    def action_delete(self) -> None:
        data = self._cursor()
        if data and data[0] == "rec":
            rec = next(r for r in self.board.recommendations if r.id == data[1])
            self._do(lambda: self.review.delete_recommendation(rec.id), f"Deleted {rec.ref} (ctrl+z undoes).")
        elif data and data[0] == "cluster":
            name = self._cluster_name(data[1])
            self._do(lambda: self.review.delete_cluster(data[1]),
                     f"Deleted {name}; its contributions are in no cluster (ctrl+z undoes).")
        else:
            self.notify("delete removes the cluster or recommendation under the cursor (undoable).", timeout=3)

    def _undo_redo(self, fn, done: str, nothing: str) -> None:
        try:
            label = fn()
        except FacilitatorError as exc:
            self.notify(str(exc), severity="warning", timeout=8)
            label = None
            nothing = ""
        self.refresh_board()
        if label:
            self.notify(f"{done}: {label}.", timeout=3)
        elif nothing:
            self.notify(nothing, timeout=3)

    def action_reload(self) -> None:
        """Read the database again (contributions saved in another window since)."""
        self.refresh_board()
        self.notify("Reloaded.", timeout=2)

    def action_undo(self) -> None:
        self._undo_redo(self.review.undo, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._undo_redo(self.review.redo, "Redone", "Nothing to redo.")

    # --- recommendations -------------------------------------------------------------------------

    def action_write(self) -> None:
        data = self._cursor() or ("standalone",)
        rid = self._rec_at_cursor()
        if rid is not None:
            rec = next(r for r in self.board.recommendations if r.id == rid)
            self._open_editor(rec.text, rid, rec.cluster_id)
            return
        kid = self._cluster_at_cursor()
        if kid is not None:
            self._open_editor(self.review.starting_draft(kid), None, kid, draft=True)
            return
        support = self._contributions_at_cursor() if data[0] != "standalone" else list(self.marks)
        self._open_editor("", None, None, support=support)

    def _open_editor(self, text: str, rid: str | None, kid: str | None, *, support: list[str] | None = None,
                     draft: bool = False) -> None:
        if self.editing and not self.save_editor():
            self.editor.focus()  # what is there could not be saved: stay with it
            return
        self.pending_support = support  # a standalone recommendation's supporting contributions
        self.editor.start(text, rid, kid, draft=draft)
        self._editor_hint()
        self.query_one("#review-side").add_class("editing")
        self.editor.focus()
        self._show_detail()
        self.refresh_bindings()

    DRAFT_HINT = "starting draft from the cluster, not saved yet · ctrl+s save it · escape leave it unsaved"
    EDITOR_HINT = "ctrl+s save · escape done"

    def _editor_hint(self) -> None:
        draft = self.editor.untouched_draft
        self.query_one("#review-editor-hint", Static).update(self.DRAFT_HINT if draft else self.EDITOR_HINT)

    def on_text_area_changed(self, event) -> None:
        if event.text_area is self.editor and self.editing:
            self._editor_hint()

    def save_editor(self, *, draft_too: bool = False) -> bool:
        """Save what is in the editor; False (and the text stays) when it cannot be saved.
        An untouched starting draft is saved only with ``draft_too`` (the facilitator saved)."""
        if not self.editing:
            return True
        editor = self.editor
        text = editor.text
        if not editor.dirty and not (draft_too and editor.untouched_draft):
            return True
        try:
            if editor.recommendation_id is None:
                if not text.strip():
                    return True
                support = self.pending_support if editor.cluster_id is None else None
                rid = self.review.add_recommendation(text, cluster_id=editor.cluster_id, support=support)
                editor.recommendation_id = rid
                if support:
                    self.marks = []  # the marked ideas now support it
                self.pending_support = None
            else:
                if not text.strip():
                    self.notify("A recommendation needs some text; the earlier text is kept "
                                "(delete removes a recommendation).", severity="warning", timeout=5)
                    return False
                self.review.update_recommendation(editor.recommendation_id, text=text)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return False
        editor.saved_text = text
        editor.draft_text = None
        self._editor_hint()
        if self.is_mounted and self.is_current:
            self.refresh_board()
        return True

    def on_descendant_blur(self, event) -> None:
        # leaving the editor (tab, a click on the tree) saves what was typed
        if isinstance(event.widget, RecommendationEditor) and self.editing and event.widget.dirty:
            self.save_editor()

    def on_screen_resume(self) -> None:
        # back from another screen (capture, search...): contributions may have changed
        if self.board is not None:
            self.refresh_board()

    def on_recommendation_editor_done(self, event: RecommendationEditor.Done) -> None:
        event.stop()
        # ctrl+s saves a starting draft as it is; escape leaves an untouched one unsaved
        if not self.save_editor(draft_too=not event.leave):
            return
        rid = self.editor.recommendation_id
        if event.leave:
            self._close_editor(rid)
        else:
            self.notify("Saved.", timeout=2)
            self._show_detail()

    def _close_editor(self, rid: str | None) -> None:
        self.query_one("#review-side").remove_class("editing")
        self.refresh_board()
        if rid:
            self.tree.goto(("rec", rid))
        self.tree.focus()
        self._show_detail()

    def _need_rec(self) -> str | None:
        rid = self._rec_at_cursor()
        if rid is None:
            self.notify("Put the cursor on a recommendation (or its cluster); w writes one.", timeout=4)
        return rid

    def action_status(self) -> None:
        rid = self._need_rec()
        if rid is None:
            return
        rec = next(r for r in self.board.recommendations if r.id == rid)
        new = NEXT_STATUS[rec.status]
        self._do(lambda: self.review.set_status(rid, new), f"{rec.ref} is now {new}.", clear_marks=False,
                 focus=("rec", rid))

    def action_rank(self) -> None:
        rid = self._need_rec()
        if rid is None:
            return
        rec = next(r for r in self.board.recommendations if r.id == rid)

        def done(value: str | None) -> None:
            if value is None:
                return
            value = value.strip()
            try:
                rank = int(value) if value else None
            except ValueError:
                self.notify("The rank is a whole number, 1 or more (empty: no rank).", severity="error")
                return
            self._do(lambda: self.review.update_recommendation(rid, rank=rank),
                     f"{rec.ref} rank {rank}." if rank else f"{rec.ref} has no rank.", clear_marks=False,
                     focus=("rec", rid))

        self.app.push_screen(ReviewPrompt(f"Rank of {rec.ref} (1 = first; empty: none)", str(rec.rank or "")), done)

    def action_addressed(self) -> None:
        rid = self._need_rec()
        if rid is None:
            return
        rec = next(r for r in self.board.recommendations if r.id == rid)

        def done(value: str | None) -> None:
            if value is not None:
                self._do(lambda: self.review.update_recommendation(rid, addressed_to=value.strip() or None),
                         f"{rec.ref} addressed to {value.strip() or 'nobody'}.", clear_marks=False,
                         focus=("rec", rid))

        self.app.push_screen(
            ReviewPrompt(
                f"{rec.ref} is addressed to", rec.addressed_to or "", suggestions=ADDRESSEES,
                hint="e.g. " + ", ".join(ADDRESSEES[:3]) + " · → completes · enter ok · escape cancel",
            ),
            done,
        )

    def action_history(self) -> None:
        rid = self._need_rec()
        if rid is None:
            return
        rec = next(r for r in self.board.recommendations if r.id == rid)
        revs = self.review.revisions(rid)
        if not revs:
            self.notify(f"{rec.ref} has no earlier text yet.", timeout=3)
            return
        items = []
        for rev in revs:
            label = Text.assemble(
                (_local(rev.created_at), "dim"),
                " ",
                (f"[{rev.status}]", STATUS_STYLE.get(rev.status or "", "")),
                (f" #{rev.rank}" if rev.rank else ""),
                (f" → {rev.addressed_to}" if rev.addressed_to else "", "italic"),
                " ",
                short(rev.text, 48),
            )
            label.no_wrap = True
            label.overflow = "ellipsis"
            items.append(Item(str(rev.id), label, f"{rev.status} {rev.text}"))

        def picked(result: Picked | None) -> None:
            if result is not None and result.key:
                self._do(lambda: self.review.restore_revision(rid, int(result.key)),
                         f"{rec.ref}: earlier version brought back (the current one is kept too).",
                         clear_marks=False, focus=("rec", rid))

        self.app.push_screen(
            PickScreen(f"Earlier versions of {rec.ref}, newest first: enter brings one back", items), picked
        )

    def action_sync_support(self) -> None:
        rid = self._need_rec()
        if rid is None:
            return
        self._do(lambda: self.review.sync_support(rid), "Support is now the cluster's contributions (ctrl+z undoes).",
                 clear_marks=False, focus=("rec", rid))

    # --- scope and leaving -----------------------------------------------------------------------

    def _scopes(self) -> list[str | None]:
        return [None] + [q.id for q in self.questions]

    def set_scope(self, question_id: str | None) -> None:
        if self.editing:
            if not self.save_editor():
                return
            self.query_one("#review-side").remove_class("editing")
        if self.proposal is not None:
            self.notify("Suggestions for the previous view were discarded.", timeout=3)
        self.question_id = question_id
        self.proposal = None
        self.accepted = set()
        self.marks = []
        self.refresh_board()
        self.tree.cursor_line = 0
        self.tree.focus()

    def _step_scope(self, delta: int) -> None:
        scopes = self._scopes()
        i = scopes.index(self.question_id) if self.question_id in scopes else 0
        self.set_scope(scopes[(i + delta) % len(scopes)])

    def action_prev_scope(self) -> None:
        self._step_scope(-1)

    def action_next_scope(self) -> None:
        self._step_scope(1)

    def action_back(self) -> None:
        if self.editing:  # the editor is open beside the tree: close it first (saving)
            if self.save_editor():
                self._close_editor(self.editor.recommendation_id)
            return
        if self.proposal is not None:
            self.action_discard()
            return
        if self.marks:
            self.marks = []
            self.refresh_board()
            return
        if not self.save_editor():
            return
        self.app.pop_screen()

    def _save_on_exit(self, editor: RecommendationEditor) -> None:
        """The app is quitting (ctrl+q) while a recommendation is being written: keep the text."""
        text = editor.text
        try:
            if editor.recommendation_id is None:
                if text.strip():
                    support = self.pending_support if editor.cluster_id is None else None
                    self.review.add_recommendation(text, cluster_id=editor.cluster_id, support=support)
            elif text.strip():
                self.review.update_recommendation(editor.recommendation_id, text=text)
            editor.saved_text = text
        except Exception as exc:  # noqa: BLE001 - never block quitting; keep the text in the rescue file
            from facilitator.core import rescue

            try:
                rescue.rescue(self._editor_entry(f"not saved: the recommendation ({exc})"))
            except rescue.RescueFailed:
                pass

    def _editor_entry(self, reason: str):
        from facilitator.core.rescue import Entry

        editor = self.editor
        q = next((q for q in self.questions if q.id == self.question_id), None)
        return Entry(text=editor.text, reason=reason, session=f"{self.session.title} ({self.session_id})",
                     question=f"Q{q.position} {q.text}" if q else "whole session",
                     speaker=f"recommendation {editor.recommendation_id or '(new)'}")

    def flush(self) -> None:
        """The app is quitting: save what is in the recommendation editor."""
        if self.editing and self.editor.dirty:
            self.save_editor()

    def unsaved(self) -> list:
        if self.editing and self.editor.dirty and self.editor.text.strip():
            return [self._editor_entry("not saved: the recommendation being written")]
        return []

    def palette_commands(self):
        yield "Suggest clusters", "g: a proposal to accept or discard", self.action_suggest
        yield "Suggest a number of clusters", "G: choose how many", self.action_suggest_k
        if self.proposal is not None:
            yield "Accept all suggested clusters", "A: curated clusters are kept", self.action_accept_all
            yield "Discard suggested clusters", "x", self.action_discard
        yield "New cluster", "n: from the marked contributions, or the one under the cursor", self.action_new_cluster
        yield "Rename cluster", "r", self.action_rename
        yield "Merge cluster into another", "M", self.action_merge
        yield "Split cluster", "s: the marked contributions go to a new cluster", self.action_split
        yield "Move contribution to a cluster", "m (or out of any cluster: o)", self.action_move
        yield "Park as noise", "p: a contribution, or a whole cluster", self.action_park
        yield "Write recommendation", "w: for the cluster under the cursor, or standalone", self.action_write
        yield "Recommendation status", "t: draft → reviewed → agreed → dropped", self.action_status
        yield "Recommendation rank", "k", self.action_rank
        yield "Recommendation addressed to", "@: parliaments, governments, ...", self.action_addressed
        yield "Recommendation history", "h: bring an earlier text back", self.action_history
        yield "Support = cluster's contributions", "S", self.action_sync_support
        yield "Reload", "ctrl+r: what another window saved since", self.action_reload
        yield "Undo", "ctrl+z", self.action_undo
        yield "Redo", "ctrl+y", self.action_redo
        yield "Review: whole session", "all questions together", lambda: self.set_scope(None)
        for q in self.questions:
            yield f"Review: question {q.position}", short(q.text, 70), (lambda qid=q.id: self.set_scope(qid))
