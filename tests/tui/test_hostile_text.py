"""User text is never markup: every screen shown with names, titles, contributions, labels,
recommendations and file names written to look like Textual/Rich markup, with backslashes and
bidi controls. Each must appear on screen exactly as typed, and nothing in it may run (the app
is still there afterwards; a ``[@click=app.quit]`` that became a link would quit it)."""

from __future__ import annotations


import pytest

from facilitator.core.agenda import load_agenda
from facilitator.core.models import ContributionIn, ParticipantIn
from facilitator.core.review import Review
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.capture import CaptureScreen

from .screen_text import screen_text
from .test_capture import settle

NAME_1 = "Bad [/x] Name"
NAME_2 = "[@click=app.quit]Quit[/]"
NAME_3 = r"Dr. [b]Bold[/b] Back\slash"
ORG = "[red]Red Org[/red]"
GROUP = "[i]Group[/i]"
TITLE = "Panel [@click=app.quit]now[/] [b]x[/b]"
QUESTION = "What [/x] about [b]this[/b] question?"
TEXT_1 = r"We need [bold red]budgets[/] and \[escaped] oversight"
TEXT_2 = "Press [@click=app.quit]here[/] to win"
TEXT_3 = "Bidi \u202eevil\u202c and [/] end"
LABEL = "Theme [/x] [b]one[/b]"
REC = "We recommend [@click=app.bell]joint[/] patrols"
ADDRESSEE = "[b]Parliaments[/b]"

AGENDA = f"""# {TITLE}

- Date: 2023-03-11
- Time: 14:30–17:30
- Languages: en

## Guiding questions

1. {QUESTION}
2. A plain second question?
"""


@pytest.fixture
def hostile(store, tmp_path):
    agenda = tmp_path / "hostile.md"
    agenda.write_text(AGENDA, encoding="utf-8")
    session, text = load_agenda(agenda)
    sid = store.create_session(session, agenda_text=text)
    assert store.session(sid).title == TITLE
    p1 = store.add_participant(ParticipantIn(name=NAME_1, organization=ORG, stakeholder_group=GROUP))
    p2 = store.add_participant(ParticipantIn(name=NAME_2, organization="Plain org", stakeholder_group="Parliament"))
    p3 = store.add_participant(ParticipantIn(name=NAME_3, stakeholder_group="Civil society"))
    q1 = store.question_id(sid, 1)
    ids = [store.add_contribution(ContributionIn(session_id=sid, question_id=q1, participant_id=p, text=t)).id
           for p, t in ((p1, TEXT_1), (p2, TEXT_2), (p3, TEXT_3))]
    review = Review(store, sid, None)
    kid = review.new_cluster(LABEL, ids)
    rid = review.add_recommendation(REC, cluster_id=kid)
    review.update_recommendation(rid, addressed_to=ADDRESSEE)
    return sid


def _shows(app, *texts: str) -> None:
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} is not on screen as typed:\n{shown}"


async def _still_running(app, pilot) -> None:
    await pilot.pause()
    assert app.is_running and app.return_code is None


async def test_capture_home_roster_and_pickers_show_hostile_text_as_typed(store, hostile):
    app = FacilitatorApp(store=store, session_id=hostile)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        _shows(app, TITLE, QUESTION, TEXT_1, TEXT_2, "Bidi ", " and [/] end", NAME_1, NAME_2, NAME_3)
        # the speaker picker lists the names as typed
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("B", "a", "d")
        await pilot.pause()
        _shows(app, NAME_1)
        await pilot.press("enter")
        await pilot.pause()
        _shows(app, NAME_1)  # in the speaker line
        # a new participant with markup in the name: the group question shows the name as typed
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen.picker.paste("New [/y] Person")  # as a paste in the composer gives it to the picker
        await pilot.pause()
        _shows(app, "New [/y] Person")
        await pilot.press("enter")
        await settle(pilot, lambda: "Their stakeholder group" in screen_text(app))
        _shows(app, "Add New [/y] Person to the roster? Their stakeholder group")
        await pilot.press("escape")
        await _still_running(app, pilot)
        # a contribution edited in the composer
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("up", "up")
        await pilot.press("ctrl+e")
        await pilot.pause()
        _shows(app, NAME_1, TEXT_1)
        await pilot.press("escape")
        await pilot.pause()
        # the roster
        app.open_roster()
        await pilot.pause()
        _shows(app, NAME_1, NAME_2, NAME_3, ORG, GROUP)
        await pilot.press("escape")
        await pilot.pause()
        # the sessions list
        await pilot.press("escape")
        await pilot.pause()
        _shows(app, TITLE)
        await _still_running(app, pilot)


async def test_review_search_overview_and_export_show_hostile_text_as_typed(store, hostile, tmp_path, monkeypatch):
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.open_review(hostile, None)
        await pilot.pause()
        await settle(pilot, lambda: LABEL in screen_text(app))
        _shows(app, LABEL, REC)
        await pilot.press("down", "down")
        await pilot.pause()
        await _still_running(app, pilot)
        shown = screen_text(app)
        assert ADDRESSEE in shown or TEXT_1 in shown or NAME_1 in shown, shown
        app.pop_screen()
        await pilot.pause()

        app.open_search(hostile)
        await pilot.pause()
        app.focused.insert_text_at_cursor("budgets")
        await settle(pilot, lambda: "[bold red]budgets[/]" in screen_text(app))  # the results (a worker's)
        _shows(app, "[bold red]budgets[/]")
        app.pop_screen()
        await pilot.pause()

        app.open_overview(hostile)
        await pilot.pause()
        await pilot.press("3")
        await settle(pilot, lambda: NAME_1 in screen_text(app))  # the figures come from a worker
        _shows(app, NAME_1)
        app.pop_screen()
        await pilot.pause()

        monkeypatch.chdir(tmp_path)
        (tmp_path / "exports").mkdir()
        app.open_export(hostile)
        await settle(pilot, lambda: "Export summary" in screen_text(app))
        _shows(app, "Panel [@click=app.quit]now[/]")
        await _still_running(app, pilot)


async def test_merge_screen_shows_file_names_as_typed(store, hostile, tmp_path, monkeypatch):
    from facilitator.core.export import export_session

    folder = tmp_path / "exports"
    folder.mkdir()
    odd = folder / "[@click=app.quit]r[b].md"
    odd.write_text(export_session(store, hostile), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        app.open_merge()
        await settle(pilot, lambda: "Markdown file(s) in" in screen_text(app))  # the folder is listed
        _shows(app, "[@click=app.quit]r[b].md")
        await _still_running(app, pilot)


async def test_notifications_are_plain_text(store, hostile, monkeypatch):
    """A notification never parses markup, whoever calls it (screens quote names and files)."""
    from textual.app import App

    seen = []
    real = App.notify

    def spy(self, message, **kwargs):
        seen.append((message, kwargs))
        return real(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", spy)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.screen.notify(f"{NAME_1} added", title=NAME_2)
        await pilot.pause()
        await _still_running(app, pilot)
    assert seen and all(kwargs.get("markup") is False for _, kwargs in seen), seen
