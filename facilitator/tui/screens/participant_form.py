"""Add or edit one participant: name, title, organization, stakeholder group, country, gender,
other spellings of the name (between ``|``; an anonymous export withholds them too), youth.
``ctrl+s`` (or ``enter`` in the last field) saves, ``escape`` cancels. Dismisses with the
validated :class:`ParticipantIn`, or ``None``.

What is typed is this window's draft as it is typed (:mod:`facilitator.tui.autosave`): a crash
or a closed terminal loses nothing, and the roster offers it to the next window. Cancelling
drops it; the roster removes it once the participant is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from facilitator.core.drafts import PARTICIPANT, Draft
from facilitator.core.models import Participant, ParticipantIn, problem
from facilitator.core.rescue import Entry
from facilitator.core.vocab import label_problem
from facilitator.tui.autosave import Autosave, taken
from facilitator.tui.plain import plain

if TYPE_CHECKING:
    from facilitator.tui.app import FacilitatorApp

# the fields that are labels, checked for sentences (core.vocab.label_problem)
LABELS = (("name", "Name", "name"), ("title", "Title", "title"), ("organization", "Organization", "organization"),
          ("stakeholder_group", "Group", "group"))

FIELDS = (
    ("name", "Name"),
    ("title", "Title"),
    ("organization", "Organization"),
    ("stakeholder_group", "Group"),
    ("country", "Country"),
    ("gender", "Gender"),
    ("aliases", "Also written"),  # other spellings of the name, between |
)


class ParticipantFormScreen(ModalScreen[ParticipantIn | None]):
    CSS_PATH = "participant_form.tcss"
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Save", id="participant.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="participant.cancel"),
    ]

    def __init__(self, participant: Participant | None = None, *, fields: dict[str, Any] | None = None,
                 taking: Draft | None = None) -> None:
        """``fields``: what to show instead of the participant's (a draft put back);
        ``taking``: that draft, left behind by a closed window, taken by the first write."""
        super().__init__()
        self.participant = participant
        self.start = fields
        self.taking = taking
        self.autosave = Autosave(self, self._draft, self._rescue_entry)
        self.cancelled = False
        self.confirmed = False  # labels that read like sentences kept on purpose

    def compose(self) -> ComposeResult:
        p = self.participant
        with VerticalScroll(id="form-box"):
            yield Static("Edit participant" if p else "New participant", id="form-title")
            start = self.start
            for field, label in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    value = str(start.get(field) or "") if start is not None else self._shown(field)
                    yield Input(value=value, id=f"f-{field}",
                                placeholder="other spellings, between |: Mimi T. | A. Traoré"
                                if field == "aliases" else "")
            youth = bool(start.get("youth")) if start is not None else bool(p and p.youth)
            yield Checkbox("Youth", value=youth, id="f-youth")
            yield Static("ctrl+s save · tab next field · escape cancel", id="form-hint")

    def _shown(self, field: str) -> str:
        value = getattr(self.participant, field, None) if self.participant else None
        if field == "aliases":
            return " | ".join(value or [])
        return value or ""

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()
        if self.taking is not None:
            taken(self, self.taking, self._draft())  # this window's draft now, in one write

    # --- the draft ---------------------------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        values: dict[str, Any] = {f: self.query_one(f"#f-{f}", Input).value for f, _ in FIELDS}
        values["youth"] = self.query_one("#f-youth", Checkbox).value
        return values

    def _typed(self) -> bool:
        """Something differs from what the participant had (or anything, for a new one)."""
        p = self.participant
        now = self.fields()
        if p is None:
            return any(str(v).strip() for k, v in now.items() if k != "youth")
        return any((now[f] or "").strip() != self._shown(f) for f, _ in FIELDS) or now["youth"] != bool(p.youth)

    def _draft(self) -> Draft:
        window = cast("FacilitatorApp", self.app).window
        values = self.fields() if self._typed() and not self.cancelled else {}
        return Draft(window_id=window.id, place=PARTICIPANT, text=str(values.get("name") or ""), owner=window.owner,
                     target_id=self.participant.id if self.participant else None,
                     data={"fields": values} if values else {})

    def _rescue_entry(self, reason: str) -> Entry:
        values = self.fields()
        return Entry(text="\n".join(f"{label}: {values[f]}" for f, label in FIELDS if values[f]), reason=reason,
                     speaker="the roster's participant form")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.is_mounted:
            self.autosave.changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if self.is_mounted:
            self.autosave.changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"f-{FIELDS[-1][0]}":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = {f: self.query_one(f"#f-{f}", Input).value.strip() or None for f, _ in FIELDS}
        try:
            fields: dict[str, Any] = {k: v for k, v in values.items() if k not in ("name", "aliases")}
            fields["aliases"] = values["aliases"] or []  # text: split by ParticipantIn
            data = ParticipantIn(**fields, name=values["name"] or "", youth=self.query_one("#f-youth", Checkbox).value)
        except ValidationError as exc:
            message = problem(exc, dict(FIELDS))  # the checks of core/limits.py, as every path has them
            self.query_one("#form-hint", Static).update(plain(message))
            self.notify(message, severity="error")
            return
        problems = [(label, kind, getattr(data, field), why) for field, label, kind in LABELS
                    if (why := label_problem(kind, getattr(data, field)))]
        if problems and not self.confirmed:
            self._confirm(data, problems)
            return
        self.autosave.flush()  # on disk until the roster has written the participant
        self.dismiss(data)

    def _confirm(self, data: ParticipantIn, problems: list[tuple[str, str, str, str]]) -> None:
        """A name, title, organization or group that reads like a sentence (speech typed in the
        wrong box): kept only if the person says so."""
        from .dialogs import LabelCheckScreen, excerpt

        body = "\n\n".join(f"{label}: {excerpt(value, 4)}\n({why})" for label, _kind, value, why in problems)

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.confirmed = True
                self.action_save()
            else:
                field = next(f for f, label, _k in LABELS if label == problems[0][0])
                self.query_one(f"#f-{field}", Input).focus()

        self.app.push_screen(LabelCheckScreen("This reads like a sentence, not a label", body), answered)

    def action_cancel(self) -> None:
        self.cancelled = True  # nothing kept: cancelled on purpose
        self.autosave.dirty = True
        self.autosave.flush()
        self.dismiss(None)
