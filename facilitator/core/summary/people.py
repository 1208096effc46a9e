"""One person across the files of a merged report, whatever the spelling or the script.

Each rapporteur keeps their own roster, so the same person speaking in two rooms has two ids,
and their name may be spelled differently (``Aminata Traoré``, ``aminata traore``,
``Hon. Aminata TRAORÉ``) or written in Arabic in the Arabic room (``أميناتا تراوري``). A merged
report lists and counts each person once (:func:`same_people`):

- two Latin spellings are one person when they are the same name once honorifics, case,
  accents, hyphens and apostrophes are set aside;
- a Latin and an Arabic spelling are one person when every word has the same consonants, read
  the way names are carried between the two scripts (vowels and the letters that write them,
  ``ال``/``al``/``el``, doubled letters, ``ch``/``sh`` ``ش``, ``kh`` ``خ``, ``q``/``k``/``c``
  ``ق ك``... all alike); short names (one word, or under three consonants in all) are not matched
  across scripts, so ``Ba`` and ``بو`` stay two people; the article of an Arabic word may be
  written with the word before it in Latin (``Abdoul Razak`` عبد الرزاق, ``Abdel Aziz`` عبد العزيز);
- the same words in another order are one person (``Traoré Aminata``).

The person is listed under the first spelling met (the earliest file); the others are kept as
"also written" and every contribution keeps its own speaker id.
"""

from __future__ import annotations

import re
import unicodedata

from .model import Participant

HONORIFICS = frozenset("""
hon honourable honorable dr doctor mr mrs ms mme mlle m prof professor sen senator general gen colonel col
sir madam dame sheikh cheikh
""".split()) | frozenset("السيد السيدة الدكتور الدكتورة د الأستاذ الأستاذة النائب النائبة الشيخ العقيد".split())
PARTICLES = frozenset({"al", "el", "ال"})

_ARABIC = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "k", "ف": "f", "ق": "k", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "b", "ڤ": "f", "گ": "k",
}
_LATIN_PAIRS = (("dj", "j"), ("ch", "s"), ("sh", "s"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "k"), ("ph", "f"))
_LATIN = str.maketrans({"c": "k", "q": "k", "g": "k", "p": "b", "v": "f", "x": "k", "w": "", "y": "",
                        "a": "", "e": "", "i": "", "o": "", "u": ""})


def _letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "ـ")


def _words(name: str) -> list[str]:
    words = [w for w in re.split(r"[\s\-'’.,]+", _letters(name)) if w]
    return [w for w in words if w not in HONORIFICS]


def latin_key(name: str) -> str:
    """The name with honorifics, case, accents, hyphens and apostrophes set aside."""
    return " ".join(_words(name))


def is_arabic(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and sum("\u0600" <= ch <= "\u06ff" for ch in letters) > len(letters) / 2


def _squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def skeleton(name: str) -> tuple[str, ...]:
    """The consonants of each word of a name, as both scripts write them."""
    return _skeletons(name)[0]


def _skeletons(name: str) -> list[tuple[str, ...]]:
    """The name's skeleton (first), and for an Arabic name whose words after the first carry the
    article, the skeletons where that article's ``l`` ends the word before: Latin often writes
    عبد الرزاق as Abdoul Razak, عبد العزيز as Abdel Aziz (at most four of them)."""
    out: list[str] = []
    articles: list[int] = []  # the index (in out) of each word that had its article taken off
    for word in _words(name):
        if word in PARTICLES:
            continue
        article = False
        if is_arabic(word):
            if word.startswith("ال") and len(word) > 3:
                word, article = word[2:], True
            sk = "".join(_ARABIC.get(ch, "") for ch in word)
        else:
            for a, b in _LATIN_PAIRS:
                word = word.replace(a, b)
            sk = word.translate(_LATIN)
            sk = "".join(ch for ch in sk if "a" <= ch <= "z")
        sk = _squeeze(sk)
        if sk:
            if article and out:
                articles.append(len(out))
            out.append(sk)
    variants = [tuple(out)]
    for n in range(1, 1 << min(len(articles), 2)):
        moved = list(out)
        for bit, at in enumerate(articles[:2]):
            if n >> bit & 1:
                moved[at - 1] = _squeeze(moved[at - 1] + "l")
        variants.append(tuple(moved))
    return variants


def same_people(participants: dict[str, Participant]) -> dict[str, str]:
    """participant id -> the id of the person they are listed under (only those listed under
    someone else), in the order of ``participants`` (the first spelling met wins)."""
    first_latin: dict[str, str] = {}
    first_skeleton: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    out: dict[str, str] = {}
    for pid, p in participants.items():
        key = latin_key(p.name)
        # the same words in another order (Traoré Aminata): two words or more
        keys = [key, " ".join(sorted(key.split()))] if len(key.split()) >= 2 else [key]
        arabic = is_arabic(p.name)
        main = next((first_latin[k] for k in keys if k and k in first_latin), None)
        variants = [tuple(sorted(sk)) for sk in _skeletons(p.name)
                    if len(sk) >= 2 and sum(len(x) for x in sk) >= 3]
        if main is None:
            for sk in variants:
                main = next((other for other, other_arabic in first_skeleton.get(sk, []) if other_arabic != arabic),
                            None)
                if main is not None:
                    break
        if main is not None and main != pid:
            out[pid] = main
            continue
        for k in keys:
            if k:
                first_latin.setdefault(k, pid)
        for sk in variants:
            first_skeleton.setdefault(sk, []).append((pid, arabic))
    return out


__all__ = ["latin_key", "same_people", "skeleton"]
