"""The footer forgets the keys it no longer shows (tui/widgets/footer.py; Textual issue #6666:
Textual's own footer keeps every key it ever showed alive, through its ``compact`` binding)."""

from __future__ import annotations

import gc

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.review.nodes import ClusterNode, ContributionNode
from facilitator.tui.widgets.footer import Footer

from . import test_review
from .test_review import open_review, settle

panel = test_review.panel  # the review tests' fixture


def keys_alive() -> int:
    gc.collect()
    return sum(isinstance(o, FooterKey) for o in gc.get_objects())


class First(Input):
    BINDINGS = [Binding("f2", "noop", "First's key", id="first")]


class Second(Input):
    BINDINGS = [Binding("f3", "noop", "Second's key", id="second"), Binding("f4", "noop", "More", id="more")]


def focus_app(footer_class):
    class FocusApp(App):
        def compose(self) -> ComposeResult:
            yield First()
            yield Second()
            yield footer_class()

    return FocusApp()


async def shown_keys_after_focus_moves(footer_class, moves: int) -> int:
    app = focus_app(footer_class)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(moves):  # each move changes the keys in force: the footer is composed again
            await pilot.press("tab")
            await pilot.pause()
            await pilot.pause()
        return keys_alive()


async def test_textuals_footer_keeps_every_key_it_showed_and_ours_does_not():
    """If Textual's own footer stops keeping them (a release fixed #6666), the first assertion
    fails: then tui/widgets/footer.py can go."""
    before = keys_alive()
    textual_kept = await shown_keys_after_focus_moves(TextualFooter, 30) - before
    ours_kept = await shown_keys_after_focus_moves(Footer, 30) - before
    assert textual_kept >= 60, f"Textual's footer kept {textual_kept} keys (fixed upstream?)"
    assert ours_kept <= 12, f"the footer kept {ours_kept} keys alive"


async def test_the_reviews_footer_stays_small_as_the_cursor_moves(store, panel):
    from facilitator.core.review import Review

    q3 = store.question_id(panel, 3)
    review = Review(store, panel, q3)
    ideas = [c.id for c in review.contributions()]
    kid = review.new_cluster("Investigations", ideas[:3])
    idea = ideas[1]
    app = FacilitatorApp(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(app, pilot, panel, q3)
        for _ in range(3):
            screen.tree.goto(ClusterNode(kid))
            await settle(pilot)
        first = keys_alive()
        for _ in range(25):  # idea, cluster, idea, ...: the footer's keys change each time
            screen.tree.goto(ContributionNode(idea, kid))
            await pilot.pause()
            await pilot.pause()
            screen.tree.goto(ClusterNode(kid))
            await pilot.pause()
            await pilot.pause()
        await settle(pilot)
        assert keys_alive() <= first + 15
