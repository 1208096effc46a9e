"""Live capture: the rapporteur's screen.

The current question on top, the rail of questions and the stream of this question's
contributions in the middle, the speaker and the composer at the bottom. Everything by
keyboard; the keys that matter are in the footer, all of them on the help screen (f1) and in
the command palette (ctrl+p).

**Three modes, one focus.** The composer has the focus the whole time (see
:mod:`facilitator.tui.widgets.composer`), so keys typed in a burst land in order: *typing*,
*the list* of earlier entries (``ctrl+l``) and *editing* one of them (:mod:`.modes`). The
pickers (speaker, stakeholder group, question) open over the stream and filter from what is
typed (:mod:`.picking`, :mod:`facilitator.tui.widgets.inline_picker`).

**Speakers.** ``alt+1`` ... ``alt+9`` give the floor to panelist N, ``ctrl+o`` picks anyone by
a few letters or initials (:mod:`.speakers`); ``tab`` there adds them to the queue of raised
hands, ``ctrl+n`` gives the floor to the next, ``f7`` pauses the speaking time (:mod:`.floor`).

Nothing is lost:

- a contribution is committed before it appears in the stream (:mod:`.saving`);
- the composer's text (and an edit in progress) is autosaved to the ``draft`` table within a
  second of the last keystroke, and comes back when the session is opened again after a crash
  (:mod:`.drafts`);
- a failed write (disk full, file removed, database locked) is reported at once, the text stays
  in the composer and is copied to the rescue file (:mod:`.rescue`);
- every change to a saved contribution (delete, move, edit, speaker, flag) can be undone and
  redone (:mod:`.undo`).

The package, one module per job: :mod:`.screen` (the screen: its keys, its layout, starting and
leaving), :mod:`.routing` (where each key goes), :mod:`.modes`, :mod:`.composing` (typing, and what the
composer's border says: the seam for how the composer shows its text), :mod:`.speakers`,
:mod:`.floor` (turns and the queue), :mod:`.clocks`, :mod:`.navigation`, :mod:`.middle` (the
rail and the stream, loaded and reloaded), :mod:`.saving`, :mod:`.drafts`, :mod:`.rescue`,
:mod:`.entries` (the list and its actions), :mod:`.editing`, :mod:`.undo`, :mod:`.picking`,
:mod:`.commands` (the palette). Each part is a small object the screen owns
(``screen.drafts``, ``screen.floor``, ...); DEVELOPERS.md says how they talk.
"""

from .screen import CaptureScreen

__all__ = ["CaptureScreen"]
