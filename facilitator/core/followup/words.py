"""The fixed words of the follow-up, in English, French and Arabic.

Every heading, label and note of the monitoring report (and the follow-up screen) comes from
:data:`WORDS` through :func:`w`; reading a report back accepts the words of every language
(:func:`any_of`), so a report written in French can be edited and merged with one written in
Arabic. References (``A-003``, ``R-004``, ``Q1-002``) and dates (``2024-03-15``) are the same in
every language.
"""

from __future__ import annotations

from ..summary.words import LANGUAGES, lang_of
from ..vocab import fold


# key -> (English, French, Arabic)
WORDS: dict[str, tuple[str, str, str]] = {
    "title": ("Follow-up of the recommendations", "Suivi des recommandations", "متابعة التوصيات"),
    "as_of": ("As of", "À la date du", "حتى تاريخ"),
    "sessions": ("Sessions", "Séances", "الجلسات"),
    "activities_line": ("Activities", "Activités", "الأنشطة"),
    "last_change": ("Last change", "Dernière modification", "آخر تغيير"),
    "anonymous_note": ("Anonymous report (Chatham House Rule): no person is named; parliaments and organizations "
                       "are.",
                       "Rapport anonyme (règle de Chatham House) : aucune personne n'est nommée ; les parlements et "
                       "les organisations le sont.",
                       "تقرير مجهول الهوية (قاعدة تشاتام هاوس): لا يُذكر اسم أي شخص؛ وتُذكر البرلمانات والمنظمات."),
    "glance": ("At a glance", "En bref", "لمحة سريعة"),
    "attention": ("Needs attention", "À suivre de près", "يحتاج إلى متابعة"),
    "no_attention": ("Nothing is overdue or stalled.", "Rien n'est en retard ni bloqué.", "لا شيء متأخر أو متعثر."),
    "overdue_count": ("Overdue", "En retard", "متأخرة"),
    "average_progress": ("Average progress", "Avancement moyen", "متوسط التقدم"),
    "by_status": ("By status", "Par statut", "حسب الحالة"),
    "area_heading": ("{area}", "{area}", "{area}"),
    "no_area": ("Area not given", "Domaine non indiqué", "المجال غير محدد"),
    "lens_heading": ("lens: {lens}", "optique : {lens}", "المنظور: {lens}"),
    "no_lens": ("no lens given", "sans optique", "بلا منظور"),
    "lead": ("Lead", "Responsable", "الجهة المسؤولة"),
    "partners": ("Partners", "Partenaires", "الشركاء"),
    "start": ("Start", "Début", "البداية"),
    "due": ("Due", "Échéance", "الموعد النهائي"),
    "area": ("Area", "Domaine", "المجال"),
    "lens": ("Lens", "Optique", "المنظور"),
    "timeline": ("Timeline:", "Chronologie :", "التسلسل الزمني:"),
    "no_updates": ("No updates yet.", "Aucune nouvelle pour l'instant.", "لا مستجدات بعد."),
    "no_activities": ("No activities yet.", "Aucune activité pour l'instant.", "لا أنشطة بعد."),
    "source": ("source: {source}", "source : {source}", "المصدر: {source}"),
    "overdue_by": ("overdue by {days}", "en retard de {days}", "متأخر {days}"),
    "due_in": ("due in {days}", "dans {days}", "بعد {days}"),
    "quiet_for": ("no news for {days}", "sans nouvelles depuis {days}", "لا أخبار منذ {days}"),
    "rests_on": ("rests on {what}", "repose sur {what}", "تستند إلى {what}"),
    "activities_avg": ("{what}, {progress} on average", "{what}, {progress} en moyenne", "{what}، بمتوسط {progress}"),
    "not_followed": ("Agreed, without an activity yet", "Adoptées, sans activité pour l'instant",
                     "متفق عليها، بلا نشاط بعد"),
    "statuses": ("Statuses", "Statuts", "الحالات"),
    "kind_open": ("open", "ouverte", "مفتوحة"),
    "kind_attention": ("needs attention", "à suivre de près", "تحتاج إلى متابعة"),
    "kind_closed": ("closed", "close", "مغلقة"),
    "implies": ("sets progress to {progress}", "met l'avancement à {progress}", "تجعل التقدم {progress}"),
    "parliament": ("parliament", "parlement", "برلمان"),
    "organization": ("organization", "organisation", "منظمة"),
    "person": ("person", "personne", "شخص"),
    "merged_note": ("Merged from {files}.", "Fusionné à partir de {files}.", "مدمج من {files}."),
    "conflict": ("⚠ conflict: {file} gives {what} (changed {when}); the later change is kept.",
                 "⚠ conflit : {file} donne {what} (modifié le {when}) ; la modification la plus récente est gardée.",
                 "⚠ تعارض: {file} يعطي {what} (عُدِّل في {when})؛ يُحتفظ بالتعديل الأحدث."),
    "none": ("None.", "Aucune.", "لا شيء."),
    "no_recommendation": ("Without a recommendation", "Sans recommandation", "بلا توصية"),
    "consolidated_ref": ("Consolidated", "Consolidée", "موحدة"),
    "consolidated_from": ("consolidated from {what}", "consolidée à partir de {what}", "موحدة من {what}"),
    "shown_with": ("shown with {ref}", "présentée avec {ref}", "تُعرض مع {ref}"),
    "draft": ("draft", "projet", "مسودة"),
    "reviewed": ("reviewed", "relue", "تمت مراجعتها"),
    "agreed": ("agreed", "adoptée", "متفق عليها"),
    "dropped": ("dropped", "écartée", "مستبعدة"),
}

# Numbers of things: English and French (one, many); Arabic (one, two, 3-10, 11 and more).
COUNTED: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "activity": (("activity", "activities"), ("activité", "activités"),
                 ("نشاط واحد", "نشاطان", "{n} أنشطة", "{n} نشاطًا")),
    "day": (("day", "days"), ("jour", "jours"), ("يوم واحد", "يومان", "{n} أيام", "{n} يومًا")),
    "contribution": (("contribution", "contributions"), ("contribution", "contributions"),
                     ("مساهمة واحدة", "مساهمتان", "{n} مساهمات", "{n} مساهمة")),
    "recommendation": (("recommendation", "recommendations"), ("recommandation", "recommandations"),
                       ("توصية واحدة", "توصيتان", "{n} توصيات", "{n} توصية")),
}


def w(key: str, lang: str = "en", **values: object) -> str:
    """The words ``key`` in ``lang``, with ``values`` put in."""
    text = WORDS[key][LANGUAGES.index(lang_of(lang))]
    return text.format(**values) if values else text


def count(n: int, noun: str, lang: str = "en") -> str:
    """``3 activities``, ``3 activités``, ``3 أنشطة``."""
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
    if 3 <= n % 100 <= 10:
        return few.format(n=n)
    return many.format(n=n) if n else f"0 {few.format(n='').strip()}"


def any_of(key: str) -> set[str]:
    """``key``'s words in every language, folded (for reading a file back)."""
    return {fold(v) for v in WORDS[key]}


def percent(value: int | None, lang: str = "en") -> str:
    """``40 %`` (a narrow no-break space in French is not used: files stay plain to edit)."""
    return "" if value is None else f"{value} %"


__all__ = ["COUNTED", "LANGUAGES", "WORDS", "any_of", "count", "lang_of", "percent", "w"]
