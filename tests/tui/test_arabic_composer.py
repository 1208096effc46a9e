"""Arabic a rapporteur can proofread while typing (issue 25): the composer at 80x24.

What is typed is stored in logical order; what the composer *shows* of an Arabic paragraph is,
line by line, what python-bidi's algorithm (with arabic-reshaper's shapes) makes of the same
text, flush right; the cursor is where the next letter goes, and the movement keys move on
screen. With the Arabic display off (a terminal that reorders by itself) the composer shows the
text as stored: nothing is reordered twice.
"""

from __future__ import annotations

import datetime as dt

import arabic_reshaper
import pytest
from bidi.algorithm import get_display
from rich.cells import cell_len
from textual import events

from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.tui import bidi
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.composer import Composer

from ..conftest import SAHEL_AR
from .screen_text import screen_lines

NOW = dt.datetime(2023, 3, 11, 15, 10, tzinfo=dt.timezone.utc)

# 316 characters as a rapporteur types them: names in both scripts, an acronym, numbers, a
# resolution in brackets, tanween (a short vowel the screen leaves out), two sentences.
PARAGRAPH = ("أكدت النائبة ليلى حسن أن البرلمانات في منطقة الساحل تحتاج إلى رقابة فعلية على ميزانيات "
             "الدفاع، وأن مكتب UNODC ومجموعة G5 يمكنهما دعم 12 لجنة برلمانية قبل نهاية 2024. وأضافت أن "
             "مشاركة الشباب والنساء (القرار 2250) ليست ترفاً بل شرط للاستقرار، وطالبت Mr. Jean Dupont "
             "بنشر التقرير كاملاً قبل اجتماع لجنة الدفاع في نيامي.")
WIDTH = 76  # the composer's text at 80 columns: 80 less its border and padding


def reference(line: str, base: str = "R") -> str:
    """python-bidi's visual order of a line (shaped first), the bidi-aware renderer's view."""
    return get_display(arabic_reshaper.reshape(line), base_dir=base)


@pytest.fixture
def arabic_session(store, monkeypatch):
    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM", "VTE_VERSION", "TMUX"):
        monkeypatch.delenv(var, raising=False)
    before = bidi.get_mode()
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    leila = store.add_participant(ParticipantIn(name="ليلى حسن", stakeholder_group="برلمان"))
    store.set_setting(f"capture.speaker.{sid}", leila)
    yield sid
    bidi.set_mode(before)


async def open_capture(pilot, app, sid) -> Composer:
    await pilot.pause()
    app.open_session(sid)
    await pilot.pause()
    composer = app.screen.query_one(Composer)
    composer.cursor_blink = False
    return composer


def make_app(store, mode: str = "on") -> FacilitatorApp:
    app = FacilitatorApp(store=store, bidi=mode)
    app.clock = lambda: NOW
    return app


def composer_rows(app) -> list[str]:
    """The composer's text rows as it draws them (inside its border and padding; a scroll bar,
    when the text is taller than the box, takes the last columns)."""
    composer = app.screen.query_one(Composer)
    return [composer.render_line(y).text for y in range(composer.scrollable_content_region.height)]


def on_screen(app, row: str) -> bool:
    """``row`` (without its blank cells) is in the app's own screenshot."""
    return any(row.strip() in line for line in screen_lines(app))


def cursor_cell(composer: Composer) -> tuple[int, int]:
    """(cell, row) of the cursor inside the composer's text, from where it is drawn."""
    offset = composer.cursor_screen_offset
    region = composer.content_region
    return offset.x - region.x, offset.y - region.y


async def type_text(pilot, text: str) -> None:
    """Type ``text`` key by key. A terminal sends each character with its key; the Pilot leaves
    the character out for some (the Arabic comma, tanween), so those go as the terminal sends
    them, to the focused widget, in their turn."""
    for ch in text:
        if ch.isalnum() or ch.isascii():
            await pilot.press(ch)
        else:
            pilot.app.focused.post_message(events.Key(ch, ch))
            await pilot.pause()
    await pilot.pause()


async def test_a_300_character_paragraph_reads_as_python_bidi_orders_it_line_by_line(store, arabic_session):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, arabic_session)
        await type_text(pilot, PARAGRAPH)
        assert composer.text == PARAGRAPH  # stored as typed: logical order
        sections = composer.wrapped_document.get_sections(0)
        assert "".join(sections) == PARAGRAPH and len(sections) >= 5
        for section in sections[:-1]:  # wrapped at spaces, within the width (the cursor's cell spare)
            assert cell_len(section) < WIDTH and section.endswith(" ")
        seen = {}
        height = composer.scrollable_content_region.height
        width = composer.scrollable_content_region.width  # beside the scroll bar of a long text
        for top in range(0, len(sections) - height + 1):
            composer.scroll_to(y=top, animate=False)
            await pilot.pause()
            for i, row in enumerate(composer_rows(app)):
                seen[top + i] = row
                assert on_screen(app, row)
        assert sorted(seen) == list(range(len(sections)))
        for i, section in enumerate(sections):
            expected = reference(section)
            # the same letters in the same order, the line ending at the right edge
            assert seen[i] == " " * (width - cell_len(expected)) + expected, i
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.contributions(arabic_session)[-1].text == PARAGRAPH


async def test_the_cursor_is_where_the_next_letter_goes(store, arabic_session):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, arabic_session)
        assert cursor_cell(composer) == (WIDTH - 1, 0)  # an empty Arabic composer: the right edge
        for i, letter in enumerate("نقترح"):
            await type_text(pilot, letter)
            x, _ = cursor_cell(composer)
            assert x == WIDTH - 1 - (i + 1), "left of the letter just typed"
        await type_text(pilot, " دعم UNO")
        row = composer_rows(app)[0]
        x, _ = cursor_cell(composer)
        assert row[x - 3:x] == "UNO"  # a Latin word goes on to the right
        await type_text(pilot, "DC و")
        row = composer_rows(app)[0]
        x, _ = cursor_cell(composer)
        assert row[x + 1] == reference("و")  # back in Arabic: left of the last letter
        assert row.rstrip().endswith(reference("نقترح دعم"))


async def test_left_and_right_move_on_screen_one_cell_at_a_time(store, arabic_session):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, arabic_session)
        line = "مرحبا UNODC نعم"
        await type_text(pilot, line)
        shown = reference(line)
        left_edge = WIDTH - cell_len(shown)
        assert cursor_cell(composer) == (left_edge - 1, 0)  # left of the last letter typed
        cells = []
        for _ in range(len(line) + 3):
            await pilot.press("right")
            await pilot.pause()
            cells.append(cursor_cell(composer)[0])
        # every cell of the line in turn, from its left end to its right end, then it stays
        assert cells[: len(line)] == list(range(left_edge, WIDTH))
        assert cells[len(line):] == [WIDTH - 1] * 3
        assert composer.cursor_location == (0, 0)  # the right end of an Arabic line: its beginning
        for _ in range(len(line) + 2):
            await pilot.press("left")
        await pilot.pause()
        assert composer.cursor_location == (0, len(line))  # back at the end, left of the line
        # home and end: the beginning (right) and the end (left) of the line as it reads
        await pilot.press("home")
        await pilot.pause()
        assert cursor_cell(composer)[0] == WIDTH - 1 and composer.cursor_location == (0, 0)
        await pilot.press("end")
        await pilot.pause()
        assert composer.cursor_location == (0, len(line))
        # a number typed at the end goes on the right of its digits, as they read
        await type_text(pilot, " 2023")
        shown = reference(line + " 2023")
        x, _ = cursor_cell(composer)
        assert composer_rows(app)[0][x - 4:x] == "2023"


async def test_up_down_and_the_line_ends_follow_the_screen(store, arabic_session):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, arabic_session)
        await type_text(pilot, PARAGRAPH[:140])
        sections = composer.wrapped_document.get_sections(0)
        assert len(sections) == 2
        x, y = cursor_cell(composer)
        await pilot.press("up")
        await pilot.pause()
        x_up, y_up = cursor_cell(composer)
        assert y_up == y - 1 and abs(x_up - x) <= 1  # straight up on screen
        await pilot.press("down")
        await pilot.pause()
        assert cursor_cell(composer) == (x, y)
        # left off the left end of the first line goes on to the next line, at its right end
        await pilot.press("up", "home", "end")
        await pilot.pause()
        first_end = cursor_cell(composer)
        await pilot.press("left")
        await pilot.pause()
        assert cursor_cell(composer)[1] == first_end[1] + 1
        assert cursor_cell(composer)[0] == WIDTH - 1  # the second line begins at the right
        await pilot.press("right")
        await pilot.pause()
        assert cursor_cell(composer)[1] == first_end[1]  # and back


async def test_slips_and_corrections_edit_the_logical_text_and_the_screen_follows(store, arabic_session):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, arabic_session)
        await type_text(pilot, "نحتاج إلى ميزانيةة")  # a doubled letter
        await pilot.press("backspace")
        await type_text(pilot, " شفافة")
        # go back over the last word (left, on screen: towards its end... right, towards its start)
        for _ in range(len(" شفافة")):
            await pilot.press("right")
        await type_text(pilot, " 2023")
        assert composer.text == "نحتاج إلى ميزانية 2023 شفافة"
        # ctrl+left in an Arabic line: a word to the left on screen, the next word in the text
        await pilot.press("ctrl+left")
        await pilot.pause()
        assert composer.cursor_location[1] > len("نحتاج إلى ميزانية 2023")
        row = composer_rows(app)[0]
        assert row.rstrip() == " " * (WIDTH - cell_len(reference(composer.text))) + reference(composer.text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.contributions(arabic_session)[-1].text == "نحتاج إلى ميزانية 2023 شفافة"


async def test_editing_an_earlier_entry_shows_it_right_to_left_too(store, arabic_session):
    sid = arabic_session
    q1 = store.question_id(sid, 1)
    typo = "المجتمعت المحلية أولاً: لا أمن بدون ثقة (Q3)"  # an alef missing in the first word
    store.add_contribution(ContributionIn(session_id=sid, question_id=q1, participant_id=None, text=typo))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, sid)
        await pilot.press("ctrl+l", "ctrl+e")
        await pilot.pause()
        assert composer.text == typo
        assert composer_rows(app)[0] == " " * (WIDTH - cell_len(reference(typo))) + reference(typo)
        # from the beginning of the line (its right end), seven letters to the left
        await pilot.press("home", *["left"] * 7)
        await pilot.pause()
        x, _ = cursor_cell(composer)
        assert x == WIDTH - 1 - 7
        await type_text(pilot, "ا")
        await pilot.press("enter")
        await pilot.pause()
        assert store.contributions(sid)[-1].text == "المجتمعات المحلية أولاً: لا أمن بدون ثقة (Q3)"


async def test_with_the_display_off_the_composer_shows_the_text_as_stored(store, arabic_session):
    """A terminal that reorders by itself (``--bidi off``) gets the logical order: nothing is
    reordered twice."""
    app = make_app(store, "off")
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await open_capture(pilot, app, arabic_session)
        await type_text(pilot, "نقترح دعم UNODC")
        assert composer_rows(app)[0].rstrip() == "نقترح دعم UNODC"
        assert cursor_cell(composer) == (cell_len("نقترح دعم UNODC"), 0)


async def test_the_recommendation_editor_shows_arabic_right_to_left(store, arabic_session):
    from facilitator.tui.screens.review.editor import RecommendationEditor

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_review(arabic_session)
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        editor = app.screen.query_one(RecommendationEditor)
        await type_text(pilot, "على البرلمانات نشر ميزانية الدفاع")
        width = editor.scrollable_content_region.width
        row = editor.render_line(0).text
        expected = reference("على البرلمانات نشر ميزانية الدفاع")
        assert row == " " * (width - cell_len(expected)) + expected
