"""One-line labels of the review: a contribution, a cluster, a recommendation, a revision.

All user text goes into rich ``Text`` (never markup), cut to a width before Arabic is reordered
for display, so that a right-to-left line shows its beginning.
"""

from __future__ import annotations

from rich.text import Text

from facilitator.core.models import Contribution
from facilitator.core.review import ClusterView, RecommendationView, RevisionView
from facilitator.tui.bidi import display_line
from facilitator.tui.plain import shown

STATUS_STYLE = {"draft": "yellow", "reviewed": "cyan", "agreed": "green", "dropped": "dim strike"}
TEXT_WIDTH = 90  # a label's text is cut here; the tree crops what does not fit its width


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
    c: Contribution, *, marked: bool = False, representative: bool = False, group: bool = False,
    width: int = TEXT_WIDTH,
) -> Text:
    """``Q3-012 Speaker text…``, the text cut to fit ``width`` cells."""
    who = c.speaker or "floor"
    if group and c.stakeholder_group:
        who += f" ({c.stakeholder_group})"
    label = Text.assemble(
        ("● " if marked else "", "bold magenta"),
        (c.ref, "bold" if representative else "dim"),
        (" ★" if representative else "", "yellow"),
        " ",
    )
    # in a narrow tree the speaker's name gives way, so that the idea keeps some room
    label.append(short(who, max(6, width - label.cell_len - 16)), "italic")
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
    """``C-001 (5) [Q3] R-001 label``: the recommendations' numbers in their status colours."""
    label = Text.assemble(
        (cluster.ref, "bold"),
        f" ({len(cluster.members)}) ",
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
    label.append(short(cluster.label, max(8, width - 2 - label.cell_len)), style)
    return label


def picker_cluster_label(cluster: ClusterView) -> Text:
    return one_line(Text.assemble((cluster.ref, "bold"), f" {short(cluster.label)} ({len(cluster.members)})"))


def revision_label(rev: RevisionView) -> Text:
    return one_line(Text.assemble(
        (local_time(rev.created_at), "dim"),
        " ",
        (f"[{rev.status}]", STATUS_STYLE.get(rev.status or "", "")),
        (f" #{rev.rank}" if rev.rank else ""),
        (f" → {shown(rev.addressed_to, 40)}" if rev.addressed_to else "", "italic"),
        " ",
        short(rev.text, 48),
    ))
