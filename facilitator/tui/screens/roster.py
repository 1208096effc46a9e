"""The roster: everyone who may speak. Add (a), edit (enter), import a CSV file (i), delete
someone added by mistake (d), merge a typo into the real name (m), put someone on the panel of
the session it was opened from or take them off (p), undo (u) and redo (r) a delete or a merge.

Opened from a session (f4 on the capture screen), the first column shows each panelist's number
(alt+N gives them the floor) and the last how many contributions each has."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from facilitator.tui.widgets.footer import Footer
from facilitator.core import drafts as core_drafts
from facilitator.core.errors import FacilitatorError
from facilitator.core.paths import expand
from facilitator.tui.autosave import offer_left_behind
from facilitator.tui.messages import DatabaseChanged
from facilitator.tui.plain import follow, plain
from facilitator.tui.screens.base import AppScreen

from .pick import Item, Picked, PickScreen


def _cut(value: str) -> Text:
    """A cell: plain text, cut with an ellipsis where its column ends."""
    text = cast(Text, plain(value))  # plain() of a str is a Text
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class ParticipantTable(DataTable):
    """The participants: name, organization, group, country."""


class RosterScreen(AppScreen):
    CSS_PATH = "roster.tcss"
    HELP_TITLE = "Roster"
    BINDINGS = [
        Binding("a", "add", "Add", id="roster.add"),
        Binding("enter,e", "edit", "Edit", id="roster.edit"),
        Binding("d,delete", "delete", "Delete", id="roster.delete",
                tooltip="delete the selected participant (only with no contributions; undo with u)"),
        Binding("m", "merge", "Merge", id="roster.merge",
                tooltip="merge the selected participant into another (a typo and the real name): their contributions follow; undo with u"),
        Binding("p", "panel", "Panel", id="roster.panel",
                tooltip="put the selected participant on this session's panel (last), or take them off"),
        Binding("u,ctrl+z", "undo", "Undo", id="roster.undo", tooltip="undo the last delete or merge"),
        Binding("r,ctrl+y", "redo", "Redo", id="roster.redo", tooltip="redo what was undone", show=False),
        Binding("i", "import_csv", "Import", id="roster.import", tooltip="import participants from a CSV file"),
        Binding("escape", "app.pop_screen", "Back", id="roster.back"),
    ]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.undo_stack: list = []
        self.redo_stack: list = []
        self._offered: set[tuple[str, str]] = set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "panel" and self.session_id is None:
            return False
        return True

    def compose(self) -> ComposeResult:
        yield Static("Roster", classes="screen-title", id="roster-title")
        yield ParticipantTable(id="participants", cursor_type="row", zebra_stripes=True)
        yield Static("", id="roster-hint", classes="hint")
        yield Footer(compact=True)  # every key fits in 80 columns

    def on_mount(self) -> None:
        table = self.query_one(ParticipantTable)
        self._columns(table)
        self.reload()
        table.focus()
        follow(self, self.reload)  # the Arabic display changed: the names are laid out again
        self.call_after_refresh(self.offer_left_behind)

    def _columns(self, table: DataTable) -> None:
        """Columns that fit the screen (at 80 columns every one shows, the group too): the
        number, the group, the country and the count keep their width, name and organization
        share the rest; a longer cell is cut (the form shows all of it)."""
        width = max(60, (self.size.width or self.app.size.width) - 3)  # a scrollbar
        fixed = {"#": 2, "Group": 16, "Country": 10, "Said": 4}
        labels = (["#"] if self.session_id else []) + ["Name", "Organization", "Group", "Country", "Said"]
        room = width - sum(fixed.get(label, 0) for label in labels) - 2 * len(labels)  # cell padding
        widths = {"Name": max(12, room * 11 // 20), "Organization": max(10, room - max(12, room * 11 // 20))}
        table.clear(columns=True)
        for label in labels:
            table.add_column(label, width=fixed.get(label) or widths[label])
        self._width = width

    _width = 0

    def on_resize(self) -> None:
        if self.is_mounted and self._width != max(60, self.size.width - 3):
            table = self.query_one(ParticipantTable)
            self._columns(table)
            self.reload()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another window or a command wrote: the roster as it is now (the selection kept)."""
        if self.is_mounted and message.tables & {"participant", "panelist", "contribution"}:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        from facilitator.core import people as roster_people

        table = self.query_one(ParticipantTable)
        if select is None:
            select = self._selected_id()
        table.clear()
        store = self.app.store
        people = store.participants()
        said = store.contribution_counts()
        panel = {pid: n for n, pid in enumerate(roster_people.panel(store, self.session_id), start=1)} if self.session_id else {}
        for p in people:
            cells: list[Text | Content] = [_cut(v or "") for v in (p.name, p.organization, p.stakeholder_group, p.country)]
            cells.append(plain(str(said.get(p.id, 0))))
            if self.session_id:
                cells.insert(0, plain(str(panel[p.id]) if p.id in panel else ""))
            table.add_row(*cells, key=p.id)
        title = f"Roster · {len(people)} participants"
        if self.session_id:
            title += f" · panel of this session: {len(panel)}"
        self.query_one("#roster-title", Static).update(title)
        self.query_one("#roster-hint", Static).update(
            "" if people else "Nobody yet: a to add someone, i to import a CSV file (columns: name, title, "
            "organization, group, country, gender, youth, aliases)."
        )
        if select:
            try:
                table.move_cursor(row=table.get_row_index(select))
            except RowDoesNotExist:
                pass

    def _selected_id(self) -> str | None:
        table = self.query_one(ParticipantTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_add(self, fields: dict | None = None, taking: core_drafts.Draft | None = None) -> None:
        from .participant_form import ParticipantFormScreen

        def done(data) -> None:
            if data is None:
                return
            try:
                with self.app.store.write() as conn:  # the participant and the form's draft's end, in one write
                    pid = self.app.store.add_participant(data, confirmed=form.confirmed)
                    core_drafts.clear(conn, self.app.window.id, core_drafts.PARTICIPANT)
            except FacilitatorError as exc:
                self.notify(f"Not added: {exc} (what was typed stays in this window's draft)", severity="error",
                            timeout=10)
                return
            self.reload(select=pid)
            self.notify(f"{data.name} added.", timeout=3)

        form = ParticipantFormScreen(fields=fields, taking=taking)
        self.app.push_screen(form, done)

    def action_edit(self, pid: str | None = None, fields: dict | None = None,
                    taking: core_drafts.Draft | None = None) -> None:
        pid = pid or self._selected_id()
        if pid is None:
            return
        from .participant_form import ParticipantFormScreen

        def done(data) -> None:
            if data is None:
                return
            try:
                with self.app.store.write() as conn:
                    self.app.store.update_participant(pid, confirmed=form.confirmed, **data.model_dump())
                    core_drafts.clear(conn, self.app.window.id, core_drafts.PARTICIPANT)
            except FacilitatorError as exc:
                self.notify(f"Not saved: {exc} (what was typed stays in this window's draft)", severity="error",
                            timeout=10)
                return
            self.reload(select=pid)
            self.notify(f"{data.name} saved.", timeout=3)

        form = ParticipantFormScreen(self.app.store.participant(pid), fields=fields, taking=taking)
        self.app.push_screen(form, done)

    # --- forms left behind by windows that closed ----------------------------------------------------

    def offer_left_behind(self) -> None:
        offer_left_behind(self, core_drafts.PARTICIPANT, "", self._describe_draft, self._take_draft, self._offered)

    def _describe_draft(self, d: core_drafts.Draft) -> tuple[str, str]:
        from facilitator.tui.widgets.contribution_stream import local_time

        given = d.data.get("fields")
        fields: dict = given if isinstance(given, dict) else {}
        lines = "\n".join(f"{k.replace('_', ' ')}: {v}" for k, v in fields.items() if v not in (None, "", False))
        what = "An edit of a participant" if d.target_id else "A new participant"
        return ("Unsaved form from a window that closed",
                f"{what}, typed in the roster of another window, last written at "
                f"{local_time(d.updated_at) if d.updated_at else '?'}, was never saved.\n\n{lines}")

    def _take_draft(self, d: core_drafts.Draft) -> None:
        given = d.data.get("fields")
        fields: dict = given if isinstance(given, dict) else {}
        known = {p.id for p in self.app.store.participants()}
        if d.target_id in known:  # the form's first write takes it (tui.autosave.taken)
            self.action_edit(d.target_id, fields=fields, taking=d)
        else:
            self.action_add(fields=fields, taking=d)

    def _person_name(self, pid: str) -> str:
        try:
            return self.app.store.participant(pid).name
        except FacilitatorError:
            return "?"

    def action_delete(self) -> None:
        from facilitator.core import people

        pid = self._selected_id()
        if pid is None:
            return
        try:
            step = people.delete_participant(self.app.store, pid)
        except FacilitatorError as exc:
            self.notify(str(exc), severity="warning", timeout=8)
            return
        self.undo_stack.append(step)
        self.redo_stack.clear()
        self.reload()
        self.notify(f"{step.row['name']} deleted from the roster. Undo: u.", timeout=5)

    def action_merge(self) -> None:
        from facilitator.core import people

        source = self._selected_id()
        if source is None:
            return
        name = self._person_name(source)
        others = [p for p in self.app.store.participants() if p.id != source]
        if not others:
            self.notify("There is nobody to merge into.", timeout=3)
            return
        from facilitator.tui.widgets.picker import speaker_matcher

        def chosen(picked: Picked | None) -> None:
            if picked is None or not picked.key:
                return
            try:
                step = people.merge_participants(self.app.store, source, picked.key)
            except FacilitatorError as exc:
                self.notify(f"Not merged: {exc}", severity="error", timeout=10)
                return
            self.undo_stack.append(step)
            self.redo_stack.clear()
            self.reload(select=picked.key)
            n = len(step.contributions)
            self.notify(f"{name} merged into {self._person_name(picked.key)} ({n} contribution{'s' if n != 1 else ''} moved). "
                        "Undo: u.", timeout=6)

        self.app.push_screen(
            PickScreen(f"Merge {name} into: (their contributions follow)", matcher=speaker_matcher(others),
                       placeholder="the right participant: letters of a name, initials",
                       hint="enter merge · escape cancel"),
            chosen,
        )

    def action_panel(self) -> None:
        from facilitator.core import people

        pid = self._selected_id()
        if pid is None or self.session_id is None:
            return
        try:
            on = people.toggle_panelist(self.app.store, self.session_id, pid)
        except FacilitatorError as exc:
            self.notify(f"Not changed: {exc}", severity="error", timeout=10)
            return
        self.reload(select=pid)
        n = len(people.panel(self.app.store, self.session_id))
        self.notify(f"{self._person_name(pid)} is panelist {n} (alt+{n})." if on and n <= 9 else
                    f"{self._person_name(pid)} is on the panel." if on else f"{self._person_name(pid)} is off the panel.", timeout=4)

    def action_undo(self) -> None:
        from facilitator.core import people

        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        step = self.undo_stack[-1]
        try:
            people.undo(self.app.store, step)
        except FacilitatorError as exc:
            self.notify(f"Not undone: {exc}", severity="error", timeout=10)
            return
        self.undo_stack.pop()
        self.redo_stack.append(step)
        self.reload(select=step.row["id"])
        self.notify(f"Undone: {step.label}.", timeout=3)

    def action_redo(self) -> None:
        from facilitator.core import people

        if not self.redo_stack:
            self.notify("Nothing to redo.", timeout=2)
            return
        step = self.redo_stack[-1]
        try:
            again = people.redo(self.app.store, step)
        except FacilitatorError as exc:
            self.notify(f"Not redone: {exc}", severity="error", timeout=10)
            return
        self.redo_stack.pop()
        self.undo_stack.append(again)
        self.reload()
        self.notify(f"Redone: {step.label}.", timeout=3)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_import_csv(self) -> None:
        found = sorted({*Path.cwd().glob("*.csv"), *Path.cwd().glob("*/*.csv")})[:100]
        items = [Item(str(p), str(p.relative_to(Path.cwd()))) for p in found]

        def chosen(picked: Picked | None) -> None:
            if picked is None:
                return
            path = expand(picked.key or picked.text, strict=False)
            from facilitator.core.roster import import_roster, read_roster

            try:
                rows = read_roster(path)
                result = import_roster(self.app.store, rows, path)
            except FacilitatorError as exc:
                self.notify(str(exc), title="Not imported", severity="error", timeout=15)
                return
            self.reload()
            self.notify(
                f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged.",
                title=f"Imported {path.name}", timeout=5,
            )

        self.app.push_screen(
            PickScreen("Import participants from a CSV file", items, placeholder="path of a .csv file",
                       new_label="Import {}", hint="enter import · escape cancel"),
            chosen,
        )
