"""The panel an agenda may list: parsed, refused with its line when malformed, and put on the
roster (once) when a session is made, from the CLI and from the home screen."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from facilitator.core.agenda import create_session, load_agenda, parse_agenda
from facilitator.core.errors import AgendaError
from facilitator.core.models import ParticipantIn

from .conftest import SAHEL_AR, SAHEL_EN, db_fingerprint

BASE = """# A panel

- Date: 2024-05-02

## Guiding questions

1. First question?

## Panel

- Hon. Ramatou Issa Garba
    - title: Chair, Defence and Security Committee
    - organization: National Assembly of Niger
    - group: Parliament
    - country: Niger
- Dr. Nadia Benmoussa
    - group: Academia / expert
"""


def test_the_panel_is_read_with_its_fields():
    s = parse_agenda(BASE, "p.md")
    assert [(p.name, p.title, p.organization, p.stakeholder_group, p.country) for p in s.panel] == [
        ("Hon. Ramatou Issa Garba", "Chair, Defence and Security Committee", "National Assembly of Niger", "Parliament", "Niger"),
        ("Dr. Nadia Benmoussa", None, None, "Academia / expert", None),
    ]


def test_an_agenda_without_a_panel_has_none():
    s = parse_agenda(BASE.split("## Panel")[0], "p.md")
    assert s.panel == []


def test_french_and_arabic_keys_and_headings():
    fr = BASE.replace("## Panel", "## Intervenants").replace("title:", "fonction:").replace(
        "organization:", "organisation:").replace("group:", "groupe:").replace("country:", "pays:")
    ar = BASE.replace("## Panel", "## المتحدثون").replace("title:", "الصفة:").replace(
        "organization:", "المنظمة:").replace("group:", "الفئة:").replace("country:", "البلد:")
    assert parse_agenda(fr).panel == parse_agenda(BASE).panel == parse_agenda(ar).panel


@pytest.mark.parametrize(
    "text, line, words",
    [
        (BASE.replace("- Dr. Nadia Benmoussa", "- Hon. RAMATOU Issa Garba"), 16, "already on the panel (line 11)"),
        (BASE.replace("    - group: Academia / expert", "    - colour: blue"), 17, "unknown key 'colour' under a panelist"),
        (BASE.replace("    - group: Academia / expert", "    - just some words"), 17, "expected 'Key: value' under a panelist"),
        (BASE.replace("    - country: Niger", "    - country: Niger\n    - pays: Mali"), 16, "given twice"),
        (BASE.replace("    - country: Niger", "    - country:"), 15, "empty 'country'"),
        (BASE.replace("- Dr. Nadia Benmoussa", "- title: Senior Researcher"), 16, "expected a name"),
        (BASE.replace("- Dr. Nadia Benmoussa\n    - group: Academia / expert\n", "- Dr. Nadia Benmoussa\n\nSome words.\n\n- Mr. X\n"),
         20, "a second list under the panel"),
        (BASE.replace("## Panel", "## Panel\n\nNobody yet.\n\n## Panelists"), 13, "a second panel heading"),
        (BASE.split("- Hon.")[0] + "To be confirmed.\n", 9, "the panel heading has no list"),
        (BASE.replace("- Dr. Nadia Benmoussa", "- " + "N" * 201), 16, "panelist name"),
    ],
)
def test_a_malformed_panel_is_refused_with_its_line(text, line, words, tmp_path):
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgendaError) as info:
        load_agenda(path)
    message = str(info.value)
    assert words in message
    assert message.startswith(f"{path}:{line}: ")


def test_the_two_shipped_agendas_list_the_same_panel():
    en, _ = load_agenda(SAHEL_EN)
    ar, _ = load_agenda(SAHEL_AR)
    assert 8 <= len(en.panel) <= 12
    assert en.panel == ar.panel
    groups = {p.stakeholder_group for p in en.panel}
    assert {"Parliament", "UN / international organization", "Civil society", "Academia / expert",
            "Security sector", "Youth"} <= groups
    assert all(p.title and p.organization for p in en.panel)


def test_making_a_session_puts_the_panel_on_the_roster_once(store):
    session, text = load_agenda(SAHEL_EN)
    first = create_session(store, session, text)
    assert len(first.added) == len(session.panel) and first.known == []
    names = sorted(p.name for p in store.participants())
    assert names == sorted(p.name for p in session.panel)
    ramatou = store.participant(store.find_participants("Hon. Ramatou Issa Garba")[0])
    assert (ramatou.organization, ramatou.stakeholder_group, ramatou.country) == ("National Assembly of Niger", "Parliament", "Niger")
    # the Arabic agenda lists the same people: a second session adds nobody
    session_ar, text_ar = load_agenda(SAHEL_AR)
    second = create_session(store, session_ar, text_ar)
    assert second.added == [] and len(second.known) == len(session.panel)
    assert sorted(p.name for p in store.participants()) == names
    assert len(store.sessions()) == 2


def test_a_name_on_the_roster_is_neither_duplicated_nor_changed(store):
    pid = store.add_participant(ParticipantIn(name="hon. ramatou issa garba", organization="Hand-typed"))
    session = parse_agenda(BASE, "p.md")
    made = create_session(store, session)
    assert made.known == ["Hon. Ramatou Issa Garba"] and made.added == ["Dr. Nadia Benmoussa"]
    assert store.participant(pid).organization == "Hand-typed"
    assert len(store.participants()) == 2


def test_a_failed_session_adds_no_panelist(store, db_path, monkeypatch):
    session = parse_agenda(BASE, "p.md")
    before = db_fingerprint(db_path)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "add_participant", broken)
    with pytest.raises(RuntimeError):
        create_session(store, session)
    assert db_fingerprint(db_path) == before


def test_cli_new_puts_the_panel_on_the_roster(run_cli):
    status, out, err = run_cli("new", SAHEL_EN)
    assert status == 0, err
    assert "9 panelists added to the roster" in err
    status, out, err = run_cli("new", SAHEL_AR)
    assert status == 0, err
    assert "9 panelists already on the roster" in err
    status, out, _ = run_cli("roster")
    assert out.count("Ramatou") == 1 and "Hélène Ravoahangy" in out


async def test_home_new_session_puts_the_panel_on_the_roster(store, monkeypatch):
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.capture import CaptureScreen

    messages: list[str] = []  # as told (a notification on screen goes away after a few seconds)
    real = FacilitatorApp.notify

    def told(self, message, **kwargs):
        messages.append(message)
        return real(self, message, **kwargs)

    monkeypatch.setattr(FacilitatorApp, "notify", told)
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        for query in ("sahel 2023.md", "sahel 2023.ar"):
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one(Input).insert_text_at_cursor(query)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, CaptureScreen)
            await pilot.press("escape")
            await pilot.pause()
        assert len(store.sessions()) == 2
        panel, _ = load_agenda(SAHEL_EN)
        assert sorted(p.name for p in store.participants()) == sorted(p.name for p in panel.panel)
        assert any("added to the roster" in m for m in messages), messages


_word = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12
)
_phrase = st.lists(_word, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(people=st.lists(
    st.tuples(_phrase, st.one_of(st.none(), _phrase), st.one_of(st.none(), _phrase), st.one_of(st.none(), _phrase)),
    min_size=1, max_size=8, unique_by=lambda p: p[0].casefold(),
))
def test_written_panels_parse_back(people):
    lines = ["# Generated", "", "- Date: 2025-01-31", "", "## Guiding questions", "", "1. Why?", "", "## Panel", ""]
    for name, title, org, group in people:
        lines.append(f"- {name}")
        for key, value in (("title", title), ("organization", org), ("group", group)):
            if value:
                lines.append(f"    - {key}: {value}")
    panel = parse_agenda("\n".join(lines) + "\n", "gen.md").panel
    import unicodedata

    nfc = lambda v: unicodedata.normalize("NFC", v) if v else v  # noqa: E731
    assert [(p.name, p.title, p.organization, p.stakeholder_group) for p in panel] == [
        (nfc(n), nfc(t), nfc(o), nfc(g)) for n, t, o, g in people
    ]


def test_an_installed_copy_offers_the_packaged_agenda(tmp_path, monkeypatch):
    """Without a sessions/ folder (pipx, uv tool), n still offers the Sahel agenda; in a
    checkout it is not listed twice."""
    from facilitator import samples
    from facilitator.tui.screens import home

    in_checkout = home.agenda_files()
    assert samples.path(samples.AGENDA) not in in_checkout
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(home, "agenda_folders", lambda: [])
    assert home.agenda_files() == [samples.path(samples.AGENDA)]
