"""Data and helpers for the review tests: a realistic panel in English, French and Arabic.

(No tests here; the module is named ``test_review_*`` to sit beside the tests that use it.)
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

# (question, speaker, group, text)
ROWS: list[tuple[int, str | None, str | None, str]] = [
    # Q1: the role of parliaments
    (1, "Amina Diallo", "Parliament", "Parliaments must hold the executive to account for every security operation in the Sahel."),
    (1, "Moussa Traoré", "Parliament", "Les parlements doivent contrôler chaque opération de sécurité menée par l'exécutif."),
    (1, "Fatima Al-Khalifa", "Parliament", "يجب على البرلمانات مساءلة الحكومة عن كل عملية أمنية في منطقة الساحل."),
    (1, "Jean Kaboré", "Civil society", "Parliamentarians should go to the border regions and listen to the communities living there."),
    (1, "Aïssata Maïga", "Civil society", "Les députés doivent se rendre dans les régions frontalières pour écouter les communautés."),
    (1, "Omar Haddad", "UN / international organization", "Parliaments can pass laws that address the root causes: poverty, exclusion and lack of schools."),
    (1, "Sarah Lindqvist", "Academia / expert", "Laws on the root causes of extremism, poverty and exclusion, should come from parliaments."),
    (1, None, None, "Can the interpretation in the room be louder please?"),
    (1, "Ibrahim Ould Ahmed", "Parliament", "Parliaments should build regional networks of parliamentarians across the Sahel to share what works."),
    (1, "Nadia Benali", "Parliament", "Un réseau régional de parlementaires du Sahel permettrait de partager les bonnes pratiques."),
    (1, "Khalid Al-Mansouri", "Government", "ينبغي إنشاء شبكة إقليمية للبرلمانيين في الساحل لتبادل الخبرات."),
    (1, "Amina Diallo", "Parliament", "Parliamentary committees on defence need staff and expertise to read security budgets."),
    # Q2: budgeting, legislation, oversight
    (2, "Moussa Traoré", "Parliament", "Security budgets must be scrutinised line by line by the defence committee."),
    (2, "Fatima Al-Khalifa", "Parliament", "يجب أن تخضع ميزانيات الأمن لتدقيق دقيق من قبل لجنة الدفاع."),
    (2, "Jean Kaboré", "Civil society", "Le budget de la défense doit être publié et examiné par la commission parlementaire."),
    (2, "Sarah Lindqvist", "Academia / expert", "Secret defence budgets breed corruption; parliaments should see the full security budget."),
    (2, "Omar Haddad", "UN / international organization", "Legislation should define clearly the mandate of each security force and its limits."),
    (2, "Aïssata Maïga", "Civil society", "La loi doit définir clairement le mandat de chaque force de sécurité."),
    (2, "Khalid Al-Mansouri", "Government", "يجب أن يحدد القانون بوضوح مهام كل قوة أمنية وحدودها."),
    (2, "Ibrahim Ould Ahmed", "Parliament", "Oversight hearings with the chiefs of staff should be held every quarter."),
    (2, "Nadia Benali", "Parliament", "Des auditions trimestrielles des chefs d'état-major devant le parlement renforceraient le contrôle."),
    (2, None, None, "Thank you, Chair, for giving me the floor."),
    (2, "Amina Diallo", "Parliament", "Hold regular hearings with military chiefs in the defence committee, at least every three months."),
    (2, "Jean Kaboré", "Civil society", "Civil society should be able to testify on security spending before the budget committee."),
    # Q3: oversight of armed forces, civilian harm
    (3, "Sarah Lindqvist", "Academia / expert", "Every civilian casualty must be investigated independently and the findings made public."),
    (3, "Aïssata Maïga", "Civil society", "Chaque victime civile doit faire l'objet d'une enquête indépendante et publique."),
    (3, "Fatima Al-Khalifa", "Parliament", "يجب التحقيق بشكل مستقل في كل إصابة بين المدنيين ونشر النتائج."),
    (3, "Omar Haddad", "UN / international organization", "Collateral damage against civilians feeds radicalisation and recruitment by armed groups."),
    (3, "Moussa Traoré", "Parliament", "Les dommages causés aux civils alimentent la radicalisation et le recrutement par les groupes armés."),
    (3, "Khalid Al-Mansouri", "Government", "الأضرار التي تلحق بالمدنيين تغذي التطرف والتجنيد في الجماعات المسلحة."),
    (3, "Jean Kaboré", "Civil society", "Soldiers need training in human rights and international humanitarian law before deployment."),
    (3, "Nadia Benali", "Parliament", "La formation des soldats au droit international humanitaire doit précéder tout déploiement."),
    (3, "Ibrahim Ould Ahmed", "Parliament", "Train the armed forces in humanitarian law and human rights before they are deployed."),
    (3, "Amina Diallo", "Parliament", "Victims of abuses by security forces need a way to complain and to be compensated."),
    (3, "Sarah Lindqvist", "Academia / expert", "A complaints mechanism and compensation for victims of abuses by the forces are needed."),
    (3, None, None, "Could the slides be shared with participants after the session?"),
    (3, "Omar Haddad", "UN / international organization", "Parliamentary inquiries into military operations that harmed civilians should be routine."),
    (3, "Aïssata Maïga", "Civil society", "Les femmes des communautés touchées doivent être entendues dans les enquêtes."),
    # Q4: the international community
    (4, "Omar Haddad", "UN / international organization", "International partners must align their support with national priorities of Sahel states."),
    (4, "Moussa Traoré", "Parliament", "Les partenaires internationaux doivent aligner leur appui sur les priorités nationales."),
    (4, "Fatima Al-Khalifa", "Parliament", "يجب على الشركاء الدوليين مواءمة دعمهم مع الأولويات الوطنية لدول الساحل."),
    (4, "Sarah Lindqvist", "Academia / expert", "Too many uncoordinated donor programmes; the international community must coordinate its aid."),
    (4, "Khalid Al-Mansouri", "Government", "Les bailleurs doivent mieux coordonner leurs programmes au Sahel."),
    (4, "Jean Kaboré", "Civil society", "Donor coordination in the Sahel is weak; aid programmes overlap and compete."),
    (4, "Ibrahim Ould Ahmed", "Parliament", "Military solutions alone have failed; invest in development, education and jobs for youth."),
    (4, "Nadia Benali", "Parliament", "Les solutions militaires seules ont échoué : il faut investir dans l'éducation et l'emploi des jeunes."),
    (4, "Amina Diallo", "Parliament", "لقد فشلت الحلول العسكرية وحدها، يجب الاستثمار في التعليم وفرص العمل للشباب."),
    (4, "Aïssata Maïga", "Civil society", "Youth employment and schools are the best defence against recruitment by armed groups."),
    (4, None, None, "Is there a coffee break after this question?"),
    (4, "Omar Haddad", "UN / international organization", "Funding should be predictable and multi-year, not short project cycles."),
    (4, "Sarah Lindqvist", "Academia / expert", "Multi-year predictable funding would let Sahel states plan security reform."),
    # Q13: resilience (a few)
    (13, "Jean Kaboré", "Civil society", "Local peace committees with traditional and religious leaders prevent conflicts between herders and farmers."),
    (13, "Aïssata Maïga", "Civil society", "Les comités locaux de paix avec les chefs traditionnels préviennent les conflits entre éleveurs et agriculteurs."),
    (13, "Khalid Al-Mansouri", "Government", "لجان السلام المحلية مع الزعماء التقليديين والدينيين تمنع النزاعات بين الرعاة والمزارعين."),
    (13, "Fatima Al-Khalifa", "Parliament", "Climate change and drought push communities into conflict over water and land."),
    (13, "Omar Haddad", "UN / international organization", "Le changement climatique et la sécheresse poussent les communautés au conflit pour l'eau et la terre."),
    (13, "Nadia Benali", "Parliament", "Women's groups are central to community resilience and must be funded."),
    (13, "Moussa Traoré", "Parliament", "Les associations de femmes sont au cœur de la résilience des communautés."),
]


def write_jsonl(path: Path, rows=ROWS) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for q, speaker, group, text in rows:
            record = {"question": q, "speaker": speaker or "", "text": text}
            if group:
                record["group"] = group
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def fill(store, session_id: str, rows=ROWS, tmp_path: Path | None = None) -> int:
    """Add the rows to a session through the same path as ``facilitator add --from``."""
    from facilitator.core.batch import add_from_file

    import tempfile

    folder = Path(tmp_path or tempfile.mkdtemp())
    path = write_jsonl(folder / "panel.jsonl", rows)
    return add_from_file(store, session_id, path, new_groups=True).added


def by_text(store, session_id: str, start: str) -> str:
    """The id of the contribution whose text starts with ``start``."""
    row = store.conn.execute(
        "SELECT id FROM contribution WHERE session_id = ? AND text LIKE ? || '%'", (session_id, start)
    ).fetchone()
    assert row, start
    return row[0]


CURATION_TABLES = ("cluster", "cluster_member", "kept_unclustered", "recommendation", "recommendation_support")


def tables_state(path: Path, tables=CURATION_TABLES) -> dict[str, list[tuple]]:
    """Every row of the curation tables, read with a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1, 2').fetchall() for t in tables}
    finally:
        conn.close()


if __name__ == "__main__":  # python -m tests.test_review_support OUT.jsonl
    import sys

    print(write_jsonl(Path(sys.argv[1])))
