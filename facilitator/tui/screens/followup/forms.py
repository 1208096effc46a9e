"""The two forms of the follow-up screen, opened in place of the detail pane (the list stays in
view above them):

- :class:`UpdateForm` (``u``): a dated update of the activity under the cursor: what happened
  (several lines), its status and progress (if it changes them), who says it, when, its source.
- :class:`ActivityForm` (``n`` new, ``enter`` edit): what is to be done, the lead, partners,
  start, due, status and progress to begin with (new ones), area and lens.

What is typed is autosaved as a draft (``followup_draft``) within a second of the last key, and
comes back when the form is opened again for the same activity, also after a crash; a draft
that cannot be written is said at once, and the screen reports it when the app quits (so it
goes to the rescue file). ``ctrl+s`` checks and saves (on disk before the form says so; the
draft is then removed); ``escape`` closes the form and keeps the draft.

What an update says is typed in a :class:`~facilitator.tui.widgets.bidi_text_area.BidiTextArea`
(Arabic shaped and right to left as it is typed, stored as typed); a title quoting the activity
shows it through the one display path and follows the Arabic display; the one-line boxes keep
the logical order (as the search box does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Input, Label, Static, TextArea

from facilitator.core.errors import FacilitatorError
from facilitator.tui import bidi
from facilitator.tui.plain import follow, sentence, shown
from facilitator.tui.widgets.bidi_text_area import BidiTextArea

AUTOSAVE_SECONDS = 0.8


class FormClosed(Message):
    """A form closed: saved (``saved`` the activity's id) or not."""

    def __init__(self, saved: str | None) -> None:
        super().__init__()
        self.saved = saved


class _Form(Vertical):
    """A form whose typed fields are autosaved as a draft under :attr:`draft_key`."""

    BINDINGS = [
        # not priority: the key waits behind what was typed before it in the field, so the save
        # holds every character typed (a priority binding would run as the key arrives)
        Binding("ctrl+s,f2", "save", "Save", id="followup.form.save"),
        Binding("escape", "close", "Close (draft kept)", id="followup.form.close"),
        # priority: the focus moves as the key arrives, so the keys typed after a tab (faster
        # than the screen redraws) go to the next field, not to the one left
        Binding("tab", "app.focus_next", "Next field", id="followup.form.next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", id="followup.form.previous", show=False,
                priority=True),
    ]
    FIELDS: tuple[str, ...] = ()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.draft_key: str | None = None
        self.draft_error: str | None = None
        self.dirty = False
        self._timer: Timer | None = None
        self._filling = False

    # --- the fields -------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        out = {}
        for name in self.FIELDS:
            widget = self.query_one(f"#ff-{name}")
            out[name] = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return out

    def fill(self, values: dict[str, Any]) -> None:
        """Put ``values`` in the fields: what the form starts from (not a change to autosave)."""
        self._filling = True
        try:
            for name in self.FIELDS:
                widget = self.query_one(f"#ff-{name}")
                value = str(values.get(name) or "")
                if isinstance(widget, TextArea):
                    widget.load_text(value)
                    widget.move_cursor(widget.document.end)  # typing goes on where the draft ends
                else:
                    widget.value = value  # type: ignore[attr-defined]
        finally:
            self._filling = False
        self._baseline = self.values()

    _baseline: dict[str, str] = {}  # the fields as the form was opened (their Changed events come later)

    def hint(self, text: str, error: bool = False) -> None:
        """The line under the fields: what the keys do, or why the form was not saved (a message
        that may quote what was typed)."""
        self.query_one(".form-hint", Static).update(sentence(text, style="bold red" if error else "dim"))

    # --- autosave ---------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._filling or self.draft_key is None or self.values() == self._baseline:
            return  # the fields as they were put there (a default date is not a draft)
        self.dirty = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self.flush)

    def flush(self) -> None:
        """Write the draft now, if anything changed since it was last written."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.dirty or self.draft_key is None:
            return
        from facilitator.core.followup.store import FollowUp

        try:
            FollowUp(self.app.store).save_draft(self.draft_key, self.values())  # type: ignore[attr-defined]
        except FacilitatorError as exc:
            self.draft_error = str(exc)
            self.hint(f"The draft cannot be saved: {exc}. ctrl+s saves the update itself.", error=True)
            return
        self.dirty = False
        self.draft_error = None

    def unsaved_text(self) -> str:
        """What is typed and not on disk (the draft failed, or was not written yet)."""
        if not (self.dirty or self.draft_error) or not self.display:
            return ""
        return "\n".join(f"{name}: {value}" for name, value in self.values().items() if value.strip())

    def clear_draft(self) -> None:
        from facilitator.core.followup.store import FollowUp

        self.dirty = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.draft_key is None:
            return
        try:
            FollowUp(self.app.store).clear_draft(self.draft_key)  # type: ignore[attr-defined]
        except FacilitatorError as exc:
            self.app.notify(f"The saved form's draft could not be removed: {exc}", severity="warning")

    def draft(self, key: str) -> dict | None:
        from facilitator.core.followup.store import FollowUp

        return FollowUp(self.app.store).draft(key)  # type: ignore[attr-defined]

    # --- closing ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.flush()
        kept = any(v.strip() for v in self.values().values()) and self.draft_error is None
        self.post_message(FormClosed(None))
        if kept:
            self.app.notify("Closed; what you typed is kept as a draft (it comes back with the form).", timeout=3)

    def action_save(self) -> None:
        raise NotImplementedError


def _row(label: str, field: str, **options) -> ComposeResult:
    with Horizontal(classes="form-row"):
        yield Label(label, classes="form-label")
        yield Input(id=f"ff-{field}", **options)


class UpdateForm(_Form):
    """A dated update of one activity."""

    FIELDS = ("text", "status", "progress", "by", "date", "source")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.activity_id: str | None = None
        self.update_id: str | None = None  # correcting this update (None: a new one)
        self.today = dt.date.today()
        self.title_for: tuple[str, str] = ("", "")  # the title's words, and the activity's title it quotes

    def compose(self) -> ComposeResult:
        yield Static("", classes="form-title")
        yield BidiTextArea(id="ff-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        with Horizontal(classes="form-row"):
            yield Label("Status", classes="form-label")
            yield Input(id="ff-status", placeholder="unchanged", classes="form-short")
            yield Label(" Progress", classes="form-label-short")
            yield Input(id="ff-progress", placeholder="–", restrict=r"\d{0,3}", max_length=3, classes="form-tiny")
        with Horizontal(classes="form-row"):
            yield Label("By", classes="form-label")
            yield Input(id="ff-by", placeholder="who says it (person: NAME)")
            yield Label(" Date", classes="form-label-short")
            yield Input(id="ff-date", classes="form-date")
        yield from _row("Source", "source", placeholder="a letter, a report, a link")
        yield Static("", classes="form-hint")

    def on_mount(self) -> None:
        follow(self, self.show_title)

    def show_title(self) -> None:
        """The form's title: the app's words, then the activity's title (one line, its beginning)."""
        words, title = self.title_for
        room = max(12, (self.app.size.width or 80) - len(words) - 4)
        self.query_one(".form-title", Static).update(
            Text.assemble((words, "bold"), (shown(title, room) if title else "", "bold")))

    def open(self, activity, statuses: list[str], today: dt.date, last_author: str | None, update=None) -> None:
        """A new update of ``activity``, or (``update``) a correction of one of its updates."""
        self.activity_id = activity.id
        self.update_id = update.id if update is not None else None
        self.today = today
        self.draft_key = f"update-edit:{update.id}" if update is not None else f"update:{activity.id}"
        self.title_for = (f"Correct the update of {update.date} of {activity.ref} (the earlier text is kept)", "") \
            if update is not None else (f"Update {activity.ref} · ", activity.title)
        self.show_title()
        # an activity written in Arabic: its update's box waits at the right edge for the first letter
        self.query_one("#ff-text", BidiTextArea).rtl_default = bidi.base_direction(activity.title) == "R"
        self.query_one("#ff-status", Input).suggester = SuggestFromList(statuses, case_sensitive=False)
        draft = self.draft(self.draft_key)
        if draft is None and update is not None:
            by = f"person: {update.author}" if update.author and update.author_kind == "person" else update.author
            draft_values = {"text": update.text, "status": update.status or "", "by": by or "",
                            "progress": "" if update.progress is None else str(update.progress), "date": update.date,
                            "source": update.source or ""}
            self.fill(draft_values)
        else:
            self.fill(draft or {"date": today.isoformat(), "by": last_author or ""})
        self.dirty = False
        self.hint(("Your draft is back. " if draft else "")
                  + "ctrl+s save · tab next field · → accepts a suggested status · escape close (kept as a draft)")
        self.screen.set_focus(self.query_one("#ff-text", TextArea))  # at once: the keys typed next are its text

    def action_save(self) -> None:
        from facilitator.core.followup.actors import kind_word
        from facilitator.core.followup.dates import DateError, parse_date
        from facilitator.core.followup.model import UpdateIn
        from facilitator.core.followup.store import FollowUp, checked

        v = self.values()
        follow = FollowUp(self.app.store)  # type: ignore[attr-defined]
        try:
            date = parse_date(v["date"]) or self.today
            author, kind = v["by"].strip() or None, None
            if author and ":" in author and kind_word(author.split(":", 1)[0]):
                kind, author = kind_word(author.split(":", 1)[0]), author.split(":", 1)[1].strip() or None
            data = checked(UpdateIn, activity_id=self.activity_id, date=date, author=author, author_kind=kind,
                           text=v["text"], source=v["source"] or None,
                           status=follow.status_key(v["status"], prefix=True) if v["status"].strip() else None,
                           progress=int(v["progress"]) if v["progress"].strip() else None)
            if self.update_id is None:
                follow.add_update(data, today=self.today)
            else:
                follow.change_update(self.update_id, today=self.today, date=data.date, author=data.author,
                                     author_kind=data.author_kind, text=data.text, source=data.source,
                                     status=data.status, progress=data.progress)
        except (FacilitatorError, DateError) as exc:
            self.flush()  # what is typed stays, on disk as a draft
            self.hint(f"Not saved: {exc}", error=True)
            return
        self.clear_draft()
        self.post_message(FormClosed(self.activity_id))


class ActivityForm(_Form):
    """A new activity for a recommendation, or an activity's own fields."""

    FIELDS = ("title", "lead", "partners", "start", "due", "status", "progress", "area", "lens")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.activity_id: str | None = None  # None: a new one
        self.recommendation_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="form-title")
        yield from _row("What", "title", placeholder="what is to be done")
        yield from _row("Lead", "lead", placeholder="a parliament, an organization, or person: NAME")
        yield from _row("Partners", "partners", placeholder="separated by ;")
        with Horizontal(classes="form-row"):
            yield Label("Start", classes="form-label")
            yield Input(id="ff-start", placeholder="2024-03-15", classes="form-date")
            yield Label(" Due", classes="form-label-short")
            yield Input(id="ff-due", placeholder="15/03/2025", classes="form-date")
        with Horizontal(classes="form-row", id="ff-begin"):
            yield Label("Status", classes="form-label")
            yield Input(id="ff-status", placeholder="planned", classes="form-short")
            yield Label(" Progress", classes="form-label-short")
            yield Input(id="ff-progress", placeholder="–", restrict=r"\d{0,3}", max_length=3, classes="form-tiny")
        with Horizontal(classes="form-row"):
            yield Label("Area", classes="form-label")
            yield Input(id="ff-area", placeholder="its recommendation's", classes="form-short")
            yield Label(" Lens", classes="form-label-short")
            yield Input(id="ff-lens", placeholder="human, state, regional", classes="form-short")
        yield Static("", classes="form-hint")

    def open(self, *, activity=None, recommendation: dict | None = None, statuses: Sequence[str] = ()) -> None:
        """Edit ``activity``, or make a new one for ``recommendation``."""
        from facilitator.core.followup.actors import written

        self.activity_id = activity.id if activity else None
        self.recommendation_id = activity.recommendation_id if activity else recommendation["id"] if recommendation else None
        self.draft_key = f"activity:{activity.id}" if activity else f"new-activity:{self.recommendation_id}"
        self.query_one("#ff-begin").display = activity is None
        self.query_one("#ff-status", Input).suggester = SuggestFromList(list(statuses), case_sensitive=False)
        if activity:
            title = f"Edit {activity.ref} (the earlier state is kept; status and progress change by an update: u)"
        else:
            ref = f"R-{recommendation['seq']:03d}" if recommendation else "a recommendation"
            title = f"New activity carrying out {ref}"
        self.query_one(".form-title", Static).update(Text(title, style="bold"))
        draft = self.draft(self.draft_key)
        if draft:
            self.fill(draft)
        elif activity:
            from facilitator.core.followup.actors import Actor

            lead = ""
            if activity.lead:
                lead = written([Actor(activity.lead, activity.lead_kind or "organization")])
            self.fill({"title": activity.title, "lead": lead,
                       "partners": written(Actor(n, k) for n, k in activity.partners),
                       "start": activity.start, "due": activity.due, "area": activity.own_area,
                       "lens": activity.own_lens})
        else:
            self.fill({})
        self.dirty = False
        self.hint(("Your draft is back. " if draft else "") + "ctrl+s save · tab next field · escape close (kept as a draft)")
        self.screen.set_focus(self.query_one("#ff-title", Input))

    def action_save(self) -> None:
        from facilitator.core.followup.actors import ActorError, actor, actors
        from facilitator.core.followup.dates import DateError, parse_date
        from facilitator.core.followup.model import ActivityIn
        from facilitator.core.followup.store import FollowUp, checked

        v = self.values()
        follow = FollowUp(self.app.store)  # type: ignore[attr-defined]
        try:
            people = follow.roster_names()
            lead = actor(v["lead"], people=people) if v["lead"].strip() else None
            fields: dict[str, Any] = dict(
                title=v["title"], lead={"name": lead.name, "kind": lead.kind} if lead else None,
                partners=[{"name": a.name, "kind": a.kind} for a in actors(v["partners"], people)],
                start=parse_date(v["start"]), due=parse_date(v["due"]), area=v["area"].strip() or None,
                lens=v["lens"].strip() or None,
            )
            if self.activity_id is None:
                data = checked(ActivityIn, recommendation_id=self.recommendation_id,
                               status=follow.status_key(v["status"], prefix=True) if v["status"].strip() else "planned",
                               progress=int(v["progress"]) if v["progress"].strip() else None, **fields)
                saved = follow.add_activity(data)
            else:
                follow.change_activity(self.activity_id, **fields)
                saved = self.activity_id
        except (FacilitatorError, DateError, ActorError) as exc:
            self.flush()
            self.hint(f"Not saved: {exc}", error=True)
            return
        self.clear_draft()
        self.post_message(FormClosed(saved))
