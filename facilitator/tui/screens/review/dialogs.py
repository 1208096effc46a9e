"""The review's dialogs: a one-line prompt (a cluster's name, a rank, whom a recommendation is
addressed to; ``enter`` gives the text, ``escape`` cancels with ``None``), the list of
clusters to move or merge into, and the list of a recommendation's earlier versions."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from facilitator.core.review import Board, RecommendationView, RevisionView
from facilitator.tui.plain import plain
from facilitator.core.capture import fold
from facilitator.tui.screens.pick import Item, PickScreen
from facilitator.tui.widgets.picker import filter_items

from .labels import picker_cluster_label, revision_labels

NO_CLUSTER = "\x00none"  # picker keys that are not clusters
NOISE = "\x00noise"


class ReviewPrompt(ModalScreen[str | None]):
    HELP_NAME = "Prompt"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ReviewPrompt {
        align: center middle;
        background: $background;  /* opaque: a dimmed copy of the screen costs the UI thread */
    }
    ReviewPrompt > Vertical {
        width: 90%;
        max-width: 80;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ReviewPrompt #prompt-title {
        text-style: bold;
    }
    ReviewPrompt #prompt-input {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    ReviewPrompt #prompt-hint {
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review.prompt.cancel")]

    def __init__(self, title: str, value: str = "", *, hint: str = "enter ok · escape cancel",
                 suggestions: Sequence[str] = (), placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.suggestions = list(suggestions)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), id="prompt-title")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                id="prompt-input",
                suggester=SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None,
            )
            yield Static(plain(self.hint), id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def cluster_picker(title: str, board: Board, *, exclude: str | None = None, extra: bool = False) -> PickScreen:
    """The board's clusters (``extra``: "no cluster" and "noise" first); dismisses with a
    :class:`~facilitator.tui.widgets.picker.Picked` whose key is a cluster id, NO_CLUSTER or NOISE."""
    items = []
    if extra:
        items.append(Item(NO_CLUSTER, Text("(no cluster)", "italic"), "no cluster none"))
        items.append(Item(NOISE, Text("(noise)", "italic"), "noise park"))
    # a sub-theme is named after its broad theme ("Education › School meals"), as the board shows it
    items += [Item(k.id, picker_cluster_label(k), f"{k.ref} {k.shown_label}") for k in board.clusters if k.id != exclude]
    return PickScreen(title, items, matcher=partial(clusters_first_by_name, items))


def clusters_first_by_name(items: Sequence[Item], query: str) -> list[Item]:
    """The picker's filter (every typed word in the line), with the clusters whose name (or
    number) begins with what is typed first: ``jobs`` offers "Jobs and savings" before a
    cluster that only mentions jobs."""
    found = filter_items(items, query)
    typed = fold(query.strip())
    if not typed:
        return found

    def begins(item: Item) -> bool:
        ref, _, name = (item.haystack or "").partition(" ")
        own = name.rpartition(" › ")[2]  # a sub-theme's own name, after its broad theme's
        return fold(name).startswith(typed) or fold(own).startswith(typed) or fold(ref).startswith(typed)

    return sorted(found, key=lambda item: not begins(item))


def revision_picker(title: str, revisions: Sequence[RevisionView], current: RecommendationView) -> PickScreen:
    """Earlier versions, newest first, each as it differs from the next; the picked key is the
    revision's id."""
    labels = revision_labels(revisions, current)
    return PickScreen(title, [Item(str(rev.id), label, f"{rev.status} {rev.text}")
                              for rev, label in zip(revisions, labels)])
