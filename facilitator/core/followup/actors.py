"""Leads and partners: a parliament, an organization or a person, as people write them.

A list is written with ``;`` between names (``UNODC; IPU; person: Hon. Aminata Diallo``), so a
name cannot hold a ``;``. A name may say its kind first (``person:``, ``parliament:``,
``organization:``, in English, French or Arabic); otherwise a name on the roster is a person,
a name with a word for a parliament in it (parliament, assembly, senate, parlement, assemblée,
برلمان, مجلس ...) is a parliament, and anything else an organization. The kind matters: an
anonymous report withholds the names of people, never those of parliaments or organizations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import limits
from ..vocab import fold

KINDS = ("parliament", "organization", "person")
SEPARATOR = ";"
MAX_NAME = 200
MAX_PARTNERS = 50

# The words a kind may be given by, before a colon ("person: Hon. X", "personne : ...").
_KIND_WORDS = {
    "parliament": ("parliament", "parlement", "برلمان", "البرلمان"),
    "organization": ("organization", "organisation", "org", "organisme", "منظمة", "مؤسسة"),
    "person": ("person", "personne", "شخص"),
}
_KIND_INDEX = {fold(word): kind for kind, words in _KIND_WORDS.items() for word in words}
_PARLIAMENT_WORDS = re.compile(
    r"\b(parliament|parliaments|parliamentary|assembly|senate|congress|legislature|parlement|parlements|"
    r"parlementaire|assemblee|senat|cip g5)\b|برلمان|البرلمان|مجلس النواب|مجلس الشعب|مجلس الشيوخ|مجلس الأمة|"
    r"الجمعية الوطنية",
)


# The words of a body, not a person (an update's author is a person unless it says otherwise:
# a person's name is withheld from an anonymous report, a body's is not)
_BODY_WORDS = re.compile(
    r"\b(secretariat|secretary general|secretariat general|commission|committee|comite|ministry|ministere|"
    r"ministerio|office|bureau|agency|agence|department|departement|direction|directorate|division|unit|cellule|"
    r"programme|program|fund|fonds|foundation|fondation|network|reseau|association|institute|institut|centre|"
    r"center|council|conseil|authority|autorite|union|organisation|organization|ngo|ong|observatory|"
    r"observatoire|coalition|forum|platform|plateforme|delegation|mission|embassy|ambassade|government|"
    r"gouvernement|court|cour|tribunal|police|gendarmerie|army|armee|forces|university|universite|"
    r"services?)\b"
    r"|أمانة|الأمانة|لجنة|اللجنة|وزارة|الوزارة|مكتب|وكالة|منظمة|مؤسسة|شبكة|جمعية|مركز|هيئة|صندوق|برنامج|اتحاد|"
    r"مفوضية|الأمم المتحدة|حكومة|الحكومة|محكمة|جامعة|قوات|شرطة",
)
# A title before a name: a person, whatever words follow (Hon. X, Chair of the committee)
_PERSON_START = re.compile(
    r"^(hon|honourable|honorable|mr|mrs|ms|mme|mlle|m|dr|prof|professor|sen|senator|h e|he|his excellency|"
    r"her excellency|son excellence|s e|sir|madam|dame|sheikh|cheikh|general|colonel|ambassador|ambassadeur|"
    r"ambassadrice|president|presidente)\b|^(السيد|السيدة|الدكتور|الدكتورة|الأستاذ|الأستاذة|النائب|النائبة|الشيخ|"
    r"معالي|سعادة|فخامة)",
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-./]{1,11}$")  # UNODC, IPU, CEDEAO, G5-Sahel


def looks_like_a_body(name: str, people: Iterable[str] = ()) -> bool:
    """Whether a name is, by its words, a body's (a secretariat, a ministry, UNODC, أمانة لجنة الدفاع)
    rather than a person's: never a name on the roster (``people``), nor one that contains it, nor
    one that starts with a title (``Hon. X, Chair of the defence committee``)."""
    key = fold(name)
    plain = re.sub(r"[^\w\s']+", " ", key).strip()
    if not plain or _PERSON_START.match(plain):
        return False
    for p in people:
        folded = fold(p)
        if folded and (folded == key or f" {folded} " in f" {plain} "):
            return False
    if _ACRONYM.match(" ".join(name.split())):
        return True
    return bool(_BODY_WORDS.search(plain) or _BODY_WORDS.search(" ".join(name.split())))


class ActorError(ValueError):
    """A lead or partner that cannot be taken as written; the message says why."""


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # one of KINDS

    def as_list(self) -> list[str]:
        return [self.name, self.kind]


def kind_word(text: str) -> str | None:
    """The kind a word names (``personne`` -> ``person``), or None."""
    return _KIND_INDEX.get(fold(text))


def guess_kind(name: str, people: Iterable[str] = ()) -> str:
    """A name's kind when it does not say: on the roster, a person; a parliament's words, a
    parliament; else an organization."""
    key = fold(name)
    if any(fold(p) == key for p in people):
        return "person"
    if _PARLIAMENT_WORDS.search(key) or _PARLIAMENT_WORDS.search(name):
        return "parliament"
    return "organization"


def clean_name(name: str) -> str:
    return " ".join(name.split())


def actor(text: str, kind: str | None = None, people: Iterable[str] = ()) -> Actor:
    """One lead or partner from what was written (``person: Hon. X``, or a bare name)."""
    raw = clean_name(text)
    given = None
    if ":" in raw:
        head, rest = raw.split(":", 1)
        given = kind_word(head)
        if given is not None:
            raw = clean_name(rest)
    if kind is not None:
        if kind not in KINDS:
            found = kind_word(kind)
            if found is None:
                raise ActorError(f"unknown kind {limits.shorten(kind, 40)} (kinds: {', '.join(KINDS)})")
            kind = found
        given = kind
    if not raw:
        raise ActorError("a lead or partner needs a name")
    if SEPARATOR in raw:
        raise ActorError(f"a name cannot hold {SEPARATOR!r} (it separates partners): {limits.shorten(raw, 40)}")
    if len(raw) > MAX_NAME:
        raise ActorError(f"a name is at most {MAX_NAME} characters")
    return Actor(raw, given or guess_kind(raw, people))


def actors(text: str | Iterable[str] | None, people: Iterable[str] = ()) -> list[Actor]:
    """Partners from ``A; B; person: C`` (or a list of such names), once each, in order."""
    if text is None:
        return []
    parts = text.split(SEPARATOR) if isinstance(text, str) else [p for item in text for p in item.split(SEPARATOR)]
    people = list(people)
    out: list[Actor] = []
    seen: set[str] = set()
    for part in parts:
        if not part.strip():
            continue
        a = actor(part, people=people)
        if fold(a.name) in seen:
            continue
        seen.add(fold(a.name))
        out.append(a)
    if len(out) > MAX_PARTNERS:
        raise ActorError(f"at most {MAX_PARTNERS} partners")
    return out


def written(items: Iterable[Actor], *, with_kind: bool = False) -> str:
    """Partners as they are written in a file: ``A; B; person: C`` (``with_kind``: every kind
    said; else only a person's, which is not guessed from the name)."""
    out = []
    for a in items:
        if with_kind or a.kind == "person":
            out.append(f"{a.kind}: {a.name}")
        else:
            out.append(a.name)
    return f"{SEPARATOR} ".join(out)


__all__ = ["KINDS", "Actor", "ActorError", "actor", "actors", "guess_kind", "kind_word", "looks_like_a_body", "written"]
