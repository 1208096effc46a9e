"""Dialogs that ask what to do with two texts, each a box over the screen whose keys answer:

- :class:`DraftOfferScreen`: a draft left behind by a window that no longer runs (a crash, a
  closed terminal): put it back here, discard it (a copy goes to the rescue file first), or
  decide later (it stays where it is, offered again).
- :class:`ConflictScreen`: a text changed in another window (or by a command) while it was
  being edited here: keep mine (theirs stays in the history), keep theirs (mine goes to the
  history), or go back to editing.
- :class:`LabelCheckScreen`: a name, title or group that reads like a sentence: keep it
  anyway, or not.

Everything shown is plain text (``Content``): it is what people typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.tui.keys import hints

SHOWN_LINES = 10


def excerpt(text: str, lines: int = SHOWN_LINES, width: int = 84) -> str:
    """The beginning of ``text`` in at most ``lines`` lines of ``width``."""
    import textwrap

    out: list[str] = []
    for paragraph in text.strip().splitlines() or [""]:
        out.extend(textwrap.wrap(paragraph, width) or [""])
        if len(out) > lines:
            break
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out)


class _TextsDialog(ModalScreen[str | None]):
    """Title, body, the keys: each binding answers with its value."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body_text = body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(Content(self.title_text), id="dialog-title")
            yield Static(Content(self.body_text), id="dialog-body")
            yield Static("", id="dialog-keys")

    def on_mount(self) -> None:
        """The keys as they are in force (remapped ones as remapped)."""
        pairs = [(b.id, b.description) for b in self.BINDINGS if isinstance(b, Binding) and b.id]
        self.query_one("#dialog-keys", Static).update(Content(hints(self, pairs).replace(" · ", "    ·    ")))

    def action_answer(self, value: str) -> None:
        self.dismiss(value)


class DraftOfferScreen(_TextsDialog):
    BINDINGS = [
        Binding("enter,p", "answer('take')", "put it back here", id="draft_offer.take"),
        Binding("d", "answer('discard')", "discard (a copy goes to the rescue file)", id="draft_offer.discard"),
        Binding("escape,l", "answer('later')", "later", id="draft_offer.later"),
    ]


class ConflictScreen(_TextsDialog):
    BINDINGS = [
        Binding("m", "answer('mine')", "keep mine", id="conflict.mine"),
        Binding("t", "answer('theirs')", "keep theirs", id="conflict.theirs"),
        Binding("escape", "answer('back')", "back to editing", id="conflict.back"),
    ]


class LabelCheckScreen(_TextsDialog):
    BINDINGS = [
        Binding("y", "answer('yes')", "keep it as it is", id="label_check.yes"),
        Binding("n,escape", "answer('no')", "no, let me change it", id="label_check.no"),
    ]


def conflict_body(what: str, theirs: str, mine: str, by: str = "another window or a command") -> str:
    return (f"{what} was changed by {by} while you edited it. Nothing is lost: the text not kept "
            f"stays among its earlier versions.\n\nTheirs, as it is now:\n{excerpt(theirs, 6)}\n\n"
            f"Yours:\n{excerpt(mine, 6)}")


__all__ = ["ConflictScreen", "DraftOfferScreen", "LabelCheckScreen", "conflict_body", "excerpt"]
