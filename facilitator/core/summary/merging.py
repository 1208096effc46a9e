"""Many summaries into one consolidated report.

- Sessions are kept apart (each item keeps its session) and listed as sources with the files
  they came from; they are ordered by date, start, title and id.
- Guiding questions are matched across files by id, else by their text ignoring case,
  punctuation and white space, in any of the languages the agendas give them (an English room
  and an Arabic room of the same agenda give one section per question); sections come in the
  order they are first met, headed in the first file's words, or in ``lang`` where a
  translation exists.
- Items (contributions, recommendations) appear once per id. The same id with a different
  text (or, for a recommendation, another status, rank or addressee) is a conflict: both
  versions are kept next to each other, marked, and reported. A version already present adds
  nothing, so merging a file with itself, or a report with one of its inputs, adds nothing.
- Items are kept in the order the files show them (the first file that has an item decides
  where it goes).
- Near-duplicate recommendations and themes of different sessions (the same meaning, in any
  language, by sentence vectors) are listed for staff in ``Doc.similar``; they are never merged.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Cluster, Doc, QuestionRef, Section, SessionInfo, derived_id


@dataclass
class Conflict:
    kind: str  # contribution | recommendation | theme | session
    id: str
    where: str  # question text or session title
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class _Variant:
    signature: tuple
    item: Any  # a contribution or a recommendation of the summary model
    dest: list


def is_withheld_version(candidate: str, original: str) -> bool:
    from .withhold import is_withheld_version as check

    return check(candidate, original)


def _covers(full: tuple, partial: tuple) -> bool:
    """Whether ``partial`` is ``full`` with names withheld in some of its texts."""
    return all(
        a == b or (isinstance(a, str) and isinstance(b, str) and is_withheld_version(b, a))
        for a, b in zip(full, partial)
    )


def _norm(text: str) -> str:
    from ..agenda import normalise_question

    return normalise_question(text)


def _keys(sec: Section) -> list[str]:
    """Every wording of a section's question (its heading, each question's text and
    translations), normalised."""
    keys = [_norm(sec.text)] + [_norm(t) for q in sec.questions for t in q.texts()]
    return [k for k in dict.fromkeys(keys) if k]


def heading_in(sec: Section, lang: str, languages: dict[str, str]) -> str | None:
    """The section's question in ``lang``: a question of a session held in that language, else
    a translation; None when no question of it has one."""
    for q in sec.questions:
        if languages.get(q.session_id) == lang:
            return q.text
    for q in sec.questions:
        if q.translations.get(lang):
            return q.translations[lang]
    return None


def merge_docs(docs: list[Doc], *, lang: str | None = None, similar: bool = True) -> tuple[Doc, list[Conflict]]:
    """One report from ``docs``; ``lang``: the language of the questions' headings where a
    translation exists; ``similar``: look for near-duplicates across sessions."""
    conflicts: list[Conflict] = []
    sessions: dict[str, SessionInfo] = {}
    sections: list[Section] = []
    by_qid: dict[str, Section] = {}
    by_text: dict[str, Section] = {}
    unassigned: Section | None = None
    clusters: dict[tuple[int, str], Cluster] = {}
    variants: dict[tuple[str, str], list[_Variant]] = {}
    participants: dict = {}
    standalone: list = []
    session_clusters: list[str] = []

    def place(kind: str, item, dest: list, fname: str, where: str) -> None:
        key = (kind, item.id)
        known = variants.get(key)
        sig = item.signature()
        if known is None:
            item = copy.copy(item)
            variants[key] = [_Variant(sig, item, dest)]
            dest.append(item)
            return
        if any(v.signature == sig for v in known):
            return
        # the same item with names withheld (an anonymous file): one item, the one with the names
        for v in known:
            if _covers(v.signature, sig):
                return
            if _covers(sig, v.signature):
                v.item.text = item.text
                if hasattr(item, "addressed_to"):
                    v.item.addressed_to = item.addressed_to
                v.signature = sig
                return
        first = known[0]
        if first.item.origin_file is None:
            first.item.origin_file = Path(first.item.file or "").name or None
        item = copy.copy(item)
        if item.origin_file is None:
            item.origin_file = fname
        last = known[-1].item
        idx = next(i for i, x in enumerate(first.dest) if x is last)
        first.dest.insert(idx + 1, item)
        known.append(_Variant(sig, item, first.dest))
        noun = "contribution" if kind == "c" else "recommendation"
        files = ", ".join(dict.fromkeys(v.item.origin_file or "?" for v in known))
        conflicts.append(
            Conflict(
                kind=noun,
                id=item.id,
                where=where,
                message=(
                    f"{noun} {item.id} under {where!r} differs between files ({files}): "
                    f"{len(known)} versions kept, marked '⚠ conflict'"
                ),
            )
        )

    for doc in docs:
        fname = Path(doc.path).name if doc.path else "<input>"
        for s in doc.sessions:
            files = list(s.files) if doc.merged else [*s.files, fname]
            if s.id not in sessions:
                info = copy.copy(s)
                info.files = list(dict.fromkeys(files))
                sessions[s.id] = info
            else:
                info = sessions[s.id]
                info.files = list(dict.fromkeys([*info.files, *files]))
                mine = (info.title, info.date, info.start, info.end, info.venue, info.series, info.event, info.rapporteur,
                        info.room)
                theirs = (s.title, s.date, s.start, s.end, s.venue, s.series, s.event, s.rapporteur, s.room)
                if mine != theirs:
                    conflicts.append(
                        Conflict("session", s.id, s.title, f"session {s.title!r}: its details differ in {fname}; the first file's are kept")
                    )
                if s.updated and (not info.updated or s.updated > info.updated):
                    info.updated = s.updated
        for pid, p in doc.participants.items():
            participants.setdefault(pid, p)
        for sec in doc.sections:
            target: Section | None
            if sec.unassigned:
                if unassigned is None:
                    unassigned = Section(text="", unassigned=True)
                target = unassigned
            else:
                target = next((by_qid[q.id] for q in sec.questions if q.id in by_qid), None)
                if target is None:
                    target = next((by_text[k] for k in _keys(sec) if k in by_text), None)
                if target is None:
                    target = Section(text=sec.text, line=sec.line)
                    sections.append(target)
                    if not sec.questions:
                        # a question written by hand: give it an id of its own
                        sid = doc.sessions[0].id
                        target.questions.append(
                            QuestionRef(id=derived_id("question", sid, _norm(sec.text)), session_id=sid,
                                        position=len(sections), text=sec.text)
                        )
                        by_qid[target.questions[0].id] = target
                for q in sec.questions:
                    if q.id not in by_qid:
                        target.questions.append(q)
                        by_qid[q.id] = target
                for k in _keys(sec):
                    by_text.setdefault(k, target)
            where = target.text or "not assigned to a question"
            for r in sec.recommendations:
                place("r", r, target.recommendations, fname, where)
            for cl in sec.clusters:
                key = (id(target), cl.id)
                mcl = clusters.get(key)
                if mcl is None:
                    mcl = copy.copy(cl)
                    mcl.items = []
                    clusters[key] = mcl
                    target.clusters.append(mcl)
                elif mcl.label != cl.label or mcl.parked != cl.parked:
                    conflicts.append(
                        Conflict("theme", cl.id, where, f"theme {mcl.label!r} under {where!r} is named {cl.label!r} in {fname}; the first name is kept")
                    )
                for c in cl.items:
                    place("c", c, mcl.items, fname, where)
            for c in sec.loose:
                place("c", c, target.loose, fname, where)
        for r in doc.standalone:
            place("r", r, standalone, fname, "the whole session")
        session_clusters.extend(k for k in doc.session_clusters if k not in session_clusters)

    if unassigned is not None:
        sections.append(unassigned)
    infos = sorted(sessions.values(), key=lambda s: (s.date, s.start or "", s.title, s.id))
    series = {s.series for s in infos if s.series}
    title = f"Consolidated report: {next(iter(series))}" if len(series) == 1 else "Consolidated report"
    if lang:
        languages = {s.id: s.language for s in infos}
        for sec in sections:
            if not sec.unassigned:
                sec.text = heading_in(sec, lang, languages) or sec.text
    merged = Doc(
        sessions=infos,
        sections=sections,
        standalone=standalone,
        session_clusters=session_clusters,
        participants=participants,
        anonymous=bool(docs) and all(d.anonymous for d in docs),
        merged=True,
        report_id=derived_id("report", *sorted(sessions)),
        title=title,
    )
    if similar:
        from .similar import find_similar

        merged.similar = find_similar(merged)
    return merged, conflicts


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # bad inputs left out (with --skip-bad)
    warnings: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    doc: Doc | None = None
    anonymous: bool = False
    lang: str | None = None

    def document(self, fmt: str = "md", where: str = "the report") -> bytes:
        """The report as a file of format ``fmt`` (md, docx, html); an anonymous one is checked
        for names left (:class:`~.formats.NamesLeft`)."""
        from ..export import document_bytes

        if self.doc is None:
            return self.text.encode("utf-8")
        return document_bytes(self.doc, self.text, fmt, anonymous=self.anonymous, lang=self.lang, where=where)

    def report(self) -> str:
        """The conflict report, for stderr or the merge screen."""
        lines = []
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)} bad input(s):")
            lines += [f"  {s}" for s in self.skipped]
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} conflict(s): both versions are kept in the report, marked '⚠ conflict'; "
                         "delete the version you do not want:")
            lines += [f"  {c}" for c in self.conflicts]
        similar = self.doc.similar if self.doc is not None else []
        if similar:
            lines.append(f"{len(similar)} pair(s) of similar items across sessions, listed in the report under "
                         "'Similar, consider merging' (nothing was merged)")
        if self.warnings:
            lines.append(f"{len(self.warnings)} note(s):")
            lines += [f"  {w}" for w in self.warnings]
        if not self.conflicts:
            lines.insert(len(self.skipped) + 1 if self.skipped else 0, "No conflicts.")
        return "\n".join(lines)
