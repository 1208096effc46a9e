"""The facilitator's review: clusters of contributions and draft recommendations, without UI.

A :class:`Review` works on one *scope*: one guiding question, or the whole session
(``question_id=None``). It is used by the review screen, the ``cluster`` command and the tests.
Where each part lives:

- :mod:`.views`: what the review shows, as plain data (``Board``, ``ClusterView``, ...);
- :mod:`.board`: reading a scope (``read_board``, also from a worker thread's own store);
- :mod:`.history`: undo and redo of every step (``History``);
- :mod:`.suggestions`: suggested clusters (``propose``, ``Proposal``, accepting them);
  :mod:`facilitator.core.clustering` is the engine underneath;
- :mod:`.curation`: new, rename, merge, split, move, park, delete;
- :mod:`.recommendations`: draft recommendations, their status, rank, support, revisions;
- :mod:`.edits`: the small edits steps are made of; :mod:`.queries`: every SQL statement.

Rules it keeps:

- **The facilitator's curation always wins.** A cluster a person touched (renamed, merged,
  split, moved a contribution in or out, parked) is ``curated``; a cluster made by hand is
  ``origin='manual'``; a contribution a person put somewhere has a ``manual`` membership.
  Applying suggestions replaces only suggested, uncurated, unparked clusters of the scope and
  never moves a contribution that is in any other cluster or has a manual membership: such
  contributions are left out of the proposal (``Proposal.skipped``).
- **Nothing is lost.** Every earlier state of a recommendation (text, status, rank, addressed
  to) is kept in the ``revision`` table and can be brought back. Clusters and recommendations
  are soft-deleted. Every curation step can be undone (and redone): before a step changes a
  row, the row as it was is kept in memory, and :meth:`Review.undo` puts those rows back exactly.
- Every write goes through ``store.write()``, one transaction per step.
"""

from __future__ import annotations

from .board import Reading, read_board
from .curation import Curation
from .history import History
from .recommendations import ADDRESSEES, NEXT_STATUS, Recommendations
from .suggestions import Proposal, ProposedCluster, Suggestions, propose, starting_draft
from .views import NOISE_LABEL, UNKNOWN_GROUP, Board, ClusterView, Coverage, Idea, Ideas, RecommendationView, RevisionView


class Review(Reading, Suggestions, Curation, Recommendations):
    """Curation of one scope of a session, with undo and redo of every step.

    ``Review(store, session_id, question_id=None, *, history=None)``. The undo history lives
    as long as the :class:`History` (the screen keeps one)."""


__all__ = [
    "ADDRESSEES",
    "NEXT_STATUS",
    "NOISE_LABEL",
    "UNKNOWN_GROUP",
    "Board",
    "ClusterView",
    "Coverage",
    "History",
    "Idea",
    "Ideas",
    "Proposal",
    "ProposedCluster",
    "RecommendationView",
    "Review",
    "RevisionView",
    "propose",
    "read_board",
    "starting_draft",
]
