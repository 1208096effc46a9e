"""Names across Latin and Arabic script: a sound key both scripts share.

The same person is Aminata Traoré and أميناتا تراوري, Leila Haddad and ليلى حداد, محمد الأمين and
Mohamed El Amine (or Lamine). No table of names can list every spelling, so a word of either
script becomes a *key*: a string over one small alphabet of sounds,

- consonant classes: ``W`` (w, ou before a vowel at the start, و at the start), ``Y`` (y
  before a vowel at the start, ي at the start), ``B`` (b p ب پ), ``T`` (t th ت ط ث), ``D`` (d dh د ض ذ), ``K`` (k q c ck
  ك ق خ kh), ``G`` (g j dj gh غ ج گ), ``S`` (s ss c ç sh ch س ص ش), ``Z`` (z ز ظ), ``F`` (f v ph
  ف ڤ), ``H`` (h ح ه), ``L``, ``M``, ``N``, ``R``;
- three vowel classes: ``A`` (a ا ى ة), ``I`` (e i y ي ئ), ``U`` (o u ou و ؤ); keys are
  compared with a first vowel as ``V``, any vowel (:func:`v_first`: Arabic writes that vowel as
  a bare alef whatever it is, ابراهيم for Ibrahim);
- ``ع`` and ``ء`` are left out (Latin writes them as nothing, an apostrophe or a vowel), and two
  equal symbols in a row are one (Haddad, Mohammed, the shadda that Arabic does not write).

Arabic does not write short vowels, Latin does: a word of Arabic script matches a word of Latin
script when their consonants are the same and the Arabic key is the Latin key with some of its
vowels left out (:func:`arabic_fits_latin`); ``ع`` is ``E``, a Latin vowel or nothing. Latin
forms are tried with and without a final silent ``e`` (Amine, امين). How strong a match is
(:func:`strength`) decides whether it is enough on its own, or only next to another part of
the name or after a title.

Nothing here changes a stored text; it is used to find names (:mod:`.summary.withhold`).
"""

from __future__ import annotations

import re

VOWELS = frozenset("AIUVE")

# Latin: digraphs first (longest first), then single letters. Input is casefolded; accents on
# vowels are kept apart by :func:`latin_keys` (an accented final é is said, a plain final e not).
_LATIN_DIGRAPHS = (
    ("tch", "S"), ("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "K"), ("gh", "G"), ("th", "T"), ("dh", "D"),
    ("ph", "F"), ("dj", "G"), ("ck", "K"), ("qu", "K"), ("ou", "U"), ("oo", "U"), ("ee", "I"),
)
_LATIN_ONE = {
    "a": "A", "e": "I", "i": "I", "y": "I", "o": "U", "u": "U", "w": "W", "\x01": "Y",
    "b": "B", "p": "B", "c": "K", "d": "D", "f": "F", "v": "F", "g": "G", "j": "G", "h": "H", "k": "K", "q": "K",
    "l": "L", "m": "M", "n": "N", "r": "R", "s": "S", "t": "T", "x": "KS", "z": "Z",
}
_LATIN_DIGRAPH_RE = re.compile("|".join(d for d, _k in _LATIN_DIGRAPHS))
_LATIN_DIGRAPH_KEY = dict(_LATIN_DIGRAPHS)

# Arabic (already folded: one alef, ى, ة → ه is *not* assumed here, both are read)
_ARABIC_ONE = {
    "ا": "A", "أ": "A", "إ": "A", "آ": "A", "ٱ": "A", "ى": "A", "ة": "A", "ه": "H",
    "و": "U", "ؤ": "U", "ي": "I", "ئ": "I", "ی": "I",
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "T", "ج": "G", "غ": "G", "گ": "G", "ح": "H",
    "خ": "K", "ق": "K", "ك": "K", "ک": "K", "د": "D", "ض": "D", "ذ": "D", "ر": "R", "ز": "Z", "ظ": "Z",
    "س": "S", "ص": "S", "ش": "S", "چ": "S", "ف": "F", "ڤ": "F", "ل": "L", "م": "M", "ن": "N",
    "ع": "E", "ء": "", "ـ": "",
}
#: Latin words that are the Arabic article (El Amine, Al-Sayed, As-Sayed, Ould is not one)
LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "ed", "as", "es", "at", "ar", "an", "az", "ash", "ech", "ez"})


def _squeeze(symbols: str) -> str:
    """Two equal symbols in a row are one."""
    out: list[str] = []
    for ch in symbols:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def v_first(key: str) -> str:
    """The key with a first vowel as ``V``: how keys are compared (Arabic writes a first vowel
    as a bare alef, whatever it is: ابراهيم for Ibrahim)."""
    return "V" + key[1:] if key[:1] in ("A", "I", "U", "E") else key


def consonants(key: str) -> str:
    return "".join(ch for ch in key if ch not in VOWELS)


def _latin_raw(word: str) -> str:
    if word[:2] == "ou" and word[2:3] in ("a", "e", "i", "o"):
        word = "w" + word[2:]  # Ouattara, Ouedraogo: a w
    if word[:1] == "y" and word[1:2] in ("a", "e", "i", "o", "u"):
        word = "\x01" + word[1:]  # Youssouf, Yacouba: a consonant y
    word = _LATIN_DIGRAPH_RE.sub(lambda m: _LATIN_DIGRAPH_KEY[m.group()].lower() + "\x00", word)
    out = []
    i = 0
    while i < len(word):
        ch = word[i]
        if i + 1 < len(word) and word[i + 1] == "\x00":
            out.append(ch.upper())  # a digraph's key
            i += 2
            continue
        if ch == "c" and i + 1 < len(word) and word[i + 1] in "eiy":
            out.append("S")  # c before e, i: an s (Cisse, Cissé)
        elif ch == "g" and i + 1 < len(word) and word[i + 1] in "ei":
            out.append("G")
        elif ch == "ç":
            out.append("S")
        else:
            out.append(_LATIN_ONE.get(ch, ""))
        i += 1
    return "".join(out)


def latin_keys(word: str) -> tuple[str, ...]:
    """The keys of a Latin word (casefolded, accents still on): one, and one without a final
    silent ``e`` (Amine: ``VMINI`` and ``VMIN``)."""
    if not word:
        return ()
    silent = len(word) > 2 and word.endswith("e") and word[-2] not in "aeiouyéèêë"
    plain = "".join("e" if ch in "éèêë" else "a" if ch in "àâä" else "i" if ch in "îï" else "o" if ch in "ôö"
                    else "u" if ch in "ùûü" else ch for ch in word)
    key = _squeeze(_latin_raw(plain))
    if silent:
        short = _squeeze(_latin_raw(plain[:-1]))
        if short and short != key:
            return (key, short)
    return (key,) if key else ()


def arabic_key(word: str) -> str:
    """The key of an Arabic word (no prefix, no article: see :func:`arabic_keys`)."""
    first = {"و": "W", "ي": "Y"}.get(word[:1], "")  # at the start, و and ي are consonants
    # not squeezed: Arabic writes a doubled consonant once (with a shadda, dropped), so two
    # letters in a row are two sounds (حدد is hadada, للأمن li-l-amn)
    return first + "".join(_ARABIC_ONE.get(ch, "") for ch in word[1 if first else 0:])


def arabic_keys(bare: str, article: bool) -> tuple[str, ...]:
    """Keys of an Arabic word without its article (``bare``); with ``article`` the word had one,
    and is also ``L`` + its key (الأمين: Lamine, El Amine)."""
    key = arabic_key(bare)
    if not key:
        return ()
    return (key, arabic_key("ل" + bare)) if article else (key,)


def arabic_fits_latin(akey: str, lkey: str) -> bool:
    """Whether an Arabic key is a Latin key with some vowels left out: the consonants the same,
    in the same order; each vowel Arabic writes is one the Latin has there; ``ع`` (``E``) is a
    Latin vowel or nothing (Omar عمر, Ismail إسماعيل, Saad سعد)."""
    akey, lkey = v_first(akey), v_first(lkey)
    memo: dict[tuple[int, int], bool] = {}

    def fits(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[(i, j)]
        if j == len(lkey):
            ok = all(ch == "E" for ch in akey[i:])
        elif i < len(akey) and akey[i] == "E":
            ok = fits(i + 1, j) or (lkey[j] in VOWELS and fits(i + 1, j + 1))
        elif i < len(akey) and (akey[i] == lkey[j] or (akey[i] == "V" and lkey[j] in VOWELS)
                                or (lkey[j] == "V" and akey[i] in VOWELS)):
            ok = fits(i + 1, j + 1) or (lkey[j] in VOWELS and lkey[j] != "V" and fits(i, j + 1))
        else:
            # a short vowel Arabic does not write (a first vowel it always writes: ا, ع)
            ok = lkey[j] in VOWELS and lkey[j] != "V" and fits(i, j + 1)
        memo[(i, j)] = ok
        return ok

    return fits(0, 0)


def strength(akey: str, exact: bool, article: bool = False, stripped: bool = False) -> int:
    """2: enough on its own; 1: only next to another part of a name or after a title.

    Three consonants or more with a vowel written (حداد, not حدد, for Haddad), four consonants
    (محمد), or an exact key of three symbols or more (توري and Touré both ``TURI``; four when a
    prefix was ``stripped``: كبير is not ك + Pierre). The ``L`` of an ``article`` does not count
    (الأمن is not Lamin, الأمين is)."""
    if article and not exact and akey.startswith("L"):
        akey = akey[1:]
    cons = len(consonants(akey))
    vowels = sum(ch in "AIUV" for ch in akey)
    if cons >= 4 or (cons >= 3 and vowels) or (exact and len(akey) >= (4 if stripped else 3) and cons >= 2):
        return 2
    return 1


__all__ = ["LATIN_ARTICLES", "arabic_fits_latin", "arabic_key", "arabic_keys", "consonants",
           "latin_keys", "strength", "v_first"]
