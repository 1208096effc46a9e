"""The facilitator's review screen, for one guiding question or the whole session.

On the left, the tree (:mod:`.tree`; what each line is: :mod:`.nodes`, what groups hold:
:mod:`.groups`): suggested clusters while a proposal is shown, then the clusters with their
recommendations and contributions, the contributions in no cluster, the standalone
recommendations and the noise bin. On the right, the details of what the cursor is on
(:mod:`.detail`) and, while writing, the recommendation editor (:mod:`.editor`). Above, the
coverage at a glance (:mod:`.header`).

The screen (:mod:`.screen`: keys, showing the board, the scope) is made of reading the board
in a worker thread (:mod:`.reading`) and of its actions: :mod:`.suggesting`, :mod:`.curating`,
:mod:`.writing`; its dialogs are in
:mod:`.dialogs`, its messages in :mod:`.messages`, its command palette entries in
:mod:`.commands`. All curation lives in :mod:`facilitator.core.review`. Every step can be
undone (``ctrl+z``) and redone (``ctrl+y``); every earlier text of a recommendation is kept
and can be brought back (``h``).
"""

from .screen import ReviewScreen

__all__ = ["ReviewScreen"]
