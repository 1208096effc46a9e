"""Deterministic data for the summary tests: the Sahel panel with fixed ids and times.

Rows are written with SQL so every id and time stamp is fixed, and the export of the result is
byte-for-byte stable (the golden files in this folder).
"""

from __future__ import annotations

import datetime as _dt

import json
from pathlib import Path

from facilitator.core.agenda import load_agenda
from facilitator.core.summary.model import derived_id

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN = Path(__file__).resolve().parent
SAHEL_EN = ROOT / "sessions" / "sahel-security-2023.md"
T0 = "2023-03-11T13:30:00.000Z"


def fid(kind: str, n: int | str, salt: str = "") -> str:
    return derived_id("test", salt, kind, str(n))


PEOPLE = [
    # key, name, title, organization, group, country, gender, youth
    ("diallo", "Hon. Aminata Diallo", "Member of Parliament", "National Assembly of Mali", "Parliament", "Mali", "woman", False),
    ("benali", "Karim Benali", "Programme officer", "UNDP", "UN organizations", None, "man", False),
    ("haddad", "ليلى حداد", None, "Arab Women Network", "Civil society", "Bahrain", "woman", False),
    ("ouedraogo", "Issa Ouédraogo", "Colonel (retired)", None, "Security experts", "Burkina Faso", "man", False),
    ("sow", "Mariam Sow", "Student", "Sahel Youth Forum", "Civil society", "Niger", "woman", True),
]

# question position, speaker key (None: the floor), text
CONTRIBUTIONS = [
    (1, "diallo", "Parliaments must vote the security budget line by line, and publish it."),
    (1, "benali", "Oversight committees need staff & training: *not* just members."),
    (1, "haddad", "يجب أن تشارك النساء في لجان الأمن البرلمانية."),
    (1, "sow", "Young people see #security as jobs first.\nThen as police."),
    (1, None, "1. Consult communities before deployments. <!-- not a comment -->"),
    (2, "ouedraogo", "Les parlements doivent contrôler les dépenses militaires | chaque année."),
    (2, "diallo", "Budget hearings should be public — with `open data`."),
    (3, "benali", "Civilian harm tracking cells, as in other missions 🙂"),
    (3, "ouedraogo", "> Rules of engagement must be written down and taught."),
    (None, "sow", "A question for the next meeting: youth quotas?"),
]


def build_sahel(store, salt: str = "") -> str:
    """The Sahel panel with participants, contributions, themes and recommendations; its id."""
    session, _text = load_agenda(SAHEL_EN)
    sid = fid("session", 1, salt)
    qids = {q.position: fid("question", q.position, salt) for q in session.questions}
    pids = {p[0]: fid("participant", p[0], salt) for p in PEOPLE}
    with store.write() as conn:
        series = fid("series", 1, salt)
        conn.execute("INSERT OR IGNORE INTO series (id, title, created_at) VALUES (?, ?, ?)", (series, session.series, T0))
        series = conn.execute("SELECT id FROM series WHERE title = ?", (session.series,)).fetchone()[0]
        conn.execute(
            """INSERT INTO session (id, series_id, title, event, date, start_time, end_time, venue, languages,
               language, rapporteur, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (sid, series, session.title, session.event, session.date.isoformat(), "14:30", "17:30", session.venue,
             json.dumps(session.languages), session.language, "Nadia Rapporteur", T0, T0),
        )
        for q in session.questions:
            conn.execute(
                "INSERT INTO question (id, session_id, position, text, translations) VALUES (?, ?, ?, ?, ?)",
                (qids[q.position], sid, q.position, q.text, json.dumps(q.translations, ensure_ascii=False)),
            )
        for key, name, title, org, group, country, gender, youth in PEOPLE:
            conn.execute(
                """INSERT OR IGNORE INTO participant (id, name, title, organization, stakeholder_group, country,
                   gender, youth, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (pids[key], name, title, org, group, country, gender, int(youth), T0, T0),
            )
        cids = []
        for seq, (pos, who, text) in enumerate(CONTRIBUTIONS, start=1):
            cid = fid("contribution", seq, salt)
            cids.append(cid)
            stamp = f"2023-03-11T13:{30 + seq:02d}:00.000Z"
            spoke = 40 + 15 * seq  # seconds the speaker spoke before it was saved
            at = _dt.datetime(2023, 3, 11, 13, 30 + seq) - _dt.timedelta(seconds=spoke)
            started = at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            conn.execute(
                """INSERT INTO contribution (id, session_id, question_id, participant_id, seq, text, lang,
                   started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (cid, sid, qids.get(pos), pids.get(who), seq, text, "en", started, stamp, stamp),
            )
        k1, k2, k3 = fid("cluster", 1, salt), fid("cluster", 2, salt), fid("cluster", 3, salt)
        for kid, pos, seq, label, origin, members in (
            (k1, 1, 1, "Budget oversight", "suggested", [0, 1]),
            (k2, 1, 2, "Inclusion: women & youth", "manual", [2, 3]),
            (k3, 3, 3, "Protecting civilians", "suggested", [7, 8]),
        ):
            conn.execute(
                """INSERT INTO cluster (id, session_id, question_id, seq, label, representative_id, origin, method,
                   curated, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (kid, sid, qids[pos], seq, label, cids[members[0]], origin, "tfidf" if origin == "suggested" else None,
                 int(origin == "manual"), T0, T0),
            )
            for m in members:
                conn.execute(
                    "INSERT INTO cluster_member (contribution_id, cluster_id, origin, added_at) VALUES (?, ?, ?, ?)",
                    (cids[m], kid, origin, T0),
                )
        recs = [
            (1, 1, k1, "Parliaments should adopt and publish the security budget line by line.", "agreed", 1,
             "National parliaments of the Sahel", [0, 1, 6]),
            (2, 1, k2, "Include women and young people in parliamentary security committees.", "reviewed", 2, None, [2, 3]),
            (3, 3, k3, "Set up civilian harm tracking cells.", "draft", None, "Defence ministries", [7]),
            (4, 3, None, "Ban all operations near markets.", "dropped", None, None, []),
        ]
        for seq, pos, kid, text, status, rank, to, support in recs:
            rid = fid("recommendation", seq, salt)
            conn.execute(
                """INSERT INTO recommendation (id, session_id, question_id, cluster_id, seq, text, status, rank,
                   addressed_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (rid, sid, qids[pos], kid, seq, text, status, rank, to, T0, "2023-03-11T17:45:00.000Z"),
            )
            for m in support:
                conn.execute(
                    "INSERT INTO recommendation_support (recommendation_id, contribution_id) VALUES (?, ?)", (rid, cids[m])
                )
    return sid


def participant_names() -> list[str]:
    return [p[1] for p in PEOPLE]
