"""Labels a person would write: a title and a few key terms for each cluster, in any language.

The title is the cluster's most central contribution (in the session's language when the
cluster has one in it), cleaned of speaker asides ("Thank you, Madam Chair", "as I said") and
shortened at a word boundary: measured on the labeled panels, the most central contribution
matched the theme more often than any keyword label. Beside it go two or three key terms,
taken from the members in the session's language (all members when none is in it).

A term's score in a cluster is the share of the cluster's members that use it times its
inverse document frequency over all the items clustered (so words common everywhere, like the
question's own words, rank low). Stop words of English, French and Arabic are skipped (Arabic
also with a clinging و or ف: "ويجب" is "and must"); terms are compared after normalisation
(accents, case) and shown in their most frequent written form. Two clusters never get the same
label in one proposal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .text import STOP_WORDS, normalize, words

SEPARATOR = " · "
TITLE_WIDTH = 70  # characters of the title before it is shortened
N_TERMS = 3


@dataclass(frozen=True)
class ClusterLabel:
    title: str  # the central contribution, shortened
    terms: tuple[str, ...]  # two or three key terms
    title_index: int  # which item the title was taken from

    @property
    def text(self) -> str:
        if not self.terms:
            return self.title
        return f"{self.title} — {SEPARATOR.join(self.terms)}"


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


# ---------------------------------------------------------------- key terms


def _is_stop(key: str) -> bool:
    if key in STOP_WORDS:
        return True
    # Arabic: a conjunction clinging to a stop word (ويجب "and must", فإن "for indeed")
    return len(key) > 2 and key[0] in "وف" and "\u0600" <= key[1] <= "\u06ff" and key[1:] in STOP_WORDS


def _terms(ws: Sequence[str], keys: dict[str, str]) -> set[str]:
    out = set()
    for w in ws:
        key = keys[w]
        if len(key) < 2 or key.isdigit() or _is_stop(key):
            continue
        out.add(key)
    return out


def make_labels(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    *,
    langs: Sequence[str] | None = None,
    lang: str | None = None,
    n_terms: int = N_TERMS,
) -> list[ClusterLabel]:
    """One label per group of indices into ``texts`` (each group most central first).

    ``langs``: each text's language (guessed when None); ``lang``: the session's language
    (the title and the key terms come from members in it when the group has some)."""
    if langs is None:
        from .embeddings import language_groups

        langs = language_groups(texts) if lang else ["?"] * len(texts)
    split = [words(t) for t in texts]
    keys: dict[str, str] = {}  # each distinct word normalised once (20,000 ideas: a million words)
    for ws in split:
        for w in ws:
            if w not in keys:
                keys[w] = normalize(w)
    term_sets = [_terms(ws, keys) for ws in split]
    surface: dict[str, Counter] = {}
    for ws in split:
        for w in ws:
            surface.setdefault(keys[w], Counter())[w] += 1
    df: Counter[str] = Counter()
    for s in term_sets:
        df.update(s)
    n = max(1, len(texts))
    labels = []
    for members in groups:
        own = [i for i in members if lang and langs[i] == lang]
        pool = own or list(members)
        head = pool[0] if pool else (members[0] if members else 0)
        title = shorten(clean_asides(texts[head])) if members else "(empty)"
        title_keys = {normalize(w) for w in words(title)}
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}  # how central the first member using the term is
        for rank, i in enumerate(pool):
            counts.update(term_sets[i])
            for t in term_sets[i]:
                first.setdefault(t, rank)
        size = max(1, len(pool))
        min_count = 2 if size >= 3 else 1
        scored: list[tuple[float, float, str]] = sorted(
            (round(-(c / size) * math.log((n + 1) / (df[t] + 0.5)), 9), first[t], t)
            for t, c in counts.items()
            if c >= min_count
        )
        if len(scored) < 2:
            # few terms shared by two members (small or multilingual clusters): the rarest terms
            # of the most central members next
            seen = {t for *_, t in scored}
            scored += sorted(
                (first[t], round(-math.log((n + 1) / (df[t] + 0.5)), 9), t) for t in counts if t not in seen
            )
        # the terms more members use first; among those used as often, the ones the title
        # does not already say
        scored.sort(key=lambda row: (-counts[row[-1]], row[-1] in title_keys))
        chosen: list[str] = []
        for *_, t in scored:
            if any(t.startswith(o[:5]) or o.startswith(t[:5]) for o in chosen if min(len(o), len(t)) >= 5):
                continue  # a variant of a term already chosen (budget / budgets)
            chosen.append(t)
            if len(chosen) == n_terms:
                break
        labels.append(ClusterLabel(title=title, terms=tuple(_shown(t, surface) for t in chosen), title_index=head))
    return distinct(labels)


def distinct(labels: Sequence[ClusterLabel]) -> list[ClusterLabel]:
    """The same label twice in one proposal is made distinct: by a number after the title."""
    seen: Counter = Counter()
    total = Counter(lab.text.casefold() for lab in labels)
    out = []
    for lab in labels:
        key = lab.text.casefold()
        if total[key] > 1:
            seen[key] += 1
            lab = ClusterLabel(title=f"{lab.title} ({seen[key]})", terms=lab.terms, title_index=lab.title_index)
        out.append(lab)
    return out


def _shown(term: str, surface: dict[str, Counter]) -> str:
    forms = surface.get(term)
    if not forms:
        return term
    return sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
