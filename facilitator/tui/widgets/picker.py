"""The picker: a filter-as-you-type list.

Type, then ``enter`` takes the highlighted line; ``up``/``down`` move; ``escape`` cancels.
:class:`Picker` has a text box of its own and takes the focus: it is what
:class:`~facilitator.tui.screens.pick.PickScreen` shows (agenda files, CSV files, versions).
The capture screen uses :class:`~facilitator.tui.widgets.inline_picker.InlinePicker`, which
never takes the focus. Both share the items and matchers defined here.

The result goes to the ``on_done`` callback given to :meth:`Picker.open`: a :class:`Picked`
(``key`` of the chosen item; or ``key=None`` and the typed ``text`` for a new value), or
``None`` when cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from facilitator.core.capture import fold
from facilitator.tui.plain import follow, plain, shown


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
Matcher = Callable[[str], list[Item]]


def filter_items(items: Sequence[Item], query: str) -> list[Item]:
    """Items whose text holds every typed word (case and accents ignored)."""
    terms = fold(query).split()
    if not terms:
        return list(items)
    return [i for i in items if all(t in fold(i.haystack or str(i.label)) for t in terms)]


def found_items(items: Sequence[Item], query: str, *, matcher: Matcher | None, new_label: str | None,
                limit: int) -> list[Item]:
    """What a picker lists for ``query`` (both pickers: this one and ``InlinePicker``): the
    matcher's items (or those whose words contain it), then "new: <query>" when the query names
    none of them exactly and the picker takes new entries."""
    found = (matcher(query) if matcher else filter_items(items, query))[:limit]
    if new_label and query.strip():
        q = fold(query.strip())
        if not any(fold(i.haystack or str(i.label)) == q for i in found):
            found.append(Item(NEW, Text(new_label.format(shown(query.strip())), style="italic")))
    return found


def show_items(options: OptionList, found: Sequence[Item]) -> None:
    options.set_options([Option(plain(i.label), id=i.key) for i in found])
    if found:
        options.highlighted = 0


def move_highlight(options: OptionList, delta: int) -> None:
    if not options.option_count:
        return
    current = options.highlighted if options.highlighted is not None else -1
    options.highlighted = max(0, min(options.option_count - 1, current + delta))


class PickerInput(Input):
    """The picker's text box: enter, escape, up and down act on the list."""

    async def on_key(self, event: events.Key) -> None:
        picker = self.parent
        if isinstance(picker, Picker):
            moves = {"down": 1, "up": -1, "pagedown": 8, "pageup": -8}
            if event.key in ("enter", "escape") or event.key in moves:
                event.stop()
                event.prevent_default()
                if event.key == "enter":
                    picker.choose()
                elif event.key == "escape":
                    picker.action_cancel()
                else:
                    picker.action_move(moves[event.key])
                return

    async def action_submit(self) -> None:
        picker = self.parent
        if isinstance(picker, Picker):
            picker.choose()
        else:
            await super().action_submit()


class Picker(Vertical):
    HELP_NAME = "picker"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", id="picker.down", show=False),
        Binding("up", "move(-1)", "Up", id="picker.up", show=False),
        Binding("pagedown", "move(8)", "Page down", id="picker.pagedown", show=False),
        Binding("pageup", "move(-8)", "Page up", id="picker.pageup", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.matcher: Matcher | None = None
        self.new_label: str | None = None
        self.on_done: Callable[[Picked | None], object] | None = None
        self.limit = 200
        self._filtered_for: str | None = None

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def _redraw(self) -> None:
        """The Arabic display changed: the lines are made again."""
        if self.is_open:
            self.refilter(self.query_one(Input).value)

    def compose(self) -> ComposeResult:
        yield Static("", classes="picker-title")
        yield PickerInput(classes="picker-input")
        yield OptionList(classes="picker-list")
        yield Static("", classes="picker-hint")

    @property
    def is_open(self) -> bool:
        return self.on_done is not None

    def open(
        self,
        title: str,
        items: Sequence[Item] = (),
        *,
        on_done: Callable[[Picked | None], object],
        matcher: Matcher | None = None,
        placeholder: str = "type to filter",
        new_label: str | None = None,
        hint: str = "enter choose · escape cancel",
        current: str | None = None,
    ) -> None:
        self.items = list(items)
        self.matcher = matcher
        self.new_label = new_label
        self.on_done = on_done
        self.query_one(".picker-title", Static).update(plain(title))
        self.query_one(".picker-hint", Static).update(plain(hint))
        box = self.query_one(Input)
        box.placeholder = placeholder
        box.value = ""
        self.refilter("")
        if current is not None:
            options = self.query_one(OptionList)
            try:
                options.highlighted = options.get_option_index(current)
            except OptionDoesNotExist:
                pass
        self.display = True
        self.screen.set_focus(box)

    def close(self, result: Picked | None) -> None:
        callback, self.on_done = self.on_done, None
        if callback is not None:
            callback(result)  # moves the focus on (or opens the picker again)
        if not self.is_open:
            if self.screen.focused is not None and self in self.screen.focused.ancestors:
                self.screen.set_focus(None)
            self.display = False

    # --- filtering -----------------------------------------------------------------------------

    def refilter(self, query: str) -> None:
        self._filtered_for = query
        show_items(self.query_one(OptionList),
                   found_items(self.items, query, matcher=self.matcher, new_label=self.new_label, limit=self.limit))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.is_open:
            self.refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()

    def choose(self) -> None:
        if not self.is_open:
            return
        box = self.query_one(Input)
        if self._filtered_for != box.value:
            self.refilter(box.value)
        options = self.query_one(OptionList)
        text = box.value.strip()
        if options.highlighted is None or not options.option_count:
            if self.new_label and text:
                self.close(Picked(None, text))
            return
        key = options.get_option_at_index(options.highlighted).id
        self.close(Picked(None, text) if key == NEW else Picked(key, text))

    def action_move(self, delta: int) -> None:
        move_highlight(self.query_one(OptionList), delta)

    def action_cancel(self) -> None:
        self.close(None)


# --- what the pickers list ---------------------------------------------------------------------


def question_items(questions, counts: dict[str, int] | None = None, width: int = 64) -> list[Item]:
    """Questions as picker lines: ``Q3 (12) How can ...``, one line each (cut at ``width``)."""
    items = []
    for q in questions:
        n = (counts or {}).get(q.id, q.contribution_count)
        label = Text.assemble((f"Q{q.position}", "bold"), (f" ({n}) ", "dim"), shown(q.text.replace("\n", " "), width))
        items.append(Item(q.id, label, f"q{q.position} {q.text}"))
    return items


def question_matcher(items: Sequence[Item]) -> Matcher:
    """Typing a number (``3`` or ``q3``) finds that question first; words search the text."""

    def match(query: str) -> list[Item]:
        q = query.strip().lower().lstrip("q")
        if q.isdigit():
            exact = [i for i in items if i.haystack.split()[0] == f"q{q}"]
            starts = [i for i in items if i not in exact and i.haystack.split()[0].startswith(f"q{q}")]
            return exact + starts
        return filter_items(items, query)

    return match


FLOOR = "\x00floor"


def speaker_line(p, number: int | None = None) -> Text:
    """A participant as a picker line: the number (panelists), the name, then organization,
    stakeholder group and country, each shown for the screen (an Arabic name reads right to
    left in its place)."""
    text = Text()
    if number is not None:
        text.append(f"{number} ", style="bold cyan")
    text.append(shown(p.name, 60), style="bold")
    room = 70 - cell_len(p.name)
    extra = [x for x in (p.organization, p.stakeholder_group, p.country) if x]
    if extra and room > 8:
        text.append("  ")
        room -= 2
        for i, field in enumerate(extra):
            sep = " · " if i else ""
            if cell_len(sep + field) <= room:
                text.append(sep + shown(field), style="dim")
                room -= cell_len(sep + field)
                continue
            # what does not fit is cut at its logical end (an Arabic field shows its beginning)
            text.append(sep + shown(field, room - len(sep)) if room - len(sep) >= 4 else "…", style="dim")
            break
    return text


def speaker_matcher(participants, recent: Sequence[str] = (), panel: Sequence[str] = ()) -> Matcher:
    """With nothing typed: recent speakers, ``Floor``, the panel (numbered: the digit picks),
    everyone else. Typed letters: type-ahead on the name, initials, organization (see
    :func:`facilitator.core.capture.speaker_score`)."""
    from facilitator.core.capture import rank_speakers

    participants = list(participants)
    recent = list(recent)
    numbers = {pid: i for i, pid in enumerate(panel[:9], start=1)}

    def item(p) -> Item:
        return Item(p.id, speaker_line(p, numbers.get(p.id)), p.name)

    def match(query: str) -> list[Item]:
        floor = Item(FLOOR, Text("Floor (unnamed participant)", style="italic"), "\x00")
        q = fold(query).strip()
        if not q:
            by_id = {p.id: p for p in participants}
            first = [by_id[pid] for pid in recent[:5] if pid in by_id]
            on_panel = [by_id[pid] for pid in panel if pid in by_id and by_id[pid] not in first]
            shown = {p.id for p in first + on_panel}
            rest = [p for p in rank_speakers(participants, "", recent) if p.id not in shown]
            return [*map(item, first), floor, *map(item, on_panel), *map(item, rest)]
        items = [item(p) for p in rank_speakers(participants, query, recent)]
        if "floor".startswith(q) or "salle".startswith(q):
            items.append(floor)
        return items

    return match
