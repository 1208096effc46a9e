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

# Each known group as a report in English, French or Arabic names it: a French room's
# "Société civile" and an English room's "Civil society" are one group of a merged report.
GROUP_LABELS: dict[str, tuple[str, str, str]] = {
    "Parliament": ("Parliament", "Parlement", "البرلمان"),
    "Government": ("Government", "Gouvernement", "الحكومة"),
    "UN / international organization": ("UN / international organization", "ONU / organisation internationale",
                                        "الأمم المتحدة / منظمة دولية"),
    "Civil society": ("Civil society", "Société civile", "المجتمع المدني"),
    "Security sector": ("Security sector", "Secteur de la sécurité", "القطاع الأمني"),
    "Academia / expert": ("Academia / expert", "Universitaires / experts", "الأوساط الأكاديمية / خبراء"),
    "Youth": ("Youth", "Jeunesse", "الشباب"),
    "Media": ("Media", "Médias", "الإعلام"),
    "Private sector": ("Private sector", "Secteur privé", "القطاع الخاص"),
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


_GROUP_INDEX = _index({k: (*words, *GROUP_LABELS.get(k, ())) for k, words in GROUPS.items()})
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


def known_group(value: str | None, known: Iterable[str] = ()) -> str | None:
    """The group ``value`` names, as the roster (``known``) or :data:`GROUPS` spell it; None
    when it names none of them (a new group)."""
    try:
        found = group(value, known)
    except UnknownValue:
        return None
    return found


def is_group_label(value: str | None) -> bool:
    """``value`` is a known group's own name in English, French or Arabic (``Parlement``,
    ``المجتمع المدني``), as a room's roster in that language writes it: not an abbreviation or
    a word for it (``MPs``, ``ONG``)."""
    key = fold(value)
    return bool(key) and any(key == fold(label) for labels in GROUP_LABELS.values() for label in labels)


def group_label(value: str | None, lang: str = "en") -> str | None:
    """A stakeholder group as a report in ``lang`` names it: a known group (in any of its
    spellings, in any language) by its label in that language, any other as written."""
    if value is None:
        return None
    text = " ".join(value.split())
    found = _GROUP_INDEX.get(fold(text))
    if found is None or found not in GROUP_LABELS:
        return text or None
    return GROUP_LABELS[found][("en", "fr", "ar").index(lang) if lang in ("en", "fr", "ar") else 0]


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


# --- labels that read like speech ---------------------------------------------------------------

# Abbreviations a name or a title may hold before a space ("Prof. Amadou", "H.E. Mr. Diallo"):
# not the end of a sentence.
_ABBREVIATIONS = frozenset("""prof hon dr mr mrs ms mme mlle mm m sen rep gen col maj capt cpt lt amb he h.e st
    jr sr esq rev fr pr me ing eng dipl no nr vol dept univ assoc inc ltd co corp int intl org dir sec adm""".split())

# Words of running speech that no name holds two of ("the budget lines are", "nous devons").
_SPEECH_WORDS = frozenset("""the is are was were must should we they our this that have has will would can not and but
    it every mais et
    est sont doit doivent nous il elle les des une pour que qui dans sur avec يجب نحن هذا التي الذي""".split())

# (most words, most characters) a label of each kind may have before it reads like a sentence
_LIMITS = {"name": (12, 100), "group": (6, 50), "title": (16, 140), "organization": (16, 140)}


def label_problem(kind: str, value: str | None) -> str | None:
    """Why a name, title, organization or stakeholder group (``kind``) reads like something
    said rather than a label (None: it does not). Typed speech that lands in the wrong box
    (the speaker picker, the group asked for a new participant) is told from a label by its
    length and its sentences: a label has no full stop after a word, no question or
    exclamation mark, and is short."""
    text = " ".join((value or "").split())
    if not text:
        return None
    most_words, most_chars = _LIMITS.get(kind, _LIMITS["title"])
    words = text.split(" ")
    if len(words) > most_words:
        return f"{len(words)} words (a {kind} has at most {most_words})"
    if len(words) > 1 and len(text) > most_chars:  # (one long word is no sentence: core/limits.py bounds it)
        return f"{len(text)} characters (a {kind} has at most {most_chars})"
    if any(mark in text for mark in "?!¿¡؟"):
        return "it asks or exclaims, as a sentence does"
    if kind not in ("name", "group"):
        return None  # titles and organizations: long ones, with full stops, are real
    for word in words[:-1]:
        bare = word.rstrip(".").casefold()
        if word.endswith((".", "…", "。")) and len(bare.replace(".", "")) > 1 and bare not in _ABBREVIATIONS:
            return "a sentence ends inside it"
    if len(words) >= 2 and words[-1].endswith((".", "…")) and words[-1].rstrip(".…").casefold() not in _ABBREVIATIONS:
        return "it ends as a sentence does"
    if kind == "name" and sum(w.casefold().strip(",;:") in _SPEECH_WORDS for w in words) >= 2:
        return "it has the words of a sentence"
    return None


def check_label(kind: str, value: str | None) -> None:
    """Raise :class:`~.errors.LooksLikeSpeech` when ``value`` reads like a sentence."""
    from .errors import LooksLikeSpeech

    why = label_problem(kind, value)
    if why:
        raise LooksLikeSpeech(kind, " ".join((value or "").split()), why)



# --- areas, lenses and addressees: words of the report, in English, French and Arabic ----------


class Terms:
    """A small vocabulary of things a report names in its own language: each known term has a
    key (what is stored), a label per language and the other words people write for it (any
    language, case, accents, short vowels and the forms of alef ignored). Anything else is kept
    as typed, and shown as typed."""

    def __init__(self, table: dict[str, dict[str, object]]):
        self.table = table
        self.index: dict[str, str] = {}
        for key, entry in table.items():
            for word in (key, *(v for k, v in entry.items() if k != "words"), *entry.get("words", ())):  # type: ignore[misc]
                self.index.setdefault(fold_term(str(word)), key)

    def key(self, text: str | None) -> str | None:
        """The key ``text`` names, or None when it is not a known term."""
        return self.index.get(fold_term(text)) if text else None

    def canonical(self, text: str | None) -> str | None:
        """What is stored for ``text``: its key when known, else the text on one line."""
        clean = " ".join((text or "").split())
        if not clean:
            return None
        return self.key(clean) or clean

    def label(self, value: str | None, lang: str = "en") -> str:
        """``value`` (a key or free text) in ``lang`` (free text as it is)."""
        if not value:
            return ""
        key = self.key(value)
        if key is None:
            return value
        entry = self.table[key]
        return str(entry.get(lang) or entry["en"])

    def labels(self, lang: str = "en") -> list[str]:
        return [self.label(k, lang) for k in self.table]


def fold_term(text: str | None) -> str:
    """:func:`fold`, with Arabic hamza forms, ta marbuta and alef maqsura folded too, and an
    English or French article at the start dropped (``the state``, ``l'État``)."""
    text = fold(text)
    text = text.translate(_ARABIC_FOLD)
    text = " ".join(w for w in text.replace("'", " ").replace("’", " ").split())
    for article in ("the ", "les ", "le ", "la ", "l "):
        if text.startswith(article):
            text = text[len(article):]
            break
    return text


_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})

# The five areas of the Call of the Sahel (and room for others, kept as typed).
AREAS = Terms({
    "environment": {"en": "Environment", "fr": "Environnement", "ar": "البيئة", "words": ("environmental",)},
    "community": {"en": "Community", "fr": "Communauté", "ar": "المجتمع", "words": ("communities", "communautés")},
    "security": {"en": "Security", "fr": "Sécurité", "ar": "الأمن", "words": ("securite",)},
    "education": {"en": "Education", "fr": "Éducation", "ar": "التعليم"},
    "development": {"en": "Development", "fr": "Développement", "ar": "التنمية"},
})

# "Each area will be considered through the lens of human, state and regional concerns."
LENSES = Terms({
    "human": {"en": "human", "fr": "humaine", "ar": "الإنسانية",
              "words": ("human concerns", "human security", "humain", "humaines", "préoccupations humaines",
                        "الإنساني", "إنسانية", "البشرية", "الأمن البشري", "الاهتمامات الإنسانية")},
    "state": {"en": "state", "fr": "étatique", "ar": "الحكومية",
              "words": ("state concerns", "statehood", "état", "etatique", "étatiques", "préoccupations étatiques",
                        "الدولة", "حكومية", "الحكومي", "الاهتمامات الحكومية")},
    "regional": {"en": "regional", "fr": "régionale", "ar": "الإقليمية",
                 "words": ("regional concerns", "region", "régional", "régionales", "préoccupations régionales",
                           "إقليمية", "الإقليمي", "الاهتمامات الإقليمية")},
})

# Whom recommendations are addressed to: the same addressee in any of the three languages is one.
ADDRESSEES = Terms({
    "national parliaments": {"en": "National parliaments", "fr": "Parlements nationaux", "ar": "البرلمانات الوطنية",
                             "words": ("parliaments", "parliament", "national parliament", "parlements", "parlement",
                                       "les parlements nationaux", "البرلمانات", "البرلمان", "البرلمان الوطني")},
    "parliaments of the sahel": {"en": "National parliaments of the Sahel", "fr": "Parlements nationaux du Sahel",
                                 "ar": "البرلمانات الوطنية في منطقة الساحل",
                                 "words": ("parliaments of the sahel", "sahel parliaments", "parlements du sahel",
                                           "برلمانات الساحل", "برلمانات منطقة الساحل",
                                           "البرلمانات الوطنية لمنطقة الساحل")},
    "governments": {"en": "Governments", "fr": "Gouvernements", "ar": "الحكومات",
                    "words": ("government", "national governments", "gouvernement", "les gouvernements", "الحكومة")},
    "international community": {"en": "The international community", "fr": "La communauté internationale",
                                "ar": "المجتمع الدولي", "words": ("communaute internationale",)},
    "un agencies": {"en": "UN agencies", "fr": "Agences des Nations Unies", "ar": "وكالات الأمم المتحدة",
                    "words": ("united nations", "the united nations", "un", "united nations agencies", "onu",
                              "nations unies", "agences de l'onu", "الأمم المتحدة")},
    "regional organizations": {"en": "Regional organizations", "fr": "Organisations régionales",
                               "ar": "المنظمات الإقليمية",
                               "words": ("regional organisations", "regional bodies", "organisations regionales")},
    "civil society": {"en": "Civil society", "fr": "Société civile", "ar": "المجتمع المدني",
                      "words": ("civil society organizations", "csos", "ngos", "ong", "منظمات المجتمع المدني")},
    "security sector": {"en": "Security sector", "fr": "Secteur de la sécurité", "ar": "القطاع الأمني",
                        "words": ("security forces", "forces de sécurité", "الأجهزة الأمنية")},
    "defence ministries": {"en": "Defence ministries", "fr": "Ministères de la défense", "ar": "وزارات الدفاع",
                           "words": ("defense ministries", "ministries of defence", "ministry of defence")},
    "donors": {"en": "Donors", "fr": "Bailleurs de fonds", "ar": "المانحون",
               "words": ("donor countries", "bailleurs", "les donateurs", "الجهات المانحة")},
})


def lens_list(values) -> list[str]:
    """Lenses as stored: each known one by its key, others as typed; once each, in order."""
    out: list[str] = []
    for value in values or ():
        for part in str(value).replace("،", ",").replace(";", ",").split(","):
            item = LENSES.canonical(part)
            if item and item not in out:
                out.append(item)
    return out


__all__ = ["ADDRESSEES", "AREAS", "GENDERS", "GROUP_LABELS", "GROUPS", "LENSES", "Terms", "UnknownValue", "check_label",
           "fold", "fold_term", "gender", "group", "group_label", "is_group_label", "known_group", "label_problem", "lens_list", "youth"]
