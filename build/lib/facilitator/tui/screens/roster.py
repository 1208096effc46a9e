"""The roster: everyone who may speak. Add (a), edit (enter), import a CSV file (i)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from facilitator.core.errors import FacilitatorError

from .pick import Item, Picked, PickScreen


class ParticipantTable(DataTable):
    """The participants: name, organization, group, country."""


class RosterScreen(Screen):
    CSS_PATH = "roster.tcss"
    HELP_TITLE = "Roster"
    BINDINGS = [
        Binding("a", "add", "Add", id="roster.add"),
        Binding("enter,e", "edit", "Edit", id="roster.edit"),
        Binding("i", "import_csv", "Import CSV", id="roster.import"),
        Binding("escape", "app.pop_screen", "Back", id="roster.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Roster", classes="screen-title", id="roster-title")
        yield ParticipantTable(id="participants", cursor_type="row", zebra_stripes=True)
        yield Static("", id="roster-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(ParticipantTable)
        table.add_columns("Name", "Organization", "Group", "Country")
        self.reload()
        table.focus()

    def reload(self, select: str | None = None) -> None:
        table = self.query_one(ParticipantTable)
        table.clear()
        people = self.app.store.participants()
        for p in people:
            table.add_row(p.name, p.organization or "", p.stakeholder_group or "", p.country or "", key=p.id)
        self.query_one("#roster-title", Static).update(f"Roster · {len(people)} participants")
        self.query_one("#roster-hint", Static).update(
            "" if people else "Nobody yet: a to add someone, i to import a CSV file (columns: name, title, "
            "organization, group, country, gender, youth)."
        )
        if select:
            try:
                table.move_cursor(row=table.get_row_index(select))
            except Exception:
                pass

    def _selected_id(self) -> str | None:
        table = self.query_one(ParticipantTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_add(self) -> None:
        from .participant_form import ParticipantFormScreen

        def done(data) -> None:
            if data is None:
                return
            try:
                pid = self.app.store.add_participant(data)
            except FacilitatorError as exc:
                self.notify(f"Not added: {exc}", severity="error", timeout=10)
                return
            self.reload(select=pid)
            self.notify(f"{data.name} added.", timeout=3)

        self.app.push_screen(ParticipantFormScreen(), done)

    def action_edit(self) -> None:
        pid = self._selected_id()
        if pid is None:
            return
        from .participant_form import ParticipantFormScreen

        def done(data) -> None:
            if data is None:
                return
            try:
                self.app.store.update_participant(pid, **data.model_dump())
            except FacilitatorError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=10)
                return
            self.reload(select=pid)
            self.notify(f"{data.name} saved.", timeout=3)

        self.app.push_screen(ParticipantFormScreen(self.app.store.participant(pid)), done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_import_csv(self) -> None:
        found = sorted({*Path.cwd().glob("*.csv"), *Path.cwd().glob("*/*.csv")})[:100]
        items = [Item(str(p), str(p.relative_to(Path.cwd()))) for p in found]

        def chosen(picked: Picked | None) -> None:
            if picked is None:
                return
            path = Path(picked.key or picked.text).expanduser()
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
