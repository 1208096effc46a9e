"""The composer: where the rapporteur types a contribution.

A multi-line text box that wraps. ``enter`` saves (posts :class:`Composer.Submitted`); a new
line inside a contribution is ``ctrl+j`` (or ``shift+enter`` where the terminal can send it).
Terminals send ``alt+enter`` as a plain ``enter``, and most cannot send ``ctrl+enter``.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


def follow_focus(widget, event: events.Key) -> bool:
    """Pass on a key that reached ``widget`` after the focus moved elsewhere.

    Keys typed in a quick burst (or while the app was busy) are queued on the widget that had
    the focus when they arrived. If an earlier key of the burst moved the focus (enter opened
    the speaker picker, enter in the picker went back to the composer), the rest belongs to the
    new focus: re-send them there, in order, so nothing typed is lost or misplaced.
    """
    try:
        focused = widget.screen.focused
    except Exception:
        return False
    if focused is None or focused is widget:
        return False
    event.stop()
    event.prevent_default()
    focused.post_message(events.Key(event.key, event.character))
    return True


class Composer(TextArea):
    HELP_NAME = "composer"
    BINDINGS = [
        Binding("ctrl+j,shift+enter", "newline", "New line", id="composer.newline", show=False),
    ]

    class Submitted(Message):
        def __init__(self, composer: "Composer") -> None:
            super().__init__()
            self.composer = composer

        @property
        def control(self) -> "Composer":
            return self.composer

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            **kwargs,
        )

    # Called at once on enter when set (the capture screen sets it); otherwise a Submitted
    # message is posted.
    submit_handler = None

    async def _on_key(self, event: events.Key) -> None:
        if follow_focus(self, event):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.submit_handler is not None:
                self.submit_handler()
            else:
                self.post_message(self.Submitted(self))
            return
        await super()._on_key(event)

    def action_newline(self) -> None:
        start, end = self.selection
        self._replace_via_keyboard("\n", start, end)

    def set_text(self, text: str) -> None:
        """Replace the whole text and put the cursor at its end."""
        self.load_text(text)
        self.move_cursor(self.document.end)
