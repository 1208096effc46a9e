"""Reading an exported summary (or a merged report) back into a :class:`~.model.Doc`.

Size: ~1,400 lines: the reader of everything :mod:`.render` writes (both forms, merged reports,
items added by hand): one walk over one markdown-it token stream (``_Parser``, a handler per hidden
comment and per section). The handlers share the walk's state (the open section, the ids seen, the
warnings with their lines), so they stay together, as the render's writers do: a change of the
format touches these two modules and nothing else.

The file is parsed with markdown-it-py (CommonMark), so what a person sees rendered is what is
read: the visible text of each item, its heading, its list. The hidden comments give each item
its id; an item without one was added by hand and gets an id derived from what it says, so
reading the same file twice gives the same ids.

Anything that makes the file unusable raises :class:`SummaryError` naming the file and line:
not an export, a newer format, a truncated file, a damaged comment, a bad date or status.
Smaller oddities (a section the reader does not know, an empty item) are collected in
``Doc.warnings`` and reported, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .. import limits
from ..errors import InputError
from .model import (
    FORMAT_VERSION,
    NUMBERED_KINDS,
    STATUSES,
    SET_STATES,
    Cluster,
    ConsolidatedSet,
    Contribution,
    Doc,
    Participant,
    QuestionRef,
    Recommendation,
    Section,
    SessionInfo,
    derived_id,
    highest_numbers,
    is_id,
    number_sections,
    numbered_items,
)
from .text import canonical, inline_text, one_line, split_meta
from .words import WORDS, any_of, key_of, strip_isolates, unwrap


class SummaryError(InputError):
    """A file that cannot be read as a summary; nothing was written."""


_COMMENT = re.compile(r"^<!--\s*facilitator:([a-z]+)((?:\s+[a-z]+=[^\s]*)*)\s*-->$")
_ATTR = re.compile(r"([a-z]+)=([^\s]*)")
_QHEAD = re.compile(r"^Q\d+\.\s*(.*)$", re.S)
_STAG = re.compile(r"^S\d+\.\s*(.*)$", re.S)  # "S1. Title" (files of earlier versions)
_TAGGED = re.compile(r"^[^:/]{1,80}:\s+(.*)$", re.S)  # "Room A: Title"


def _words(*keys: str) -> tuple[str, ...]:
    """The fixed words ``keys`` in every language, case-folded."""
    return tuple(x.casefold() for key in keys for x in any_of(key))


def _alternatives(*keys: str) -> str:
    return "|".join(re.escape(x) for x in sorted(_words(*keys), key=len, reverse=True))


_PLACES = _alternatives("unassigned_short")
# "Theme C-001: label", "Theme Room A/C-001 (Q2): label", "Set aside S2/C-new1: label", in any language
_CHEAD = re.compile(
    rf"^({_alternatives('theme', 'set_aside')})\s*(?:(?:[^:/]*/)?C-(?:\d+|new\d*)\b\s*)?"
    rf"(?:\((?:Q\d+|{_PLACES}|session)\)\s*)?:\s*(.*)$",
    re.I | re.S,
)
_WHERE = re.compile(rf"\s*\((?:Q\d+|{_PLACES})\)$", re.I)
_RREF = re.compile(r"^(?:[^/]+/)?R-(?:\d+|new|\?)$")
# "answers Q3" (a recommendation added by hand), in any language
_ANSWERS = re.compile(rf"(?:{'|'.join(re.escape(x.split('{')[0].strip()) for x in _words('answers'))})\s+Q(\d+)\b"
                      r"((?:\s*[,،؛;]\s*(?:(?:and|et|و)\s*)?Q\d+\b)*)", re.I)
# fixed sentences of the format, read as nothing
_NOTES = {"None yet.", "", *any_of("none"), *any_of("no_recommendations"), *any_of("no_contributions"),
          *any_of("across_note"), *any_of("counts_note")}
_RANK = re.compile(rf"^(?:{'|'.join(re.escape(x.split('{')[0].strip()) for x in _words('rank'))})\s+(\d+)$", re.I)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SET_REF = re.compile(rf"^(?:{'|'.join(re.escape(x.split('{')[0].strip()) for x in _words('set_ref'))})\s*\d*$", re.I)


def _prefix(key: str) -> tuple[str, ...]:
    """The words before ``{...}`` of ``key`` in every language (``to ``, ``à ``, ``إلى ``)."""
    return tuple(dict.fromkeys(x.split("{")[0].casefold() for x in any_of(key)))


_TO = (*_prefix("to"), "à ", "aux ")  # and what a French hand writes
_LENS = _prefix("lens")
_LENS_LINE = _prefix("lens_line")


def _lens_line(text: str) -> list[str] | None:
    """The lenses a theme's ``*Lens: human, state*`` line gives (None: not such a line)."""
    low = text.casefold()
    for p in _LENS_LINE:
        if low.startswith(p):
            from ..vocab import lens_list

            return lens_list([text[len(p):]])
    return None


# metadata labels in any language -> the field they fill
_META = {x.casefold(): key for key in ("date", "time", "start", "end", "series", "event", "venue", "rapporteur",
                                        "room", "languages", "area", "lenses", "purpose", "files", "last_change",
                                        "sessions", "rooms") for x in any_of(key)}


def _small_number(digits: str) -> int | None:
    """A number a person wrote in the file (``rank 3``, ``answers Q4``), ``None`` for one of
    thousands of digits."""
    try:
        return limits.number(digits)
    except ValueError:
        return None


def read_summary_text(path: str | Path) -> str:
    """The file's text; refuses a missing, empty, binary or non-UTF-8 file with the reason."""
    from ..textfile import read_text

    return read_text(path, error=SummaryError, what="an exported summary")


_LIST_ATTRS = ("files", "supports", "tr", "members", "also", "spelled", "top", "details", "was")


def _attrs(raw: str) -> dict:
    out: dict = {}
    for k, v in _ATTR.findall(raw):
        out[k] = [unquote(x) for x in v.split(",") if x] if k in _LIST_ATTRS else unquote(v)
    return out


def _closing(tokens, start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


@dataclass
class _Walk:
    """Where the reader is in the file."""

    context: str = "head"  # head | h2 | section | outcome | overview | evidence | across | sources | participants | ignored
    heading: tuple[str, int, str] | None = None  # text, line, tag (the level it plays)
    session_meta: SessionInfo | None = None  # a session whose metadata list comes next
    section: Section | None = None
    target: str | None = None  # where list items go: recs | cluster | loose
    cluster: Cluster | None = None
    shift: int = 0  # 1 inside the evidence annex: its ### are questions, its #### themes
    skip_paragraph: bool = False  # the table of counts after its comment


class _Parser:
    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.name = Path(path).name
        self.doc: Doc  # made by parse()
        self.shared: dict[str, str] = {}

    # --- errors and warnings -----------------------------------------------------------------

    def error(self, reason: str, line: int | None) -> SummaryError:
        return SummaryError(reason, self.path, line)

    def warn(self, reason: str, line: int | None) -> None:
        self.doc.warnings.append(f"{self.path}:{line}: {reason}" if line else f"{self.path}: {reason}")

    @staticmethod
    def line_of(tok) -> int:
        return tok.map[0] + 1 if tok.map else 0

    def comment_of(self, tok) -> tuple[str, dict[str, str]] | None:
        if tok.type != "html_block":
            return None
        m = _COMMENT.match(tok.content.strip())
        if not m:
            if "facilitator:" in tok.content:
                raise self.error("a damaged facilitator comment (restore it from the original export)", self.line_of(tok))
            return None
        return m.group(1), _attrs(m.group(2))

    def check_id(self, value: str | None, what: str, line: int) -> str:
        if not value or not is_id(value):
            raise self.error(f"a damaged {what} id {value!r} in a facilitator comment", line)
        return value

    def int_attr(self, attrs: dict, key: str, line: int) -> int | None:
        value = attrs.get(key)
        if value is None:
            return None
        try:
            number = limits.number(value, max_digits=9)
        except ValueError:
            number = 0
        if number < 1:
            raise self.error(f"a damaged number {key}={limits.shorten(value, 30)} in a facilitator comment", line)
        return number

    def ms_attr(self, attrs: dict, key: str, line: int) -> int | None:
        """Seconds with up to three decimals (``83.120``) as whole milliseconds."""
        import re

        value = attrs.get(key)
        if value is None:
            return None
        m = re.fullmatch(r"(\d{1,9})(?:\.(\d{1,3}))?", value)
        if not m:
            raise self.error(f"a damaged time {key}={value!r} in a facilitator comment", line)
        return int(m.group(1)) * 1000 + int((m.group(2) or "0").ljust(3, "0"))

    # --- the whole file ----------------------------------------------------------------------

    def parse(self) -> Doc:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark")
        if "\r" in self.text:  # as markdown-it reads line ends (its line numbers count those lines)
            self.text = re.sub(r"\r\n?", "\n", self.text)
        spans = _chunks(self.text)
        tokens = self.chunk_tokens(md, spans[0])
        last_tokens = tokens if len(spans) == 1 else self.chunk_tokens(md, spans[-1])
        top = [i for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0]
        if not top:
            raise self.error("not an exported summary (no content)", 1)
        first = tokens[top[0]]
        head = None
        try:
            head = self.comment_of(first)
        except SummaryError:
            head = None
        if head is None or head[0] != "export":
            what = _what_it_is(self.text, self.path)
            if what:
                raise self.error(what, 1)
            if "facilitator:" in self.text:
                raise self.error(
                    "damaged export: the first line must be the '<!-- facilitator:export version=1 -->' comment",
                    self.line_of(first) or 1,
                )
            raise self.error(
                "not an exported summary (no '<!-- facilitator:export -->' line at the top): import and merge read "
                "the Markdown working record facilitator exports (to start a session from an agenda: "
                "`facilitator new AGENDA.md`)",
                1,
            )
        kind, attrs = head
        version = attrs.get("version", "")
        try:
            number = limits.number(version)
        except ValueError:
            raise self.error(f"damaged export: bad format version {limits.shorten(version, 30)}",
                             self.line_of(first)) from None
        if number > FORMAT_VERSION:
            raise self.error(
                f"written by a newer facilitator (format {version}; this one reads format {FORMAT_VERSION}): upgrade facilitator",
                self.line_of(first),
            )
        last = [t for t in last_tokens if t.level == 0 and t.nesting >= 0][-1]
        try:
            last_comment = self.comment_of(last) if last.type == "html_block" else None
        except SummaryError:
            last_comment = None  # cut in the middle of a comment: truncated
        if not last_comment or last_comment[0] != "end":
            end_anywhere = "facilitator:end" in self.text
            raise self.error(
                "truncated or damaged export: "
                + ("there is text after" if end_anywhere else "it does not end with")
                + " the '<!-- facilitator:end -->' line (if you removed it by hand, put it back as the last line)",
                self.line_of(last) or self.text.count("\n") + 1,
            )
        if attrs.get("form", "record") != "record":
            raise self.error(
                "this is the outcome document (the form to send), which is not read back: import and merge "
                "read the working record (export or merge again without --form outcome)",
                self.line_of(first),
            )
        self.doc = Doc(
            sessions=[],
            anonymous=attrs.get("anonymous") == "1",
            merged=attrs.get("kind") == "merged",
            path=self.path,
        )
        self.first_session = self.prescan_session(tokens) if len(spans) == 1 else self.prescan_lines()
        # each kind's hidden ids met so far: id -> its line (~line: a version of a conflict)
        self.seen: dict[str, dict[str, int]] = {}
        # the contributions a recommendation cites (a superset, found in the text first): only
        # theirs is kept of the references the file shows (for what a recommendation says is missing)
        self.cited = {unquote(x) for m in _SUPPORTS.finditer(self.text) for x in m.group(1).split(",") if x}
        self.pending_recs: list[tuple[Recommendation, str | None]] = []
        self.across_items: list[tuple[Cluster, Contribution, str | None]] = []
        self.across_clusters: list[Cluster] = []
        self.sets: list[ConsolidatedSet] = []
        self.visible_ref: dict[str, str] = {}  # contribution id -> its reference as the file shows it
        self.state = _Walk()
        self.walk(tokens)
        for k in range(1, len(spans)):  # one part of the file at a time: its tokens go before the next part's come
            tokens = last_tokens if k == len(spans) - 1 else self.chunk_tokens(md, spans[k])
            self.walk(tokens, 0)
        del tokens, last_tokens
        if not self.doc.sessions:
            raise self.error("damaged export: no '<!-- facilitator:session -->' comment", None)
        self.resolve()
        self.number_hand_added()
        self.missing_evidence()
        self.doc.sets = self.sets
        return self.doc

    def number_hand_added(self) -> None:
        """Items added by hand (no hidden comment) take the numbers after the highest their
        session has given (its comment's ``top``: dropped and deleted items included) or its
        items of that kind show in the file, in file order: every number the file shows stays
        what it is (a reference in a document already sent never moves), a merged report shows
        them as the room's database numbers them, and import says which each one got."""
        doc = self.doc
        items = numbered_items(doc)
        top = highest_numbers(items)
        for s in doc.sessions:
            for kind, n in s.top.items():
                top[(kind, s.id)] = max(top.get((kind, s.id), 0), n)
        for kind, listed in items.items():
            given: dict[str, int] = {}
            for item in sorted((x for x in listed if x.seq is None), key=lambda x: x.line):
                if item.id not in given:
                    key = (kind, item.session_id)
                    top[key] = given[item.id] = top.get(key, 0) + 1
                    doc.numbered[item.id] = kind
                item.seq = given[item.id]

    def missing_evidence(self) -> None:
        """A recommendation that cites contributions its file does not hold (a line deleted by
        hand): its support says what is missing (``Recommendation.missing``, the references the
        file showed for them) and the reader says so, loudly (``Doc.missing``)."""
        present = {c.id for sec in self.doc.sections for c in sec.contributions()}
        for rec in self.doc.recommendations():
            cited = rec.missing
            gone = [c for c in rec.supports if c not in present]
            if not gone:
                rec.missing = []
                continue
            have = {self.visible_ref.get(c) for c in rec.supports if c in present}
            refs = [r for r in dict.fromkeys(cited) if r not in have]
            rec.missing = refs[: len(gone)] if len(refs) >= len(gone) else refs + [f"id {c}" for c in gone[len(refs):]]
            n = "new" if rec.seq is None else f"{rec.seq:03d}"
            self.doc.missing.append(
                f"{self.path}:{rec.line}: recommendation R-{n} cites {len(gone)} contribution(s) this file does not "
                f"hold ({', '.join(rec.missing)}): its support is shown without them, and says so"
            )

    def chunk_tokens(self, md, span: tuple[int, int, int]) -> list:
        """The tokens of one part of the file (see :func:`_chunks`), their lines counted from the
        top of the whole file."""
        start, end, first_line = span
        tokens = md.parse(self.text[start:end] if (start, end) != (0, len(self.text)) else self.text)
        if first_line:
            for tok in tokens:
                if tok.map:
                    tok.map = [tok.map[0] + first_line, tok.map[1] + first_line]
        return tokens

    def prescan_lines(self) -> str:
        """:meth:`prescan_session` for a file read in parts: its first session comment, found by
        its line (a file is read in parts only when every line that starts with ``<!--`` is a
        whole comment, a block of its own: see :func:`_chunks`)."""
        for m in _SESSION_LINE.finditer(self.text):
            found = _COMMENT.match(m.group(1).strip())
            if found and found.group(1) == "session":
                sid = _attrs(found.group(2)).get("id", "")
                if is_id(sid):
                    return sid
        return ""

    def prescan_session(self, tokens) -> str:
        """The first session's id (items added by hand belong to it), wherever its comment is."""
        for tok in tokens:
            if tok.type == "html_block" and tok.level == 0 and "facilitator:session" in tok.content:
                try:
                    found = self.comment_of(tok)
                except SummaryError:
                    continue
                if found and found[0] == "session" and is_id(found[1].get("id", "")):
                    return found[1]["id"]
        return ""

    def once(self, kind: str, item_id: str, line: int, conflict: bool = False) -> None:
        """Refuse a hidden id met twice (an item copied with its comment): one of the two would
        silently replace the other. Versions of an item marked as a conflict by a merge are the
        exception."""
        seen = self.seen.setdefault(kind, {})
        first = seen.get(item_id)
        if first is None:
            seen[item_id] = ~line if conflict else line
            return
        if conflict and first < 0:
            return
        raise self.error(
            f"the hidden id of this {kind} is also on line {~first if first < 0 else first} (an item copied with its "
            f"'<!-- facilitator:{kind} -->' comment?): delete one of the two, or delete the copy's "
            "comment to add it as a new item; nothing was written",
            line,
        )

    def resolve(self) -> None:
        """Put what the file lists away from its question back under it: the recommendations of
        the outcome, the ideas of the themes across questions."""
        doc = self.doc
        by_question: dict[str, Section] = {}
        numbered = [sec for sec in doc.sections if not sec.unassigned]
        for numbered_sec in numbered:
            for q in numbered_sec.questions:
                by_question.setdefault(q.id, numbered_sec)
        numbers = number_sections(doc)
        by_number: dict[int, Section] = {}
        for numbered_sec in numbered:
            by_number.setdefault(numbers.get(id(numbered_sec), (0, 0))[1], numbered_sec)
        for rec, qid in self.pending_recs:
            sec = by_question.get(qid) if qid else None
            if sec is None and qid is None and rec.answers:
                sec = by_number.get(rec.answers)  # added by hand: "answers Q3"
                if sec is None:
                    self.warn(f"a recommendation added by hand answers Q{rec.answers}, a question the file does not "
                              "have: it is read as a recommendation of the whole session", rec.line)
            if sec is not None:
                sec.recommendations.append(rec)
            else:
                if qid:
                    self.warn("the question this recommendation answers is not in the file: "
                              "it is read as a recommendation of the whole session", rec.line)
                rec.question_id = qid
                doc.standalone.append(rec)
        copies: dict[tuple[int, str], Cluster] = {}
        unassigned = next((sec for sec in doc.sections if sec.unassigned), None)
        for cl, item, qid in self.across_items:
            sec = by_question.get(qid) if qid else None
            if sec is None:
                if unassigned is None:
                    unassigned = Section(text="", unassigned=True)
                    doc.sections.append(unassigned)
                sec = unassigned
            key = (id(sec), cl.id)
            copy = copies.get(key)
            if copy is None:
                copy = copies[key] = replace(cl, items=[])
                sec.clusters.append(copy)
            copy.items.append(item)
        for cl in self.across_clusters:
            if not any(k[1] == cl.id for k in copies):
                self.warn(f"theme {cl.label!r} across questions has no contributions; it was ignored", cl.line)
        # unassigned last, as it is written
        doc.sections.sort(key=lambda sec: sec.unassigned)

    # --- walking the file: one handler per kind of block --------------------------------------

    def walk(self, tokens, start: int = 1) -> None:
        """Read the top-level blocks in order from ``start`` (the first part of a file: after its
        ``export`` comment); what each means depends on where it is (``self.state``, a ``_Walk``
        kept from one part of the file to the next)."""
        if start == 1 and not hasattr(self, "state"):
            self.state = _Walk()
        handlers = {
            "heading_open": self.on_heading,
            "html_block": self.on_comment,
            "bullet_list_open": self.on_list,
            "ordered_list_open": self.on_list,
            "paragraph_open": self.on_paragraph,
        }
        i = start
        while i < len(tokens):
            tok = tokens[i]
            if tok.level != 0:
                i += 1
                continue
            st = self.state
            if st.context == "h2" and st.heading is not None and tok.type != "html_block":
                self.h2_by_its_words()
                continue  # look at this token again in the new context
            i = handlers.get(tok.type, self.on_other_block)(tokens, i)

    def h2_by_its_words(self) -> None:
        """An h2 without a comment after it: a question written by hand, or a known section."""
        st = self.state
        st.context, section = self.h2_without_comment(st.heading)
        if st.context == "evidence":
            st.shift = 1
        if section is not None:
            st.section, st.target, st.cluster = section, "loose", None
            self.doc.sections.append(section)

    def on_heading(self, tokens, i: int) -> int:
        st = self.state
        text = strip_isolates(canonical(inline_text(tokens[i + 1].children or [])))
        line = self.line_of(tokens[i])
        level = int(tokens[i].tag[1])
        if level == 2:
            st.shift = 0
        tag = f"h{max(1, level - st.shift) if level > 1 else 1}"
        st.heading = (text, line, tag)
        if tag == "h1":
            if self.doc.merged:
                self.doc.title = one_line(text)
            st.context = "head"
        elif tag == "h2":
            st.section, st.target, st.cluster = None, None, None
            st.context = "h2"
        elif tag == "h3" and st.context in ("section", "across"):
            section = st.section if st.context == "section" else None
            if st.context == "across" or section is not None:
                st.target, st.cluster = self.h3_without_comment(tokens, i + 3, section, text, line)
        return i + 3

    def on_comment(self, tokens, i: int) -> int:
        tok = tokens[i]
        found = self.comment_of(tok)
        if found is None:
            return i + 1
        kind, attrs = found
        line = self.line_of(tok)
        handler = getattr(self, f"comment_{kind}", None)
        if handler is None or not handler(attrs, line):
            self.warn(f"a '{kind}' comment out of place was ignored", line)
        return i + 1

    def on_list(self, tokens, i: int) -> int:
        st = self.state
        close = _closing(tokens, i)
        if st.session_meta is not None and st.context in ("head", "sources"):
            self.metadata(tokens, i, close, st.session_meta)
            st.session_meta = None
        elif st.context == "section" and st.section is not None:
            self.items(tokens, i, close, st.section, st.target, st.cluster)
        elif st.context == "outcome":
            self.outcome_items(tokens, i, close)
        elif st.context == "across":
            if st.cluster is None:
                self.warn("a list outside any theme was ignored", self.line_of(tokens[i]))
            else:
                self.across_list(tokens, i, close, st.cluster)
        elif st.context == "participants":
            self.participants(tokens, i, close)
        elif st.context not in ("overview", "head", "sources", "ignored", "evidence"):
            self.warn("a list outside any known section was ignored", self.line_of(tokens[i]))
        return close + 1

    def on_paragraph(self, tokens, i: int) -> int:
        st = self.state
        close = _closing(tokens, i)
        text = strip_isolates(canonical(inline_text(tokens[i + 1].children or [])))
        if st.skip_paragraph:
            st.skip_paragraph = False  # the table of counts: written afresh
        elif st.target == "cluster" and st.cluster is not None and _lens_line(text) is not None:
            st.cluster.lenses = _lens_line(text) or []
        elif (st.context == "section" and st.target in ("recs", "cluster", "loose")) or st.context in ("outcome", "across"):
            if text not in _NOTES:
                self.warn(f"a paragraph outside the lists was ignored: {text[:60]!r}", self.line_of(tokens[i]))
        return close + 1

    def on_other_block(self, tokens, i: int) -> int:
        tok = tokens[i]
        context = self.state.context
        if tok.type in ("blockquote_open",) or tok.nesting == 1:
            if context in ("section", "outcome", "across"):
                self.warn("a block that is not a list item was ignored", self.line_of(tok))
            return _closing(tokens, i) + 1
        if tok.type in ("fence", "code_block") and context in ("section", "outcome", "across"):
            self.warn("a code block was ignored", self.line_of(tok))
        return i + 1

    # --- the hidden comments, each where it belongs (True: taken) -------------------------------

    def comment_end(self, attrs, line) -> bool:
        return True

    def comment_export(self, attrs, line) -> bool:
        raise self.error("a second '<!-- facilitator:export -->' line (two files pasted together?)", line)

    def comment_report(self, attrs, line) -> bool:
        if attrs.get("id"):
            self.doc.report_id = self.check_id(attrs.get("id"), "report", line)
        return True

    def comment_session(self, attrs, line) -> bool:
        st, doc = self.state, self.doc
        heading = st.heading
        title = heading[0] if heading else ""
        if heading and heading[2] == "h3":
            title = _source_title(title)
        sid = self.check_id(attrs.get("id"), "session", line)
        if doc.session(sid):
            raise self.error("the same session is listed twice", line)
        top: dict[str, int] = {}
        for entry in attrs.get("top", []):
            kind, _, n = entry.partition(":")
            if kind in NUMBERED_KINDS and n.isdigit() and len(n) <= 9:
                top[kind] = int(n)
        info = SessionInfo(id=sid, title=one_line(title) or "(untitled)", date="", language=attrs.get("language") or "en",
                           updated=attrs.get("updated") or None, files=list(attrs.get("files", [])), top=top, line=line)
        doc.sessions.append(info)
        st.session_meta = info
        st.context = "sources" if heading and heading[2] == "h3" else "head"
        return True

    def comment_question(self, attrs, line) -> bool:
        st = self.state
        if st.context not in ("h2", "section"):
            return False
        section = self.open_section(attrs, line, unassigned=False)
        qid = self.check_id(attrs.get("id"), "question", line)
        self.once("question", qid, line)
        translations = {}
        for entry in attrs.get("tr", []):
            lang, _, value = entry.partition(":")
            if lang and one_line(value):
                translations[lang] = one_line(value)
        section.questions.append(QuestionRef(
            id=qid, session_id=attrs.get("session") or self.first_session,
            position=self.int_attr(attrs, "position", line) or 1,
            text=one_line(attrs.get("text")) or section.text, translations=translations))
        return True

    def comment_unassigned(self, attrs, line) -> bool:
        if self.state.context not in ("h2", "section"):
            return False
        self.open_section(attrs, line, unassigned=True)
        return True

    def open_section(self, attrs, line, unassigned: bool) -> Section:
        """The section an h2 (or, in the evidence, an h3) and its first comment start."""
        st = self.state
        if st.context == "h2" or st.section is None:
            heading = st.heading
            section = Section(text="", unassigned=unassigned, line=heading[1] if heading else line)
            if not unassigned:
                m = _QHEAD.match(heading[0] if heading else "")
                section.text = one_line(m.group(1) if m else (heading[0] if heading else ""))
            self.doc.sections.append(section)
            st.context, st.section, st.target, st.cluster = "section", section, "loose", None
        return st.section

    def _section_kind(self, context: str, target: str | None = None, shift: int | None = None) -> bool:
        st = self.state
        if st.context != "h2":
            return False
        st.context = context
        if target is not None:
            st.target = target
        if shift is not None:
            st.shift = shift
        if context == "across":
            st.target, st.cluster = None, None
        return True

    def comment_overview(self, attrs, line) -> bool:
        return self._section_kind("overview")

    def comment_participants(self, attrs, line) -> bool:
        return self._section_kind("participants")

    def comment_outcome(self, attrs, line) -> bool:
        return self._section_kind("outcome", target="recs")

    def comment_evidence(self, attrs, line) -> bool:
        return self._section_kind("evidence", shift=1)

    def comment_across(self, attrs, line) -> bool:
        return self._section_kind("across")

    def comment_similar(self, attrs, line) -> bool:
        return self._section_kind("ignored")  # written afresh by every merge

    def comment_counts(self, attrs, line) -> bool:
        if self.state.context != "outcome":
            return False
        self.state.skip_paragraph = True  # the table of counts after it is written afresh
        return True

    def comment_set(self, attrs, line) -> bool:
        """A set staff said is not one (``state=separate``), between the lists of the outcome."""
        if self.state.context != "outcome":
            return False
        self.sets.append(self.set_from(attrs, line, attrs.get("members", [])))
        return True

    def comment_recommendations(self, attrs, line) -> bool:
        st = self.state
        if st.section is None:
            return False
        st.target, st.cluster = "recs", None
        return True

    def comment_unclustered(self, attrs, line) -> bool:
        st = self.state
        if st.section is None:
            return False
        st.target, st.cluster = "loose", None
        return True

    def comment_cluster(self, attrs, line) -> bool:
        st = self.state
        if st.context == "across":
            st.cluster = self.cluster_from(attrs, st.heading, line, None)
            self.across_clusters.append(st.cluster)
            self.doc.session_clusters.append(st.cluster.id)
        elif st.section is not None:
            st.cluster = self.cluster_from(attrs, st.heading, line, st.section)
            st.section.clusters.append(st.cluster)
        else:
            return False
        st.target = "cluster"
        return True

    def h3_without_comment(self, tokens, j: int, section: Section | None, text: str,
                           line: int) -> tuple[str | None, Cluster | None]:
        """What an h3 in a question section is (or, ``section`` None, a theme across
        questions), by the comment after it or its words: (where list items go, the theme)."""
        nxt = tokens[j] if j < len(tokens) else None
        found = self.comment_of(nxt) if nxt is not None and nxt.level == 0 else None
        if found is not None:
            return None, None  # the comment decides
        low = _WHERE.sub("", text).casefold()
        if section is not None and (low.startswith("draft recommendations") or low in _words("recommendations")):
            return "recs", None
        if section is not None and low in _words("not_in_theme", "contributions_heading"):
            return "loose", None
        parked, label = _cluster_heading(text)
        sid = self.section_session(section)
        key = (section.questions[0].id if section.questions else "unassigned") if section is not None else "session"
        cl = Cluster(id=derived_id("cluster", sid, key, label), session_id=sid, seq=None, label=one_line(label),
                     parked=parked, session_scope=section is None, line=line)
        if section is not None:
            section.clusters.append(cl)
        else:
            self.across_clusters.append(cl)
            self.doc.session_clusters.append(cl.id)
        return "cluster", cl

    def h2_without_comment(self, heading) -> tuple[str, Section | None]:
        text, line, _tag = heading
        low = text.casefold()
        for key, context in (("overview", "overview"), ("participants", "participants"), ("sources", "sources"),
                             ("recommendations", "outcome"), ("across", "across")):
            if low in _words(key):
                return context, None
        if any(low.startswith(x) for x in _words("evidence")):
            return "evidence", None
        if any(low.startswith(x.split(",")[0]) for x in _words("similar")):
            return "ignored", None
        m = _QHEAD.match(text)
        if m:
            return "section", Section(text=one_line(m.group(1)), line=line)
        self.warn(f"section {text[:60]!r} is not part of the summary format; it was ignored", line)
        return "ignored", None

    def section_session(self, section: Section | None) -> str:
        if section is not None and section.questions:
            return section.questions[0].session_id
        return self.first_session

    def cluster_from(self, attrs, heading, line, section: Section | None) -> Cluster:
        cid = self.check_id(attrs.get("id"), "theme", line)
        parked, label = _cluster_heading(heading[0] if heading else "")
        if label == "(no label)":
            label = ""
        return Cluster(
            id=cid,
            session_id=attrs.get("session") or self.section_session(section),
            seq=self.int_attr(attrs, "seq", line),
            label=label,
            parked=parked,
            session_scope=attrs.get("scope") == "session" or section is None,
            representative_id=attrs.get("rep") or None,
            origin=attrs.get("origin") or "manual",
            method=attrs.get("method") or None,
            curated=attrs.get("curated") == "1",
            line=line,
        )

    # --- lists ---------------------------------------------------------------------------------

    def list_items(self, tokens, start: int, close: int, nested: list | None = None):
        """(line, comment or None, [inline tokens of its paragraphs]) for each item of a list.
        With ``nested`` (a list), a bullet list inside an item (the members of a set) is not
        ignored: its (start, close) is put in ``nested`` while that item is read."""
        j = start + 1
        base = tokens[start].level
        while j < close:
            tok = tokens[j]
            if tok.type == "list_item_open" and tok.level == base + 1:
                end = _closing(tokens, j)
                found = None
                inlines: list[Any] = []  # markdown-it tokens
                lists = []
                k = j + 1
                while k < end:
                    t = tokens[k]
                    if t.level == base + 2 and t.type == "html_block" and found is None and not inlines:
                        found = self.comment_of(t)
                    elif t.level == base + 2 and t.type == "paragraph_open":
                        inlines.append(tokens[k + 1])
                    elif t.level == base + 2 and t.type == "bullet_list_open" and nested is not None:
                        lists.append((k, _closing(tokens, k)))
                        k = lists[-1][1]
                    elif t.level == base + 2 and t.nesting == 1 and t.type != "paragraph_open":
                        self.warn("a nested block inside an item was ignored", self.line_of(t))
                        k = _closing(tokens, k)
                    k += 1
                if nested is not None:
                    nested[:] = lists
                yield self.line_of(tok), found, inlines
                j = end + 1
            else:
                j += 1

    def metadata(self, tokens, start, close, info: SessionInfo) -> None:
        for line, _found, inlines in self.list_items(tokens, start, close):
            text = strip_isolates(canonical("\n".join(inline_text(t.children or []) for t in inlines)))
            if ":" not in text:
                self.warn(f"a metadata line without 'Key: value' was ignored: {text[:60]!r}", line)
                continue
            key, value = text.split(":", 1)
            key, value = _META.get(key.strip().casefold(), key.strip().casefold()), one_line(value)
            if key == "date":
                if not _DATE.match(value):
                    raise self.error(f"bad date {value!r}: expected YYYY-MM-DD", line)
                info.date = value
            elif key == "time":
                parts = re.split(r"\s*[–—-]\s*", value)
                if len(parts) != 2 or not all(_TIME.match(p) for p in parts):
                    raise self.error(f"bad time {value!r}: expected HH:MM–HH:MM", line)
                info.start, info.end = parts
            elif key in ("start", "end"):
                if not _TIME.match(value):
                    raise self.error(f"bad time {value!r}: expected HH:MM", line)
                setattr(info, key, value)
            elif key in ("series", "event", "venue", "rapporteur", "room", "purpose"):
                setattr(info, key, value or None)
            elif key == "area":
                from ..vocab import AREAS

                info.area = AREAS.canonical(value)
            elif key == "lenses":
                from ..vocab import lens_list

                info.lenses = lens_list([value])
            elif key == "languages":
                info.languages = [p.strip() for p in value.split(",") if p.strip()]
            elif key in ("files", "last_change", "sessions", "rooms"):
                pass  # written from the hidden data
            else:
                self.warn(f"unknown metadata {key!r} was ignored", line)
        if not info.date:
            raise self.error("damaged export: the session has no 'Date:' line", info.line)

    def items(self, tokens, start, close, section: Section, target, cluster) -> None:
        for line, found, inlines in self.list_items(tokens, start, close):
            kind = found[0] if found else None
            attrs = found[1] if found else {}
            if kind is None:
                kind = "recommendation" if target == "recs" else "contribution"
            if kind == "recommendation":
                rec = self.recommendation(line, attrs, inlines, section)
                if rec is not None:
                    section.recommendations.append(rec)
            elif kind == "contribution":
                item = self.contribution(line, attrs, inlines, section)
                if item is not None:
                    (cluster.items if target == "cluster" and cluster is not None else section.loose).append(item)
            else:
                self.warn(f"a '{kind}' item inside a question was ignored", line)

    def outcome_items(self, tokens, start, close) -> None:
        """The recommendations of the outcome: each goes back under the question it answers; a
        set's members (the list under it) too, and the set keeps what staff decided."""
        nested: list = []
        for line, found, inlines in self.list_items(tokens, start, close, nested):
            kind = found[0] if found else "recommendation"
            attrs = found[1] if found else {}
            if kind == "set":
                members = []
                for a, b in nested:
                    members += self.outcome_recommendations(tokens, a, b)
                self.set_item(attrs, line, inlines, members)
                continue
            if kind != "recommendation":
                self.warn(f"a '{kind}' item among the recommendations was ignored", line)
                continue
            if nested:
                self.warn("a list inside a recommendation was ignored", line)
            self.outcome_recommendation(line, attrs, inlines)

    def outcome_recommendations(self, tokens, start, close) -> list[Recommendation]:
        out = []
        for line, found, inlines in self.list_items(tokens, start, close):
            kind = found[0] if found else "recommendation"
            if kind != "recommendation":
                self.warn(f"a '{kind}' item among the members of a set was ignored", line)
                continue
            rec = self.outcome_recommendation(line, found[1] if found else {}, inlines)
            if rec is not None:
                out.append(rec)
        return out

    def outcome_recommendation(self, line, attrs, inlines) -> Recommendation | None:
        rec = self.recommendation(line, attrs, inlines, None)
        if rec is None:
            return None
        qid = attrs.get("question") or None
        if qid:
            self.check_id(qid, "question", line)
        self.pending_recs.append((rec, qid))
        return rec

    def set_from(self, attrs, line, members: list[str]) -> ConsolidatedSet:
        sid = attrs.get("id") or derived_id("set", *sorted(members))
        self.check_id(sid, "set", line)
        self.once("set", sid, line)
        state = attrs.get("state") if attrs.get("state") in SET_STATES else "proposed"
        for m in members:
            self.check_id(m, "recommendation", line)
        score = attrs.get("score")
        try:
            value = float(score) if score else None
        except ValueError:
            value = None
        return ConsolidatedSet(id=sid, members=list(members), state=state, source=attrs.get("source") or None,
                               score=value, line=line, file=self.path)

    def set_item(self, attrs, line, inlines, members: list[Recommendation]) -> None:
        """A set of recommendations in the outcome: its head says proposed, consolidated or
        separate; a text staff wrote (or took from a member) in place of the proposed one is
        their decision."""
        first = list(inlines[0].children or []) if inlines else []
        while first and first[0].type == "text" and not first[0].content:
            first.pop(0)
        state, lenses, to = None, [], None
        if first and first[0].type == "strong_open":
            end = next((k for k, t in enumerate(first) if t.type == "strong_close"), None)
            if end is not None:
                parts = [strip_isolates(p).strip() for p in canonical(inline_text(first[1:end])).split(" · ")]
                for n, part in enumerate(parts):
                    low = part.casefold()
                    said = key_of(part, SET_STATES)
                    if said:
                        state = said
                    elif _SET_REF.match(part):
                        continue
                    elif any(low.startswith(p) for p in _LENS):
                        from ..vocab import lens_list

                        lenses = lens_list([part.split(":", 1)[-1]])
                    elif any(low.startswith(p) for p in _TO):
                        to = _after_to(" · ".join(parts[n:]))
                        break
                inlines = [_Shim(first[end + 1 :])] + list(inlines[1:])
        text = self.body(inlines)
        cset = self.set_from(attrs, line, [r.id for r in members])
        cset.lenses, cset.addressed_to = lenses, to
        by_text: dict[str, str] = {}
        for r in members:
            by_text.setdefault(canonical(r.text), r.id)
        source_text = next((canonical(r.text) for r in members if r.id == cset.source), None)
        state = state or cset.state
        if state == "separate":
            cset.state = "separate"
        elif state == "consolidated" or (text and source_text is not None and text != source_text):
            cset.state, cset.text = "consolidated", text or source_text
            cset.source = by_text.get(canonical(cset.text or ""))
        else:
            cset.state = "proposed"
            if text and text != source_text and text in by_text:
                cset.source = by_text[text]
        if len(members) < 2:
            self.warn("a set with fewer than two recommendations under it is no longer a set", line)
            return
        self.sets.append(cset)

    def across_list(self, tokens, start, close, cluster: Cluster) -> None:
        """The ideas of a theme across questions: each goes back under its own question."""
        for line, found, inlines in self.list_items(tokens, start, close):
            kind = found[0] if found else "contribution"
            attrs = found[1] if found else {}
            if kind != "contribution":
                self.warn(f"a '{kind}' item inside a theme was ignored", line)
                continue
            item = self.contribution(line, attrs, inlines, None)
            if item is None:
                continue
            qid = attrs.get("question") or None
            if qid:
                self.check_id(qid, "question", line)
            self.across_items.append((cluster, item, qid))

    split_meta = staticmethod(split_meta)

    def body(self, inlines) -> str:
        parts = []
        for n, tok in enumerate(inlines):
            kids = tok.children or []
            if n == len(inlines) - 1:
                kids, _meta = self.split_meta(kids)
            parts.append(inline_text(kids))
        return canonical(unwrap(canonical("\n\n".join(parts))))

    def item_session(self, attrs, section: Section | None) -> str:
        return attrs.get("session") or self.section_session(section)

    @staticmethod
    def section_key(section: Section | None) -> str:
        if section is None:
            return "session"
        return section.questions[0].id if section.questions else "unassigned"

    def contribution(self, line, attrs, inlines, section: Section | None) -> Contribution | None:
        text = self.body(inlines)
        _kids, meta = self.split_meta(inlines[-1].children or []) if inlines else ([], None)
        shown = _cited(strip_isolates(meta or "")) if meta and "Q" in meta else []
        if not text:
            self.warn("an empty item was ignored", line)
            return None
        sid = self.item_session(attrs, section)
        if "id" in attrs:
            cid = self.check_id(attrs["id"], "contribution", line)
            self.once("contribution", cid, line, conflict=bool(attrs.get("from")))
        else:
            cid = derived_id("contribution", sid, self.section_key(section), text)
        speaker = attrs.get("speaker") or None
        if speaker:
            self.check_id(speaker, "participant", line)
        if shown and cid in self.cited:
            self.visible_ref[cid] = " ".join(shown[-1].split())
        one = self.shared.setdefault  # values many items share are one string each (a large file)
        return Contribution(
            id=cid,
            session_id=one(sid, sid),
            seq=self.int_attr(attrs, "seq", line),
            text=text,
            speaker_id=one(speaker, speaker) if speaker else None,
            group=one(attrs["group"], attrs["group"]) if attrs.get("group") else None,
            unnamed=attrs.get("unnamed") == "1",
            lang=one(attrs["lang"], attrs["lang"]) if attrs.get("lang") else None,
            started=attrs.get("started") or None,
            saved=attrs.get("saved") or None,
            spoke=self.ms_attr(attrs, "spoke", line),
            proposed=attrs.get("proposed") == "1",
            kept_out=attrs.get("kept") == "1",
            origin_file=attrs.get("from") or None,
            line=line,
            file=self.path,
        )

    def recommendation(self, line, attrs, inlines, section: Section | None) -> Recommendation | None:
        status, rank, addressed = "draft", None, None
        first = list(inlines[0].children or []) if inlines else []
        while first and first[0].type == "text" and not first[0].content:
            first.pop(0)
        if first and first[0].type == "strong_open":
            end = next((k for k, t in enumerate(first) if t.type == "strong_close"), None)
            if end is not None:
                prefix = canonical(inline_text(first[1:end]))
                parsed = self.rec_prefix(prefix, line)
                if parsed is not None:
                    status, rank, addressed = parsed
                    inlines = [_Shim(first[end + 1 :])] + list(inlines[1:])
        lenses = list(getattr(self, "prefix_lenses", [])) if first and first[0].type == "strong_open" else []
        self.prefix_lenses: list[str] = []
        text = self.body(inlines)
        if not text:
            self.warn("a recommendation without text was ignored", line)
            return None
        answers = None
        _kids, meta = self.split_meta(inlines[-1].children or []) if inlines else ([], None)
        meta = strip_isolates(meta or "")
        if inlines and "id" not in attrs:
            m = _ANSWERS.search(meta)
            answers = _small_number(m.group(1)) if m else None
            more = re.findall(r"Q(\d{1,6})(?!\d)", m.group(2)) if m else []
            if more and answers is not None:
                said = ", ".join(f"Q{n}" for n in (answers, *more))
                self.warn(f"a recommendation added by hand answers {said}: a recommendation is filed under one "
                          f"question, so it is filed under Q{answers} (write “answers Q{more[0]}” on a copy of it "
                          "for another question)", line)
        sid = self.item_session(attrs, section)
        if "id" in attrs:
            rid = self.check_id(attrs["id"], "recommendation", line)
            self.once("recommendation", rid, line, conflict=bool(attrs.get("from")))
        else:
            key = self.section_key(section) if section is not None or answers is None else f"answers Q{answers}"
            rid = derived_id("recommendation", sid, key, text)
        supports = list(attrs.get("supports", []))
        for s in supports:
            self.check_id(s, "contribution", line)
        cluster = attrs.get("cluster") or None
        if cluster:
            self.check_id(cluster, "theme", line)
        return Recommendation(
            id=rid,
            session_id=sid,
            seq=self.int_attr(attrs, "seq", line),
            text=text,
            status=status,
            rank=rank,
            addressed_to=addressed,
            cluster_id=cluster,
            supports=supports,
            origin_file=attrs.get("from") or None,
            line=line,
            file=self.path,
            answers=answers,
            lenses=lenses,
            missing=_cited(meta),  # what it cites: sorted out in missing_evidence()
        )

    def rec_prefix(self, prefix: str, line: int):
        raw_parts = strip_isolates(prefix).split(" · ")
        parts = [p.strip() for p in raw_parts]
        status, rank, addressed = None, None, None
        self.prefix_lenses = []
        known = False
        unknown = None
        for n, part in enumerate(parts):
            low = part.casefold()
            said = key_of(part, STATUSES)
            if _RREF.match(part):
                known = True
            elif said:
                status, known = said, True
            elif ranked := _RANK.match(part):
                rank = _small_number(ranked.group(1))
                if rank is None or rank < 1:
                    raise self.error(f"a rank must be a number from 1 to 999,999, not {limits.shorten(part, 30)}", line)
            elif any(low.startswith(p) for p in _LENS):
                from ..vocab import lens_list

                self.prefix_lenses = lens_list([part.split(":", 1)[-1]])
            elif low in (p.strip() for p in _TO) or any(low.startswith(p) for p in _TO):
                addressed = _after_to(" · ".join(raw_parts[n:]))
                break
            elif unknown is None:
                unknown = part
        if not known:
            return None  # bold text written by hand, part of the recommendation
        if unknown is not None:
            raise self.error(
                f"unknown {unknown!r} in a recommendation's bold heading "
                f"(expected e.g. 'R-001 · draft · rank 1 · to parliaments'; statuses: {', '.join(STATUSES)})",
                line,
            )
        return status or "draft", rank, addressed

    def participants(self, tokens, start, close) -> None:
        for line, found, inlines in self.list_items(tokens, start, close):
            if not found or found[0] != "participant":
                self.warn("a participant without its hidden id was ignored", line)
                continue
            attrs = found[1]
            pid = self.check_id(attrs.get("id"), "participant", line)
            self.once("participant", pid, line)
            kids = list(inlines[0].children or []) if inlines else []
            while kids and kids[0].type == "text" and not kids[0].content:
                kids.pop(0)
            name = ""
            if kids and kids[0].type == "strong_open":
                end = next((k for k, t in enumerate(kids) if t.type == "strong_close"), len(kids))
                name = one_line(inline_text(kids[1:end]))
            if not name:
                raise self.error("a participant without a name (the name is the bold text)", line)
            self.doc.participants.setdefault(
                pid,
                Participant(
                    id=pid,
                    name=name,
                    title=attrs.get("title") or None,
                    organization=attrs.get("organization") or None,
                    group=attrs.get("group") or None,
                    country=attrs.get("country") or None,
                    gender=attrs.get("gender") or None,
                    youth=attrs.get("youth") == "1",
                    panel=self.int_attr(attrs, "panel", line),
                    line=line,
                ),
            )
            # the same person as other files spell them (a merged report lists each person once)
            spelled = list(attrs.get("spelled", []))
            own = _own_details(attrs.get("details", []))
            for n, other in enumerate(attrs.get("also", [])):
                oid = self.check_id(other, "participant", line)
                self.once("participant", oid, line)
                base = self.doc.participants[pid]
                person = replace(base, id=oid, name=spelled[n] if n < len(spelled) else name, panel=None)
                for key, value in own.get(oid, {}).items():  # what this room's roster says of them
                    setattr(person, key, value == "1" if key == "youth" else (value or None))
                self.doc.participants.setdefault(oid, person)
                self.doc.same_person[oid] = pid


def _own_details(entries: list[str]) -> dict[str, dict[str, str]]:
    """A merged report's ``details`` of a participant: the other spellings' own details, by id."""
    from urllib.parse import parse_qsl

    out: dict[str, dict[str, str]] = {}
    for entry in entries:
        oid, _, query = entry.partition("?")
        fields = {k: v for k, v in parse_qsl(query, keep_blank_values=True)
                  if k in ("title", "organization", "group", "country", "gender", "youth")}
        if oid and fields:
            out[oid] = fields
    return out


_REF = re.compile(r"Q\d+-(?:\d+|new)\b")
_SEPARATORS = ",;:،؛—("


def _what_it_is(text: str, path: str) -> str | None:
    """What a file that is not an export is, and what to do with it (None: nothing recognised)."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    low = head.casefold()
    suffix = Path(path).suffix.casefold()
    if suffix in (".html", ".htm") or low.startswith(("<!doctype html", "<html")):
        return ("this is an HTML document (made for sending or reading, without the hidden structure): import and "
                "merge read the Markdown working record: import the .md it was made from")
    first = head.split("\n", 1)[0]
    if suffix in (".csv", ".tsv", ".jsonl", ".json") or (first.count(",") + first.count(";") >= 2 and "#" not in first
                                                          and "<!--" not in first):
        return ("this is a data file, not an exported summary: partners' updates are read by `facilitator followup "
                "import FILE.csv`, contributions by `facilitator add SESSION --from FILE.csv`, a roster by "
                "`facilitator roster --import FILE.csv`")
    words = [x.split("{")[0].strip().casefold() for key in ("recommendations", "overview", "evidence", "participants")
             for x in WORDS[key]]
    if "facilitator:" in text:
        return None  # its comments are there: a damaged export (said by the caller)
    if re.search(r"\*\*(?:[^*\n]*/)?R-\d{3}\b", text[:200_000]) or sum(
            bool(re.search(rf"^#+\s+{re.escape(word)}", text[:200_000], re.I | re.M)) for word in words) >= 2:
        return ("this looks like an exported summary whose hidden comments are gone (a copy made through Word, "
                "pandoc or another editor?): they carry the ids import and merge need; import the .md file "
                "facilitator wrote (or export it again), and edit that one in a text editor")
    return None


def _cited(meta: str) -> list[str]:
    """The contribution references in a tail (``Room A/Q1-003``), in any language; linear in its length."""
    out = []
    for m in _REF.finditer(meta):
        start = m.start()
        if start and meta[start - 1] == "/":  # a session's tag before it, back to the separator
            k = start - 1
            while k > 0 and meta[k - 1] not in _SEPARATORS:
                k -= 1
            start = k
        out.append(" ".join(meta[start:m.end()].split()))
    return out


def _after_to(text: str) -> str | None:
    """The addressee in ``to National parliaments`` (``à …``, ``إلى …``)."""
    text = text.lstrip()
    low = text.casefold()
    for p in sorted(_TO, key=len, reverse=True):
        if low.startswith(p) or low == p.strip():
            return one_line(text[len(p):]) or None
    return None


def _source_title(heading: str) -> str:
    """The title in a source's heading: ``Room A: Title`` (or ``S1. Title``)."""
    m = _STAG.match(heading) or _TAGGED.match(heading)
    return m.group(1) if m else heading


def _cluster_heading(text: str) -> tuple[bool, str]:
    """(parked, label) from 'Theme C-001: label' or 'Set aside C-002 (Q3): label'."""
    m = _CHEAD.match(text)
    if not m:
        return False, one_line(text)
    return m.group(1).casefold() == "set aside", one_line(m.group(2))


# --- reading a large file in parts --------------------------------------------------------------
#
# markdown-it's tokens take about ten times the size of the text they come from (a 200,000-
# contribution export: 81 MB of Markdown, over a GB of tokens), so a large file is parsed in parts
# of about CHUNK characters, each part's tokens read and let go before the next part is parsed.
# A part starts only where the whole file's parse would start a block at the top level anyway,
# so the walk sees the same blocks, in the same order, with the same lines:
#
# - before a heading at the start of a line, after an empty line, whose hidden comment follows it
#   after one empty line (every heading of an export); or
# - before an item ``- <!-- facilitator:contribution ... -->`` at the start of a line, after the
#   last line of the item before it (a long list of contributions read as several lists in a row:
#   the walk puts their items in the same place).
#
# A file is read in one part when a block could run past such a place or a part could depend on
# another: a line that could open a fenced code block (``` or ~~~), an HTML block (any ``<`` that
# starts a line, but for a comment closed on the same line), or a link reference definition (a
# line starting with ``[``: a link anywhere in the file can use it). An export never has one (user
# text is escaped); a file edited by hand may, and is then read as it always was, in one part (so
# is a file with a session comment indented as if inside a list item).

CHUNK = 1 << 18  # characters of a part, about 600 contributions
_SUPPORTS = re.compile(r"\bsupports=([^\s]*)")
_BOUNDARY = re.compile(
    r"\n[ \t]*\n(?=#{1,6}(?:[ \t][^\n]*)?\n[ \t]*\n<!-- facilitator:)"
    r"|\n  [^\n]*[^ \t\n][^\n]*\n(?=- <!-- facilitator:contribution [^\n]*-->\n)"
)
_UNSAFE = re.compile(r"^[ \t>*+\-\d.)]*(?:```|~~~|\[|<(?!!--[^\n]*-->))|^ {1,3}<!--[^\n]*facilitator:session", re.M)
# a session comment at the start of a line: always a block of the top level (an indented one may
# be inside a list item: such a file is read in one part)
_SESSION_LINE = re.compile(r"^(<!--[^\n]*facilitator:session[^\n]*)$", re.M)


def _chunks(text: str, size: int | None = None) -> list[tuple[int, int, int]]:
    """(start, end, first line) of the parts ``text`` is parsed in (see above), each of about
    ``size`` characters (default: ``CHUNK``); one part when the file is small or could be read
    differently in parts."""
    size = CHUNK if size is None else size
    if len(text) <= size or _UNSAFE.search(text):
        return [(0, len(text), 0)]
    spans: list[tuple[int, int, int]] = []
    start, line = 0, 0
    while True:
        m = _BOUNDARY.search(text, start + size)
        if m is None:
            break
        end = m.end()
        spans.append((start, end, line))
        line += text.count("\n", start, end)
        start = end
    spans.append((start, len(text), line))
    return spans


class _Shim:
    """Stands in for an inline token whose children were trimmed."""

    def __init__(self, children):
        self.children = children


def parse_summary(text: str, path: str | Path = "<summary>") -> Doc:
    """Parse an exported summary or merged report; raise :class:`SummaryError` if it is not one."""
    return _Parser(text, str(path)).parse()


def read_summary(path: str | Path) -> Doc:
    return parse_summary(read_summary_text(path), path)
