"""The three lines above the review: what is reviewed, the coverage at a glance, and a warning
(recommendations resting on one stakeholder group, or none), the progress of suggestions, or
the first keys to press."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from facilitator.core.review import Board
from facilitator.tui.keys import hints
from facilitator.tui.plain import sentence

from .labels import one_line, short

FIRST_KEYS = (("review.suggest", "suggest"), ("review.new_cluster", "new cluster"),
              ("review.write", "write a recommendation"), ("help", "all keys"))


class ReviewHeader(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="review-title", classes="screen-title")
        yield Static("", id="review-coverage")
        yield Static("", id="review-warnings")

    def show_title(self, prefix: str, text: str) -> None:
        # cut before reordering, so that an Arabic question shows its beginning
        title = prefix + short(text, max(10, (self.size.width or 80) - len(prefix) - 2))
        self.query_one("#review-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))

    def show(self, board: Board | None, *, suggesting: bool = False, vectors: tuple[int, int] | None = None,
             reading: bool = False, saving: bool = False) -> None:
        """``board`` None: not read yet. ``reading``: the board shown is being read again
        (``saving``: after a step still being written)."""
        if board is None:
            self.query_one("#review-coverage", Static).update(Text("Reading the contributions…", style="italic"))
        else:
            line = self._coverage(board)
            if reading:
                line = one_line(Text.assemble(("saving… " if saving else "reading… ", "italic"), line))
            self.query_one("#review-coverage", Static).update(line)
        if suggesting:
            warn = Text("Suggesting clusters…", style="italic")
            if vectors:
                warn.append(f" vectors of new ideas: {vectors[0]} of {vectors[1]} (computed once)", style="dim")
        elif board is not None and board.coverage.warnings():
            warn = sentence("⚠ " + board.coverage.warnings(), style="yellow")  # it names groups
        else:
            warn = Text(hints(self.screen, FIRST_KEYS), style="dim")
        self.query_one("#review-warnings", Static).update(one_line(warn))

    @staticmethod
    def _coverage(board: Board) -> Text:
        cov = board.coverage
        return one_line(Text.assemble(
            (f"{cov.total} ideas", "bold"),
            " · no cluster ",
            (str(cov.unclustered), "bold red" if cov.unclustered else "green"),
            " · no recommendation ",
            (str(cov.unsupported), "bold red" if cov.unsupported else "green"),
            " · neither ",
            (str(cov.uncovered), "bold red" if cov.uncovered else "green"),
            f" · noise {cov.parked}",
            (f" · in other views' clusters {board.elsewhere}" if board.elsewhere else "", "dim"),
        ))
