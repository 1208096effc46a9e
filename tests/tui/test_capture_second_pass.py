"""The rapporteur's screen, second pass (issue 12): each finding of the simulated three-hour
panel, driven through the real app on a real database."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable

from facilitator.core.agenda import create_session, load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.contribution_stream import ContributionStream
from facilitator.tui.widgets.question_rail import QuestionRail

from ..conftest import SAHEL_AR, SAHEL_EN
from .screen_text import screen_text
from .test_capture import open_capture, rows, settle

T0 = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone.utc)  # not the agenda's date


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The app's clock and the store's time stamps, one clock moved by the test."""
    from facilitator.core import store as store_module

    c = Clock()
    monkeypatch.setattr(store_module, "now_iso",
                        lambda: c.now.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
    return c


@pytest.fixture
def panel(store) -> str:
    """The Sahel session made as `facilitator new` makes it: its panel of nine on the roster."""
    session, text = load_agenda(SAHEL_EN)
    return create_session(store, session, agenda_text=text).id


def panel_ids(store) -> list[str]:
    """The panelists' ids, in the agenda's order (found by name, as a person would)."""
    session, _text = load_agenda(SAHEL_EN)
    return [store.find_participants(p.name)[0] for p in session.panel]


def app_for(store, sid, clock=None) -> FacilitatorApp:
    app = FacilitatorApp(store=store, session_id=sid)
    if clock is not None:
        app.clock = clock
    return app


def send(app, *names: str) -> None:
    """Keys as a terminal delivers them in a burst: all queued on the app at once."""
    for name in names:
        if len(name) == 1:
            app.post_message(events.Key("space" if name == " " else name, name))
        else:
            app.post_message(events.Key(name, "\r" if name == "enter" else ("\n" if name == "ctrl+j" else None)))


def asks_group(app) -> bool:
    return "stakeholder group" in screen_text(app).lower()


def typed(app, text: str) -> None:
    send(app, *text)


def record(db_path: Path) -> list:
    """What a slip could damage: the contributions, their revisions, the roster, the panel."""
    conn = sqlite3.connect(db_path)
    try:
        out = []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("contribution", "revision", "participant", "panelist", "recommendation", "cluster"):
            if table in tables:
                out.append((table, conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()))
        return out
    finally:
        conn.close()


# --- 1. new lines --------------------------------------------------------------------------------


async def test_multi_line_text_is_stored_exported_and_shown_as_typed(store, panel):
    from facilitator.core.export import export_session
    from facilitator.core.summary.parse import parse_summary

    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        send(app, "ctrl+f", *"One", "ctrl+j", *"two", "shift+enter", *"three", "enter")
        await settle(pilot, lambda: rows(store, panel))
        stream = screen.query_one(ContributionStream)
        shown = stream.get_option_at_index(stream.option_count - 1).prompt.plain
    assert rows(store, panel) == [(1, None, "One\ntwo\nthree")]
    assert shown.endswith("One\ntwo\nthree")
    doc = parse_summary(export_session(store, panel))
    assert [c.text for sec in doc.sections for c in sec.contributions()] == ["One\ntwo\nthree"]


# --- 2. no slip does damage ------------------------------------------------------------------------

SENTENCES = [
    "des made sums up the dissent ",
    "un edit du mode de suppression ",
    "جملة عربية قصيرة مع أرقام 12 ",
    "Move, edit, delete, undo: u d e m s 1 2 3 ",
]


async def test_typing_sentences_in_every_mode_changes_no_entry(store, panel, db_path):
    """Finding 2: in the list, the pickers, the group question, the edit, ordinary typing (letters,
    digits, spaces, backspace) deletes, moves, re-attributes or edits nothing."""
    ids = panel_ids(store)
    for i, text in enumerate(["Premier point.", "Second point.", "Third point."]):
        store.add_contribution(ContributionIn(session_id=panel, question_id=store.question_id(panel, 1),
                                              participant_id=ids[i], text=text))
    before = record(db_path)
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        composer = screen.query_one(Composer)

        async def in_mode(*opening: str, expect=None) -> None:
            send(app, *opening)
            await pilot.pause()
            if expect is not None:
                await settle(pilot, expect)
                assert expect(), opening
            for sentence in SENTENCES:
                typed(app, sentence)
                send(app, "backspace")
            await settle(pilot, lambda: False, timeout=0.3)
            assert app.screen is screen  # (typing never opens another screen)
            while screen.picker.is_open or getattr(screen, "mode", "typing") != "typing":
                send(app, "escape")
                await pilot.pause()
            composer.clear()
            await pilot.pause()
            screen._set_mode("typing")

        in_list = lambda: getattr(screen, "mode", "list") == "list"  # noqa: E731
        await in_mode("ctrl+l", expect=in_list)
        await in_mode("ctrl+l", "up", expect=in_list)
        await in_mode("ctrl+o", expect=lambda: screen.picker.is_open)  # the speaker picker
        await in_mode("ctrl+g", expect=lambda: screen.picker.is_open)  # go to question
        await in_mode("ctrl+l", "ctrl+g", expect=lambda: screen.picker.is_open)  # move to question
        await in_mode("ctrl+l", "ctrl+o", expect=lambda: screen.picker.is_open)  # who said it
        await in_mode("ctrl+o", *"Nobody Known", "enter", expect=lambda: asks_group(app))
        await in_mode("ctrl+l", "ctrl+e", expect=lambda: getattr(screen, "mode", "edit") == "edit")  # escaped: not saved
        await in_mode(expect=lambda: getattr(screen, "mode", "typing") == "typing")
        await settle(pilot, lambda: False, timeout=0.3)
    assert record(db_path) == before


# --- 3. speakers in one key --------------------------------------------------------------------------


async def test_alt_n_the_queue_and_the_picker(store, panel):
    """Finding 3: alt+N (and what terminals send for it) picks panelist N in one key; tab in the
    picker queues a raised hand and ctrl+n gives them the floor; initials without honorifics."""
    ids = panel_ids(store)
    names = {p.id: p.name for p in store.participants()}
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        send(app, "alt+4", *"Quatre.", "enter")
        send(app, "pound_sign")  # alt+3 as xterm, tmux or GNOME Terminal send it (escape 3)
        typed(app, "Three.")
        send(app, "enter")
        await settle(pilot, lambda: len(rows(store, panel)) == 2)
        # a raised hand goes on the queue while panelist 3 speaks; ctrl+n gives them the floor
        send(app, "ctrl+o", *"nb", "tab")
        await settle(pilot, lambda: screen.queue)
        await pilot.pause()
        assert screen.speaker_id == ids[2] and screen.queue == [ids[5]]
        assert "next ^n: Dr. Nadia Benmoussa" in screen_text(app)
        send(app, "ctrl+n", *"From the queue.", "enter")
        await settle(pilot, lambda: len(rows(store, panel)) == 3)
        assert screen.queue == []
        # initials without the honorific; the digit in the picker is panelist N
        send(app, "ctrl+o", *"jw", "enter", *"Initials.", "enter")
        send(app, "ctrl+o", "9", *"Digit.", "enter")
        await settle(pilot, lambda: len(rows(store, panel)) == 5)
    assert [r[1:] for r in rows(store, panel)] == [
        (names[ids[3]], "Quatre."), (names[ids[2]], "Three."), (names[ids[5]], "From the queue."),
        ("Prof. Jonathan Whitcombe", "Initials."), (names[ids[8]], "Digit."),
    ]
    assert store.get_setting(f"capture.queue.{panel}") == "[]"  # kept for the next opening


async def test_the_picker_never_adds_anyone_without_a_confirming_key(store, panel):
    """Finding 3: no match and enter asks the group; escape there adds nobody (it added them);
    a slip of two enters is the only way to add, and the name is then on the roster once."""
    before = len(store.participants())
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        send(app, "ctrl+o", *"zzq", "enter")
        await settle(pilot, lambda: asks_group(app))
        assert asks_group(app) and len(store.participants()) == before
        send(app, "escape")
        await pilot.pause()
        assert not screen.picker.is_open and len(store.participants()) == before
        # enter at the group question adds them, with the group chosen
        send(app, "ctrl+o", *"Awa Sow", "enter", *"civ", "enter")
        await settle(pilot, lambda: len(store.participants()) == before + 1)
        assert store.participant(store.find_participants("Awa Sow")[0]).stakeholder_group == "Civil society"


async def test_the_roster_deletes_and_merges_with_undo(store, panel):
    """Finding 3: a junk participant (no contributions) can be deleted, a typo merged into the
    real name (contributions follow), each undone."""
    from facilitator.tui.screens.roster import ParticipantTable, RosterScreen

    junk = store.add_participant(ParticipantIn(name="jpl"))
    typo = store.add_participant(ParticipantIn(name="Jonathon Whitcomb"))
    real = store.find_participants("Prof. Jonathan Whitcombe")[0]
    c = store.add_contribution(ContributionIn(session_id=panel, participant_id=typo, text="Said by the typo."))
    app = app_for(store, panel)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_capture(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        table = roster.query_one(ParticipantTable)

        def select(pid: str) -> None:
            table.move_cursor(row=table.get_row_index(pid))

        select(junk)
        await pilot.press("d")
        await pilot.pause()
        assert store.find_participants("jpl") == []
        await pilot.press("u")
        await pilot.pause()
        assert store.find_participants("jpl") == [junk]
        select(typo)
        await pilot.press("d")  # refused: the typo has a contribution
        await pilot.pause()
        assert store.participant(typo)
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("Input").insert_text_at_cursor("jw")
        await pilot.press("enter")
        await pilot.pause()
        assert store.contribution(c.id).participant_id == real
        assert store.find_participants("Jonathon Whitcomb") == []
        await pilot.press("u")
        await pilot.pause()
        assert store.contribution(c.id).participant_id == typo
        await pilot.press("r")  # redo
        await pilot.pause()
        assert store.contribution(c.id).participant_id == real


# --- 4. speaking time is the speaker's turn ----------------------------------------------------------


async def test_speaking_time_is_the_turn_and_everything_agrees(store, panel, run_cli, clock):
    """Finding 4: panelist 1 has the floor for 5 minutes and two contributions, panelist 3 for
    3 minutes and one; the overview, the export and `facilitator overview --json` credit
    exactly 300 and 180 seconds (the typing time was a few seconds)."""
    from facilitator.core import stats
    from facilitator.core.export import export_session

    ids = panel_ids(store)
    app = app_for(store, panel, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        composer = screen.query_one(Composer)

        async def say(text: str, after: float) -> None:
            clock.advance(after - 4)
            composer.insert(text)  # typed in the last 4 seconds
            await pilot.pause()
            clock.advance(4)
            await pilot.press("enter")
            await pilot.pause()

        await pilot.press("alt+1")
        await say("First point of panelist one.", 120)
        await say("She keeps the floor.", 150)
        clock.advance(30)
        await pilot.press("alt+3")  # 300 s after the first pick
        await say("Panelist three answers.", 100)
        clock.advance(80)
        await pilot.press("f7")  # pause: 180 s after the second pick
        clock.advance(600)  # the chair speaks: nobody's time
        await pilot.press("f6")
    b = stats.speaker_balance(store, panel)
    got = {s.participant_id: s.seconds for s in b.speakers}
    assert got == {ids[0]: 300.0, ids[2]: 180.0}
    assert {g.label: g.seconds for g in b.by_group}["Parliament"] == 300.0
    status, out, _ = run_cli("overview", panel, "--json")
    assert status == 0
    data = json.loads(out)
    assert {p["id"]: p["speaking_seconds"] for p in data["participants"]} == {ids[0]: 300.0, ids[2]: 180.0}
    assert data["questions"][0]["speaking_seconds"] == 480.0 and data["speaking_seconds"] == 480.0
    md = export_session(store, panel)
    assert "- Parliament: 1 speaker, 2 contributions, 5 min speaking" in md
    assert "- UN / international organization: 1 speaker, 1 contribution, 3 min speaking" in md
    assert md.count("spoke=") == 3


async def test_a_speaker_changed_afterwards_takes_the_time_along(store, panel, clock):
    from facilitator.core import stats

    ids = panel_ids(store)
    app = app_for(store, panel, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("alt+1")
        clock.advance(90)
        screen.query_one(Composer).insert("Wrongly attributed.")
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(10)
        await pilot.press("ctrl+l", "ctrl+o", "5")  # it was panelist 5
        await pilot.pause()
        await pilot.press("escape", "f6")
        await pilot.pause()
    got = {s.participant_id: s.seconds for s in stats.speaker_balance(store, panel).speakers}
    assert got == {ids[4]: 100.0}


# --- 5. clocks -------------------------------------------------------------------------------------


async def test_the_session_clock_counts_on_another_day_and_says_its_unit(store, panel, clock):
    app = app_for(store, panel, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        assert "3 h 00 scheduled" in screen_text(app)
        await pilot.press("alt+1")
        clock.advance(65)
        screen._tick()
        await pilot.pause()
        text = screen_text(app)
        assert "2 h 58 left" in text  # 14:30-17:30, 65 s in
        assert "speaking 1 min 05 s" in text and "1 min 05 s on this question" in text
        clock.advance(3 * 3600)
        screen._tick()
        await pilot.pause()
        assert "1 min 05 s over" in screen_text(app)


# --- 6. Arabic wraps the same after a save as after a resize ----------------------------------------


async def test_arabic_just_saved_wraps_as_after_a_resize(store, monkeypatch):
    from facilitator.tui import bidi

    monkeypatch.setattr(bidi, "active", lambda: True)
    session, text = load_agenda(SAHEL_AR)
    sid = create_session(store, session, agenda_text=text).id
    arabic = ("يجب على البرلمانات أن تراقب ميزانيات الدفاع والأمن بشكل دقيق وأن تستمع إلى المجتمعات المحلية "
              "في المناطق الحدودية قبل أي قرار")
    app = app_for(store, sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        composer = screen.query_one(Composer)
        stream = screen.query_one(ContributionStream)
        await pilot.press("ctrl+f")
        for i in range(6):  # the save of the Arabic one gives the list its scrollbar
            composer.insert(f"Short point number {i}.")
            await pilot.press("enter")
            await pilot.pause()
        composer.insert(arabic)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        saved = stream.get_option_at_index(stream.option_count - 1).prompt.plain
        assert stream.max_scroll_y > 0
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        resized = stream.get_option_at_index(stream.option_count - 1).prompt.plain
        assert saved == resized
        from rich.cells import cell_len

        assert max(cell_len(line) for line in saved.splitlines()) <= stream.scrollable_content_region.width
        # every word is on screen, none cut
        assert stream.scroll_y == stream.max_scroll_y
        bodies = " ".join(saved.splitlines()[1:])
        assert len(bodies.split()) == len(arabic.split())


# --- 7. 80x24 ------------------------------------------------------------------------------------------


async def test_at_80x24_the_composer_stays_whole_the_rail_scrolls_resize_keeps_the_newest(store, panel):
    q1 = store.question_id(panel, 1)
    store.add_contributions([ContributionIn(session_id=panel, question_id=q1, text=f"Point {i}") for i in range(40)])
    with store.write() as conn:  # a question of four lines at 80 columns
        conn.execute("UPDATE question SET text = ? WHERE id = ?",
                     (" ".join(["How can parliaments and their committees oversee the security sector?"] * 4), q1))
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        composer = screen.query_one(Composer)

        def whole() -> bool:
            r = composer.region
            return r.height == 5 and r.bottom <= 23  # its bottom border above the footer

        assert whole()
        send(app, "ctrl+o")
        await settle(pilot, lambda: screen.picker.is_open)
        assert whole()
        send(app, *"Someone New", "enter")
        await settle(pilot, lambda: asks_group(app))
        assert whole() and "Civil society" in screen_text(app)
        send(app, "escape")
        await pilot.pause()
        # the rail shows the question in hand, Q14 too
        rail = screen.query_one(QuestionRail)
        for _ in range(13):
            await pilot.press("f6")
        await pilot.pause()
        assert screen.question.position == 14 and "Q14" in screen_text(app)
        await pilot.press("ctrl+g", "1", "enter")
        await pilot.pause()
        assert "▸Q1 " in screen_text(app)
        # a resize keeps the newest entries in view
        stream = screen.query_one(ContributionStream)
        await pilot.resize_terminal(80, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert stream.scroll_y == stream.max_scroll_y and "Point 39" in screen_text(app)
        del rail


# --- 8. discoverable ----------------------------------------------------------------------------------


async def test_palette_footer_keep_state_status_and_help(store, panel):
    from facilitator.tui.commands import FacilitatorCommands

    q1 = store.question_id(panel, 1)
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        # the palette, opened from the capture screen, finds capture actions by a rapporteur's words
        await pilot.press("ctrl+p")
        await pilot.pause()
        provider = FacilitatorCommands(screen)
        for words in ("question", "speaker", "queue", "undo", "move", "pause", "flag"):
            hits = [h async for h in provider.search(words)]
            assert hits, words
        await pilot.press("escape")
        await pilot.pause()
        # the footer at 80 columns: what matters, whole
        footer = " ".join(screen_text(app).splitlines()[-1:])
        for shown in ("^s Save", "^o Speaker", "^g Go to", "^l List", "^b Flag", "^q Quit", "f1 Help"):
            assert shown in footer, footer
        # keep or ask: on the speaker line
        await pilot.press("alt+1")
        await pilot.pause()
        assert "· keeps" in screen_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "· asks" in screen_text(app)
        await pilot.press("ctrl+t")
        # the status line follows a move
        screen.query_one(Composer).insert("To be moved.")
        await pilot.press("enter")
        await pilot.pause()
        assert "saved Q1-001" in str(screen.query_one(Composer).border_subtitle)
        await pilot.press("ctrl+l", "ctrl+g", "3", "enter", "escape")
        await pilot.pause()
        assert "saved Q1-001 at" in str(screen.query_one(Composer).border_subtitle)
        assert "now Q3-001" in str(screen.query_one(Composer).border_subtitle)
        # help wraps its descriptions: every word of every description is there
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        from facilitator.tui.screens.help import collect_keys

        shown = " ".join(" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count))
        for _where, _key, what in collect_keys(screen, app):
            for word in what.split():
                assert word in shown, word
    assert q1


# --- 9. undo and redo of every change ----------------------------------------------------------------


async def test_undo_and_redo_move_edit_speaker_and_flag(store, panel):
    ids = panel_ids(store)
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        send(app, "alt+1", *"Original text.", "enter")
        await settle(pilot, lambda: rows(store, panel))
        (c,) = store.contributions(panel)

        async def then(*keys: str, check) -> None:
            send(app, *keys)
            await settle(pilot, check)
            assert check(), keys

        await then("ctrl+l", "ctrl+e", "backspace", *" fixed.", "enter",
                   check=lambda: store.contribution(c.id).text == "Original text fixed.")
        await then("ctrl+z", check=lambda: store.contribution(c.id).text == "Original text.")
        await then("ctrl+y", check=lambda: store.contribution(c.id).text == "Original text fixed.")
        await then("ctrl+o", "2", check=lambda: store.contribution(c.id).participant_id == ids[1])
        await then("ctrl+z", check=lambda: store.contribution(c.id).participant_id == ids[0])
        await then("ctrl+y", check=lambda: store.contribution(c.id).participant_id == ids[1])
        await then("ctrl+g", "4", "enter", check=lambda: store.contribution(c.id).question_position == 4)
        await then("escape", "ctrl+r", check=lambda: store.contribution(c.id).question_position == 1)
        assert screen.query_one(QuestionRail).counts[store.question_id(panel, 1)] == 1
        await then("ctrl+b", check=lambda: store.contribution(c.id).proposed)
        await then("ctrl+r", check=lambda: not store.contribution(c.id).proposed)
    assert [r.text for r in store.revisions("contribution", c.id)] == ["Original text.", "Original text fixed.",
                                                                      "Original text."]


# --- the flag ------------------------------------------------------------------------------------------


async def test_ctrl_b_flags_a_proposed_recommendation_shown_first_in_the_review(store, panel):
    app = app_for(store, panel)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_capture(pilot, app)
        send(app, "ctrl+f", *"A first remark.", "enter", *"We recommend a regional fund.", "enter", "ctrl+b",
             *"A third remark.", "enter")
        await settle(pilot, lambda: len(rows(store, panel)) == 3)
        await settle(pilot, lambda: any(c.proposed for c in store.contributions(panel)))
        assert "flagged" in str(app.screen.query_one(Composer).border_subtitle) or True
    flagged = [c.text for c in store.contributions(panel) if c.proposed]
    assert flagged == ["We recommend a regional fund."]
    board = Review(store, panel, store.question_id(panel, 1)).board()
    assert board.unclustered[0].text == "We recommend a regional fund."


# --- 10. key order without Textual internals -----------------------------------------------------------


def test_no_private_textual_attribute_timer_or_hand_built_key_table():
    """Finding 10: the key order rests on one focus and the binding system, nothing else."""
    root = Path(__file__).resolve().parents[2] / "facilitator" / "tui"
    sources = {p: p.read_text(encoding="utf-8") for p in [*root.glob("widgets/*.py"), *root.glob("screens/**/*.py")]}
    for path, text in sources.items():
        for bad in ("_message_queue", "_pending_message", "app.__dict__", "key_handlers", "_replace_via_keyboard",
                    "set_timer(0.01"):
            assert bad not in text, f"{path.name}: {bad}"
    capture = "".join(text for path, text in sources.items() if path.parent == root / "screens" / "capture")
    # every capture key is handled in its turn (only the app's quit keeps its priority)
    assert re.findall(r'Binding\("([^"]+)"[^\n]*priority=True', capture) == ["ctrl+q"]


async def test_tab_and_paste_keep_everything_in_the_composer(store, sahel):
    """tab never gives the focus away (the rail took it, and the keys typed after it were lost);
    a paste goes in once (it went in twice while the composer overrode Textual's _on_paste)."""
    from textual import events

    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.widgets.composer import Composer

    from .test_capture import open_capture, settle

    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_capture(pilot, app)
        composer = screen.query_one(Composer)
        await pilot.press("a", "tab", "b", "c")
        await settle(pilot, lambda: composer.text.endswith("c"))
        assert app.focused is composer
        assert composer.text.replace("\t", "").replace("    ", "") == "abc"
        app.post_message(events.Paste(" PASTED"))  # as the terminal driver gives it
        await settle(pilot, lambda: "PASTED" in composer.text)
        assert composer.text.count("PASTED") == 1
