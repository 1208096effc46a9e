"""A paste that arrives as keys (issue 26, finding 2), below the app: what the driver gives the
key parser for each read of the terminal (``tui/driver.py``); the whole path, on a real
pseudo-terminal, is in tests/test_windows.py."""

from __future__ import annotations

from facilitator.tui.driver import PASTE_END, PASTE_READ, PASTE_START, as_paste

TEXT = ("Parliaments must vote the security budget line by line, and publish it. " * 8)[:400]


def test_a_read_of_text_is_a_paste_and_the_keys_around_it_stay_keys():
    data, clean = as_paste("\x06" + TEXT.replace(". ", ".\r", 1) + "\r", True)
    assert clean
    assert data == "\x06" + PASTE_START + TEXT.replace(". ", ".\n", 1) + PASTE_END + "\r"


def test_short_reads_escape_sequences_and_what_follows_them_are_left_alone():
    short = "Vite dit, vite saisi.\r"  # a line typed by tmux send-keys: enter saves it
    assert as_paste(short, True) == (short, True)
    with_escape = "\x1b[A" + TEXT  # an arrow key, then text: the parser reads it all
    assert as_paste(with_escape, True) == (with_escape, True)
    ends_inside = TEXT + "\x1b["  # the next read may complete the sequence
    assert as_paste(ends_inside, True) == (ends_inside, False)
    assert as_paste(TEXT, False) == (TEXT, True)  # after such a read: not touched
    assert len(TEXT) >= PASTE_READ
