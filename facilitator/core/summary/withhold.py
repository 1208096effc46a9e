"""Names withheld from the text of an anonymous summary (Chatham House Rule).

Size: ~630 lines: one guarantee, that no form of a roster name is left in an anonymous text: the
folding (:func:`fold` and its tables of titles, particles, letters, confusables and invisible
characters, about 220 lines) and the matcher built on it (:class:`Withholder`, about 330 lines).
The matcher classifies each word with the folding's tables (``_Word``, ``_classify``), so what
counts as the same spelling is one change in one module. The folding could move to a module of its
own, but the matcher alone would still be about 400 lines.

An anonymous export names nobody: besides leaving out speakers and the participants annex, the
names of the participants are taken out of what was said and written ("As Hon. Aminata Diallo
said" becomes "As Hon. [name withheld] said").

Names and text are compared word by word, each word in a *folded* form (:func:`fold`), so that
spelling cannot fool it:

- case, accents and other marks (Keïta, Keita, KEITA; Nuñez, Nunez), Unicode compatibility
  forms (NFKC: ｆｕｌｌｗｉｄｔｈ, 𝐛𝐨𝐥𝐝, ligatures), letters of other scripts that look like Latin
  ones (Cyrillic о, Greek Τ: Unicode's confusables, from the ``confusable-homoglyphs``
  package), and characters nobody sees (soft hyphen, zero-width space and joiners, word joiner,
  bidirectional marks and controls, variation selectors, tags) make no difference;
- digits and signs used as letters (T0uré, Tr@oré), a name cut by a year or joined to one
  (#Toure2023), a plural or a possessive (Tourés, Touré's), a hashtag in camel case
  (#JusticeForTraore), hyphens (Al-Sayed, Al Sayed, AlSayed), a name spelled out letter by
  letter (T o u r é, T.o.u.r.é);
- in Arabic: short vowels, tatweel, the forms of alef, alef maqsura and ta marbuta, the article
  and any run of prefixes before it (الأمين, أمين, والأمين, وبالأمين, فللأمين);
- across Latin and Arabic script (:mod:`facilitator.core.translit`): أميناتا تراوري for Aminata
  Traoré, Mohamed El Amine or Lamine for محمد الأمين;
- two-letter surnames common in the Sahel (Ba, Sy, Ka) after a title (Ms. Ba, Mr Sy, Mme Ka)
  or beside another part of the name (Aminata Ba).

A full name is withheld as one; so is any single part of a name of three letters or more, on
its own (a surname that is also a word, "sow", too: over-withholding beats a leak), and the
other spellings a participant has on the roster. Honorifics and particles (Hon., Dr, al, bin,
de) are not names on their own.

Linear: a text is cut into words by one regular expression; a word is classified once (what
it can be, cached), and a text none of whose words can start a name is returned as it is
without further work, so the roster's size does not multiply the time.

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
from dataclasses import dataclass, field

from .. import translit

WITHHELD = "[name withheld]"
# what stands for a withheld name in each language of the documents (summary words.py)
WITHHELD_MARKS: tuple[str, ...] = ("[name withheld]", "[nom masqué]", "[الاسم محجوب]")
_MARK = re.compile("|".join(re.escape(m) for m in WITHHELD_MARKS))


def withheld_mark(lang: str | None) -> str:
    """What stands for a withheld name in a document in ``lang`` (en, fr, ar)."""
    from .words import w

    return w("name_withheld", lang or "en")


def has_withheld(text: str | None) -> bool:
    """Whether ``text`` holds a withheld name's mark, in any language."""
    return bool(text) and _MARK.search(text) is not None  # type: ignore[arg-type]

# Titles before a name (compared folded, without a final dot).
_HONORIFICS = {
    "hon", "honourable", "honorable", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
    "sir", "dame", "lord", "lady", "h.e", "he", "sen", "senator", "rep", "deputy", "minister",
    "ambassador", "amb", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain",
    "lt", "rev", "sheikh", "sheikha", "cheikh", "imam", "pr", "me", "mme", "mlle", "m", "st",
    "madame", "monsieur", "mademoiselle", "docteur", "excellence", "president", "presidente", "depute",
    "deputee", "ministre", "ambassadeur", "ambassadrice", "senateur", "senatrice", "hadj", "hajj", "el-hadj",
    # Arabic titles (folded)
    "السيد", "السيده", "الدكتور", "الدكتوره", "د", "الشيخ", "الشيخه", "الاستاذ", "الاستاذه", "النائب", "النائبه",
    "سعاده", "معالي", "سمو", "الوزير", "الوزيره", "السفير", "السفيره", "سيد", "سيده", "السيدة", "الحاج",
}
# Not names on their own either.
_PARTICLES = {
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "des", "la", "le", "van", "von",
    "der", "den", "ter", "bin", "bint", "ibn", "ben", "al", "el", "abu", "ould", "mint", "mc", "and",
    "the", "of", "jr", "sr", "ii", "iii", "et", "y", "e",
    "بن", "بنت", "ابن", "ابو", "ابي", "ال", "عبد", "ولد",
}
_NOT_NAMES = _HONORIFICS | _PARTICLES

# Letters that NFKD does not take apart.
_LATIN = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ß": "ss", "ŀ": "l",
          "ħ": "h", "ſ": "s", "ŉ": "n", "ĸ": "k", "ɨ": "i", "ʉ": "u", "ɵ": "o", "ƀ": "b", "ƶ": "z"}
# Arabic: forms of alef, alef maqsura, ta marbuta, hamza carriers, Persian letters; tatweel dropped.
_ARABIC = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ؤ": "و",
           "ئ": "ي", "ک": "ك", "ـ": ""}
# Characters nobody sees: dropped wherever they are (inside a name they hide it).
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Combining marks that \w does not take in (a word goes on through them).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff" \
         "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_W = rf"[\w{_MARKS}{INVISIBLE}]"
# A word: letters, digits, marks, underscores and invisible characters, with @ $ | inside
# (Tr@oré, T|ouré); apostrophes and hyphens separate words.
_TOKEN = re.compile(rf"{_W}+(?:[@$|]{_W}+)*")
# Letters spelled out one by one: at least three, one to three separators between them.
_SEP = r"[ \t.\-‐‑·•*/|,'’_]{1,3}"
_SPACED = re.compile(rf"(?<!{_W})[^\W\d_][{_MARKS}]*(?:{_SEP}[^\W\d_][{_MARKS}]*){{2,}}(?!{_W})")
_SPACED_GAP = re.compile(rf"^{_SEP}$")
_SPELLED = re.compile(r"(?<!\w)\w\W{1,3}\w\W{1,3}\w(?!\w)")  # a cheap look first: three one-letter words
# Between the words of one name: white space, hyphens, dots, apostrophes (Al-Sayed, A. Diallo).
_JOIN = re.compile(r"^[\s\-‐‑‒–—.'’]*$")
_ADJACENT = re.compile(r"^[\s\-‐‑]*$")
_TITLE_GAP = re.compile(r"^\.?\s+$|^\.$")
# Digits and signs read as letters (leet)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "6": "g",
                       "2": "z", "@": "a", "$": "s", "|": "l"})
_CAMEL = re.compile(r"(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")
# Arabic words that fold like a name but are not one (على is "on", علي is Ali): compared with
# ى and ة kept.
_ARABIC_WORDS = frozenset({"على", "الى", "إلى", "لدى", "حتى", "متى", "سوى", "مدى", "اذا", "إذا"})
_TANWEEN = re.compile("[\u064b-\u064d]")  # ليلاً (at night) is a word, not ليلى


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\u08a0" <= ch <= "\u08ff" for ch in word)


# --- the fold -------------------------------------------------------------------------------------

_CONFUSABLE: dict[str, str] | None = None


def _confusables() -> dict[str, str]:
    """Letters of other scripts that look like a Latin letter, from Unicode's confusables
    (the ``confusable-homoglyphs`` package's copy of confusables.txt): ``{char: ascii letter}``.
    Arabic letters are left alone (they are names of their own: see translit). Read the first
    time a letter outside Latin and Arabic is met."""
    global _CONFUSABLE
    if _CONFUSABLE is not None:
        return _CONFUSABLE
    import importlib.resources
    import json

    try:
        source = importlib.resources.files("confusable_homoglyphs").joinpath("confusables.json")
        data = json.loads(source.read_text("utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):  # pragma: no cover - a broken install
        data = {}

    def ascii_of(ch: str) -> str | None:
        for c in (ch, ch.upper(), ch.lower()):
            for h in data.get(c, ()):
                glyph = h.get("c", "")
                if len(glyph) == 1 and glyph.isascii() and glyph.isalpha():
                    return glyph.lower()
        return None

    out = {}
    for ch in data:
        if len(ch) != 1 or ch.isascii() or _is_arabic(ch):
            continue
        found = ascii_of(ch)
        if found:
            out[ch] = found
    _CONFUSABLE = out
    return out


def _fold_char(ch: str, keep: str = "") -> str:
    """One character as it is compared (``keep``: Arabic letters not unified)."""
    if _INVISIBLE_RE.match(ch) or ch == "_":
        return ""
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Cf"):
        return ""
    if cat[0] not in "LN":
        return ch
    s = "".join(c for c in unicodedata.normalize("NFKD", ch) if unicodedata.category(c) not in ("Mn", "Me")).casefold()
    if len(s) == 1 and not s.isascii() and not _is_arabic(s):
        confusable = _confusables()
        s = confusable.get(s, confusable.get(ch, s))
    s = "".join(_LATIN.get(c, c) for c in s)
    return "".join(c if c in keep else _ARABIC.get(c, c) for c in s)


class _Table(dict):
    """A ``str.translate`` table filled as characters are met (a text uses a few hundred)."""

    def __init__(self, keep: str = "") -> None:
        super().__init__()
        self.keep = keep

    def __missing__(self, cp: int) -> str:
        value = self[cp] = _fold_char(chr(cp), self.keep)
        return value


_TABLE = _Table()
_KEY_TABLE = _Table(keep="ةى")  # for transliteration keys: ة and ى kept


def fold(word: str) -> str:
    """A word as it is compared: no case, no accents or other marks, no invisible characters,
    look-alike letters as the Latin ones, compatibility forms as their letters, Arabic letter
    forms unified."""
    return word.translate(_TABLE).casefold()


def _key_fold(word: str) -> str:
    return word.translate(_KEY_TABLE).casefold()


def _latin_spelling(raw: str) -> str:
    """A Latin word as its sound key reads it: folded, but with the accents that say whether a
    final e is said (Touré) or not (Amine)."""
    latin = unicodedata.normalize("NFC", strip_invisible(raw)).casefold()
    if not latin.isascii():
        latin = "".join(c if c in "éèêëàâäîïôöùûüç" else fold(c) for c in latin)
    return latin


def strip_invisible(text: str) -> str:
    """``text`` without the characters nobody sees (they can hide a name, or reorder a line)."""
    return _INVISIBLE_RE.sub("", text)


# --- what a word can be ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Word:
    """What one word of a text can be, computed once per distinct word."""

    forms: set[str] = field(default_factory=set)  # folded forms, and the roster words it stands for
    strong: bool = False  # a name on its own
    weak: bool = False  # a name beside another part of a name, or after a title
    title: bool = False
    particle: bool = False
    article: bool = False  # a Latin spelling of the Arabic article (El, Al, As...)
    single: str = ""  # a single letter: the letter (for names spelled out)

    starts: bool = False  # the first word of a full name (Ka of "Ka Ba")
    after_article: bool = False  # a name after a Latin article (Amine of "El Amine" for الأمين)

    @property
    def interesting(self) -> bool:
        return self.strong or self.title or self.starts or self.after_article


def _arabic_forms(word: str) -> list[tuple[str, bool, bool]]:
    """(form, had the article, read across scripts) for an Arabic (folded) word: itself, and
    without any run of a conjunction (و ف), a preposition (ب ك ل) and the article (ال; ل after
    ل: للأمين). After لل only the article reading goes across scripts (للأمن is li-l-amn, not
    li-Lamin)."""
    out: dict[str, tuple[bool, bool]] = {}

    def add(stem: str, article: bool, cross: bool = True) -> None:
        if len(stem) >= 2:
            a, c = out.get(stem, (False, False))
            out[stem] = (a or article, c or cross)

    conj = [word] + ([word[1:]] if word[:1] in "وف" and len(word) > 2 else [])
    for rest in conj:
        preps = [("", rest)] + ([(rest[0], rest[1:])] if rest[:1] in "بكل" and len(rest) > 2 else [])
        for prep, stem in preps:
            lil = prep == "ل" and stem.startswith("ل") and len(stem) > 2
            add(stem, False, cross=not lil)
            if stem.startswith("ال") and len(stem) > 3:
                add(stem[2:], True)
            if lil:
                add(stem[1:], True)  # لل: li + al-
    return [(form, a, c) for form, (a, c) in out.items()]


def _arabic_function_word(raw: str) -> bool:
    """Whether an Arabic word is, read with ى and ة kept and without its prefixes, a word that
    folds like a name but is not one (على is "on", علي is Ali)."""
    return any(form in _ARABIC_WORDS for form, _a, _c in _arabic_forms(_key_fold(raw)))


def _latin_forms(raw: str, f: str) -> set[str]:
    """The spellings a (non-Arabic) word can stand for, beside its fold ``f``: digits and signs
    read as letters, and the letters around them (T0uré2023, Tr@oré); underscores dropped and
    ``|`` read as l; the words of a camel-case hashtag (#JusticeForTraore); each of those
    without a plural s or es (Tourés)."""
    forms = {f}
    if any(ch.isdigit() or ch in "@$|" for ch in f):
        core = f.strip("0123456789")
        for variant in {core.translate(_LEET), core.replace("1", "l").translate(_LEET)}:
            forms.add(variant)
        forms.update(p for p in re.findall(r"[^\W\d_]+", f) if len(p) >= 2)
    if "_" in raw or "|" in raw:
        forms.add(fold(raw.replace("_", "").replace("|", "l")))
    pieces = _CAMEL.split(strip_invisible(raw))
    if len(pieces) > 1:
        forms.update(fold(p) for p in pieces if len(fold(p)) >= 2)
    for form in list(forms):
        if len(form) >= 4 and form.endswith("s"):
            forms.add(form[:-1])  # Tourés
            if len(form) >= 5 and form.endswith("es"):
                forms.add(form[:-2])
    return forms


class Withholder:
    """Replaces the given names in a text by :data:`WITHHELD`; :meth:`find` says where they are."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: list[str] = []
        self.fulls: dict[str, list[tuple[str, ...]]] = {}  # first folded word -> full names (folded words)
        self.parts: set[str] = set()  # single folded words that are names on their own
        self.short: set[str] = set()  # one- and two-letter parts: after a title, or beside the name
        # across scripts, by the consonants of a key: (the key, the roster word, the article in it)
        self.latin_index: dict[str, list[tuple[str, str, bool]]] = {}  # keys of Latin roster words
        self.arabic_index: dict[str, list[tuple[str, str, bool]]] = {}  # keys of Arabic roster words
        self._words: dict[str, _Word] = {}
        self._boring: set[str] = set()
        for name in names:
            self._add(name)
        for first in self.fulls:
            self.fulls[first] = sorted(set(self.fulls[first]), key=len, reverse=True)  # longest first
        self.need_titles = bool(self.short or self.latin_index or self.arabic_index)

    _last: tuple[tuple[str, ...], Withholder] | None = None

    @classmethod
    def of(cls, names: Iterable[str]) -> Withholder:
        """A withholder of ``names``: the same one as last time for the same names (the render
        and the last check of one export share what they learned of each word)."""
        key = tuple(names)
        if cls._last is None or cls._last[0] != key:
            cls._last = (key, cls(key))
        return cls._last[1]

    def _add(self, name: str) -> None:
        name = " ".join(strip_invisible(unicodedata.normalize("NFC", name or "")).split())
        if not name:
            return
        self.names.append(name)
        raw = [m.group() for m in _TOKEN.finditer(name)]
        words = [fold(w) for w in raw]
        pairs = [(r, w) for r, w in zip(raw, words) if w]
        raw, words = [r for r, _w in pairs], [w for _r, w in pairs]
        if len(words) > 1 and words[0] in _HONORIFICS:
            whole = tuple(self._bare(w) for w in words)
            self.fulls.setdefault(whole[0], []).append(whole)  # "Hon. Aminata Diallo" as one
        original = list(words)
        while words and words[0] in _HONORIFICS:
            words.pop(0)  # "Hon. Aminata Diallo" is also said "Aminata Diallo"
            raw.pop(0)
        if not words:
            words, raw = original, [w for w in original]  # a name that is only a title ("Sheikh") is still a name
        keys = tuple(self._bare(w) for w in words)
        # the whole name, and its ends said alone ("Al-Sayed" of "Fatima Al-Sayed")
        for k in range(len(keys)):
            tail = keys[k:]
            if (len(tail) > 1 or len(tail[0]) >= 3) and (k == 0 or len(tail) > 1):
                self.fulls.setdefault(tail[0], []).append(tail)
            for end in range(k + 2, len(keys) + 1):
                joined = "".join(keys[k:end])
                if len(joined) >= 3:
                    self.parts.add(joined)  # "AlSayed" for "Al-Sayed", "JeanPierre" for "Jean-Pierre"
        named = [w for w in keys if w not in _NOT_NAMES and any(ch.isalpha() for ch in w)]
        parts = [w for w in named if len(w) >= 3]
        if not named:  # every word a title or a particle: better withheld than said
            parts = [w for w in keys if len(w) >= 3 and any(ch.isalpha() for ch in w)]
        self.parts.update(parts)
        self.short.update(w for w in named if len(w) < 3)
        # across scripts: each word of the name, and the article with the word after it
        for i, (r, w) in enumerate(zip(raw, words)):
            if w in _NOT_NAMES or not any(ch.isalpha() for ch in w):
                continue
            article = i > 0 and words[i - 1] in translit.LATIN_ARTICLES | {"ال"}
            self._index_cross(r, self._bare(w), article)

    @staticmethod
    def _bare(word: str) -> str:
        """An Arabic (folded) word without its article: الامين -> امين."""
        if _is_arabic(word) and word.startswith("ال") and len(word) > 4:
            return word[2:]
        return word

    def _index_cross(self, raw: str, canonical: str, article: bool) -> None:
        if _is_arabic(canonical):
            light = _key_fold(raw)
            had = light.startswith("ال") and len(light) > 4
            keys = translit.arabic_keys(light[2:] if had else light, had)
            for key in keys:
                self.arabic_index.setdefault(translit.consonants(translit.v_first(key)), []).append(
                    (key, canonical, key != keys[0]))
        else:
            for lkey in translit.latin_keys(_latin_spelling(raw)):
                for key, with_article in ((lkey, False), ("L" + lkey, True)) if article else ((lkey, False),):
                    self.latin_index.setdefault(translit.consonants(translit.v_first(key)), []).append(
                        (key, canonical, with_article))

    def __bool__(self) -> bool:
        return bool(self.fulls or self.parts or self.short)

    # --- one word -------------------------------------------------------------------------------

    def _word(self, raw: str) -> _Word:
        info = self._words.get(raw)
        if info is None:
            info = self._words[raw] = self._classify(raw)
        return info

    def _classify(self, raw: str) -> _Word:
        """What ``raw`` can be, in four steps: its kind (title, particle, article, letter), its
        own folded spellings, whether those are a part of a roster name (strong) or a short one
        (weak), and the roster words it spells in the other script."""
        info = _Word()
        f = fold(raw)
        if not f:
            return info
        honorific = f in _HONORIFICS
        info.title = honorific and self.need_titles
        info.particle = f in _PARTICLES
        info.article = f in translit.LATIN_ARTICLES
        if len(f) == 1 and f.isalpha():
            info.single = f
        if _is_arabic(f):
            if _arabic_function_word(raw):
                return info  # على (on) is not علي (Ali), إلى not Ali either
            arabic = _arabic_forms(f)
            forms = {f} | {form for form, _a, _c in arabic}
        else:
            arabic = []
            forms = _latin_forms(raw, f)
        forms.discard("")
        # two words joined by a character nobody sees (محمد‌الأمين): each is read too. What a piece
        # is (strong, weak) is its own reading; the roster words it was matched to across scripts
        # join the forms only after this word's own forms are compared with the roster's parts
        # (else لجان, which merely sounds like Jean, would become the name Jean itself)
        pieces_forms = self._read_pieces(raw, info)
        if not honorific and not info.particle:
            info.strong |= not forms.isdisjoint(self.parts)
            info.weak |= not forms.isdisjoint(self.short)
        forms |= pieces_forms
        if not info.particle:
            self._across_scripts(raw, f, arabic, honorific, info, forms)
        info.forms = forms
        info.starts = not forms.isdisjoint(self.fulls)
        return info

    def _read_pieces(self, raw: str, info: _Word) -> set[str]:
        """The forms of the words an invisible character joins in ``raw`` (none if it has none);
        a piece that is a name (strong) or a short name (weak) makes ``info`` one too."""
        pieces_forms: set[str] = set()
        if _INVISIBLE_RE.search(raw):
            for piece in _INVISIBLE_RE.split(raw):
                if piece and piece != raw:
                    sub = self._word(piece)
                    pieces_forms |= sub.forms
                    info.strong |= sub.strong
                    info.weak |= sub.weak
        return pieces_forms

    def _across_scripts(self, raw: str, f: str, arabic: list[tuple[str, bool, bool]], honorific: bool,
                        info: _Word, forms: set[str]) -> None:
        """The roster words ``raw`` spells in the other script join its ``forms``: an Arabic word
        (``arabic``: its readings) against the Latin roster words, unless it ends in tanween (ليلاً
        is a word); a Latin word of letters only against the Arabic ones, and once more as if
        after the article (Amine of "El Amine" for الأمين: ``after_article``)."""
        if arabic and self.latin_index and not _TANWEEN.search(raw):
            self._arabic_cross(raw, honorific, info, forms)
        elif not arabic and self.arabic_index and f.isalpha():
            self._latin_cross(f, raw, info, forms)
            probe = _Word()
            self._latin_cross(f, raw, probe, set(), prefix="L")
            info.after_article = probe.strong

    def _arabic_cross(self, raw: str, honorific: bool, info: _Word, forms: set[str]) -> None:
        """Each Latin roster word an Arabic word can be a spelling of joins ``forms``; the match
        makes the word a short name (weak), and a name on its own (strong) when it is close
        enough (:func:`translit.strength` 2) and the word is not a title."""
        light = _key_fold(raw)
        for form, had, cross in _arabic_forms(light):
            if not cross:
                continue
            bare_keys = translit.arabic_keys(form, had)
            for key in bare_keys:
                for lkey, canonical, _article in self.latin_index.get(translit.consonants(translit.v_first(key)), ()):
                    if not translit.arabic_fits_latin(key, lkey):
                        continue
                    forms.add(canonical)
                    exact = translit.v_first(key) == translit.v_first(lkey)
                    level = translit.strength(key, exact, article=had and key != bare_keys[0], stripped=form != light)
                    if level == 2 and not honorific:
                        info.strong = True
                    info.weak = True

    def _latin_cross(self, f: str, raw: str, info: _Word, forms: set[str], prefix: str = "") -> None:
        for lkey in translit.latin_keys(_latin_spelling(raw) or f):
            lkey = prefix + lkey
            for akey, canonical, article in self.arabic_index.get(translit.consonants(translit.v_first(lkey)), ()):
                if translit.arabic_fits_latin(akey, lkey):
                    forms.add(canonical)
                    level = translit.strength(akey, translit.v_first(akey) == translit.v_first(lkey), article=article)
                    if level == 2 and not info.title:
                        info.strong = True
                    info.weak = True

    # --- a text ---------------------------------------------------------------------------------

    def starters(self, text: str) -> set[str]:
        """The words of ``text`` that can start a name (a name, a title), as written. Fast: the
        text is cut at white space (in C), and only pieces never seen before are cut into words
        and classified (each word once); most pieces are known to hold no such word."""
        pieces = set(text.split())
        pieces -= self._boring
        found: set[str] = set()
        for piece in pieces:
            hits = [raw for raw in _TOKEN.findall(piece) if not raw.isdigit() and self._word(raw).interesting]
            if hits:
                found.update(hits)
            else:
                self._boring.add(piece)  # a number (Q1-003, 2023) is never a name
        if len(self._boring) > 500_000:
            self._boring.clear()
            self._words.clear()
        return found

    @staticmethod
    def spelled_out(text: str) -> bool:
        """Whether ``text`` has letters spelled out one by one (T o u r é)."""
        return _SPELLED.search(text) is not None and _SPACED.search(text) is not None

    def might_name(self, text: str) -> bool:
        """Whether ``text`` can hold a name at all (fast: most texts cannot)."""
        return bool(self.starters(text)) or self.spelled_out(text)

    def find(self, text: str, *, fast: bool = True) -> list[tuple[int, int]]:
        """(start, end) of every name in ``text`` (NFC), in order, not overlapping. ``fast``:
        first ask :meth:`might_name` (the tests compare with ``fast=False``)."""
        if not text or not self or (fast and not self.might_name(text)):
            return []
        toks = [(m.start(), m.end(), self._word(m.group())) for m in _TOKEN.finditer(text)]
        n = len(toks)
        spans: list[tuple[int, int]] = []

        def gap(a: int, b: int) -> str:
            return text[toks[a][1]:toks[b][0]]

        i = 0
        while i < n:
            info = toks[i][2]
            matched = self._full_at(toks, i, gap)
            if not matched:
                matched = self._spelled_at(toks, i, gap)
            if not matched and info.article and i + 1 < n and toks[i + 1][2].after_article \
                    and _ADJACENT.match(gap(i, i + 1)):
                matched = 2  # El Amine, Al-Amin for الأمين
            if not matched and info.strong:
                matched = 1
            if not matched and info.weak and i > 0 and toks[i - 1][2].title and _TITLE_GAP.match(gap(i - 1, i)):
                matched = 1  # Ms. Ba, Mr Sy
            if matched:
                spans.append((toks[i][0], toks[i + matched - 1][1]))
                i += matched
            else:
                i += 1
        if not spans:
            return []
        spans.sort()
        out: list[tuple[int, int]] = []
        for start, end in spans:
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
        return out

    def _full_at(self, toks, i: int, gap) -> int:
        """The number of words of the longest full name starting at word ``i`` (0: none)."""
        best = 0
        n = len(toks)
        for form in toks[i][2].forms:
            for full in self.fulls.get(form, ()):
                if len(full) < 2:
                    continue
                k, j = 1, i  # k: the next word of the name; j: the last word of the text taken
                while k < len(full) and j + 1 < n:
                    nxt = toks[j + 1][2]
                    if not _JOIN.match(gap(j, j + 1)):
                        break
                    if full[k] in nxt.forms:
                        k, j = k + 1, j + 1
                    elif full[k] in _PARTICLES:
                        k += 1  # the name's particle left out (Mohamed Amine for محمد الأمين)
                    elif nxt.particle or nxt.article:
                        j += 1  # a particle the name does not have (Mohamed El Amine)
                    else:
                        break
                if k == len(full) and j > i and j - i + 1 > best:
                    best = j - i + 1
        return best

    def _spelled_at(self, toks, i: int, gap) -> int:
        """A name spelled out letter by letter from word ``i`` (T o u r é): its number of words."""
        if not toks[i][2].single:
            return 0
        run = [toks[i][2].single]
        j = i
        while j + 1 < len(toks) and toks[j + 1][2].single and _SPACED_GAP.match(gap(j, j + 1)) and len(run) < 60:
            j += 1
            run.append(toks[j][2].single)
        if len(run) < 3:
            return 0
        for end in range(len(run), 2, -1):
            joined = "".join(run[:end])
            probe = self._classify(joined)
            if probe.strong:
                return end
        return 0

    def __call__(self, text: str, mark: str = WITHHELD) -> str:
        """``text`` with every name found replaced by ``mark`` (the document's language's)."""
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
            out += [normal[last:start], mark]
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
    if not has_withheld(candidate) or has_withheld(original):
        return False
    pieces = _MARK.split(candidate)
    pattern = r"\S.*?".join(re.escape(p) for p in pieces)
    return re.fullmatch(pattern, original, re.DOTALL) is not None


__all__ = ["INVISIBLE", "WITHHELD", "WITHHELD_MARKS", "Withholder", "find_names", "fold", "has_withheld",
           "is_withheld_version", "strip_invisible", "withheld_mark"]
