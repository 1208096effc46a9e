"""Merge: pick exported summaries, see the consolidated report and its conflicts, write it.

Size: ~460 lines: one screen (one module per screen is the house rule): its bindings and layout,
its options, the merge and the preview run in a worker thread with the messages they send back, and
writing the report; the merge itself is in :mod:`facilitator.core.summary.merging`.

The files of a folder (``exports/`` unless another is typed in the folder box) are listed;
``space`` picks or unpicks one, ``a`` picks all, ``p`` merges the picked files into a preview,
``s`` switches "skip bad files", ``t`` the format of the report (Markdown, Word, HTML), ``l``
the language of the questions' headings (the first file's, English, Arabic, French), ``g`` how
the recommendations are grouped, ``u`` the form (the working record, or the outcome document to
send), ``c`` decides a set of similar recommendations (keep one member's text, write one, or
keep them apart), ``f`` goes to the folder box (``enter`` there lists that folder), ``o`` to the report's file name, ``ctrl+s`` writes the report to that file (asking
before it replaces a different file that is not one of the inputs: press ``ctrl+s`` again),
``escape`` goes back. The merge (with its preview laid out), the report made again for another
form or a set's decision, and a Word or HTML file (pandoc), are made in worker threads that
report by messages (the report is made again by one worker at a time, and never while it is being
written: :attr:`MergeScreen.report_lock`); the work is done by :mod:`facilitator.core.merge`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Input, Label, SelectionList, Static, Switch

from facilitator.tui.widgets.footer import Footer
from facilitator.core.paths import expand
from facilitator.tui.background import Tell, run_for
from facilitator.tui.plain import follow, plain
from facilitator.tui.preview import MarkdownPreview
from facilitator.tui.screens.base import AppScreen

from .writing import FORMATS, WritesDocument

PREVIEW_LINES = 150  # of the report, in the preview; the file holds everything
LANGUAGES = ((None, "as filed"), ("en", "in English"), ("ar", "in Arabic"), ("fr", "in French"))
GROUPINGS = ((None, "in one list (a series: by area)"), ("addressee", "by addressee"), ("question", "by question"),
             ("area", "by area, lens"))
FORMS = (("record", "working record"), ("outcome", "outcome to send"))


class Merged(Message):
    """The picked files merged (``result``: a ``MergeResult``), the preview laid out for ``width``;
    ``asked``: which merge or change of the report this answers; ``note``: what to say instead
    of the merge's counts."""

    def __init__(self, picked: list[Path], result: Any, preview: Text, width: int, asked: int,
                 note: str | None = None) -> None:
        super().__init__()
        self.picked, self.result, self.preview, self.width = picked, result, preview, width
        self.asked, self.note = asked, note


class MergeFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class PreviewLaidOut(Message):
    def __init__(self, picked: list[Path], preview: Text, width: int) -> None:
        super().__init__()
        self.picked, self.preview, self.width = picked, preview, width


def merge_in_thread(picked: list[Path], skip_bad: bool, lang: str | None, group_by: str | None, form: str,
                    width: int, lines: int, asked: int, tell: Tell) -> None:
    """In a worker thread: merge the files, and lay the preview out."""
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.merge import merge_files
    from facilitator.tui.preview import render

    try:
        result = merge_files(picked, skip_bad=skip_bad, lang=lang, group_by=group_by, form=form)
    except FacilitatorError as exc:
        tell(MergeFailed(str(exc)))
        return
    tell(Merged(picked, result, render(result.text, width, lines=lines), width, asked))


def remake_in_thread(result: Any, change: Callable[[Any], object], lock: threading.Lock, picked: list[Path],
                     width: int, lines: int, asked: int, note: Callable[[Any], str] | None, tell: Tell) -> None:
    """In a worker thread: change the merged report (another form, a set decided: ``change``
    makes its text again) and lay the preview out; ``lock``: one change or write at a time."""
    from facilitator.tui.preview import render

    with lock:
        change(result)
        text = result.text
        said = note(result) if note is not None else None
    tell(Merged(picked, result, render(text, width, lines=lines), width, asked, said))


def _set_form(form: str) -> Callable[[Any], object]:
    def change(result: Any) -> None:
        result.form = form
        result.render()

    return change


def lay_out(text: str, picked: list[Path], width: int, lines: int, tell: Tell) -> None:
    from facilitator.tui.preview import render

    tell(PreviewLaidOut(picked, render(text, width, lines=lines), width))


class MergeScreen(WritesDocument, AppScreen):
    PATH_BOX = "merge-output"
    WRITTEN_TITLE = "Merge"
    WRITE_KEY = "merge.write"
    FORMAT_KEY = "merge.format"
    CSS_PATH = "merge.tcss"
    BINDINGS = [
        # s is named beside its switch, u, t, l and g on the line of options, with what each shows
        # now; f goes to the folder box, on top (the footer at 80 columns holds the others, and help)
        Binding("escape", "back", "Back", id="merge.back", show=False, tooltip="back to where you were"),
        Binding("p", "merge", "Merge", id="merge.preview",
                tooltip="merge the picked files into a preview, with its report (conflicts, sets, missing evidence)"),
        Binding("a", "pick_all", "Pick all", id="merge.all", tooltip="pick every file listed"),
        Binding("s", "toggle_skip", "Skip bad files", id="merge.skip", show=False,
                tooltip="leave out the files that are not exported summaries, or stop at the first one"),
        Binding("t", "next_format", "Format", id="merge.format", show=False,
                tooltip="the report's format: Markdown, Word, HTML"),
        Binding("l", "next_language", "Language", id="merge.language", show=False,
                tooltip="the report's language: as filed, English, Arabic, French"),
        Binding("g", "next_grouping", "Group", id="merge.group", show=False,
                tooltip="the recommendations in one list, by addressee, by question, or by area and lens"),
        Binding("u", "next_form", "Record / outcome", id="merge.form", show=False,
                tooltip="the working record (what merge and import read) or the outcome document to send"),
        Binding("c", "consolidate", "Sets", id="merge.consolidate",
                tooltip="a set of recommendations that say the same thing: keep one text, write one, or keep them apart"),
        Binding("f", "focus_folder", "Folder", id="merge.folder", show=False,
                tooltip="to the folder box (enter there lists it)"),
        Binding("o", "focus_output", "Report", id="merge.output", tooltip="to the report's file name box"),
        Binding("ctrl+s", "write", "Write", id="merge.write", priority=True,
                tooltip="write the report to the file named in the box"),
    ]

    def __init__(self, folder: str | Path | None = None) -> None:
        super().__init__()
        self.folder = Path(folder) if folder else None
        self.text: str | None = None
        self.inputs: list[Path] = []
        self.result: Any = None  # the MergeResult shown
        self.lang: str | None = None
        self.group_by: str | None = None
        self.form = "record"
        self.set_turn = -1  # which set the next c shows
        self.asked = 0  # merges and changes of the report asked for; the last one is shown
        self.report_lock = threading.Lock()  # the merged report: changed, or written, by one worker at a time
        self.remaking = False  # the report is being made again (another form, a set decided)
        self.write_when_made = False  # ctrl+s came meanwhile: write once it is made
        self.set_prompt: Any = None  # the prompt for a set's text, while it is open (its draft: set_prompt.py)

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
                with VerticalScroll(id="merge-report-scroll"):  # the report of a series is long: it scrolls
                    yield Static(f"Pick files with space, then {self.key_hint('merge.preview')} to merge.", id="merge-report")
                yield MarkdownPreview(id="merge-preview-scroll")
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
        self.query_one("#merge-skip-label", Label).update(f"Skip bad files ({self.key_hint('merge.skip')})")
        self.query_one("#merge-files").focus()
        follow(self, self._display_changed)

    def _display_changed(self) -> None:
        """The app's Arabic display changed: the file names and the report drawn again, the
        preview laid out again (in a worker)."""
        files = self.query_one("#merge-files", SelectionList)
        for i in range(files.option_count):
            files.replace_option_prompt_at_index(i, plain(Path(files.get_option_at_index(i).value).name))
        if self.result is not None and self.text is not None:
            self.query_one("#merge-report", Static).update(plain(self.result.report()))
        self._lay_out_again()

    def _show_options(self) -> None:
        k = self.key_hint
        self.query_one("#merge-format", Static).update(plain(
            f"{dict(FORMS)[self.form]} ({k('merge.form')}) · {dict(FORMATS)[self.fmt]} ({k('merge.format')}) · "
            f"{dict(LANGUAGES)[self.lang]} ({k('merge.language')}) · "
            f"recommendations {dict(GROUPINGS)[self.group_by]} ({k('merge.group')}) · sets ({k('merge.consolidate')})"
        ))

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
        if self.result is not None and self.text is not None:
            self._remake(_set_form(self.form), "Making the report again…")
        # a merge under way: its result is made again in this form when it comes (on_merged)

    def action_consolidate(self) -> None:
        """The next set still proposed (else the next set): staff keep a member's text (its
        number), write their own, or say ``separate``; the report is made again (in a worker)."""
        result = self.result
        if result is not None and self.text is None:
            self._status("Still making the report; c again in a moment.")
            return
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
        from .set_prompt import SetTextPrompt, used

        set_id = cset.id

        def decided(result: Any) -> str:
            state = next(s.state for s in result.doc.sets if s.id == set_id)
            return (f"Set decided ({state}); {self.key_hint('merge.write')} writes the report: merging it again "
                    "keeps the decision.")

        def done(value: str | None) -> None:
            self.set_prompt = None
            if value is None or not value.strip():
                return
            if self.result is not result or self.text is None:  # the text stays this window's draft of the set
                self._status("The report changed meanwhile: c again to decide the set (what you typed comes back).")
                return
            value = value.strip()
            change: Callable[[Any], object]
            if value.isdigit() and 1 <= int(value) <= len(members):
                source = members[int(value) - 1].id
                change = partial(_decide, set_id, state="consolidated", source=source)
            elif value.casefold() in ("separate", "séparées", "منفصلة"):
                change = partial(_decide, set_id, state="separate")
            elif value.casefold() in ("proposed", "undo"):
                change = partial(_decide, set_id, state="proposed")
            else:
                change = partial(_decide, set_id, state="consolidated", text=value)
            self._remake(change, "Making the report again with the set's decision…", note=decided)
            used(self.app, set_id)

        hint = (f"1-{len(members)} keeps that text · or type the text to keep · 'separate' keeps them apart · "
                "enter ok · escape later (what is typed is kept)")
        self.set_prompt = SetTextPrompt("\n".join(lines), set_id, hint=hint)
        self.app.push_screen(self.set_prompt, done)

    def _remake(self, change: Callable[[Any], object], saying: str, *,
                note: Callable[[Any], str] | None = None) -> None:
        """The merged report changed and made again in a worker. Only when no other is under way
        (``self.text`` is None meanwhile: nothing to write, no other change asked for; a form
        asked for meanwhile is made when this one comes back)."""
        self.text = None
        self.confirm_overwrite = None
        self.asked += 1
        self.remaking = True
        self._status(saying)
        preview = self.query_one(MarkdownPreview)
        run_for(self, partial(remake_in_thread, self.result, change, self.report_lock, self.inputs, preview.room(),
                              PREVIEW_LINES, self.asked, note),
                group="merge-remake", description="make the report again")

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

    def flush(self) -> None:
        """The app is quitting: the text typed for a set is written as this window's draft."""
        if self.set_prompt is not None:
            self.set_prompt.flush()

    def unsaved(self) -> list:
        from facilitator.core import rescue

        text = self.set_prompt.unsaved_text() if self.set_prompt is not None else ""
        return [rescue.Entry(text=text, reason="not saved: the text typed for a set in the merge screen when the "
                             "app was closed", session="merge")] if text else []

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
            self._status(f"Pick at least one file (space), or all of them ({self.key_hint('merge.all')}).")
            return
        self.text = None
        self.confirm_overwrite = None
        self.asked += 1
        self.remaking = self.write_when_made = False
        self._status(f"Merging {len(picked)} file(s)…")
        preview = self.query_one(MarkdownPreview)
        preview.show(Text("Merging… (the preview comes when the merge is done)", style="italic"))
        run_for(self, partial(merge_in_thread, picked, self.query_one("#merge-skip-bad", Switch).value, self.lang,
                              self.group_by, self.form, preview.room(), PREVIEW_LINES, self.asked),
                group="merge", description="merge the summaries")

    def on_merged(self, message: Merged) -> None:
        if message.asked != self.asked or message.picked != self.picked:
            return  # another merge, or change of the report, was asked for meanwhile
        result = message.result
        self.inputs, self.result = message.picked, result
        if result.form != self.form:  # u was pressed while merging
            self._remake(_set_form(self.form), "Making the report again…")
            return
        self.text = result.text
        self.query_one("#merge-report", Static).update(plain(result.report()))
        self.query_one(MarkdownPreview).show(message.preview, message.width)
        self.call_after_refresh(self._lay_out_again)  # laid out before the screen had its size
        self.remaking = False
        if self.write_when_made:
            self.write_when_made = False
            self.action_write()
            return
        if message.note is not None:
            self._status(message.note)
            return
        used = len(message.picked) - len(result.skipped)
        missing = f", {len(result.doc.missing)} MISSING EVIDENCE" if result.doc is not None and result.doc.missing else ""
        self._status(
            f"Merged {used} file(s): {len(result.conflicts)} conflict(s){missing}, {len(result.skipped)} skipped. "
            f"{self.key_hint('merge.write')} writes the report."
        )

    def on_merge_failed(self, message: MergeFailed) -> None:
        self.remaking = self.write_when_made = False
        self.text = None
        self.result = None
        self.query_one("#merge-report", Static).update(plain(message.message))
        self.query_one(MarkdownPreview).show("")
        self._status(f"Nothing merged. Fix or unpick the bad files, or press {self.key_hint('merge.skip')} to skip them.")

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._lay_out_again)

    def _lay_out_again(self) -> None:
        """Lay the preview out again, in a worker, if it was laid out for another width or
        another Arabic display than it has now."""
        preview = self.query_one(MarkdownPreview)
        if self.text is not None and preview.width_made and not preview.fits():
            run_for(self, partial(lay_out, self.text, self.inputs, preview.room(), PREVIEW_LINES),
                    group="merge-lay-out", description="lay the preview out")

    def on_preview_laid_out(self, message: PreviewLaidOut) -> None:
        if message.picked == self.inputs:
            self.query_one(MarkdownPreview).show(message.preview, message.width)

    def action_write(self) -> None:
        if self.text is None:
            if self.remaking:
                self.write_when_made = True
                self._status("The report is being made again; it is written once made.")
            elif self.result is not None:
                self._status(f"Still merging; {self.key_hint('merge.write')} again once the preview is shown.")
            else:
                self._status(f"Nothing to write yet: pick files and press {self.key_hint('merge.preview')} first.")
            return
        path = self.target(self.query_one("#merge-output", Input).value.strip())
        if path is None:
            return
        result, text, fmt, lock = self.result, self.text, self.fmt, self.report_lock

        def make() -> bytes:  # in the worker thread: pandoc for Word and HTML
            if result is None:
                return text.encode("utf-8")
            with lock:  # not while the report is being made again
                return result.document(fmt, where=str(path))

        self.write_document(path, make, inputs=set(self.inputs))


def _decide(set_id: str, result: Any, **decision: Any) -> None:
    """A set's decision (the report is made again: ``MergeResult.decide``)."""
    result.decide(set_id, **decision)


def _near(folder: Path) -> Path:
    """``folder`` relative to the current folder when it is inside it: shorter to read in the
    folder box, the file names and the report."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return folder
