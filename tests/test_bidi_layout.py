"""``tui.bidi.layout``: a line in visual order with the map from each logical character to its
cell, the base of the composer's drawing and cursor. Its text is python-bidi's visual order of
arabic-reshaper's shapes, exactly; each character that starts a glyph has a cell of its own."""

from __future__ import annotations

import arabic_reshaper
import pytest
from bidi.algorithm import get_display
from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len

from facilitator.tui import bidi

# what a rapporteur types: Arabic letters (lam-alef and Allah make ligatures), short vowels,
# tatweel, Latin, digits (Latin and Arabic-Indic), brackets, punctuation, spaces, joiners
ALPHABET = ("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ" "ًٌٍَُِّْـ" "abcUNODCG" "0123456789" "٠١٢٣"
            "()[]«»،؛؟.,:-/ " "\u200c\u200d")
lines = st.text(alphabet=ALPHABET, max_size=60)


@given(lines, st.sampled_from(["L", "R"]))
@example("لا الله إلا", "R")
@example("يَجِبُ تعزيز", "R")
@example("مرحبا UNODC نعم 2023", "R")
@example("The panel: الأمن أولاً (G5)", "L")
@example("\u200dب\u200c", "R")
def test_the_line_is_python_bidi_s_visual_order_of_the_shaped_text(text, base):
    shown = bidi.layout(text, base)
    assert shown.shown == (get_display(arabic_reshaper.reshape(text), base_dir=base) if text else "")
    n = len(text)
    assert len(shown.cell) == len(shown.wide) == len(shown.rtl) == len(shown.own) == n
    width = cell_len(shown.shown)
    own_cells = [shown.cell[i] for i in range(n) if shown.own[i]]
    # a character with a glyph of its own has a cell no other has, on the line
    assert len(own_cells) == len(set(own_cells))
    assert all(0 <= c < width for c in own_cells)
    # and the glyph in that cell is that character's (or its shaped form, a ligature's first letter)
    for i in range(n):
        if shown.own[i] and not text[i].isspace():
            glyph = shown.shown[shown.cell[i]]
            assert glyph == text[i] or bidi._FORMS.match(glyph) or glyph in "()[]«»", (i, text[i], glyph)
    # the cursor is always on the line or next to it
    assert all(-1 <= shown.cursor_x(p) <= width for p in range(n + 1))


@pytest.mark.parametrize("text", ["نقترح إنشاء صندوق", "مرحبا UNODC نعم", "الرقم 2250 مهم"])
def test_a_right_to_left_line_is_walked_cell_by_cell(text):
    """The places a cursor can stand (before each glyph, and the end) fill the line's cells
    and the cell left of it, one each."""
    shown = bidi.layout(text, "R")
    stops = [shown.cursor_x(p) for p in range(len(text) + 1) if p == len(text) or shown.own[p]]
    assert sorted(stops) == list(range(-1, cell_len(shown.shown)))


def test_the_end_of_a_text_is_where_its_next_letter_goes():
    assert bidi.layout("نعم", "R").cursor_x(3) == -1  # left of the last Arabic letter
    assert bidi.layout("نعم 2023", "R").cursor_x(8) == 4  # right of the last digit
    assert bidi.layout("UNODC", "R").cursor_x(5) == 5
