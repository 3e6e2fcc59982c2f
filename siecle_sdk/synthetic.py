"""Deterministic synthetic schools: the SIECLE exports and the import file of a fictitious private
school, realistic enough for tests, demonstrations and benchmarks, at any size, in flat memory.

A school is a sequence of families (one or two legal representatives, sometimes a person in charge
or a contact, and one to three siblings). Family ``k`` is drawn from its own ``random.Random``
seeded with ``(seed, k)``, so every pass over the pupils regenerates exactly the same people:
writers make one pass per block (persons then pupils in the import file; ``ELEVES``, ``OPTIONS``,
``STRUCTURES``, ``BOURSES``, ``ADRESSES`` in the Élèves export...) and only the current family is
ever held in memory.

Every pupil and person has one internal record from which both forms are derived: the export form
is built as nodes (typed with :meth:`~siecle_sdk.models.Record.from_node`) and the import form as
import models, so names, birth dates, INE, ids and links agree between all the files.

Ids: ``ELEVE_ID``, ``PERSONNE_ID`` and ``ADRESSE_ID`` are 7-digit SIECLE-like ids;
``ID_PRV_ELE``, ``ID_PRV_PER`` (the private software's ids) and ``ELENOET`` count from the first
pupil or person.
The import format only accepts private ids up to 99 999: above 99 999 pupils (or persons) the
exports still carry the larger ids — such files exist for benchmarks only — and
:meth:`SyntheticSchool.write_import` refuses to write the import file.
"""

from __future__ import annotations

import datetime as dt
import marshal
import math
import os
import shutil
import tempfile
import unicodedata
import uuid
import zipfile
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import TypeVar

from .errors import VendorDataError
from .exchange import School
from .identifiers import ine_bea_key, ine_rnie_key, uai_key, uai_problem
from .models import import_eleves as imp
from .models._base import Record
from .models.communs import AnneeScolaire, Etablissement, PeriodePedagogique
from .models.eleves import Eleve as ExportEleve
from .models.nomenclature import (
    Bourse,
    Civilite,
    Contrat,
    LienParente,
    Matiere,
    Mef,
    ModaliteCours,
    ModaliteElection,
    MotifSortie,
    NiveauResponsabilite,
    OptionObligatoire,
    Profession,
    Programme,
    Provenance,
    Regime,
    StatutEleve,
    TypeEtablissement,
)
from .models.responsables import Personne as ExportPersonne
from .models.responsables import ResponsableEleve
from .models.structures import Division, DivisionAppartenance, Groupe, MefAppartenance
from .nodes import Node
from .writer import Block, atomic_write, write_bee_document

__all__ = ["MAX_PUPILS", "SOFTWARE", "Progress", "SchoolStats", "SyntheticSchool"]

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


# --- internal records ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _School:
    """Another school (a pupil's previous year) or the generated school itself."""

    uai: str
    nature: str
    sigle: str
    denom_princ: str
    denom_compl: str
    ligne1: str
    mel: str
    telephone: str
    commune: str
    ll_commune: str
    provenance: str
    departement: str


@dataclass(slots=True)
class _Address:
    adresse_id: str
    lines: tuple[str, ...]
    #: France: postal code, label, INSEE commune, département; abroad: all ``""``
    code_postal: str
    libelle_postal: str
    commune: str
    departement: str
    commune_etrangere: str
    code_pays: str
    ll_pays: str


@dataclass(slots=True)
class _Person:
    personne_id: str
    id_prv: str
    civilite: str
    nom: str
    nom_usage: str | None
    prenom: str
    address: _Address | None
    communication: bool | None
    profession: str
    tel_personnel: str | None
    tel_portable: str | None
    tel_professionnel: str | None
    mel: str | None
    enfants: int | None


@dataclass(slots=True)
class _Link:
    person: _Person
    #: 1 représentant légal, 2 personne en charge, 3 contact
    level: int
    parente: str
    paie: bool
    aides: bool
    heberge: bool
    priorite: bool


@dataclass(slots=True)
class _Pupil:
    eleve_id: str
    elenoet: str
    id_prv: str
    ine_rnie: str | None
    ine_bea: str | None
    nom: str
    nom_usage: str | None
    prenom: str
    prenom2: str | None
    prenom3: str | None
    sexe: str
    date_naiss: dt.date
    pays_naiss: str
    commune_naiss: str | None
    departement_naiss: str | None
    ville_naiss: str | None
    nationalite: str
    level: _Level
    division: str | None
    groups: tuple[str, ...]
    #: whether the group rows come before the division row in the pupil's structures
    groups_first: bool
    #: (matière, modalité) in rank order, then the optional ones
    options: tuple[tuple[str, str], ...]
    regime: str
    doublement: bool
    transport: bool
    date_entree: dt.date
    date_modification: dt.date
    mel: str | None
    tel_portable: str | None
    address: _Address | None
    #: (CODE_BOURSE, NB_PART)
    bourses: tuple[tuple[str, int], ...]
    previous: _School
    previous_mef: str | None
    previous_division: str | None
    previous_options: tuple[str, ...]
    #: (DATE_SORTIE, CODE_MOTIF_SORTIE) of a leaver
    sortie: tuple[dt.date, str] | None
    links: tuple[_Link, ...]
    #: the pupil's own phones (a few lycée pupils)
    tel_personnel: str | None = None
    tel_professionnel: str | None = None
    #: last year's school known only by its département (no UAI)
    previous_departement: str | None = None
    #: ``TYPE_MEF`` of last year's MEF as DossierSCO sent it (import form only)
    type_mef: str | None = None
    #: ``ARRET_FORMATION`` of the active schooling (import form only)
    arret_formation: bool | None = None


@dataclass(slots=True)
class _Family:
    persons: list[_Person]
    addresses: list[_Address]
    pupils: list[_Pupil]


class _Spool:
    """Rows put aside during a pass and read back once, in order, from an anonymous temporary
    file: one generation pass then feeds every block of a file, in flat memory."""

    def __init__(self, directory: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed by nodes())

    def add(self, node: Node) -> None:
        data = marshal.dumps(node)
        self._file.write(len(data).to_bytes(4, "little"))
        self._file.write(data)

    def nodes(self) -> Iterator[Node]:
        """The rows, once (call only after the pass that adds them is over)."""
        with self._file as handle:
            handle.seek(0)
            read = handle.read
            while size := read(4):
                node: Node = marshal.loads(read(int.from_bytes(size, "little")))
                yield node


@dataclass(frozen=True)
class SchoolStats:
    """What a synthetic school holds."""

    eleves: int
    sortants: int
    sans_ine: int
    responsables: int
    liens: int


class _Counter:
    """Running indexes that give every pupil, person and address its ids during one pass, and
    the rare features not yet met in the pass (see :data:`_RARE_FROM`)."""

    __slots__ = ("addresses", "links", "no_ine", "owed", "persons", "pupils", "sortants")

    def __init__(self) -> None:
        self.pupils = self.persons = self.addresses = 0
        self.sortants = self.no_ine = self.links = 0
        self.owed = set(_RARE_FROM)

    def rare(self, chance: bool, feature: str, index: int) -> bool:
        """Whether the pupil ``index`` (or an address of his family) gets ``feature``: by
        ``chance``, or as the first one that can once the school has ``_RARE_FROM[feature]``
        pupils without meeting it — so every school of about 100 pupils shows every feature."""
        if chance or (feature in self.owed and index >= _RARE_FROM[feature]):
            self.owed.discard(feature)
            return True
        return False


# --- small helpers ---------------------------------------------------------------------------


class _Rng(Random):
    """``random.Random`` with cheaper draws for the generator's hot loop."""

    def pick(self, items: Sequence[T]) -> T:
        """A uniformly chosen item (``choice`` without its checks)."""
        return items[int(self.random() * len(items))]

    def below(self, n: int) -> int:
        """A uniform integer in ``[0, n)``."""
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """A uniform integer in ``[low, high)``."""
        return low + int(self.random() * (high - low))


def _leaf(tag: str, text: str) -> Node:
    return {"tag": tag, "text": text}


def _fr(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _international(phone: str | None) -> str:
    """A phone as SIECLE exports it: ``0612345678`` -> ``+33612345678``, ``00...`` -> ``+...``."""
    if not phone:
        return ""
    return "+" + phone[2:] if phone.startswith("00") else "+33" + phone[1:]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _letters(index: int) -> str:
    """0 -> ``A``, 25 -> ``Z``, 26 -> ``AA``..."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


@lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    """ASCII e-mail part of a name: ``Lœtitia`` -> ``loetitia``, ``D'ALMEIDA`` -> ``dalmeida``."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in plain.replace(" ", "-") if c.isalnum() or c == "-")


def _rentree(year: int) -> dt.date:
    """First pupils' day: 1 September, or the next Monday when it falls on a weekend."""
    day = dt.date(year, 9, 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _classes_end(year: int) -> dt.date:
    """Last day of classes of the year starting in ``year``: first Saturday of July after it."""
    day = dt.date(year + 1, 7, 1)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    return day


def _year_end(year: int) -> dt.date:
    """End of the pupils' school year starting in ``year``: 31 August, as SIECLE's calendar has
    it (the académie guide's calendar; ``DATE_FIN_ELEVE`` of Communs)."""
    return dt.date(year + 1, 8, 31)


def _division_code(level: _Level, index: int) -> str:
    return f"{level.prefix}{index + 1}" if level.numbered else level.prefix + _letters(index)


def _latin_group(level: _Level, division_index: int) -> str:
    return f"LAT{level.latin_tag}_{division_index // 4 + 1}"


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _luhn(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


# --- the school -------------------------------------------------------------------------------


class SyntheticSchool:
    """A fictitious private collège + lycée of ``pupils`` pupils, the same for the same arguments.

    ``uai`` defaults to a valid UAI drawn from ``seed`` (départements 075, 059, 069, 033, 013).
    Nothing is drawn for the pupils until a method iterates over them; each iteration
    regenerates them from the seed, one family at a time.
    """

    def __init__(
        self, pupils: int, seed: int = 1, year: int = 2019, uai: str | None = None
    ) -> None:
        if not 1 <= pupils <= MAX_PUPILS:
            raise ValueError(f"nombre d'élèves hors limites : {pupils} (de 1 à {MAX_PUPILS})")
        if not 2000 <= year <= 2098:
            raise ValueError(f"année scolaire hors limites : {year} (de 2000 à 2098)")
        if uai is not None and (problem := uai_problem(uai)) is not None:
            raise ValueError(problem)
        self.pupil_count = pupils
        self.seed = seed
        self.year = year
        rng = _Rng(f"{seed}:school")
        departement = _DEPARTEMENTS[seed % len(_DEPARTEMENTS)]
        if uai is None:
            digits = f"{departement}{rng.between(1000, 10000):04d}"
            uai = digits + uai_key(digits)
        else:
            departement = uai[:3] if uai[:3] in _ACADEMIES else departement
            rng.between(1000, 10000)
        self.uai = uai
        self._departement = departement
        self._academie, self._academie_code, self._phone_area = _ACADEMIES[departement]
        self._communes = _COMMUNES[departement]
        self.rentree = _rentree(year)
        self.year_end = _year_end(year)
        #: date of the exports (``DATE_EXPORT``), and of the import file
        self.export_date = self.rentree + dt.timedelta(days=2)
        self.import_time = dt.datetime.combine(
            self.rentree + dt.timedelta(days=3), dt.time(14, 30, 12)
        )
        commune = self._communes[0]
        self._name = rng.pick(_SCHOOL_NAMES_PRIVATE)
        self._street = f"{rng.between(1, 120)} {rng.pick(_STREETS)}"
        self._phone = f"0{self._phone_area}{rng.between(10**7, 10**8)}"
        self._siren = _luhn(f"{rng.between(10**7, 10**8)}")
        self._etab_id = str(rng.between(100, 1000))
        self._head = rng.pick(_HEADS)
        self._own = _School(
            uai,
            "300",
            "LGT PR",
            "ENSEMBLE SCOLAIRE",
            self._name,
            self._street,
            self._mel(uai),
            self._phone,
            commune[0],
            commune[3],
            "2",
            departement,
        )
        self._primary = self._pool(rng, 6, "151", "EC", "ECOLE ELEMENTAIRE")
        self._colleges = self._pool(rng, 6, "340", "CLG", "COLLEGE")
        self._lycees = self._pool(rng, 4, "300", "LGT", "LYCEE GENERAL ET TECHNOLOGIQUE")
        self._divisions = tuple(
            max(1, math.ceil(pupils * level.share / _DIVISION_SIZE)) for level in _LEVELS
        )
        self._stats: SchoolStats | None = None

    # --- set-up -------------------------------------------------------------------------------
    def _mel(self, uai: str) -> str:
        return f"ce.{uai}@ac-{self._academie}.fr"

    def _pool(
        self, rng: _Rng, size: int, nature: str, sigle: str, denom: str
    ) -> tuple[_School, ...]:
        """Other schools pupils come from: public or private, in the académie or outside it."""
        schools = []
        for index in range(size):
            private = index % 3 == 2
            outside = index == size - 1
            departement = rng.pick(_OTHER_DEPARTEMENTS) if outside else self._departement
            digits = f"{departement}{rng.between(1000, 10000):04d}"
            uai = digits + uai_key(digits)
            commune = rng.pick(_COMMUNES[departement])
            name = rng.pick(_SCHOOL_NAMES_PRIVATE if private else _SCHOOL_NAMES_PUBLIC)
            provenance = str(1 + int(private) + 2 * int(outside))
            schools.append(
                _School(
                    uai,
                    nature,
                    f"{sigle} PR" if private else sigle,
                    denom,
                    name,
                    f"{rng.between(1, 90)} {rng.pick(_STREETS)}",
                    f"ce.{uai}@ac-{self._academie}.fr",
                    f"0{self._phone_area}{rng.between(10**7, 10**8)}",
                    commune[0],
                    commune[3],
                    provenance,
                    departement,
                )
            )
        return tuple(schools)

    # --- families -----------------------------------------------------------------------------
    def _families(self, progress: Progress | None = None, stage: str = "") -> Iterator[_Family]:
        """Every family, in order, with running ids; records the school's counts at the end."""
        counter = _Counter()
        room = self.pupil_count
        k = 0
        next_report = _PROGRESS_STEP
        while room > 0:
            family = self._family(k, counter, room)
            room -= len(family.pupils)
            k += 1
            if progress is not None and counter.pupils >= next_report:
                progress(stage, counter.pupils)
                next_report = counter.pupils + _PROGRESS_STEP
            yield family
        if progress is not None:
            progress(stage, counter.pupils)
        self._stats = SchoolStats(
            eleves=counter.pupils,
            sortants=counter.sortants,
            sans_ine=counter.no_ine,
            responsables=counter.persons,
            liens=counter.links,
        )

    def _address(self, rng: _Rng, counter: _Counter, abroad: bool = False) -> _Address:
        number = 4_000_000 + 2 * counter.addresses + rng.getrandbits(1)
        counter.addresses += 1
        bis = rng.random()
        street = (
            f"{rng.between(1, 150)}{' bis' if bis < 0.05 else ' ter' if bis < 0.07 else ''} "
            f"{rng.pick(_STREETS)}"
        )
        lines = (rng.pick(_LINE2), street) if rng.random() < 0.2 else (street,)
        if abroad:
            pays, ll_pays, town = rng.pick(_ABROAD)
            return _Address(str(number), lines, "", "", "", "", town, pays, ll_pays)
        departement = self._departement if rng.random() < 0.93 else rng.pick(_OTHER_DEPARTEMENTS)
        commune = rng.pick(_COMMUNES[departement])
        return _Address(
            str(number), lines, commune[1], commune[2], commune[0], departement, "", "100", "FRANCE"
        )

    def _phones(self, rng: _Rng, abroad: bool = False) -> tuple[str | None, str | None, str | None]:
        """(personal, mobile, professional) phones as the software keeps them: 10 digits from
        ``0``, or ``00`` + country code abroad (the exports write them ``+33...``, ``+32...``)."""
        r = rng.random
        mobile = f"0{rng.pick('67')}{rng.between(10**7, 10**8)}" if r() < 0.9 else None
        if abroad and mobile:
            mobile = f"0032{rng.between(4 * 10**8, 5 * 10**8)}"
        home = f"0{self._phone_area}{rng.between(10**7, 10**8)}" if r() < 0.35 else None
        work = f"0{rng.pick('1234599')}{rng.between(10**7, 10**8)}" if r() < 0.15 else None
        return home, mobile, work

    def _person(
        self,
        rng: _Rng,
        civilite: str,
        nom: str,
        nom_usage: str | None,
        prenom: str,
        address: _Address | None,
        profession: str,
        enfants: int | None,
        contact: bool = False,
    ) -> _Person:
        abroad = address is not None and address.code_pays != "100"
        home, mobile, work = self._phones(rng, abroad)
        mel = (
            f"{_slug(prenom)}.{_slug(nom_usage or nom)}{rng.below(100)}@{rng.pick(_DOMAINS)}"
            if rng.random() < 0.8
            else None
        )
        communication = False if contact else rng.random() < 0.6
        return _Person(
            "",
            "",
            civilite,
            nom,
            nom_usage,
            prenom,
            address,
            communication,
            profession,
            home,
            mobile,
            work,
            mel,
            enfants,
        )

    def _family(self, k: int, counter: _Counter, room: int) -> _Family:
        rng = _Rng(f"{self.seed}:{k}")
        r = rng.random
        pick = rng.pick
        size = 1 if r() < 0.6 else 2 if r() < 0.75 else 3
        kids = min(size, room)
        enfants = size + (rng.below(3) if r() < 0.4 else 0)
        father_name = pick(_FAMILY_NAMES)
        mother_name = pick(_FAMILY_NAMES)
        shape = r()
        persons: list[_Person] = []
        addresses: list[_Address] = []
        legal: list[tuple[_Person, str]] = []
        abroad = counter.rare(r() < 0.01, "family_abroad", counter.pupils)
        home = self._address(rng, counter, abroad)
        addresses.append(home)
        if shape < 0.15:
            # single-parent family: usually the mother
            if r() < 0.8:
                married = r() < 0.5
                mother = self._person(
                    rng,
                    "2",
                    mother_name if married else father_name,
                    father_name if married and r() < 0.5 and father_name != mother_name else None,
                    pick(_WOMEN),
                    home,
                    pick(_PCS),
                    enfants,
                )
                legal.append((mother, "10"))
            else:
                father = self._person(
                    rng, "1", father_name, None, pick(_MEN), home, pick(_PCS), enfants
                )
                legal.append((father, "20"))
        else:
            separated = r() < 0.2
            maiden = r() < 0.7
            mother = self._person(
                rng,
                "2",
                mother_name if maiden else father_name,
                father_name
                if maiden and not separated and r() < 0.6 and father_name != mother_name
                else None,
                pick(_WOMEN),
                home,
                pick(_PCS),
                enfants,
            )
            father_home = home
            if separated:
                father_home = self._address(rng, counter)
                addresses.append(father_home)
            father = self._person(
                rng,
                "1",
                father_name,
                None,
                pick(_MEN),
                father_home,
                pick(_PCS),
                enfants,
            )
            legal = (
                [(mother, "10"), (father, "20")] if r() < 0.7 else [(father, "20"), (mother, "10")]
            )
        persons.extend(person for person, _ in legal)
        links: list[_Link] = []
        in_charge = counter.rare(r() < 0.015, "in_charge", counter.pupils)
        for rank, (person, parente) in enumerate(legal):
            first = rank == 0
            hosts = not in_charge and (first or person.address is home)
            links.append(_Link(person, 1, parente, first, first, hosts, first))
        if in_charge:
            grand = self._address(rng, counter)
            addresses.append(grand)
            granny = self._person(
                rng,
                "2",
                pick(_FAMILY_NAMES),
                None,
                pick(_WOMEN),
                grand,
                pick(_PCS_RETIRED),
                None,
            )
            persons.append(granny)
            links.append(_Link(granny, 2, "38", False, False, True, True))
        if counter.rare(r() < 0.08, "contact", counter.pupils):
            woman = r() < 0.6
            contact = self._person(
                rng,
                "2" if woman else "1",
                pick(_FAMILY_NAMES),
                None,
                pick(_WOMEN if woman else _MEN),
                None,
                "99",
                None,
                contact=True,
            )
            persons.append(contact)
            links.append(_Link(contact, 3, pick(("39", "38", "90")), False, False, False, False))
        family_name = father_name
        if legal[0][1] == "10" and len(legal) == 1:
            family_name = legal[0][0].nom_usage or legal[0][0].nom
        for person in persons:
            person.personne_id = str(2_000_000 + 2 * counter.persons + rng.getrandbits(1))
            counter.persons += 1
            person.id_prv = str(counter.persons)
        pupils: list[_Pupil] = []
        for _ in range(kids):
            pupils.append(self._pupil(rng, counter, family_name, mother_name, links, pupils))
        counter.links += len(links) * kids
        self._rare_features(rng, counter, addresses, pupils)
        return _Family(persons, addresses, pupils)

    def _rare_features(
        self, rng: _Rng, counter: _Counter, addresses: list[_Address], pupils: list[_Pupil]
    ) -> None:
        """Elements of the import schema few pupils use, drawn after the family's other draws
        (which they leave unchanged)."""
        r = rng.random
        first = int(pupils[0].id_prv) - 1
        for address in addresses:
            self._more_lines(rng, counter, address, "person_lines", first)
        for pupil in pupils:
            index = int(pupil.id_prv) - 1
            if pupil.address is None and counter.rare(r() < 0.004, "pupil_abroad", index):
                pupil.address = self._address(rng, counter, abroad=True)
            if pupil.address is not None:
                self._more_lines(rng, counter, pupil.address, "pupil_lines", index)
            elsewhere = pupil.previous is not self._own
            # last year's school known only by its département: SIECLE's exports then have no
            # UAI, and a software taking the school over from them cannot send such a pupil's
            # ETABLISSEMENT_AN_DERNIER, mandatory for current pupils: leavers only
            chance = r() < 0.2 and pupil.sortie is not None
            if elsewhere and counter.rare(chance, "departement", index):
                pupil.previous_departement = pupil.previous.departement
                if pupil.sortie is None:
                    # enrolled, never came
                    pupil.sortie = (self.rentree, "44")
                    pupil.date_modification = self.rentree
                    counter.sortants += 1
            chance = r() < 0.3
            # DossierSCO sends the previous MEF of the pupils entering 6EME and 2NDE
            mef = pupil.previous_mef if elsewhere and pupil.level.index in (0, 4) else None
            if mef and counter.rare(chance, "type_mef", index):
                pupil.type_mef = mef[10]
            if counter.rare(r() < 0.02, "arret_formation", index):
                pupil.arret_formation = False
            chance = r() < 0.05
            if pupil.level.lycee and counter.rare(chance, "tel_personnel", index):
                pupil.tel_personnel = f"0{self._phone_area}{rng.between(10**7, 10**8)}"
            chance = r() < 0.015
            if pupil.level.index >= 5 and counter.rare(chance, "tel_professionnel", index):
                pupil.tel_professionnel = f"0{rng.pick('1234599')}{rng.between(10**7, 10**8)}"

    @staticmethod
    def _more_lines(
        rng: _Rng, counter: _Counter, address: _Address, feature: str, index: int
    ) -> None:
        """Three address lines (door, building, street) on 2 % of the addresses, four (and a
        last line: ``BP 12``, a lieu-dit...) on 1 %."""
        draw = rng.random()
        four = counter.rare(draw < 0.01, feature, index)
        if four or draw < 0.03:
            lines = (rng.pick(_DOORS), rng.pick(_BUILDINGS), address.lines[-1])
            address.lines = (*lines, rng.pick(_LAST_LINES)) if four else lines

    def _pupil(
        self,
        rng: _Rng,
        counter: _Counter,
        family_name: str,
        mother_name: str,
        links: list[_Link],
        siblings: list[_Pupil],
    ) -> _Pupil:
        r = rng.random
        pick = rng.pick
        index = counter.pupils
        counter.pupils += 1
        level = _LEVELS[bisect(_LEVEL_CUM, r() * _LEVEL_CUM[-1])]
        twin = next((s for s in siblings if s.level is level), None)
        girl = r() < 0.5
        names = _GIRLS if girl else _BOYS
        prenom = pick(names)
        if r() < 0.03:
            second = pick(names)
            if second != prenom:
                prenom = f"{prenom} {second}"
        prenom2 = pick(names) if r() < 0.4 else None
        prenom3 = pick(names) if prenom2 and r() < 0.25 else None
        if prenom2 == prenom:
            prenom2, prenom3 = prenom3, None
        two_names = mother_name != family_name
        double = r() < 0.04 and two_names
        usage = double and r() < 0.5
        if two_names and counter.rare(usage, "nom_usage", index):
            double = usage = True
        nom = f"{family_name} {mother_name}" if double else family_name
        nom_usage = family_name if usage else None
        doublement = twin.doublement if twin else r() < 0.03
        if twin is not None:
            born = twin.date_naiss
        else:
            birth_year = self.year - level.age - int(doublement) + (1 if r() < 0.02 else 0)
            born = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.below(365))
        # birth place and nationality
        if r() < 0.07:
            pays, ville = pick(_BIRTH_ABROAD)
            commune_naiss = departement_naiss = None
            nationalite = pays if r() < 0.6 else "100"
        else:
            pays, ville = "100", None
            departement_naiss = self._departement if r() < 0.7 else pick(_OTHER_DEPARTEMENTS)
            commune_naiss = pick(_COMMUNES[departement_naiss])[0]
            nationalite = "100" if r() < 0.97 else pick(_NATIONALITIES)
        # schooling
        division_index = rng.below(self._divisions[level.index])
        unplaced = r() < 0.01
        options = self._options(rng, level)
        groups: tuple[str, ...] = ()
        if level.latin_tag and not unplaced and any(m == _LATIN for m, _ in options):
            groups = (_latin_group(level, division_index),)
        groups_first = r() < 0.3
        newcomer = not doublement and (
            level.index == 0 or r() < (0.45 if level.index == 4 else 0.08)
        )
        previous_level = _LEVELS[level.index - 1] if level.index and not doublement else level
        if doublement or not newcomer:
            previous = self._own
            previous_mef: str | None = previous_level.mef
            previous_division: str | None = _division_code(
                previous_level, rng.below(self._divisions[previous_level.index])
            )
            entered = self.year - (rng.between(1, level.index + 1) if level.index else 1)
        else:
            pool = (
                self._primary
                if level.index == 0
                else self._colleges
                if level.index <= 4
                else self._lycees
            )
            previous = pick(pool)
            previous_mef = _UNKNOWN_ORIGIN if level.index == 0 else previous_level.mef
            previous_division = None
            entered = self.year
        # the languages the pupil already learnt last year, as many as that year's MEF asks for
        learnt = 0 if newcomer and level.index == 0 else len(previous_level.ranks)
        previous_options = tuple(
            _MATIERES[m][0] for m, modalite in options if modalite == "O" and m in _LANGUAGES
        )[: min(learnt, 2)]
        without_ine = newcomer and r() < 0.22
        if without_ine:
            ine_rnie = ine_bea = None
            counter.no_ine += 1
        else:
            digits = f"0{born.year % 10}{(index * 7_654_321 + self.seed * 1_013) % 10**7:07d}"
            ine_rnie = digits + ine_rnie_key(digits)
            ine_bea = None
            if r() < 0.3:
                bea = (
                    f"{self._academie_code}{(born.year + 11) % 100:02d}"
                    f"{(index * 382_417 + self.seed * 7) % 10**6:06d}"
                )
                ine_bea = bea + ine_bea_key(bea)
        sortie = None
        if counter.rare(r() < _LEAVERS, "sortie", index):
            motif = _LEAVING[bisect(_LEAVING_CUM, r() * _LEAVING_CUM[-1])]
            sortie = (self.rentree + dt.timedelta(days=rng.below(3)), motif)
            counter.sortants += 1
        bourses: tuple[tuple[str, int], ...] = ()
        if r() < (0.08 if level.lycee else 0.1):
            bourses = (("1", rng.between(1, 7)),) if level.lycee else (("8", rng.between(1, 4)),)
            if r() < 0.1:
                bourses += (("2", 1),)
        older = level.lycee or r() < 0.2
        mel = (
            f"{_slug(prenom.split()[0])}.{_slug(nom)}{rng.below(1000)}@{pick(_DOMAINS)}"
            if older and r() < 0.6
            else None
        )
        portable = f"06{rng.between(10**7, 10**8)}" if older and r() < 0.5 else None
        address = self._address(rng, counter) if r() < 0.06 else None
        modified = sortie[0] if sortie else self.export_date - dt.timedelta(days=rng.below(100))
        eleve_id = 1_050_000 + 2 * index + rng.getrandbits(1)
        elenoet = str(1001 + index)
        return _Pupil(
            eleve_id=str(eleve_id),
            elenoet=elenoet,
            id_prv=str(index + 1),
            ine_rnie=ine_rnie,
            ine_bea=ine_bea,
            nom=nom,
            nom_usage=nom_usage,
            prenom=prenom,
            prenom2=prenom2,
            prenom3=prenom3,
            sexe="2" if girl else "1",
            date_naiss=born,
            pays_naiss=pays,
            commune_naiss=commune_naiss,
            departement_naiss=departement_naiss,
            ville_naiss=ville,
            nationalite=nationalite,
            level=level,
            division=None if unplaced else _division_code(level, division_index),
            groups=groups,
            groups_first=groups_first,
            options=options,
            regime=_REGIME_CODES[bisect(_REGIME_CUM, r() * _REGIME_CUM[-1])],
            doublement=doublement,
            transport=r() < 0.1,
            date_entree=_rentree(entered),
            date_modification=modified,
            mel=mel,
            tel_portable=portable,
            address=address,
            bourses=bourses,
            previous=previous,
            previous_mef=previous_mef,
            previous_division=previous_division,
            previous_options=previous_options,
            sortie=sortie,
            links=tuple(links),
        )

    @staticmethod
    def _options(rng: _Rng, level: _Level) -> tuple[tuple[str, str], ...]:
        """Compulsory options in rank order, then optional ones (``F``)."""
        chosen: list[tuple[str, str]] = []
        ranks = level.ranks
        if ranks:
            lva = _LVA[bisect(_LVA_CUM, rng.random() * _LVA_CUM[-1])]
            chosen.append((lva, "O"))
        if len(ranks) > 1:
            # the second language, another one than the first
            second = _LV2 if ranks[1] is _LV2 else _LVB
            others = [m for m in _SECOND_CHOICES if m in second and m[:4] != lva[:4]]
            chosen.append((others[0] if len(others) == 1 or rng.random() < 0.7 else others[1], "O"))
            spes = len(ranks) - 2
            picked: list[str] = []
            while len(picked) < spes:
                spe = _SPE[bisect(_SPE_CUM, rng.random() * _SPE_CUM[-1])]
                if spe not in picked:
                    picked.append(spe)
            chosen += [(spe, "O") for spe in picked]
        taken = {m for m, _ in chosen}
        for matiere, _hours, share in level.optional:
            if rng.random() < share and matiere not in taken:
                chosen.append((matiere, "F"))
        return tuple(chosen)

    def exchange_school(self, software: str = SOFTWARE) -> School:
        """The school as the exchange carries it: its persons and pupils in import form, in memory
        (a school for tests and qualification files, not for millions of pupils)."""
        return School(
            uai=self.uai,
            school_year=str(self.year),
            persons=list(self.persons()),
            pupils=list(self.pupils()),
            software=software,
        )

    # --- counts -------------------------------------------------------------------------------
    def stats(self) -> SchoolStats:
        """Counts of the school (one generation pass, unless a writer already made one)."""
        if self._stats is None:
            for _ in self._families():
                pass
        assert self._stats is not None
        return self._stats

    def import_problem(self) -> str | None:
        """Why the import file cannot be written (private ids beyond 99 999), else ``None``."""
        if self.pupil_count > MAX_PRIVATE_ID:
            return (
                f"{_thousands(self.pupil_count)} élèves, or les identifiants ID_PRV_ELE du "
                "fichier d'import vont de 0 à 99 999 (un tel établissement ne sert qu'aux "
                "mesures de performance)."
            )
        if self.pupil_count * _MAX_PERSONS_PER_FAMILY <= MAX_PRIVATE_ID:
            return None
        persons = self.stats().responsables
        if persons > MAX_PRIVATE_ID:
            return (
                f"{_thousands(persons)} responsables, or les identifiants ID_PRV_PER du "
                "fichier d'import vont de 0 à 99 999 (un tel établissement ne sert qu'aux "
                "mesures de performance)."
            )
        return None

    # --- structures and code lists -----------------------------------------------------------
    def nomenclature_records(self) -> dict[str, list[Record]]:
        """The Nomenclature export's blocks (17, as in 3.1 files), in file order."""
        mefs: list[Record] = [
            Mef(
                code_mef=level.mef,
                formation=level.formation,
                libelle_long=level.libelle,
                libelle_edition=level.edition,
                statut_mef="1",
                mef_rattachement=level.mef,
                code_mefstat=level.mefstat,
                nb_opt_oblig=len(level.ranks),
                nb_opt_mini=len(level.ranks),
                renforcement_langues=False,
                inscription_etab=True,
                mef_origine=True,
                mef_selectionne=True,
                mef_selorig=True,
                date_ouverture=level.opened,
                date_fermeture=_OPEN_END,
            )
            for level in _LEVELS
        ]
        mefs.append(
            Mef(
                code_mef=_UNKNOWN_ORIGIN,
                formation="INDET",
                libelle_long="FORMATION INDETERMINEE",
                statut_mef="3",
                code_mefstat="99990099999",
                nb_opt_oblig=0,
                nb_opt_mini=0,
                renforcement_langues=False,
                inscription_etab=False,
                mef_origine=True,
                mef_selectionne=False,
                mef_selorig=True,
                date_ouverture=dt.date(1989, 9, 1),
                date_fermeture=_OPEN_END,
            )
        )
        matieres: list[Record] = [
            Matiere(
                code_matiere=code,
                code_gestion=gestion,
                libelle_court=court,
                libelle_long=long,
                libelle_edition=edition,
                matiere_etp=False,
                code_matiere_nationale=national or None,
            )
            for code, (gestion, court, long, edition, national) in sorted(_MATIERES.items())
        ]
        programmes: list[Record] = []
        obligatoires: list[Record] = []
        for level in _LEVELS:
            rows: dict[tuple[str, str], str] = {}
            for matiere, modalite, hours in level.common:
                rows[matiere, modalite] = hours
            for rank, (allowed, hours) in enumerate(
                zip(level.ranks, level.rank_hours, strict=True), start=1
            ):
                for matiere in allowed:
                    rows.setdefault((matiere, "O"), hours)
                    obligatoires.append(
                        OptionObligatoire(
                            code_mef=level.mef, code_matiere=matiere, rang_option=rank
                        )
                    )
            for matiere, hours, _share in level.optional:
                rows.setdefault((matiere, "F"), hours)
            programmes += [
                Programme(
                    code_mef=level.mef,
                    code_matiere=matiere,
                    code_modalite_elect=modalite,
                    horaire=hours,
                )
                for (matiere, modalite), hours in sorted(rows.items())
            ]
        return {
            "MEFS": mefs,
            "MATIERES": matieres,
            "PROGRAMMES": programmes,
            "OPTIONS_OBLIGATOIRES": obligatoires,
            "MODALITES_ELECTION": [
                ModaliteElection(code_modalite_elect=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _MODALITES_ELECTION
            ],
            "REGIMES": [
                Regime(code_regime=c, libelle_court=s, libelle_long=lg) for c, s, lg in _REGIMES
            ],
            "LIENS_PARENTE": [
                LienParente(
                    code_parente=c, libelle_court=s, libelle_long=lg, libelle_edition=e, tri=int(t)
                )
                for c, s, lg, e, t in _LIENS_PARENTE
            ],
            "NIVEAUX_RESPONSABILITE": [
                NiveauResponsabilite(
                    niveau_responsabilite=c, libelle_court=s, libelle_long=lg, libelle_edition=e
                )
                for c, s, lg, e in _NIVEAUX
            ],
            "BOURSES": [
                Bourse(code_bourse=c, libelle_court=s, libelle_long=lg, bourse_nationale=n == "1")
                for c, s, lg, n in _BOURSES
            ],
            "PROFESSIONS": [
                Profession(code_profession=c, libelle_court_pcs=s, libelle_long_pcs=lg)
                for c, s, lg in _PROFESSIONS
            ],
            "PROVENANCES": [
                Provenance(code_provenance=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _PROVENANCES
            ],
            "MOTIFS_SORTIE": [
                MotifSortie(code_motif_sortie=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _MOTIFS_SORTIE
            ],
            "STATUTS_ELEVE": [
                StatutEleve(code_statut=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _STATUTS
            ],
            "CONTRATS": [
                Contrat(code_contrat=c, libelle_court=s, libelle_long=lg) for c, s, lg in _CONTRATS
            ],
            "TYPES_ETABLISSEMENT": [
                TypeEtablissement(code_type_etab=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _TYPES_ETAB
            ],
            "CIVILITES": [
                Civilite(code_civilite=c, libelle_court=s, libelle_long=lg)
                for c, s, lg in _CIVILITES
            ],
            "MODALITES_COURS": [
                ModaliteCours(
                    code_modalite_cours=c, libelle_court=s, libelle_long=lg, co_enseignement=True
                )
                for c, s, lg in _MODALITES_COURS
            ],
        }

    def structures_records(self) -> dict[str, list[Record]]:
        """The Structures export's blocks: divisions (attached to their MEF), then groups."""
        divisions: list[Record] = []
        groups: list[Record] = []
        for level, count in zip(_LEVELS, self._divisions, strict=True):
            mef = [MefAppartenance(code_mef=level.mef)]
            codes = [_division_code(level, i) for i in range(count)]
            for code in codes:
                suffix = code[len(level.prefix) :]
                divisions.append(
                    Division(
                        code_structure=code,
                        libelle_long=f"{level.label} {suffix}",
                        code_contrat="3",
                        code_rne=self.uai,
                        mefs_appartenance=mef,
                    )
                )
            if not level.latin_tag:
                continue
            for start in range(0, count, 4):
                number = start // 4 + 1
                groups.append(
                    Groupe(
                        code_structure=_latin_group(level, start),
                        libelle_long=f"LATIN {level.label} GR{number}",
                        code_contrat="3",
                        code_rne=self.uai,
                        mefs_appartenance=mef,
                        divisions_appartenance=[
                            DivisionAppartenance(code_structure=code)
                            for code in codes[start : start + 4]
                        ],
                    )
                )
        return {"DIVISIONS": divisions, "GROUPES": groups}

    def communs_records(self) -> dict[str, list[Record]]:
        """The Communs export's blocks. ``UAJ``, ``ANNEE_SCOLAIRE`` and ``ANNEE_SCOLAIRE_AD``
        hold one record each, written as the block's leaves."""
        commune = self._communes[0]
        school = Etablissement(
            etab_uaj_id=self._etab_id,
            num_siren=self._siren,
            denom_princ="ENSEMBLE SCOLAIRE",
            denom_compl=self._name,
            nom_resp=self._head,
            qual_resp="CHEF D'ETAB.",
            ligne1_adresse=self._street.upper(),
            ligne2_adresse="",
            ligne3_adresse="",
            ligne4_adresse="",
            boite_post="",
            telephone=" ".join(self._phone[i : i + 2] for i in range(0, 10, 2)),
            telecopie="",
            mel_1=self._mel(self.uai),
            mel_2="",
            code_type_etab="LYC",
            secteur_code="PR",
            code_postal=commune[1],
            code_commune_insee=commune[0],
            code_pays="100",
        )
        start, end = self.rentree, self.year_end
        previous_start, previous_end = _rentree(self.year - 1), _year_end(self.year - 1)
        one_day = dt.timedelta(days=1)
        december = dt.date(self.year, 12, 1)
        march = dt.date(self.year + 1, 3, 9)
        classes_end = _classes_end(self.year)
        periods: list[Record] = [
            PeriodePedagogique(
                code_periode=f"T{n} ",
                date_debut=first,
                date_fin=last,
                ll_periode=f"{n}{'er' if n == 1 else 'e'} trimestre",
                indice=n,
                code_type_periode="T",
            )
            for n, first, last in (
                (1, start, december - one_day),
                (2, december, march - one_day),
                (3, march, classes_end),
            )
        ]
        return {
            "UAJ": [school],
            "ANNEE_SCOLAIRE": [
                AnneeScolaire(
                    date_debut_eleve=start,
                    date_fin_eleve=end,
                    date_debut_prof=start - one_day,
                    date_fin_prof=end,
                )
            ],
            "ANNEE_SCOLAIRE_AD": [
                AnneeScolaire(
                    date_debut_eleve=previous_start,
                    date_fin_eleve=previous_end,
                    date_debut_prof=previous_start - one_day,
                    date_fin_prof=previous_end,
                )
            ],
            "PERIODES_PEDAGOGIQUES": periods,
            "CALENDRIERS_FERMETURES": [],
        }

    # --- export form (nodes) -------------------------------------------------------------------
    def _eleve_node(self, p: _Pupil) -> Node:
        c: list[Node] = []
        add = c.append
        if p.ine_rnie:
            add(_leaf("ID_NATIONAL", p.ine_rnie))
        if p.ine_bea:
            add(_leaf("INE_BEA", p.ine_bea))
        if p.ine_rnie:
            add(_leaf("INE_RNIE", p.ine_rnie))
        add(_leaf("ELENOET", p.elenoet))
        add(_leaf("ID_ELEVE_ETAB", f"{int(p.elenoet):05d}{self.uai[1:7]}"))
        add(_leaf("ID_PRV_ELE", p.id_prv))
        add(_leaf("NOM_DE_FAMILLE", p.nom))
        if p.nom_usage:
            add(_leaf("NOM_USAGE", p.nom_usage))
        add(_leaf("PRENOM", p.prenom))
        if p.prenom2:
            add(_leaf("PRENOM2", p.prenom2))
        if p.prenom3:
            add(_leaf("PRENOM3", p.prenom3))
        add(_leaf("DATE_NAISS", _fr(p.date_naiss)))
        add(_leaf("DOUBLEMENT", _flag(p.doublement)))
        if p.tel_professionnel:
            add(_leaf("TEL_PROFESSIONNEL", _international(p.tel_professionnel)))
        add(_leaf("CODE_PAYS", p.pays_naiss))
        if p.tel_portable:
            add(_leaf("ACCEPTE_SMS", "1"))
        add(_leaf("DATE_MODIFICATION", _fr(p.date_modification)))
        if p.sortie:
            add(_leaf("DATE_SORTIE", _fr(p.sortie[0])))
        if p.mel:
            add(_leaf("MEL", p.mel))
        add(_leaf("CODE_REGIME", p.regime))
        add(_leaf("DATE_ENTREE", _fr(p.date_entree)))
        add(_leaf("VILLE_NAISS", p.ville_naiss or ""))
        if p.address:
            add(_leaf("ADRESSE_ID", p.address.adresse_id))
        if p.sortie:
            add(_leaf("CODE_MOTIF_SORTIE", p.sortie[1]))
        if p.tel_personnel:
            add(_leaf("TEL_PERSONNEL", _international(p.tel_personnel)))
        add(_leaf("CODE_SEXE", p.sexe))
        if p.tel_portable:
            add(_leaf("TEL_PORTABLE", _international(p.tel_portable)))
        add(_leaf("CODE_PAYS_NAT", p.nationalite))
        add(_leaf("CODE_STATUT", "ST"))
        add(_leaf("CODE_MEF", p.level.mef))
        if p.commune_naiss and p.departement_naiss:
            add(_leaf("CODE_DEPARTEMENT_NAISS", p.departement_naiss))
            add(_leaf("CODE_COMMUNE_INSEE_NAISS", p.commune_naiss))
        add(_leaf("ADHESION_TRANSPORT", _flag(p.transport)))
        add(_leaf("CODE_PROVENANCE", p.previous.provenance))
        school = p.previous
        last: list[Node] = []
        if p.previous_mef:
            last.append(_leaf("CODE_MEF", p.previous_mef))
        last.append(_leaf("CODE_STRUCTURE", p.previous_division or ""))
        if not p.previous_departement:
            # a school known only by its département has no UAI and no details
            last += [
                _leaf("CODE_RNE", school.uai),
                _leaf("CODE_NATURE", school.nature),
                _leaf("SIGLE", school.sigle),
                _leaf("DENOM_PRINC", school.denom_princ),
                _leaf("DENOM_COMPL", school.denom_compl),
                _leaf("LIGNE1_ADRESSE", school.ligne1),
                _leaf("BOITE_POSTALE", ""),
                _leaf("MEL", school.mel),
                _leaf("TELEPHONE", school.telephone),
                _leaf("CODE_COMMUNE_INSEE", school.commune),
                _leaf("LL_COMMUNE_INSEE", school.ll_commune),
            ]
        add({"tag": "SCOLARITE_AN_DERNIER", "children": last})
        return {
            "tag": "ELEVE",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": c,
        }

    @staticmethod
    def _option_node(p: _Pupil) -> Node:
        rows = [
            {
                "tag": "OPTIONS_ELEVE",
                "children": [
                    _leaf("NUM_OPTION", str(n)),
                    _leaf("CODE_MODALITE_ELECT", modalite),
                    _leaf("CODE_MATIERE", matiere),
                ],
            }
            for n, (matiere, modalite) in enumerate(p.options, start=1)
        ]
        return {
            "tag": "OPTION",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": rows,
        }

    @staticmethod
    def _structures_node(p: _Pupil) -> Node:
        assert p.division is not None
        division = {
            "tag": "STRUCTURE",
            "children": [_leaf("CODE_STRUCTURE", p.division), _leaf("TYPE_STRUCTURE", "D")],
        }
        groups = [
            {
                "tag": "STRUCTURE",
                "children": [_leaf("CODE_STRUCTURE", code), _leaf("TYPE_STRUCTURE", "G")],
            }
            for code in p.groups
        ]
        rows = [*groups, division] if p.groups_first else [division, *groups]
        return {
            "tag": "STRUCTURES_ELEVE",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": rows,
        }

    @staticmethod
    def _bourse_node(p: _Pupil) -> Node:
        return {
            "tag": "BOURSE",
            "attrs": {"ELEVE_ID": p.eleve_id, "ELENOET": p.elenoet},
            "children": [_leaf("CODE_BOURSE", code) for code, _ in p.bourses],
        }

    @staticmethod
    def _adresse_node(a: _Address) -> Node:
        lines = [*a.lines, "", "", "", ""][:4]
        return {
            "tag": "ADRESSE",
            "attrs": {"ADRESSE_ID": a.adresse_id},
            "children": [
                _leaf("LIGNE1_ADRESSE", lines[0]),
                _leaf("LIGNE2_ADRESSE", lines[1]),
                _leaf("LIGNE3_ADRESSE", lines[2]),
                _leaf("LIGNE4_ADRESSE", lines[3]),
                _leaf("COMMUNE_ETRANGERE", a.commune_etrangere),
                _leaf("CODE_POSTAL", a.code_postal),
                _leaf("CODE_PAYS", a.code_pays),
                _leaf("CODE_COMMUNE_INSEE", a.commune),
                _leaf("LL_PAYS", a.ll_pays),
                _leaf("CODE_DEPARTEMENT", a.departement),
                _leaf("LIBELLE_POSTAL", a.libelle_postal),
            ],
        }

    @staticmethod
    def _personne_node(p: _Person) -> Node:
        c: list[Node] = [_leaf("ID_PRV_PER", p.id_prv)]
        civilite = _CIVILITES[int(p.civilite) - 1]
        c += [
            _leaf("LC_CIVILITE", civilite[1]),
            _leaf("LL_CIVILITE", civilite[2]),
            _leaf("NOM_DE_FAMILLE", p.nom),
        ]
        if p.nom_usage:
            c.append(_leaf("NOM_USAGE", p.nom_usage))
        c += [
            _leaf("PRENOM", p.prenom),
            _leaf("TEL_PERSONNEL", _international(p.tel_personnel)),
            _leaf("TEL_PORTABLE", _international(p.tel_portable)),
        ]
        if p.tel_portable:
            c.append(_leaf("ACCEPTE_SMS", "1"))
        c.append(_leaf("TEL_PROFESSIONNEL", _international(p.tel_professionnel)))
        if p.mel:
            c.append(_leaf("MEL", p.mel))
        if p.communication is not None:
            c.append(_leaf("COMMUNICATION_ADRESSE", _flag(p.communication)))
        if p.address:
            c.append(_leaf("ADRESSE_ID", p.address.adresse_id))
        c.append(_leaf("CODE_PROFESSION", p.profession))
        return {"tag": "PERSONNE", "attrs": {"PERSONNE_ID": p.personne_id}, "children": c}

    @staticmethod
    def _lien_node(pupil: _Pupil, link: _Link) -> Node:
        def tf(value: bool) -> str:
            return "true" if value else "false"

        return {
            "tag": "RESPONSABLE_ELEVE",
            "children": [
                _leaf("ELEVE_ID", pupil.eleve_id),
                _leaf("PERSONNE_ID", link.person.personne_id),
                _leaf("NIVEAU_RESPONSABILITE", str(link.level)),
                _leaf("CODE_PARENTE", link.parente),
                _leaf("PAIE_FRAIS_SCOLAIRES", _flag(link.paie)),
                _leaf("PERCOIT_LES_AIDES", tf(link.aides)),
                _leaf("HEBERGE_ELEVE", tf(link.heberge)),
                _leaf("A_CONTACTER_EN_PRIORITE", tf(link.priorite)),
            ],
        }

    def _eleves_blocks(self, progress: Progress | None, stage: str, spool_dir: Path) -> list[Block]:
        """The Élèves export's blocks from one generation pass: the ``ELEVES`` block streams the
        pupils and puts the rows of the other blocks aside for when their turn comes."""
        options, structures, bourses, adresses = (_Spool(spool_dir) for _ in range(4))

        def eleves() -> Iterator[Node]:
            for family in self._families(progress, stage):
                for pupil in family.pupils:
                    yield self._eleve_node(pupil)
                    if pupil.options:
                        options.add(self._option_node(pupil))
                    if pupil.division:
                        structures.add(self._structures_node(pupil))
                    if pupil.bourses:
                        bourses.add(self._bourse_node(pupil))
                    if pupil.address:
                        adresses.add(self._adresse_node(pupil.address))

        return [
            Block("ELEVES", eleves()),
            Block("OPTIONS", options.nodes()),
            Block("STRUCTURES", structures.nodes()),
            Block("BOURSES", bourses.nodes()),
            Block("ADRESSES", adresses.nodes()),
        ]

    def _responsables_blocks(
        self, progress: Progress | None, stage: str, spool_dir: Path
    ) -> list[Block]:
        """The Responsables export's blocks from one pass (see :meth:`_eleves_blocks`)."""
        links, adresses = _Spool(spool_dir), _Spool(spool_dir)

        def personnes() -> Iterator[Node]:
            for family in self._families(progress, stage):
                for person in family.persons:
                    yield self._personne_node(person)
                for pupil in family.pupils:
                    for link in pupil.links:
                        links.add(self._lien_node(pupil, link))
                for address in family.addresses:
                    adresses.add(self._adresse_node(address))

        return [
            Block("PERSONNES", personnes()),
            Block("RESPONSABLES", links.nodes()),
            Block("ADRESSES", adresses.nodes()),
        ]

    def _person_nodes(self) -> Iterator[Node]:
        for family in self._families():
            for person in family.persons:
                yield self._personne_node(person)

    def _link_nodes(self) -> Iterator[Node]:
        for family in self._families():
            for pupil in family.pupils:
                for link in pupil.links:
                    yield self._lien_node(pupil, link)

    def export_pupils(self) -> Iterator[ExportEleve]:
        """The Élèves export's ``ELEVE`` records (leavers included), as the file has them."""
        for family in self._families():
            for pupil in family.pupils:
                yield ExportEleve.from_node(self._eleve_node(pupil))

    def export_persons(self) -> Iterator[ExportPersonne]:
        """The Responsables export's ``PERSONNE`` records, each person once."""
        for node in self._person_nodes():
            yield ExportPersonne.from_node(node)

    def export_links(self) -> Iterator[ResponsableEleve]:
        """The Responsables export's pupil–person links (2.1 generation)."""
        for node in self._link_nodes():
            yield ResponsableEleve.from_node(node)

    # --- import form (models) ------------------------------------------------------------------
    @staticmethod
    def _import_adresse(a: _Address | None) -> imp.Adresse | None:
        if a is None:
            return None
        lines = [*a.lines, None, None, None][:4]
        return imp.Adresse(
            ligne1_adresse=lines[0],
            ligne2_adresse=lines[1],
            ligne3_adresse=lines[2],
            ligne4_adresse=lines[3],
            code_postal=a.code_postal or None,
            ll_postal=a.libelle_postal or None,
            commune_etrangere=a.commune_etrangere or None,
            code_pays=a.code_pays,
        )

    def _import_personne(self, p: _Person) -> imp.Personne:
        return imp.Personne(
            id_prv_per=p.id_prv,
            code_civilite=p.civilite,
            nom_de_famille=p.nom,
            nom_usage=p.nom_usage,
            prenom=p.prenom,
            adresse=self._import_adresse(p.address),
            communication_adresse=p.communication,
            code_profession=p.profession,
            tel_personnel=p.tel_personnel,
            tel_professionnel=p.tel_professionnel,
            tel_portable=p.tel_portable,
            accepte_sms=True if p.tel_portable else None,
            email=p.mel,
            enfant_a_charge=p.enfants,
            personne_id=p.personne_id,
        )

    def _import_eleve(self, p: _Pupil) -> imp.Eleve:
        legal: list[imp.Lien] = []
        in_charge: list[imp.Lien] = []
        contacts: list[imp.Lien] = []
        for link in p.links:
            person = link.person.id_prv
            if link.level == 1:
                legal.append(
                    imp.Lien(
                        id_prv_per=person,
                        code_parente=link.parente,
                        paie_frais_scolaires=link.paie,
                        heberge_eleve=link.heberge,
                        percoit_les_aides=link.aides,
                        a_contacter_en_priorite=link.priorite,
                    )
                )
            elif link.level == 2:
                in_charge.append(
                    imp.Lien(
                        id_prv_per=person,
                        code_parente=link.parente,
                        paie_frais_scolaires=link.paie,
                        heberge_eleve=link.heberge,
                        a_contacter_en_priorite=link.priorite,
                    )
                )
            else:
                contacts.append(imp.Lien(id_prv_per=person, code_parente=link.parente))
        school = p.previous
        previous_start = _rentree(self.year - 1)
        return imp.Eleve(
            code_motif_sortie=p.sortie[1] if p.sortie else None,
            date_sortie=p.sortie[0] if p.sortie else None,
            id_prv_ele=p.id_prv,
            id_national=p.ine_rnie,
            ine_bea=p.ine_bea,
            ine_rnie=p.ine_rnie,
            nom_de_famille=p.nom,
            nom_usage=p.nom_usage,
            prenom=p.prenom,
            prenom2=p.prenom2,
            prenom3=p.prenom3,
            code_pays_nat=p.nationalite,
            date_naiss=p.date_naiss,
            code_sexe=p.sexe,
            code_pays=p.pays_naiss,
            code_commune_insee_naiss=p.commune_naiss,
            ville_naiss=p.ville_naiss,
            date_entree=p.date_entree,
            adresse=self._import_adresse(p.address),
            tel_personnel=p.tel_personnel,
            tel_professionnel=p.tel_professionnel,
            tel_portable=p.tel_portable,
            accepte_sms=True if p.tel_portable else None,
            email=p.mel,
            adhesion_transport=p.transport,
            code_regime=p.regime,
            doublement=p.doublement,
            bourses=[imp.Bourse(code_bourse=code, nb_part=parts) for code, parts in p.bourses]
            or None,
            responsables_eleve=imp.ResponsablesEleve(
                legal=legal, personne_en_charge=in_charge, contact=contacts
            ),
            scolarite_active=imp.ScolariteActive(
                code_mef=p.level.mef,
                code_division=p.division,
                code_statut="ST",
                date_deb_sco=self.rentree,
                date_fin_sco=p.sortie[0] if p.sortie else None,
                arret_formation=p.arret_formation,
                options=[
                    imp.OptionEleve(code_matiere=matiere, code_modalite_elect=modalite)
                    for matiere, modalite in p.options
                ],
            ),
            etablissement_an_dernier=imp.EtablissementAnDernier(
                code_rne=None if p.previous_departement else school.uai,
                code_departement=p.previous_departement,
                code_provenance=school.provenance,
                code_mef=p.previous_mef,
                type_mef=p.type_mef,
                code_division=p.previous_division,
                code_statut="ST",
                date_deb_sco=previous_start,
                date_fin_sco=_year_end(self.year - 1),
                options_an_dernier=list(p.previous_options),
            ),
            eleve_id=p.eleve_id,
        )

    def pupils(self) -> Iterator[imp.Eleve]:
        """Every pupil in the import form (leavers included), with ``eleve_id`` set."""
        return self._import_pupils(None, "")

    def persons(self) -> Iterator[imp.Personne]:
        """Every person in the import form, each once, with ``personne_id`` set."""
        return self._import_persons(None, "")

    def _import_pupils(self, progress: Progress | None, stage: str) -> Iterator[imp.Eleve]:
        for family in self._families(progress, stage):
            for pupil in family.pupils:
                yield self._import_eleve(pupil)

    def _import_persons(self, progress: Progress | None, stage: str) -> Iterator[imp.Personne]:
        for family in self._families(progress, stage):
            for person in family.persons:
                yield self._import_personne(person)

    # --- files --------------------------------------------------------------------------------
    def _parametres(self, offset: int) -> Node:
        stamp = dt.datetime.combine(self.export_date, dt.time(17, 46, 24))
        stamp += dt.timedelta(seconds=offset)
        return {
            "tag": "PARAMETRES",
            "children": [
                _leaf("UAJ", self.uai),
                _leaf("ANNEE_SCOLAIRE", str(self.year)),
                _leaf("DATE_EXPORT", _fr(stamp.date())),
                _leaf("HORODATAGE", f"{_fr(stamp.date())} {stamp:%H:%M:%S}"),
            ],
        }

    def _documents(
        self, progress: Progress | None, spool_dir: Path
    ) -> Iterator[tuple[str, str, str, str, list[Block]]]:
        """(key, file name, root, version, blocks) of every export, blocks built lazily."""

        def records(rows: Iterable[Record]) -> Iterator[Node]:
            return (row.to_node() for row in rows)

        nomenclature = self.nomenclature_records()
        yield (
            "nomenclature",
            "Nomenclature",
            "BEE_NOMENCLATURES",
            "3.1",
            [Block(tag, records(rows)) for tag, rows in nomenclature.items()],
        )
        structures = self.structures_records()
        yield (
            "structures",
            "Structures",
            "BEE_STRUCTURES",
            "2.0",
            [Block(tag, records(rows)) for tag, rows in structures.items()],
        )
        communs: list[Block] = []
        for tag, rows in self.communs_records().items():
            if tag in ("UAJ", "ANNEE_SCOLAIRE", "ANNEE_SCOLAIRE_AD"):
                communs.append(Block(tag, rows[0].to_node().get("children", [])))
            else:
                communs.append(Block(tag, records(rows)))
        yield "communs", "Communs", "BEE_COMMUN", "1.7", communs
        name = "ElevesAvecAdresses"
        yield (
            "eleves",
            name,
            "BEE_ELEVES",
            "3.0",
            self._eleves_blocks(progress, f"{name}.xml", spool_dir),
        )
        name = "ResponsablesAvecAdresses"
        yield (
            "responsables",
            name,
            "BEE_RESPONSABLES",
            "2.1",
            self._responsables_blocks(progress, f"{name}.xml", spool_dir),
        )

    def write_exports(
        self, out_dir: str | Path, *, zipped: bool = False, progress: Progress | None = None
    ) -> dict[str, Path]:
        """Write the five exports as SIECLE does (``Nomenclature.xml``... or, with ``zipped``,
        ``ExportXML_Nomenclature.zip``... holding the one XML each); returns key -> path."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written: dict[str, Path] = {}
        for offset, (key, name, root, version, blocks) in enumerate(self._documents(progress, out)):
            xml = out / f"{name}.xml"
            target = out / f"ExportXML_{name}.zip" if zipped else xml
            draft = out / f".{name}.{uuid.uuid4().hex[:8]}.xml" if zipped else xml
            try:
                write_bee_document(
                    draft,
                    root=root,
                    attrs={"VERSION": version},
                    before=[self._parametres(7 * offset)],
                    blocks=blocks,
                )
                if zipped:
                    self._zip(draft, target, xml.name, offset)
            finally:
                if zipped:
                    draft.unlink(missing_ok=True)
            written[key] = target
        return written

    def _zip(self, source: Path, target: Path, member: str, offset: int) -> None:
        """Put ``source`` alone in the zip ``target`` as ``member`` (atomically, reproducibly)."""
        stamp = dt.datetime.combine(self.export_date, dt.time(17, 46, 24))
        stamp += dt.timedelta(seconds=7 * offset)
        info = zipfile.ZipInfo(member, date_time=stamp.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.file_size = os.path.getsize(source)
        with (
            atomic_write(target) as handle,
            zipfile.ZipFile(handle, "w") as archive,
            source.open("rb") as src,
            archive.open(info, "w") as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)

    def import_name(self) -> str:
        """``<UAI>PRIVE<year><AAMMJJhhmmss>.xml``, the name SIECLE expects."""
        return f"{self.uai}PRIVE{self.year}{self.import_time:%y%m%d%H%M%S}.xml"

    def write_import(self, out_dir: str | Path, *, progress: Progress | None = None) -> Path:
        """Write the school's ``IMPORT_ELEVES`` 3.1 file (validated against the XSD).

        Raises :class:`~siecle_sdk.errors.VendorDataError` when the school is too large for the
        format's private ids (see :meth:`import_problem`).
        """
        from .import_writer import write_import

        problem = self.import_problem()
        if problem is not None:
            raise VendorDataError(f"Fichier d'import impossible : {problem}")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        path = out / self.import_name()
        parametres = imp.Parametres(
            uaj=self.uai,
            annee_scolaire=str(self.year),
            date_import=self.import_time.date(),
            num_envoi="1",
            logiciel=SOFTWARE,
        )
        write_import(
            path,
            parametres,
            self._import_persons(progress, f"{path.name}, personnes"),
            self._import_pupils(progress, f"{path.name}, élèves"),
        )
        return path
