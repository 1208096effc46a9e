"""Arabic reads right wherever a rapporteur looks (issue 25): one display path for user text.

With the Arabic display on, no screen shows an Arabic letter in its unjoined, logical form: every
name, title, contribution, label and message goes through ``tui.plain`` / ``tui.bidi`` (shaped
letters are presentation forms, U+FB50-U+FEFF; a base letter, U+0621-U+064A, on screen is
Arabic that took another path). Text boxes where Arabic is typed are left out: a one-line
``Input`` keeps the logical order (the composer and the recommendation editor do not: see
``test_arabic_composer.py``).

Also here: the speaker picker (finding 2), the mode switched from the palette on every screen at
once (finding 4), Arabic paragraphs flush right (finding 5), and the mode kept between runs.
"""

from __future__ import annotations

import datetime as dt
import re

import arabic_reshaper
import pytest
from bidi.algorithm import get_display
from textual.widgets import Input

from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.tui import bidi
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.commands import FacilitatorCommands
from facilitator.tui.screens.capture import CaptureScreen
from facilitator.tui.widgets.composer import Composer
from facilitator.tui.widgets.contribution_stream import ContributionStream
from facilitator.tui.widgets.inline_picker import PickerList
from facilitator.tui.widgets.question_header import QuestionText

from ..conftest import SAHEL_AR
from .screen_text import screen_lines
from .test_capture import settle

NOW = dt.datetime(2023, 3, 11, 15, 10, tzinfo=dt.timezone.utc)
UNSHAPED = re.compile("[\u0621-\u063f\u0641-\u064a]")  # Arabic letters as stored (not tatweel)

LEILA = "ليلى حسن"
OMAR = "عمر الحداد"
LONG = ("المجتمعات المحلية أولاً: لا أمن بدون ثقة، ولا ثقة بدون مشاركة حقيقية للشباب والنساء في لجان "
        "الدفاع والأمن في كل بلدان الساحل، ومع مكتب UNODC.")


def reference(line: str, base: str | None = None) -> str:
    return get_display(arabic_reshaper.reshape(line), base_dir=base or bidi.base_direction(line))


@pytest.fixture
def arabic(store, monkeypatch):
    """The Arabic agenda with Arabic speakers, contributions, a cluster and a recommendation."""
    for var in ("FACILITATOR_BIDI", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM", "VTE_VERSION", "TMUX"):
        monkeypatch.delenv(var, raising=False)
    before = bidi.get_mode()
    session, text = load_agenda(SAHEL_AR)
    sid = store.create_session(session, agenda_text=text)
    # a group of its own, kept as typed (برلمان would be the known Parliament, as on every path)
    leila = store.add_participant(ParticipantIn(name=LEILA, organization="مجلس النواب", stakeholder_group="لجنة الدفاع",
                                                country="النيجر"))
    omar = store.add_participant(ParticipantIn(name=OMAR, stakeholder_group="المجتمع المدني"))
    q1 = store.question_id(sid, 1)
    ids = [store.add_contribution(ContributionIn(session_id=sid, question_id=q1, participant_id=p, text=t)).id
           for p, t in ((leila, "يجب تعزيز الرقابة البرلمانية على القوات المسلحة (Q3)."), (omar, LONG),
                        (leila, "نحتاج إلى Budget 2023 شفاف ومتابعة كل سطر منه"))]
    review = Review(store, sid, None)
    kid = review.new_cluster("الرقابة البرلمانية", ids)
    rid = review.add_recommendation("على البرلمانات نشر ميزانية الدفاع بندا بندا", cluster_id=kid)
    review.update_recommendation(rid, addressed_to="برلمانات الساحل")
    # a recommendation resting on one stakeholder group: the review's warning names the group
    review.add_recommendation("تخصيص بند للشباب في كل ميزانية", cluster_id=review.new_cluster("الشباب", ids[2:]))
    store.set_setting(f"capture.speaker.{sid}", leila)
    yield sid
    bidi.set_mode(before)


def make_app(store, mode: str | None = "on") -> FacilitatorApp:
    app = FacilitatorApp(store=store, bidi=mode)
    app.clock = lambda: NOW
    return app


def unshaped(app) -> list[str]:
    """Screen lines holding Arabic as stored, but for the text boxes' own lines (``Input``)."""
    boxes = [w.value for w in app.screen.query(Input) if w.display]
    return [line for line in screen_lines(app) if UNSHAPED.search(line) and not any(b and b in line for b in boxes)]


def shows(app, text: str) -> bool:
    return any(text in line for line in screen_lines(app))


async def test_no_screen_shows_arabic_unshaped(store, arabic, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert unshaped(app) == [], "sessions"
        app.open_session(arabic)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert unshaped(app) == [], "capture"
        # the speaker picker, with Arabic letters typed to filter it
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert unshaped(app) == [], "speaker picker"
        screen.picker.paste("لي")
        await pilot.pause()
        assert shows(app, reference(LEILA)) and unshaped(app) == [], "speaker picker, Arabic typed"
        await pilot.press("escape")
        # a new participant: the stakeholder group question, with Arabic groups
        await pilot.press("ctrl+o")
        screen.picker.paste("سالم")
        await pilot.press("enter")
        await settle(pilot, lambda: "stakeholder group" in "\n".join(screen_lines(app)))
        assert unshaped(app) == [], "stakeholder groups"
        await pilot.press("escape")
        # the questions (ctrl+g), the list of entries, an entry edited
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert unshaped(app) == [], "question picker"
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        assert unshaped(app) == [], "list"
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert unshaped(app) == [], "editing"
        await pilot.press("escape")
        # the queue's message (a notification) names an Arabic speaker
        await pilot.press("ctrl+o")
        screen.picker.paste("عمر")
        await pilot.press("tab")
        await pilot.pause()
        assert unshaped(app) == [], "notification"
        # the roster
        app.open_roster(arabic)
        await pilot.pause()
        assert shows(app, reference(LEILA)) and unshaped(app) == [], "roster"
        app.pop_screen()
        await pilot.pause()
        # the review: the tree, a cluster, its recommendation
        app.open_review(arabic)
        await settle(pilot, lambda: shows(app, reference("الرقابة البرلمانية")))
        for _ in range(3):
            assert unshaped(app) == [], "review"
            await pilot.press("down")
            await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        # search, overview, export's preview, help, the quit question with Arabic unsaved
        app.open_search(arabic)
        await pilot.pause()
        app.focused.insert_text_at_cursor("UNODC")
        await settle(pilot, lambda: shows(app, "UNODC") and "1 match" in "\n".join(screen_lines(app)))
        assert unshaped(app) == [], "search"
        app.pop_screen()
        await pilot.pause()
        app.open_overview(arabic)
        await pilot.pause()
        for tab in "13":
            await pilot.press(tab)
            await pilot.pause()
            assert unshaped(app) == [], f"overview tab {tab}"
        app.pop_screen()
        await pilot.pause()
        app.open_export(arabic)
        await settle(pilot, lambda: shows(app, reference("على البرلمانات نشر ميزانية الدفاع بندا بندا")[:20]))
        assert unshaped(app) == [], "export preview"
        app.pop_screen()
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert unshaped(app) == [], "help"
        await pilot.press("escape")
        await pilot.pause()
        from facilitator.tui.screens.confirm import ConfirmScreen

        # a dialog quoting what was typed (the app's quit question is made this way)
        app.push_screen(ConfirmScreen("Quit with unsaved text?", "1 text not saved in the database:\n  “نص لم يحفظ بعد”"))
        await pilot.pause()
        assert shows(app, reference("نص لم يحفظ بعد")) and unshaped(app) == [], "dialog"


async def test_the_speaker_picker_shows_names_shaped_right_to_left(store, arabic):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(arabic)
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        lines = [str(app.screen.query_one(PickerList).get_option_at_index(i).prompt)
                 for i in range(app.screen.query_one(PickerList).option_count)]
        leila = next(line for line in lines if reference(LEILA) in line)
        # the name, then its organization, group and country, each reading right to left in its place
        assert leila.index(reference(LEILA)) < leila.index(reference("مجلس النواب")) < leila.index(reference("لجنة الدفاع"))
        assert not any(UNSHAPED.search(line) for line in lines)


async def test_arabic_display_switched_in_the_palette_redraws_every_screen_at_once(store, arabic):
    app = make_app(store, None)  # auto: on in this terminal
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_session(arabic)
        await pilot.pause()
        capture = app.screen
        composer = capture.query_one(Composer)
        composer.insert("نقترح دعم UNODC")
        await pilot.pause()
        assert shows(app, reference("نقترح دعم UNODC"))
        app.open_search(arabic)  # the switch is made on another screen, over the capture screen
        await pilot.pause()
        commands = {title: callback for title, _, callback in FacilitatorCommands(app.screen)._commands()}
        commands["Arabic display: on (now auto)"]()
        await pilot.pause()
        commands = {title: callback for title, _, callback in FacilitatorCommands(app.screen)._commands()}
        commands["Arabic display: off (now on)"]()  # a terminal that reorders by itself
        await pilot.pause()
        assert app.bidi_mode == "off" and store.get_setting("bidi") == "off"
        app.pop_screen()
        await pilot.pause()
        assert app.screen is capture
        # everything on the capture screen is in logical order now, at once: the question, the
        # stream, the speaker line, the composer
        text = "\n".join(screen_lines(app))
        assert UNSHAPED.search(text)
        assert "نقترح دعم UNODC" in text  # the composer
        assert LEILA in text  # the speaker line and the stream
        question = capture.query_one(QuestionText).question
        assert question is not None and question.text.split()[0] in text
        assert reference("نقترح دعم UNODC") not in text
        # and back, again everywhere at once
        commands = {title: callback for title, _, callback in FacilitatorCommands(capture)._commands()}
        commands["Arabic display: auto (now off)"]()
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert not [line for line in text.splitlines() if UNSHAPED.search(line)]
        assert reference("نقترح دعم UNODC") in text
    # kept between runs
    assert bidi.configure(store) == "auto"
    app2 = make_app(store, None)
    assert app2.bidi_mode == "auto"


async def test_arabic_paragraphs_are_flush_right(store, arabic):
    """A wrapped Arabic contribution ends each line at the right edge, its short last line too;
    so does the guiding question."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(arabic)
        await pilot.pause()
        stream = app.screen.query_one(ContributionStream)
        prompt = stream.get_option(next(c.id for c in stream.entries.values() if c.text == LONG)).prompt
        body = str(prompt).split("\n")[1:]
        assert len(body) >= 2
        assert len({len(line) for line in body}) == 1  # each line padded to end at the same column
        assert body[-1].startswith(" " * 10)  # the short last line sits on the right
        question = app.screen.query_one(QuestionText)
        lines = [question.render_line(y).text for y in range(question.size.height)]
        filled = [line for line in lines if line.strip()]
        assert filled and all(line.rstrip() == line for line in filled)  # each ends at the right edge


# --- the follow-up (its screens came after the one display path: they join it) ------------------

TASK = "عقد جلسات استماع علنية في تيلابيري وغاو مع لجان الدفاع والأمن"
LEAD = "الجمعية الوطنية في النيجر"
PARTNER = "مكتب الأمم المتحدة المعني بالمخدرات"
UPDATE = "عقدت الجلسة الأولى في تيلابيري بحضور 120 شخصا، والثانية مؤجلة"
TYPED = "منعت الظروف الأمنية جلسة غاو"


@pytest.fixture
def arabic_followup(store, arabic):
    """The Arabic session's first recommendation agreed and carried out by an activity with an
    Arabic title, lead, partners and update."""
    from facilitator.core.followup.model import ActivityIn, ActorIn, UpdateIn
    from facilitator.core.followup.store import FollowUp

    follow = FollowUp(store)
    rid = follow.resolve_recommendation("R-001")
    Review(store, arabic, None).set_status(rid, "agreed")
    aid = follow.add_activity(ActivityIn(
        recommendation_id=rid, title=TASK, lead=ActorIn(name=LEAD, kind="parliament"),
        partners=[ActorIn(name=PARTNER), ActorIn(name=LEILA, kind="person")],
        start=dt.date(2023, 1, 10), due=dt.date(2023, 12, 31)))
    follow.add_update(UpdateIn(activity_id=aid, date=dt.date(2023, 3, 1), author=OMAR, text=UPDATE,
                               source="تقرير اللجنة", status="under way", progress=30), today=dt.date(2023, 3, 11))
    return aid


async def test_the_follow_up_screens_show_arabic_shaped(store, arabic_followup, tmp_path, monkeypatch):
    """The list, the timeline, the evidence, the history, the status picker, the update form (its
    text typed in Arabic), the activity form and the monitoring report: no Arabic unshaped."""
    from facilitator.tui.screens.followup import FollowUpScreen
    from facilitator.tui.screens.followup.forms import UpdateForm

    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_followup()
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen) and shows(app, reference(UPDATE)[-20:]))
        screen = app.screen
        assert shows(app, reference(TASK)[-30:]) and unshaped(app) == [], "list and timeline"
        await pilot.press("r")
        await settle(pilot, lambda: shows(app, "Evidence"))
        assert unshaped(app) == [], "recommendation and evidence"
        await pilot.press("r", "h")
        await pilot.pause()
        assert unshaped(app) == [], "history"
        await pilot.press("h", "s")
        await settle(pilot, lambda: shows(app, "Status of"))
        assert unshaped(app) == [], "status picker"
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
        await pilot.press("u")
        await settle(pilot, lambda: screen.pane.current == "followup-update")
        form = screen.query_one(UpdateForm)
        form.query_one("#ff-text").insert(TYPED)
        await pilot.pause()
        assert shows(app, reference(TYPED)) and unshaped(app) == [], "update form, Arabic typed"
        await pilot.press("escape")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
        await pilot.press("e")
        await settle(pilot, lambda: screen.pane.current == "followup-activity")
        assert unshaped(app) == [], "activity form"
        await pilot.press("escape")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
        app.open_monitoring_export()
        await settle(pilot, lambda: getattr(app.screen, "text", None) is not None
                     and shows(app, reference(UPDATE)[-20:]), timeout=30)
        assert unshaped(app) == [], "monitoring report"


async def test_the_follow_up_screen_follows_the_arabic_display(store, arabic_followup):
    from facilitator.tui.screens.followup import FollowUpScreen

    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_followup()
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen) and shows(app, reference(UPDATE)[-20:]))
        app.set_bidi_mode("off")
        await pilot.pause()
        assert shows(app, UPDATE[:20]) and shows(app, TASK[:20]) and not shows(app, reference(UPDATE)[-20:])
        app.set_bidi_mode("on")
        await pilot.pause()
        assert shows(app, reference(UPDATE)[-20:]) and unshaped(app) == []


@pytest.mark.parametrize("which", ["export", "monitoring"])
async def test_a_preview_is_laid_out_again_when_the_display_changes(store, arabic, arabic_followup, tmp_path,
                                                                    monkeypatch, which):
    """The export's and the monitoring report's previews (laid out in a worker) follow the
    Arabic display: in logical order once it is off, shaped and right to left again once on."""
    from facilitator.tui.preview import MarkdownPreview

    monkeypatch.setattr("facilitator.core.paths.exports_dir", lambda: tmp_path / "exports")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if which == "export":
            app.open_export(arabic)
            text = "على البرلمانات نشر ميزانية الدفاع بندا بندا"
        else:
            app.open_monitoring_export()
            text = UPDATE
        await settle(pilot, lambda: reference(text)[-20:] in app.screen.query_one(MarkdownPreview).plain, timeout=30)
        app.set_bidi_mode("off")
        await settle(pilot, lambda: text[:20] in app.screen.query_one(MarkdownPreview).plain, timeout=30)
        app.set_bidi_mode("on")
        await settle(pilot, lambda: reference(text)[-20:] in app.screen.query_one(MarkdownPreview).plain, timeout=30)
        assert unshaped(app) == []


async def test_a_closed_screen_that_follows_the_display_is_freed(store, arabic):
    """Following the Arabic display holds nothing alive: a closed search screen (which follows
    it) is freed at once, not when the display next changes."""
    import gc
    import weakref

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_search(arabic)
        await pilot.pause()
        closed = weakref.ref(app.screen)
        app.pop_screen()
        await pilot.pause()
        await pilot.pause()
        gc.collect()
        assert closed() is None
