"""``tui.preview.render``: the export's, merge's and monitoring report's preview, laid out in a
worker, reads as every other screen does: an Arabic paragraph wrapped in logical order (its first
words on its first line), each line shaped and in python-bidi's visual order with the paragraph's
direction, flush right, its bold words still bold; nothing reordered with the display off; what
it was laid out for said with it."""

from __future__ import annotations

import arabic_reshaper
import pytest
from bidi.algorithm import get_display
from rich.cells import cell_len

from facilitator.tui import bidi
from facilitator.tui.preview import Laid, render

# its second wrapped line begins with a Latin acronym (at width 40)
PARAGRAPH = ("نقترح على البرلمانات في دول الساحل الخمس نشر ميزانية الدفاع بندا بندا "
             "UNODC ومكتب الأمم المتحدة يساعد اللجان البرلمانية منذ 2023 في كل البلدان.")
WIDTH = 40


@pytest.fixture(autouse=True)
def display_on():
    before = bidi.get_mode()
    bidi.set_mode("on")
    yield
    bidi.set_mode(before)


def reference(line: str, base: str) -> str:
    return get_display(arabic_reshaper.reshape(line), base_dir=base)


def body(text: Laid) -> list[str]:
    return [line for line in text.plain.split("\n") if line.strip()]


def test_an_arabic_paragraph_reads_line_by_line_as_python_bidi_orders_it_flush_right():
    laid = render(PARAGRAPH, WIDTH + 2)  # the preview's 2 columns of padding are the screen's
    lines = body(laid)
    logical = bidi.wrap(PARAGRAPH, WIDTH + 2)
    assert len(lines) == len(logical) >= 3
    for shown, line in zip(lines, logical, strict=True):
        assert shown.strip() == reference(line, "R")  # right to left, also the line that begins with UNODC
        assert cell_len(shown) == WIDTH + 2  # flush right: every line ends at the right edge
    assert lines[-1].startswith("  ")  # the short last line sits on the right
    assert laid.width == WIDTH + 2 and laid.reordered is True


def test_inline_styles_move_with_their_letters():
    laid = render("نقترح **الرقابة** البرلمانية", 40)
    word = reference("الرقابة", "R")
    at = laid.plain.index(word)
    bold = [span for span in laid.spans if span.style and getattr(span.style, "bold", False)]
    covered = {i for span in bold for i in range(span.start, span.end)}
    assert set(range(at, at + len(word))) <= covered  # the bold word, where it is on screen
    others = laid.plain.index(reference("البرلمانية", "R"))
    assert not covered & set(range(others, others + 5))


def test_headings_list_items_and_table_cells_are_readable():
    md = ("## السؤال الأول\n\n- يجب على البرلمانات نشر الميزانية\n\n| المجموعة | العدد |\n|---|---|\n"
          "| برلمانيون | 12 |\n")
    text = render(md, 60).plain
    for words in ("السؤال الأول", "يجب على البرلمانات نشر الميزانية", "المجموعة", "برلمانيون"):
        assert reference(words, "R") in text
    assert not any("\u0621" <= ch <= "\u064a" for ch in text)  # no letter as stored
    heading = next(line for line in text.split("\n") if reference("السؤال الأول", "R") in line)
    assert heading.endswith(reference("السؤال الأول", "R")) and heading.startswith(" ")


def test_the_documents_isolates_keep_dates_and_references_in_place_and_are_not_drawn():
    """An Arabic report isolates its dates and references (LRI ... PDI): on screen a date reads
    2026-12-07 as in a bidi-aware reader, not 07-12-2026 (what the algorithm makes of it without
    the isolate: its numbers follow Arabic letters); the controls themselves are not drawn."""
    md = "- حتى تاريخ: \u20662026-12-07\u2069\n- آخر تغيير: \u20662026-12-07 17:20 UTC\u2069\n\n\u2068نص عربي\u2069 \u2066R-001\u2069\n"
    laid = render(md, 60)
    assert not any(ch in laid.plain for ch in "\u2066\u2067\u2068\u2069\u202a\u202b\u202c")
    assert reference("حتى تاريخ: \u202a2026-12-07\u202c", "R") in laid.plain
    assert "2026-12-07 :" in laid.plain and "07-12-2026" not in laid.plain
    assert "2026-12-07 17:20 UTC :" in laid.plain
    assert reference("نص عربي R-001", "R") in laid.plain


def test_an_fsi_takes_the_direction_of_its_first_letter():
    assert bidi.embed_isolates("\u2068abc\u2069 \u2068نص\u2069 \u2066x\u2069") == "\u202aabc\u202c \u202bنص\u202c \u202ax\u202c"


def test_with_the_display_off_the_text_is_as_stored_and_says_so():
    bidi.set_mode("off")
    laid = render(PARAGRAPH, WIDTH)
    assert " ".join(" ".join(body(laid)).split()) == PARAGRAPH
    assert laid.reordered is False


def test_a_preview_without_arabic_does_not_depend_on_the_display():
    laid = render("# Summary\n\nPlain English text.", 40)
    assert laid.reordered is None and "Plain English text." in laid.plain
