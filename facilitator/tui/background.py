"""Work in a thread that reports to its screen by messages, without keeping the screen alive.

Textual runs a thread worker in a thread of the event loop's default executor, and that thread
keeps the last worker it ran in a context variable (``textual.worker.active_worker``) until it
runs another one. A worker of a screen (``@work`` on one of its methods) refers to the screen:
so a closed screen, and everything it holds (a review's board of 20,000 ideas, an export's
text), stayed alive in an idle thread of the pool.

:func:`run_for` starts the work as a worker of the app instead. The work is a plain function
(never a method of the screen) given the values it needs and ``tell``: ``tell(message)`` posts
the message to the screen if it is still there, else does nothing. So nothing but a weak
reference leads from a worker to its screen, and a result reaches the screen only as a message
(handled on the UI thread; the worker never calls the screen).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

Tell = Callable[[Message], bool]


def teller(screen: Screen) -> Tell:
    """``tell(message)``: post ``message`` to ``screen`` while it is on the app's stack (True), or
    drop it (False). Safe from any thread; holds the screen weakly."""
    ref = weakref.ref(screen)

    def tell(message: Message) -> bool:
        target = ref()
        if target is None or not target.is_attached:
            return False
        try:
            return target.post_message(message)
        except RuntimeError:  # the app's loop is closed: it is stopping
            return False

    return tell


def run_for(screen: Screen, work: Callable[[Tell], None], *, group: str, description: str,
            exclusive: bool = True) -> Worker[None]:
    """Run ``work(tell)`` in a thread (a worker of the app, in ``group``; ``exclusive``: a newer
    one cancels the one running, which then tells nothing if it checks ``is_cancelled``)."""
    return screen.app.run_worker(partial(work, teller(screen)), thread=True, group=group, exclusive=exclusive,
                                 exit_on_error=False, description=description)


__all__ = ["Tell", "run_for", "teller"]
