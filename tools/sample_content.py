"""What was said at the sample panel: invented for this project.

The panel of *Mitigating the impact of security threats by building resilience in the Sahel*
(146th IPU Assembly, Manama, 11 March 2023, 14:30–17:30) as a rapporteur could have captured
it: short notes of each point, in the language it was made in. Every person here is fictional;
so is every statement. The concept note (`/work/shared/seeds/`) only describes the panel.

`tools/make_sample.py` turns this into a real database through the store and exports it.
"""

from __future__ import annotations

# key -> the name on the roster (the agenda's panel, or the roster file for the others)
SPEAKERS = {
    "SB": "Hon. Dr. Salem Abdelkader Bouzid",
    "RG": "Hon. Ramatou Issa Garba",
    "HR": "Ms. Hélène Ravoahangy",
    "TE": "Mr. Tomás Echeverría Luna",
    "KB": "Ms. Kadiatou Bâ",
    "NB": "Dr. Nadia Benmoussa",
    "JW": "Prof. Jonathan Whitcombe",
    "HY": "Col. (ret.) Harouna Yacouba Ali",
    "AM": "Mr. Abdoul Razak Maïga",
    "MA": "Hon. Moussa Ag Alhassane",
    "AS": "Hon. Aïchetou Mint Sidi Brahim",
    "HK": "Hon. Haroun Kedallah Youssouf",
    "OC": "Imam Oumarou Bilal Cissé",
    "AN": "Commissioner Achta Mahamat Nour",
    "MM": "Ms. Mariem Mint Ahmedou",
    "FL": None,  # the floor: a delegate who did not give a name
}

# The roster file: the panel again (with gender and the youth flag, which an agenda does not
# carry) and the participants who spoke from the floor.
ROSTER_COLUMNS = ("name", "title", "organization", "group", "country", "gender", "youth")
ROSTER = [
    ("Hon. Dr. Salem Abdelkader Bouzid", "Moderator; Member, Committee on Foreign Affairs and National Security", "Arab Parliament", "Parliament", "Algeria", "man", "no"),
    ("Hon. Ramatou Issa Garba", "Chair, Defence and Security Committee", "National Assembly of Niger", "Parliament", "Niger", "woman", "no"),
    ("Ms. Hélène Ravoahangy", "Senior Programme Officer, Terrorism Prevention Branch", "United Nations Office on Drugs and Crime (UNODC)", "UN / international organization", "", "woman", "no"),
    ("Mr. Tomás Echeverría Luna", "Senior Protection Officer, Sahel situation", "Office of the UN High Commissioner for Refugees (UNHCR)", "UN / international organization", "", "man", "no"),
    ("Ms. Kadiatou Bâ", "Coordinator", "Réseau des femmes du Liptako pour la paix", "Civil society", "Burkina Faso", "woman", "no"),
    ("Dr. Nadia Benmoussa", "Senior Researcher, Sahel security", "Centre d'études stratégiques du Sahel, Nouakchott", "Academia / expert", "Morocco", "woman", "no"),
    ("Prof. Jonathan Whitcombe", "Professor of Security Studies", "Northbridge University", "Academia / expert", "United Kingdom", "man", "no"),
    ("Col. (ret.) Harouna Yacouba Ali", "Former Head of Civil-Military Cooperation", "Armed Forces of Niger (retired)", "Security sector", "Niger", "man", "no"),
    ("Mr. Abdoul Razak Maïga", "President", "Sahel Youth for Peace Network", "Youth", "Mali", "man", "yes"),
    ("Hon. Moussa Ag Alhassane", "Member, Defence and Security Committee", "National Transitional Council of Mali", "Parliament", "Mali", "man", "no"),
    ("Hon. Aïchetou Mint Sidi Brahim", "Member of Parliament", "National Assembly of Mauritania", "Parliament", "Mauritania", "woman", "no"),
    ("Hon. Haroun Kedallah Youssouf", "Member, Human Rights Committee", "National Transitional Council of Chad", "Parliament", "Chad", "man", "no"),
    ("Imam Oumarou Bilal Cissé", "Secretary-General", "Plateforme des leaders religieux du Sahel pour la paix", "Civil society", "Mali", "man", "no"),
    ("Commissioner Achta Mahamat Nour", "Head of Community Policing", "National Police of Chad", "Security sector", "Chad", "woman", "no"),
    ("Ms. Mariem Mint Ahmedou", "Youth delegate", "Mauritanian Youth Council", "Youth", "Mauritania", "woman", "yes"),
]

# The afternoon, in the order things were said: (guiding question, contributions). The times
# are spread over 14:34–17:27 by the generator, each turn as long as its words warrant.
# A contribution is (speaker, language, text, theme) and may end with a question number it was
# moved to afterwards (the speaker answered another question). Theme keys are per question
# (THEMES below); None is "not in a theme", "noise" is set aside as noise.
BLOCKS = [
    (1, [
        ("SB", "ar", "افتتح المنسق الجلسة مذكّراً بأنها الاجتماع الثالث في سلسلة «نداء الساحل» وأن توصياتها سترفع إلى القمة البرلمانية العالمية الثانية لمكافحة الإرهاب، ودعا المتحدثين إلى التركيز على ما يستطيع البرلمانيون فعله فعلاً.", None),
        ("RG", "fr", "Le parlement est souvent le seul endroit où les populations rurales peuvent parler de leur sécurité. Notre commission a commencé à tenir des auditions hors de la capitale, dans les régions frontalières, et les gens viennent.", "bridge"),
        ("RG", "fr", "Ce que les habitants demandent d'abord, ce n'est pas plus de soldats : c'est que l'État revienne avec l'école, le centre de santé et le juge.", "bridge"),
        ("MA", "fr", "Sans stabilité institutionnelle, pas de contrôle. Dans les pays en transition, les conseils nationaux doivent exercer un vrai contrôle sur la sécurité et ne pas seulement valider les décisions de l'exécutif.", "transition"),
        ("JW", "en", "Parliaments are the missing link between military strategy and public consent. Where MPs are briefed and can ask questions, security policy survives a change of government.", "diplomacy"),
        ("AS", "ar", "على البرلمانيين أن يكونوا جسراً بين الدولة والمجتمعات المحلية، خاصة في المناطق الحدودية حيث لا يرى المواطن من الدولة إلا الجيش.", "bridge"),
        ("KB", "fr", "Les femmes parlementaires sont trop peu nombreuses dans les commissions défense, alors que ce sont elles que nos associations vont voir en premier quand un village est attaqué.", "bridge"),
        ("AM", "en", "Most young people in my region do not know who their MP is. Parliaments have to go where the young are: community radio, WhatsApp groups, universities. Otherwise the recruiters get there first.", "bridge"),
        ("HK", "fr", "Le parlement doit aussi voter les lois qui encadrent les groupes d'autodéfense ; aujourd'hui ils n'obéissent à aucun texte et personne ne répond de leurs actes.", "transition"),
        ("FL", "en", "A delegate from the floor asked whether Sahel parliaments have the staff and the research capacity to follow security questions at all; most committees have one clerk.", "transition"),
        ("NB", "fr", "La diplomatie parlementaire peut garder le dialogue ouvert entre pays voisins quand les gouvernements ne se parlent plus, par exemple après les suspensions d'organisations régionales.", "diplomacy"),
    ]),
    (2, [
        ("RG", "fr", "Le budget de la défense est voté en bloc, sans aucun détail. Nous demandons au minimum une annexe présentée à huis clos à la commission, avec les achats, la solde et le carburant.", "budget"),
        ("HR", "en", "UNODC can help with legislative drafting. Many counter-terrorism laws in the region were passed in a hurry; several do not match the universal instruments or the human-rights safeguards they require.", "laws"),
        ("JW", "en", "Oversight needs a paper trail: procurement of equipment, fuel and rations. In fragile states a large share of defence spending never reaches the troops it was voted for.", "budget"),
        ("MA", "fr", "La loi de programmation militaire doit garantir la solde et les primes des soldats au front. Un soldat qui n'est pas payé depuis trois mois, c'est une désertion annoncée.", "budget"),
        ("AS", "ar", "نحتاج إلى لجان برلمانية للأمن والدفاع لديها خبراء مستقلون وميزانية خاصة بها، وإلا ستبقى الرقابة شكلية.", "capacity"),
        ("HY", "fr", "Du côté militaire, nous acceptons le contrôle parlementaire s'il est sérieux et confidentiel. Ce que les armées craignent, ce ne sont pas les questions, ce sont les fuites.", "capacity"),
        ("HK", "ar", "يجب أن تعرض اتفاقيات التعاون العسكري مع الشركاء الأجانب على البرلمان قبل توقيعها، لا بعده.", "laws"),
        ("NB", "en", "Almost no country in the region has a law on private military and security companies. Parliaments should at least require that such contracts are declared to the defence committee.", "laws"),
        ("AN", "fr", "On oublie la police dans le budget de sécurité, alors qu'elle est la première présence de l'État dans les villes moyennes.", "budget"),
        ("FL", "fr", "Un participant demande que les rapports de l'inspection générale des armées soient transmis chaque année aux commissions parlementaires.", "capacity"),
    ]),
    (3, [
        ("KB", "fr", "Après chaque opération qui tue des civils, nous voyons des jeunes hommes partir rejoindre les groupes armés. La colère est le premier recruteur.", "anger"),
        ("JW", "en", "Some armies now have civilian harm tracking cells. Parliaments should ask for their figures every quarter, and ask why they are not published.", "rules"),
        ("HY", "fr", "Il faut un conseiller juridique dans chaque bataillon et des règles d'engagement écrites, expliquées à chaque soldat. C'est une question de formation autant que de contrôle.", "rules"),
        ("OC", "ar", "أئمة القرى يسمعون الشكاوى قبل أي جهة أخرى، ويمكنهم أن يكونوا قناة آمنة لإيصالها إلى البرلمان دون تعريض أصحابها للخطر.", "anger"),
        ("HR", "en", "Accountability has to be visible. A few fair trials of soldiers for abuses do more for trust than any communication campaign.", "accountability"),
        ("MA", "fr", "Les commissions d'enquête parlementaires sur les exactions doivent pouvoir se rendre sur place, avec une garantie de sécurité de l'armée, et publier leurs conclusions.", "accountability"),
        ("MM", "ar", "يقول الشباب في المخيمات إنهم يخافون من الجنود أكثر مما يخافون من الجماعات المسلحة. هذا ما يجب أن يسمعه البرلمانيون.", "anger"),
        ("NB", "fr", "Les milices supplétives commettent une grande part des abus. Le contrôle parlementaire doit couvrir les forces auxiliaires, pas seulement l'armée régulière.", "rules"),
        ("AN", "fr", "Nous avons ouvert un numéro vert pour signaler les abus des forces de sécurité. Les appels arrivent, mais sans suite judiciaire la ligne perd sa crédibilité.", "accountability"),
        ("FL", "en", "A delegate asked that compensation for civilian victims be budgeted in advance instead of negotiated case by case after each incident.", "accountability"),
    ]),
    (4, [
        ("NB", "ar", "أخطاء الماضي معروفة: حلول عسكرية قصيرة الأمد، ومشاريع تقرر في عواصم بعيدة دون استشارة السكان.", "ownership"),
        ("TE", "en", "Humanitarian appeals for the Central Sahel are funded at well under half. Donors pay for the emergency and forget the recovery; multi-year funding is the single biggest change we could ask for.", "funding"),
        ("RG", "fr", "Les partenaires doivent aligner leurs projets sur nos plans nationaux et passer par nos budgets, au lieu de créer des structures parallèles qui affaiblissent l'État.", "ownership"),
        ("JW", "en", "A little humility: ten years of international presence did not stop the violence from spreading south. Support should follow the priorities of Sahel institutions, not the other way round.", "ownership"),
        ("HK", "fr", "Les sanctions régionales après les coups d'État ont surtout puni les populations. Il faut des sanctions ciblées qui épargnent le commerce et l'aide humanitaire.", "sanctions"),
        ("AM", "fr", "Que les partenaires financent directement les organisations de jeunes, avec des procédures simples. Aujourd'hui seules les grandes ONG de la capitale y ont accès.", "funding"),
        ("HR", "en", "Donor coordination is still weak: in one region we counted eleven projects training the same few prosecutors.", "sanctions"),
        ("SB", "en", "The moderator summed up the round: partnership, predictability and listening to the region were the words he heard most.", None),
        ("KB", "fr", "Les femmes et les jeunes doivent être consultés quand les programmes sont conçus, pas invités à la cérémonie de lancement.", "ownership"),
    ]),
    (5, [
        ("HY", "fr", "Un projet pilote dans la zone des trois frontières : des postes mixtes armée, gendarmerie et administration, avec au même endroit l'état civil et un centre de santé.", "border"),
        ("KB", "fr", "Notre proposition : des comités locaux de paix avec des femmes médiatrices dans dix communes du Liptako, formées et rémunérées pendant trois ans.", "mediation"),
        ("TE", "en", "Pilot durable solutions for displaced families near regional towns: land, documents and a livelihood, rather than camps that quietly become permanent.", "border"),
        ("AM", "en", "Pilot a youth employment scheme rebuilding the schools and health centres destroyed in attacks. It gives young men a wage and a reason to stay.", "jobs"),
        ("OC", "fr", "Des écoles coraniques modernisées qui enseignent aussi le français, le calcul et un métier, dans les zones où l'école publique a fermé.", "mediation"),
        ("AS", "ar", "مشروع تجريبي على الحدود بين موريتانيا ومالي لتسجيل الرعاة وتنظيم مسارات الرعي، للحد من النزاعات بين الرعاة والمزارعين.", "border"),
        ("NB", "en", "Whatever the pilot, measure from day one: a baseline, a comparison area and an independent evaluator, or in three years nobody will know what worked.", None, 11),
        ("FL", "fr", "Une participante demande que les sites pilotes soient choisis avec les élus locaux et pas seulement avec les ministères.", "mediation"),
    ]),
    (6, [
        ("HY", "fr", "Le recrutement doit être national et représentatif. Quand une armée ne recrute pas dans certaines communautés, ces communautés la voient comme une force étrangère.", "recruitment"),
        ("AN", "fr", "Dans la police, les agents affectés au nord restent cinq ans sans relève ni prime. Il faut une rotation régulière et une indemnité de zone à risque.", "pay"),
        ("JW", "en", "Training has been donor-driven and fragmented: five armies, a dozen trainers, a dozen doctrines. One regional curriculum would be cheaper and better.", "training"),
        ("MA", "fr", "Les soldats blessés et les familles des soldats tués doivent être pris en charge. C'est la première condition du moral des troupes.", "pay"),
        ("MM", "ar", "كثير من الشباب النازحين يريدون الالتحاق بالشرطة، لكن ليست لديهم وثائق هوية بعد أن فقدوها أثناء النزوح.", None, 10),
        ("HK", "ar", "يجب أن يكون التدريب على حقوق الإنسان جزءاً من التكوين الأساسي لكل جندي، لا دورة قصيرة يمولها شريك أجنبي.", "training"),
        ("NB", "fr", "Le renseignement humain fait défaut : sans la confiance des populations, les équipements les plus modernes ne servent à rien.", "recruitment"),
        ("AM", "fr", "Recrutez des jeunes des régions concernées dans la police de proximité : ils parlent les langues locales et connaissent le terrain.", "recruitment"),
        ("FL", "en", "A delegate raised the place of women in the security forces: in most Sahel forces fewer than one officer in twenty is a woman, she said.", "recruitment"),
        ("TE", "en", "Screen recruits for past abuses and vet commanders before promotion; it protects the reputation of the whole force.", "training"),
    ]),
    (7, [
        ("KB", "fr", "Dans nos villages, les femmes savent quand des inconnus arrivent. Elles ne le disent pas aux militaires parce qu'elles craignent les représailles des deux côtés.", "warning"),
        ("AN", "fr", "La police de proximité a marché dans la capitale quand les chefs de quartier ont participé aux réunions mensuelles de sécurité. On peut l'étendre aux villes moyennes.", "committees"),
        ("OC", "ar", "يجب إشراك القادة الدينيين والتقليديين في لجان الأمن المحلية، فهم من يثق بهم الناس.", "committees"),
        ("FL", "fr", "Interprétation vers l'arabe interrompue deux minutes ; l'oratrice a repris son propos depuis le début.", "noise"),
        ("MM", "ar", "نحن الشباب لا نريد أن نكون مجرد مخبرين، بل شركاء في اتخاذ القرار الأمني في مناطقنا.", "partners"),
        ("JW", "en", "Community early warning works only when someone answers. A hotline that nobody acts on destroys trust faster than having no hotline at all.", "warning"),
        ("RG", "fr", "Les comités locaux de sécurité doivent être mixtes : élus, chefs traditionnels, femmes, jeunes et un représentant des forces de sécurité.", "committees"),
        ("HY", "fr", "Les actions civilo-militaires, forages, consultations gratuites, ouvrent des portes, à condition de ne pas être de la propagande.", "partners"),
        ("AM", "en", "Arming local self-defence groups is not integrating communities. It creates new armed actors that someone will have to disarm later.", "partners"),
        ("HR", "en", "Associations of victims should have a voice in security policy. In our work with victims of terrorism they are often the strongest advocates of non-violence.", "partners"),
        ("FL", "ar", "سأل أحد الحضور عن حماية المبلّغين في القرى بعد انسحاب القوات منها.", "warning"),
    ]),
    (8, [
        ("HR", "en", "Criminal justice has to be part of the chain. Arrests without evidence lead to releases, and releases lead to revenge.", "justice"),
        ("NB", "fr", "Humanitaires, développeurs et militaires travaillent dans les mêmes villages sans se parler. Il faut au moins un cadre de concertation par région administrative.", "together"),
        ("TE", "en", "Humanitarian actors must keep their distance from military operations to keep their access: coordination yes, integration no.", "together"),
        ("RG", "fr", "Au niveau national, un conseil de sécurité intérieure qui associe aussi les ministères sociaux, pas seulement la défense et l'intérieur.", "together"),
        ("HY", "fr", "Sur le terrain, un officier de liaison civilo-militaire par préfecture suffirait à éviter beaucoup de malentendus.", "liaison"),
        ("AS", "ar", "التنسيق بين برلمانات دول الساحل ضعيف؛ نقترح اجتماعاً سنوياً للجان الدفاع والأمن في هذه البرلمانات.", "liaison"),
        ("JW", "en", "Information sharing between neighbouring states is the weakest link: armed groups cross borders faster than the paperwork does.", "justice"),
        ("FL", "fr", "Un délégué rappelle que la coordination doit associer les autorités coutumières, qui règlent la plupart des conflits locaux.", "together"),
    ]),
    (9, [
        ("RG", "fr", "Les communes ont besoin de moyens propres : les maires sont en première ligne et n'ont aucun budget de prévention.", "local"),
        ("TE", "en", "Communities hosting displaced people share their water, pasture and schools. Support must go to the hosts as much as to the displaced.", "care"),
        ("HK", "fr", "Le soutien psychologique aux victimes, surtout aux enfants, est presque inexistant dans nos pays.", "care"),
        ("KB", "fr", "Les veuves des attaques ont besoin d'activités génératrices de revenus et d'un accès sûr à la terre.", "care"),
        ("AM", "en", "Support local radio in local languages: it is the main source of news in rural areas and the best answer to extremist messages.", "messages"),
        ("OC", "ar", "دعم التعليم الديني المعتدل وتكوين الأئمة لمواجهة الخطاب المتطرف.", "messages"),
        ("HR", "en", "Justice needs support too: courts that sit in the regions, interpreters, and protection for judges and witnesses.", "local"),
        ("AN", "fr", "Pour la police, l'équipement de base : véhicules, radios et surtout du carburant.", "local"),
    ]),
    (10, [
        ("TE", "en", "Displacement in the Central Sahel has grown several times over in five years. Most displaced people live with host families, not in camps, which makes them invisible to planners.", "hosts"),
        ("KB", "fr", "Les femmes déplacées sont exposées aux violences sexuelles. Il faut des espaces sûrs et des policières formées sur les sites.", "protection"),
        ("HK", "ar", "اللاجئون القادمون إلى تشاد يحتاجون إلى أراض زراعية، لا إلى خيام فقط.", "hosts"),
        ("RG", "fr", "La loi sur la protection des personnes déplacées internes existe ; ce qui manque, ce sont son budget et ses décrets d'application.", "rights"),
        ("JW", "en", "States that have not ratified the Kampala Convention should do so, and report to parliament on how they apply it.", "rights"),
        ("AS", "ar", "يجب ضمان العودة الطوعية والآمنة، وعدم إجبار النازحين على العودة إلى مناطق لم تعد آمنة.", "rights"),
        ("AM", "fr", "Les jeunes déplacés ont perdu des années d'école : il faut des programmes accélérés et la reconnaissance des diplômes d'un pays à l'autre.", "protection"),
        ("FL", "en", "A delegate asked what is done where armed groups recruit inside displacement sites.", "protection"),
    ]),
    (11, [
        ("JW", "en", "Count what matters to people: can children go to school, can farmers reach their fields, can traders use the road. Not the number of workshops held.", "indicators"),
        ("HR", "fr", "L'ONUDC propose des indicateurs communs pour la justice pénale : durée de la détention provisoire, dossiers jugés, taux de condamnation.", "evaluation"),
        ("AM", "en", "Let young people collect the data: community scorecards, published every six months.", "indicators"),
        ("SB", "ar", "سأل المنسق عن دور البرلمانات في متابعة تنفيذ توصيات هذه الحلقة بعد القمة.", None),
    ]),
    (13, [
        ("OC", "fr", "La résilience commence par la cohésion : les mariages, les marchés et les fêtes communes entre communautés sont la première défense contre la division.", None),
        ("KB", "fr", "Les tontines et les groupements de femmes tiennent quand tout le reste s'effondre ; il faut les soutenir, pas les remplacer.", None),
        ("AM", "en", "For young people resilience means a job and a voice. Without both, the armed groups offer one of them.", None),
        ("MM", "ar", "نحتاج إلى مدارس تبقى مفتوحة حتى في الأزمات، مع تعليم عن بعد عبر الإذاعة.", None),
        ("TE", "en", "Climate shocks and conflict feed each other: drought pushes herders south and disputes over land turn armed. Adaptation is security policy.", None),
        ("NB", "ar", "التغير المناخي يضاعف التهديدات الأمنية، ويجب ربط برامج التكيف مع المناخ ببرامج الوقاية من النزاعات.", None),
        ("RG", "fr", "Des filets sociaux pour les familles les plus pauvres, versés par téléphone, réduisent l'attrait de l'argent des groupes armés.", None),
        ("AS", "ar", "للمرأة دور أساسي في التربية على السلم داخل الأسرة، ويجب دعمه ببرامج إعلامية.", None),
        ("JW", "en", "Social cohesion programmes need decades, not eighteen-month project cycles.", None),
        ("HK", "fr", "La médiation des chefs coutumiers règle la plupart des conflits fonciers ; la loi devrait la reconnaître.", None),
        ("AM", "fr", "Le sport et la culture rassemblent les jeunes de communautés différentes ; les festivals de la région l'ont montré.", None),
        ("FL", "en", "A speaker from the floor: water points run by joint committees of herders and farmers have reduced clashes in several districts.", None),
        ("SB", "en", "The moderator noted the convergence on jobs, schools, climate adaptation and local mediation as the pillars of resilience.", None),
    ]),
    (14, [
        ("HY", "fr", "Contrôler le territoire, ce n'est pas y faire passer des patrouilles ; c'est que le juge, l'instituteur et l'infirmier y reviennent.", "state"),
        ("MA", "fr", "Des moyens aériens et du renseignement, oui, mais d'abord des routes : sans routes, pas d'État.", "state"),
        ("AN", "ar", "نحتاج إلى مراكز شرطة صغيرة ودائمة في البلدات بدلاً من الحملات المؤقتة.", "state"),
        ("HR", "en", "Border management with biometric registration at the main crossings, shared between neighbouring states.", "borders"),
    ]),
    (None, [
        ("SB", "ar", "اختتم المنسق الجلسة بشكر المتحدثين، وأعلن أن مسودة التوصيات ستعمم على المشاركين قبل القمة.", None),
    ]),
]

# Typos fixed after the session: (the start of the text as corrected in BLOCKS, the text as it
# was first saved).
CORRECTIONS = [
    ("Most young people in my region do not know who their MP is.",
     "Most young people in my region do not know who their MP is. Parliaments have to go where the young are: comunity radio, WhatsApp groups, universities. Otherwise the recruiters get there first."),
]

# Themes per question: key -> label.
THEMES = {
    1: {"bridge": "Parliament as a bridge to the regions", "transition": "Oversight in times of transition",
        "diplomacy": "Parliamentary diplomacy"},
    2: {"budget": "Defence budget transparency", "laws": "Laws in line with international standards",
        "capacity": "Means of the committees"},
    3: {"anger": "Abuses feed recruitment", "accountability": "Accountability and redress",
        "rules": "Rules of engagement and auxiliary forces"},
    4: {"ownership": "Ownership by Sahel institutions", "funding": "Long-term, predictable funding",
        "sanctions": "Sanctions and donor coordination"},
    5: {"border": "Services and security at the borders", "mediation": "Local mediation and education",
        "jobs": "Work for young people"},
    6: {"recruitment": "Recruitment that represents the country", "pay": "Pay, rotation and care",
        "training": "Training and vetting"},
    7: {"committees": "Mixed local security committees", "warning": "Early warning and protection of informants",
        "partners": "Communities as partners"},
    8: {"together": "Security, humanitarian and development together", "justice": "Justice and information sharing",
        "liaison": "Liaison on the ground and between parliaments"},
    9: {"local": "Means for local authorities, justice and police", "care": "Care and livelihoods for victims and hosts",
        "messages": "Answering extremist messages"},
    10: {"rights": "Rights, documents and the law", "protection": "Protection at displacement sites",
         "hosts": "Land and host communities"},
    11: {"indicators": "Indicators that matter to people", "evaluation": "Baselines and evaluation"},
    14: {"state": "The return of the state", "borders": "Borders"},
}

# Draft recommendations: (question, theme or None, text, status, rank, addressed to, support).
# Support None: the members of the theme; otherwise speaker keys whose contributions of that
# question support it. ``history`` lists earlier (text, status) states the text went through.
RECOMMENDATIONS = [
    dict(q=1, theme="bridge", status="agreed", rank=1, to="Parliaments",
         text="Parliaments of the Sahel hold regular public hearings on security outside the capital, in the border regions most affected by violence, and report back to the communities they heard.",
         history=[("Parliaments hold hearings on security in the regions.", "draft"),
                  ("Parliaments of the Sahel hold regular public hearings on security outside the capital, in the border regions most affected by violence.", "reviewed")]),
    dict(q=1, theme="diplomacy", status="reviewed", to="Regional organizations",
         text="Set up a standing network of the defence and security committees of Sahel parliaments, with the Arab Parliament, the CIP G5 Sahel and the Parliamentary Assembly of the Mediterranean, so that dialogue continues when governments are at odds."),
    dict(q=2, theme="budget", status="agreed", rank=3, to="Parliaments",
         text="Vote the defence budget with a detailed annex, presented in closed session to the defence committee, covering procurement, pay, fuel and the police."),
    dict(q=2, theme="laws", status="agreed", rank=4, to="Parliaments",
         text="Review counter-terrorism laws, with the legislative assistance of UNODC, so that they match the universal legal framework against terrorism and human-rights obligations."),
    dict(q=2, theme="laws", status="reviewed", to="Parliaments", support=["HK", "NB"],
         text="Require parliamentary approval of military cooperation agreements, and the declaration to the defence committee of contracts with private military and security companies."),
    dict(q=3, theme="accountability", status="agreed", rank=2, to="Security sector",
         text="Armed and auxiliary forces report civilian harm to the defence committees every quarter; any incident with civilian deaths leads to an inquiry whose findings are published.",
         support=["JW", "HR", "MA", "AN", "NB"],
         history=[("Armed forces report civilian casualties to parliament.", "draft")]),
    dict(q=3, theme="accountability", status="reviewed", to="Governments", support=["FL", "HR"],
         text="Set aside in each defence budget a fund to compensate civilian victims of military operations, paid without case-by-case negotiation."),
    dict(q=3, theme="anger", status="draft", to="Parliaments",
         text="Give religious and community leaders a safe channel to bring complaints about abuses to parliament without exposing those who complain."),
    dict(q=4, theme="funding", status="agreed", rank=6, to="The international community", support=["TE", "AM", "RG"],
         text="International partners commit multi-year, predictable funding aligned with national plans, channelled through national budgets where possible, with a share open directly to local youth and women's organizations."),
    dict(q=4, theme="sanctions", status="reviewed", to="Regional organizations", support=["HK"],
         text="Regional sanctions after unconstitutional changes of government are targeted so that trade and humanitarian aid continue to reach the population."),
    dict(q=5, theme="border", status="reviewed", to="Governments",
         text="Launch a pilot in the Liptako-Gourma tri-border area combining joint security posts with civil registration and a health centre on the same site."),
    dict(q=5, theme="mediation", status="reviewed", to="Donors", support=["KB", "FL"],
         text="Fund local peace committees with trained and paid women mediators in ten pilot communes for three years, chosen with local elected officials."),
    dict(q=5, theme="jobs", status="draft", to="Governments",
         text="Pilot a public-works programme in which young people rebuild the schools and health centres destroyed in attacks."),
    dict(q=6, theme="training", status="reviewed", to="Security sector",
         text="Adopt one regional training curriculum for the armed and security forces of the Sahel, with human rights and the protection of civilians in basic training, and vetting of commanders before promotion."),
    dict(q=6, theme="pay", status="draft", to="Governments",
         text="Guarantee pay, hazard allowances and regular rotation, and care for wounded soldiers and the families of the fallen, in the military programming law."),
    dict(q=7, theme="committees", status="agreed", rank=5, to="Governments",
         text="Create mixed local security committees (elected officials, traditional and religious leaders, women, youth and the security forces) meeting monthly in every commune at risk."),
    dict(q=7, theme="warning", status="reviewed", to="Security sector",
         text="Protect those who give early warning, also after forces withdraw, and make sure every alert receives an answer."),
    dict(q=7, theme="partners", status="dropped", to="Governments", support=["AM"],
         text="Ban the arming of new self-defence militias.",
         history=[("Ban the arming of new self-defence militias.", "draft")]),
    dict(q=8, theme="together", status="reviewed", to="Governments",
         text="Create coordination frameworks in each administrative region that bring together security, justice, humanitarian and development actors and customary authorities, respecting humanitarian principles."),
    dict(q=8, theme="liaison", status="draft", to="Parliaments", support=["AS"],
         text="Hold an annual meeting of the defence and security committees of Sahel parliaments."),
    dict(q=9, theme="local", status="draft", to="Governments", support=["RG"],
         text="Give municipalities a budget line for prevention and local security."),
    dict(q=9, theme="messages", status="dropped", to="Governments", support=["OC"],
         text="Fund moderate religious education and the training of imams against extremist speech."),
    dict(q=10, theme="rights", status="agreed", rank=7, to="Governments",
         text="Issue civil documents to displaced people, fund the laws on internal displacement and their implementing decrees, and guarantee that return is voluntary, safe and dignified."),
    dict(q=10, theme="protection", status="draft", to="Security sector", support=["KB", "FL"],
         text="Provide safe spaces and trained women police officers at every displacement site."),
    dict(q=11, theme="indicators", status="reviewed", to="Parliaments",
         text="Follow a shared set of impact indicators that matter to people (school attendance, access to fields and roads, pre-trial detention times), with community scorecards reported to parliaments every six months."),
    dict(q=13, theme=None, status="draft", to="Donors", support=["TE", "NB", "FL"],
         text="Link climate adaptation programmes with conflict prevention, starting with water points managed jointly by herders and farmers."),
    dict(q=14, theme="state", status="draft", to="Governments",
         text="Plan the return of the state to recovered areas around judges, teachers, health workers, roads and permanent police posts, not patrols alone."),
]


# The lenses of the Call of the Sahel (human, state, regional concerns) the drafting group gave
# each recommendation, by its theme (the question's number for one without a theme).
LENSES = {
    "bridge": ["human"], "diplomacy": ["regional"], "budget": ["state"], "laws": ["state"],
    "accountability": ["human", "state"], "anger": ["human"], "funding": ["state"], "sanctions": ["regional"],
    "border": ["regional"], "mediation": ["human"], "jobs": ["human"], "training": ["state", "regional"],
    "pay": ["state"], "committees": ["human"], "warning": ["human"], "partners": ["state"], "together": ["state"],
    "liaison": ["regional"], "local": ["state"], "messages": ["human"], "rights": ["human"], "protection": ["human"],
    "indicators": ["human"], 13: ["regional"], "state": ["state"],
}

# Words that make the rapporteur flag a contribution as a proposed recommendation (ctrl+b).
PROPOSALS = ("Notre proposition", "نقترح", "we propose", "We propose", "I propose")


# --- after the Summit: the follow-up (invented, as everything here) ------------------------------
#
# Agreed recommendations became activities, each with a lead, partners, dates, and a timeline of
# updates from the partners (in English, French and Arabic); an activity takes its
# recommendation's area (the agenda's: security) and lens, unless it has one of its own (the
# donor round table and the pilot in the tri-border area are regional). One agreed
# recommendation (Q2 "laws") has no activity yet: the report lists it as not followed up.
# ``rec``: the recommendation's (question, theme); leads and partners are (name, kind); an update
# is (date, (who, kind) or None, status or None, progress or None, text, source or None).

FOLLOWUP_AS_OF = "2025-03-11"  # the monitoring report of the sample: two years after the panel
FOLLOWUP_TITLE = "Follow-up of the recommendations (invented sample)"

NIGER = ("Assemblée nationale du Niger", "parliament")
CHAD = ("Assemblée nationale du Tchad", "parliament")
MAURITANIA = ("National Assembly of Mauritania", "parliament")
IPU = ("IPU", "organization")
UNODC = ("UNODC", "organization")
CIP = ("CIP G5 Sahel", "parliament")
PAM = ("Parliamentary Assembly of the Mediterranean", "parliament")
ARAB = ("Arab Parliament", "parliament")
UNHCR = ("UNHCR", "organization")

FOLLOWUP = [
    dict(rec=(1, "bridge"), created="2023-05-22",
         title="Hold public hearings on security in Tillabéri and Gao, outside the capital",
         lead=NIGER, partners=[UNODC, IPU, ("Hon. Ramatou Issa Garba", "person")], start="2023-06-01", due="2024-06-30",
         updates=[
             ("2023-07-14", ("Secrétariat de la commission défense, Assemblée nationale du Niger", "parliament"),
              "under way", 25, "Première audition publique à Tillabéri : 140 participants, dont 40 femmes et "
              "30 jeunes. Les plaintes portent sur les routes fermées et les marchés.", "Procès-verbal n° 2023/41"),
             ("2023-11-20", UNODC, "stalled", None, "The Gao hearing is postponed: the road from Niamey is closed "
              "and the escort was withdrawn.", None),
             ("2024-05-10", NIGER, "under way", 70, "Audition tenue à Gao avec une escorte de la garde nationale ; "
              "le rapport est en cours de rédaction.", "Communiqué de presse du 10 mai 2024"),
         ]),
    dict(rec=(1, "bridge"), created="2023-05-22",
         title="Report back to the communities heard, on community radio in Hausa, Zarma and Fulfulde",
         lead=NIGER, partners=[("Community radios of Tillabéri", "organization")], start="2024-06-01", due="2025-12-31",
         updates=[
             ("2024-09-02", ("Community radios of Tillabéri", "organization"), "under way", 40,
              "Four broadcasts recorded; the Fulfulde one is on air every Friday.", None),
         ]),
    dict(rec=(2, "budget"), created="2023-06-05",
         title="A model annex for the defence budget, presented in closed session to the defence committee",
         lead=PAM, partners=[IPU], start="2023-07-01", due="2024-03-31",
         updates=[
             ("2023-09-18", PAM, "under way", 40, "Template drafted with three finance committees.",
              "Working paper PAM/2023/9"),
             ("2024-02-28", MAURITANIA, "done", None, "The annex was used for the 2024 defence budget and presented "
              "to the committee in closed session.", "Rapport de la commission des finances, 28 février 2024"),
         ]),
    dict(rec=(3, "accountability"), created="2023-06-05",
         title="Quarterly reports on civilian harm to the defence committee, and an inquiry for every incident with "
               "civilian deaths",
         lead=CHAD, partners=[CIP], start="2023-07-01", due="2024-12-31",
         updates=[
             ("2023-10-03", CHAD, "under way", 10, "Letter sent to the ministry of defence asking for the first "
              "quarterly report.", None),
             ("2024-04-02", ARAB, "stalled", None, "لم تتلقَّ لجنة الدفاع أي رد من الوزارة على رسالتين، "
              "وتقترح عقد جلسة استماع علنية.", "مراسلة رقم 114"),
         ]),
    dict(rec=(4, "funding"), created="2023-06-12", lens="regional",
         title="A donor round table on multi-year funding channelled through national budgets",
         lead=IPU, partners=[ARAB, ("UNDP", "organization")], start="2023-09-01", due="2024-09-30",
         updates=[
             ("2024-01-15", IPU, "under way", 30, "Date set for June in Nouakchott; eleven donors invited.", None),
             ("2024-07-01", IPU, "dropped", None, "Cancelled after the change of government in one of the hosts; "
              "the question goes to the Summit's own follow-up.", None),
         ]),
    dict(rec=(7, "committees"), created="2023-06-12", lens="regional",
         title="Pilot mixed local security committees in ten communes of Liptako-Gourma",
         lead=CIP, partners=[UNODC, IPU], start="2023-09-01", due="2026-06-30",
         updates=[
             ("2024-01-20", CIP, "under way", 20, "Ten communes chosen with the mayors; the first two committees met.",
              None),
             ("2024-10-08", UNODC, None, 60, "Six of the ten committees meet every month; two mayors ask for training "
              "in mediation.", "Field mission report, October 2024"),
         ]),
    dict(rec=(10, "rights"), created="2023-06-19",
         title="A bill on the civil documents of displaced people, with its implementing decree",
         lead=MAURITANIA, partners=[UNHCR, ARAB], start="2023-10-01", due="2025-06-30",
         updates=[
             ("2024-06-11", ARAB, "under way", 50, "اعتمدت لجنة الشؤون القانونية مشروع القانون في القراءة الأولى، "
              "ويُنتظر المرسوم التطبيقي.", None),
         ]),
]
