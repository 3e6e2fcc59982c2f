"""Code tables, names and places the synthetic schools draw from, with the shares that make
them look like a real private collège + lycée (code lists of the Nomenclature 3.1 of 2019).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

#: ``LOGICIEL`` of the import file
SOFTWARE = "SIECLE-SDK"
#: largest school the generator makes (INE and ids stay unique up to there)
MAX_PUPILS = 999_999
#: largest private id the import format accepts (``entier5``)
MAX_PRIVATE_ID = 99_999
#: ``progress(stage, pupils done in this pass)``, called every few thousand pupils
Progress = Callable[[str, int], None]

_PROGRESS_STEP = 2000
T = TypeVar("T")
_DIVISION_SIZE = 28
#: two legal representatives, a person in charge and a contact
_MAX_PERSONS_PER_FAMILY = 4
_OPEN_END = dt.date(9999, 12, 31)


def _rows(text: str) -> tuple[tuple[str, ...], ...]:
    """A table written one row per line, fields separated by ``|``."""
    return tuple(tuple(line.split("|")) for line in text.strip().splitlines())


def _names(text: str) -> tuple[str, ...]:
    """Names separated by ``|`` (they may contain spaces)."""
    return tuple(name.strip() for name in text.split("|"))


# --- the school's programme ------------------------------------------------------------------

#: CODE_MATIERE | CODE_GESTION | LIBELLE_COURT | LIBELLE_LONG | LIBELLE_EDITION | nationale
_MATIERES = {
    row[0]: row[1:]
    for row in _rows("""
006600|ACCPE|ACCOMPAGNEMT. PERSO.|ACCOMPAGNEMENT PERSONNALISE|Accompagnement personnalisé|
008400|VICLA|VIE DE CLASSE|VIE DE CLASSE|Vie de classe|
010300|PHILO|PHILOSOPHIE|PHILOSOPHIE|Philosophie|
020300|LCALA|LCA LATIN|LANGUES ET CULTURES DE L'ANTIQUITE LATIN|\
Langues et cultures de l'Antiquité latin|
020400|LCAGR|LCA GREC|LANGUES ET CULTURES DE L'ANTIQUITE GREC|\
Langues et cultures de l'Antiquité grec|
020700|FRANC|FRANCAIS|FRANCAIS|Français|
020C00|LSF|LANGUE DES SIGNES FR|LANGUE DES SIGNES FRANCAISE|Langue des signes française|029900
030101|ALL1|ALLEMAND LV1|ALLEMAND LV1|Allemand LV1|
030102|ALL2|ALLEMAND LV2|ALLEMAND LV2|Allemand LV2|
030201|AGL1|ANGLAIS LV1|ANGLAIS LV1|Anglais LV1|
030202|AGL2|ANGLAIS LV2|ANGLAIS LV2|Anglais LV2|
030601|ESP1|ESPAGNOL LV1|ESPAGNOL LV1|Espagnol LV1|
030602|ESP2|ESPAGNOL LV2|ESPAGNOL LV2|Espagnol LV2|
043700|HI-GE|HISTOIRE-GEOGRAPHIE|HISTOIRE-GEOGRAPHIE|Histoire-géographie|
043800|EMC|ENS. MORAL & CIVIQUE|ENSEIGNEMENT MORAL ET CIVIQUE|Enseignement moral et civique|
043900|HGGSP|HIST.GEO.GEOPOL.S.P.|HIST.-GEO. GEOPOLITIQUE & SC.POLITIQUES|\
Histoire-géographie, géopolitique et sciences politiques|
050700|SES|SC. ECONO.& SOCIALES|SCIENCES ECONOMIQUES ET SOCIALES|Sciences économiques et sociales|
061300|MATHS|MATHEMATIQUES|MATHEMATIQUES|Mathématiques|
062300|PH-CH|PHYSIQUE-CHIMIE|PHYSIQUE-CHIMIE|Physique-chimie|
062900|SVT|SCIENCES VIE & TERRE|SCIENCES DE LA VIE ET DE LA TERRE|Sciences de la vie et de la Terre|
065300|G-SCI|ENSEIGN.SCIENTIFIQUE|ENSEIGNEMENT SCIENTIFIQUE|Enseignement scientifique|
074600|SNTEC|SC.NUMERIQ.TECHNOL.|SCIENCES NUMERIQUES ET TECHNOLOGIE|\
Sciences numériques et technologie|
074700|NSINF|NUMERIQUE SC.INFORM.|NUMERIQUE ET SCIENCES INFORMATIQUES|\
Numérique et sciences informatiques|
083200|MUSIQ|MUSIQUE|MUSIQUE|Musique|
090100|A-PLA|ARTS PLASTIQUES|ARTS PLASTIQUES|Arts plastiques|
100100|EPS|ED.PHYSIQUE & SPORT.|EDUCATION PHYSIQUE ET SPORTIVE|Éducation physique et sportive|
278500|THEAT|THEATRE|THEATRE|Théâtre|
""")
}

_LVA = ("030201", "030101", "030601")
_LVA_CUM = tuple(accumulate((85, 7, 8)))
_LVB = ("030202", "030102", "030602")
_LV2 = ("030602", "030102")
#: second languages in order of preference: English, else Spanish, else German
_SECOND_CHOICES = ("030202", "030602", "030102")
_LANGUAGES = frozenset(_LVA + _LVB)
_SPE = ("043900", "050700", "061300", "062300", "062900", "074700", "090100", "278500")
_SPE_CUM = tuple(accumulate((10, 18, 26, 16, 14, 8, 4, 4)))
_LATIN = "020300"


def _programme(text: str) -> tuple[tuple[str, ...], ...]:
    """``matière:modalité:horaire`` items separated by spaces."""
    return tuple(tuple(item.split(":")) for item in text.split())


def _optional(text: str) -> tuple[tuple[str, str, float], ...]:
    """``matière:horaire:share of the pupils`` items separated by spaces."""
    return tuple((m, h, float(share)) for m, h, share in (i.split(":") for i in text.split()))


#: the collège's common programme: the languages are its compulsory options (LV1 from 6e, LV2
#: from 5e), as in real nomenclatures (NB_OPT_OBLIG 1 in 6EME, 2 in 5G, 4G and 3EME)
_COLLEGE = (
    "020700:S:4.50 061300:S:3.50 043700:S:3.00 043800:S:0.50 062900:S:1.50 "
    "062300:S:1.50 100100:S:3.00 090100:S:1.00 083200:S:1.00 008400:S:0.00"
)
_LYCEE = "043700:S:3.00 043800:S:0.50 100100:S:2.00 008400:S:0.00"


@dataclass(frozen=True)
class _Level:
    """A MEF the school enrols pupils in, with its programme and how its divisions are named."""

    index: int
    mef: str
    formation: str
    libelle: str
    edition: str
    mefstat: str
    opened: dt.date
    #: age the pupils reach during the rentrée year
    age: int
    #: share of the school's pupils
    share: float
    #: division codes: prefix + letters (``6A``, ``4 B``) or prefix + number (``2NDE1``)
    prefix: str
    numbered: bool
    #: division labels: label + suffix (``4EME B``)
    label: str
    #: latin groups ``LAT<tag>_<n>``, one per four divisions
    latin_tag: str
    #: (matière, modalité, horaire) taught to every pupil
    common: tuple[tuple[str, ...], ...]
    #: matières allowed at compulsory-option rank 1, 2...
    ranks: tuple[tuple[str, ...], ...]
    rank_hours: tuple[str, ...]
    #: (matière, horaire, share of the pupils) of the optional (``F``) options
    optional: tuple[tuple[str, str, float], ...]

    @property
    def lycee(self) -> bool:
        return self.mef[0] == "2"


#: index | MEF | FORMATION | LIBELLE_LONG | LIBELLE_EDITION | MEFSTAT | opened | age | share |
#: division prefix | numbered | label | latin group tag
_LEVEL_ROWS = _rows("""
0|10010012110|6EME|6EME|6ème|21110010012|01/09/1995|11|0.16|6||6EME|
1|10110001110|5G|5EME|5ème|21120010001|01/09/1992|12|0.16|5||5EME|5
2|10210001110|4G|4EME|4ème|21150010001|01/09/1992|13|0.16|4 ||4EME|4
3|10310019110|3EME|3EME|3ème|21160010019|01/09/2002|14|0.16|3 ||3EME|3
4|20010018110|2-GT|2NDE GENERALE ET TECHNOLOGIQUE|2nde générale et technologique|22111410018|\
01/09/2010|15|0.13|2NDE|1|2NDE|2
5|20110019110|1G|PREMIERE GENERALE|Première générale|22121810019|01/09/2010|16|0.12|1ERE|1|1ERE|
6|20210019110|TG|TERMINALE GENERALE|Terminale générale|22131810019|01/09/2010|17|0.11|T_G|1|TERM G|
""")
_LSF = " 020C00:1.00:0.005"
#: per level: common programme, compulsory ranks, their hours, optional options
_LEVEL_PROGRAMMES: tuple[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...], str], ...] = (
    (_COLLEGE, (_LVA,), ("4.00",), "030102:2.00:0.10" + _LSF),
    (_COLLEGE, (_LVA, _LV2), ("3.00", "2.50"), "020300:1.00:0.15" + _LSF),
    (_COLLEGE, (_LVA, _LV2), ("3.00", "2.50"), "020300:2.00:0.15" + _LSF),
    (_COLLEGE, (_LVA, _LV2), ("3.00", "2.50"), "020300:2.00:0.15 020400:2.00:0.03" + _LSF),
    (
        "020700:S:4.00 061300:S:4.00 062300:S:3.00 062900:S:1.50 050700:S:1.50 074600:S:1.50 "
        "006600:X:0.00 " + _LYCEE,
        (_LVA, _LVB),
        ("3.00", "2.50"),
        "020300:3.00:0.08 083200:3.00:0.04 090100:3.00:0.04 278500:3.00:0.04 "
        "100100:3.00:0.03" + _LSF,
    ),
    (
        "020700:S:4.00 065300:S:2.00 " + _LYCEE,
        (_LVA, _LVB, _SPE, _SPE, _SPE),
        ("2.50", "2.50", "4.00", "4.00", "4.00"),
        "020300:3.00:0.05 083200:3.00:0.03 278500:3.00:0.03" + _LSF,
    ),
    (
        "010300:S:4.00 065300:S:2.00 " + _LYCEE,
        (_LVA, _LVB, _SPE, _SPE),
        ("2.00", "2.00", "6.00", "6.00"),
        "020300:3.00:0.05 083200:3.00:0.03" + _LSF,
    ),
)
_LEVELS = tuple(
    _Level(
        int(index),
        mef,
        formation,
        libelle,
        edition,
        mefstat,
        dt.datetime.strptime(opened, "%d/%m/%Y").date(),
        int(age),
        float(share),
        prefix,
        bool(numbered),
        label,
        latin,
        _programme(common),
        ranks,
        hours,
        _optional(optional),
    )
    for (
        index,
        mef,
        formation,
        libelle,
        edition,
        mefstat,
        opened,
        age,
        share,
        prefix,
        numbered,
        label,
        latin,
    ), (common, ranks, hours, optional) in zip(_LEVEL_ROWS, _LEVEL_PROGRAMMES, strict=True)
)
#: MEF d'origine "FORMATION INDETERMINEE" of real nomenclatures: the previous-year MEF of pupils
#: coming from a primary school, whose formations are not second-degree MEFs
_UNKNOWN_ORIGIN = "99999999990"
_LEVEL_CUM = tuple(accumulate(level.share for level in _LEVELS))

# --- national code lists (Nomenclature 3.1 of 2019) -------------------------------------------

_MODALITES_ELECTION = _rows("""
S|TRONC COMM|MATIERE ENSEIGNEE EN TRONC COMMUN
O|OBLIGATOIR|MATIERE ENSEIGNEE OPTION OBLIGATOIRE
F|FACULTATIF|MATIERE ENSEIGNEE OPTION FACULTATIVE
N|OBL OU FAC|MATIERE ENSEIGNEE OBLIG. OU FACULTATIVE
X|MESURE SPE|MESURE SPECIFIQUE
L|AJOUT ACAD|AJOUT ACADEMIQUE AU PROGRAMME
R|ENS.RELIG.|ENSEIGNEMENT RELIGIEUX
""")
_REGIMES = _rows("""
0|EXTERN|EXTERNE LIBRE
1|EX.SUR|EXTERNE SURVEILLE
2|DP DAN|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT
3|INTERN|INTERNE DANS L'ETABLISSEMENT
4|IN.EX.|INTERNE EXTERNE
5|IN.HEB|INTERNE HEBERGE
6|DP HOR|DEMI-PENSIONNAIRE HORS L'ETABLISSEMENT
21|DP 1 J|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT 1
22|DP 2 J|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT 2
23|DP 3 J|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT 3
24|DP 4 J|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT 4
25|DP 5 J|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT 5
26|DP 6 J|DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT 6
29|TICKET|DEMI-PENSIONNAIRE AU TICKET
31|INT 1J|INTERNE 1 JOUR
32|INT 2J|INTERNE 2 JOURS
33|INT 3J|INTERNE 3 JOURS
34|INT 4J|INTERNE 4 JOURS
35|INT 5J|INTERNE 5 JOURS
36|INT 6J|INTERNE 6 JOURS
38|1/2 IN|DEMI INTERNE
39|INT WE|INTERNE WEEK END
""")
#: CODE_PARENTE | LIBELLE_COURT | LIBELLE_LONG | LIBELLE_EDITION | TRI
_LIENS_PARENTE = _rows("""
10|MERE|MERE|Mère|1
20|PERE|PERE|Père|2
38|ASCENDANT|ASCENDANT|Ascendant|3
37|FRATRIE|FRATRIE|Fratrie|4
39|AUTRE FAM.|AUTRE MEMBRE DE LA FAMILLE|Autre membre de la famille|5
50|TUTEUR|TUTEUR|Tuteur|6
70|ELEVE|ELEVE LUI-MEME|Élève lui-même|7
51|ASE|AIDE SOCIALE A L'ENFANCE|Aide sociale à l'enfance|8
41|EDUCATEUR|EDUCATEUR|Éducateur|9
42|ASS. FAMIL|ASSISTANT FAMILIAL|Assistant familial|10
90|AUTRE LIEN|AUTRE LIEN|Autre lien|12
""")
_NIVEAUX = _rows("""
1|LEGAL|REPRESENTANT LEGAL|Représentant légal
2|EN CHARGE|PERSONNE EN CHARGE DE L'ELEVE|Personne en charge de l'élève
3|CONTACT|PERSONNE A CONTACTER|Personne à contacter
""")
#: CODE_BOURSE | LIBELLE_COURT | LIBELLE_LONG | BOURSE_NATIONALE
_BOURSES = _rows("""
1|NAT.|BOURSE NATIONALE|1
2|DEP.|BOURSE DEPARTEMENTALE|0
4|E.SUP.|BOURSE ENSEIGNEMENT SUPERIEUR|0
8|COLL.|BOURSE DES COLLEGES|1
""")
_PROFESSIONS = _rows("""
10|Agriculteur exploitant|Agriculteurs exploitants
21|Artisan|Artisans
22|Commerçant|Commerçants et assimilés
23|Chef d'entreprise 10 salariés ou plus|Chefs d'entreprise de 10 salariés ou plus
31|Profession libérale|Professions libérales
33|Cadre fonction publique|Cadres de la fonction publique
34|Professeur/Profession scientifique|Professeurs, professions scientifiques
35|Profession information-arts-spectacles|Professions de l'information, des arts et des spectacles
37|Cadre admin./Commercial d'entreprise|Cadres administratifs et commerciaux d'entreprise
38|Ingénieur/Cadre technique d'entreprise|Ingénieurs et cadres techniques d'entreprise
42|Professeur des écoles/Instituteur|Professeurs des écoles, instituteurs et assimilés
43|Intermédiaire santé et social|Professions intermédiaires de la santé et du travail social
44|Clergé/Religieux|Clergé, religieux
45|Intermédiaire admin. fonction publique|\
Professions intermédiaires administratives de la fonction publique
46|Intermédiaire admin. commerc. entreprise|\
Professions intermédiaires administratives commerciales en entreprise
47|Technicien|Techniciens
48|Contremaître/Agent de maîtrise|Contremaîtres, agents de maîtrise
52|Employé civil/Agent fonction publique|\
Employés civils et agents de service de la fonction publique
53|Policier/Militaire|Policiers et militaires
54|Employé admin. d'entreprise|Employés administratifs d'entreprises
55|Employé de commerce|Employés de commerce
56|Services directs aux particuliers|Personnels des services directs aux particuliers
62|Ouvrier qualifié dans l'industrie|Ouvriers qualifiés de type industriel
63|Ouvrier qualifié dans l'artisanat|Ouvriers qualifiés de type artisanal
64|Chauffeur|Chauffeurs
65|Ouvrier qualifié manut. magasin. transp.|\
Ouvriers qualifiés de la manutention, du magasinage et du transport
67|Ouvrier non qualifié dans l'industrie|Ouvriers non qualifiés de type industriel
68|Ouvrier non qualifié dans l'artisanat|Ouvriers non qualifiés de type artisanal
69|Ouvrier agricole|Ouvriers agricoles
71|Retraité agriculteur exploitant|Retraités agriculteurs exploitants
72|Retraité artisan-commerçant-chef entrepr|Retraités artisans, commerçants, chefs entreprise
74|Retraité cadre|Anciens cadres
75|Retraité profession intermédiaire|Anciennes professions intermédiaires
77|Retraité employé|Anciens employés
78|Retraité ouvrier|Anciens ouvriers
81|Chômeur n'ayant jamais travaillé|Chômeurs n'ayant jamais travaillé
83|Militaire du contingent|Militaires du contingent
84|Elève/Etudiant|Elèves, étudiants
85|Sans profession -60 ans (hors retraité)|\
Personnes sans activité professionnelle < 60 ans (sauf retraités)
86|Sans profession +60 ans (hors retraité)|\
Personnes sans activité professionnelle >= 60 ans (sauf retraités)
99|Non renseignée (inconnue ou sans objet)|non renseignée (inconnue ou sans objet)
""")
_PROVENANCES = _rows("""
1|PU ACA|ETAB. PUBLIC DE L ACADEMIE
2|PR ACA|ETAB. PRIVE DE L ACADEMIE
3|PU HORS AC|ETAB. PUBLIC HORS ACADEMIE
4|PR HORS AC|ETAB. PRIVE HORS ACADEMIE
5|FRANC ETRG|ETAB. FRANCAIS A L ETRANGER
6|ETRG CEE|ETAB. ETRANGER CEE
7|ETRG HCEE|ETAB. ETRANGER HORS CEE
8|AUTRE|AUTRE
""")
_MOTIFS_SORTIE = _rows("""
10|SE 2D PUAC|SUITE ETUDES 2D DEG. MEN:PUBLIC ACADEMIE
11|SE 2D PRIA|SUITE ETUDES 2D DEG. MEN:PRIVE ACADEMIE
12|SE 2D PUHA|SUITE ETUDES 2D DEG. MEN:PUBLIC HORS ACA
13|SE 2D PRIH|SUITE ETUDES 2D DEG. MEN:PRIVE HORS ACA.
14|SE 2D ETRA|SUITE ETUDES 2D DEG. MEN:ETAB. ETRANGER
19|SE 2D M.SP|SUITE ETUDES 2D DEG. MEN:SANS PRECISIONS
20|AUT EN SUP|AUTRE SUITE ETUDES : ENSEIGT SUPERIEUR
21|AUT AGRIC.|AUTRE SUITE ETUDES : MINIST.AGRICULTURE
22|AUT SANTE|AUTRE SUITE ETUDES : MINISTERE SANTE
23|AUTRE MIN.|AUTRE SUITE ETUDES : AUTRE MINISTERE
24|AUT APPREN|AUTRE SUITE ETUDES : APPRENTISSAGE
25|AUTRE CEE|AUTRE SUITE ETUDES : ETRANGER UE
26|AUT HO CEE|AUTRE SUITE ETUDES : ETRANGER HORS UE
27|CNED|AUTRE SUITE ETUDES : CNED
29|AUTRE SSPR|AUTRE SUITE ETUDES : SANS PRECISION
30|F.E EMPLOI|FIN D'ETUDES : EMPLOI HORS CONTRAT AIDE
31|F.E C AIDE|FIN D'ETUDES : CONTRAT AIDE
32|F.E RECH.E|FIN D'ETUDES : RECHERCHE D'EMPLOI
33|F.E STG.FP|FIN D'ETUDES : STAGES DE FORMATION PROF.
34|F.E SE.NAT|FIN D'ETUDES : SERVICE NATIONAL
35|F.E SS ACT|FIN D'ETUDES : SANS ACTIVITE PROFESS.
39|F.E SS PRE|FIN D'ETUDES : SANS PRECISION
40|AU.MOT SP|AUTRE MOTIF SANS PRECISION
41|INT.MALADI|INTERRUPTION ETUDES
42|DEP ETR SP|DEPART A L'ETRANGER SANS PRECISION
43|DECES|DECES
44|NON PR.ETA|NE S'EST PAS PRESENTE DANS L'ETABLISSEM.
45|CESURE|CESURE
99|INCONNU|INCONNU
""")
_STATUTS = _rows("""
ST|SCOLAIRE|SCOLAIRE
AP|APPRENTI|APPRENTI
CQ|CONTR.QUAL|CONTRAT DE QUALIFICATION
FQ|STAG.F-PRO|STAGIAIRE DE LA FORMATION PROF.
FC|F CONTINUE|FORMATION CONTINUE
""")
_CONTRATS = _rows("""
1|HORS CTRAT|HORS CONTRAT
3|CTR ASSOC|SOUS CONTRAT D'ASSOCIATION
""")
_TYPES_ETAB = _rows("""
LYC|LYCEE|LYCEE
LP|LP|LYCEE PROFESSIONNEL
CLG|COLLEGE|COLLEGE
EREA|EREA|ECOLE REGIONALE DU SECOND DEGRE
SGT|SGT|SECTION GENERALE ET TECHNO EN LP
SEP|SEP|SECTION PROFESSIONNELLE EN LYCEE
SES|SEGPA|SECTION ENSEIGNT GEN. ET PROF. ADAPTE
1ORD|ECOLE 1D|ECOLE DU 1ER DEGRE ORDINAIRE
SPEC|SPECIALISE|ECOLE DU 1ER DEGRE SPECIALISEE
CFA|CFA|CENTRE DE FORMATION D APPRENTIS
CNED|CNED|CENTRE D ENSEIGNEMENT A DISTANCE
EFE|EFE|ECOLE FRANCAISE A L ETRANGER
ETRA|ETAB ETRAN|ETABLISSEMENT FRANCAIS A L'ETRANGER
9999|SS CORRESP|SANS CORRESPONDANCE
""")
_CIVILITES = _rows("""
1|M.|MONSIEUR
2|MME|MADAME
""")
_MODALITES_COURS = _rows("""
CG|COURS|COURS GENERAL
TD|T.D|TRAVAUX DIRIGES
TP|TP|TRAVAUX PRATIQUES
AT|ATELIER|ATELIER
AP|ATP|ATELIER DE PRATIQUE
MO|MODULE|MODULE MONO-DISCIPLINAIRE
AI|AIDE IND|AIDE INDIVIDUALISEE - SOUTIEN
PL|PLURIDISC|PLURIDISCIPLINAIRE
EC|ENS. COMP.|ENSEIGNEMENT COMPLEMENTAIRE
""")

# --- people and places -------------------------------------------------------------------------

_FAMILY_NAMES = _names("""
MARTIN|BERNARD|THOMAS|PETIT|ROBERT|RICHARD|DURAND|DUBOIS|MOREAU|LAURENT|SIMON|MICHEL|LEFÈVRE|
LEROY|ROUX|DAVID|BERTRAND|MOREL|FOURNIER|GIRARD|BONNET|DUPONT|LAMBERT|FONTAINE|ROUSSEAU|VINCENT|
MULLER|LEFEBVRE|FAURE|ANDRÉ|MERCIER|BLANC|GUÉRIN|BOYER|GARNIER|CHEVALIER|FRANÇOIS|LEGRAND|
GAUTHIER|GARCIA|PERRIN|ROBIN|CLÉMENT|MORIN|NICOLAS|HENRY|ROUSSEL|MATHIEU|GAUTIER|MASSON|
MARCHAND|DUVAL|DENIS|DUMONT|MARIE|LEMAIRE|NOËL|MEYER|DUFOUR|MEUNIER|BRUN|BLANCHARD|GIRAUD|JOLY|
RIVIÈRE|LUCAS|BRUNET|GAILLARD|BARBIER|ARNAUD|MARTINEZ|GÉRARD|ROCHE|RENARD|SCHMITT|ROY|LEROUX|
COLIN|VIDAL|CARON|PICARD|ROGER|FABRE|AUBERT|LEMOINE|RENAUD|DUMAS|LACROIX|OLIVIER|PHILIPPE|
BOURGEOIS|PIERRE|BENOÎT|REY|LECLERC|PAYET|ROLLAND|LECLERCQ|GUILLAUME|LECOMTE|LÓPEZ|JEAN|DUPUY|
GUILLOT|HUBERT|BERGER|CARPENTIER|SANCHEZ|DUPUIS|MOULIN|LOUIS|DESCHAMPS|HUET|VASSEUR|PEREZ|
BOUCHER|FLEURY|ROYER|KLEIN|JACQUET|ADAM|PARIS|POIRIER|MARTY|AUBRY|GUYOT|CARRÉ|CHARLES|RENAULT|
CHARPENTIER|MÉNARD|MAILLARD|BARON|BERTIN|BAILLY|HERVÉ|SCHNEIDER|FERNANDEZ|LE GALL|COLLET|LÉGER|
BOUVIER|JULIEN|PRÉVOST|MILLET|PERROT|DANIEL|LE ROUX|COUSIN|GERMAIN|BRETON|BESSON|LANGLOIS|RÉMY|
LE GOFF|PELLETIER|LÉVÊQUE|PERRIER|LEBLANC|BARRÉ|LEBRUN|MARCHAL|WEBER|MALLET|HAMON|BOULANGER|
JACOB|MONNIER|MICHAUD|RODRIGUEZ|GUICHARD|GILLET|ÉTIENNE|GRONDIN|MILLOT|TESSIER|CHEVALLIER|
COLLIN|CHAUVIN|PÉRON|CŒUR|LEBŒUF|D'ALMEIDA|N'DIAYE|DE LA FONTAINE|SAINT-MARTIN|NGUYEN|TRAN|
BENALI|HADDAD|DA SILVA|DOS SANTOS|FERREIRA|ÇELIK|YILMAZ|DIALLO|TRAORÉ|KONÉ|COULIBALY|DIOP|BA|
MENDY|OULD AHMED
""")
_GIRLS = _names("""
Emma|Jade|Louise|Alice|Chloé|Lina|Léa|Rose|Anna|Mila|Inès|Ambre|Julia|Mia|Léna|Manon|Juliette|
Lou|Zoé|Camille|Agathe|Jeanne|Lucie|Éva|Nina|Sarah|Romane|Inaya|Charlotte|Léonie|Romy|Adèle|
Iris|Louna|Margaux|Clémence|Maëlle|Noémie|Anaïs|Héloïse|Océane|Mélissa|Solène|Maïwenn|Éléonore|
Gaëlle|Élise|Capucine|Lœtitia|Salomé|Yasmine|Nour|Aïcha|Fatoumata|Amira|Chiara|Ana|Marie|
Anne-Sophie|Marie-Lou|Lise-Marie|Bérénice|Apolline|Perrine
""")
_BOYS = _names("""
Gabriel|Léo|Raphaël|Arthur|Louis|Jules|Adam|Maël|Lucas|Hugo|Noah|Liam|Gabin|Sacha|Paul|Nathan|
Aaron|Mohamed|Ethan|Tom|Éden|Léon|Noé|Tiago|Théo|Isaac|Marius|Victor|Martin|Mathéo|Timéo|Nolan|
Enzo|Axel|Antoine|Robin|Timothée|Clément|Baptiste|Maxime|Valentin|Gaëtan|Benoît|Joël|Noël|Loïc|
Jérémy|Aurélien|Grégoire|Thibaut|Côme|Anatole|Célestin|Youssef|Ismaël|Rayan|Ibrahim|João|
Matteo|Kylian|Jean-Baptiste|Pierre-Louis|Louis-Marie|Charles-Édouard
""")
_WOMEN = _names("""
Nathalie|Isabelle|Sylvie|Catherine|Valérie|Sandrine|Christine|Véronique|Stéphanie|Céline|
Aurélie|Émilie|Sophie|Karine|Virginie|Caroline|Julie|Laetitia|Lœtitia|Hélène|Élodie|Audrey|
Delphine|Séverine|Marion|Anne|Claire|Magali|Fatima|Samira|Nadia|Mélanie|Françoise|Marie-Claire|
Anne-Laure|Géraldine|Agnès|Bénédicte|Clémentine|Maëva
""")
_MEN = _names("""
Philippe|Christophe|Stéphane|Frédéric|Sébastien|Nicolas|David|Laurent|Olivier|Julien|Jérôme|
Thierry|Éric|Pascal|Patrick|Vincent|Cédric|Franck|Guillaume|Arnaud|Mathieu|Fabien|Benoît|
François|Yannick|Grégory|Emmanuel|Xavier|Karim|Mehdi|Rachid|José|Jean-François|Jean-Marc|
Pierre-Yves|Hervé|Joël|Gaël|Raphaël|Noël
""")
_STREETS = _names("""
rue de la Paix|rue Victor-Hugo|avenue Jean-Jaurès|boulevard Gambetta|rue de l'Église|
place de la République|rue des Œillets|allée des Châtaigniers|impasse des Écoles|chemin du Moulin|
rue Édouard-Vaillant|rue Saint-Éloi|avenue du Général-de-Gaulle|rue Pasteur|rue Émile-Zola|
quai de la Gare|rue du Château-d'Eau|cours Lafayette|rue des Lilas|avenue Foch|rue Nationale|
rue de la Libération|rue Jean-Moulin|rue du Maréchal-Foch|rue des Tanneurs|square du Cœur-Volant|
rue Ambroise-Paré|route de Brême|rue des Écoles
""")
_LINE2 = _names("""
Bâtiment B|Résidence Les Tilleuls|Escalier C|Appartement 12|Résidence du Parc|
Bâtiment A, 3e étage|Les Jardins d'Hélène|Lotissement Les Érables
""")
#: the few addresses of three or four lines: door, building, street, then a last line
_DOORS = _names("Appartement 12|Escalier C|Porte 4, 2e étage|Appartement 31|Chez Mme PERRIN")
_BUILDINGS = _names("Bâtiment B|Résidence Les Tilleuls|Résidence du Parc|Les Jardins d'Hélène")
_LAST_LINES = _names("BP 12|Lieu-dit Les Granges|CS 70012|Hameau de Lorière|BP 245")
_SCHOOL_NAMES_PUBLIC = _names("""
JEAN MOULIN|VICTOR HUGO|JULES FERRY|LOUISE MICHEL|PABLO PICASSO|ANDRE MALRAUX|JEAN JAURES|
MARIE CURIE|JACQUES PREVERT|CONDORCET|COLETTE|ALBERT CAMUS|SIMONE VEIL|PIERRE DE RONSARD
""")
_SCHOOL_NAMES_PRIVATE = _names("""
SAINTE-MARIE|NOTRE-DAME|SAINT-JOSEPH|SAINT-MICHEL|JEANNE D'ARC|IMMACULEE CONCEPTION|
SAINT-JEAN-BAPTISTE|SAINTE-THERESE|CHARLES PEGUY|LA SALLE|SAINT-LOUIS DE GONZAGUE|FENELON
""")
_HEADS = _names("M. DURAND|MME LEFEBVRE|M. GIRAUD|MME PERRIN|M. ROUSSEL|MME BOYER")

#: département (Éducation nationale's code: 620 and 720 for Corsica) | INSEE commune | postal code
#: | LIBELLE_POSTAL | LL_COMMUNE_INSEE
_COMMUNE_ROWS = _rows("""
075|75105|75005|PARIS|PARIS 05E  ARRONDISSEMENT
075|75111|75011|PARIS|PARIS 11E  ARRONDISSEMENT
075|75112|75012|PARIS|PARIS 12E  ARRONDISSEMENT
075|75115|75015|PARIS|PARIS 15E  ARRONDISSEMENT
075|75117|75017|PARIS|PARIS 17E  ARRONDISSEMENT
075|75118|75018|PARIS|PARIS 18E  ARRONDISSEMENT
075|75120|75020|PARIS|PARIS 20E  ARRONDISSEMENT
059|59350|59000|LILLE|LILLE
059|59512|59100|ROUBAIX|ROUBAIX
059|59599|59200|TOURCOING|TOURCOING
059|59009|59650|VILLENEUVE D ASCQ|VILLENEUVE-D'ASCQ
059|59378|59700|MARCQ EN BAROEUL|MARCQ-EN-BARŒUL
069|69383|69003|LYON|LYON 3E  ARRONDISSEMENT
069|69387|69007|LYON|LYON 7E  ARRONDISSEMENT
069|69266|69100|VILLEURBANNE|VILLEURBANNE
069|69259|69200|VENISSIEUX|VÉNISSIEUX
033|33063|33000|BORDEAUX|BORDEAUX
033|33281|33700|MERIGNAC|MÉRIGNAC
033|33318|33600|PESSAC|PESSAC
033|33522|33400|TALENCE|TALENCE
013|13201|13001|MARSEILLE|MARSEILLE 1ER  ARRONDISSEMENT
013|13208|13008|MARSEILLE|MARSEILLE 8E  ARRONDISSEMENT
013|13001|13100|AIX EN PROVENCE|AIX-EN-PROVENCE
013|13004|13200|ARLES|ARLES
092|92012|92100|BOULOGNE BILLANCOURT|BOULOGNE-BILLANCOURT
093|93066|93200|ST DENIS|SAINT-DENIS
014|14118|14000|CAEN|CAEN
044|44109|44000|NANTES|NANTES
031|31555|31000|TOULOUSE|TOULOUSE
067|67482|67000|STRASBOURG|STRASBOURG
006|06088|06000|NICE|NICE
035|35238|35000|RENNES|RENNES
620|2A004|20000|AJACCIO|AJACCIO
720|2B033|20200|BASTIA|BASTIA
974|97411|97400|ST DENIS|SAINT-DENIS
""")
_COMMUNES: dict[str, tuple[tuple[str, ...], ...]] = {}
for _row in _COMMUNE_ROWS:
    _COMMUNES[_row[0]] = (*_COMMUNES.get(_row[0], ()), _row[1:])
_DEPARTEMENTS = ("075", "059", "069", "033", "013")
#: département -> (académie in e-mail addresses, académie code of BEA INE, phone area digit)
_ACADEMIES = {
    "075": ("paris", "01", "1"),
    "059": ("lille", "09", "3"),
    "069": ("lyon", "10", "4"),
    "033": ("bordeaux", "04", "5"),
    "013": ("aix-marseille", "02", "4"),
}
_OTHER_DEPARTEMENTS = tuple(d for d in _COMMUNES if d not in _DEPARTEMENTS)
#: country code | LL_PAYS | foreign town (addresses abroad)
_ABROAD = _rows("""
131|BELGIQUE|BRUXELLES
140|SUISSE|GENÈVE
137|LUXEMBOURG|LUXEMBOURG
134|ESPAGNE|MADRID
132|ROYAUME-UNI|LONDRES
""")
#: country code | birth town (pupils born abroad)
_BIRTH_ABROAD = _rows("""
350|CASABLANCA
352|ALGER
351|TUNIS
139|PORTO
134|MADRID
131|BRUXELLES
109|KÖLN
132|LONDON
341|DAKAR
243|HÔ CHI MINH-VILLE
216|SHANGHAI
404|NEW YORK
127|TORINO
""")
_NATIONALITIES = tuple(row[0] for row in _BIRTH_ABROAD)
_DOMAINS = ("example.org", "example.com", "example.net", "exemple.fr")
_PCS = _names("21|22|23|31|33|34|37|38|42|43|45|46|47|48|52|53|54|55|56|62|63|64|67|68|81|85|99|99")
_PCS_RETIRED = ("71", "72", "74", "75", "77", "78")
_REGIME_CODES = ("0", "2", "24", "29", "3")
_REGIME_CUM = tuple(accumulate((30, 55, 8, 3, 4)))
#: share of leavers in a school's files at the rentrée: last year's pupils who did not come back
#: (most of the 3e and terminale classes, and others) stay in SIECLE's files as leavers — about
#: half of the pupils of one real Élèves export
_LEAVERS = 0.2
_LEAVING = ("44", "11", "13", "10", "12", "42", "27", "14", "41", "40", "99")
_LEAVING_CUM = tuple(accumulate((30, 15, 10, 10, 8, 8, 6, 5, 3, 3, 2)))
#: rare features (the elements of the import schema few pupils use): for each, the pupil index
#: from which, if chance has not given it yet, the first pupil or family address that can carry
#: it does — every school of about 100 pupils or more shows each at least once
_RARE_FROM = {
    "pupil_lines": 0,
    "person_lines": 5,
    "type_mef": 10,
    "tel_personnel": 15,
    "departement": 20,
    "family_abroad": 25,
    "pupil_abroad": 30,
    "nom_usage": 35,
    "arret_formation": 40,
    "in_charge": 45,
    "contact": 50,
    "tel_professionnel": 50,
    "sortie": 60,
}
