"""Add or edit one participant: name, title, organization, stakeholder group, country, gender,
other spellings of the name (between ``|``; an anonymous export withholds them too), youth.
``ctrl+s`` (or ``enter`` in the last field) saves, ``escape`` cancels. Dismisses with the
validated :class:`ParticipantIn`, or ``None``."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from facilitator.core.models import Participant, ParticipantIn, problem
from facilitator.tui.plain import plain

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

    def __init__(self, participant: Participant | None = None) -> None:
        super().__init__()
        self.participant = participant

    def compose(self) -> ComposeResult:
        p = self.participant
        with VerticalScroll(id="form-box"):
            yield Static("Edit participant" if p else "New participant", id="form-title")
            for field, label in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(value=self._shown(field), id=f"f-{field}",
                                placeholder="other spellings, between |: Mimi T. | A. Traoré"
                                if field == "aliases" else "")
            yield Checkbox("Youth", value=bool(p and p.youth), id="f-youth")
            yield Static("ctrl+s save · tab next field · escape cancel", id="form-hint")

    def _shown(self, field: str) -> str:
        value = getattr(self.participant, field, None) if self.participant else None
        if field == "aliases":
            return " | ".join(value or [])
        return value or ""

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

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
        self.dismiss(data)

    def action_cancel(self) -> None:
        self.dismiss(None)
