"""Language-neutral text normalisation and word tokens (for labels).

Normalisation (used by every method): Unicode NFKD, combining marks dropped (French accents,
Arabic short vowels and the hamza carriers, so أ/إ/آ become ا), tatweel removed, case folded,
white space collapsed. Tokens are runs of letters or digits of any script.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TATWEEL = "\u0640"


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != _TATWEEL)
    # Arabic: alef maqsura and ya, ta marbuta and ha are often typed interchangeably.
    kept = kept.replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    return _SPACE.sub(" ", kept.casefold()).strip()


def words(text: str) -> list[str]:
    """Surface words of ``text`` (case folded, accents kept) in order."""
    return _WORD.findall(text.casefold())


# Small built-in stop-word lists, written in plain form and normalised at import.
_EN = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just let me
more most must my myself no nor not now of off on once only or other our ours ourselves out over own
same shall she should so some such than that the their theirs them themselves then there these they
this those through to too under until up upon very was we well were what when where which while who
whom why will with would you your yours yourself yourselves need needs needed make made many much
one two three us also get got may might like way ways think say said says etc via within without
across among per even every still yet already often new use used using didn don doesn isn
aren wasn weren won wouldn couldn shouldn ll ve re
cannot actually really just already able around back far good great best better important
real rather quite since though whether different same full fully lot lots put take taken took
come came go going goes gone know known see seen seem seems want wants give given gives keep
kept let lets tell told thing things something anything nothing everyone everything someone
people time times year years day days part case point fact means mean kind sort still less
least last next first second third another others instead almost always never ever enough
given toward towards upon onto whose whom also thank thanks agree speaker
"""
_FR = """
a afin ai aie aient ainsi alors au aucun aucune aujourd aupres auquel aura aurait aussi autre
autres aux avait avant avec avoir c ca car ce ceci cela celle celles celui ces cet cette ceux chaque
chez ci comme comment d dans de des deux doit doivent donc dont du elle elles en encore entre est et
etaient etait ete etre eu eux fait faire faut il ils j je jusqu l la le les leur leurs lors lui m
mais me meme mes moi moins mon n ne ni nos notre nous on ont ou par parce pas pendant peu peut
peuvent plus pour pourquoi qu quand que quel quelle quelles quels qui sa sans se selon ser sera
serait ses si sien son sont sous sur t ta tant te tes toi ton tous tout toute toutes tres trop tu un
une vers via vos votre vous y il faut aussi bien fois ici la tout
ainsi alors apres avant beaucoup cependant certains certaines chose choses deja depuis dire dit
encore enfin ensuite est-ce etc faut fois grand grande jamais jour jours leur lorsque meme
merci moment nombre parfois part partout peu plupart plusieurs pourtant presque quelque quelques
rien souvent surtout toujours trop vraiment voila veut veulent vont
"""
_AR = """
في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين اللتين هو هي هم هن نحن أنا انا
انت أنت أنتم كان كانت يكون تكون كل بعض غير أو او و ثم لا لم لن ما ماذا لماذا كيف أن ان إن قد
كما عند عندما بين حتى أي اي إذا اذا هناك هنا أيضا ايضا فقط ليس لكن بل منذ خلال حول ضد لدى لها
له لهم به بها فيها فيه منها منه عليها عليه يجب ينبغي يمكن كانوا تم وقد ولا وفي ومن وعلى الى
فيما وهو وهي ولكن لقد قال وقال أنه انه أنها انها إنه التى
الذى اللذان اللتان هؤلاء أولئك اولئك ذلكم بعد قبل أمام خلف تحت فوق دون عبر لدي لديهم لديها
كذلك أيضاً جدا جداً كثير كثيرا قليل أكثر اكثر أقل اقل مثل نحو إذ اذ إلا الا سوى حين بينما
شكرا شكراً السيدة السيد الرئيسة الرئيس
"""

STOP_WORDS: frozenset[str] = frozenset(normalize(w) for w in (_EN + _FR + _AR).split())
