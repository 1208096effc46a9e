"""The fixed words of a summary, in the report's language: English, French and Arabic.

Every heading, label and note a document writes comes from :data:`WORDS` through :func:`w`
(and numbers of things through :func:`count`), so an Arabic report is Arabic from its first
heading to its last label. Reading a file back (:mod:`.parse`) accepts the words of every
language (:func:`any_of`): a report written in French can be edited and merged with one written
in Arabic.

References (``Q3-012``, ``R-004``, ``C-002``) are identifiers, the same in every language (as
UN document symbols are in Arabic documents); in a right-to-left document they are isolated
(:func:`isolate`) so that a room's Arabic name beside a Latin reference reads in order.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "fr", "ar")

# key -> (English, French, Arabic)
WORDS: dict[str, tuple[str, str, str]] = {
    # the document's parts
    "recommendations": ("Recommendations", "Recommandations", "التوصيات"),
    "no_recommendations": ("No recommendations yet.", "Aucune recommandation pour l'instant.", "لا توجد توصيات بعد."),
    "overview": ("Overview", "Vue d'ensemble", "نظرة عامة"),
    "evidence": ("Evidence by guiding question", "Éléments par question directrice", "الأدلة حسب السؤال التوجيهي"),
    "across": ("Themes across questions", "Thèmes communs aux questions", "مواضيع مشتركة بين الأسئلة"),
    "unassigned": ("Not assigned to a guiding question", "Sans question directrice", "غير مرتبطة بسؤال توجيهي"),
    "theme": ("Theme", "Thème", "موضوع"),
    "set_aside": ("Set aside", "Hors sujet", "خارج النقاش"),
    "no_label": ("(no label)", "(sans titre)", "(بلا عنوان)"),
    "automatic_label": ("automatic label, not renamed", "titre automatique, non renommé", "عنوان تلقائي لم يُعدَّل"),
    "not_in_theme": ("Not in a theme", "Hors thème", "خارج المواضيع"),
    "contributions_heading": ("Contributions", "Contributions", "المساهمات"),
    "no_contributions": ("No contributions.", "Aucune contribution.", "لا توجد مساهمات."),
    "across_note": ("Its contributions are under Themes across questions.",
                    "Ses contributions sont sous Thèmes communs aux questions.",
                    "مساهماته تحت مواضيع مشتركة بين الأسئلة."),
    "none": ("None.", "Aucune.", "لا شيء."),
    "similar": ("Similar, consider merging", "Semblables, à fusionner peut-être", "متشابهة، يُنظر في دمجها"),
    "similar_note": ("Themes of different sessions that say much the same (by meaning, in any language). "
                     "Nothing was merged.",
                     "Thèmes de séances différentes qui disent à peu près la même chose (par le sens, en toute langue). "
                     "Rien n'a été fusionné.",
                     "مواضيع من جلسات مختلفة تقول الشيء نفسه تقريبًا (بالمعنى، بأي لغة). لم يُدمج شيء."),
    "themes_pair": ("Themes {a} and {b}", "Thèmes {a} et {b}", "الموضوعان {a} و{b}"),
    "similar_score": ("similar ({score}), consider merging", "semblables ({score}), à fusionner peut-être",
                      "متشابهان ({score})، يُنظر في دمجهما"),
    "sources": ("Sources", "Sources", "المصادر"),
    "participants": ("Participants", "Participants", "المشاركون"),
    "none_recorded": ("None recorded.", "Aucun enregistré.", "لم يُسجَّل أحد."),
    "no_details": ("no details recorded", "aucun détail enregistré", "لا تفاصيل مسجلة"),
    # in place of a name an anonymous document withholds (read back in any of the three)
    "name_withheld": ("[name withheld]", "[nom masqué]", "[الاسم محجوب]"),
    "names_withheld": ("Names are withheld under the Chatham House Rule; see the overview for the stakeholder groups.",
                       "Les noms sont tus selon la règle de Chatham House ; voir la vue d'ensemble pour les groupes.",
                       "الأسماء محجوبة وفق قاعدة تشاتام هاوس؛ انظر النظرة العامة للاطلاع على الفئات."),
    "anonymous_note": ("Anonymous summary (Chatham House Rule): no speaker is named; contributions are attributed "
                       "by stakeholder group only.",
                       "Résumé anonyme (règle de Chatham House) : aucun intervenant n'est nommé ; les contributions "
                       "sont attribuées par groupe de parties prenantes seulement.",
                       "ملخص مجهول الهوية (قاعدة تشاتام هاوس): لا يُذكر اسم أي متحدث؛ تُنسب المساهمات إلى فئات "
                       "أصحاب المصلحة فقط."),
    "consolidated_report": ("Consolidated report", "Rapport consolidé", "التقرير الموحد"),
    "consolidated_report_of": ("Consolidated report: {series}", "Rapport consolidé : {series}", "التقرير الموحد: {series}"),
    # metadata
    "series": ("Series", "Série", "السلسلة"),
    "area": ("Area", "Domaine", "المجال"),
    "lenses": ("Lenses", "Optiques", "المنظورات"),
    "purpose": ("Purpose", "Objet", "الهدف"),
    "event": ("Event", "Événement", "الحدث"),
    "date": ("Date", "Date", "التاريخ"),
    "time": ("Time", "Heure", "الوقت"),
    "start": ("Start", "Début", "البداية"),
    "end": ("End", "Fin", "النهاية"),
    "venue": ("Venue", "Lieu", "المكان"),
    "room": ("Room", "Salle", "القاعة"),
    "languages": ("Languages", "Langues", "اللغات"),
    "rapporteur": ("Rapporteur", "Rapporteur", "المقرر"),
    "files": ("Files", "Fichiers", "الملفات"),
    "last_change": ("Last change", "Dernière modification", "آخر تغيير"),
    "sessions": ("Sessions", "Séances", "الجلسات"),
    "rooms": ("Rooms", "Salles", "القاعات"),
    "meetings": ("Meetings", "Réunions", "الاجتماعات"),
    # a recommendation
    "draft": ("draft", "projet", "مسودة"),
    "reviewed": ("reviewed", "relue", "تمت مراجعتها"),
    "agreed": ("agreed", "adoptée", "متفق عليها"),
    "dropped": ("dropped", "écartée", "مستبعدة"),
    "rank": ("rank {n}", "rang {n}", "الترتيب {n}"),
    "to": ("to {who}", "destinataire : {who}", "إلى {who}"),
    "lens": ("lens: {lenses}", "optique : {lenses}", "المنظور: {lenses}"),
    "answers": ("answers {questions}", "répond à {questions}", "تجيب عن {questions}"),
    "whole_session": ("whole session", "toute la séance", "الجلسة كلها"),
    "support": ("support: {what}", "appui : {what}", "الدعم: {what}"),
    "evidence_refs": ("evidence: {refs}", "éléments : {refs}", "الأدلة: {refs}"),
    "no_support": ("no supporting contribution", "aucune contribution à l'appui", "لا توجد مساهمة داعمة"),
    "missing": ("missing from the files: {refs}", "absentes des fichiers : {refs}", "غير موجودة في الملفات: {refs}"),
    "conflict": ("⚠ conflict: version {i} of {n}", "⚠ conflit : version {i} sur {n}", "⚠ تعارض: النسخة {i} من {n}"),
    "conflict_from": ("from {file}", "de {file}", "من {file}"),
    "lens_line": ("Lens: {lenses}", "Optique : {lenses}", "المنظور: {lenses}"),
    "lens_heading": ("Lens: {lens}", "Optique : {lens}", "المنظور: {lens}"),
    "no_lens": ("No lens given", "Sans optique", "بلا منظور"),
    "no_area": ("Area not given", "Domaine non indiqué", "المجال غير محدد"),
    "total": ("Total", "Total", "المجموع"),
    "all_areas": ("All areas", "Tous domaines", "كل المجالات"),
    "counts_note": ("A recommendation with more than one lens is counted under each; it is listed once, under "
                    "its first.",
                    "Une recommandation à plusieurs optiques est comptée sous chacune ; elle figure une fois, "
                    "sous la première.",
                    "تُحسب التوصية ذات المنظورات المتعددة تحت كل منها، وتُدرج مرة واحدة تحت أولها."),
    "set_ref": ("Set {n}", "Ensemble {n}", "المجموعة {n}"),
    "proposed": ("proposed", "proposé", "مقترحة"),
    "consolidated": ("consolidated", "consolidé", "موحدة"),
    "separate": ("separate", "séparées", "منفصلة"),
    "set_note": ("{recs} of {sessions} that say the same", "{recs} de {sessions} qui disent la même chose",
                 "{recs} من {sessions} تقول الشيء نفسه"),
    "set_how": ("write the text to keep in place of this one, or change “proposed” to “consolidated” to keep it, "
                "or to “separate”",
                "écrire le texte à garder à la place de celui-ci, ou remplacer « proposé » par « consolidé » pour le "
                "garder, ou par « séparées »",
                "اكتب النص المراد الاحتفاظ به مكان هذا النص، أو استبدل «مقترحة» بـ«موحدة» للاحتفاظ به، أو بـ«منفصلة»"),
    "sources_of_set": ("sources: {refs}", "sources : {refs}", "المصادر: {refs}"),
    "also_written": ("also written {names}", "aussi écrit {names}", "يُكتب أيضًا {names}"),
    "unassigned_short": ("unassigned", "sans question", "بلا سؤال"),
    "annex_support": ("Annex 1: Support for each recommendation", "Annexe 1 : Appui de chaque recommandation",
                      "الملحق 1: الدعم لكل توصية"),
    "annex_evidence": ("Annex 2: Evidence by guiding question", "Annexe 2 : Éléments par question directrice",
                       "الملحق 2: الأدلة حسب السؤال التوجيهي"),
    "to_heading": ("To {who}", "Destinataire : {who}", "إلى {who}"),
    "no_addressee": ("Addressee not given", "Destinataire non indiqué", "الجهة المعنية غير محددة"),
    "question_heading": ("Question {n}: {text}", "Question {n} : {text}", "السؤال {n}: {text}"),
    "the_whole_session": ("The whole session", "Toute la séance", "الجلسة كلها"),
    # contributions
    "the_floor": ("the floor", "la salle", "من القاعة"),
    "a_participant": ("a participant", "un participant", "مشارك"),
    "proposed_rec": ("proposed as a recommendation", "proposée comme recommandation", "مقترحة كتوصية"),
    # overview
    "guiding_questions": ("Guiding questions: {n}", "Questions directrices : {n}", "الأسئلة التوجيهية: {n}"),
    "contributions_line": ("Contributions: {n}", "Contributions : {n}", "المساهمات: {n}"),
    "from_speakers": (", from {speakers}", ", de {speakers}", "، من {speakers}"),
    "from_floor": (" ({n} from the floor)", " ({n} de la salle)", " ({n} من القاعة)"),
    "recommendations_line": ("Recommendations: {n}", "Recommandations : {n}", "التوصيات: {n}"),
    "session_line": ("Session: {start}–{end} ({span})", "Séance : {start}–{end} ({span})", "الجلسة: {start}–{end} ({span})"),
    "most_time": ("Questions with the most speaking time:", "Questions au plus long temps de parole :",
                  "الأسئلة التي نالت أطول وقت للكلام:"),
    "most_contributions": ("Questions with the most contributions:", "Questions aux plus nombreuses contributions :",
                           "الأسئلة التي نالت أكثر المساهمات:"),
    "speaking": ("{time} speaking", "{time} de parole", "{time} من الكلام"),
    "by_group_anonymous": ("Contributions by stakeholder group:", "Contributions par groupe de parties prenantes :",
                           "المساهمات حسب فئة أصحاب المصلحة:"),
    "by_group": ("Speakers by stakeholder group:", "Intervenants par groupe de parties prenantes :",
                 "المتحدثون حسب فئة أصحاب المصلحة:"),
    "by_gender": ("By gender:", "Par genre :", "حسب الجنس:"),
    "youth_heading": ("Youth:", "Jeunes :", "الشباب:"),
    "youth": ("youth", "jeune", "شباب"),
    "not_youth": ("not youth", "non jeune", "غير الشباب"),
    "no_group": ("no group", "sans groupe", "بلا فئة"),
    "not_recorded": ("not recorded", "non enregistré", "غير مسجل"),
    "woman": ("woman", "femme", "امرأة"),
    "man": ("man", "homme", "رجل"),
    "non-binary": ("non-binary", "non-binaire", "غير ثنائي"),
    "other": ("other", "autre", "آخر"),
    "prefer not to say": ("prefer not to say", "ne se prononce pas", "يفضل عدم الإفصاح"),
    "hours_minutes": ("{h} h {m:02d} min", "{h} h {m:02d} min", "{h} س {m:02d} د"),
    "minutes": ("{m} min", "{m} min", "{m} د"),
    "seconds": ("{s} s", "{s} s", "{s} ث"),
    "hours": ("{h} h", "{h} h", "{h} س"),
    "preview_cut": ("Preview: the first {cut} of {total} lines. The file holds everything.",
                    "Aperçu : les {cut} premières lignes sur {total}. Le fichier contient tout.",
                    "معاينة: أول {cut} سطرًا من {total}. الملف يحتوي على كل شيء."),
}

# Numbers of things: English and French (one, many); Arabic (one, two, 3-10, 11 and more).
COUNTED: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str, str, str]]] = {
    "contribution": (("contribution", "contributions"), ("contribution", "contributions"),
                     ("مساهمة واحدة", "مساهمتان", "{n} مساهمات", "{n} مساهمة")),
    "speaker": (("speaker", "speakers"), ("intervenant", "intervenants"),
                ("متحدث واحد", "متحدثان", "{n} متحدثين", "{n} متحدثًا")),
    "stakeholder_group": (("stakeholder group", "stakeholder groups"), ("groupe", "groupes"),
                          ("فئة واحدة", "فئتان", "{n} فئات", "{n} فئة")),
    "recommendation": (("recommendation", "recommendations"), ("recommandation", "recommandations"),
                       ("توصية واحدة", "توصيتان", "{n} توصيات", "{n} توصية")),
    "session": (("session", "sessions"), ("séance", "séances"), ("جلسة واحدة", "جلستان", "{n} جلسات", "{n} جلسة")),
    "person": (("person", "people"), ("personne", "personnes"), ("شخص واحد", "شخصان", "{n} أشخاص", "{n} شخصًا")),
}


def lang_of(lang: str | None) -> str:
    """One of :data:`LANGUAGES` (``fr-CA`` is ``fr``; a language without words here is English)."""
    code = (lang or "en").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def w(key: str, lang: str = "en", **values: object) -> str:
    """The words ``key`` in ``lang``, with ``values`` put in."""
    text = WORDS[key][LANGUAGES.index(lang_of(lang))]
    return text.format(**values) if values else text


def count(n: int, noun: str, lang: str = "en") -> str:
    """``3 contributions``, ``3 contributions``, ``3 مساهمات`` (Arabic: one, two, few, many)."""
    forms = COUNTED[noun][LANGUAGES.index(lang_of(lang))]
    if len(forms) == 2:
        one, many = forms
        singular = n == 1 or (lang_of(lang) == "fr" and n == 0)
        return f"{n} {one if singular else many}"
    one, two, few, many = forms
    if n == 1:
        return one
    if n == 2:
        return two
    return (few if 3 <= n % 100 <= 10 else many).format(n=n)


def duration(seconds: float, lang: str = "en") -> str:
    """``40 s``, ``12 min``, ``1 h 05 min`` in ``lang`` (rounded down)."""
    seconds = int(max(0.0, seconds))
    if seconds < 60:
        return w("seconds", lang, s=seconds)
    h, rest = divmod(seconds, 3600)
    return w("hours_minutes", lang, h=h, m=rest // 60) if h else w("minutes", lang, m=rest // 60)


def span(minutes: int, lang: str = "en") -> str:
    """A scheduled length: ``3 h``, ``2 h 30 min``, ``45 min``."""
    h, m = divmod(max(0, minutes), 60)
    if h and m:
        return w("hours_minutes", lang, h=h, m=m)
    return w("hours", lang, h=h) if h else w("minutes", lang, m=m)


def any_of(key: str) -> tuple[str, ...]:
    """The words ``key`` in every language (for reading a file back)."""
    return tuple(dict.fromkeys(WORDS[key]))


def key_of(text: str, keys) -> str | None:
    """Which of ``keys`` ``text`` is, in any language (case ignored)."""
    low = text.strip().casefold()
    for key in keys:
        if low in (x.casefold() for x in WORDS[key]):
            return key
    return None


def colon(lang: str = "en") -> str:
    """After a label: ``: `` (French `` : ``, a narrow space before the colon)."""
    return " : " if lang_of(lang) == "fr" else ": "


def list_sep(lang: str = "en") -> str:
    return "، " if lang_of(lang) == "ar" else ", "


RTL = frozenset({"ar"})
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def isolate(ref: str, lang: str = "en") -> str:
    """A reference kept left to right inside a right-to-left document (Unicode isolates);
    unchanged in a left-to-right one."""
    return f"{LRI}{ref}{PDI}" if lang_of(lang) in RTL and ref else ref


_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (Arabic, Hebrew...)."""
    return _RTL_LETTER.search(text) is not None


def embed(text: str, lang: str = "en") -> str:
    """User text isolated in its own direction where it could be taken into the document's: in
    a right-to-left document (an English sentence keeps its full stop at its end), and in a
    left-to-right one when it holds Arabic (a date after it stays in place); else unchanged."""
    if text and (lang_of(lang) in RTL or has_rtl(text)):
        return f"{FSI}{text}{PDI}"
    return text


def strip_isolates(text: str) -> str:
    return text.replace(LRI, "").replace(FSI, "").replace(PDI, "")


def unwrap(text: str) -> str:
    """User text read back: without the isolate :func:`embed` put around it."""
    if text.startswith(FSI) and text.endswith(PDI):
        return text[1:-1]
    return text


__all__ = ["COUNTED", "LANGUAGES", "WORDS", "any_of", "count", "duration", "embed", "isolate", "key_of", "lang_of",
           "list_sep", "span", "strip_isolates", "unwrap", "w"]
