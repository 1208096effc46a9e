"""The display transform: logical text in, display lines out; stored text untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from facilitator.core.models import ContributionIn
from facilitator.tui import bidi

ARABIC_Q3 = "كيف يمكن تحسين الرقابة البرلمانية على القوات المسلحة (Q3) من أجل منع الأضرار؟"


@pytest.fixture(autouse=True)
def _mode(monkeypatch):
    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(var, raising=False)
    before = bidi.get_mode()
    bidi.set_mode("on")
    yield
    bidi.set_mode(before)


def test_latin_text_is_unchanged():
    assert bidi.display_line("Budget oversight (Q3) matters.") == "Budget oversight (Q3) matters."
    assert bidi.display_lines("one two three four", 9) == ["one two", "three", "four"]


def test_arabic_is_shaped_and_reversed_and_brackets_stay_brackets():
    out = bidi.display_line("السؤال (Q3) مهم")
    assert "(Q3)" in out and ")Q3(" not in out
    # Visual order: the last logical word is on the left, the first on the right.
    assert out.index("(Q3)") > 0
    assert out.startswith("\ufee2")  # م of مهم, final form, leftmost
    assert out.endswith("\ufe8d")  # ا of السؤال, isolated alef... read from the right
    for pair in ("[الساحل]", "«الساحل»", "{الساحل}"):
        shown = bidi.display_line("في " + pair + " اليوم")
        assert shown.count(pair[0]) == 1 and shown.index(pair[0]) < shown.index(pair[-1])


def test_mixed_line_keeps_latin_runs_left_to_right():
    out = bidi.display_line("قال إن Budget 2023 مهم")
    assert "Budget 2023" in out


def test_wrapped_before_reordering_so_each_line_reads_right_to_left():
    lines = bidi.display_lines(ARABIC_Q3, 24)
    assert len(lines) > 2
    assert all(cell_len(line) <= 24 for line in lines)
    # The first screen line holds the first logical words (كيف يمكن ...), ending at its right.
    first_words = bidi.display_line("كيف")
    assert lines[0].endswith(first_words)
    assert any("(Q3)" in line for line in lines)


def test_paragraph_direction_carries_to_a_line_starting_in_latin():
    lines = bidi.display_lines("الميزانية Budget 2023 كذلك.", 12)
    latin_line = next(line for line in lines if "Budget" in line)
    # A full stop ending an Arabic paragraph sits at the left of its last line.
    assert lines[-1].startswith(".")
    assert "Budget" in latin_line


def test_align_pads_right_to_left_lines_to_the_right_edge():
    lines = bidi.display_lines("كيف يمكن تحسين الرقابة", 30, align=True)
    assert lines == [" " * (30 - cell_len(lines[0].lstrip())) + lines[0].lstrip()]


def test_off_mode_leaves_text_in_logical_order_but_still_wraps():
    bidi.set_mode("off")
    assert not bidi.active()
    assert bidi.display_line(ARABIC_Q3) == ARABIC_Q3
    assert " ".join(bidi.display_lines(ARABIC_Q3, 20)) == ARABIC_Q3


def test_auto_mode_is_off_in_terminals_that_reorder(monkeypatch):
    bidi.set_mode("auto")
    assert bidi.active()
    monkeypatch.setenv("KONSOLE_VERSION", "230401")
    assert not bidi.active()
    assert bidi.display_line("كتب") == "كتب"


def test_width_cuts_the_logical_end_so_the_beginning_shows():
    out = bidi.display_line(ARABIC_Q3, 12)
    assert cell_len(out) <= 12
    assert out.startswith("…")  # the cut (logical end) is on the left
    assert out.endswith(bidi.display_line("كيف"))


def test_preview_line_shows_the_end_of_what_is_typed():
    assert bidi.preview_line("first line\nsecond line", 40) == "second line"
    assert bidi.preview_line("a" * 50, 10) == "…" + "a" * 9
    shown = bidi.preview_line("مقدمة\n" + ARABIC_Q3, 16)
    assert cell_len(shown) <= 16
    assert shown.endswith("…")  # the cut beginning is at the right of a right-to-left line
    bidi.set_mode("off")
    assert bidi.preview_line("كتب", 10) == "كتب"


def test_display_highlight_finds_the_words_on_screen():
    text = "قال إن الكتاب مهم"
    start = text.index("الكتاب")
    shown, spans = bidi.display_highlight(text, [(start, start + 6)])
    assert shown == bidi.display_line(text)
    assert [shown[a:b] for a, b in spans] == [bidi.display_line("الكتاب")]
    assert bidi.display_highlight("plain text", [(0, 5)]) == ("plain text", [(0, 5)])


def test_mode_precedence_override_env_setting(store, monkeypatch):
    assert bidi.configure(store) == "auto"
    bidi.save_mode(store, "off")
    assert store.get_setting("bidi") == "off" and bidi.get_mode() == "off"
    assert bidi.configure(store) == "off"
    monkeypatch.setenv("FACILITATOR_BIDI", "on")
    assert bidi.configure(store) == "on"
    assert bidi.configure(store, override="auto") == "auto"
    monkeypatch.setenv("FACILITATOR_BIDI", "sideways")  # invalid: ignored
    assert bidi.configure(store) == "off"
    with pytest.raises(ValueError):
        bidi.set_mode("sideways")
    assert bidi.next_mode("auto") == "on" and bidi.next_mode("off") == "auto"


def test_stored_text_is_untouched(store, sahel):
    c = store.add_contribution(ContributionIn(session_id=sahel, text=ARABIC_Q3))
    bidi.display_lines(c.text, 20)
    bidi.display_line(c.text)
    assert store.contribution(c.id).text == ARABIC_Q3


@settings(max_examples=80, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abc كتبلاسم()[]«»0123.,؟\n"), max_size=60),
    st.integers(min_value=1, max_value=30),
)
def test_display_lines_never_exceed_the_width_nor_lose_words(text, width):
    bidi.set_mode("off")
    logical = bidi.display_lines(text, width)
    assert all(cell_len(line) <= width for line in logical)
    assert "".join("".join(logical).split()) == "".join(text.split())
    bidi.set_mode("on")
    shown = bidi.display_lines(text, width)
    assert len(shown) == len(logical)
    assert all(cell_len(line) <= width for line in shown)
