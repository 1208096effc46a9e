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

from facilitator.core.vocab import label_problem
from facilitator.tui.widgets.inline_picker import SPEECH, Choice, SpeechCheck
from facilitator.tui.widgets.picker import Item, Matcher, Picked

if TYPE_CHECKING:
    from .screen import CaptureScreen

#: what a pick is for: gets what was picked (None: cancelled)
OnDone = Callable[[Picked | None], None]
#: what the picker's second choice (tab) is for
OnSecond = Callable[[Picked], None]
#: what typed speech does to the step that asked, before it goes to the composer
OnSpeech = Callable[[str], None]


def _said(typed: str) -> bool:
    """Typed in a picker and left there: more than a filter (a few letters, a name)? Then it
    is what was said: three words or more, a sentence's punctuation, or speech by its look."""
    text = typed.strip()
    return bool(text) and (len(text.split()) >= 3 or any(ch in text for ch in ",.;:") or
                           label_problem("name", text) is not None)


class Picking:
    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self._on_done: OnDone | None = None
        self._on_second: OnSecond | None = None
        self._on_speech: OnSpeech | None = None

    def open(self, title: str, items: Sequence[Item] = (), *, on_done: OnDone, on_second: OnSecond | None = None,
             matcher: Matcher | None = None, placeholder: str = "type to filter", new_label: str | None = None,
             hint: str = "enter choose · esc cancel", current: str | None = None,
             numbered: dict[str, str] | None = None, speech: SpeechCheck | None = None,
             on_speech: OnSpeech | None = None) -> None:
        """Open the picker over the rail and the stream; ``on_done`` gets the choice, and
        ``on_second`` (where given) a choice made with tab. ``speech``: typed text it says reads
        like speech is offered to be kept as the contribution's text (``on_speech`` first gets
        it: the step that asked is done without it)."""
        screen = self.screen
        self._on_done, self._on_second, self._on_speech = on_done, on_second, on_speech
        screen.query_one("#middle").display = False
        screen.picker.open(title, items, matcher=matcher, placeholder=placeholder, new_label=new_label, hint=hint,
                           current=current, second=on_second is not None, numbered=numbered, speech=speech)
        screen.refresh_bindings()

    def finish(self, choice: Choice) -> None:
        """The picker closed with ``choice``: to what it was opened for (which may open it
        again: the stakeholder group after a new name). Typed text the picker did not use and
        that reads like speech (the rapporteur went on typing what was said) is kept as the
        contribution's text, never dropped and never made a label."""
        on_done, on_second = self._on_done, self._on_second
        self._on_done = self._on_second = None
        if choice.picked is not None and choice.picked.key == SPEECH:
            if self._on_speech is not None:
                self._on_speech(choice.picked.text)  # (the stakeholder group step adds the person first)
            self.screen.composing.keep_typed(choice.picked.text)
        elif choice.picked is None and _said(choice.typed):
            self.screen.composing.keep_typed(choice.typed)
        elif choice.second:
            if on_second is not None and choice.picked is not None:
                on_second(choice.picked)
        elif on_done is not None:
            on_done(choice.picked)
        screen = self.screen
        if not screen.picker.is_open:
            screen.query_one("#middle").display = True
            screen.stream.scroll_to_highlight()
        screen.refresh_bindings()
