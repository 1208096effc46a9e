"""Snapshots of the home screen (the sessions) at 80x24 and at a wide size."""

from __future__ import annotations

from facilitator.core.agenda import load_agenda
from facilitator.tui.app import FacilitatorApp
from tests.conftest import SAHEL_AR


def test_home_80x24(snap_compare, store, sahel):
    session, text = load_agenda(SAHEL_AR)
    store.create_session(session, agenda_text=text)
    assert snap_compare(FacilitatorApp(store=store), terminal_size=(80, 24))


def test_home_wide(snap_compare, store, sahel):
    assert snap_compare(FacilitatorApp(store=store), terminal_size=(140, 40))


def test_home_empty_80x24(snap_compare, store):
    assert snap_compare(FacilitatorApp(store=store), terminal_size=(80, 24))
