"""The review's recommendation keys: ``w`` write (the editor beside the tree), ``t`` status
(dropping asks first), ``k`` rank, ``@`` addressed to, ``l`` lenses, ``h`` history, ``S`` support = the
cluster's members. Part of :class:`~.screen.ReviewScreen`.

Size: ~440 lines: the review's part for recommendations, one of the screen's parts by job
(``suggesting.py``, ``curating.py``, this one); ``w`` alone is half of it: the editor's drafts,
a save of a text changed elsewhere (both shown), and leaving the editor in every way without
losing the text. The editor's saving could become a part of its own; not done yet.

Typed text is never lost: it is this window's draft as it is typed (``core/drafts.py``), and
leaving the editor (tab, a click, another ``w``, another question, escape) saves it; quitting
saves it, or keeps the draft (a text changed elsewhere meanwhile: the next window offers it), or
puts it in the rescue file. A save of a text changed elsewhere since the edit began shows both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.widgets import Static, TextArea

from facilitator.core import drafts as core_drafts
from facilitator.core.errors import EditConflict, FacilitatorError
from facilitator.core.review import ADDRESSEES, NEXT_STATUS, RecommendationView
from facilitator.tui.autosave import offer_left_behind, taken
from facilitator.tui.keys import hints
from facilitator.tui.screens.confirm import ConfirmScreen
from facilitator.tui.widgets.picker import Picked

from . import nodes as n
from .base import ReviewBase
from .dialogs import ReviewPrompt, revision_picker
from .editor import RecommendationEditor
from .labels import short

if TYPE_CHECKING:
    from facilitator.core.rescue import Entry

EDITOR_KEYS = (("review.editor.save", "save"), ("review.editor.done", "done"))
DRAFT_KEYS = (("review.editor.save", "save it"), ("review.editor.done", "leave it unsaved"))


class EditorHint(Static):
    """The line under the editor: its keys, and whether the text is a starting draft not saved yet."""

    def show(self, draft: bool) -> None:
        if draft:
            self.update("starting draft from the cluster, not saved yet · " + hints(self.screen, DRAFT_KEYS))
        else:
            self.update(hints(self.screen, EDITOR_KEYS))


class WritingActions(ReviewBase):
    """The recommendation editor and the recommendation keys."""

    def action_write(self) -> None:
        node = self.cursor
        rec = self.board.recommendation(n.recommendation_at(node, self.board))
        if rec is not None:
            self._open_editor(rec.text, rec.id, rec.cluster_id)
            return
        kid = n.cluster_at(node, self.board)
        if kid is not None and self.board.cluster(kid) is not None:
            self._open_editor(self.review.starting_draft(kid), None, kid, draft=True)
            return
        support = list(self.marks) if isinstance(node, (n.StandaloneNode, type(None))) else self.contributions_at_cursor()
        self._open_editor("", None, None, support=support)

    def _open_editor(self, text: str, rid: str | None, kid: str | None, *, support: list[str] | None = None,
                     draft: bool = False, base: str | None = None) -> None:
        if self.editing and not self.save_editor():
            self.editor.focus()  # what is there could not be saved: stay with it
            return
        self.pending_support = support  # a standalone recommendation's supporting contributions
        self.editor.start(text, rid, kid, draft=draft, base=base)
        rec = self.board.recommendation(rid)
        if rec is not None:
            title = rec.ref + (f" · {self.cluster_name(kid)}" if kid else " · standalone")
        elif kid is not None:
            title = f"new recommendation · {self.cluster_name(kid)}"
        else:
            title = f"new standalone recommendation · supported by {len(support or [])}"
        self.editor.border_title = Text(short(title, 70))
        self.side.add_class("editing")
        self.editor.focus()
        self.editor_hint()
        self.show_detail()
        self.refresh_bindings()

    def editor_hint(self) -> None:
        self.query_one(EditorHint).show(self.editor.untouched_draft)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self.editor and self.editing:
            self.editor_hint()
            self.editor_autosave.changed()  # on disk within a fraction of a second

    # --- the editor's draft: on disk as it is typed, this window's own --------------------------

    def _editor_draft(self) -> core_drafts.Draft:
        """The editor's text as this window's draft (empty, so removed, when nothing typed is
        unsaved)."""
        editor = self.editor
        keep = self.editing and editor.dirty and bool(editor.text.strip())
        window = self.app.window
        return core_drafts.Draft(
            window_id=window.id, place=core_drafts.RECOMMENDATION, scope=self.session_id, session_id=self.session_id,
            text=editor.text if keep else "", target_id=editor.recommendation_id, question_id=self.question_id,
            edit_base=editor.base, owner=window.owner,
            data={"cluster_id": editor.cluster_id, "support": list(self.pending_support or [])},
        )

    def restore_editor_drafts(self) -> None:
        """At the opening: this window's own draft back in the editor (it left the review with
        text typed); drafts left behind by windows that closed are offered."""
        own = core_drafts.mine(self.store.conn, self.app.window.id, core_drafts.RECOMMENDATION, self.session_id)
        if own is not None and own.has_text and not self.editing:
            self._reopen(own)
        offer_left_behind(self, core_drafts.RECOMMENDATION, self.session_id, self._describe_draft,
                          self._take_draft, self._drafts_offered)

    def _reopen(self, d: core_drafts.Draft) -> None:
        rid = d.target_id
        if rid is not None:
            try:
                self.review.recommendation(rid)
            except FacilitatorError:
                rid = None  # deleted meanwhile: its text comes back as a new recommendation
        cluster = d.data.get("cluster_id") if isinstance(d.data.get("cluster_id"), str) else None
        support = [x for x in d.data.get("support") or [] if isinstance(x, str)] or None
        # what the editor counts as saved: the stored text the edit began from ("" for a new one)
        self._open_editor(d.text, rid, cluster, support=support, base=(d.edit_base or "") if rid else "")

    def _describe_draft(self, d: core_drafts.Draft) -> tuple[str, str]:
        from facilitator.tui.screens.dialogs import excerpt
        from facilitator.tui.widgets.contribution_stream import local_time

        what = "An edit of a recommendation" if d.target_id else "A new recommendation"
        return ("Unsaved text from a window that closed",
                f"{what} written in another window of this session's review, last written at "
                f"{local_time(d.updated_at) if d.updated_at else '?'}, was never saved: that window closed "
                f"(or crashed) with it in its editor.\n\n{excerpt(d.words)}")

    def _take_draft(self, d: core_drafts.Draft) -> None:
        if self.editing and not self.save_editor():
            self.say("Save or leave the recommendation being written first; the other text stays offered.",
                     severity="warning", timeout=6)
            return
        self._reopen(d)
        if taken(self, d, self._editor_draft()):
            self.say("The text is back in the editor, and is this window's draft now.", timeout=4)

    def save_editor(self, *, draft_too: bool = False, quitting: bool = False) -> bool:
        """Save what is in the editor, at once (on the UI thread: the editor says saved only when
        it is on disk); False (and the text stays) when it cannot be saved. An untouched starting
        draft is saved only with ``draft_too`` (the facilitator saved). A recommendation changed
        elsewhere since the edit began is not overwritten: both texts are shown and the
        facilitator chooses (``quitting``: no one to ask; the draft stays on disk and the next
        window offers it)."""
        if not self.editing:
            return True
        editor = self.editor
        text = editor.text
        if not editor.dirty and not (draft_too and editor.untouched_draft):
            return True
        window = self.app.window
        try:
            with self.store.write() as conn:  # the save and the draft's removal in one transaction
                if editor.recommendation_id is None:
                    if not text.strip():
                        return True
                    support = self.pending_support if editor.cluster_id is None else None
                    editor.recommendation_id = self.review.add_recommendation(text, cluster_id=editor.cluster_id,
                                                                              support=support)
                    if support:
                        self.marks = []  # the marked ideas now support it
                    self.pending_support = None
                else:
                    if not text.strip():
                        self.say("A recommendation needs some text; the earlier text is kept "
                                 "(delete removes a recommendation).", severity="warning", timeout=5)
                        return False
                    self.review.update_recommendation(editor.recommendation_id, text=text, expected_text=editor.base)
                core_drafts.clear(conn, window.id, core_drafts.RECOMMENDATION, self.session_id)
        except EditConflict as exc:
            if quitting:
                self.editor_autosave.flush()
            else:
                self._editor_conflict(text, exc.theirs)
            return False
        except FacilitatorError as exc:
            self.say(str(exc), severity="error", timeout=8)
            return False
        editor.saved_text = text
        editor.base = text
        editor.draft_text = None
        self.editor_autosave.cleared()
        self.editor_hint()
        if self.is_mounted and self.is_current:
            self.load_board()
        return True

    def _editor_conflict(self, mine: str, theirs: str) -> None:
        """The recommendation changed elsewhere while it was written here: both texts shown,
        the facilitator chooses; the one not kept stays among its earlier versions (h)."""
        from facilitator.tui.screens.dialogs import ConflictScreen, conflict_body

        editor = self.editor
        rid = editor.recommendation_id
        ref = self._rec_ref(rid)

        def answered(answer: str | None) -> None:
            if not self.editing or editor.recommendation_id != rid or rid is None:
                return
            editor.base = theirs  # what they wrote is seen now
            if answer == "mine":
                if self.save_editor():
                    self.say(f"{ref}: yours is saved; theirs is among its earlier versions (h).", timeout=6)
            elif answer == "theirs":
                try:
                    self.store.keep_unapplied("recommendation", rid, mine, "written while another window changed it")
                except FacilitatorError as exc:
                    self.say(f"Yours could not be kept with its versions: {exc}. It stays in the editor.",
                             severity="error", timeout=10)
                    return
                editor.load_text(theirs)
                editor.saved_text = theirs
                self.editor_autosave.changed()  # nothing unsaved now: the draft goes
                self.load_board()
                self.say(f"{ref}: theirs is kept; yours is among its earlier versions (h).", timeout=6)
            else:
                self.say("Back to your text; saving it now replaces theirs (theirs stays among the earlier "
                         "versions, h).", timeout=6)
            editor.focus()

        self.app.push_screen(ConflictScreen(f"{ref} changed while you wrote it", conflict_body(ref, theirs, mine)),
                             answered)

    def _rec_ref(self, rid: str | None) -> str:
        if rid is None:
            return "The recommendation"
        try:
            return self.review.recommendation(rid).ref
        except FacilitatorError:
            return "The recommendation"

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # leaving the editor (tab, a click on the tree) saves what was typed
        if isinstance(event.widget, RecommendationEditor) and self.editing and event.widget.dirty:
            self.save_editor()

    def on_recommendation_editor_done(self, event: RecommendationEditor.Done) -> None:
        event.stop()
        # ctrl+s saves a starting draft as it is; escape leaves an untouched one unsaved
        if not self.save_editor(draft_too=not event.leave):
            return
        if event.leave:
            self.close_editor(self.editor.recommendation_id)
        else:
            self.say("Saved.", timeout=2)
            self.show_detail()

    def close_editor(self, rid: str | None) -> None:
        self.side.remove_class("editing")
        self.tree.focus()
        self.load_board(then=lambda: rid is not None and self.goto(n.RecommendationNode(rid)))
        self.show_detail()

    def _need_rec(self) -> RecommendationView | None:
        rec = self.board.recommendation(n.recommendation_at(self.cursor, self.board))
        if rec is None:
            write = self.key_hint("review.write")
            self.say(f"Put the cursor on a recommendation (or its cluster); {write} writes one.", timeout=4)
        return rec

    def _rec_step(self, rid: str, **fields: Any) -> None:
        self.curate(lambda r: r.update_recommendation(rid, **fields), clear_marks=False,
                    focus=n.RecommendationNode(rid))

    def action_status(self) -> None:
        rec = self._need_rec()
        if rec is None:
            return
        new, rid = NEXT_STATUS[rec.status], rec.id
        if new != "dropped":
            self._rec_step(rid, status=new)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._rec_step(rid, status="dropped")

        # one press too many must not drop a recommendation without a word
        t, undo = self.key_hint("review.status"), self.key_hint("review.undo")
        body = (f"{rec.ref} is {rec.status}. A dropped recommendation leaves the summary (the export lists it only "
                f"when asked to) and stays in the database: {t} makes it a draft again, {undo} undoes.\n\n"
                f"“{short(rec.text, 160)}”")
        self.app.push_screen(ConfirmScreen(f"Drop {rec.ref}?", body, yes="y  drop it", no="n / escape  keep it"),
                             answered)

    def action_followup(self) -> None:
        """After the Summit: the activities that carry out the agreed recommendation under the
        cursor (the follow-up screen on it; a first activity begun if it has none)."""
        rec = self._need_rec()
        if rec is None:
            return
        if rec.status != "agreed":
            self.notify(f"{rec.ref} is {rec.status}: activities carry out agreed recommendations "
                        f"({self.key_hint('review.status')} changes the status).", timeout=5)
            return
        self.app.open_followup(rec.id)

    def action_rank(self) -> None:
        rec = self._need_rec()
        if rec is None:
            return
        rid = rec.id

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                rank = int(value.strip()) if value.strip() else None
            except ValueError:
                self.say("The rank is a whole number, 1 or more (empty: no rank).", severity="error")
                return
            self._rec_step(rid, rank=rank)

        self.app.push_screen(ReviewPrompt(f"Rank of {rec.ref} (1 = first; empty: none)", str(rec.rank or "")), done)

    def action_addressed(self) -> None:
        rec = self._need_rec()
        if rec is None:
            return
        rid = rec.id

        def done(value: str | None) -> None:
            if value is not None:
                self._rec_step(rid, addressed_to=value.strip() or None)

        hint = "e.g. " + ", ".join(ADDRESSEES[:3]) + " · → completes · enter ok · escape cancel"
        self.app.push_screen(ReviewPrompt(f"{rec.ref} is addressed to", rec.addressed_to or "", suggestions=ADDRESSEES,
                                          hint=hint), done)

    def action_lens(self) -> None:
        """``l``: the lenses of the recommendation under the cursor (on a theme without one: the
        theme's), typed or completed from the session's lenses, comma-separated; empty clears."""
        from facilitator.core.review.recommendations import session_lenses
        from facilitator.core.vocab import LENSES

        node = self.cursor
        rec = self.board.recommendation(n.recommendation_at(node, self.board))
        kid = n.cluster_at(node, self.board)
        theme = self.board.cluster(kid) if rec is None and kid is not None else None
        if rec is not None:
            what, current = rec.ref, rec.lenses
        elif theme is not None:
            what, current = theme.ref, theme.lenses
        else:
            lens = self.key_hint("review.lens")
            self.say(f"Put the cursor on a recommendation or a theme; {lens} sets its lenses.", timeout=4)
            return
        # one row by its key: the agenda's lenses (the UI thread's connection, as the editor's saves)
        offered = [LENSES.label(x) for x in session_lenses(self.store.conn, self.session_id)] or LENSES.labels()

        def done(value: str | None) -> None:
            if value is None:
                return
            lenses = [x for x in value.replace("،", ",").split(",") if x.strip()]
            if rec is not None:
                rid = rec.id
                self.curate(lambda r: r.set_lenses(rid, lenses), clear_marks=False, focus=n.RecommendationNode(rid))
            elif theme is not None:
                tid = theme.id
                self.curate(lambda r: r.set_cluster_lenses(tid, lenses), clear_marks=False)

        hint = "e.g. " + ", ".join(offered) + " (comma-separated; empty: none) · → completes · enter ok · escape cancel"
        self.app.push_screen(ReviewPrompt(f"Lenses of {what}", ", ".join(LENSES.label(x) for x in current),
                                          suggestions=tuple(offered), hint=hint), done)

    def action_history(self) -> None:
        rec = self._need_rec()
        if rec is None:
            return
        revisions = self.review.revisions(rec.id)
        if not revisions:
            self.say(f"{rec.ref} has no earlier text yet.", timeout=3)
            return
        rid = rec.id

        def picked(result: Picked | None) -> None:
            if result is not None and result.key:
                revision = int(result.key)
                self.curate(lambda r: r.restore_revision(rid, revision), clear_marks=False,
                            focus=n.RecommendationNode(rid))

        title = f"Earlier versions of {rec.ref}, newest first (what differs from the one after it): enter brings one back"
        self.app.push_screen(revision_picker(title, revisions, rec), picked)

    def action_sync_support(self) -> None:
        rec = self._need_rec()
        if rec is not None:
            rid = rec.id
            self.curate(lambda r: r.sync_support(rid), clear_marks=False, focus=n.RecommendationNode(rid))

    # --- quitting --------------------------------------------------------------------------------

    def flush(self) -> None:
        """The app is quitting: save what is in the recommendation editor (what cannot be
        saved now stays in this window's draft, offered to the next window)."""
        if self.editing and self.editor.dirty:
            if not self.save_editor(quitting=True):
                self.editor_autosave.flush()

    def unsaved(self) -> list[Entry]:
        if self.editing and self.editor.dirty and self.editor.text.strip() and self.editor_autosave.unsaved:
            return [self._editor_entry("not saved: the recommendation being written")]
        return []

    def keep_typed_text(self) -> None:
        """The screen goes away with text typed and not saved (the app stops): keep it."""
        editor = self.editor
        if not (self.editing and editor.dirty and editor.text.strip()):
            return
        try:
            if self.save_editor(quitting=True) or not self.editor_autosave.unsaved:
                return
            raise FacilitatorError("it could not be saved, nor kept as a draft")
        except Exception as exc:  # noqa: BLE001 - never block quitting; keep the text in the rescue file
            from facilitator.core import rescue

            try:
                rescue.rescue(self._editor_entry(f"not saved: the recommendation ({exc})"))
            except rescue.RescueFailed:
                pass

    def _editor_entry(self, reason: str) -> Entry:
        from facilitator.core.rescue import Entry

        editor = self.editor
        q = next((q for q in self.questions if q.id == self.question_id), None)
        return Entry(text=editor.text, reason=reason, session=f"{self.session.title} ({self.session_id})",
                     question=f"Q{q.position} {q.text}" if q else "whole session",
                     speaker=f"recommendation {editor.recommendation_id or '(new)'}")
