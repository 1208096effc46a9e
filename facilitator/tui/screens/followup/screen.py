"""The follow-up screen: every activity, grouped, overdue and stalled first; the one under the
cursor below, with its timeline or its recommendation and evidence; an update in a few keys.

Size: ~500 lines: one screen, one module (the house rule); its list, pane, forms and report are
modules of their own (``listing.py``, ``detail.py``, ``forms.py``, ``report.py``), and this one
holds its keys, what each does, and following what other windows save.

Keys: ``u`` add an update (what happened, status, progress, who, when, source), ``s`` set the
status (an update of its own), ``n`` a new activity for a recommendation, ``enter``/``e`` edit
an activity, ``r`` the recommendation and its evidence (again: the timeline), ``h`` the
earlier states, ``g`` group by status, area, lens or lead, ``/`` filter by words, ``delete``
delete an activity (``ctrl+z`` brings it back), ``x`` the monitoring report, ``ctrl+r`` read
again, ``escape`` back. What another window or a command saves shows within about a second
(:class:`~facilitator.tui.messages.DatabaseChanged`, for the follow-up's tables only: another
window typing elsewhere costs nothing here). All the work is done by
:mod:`facilitator.core.followup`.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Input, Static, TextArea

from facilitator.tui.widgets.footer import Footer
from facilitator.core.errors import FacilitatorError
from facilitator.core.followup.views import GROUPINGS, counts, grouped
from facilitator.tui.messages import DatabaseChanged
from facilitator.tui.plain import follow as follow_the_display
from facilitator.tui.plain import shown
from facilitator.tui.screens.base import AppScreen

from .detail import ActivityDetail, evidence_text, timeline_text
from .forms import ActivityForm, FormClosed, UpdateForm
from .listing import ActivityList

VIEWS = ("timeline", "evidence", "history")
# what the screen shows from: a change to any of them by another window or a command is shown
SHOWN_FROM = frozenset({"activity", "activity_update", "followup_status", "recommendation", "session"})


class FollowUpScreen(AppScreen):
    CSS_PATH = "followup.tcss"
    HELP_TITLE = "Follow-up"
    # priority: a key acts as it arrives, so what is typed right after it (faster than the screen
    # redraws) goes where that key led (the update's text after u); while a field has the focus
    # these keys are typed (check_action turns them off)
    BINDINGS = [
        Binding("u", "update", "Update", id="followup.update", priority=True),
        Binding("s", "set_status", "Status", id="followup.status", priority=True),
        Binding("n", "new", "New", id="followup.new", priority=True),
        Binding("e", "edit", "Edit", id="followup.edit", show=False, priority=True),
        Binding("E", "correct_update", "Correct the last update", id="followup.correct", show=False, priority=True),
        Binding("r", "evidence", "Evidence", id="followup.evidence", priority=True),
        Binding("h", "history", "History", id="followup.history", show=False, priority=True),
        Binding("g", "group", "Group", id="followup.group", priority=True),
        Binding("slash", "filter", "Filter", id="followup.filter", key_display="/", priority=True),
        Binding("delete", "delete", "Delete", id="followup.delete", show=False, priority=True),
        Binding("ctrl+z", "undo", "Undo", id="followup.undo", show=False, priority=True),
        Binding("x", "export", "Report", id="followup.export", priority=True),
        Binding("ctrl+r", "reload", "Reload", id="followup.reload", show=False),
        Binding("escape", "back", "Back", id="followup.back"),
    ]

    def __init__(self, recommendation_id: str | None = None, *, new: bool = False) -> None:
        super().__init__()
        self.recommendation_id = recommendation_id  # opened on this recommendation (from the review)
        self.new_for_recommendation = new
        self.by = "status"
        self.view = "timeline"
        self.words = ""
        self.activities: list = []
        self.deleted: list[str] = []  # activity ids deleted here, most recent last (ctrl+z)
        self.last_author: str | None = None
        self.stale = False  # another window or a command changed what is shown while a form was open
        self.offered_gone: set[tuple[str, str]] = set()  # drafts of forms gone, offered here (leftover.py)

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="followup-title", classes="screen-title")
        yield Input(id="followup-filter", placeholder="filter: words of a title, lead, partner or recommendation")
        yield ActivityList(id="followup-list")
        with ContentSwitcher(initial="followup-detail", id="followup-pane"):
            yield ActivityDetail(id="followup-detail")
            yield UpdateForm(id="followup-update", classes="followup-form")
            yield ActivityForm(id="followup-activity", classes="followup-form")
        yield Footer()

    @property
    def follow(self):
        from facilitator.core.followup.store import FollowUp

        return FollowUp(self.app.store)

    @property
    def today(self) -> dt.date:
        return self.now().date()

    @property
    def listing(self) -> ActivityList:
        return self.query_one(ActivityList)

    @property
    def pane(self) -> ContentSwitcher:
        return self.query_one("#followup-pane", ContentSwitcher)

    def on_mount(self) -> None:
        self.query_one("#followup-filter", Input).display = False
        select = None
        if self.recommendation_id:
            mine = self.follow.activities(recommendation_id=self.recommendation_id)
            select = mine[0].id if mine else None
        self.listing.focus()
        # drawn once its width is known (the lines are cut to it)
        self.call_after_refresh(self.reload, select)
        if self.recommendation_id and (self.new_for_recommendation or select is None):
            self.call_after_refresh(self.open_new_activity, self.recommendation_id)
        self.call_after_refresh(self._say_left_behind)
        follow_the_display(self, self._display_changed)

    def _say_left_behind(self) -> None:
        """Forms typed in windows that closed (a crash, a closed terminal, a quit with a form
        still typed): said once here; each is offered when the same form is opened. A form that
        can no longer be opened (its activity deleted since...) is offered here, at once
        (``leftover.py``)."""
        from facilitator.core import drafts as core_drafts

        from . import leftover

        try:
            found = core_drafts.left_behind(self.app.store.conn, core_drafts.FOLLOWUP)
            opened = [d for d in found if leftover.gone(self, d.scope) is None]
        except Exception:  # noqa: BLE001 - reading failed: nothing said; the drafts stay on disk
            return
        named = list(dict.fromkeys(self.form_named(d.scope) for d in opened))
        if named:
            self.app.notify(f"Unsaved follow-up form{'s' if len(named) > 1 else ''} from a window that closed: "
                            f"{'; '.join(named[:5])}{' ...' if len(named) > 5 else ''}. Open the same form to get "
                            "the text back.", timeout=12)
        if len(opened) < len(found):
            leftover.offer(self)

    def form_named(self, key: str, plain: bool = False) -> str:
        """``update:<activity>`` and the like, as a person finds the form again (``plain``: as
        the start of a sentence, without the key that opens it)."""
        kind, _, ident = key.partition(":")
        named, key_id = "a form of something deleted since", ""
        try:
            if kind == "update":
                named, key_id = f"an update of {self.follow.activity(ident).ref}", "followup.update"
            elif kind == "activity":
                named, key_id = f"an edit of {self.follow.activity(ident).ref}", "followup.edit"
            elif kind == "update-edit":
                update = self.follow.update(ident)
                named = f"a correction of the update of {update.date} of {self.follow.activity(update.activity_id).ref}"
                key_id = "followup.correct"
            elif kind == "new-activity":
                named, key_id = f"a new activity for R-{self.follow.recommendation(ident)['seq']:03d}", "followup.new"
        except FacilitatorError:
            key_id = ""
        if plain:
            return named[:1].upper() + named[1:]
        return f"{named} ({self.key_hint(key_id)})" if key_id else named

    def _display_changed(self) -> None:
        """The app's Arabic display changed: the list and the pane drawn again (the forms'
        titles and text boxes follow it by themselves)."""
        if self.activities:
            self.listing.show(self.listing.groups, self.listing.today)
        if self.pane.current == "followup-detail":
            self.show_detail()

    # --- showing -------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the activities again and draw them (the cursor stays on ``select`` or where it was)."""
        self.activities = self.follow.activities()
        visible = self._filtered()
        today = self.today
        self.listing.show(grouped(visible, self.by, today), today, select=select)
        c = counts(self.activities, today)
        title = Text(f"Follow-up · {c['activities']} activities", style="bold")
        if c["overdue"]:
            title.append(f" · {c['overdue']} overdue", style="bold red")
        if c["attention"]:
            title.append(f" · {c['attention']} stalled", style="bold yellow")
        title.append(f" · by {self.by} (g)", style="dim")
        if self.words:
            title.append(f" · filter: {shown(self.words)} ({len(visible)})", style="dim")
        title.append(f" · {today.isoformat()}", style="dim")
        self.query_one("#followup-title", Static).update(title)
        if not self.activities:
            self.query_one(ActivityDetail).show(
                Text("No activities yet. n turns an agreed recommendation into an activity (each gets a lead, "
                     "partners, dates, a status and a timeline of updates).", style="italic"), "Follow-up")

    def _filtered(self) -> list:
        if not self.words.strip():
            return self.activities
        from facilitator.core.vocab import fold

        words = fold(self.words).split()

        def hay(a) -> str:
            return fold(" ".join([a.ref, a.title, a.lead or "", a.status, a.area or "", a.lens or "", a.rec_ref or "",
                                  a.rec_text or "", *(n for n, _k in a.partners)]))

        return [a for a in self.activities if all(w in hay(a) for w in words)]

    def current(self):
        aid = self.listing.current
        return next((a for a in self.activities if a.id == aid), None)

    def on_activity_list_moved(self, event: ActivityList.Moved) -> None:
        if self.pane.current == "followup-detail":
            self.show_detail()

    def show_detail(self) -> None:
        a = self.current()
        pane = self.query_one(ActivityDetail)
        if a is None:
            if self.activities:
                pane.show(Text("No activity matches the filter (/ to change it).", style="italic"), "Follow-up")
            return
        width = pane.room()
        if self.view == "evidence":
            rec = self.follow.recommendation(a.recommendation_id) if a.recommendation_id else None
            evidence = self.follow.evidence(a.recommendation_id) if a.recommendation_id else []
            members = []
            for rid in a.set_members:
                try:
                    members.append(self.follow.recommendation(rid))
                except FacilitatorError:  # a member this database does not hold
                    continue
            pane.show(evidence_text(a, rec, evidence, width, members),
                      f"{a.ref} · {a.rec_ref or 'no recommendation'} and its evidence (r: the timeline)")
        elif self.view == "history":
            pane.show(self._history_text(a), f"{a.ref} · earlier states (h: the timeline)")
        else:
            pane.show(timeline_text(a, self.follow.updates(a.id), self.today, width),
                      f"{a.ref} · timeline (r: recommendation and evidence)")

    def _history_text(self, a) -> Text:
        out = Text()
        states = self.follow.history("activity", a.id)
        if not states:
            out.append("No earlier state: it has not been changed since it was made.\n", style="italic")
        for h in reversed(states):
            s = h.state
            out.append(f"{h.created_at[:16].replace('T', ' ')} UTC", style="bold")
            if s.get("deleted_at"):
                out.append("  (deleted then)", style="dim")
            out.append("\n")
            out.append(f"  {shown(s.get('title'))}\n")
            out.append(f"  lead {shown(s.get('lead') or '—')} · due {s.get('due_date') or '—'} · "
                       f"start {s.get('start_date') or '—'} · area {shown(s.get('area') or '—')} · "
                       f"lens {shown(s.get('lens') or '—')}\n", style="dim")
        return out

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another window or a command saved something shown here: shown (the selection stays;
        while a form is open, once it closes)."""
        if not message.tables & SHOWN_FROM:
            return
        if self.pane.current == "followup-detail":
            self.reload()
            self.show_detail()
        else:
            self.stale = True

    # --- actions -------------------------------------------------------------------------------

    def _form_open(self) -> bool:
        return self.pane.current != "followup-detail"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back",):
            return True
        if action in _SCREEN_ACTIONS and (self._form_open() or isinstance(self.focused, (Input, TextArea))):
            return False  # a form, or the filter, is being typed in: these keys are text
        if action in ("update", "set_status", "edit", "evidence", "history", "delete", "correct_update") \
                and self.current() is None:
            return None  # shown, greyed out
        if action == "undo" and not self.deleted:
            return None
        return True

    def action_update(self) -> None:
        a = self.current()
        if a is None:
            return
        self.open_update_form(a)

    def action_correct_update(self) -> None:
        """Correct the latest update of the activity under the cursor (a typo, the wrong date):
        the form opens on it; the earlier state is kept."""
        a = self.current()
        if a is None:
            return
        updates = self.follow.updates(a.id)
        if not updates:
            self.app.notify(f"{a.ref} has no update yet: u adds one.", timeout=3)
            return
        self.open_update_form(a, update=updates[-1])

    def _status_names(self) -> list[str]:
        names: list[str] = []
        for s in self.follow.statuses():
            names += [s.key, *(v for v in s.labels.values() if v != s.key)]
        return list(dict.fromkeys(names))

    def action_set_status(self) -> None:
        a = self.current()
        if a is None:
            return
        from ..pick import Item, PickScreen

        statuses = self.follow.statuses()
        items = [Item(s.key, Text(f"{shown(s.key)} · {shown(s.label('fr'))} · {shown(s.label('ar'))}"),
                      " ".join([s.key, *s.labels.values()])) for s in statuses]

        def done(picked) -> None:
            if picked is None or picked.key is None:
                return
            self.add_status_update(a.id, picked.key)

        self.app.push_screen(PickScreen(f"Status of {a.ref} (an update of today)", items, current=a.status), done)

    def add_status_update(self, activity_id: str, status: str) -> None:
        from facilitator.core.followup.model import UpdateIn

        try:
            self.follow.add_update(UpdateIn(activity_id=activity_id, date=self.today, status=status), today=self.today)
        except FacilitatorError as exc:
            self.app.notify(f"Not saved: {exc}", severity="error", timeout=10)
            return
        self.reload(select=activity_id)
        self.show_detail()
        self.app.notify(f"Saved: now {status}.", timeout=3)

    def action_new(self) -> None:
        def done(recommendation_id: str | None) -> None:
            if recommendation_id is not None:
                self.open_new_activity(recommendation_id)

        self.pick_recommendation("New activity: which recommendation does it carry out?", done)

    def pick_recommendation(self, title: str, done) -> None:
        """Pick an agreed recommendation (the one of the activity under the cursor first):
        ``done(its id)``, or ``done(None)``."""
        a = self.current()
        recs = self.follow.recommendations()
        if not recs:
            self.app.notify(f"No agreed recommendation yet: the review marks them agreed "
                            f"({self.key_hint('review.status', 't')}).", severity="warning")
            done(None)
            return
        from ..pick import Item, PickScreen

        first = a.recommendation_id if a else None
        recs.sort(key=lambda r: r["id"] != first)
        room = max(30, self.size.width - 14)  # one line each (the picker's box, less its frame)

        def label(r: dict) -> Text:
            head = f"R-{r['seq']:03d} · {r['activities']} act. · "
            return Text(head + shown(" ".join(r["text"].split()), max(8, room - len(head))))

        items = [Item(r["id"], label(r), f"R-{r['seq']:03d} {r['text']} {r['session_title']}") for r in recs]

        def picked(choice) -> None:
            done(choice.key if choice is not None and choice.key is not None else None)

        self.app.push_screen(PickScreen(title, items), picked)

    def open_new_activity(self, recommendation_id: str) -> bool:
        try:
            rec = self.follow.recommendation(recommendation_id)
        except FacilitatorError as exc:
            self.app.notify(str(exc), severity="error")
            return False
        self.pane.current = "followup-activity"
        self.activity_form.open(recommendation=rec, statuses=self._status_names())
        self.refresh_bindings()
        return True

    @property
    def activity_form(self) -> ActivityForm:
        return self.query_one(ActivityForm)

    def open_update_form(self, activity, update=None) -> UpdateForm:
        """The update form on ``activity`` (``update``: correcting that update), open."""
        form = self.query_one(UpdateForm)
        self.pane.current = "followup-update"
        form.open(activity, self._status_names(), self.today, self.last_author, update=update)
        self.refresh_bindings()
        return form

    def action_edit(self) -> None:
        a = self.current()
        if a is None:
            return
        self.pane.current = "followup-activity"
        self.query_one(ActivityForm).open(activity=a)
        self.refresh_bindings()

    def on_option_list_option_selected(self, event) -> None:
        event.stop()
        self.action_edit()

    def on_form_closed(self, event: FormClosed) -> None:
        event.stop()
        if event.saved and self.pane.current == "followup-update":
            by = self.query_one("#ff-by", Input).value.strip()
            self.last_author = by or self.last_author
        self.pane.current = "followup-detail"
        self.refresh_bindings()
        self.listing.focus()
        if event.saved or self.stale:
            self.stale = False
            self.reload(select=event.saved)
        if event.saved:
            self.app.notify("Saved.", timeout=2)
        self.show_detail()

    def action_evidence(self) -> None:
        self.view = "timeline" if self.view == "evidence" else "evidence"
        self.show_detail()

    def action_history(self) -> None:
        self.view = "timeline" if self.view == "history" else "history"
        self.show_detail()

    def action_group(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        self.reload()

    def action_filter(self) -> None:
        box = self.query_one("#followup-filter", Input)
        box.display = True
        self.set_focus(box)  # at once: the words typed next go into it

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "followup-filter":
            event.stop()
            self.words = event.value
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "followup-filter":
            event.stop()
            self.listing.focus()

    def action_delete(self) -> None:
        a = self.current()
        if a is None:
            return
        try:
            self.follow.delete_activity(a.id)
        except FacilitatorError as exc:
            self.app.notify(f"Not deleted: {exc}", severity="error")
            return
        self.deleted.append(a.id)
        self.reload()
        self.show_detail()
        self.app.notify(f"{a.ref} deleted with its timeline; {self.key_hint('followup.undo')} brings it back.", timeout=5)
        self.refresh_bindings()

    def action_undo(self) -> None:
        if not self.deleted:
            return
        aid = self.deleted.pop()
        try:
            self.follow.restore_activity(aid)
        except FacilitatorError as exc:
            self.app.notify(f"Not restored: {exc}", severity="error")
            return
        self.reload(select=aid)
        self.show_detail()
        self.app.notify("Restored.", timeout=2)
        self.refresh_bindings()

    def action_export(self) -> None:
        self.app.open_monitoring_export()

    def action_reload(self) -> None:
        self.reload()
        self.show_detail()

    def action_back(self) -> None:
        box = self.query_one("#followup-filter", Input)
        if box.has_focus or (box.display and self.words):
            box.value = ""
            box.display = False
            self.words = ""
            self.reload()
            self.listing.focus()
            return
        if self._form_open():
            form = self.query_one(UpdateForm) if self.pane.current == "followup-update" else self.query_one(ActivityForm)
            form.action_close()
            return
        self.app.pop_screen()

    # --- what the app asks of a screen ---------------------------------------------------------

    def palette_commands(self):
        yield "Add an update", "u: what happened, status, progress, who, when, source", self.action_update
        yield "Set the status", "s: an update of today with only the status", self.action_set_status
        yield "New activity", "n: for an agreed recommendation", self.action_new
        yield "Recommendation and evidence", "r: what it carries out, and the contributions it rests on", \
            self.action_evidence
        yield "Group by area, lens, lead or status", "g", self.action_group
        yield "Monitoring report", "x: the report per area and lens, Markdown, Word or HTML", self.action_export

    def flush(self) -> None:
        for form in self.query(".followup-form"):
            form.flush()  # type: ignore[attr-defined]

    def unsaved(self) -> list:
        from facilitator.core import rescue

        out = []
        for form in self.query(".followup-form"):
            text = form.unsaved_text()  # type: ignore[attr-defined]
            if text:
                out.append(rescue.Entry(text=text, reason="not saved: a follow-up form when the app was closed",
                                        session="follow-up"))
        return out


_SCREEN_ACTIONS = {b.action for b in FollowUpScreen.BINDINGS if isinstance(b, Binding)} - {"back"}

__all__ = ["FollowUpScreen"]
