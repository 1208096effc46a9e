"""Reading an exported summary (or a merged report) back into a :class:`~.model.Doc`.

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
from pathlib import Path
from urllib.parse import unquote

from .. import limits
from ..errors import InputError
from .model import (
    FORMAT_VERSION,
    STATUSES,
    Cluster,
    Contribution,
    Doc,
    Participant,
    QuestionRef,
    Recommendation,
    Section,
    SessionInfo,
    derived_id,
    is_id,
)
from .text import canonical, inline_text, one_line


class SummaryError(InputError):
    """A file that cannot be read as a summary; nothing was written."""


_COMMENT = re.compile(r"^<!--\s*facilitator:([a-z]+)((?:\s+[a-z]+=[^\s]*)*)\s*-->$")
_ATTR = re.compile(r"([a-z]+)=([^\s]*)")
_QHEAD = re.compile(r"^Q\d+\.\s*(.*)$", re.S)
_STAG = re.compile(r"^S\d+\.\s*(.*)$", re.S)  # "S1. Title" (files of earlier versions)
_TAGGED = re.compile(r"^[^:/]{1,80}:\s+(.*)$", re.S)  # "Room A: Title"
# "Theme C-001: label", "Theme Room A/C-001 (Q2): label", "Set aside S2/C-new1: label"
_CHEAD = re.compile(
    r"^(theme|set aside)\b\s*(?:(?:[^:/]*/)?C-(?:\d+|new\d*)\b\s*)?(?:\((?:Q\d+|unassigned|session)\)\s*)?:\s*(.*)$",
    re.I | re.S,
)
_WHERE = re.compile(r"\s*\((?:Q\d+|unassigned)\)$")
_RREF = re.compile(r"^(?:[^/]+/)?R-(?:\d+|new|\?)$")
_ANSWERS = re.compile(r"\banswers\s+Q(\d+)\b", re.I)
# fixed sentences of the format, read as nothing
_NOTES = {"None yet.", "None.", "", "No recommendations yet.", "No contributions.",
          "Its contributions are under Themes across questions."}
_RANK = re.compile(r"^rank\s+(\d+)$", re.I)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _small_number(digits: str) -> int | None:
    """A number a person wrote in the file (``rank 3``, ``answers Q4``), ``None`` for one of
    thousands of digits."""
    try:
        return limits.number(digits)
    except ValueError:
        return None
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_summary_text(path: str | Path) -> str:
    """The file's text; refuses a missing, empty, binary or non-UTF-8 file with the reason."""
    from ..textfile import read_text

    return read_text(path, error=SummaryError, what="an exported summary")


_LIST_ATTRS = ("files", "supports", "tr")


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


class _Parser:
    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.name = Path(path).name
        self.doc: Doc | None = None

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

        tokens = MarkdownIt("commonmark").parse(self.text)
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
            if "facilitator:" in self.text:
                raise self.error(
                    "damaged export: the first line must be the '<!-- facilitator:export version=1 -->' comment",
                    self.line_of(first) or 1,
                )
            raise self.error(
                "not an exported summary (no '<!-- facilitator:export -->' line at the top); "
                "an agenda is started with `facilitator new`",
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
        last = tokens[top[-1]]
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
        self.doc = Doc(
            sessions=[],
            anonymous=attrs.get("anonymous") == "1",
            merged=attrs.get("kind") == "merged",
            path=self.path,
        )
        self.first_session = self.prescan_session(tokens)
        self.seen: dict[tuple[str, str], tuple[int, bool]] = {}
        self.pending_recs: list[tuple[Recommendation, str | None]] = []
        self.across_items: list[tuple[Cluster, Contribution, str | None]] = []
        self.across_clusters: list[Cluster] = []
        self.walk(tokens)
        if not self.doc.sessions:
            raise self.error("damaged export: no '<!-- facilitator:session -->' comment", None)
        self.resolve()
        return self.doc

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
        key = (kind, item_id)
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = (line, conflict)
            return
        if conflict and first[1]:
            return
        raise self.error(
            f"the hidden id of this {kind} is also on line {first[0]} (an item copied with its "
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
        for sec in numbered:
            for q in sec.questions:
                by_question.setdefault(q.id, sec)
        for rec, qid in self.pending_recs:
            sec = by_question.get(qid) if qid else None
            if sec is None and qid is None and rec.answers and rec.answers <= len(numbered):
                sec = numbered[rec.answers - 1]  # added by hand: "answers Q3"
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
                copy = copies[key] = Cluster(**{**cl.__dict__, "items": []})
                sec.clusters.append(copy)
            copy.items.append(item)
        for cl in self.across_clusters:
            if not any(k[1] == cl.id for k in copies):
                self.warn(f"theme {cl.label!r} across questions has no contributions; it was ignored", cl.line)
        # unassigned last, as it is written
        doc.sections.sort(key=lambda sec: sec.unassigned)

    def walk(self, tokens) -> None:
        doc = self.doc
        context = "head"
        heading: tuple[str, int, str] | None = None  # text, line, tag (the level it plays)
        pending_session_meta: SessionInfo | None = None
        section: Section | None = None
        target: str | None = None  # where list items go: recs | cluster | loose
        cluster: Cluster | None = None
        shift = 0  # 1 inside the evidence annex: its ### are questions, its #### themes
        i = 1
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            line = self.line_of(tok)
            if tok.level != 0:
                i += 1
                continue
            if context == "h2" and heading is not None and tok.type != "html_block":
                # an h2 without a comment after it: a question written by hand, or a known section
                context, section = self.h2_without_comment(heading)
                if context == "evidence":
                    shift = 1
                if section is not None:
                    target, cluster = "loose", None
                    doc.sections.append(section)
                continue  # look at this token again in the new context
            if tok.type == "heading_open":
                text = canonical(inline_text(tokens[i + 1].children or []))
                level = int(tok.tag[1])
                if level == 2:
                    shift = 0
                tag = f"h{max(1, level - shift) if level > 1 else 1}"
                heading = (text, line, tag)
                if tag == "h1":
                    if doc.merged:
                        doc.title = one_line(text)
                    context = "head"
                elif tag == "h2":
                    section, target, cluster = None, None, None
                    context = "h2"
                elif tag == "h3":
                    if context == "section" and section is not None:
                        target, cluster = None, None
                        self.h3_without_comment(tokens, i + 3, section, text, line)
                        target, cluster = self._h3_state
                    elif context == "across":
                        target, cluster = None, None
                        self.h3_without_comment(tokens, i + 3, None, text, line)
                        target, cluster = self._h3_state
                i += 3
                continue
            if tok.type == "html_block":
                found = self.comment_of(tok)
                if found is None:
                    i += 1
                    continue
                kind, attrs = found
                if kind == "end":
                    i += 1
                    continue
                if kind == "export":
                    raise self.error("a second '<!-- facilitator:export -->' line (two files pasted together?)", line)
                if kind == "report":
                    if attrs.get("id"):
                        doc.report_id = self.check_id(attrs.get("id"), "report", line)
                elif kind == "session":
                    title = heading[0] if heading else ""
                    if heading and heading[2] == "h3":
                        title = _source_title(title)
                    sid = self.check_id(attrs.get("id"), "session", line)
                    if doc.session(sid):
                        raise self.error("the same session is listed twice", line)
                    info = SessionInfo(
                        id=sid,
                        title=one_line(title) or "(untitled)",
                        date="",
                        language=attrs.get("language") or "en",
                        updated=attrs.get("updated") or None,
                        files=list(attrs.get("files", [])),
                        line=line,
                    )
                    doc.sessions.append(info)
                    pending_session_meta = info
                    context = "sources" if heading and heading[2] == "h3" else "head"
                elif kind in ("question", "unassigned") and context in ("h2", "section"):
                    if context == "h2" or section is None:
                        section = Section(text="", unassigned=kind == "unassigned", line=heading[1] if heading else line)
                        if kind == "question":
                            m = _QHEAD.match(heading[0] if heading else "")
                            section.text = one_line(m.group(1) if m else (heading[0] if heading else ""))
                        doc.sections.append(section)
                        context = "section"
                        target, cluster = "loose", None
                    if kind == "question":
                        qid = self.check_id(attrs.get("id"), "question", line)
                        self.once("question", qid, line)
                        sid = attrs.get("session") or self.first_session
                        position = self.int_attr(attrs, "position", line) or 1
                        qtext = one_line(attrs.get("text")) or section.text
                        translations = {}
                        for entry in attrs.get("tr", []):
                            lang, _, value = entry.partition(":")
                            if lang and one_line(value):
                                translations[lang] = one_line(value)
                        section.questions.append(QuestionRef(id=qid, session_id=sid, position=position, text=qtext,
                                                             translations=translations))
                elif kind == "overview" and context == "h2":
                    context = "overview"
                elif kind == "participants" and context == "h2":
                    context = "participants"
                elif kind == "outcome" and context == "h2":
                    context, target = "outcome", "recs"
                elif kind == "evidence" and context == "h2":
                    context, shift = "evidence", 1
                elif kind == "across" and context == "h2":
                    context, target, cluster = "across", None, None
                elif kind == "similar" and context == "h2":
                    context = "ignored"  # written afresh by every merge
                elif kind == "recommendations" and section is not None:
                    target, cluster = "recs", None
                elif kind == "unclustered" and section is not None:
                    target, cluster = "loose", None
                elif kind == "cluster" and context == "across":
                    cluster = self.cluster_from(attrs, heading, line, None)
                    self.across_clusters.append(cluster)
                    doc.session_clusters.append(cluster.id)
                    target = "cluster"
                elif kind == "cluster" and section is not None:
                    cluster = self.cluster_from(attrs, heading, line, section)
                    section.clusters.append(cluster)
                    target = "cluster"
                else:
                    self.warn(f"a '{kind}' comment out of place was ignored", line)
                i += 1
                continue
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                close = _closing(tokens, i)
                if pending_session_meta is not None and context in ("head", "sources"):
                    self.metadata(tokens, i, close, pending_session_meta)
                    pending_session_meta = None
                elif context == "section" and section is not None:
                    self.items(tokens, i, close, section, target, cluster)
                elif context == "outcome":
                    self.outcome_items(tokens, i, close)
                elif context == "across":
                    if cluster is None:
                        self.warn("a list outside any theme was ignored", line)
                    else:
                        self.across_list(tokens, i, close, cluster)
                elif context == "participants":
                    self.participants(tokens, i, close)
                elif context not in ("overview", "head", "sources", "ignored", "evidence"):
                    self.warn("a list outside any known section was ignored", line)
                i = close + 1
                continue
            if tok.type == "paragraph_open":
                close = _closing(tokens, i)
                if (context == "section" and target in ("recs", "cluster", "loose")) or context in ("outcome", "across"):
                    text = canonical(inline_text(tokens[i + 1].children or []))
                    if text not in _NOTES:
                        self.warn(f"a paragraph outside the lists was ignored: {text[:60]!r}", line)
                i = close + 1
                continue
            if tok.type in ("blockquote_open",) or tok.nesting == 1:
                close = _closing(tokens, i)
                if context in ("section", "outcome", "across"):
                    self.warn("a block that is not a list item was ignored", line)
                i = close + 1
                continue
            if tok.type in ("fence", "code_block") and context in ("section", "outcome", "across"):
                self.warn("a code block was ignored", line)
            i += 1

    _h3_state: tuple[str | None, Cluster | None] = (None, None)

    def h3_without_comment(self, tokens, j: int, section: Section | None, text: str, line: int) -> None:
        """Decide what an h3 in a question section is (or, ``section`` None, a theme across
        questions), by the comment after it or its words."""
        nxt = tokens[j] if j < len(tokens) else None
        found = self.comment_of(nxt) if nxt is not None and nxt.level == 0 else None
        if found is not None:
            self._h3_state = (None, None)  # the comment decides
            return
        low = _WHERE.sub("", text).casefold()
        if section is not None and (low.startswith("draft recommendations") or low == "recommendations"):
            self._h3_state = ("recs", None)
        elif section is not None and low in ("not in a theme", "contributions"):
            self._h3_state = ("loose", None)
        else:
            parked, label = _cluster_heading(text)
            sid = self.section_session(section)
            key = (section.questions[0].id if section.questions else "unassigned") if section is not None else "session"
            cl = Cluster(
                id=derived_id("cluster", sid, key, label),
                session_id=sid,
                seq=None,
                label=one_line(label),
                parked=parked,
                session_scope=section is None,
                line=line,
            )
            if section is not None:
                section.clusters.append(cl)
            else:
                self.across_clusters.append(cl)
                self.doc.session_clusters.append(cl.id)
            self._h3_state = ("cluster", cl)

    def h2_without_comment(self, heading) -> tuple[str, Section | None]:
        text, line, _tag = heading
        low = text.casefold()
        if low == "overview":
            return "overview", None
        if low == "participants":
            return "participants", None
        if low == "sources":
            return "sources", None
        if low == "recommendations":
            return "outcome", None
        if low.startswith("evidence"):
            return "evidence", None
        if low == "themes across questions":
            return "across", None
        if low.startswith("similar"):
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

    def list_items(self, tokens, start: int, close: int):
        """(line, comment or None, [inline tokens of its paragraphs]) for each item of a list."""
        j = start + 1
        base = tokens[start].level
        while j < close:
            tok = tokens[j]
            if tok.type == "list_item_open" and tok.level == base + 1:
                end = _closing(tokens, j)
                found = None
                inlines = []
                k = j + 1
                while k < end:
                    t = tokens[k]
                    if t.level == base + 2 and t.type == "html_block" and found is None and not inlines:
                        found = self.comment_of(t)
                    elif t.level == base + 2 and t.type == "paragraph_open":
                        inlines.append(tokens[k + 1])
                    elif t.level == base + 2 and t.nesting == 1 and t.type != "paragraph_open":
                        self.warn("a nested block inside an item was ignored", self.line_of(t))
                        k = _closing(tokens, k)
                    k += 1
                yield self.line_of(tok), found, inlines
                j = end + 1
            else:
                j += 1

    def metadata(self, tokens, start, close, info: SessionInfo) -> None:
        for line, _found, inlines in self.list_items(tokens, start, close):
            text = canonical("\n".join(inline_text(t.children or []) for t in inlines))
            if ":" not in text:
                self.warn(f"a metadata line without 'Key: value' was ignored: {text[:60]!r}", line)
                continue
            key, value = text.split(":", 1)
            key, value = key.strip().casefold(), one_line(value)
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
            elif key in ("series", "event", "venue", "rapporteur", "room"):
                setattr(info, key, value or None)
            elif key == "languages":
                info.languages = [p.strip() for p in value.split(",") if p.strip()]
            elif key in ("files", "last change", "sessions", "rooms"):
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
        """The recommendations of the outcome: each goes back under the question it answers."""
        for line, found, inlines in self.list_items(tokens, start, close):
            kind = found[0] if found else "recommendation"
            attrs = found[1] if found else {}
            if kind != "recommendation":
                self.warn(f"a '{kind}' item among the recommendations was ignored", line)
                continue
            rec = self.recommendation(line, attrs, inlines, None)
            if rec is None:
                continue
            qid = attrs.get("question") or None
            if qid:
                self.check_id(qid, "question", line)
            self.pending_recs.append((rec, qid))

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

    @staticmethod
    def split_meta(children) -> tuple[list, str | None]:
        """(the children before a trailing ``*— ...*``, the meta text) of a paragraph."""
        kids = list(children)
        while kids and kids[-1].type == "text" and not kids[-1].content.strip():
            kids.pop()
        if kids and kids[-1].type == "em_close":
            depth = 0
            for k in range(len(kids) - 1, -1, -1):
                if kids[k].type == "em_close":
                    depth += 1
                elif kids[k].type == "em_open":
                    depth -= 1
                    if depth == 0:
                        meta = inline_text(kids[k + 1 : -1])
                        if meta.startswith("—"):
                            return kids[:k], meta
                        break
        return kids, None

    def body(self, inlines) -> str:
        parts = []
        for n, tok in enumerate(inlines):
            kids = tok.children or []
            if n == len(inlines) - 1:
                kids, _meta = self.split_meta(kids)
            parts.append(inline_text(kids))
        return canonical("\n\n".join(parts))

    def item_session(self, attrs, section: Section | None) -> str:
        return attrs.get("session") or self.section_session(section)

    @staticmethod
    def section_key(section: Section | None) -> str:
        if section is None:
            return "session"
        return section.questions[0].id if section.questions else "unassigned"

    def contribution(self, line, attrs, inlines, section: Section | None) -> Contribution | None:
        text = self.body(inlines)
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
        return Contribution(
            id=cid,
            session_id=sid,
            seq=self.int_attr(attrs, "seq", line),
            text=text,
            speaker_id=speaker,
            group=attrs.get("group") or None,
            unnamed=attrs.get("unnamed") == "1",
            lang=attrs.get("lang") or None,
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
        text = self.body(inlines)
        if not text:
            self.warn("a recommendation without text was ignored", line)
            return None
        answers = None
        if inlines and "id" not in attrs:
            _kids, meta = self.split_meta(inlines[-1].children or [])
            m = _ANSWERS.search(meta or "")
            answers = _small_number(m.group(1)) if m else None
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
        )

    def rec_prefix(self, prefix: str, line: int):
        raw_parts = prefix.split(" · ")
        parts = [p.strip() for p in raw_parts]
        status, rank, addressed = None, None, None
        known = False
        unknown = None
        for n, part in enumerate(parts):
            low = part.casefold()
            if _RREF.match(part):
                known = True
            elif low in STATUSES:
                status, known = low, True
            elif _RANK.match(part):
                rank = _small_number(_RANK.match(part).group(1))
                if rank is None or rank < 1:
                    raise self.error(f"a rank must be a number from 1 to 999,999, not {limits.shorten(part, 30)}", line)
            elif low == "to" or low.startswith("to "):
                addressed = one_line(" · ".join(raw_parts[n:]).lstrip()[3:]) or None
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


class _Shim:
    """Stands in for an inline token whose children were trimmed."""

    def __init__(self, children):
        self.children = children


def parse_summary(text: str, path: str | Path = "<summary>") -> Doc:
    """Parse an exported summary or merged report; raise :class:`SummaryError` if it is not one."""
    return _Parser(text, str(path)).parse()


def read_summary(path: str | Path) -> Doc:
    return parse_summary(read_summary_text(path), path)
