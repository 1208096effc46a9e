"""A known data set for the overview figures (shared by the stats tests and the overview screen tests)."""

from __future__ import annotations

from facilitator.core.models import ContributionIn, ParticipantIn

# (speaker or None, question, started "HH:MM:SS" or None, saved "HH:MM:SS", text)
ROWS = [
    ("Aminata Diallo", 1, "14:35:00", "14:37:00", "Parliaments must own the security budget."),
    ("Omar Haddad", 1, "14:38:00", "14:39:30", "Oversight committees need staff and access."),
    ("Aminata Diallo", 1, "14:40:00", "14:41:00", "Les parlements doivent voter le budget de la sécurité."),
    (None, 1, None, "14:44:00", "Question from the floor on youth."),
    ("Fatima Al-Sayed", 2, "14:52:00", "14:55:00", "الرقابة البرلمانية على الموازنة (Q2) ضرورية."),
    ("Omar Haddad", 2, None, "14:58:00", "Budget transparency builds trust."),
    ("Jean Dupont", 3, "15:05:00", "15:06:00", "Protéger les civils d'abord."),
    ("Aminata Diallo", None, None, "15:07:00", "An aside not tied to a question."),
]

PEOPLE = [
    ParticipantIn(name="Aminata Diallo", stakeholder_group="Parliament", gender="woman", youth=True, country="Mali"),
    ParticipantIn(name="Omar Haddad", stakeholder_group="Civil society", gender="man"),
    ParticipantIn(name="Fatima Al-Sayed", stakeholder_group="Parliament", gender="woman", country="Bahrain"),
    ParticipantIn(name="Jean Dupont", stakeholder_group="UN / international organization", gender="man"),
    ParticipantIn(name="Moussa Traoré", stakeholder_group="Security sector", gender="man", youth=True),
    ParticipantIn(name="Grace Mensah", stakeholder_group="Civil society"),
]

DAY = "2023-03-11"


def at(hms: str | None) -> str | None:
    return f"{DAY}T{hms}.000Z" if hms else None


def load(store, session_id: str, *, visits: bool = False) -> dict[str, str]:
    """Fill ``session_id`` with the known data set; returns participant ids by name."""
    ids = {p.name: store.add_participant(p) for p in PEOPLE}
    for speaker, q, started, saved, text in ROWS:
        c = store.add_contribution(
            ContributionIn(
                session_id=session_id,
                question_id=store.question_id(session_id, q) if q else None,
                participant_id=ids[speaker] if speaker else None,
                text=text,
            )
        )
        with store.write() as conn:
            conn.execute(
                "UPDATE contribution SET started_at = ?, created_at = ?, updated_at = ? WHERE id = ?",
                (at(started), at(saved), at(saved), c.id),
            )
    with store.write() as conn:
        conn.execute("UPDATE question SET allotment_min = 10 WHERE session_id = ? AND position = 1", (session_id,))
        conn.execute("UPDATE question SET allotment_min = 20 WHERE session_id = ? AND position = 2", (session_id,))
        if visits:
            for q, start, end in ((1, "14:30:00", "14:50:00"), (2, "14:50:00", "15:02:00"), (3, "15:02:00", None)):
                conn.execute(
                    "INSERT INTO question_visit (session_id, question_id, started_at, ended_at) VALUES (?, ?, ?, ?)",
                    (session_id, store.question_id(session_id, q), at(start), at(end)),
                )
    return ids
