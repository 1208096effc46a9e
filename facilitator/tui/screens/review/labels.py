"""One-line labels of the review: a contribution, a cluster, a recommendation, a revision.

All user text goes into rich ``Text`` (never markup), cut to a width before Arabic is reordered
for display, so that a right-to-left line shows its beginning.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from facilitator.core.review import ClusterView, Idea, RecommendationView, RevisionView
from facilitator.tui.bidi import display_line
from facilitator.tui.plain import shown

STATUS_STYLE = {"draft": "yellow", "reviewed": "cyan", "agreed": "green", "dropped": "dim strike"}
TEXT_WIDTH = 90  # a label's text is cut here; the tree crops what does not fit its width
SPEAKER_FROM = 90  # a contribution's line names its speaker only from this width on
SPEAKER_WIDTH = 22  # at most this much of it


def short(text: str, width: int = TEXT_WIDTH) -> str:
    """One line of at most ``width`` characters, in display order for Arabic."""
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return display_line(text)


def one_line(text: Text) -> Text:
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def local_time(iso: str) -> str:
    """``11 Mar 14:35`` in local time from a UTC ISO string."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        return iso[:16]


def contribution_label(
    c: Idea, *, marked: bool = False, representative: bool = False, group: bool = False,
    width: int = TEXT_WIDTH,
) -> Text:
    """``Q3-012 Speaker text…``, the text cut to fit ``width`` cells; in a narrow line
    (under :data:`SPEAKER_FROM`) without the speaker, so that the idea keeps the room."""
    who = c.speaker or "floor"
    if group and c.stakeholder_group:
        who += f" ({c.stakeholder_group})"
    label = Text.assemble(
        ("● " if marked else "", "bold magenta"),
        (c.ref, "bold" if representative else "dim"),
        (" ★" if representative else "", "yellow"),
        " ",
    )
    if width >= SPEAKER_FROM:  # else the speaker gives way (the pane below the tree names them)
        label.append(short(who, min(SPEAKER_WIDTH, max(6, width - label.cell_len - 40))), "italic")
        label.append(" ")
    label.append(short(c.text, max(8, width - label.cell_len)))
    return label


def rec_label(r: RecommendationView, width: int = TEXT_WIDTH) -> Text:
    label = Text.assemble(
        (r.ref, "bold"),
        " ",
        (f"[{r.status}]", STATUS_STYLE.get(r.status, "")),
        (f" #{r.rank}" if r.rank else "", "bold"),
        (f" → {shown(r.addressed_to, 40)}" if r.addressed_to else "", "italic"),
        (" ⚠ one group" if r.support and r.single_group and r.status != "dropped" else "", "red"),
        " ",
    )
    label.append(short(r.text, max(8, width - label.cell_len)))
    return label


def cluster_label(cluster: ClusterView, recs: list[RecommendationView], *, whole_session: bool, width: int) -> Text:
    """``C-001 (5) [Q3] R-001 label``: the recommendations' numbers in their status colours; a
    sub-theme's label after its broad theme's (``Broad › label``); a whole-session theme in a
    question's view counts its ideas there and in all (``(3 of 11)``)."""
    count = len(cluster.members)
    of_all = f" of {cluster.size}" if not whole_session and cluster.whole_session_theme and cluster.size > count else ""
    label = Text.assemble(
        (cluster.ref, "bold"),
        f" ({count}{of_all}) ",
        # in the whole session's view, say which question a cluster was made for
        (f"Q{cluster.question_position} " if whole_session and cluster.question_position else "", "dim"),
        *[(f"{r.ref} ", STATUS_STYLE.get(r.status, "")) for r in recs],
    )
    if cluster.parked:
        style = "dim"
    elif cluster.origin == "suggested" and not cluster.curated:
        style = "italic"  # a suggestion nobody has touched yet
    else:
        style = "bold"
    label.append(short(cluster.shown_label, max(8, width - 2 - label.cell_len)), style)
    return label


def picker_cluster_label(cluster: ClusterView) -> Text:
    return one_line(Text.assemble((cluster.ref, "bold"), f" {short(cluster.shown_label)} ({len(cluster.members)})"))


def differs_at(old: str, new: str) -> int | None:
    """Where ``old`` first differs from ``new`` (None: the same)."""
    if old == new:
        return None
    i = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    return i


def revision_labels(revisions: Sequence[RevisionView], current: RecommendationView, width: int = 56) -> list[Text]:
    """One line per earlier version (newest first): when it was saved, its status, its rank and
    addressee where they differ from the version after it (the newest: from the one now), and
    its text from a little before where it differs from that one, so that two versions whose
    texts begin alike never look the same."""
    newer: list[tuple[str, int | None, str | None]] = [(current.text, current.rank, current.addressed_to)]
    newer += [(r.text, r.rank, r.addressed_to) for r in revisions[:-1]]
    out = []
    for rev, (text, rank, addressed) in zip(revisions, newer):
        line = Text.assemble((local_time(rev.created_at), "dim"), " ")
        # a version not applied (theirs was kept in a conflict) says so in place of its status
        line.append("[not applied]" if rev.not_applied else f"[{rev.status}]", STATUS_STYLE.get(rev.status or "", ""))
        changed = []  # (its status is always shown)
        if rev.rank != rank:
            changed.append(f"rank {rev.rank or 'none'}")
        if (rev.addressed_to or None) != (addressed or None):
            changed.append(f"to {shown(rev.addressed_to, 40) if rev.addressed_to else 'nobody'}")
        if changed:
            line.append(" " + ", ".join(changed), "italic")
        line.append(" ")
        at = differs_at(rev.text, text)
        flat = " ".join(rev.text.split())
        if at is None:
            line.append("(same text)", "dim italic")
        else:
            at = len(" ".join(rev.text[:at].split()))  # where it differs, in the text on one line
            start = 0 if at < width // 2 else flat.rfind(" ", 0, at - width // 2) + 1
            part = ("…" if start else "") + flat[start:]
            line.append(short(part, width))
        out.append(one_line(line))
    return out
