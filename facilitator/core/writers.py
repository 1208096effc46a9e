"""One writer per table: the module of ``facilitator.core`` that writes each table.

A table's rows are inserted, updated, deleted or replaced in its module only; every other path
(the app, the CLI, bulk input, the import of an export, the review, merges of people, turns)
calls that module's functions. ``tests/test_one_writer.py`` reads every module of the package
and fails when a table is written anywhere else, or when a table of the schema has no home here.
DEVELOPERS.md ("One writer per table") explains the map.
"""

from __future__ import annotations

TABLES = "facilitator.core.tables"  # the capture's tables (Store's methods call it)
REVIEW = "facilitator.core.review.queries"
FOLLOWUP = "facilitator.core.followup.store"

WRITERS: dict[str, str] = {
    # sessions, their agenda, the roster, what was said and its history
    "series": TABLES,
    "session": TABLES,
    "question": TABLES,
    "participant": TABLES,
    "contribution": TABLES,
    "revision": TABLES,
    "draft": TABLES,
    "setting": TABLES,
    "panelist": TABLES,
    "turn": TABLES,
    # where the capture screen was, question by question
    "question_visit": "facilitator.core.capture",
    # the review: themes and draft recommendations
    "cluster": REVIEW,
    "cluster_member": REVIEW,
    "kept_unclustered": REVIEW,
    "recommendation": REVIEW,
    "recommendation_support": REVIEW,
    # derived data, rebuilt from the tables above
    "embedding": "facilitator.core.clustering.cache",
    "search_doc": "facilitator.core.search",
    "search_fts": "facilitator.core.search",
    # follow-up of the recommendations
    "followup_status": FOLLOWUP,
    "activity": FOLLOWUP,
    "activity_update": FOLLOWUP,
    "followup_revision": FOLLOWUP,
    # what every window shows from, counted per table by triggers (tui/live.py): written by the
    # triggers the migration made, never by a statement of the code
    "change_count": "facilitator.core.schema",
}

# Modules that may write any table, and why.
EXEMPT: dict[str, str] = {
    "facilitator.core.schema": "the migrations (which create, fill and reshape tables) and the search index's triggers",
}
