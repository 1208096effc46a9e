"""Text normalisation for search: what two spellings of the same word have in common.

Stored text is never changed. The search index holds a *folded copy* of each text, and a query
is folded the same way, so that

- Arabic ignores short vowels and other marks (harakat, shadda, sukun, superscript alef,
  Quranic annotation signs), tatweel (``ـ``), the forms of alef (``أ إ آ ٱ`` → ``ا``), alef
  maqsura (``ى`` → ``ي``) and teh marbuta (``ة`` → ``ه``), and reads Arabic-Indic digits as
  ``0-9``: a search for ``كتب`` finds ``كَتَبَ``;
- French (and any Latin script) ignores accents and case: ``securite`` finds ``Sécurité``.

Two layers do this. :data:`FOLD` is a table of single characters replaced by SQLite's
``replace()`` in the triggers of migration ``m002`` (see :func:`sql_fold`) and by
:func:`fold` in Python, identically. Case and Latin accents are then removed by the FTS5
``unicode61`` tokenizer (``remove_diacritics 2``) on both the index and the query.
:func:`normalize` does all of it in Python, to find *where* a result matched
(:func:`match_spans`), for highlighting.

Changing :data:`FOLD` changes what is in the index: it needs a new migration that recreates
the triggers and rebuilds the index (``facilitator.core.search.rebuild_index``).

No UI code here, and nothing heavier than :mod:`unicodedata`.
"""

from __future__ import annotations

import re
import unicodedata

# --- bidirectional controls --------------------------------------------------------------------

#: Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): in what people typed
#: they reorder whatever follows them, the app's own words too ("— Hon. …, Q7-021" reversed by a
#: right-to-left override). Dropped at the store's door (``models.clean_text``), from every export
#: (``summary.text.canonical``) and from the screen (``tui.plain``, ``tui.bidi``). The marks
#: (LRM, RLM, ALM) stay: they reorder nothing beyond their neighbours and Arabic text uses them.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROLS = re.compile(f"[{BIDI_CONTROLS}]")


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidirectional embeddings, overrides and isolates."""
    return _BIDI_CONTROLS.sub("", text) if text else text


# --- the fold shared by SQLite (triggers) and Python -------------------------------------------

_ARABIC_MARKS = "".join(
    chr(c)
    for c in (
        *range(0x0610, 0x061B),  # honorifics and Quranic signs above/below
        *range(0x064B, 0x0660),  # fathatan ... sukun, maddah, hamza above/below, ...
        0x0670,  # superscript alef
        *range(0x06D6, 0x06DD),  # Quranic annotation signs
        *range(0x06DF, 0x06E5),
        0x06E7,
        0x06E8,
        *range(0x06EA, 0x06EE),
    )
)

#: (character, replacement) pairs, applied one character at a time. No replacement contains a
#: character that is itself replaced, so the order does not matter.
FOLD: tuple[tuple[str, str], ...] = (
    ("\u0640", ""),  # tatweel
    *((mark, "") for mark in _ARABIC_MARKS),
    ("\u0622", "\u0627"),  # alef with madda above
    ("\u0623", "\u0627"),  # alef with hamza above
    ("\u0625", "\u0627"),  # alef with hamza below
    ("\u0671", "\u0627"),  # alef wasla
    ("\u0672", "\u0627"),  # alef with wavy hamza above
    ("\u0673", "\u0627"),  # alef with wavy hamza below
    ("\u0649", "\u064a"),  # alef maqsura -> yeh
    ("\u0629", "\u0647"),  # teh marbuta -> heh
    *((chr(0x0660 + d), str(d)) for d in range(10)),  # Arabic-Indic digits
    *((chr(0x06F0 + d), str(d)) for d in range(10)),  # Extended Arabic-Indic digits
    ("\u0152", "oe"),  # Œ
    ("\u0153", "oe"),  # œ
    ("\u00c6", "ae"),  # Æ
    ("\u00e6", "ae"),  # æ
    ("\u00df", "ss"),  # ß
    ("\u061c", ""),  # Arabic letter mark
    ("\u200c", ""),  # zero-width non-joiner
    ("\u200d", ""),  # zero-width joiner
    ("\u200e", ""),  # left-to-right mark
    ("\u200f", ""),  # right-to-left mark
)

_FOLD_TABLE = {ord(a): b for a, b in FOLD}

#: The tokenizer of the search index; the query goes through it too.
TOKENIZER = "unicode61 remove_diacritics 2"


def fold(text: str) -> str:
    """The Arabic fold of :data:`FOLD` (what the index triggers do in SQL)."""
    return text.translate(_FOLD_TABLE)


def _sql_literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def sql_fold(expr: str) -> str:
    """An SQL expression applying :data:`FOLD` to ``expr``.

    Nested ``replace()`` calls, in chunks of scalar subqueries, because SQLite's parser stack
    does not take ninety nested calls.
    """
    chunk = 16
    out = expr
    for start in range(0, len(FOLD), chunk):
        inner = "x" if start else out
        for a, b in FOLD[start : start + chunk]:
            inner = f"replace({inner}, {_sql_literal(a)}, {_sql_literal(b)})"
        out = f"SELECT {inner} AS x" if not start else f"SELECT {inner} AS x FROM ({out})"
    return f"({out})"


# --- the full normalisation, in Python ---------------------------------------------------------

# Letters without a decomposition that the tokenizer would also keep distinct are left alone;
# these few are spelled out so that a French search is forgiving.
_EXTRA = {"ø": "o", "đ": "d", "ł": "l", "ı": "i"}


def _compute_char(ch: str) -> str:
    ch = fold(ch)
    if not ch:
        return ""
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(c)
        if cat in ("Mn", "Me", "Cf"):
            continue
        c = c.casefold()
        out.append(_EXTRA.get(c, c))
    return "".join(out)


# One entry per distinct character ever seen: small, and much faster than recomputing.
_CHAR_CACHE: dict[str, str] = {}


def _normalize_char(ch: str) -> str:
    try:
        return _CHAR_CACHE[ch]
    except KeyError:
        value = _CHAR_CACHE[ch] = _compute_char(ch)
        return value


def normalize(text: str) -> str:
    """Fold, decompose, drop marks and case: ``"Sécurité كَتَبَ"`` → ``"securite كتب"``."""
    if text.isascii():
        return text.lower()
    return "".join(map(_normalize_char, text))


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalize` and, for each character of the result, its index in ``text``."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces = list(map(_normalize_char, text))
    norm = "".join(pieces)
    if len(norm) == len(text) and "" not in pieces:
        return norm, list(range(len(text)))  # one character for one: the identity map
    where = [i for i, piece in enumerate(pieces) for _ in piece]
    return norm, where


# A token as the unicode61 tokenizer sees it: a run of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return _TOKEN.findall(normalize(text))


def is_arabic_word(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


#: Arabic clitics a word can carry in front: the article and the particles attached to it.
ARABIC_PREFIXES = ("ال", "وال", "بال", "فال", "كال", "لل", "و", "ب", "ل")


def word_forms(word: str) -> tuple[str, ...]:
    """The beginnings of an indexed word that a query word matches (prefix match).

    An Arabic query word also matches the word with the article or a particle in front
    (``كتاب`` finds ``الكتاب`` and ``والكتاب``), unless it already starts with the article.
    """
    if is_arabic_word(word) and not word.startswith("ال") and len(word) >= 2:
        return (word, *(p + word for p in ARABIC_PREFIXES))
    return (word,)


def _parse_query(query: str, *, full: bool) -> list[list[str]]:
    """Phrases (``"..."``) and words of a query, each as a list of tokens.

    ``full``: normalised as by :func:`normalize` (for highlighting in Python); otherwise only
    folded (for the index, whose tokenizer removes case and accents itself).
    """
    parts: list[list[str]] = []
    for m in re.finditer(r'"([^"]*)"?|(\S+)', query):
        phrase, word = m.group(1), m.group(2)
        piece = phrase if phrase is not None else word
        toks = tokens(piece) if full else _TOKEN.findall(fold(unicodedata.normalize("NFC", piece)))
        if not toks:
            continue
        if phrase is not None:
            parts.append(toks)
        else:
            parts.extend([t] for t in toks)
    return parts


def _fts_string(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 ``MATCH`` expression for what a person typed, or None if it has no words.

    Every word must appear (AND), as the beginning of a word; ``"two words"`` is a phrase.
    Nothing the person types can be an FTS5 syntax error: every term is quoted.
    """
    clauses = []
    for part in _parse_query(query, full=False):
        if len(part) > 1:
            clauses.append(_fts_string(" ".join(part)))
            continue
        forms = word_forms(part[0])
        if len(forms) == 1:
            clauses.append(_fts_string(forms[0]) + "*")
        else:
            clauses.append("(" + " OR ".join(_fts_string(f) + "*" for f in forms) + ")")
    return " AND ".join(clauses) if clauses else None


def query_terms(query: str) -> list[str]:
    """The normalised words of a query (phrases split into words), for highlighting."""
    return [t for part in _parse_query(query, full=True) for t in part]


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the words of ``query`` occur in ``text`` (stored form), as (start, end) indexes.

    Whole words are returned, so a prefix match highlights the word it matched.
    """
    terms = query_terms(query)
    if not terms:
        return []
    forms = tuple(f for t in terms for f in word_forms(t))
    norm, where = normalize_with_map(text)
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(norm):
        if m.group().startswith(forms):
            start = where[m.start()]
            end = where[m.end() - 1] + 1
            # Take in the marks (harakat, tatweel) that trail the last letter.
            while end < len(text) and _normalize_char(text[end]) == "":
                end += 1
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans


__all__ = [
    "BIDI_CONTROLS",
    "strip_bidi_controls",
    "FOLD",
    "TOKENIZER",
    "fold",
    "sql_fold",
    "normalize",
    "normalize_with_map",
    "tokens",
    "word_forms",
    "match_expression",
    "query_terms",
    "match_spans",
]
