"""A paste that arrives as keys is taken as a paste.

Terminals send a paste between bracketed-paste marks, and Textual gives it as one ``Paste``.
Without them (tmux ``paste-buffer``, tools that type for the user, a terminal that does not
bracket) every character of the paste is a key of its own, and Textual handles each key with
the whole binding lookup of the screen: 10,000 characters took 30 s, a megabyte over ten
minutes, and ``ctrl+q`` waited behind all of it.

:class:`PasteAwareDriver` is Textual's own terminal driver with one change, in its public
``process_message`` (which the input thread calls for each event it parsed, in order): when
printable keys come back to back (each within ``GAP`` of the one before, as no person types)
and more than ``RUN`` of them in a row, the rest of the run is gathered and sent as ``Paste``
events (one at least every ``CHUNK`` characters, and one when the run stops for ``LINGER``;
the paste goes on across the terminal's reads as long as keys keep coming within ``LINGER``).
The first ``RUN`` keys of any run stay keys, so typing, a burst of a fast typist after a stall,
and a line typed by ``tmux send-keys`` (a name for the picker, then ``enter``) are as they
were. Any other key or event first sends what was gathered: order is kept, and ``ctrl+q``
is answered within a second of the paste's first megabyte. A line break inside the run (the
``enter`` tmux sends for a pasted newline) is a line break of the paste, not a save.

A large paste costs more than the app: Textual's key parser makes an event of each character
(about 12 s for a megabyte on the shared machine). So the driver's input loop (Textual's
``run_input_thread``, the same loop) looks at each read from the terminal first: a read that
is all text (no escape sequence in it or just before it) with ``PASTE_READ`` characters or more
in a row is given to the parser between bracketed-paste marks, which it reads as one paste at
once; the control keys before that text and the line breaks after it stay keys (``tmux
send-keys 'text' Enter`` still saves).
"""

from __future__ import annotations

import os
import selectors
import threading
import time
from codecs import getincrementaldecoder

from textual import events
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

RUN = 32  # printable keys in a row, each within GAP of the last, before the rest is a paste
GAP = 0.003  # seconds between two keys of a paste (a person needs 30 ms or more)
LINGER = 0.05  # seconds without a key that end a paste (the terminal's reads come closer): it is sent
CHUNK = 1 << 20  # characters sent in one Paste at most (each Paste re-wraps the text it lands in)

ENTER = "\x00enter"  # an enter gathered: a line break inside the paste, a key at its end
PASTE_READ = 256  # characters of text in one read of the terminal: a paste (a person never types so many)
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # the bracketed-paste marks the parser reads

# what terminals send for alt+1 ... alt+9 (a key, read as one of these characters): never text
_BOUND = frozenset("¡™£¢∞§¶•ª")


def _printable(message: Message) -> bool:
    return (isinstance(message, events.Key) and message.is_printable and bool(message.character)
            and len(message.character or "") == 1 and message.character not in _BOUND)


class PasteAwareDriver(LinuxDriver):
    """Textual's Linux and macOS driver, with pastes that arrive as keys sent as pastes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.paste_lock = threading.RLock()
        self.run_keys = 0  # printable keys in a row, back to back
        self.last_key = 0.0
        self.gathered: list[str] = []
        self.gathered_size = 0
        self.wake = threading.Condition(self.paste_lock)
        self.flusher: threading.Thread | None = None

    def process_message(self, message: Message) -> None:
        """(The input thread, for each event in order.)"""
        with self.paste_lock:
            now = time.monotonic()
            pasting = now - self.last_key <= LINGER and self.run_keys > RUN  # across the terminal's reads
            if _printable(message):
                self.run_keys = self.run_keys + 1 if (pasting or now - self.last_key <= GAP) else 1
                self.last_key = now
                if self.run_keys > RUN:
                    self.gather(str(getattr(message, "character", "")))
                    return
            elif isinstance(message, events.Paste):
                # pastes one after the other (each read of a long paste: as_paste) are one
                self.run_keys = max(self.run_keys, RUN + 1)
                self.last_key = now
                self.gather(message.text)
                return
            elif isinstance(message, events.Key) and message.key in ("enter", "ctrl+j") and pasting:
                self.last_key = now
                self.gather(ENTER if message.key == "enter" else "\n")  # a line break of the paste, or its end
                return
            else:
                self.run_keys = 0
            self.send_gathered()
            super().process_message(message)

    def run_input_thread(self) -> None:
        """Textual's input loop (``LinuxDriver.run_input_thread``, Textual 8.2), each read
        given to :func:`as_paste` before the parser."""
        from textual._xterm_parser import XTermParser  # the parser Textual's loop uses

        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(False)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")().decode
        clean = True

        def process(selector_events: list, final: bool = False) -> None:
            nonlocal clean
            for n, (_key, mask) in enumerate(selector_events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(self.fileno, 1024 * 4), final=final and n == len(selector_events) - 1)
                    if not data:
                        break  # stdin piped, and at its end
                    data, clean = as_paste(data, clean)
                    for event in feed(data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except Exception:  # noqa: BLE001 - the end of input: whatever the parser had left
                pass

    def gather(self, text: str) -> None:
        self.gathered.append(text)
        self.gathered_size += len(text)
        if self.gathered_size >= CHUNK:
            self.send_gathered()
        if self.flusher is None:
            self.flusher = threading.Thread(target=self.linger, name="paste", daemon=True)
            self.flusher.start()
        else:
            self.wake.notify()

    def send_gathered(self) -> None:
        """Send what was gathered, as one paste (holding the lock). An ``enter`` inside it is a
        line break; one at the very end of a short run (under ``PASTE_READ`` characters: a line
        typed by ``tmux send-keys`` or a script, then enter) is a key after it, and saves."""
        with self.paste_lock:
            if not self.gathered:
                return
            enters = 0
            if self.gathered_size < PASTE_READ:
                while self.gathered and self.gathered[-1] == ENTER:
                    self.gathered.pop()
                    enters += 1
            text = "".join(self.gathered).replace(ENTER, "\n")
            self.gathered.clear()
            self.gathered_size = 0
            if text:
                super().process_message(events.Paste(text))
            for _ in range(enters):
                super().process_message(events.Key("enter", "\r"))

    def linger(self) -> None:
        """Send what was gathered once no key came for LINGER (the run stopped)."""
        with self.paste_lock:
            while not self.exit_event.is_set():
                if self.gathered and time.monotonic() - self.last_key >= LINGER:
                    self.send_gathered()
                    self.run_keys = 0
                self.wake.wait(LINGER if self.gathered else 1.0)  # idle: asleep until a paste


def as_paste(data: str, after_clean: bool) -> tuple[str, bool]:
    """One read from the terminal, with its text (``PASTE_READ`` characters or more, nothing
    but text) between bracketed-paste marks; and whether the read ended clean (no escape
    sequence near its end, which the next read could complete)."""
    clean = "\x1b" not in data[-32:]
    if "\x1b" in data or not after_clean or len(data) < PASTE_READ:
        return data, clean
    start = 0
    while start < len(data) and not (data[start].isprintable() or data[start] in "\t"):
        start += 1  # control keys typed before the text (ctrl+f, then the paste)
    end = len(data)
    while end > start and data[end - 1] in "\r\n":
        end -= 1  # an enter after it is a key
    body = data[start:end]
    if len(body) < PASTE_READ or any(not (ch.isprintable() or ch in "\t\r\n") for ch in body):
        return data, clean
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return data[:start] + PASTE_START + body + PASTE_END + data[end:], clean


__all__ = ["PasteAwareDriver", "as_paste"]
