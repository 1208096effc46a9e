"""Help: every key of the screen underneath (its own keys, those of its parts, the app's), as
they are in force: a key the user's ``keymap.toml`` remaps shows remapped (``app.key_of``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from facilitator.tui.plain import plain
from facilitator.tui.screens.base import AppScreen

# Keys handled inside a widget rather than by a binding, so they are listed by hand.
EXTRA_KEYS = {
    "Composer": [("enter", "save the contribution (in the list: back to typing, and saves; editing: saves the edit)")],
    "Picker": [("type", "filter the list (speakers: a few letters of the name or organization)"),
               ("enter", "choose the highlighted line")],
    "InlinePicker": [("type", "filter the list: letters of a name, initials without the honorific (jpl), an organization"),
                     ("1 … 9", "speaker picker: panelist N at once"),
                     ("enter", "choose the highlighted line"),
                     ("tab", "speaker picker: add the highlighted person to the queue of raised hands"),
                     ("escape", "cancel (nobody is added to the roster)")],
    "ReviewTree": [("up / down / pgup / pgdn / home / end", "move through the clusters, ideas and recommendations")],
    "ContributionStream": [("up / down / pgup / pgdn / home / end", "in the list (ctrl+l): choose a contribution"),
                           ("a letter, enter, backspace", "in the list: back to typing, and typed in the composer"),
                           ("escape", "in the list: back to typing; editing: cancel the edit")],
}


def _key_text(keys: str) -> str:
    """``ctrl+s / f2``; a key that types a character as that character (``@``, not ``at``)."""
    from facilitator.tui.keys import key_shown

    return " / ".join(key_shown(k.strip()) for k in keys.split(","))


def help_title(screen: Screen) -> str:
    title = screen.HELP_TITLE if isinstance(screen, AppScreen) else ""
    return title or type(screen).__name__.replace("Screen", "") or "screen"


def collect_keys(screen: Screen, app) -> list[tuple[str, str, str]]:
    """(where, keys in force, what) for the screen, its widgets' classes and the app."""
    from facilitator.tui.app import FacilitatorApp

    def in_force(b: Binding) -> str:  # the user's keymap is the app's (a bare app has none)
        return app.key_of(b.id, b.key) if (b.id and isinstance(app, FacilitatorApp)) else b.key

    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(where: str, bindings) -> None:
        for b in bindings:
            if not isinstance(b, Binding):
                continue
            if b.system or not (b.description or b.tooltip):
                continue
            keys = _key_text(in_force(b))
            if (keys, b.description) in seen:
                continue
            seen.add((keys, b.description))
            rows.append((where, keys, b.tooltip or b.description))

    add(help_title(screen), type(screen).BINDINGS)
    classes_done: set[type] = set()
    for widget in screen.walk_children():
        cls = type(widget)
        if cls in classes_done or not cls.__module__.startswith("facilitator."):
            continue
        classes_done.add(cls)
        name = getattr(cls, "HELP_NAME", None) or cls.__name__
        for k, what in EXTRA_KEYS.get(cls.__name__, []):
            rows.append((name, k, what))
        add(name, cls.__dict__.get("BINDINGS", []))
    add("everywhere", type(app).BINDINGS)
    rows.append(("everywhere", "ctrl+p", "command palette: every action by name"))
    rows.append(("everywhere", "tab / shift+tab", "move between parts of the screen"))
    return rows


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(plain(f"Keys · {help_title(self.target)}"), id="help-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static("escape close", id="help-hint")

    def on_mount(self) -> None:
        import textwrap

        table = self.query_one(DataTable)
        rows = collect_keys(self.target, self.app)
        box = self.query_one("#help-box")
        # the box is 95% of the screen, at most 100 wide, with a border and padding (help.tcss);
        # each of the three columns has one cell of padding on either side; the scrollbar is 2
        inner = box.content_region.width or min(100, int(self.size.width * 0.95)) - 4
        where_w = min(14, max(len(r[0]) for r in rows))
        # a long list of keys wraps in its column rather than narrow what they do (at 80 columns)
        key_w = min(22, max(len(r[1]) for r in rows), max(10, inner // 6))
        room = inner - where_w - key_w - 3 * 2 - 2
        what_w = max(20, room)
        table.add_column("where", width=where_w)
        table.add_column("key", width=key_w)
        table.add_column("what it does", width=what_w)
        for where, key, what in rows:
            # descriptions are wrapped at words, never cut
            cells = [textwrap.wrap(where, where_w) or [""], textwrap.wrap(key, key_w, break_on_hyphens=False) or [""],
                     textwrap.wrap(what, what_w, break_on_hyphens=False) or [""]]
            table.add_row(*("\n".join(c) for c in cells), height=max(len(c) for c in cells))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
