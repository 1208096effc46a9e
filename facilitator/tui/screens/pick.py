"""A small filter-as-you-type picker, as a modal: type, then ``enter`` takes the highlighted
line; ``up``/``down`` move; ``escape`` cancels. Used to go to a question, move a contribution,
choose a stakeholder group or an agenda file; the speaker picker builds on it.

Dismisses with a :class:`Picked` (``key`` of the chosen item, or ``key=None`` and the typed
``text`` when a new value is allowed), or ``None`` when cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core.capture import fold


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Text
    haystack: str = ""  # what the typed text is matched against (default: the label)


@dataclass(frozen=True)
class Picked:
    key: str | None
    text: str = ""


NEW = "\x00new"


class PickScreen(ModalScreen[Picked | None]):
    CSS_PATH = "pick.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("down", "move(1)", "Down", id="pick.down", show=False),
        Binding("up", "move(-1)", "Up", id="pick.up", show=False),
        Binding("pagedown", "move(8)", "Page down", id="pick.pagedown", show=False),
        Binding("pageup", "move(-8)", "Page up", id="pick.pageup", show=False),
    ]

    def __init__(
        self,
        title: str,
        items: Sequence[Item] = (),
        *,
        placeholder: str = "type to filter",
        new_label: str | None = None,
        hint: str = "enter choose · escape cancel",
        current: str | None = None,
        limit: int = 200,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.placeholder = placeholder
        self.new_label = new_label  # e.g. "New participant: {}"; None: only listed items
        self.hint = hint
        self.current = current
        self.limit = limit

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Static(self.title_text, id="pick-title")
            yield Input(placeholder=self.placeholder, id="pick-input")
            yield OptionList(id="pick-list")
            yield Static(self.hint, id="pick-hint")

    def on_mount(self) -> None:
        self.refilter("")
        if self.current is not None:
            options = self.query_one(OptionList)
            try:
                options.highlighted = options.get_option_index(self.current)
            except Exception:
                pass
        self.query_one(Input).focus()

    # --- filtering -----------------------------------------------------------------------------

    def matches(self, query: str) -> list[Item]:
        """Items for what was typed; subclasses rank differently."""
        terms = fold(query).split()
        if not terms:
            return self.items
        out = []
        for item in self.items:
            hay = fold(item.haystack or str(item.label))
            if all(t in hay for t in terms):
                out.append(item)
        return out

    def extra_items(self, query: str, found: list[Item]) -> list[Item]:
        if self.new_label and query.strip():
            exact = any(fold(str(i.label)) == fold(query.strip()) for i in found)
            if not exact:
                return [Item(NEW, Text(self.new_label.format(query.strip()), style="italic"))]
        return []

    def refilter(self, query: str) -> None:
        found = self.matches(query)[: self.limit]
        found = found + self.extra_items(query, found)
        options = self.query_one(OptionList)
        options.set_options([Option(i.label, id=i.key) for i in found])
        if found:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        options = self.query_one(OptionList)
        text = self.query_one(Input).value.strip()
        if options.highlighted is None or not options.option_count:
            if self.new_label and text:
                self.dismiss(Picked(None, text))
            return
        key = options.get_option_at_index(options.highlighted).id
        self.dismiss(Picked(None, text) if key == NEW else Picked(key, text))

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if not options.option_count:
            return
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)


def question_items(questions, counts: dict[str, int] | None = None) -> list[Item]:
    """Questions as picker lines: ``Q3 (12) How can ...``; typing ``3`` finds question 3."""
    from facilitator.tui.bidi import display_line

    items = []
    for q in questions:
        n = (counts or {}).get(q.id, q.contribution_count)
        label = Text.assemble((f"Q{q.position}", "bold"), (f" ({n}) ", "dim"), display_line(q.text.replace("\n", " ")))
        label.no_wrap = True
        label.overflow = "ellipsis"
        items.append(Item(q.id, label, f"q{q.position} {q.text}"))
    return items


class QuestionPickScreen(PickScreen):
    """Pick a question by its number or words; a bare number matches that question first."""

    def matches(self, query: str) -> list[Item]:
        q = query.strip().lower().lstrip("q")
        if q.isdigit():
            exact = [i for i in self.items if fold(i.haystack).split()[0] == f"q{q}"]
            starts = [i for i in self.items if i not in exact and fold(i.haystack).split()[0].startswith(f"q{q}")]
            return exact + starts
        return super().matches(query)


Callback = Callable[[Picked | None], None]
