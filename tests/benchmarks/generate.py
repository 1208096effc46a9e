#!/usr/bin/env python3
"""Realistic, deterministic benchmark data: a multilingual Sahel panel at any size.

Contributions are built from theme phrase banks in English, French and Arabic (about 55 %,
30 % and 15 %), one to three sentences each, with openers, hedges and a stray clause from
another theme now and then, so that clustering has real work to do. Speakers come from a roster
of parliamentarians, UN staff, civil society, security experts, youth and women's groups from
the Sahel and beyond. A filled session also gets suggested and curated clusters and draft
recommendations that cite their contributions, so an export has everything in it.

    python tests/benchmarks/generate.py OUT.db --contributions 20000 [--sessions 1] [--seed 1]

Used by ``run.py``; the same seed gives the same texts, speakers and themes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AGENDA = ROOT / "sessions" / "sahel-security-2023.md"

# theme -> language -> (subjects, predicates, objects)
THEMES: dict[str, dict[str, tuple[list[str], list[str], list[str]]]] = {
    "oversight": {
        "en": (["Parliaments", "Defence committees", "Members of parliament", "Budget committees"],
               ["must scrutinise", "should have real oversight of", "need full access to", "have to vote on"],
               ["the security budget", "military spending", "defence procurement contracts", "the intelligence services"]),
        "fr": (["Les parlements", "Les commissions de défense", "Les députés", "Les commissions des finances"],
               ["doivent contrôler", "doivent avoir un vrai droit de regard sur", "doivent accéder pleinement à", "doivent voter"],
               ["le budget de la sécurité", "les dépenses militaires", "les marchés d'armement", "les services de renseignement"]),
        "ar": (["البرلمانات", "لجان الدفاع", "النواب", "لجان الميزانية"],
               ["يجب أن تراقب", "ينبغي أن تشرف فعليا على", "تحتاج إلى الاطلاع الكامل على", "يجب أن تصوت على"],
               ["ميزانية الأمن", "الإنفاق العسكري", "عقود شراء الأسلحة", "أجهزة الاستخبارات"]),
    },
    "youth": {
        "en": (["Young people", "Unemployed youth", "Youth organisations", "Students"],
               ["are recruited by", "need alternatives to", "must be protected from", "should be heard before joining"],
               ["armed groups", "violent extremist networks", "trafficking networks", "militias"]),
        "fr": (["Les jeunes", "Les jeunes sans emploi", "Les organisations de jeunesse", "Les étudiants"],
               ["sont recrutés par", "ont besoin d'alternatives aux", "doivent être protégés des", "doivent être écoutés avant de rejoindre"],
               ["groupes armés", "réseaux extrémistes violents", "réseaux de trafic", "milices"]),
        "ar": (["الشباب", "الشباب العاطلون عن العمل", "منظمات الشباب", "الطلاب"],
               ["يتم تجنيدهم من قبل", "يحتاجون إلى بدائل عن", "يجب حمايتهم من", "يجب الاستماع إليهم قبل الانضمام إلى"],
               ["الجماعات المسلحة", "شبكات التطرف العنيف", "شبكات التهريب", "الميليشيات"]),
    },
    "climate": {
        "en": (["Drought", "Desertification", "Competition for water", "Climate change"],
               ["drives conflict over", "pushes herders into", "destroys", "fuels tension around"],
               ["grazing land", "farmland along the river", "water points", "pastoral corridors"]),
        "fr": (["La sécheresse", "La désertification", "La concurrence pour l'eau", "Le changement climatique"],
               ["provoque des conflits pour", "pousse les éleveurs vers", "détruit", "attise les tensions autour des"],
               ["les pâturages", "les terres agricoles du fleuve", "les points d'eau", "les couloirs de transhumance"]),
        "ar": (["الجفاف", "التصحر", "التنافس على المياه", "تغير المناخ"],
               ["يؤدي إلى نزاعات على", "يدفع الرعاة نحو", "يدمر", "يغذي التوتر حول"],
               ["المراعي", "الأراضي الزراعية على النهر", "نقاط المياه", "ممرات الرعي"]),
    },
    "women": {
        "en": (["Women", "Women's associations", "Female mediators", "Mothers in border villages"],
               ["must take part in", "are left out of", "should lead", "are the first to warn about"],
               ["peace negotiations", "local security committees", "reconciliation talks", "early warning systems"]),
        "fr": (["Les femmes", "Les associations de femmes", "Les médiatrices", "Les mères des villages frontaliers"],
               ["doivent participer aux", "sont exclues des", "doivent diriger les", "sont les premières à alerter sur les"],
               ["négociations de paix", "comités locaux de sécurité", "pourparlers de réconciliation", "systèmes d'alerte précoce"]),
        "ar": (["النساء", "الجمعيات النسائية", "الوسيطات", "الأمهات في القرى الحدودية"],
               ["يجب أن يشاركن في", "مستبعدات من", "ينبغي أن يقدن", "أول من ينبه إلى"],
               ["مفاوضات السلام", "لجان الأمن المحلية", "محادثات المصالحة", "أنظمة الإنذار المبكر"]),
    },
    "borders": {
        "en": (["Border posts", "Cross-border patrols", "Customs services", "Joint border commissions"],
               ["cannot stop", "should share data on", "need equipment against", "must coordinate against"],
               ["arms smuggling", "fuel and drug trafficking", "the movement of fighters", "human trafficking"]),
        "fr": (["Les postes frontières", "Les patrouilles transfrontalières", "Les douanes", "Les commissions mixtes frontalières"],
               ["ne peuvent pas arrêter", "doivent partager leurs données sur", "ont besoin d'équipement contre", "doivent se coordonner contre"],
               ["la contrebande d'armes", "le trafic de carburant et de drogue", "la circulation des combattants", "la traite des êtres humains"]),
        "ar": (["المراكز الحدودية", "الدوريات العابرة للحدود", "مصالح الجمارك", "اللجان الحدودية المشتركة"],
               ["لا تستطيع وقف", "يجب أن تتبادل البيانات حول", "تحتاج إلى معدات لمكافحة", "يجب أن تنسق ضد"],
               ["تهريب الأسلحة", "تهريب الوقود والمخدرات", "تنقل المقاتلين", "الاتجار بالبشر"]),
    },
    "justice": {
        "en": (["Victims", "Local courts", "Detainees", "Human rights defenders"],
               ["wait years for", "lack the means for", "are denied", "call for independent"],
               ["fair trials", "investigations into abuses", "legal aid", "accountability for security forces"]),
        "fr": (["Les victimes", "Les tribunaux locaux", "Les détenus", "Les défenseurs des droits humains"],
               ["attendent des années des", "manquent de moyens pour les", "se voient refuser des", "réclament des"],
               ["procès équitables", "enquêtes sur les exactions", "aides juridictionnelles", "comptes aux forces de sécurité"]),
        "ar": (["الضحايا", "المحاكم المحلية", "المحتجزون", "المدافعون عن حقوق الإنسان"],
               ["ينتظرون سنوات من أجل", "تفتقر إلى وسائل", "يحرمون من", "يطالبون بـ"],
               ["محاكمات عادلة", "التحقيق في الانتهاكات", "المساعدة القانونية", "مساءلة قوات الأمن"]),
    },
    "services": {
        "en": (["Schools", "Health centres", "Local administrations", "Social services"],
               ["have closed in", "must return to", "are absent from", "should be rebuilt in"],
               ["the northern regions", "villages abandoned by the state", "displacement camps", "areas retaken from armed groups"]),
        "fr": (["Les écoles", "Les centres de santé", "Les administrations locales", "Les services sociaux"],
               ["ont fermé dans", "doivent revenir dans", "sont absents des", "doivent être reconstruits dans"],
               ["les régions du nord", "les villages abandonnés par l'État", "les camps de déplacés", "les zones reprises aux groupes armés"]),
        "ar": (["المدارس", "المراكز الصحية", "الإدارات المحلية", "الخدمات الاجتماعية"],
               ["أغلقت في", "يجب أن تعود إلى", "غائبة عن", "ينبغي إعادة بنائها في"],
               ["المناطق الشمالية", "القرى التي تخلت عنها الدولة", "مخيمات النازحين", "المناطق المستعادة من الجماعات المسلحة"]),
    },
    "regional": {
        "en": (["The African Union", "ECOWAS", "The G5 Sahel", "Neighbouring states"],
               ["should fund", "must relaunch", "need a common approach to", "have to share intelligence on"],
               ["a regional counter-terrorism force", "joint military operations", "the Accra Initiative", "regional early warning"]),
        "fr": (["L'Union africaine", "La CEDEAO", "Le G5 Sahel", "Les États voisins"],
               ["doit financer", "doit relancer", "ont besoin d'une approche commune de", "doivent partager le renseignement sur"],
               ["une force régionale antiterroriste", "les opérations militaires conjointes", "l'Initiative d'Accra", "l'alerte précoce régionale"]),
        "ar": (["الاتحاد الأفريقي", "الإيكواس", "مجموعة الساحل الخمس", "الدول المجاورة"],
               ["يجب أن يمول", "يجب أن يعيد إطلاق", "تحتاج إلى نهج مشترك تجاه", "يجب أن تتبادل المعلومات حول"],
               ["قوة إقليمية لمكافحة الإرهاب", "العمليات العسكرية المشتركة", "مبادرة أكرا", "الإنذار المبكر الإقليمي"]),
    },
    "online": {
        "en": (["Social media", "Radio programmes", "Online propaganda", "Messaging groups"],
               ["spread", "could counter", "are used to recruit for", "amplify"],
               ["extremist narratives", "hate speech between communities", "disinformation about the army", "calls to violence"]),
        "fr": (["Les réseaux sociaux", "Les émissions de radio", "La propagande en ligne", "Les groupes de messagerie"],
               ["diffusent", "pourraient contrer", "servent à recruter pour", "amplifient"],
               ["les discours extrémistes", "les discours de haine entre communautés", "la désinformation sur l'armée", "les appels à la violence"]),
        "ar": (["وسائل التواصل الاجتماعي", "البرامج الإذاعية", "الدعاية على الإنترنت", "مجموعات المراسلة"],
               ["تنشر", "يمكن أن تواجه", "تستخدم للتجنيد لصالح", "تضخم"],
               ["الروايات المتطرفة", "خطاب الكراهية بين المجتمعات", "التضليل بشأن الجيش", "الدعوات إلى العنف"]),
    },
    "economy": {
        "en": (["Gold mining", "Livestock markets", "Remittances", "Informal trade"],
               ["finances", "is taxed by", "offers jobs outside", "could be formalised to weaken"],
               ["armed groups", "local strongmen", "the war economy", "criminal networks"]),
        "fr": (["L'orpaillage", "Les marchés de bétail", "Les transferts de fonds", "Le commerce informel"],
               ["finance", "est taxé par", "offre des emplois hors de", "pourrait être formalisé pour affaiblir"],
               ["les groupes armés", "les chefs locaux", "l'économie de guerre", "les réseaux criminels"]),
        "ar": (["التنقيب عن الذهب", "أسواق المواشي", "التحويلات المالية", "التجارة غير الرسمية"],
               ["يمول", "تفرض عليه الضرائب من قبل", "يوفر فرص عمل خارج", "يمكن تنظيمه لإضعاف"],
               ["الجماعات المسلحة", "زعماء المحليين", "اقتصاد الحرب", "الشبكات الإجرامية"]),
    },
}

OPENERS = {
    "en": ["", "", "I think ", "In my country, ", "We have seen that ", "Frankly, ", "As a parliamentarian, I believe "],
    "fr": ["", "", "Je pense que ", "Dans mon pays, ", "Nous avons constaté que ", "Franchement, ", "En tant que parlementaire, je crois que "],
    "ar": ["", "", "أعتقد أن ", "في بلدي، ", "لقد رأينا أن ", "بصراحة، ", "بصفتي برلمانيا، أرى أن "],
}
TAILS = {
    "en": ["", "", " This is urgent.", " We need a timeline.", " The budget is there, the will is not.", " Communities must be involved."],
    "fr": ["", "", " C'est urgent.", " Il faut un calendrier.", " Le budget existe, la volonté manque.", " Les communautés doivent être associées."],
    "ar": ["", "", " هذا أمر عاجل.", " نحتاج إلى جدول زمني.", " الميزانية موجودة لكن الإرادة غائبة.", " يجب إشراك المجتمعات المحلية."],
}

GROUPS = ["Parliament", "UN agency", "Civil society", "Security expert", "Government", "Youth organisation",
          "Women's organisation", "Academia", "Media", "Regional organisation"]
COUNTRIES = ["Mali", "Niger", "Burkina Faso", "Chad", "Mauritania", "Nigeria", "Senegal", "Cameroon", "Bahrain",
             "Morocco", "Algeria", "France", "Belgium", "Egypt", "Kenya"]
FIRST = ["Amina", "Moussa", "Fatimata", "Ibrahim", "Aïssata", "Oumar", "Mariam", "Abdoulaye", "Khadija", "Jean",
         "Hamid", "Salamatou", "Youssef", "Awa", "Mahamadou", "Leila", "Pierre", "Hawa", "Ahmed", "Zeinab",
         "Boubacar", "Nadia", "Sidi", "Mounira", "Issa", "Claire", "Souleymane", "Rokia", "Mohamed", "Fatou"]
LAST = ["Diallo", "Traoré", "Maïga", "Ouédraogo", "Sow", "Mahamat", "Ould Ahmed", "Bello", "Ndiaye", "Al-Khalifa",
        "Benali", "Dupont", "Issoufou", "Kaboré", "Coulibaly", "Haidara", "Touré", "Abdelkader", "Yaro", "Camara"]
TITLES = ["Member of Parliament", "Senator", "Programme Officer", "Researcher", "Director", "Coordinator",
          "Minister", "Adviser", "Journalist", "Mayor"]


def _lang(rng: random.Random) -> str:
    r = rng.random()
    return "en" if r < 0.55 else "fr" if r < 0.85 else "ar"


def _sentence(rng: random.Random, theme: str, lang: str) -> str:
    subjects, predicates, objects = THEMES[theme][lang]
    body = f"{rng.choice(subjects)} {rng.choice(predicates)} {rng.choice(objects)}"
    opener = rng.choice(OPENERS[lang])
    if opener and lang != "ar":
        body = body[0].lower() + body[1:]
    end = "." if lang != "ar" else "."
    return f"{opener}{body}{end}"


@dataclass(frozen=True)
class Item:
    text: str
    lang: str
    theme: str


def contributions(n: int, seed: int = 1) -> list[Item]:
    """``n`` contributions: one to three sentences of a theme, sometimes a stray clause."""
    rng = random.Random(seed)
    themes = sorted(THEMES)
    out = []
    for _ in range(n):
        theme = rng.choice(themes)
        lang = _lang(rng)
        parts = [_sentence(rng, theme, lang) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        if rng.random() < 0.12:  # a stray remark on another theme
            parts.append(_sentence(rng, rng.choice(themes), lang))
        out.append(Item(" ".join(parts) + rng.choice(TAILS[lang]), lang, theme))
    return out


def items(n: int, seed: int = 1) -> tuple[list[tuple[str, str]], list[str]]:
    """``(id, text)`` pairs for the clustering engine, and each one's theme."""
    data = contributions(n, seed)
    return [(f"c{i:06d}", it.text) for i, it in enumerate(data)], [it.theme for it in data]


def participants(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed + 1000)
    seen = set()
    out = []
    while len(out) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            name = f"{name} {len(out)}"
        seen.add(name)
        group = rng.choice(GROUPS)
        out.append(
            dict(
                name=name,
                title=rng.choice(TITLES),
                organization=f"{group} of {rng.choice(COUNTRIES)}",
                stakeholder_group=group,
                country=rng.choice(COUNTRIES),
                gender=rng.choice(["female", "male"]),
                youth=group == "Youth organisation" or rng.random() < 0.1,
            )
        )
    return out


def fill_session(store, session_id: str, n: int, *, seed: int = 1, speakers: list[str] | None = None,
                 clusters: bool = True) -> list[str]:
    """Add ``n`` contributions (one transaction), spread over the questions and three hours,
    and, with ``clusters``, a curated set of clusters and draft recommendations."""
    from facilitator.core.models import ContributionIn, ParticipantIn

    rng = random.Random(seed + 7)
    questions = store.questions(session_id)
    if speakers is None:
        speakers = [store.add_participant(ParticipantIn(**p)) for p in participants(80, seed)]
    start = dt.datetime(2023, 3, 11, 11, 30, tzinfo=dt.timezone.utc)
    data = contributions(n, seed)
    batch = []
    for i, it in enumerate(data):
        q = questions[min(len(questions) - 1, i * len(questions) // max(1, n))]
        batch.append(
            ContributionIn(
                session_id=session_id,
                question_id=q.id,
                participant_id=None if rng.random() < 0.05 else rng.choice(speakers),
                text=it.text,
                lang=it.lang,
                started_at=start + dt.timedelta(seconds=i * 3 * 3600 / max(1, n)),
            )
        )
    ids = store.add_contributions(batch)
    if clusters:
        _add_clusters(store, session_id, ids, data, rng)
    return ids


def _add_clusters(store, session_id: str, ids: list[str], data: list[Item], rng: random.Random) -> None:
    """Per question, one cluster per theme (suggested, some curated), one draft each."""
    from facilitator.core.ids import new_id
    from facilitator.core.store import now_iso

    qrows = store.conn.execute(
        "SELECT id, question_id FROM contribution WHERE session_id = ? ORDER BY seq", (session_id,)
    ).fetchall()
    qid_of = dict(qrows)
    groups: dict[tuple[str, str], list[str]] = {}
    for cid, it in zip(ids, data):
        groups.setdefault((qid_of[cid], it.theme), []).append(cid)
    now = now_iso()
    with store.write() as conn:
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM cluster WHERE session_id = ?", (session_id,)).fetchone()[0]
        rseq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM recommendation WHERE session_id = ?", (session_id,)).fetchone()[0]
        for (qid, theme), members in sorted(groups.items()):
            seq += 1
            kid = new_id()
            curated = rng.random() < 0.3
            conn.execute(
                """INSERT INTO cluster (id, session_id, question_id, seq, label, representative_id, origin, method,
                   curated, parked, position, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'suggested', 'char-tfidf', ?, 0, ?, ?, ?)""",
                (kid, session_id, qid, seq, f"{theme} · {members[0][-4:]}", members[0], int(curated), seq, now, now),
            )
            conn.executemany(
                "INSERT INTO cluster_member (contribution_id, cluster_id, origin, added_at) VALUES (?, ?, 'suggested', ?)",
                [(cid, kid, now) for cid in members],
            )
            rseq += 1
            rid = new_id()
            conn.execute(
                """INSERT INTO recommendation (id, session_id, question_id, cluster_id, seq, text, status, rank,
                   addressed_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (rid, session_id, qid, kid, rseq, f"Draft recommendation on {theme}: act on what was said.",
                 rng.choice(["draft", "reviewed", "agreed"]), None, "Parliaments of the Sahel", now, now),
            )
            conn.executemany(
                "INSERT INTO recommendation_support (recommendation_id, contribution_id) VALUES (?, ?)",
                [(rid, cid) for cid in members[:5]],
            )


def new_session(store, *, title: str | None = None) -> str:
    from facilitator.core.agenda import load_agenda

    session, text = load_agenda(AGENDA)
    if title:
        session.title = title
    return store.create_session(session, agenda_text=text)


def build(path: Path, contributions_per_session: int, sessions: int = 1, *, seed: int = 1,
          clusters: bool = True) -> list[str]:
    """A database at ``path`` with ``sessions`` sessions of ``contributions_per_session`` each."""
    from facilitator.core.models import ParticipantIn
    from facilitator.core.store import Store

    with Store.open(path) as store:
        speakers = [store.add_participant(ParticipantIn(**p)) for p in participants(80, seed)]
        out = []
        for s in range(sessions):
            sid = new_session(store, title=None if sessions == 1 else f"Sahel panel, room {s + 1}")
            if contributions_per_session:
                fill_session(store, sid, contributions_per_session, seed=seed + s, speakers=speakers, clusters=clusters)
            out.append(sid)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--contributions", type=int, default=20000)
    p.add_argument("--sessions", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-clusters", action="store_true")
    args = p.parse_args(argv)
    if args.out.exists():
        p.error(f"{args.out} exists; choose a new file")
    ids = build(args.out, args.contributions, args.sessions, seed=args.seed, clusters=not args.no_clusters)
    print(json.dumps({"db": str(args.out), "sessions": ids}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
