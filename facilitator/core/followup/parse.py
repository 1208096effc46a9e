"""Reading a monitoring report back into a :class:`~.report.Report`.

Size: ~760 lines: the reader of the monitoring report, one walk over its tokens (``_Parser``) with
a handler per hidden comment, heading and list; the handlers share the walk's state (the open
recommendation and activity, the ids seen, the warnings), and the module mirrors :mod:`.render`,
which writes what it reads.

The file is parsed with markdown-it-py, as the summaries are: what a person sees rendered is
what is read. The hidden comments give each activity, update and recommendation its id; an
activity or an update without one was added by hand and gets an id derived from what it says
(so reading the same file twice gives the same ids). Labels are understood in English, French
and Arabic, whatever the language the report was written in.

What is read: each activity's heading (its status and progress as shown, and its title), its
fields (lead, partners, start, due, area, lens) and its timeline (each update's date, who,
status, progress, text and source). What is not: the figures *at a glance*, the list of what
needs attention, the notes (overdue by, due in), the recommendations' text (the summaries own
it): they are made again from the data.

A file that is not a monitoring report, is newer, truncated or damaged raises
:class:`ReportError` with the file and line; smaller oddities are ``Report.warnings``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from .. import limits
from ..errors import InputError
from ..summary.model import derived_id, is_id
from ..summary.parse import _ATTR, _COMMENT, _attrs, _closing
from ..summary.text import canonical, inline_text, one_line, split_meta
from ..vocab import AREAS, LENSES, fold
from .actors import guess_kind, kind_word
from .dates import DateError, parse_date
from .report import FORMAT_VERSION, ActivityItem, RecItem, Report, SessionRef, StatusItem, UpdateItem, field_signature
from .words import WORDS, any_of

_AREF = re.compile(r"^A-(\d+|new)$")
_PERCENT = re.compile(r"^(\d{1,3})\s*%$")
_KIND_SUFFIX = re.compile(r"^(.*?)\s*\(([^()]+)\)$", re.S)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_LIST_ATTRS = ("evidence", "lenses", "members", "files")



def _small_number(digits: str) -> int | None:
    """A number written in the file (a version, a reference, a comment's number), ``None`` for
    anything else, such as one of thousands of digits (:func:`.limits.number`)."""
    try:
        return limits.number(digits)
    except ValueError:
        return None

class ReportError(InputError):
    """A file that cannot be read as a monitoring report; nothing was written."""


def read_report_text(path: str | Path) -> str:
    from ..textfile import read_text

    return read_text(path, error=ReportError, what="a monitoring report")


def is_report(text: str) -> bool:
    """Whether ``text`` starts as a monitoring report (not a summary)."""
    first = text.lstrip("\ufeff").lstrip().split("\n", 1)[0]
    return first.startswith("<!-- facilitator:monitoring")


def _field_key(text: str) -> str | None:
    key = fold(text)
    for name in ("lead", "partners", "start", "due", "area", "lens"):
        if key in any_of(name):
            return name
    return None


_SOURCE_LABELS = {fold(v.split("{")[0].rstrip(": ").strip()) for v in WORDS["source"]}


def _source_of(meta: str) -> str | None:
    """``— source: X`` (in any language) -> ``X``."""
    text = meta.lstrip("— ").strip()
    if ":" not in text:
        return None
    head, rest = text.split(":", 1)
    return one_line(rest) if fold(head) in _SOURCE_LABELS else None


@dataclass
class _Place:
    """Where the walk is in a report: its section, the recommendation and activity its blocks
    belong to, and a heading waiting for its hidden comment ``(tag, line, text)``."""

    section: str = "head"
    rec_id: str | None | bool = False  # False: no recommendation heading yet; None: "without one"
    activity: ActivityItem | None = None
    pending: tuple[str, int, str] | None = None


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        # an Arabic report isolates its dates, references and user text (U+2066-2069): no user
        # text holds them (escaping drops them), so they are read as nothing
        self.text = re.sub("[\u2066-\u2069]", "", text)
        self.path = path
        self.name = Path(path).name

    def error(self, reason: str, line: int | None) -> ReportError:
        return ReportError(reason, self.path, line)

    def warn(self, reason: str, line: int | None) -> None:
        self.report.warnings.append(f"{self.path}:{line}: {reason}" if line else f"{self.path}: {reason}")

    @staticmethod
    def line_of(tok) -> int:
        return tok.map[0] + 1 if tok.map else 0

    def comment_of(self, tok) -> tuple[str, dict] | None:
        if tok.type != "html_block":
            return None
        m = _COMMENT.match(tok.content.strip())
        if not m:
            if "facilitator:" in tok.content:
                raise self.error("a damaged facilitator comment (restore it from the original report)", self.line_of(tok))
            return None
        attrs = _attrs(m.group(2))
        for key, raw in _ATTR.findall(m.group(2)):
            if key in _LIST_ATTRS:
                attrs[key] = [unquote(x) for x in raw.split(",") if x]
        return m.group(1), attrs

    def check_id(self, value, what: str, line: int) -> str:
        if not value or not isinstance(value, str) or not is_id(value):
            raise self.error(f"a damaged {what} id {limits.shorten(value, 40)} in a facilitator comment", line)
        return value

    def int_attr(self, attrs: dict, key: str, line: int, low: int = 0, high: int | None = None) -> int | None:
        value = attrs.get(key)
        if value is None:
            return None
        number = _small_number(str(value))
        if number is None or number < low or (high is not None and number > high):
            raise self.error(f"a damaged number {key}={limits.shorten(str(value), 40)} in a facilitator comment", line)
        return number

    # --- the whole file ----------------------------------------------------------------------

    def parse(self) -> Report:
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark").parse(self.text)
        top = [i for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0]
        if not top:
            raise self.error("not a monitoring report (no content)", 1)
        try:
            head = self.comment_of(tokens[top[0]])
        except ReportError:
            head = None
        if head is None or head[0] != "monitoring":
            raise self.error("not a monitoring report (no '<!-- facilitator:monitoring -->' line at the top)", 1)
        version = head[1].get("version", "")
        number = _small_number(str(version))
        if number is None:
            raise self.error(f"damaged report: bad format version {limits.shorten(str(version), 40)}", 1)
        if number > FORMAT_VERSION:
            raise self.error(f"written by a newer facilitator (format {version}; this one reads format "
                             f"{FORMAT_VERSION}): upgrade facilitator", 1)
        last = tokens[top[-1]]
        try:
            end = self.comment_of(last)
        except ReportError:
            end = None
        if not end or end[0] != "end":
            raise self.error("truncated or damaged report: it does not end with the '<!-- facilitator:end -->' line "
                             "(if you removed it by hand, put it back as the last line)",
                             self.line_of(last) or self.text.count("\n") + 1)
        self.report = Report(sessions=[], activities=[], recommendations={}, statuses={}, as_of="",
                             anonymous=head[1].get("anonymous") == "1", path=self.path)
        self.merged = head[1].get("kind") == "merged"
        self.statuses_from_legend(tokens)
        self.seen: dict[tuple[str, str], int] = {}
        self.by_hand: set[str] = set()  # the updates added by hand (without a comment)
        self.lines = self.text.split("\n")
        self.written: dict[str, tuple[str, list[str]]] = {}  # activity id -> (its sig, its title and field lines)
        self.walk(tokens)
        if not self.report.as_of:
            raise self.error("damaged report: no 'As of:' date", None)
        self.settle()
        return self.report

    def settle(self) -> None:
        """Each activity's status and progress now, from its timeline; a status or progress
        changed by hand in a heading becomes an update of its own, dated as of the report, with
        the file as its source (so import and merge keep it, and the timeline says where it came
        from)."""
        from .report import now_status

        statuses = self.report.statuses
        for a in self.report.activities:
            if a.id in self.written:
                sig, lines = self.written[a.id]
                a.by_hand = field_signature(lines) != sig
            a.status, a.progress = now_status(a, statuses)
            # what the heading said when the file was written: the timeline without the updates
            # added by hand (an update added under an unchanged heading is not a heading changed)
            written = now_status(replace(a, updates=[u for u in a.updates if u.id not in self.by_hand]), statuses)
            status = a.shown_status if a.shown_status not in (None, a.status, written[0]) else None
            progress = a.shown_progress if a.shown_progress not in (None, a.progress, written[1]) else None
            if status is None and progress is None:
                continue
            uid = derived_id("update", a.id, self.report.as_of, "", "", status or "", str(progress or ""), self.name)
            if ("update", uid) in self.seen:
                continue
            self.seen[("update", uid)] = a.line
            a.updates.append(UpdateItem(id=uid, date=self.report.as_of, status=status, progress=progress,
                                        source=self.name, line=a.line, file=self.name))
            a.status, a.progress = now_status(a, statuses)

    def once(self, kind: str, item_id: str, line: int) -> None:
        first = self.seen.get((kind, item_id))
        if first is not None:
            raise self.error(f"the hidden id of this {kind} is also on line {first} (an item copied with its comment?): "
                             "delete one of the two, or the copy's comment to add it as new; nothing was written", line)
        self.seen[(kind, item_id)] = line

    # --- statuses: the legend, read first (the timeline's labels are looked up in it) ----------

    def statuses_from_legend(self, tokens) -> None:
        from ..schema import FOLLOWUP_STATUSES

        statuses = {key: StatusItem(key, dict(labels), kind, progress, n)
                    for n, (key, labels, kind, progress) in enumerate(FOLLOWUP_STATUSES, start=1)}
        for i, tok in enumerate(tokens):
            if tok.type != "html_block" or "facilitator:status " not in tok.content:
                continue
            found = self.comment_of(tok)
            if not found or found[0] != "status":
                continue
            attrs = found[1]
            line = self.line_of(tok)
            key = canonical(attrs.get("key", "")).casefold()
            kind = attrs.get("kind", "open")
            if not key or kind not in ("open", "attention", "closed"):
                raise self.error("a damaged status comment (key and kind: open, attention or closed)", line)
            labels = {}
            j = i + 1
            if j < len(tokens) and tokens[j].type == "paragraph_open":
                kids = tokens[j + 1].children or []
                if kids and kids[0].type == "strong_open":
                    close = next((k for k, t in enumerate(kids) if t.type == "strong_close"), len(kids))
                    names = [one_line(p) for p in inline_text(kids[1:close]).split(" · ")]
                    labels = {code: name for code, name in zip(("en", "fr", "ar"), names) if name and name != key}
            known = statuses.get(key)
            statuses[key] = StatusItem(key, {**(known.labels if known else {}), **labels}, kind,
                                       self.int_attr(attrs, "progress", line, 0, 100),
                                       known.position if known else len(statuses) + 1)
        self.report.statuses = statuses
        self.status_index: dict[str, str] = {}
        for s in statuses.values():
            for name in (s.key, *s.labels.values()):
                self.status_index.setdefault(fold(name), s.key)

    def status_of(self, label: str) -> str | None:
        return self.status_index.get(fold(label))

    # --- walking ------------------------------------------------------------------------------

    def walk(self, tokens) -> None:
        """Hand each top-level block to :meth:`on_heading`, :meth:`on_comment` or :meth:`on_list`,
        where it is in the file kept in ``self.at`` (:class:`_Place`). A heading that expects its
        hidden comment (h2, h4, h5) waits for the next block: if that is not a comment, the heading
        was typed by hand (:meth:`typed_heading`)."""
        self.at = _Place()
        n = len(tokens)
        i = 1
        while i < n:
            tok = tokens[i]
            if tok.level != 0:
                i += 1
            elif self.at.pending is not None and tok.type != "html_block":
                self.typed_heading(*self.at.pending)  # then this block again, with nothing pending
                self.at.pending = None
            elif tok.type == "heading_open":
                self.on_heading(tok.tag, self.line_of(tok), canonical(inline_text(tokens[i + 1].children or [])))
                i += 3
            elif tok.type == "html_block":
                self.on_comment(tokens, i)
                i += 1
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                close = _closing(tokens, i)
                self.on_list(tokens, i, close)
                i = close + 1
            else:
                i += 1
        self.check_recommendations_present()

    def typed_heading(self, tag: str, line: int, text: str) -> None:
        """A heading without the hidden comment the report writes under it: an area, a
        recommendation (whose activities are not read) or an activity typed by hand."""
        at = self.at
        if tag == "h2":
            at.section = "area"  # an area heading typed by hand
        elif tag == "h4":
            at.rec_id = "?"  # a recommendation heading typed by hand: its activities are not read
            self.warn("a recommendation heading without its hidden id: recommendations come from the "
                      "summaries; the activities under it were not read", line)
        elif tag == "h5" and at.section == "area":
            at.activity = self.new_activity(text, line, at.rec_id)

    def on_heading(self, tag: str, line: int, text: str) -> None:
        """The title (h1); an area (h2), recommendation (h4) or activity (h5), each waiting for its
        comment; a lens (h3) ends the activity before it."""
        at = self.at
        if tag == "h1":
            title = one_line(text)
            self.report.title = None if fold(title) in any_of("title") else title
        elif tag in ("h2", "h4", "h5"):
            at.activity = None
            at.pending = (tag, line, text)
            if tag == "h2":
                at.section = "?"
                at.rec_id = False
        elif tag == "h3":
            at.activity = None

    def on_comment(self, tokens, i: int) -> None:
        """A hidden comment, handed to the method of its kind in :data:`_COMMENTS` with the
        heading it follows, if any; an unknown kind is a warning."""
        found = self.comment_of(tokens[i])
        if found is None:
            return
        kind, attrs = found
        held, self.at.pending = self.at.pending, None
        handler = _COMMENTS.get(kind)
        if handler is None:
            self.warn(f"a '{kind}' comment was not expected here; it was ignored", self.line_of(tokens[i]))
        else:
            handler(self, kind, attrs, self.line_of(tokens[i]), held, tokens, i)

    def comment_nothing(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        """end, lens: nothing to read."""

    def comment_pasted(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        if kind == "monitoring":
            raise self.error("a second '<!-- facilitator:monitoring -->' line (two files pasted together?)", line)
        raise self.error("a summary's comment inside a monitoring report (two files pasted together?)", line)

    def comment_report(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        r = self.report
        if attrs.get("id"):
            r.report_id = self.check_id(attrs["id"], "report", line)
        r.lang = attrs.get("lang") or "en"
        r.files = list(attrs.get("files") or []) if self.merged else []
        r.updated = attrs.get("updated") or None
        if attrs.get("asof"):
            r.as_of = self.date(attrs["asof"], line)

    def comment_section(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        self.at.section = kind

    def comment_recommendation(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        self.at.rec_id = None if attrs.get("none") == "1" else self.rec(attrs, line, tokens, i)
        self.at.activity = None

    def comment_consolidated(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        self.at.rec_id = self.consolidated(attrs, line, tokens, i)
        self.at.activity = None

    def comment_activity(self, kind: str, attrs: dict, line: int, held, tokens, i: int) -> None:
        if held is None or held[0] != "h5":
            raise self.error("an activity's comment must follow its heading (##### A-001 · ...)", line)
        self.at.activity = self.activity(attrs, held[2], held[1], self.at.rec_id)

    def on_list(self, tokens, start: int, close: int) -> None:
        """A top-level list, read by its section: the head's metadata, the recommendations without
        an activity, the sessions, or the current activity's fields and timeline."""
        at = self.at
        if at.section == "head":
            self.metadata(tokens, start, close)
        elif at.section == "unfollowed":
            self.unfollowed(tokens, start, close)
        elif at.section == "sessions":
            self.sessions(tokens, start, close)
        elif at.activity is not None:
            self.activity_list(tokens, start, close, at.activity)

    def check_recommendations_present(self) -> None:
        for a in self.report.activities:
            if a.recommendation_id and a.recommendation_id not in self.report.recommendations:
                self.warn(f"activity A-{a.seq or 0:03d}: its recommendation is not in the file", a.line)

    def date(self, text: str, line: int) -> str:
        try:
            value = parse_date(text)
        except DateError as exc:
            raise self.error(str(exc), line) from None
        if value is None:
            raise self.error("a date is empty", line)
        return value.isoformat()

    def list_items(self, tokens, start: int, close: int):
        """(line, comment or None, [inline tokens of its paragraphs]) of each item of a list."""
        j = start + 1
        base = tokens[start].level
        while j < close:
            tok = tokens[j]
            if tok.type == "list_item_open" and tok.level == base + 1:
                end = _closing(tokens, j)
                found = None
                inlines: list = []
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

    def metadata(self, tokens, start, close) -> None:
        for line, _found, inlines in self.list_items(tokens, start, close):
            text = canonical(" ".join(inline_text(t.children or []) for t in inlines))
            if ":" not in text:
                continue
            key, value = text.split(":", 1)
            if fold(key) in any_of("as_of"):
                self.report.as_of = self.date(value, line)

    def rec(self, attrs: dict, line: int, tokens, i: int) -> str:
        rid = self.check_id(attrs.get("id"), "recommendation", line)
        if rid not in self.report.recommendations:
            text = ""
            if i + 2 < len(tokens) and tokens[i + 1].type == "paragraph_open":
                text = canonical(inline_text(tokens[i + 2].children or []))
            self.report.recommendations[rid] = self.rec_item(rid, attrs, line, text)
        return rid

    def consolidated(self, attrs: dict, line: int, tokens, i: int) -> str:
        """A consolidated recommendation of a series report: its set's id, its members, the one
        its activities are tied to, and its text (the paragraph after the comment)."""
        sid = self.check_id(attrs.get("id"), "set", line)
        members = list(attrs.get("members") or [])
        for m in members:
            self.check_id(m, "recommendation", line)
        primary = attrs.get("rec") or None
        if primary:
            self.check_id(primary, "recommendation", line)
        if len(members) < 2 or (primary and primary not in members):
            raise self.error("a damaged consolidated recommendation: it needs its members (two or more) and the one "
                             "its activities are tied to among them", line)
        if sid not in self.report.recommendations:
            text = ""
            if i + 2 < len(tokens) and tokens[i + 1].type == "paragraph_open":
                text = canonical(inline_text(tokens[i + 2].children or []))
            if not text:
                raise self.error("a consolidated recommendation without its text", line)
            item = self.rec_item(sid, {**attrs, "status": "consolidated"}, line, text)
            item.set_members, item.primary = members, primary
            self.report.recommendations[sid] = item
        return sid

    def rec_item(self, rid: str, attrs: dict, line: int, text: str) -> RecItem:
        session = attrs.get("session")
        if session:
            self.check_id(session, "session", line)
        return RecItem(id=rid, session_id=session or "", seq=self.int_attr(attrs, "seq", line, 1), text=text,
                       status=attrs.get("status") or "agreed", evidence=list(attrs.get("evidence") or []),
                       speakers=self.int_attr(attrs, "speakers", line) or 0,
                       groups=self.int_attr(attrs, "groups", line) or 0, area=attrs.get("area") or None,
                       lenses=list(attrs.get("lenses") or []))

    def unfollowed(self, tokens, start, close) -> None:
        for line, found, inlines in self.list_items(tokens, start, close):
            if not found or found[0] != "recommendation":
                continue
            attrs = found[1]
            rid = self.check_id(attrs.get("id"), "recommendation", line)
            kids = list(inlines[0].children or []) if inlines else []
            # "**R-003** (Session, date): text": the text after the "(…, 2023-03-11): " that follows
            # the bold (a session's title may hold ": " itself)
            text = canonical(inline_text(kids[_after_strong(kids):]))
            where = _WHERE.match(text)
            if where:
                text = text[where.end():]
            elif text.startswith(": "):
                text = text[2:]
            elif ": " in text:  # written by hand
                text = text.split(": ", 1)[1]
            if rid not in self.report.recommendations:
                self.report.recommendations[rid] = self.rec_item(rid, attrs, line, canonical(text))
            if rid not in self.report.unfollowed:
                self.report.unfollowed.append(rid)

    def sessions(self, tokens, start, close) -> None:
        for line, found, inlines in self.list_items(tokens, start, close):
            if not found or found[0] != "session":
                continue
            sid = self.check_id(found[1].get("id"), "session", line)
            kids = list(inlines[0].children or []) if inlines else []
            cut = _after_strong(kids)
            date = canonical(inline_text(kids[1:cut - 1])) if cut else ""
            title = one_line(inline_text(kids[cut:]))
            if not any(s.id == sid for s in self.report.sessions):
                self.report.sessions.append(SessionRef(sid, title, self.date(date, line) if date else "",
                                                       found[1].get("lang") or "en"))

    # --- activities ------------------------------------------------------------------------------

    def heading_parts(self, text: str, line: int) -> tuple[int | None, str | None, int | None, str]:
        """(seq, status, progress, title) from ``A-003 · stalled · 30 %: title``; a heading typed
        by hand without a reference is all title."""
        if ":" in text:
            head, title = text.split(":", 1)
            parts = [p.strip() for p in head.split(" · ")]
            m = _AREF.match(parts[0])
            if m:
                seq = _small_number(m.group(1))  # None for A-new (or thousands of digits)
                status = progress = None
                for part in parts[1:]:
                    pm = _PERCENT.match(part)
                    if pm:
                        progress = int(pm.group(1))
                        if progress > 100:
                            raise self.error(f"a progress is 0 to 100 %, not {limits.shorten(part, 40)}", line)
                    elif self.status_of(part):
                        status = self.status_of(part)
                    else:
                        raise self.error(f"unknown {limits.shorten(part, 40)} in an activity's heading (expected e.g. "
                                         f"'A-001 · under way · 40 %: title'; statuses: "
                                         f"{', '.join(self.report.statuses)})", line)
                return seq, status, progress, one_line(title)
        return None, None, None, one_line(text)

    def activity(self, attrs: dict, heading: str, line: int, rec_id) -> ActivityItem | None:
        aid = self.check_id(attrs.get("id"), "activity", line)
        self.once("activity", aid, line)
        seq, shown_status, shown_progress, title = self.heading_parts(heading, line)
        rec = attrs.get("rec") or None
        if rec:
            self.check_id(rec, "recommendation", line)
        set_id = attrs.get("set") or None
        if set_id:
            self.check_id(set_id, "set", line)
            if set_id not in self.report.recommendations:
                raise self.error("this activity's consolidated recommendation is not above it in the file", line)
        base = attrs.get("base") or "planned"
        if base not in self.report.statuses:
            raise self.error(f"a damaged activity comment: unknown status {limits.shorten(base, 40)}", line)
        if not title:
            raise self.error("an activity needs a title (after the ':' of its heading)", line)
        if attrs.get("sig"):
            raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            self.written[aid] = (attrs["sig"], [raw.split(": ", 1)[1] if ": " in raw else raw])
        item = ActivityItem(
            id=aid, seq=seq if seq is not None else self.int_attr(attrs, "seq", line, 1), recommendation_id=rec,
            title=title, base_status=base, base_progress=self.int_attr(attrs, "progress", line, 0, 100),
            lang=attrs.get("lang") or None, set_id=set_id, changed=attrs.get("changed") or None,
            shown_status=shown_status, shown_progress=shown_progress, line=line, file=self.name,
            was=[x for x in attrs.get("was", []) if re.fullmatch(r"[0-9a-f]{10}", x)],
        )
        self.report.activities.append(item)
        return item

    def new_activity(self, heading: str, line: int, rec_id) -> ActivityItem | None:
        """An activity added by hand under a recommendation (a heading without a comment)."""
        if rec_id is False or rec_id == "?":
            self.warn("an activity heading outside a recommendation was ignored", line)
            return None
        seq, status, progress, title = self.heading_parts(heading, line)
        if not title:
            self.warn("an activity heading without a title was ignored", line)
            return None
        aid = derived_id("activity", rec_id or "", title)
        self.once("activity", aid, line)
        rec = self.report.recommendations.get(rec_id) if rec_id else None
        set_id = rec_id if rec is not None and rec.is_set else None  # under a consolidated recommendation
        item = ActivityItem(id=aid, seq=None, recommendation_id=rec.primary if set_id and rec else rec_id,
                            set_id=set_id, title=title, base_status=status or "planned", base_progress=progress,
                            line=line, file=self.name)
        self.report.activities.append(item)
        return item

    def actor(self, text: str, line: int) -> tuple[str, str]:
        text = one_line(text)
        m = _KIND_SUFFIX.match(text)
        if m and kind_word(m.group(2)):
            name, kind = one_line(m.group(1)), kind_word(m.group(2))
        else:
            name, kind = text, guess_kind(text)
        if not name:
            raise self.error("a lead or partner without a name", line)
        if ";" in name:
            raise self.error(f"a name cannot hold ';' (it separates partners): {limits.shorten(name, 40)}", line)
        return name, kind  # type: ignore[return-value]

    def activity_list(self, tokens, start, close, a: ActivityItem) -> None:
        given: set[str] = set()
        for line, found, inlines in self.list_items(tokens, start, close):
            if found is not None and found[0] == "update":
                u = self.update(line, found[1], inlines, a)
                if u is not None:
                    a.updates.append(u)
                continue
            if found is not None:
                self.warn(f"a '{found[0]}' item inside an activity was ignored", line)
                continue
            kids = list(inlines[0].children or []) if inlines else []
            first = next((t for t in kids if t.type != "text" or t.content.strip()), None)
            if first is not None and first.type == "strong_open":
                u = self.update(line, {}, inlines, a)  # an update added by hand: **date · who** text
                if u is not None:
                    a.updates.append(u)
                continue
            text = canonical(" ".join(inline_text(t.children or []) for t in inlines))
            key, _, value = text.partition(":")
            field = _field_key(key) if _ else None
            if field is None:
                self.warn(f"a line of an activity that is neither a field (Lead:, Partners:, Start:, Due:, Area:, "
                          f"Lens:) nor an update was ignored: {text[:50]!r}", line)
                continue
            value = one_line(value)
            if a.id in self.written and 0 < line <= len(self.lines):
                self.written[a.id][1].append(self.lines[line - 1])
            if field in given:
                self.warn(f"{limits.shorten(key.strip(), 40)} is given twice for this activity; the later line was read", line)
            given.add(field)
            if field == "lead":
                a.lead = self.actor(value, line) if value else None
            elif field == "partners":
                a.partners = [self.actor(p, line) for p in re.split("[;؛]", value) if p.strip()]
            elif field in ("start", "due"):
                date = value.split(" (", 1)[0].strip()
                setattr(a, field, self.date(date, line) if date else None)
            elif field == "area":  # a known one by its key, in whatever language it is written
                a.area = AREAS.canonical(value)
            elif field == "lens":
                a.lens = LENSES.canonical(value)

    def update(self, line: int, attrs: dict, inlines, a: ActivityItem) -> UpdateItem | None:
        kids = list(inlines[0].children or []) if inlines else []
        while kids and kids[0].type == "text" and not kids[0].content:
            kids.pop(0)
        if not kids or kids[0].type != "strong_open":
            self.warn("an update without its bold date (**2024-03-15 · who · status**) was ignored", line)
            return None
        close = next((k for k, t in enumerate(kids) if t.type == "strong_close"), None)
        if close is None:
            self.warn("an update whose bold part is not closed was ignored", line)
            return None
        parts = [one_line(p) for p in inline_text(kids[1:close]).split(" · ")]
        if not parts or not _ISO.match(parts[0]) and not re.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}$", parts[0]):
            raise self.error(f"an update starts with its date (**2024-03-15 · ...**), not {limits.shorten(parts[0], 40)}", line)
        date = self.date(parts[0], line)
        rest = parts[1:]
        progress = status = None
        if rest and _PERCENT.match(rest[-1]):
            progress = int(_PERCENT.match(rest[-1]).group(1))  # type: ignore[union-attr]
            if progress > 100:
                raise self.error(f"a progress is 0 to 100 %, not {limits.shorten(rest[-1], 40)}", line)
            rest = rest[:-1]
        if rest and self.status_of(rest[-1]):
            status = self.status_of(rest[-1])
            rest = rest[:-1]
        author = one_line(" · ".join(rest)) or None
        body_inlines = [_Shim(kids[close + 1:])] + list(inlines[1:])
        source = None
        last = body_inlines[-1].children or []
        trimmed, meta = split_meta(last)
        if meta is not None:
            source = _source_of(meta)
            if source is not None:
                body_inlines[-1] = _Shim(trimmed)
        text = canonical("\n\n".join(inline_text(t.children or []) for t in body_inlines))
        if not text and status is None and progress is None:
            self.warn("an update with nothing to say was ignored", line)
            return None
        if "id" in attrs:
            uid = self.check_id(attrs["id"], "update", line)
        else:
            uid = derived_id("update", a.id, date, author or "", text)
            self.by_hand.add(uid)
        self.once("update", uid, line)
        kind = attrs.get("by") or None
        if kind is not None and kind not in ("parliament", "organization", "person"):
            raise self.error(f"a damaged update comment: by={limits.shorten(kind, 40)}", line)
        return UpdateItem(id=uid, date=date, author=author, author_kind=kind if author else None, text=text,
                          source=source, status=status, progress=progress, lang=attrs.get("lang") or None,
                          changed=attrs.get("changed") or None, line=line, file=self.name)


# the session and date after a recommendation's reference: " (Title, 2023-03-11): "
_WHERE = re.compile(r"\s*[\u2066-\u2069]*\((?:.*?)[,،]\s*[\u2066-\u2069\u200e\u200f]*\d{4}-\d{2}-\d{2}"
                    r"[\u2066-\u2069\u200e\u200f]*\)[\u2066-\u2069]*\s*:\s", re.S)


# The walk's handler of each kind of hidden comment (:meth:`_Parser.on_comment`).
_COMMENTS: dict[str, Callable[..., None]] = {
    "end": _Parser.comment_nothing, "lens": _Parser.comment_nothing,
    "monitoring": _Parser.comment_pasted, "export": _Parser.comment_pasted,
    "report": _Parser.comment_report,
    **dict.fromkeys(("glance", "attention", "unfollowed", "statuses", "sessions", "area"), _Parser.comment_section),
    "recommendation": _Parser.comment_recommendation,
    "consolidated": _Parser.comment_consolidated,
    "activity": _Parser.comment_activity,
}

def _after_strong(kids) -> int:
    """The index after the first bold span's close (0 when the item does not start bold)."""
    k = 0
    while k < len(kids) and kids[k].type == "text" and not kids[k].content:
        k += 1
    if k < len(kids) and kids[k].type == "strong_open":
        close = next((j for j in range(k, len(kids)) if kids[j].type == "strong_close"), None)
        if close is not None:
            return close + 1
    return 0


class _Shim:
    def __init__(self, children) -> None:
        self.children = children


def parse_report(text: str, path: str | Path = "<report>") -> Report:
    """Parse a monitoring report; :class:`ReportError` if it is not one."""
    return _Parser(text, str(path)).parse()


def read_report(path: str | Path) -> Report:
    return parse_report(read_report_text(path), path)


__all__ = ["ReportError", "is_report", "parse_report", "read_report", "read_report_text"]
