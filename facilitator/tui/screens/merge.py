"""Merge: pick exported summaries, see the consolidated report and its conflicts, write it.

The files of a folder (``exports/`` unless another is typed in the folder box) are listed;
``space`` picks or unpicks one, ``a`` picks all, ``p`` merges the picked files into a preview,
``s`` switches "skip bad files", ``t`` the format of the report (Markdown, Word, HTML), ``l``
the language of the questions' headings (the first file's, English, Arabic, French), ``g`` how
the recommendations are grouped, ``f`` goes to the folder box (``enter`` there lists that
folder), ``o`` to the report's file name, ``ctrl+s`` writes the report to that file (asking
before it replaces a different file that is not one of the inputs: press ``ctrl+s`` again),
``escape`` goes back. The merge, and a Word or HTML file (pandoc), are made in worker threads;
the work is done by :mod:`facilitator.core.merge`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Markdown, SelectionList, Static, Switch

from facilitator.core.paths import expand
from facilitator.tui.plain import plain
from facilitator.tui.screens.base import AppScreen

from .writing import FORMATS, WritesDocument

PREVIEW_LINES = 150  # the Markdown widget is slow with many blocks; the file holds everything
LANGUAGES = ((None, "as filed"), ("en", "in English"), ("ar", "in Arabic"), ("fr", "in French"))
GROUPINGS = ((None, "in one list (a series: by area)"), ("addressee", "by addressee"), ("question", "by question"),
             ("area", "by area, lens"))
FORMS = (("record", "working record"), ("outcome", "outcome to send"))


class MergeScreen(WritesDocument, AppScreen):
    PATH_BOX = "merge-output"
    WRITTEN_TITLE = "Merge"
    CSS_PATH = "merge.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="merge.back"),
        Binding("p", "merge", "Merge / preview", id="merge.preview"),
        Binding("a", "pick_all", "Pick all", id="merge.all"),
        Binding("s", "toggle_skip", "Skip bad files", id="merge.skip"),
        Binding("t", "next_format", "Format", id="merge.format"),
        Binding("l", "next_language", "Language", id="merge.language"),
        Binding("g", "next_grouping", "Group", id="merge.group"),
        Binding("u", "next_form", "Record / outcome", id="merge.form",
                tooltip="the working record (what merge and import read) or the outcome document to send"),
        Binding("c", "consolidate", "Consolidate", id="merge.consolidate",
                tooltip="a set of recommendations that say the same thing: keep one text, write one, or keep them apart"),
        Binding("o", "focus_output", "Report name", id="merge.output"),
        Binding("f", "focus_folder", "Folder", id="merge.folder"),
        Binding("ctrl+s", "write", "Write report", id="merge.write", priority=True),
    ]

    def __init__(self, folder: str | Path | None = None) -> None:
        super().__init__()
        self.folder = Path(folder) if folder else None
        self.text: str | None = None
        self.inputs: list[Path] = []
        self.result = None
        self.lang: str | None = None
        self.group_by: str | None = None
        self.form = "record"
        self.set_turn = -1  # which set the next c shows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Merge exported summaries", classes="screen-title")
        with Horizontal(id="merge-body"):
            with Vertical(id="merge-left"):
                yield Input(id="merge-folder", placeholder="folder of exported summaries")
                yield SelectionList[str](id="merge-files")
                with Horizontal(id="merge-options"):
                    yield Switch(value=False, id="merge-skip-bad")
                    yield Label("Skip bad files", id="merge-skip-label")
            with Vertical(id="merge-right"):
                yield Static("Pick files with space, then p to merge.", id="merge-report")
                with VerticalScroll(id="merge-preview-scroll"):
                    yield Markdown("", id="merge-preview", open_links=False)
        yield Static("", id="merge-format", classes="hint")
        yield Input(id="merge-output", placeholder="report to write")
        yield Static("", id="merge-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        from facilitator.core import paths

        folder = _near(self.folder or paths.exports_dir())
        self.folder = None
        self.query_one("#merge-folder", Input).value = str(folder)
        self.load_folder(folder)
        self._show_options()
        self.query_one("#merge-files").focus()

    def _show_options(self) -> None:
        self.query_one("#merge-format", Static).update(
            f"{dict(FORMS)[self.form]} (u) · {dict(FORMATS)[self.fmt]} (t) · {dict(LANGUAGES)[self.lang]} (l) · "
            f"recommendations {dict(GROUPINGS)[self.group_by]} (g) · sets (c)"
        )

    def action_next_format(self) -> None:
        self.next_format()
        self._show_options()

    def action_next_language(self) -> None:
        order = [code for code, _ in LANGUAGES]
        self.lang = order[(order.index(self.lang) + 1) % len(order)]
        self._show_options()
        if self.text is not None:
            self.action_merge()

    def action_next_form(self) -> None:
        self.form = "outcome" if self.form == "record" else "record"
        self._show_options()
        if self.result is not None:
            self.result.form = self.form
            self._show(self.result, self.inputs, again=True)

    def action_consolidate(self) -> None:
        """The next set still proposed (else the next set): staff keep a member's text (its
        number), write their own, or say ``separate``; the report is made again at once."""
        result = self.result
        if result is None or result.doc is None or not result.doc.sets:
            self._status("No set of similar recommendations in this report (merge first: p).")
            return
        sets = result.doc.sets
        proposed = [s for s in sets if s.state == "proposed"]
        self.set_turn += 1
        pool = proposed or sets
        cset = pool[self.set_turn % len(pool)]
        recs = {r.id: r for r in result.doc.recommendations()}
        members = [recs[m] for m in cset.members if m in recs]
        lines = [f"Set of {len(members)} ({cset.state}):"]
        for k, r in enumerate(members, start=1):
            lines.append(f"{k}. {' '.join(r.text.split())[:150]}")
        from facilitator.tui.screens.review.dialogs import ReviewPrompt

        def done(value: str | None) -> None:
            if value is None or not value.strip():
                return
            value = value.strip()
            if value.isdigit() and 1 <= int(value) <= len(members):
                result.decide(cset.id, state="consolidated", source=members[int(value) - 1].id)
            elif value.casefold() in ("separate", "séparées", "منفصلة"):
                result.decide(cset.id, state="separate")
            elif value.casefold() in ("proposed", "undo"):
                result.decide(cset.id, state="proposed")
            else:
                result.decide(cset.id, state="consolidated", text=value)
            self._show(result, self.inputs, again=True)
            self._status(f"Set decided ({next(s.state for s in result.doc.sets if s.id == cset.id)}); "
                         "ctrl+s writes the report: merging it again keeps the decision.")

        hint = (f"1-{len(members)} keeps that text · or type the text to keep · 'separate' keeps them apart · "
                "enter ok · escape later")
        self.app.push_screen(ReviewPrompt("\n".join(lines), "", hint=hint), done)

    def action_next_grouping(self) -> None:
        order = [g for g, _ in GROUPINGS]
        self.group_by = order[(order.index(self.group_by) + 1) % len(order)]
        self._show_options()
        if self.text is not None:
            self.action_merge()

    # --- files -------------------------------------------------------------------------------

    def load_folder(self, folder: Path) -> None:
        files = self.query_one("#merge-files", SelectionList)
        files.clear_options()
        try:
            found = sorted(p for p in folder.glob("*.md") if p.is_file() and p.name.lower() != "readme.md")
        except OSError as exc:
            self._status(f"Cannot read {folder}: {exc.strerror}")
            return
        for p in found:
            files.add_option((plain(p.name), str(p)))
        output = self.query_one("#merge-output", Input)
        if self.folder is None or output.value in ("", str(self.folder / "consolidated-report.md")):
            output.value = str(folder / "consolidated-report.md")  # follows the folder unless typed
        self.folder = folder
        self._status(f"{len(found)} Markdown file(s) in {folder}." if found else f"No exported summaries in {folder}.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "merge-folder":
            self.load_folder(_near(expand(event.value.strip() or ".", strict=False)))
            self.query_one("#merge-files").focus()
        elif event.input.id == "merge-output":
            self.action_write()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "merge-output":
            self.confirm_overwrite = None

    def _status(self, text: str) -> None:
        self.query_one("#merge-status", Static).update(plain(text))

    @property
    def picked(self) -> list[Path]:
        return [Path(v) for v in self.query_one("#merge-files", SelectionList).selected]

    # --- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_output(self) -> None:
        self.query_one("#merge-output", Input).focus()

    def action_focus_folder(self) -> None:
        self.query_one("#merge-folder", Input).focus()

    def action_pick_all(self) -> None:
        self.query_one("#merge-files", SelectionList).select_all()

    def action_toggle_skip(self) -> None:
        switch = self.query_one("#merge-skip-bad", Switch)
        switch.value = not switch.value

    def action_merge(self) -> None:
        picked = self.picked
        if not picked:
            self._status("Pick at least one file (space), or all of them (a).")
            return
        self.text = None
        self.confirm_overwrite = None
        self._status(f"Merging {len(picked)} file(s)…")
        self._merge(picked, self.query_one("#merge-skip-bad", Switch).value, self.lang, self.group_by, self.form)

    @work(thread=True, exclusive=True, group="merge")
    def _merge(self, picked: list[Path], skip_bad: bool, lang: str | None = None, group_by: str | None = None,
               form: str = "record") -> None:
        from facilitator.core.errors import FacilitatorError
        from facilitator.core.merge import merge_files

        try:
            result = merge_files(picked, skip_bad=skip_bad, lang=lang, group_by=group_by, form=form)
        except FacilitatorError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, result, picked)

    def _failed(self, message: str) -> None:

        self.text = None
        self.result = None
        self.query_one("#merge-report", Static).update(plain(message))
        self.query_one("#merge-preview", Markdown).update("")
        self._status("Nothing merged. Fix or unpick the bad files, or press s to skip them.")

    def _show(self, result, picked: list[Path], again: bool = False) -> None:
        from facilitator.core.summary.render import preview

        if again:
            result.render()
        self.text, self.inputs, self.result = result.text, picked, result
        self.query_one("#merge-report", Static).update(plain(result.report()))
        self.query_one("#merge-preview", Markdown).update(preview(result.text, PREVIEW_LINES))
        used = len(picked) - len(result.skipped)
        missing = f", {len(result.doc.missing)} MISSING EVIDENCE" if result.doc is not None and result.doc.missing else ""
        self._status(
            f"Merged {used} file(s): {len(result.conflicts)} conflict(s){missing}, {len(result.skipped)} skipped. "
            "ctrl+s writes the report."
        )

    def action_write(self) -> None:
        if self.text is None:
            self._status("Nothing to write yet: pick files and press p first.")
            return
        raw = self.query_one("#merge-output", Input).value.strip()
        if not raw:
            self._status("Give a file name for the report first.")
            return
        path = expand(raw, strict=False)
        result, text, fmt = self.result, self.text, self.fmt

        def make() -> bytes:  # in the worker thread: pandoc for Word and HTML
            return result.document(fmt, where=str(path)) if result is not None else text.encode("utf-8")

        self.write_document(path, make, allowed=set(self.inputs))


def _near(folder: Path) -> Path:
    """``folder`` relative to the current folder when it is inside it: shorter to read in the
    folder box, the file names and the report."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return folder
