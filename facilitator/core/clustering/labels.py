"""Labels a person would write: a short phrase naming what a cluster's ideas are about, in the
language most of them are in ("Defence budget oversight", "Cantines scolaires", "ميزانية الدفاع").

Size: ~420 lines: one algorithm, the label of each cluster: speakers' asides taken out, candidate
phrases, their scores, and one label per cluster without repeats; every step uses the same word
lists and normalisation.

The phrase is taken from the ideas themselves: runs of one to four words inside a clause (never
across punctuation), that neither start nor end with a stop word of English, French or Arabic
(so "budget de la défense" is one, "of the budget" is not), with at least one word of three
letters or more. A phrase scores by the share of the cluster's ideas in its language that use it
(at least two of them when the cluster has two or more), times how rare it is among all the
ideas clustered (so the question's own words, common everywhere, rank low), a phrase of two or
three words above a single word. Words are compared after normalisation (case, accents, Arabic
short vowels and forms of alef; a clinging "and the", "with the", "for the" of an Arabic word
set aside) and shown in their most frequent written form. When no phrase is shared, the two
words most shared are joined with "and" (or "et", "و"); when none is, the central idea's
rarest phrase. Two clusters of one proposal never get the same label: the second takes its next
phrase.

Never a sentence cut in the middle, never stop words alone. The central idea (the title of the
old labels) stays the cluster's representative; :func:`clean_asides` and :func:`shorten` are
used for the starting draft of a recommendation.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .text import STOP_WORDS, normalize

SEPARATOR = " · "
TITLE_WIDTH = 70  # characters of a shortened idea (the starting draft, not the labels)
N_TERMS = 2  # other phrases kept beside the label
MAX_WORDS = 4  # words in a phrase, besides connectors (de, of...)
MIN_SHARE = 2  # ideas that must use a phrase (when the cluster has that many in its language)
POOL_MAX = 200  # a cluster's phrases come from its most central ideas, this many at most
DF_SAMPLE = 4000  # how rare a phrase is, counted on this many ideas at most (every n-th)


@dataclass(frozen=True)
class ClusterLabel:
    title: str  # the phrase
    terms: tuple[str, ...]  # other phrases found, best first
    title_index: int  # the most central idea (the cluster's representative)

    @property
    def text(self) -> str:
        return self.title


# ---------------------------------------------------------------- speaker asides

_ASIDE_SENTENCES = [
    # courtesy and procedure, a whole sentence
    r"(thank you|thanks|many thanks)\b.*",
    r"(i|we) (fully )?(agree|concur) with (the )?(previous|last|other|honourable|honorable|distinguished)\b.*",
    r"(merci|je vous remercie|nous vous remercions)\b.*",
    r"je (voudrais|souhaite|tiens à) (d'abord |d’abord |tout d'abord |tout d’abord )?(saluer|remercier)\b.*",
    r"je (rejoins|partage l'avis de|partage l’avis de|suis d'accord avec|suis d’accord avec)\b.*",
    r"(شكرا|شكراً|أشكر|اشكر|نشكر)\b.*",
    r"(أتفق|اتفق|أؤيد|اؤيد) (مع|ما قاله)\b.*",
]
_ASIDE_LEADS = [
    r"(as i (said|mentioned)( earlier| before)?|if i may|let me (just )?(say|add)( that)?|"
    r"i would (just )?like to (say|add)( that)?|very briefly|briefly|well|so|first of all|firstly)\s*[,:]?\s+",
    r"(comme je l'ai dit|comme je l’ai dit|si vous me permettez|permettez-moi de dire que|"
    r"très brièvement|brièvement|alors|donc|tout d'abord|tout d’abord)\s*[,:]?\s+",
    r"(كما قلت|كما ذكرت|باختصار|أولا|أولاً)\s*[,:،]?\s+",
]
_BRACKETED = re.compile(
    r"\s*[\(\[](?:laughter|applause|inaudible|crosstalk|rires|applaudissements|inaudible|"
    r"تصفيق|ضحك|غير مسموع)[^\)\]]*[\)\]]",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?؟…])\s+")
_ASIDE_SENTENCE_RE = [re.compile(p, re.IGNORECASE) for p in _ASIDE_SENTENCES]
_ASIDE_LEAD_RE = [re.compile(p, re.IGNORECASE) for p in _ASIDE_LEADS]
ASIDE_MAX = 90  # a courtesy sentence longer than this carries content: kept


def clean_asides(text: str) -> str:
    """``text`` without speaker asides: courtesy sentences (thanks to the chair, "I agree with
    the previous speaker"), leading discourse markers ("As I said, ..."), bracketed stage notes
    ("(laughter)"). Returns ``text`` unchanged (trimmed) when nothing would be left."""
    original = " ".join(text.split())
    t = _BRACKETED.sub("", original)
    sentences = [s for s in _SENTENCE.split(t) if s.strip()]
    kept = []
    for s in sentences:
        s = s.strip()
        if len(s) <= ASIDE_MAX and any(p.fullmatch(s) for p in _ASIDE_SENTENCE_RE):
            continue
        for p in _ASIDE_LEAD_RE:
            m = p.match(s)
            if m and len(s) > m.end():
                s = s[m.end() :]
                s = s[:1].upper() + s[1:]
        kept.append(s)
    out = " ".join(kept).strip()
    return out or original


def shorten(text: str, width: int = TITLE_WIDTH) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters (with an
    ellipsis when cut); a sentence that ends within the width ends the title."""
    text = " ".join(text.split())
    first = _SENTENCE.split(text, maxsplit=1)[0]
    if len(first) <= width:
        return first.rstrip(" .;:,،") if first != text or first.endswith(".") else first
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" .;:,،-—") + "…"


# ---------------------------------------------------------------- phrases

_CLAUSE = re.compile(r"[.,;:!?؟،؛()\[\]{}«»\"“”„…–—/|]+|\s-\s")
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_ARABIC_CLINGING = ("وال", "بال", "فال", "كال")  # and/with/so/like + the: the word itself is "ال..."
# words that name nothing on their own: light verbs, vague adjectives and adverbs of speech
_VAGUE = frozenset(normalize(w) for w in """
ask asked asks hard easy safely safe home system systems issue issues problem problems way ways
thing things need needs needed must should could would also very really first last next good bad
big small many much more most less least important key main major real whole able around
example examples question questions answer answers point points work works working made make
demander difficile facile besoin doit doivent devrait pourrait aussi très vraiment premier dernier
bon bonne mauvais grand grande petit petite beaucoup plus moins important importante question
questions réponse exemple point points travail faire fait
يجب ينبغي يمكن أيضا جدا مهم كبير صغير كثير أكثر أقل سؤال أسئلة مثال نقطة عمل
""".split())


# stop words that may sit inside a phrase ("budget de la défense", "protection of informants");
# any other (must, should, doit, يجب...) ends it
_CONNECTORS = frozenset(normalize(w) for w in """
of for and on in to with the a an
de des du la le les d l et a au aux pour en sur dans par
""".split())


def _words(text: str) -> list[list[tuple[str, str, int, int]]]:
    """The runs of ``text`` a phrase can come from, each a list of (surface word, normalised
    key, start, end): split at punctuation, at stop words that are no connector, and before an
    Arabic word with a clinging conjunction or preposition (set aside: "والإنفاق" is "and the
    spending")."""
    out: list[list[tuple[str, str, int, int]]] = []
    words: list[tuple[str, str, int, int]] = []
    last = 0
    for m in _TOKEN.finditer(text):
        start, end, w = m.start(), m.end(), m.group()
        if words and _CLAUSE.search(text, last, start):
            out.append(words)
            words = []
        last = end
        cut = False
        if w.startswith(_ARABIC_CLINGING) and len(w) > 5:
            w, start, cut = w[1:], start + 1, True
        elif w.startswith("لل") and len(w) > 4:
            w, start, cut = "ال" + w[2:], start + 2, True
        key = _key(w)
        if cut or (_is_stop(key) and key not in _CONNECTORS):
            if words:
                out.append(words)
            words = []
            if not cut:
                continue
        words.append((w, key, start, end))
    if words:
        out.append(words)
    return out


@functools.lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """A word normalised (each distinct word once: 20,000 ideas hold a million words)."""
    return normalize(word)


@functools.lru_cache(maxsize=65536)
def _is_stop(key: str) -> bool:
    if key in STOP_WORDS:
        return True
    # Arabic: a conjunction clinging to a stop word (ويجب "and must", فإن "for indeed")
    return len(key) > 2 and key[0] in "وف" and "\u0600" <= key[1] <= "\u06ff" and key[1:] in STOP_WORDS


@functools.lru_cache(maxsize=65536)
def _content(key: str) -> bool:
    return len(key) >= 3 and not key.isdigit() and not _is_stop(key) and key not in _VAGUE


@functools.lru_cache(maxsize=65536)
def _edge(key: str) -> bool:
    """Whether a phrase may start or end with this word."""
    return len(key) >= 2 and not key.isdigit() and not _is_stop(key) and key not in _VAGUE


def phrases(text: str) -> dict[tuple[str, ...], str]:
    """The candidate phrases of ``text``: normalised key -> the words as written (apostrophes,
    hyphens and spacing kept: "l'intérieur", "long-term")."""
    out: dict[tuple[str, ...], str] = {}
    for clause in _words(text):
        n = len(clause)
        keys = [k for _, k, _, _ in clause]
        for i in range(n):
            if not _edge(keys[i]):
                continue
            words = content = 0
            for j in range(i, min(n, i + 2 * MAX_WORDS)):
                k = keys[j]
                words += k not in _CONNECTORS
                content += _content(k)
                if words > MAX_WORDS:
                    break
                if not content or not _edge(k):
                    continue
                key = tuple(keys[i : j + 1])
                span = clause[i : j + 1]
                if span[0][2] + len(span[0][0]) == span[0][3]:
                    surface = text[span[0][2] : span[-1][3]]
                else:
                    surface = " ".join(w for w, _, _, _ in span)
                out.setdefault(key, " ".join(surface.split()))
    return out


def _label_language(members: Sequence[int], langs: Sequence[str], lang: str | None) -> str:
    counts = Counter(langs[i] for i in members)
    if not counts:
        return lang or "?"
    top = max(counts.values())
    tied = {code for code, c in counts.items() if c == top}
    if lang in tied:
        return lang
    return next(langs[i] for i in members if langs[i] in tied)  # the most central idea's


def _display(surface: str) -> str:
    return surface[:1].upper() + surface[1:] if surface[:1].isalpha() and surface[:1].islower() else surface


SHARED_ENOUGH = 3  # shared phrases enough to choose among (else single ideas' phrases count too)
WIDE_SHARE = 0.1  # a phrase a tenth of a large cluster's ideas use beats a rarer one
CANDIDATES = 24  # phrases of a cluster compared by meaning (the best by the words' counts)
OTHERS_WEIGHT = 0.5  # how much a phrase's likeness to another cluster's centre counts against it
SHARED_WEIGHT = 0.25  # ... and the share of the cluster's ideas using it, for it
LONGER_WEIGHT = 0.08  # ... and each word after the first, up to three
RARE_WEIGHT = 0.03  # ... and how rare it is among all the ideas (log inverse document frequency, up to 4)


def make_labels(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    *,
    langs: Sequence[str] | None = None,
    lang: str | None = None,
    n_terms: int = N_TERMS,
    centres=None,
    embed=None,
    reserved: Sequence[str] = (),
) -> list[ClusterLabel]:
    """One label per group of indices into ``texts`` (each group most central first).

    ``langs``: each text's language (guessed when None); ``lang``: the session's language (the
    label's language when the cluster has as many ideas in it as in any other). With
    ``centres`` (each group's unit centre in the clustering's geometry) and ``embed``
    ((texts, language) -> their unit vectors in that geometry), the phrases are compared by
    meaning: the one closest to its cluster's centre and furthest from the other clusters' wins,
    with a little for being shared, long and rare (see the constants). ``reserved``: labels
    already given (to other clusters of the proposal), not given again."""
    if langs is None:
        from .embeddings import language_groups

        langs = language_groups(texts)
    found: dict[int, dict[tuple[str, ...], str]] = {}

    def phrases_of(i: int) -> dict[tuple[str, ...], str]:
        if i not in found:
            found[i] = phrases(texts[i])
        return found[i]

    # how rare a phrase is: counted over all the ideas, or a fixed sample of them when many
    step = max(1, math.ceil(len(texts) / DF_SAMPLE))
    counted = range(0, len(texts), step)
    df: Counter = Counter()
    for i in counted:
        df.update(phrases_of(i).keys())
    n = max(1, len(counted))
    ranked: list[list[tuple]] = []
    pools: list[list[int]] = []
    languages: list[str] = []
    for members in groups:
        language = _label_language(members, langs, lang)
        # the ideas in that language, the most central POOL_MAX of them
        pool = ([i for i in members if langs[i] == language] or list(members))[:POOL_MAX]
        pools.append(pool)
        uses: Counter = Counter()
        forms: dict[tuple[str, ...], Counter] = {}
        first: dict[tuple[str, ...], int] = {}
        for rank, i in enumerate(pool):
            for key, surface in phrases_of(i).items():
                uses[key] += 1
                forms.setdefault(key, Counter())[surface] += 1
                first.setdefault(key, rank)
        # the phrases used by a tenth of the ideas (two at least) when there are a few of them,
        # else by two ideas; with meaning to compare, single ideas' phrases when even those
        # are too few
        need = min(MIN_SHARE, len(pool))
        widely = max(need, math.ceil(WIDE_SHARE * len(pool)))
        if sum(1 for used in uses.values() if used >= widely) >= SHARED_ENOUGH:
            need = widely
        elif embed is not None and sum(1 for used in uses.values() if used >= need) < SHARED_ENOUGH:
            need = 1
        rows = []
        for key, used in uses.items():
            if used < need:
                continue
            idf = math.log((n + 1) / (df[key] + 0.5))
            score = (used / len(pool)) * idf * (1.0 + 0.35 * min(len(key) - 1, 2))
            if df[key] > 0.5 * n and n >= 10:
                score *= 0.25  # said almost everywhere: the question's words, not this theme's
            surface = sorted(forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            rows.append((round(score, 9), first[key], key, surface, used / len(pool), idf))
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))
        rows = _without_fragments(rows, uses)
        if not rows:  # nothing shared: the central idea's rarest phrase
            head = pool[0] if pool else members[0]
            rows = sorted(((round(math.log((n + 1) / (df[key] + 0.5)) * (1 + 0.35 * min(len(key) - 1, 2)), 9),
                            0, key, surface, 0.0, math.log((n + 1) / (df[key] + 0.5)))
                           for key, surface in phrases_of(head).items()), key=lambda r: (-r[0], r[2]))
        ranked.append(rows[:CANDIDATES] if embed is not None else rows)
        languages.append(language)
    if embed is not None and centres is not None:
        ranked = _by_meaning(ranked, languages, centres, embed)
    return _assign([[(r[0], r[2], r[3]) for r in rows] for rows in ranked], groups, langs, lang, n_terms, reserved)


def _by_meaning(ranked, languages, centres, embed):
    """The candidates of every group scored by meaning: cosine to the group's centre, less
    OTHERS_WEIGHT times the best cosine to another group's centre, plus a little for the share
    of ideas using the phrase, its length and its rarity."""
    import numpy as np

    C = np.asarray(centres, dtype=np.float64)
    vectors: dict[tuple[str, str], Any] = {}  # (language, phrase) -> its vector (np.ndarray)
    for lang in sorted(set(languages)):
        surfaces = sorted({r[3] for rows, lg in zip(ranked, languages) if lg == lang for r in rows})
        if surfaces:
            for surface, v in zip(surfaces, np.asarray(embed(surfaces, lang), dtype=np.float64)):
                vectors[(lang, surface)] = v
    out = []
    for g, (rows, lang) in enumerate(zip(ranked, languages)):
        scored = []
        for _score, first, key, surface, share, idf in rows:
            sims = C @ vectors[(lang, surface)]
            own = sims[g]
            other = np.delete(sims, g).max() if len(C) > 1 else 0.0
            value = (own - OTHERS_WEIGHT * other + SHARED_WEIGHT * share + LONGER_WEIGHT * min(len(key) - 1, 2)
                     + RARE_WEIGHT * min(idf, 4.0))
            scored.append((round(float(value), 9), first, key, surface, share, idf))
        scored.sort(key=lambda r: (-r[0], r[1], r[2]))
        out.append(scored)
    return out


def _without_fragments(rows, uses):
    """A phrase inside a longer one used about as often goes (``budget`` beside ``defence budget``)."""
    keep = []
    for row in rows:
        key = row[2]
        longer = [r for r in rows if len(r[2]) > len(key) and _inside(key, r[2]) and uses[r[2]] >= 0.7 * uses[key]]
        if longer and any(r in keep or r[0] >= 0.5 * row[0] for r in longer):
            continue
        keep.append(row)
    return keep


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _same(label: str) -> str:
    """What two labels that say the same share: normalised words without a plural s
    ("Armée" and "Armées")."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in normalize(label).split())


def _assign(ranked, groups, langs, lang, n_terms, reserved=()) -> list[ClusterLabel]:
    """The best phrase of each group, none used twice: groups with the strongest best phrase
    choose first; a group left without one is numbered."""
    order = sorted(range(len(groups)), key=lambda g: (-(ranked[g][0][0] if ranked[g] else 0.0), g))
    taken: set[str] = set(_same(t) for t in (reserved or ()))
    chosen: dict[int, tuple[str, tuple[str, ...]]] = {}
    for g in order:
        options = [_display(surface) for _, _, surface in ranked[g]]
        free = [o for o in options if _same(o) not in taken]
        if free:
            title = free[0]
        elif options:
            k = 2
            while _same(f"{options[0]} ({k})") in taken:
                k += 1
            title = f"{options[0]} ({k})"
        else:
            title = "(no label)"
        taken.add(_same(title))
        others = [o for o in options if o != title and o.casefold() not in title.casefold()][:n_terms]
        chosen[g] = (title, tuple(others))
    out = []
    for g, members in enumerate(groups):
        title, terms = chosen[g]
        # the representative: the most central idea in the session's language, if it has one
        head = next((i for i in members if lang and langs[i] == lang), members[0] if members else 0)
        out.append(ClusterLabel(title=title, terms=terms, title_index=head))
    return out
