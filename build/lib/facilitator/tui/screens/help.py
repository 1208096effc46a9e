"""Help: every key of the screen underneath (its own keys, those of its parts, the app's)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

# Keys handled inside a widget rather than by a binding, so they are listed by hand.
EXTRA_KEYS = {
    "Composer": [("enter", "save the contribution (the speaker is kept for the next one)")],
    "Picker": [("type", "filter the list (speakers: a few letters of the name or organization)"),
               ("enter", "choose the highlighted line")],
}


def _key_text(keys: str) -> str:
    return " / ".join(k.strip() for k in keys.split(","))


def collect_keys(screen: Screen, app) -> list[tuple[str, str, str]]:
    """(where, keys, what) for the screen, its widgets' classes and the app."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(where: str, bindings) -> None:
        for b in bindings:
            if not isinstance(b, Binding):
                continue
            if b.system or not (b.description or b.tooltip):
                continue
            key = (_key_text(b.key), b.description)
            if key in seen:
                continue
            seen.add(key)
            rows.append((where, _key_text(b.key), b.tooltip or b.description))

    where_screen = getattr(screen, "HELP_TITLE", None) or type(screen).__name__.replace("Screen", "") or "screen"
    add(where_screen, getattr(type(screen), "BINDINGS", []))
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
            yield Static(f"Keys · {getattr(self.target, 'HELP_TITLE', '') or type(self.target).__name__.replace('Screen', '')}", id="help-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static("escape close", id="help-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("where", "key", "what it does")
        for where, key, what in collect_keys(self.target, self.app):
            table.add_row(where, key, what)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
