"""The footer every screen shows: Textual's ``Footer``, without its leak.

Textual's footer is composed again each time the keys in force change (the cursor moves from an
idea to a cluster in the review, the focus moves in the capture screen). Each key shown is a
``FooterKey`` bound to the footer's ``compact`` with ``data_bind``, and Textual keeps that
binding, and through it the ``FooterKey`` and everything it drew, on the footer until
``compact`` changes, which it never does here (Textual issue #6666, open as of Textual 8.2.8).
Measured: 140 keys pressed in the review at 20,000 contributions left 240 ``FooterKey``s and
about 36,000 objects alive; ten minutes of steady use grew the app by tens of MB.

This footer, once composed again, forgets the bindings of the keys it no longer shows
(Textual prunes them the same way when ``compact`` changes). Remove it when Textual fixes the
issue: ``tests/tui/test_footer.py`` fails on a Textual that changed how it keeps them.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    async def recompose(self) -> None:
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop the ``compact`` bindings of keys no longer on screen."""
        # Textual keeps a reactive's watchers in the observed object's "__watchers" (a dict of
        # name -> [(watching node, callback)]); this is what Reactive._check_watchers prunes
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]


__all__ = ["Footer"]
