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
    the speaker picker, ``e`` opened the edit box), the rest belongs to the new focus: send
    them on, in order, so nothing typed is lost or misplaced.
    """
    app = widget.app
    try:
        focused = app.focused
    except Exception:
        return False
    waiting = app.__dict__.get("_facilitator_pending_keys")
    if focused is widget and not waiting:
        return False
    if focused is None and widget.screen is app.screen and not waiting:
        return False  # nothing has the focus: not a hand-over, leave the key be
    # (keys passed on earlier are still waiting: this one queues behind them)
    event.stop()
    event.prevent_default()
    pass_on(app, events.Key(event.key, event.character))
    return True


def hand_over(source, target) -> None:
    """Move the keys still queued on ``source`` to ``target``, at once and in order.

    Called by the code that moves the focus, before it returns: keys typed after the key that
    moved the focus, already queued on the old place, reach the new one before anything typed
    later (which the app sends straight to the new focus). Uses the widget's message queue
    (textual is pinned to a version where that is ``_message_queue`` and
    ``_pending_message``)."""
    if source is None or target is None or source is target:
        return
    import asyncio

    try:
        queue = source._message_queue
    except Exception:
        return
    kept = []
    peeked = getattr(source, "_pending_message", None)  # taken off the queue to look at it
    if isinstance(peeked, events.Key):
        source._pending_message = None
        kept.append(peeked)
    while True:
        try:
            kept.append(queue.get_nowait())
        except asyncio.QueueEmpty:
            break
    for message in kept:
        if isinstance(message, events.Key):
            target.post_message(events.Key(message.key, message.character))
        elif isinstance(message, events.Callback) and getattr(
            getattr(message.callback, "func", None), "follows_keys", False
        ):
            # an action of a key typed among these (see CaptureScreen._in_order): keeps its place
            target.call_later(message.callback.func, target)
        else:
            queue.put_nowait(message)


def pass_on(app, key, _tries: list | None = None) -> None:
    """Give ``key`` to the app as if just typed, once some widget has the focus (a screen
    that is opening gets its focus a moment later); keys keep their order. ``key`` may also
    be a callable, run in its turn among the keys."""
    pending = app.__dict__.setdefault("_facilitator_pending_keys", [])
    pending.append(key)
    if len(pending) == 1:
        _flush_pending(app, 0)


def _flush_pending(app, tries: int) -> None:
    pending = app.__dict__.get("_facilitator_pending_keys", [])
    if not pending:
        return
    if app.focused is None and tries < 200:  # up to about two seconds
        app.set_timer(0.01, lambda: _flush_pending(app, tries + 1))
        return
    items = list(pending)
    pending.clear()
    for item in items:
        if callable(item):
            app.call_later(item)
        else:
            app.post_message(item)


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
    # Other keys to handle at once, in the order typed (not as bindings, which run late).
    key_handlers: dict = {}

    async def _on_key(self, event: events.Key) -> None:
        if follow_focus(self, event):
            return
        handler = self.key_handlers.get(event.key)
        if handler is not None:
            event.stop()
            event.prevent_default()
            handler()
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
