"""Names withheld from the text of an anonymous summary (Chatham House Rule).

An anonymous export names nobody: besides leaving out speakers and the participants annex, the
names of the participants are taken out of what was said and written ("As Hon. Aminata Diallo
said" becomes "As Hon. [name withheld] said"). A full name is matched ignoring case; a single
part of a name (a surname said on its own) is matched as a whole word with its capital letter,
so that "Sow" is withheld but the verb "sow" is not. Honorifics, particles and parts shorter
than three letters are not names on their own.

The stored text is never changed. Reading an anonymous file back (import, merge), a text that
differs from a known one only where a name was withheld is the same text, not an edit: the
names stay in the database, and a merge keeps the version that has them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

WITHHELD = "[name withheld]"

# Titles before a name (compared lower case, without a final dot).
_HONORIFICS = {
    "hon", "honourable", "honorable", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
    "sir", "dame", "lord", "lady", "h.e", "he", "sen", "senator", "rep", "deputy", "minister",
    "ambassador", "amb", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain",
    "lt", "rev", "sheikh", "sheikha", "imam", "pr", "me", "mme", "mlle", "m", "st",
}
# Not names on their own either.
_NOT_NAMES = _HONORIFICS | {
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "des", "la", "le", "van", "von",
    "der", "den", "ter", "bin", "bint", "ibn", "ben", "al", "el", "abu", "ould", "mc", "and",
    "the", "of", "jr", "sr", "ii", "iii",
}

_SPLIT = re.compile(r"[\s,()]+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _parts(name: str) -> list[str]:
    out = []
    for part in _SPLIT.split(name):
        part = part.strip(".-'’\"")
        if len(part) < 3 or part.lower().rstrip(".") in _NOT_NAMES or not any(ch.isalpha() for ch in part):
            continue
        out.append(part)
    return out


def _word(text: str) -> str:
    return r"(?<!\w)" + re.escape(text) + r"(?!\w)"


_TOKEN = re.compile(r"\w+")
_RUN = re.compile(re.escape(WITHHELD) + r"(?:\s+" + re.escape(WITHHELD) + ")+")


class Withholder:
    """Replaces the given names in a text by :data:`WITHHELD`.

    Fast on long sessions with a long roster: a text is first cut into words, and only the
    names that share a word with it are looked for in it."""

    def __init__(self, names: Iterable[str]) -> None:
        self._fulls: dict[str, set[str]] = {}  # casefolded word -> full names holding it
        self._parts: dict[str, set[str]] = {}  # word (as written) -> name parts holding it
        for name in names:
            name = " ".join(_nfc(name or "").split())
            words = name.split()
            while words and words[0].lower().rstrip(".") in _HONORIFICS:
                words.pop(0)  # "Hon. Aminata Diallo" is also said "Aminata Diallo"
            for full in {name, " ".join(words)}:
                if len(full) >= 3:
                    for token in _TOKEN.findall(full):
                        self._fulls.setdefault(token.casefold(), set()).add(full)
            for part in _parts(name):
                for form in {part, part.upper()}:  # "Diallo", and "DIALLO" in a shouted note
                    for token in _TOKEN.findall(form):
                        self._parts.setdefault(token, set()).add(form)

    @staticmethod
    @functools.lru_cache(maxsize=1024)
    def _pattern(names: frozenset[str], ignore_case: bool) -> re.Pattern:
        # longest first, so that "Aminata Diallo" goes before "Diallo"
        alternatives = "|".join(_word(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        return re.compile(alternatives, re.IGNORECASE if ignore_case else 0)

    def __call__(self, text: str) -> str:
        if not text or not (self._fulls or self._parts):
            return text
        normal = out = _nfc(text)
        tokens = set(_TOKEN.findall(out))
        fulls = frozenset(n for t in tokens for n in self._fulls.get(t.casefold(), ()))
        parts = frozenset(p for t in tokens for p in self._parts.get(t, ()))
        if not fulls and not parts:
            return text
        if fulls:
            out = self._pattern(fulls, True).sub(WITHHELD, out)
        if parts:
            out = self._pattern(parts, False).sub(WITHHELD, out)
        # "[name withheld] [name withheld]" (a name the list did not hold whole) reads as one
        out = _RUN.sub(WITHHELD, out)
        return out if out != normal else text


def is_withheld_version(candidate: str, original: str) -> bool:
    """Whether ``candidate`` is ``original`` with one or more names replaced by
    :data:`WITHHELD` (and otherwise the same)."""
    original = _nfc(original)
    if WITHHELD not in candidate or WITHHELD in original:
        return False
    pieces = candidate.split(WITHHELD)
    pattern = r"\S.*?".join(re.escape(p) for p in pieces)
    return re.fullmatch(pattern, original, re.DOTALL) is not None


__all__ = ["WITHHELD", "Withholder", "is_withheld_version"]
