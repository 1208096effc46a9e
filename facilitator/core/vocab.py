"""The words a file may use for a stakeholder group, a gender and the youth flag.

Files written by people (a roster from a registration list, contributions typed in a
spreadsheet) say the same thing many ways: ``MP``, ``Parliamentarians``, ``parlementaire``.
Each known spelling (case, accents and spacing ignored) maps to one name; anything else is
refused with the line, so that ``12345`` never becomes a gender and ``Civil sociey`` never
becomes a stakeholder group of its own. A new group can still be accepted on purpose
(``--new-groups``), and every group already on the roster is known.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

# The groups offered when a new speaker's group is asked (capture) and known to every file.
GROUPS: dict[str, tuple[str, ...]] = {
    "Parliament": ("parliament", "parliaments", "parliamentarian", "parliamentarians", "mp", "mps",
                   "member of parliament", "members of parliament", "legislature", "parlement", "parlements",
                   "parlementaire", "parlementaires", "depute", "deputes", "البرلمان", "برلمان", "برلماني", "برلمانيون"),
    "Government": ("government", "governments", "minister", "ministry", "executive", "gouvernement",
                   "ministre", "ministere", "الحكومة", "حكومة", "وزارة"),
    "UN / international organization": ("un", "united nations", "un agency", "international organization",
                                        "international organisation", "io", "igo", "un / international organization",
                                        "onu", "nations unies", "organisation internationale", "oi",
                                        "الأمم المتحدة", "منظمة دولية"),
    "Civil society": ("civil society", "cso", "csos", "ngo", "ngos", "societe civile", "ong",
                      "المجتمع المدني", "منظمات المجتمع المدني"),
    "Security sector": ("security", "security sector", "security expert", "military", "armed forces", "police",
                        "secteur de la securite", "securite", "forces armees", "القطاع الأمني", "الأمن"),
    "Academia / expert": ("academia", "academic", "expert", "experts", "researcher", "research", "university",
                          "think tank", "academia / expert", "universitaire", "chercheur", "chercheuse",
                          "الأوساط الأكاديمية", "خبير", "خبراء"),
    "Youth": ("youth", "young people", "youth organization", "youth organisation", "jeunesse", "jeunes",
              "الشباب", "شباب"),
    "Media": ("media", "press", "journalist", "journalists", "medias", "presse", "journaliste", "الإعلام", "إعلام"),
    "Private sector": ("private sector", "business", "industry", "secteur prive", "entreprise",
                       "القطاع الخاص"),
}

GENDERS: dict[str, tuple[str, ...]] = {
    "woman": ("woman", "women", "female", "f", "w", "femme", "feminin", "امرأة", "أنثى", "انثى"),
    "man": ("man", "men", "male", "m", "h", "homme", "masculin", "رجل", "ذكر"),
    "non-binary": ("non-binary", "nonbinary", "non binary", "nb", "non-binaire", "non binaire"),
    "other": ("other", "autre", "آخر"),
    "prefer not to say": ("prefer not to say", "undisclosed", "not disclosed", "ne souhaite pas repondre",
                          "ne se prononce pas"),
}

YES = ("yes", "y", "true", "1", "oui", "o", "x", "نعم")
NO = ("no", "n", "false", "0", "non", "لا", "")


def fold(text: str | None) -> str:
    """Case, accents and runs of space ignored (``Société  Civile`` -> ``societe civile``)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("_", " ").split())


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index = {}
    for name, words in table.items():
        index[fold(name)] = name
        for w in words:
            index[fold(w)] = name
    return index


_GROUP_INDEX = _index(GROUPS)
_GENDER_INDEX = _index(GENDERS)


class UnknownValue(ValueError):
    """A value not in the vocabulary; its message lists what is accepted."""


def _suggest(value: str, names: Iterable[str]) -> str:
    names = list(names)
    close = difflib.get_close_matches(fold(value), [fold(n) for n in names], n=1, cutoff=0.75)
    if close:
        hit = next(n for n in names if fold(n) == close[0])
        return f" (did you mean {hit!r}?)"
    return ""


def gender(value: str | None) -> str | None:
    """The gender a file's cell means, or ``None`` for an empty cell; :class:`UnknownValue`
    for anything else."""
    if value is None or not value.strip():
        return None
    found = _GENDER_INDEX.get(fold(value))
    if found is None:
        raise UnknownValue(f"unknown gender {value.strip()!r}{_suggest(value, GENDERS)}; "
                           f"use one of: {', '.join(GENDERS)} (or leave it empty)")
    return found


def youth(value: str | None) -> bool:
    text = fold(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise UnknownValue(f"youth must be yes or no, not {(value or '').strip()!r}")


def group(value: str | None, known: Iterable[str] = (), *, allow_new: bool = False) -> str | None:
    """The stakeholder group a cell means: a group already on the roster (``known``), one of
    :data:`GROUPS` or a word for it; a new one only with ``allow_new``."""
    if value is None or not value.strip():
        return None
    key = fold(value)
    known = [k for k in known if k]
    for k in known:
        if fold(k) == key:
            return k
    found = _GROUP_INDEX.get(key)
    if found is not None:
        for k in known:  # the roster's spelling of that group, if it has one
            if fold(k) == fold(found):
                return k
        return found
    if allow_new:
        return " ".join(value.split())
    names = list(dict.fromkeys([*known, *GROUPS]))
    raise UnknownValue(
        f"unknown stakeholder group {value.strip()!r}{_suggest(value, names)}; known: {', '.join(names)} "
        "(give --new-groups to accept new groups)"
    )


__all__ = ["GENDERS", "GROUPS", "UnknownValue", "fold", "gender", "group", "youth"]
