"""Follow-up forms left behind whose form can no longer be opened: offered when the follow-up opens.

A draft left behind by a window that closed is offered when the same form is opened (the forms
do that). A form whose activity was deleted since (or whose update was taken out of its
timeline, or is no longer the latest one ``E`` corrects, or whose recommendation is no longer
agreed) can never be opened again: such a draft is offered when the follow-up opens instead,
as every draft left behind is (``enter`` put it back, ``d`` discard it, a copy going to the
rescue file first, ``escape`` later: offered again next time). Put back, it becomes what fits
what the form was: an update (or a correction of an update gone) becomes an update of an
activity the person picks; a correction of an update still there but no longer the latest, a
correction of that update; an edit of a deleted activity, or a new activity, becomes a new
activity carrying out its recommendation (or one the person picks, if that one is no longer
agreed). The form opens on it, filled, and the text is this window's draft of that form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from facilitator.core import drafts as core_drafts
from facilitator.core.errors import FacilitatorError
from facilitator.tui.plain import shown

if TYPE_CHECKING:
    from .screen import FollowUpScreen


@dataclass(frozen=True)
class Gone:
    """Why a form cannot be opened again, and what its draft becomes when put back."""

    why: str  # "A-001 was deleted since"
    becomes: str  # "an update of an activity you pick"
    activity_id: str | None = None  # put back on this activity (update kinds), if any
    update_id: str | None = None  # put back as a correction of this update
    recommendation_id: str | None = None  # put back as a new activity for this recommendation, if agreed


def gone(screen: FollowUpScreen, key: str) -> Gone | None:
    """Why the form ``key`` (``update:<activity>``, ``activity:<activity>``,
    ``update-edit:<update>``, ``new-activity:<recommendation>``) can no longer be opened in the
    follow-up; None when it can (its draft is offered when it is opened)."""
    follow = screen.follow
    kind, _, ident = key.partition(":")
    pick_activity = "an update of an activity you pick"
    try:
        if kind == "update":
            a = follow.activity(ident)
            return Gone(f"{a.ref} was deleted since", pick_activity) if a.deleted_at else None
        if kind == "update-edit":
            u = follow.update(ident)
            a = follow.activity(u.activity_id)
            if a.deleted_at:
                return Gone(f"{a.ref} was deleted since", pick_activity)
            if u.deleted_at:
                return Gone(f"the update of {u.date} of {a.ref} was taken out of its timeline since", pick_activity)
            latest = follow.updates(a.id)[-1:]
            if latest and latest[0].id != u.id:
                return Gone(f"the update of {u.date} of {a.ref} is no longer its latest (the one "
                            f"{screen.key_hint('followup.correct')} corrects)",
                            f"a correction of that update of {a.ref}", activity_id=a.id, update_id=u.id)
            return None
        if kind == "activity":
            a = follow.activity(ident)
            if not a.deleted_at:
                return None
            return Gone(f"{a.ref} was deleted since", *_new_activity(screen, a.recommendation_id))
        if kind == "new-activity":
            rec = follow.recommendation(ident)
            if _agreed(screen, ident):
                return None
            state = "no longer agreed" if rec["status"] != "agreed" else "deleted since"
            return Gone(f"R-{rec['seq']:03d} is {state}", *_new_activity(screen, None))
    except FacilitatorError:  # not in this database at all (a copy of another one)
        if kind in ("update", "update-edit"):
            return Gone("what it was for is no longer in this database", pick_activity)
        if kind in ("activity", "new-activity"):
            return Gone("what it was for is no longer in this database", *_new_activity(screen, None))
    return None


def _agreed(screen: FollowUpScreen, recommendation_id: str | None) -> bool:
    return recommendation_id is not None and any(r["id"] == recommendation_id for r in screen.follow.recommendations())


def _new_activity(screen: FollowUpScreen, recommendation_id: str | None) -> tuple[str, None, None, str | None]:
    """What an activity's draft becomes: a new activity for ``recommendation_id`` while it is
    agreed, else for one the person picks."""
    if _agreed(screen, recommendation_id):
        assert recommendation_id is not None
        seq = screen.follow.recommendation(recommendation_id)["seq"]
        return f"a new activity carrying out R-{seq:03d}", None, None, recommendation_id
    return "a new activity for a recommendation you pick", None, None, None


def offer(screen: FollowUpScreen) -> None:
    """Offer, one at a time, the drafts left behind whose form can no longer be opened."""
    from facilitator.tui.autosave import offer_left_behind

    offer_left_behind(screen, core_drafts.FOLLOWUP, None, lambda d: describe(screen, d),
                      lambda d: put_back(screen, d), screen.offered_gone,
                      only=lambda d: gone(screen, d.scope) is not None)


def describe(screen: FollowUpScreen, d: core_drafts.Draft) -> tuple[str, str]:
    from facilitator.tui.widgets.contribution_stream import local_time

    from .forms import ActivityForm, UpdateForm, _fields

    g = gone(screen, d.scope)
    why, becomes = (g.why, g.becomes) if g is not None else ("its form can be opened again", "that form")
    fields = _fields(d)
    order = UpdateForm.FIELDS if d.scope.startswith("update") else ActivityForm.FIELDS  # the form's order
    lines = "\n".join(f"{k}: {fields[k]}" for k in dict.fromkeys((*order, *sorted(fields)))
                      if k in fields and fields[k].strip())
    when = local_time(d.updated_at) if d.updated_at else "?"
    return ("Unsaved form of something changed since",
            f"{screen.form_named(d.scope, plain=True)}, typed in the follow-up of a window that closed (last written "
            f"at {when}), was never saved, and {why}: that form cannot be opened again. Put back here, it becomes "
            f"{becomes}.\n\n{lines}")


def put_back(screen: FollowUpScreen, d: core_drafts.Draft) -> None:
    """The draft put back as what fits what its form was (see the module's docstring)."""
    g = gone(screen, d.scope)
    if g is None:  # its form can be opened again meanwhile (restored): offered there
        screen.app.notify(f"{screen.form_named(d.scope)} can be opened again: it is offered there.", timeout=6)
        return
    follow = screen.follow
    kind = d.scope.partition(":")[0]
    if g.update_id is not None and g.activity_id is not None:
        activity = follow.activity(g.activity_id)
        update = follow.update(g.update_id)
        screen.open_update_form(activity, update=update).adopt(d)
        return
    if kind in ("update", "update-edit"):
        choices = follow.activities()
        if not choices:
            screen.app.notify("No activity to put it under (n makes one); it stays offered (later).", timeout=8)
            return
        from ..pick import Item, PickScreen

        items = [Item(a.id, Text(f"{a.ref} · {shown(a.title, 60)}"), f"{a.ref} {a.title} {a.lead or ''}")
                 for a in choices]

        def picked_activity(picked) -> None:
            if picked is None or picked.key is None:
                screen.app.notify("Not put back; it stays offered (later).", timeout=4)
                return
            screen.reload(select=picked.key)
            screen.open_update_form(follow.activity(picked.key)).adopt(d)

        screen.app.push_screen(PickScreen("Put back as an update of which activity?", items), picked_activity)
        return
    if g.recommendation_id is not None:
        if screen.open_new_activity(g.recommendation_id):
            screen.activity_form.adopt(d)
        return

    def picked_recommendation(recommendation_id: str | None) -> None:
        if recommendation_id is None:
            screen.app.notify("Not put back; it stays offered (later).", timeout=4)
        elif screen.open_new_activity(recommendation_id):
            screen.activity_form.adopt(d)

    screen.pick_recommendation("Put back as a new activity carrying out which recommendation?", picked_recommendation)


__all__ = ["Gone", "describe", "gone", "offer", "put_back"]
