"""The capture screen at 80x24 keeps what the rapporteur needs in view (issue 21, finding 9):
notices never cover the current question or the speaker line; the keep/ask mode and the clock
are never cut by a long speaker line; every question is reachable on the rail; the footer says
how to quit; the roster's columns fit."""

from __future__ import annotations

import datetime as dt

from textual.widgets._toast import Toast

from facilitator.core.models import ParticipantIn
from facilitator.tui.app import FacilitatorApp

from .test_capture import open_capture, settle
from .test_capture_snapshots import LONG_NAME


async def test_a_notice_never_covers_the_question_or_the_speaker_line(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_capture(pilot, app)
        for i in range(3):  # notices pile up
            app.notify(f"Moved to Q3: now Q3-00{i} (ctrl+r undoes).", timeout=30)
        await settle(pilot, lambda: len(screen.query(Toast)) == 3)
        toasts = list(screen.query(Toast))
        assert toasts
        kept = [screen.query_one(f"#{name}").region for name in ("question-bar", "question-text", "speaker-line",
                                                                 "composer")]
        for toast in toasts:
            for region in kept:
                assert not toast.region.overlaps(region), (toast.region, region)


async def test_a_long_speaker_line_never_cuts_keep_or_ask_nor_the_clock(store, sahel):
    t = [dt.datetime(2023, 3, 11, 15, 0, tzinfo=dt.timezone.utc)]
    app = FacilitatorApp(store=store, session_id=sahel)
    app.clock = lambda: t[0]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        pid = store.add_participant(ParticipantIn(name=LONG_NAME, stakeholder_group="Parliament"))
        screen.speakers.load()
        screen.floor.give(pid)
        await pilot.pause()
        t[0] += dt.timedelta(minutes=12, seconds=34)  # the clock beside the line grows
        screen.clocks.tick()
        await pilot.pause()
        await pilot.pause()
        line = screen.query_one("#speaker-line")
        bar, clock = screen.query_one("#speaker"), screen.query_one("#speaker-clock")
        assert str(clock.render()).strip() == "speaking 12 min 34 s"
        text = str(bar.render())
        assert text.endswith("· keeps") and "…" in text  # the name is cut, keeps is whole
        assert bar.region.right <= clock.region.x and clock.region.right <= line.region.right
        assert len(text) <= bar.region.width


async def test_every_question_is_reachable_on_the_rail(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        rail = screen.rail
        assert rail.size.height < len(screen.questions)  # 14 questions do not fit at 80x24
        for _ in range(len(screen.questions) - 1):
            await pilot.press("f6")
            await pilot.pause()
            top = int(rail.scroll_y)
            assert top <= screen.question_index < top + rail.size.height  # the current one is in view


async def test_the_footer_says_how_to_quit(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        shown = {b.binding.id for b in screen.active_bindings.values() if b.binding.show and b.enabled}
        assert "capture.quit" in shown


async def test_the_roster_columns_fit_at_80x24(store, sahel):
    store.add_participant(ParticipantIn(name="His Excellency Dr. Mohamed Ould Abdallahi",
                                        organization="Economic Community of West African States Parliament",
                                        stakeholder_group="UN / international organization", country="Mauritania"))
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_roster(sahel)
        await pilot.pause()
        await pilot.pause()
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        widths = [c.get_render_width(table) for c in table.columns.values()]
        assert sum(widths) <= table.size.width  # every column on screen, the group and the country too
        assert [str(c.label) for c in table.columns.values()][-3:] == ["Group", "Country", "Said"]


async def test_ctrl_b_flags_the_one_just_saved_after_a_stray_escape(store, sahel):
    """Finding 10: after a stray escape (back to the sessions, enter to come back), ctrl+b no
    longer flagged the contribution just saved."""
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+f")
        screen.composer.insert("We recommend a budget line for oversight.")
        await pilot.press("enter")
        await settle(pilot, lambda: store.contributions(sahel))
        await pilot.press("escape")  # the stray one: back to the sessions
        await pilot.pause()
        await pilot.press("enter")  # and back
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+b")
        await pilot.pause()
    [c] = store.contributions(sahel)
    assert c.proposed
