"""What the review's worker threads tell the screen, by message (never by calling it).

The tree's and the editor's own messages are declared on them (``ReviewTree.Highlighted``,
``ReviewTree.MarkToggled``, ``RecommendationEditor.Done``).
"""

from __future__ import annotations

from textual.message import Message

from facilitator.core.review import Board, Proposal


class BoardLoaded(Message):
    """The board of a scope was read (``request``: the number of the reading it answers)."""

    def __init__(self, board: Board, request: int, seconds: float) -> None:
        super().__init__()
        self.board = board
        self.request = request
        self.seconds = seconds  # how long the reading took, in its thread


class BoardFailed(Message):
    """The board could not be read; ``message`` says why, for people."""

    def __init__(self, message: str, request: int) -> None:
        super().__init__()
        self.message = message
        self.request = request


class VectorsComputed(Message):
    """While suggesting: sentence vectors of new contributions computed so far."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ProposalMade(Message):
    def __init__(self, proposal: Proposal) -> None:
        super().__init__()
        self.proposal = proposal


class SuggestFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
