"""Many summaries into one consolidated report.

Size: ~460 lines: the merge of many summaries (``_Merger``: sessions, questions matched across
files and languages, items and their conflicts, renumbering) and its result (:class:`MergeResult`:
the report, the decided sets of similar recommendations, the rendering); the result is made from
the merger's state, so they stay one module.

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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import (
    Cluster,
    ConsolidatedSet,
    Doc,
    Participant,
    QuestionRef,
    Recommendation,
    Section,
    SessionInfo,
    derived_id,
    highest_numbers,
    numbered_items,
)


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


class _Merger:
    """Merging in steps: each input's sessions, participants and sections (its items placed
    once per id), then the report as a whole (sessions in order, headings in ``lang``, each
    person once, the sets of recommendations, similar themes)."""

    def __init__(self, lang: str | None):
        self.lang = lang
        self.conflicts: list[Conflict] = []
        self.notes: list[str] = []
        self.sessions: dict[str, SessionInfo] = {}
        self.sections: list[Section] = []
        self.by_qid: dict[str, Section] = {}
        self.by_text: dict[str, Section] = {}
        self.unassigned: Section | None = None
        self.clusters: dict[tuple[int, str], Cluster] = {}
        self.variants: dict[tuple[str, str], list[_Variant]] = {}
        self.participants: dict[str, Participant] = {}
        self.same_person: dict[str, str] = {}
        self.standalone: list[Recommendation] = []
        self.session_clusters: list[str] = []
        self.sets: list[ConsolidatedSet] = []
        self.missing: list[str] = []
        self.numbered: dict[str, str] = {}  # items added by hand to an input: id -> kind

    def add(self, doc: Doc) -> None:
        fname = Path(doc.path).name if doc.path else "<input>"
        self.add_sessions(doc, fname)
        self.numbered.update(doc.numbered)
        for pid, p in doc.participants.items():
            self.participants.setdefault(pid, p)
        for other, main in doc.same_person.items():
            self.same_person.setdefault(other, main)
        for sec in doc.sections:
            self.add_section(doc, sec, fname)
        for r in doc.standalone:
            self.place("r", r, self.standalone, fname, "the whole session")
        self.session_clusters.extend(k for k in doc.session_clusters if k not in self.session_clusters)
        self.sets.extend(doc.sets)
        self.missing.extend(doc.missing)

    def add_sessions(self, doc: Doc, fname: str) -> None:
        for s in doc.sessions:
            files = list(s.files) if doc.merged else [*s.files, fname]
            if s.id not in self.sessions:
                info = copy.copy(s)
                info.files = list(dict.fromkeys(files))
                info.top = dict(s.top)
                self.sessions[s.id] = info
                continue
            info = self.sessions[s.id]
            info.files = list(dict.fromkeys([*info.files, *files]))
            for kind, n in s.top.items():
                info.top[kind] = max(info.top.get(kind, 0), n)
            fields = ("title", "date", "start", "end", "venue", "series", "event", "rapporteur", "room", "area",
                      "purpose")
            if any(getattr(info, f) != getattr(s, f) for f in fields) or info.lenses != s.lenses:
                self.conflicts.append(Conflict("session", s.id, s.title,
                                               f"session {s.title!r}: its details differ in {fname}; the first file's are kept"))
            if s.updated and (not info.updated or s.updated > info.updated):
                info.updated = s.updated

    def target_section(self, doc: Doc, sec: Section) -> Section:
        """The report's section for an input's section: matched by question id, else by the
        question's words in any language, else a new one."""
        if sec.unassigned:
            if self.unassigned is None:
                self.unassigned = Section(text="", unassigned=True)
            return self.unassigned
        target = next((self.by_qid[q.id] for q in sec.questions if q.id in self.by_qid), None)
        if target is None:
            target = next((self.by_text[k] for k in _keys(sec) if k in self.by_text), None)
        if target is None:
            target = Section(text=sec.text, line=sec.line)
            self.sections.append(target)
            if not sec.questions:
                # a question written by hand: give it an id of its own
                sid = doc.sessions[0].id
                target.questions.append(QuestionRef(id=derived_id("question", sid, _norm(sec.text)), session_id=sid,
                                                    position=len(self.sections), text=sec.text))
                self.by_qid[target.questions[0].id] = target
        for q in sec.questions:
            if q.id not in self.by_qid:
                target.questions.append(q)
                self.by_qid[q.id] = target
        for k in _keys(sec):
            self.by_text.setdefault(k, target)
        return target

    def add_section(self, doc: Doc, sec: Section, fname: str) -> None:
        target = self.target_section(doc, sec)
        where = target.text or "not assigned to a question"
        for r in sec.recommendations:
            self.place("r", r, target.recommendations, fname, where)
        for cl in sec.clusters:
            key = (id(target), cl.id)
            mcl = self.clusters.get(key)
            if mcl is None:
                mcl = copy.copy(cl)
                mcl.items = []
                self.clusters[key] = mcl
                target.clusters.append(mcl)
            elif mcl.label != cl.label or mcl.parked != cl.parked:
                self.conflicts.append(Conflict(
                    "theme", cl.id, where, f"theme {mcl.label!r} under {where!r} is named {cl.label!r} in {fname}; "
                    "the first name is kept"))
            for c in cl.items:
                self.place("c", c, mcl.items, fname, where)
        for c in sec.loose:
            self.place("c", c, target.loose, fname, where)

    def place(self, kind: str, item, dest: list, fname: str, where: str) -> None:
        """An item once per id; another version of it (a different text, or for a recommendation
        another status, rank, addressee or lens) kept next to it and reported as a conflict."""
        key = (kind, item.id)
        known = self.variants.get(key)
        sig = item.signature()
        if known is None:
            item = copy.copy(item)
            self.variants[key] = [_Variant(sig, item, dest)]
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
        self.conflicts.append(Conflict(
            kind=noun, id=item.id, where=where,
            message=f"{noun} {item.id} under {where!r} differs between files ({files}): "
                    f"{len(known)} versions kept, marked '⚠ conflict'"))

    def result(self, docs: list[Doc], similar: bool) -> Doc:
        if self.unassigned is not None:
            self.sections.append(self.unassigned)
        infos = sorted(self.sessions.values(), key=lambda s: (s.date, s.start or "", s.title, s.id))
        if self.lang:
            languages = {s.id: s.language for s in infos}
            for sec in self.sections:
                if not sec.unassigned:
                    sec.text = heading_in(sec, self.lang, languages) or sec.text
        merged = Doc(
            sessions=infos, sections=self.sections, standalone=self.standalone,
            session_clusters=self.session_clusters, participants=self.participants,
            anonymous=bool(docs) and all(d.anonymous for d in docs), merged=True,
            report_id=derived_id("report", *sorted(self.sessions)),
            title=next((d.title for d in docs if d.merged and d.title), None),
        )
        self.renumber_hand_added(merged)
        merged.same_person = self.people()
        merged.missing = list(dict.fromkeys(self.still_missing(merged)))
        from .consolidate import consolidate

        merged.sets, notes = consolidate(merged, self.sets, search=similar)
        self.notes += notes
        if similar:
            from .similar import find_similar

            merged.similar = [p for p in find_similar(merged) if p.kind == "theme"]
        return merged

    def renumber_hand_added(self, merged: Doc) -> None:
        """An item added by hand to one input took the number after its session's highest in
        that file; another input (a copy of the same room's record edited by someone else) may
        give that number to another item: the one added by hand takes the next number after
        every one the report shows for its session, so no reference of the report names two
        items (import numbers it the same way, and says so)."""
        items = numbered_items(merged)
        top = highest_numbers(items)
        for s in merged.sessions:
            for kind, n in s.top.items():
                top[(kind, s.id)] = max(top.get((kind, s.id), 0), n)
        for kind, listed in items.items():
            owner: dict[tuple[str, int | None], str] = {}
            for item in listed:
                if item.id not in self.numbered:
                    owner.setdefault((item.session_id, item.seq), item.id)
            moved: dict[str, int] = {}
            for item in listed:
                if item.id not in self.numbered:
                    continue
                if item.id not in moved:
                    key = (item.session_id, item.seq)
                    if owner.setdefault(key, item.id) == item.id:
                        moved[item.id] = item.seq
                        continue
                    top[(kind, item.session_id)] = moved[item.id] = top.get((kind, item.session_id), 0) + 1
                    owner[(item.session_id, moved[item.id])] = item.id
                item.seq = moved[item.id]

    def people(self) -> dict[str, str]:
        """Each person once: what the inputs already said, then names matched across files."""
        from .people import same_people

        found = dict(self.same_person)
        # the first spelling met in the report's order (its sessions by date), whatever the order of the files
        sessions = sorted(self.sessions.values(), key=lambda s: (s.date, s.start or "", s.title, s.id))
        rank = {s.id: n for n, s in enumerate(sessions)}
        first: dict[str, int] = {}
        for sec in self.sections + ([self.unassigned] if self.unassigned else []):
            for c in sec.contributions():
                if c.speaker_id:
                    first[c.speaker_id] = min(first.get(c.speaker_id, 10**9), rank.get(c.session_id, 10**9))
        people = {pid: p for pid, p in sorted(self.participants.items(),
                                              key=lambda kv: (first.get(kv[0], 10**9), kv[1].name.casefold(), kv[0]))
                  if pid not in found}
        for other, main in same_people(people).items():
            found[other] = main
        # one step to the person listed, whatever the chain
        return {pid: _root(found, pid) for pid in found if _root(found, pid) != pid}

    @staticmethod
    def still_missing(merged: Doc) -> list[str]:
        """Recommendations citing contributions no input holds (another input may supply what
        one lacks): their support says so in the report, and these lines say so on screen."""
        present = {c.id for sec in merged.sections for c in sec.contributions()}
        out = []
        for r in merged.recommendations():
            gone = [c for c in r.supports if c not in present]
            if not gone:
                r.missing = []
                continue
            refs = r.missing or [f"id {c}" for c in gone]
            n = "new" if r.seq is None else f"{r.seq:03d}"
            where = f"{r.file}:{r.line}" if r.file else "a file"
            out.append(f"{where}: recommendation R-{n} cites {len(gone)} contribution(s) no input holds "
                       f"({', '.join(refs)}): its support is shown without them, and the report says so")
        return out


def _root(links: dict[str, str], pid: str) -> str:
    seen = {pid}
    while pid in links and links[pid] not in seen:
        pid = links[pid]
        seen.add(pid)
    return pid


def merge_docs(docs: list[Doc], *, lang: str | None = None, similar: bool = True) -> tuple[Doc, list[Conflict]]:
    """One report from ``docs``; ``lang``: the language of the questions' headings where a
    translation exists; ``similar``: look for sets of recommendations (and similar themes) across
    sessions. The merger's notes (a set decided otherwise in another file) are in ``Doc.warnings``."""
    merger = _Merger(lang)
    for doc in docs:
        merger.add(doc)
    merged = merger.result(docs, similar)
    merged.warnings = merger.notes
    return merged, merger.conflicts


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
    group_by: str | None = None
    include_dropped: bool = False
    form: str = "record"
    statuses: tuple[str, ...] | None = None

    def render(self, form: str | None = None) -> str:
        """The report as Markdown (``form``: this result's, or the other one); kept in ``text``
        when it is this result's form."""
        from .render import render

        if self.doc is None:
            return self.text
        text = render(self.doc, anonymous=self.anonymous, group_by=self.group_by, include_dropped=self.include_dropped,
                      lang=self.lang, form=form or self.form, statuses=self.statuses)
        if form is None or form == self.form:
            self.text = text
        return text

    def decide(self, set_id: str, *, state: str, text: str | None = None, source: str | None = None) -> None:
        """Staff's decision about a set (the merge screen): keep a member's text (``source``),
        their own (``text``), or say the members are ``separate``; the report is made again."""
        if self.doc is None:
            return
        for cset in self.doc.sets:
            if cset.id == set_id:
                cset.state = state
                cset.source = source
                if source is not None:
                    text = next((r.text for r in self.doc.recommendations() if r.id == source), text)
                cset.text = text if state == "consolidated" else None
                break
        self.render()

    def document(self, fmt: str = "md", where: str = "the report") -> bytes:
        """The report as a file of format ``fmt`` (md, docx, html); an anonymous one is checked
        for names left (:class:`~.formats.NamesLeft`)."""
        from ..export import document_bytes
        from .render import document_language

        if self.doc is None:
            return self.text.encode("utf-8")
        return document_bytes(self.doc, self.text, fmt, anonymous=self.anonymous, lang=self.lang or document_language(self.doc),
                              where=where)

    def summary(self, written: str | None = None) -> str:
        """One line: what was merged, and what is missing."""
        used = len(self.inputs) - len(self.skipped)
        line = f"Merged {used} file(s)" + (f" into {written}" if written else "")
        parts = [f"{len(self.conflicts)} conflict(s)"] if self.conflicts else []
        if self.doc is not None and self.doc.missing:
            parts.append(f"MISSING EVIDENCE: {len(self.doc.missing)} recommendation(s) cite contributions no input holds")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return line + (": " + "; ".join(parts) if parts else "")

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
        if self.doc is not None and self.doc.missing:
            lines.append(f"Missing evidence: {len(self.doc.missing)} recommendation(s) cite contributions that no "
                         "input holds (a line deleted by hand?); their support says what is missing:")
            lines += [f"  {m}" for m in self.doc.missing]
        sets = self.doc.sets if self.doc is not None else []
        if sets:
            states = Counter(s.state for s in sets)
            lines.append(f"{len(sets)} set(s) of recommendations that say the same thing: "
                         + ", ".join(f"{states[k]} {k}" for k in ("consolidated", "proposed", "separate") if states[k])
                         + (" (a proposed set: keep one text, or write one, in the merge screen or in the report)"
                            if states["proposed"] else ""))
        similar = self.doc.similar if self.doc is not None else []
        if similar:
            lines.append(f"{len(similar)} pair(s) of similar themes across sessions, listed in the report under "
                         "'Similar, consider merging' (nothing was merged)")
        if self.warnings:
            lines.append(f"{len(self.warnings)} note(s):")
            lines += [f"  {w}" for w in self.warnings]
        if not self.conflicts:
            lines.insert(len(self.skipped) + 1 if self.skipped else 0, "No conflicts.")
        return "\n".join(lines)
