"""Speech never becomes a label (issue 21, findings 4 and 6): a sentence typed where a name or a
stakeholder group is asked is kept as what was said, never stored as a label; one check of a
stakeholder group, in the core, on every path (the CLI, files, the roster, the app)."""

from __future__ import annotations

import pytest

from facilitator.core.errors import FacilitatorError
from facilitator.core.models import ParticipantIn
from facilitator.tui.app import FacilitatorApp

from ..conftest import db_fingerprint
from .test_capture import open_capture, rows, settle

SPEECH = "We must vote the security budget line by line and publish it every year"


def _keys(text: str) -> list[str]:
    names = {" ": "space", ".": "full_stop", ",": "comma", "'": "apostrophe"}
    return [names.get(ch, ch) for ch in text]


async def test_speech_typed_where_the_group_is_asked_is_what_the_new_speaker_said(store, sahel):
    """Finding 4: letters that match nobody, enter, then the speech: the sentence was stored as
    the new participant's group and no contribution was saved (it showed as a group in the
    overview and both exports)."""
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+o", *_keys("Ngarta Ibrahim"), "enter")  # a new name: the group is asked
        await pilot.pause()
        assert screen.picker.is_open and "stakeholder group" in screen.picker.title
        await pilot.press(*_keys(SPEECH), "enter")  # the rapporteur goes on typing what is said
        await settle(pilot, lambda: not screen.picker.is_open)
        assert screen.composer.text == SPEECH  # what was said is in the composer
        await pilot.press("enter")
        await settle(pilot, lambda: rows(store, sahel))
    [person] = [p for p in store.participants() if p.name == "Ngarta Ibrahim"]
    assert person.stakeholder_group is None
    assert rows(store, sahel) == [(1, "Ngarta Ibrahim", SPEECH)]


async def test_speech_typed_in_the_speaker_picker_is_never_a_name(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+f", "ctrl+o", *_keys("We must vote the budget."), "enter")
        await settle(pilot, lambda: not screen.picker.is_open)
        assert screen.composer.text == "We must vote the budget."
        # escape in a picker keeps typed speech too
        await pilot.press("ctrl+o", *_keys(" And publish it, every year, line by line"), "escape")
        await settle(pilot, lambda: not screen.picker.is_open)
        assert screen.composer.text == "We must vote the budget. And publish it, every year, line by line"
        # a few letters that filter are a filter, not speech: escape drops them
        await pilot.press("ctrl+o", "a", "m", "escape")
        await pilot.pause()
        assert screen.composer.text.endswith("line by line")
    assert store.participants() == []


async def test_a_new_group_typed_in_the_picker_goes_through_the_one_check(store, sahel):
    app = FacilitatorApp(store=store, session_id=sahel)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_capture(pilot, app)
        await pilot.press("ctrl+o", *_keys("Awa Sy"), "enter")
        await pilot.pause()
        await pilot.press(*_keys("ONG"), "enter")  # French for NGO: an alias of "Civil society"
        await settle(pilot, lambda: not screen.picker.is_open)
    assert [(p.name, p.stakeholder_group) for p in store.participants()] == [("Awa Sy", "Civil society")]


@pytest.mark.parametrize("given, stored", [("UN", "UN / international organization"),
                                           ("société civile", "Civil society"), ("MPs", "Parliament")])
def test_add_group_is_checked_as_every_other_path(run_cli, store, sahel, given, stored):
    """Finding 6: ``add --group UN`` and ``add --group "société civile"`` were stored as typed,
    while ``add --from`` and the roster import normalised them: two groups in the overview."""
    status, _out, err = run_cli("add", sahel, "--question", "1", "--speaker", "Hon. Moussa Keïta", "--group", given,
                                "Something said.")
    assert status == 0, err
    assert [p.stakeholder_group for p in store.participants()] == [stored]


def test_add_refuses_an_unknown_group_unless_told_and_a_sentence_as_a_name(run_cli, store, sahel):
    before = db_fingerprint(store.path)
    status, _out, err = run_cli("add", sahel, "-q", "1", "--speaker", "A Person", "--group", "Friends of X", "Said.")
    assert status == 2 and "unknown stakeholder group" in err and "--new-groups" in err
    status, _out, err = run_cli("add", sahel, "-q", "1", "--speaker", SPEECH, "Said.")
    assert status == 2 and "reads like a sentence" in err
    assert db_fingerprint(store.path) == before
    status, _out, err = run_cli("add", sahel, "-q", "1", "--speaker", "A Person", "--group", "Friends of X",
                                "--new-groups", "Said.")
    assert status == 0, err
    assert [p.stakeholder_group for p in store.participants()] == ["Friends of X"]


def test_the_store_checks_every_participant_it_writes(store):
    """Every path writes participants through the store (the roster import, the agenda's panel,
    the app's pickers and forms, an import of an export): a sentence is refused unless
    confirmed; a known group's alias is written as the group."""
    with pytest.raises(FacilitatorError, match="reads like a sentence"):
        store.add_participant(ParticipantIn(name="Awa Sy", stakeholder_group=SPEECH))
    with pytest.raises(FacilitatorError, match="reads like a sentence"):
        store.add_participant(ParticipantIn(name="What about the youth?"))
    pid = store.add_participant(ParticipantIn(name="Awa Sy", stakeholder_group="ngo"))
    assert store.participant(pid).stakeholder_group == "Civil society"
    pid2 = store.add_participant(ParticipantIn(name="Long Title", title=SPEECH + " " + SPEECH), confirmed=True)
    assert store.participant(pid2).title.startswith("We must")
    store.update_participant(pid2, country="Mali")  # an edit of another field does not trip on the title
    assert store.participant(pid2).country == "Mali"


def test_the_roster_import_refuses_a_sentence_with_its_line(store, tmp_path):
    from facilitator.core.roster import import_roster, read_roster

    path = tmp_path / "roster.csv"
    path.write_text(f"name,group\nAwa Sy,CSO\nHon. Moussa Keïta,\"{SPEECH}\"\n", encoding="utf-8")
    before = db_fingerprint(store.path)
    with pytest.raises(FacilitatorError, match=r"roster.csv:3"):
        import_roster(store, read_roster(path), path, new_groups=True)
    assert db_fingerprint(store.path) == before


async def test_the_participant_form_asks_before_keeping_a_sentence(store):
    from textual.widgets import Input

    from facilitator.tui.screens.dialogs import LabelCheckScreen
    from facilitator.tui.screens.participant_form import ParticipantFormScreen

    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_roster()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantFormScreen)
        form.query_one("#f-name", Input).value = "Awa Sy"
        form.query_one("#f-stakeholder_group", Input).value = SPEECH
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, LabelCheckScreen))
        assert isinstance(app.screen, LabelCheckScreen)
        await pilot.press("n")  # no: back to the form, nothing written
        await settle(pilot, lambda: app.screen is form)
        assert store.participants() == []
        form.query_one("#f-stakeholder_group", Input).value = "Civil society"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [(p.name, p.stakeholder_group) for p in store.participants()] == [("Awa Sy", "Civil society")]


def test_a_label_reads_like_a_sentence_by_its_words_not_its_length_alone():
    """A group or name is speech when it has the words or the length of a sentence; one long
    word is no sentence (the hard limits of core/limits.py bound it, on every path)."""
    from facilitator.core.vocab import label_problem

    assert label_problem("group", "g" * 500) is None
    assert label_problem("group", "the budget lines of the defence " + "x" * 40)  # 7 words
    assert "characters" in label_problem("group", "Organizations of the region " + "y" * 30)  # 4 words, 58 characters
    assert label_problem("name", "Hon. Aminata Traoré") is None
