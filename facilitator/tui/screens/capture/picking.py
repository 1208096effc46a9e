"""The screen's side of its picker (speaker, stakeholder group, question).

The picker (:class:`~facilitator.tui.widgets.inline_picker.InlinePicker`) opens over the rail
and the stream (the composer stays where it is) and filters from what the composer receives. It
holds no callbacks: the key that closes it returns a
:class:`~facilitator.tui.widgets.inline_picker.Choice`, in that key's turn, to
:meth:`.routing.KeyRouting.route_key`, which gives it to :meth:`Picking.finish`; a click on a line arrives as
``InlinePicker.Chosen`` and goes the same way. What the choice is for (``on_done``,
``on_second``) is kept here, by the part of the screen that opened the picker, until then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from facilitator.tui.widgets.inline_picker import Choice
from facilitator.tui.widgets.picker import Item, Matcher, Picked

if TYPE_CHECKING:
    from .screen import CaptureScreen

#: what a pick is for: gets what was picked (None: cancelled)
OnDone = Callable[[Picked | None], None]
#: what the picker's second choice (tab) is for
OnSecond = Callable[[Picked], None]


class Picking:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self._on_done: OnDone | None = None
        self._on_second: OnSecond | None = None

    def open(self, title: str, items: Sequence[Item] = (), *, on_done: OnDone, on_second: OnSecond | None = None,
             matcher: Matcher | None = None, placeholder: str = "type to filter", new_label: str | None = None,
             hint: str = "enter choose · esc cancel", current: str | None = None,
             numbered: dict[str, str] | None = None) -> None:
        """Open the picker over the rail and the stream; ``on_done`` gets the choice, and
        ``on_second`` (where given) a choice made with tab."""
        screen = self.screen
        self._on_done, self._on_second = on_done, on_second
        screen.query_one("#middle").display = False
        screen.picker.open(title, items, matcher=matcher, placeholder=placeholder, new_label=new_label, hint=hint,
                           current=current, second=on_second is not None, numbered=numbered)
        screen.refresh_bindings()

    def finish(self, choice: Choice) -> None:
        """The picker closed with ``choice``: to what it was opened for (which may open it
        again: the stakeholder group after a new name)."""
        on_done, on_second = self._on_done, self._on_second
        self._on_done = self._on_second = None
        if choice.second:
            if on_second is not None and choice.picked is not None:
                on_second(choice.picked)
        elif on_done is not None:
            on_done(choice.picked)
        screen = self.screen
        if not screen.picker.is_open:
            screen.query_one("#middle").display = True
            screen.stream.scroll_to_highlight()
        screen.refresh_bindings()
