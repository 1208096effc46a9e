"""The follow-up screen (after the Summit: recommendations become activities).

The screen (:mod:`.screen`: keys, what is shown) is made of the list of activities
(:mod:`.listing`), the pane under it (:mod:`.detail`: the timeline, or the recommendation and
its evidence) and the two forms that open in its place (:mod:`.forms`: an update, an activity);
the monitoring report is written from :mod:`.report`. All the work is done by
:mod:`facilitator.core.followup`.
"""

from .screen import FollowUpScreen

__all__ = ["FollowUpScreen"]
