"""Names withheld from the text of an anonymous summary (Chatham House Rule).

An anonymous export names nobody: besides leaving out speakers and the participants annex, the
names of the participants are taken out of what was said and written ("As Hon. Aminata Diallo
said" becomes "As Hon. [name withheld] said").

Spelling cannot fool it. Names and text are compared word by word in a folded form: case,
accents and other marks (Keïta, Keita, KEITA; Nuñez, Nunez; Ouédraogo, Ouedraogo), hyphens
(Al-Sayed, Al Sayed, AlSayed), and in Arabic the short vowels (harakat), tatweel, the forms of
alef, alef maqsura and ta marbuta, the article (الأمين, أمين, امين) and a one-letter prefix
(والأمين, لليلى) make no difference. A full name is withheld as one; so is any single part of a
name of three letters or more, on its own, whatever its case ("sow" too: withholding a common
word is preferable to a leak). Honorifics and particles (Hon., Dr, al, bin, de) are not names
on their own.

:func:`find_names` is the same matcher used as a last check over a rendered document (the
Markdown, and the text of a Word or HTML file): a file in which any form of a roster name
remains is not written (see :mod:`.formats`).

The stored text is never changed. Reading an anonymous file back (import, merge), a text that
differs from a known one only where a name was withheld is the same text, not an edit: the
names stay in the database, and a merge keeps the version that has them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

WITHHELD = "[name withheld]"

# Titles before a name (compared folded, without a final dot).
_HONORIFICS = {
    "hon", "honourable", "honorable", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
    "sir", "dame", "lord", "lady", "h.e", "he", "sen", "senator", "rep", "deputy", "minister",
    "ambassador", "amb", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain",
    "lt", "rev", "sheikh", "sheikha", "imam", "pr", "me", "mme", "mlle", "m", "st",
    # Arabic titles (folded)
    "السيد", "السيده", "الدكتور", "الدكتوره", "د", "الشيخ", "الشيخه", "الاستاذ", "الاستاذه", "النائب", "النائبه",
    "سعاده", "معالي", "سمو", "الوزير", "الوزيره", "السفير", "السفيره",
}
# Not names on their own either.
_NOT_NAMES = _HONORIFICS | {
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "des", "la", "le", "van", "von",
    "der", "den", "ter", "bin", "bint", "ibn", "ben", "al", "el", "abu", "ould", "mc", "and",
    "the", "of", "jr", "sr", "ii", "iii",
    "بن", "بنت", "ابن", "ابو", "ابي", "ال", "عبد", "ولد",
}

# Letters that NFKD does not take apart.
_LATIN = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
                        "ß": "ss", "ŀ": "l", "ħ": "h"})
# Arabic: forms of alef, alef maqsura, ta marbuta, hamza carriers, Persian letters; tatweel dropped.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ى": "ي", "ی": "ي",
                         "ة": "ه", "ؤ": "و", "ئ": "ي", "ک": "ك", "ـ": None})
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M") or ch == "\u0640"


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in word)


def fold(word: str) -> str:
    """A word as it is compared: no case, no accents or other marks, Arabic letter forms unified."""
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(ch for ch in word if not unicodedata.category(ch).startswith("M"))
    return unicodedata.normalize("NFC", word).translate(_LATIN).translate(_ARABIC)


def _bare(word: str) -> str:
    """An Arabic (folded) word without its article: الامين -> امين."""
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


def _forms(word: str) -> set[str]:
    """The folded forms a word of a text can match: itself; in Arabic also without a
    one-letter prefix and without the article (والامين -> امين)."""
    out = {word}
    if _is_arabic(word):
        out.add(_bare(word))
        if word[:1] in _PROCLITICS and len(word) > 3:
            rest = word[1:]
            if rest.startswith("ل") and word[0] == "ل":  # للامين: li + al-
                out.add("ا" + rest)
            out |= {rest, _bare(rest)}
            if rest.startswith("ل") and not rest.startswith("ال"):
                out.add(_bare("ا" + rest))
    return out


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every word of ``text``."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if _is_word_char(text[i]):
            j = i + 1
            while j < n and _is_word_char(text[j]):
                j += 1
            folded = fold(text[i:j])
            if folded:
                out.append((i, j, folded))
            i = j
        else:
            i += 1
    return out


# Between the words of one name: white space, hyphens, dots, apostrophes (Al-Sayed, A. Diallo).
_JOIN = re.compile(r"^[\s\-‐‑‒–—.'’]*$")
_ADJACENT = re.compile(r"^[\s\-‐‑]*$")


class Withholder:
    """Replaces the given names in a text by :data:`WITHHELD`; :meth:`find` says where they are.

    Fast on long sessions with a long roster: a text is cut into words once, and only the
    names that share a word with it are tried."""

    def __init__(self, names: Iterable[str]) -> None:
        self.fulls: dict[str, list[tuple[str, ...]]] = {}  # first folded word -> full names (folded words)
        self.parts: set[str] = set()  # single folded words that are names
        self.names: list[str] = []
        for name in names:
            name = " ".join(unicodedata.normalize("NFC", name or "").split())
            if not name:
                continue
            self.names.append(name)
            words = [w for _s, _e, w in _tokens(name)]
            if len(words) > 1 and words[0].rstrip(".") in _HONORIFICS:
                whole = tuple(_bare(w) if _is_arabic(w) else w for w in words)
                self.fulls.setdefault(whole[0], []).append(whole)  # "Hon. Aminata Diallo" as one
            original = list(words)
            while words and words[0].rstrip(".") in _HONORIFICS:
                words.pop(0)  # "Hon. Aminata Diallo" is also said "Aminata Diallo"
            if not words:
                words = original  # a name that is only a title ("Sheikh") is still a name
            if not words:
                continue
            keys = tuple(_bare(w) if _is_arabic(w) else w for w in words)
            # the whole name, and its ends said alone ("Al-Sayed" of "Fatima Al-Sayed")
            for k in range(len(keys)):
                tail = keys[k:]
                if (len(tail) > 1 or len(tail[0]) >= 3) and (k == 0 or len(tail) > 1):
                    self.fulls.setdefault(tail[0], []).append(tail)
                for end in range(k + 2, len(keys) + 1):
                    joined = "".join(keys[k:end])
                    if len(joined) >= 3:
                        self.parts.add(joined)  # "AlSayed" for "Al-Sayed", "JeanPierre" for "Jean-Pierre"
            parts = [w for w in keys if len(w) >= 3 and w not in _NOT_NAMES and any(ch.isalpha() for ch in w)]
            if not parts:  # every word a title or a particle: better withheld than said
                parts = [w for w in keys if len(w) >= 3 and any(ch.isalpha() for ch in w)]
            self.parts.update(parts)
        for first in self.fulls:
            self.fulls[first].sort(key=len, reverse=True)  # longest first

    def __bool__(self) -> bool:
        return bool(self.fulls or self.parts)

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every name in ``text`` (NFC), in order, not overlapping."""
        if not text or not self:
            return []
        toks = _tokens(text)
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            forms = _forms(toks[i][2])
            matched = 0
            for form in forms:
                for full in self.fulls.get(form, ()):
                    if len(full) <= matched or i + len(full) > len(toks):
                        continue
                    ok = True
                    for k in range(1, len(full)):
                        a, b = toks[i + k - 1], toks[i + k]
                        w = b[2]
                        if not _JOIN.match(text[a[1]:b[0]]) or full[k] not in (w, _bare(w)):
                            ok = False
                            break
                    if ok:
                        matched = len(full)
            if not matched and forms & self.parts:
                matched = 1
            if matched:
                spans.append((toks[i][0], toks[i + matched - 1][1]))
                i += matched
            else:
                i += 1
        return spans

    def __call__(self, text: str) -> str:
        if not text or not self:
            return text
        normal = unicodedata.normalize("NFC", text)
        spans: list[tuple[int, int]] = []
        for start, end in self.find(normal):
            # "[name withheld] [name withheld]" (two names, or two parts of one) reads as one
            if spans and _ADJACENT.match(normal[spans[-1][1]:start]):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        if not spans:
            return text
        out, last = [], 0
        for start, end in spans:
            out += [normal[last:start], WITHHELD]
            last = end
        out.append(normal[last:])
        return "".join(out)


def find_names(text: str, names: Iterable[str] | Withholder) -> list[tuple[int, str]]:
    """(line number, the name form found) for every roster name left in ``text``."""
    w = names if isinstance(names, Withholder) else Withholder(names)
    found = []
    for n, line in enumerate(unicodedata.normalize("NFC", text).split("\n"), start=1):
        for start, end in w.find(line):
            found.append((n, line[start:end]))
    return found


def is_withheld_version(candidate: str, original: str) -> bool:
    """Whether ``candidate`` is ``original`` with one or more names replaced by
    :data:`WITHHELD` (and otherwise the same)."""
    original = unicodedata.normalize("NFC", original)
    if WITHHELD not in candidate or WITHHELD in original:
        return False
    pieces = candidate.split(WITHHELD)
    pattern = r"\S.*?".join(re.escape(p) for p in pieces)
    return re.fullmatch(pattern, original, re.DOTALL) is not None


__all__ = ["WITHHELD", "Withholder", "find_names", "fold", "is_withheld_version"]
