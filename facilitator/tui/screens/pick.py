"""The picker as a modal screen, for screens that have no room of their own for it (the
home screen's agenda files, the roster's CSV files). The capture screen opens its picker in
place (see :mod:`facilitator.tui.widgets.picker`). Dismisses with a :class:`Picked` or
``None``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.screen import ModalScreen

from facilitator.tui.widgets.picker import Item, Matcher, Picked, Picker

__all__ = ["Item", "Picked", "PickScreen"]


class PickScreen(ModalScreen[Picked | None]):
    CSS_PATH = "pick.tcss"

    def __init__(
        self,
        title: str,
        items: Sequence[Item] = (),
        *,
        matcher: Matcher | None = None,
        placeholder: str = "type to filter",
        new_label: str | None = None,
        hint: str = "enter choose · escape cancel",
        current: str | None = None,
    ) -> None:
        super().__init__()
        self.options: dict[str, Any] = dict(title=title, items=items, matcher=matcher, placeholder=placeholder,
                            new_label=new_label, hint=hint, current=current)

    def compose(self) -> ComposeResult:
        yield Picker(id="pick-box")

    def on_mount(self) -> None:
        self.query_one(Picker).open(on_done=self.dismiss, **self.options)
