"""The two forms of the follow-up screen, opened in place of the detail pane (the list stays in
view above them):

- :class:`UpdateForm` (``u``): a dated update of the activity under the cursor: what happened
  (several lines), its status and progress (if it changes them), who says it, when, its source.
- :class:`ActivityForm` (``n`` new, ``enter`` edit): what is to be done, the lead, partners,
  start, due, status and progress to begin with (new ones), area and lens.

Size: ~520 lines: the two forms share one base (``_Form``: the fields, the window's draft as it
is typed, a draft of another window offered, the save and its errors), and each form is its
fields and its check; splitting the two forms apart would leave the base alone in a module of
its own, a split to make when a third form comes.

What is typed is this window's draft (``core/drafts.py``, place ``followup``, scope what the
form writes: ``update:<activity id>`` ...), on disk within a tenth of a second of a key as every
draft is (:class:`~facilitator.tui.autosave.Autosave`), and comes back when the form is opened
again in this window. Another window's form on the same activity keeps its own: a save, an
emptied form or a quit there never touches this one's. A draft left behind by a window that
closed (a crash, a closed terminal, a quit with a form still typed) is offered when the same
form is opened, never loaded silently (the screen also says, when it opens, which forms have
one; a draft whose form can no longer be opened, its activity deleted since, is offered then
instead and put back into another form with :meth:`_Form.adopt`: ``leftover.py``). A draft that cannot be written is said at once, and the screen reports it when the app
quits (so it goes to the rescue file). ``ctrl+s`` checks and saves (on disk before the form
says so; the draft is removed in the same transaction); ``escape`` closes the form and keeps
the draft.

What an update says is typed in a :class:`~facilitator.tui.widgets.bidi_text_area.BidiTextArea`
(Arabic shaped and right to left as it is typed, stored as typed); a title quoting the activity
shows it through the one display path and follows the Arabic display; the one-line boxes keep
the logical order (as the search box does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static, TextArea

from facilitator.core import drafts as core_drafts
from facilitator.core import rescue as rescue_file
from facilitator.core.errors import EditConflict, FacilitatorError
from facilitator.tui import bidi
from facilitator.tui.autosave import Autosave, offer_left_behind, taken
from facilitator.tui.plain import follow, sentence, shown
from facilitator.tui.widgets.bidi_text_area import BidiTextArea

if TYPE_CHECKING:
    from facilitator.tui.app import FacilitatorApp


class FormClosed(Message):
    """A form closed: saved (``saved`` the activity's id) or not."""

    def __init__(self, saved: str | None) -> None:
        super().__init__()
        self.saved = saved


class _Form(Vertical):
    """A form whose typed fields are this window's draft under :attr:`draft_key`."""

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
    MAIN = "text"  # the field a draft's one line shows
    WHAT = "form"  # what the form is, for the offer of a draft left behind

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.draft_key: str | None = None
        self.target_id: str | None = None  # the activity or update being edited (None: a new one)
        self.expected: dict | None = None  # what it held when the edit began (a change since is shown)
        self.autosave = Autosave(self, self._draft, self._rescue_entry)
        self._start: dict[str, str] = {}  # the fields as the form shows them without a draft
        self._on_disk = False  # this window may have a draft of this form on disk
        self._filling = False
        self._offered: set[tuple[str, str]] = set()
        self.ref = ""  # the activity's reference, for what is said

    @property
    def facilitator(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)

    # --- the fields -------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        out = {}
        for name in self.FIELDS:
            widget = self.query_one(f"#ff-{name}")
            out[name] = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return out

    def fill(self, values: dict[str, Any]) -> None:
        """Put ``values`` in the fields (not a change to autosave by itself)."""
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

    def begin(self, key: str, start: dict[str, Any], target_id: str | None, expected: dict | None = None) -> bool:
        """The form opens on ``key``: ``start`` is what it shows without a draft, ``expected``
        what the item edited holds now; this window's own draft of it comes back (True), with
        what the item held when that edit began; drafts of it left behind by windows that
        closed are offered once the form is shown."""
        self.autosave.cleared()
        self.draft_key, self.target_id, self.expected = key, target_id, expected
        self.fill(start)
        self._start = self.values()  # as the fields hold them (the Changed events come later)
        mine = None
        try:
            mine = core_drafts.mine(self.facilitator.store.conn, self.facilitator.window.id, core_drafts.FOLLOWUP, key)
        except Exception:  # noqa: BLE001 - reading failed: the form opens as it is; the draft stays on disk
            mine = None
        fields = _fields(mine) if mine is not None else {}
        if fields:
            self.fill(fields)
            self._began_from(mine)
        self._on_disk = bool(fields)
        self.call_after_refresh(self._offer_left_behind)
        return bool(fields)

    def _began_from(self, d: core_drafts.Draft | None) -> None:
        """A draft put back: the edit began from what the item held then, not now."""
        if d is not None and self.expected is not None and isinstance(d.data.get("expected"), dict):
            self.expected = d.data["expected"]

    def typed(self) -> bool:
        return self.draft_key is not None and self.values() != self._start

    def hint(self, text: str, error: bool = False) -> None:
        """The line under the fields: what the keys do, or why the form was not saved (a message
        that may quote what was typed)."""
        self.query_one(".form-hint", Static).update(sentence(text, style="bold red" if error else "dim"))

    # --- the draft --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._filling or self.draft_key is None or not self.display:
            return
        if not self.typed() and not self._on_disk:
            return  # the fields as the form opened (a default date is not a draft)
        self.autosave.changed()

    def _draft(self) -> core_drafts.Draft | None:
        if self.draft_key is None:
            return None
        window = self.facilitator.window
        typed = self.typed()
        values = self.values()
        self._on_disk = typed
        return core_drafts.Draft(window_id=window.id, place=core_drafts.FOLLOWUP, scope=self.draft_key,
                                 text=values.get(self.MAIN, "") if typed else "", target_id=self.target_id,
                                 owner=window.owner,
                                 data={"fields": values, "expected": self.expected} if typed else {})

    def _rescue_entry(self, reason: str) -> rescue_file.Entry:
        return rescue_file.Entry(text=self._lines(self.values()), reason=reason, session="follow-up")

    def _in_order(self, values: dict[str, str]) -> dict[str, str]:
        """A draft's fields in the form's order (a draft keeps them sorted)."""
        return {name: values[name] for name in (*self.FIELDS, *sorted(values)) if name in values}

    @staticmethod
    def _lines(values: dict[str, Any]) -> str:
        return "\n".join(f"{name}: {value}" for name, value in values.items() if str(value or "").strip())

    def flush(self) -> None:
        """Write the draft now, if anything changed since it was last written."""
        self.autosave.flush()

    def unsaved_text(self) -> str:
        """What is typed and not on disk (the draft failed, or was not written yet)."""
        if not self.autosave.unsaved or not self.display:
            return ""
        return self._lines(self.values())

    def saved(self, conn) -> None:
        """Inside the save's transaction: this window's draft of the form is done with."""
        if self.draft_key is not None:
            core_drafts.clear(conn, self.facilitator.window.id, core_drafts.FOLLOWUP, self.draft_key)

    def after_save(self) -> None:
        self.autosave.cleared()
        self._on_disk = False

    # --- drafts left behind by windows that closed -------------------------------------------

    def _offer_left_behind(self) -> None:
        if self.draft_key is None or not self.display:
            return
        offer_left_behind(self, core_drafts.FOLLOWUP, self.draft_key, self._describe_draft, self._take_draft,
                          self._offered)

    def _describe_draft(self, d: core_drafts.Draft) -> tuple[str, str]:
        from facilitator.tui.widgets.contribution_stream import local_time

        return ("Unsaved form from a window that closed",
                f"{self.WHAT[:1].upper()}{self.WHAT[1:]}, typed in the follow-up of another window, last written at "
                f"{local_time(d.updated_at) if d.updated_at else '?'}, was never saved: that window closed (or "
                f"crashed) with it in the form.\n\n{self._lines(self._in_order(_fields(d)))}")

    def _take_draft(self, d: core_drafts.Draft) -> None:
        if not self.display or self.draft_key != d.scope:
            self.app.notify("That form was closed meanwhile; the text stays offered with it.", timeout=5)
            return
        self.adopt(d)

    def adopt(self, d: core_drafts.Draft) -> None:
        """Put the fields of ``d`` (a draft left behind, of this form or of a form that can no
        longer be opened) into this open form, after what is typed here; in one write it becomes
        this window's draft of this form and the one left behind is gone."""
        now = self.values()
        merged = dict(now)
        for name, value in _fields(d).items():
            if name not in merged or not str(value or "").strip():
                continue
            if now[name] == self._start.get(name, ""):
                merged[name] = str(value)  # a field not touched here: the draft's
            elif name == self.MAIN and str(value) not in now[name]:
                merged[name] = f"{now[name].rstrip()}\n{value}"  # what is typed here, then the draft's
        self.fill(merged)
        self._began_from(d)
        self.autosave.cleared()
        if taken(self, d, self._draft()):
            self.hint("The text is back, and is this window's draft now. ctrl+s save · escape close (kept as a draft)")

    # --- an edit that met another ------------------------------------------------------------

    def conflict(self, what: str, theirs: str) -> None:
        """The item changed elsewhere while it was edited here: nothing was written. Both are
        shown; ``m`` keeps mine (theirs stays among the earlier states), ``t`` keeps theirs
        (mine goes to the rescue file, never only on screen), ``escape`` back to the form."""
        from facilitator.tui.screens.dialogs import ConflictScreen, conflict_body

        mine = self._lines(self.values())
        key = self.draft_key

        def answered(answer: str | None) -> None:
            if not self.display or self.draft_key != key:
                return
            if answer == "mine":
                self.expected = None  # seen: saved over theirs
                self.action_save()
            elif answer == "theirs":
                try:
                    where = rescue_file.rescue(rescue_file.Entry(
                        text=mine, reason=f"not applied: {what} was changed elsewhere and theirs was kept",
                        session="follow-up"))
                except rescue_file.RescueFailed as exc:
                    self.hint(f"Yours could not be copied to the rescue file ({exc}): it stays here.", error=True)
                    return
                with_store = self.facilitator.store
                try:
                    with with_store.write() as conn:
                        self.saved(conn)
                except FacilitatorError:
                    pass  # the draft stays: offered again later, nothing lost
                self.after_save()
                self.post_message(FormClosed(None))
                self.app.notify(f"Theirs is kept; yours is in the rescue file {where}.", timeout=8)
            else:
                self.hint("Back to your edit: ctrl+s now saves it over theirs (theirs stays among the earlier "
                          "states).")
                self.expected = None

        self.app.push_screen(ConflictScreen(f"{what} changed while you edited it",
                                            conflict_body(what, theirs, mine)), answered)

    # --- closing ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.flush()
        kept = self.typed() and not self.autosave.error
        self.post_message(FormClosed(None))
        if kept:
            self.app.notify("Closed; what you typed is kept as a draft (it comes back with the form).", timeout=3)

    def action_save(self) -> None:
        raise NotImplementedError


def _fields(d: core_drafts.Draft) -> dict[str, str]:
    """A follow-up draft's fields."""
    given = d.data.get("fields")
    if not isinstance(given, dict):
        return {}
    return {str(k): "" if v is None else str(v) for k, v in given.items()}


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
        key = f"update-edit:{update.id}" if update is not None else f"update:{activity.id}"
        self.title_for = (f"Correct the update of {update.date} of {activity.ref} (the earlier text is kept)", "") \
            if update is not None else (f"Update {activity.ref} · ", activity.title)
        self.WHAT = (f"a correction of the update of {update.date} of {activity.ref}" if update is not None
                     else f"an update of {activity.ref}")
        self.show_title()
        # an activity written in Arabic: its update's box waits at the right edge for the first letter
        self.query_one("#ff-text", BidiTextArea).rtl_default = bidi.base_direction(activity.title) == "R"
        self.query_one("#ff-status", Input).suggester = SuggestFromList(statuses, case_sensitive=False)
        if update is not None:
            by = f"person: {update.author}" if update.author and update.author_kind == "person" else update.author
            start = {"text": update.text, "status": update.status or "", "by": by or "",
                     "progress": "" if update.progress is None else str(update.progress), "date": update.date,
                     "source": update.source or ""}
        else:
            start = {"date": today.isoformat(), "by": last_author or ""}
        from facilitator.core.followup.store import FollowUp

        expected = FollowUp(self.facilitator.store).update_fields(update.id) if update is not None else None
        back = self.begin(key, start, update.id if update is not None else activity.id, expected)
        self.ref = activity.ref
        self.hint(("Your draft is back. " if back else "")
                  + "ctrl+s save · tab next field · → accepts a suggested status · escape close (kept as a draft)")
        self.screen.set_focus(self.query_one("#ff-text", TextArea))  # at once: the keys typed next are its text

    def action_save(self) -> None:
        from facilitator.core.followup.actors import kind_word
        from facilitator.core.followup.dates import DateError, parse_date
        from facilitator.core.followup.model import UpdateIn
        from facilitator.core.followup.store import FollowUp, checked

        v = self.values()
        follow = FollowUp(self.facilitator.store)
        try:
            date = parse_date(v["date"]) or self.today
            author, kind = v["by"].strip() or None, None
            if author and ":" in author and kind_word(author.split(":", 1)[0]):
                kind, author = kind_word(author.split(":", 1)[0]), author.split(":", 1)[1].strip() or None
            data = checked(UpdateIn, activity_id=self.activity_id, date=date, author=author, author_kind=kind,
                           text=v["text"], source=v["source"] or None,
                           status=follow.status_key(v["status"], prefix=True) if v["status"].strip() else None,
                           progress=int(v["progress"]) if v["progress"].strip() else None)
            with self.facilitator.store.write() as conn:  # the update and the draft's end in one transaction
                if self.update_id is None:
                    follow.add_update(data, today=self.today)
                else:
                    follow.change_update(self.update_id, today=self.today, expected=self.expected, date=data.date,
                                         author=data.author, author_kind=data.author_kind, text=data.text,
                                         source=data.source, status=data.status, progress=data.progress)
                self.saved(conn)
        except EditConflict as exc:
            self.flush()  # on disk as a draft meanwhile
            self.conflict(f"The update of {self.ref}", exc.theirs)
            return
        except (FacilitatorError, DateError) as exc:
            self.flush()  # what is typed stays, on disk as a draft
            self.hint(f"Not saved: {exc}", error=True)
            return
        self.after_save()
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
        key = f"activity:{activity.id}" if activity else f"new-activity:{self.recommendation_id}"
        self.query_one("#ff-begin").display = activity is None
        self.query_one("#ff-status", Input).suggester = SuggestFromList(list(statuses), case_sensitive=False)
        if activity:
            title = f"Edit {activity.ref} (the earlier state is kept; status and progress change by an update: u)"
            self.WHAT = f"an edit of {activity.ref}"
        else:
            ref = f"R-{recommendation['seq']:03d}" if recommendation else "a recommendation"
            title = f"New activity carrying out {ref}"
            self.WHAT = f"a new activity carrying out {ref}"
        self.query_one(".form-title", Static).update(Text(title, style="bold"))
        start: dict[str, Any] = {}
        if activity:
            from facilitator.core.followup.actors import Actor

            lead = ""
            if activity.lead:
                lead = written([Actor(activity.lead, activity.lead_kind or "organization")])
            start = {"title": activity.title, "lead": lead, "partners": written(Actor(n, k) for n, k in activity.partners),
                     "start": activity.start, "due": activity.due, "area": activity.own_area, "lens": activity.own_lens}
        from facilitator.core.followup.store import FollowUp

        expected = FollowUp(self.facilitator.store).activity_fields(activity.id) if activity else None
        back = self.begin(key, start, activity.id if activity else self.recommendation_id, expected)
        self.ref = activity.ref if activity else ""
        self.hint(("Your draft is back. " if back else "") + "ctrl+s save · tab next field · escape close (kept as a draft)")
        self.screen.set_focus(self.query_one("#ff-title", Input))

    def action_save(self) -> None:
        from facilitator.core.followup.actors import ActorError, actor, actors
        from facilitator.core.followup.dates import DateError, parse_date
        from facilitator.core.followup.model import ActivityIn
        from facilitator.core.followup.store import FollowUp, checked

        v = self.values()
        follow = FollowUp(self.facilitator.store)
        try:
            people = follow.roster_names()
            lead = actor(v["lead"], people=people) if v["lead"].strip() else None
            fields: dict[str, Any] = dict(
                title=v["title"], lead={"name": lead.name, "kind": lead.kind} if lead else None,
                partners=[{"name": a.name, "kind": a.kind} for a in actors(v["partners"], people)],
                start=parse_date(v["start"]), due=parse_date(v["due"]), area=v["area"].strip() or None,
                lens=v["lens"].strip() or None,
            )
            with self.facilitator.store.write() as conn:  # the activity and the draft's end in one transaction
                if self.activity_id is None:
                    data = checked(ActivityIn, recommendation_id=self.recommendation_id,
                                   status=follow.status_key(v["status"], prefix=True) if v["status"].strip() else "planned",
                                   progress=int(v["progress"]) if v["progress"].strip() else None, **fields)
                    saved = follow.add_activity(data)
                else:
                    follow.change_activity(self.activity_id, expected=self.expected, **fields)
                    saved = self.activity_id
                self.saved(conn)
        except EditConflict as exc:
            self.flush()  # on disk as a draft meanwhile
            self.conflict(self.ref, exc.theirs)
            return
        except (FacilitatorError, DateError, ActorError) as exc:
            self.flush()
            self.hint(f"Not saved: {exc}", error=True)
            return
        self.after_save()
        self.post_message(FormClosed(saved))
