"""Undo and redo of what the rapporteur does to saved contributions: delete, move to another
question, edit, change of speaker, flag as a proposed recommendation.

Each change goes through :class:`EntryHistory`, which does it in the store and remembers how to
take it back. Undoing an edit writes the earlier text back (the text being undone is kept as a
revision, like every earlier text); undoing a delete restores the contribution. An undo (or
redo) is done only if the contribution is still as the step left it: what another window or a
command did since is never reverted (the step is dropped, and :class:`ChangedSince` says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import FacilitatorError
from .records import Contribution

LIMIT = 500


class ChangedSince(FacilitatorError):
    """An undo or redo found the contribution changed since (another window, a command)."""


@dataclass(frozen=True)
class Step:
    kind: str  # "delete" | "move" | "edit" | "speaker" | "flag"
    contribution_id: str
    before: Any
    after: Any
    ref: str  # the reference when it was done (Q3-012)

    @property
    def label(self) -> str:
        return {
            "delete": f"delete of {self.ref}",
            "move": f"move of {self.ref}",
            "edit": f"edit of {self.ref}",
            "speaker": f"change of speaker of {self.ref}",
            "flag": f"flag of {self.ref}",
        }[self.kind]


def _value(kind: str, c: Contribution) -> Any:
    """What a step of ``kind`` changes, as ``c`` has it."""
    return {"delete": c.deleted_at is not None, "move": c.question_id, "edit": c.text,
            "speaker": c.participant_id, "flag": c.proposed}[kind]


class EntryHistory:
    def __init__(self, store) -> None:
        self.store = store
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []

    # --- the changes ---------------------------------------------------------------------------

    def _apply(self, kind: str, cid: str, value: Any, *, expected: Any = None, check: bool = False) -> Contribution:
        """Make the change; with ``check``, only if the contribution is still as ``expected``
        (an undo or redo never reverts what another window or a command did since)."""
        store = self.store
        with store.write():  # the check and the change in one transaction
            if check:
                current = store.contribution(cid)
                now = _value(kind, current)
                if kind == "edit":
                    from .models import ContributionIn

                    expected = ContributionIn(session_id=current.session_id, text=expected).text
                if now != expected:
                    raise ChangedSince(
                        f"{current.ref} was changed since (in another window or with the command line): "
                        "nothing was undone or redone, and that step is dropped"
                    )
            if kind == "delete":
                if value:
                    store.delete_contribution(cid)
                else:
                    store.restore_contribution(cid)
                return store.contribution(cid)
            if kind == "move":
                return store.move_contribution(cid, value)
            if kind == "edit":
                return store.edit_contribution(cid, value)
            if kind == "speaker":
                return store.set_speaker(cid, value)
            if kind == "flag":
                return store.set_proposed(cid, value)
        raise ValueError(kind)

    def _do(self, kind: str, c: Contribution, before: Any, after: Any) -> Contribution:
        with self.store.write():  # what it was is read where it is changed (not from a window's copy)
            before = _value(kind, self.store.contribution(c.id))
            new = self._apply(kind, c.id, after)
        self.undo_stack.append(Step(kind, c.id, before, after, c.ref))
        del self.undo_stack[:-LIMIT]
        self.redo_stack.clear()
        return new

    def delete(self, c: Contribution) -> Contribution:
        return self._do("delete", c, False, True)

    def move(self, c: Contribution, question_id: str | None) -> Contribution:
        return self._do("move", c, c.question_id, question_id)

    def edit(self, c: Contribution, text: str, *, expected: str | None = None) -> Contribution:
        """Edit ``c``'s text; ``expected``: the text the edit began from (an
        :class:`~.errors.EditConflict` when it changed meanwhile)."""
        new = self.store.edit_contribution(c.id, text, expected=expected)
        self.undo_stack.append(Step("edit", c.id, c.text if expected is None else expected, new.text, c.ref))
        del self.undo_stack[:-LIMIT]
        self.redo_stack.clear()
        return new

    def speaker(self, c: Contribution, participant_id: str | None) -> Contribution:
        return self._do("speaker", c, c.participant_id, participant_id)

    def flag(self, c: Contribution, proposed: bool) -> Contribution:
        return self._do("flag", c, c.proposed, proposed)

    # --- undo, redo ----------------------------------------------------------------------------

    def undo_label(self) -> str | None:
        return self.undo_stack[-1].label if self.undo_stack else None

    def redo_label(self) -> str | None:
        return self.redo_stack[-1].label if self.redo_stack else None

    def undo(self) -> tuple[Step, Contribution] | None:
        """Take back the last change (None: nothing to undo). On a failed write the step stays;
        a step whose contribution was changed since (another window, a command) is dropped with
        :class:`ChangedSince`, and nothing is changed."""
        if not self.undo_stack:
            return None
        step = self.undo_stack[-1]
        try:
            c = self._apply(step.kind, step.contribution_id, step.before, expected=step.after, check=True)
        except ChangedSince:
            self.undo_stack.pop()
            raise
        self.undo_stack.pop()
        self.redo_stack.append(step)
        return step, c

    def redo(self) -> tuple[Step, Contribution] | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack[-1]
        try:
            c = self._apply(step.kind, step.contribution_id, step.after, expected=step.before, check=True)
        except ChangedSince:
            self.redo_stack.pop()
            raise
        self.redo_stack.pop()
        self.undo_stack.append(step)
        return step, c
