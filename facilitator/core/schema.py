"""The database schema, as sqlite-utils ``Migrations``.

Size: ~500 lines: every migration since the first, in order; a released migration is never
edited or removed, so this module only grows, one short function per change of the schema.

The whole domain is here from the first migration so that later features add columns or
indexes, not reshape tables. ``PRAGMA application_id`` marks the file as ours (so a SQLite file
of another program is recognised and left alone) and ``PRAGMA user_version`` records the schema
version (so a file written by a newer release is refused rather than damaged).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .dbinfo import APPLICATION_ID, SCHEMA_VERSION  # (bump SCHEMA_VERSION there)
MIGRATION_SET = "facilitator"

migrations = Migrations(MIGRATION_SET)

_INITIAL = """
CREATE TABLE series (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE session (
    id TEXT PRIMARY KEY,
    series_id TEXT REFERENCES series(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    event TEXT,
    date TEXT NOT NULL,              -- ISO date, local to the venue
    start_time TEXT,                 -- HH:MM, local to the venue
    end_time TEXT,
    venue TEXT,
    languages TEXT NOT NULL DEFAULT '[]',   -- JSON list of language codes
    language TEXT NOT NULL DEFAULT 'en',    -- language of the agenda
    rapporteur TEXT,
    agenda_path TEXT,
    agenda_sha256 TEXT,
    source TEXT,                     -- provenance when imported or merged (JSON)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE question (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    text TEXT NOT NULL,
    translations TEXT NOT NULL DEFAULT '{}',  -- JSON {lang: text}
    allotment_min INTEGER CHECK (allotment_min IS NULL OR allotment_min > 0),
    UNIQUE (session_id, position)
);

CREATE TABLE participant (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT,
    organization TEXT,
    stakeholder_group TEXT,
    country TEXT,
    gender TEXT,
    youth INTEGER NOT NULL DEFAULT 0 CHECK (youth IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX participant_name ON participant (name COLLATE NOCASE);

CREATE TABLE contribution (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    question_id TEXT REFERENCES question(id) ON DELETE SET NULL,
    participant_id TEXT REFERENCES participant(id) ON DELETE SET NULL,
    seq INTEGER NOT NULL,            -- per-session serial: the number in Q3-012
    text TEXT NOT NULL CHECK (length(text) > 0),
    lang TEXT,
    started_at TEXT,                 -- when the speaker started (for speaking time)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,                 -- soft delete: undoable
    source TEXT,                     -- provenance when imported or merged (JSON)
    UNIQUE (session_id, seq)
);
CREATE INDEX contribution_question ON contribution (session_id, question_id, seq);
CREATE INDEX contribution_participant ON contribution (participant_id);

-- What the rapporteur is typing, autosaved; one composer per session.
CREATE TABLE draft (
    session_id TEXT PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
    question_id TEXT REFERENCES question(id) ON DELETE SET NULL,
    participant_id TEXT REFERENCES participant(id) ON DELETE SET NULL,
    contribution_id TEXT REFERENCES contribution(id) ON DELETE SET NULL,  -- when editing one
    text TEXT NOT NULL,
    started_at TEXT,
    updated_at TEXT NOT NULL
);

-- When the session moved to a question and left it (time spent per question).
CREATE TABLE question_visit (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL REFERENCES question(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX question_visit_session ON question_visit (session_id, question_id);

CREATE TABLE cluster (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    question_id TEXT REFERENCES question(id) ON DELETE SET NULL,  -- NULL: whole session
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    representative_id TEXT REFERENCES contribution(id) ON DELETE SET NULL,
    origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('suggested', 'manual')),
    method TEXT,                     -- clustering method that suggested it
    curated INTEGER NOT NULL DEFAULT 0 CHECK (curated IN (0, 1)),  -- a person changed it
    parked INTEGER NOT NULL DEFAULT 0 CHECK (parked IN (0, 1)),    -- the noise bin
    position INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (session_id, seq)
);
CREATE INDEX cluster_session ON cluster (session_id, question_id);

-- A contribution belongs to at most one cluster.
CREATE TABLE cluster_member (
    contribution_id TEXT PRIMARY KEY REFERENCES contribution(id) ON DELETE CASCADE,
    cluster_id TEXT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
    origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('suggested', 'manual')),
    added_at TEXT NOT NULL
);
CREATE INDEX cluster_member_cluster ON cluster_member (cluster_id);

CREATE TABLE recommendation (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    question_id TEXT REFERENCES question(id) ON DELETE SET NULL,
    cluster_id TEXT REFERENCES cluster(id) ON DELETE SET NULL,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'reviewed', 'agreed', 'dropped')),
    rank INTEGER CHECK (rank IS NULL OR rank >= 1),
    addressed_to TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    source TEXT,
    UNIQUE (session_id, seq)
);
CREATE INDEX recommendation_session ON recommendation (session_id, question_id);

CREATE TABLE recommendation_support (
    recommendation_id TEXT NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
    contribution_id TEXT NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    PRIMARY KEY (recommendation_id, contribution_id)
);
CREATE INDEX recommendation_support_contribution ON recommendation_support (contribution_id);

-- Every earlier text of a contribution or a recommendation.
CREATE TABLE revision (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL CHECK (entity IN ('contribution', 'recommendation')),
    entity_id TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',  -- JSON: other fields at that time (status, rank, ...)
    created_at TEXT NOT NULL
);
CREATE INDEX revision_entity ON revision (entity, entity_id, id);

-- One vector per contribution and method, computed once (in the background) and reused.
CREATE TABLE embedding (
    contribution_id TEXT NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,       -- the text it was computed from
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,            -- float32, little endian
    PRIMARY KEY (contribution_id, method)
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _INITIAL.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _search_statements() -> list[str]:
    """m002: the full-text index of a folded copy of contribution and recommendation text.

    ``search_doc`` gives each indexed text a stable integer id (the FTS rowid); ``search_fts``
    holds the folded text (:func:`facilitator.core.textnorm.sql_fold`, then the ``unicode61``
    tokenizer removes case and accents). Triggers keep it in step with every write, from any
    connection, without a Python function: the stored text itself is never changed.
    """
    from .textnorm import TOKENIZER, sql_fold

    out = [
        """CREATE TABLE search_doc (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('contribution', 'recommendation')),
            entity_id TEXT NOT NULL,
            UNIQUE (kind, entity_id)
        )""",
        f"CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = '{TOKENIZER}')",
    ]
    for table in ("contribution", "recommendation"):
        doc = f"(SELECT id FROM search_doc WHERE kind = '{table}' AND entity_id = {{0}}.id)"
        out += [
            # OR IGNORE and the DELETE: robust to a row left behind by INSERT OR REPLACE,
            # whose implicit delete fires no trigger.
            f"""CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN
                INSERT OR IGNORE INTO search_doc (kind, entity_id) VALUES ('{table}', new.id);
                DELETE FROM search_fts WHERE rowid = {doc.format('new')};
                INSERT INTO search_fts (rowid, body) VALUES ({doc.format('new')}, {sql_fold('new.text')});
            END""",
            f"""CREATE TRIGGER {table}_search_update AFTER UPDATE OF text ON {table} BEGIN
                UPDATE search_fts SET body = {sql_fold('new.text')} WHERE rowid = {doc.format('new')};
            END""",
            f"""CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN
                DELETE FROM search_fts WHERE rowid = {doc.format('old')};
                DELETE FROM search_doc WHERE kind = '{table}' AND entity_id = old.id;
            END""",
            # Backfill what is already there.
            f"INSERT INTO search_doc (kind, entity_id) SELECT '{table}', id FROM {table} ORDER BY rowid",
            f"""INSERT INTO search_fts (rowid, body)
                SELECT d.id, {sql_fold('t.text')} FROM search_doc d JOIN {table} t ON t.id = d.entity_id
                WHERE d.kind = '{table}'""",
        ]
    return out


@migrations()
def m002_search_index(db: Database) -> None:
    for statement in _search_statements():
        db.execute(statement)


@migrations()
def m003_kept_unclustered(db: Database) -> None:
    """Contributions a person took out of every cluster: suggestions leave them there."""
    db.execute(
        """CREATE TABLE kept_unclustered (
            contribution_id TEXT PRIMARY KEY REFERENCES contribution(id) ON DELETE CASCADE,
            kept_at TEXT NOT NULL
        )"""
    )


@migrations()
def m004_live_contributions_index(db: Database) -> None:
    """Counting a session's live contributions (the sessions list) from the index alone."""
    db.execute("CREATE INDEX contribution_live ON contribution (session_id, deleted_at)")


@migrations()
def m005_session_room(db: Database) -> None:
    """Which room of an agenda a session is (two rooms can run the same agenda)."""
    db.execute("ALTER TABLE session ADD COLUMN room TEXT")


@migrations()
def m006_turns_panel_flags(db: Database) -> None:
    """Speaking turns (speaking time is the speaker's turn, not the typing of a contribution),
    the panel of a session (one key per panelist), contributions flagged as proposed
    recommendations, and an edit in progress kept with the draft."""
    for statement in (
        """CREATE TABLE turn (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            question_id TEXT REFERENCES question(id) ON DELETE SET NULL,
            participant_id TEXT REFERENCES participant(id) ON DELETE SET NULL,  -- NULL: the floor
            started_at TEXT NOT NULL,
            ended_at TEXT                    -- NULL: still open (closed when the session opens again)
        )""",
        "CREATE INDEX turn_session ON turn (session_id, started_at)",
        "ALTER TABLE contribution ADD COLUMN turn_id TEXT REFERENCES turn(id) ON DELETE SET NULL",
        "CREATE INDEX contribution_turn ON contribution (turn_id)",
        "ALTER TABLE contribution ADD COLUMN proposed INTEGER NOT NULL DEFAULT 0 CHECK (proposed IN (0, 1))",
        """CREATE TABLE panelist (
            session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 1),
            participant_id TEXT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
            PRIMARY KEY (session_id, position),
            UNIQUE (session_id, participant_id)
        )""",
        "ALTER TABLE draft ADD COLUMN edit_text TEXT",  # the entry being edited (contribution_id)
    ):
        db.execute(statement)


def stamp(db: Database) -> None:
    """Mark the file as ours and record the schema version (outside any transaction is fine)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@migrations()
def m007_participant_aliases(db: Database) -> None:
    """Other spellings of a participant's name (the Arabic form, a transliteration, a nickname):
    a JSON list, withheld from anonymous exports like the name itself."""
    db.execute("ALTER TABLE participant ADD COLUMN aliases TEXT")


@migrations()
def m008_area_lenses(db: Database) -> None:
    """The area of a series a meeting covers and the lenses it looks through (from the agenda),
    one line of its purpose, and the lenses of each recommendation and theme (JSON lists: a
    known lens by its key, ``human``, others as typed)."""
    for statement in (
        "ALTER TABLE session ADD COLUMN area TEXT",
        "ALTER TABLE session ADD COLUMN lenses TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE session ADD COLUMN purpose TEXT",
        "ALTER TABLE recommendation ADD COLUMN lenses TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE cluster ADD COLUMN lenses TEXT NOT NULL DEFAULT '[]'",
    ):
        db.execute(statement)


# The statuses every database starts with: key, labels (en, fr, ar), kind, implied progress.
FOLLOWUP_STATUSES = (
    ("planned", {"en": "planned", "fr": "prévue", "ar": "مخطط لها"}, "open", 0),
    ("under way", {"en": "under way", "fr": "en cours", "ar": "قيد التنفيذ"}, "open", None),
    ("stalled", {"en": "stalled", "fr": "bloquée", "ar": "متعثرة"}, "attention", None),
    ("done", {"en": "done", "fr": "réalisée", "ar": "منجزة"}, "closed", 100),
    ("dropped", {"en": "dropped", "fr": "abandonnée", "ar": "متروكة"}, "closed", None),
)


@migrations()
def m009_followup_activities(db: Database) -> None:
    """After the Summit: agreed recommendations become activities with a lead, partners, dates,
    a status (from a list the user can extend) and progress, and a timeline of dated updates;
    every earlier state is kept (``followup_revision``); typed text is autosaved
    (``followup_draft``). Written by ``core/followup/store.py`` alone."""
    import json

    for statement in (
        """CREATE TABLE followup_status (
            key TEXT PRIMARY KEY,                 -- what is stored: 'planned', 'under way', ...
            labels TEXT NOT NULL DEFAULT '{}',    -- JSON {lang: label}: en, fr, ar
            kind TEXT NOT NULL CHECK (kind IN ('open', 'attention', 'closed')),
            progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),  -- implied (done: 100)
            position INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE activity (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,          -- A-001, across the database
            recommendation_id TEXT REFERENCES recommendation(id) ON DELETE SET NULL,
            session_id TEXT REFERENCES session(id) ON DELETE SET NULL,  -- the recommendation's
            title TEXT NOT NULL CHECK (length(title) > 0),
            lead TEXT,
            lead_kind TEXT CHECK (lead_kind IS NULL OR lead_kind IN ('parliament', 'organization', 'person')),
            partners TEXT NOT NULL DEFAULT '[]',  -- JSON [[name, kind], ...]
            start_date TEXT,                      -- ISO dates
            due_date TEXT,
            status TEXT NOT NULL,                 -- as created; updates may change it since
            progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
            area TEXT,                            -- NULL: the recommendation's session's area
            lens TEXT,                            -- NULL: the recommendation's first lens
            set_id TEXT,                          -- carries out a consolidated recommendation of a
            set_text TEXT,                        --   series report: its set's id, the text kept,
            set_members TEXT NOT NULL DEFAULT '[]',  -- and its members (JSON ids; recommendation_id is one)
            lang TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            source TEXT                           -- provenance when imported (JSON)
        )""",
        "CREATE INDEX activity_recommendation ON activity (recommendation_id)",
        """CREATE TABLE activity_update (
            id TEXT PRIMARY KEY,
            activity_id TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            date TEXT NOT NULL,                   -- ISO date the update speaks of
            author TEXT,                          -- who said it
            author_kind TEXT CHECK (author_kind IS NULL OR author_kind IN ('parliament', 'organization', 'person')),
            text TEXT NOT NULL DEFAULT '',
            source TEXT,                          -- where it can be checked: a letter, a report, a link
            status TEXT,                          -- the status it reports, if any
            progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
            lang TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            origin TEXT                           -- the file it came from
        )""",
        "CREATE INDEX activity_update_activity ON activity_update (activity_id, date, created_at)",
        """CREATE TABLE followup_revision (
            id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL CHECK (entity IN ('activity', 'update', 'status')),
            entity_id TEXT NOT NULL,
            state TEXT NOT NULL,                  -- JSON: every field before the change
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX followup_revision_entity ON followup_revision (entity, entity_id, id)",
        """CREATE TABLE followup_draft (
            key TEXT PRIMARY KEY,                 -- what is being written: 'update:<activity id>', ...
            fields TEXT NOT NULL,                 -- JSON of the form's fields
            updated_at TEXT NOT NULL
        )""",
    ):
        db.execute(statement)
    for position, (key, labels, kind, progress) in enumerate(FOLLOWUP_STATUSES, start=1):
        db.execute(
            "INSERT INTO followup_status (key, labels, kind, progress, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [key, json.dumps(labels, ensure_ascii=False), kind, progress, position, "2023-03-11T00:00:00.000Z"],
        )


@migrations()
def m010_cluster_parent(db: Database) -> None:
    """The broad theme a suggested sub-theme belongs to (two levels: sessions with many themes).
    A label, not a row: a broad theme has no ideas of its own, only its sub-themes'."""
    db.execute("ALTER TABLE cluster ADD COLUMN parent_label TEXT")


@migrations()
def m011_drafts_per_window(db: Database) -> None:
    """One draft per window and place (``core/drafts.py``): the ``draft`` table was keyed by
    session alone, so two windows on one session shared (and deleted) one draft. Drafts kept
    from before have no window: the next window to open their session offers them. The
    follow-up forms' drafts (``followup_draft``, keyed by what they write alone, so shared by
    every window too) move here the same way (place ``followup``, scope that key) and their
    table goes."""
    import json

    for statement in (
        """CREATE TABLE draft_per_window (
            window_id TEXT NOT NULL,          -- the window (a run of the app) that typed it
            place TEXT NOT NULL,              -- 'capture', 'recommendation', 'participant'
            scope TEXT NOT NULL DEFAULT '',   -- the session (capture, review); '' (roster)
            session_id TEXT REFERENCES session(id) ON DELETE CASCADE,
            question_id TEXT REFERENCES question(id) ON DELETE SET NULL,
            participant_id TEXT REFERENCES participant(id) ON DELETE SET NULL,
            contribution_id TEXT REFERENCES contribution(id) ON DELETE SET NULL,  -- being edited
            target_id TEXT,                   -- the recommendation or participant being edited
            text TEXT NOT NULL,
            started_at TEXT,
            edit_text TEXT,
            edit_base TEXT,                   -- the text the edit began from
            data TEXT NOT NULL DEFAULT '{}',  -- JSON: a form's other fields
            owner TEXT NOT NULL DEFAULT '',   -- host|pid|process start: does the window still run?
            updated_at TEXT NOT NULL,
            PRIMARY KEY (window_id, place, scope)
        )""",
        """INSERT INTO draft_per_window (window_id, place, scope, session_id, question_id, participant_id,
               contribution_id, text, started_at, edit_text, updated_at)
           SELECT 'before-windows-' || session_id, 'capture', session_id, session_id, question_id, participant_id,
               contribution_id, text, started_at, edit_text, updated_at FROM draft""",
        "DROP TABLE draft",
        "ALTER TABLE draft_per_window RENAME TO draft",
        "CREATE INDEX draft_session ON draft (session_id, place)",
        "CREATE INDEX draft_participant ON draft (participant_id)",
    ):
        db.execute(statement)
    for key, fields_json, updated_at in db.execute("SELECT key, fields, updated_at FROM followup_draft").fetchall():
        try:
            fields = json.loads(fields_json)
        except ValueError:
            fields = {"text": str(fields_json)}
        if not isinstance(fields, dict):
            fields = {"text": str(fields)}
        text = str(fields.get("text") or fields.get("title") or "")
        db.execute(
            "INSERT INTO draft (window_id, place, scope, text, data, updated_at) VALUES (?, 'followup', ?, ?, ?, ?)",
            ["before-windows-followup", key, text, json.dumps({"fields": fields}, ensure_ascii=False, sort_keys=True),
             updated_at],
        )
    db.execute("DROP TABLE followup_draft")


# The tables a window shows from (contributions, people, the panel, the review): each write to
# them counts up its row of ``change_count``, so a window that sees PRAGMA data_version move
# (another connection wrote) can tell in one read whether anything it shows changed, and what.
LIVE_TABLES = ("contribution", "participant", "panelist", "cluster", "cluster_member", "recommendation",
               "recommendation_support", "session", "question", "question_visit",
               "activity", "activity_update", "followup_status")


@migrations()
def m012_change_counts(db: Database) -> None:
    """Counters of writes per table, kept by triggers from every connection (every window and
    command): what makes each window live (``tui/live.py``)."""
    db.execute("CREATE TABLE change_count (name TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0)")
    for table in LIVE_TABLES:
        db.execute("INSERT INTO change_count (name, n) VALUES (?, 0)", [table])
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER {table}_counts_{event.lower()} AFTER {event} ON {table} BEGIN
                    UPDATE change_count SET n = n + 1 WHERE name = '{table}';
                END"""
            )
