"""The JSON Schema of the neutral format of a school (draft 2020-12), built from the models.

Fields are those of the import-file models, named as SIECLE names them; the schema marks as
``required`` what the deposit needs (the XSD's mandatory elements, and what SIECLE needs of a
current pupil or a leaver), lists the values of the code lists fixed nationally, and describes
every field in French and in English.
"""

from __future__ import annotations

from typing import Any

from ..models import Record
from ..models.fields import ModelField, fields_of
from ..models.import_eleves import (
    Adresse,
    Bourse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    OptionEleve,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)

__all__ = ["DESCRIPTIONS", "ENUMS", "FORMAT", "MAX_LEGAL", "MAX_OPTIONS", "SCHEMA_ID", "schema"]

#: version of the document layout, written in its ``format`` member
FORMAT = "siecle-sdk/ecole/1"
#: the schema's identifier: a new major version gets a new one
SCHEMA_ID = "urn:siecle-sdk:schema:ecole:1"
MAX_OPTIONS = 12
MAX_BOURSES = 2
MAX_LEGAL = 2

#: code lists fixed nationally (values that do not depend on the school's Nomenclature)
ENUMS: dict[str, list[str]] = {
    "CODE_SEXE": ["1", "2"],
    "CODE_CIVILITE": ["1", "2"],
    "CODE_PARENTE": ["10", "20", "37", "38", "39", "41", "42", "50", "51", "70", "90"],
    "CODE_STATUT": ["ST", "AP", "CQ", "FQ", "FC"],
}

#: element -> (French, English) description
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "CODE_MOTIF_SORTIE": (
        "Motif de sortie (liste MOTIFS_SORTIE de la Nomenclature) : présent pour un élève sorti.",
        "Reason for leaving (Nomenclature list MOTIFS_SORTIE): given for a pupil who left.",
    ),
    "DATE_SORTIE": ("Date de sortie de l'élève (aaaa-mm-jj).", "Date the pupil left (yyyy-mm-dd)."),
    "ID_PRV_ELE": (
        "Identifiant de l'élève dans le logiciel : des chiffres, stable d'une année à l'autre.",
        "Pupil id in the vendor's software: digits, stable from year to year.",
    ),
    "ID_NATIONAL": (
        "INE (identifiant national élève) connu de SIECLE.",
        "National pupil id (INE) known to SIECLE.",
    ),
    "INE_BEA": ("INE attribué par la base élèves académique.", "INE given by the BEA."),
    "INE_RNIE": ("INE attribué par le RNIE.", "INE given by the RNIE."),
    "NOM_DE_FAMILLE": ("Nom de famille.", "Family name."),
    "NOM_USAGE": ("Nom d'usage.", "Name in use."),
    "PRENOM": ("Premier prénom.", "First given name."),
    "PRENOM2": ("Deuxième prénom.", "Second given name."),
    "PRENOM3": ("Troisième prénom.", "Third given name."),
    "CODE_PAYS_NAT": (
        "Nationalité : code pays (liste du Géographique) ; obligatoire pour un élève scolarisé.",
        "Nationality: country code (Géographique list); mandatory for a current pupil.",
    ),
    "DATE_NAISS": ("Date de naissance (aaaa-mm-jj).", "Date of birth (yyyy-mm-dd)."),
    "CODE_SEXE": (
        "Sexe : 1 masculin, 2 féminin ; obligatoire pour un élève scolarisé.",
        "Sex: 1 male, 2 female; mandatory for a current pupil.",
    ),
    "CODE_PAYS": ("Code pays (100 pour la France).", "Country code (100 for France)."),
    "CODE_COMMUNE_INSEE_NAISS": (
        "Commune de naissance en France (code INSEE) ; sinon VILLE_NAISS.",
        "Town of birth in France (INSEE code); otherwise VILLE_NAISS.",
    ),
    "VILLE_NAISS": (
        "Ville de naissance à l'étranger (en clair).",
        "Town of birth abroad (as text).",
    ),
    "DATE_ENTREE": (
        "Date d'entrée dans l'établissement (aaaa-mm-jj).",
        "Date the pupil entered the school (yyyy-mm-dd).",
    ),
    "ADRESSE": ("Adresse postale.", "Postal address."),
    "TEL_PERSONNEL": ("Téléphone personnel.", "Home telephone."),
    "TEL_PROFESSIONNEL": ("Téléphone professionnel.", "Work telephone."),
    "TEL_PORTABLE": ("Téléphone portable.", "Mobile telephone."),
    "ACCEPTE_SMS": ("Accepte de recevoir des SMS.", "Agrees to receive text messages."),
    "EMAIL": ("Adresse électronique.", "E-mail address."),
    "ADHESION_TRANSPORT": (
        "Adhère au transport scolaire.",
        "Subscribes to school transport.",
    ),
    "CODE_REGIME": (
        "Régime (liste REGIMES de la Nomenclature : 0 externe libre, 2 demi-pensionnaire…).",
        "Boarding status (Nomenclature list REGIMES: 0 day pupil, 2 half-boarder...).",
    ),
    "DOUBLEMENT": ("Redouble l'année.", "Repeats the year."),
    "BOURSES": ("Bourses de l'élève (deux au plus).", "The pupil's grants (two at most)."),
    "RESPONSABLES_ELEVE": (
        "Liens de l'élève avec ses responsables : représentants légaux, personnes en charge, "
        "contacts ; obligatoire pour un élève scolarisé.",
        "Links of the pupil to responsible persons: legal representatives, persons in charge, "
        "contacts; mandatory for a current pupil.",
    ),
    "SCOLARITE_ACTIVE": (
        "Scolarité de l'année : MEF, division, statut, dates, options ; obligatoire pour un "
        "élève scolarisé.",
        "This year's schooling: MEF, class, status, dates, options; mandatory for a current pupil.",
    ),
    "ETABLISSEMENT_AN_DERNIER": (
        "Établissement et scolarité de l'an dernier ; obligatoire pour un élève scolarisé.",
        "Last year's school and schooling; mandatory for a current pupil.",
    ),
    "ELEVE_ID": (
        "Identifiant de l'élève dans SIECLE (ELEVE_ID des exports), conservé pour les "
        "rapprochements ; jamais envoyé.",
        "The pupil's id in SIECLE (ELEVE_ID of the exports), kept to match records; never sent.",
    ),
    "PERSONNE_ID": (
        "Identifiant de la personne dans SIECLE (PERSONNE_ID des exports) ; jamais envoyé.",
        "The person's id in SIECLE (PERSONNE_ID of the exports); never sent.",
    ),
    "ID_PRV_PER": (
        "Identifiant de la personne dans le logiciel : des chiffres.",
        "Person id in the vendor's software: digits.",
    ),
    "CODE_CIVILITE": ("Civilité : 1 M., 2 MME.", "Title: 1 Mr, 2 Mrs/Ms."),
    "COMMUNICATION_ADRESSE": (
        "Accepte que son adresse soit communiquée aux associations de parents.",
        "Agrees that the address be given to parents' associations.",
    ),
    "CODE_PROFESSION": (
        "Profession et catégorie socioprofessionnelle (code PCS de la Nomenclature).",
        "Occupation category (PCS code of the Nomenclature).",
    ),
    "ENFANT_A_CHARGE": ("Nombre d'enfants à charge.", "Number of dependent children."),
    "LIGNE1_ADRESSE": ("Ligne 1 de l'adresse.", "Address line 1."),
    "LIGNE2_ADRESSE": ("Ligne 2 de l'adresse.", "Address line 2."),
    "LIGNE3_ADRESSE": ("Ligne 3 de l'adresse.", "Address line 3."),
    "LIGNE4_ADRESSE": ("Ligne 4 de l'adresse.", "Address line 4."),
    "CODE_POSTAL": ("Code postal (en France).", "Postcode (in France)."),
    "LL_POSTAL": ("Libellé de la commune (en France).", "Town name (in France)."),
    "COMMUNE_ETRANGERE": ("Commune à l'étranger.", "Town abroad."),
    "LEGAL": (
        "Représentants légaux (un ou deux).",
        "Legal representatives (one or two).",
    ),
    "PERSONNE_EN_CHARGE": ("Personnes en charge de l'élève.", "Persons in charge of the pupil."),
    "CONTACT": ("Personnes à contacter.", "Persons to contact."),
    "LEGAL1": ("Premier représentant légal (schéma 2.0).", "First legal representative (2.0)."),
    "LEGAL2": ("Second représentant légal (schéma 2.0).", "Second legal representative (2.0)."),
    "CODE_PARENTE": (
        "Lien de parenté (10 mère, 20 père, 37 fratrie, 38 ascendant, 39 autre membre de la "
        "famille, 41 éducateur, 42 assistant familial, 50 tuteur, 51 aide sociale à l'enfance, "
        "70 élève lui-même, 90 autre lien).",
        "Relationship (10 mother, 20 father, 37 sibling, 38 ascendant, 39 other family member, "
        "41 educator, 42 foster carer, 50 guardian, 51 child welfare, 70 the pupil, 90 other).",
    ),
    "FINANCIER": (
        "Paie les frais scolaires (nom du schéma 3.0).",
        "Pays school fees (3.0 name).",
    ),
    "PAIE_FRAIS_SCOLAIRES": ("Paie les frais scolaires.", "Pays school fees."),
    "HEBERGE_ELEVE": (
        "Héberge l'élève ; obligatoire pour un représentant légal ou une personne en charge.",
        "Houses the pupil; mandatory for a legal representative or a person in charge.",
    ),
    "PERCOIT_LES_AIDES": ("Perçoit les aides.", "Receives the allowances."),
    "A_CONTACTER_EN_PRIORITE": ("À contacter en priorité.", "To be contacted first."),
    "CODE_BOURSE": ("Code de la bourse.", "Grant code."),
    "NB_PART": ("Nombre de parts de la bourse.", "Number of grant shares."),
    "OPTIONS": (
        "Options suivies, dans l'ordre de leur rang (douze au plus).",
        "Options taken, in rank order (twelve at most).",
    ),
    "CODE_MATIERE": (
        "Code de la matière (6 caractères, liste MATIERES de la Nomenclature).",
        "Subject code (6 characters, Nomenclature list MATIERES).",
    ),
    "CODE_MODALITE_ELECT": (
        "Modalité d'élection de l'option (S, O, F… selon la Nomenclature).",
        "How the option is elected (S, O, F... per the Nomenclature).",
    ),
    "CODE_MEF": (
        "Code MEF (11 caractères, liste MEFS de la Nomenclature).",
        "MEF code (11 characters, Nomenclature list MEFS).",
    ),
    "CODE_DIVISION": (
        "Code de la division (export Structures).",
        "Class code (Structures export).",
    ),
    "CODE_STATUT": (
        "Statut : ST scolaire, AP apprenti, CQ contrat de qualification, FQ stagiaire de la "
        "formation professionnelle, FC formation continue.",
        "Status: ST pupil, AP apprentice, CQ qualification contract, FQ vocational trainee, FC "
        "continuing education.",
    ),
    "DATE_DEB_SCO": ("Début de la scolarité (aaaa-mm-jj).", "Start of schooling (yyyy-mm-dd)."),
    "DATE_FIN_SCO": ("Fin de la scolarité (aaaa-mm-jj).", "End of schooling (yyyy-mm-dd)."),
    "ARRET_FORMATION": ("Arrêt de la formation.", "Training stopped."),
    "CODE_RNE": (
        "UAI de l'établissement de l'an dernier (ou CODE_DEPARTEMENT).",
        "UAI of last year's school (or CODE_DEPARTEMENT).",
    ),
    "CODE_DEPARTEMENT": (
        "Département de l'établissement de l'an dernier (si son UAI est inconnue).",
        "Département of last year's school (when its UAI is unknown).",
    ),
    "CODE_PROVENANCE": (
        "Provenance (liste PROVENANCES de la Nomenclature).",
        "Where the pupil comes from (Nomenclature list PROVENANCES).",
    ),
    "TYPE_MEF": ("Type du MEF de l'an dernier.", "Type of last year's MEF."),
    "OPTIONS_AN_DERNIER": (
        "Codes matière (CODE_GESTION) des options de l'an dernier.",
        "Subject codes (CODE_GESTION) of last year's options.",
    ),
    "UAJ": ("UAI de l'établissement.", "The school's UAI."),
    "ANNEE_SCOLAIRE": (
        "Année scolaire : l'année de la rentrée (2019 pour 2019-2020).",
        "School year: the year it starts (2019 for 2019-2020).",
    ),
    "LOGICIEL": (
        "Nom du logiciel envoyé à SIECLE (10 caractères au plus).",
        "Software name sent to SIECLE (10 characters at most).",
    ),
    "PERSONNES": (
        "Toutes les personnes liées aux élèves.",
        "Every person linked to the pupils.",
    ),
    "ELEVES": (
        "Tous les élèves de l'établissement, sortants compris.",
        "Every pupil of the school, leavers included.",
    ),
}

_DATE = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}
#: ``""`` is an element present but left empty (kept as such)
_VALUES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "date": _DATE,
    "flag": {"anyOf": [{"type": "boolean"}, {"const": ""}]},
    "count": {"anyOf": [{"type": "integer", "minimum": 0}, {"const": ""}]},
    "texts": {"type": "array", "items": {"type": "string", "minLength": 1}},
}
_DEFS: dict[type[Record], str] = {
    Adresse: "Adresse",
    Personne: "Personne",
    Bourse: "Bourse",
    OptionEleve: "Option",
    ScolariteActive: "ScolariteActive",
    EtablissementAnDernier: "EtablissementAnDernier",
    ResponsablesEleve: "ResponsablesEleve",
    Eleve: "Eleve",
}


def _described(tag: str, body: dict[str, Any]) -> dict[str, Any]:
    fr, en = DESCRIPTIONS[tag]
    return {**body, "description": fr, "x-description-en": en}


def _field(cls: type[Record], item: ModelField) -> dict[str, Any]:
    if item.kind in ("record", "records"):
        model = item.model
        if cls is ResponsablesEleve:
            ref = "LienContact" if item.tag == "CONTACT" else "Lien"
        else:
            ref = _DEFS[model] if model is not None else ""
        body: dict[str, Any] = {"$ref": f"#/$defs/{ref}"}
        if item.kind == "records":
            body = {"type": "array", "items": body}
            if item.tag == "OPTIONS":
                body["maxItems"] = MAX_OPTIONS
            elif item.tag == "BOURSES":
                body["maxItems"] = MAX_BOURSES
            elif item.tag == "LEGAL":
                body["maxItems"] = MAX_LEGAL
        return _described(item.tag, body)
    body = dict(_VALUES[item.kind])
    if item.tag in ENUMS:
        body = {"type": "string", "enum": ENUMS[item.tag]}
    elif item.tag == "OPTIONS_AN_DERNIER":
        body["maxItems"] = MAX_OPTIONS
    return _described(item.tag, body)


def _object(cls: type[Record], extra_required: tuple[str, ...] = ()) -> dict[str, Any]:
    items = fields_of(cls)
    return {
        "type": "object",
        "properties": {item.tag: _field(cls, item) for item in items},
        "required": [item.tag for item in items if item.required] + list(extra_required),
        "additionalProperties": False,
    }


def _eleve() -> dict[str, Any]:
    body = _object(Eleve)
    leaver = {"anyOf": [{"required": ["CODE_MOTIF_SORTIE"]}, {"required": ["DATE_SORTIE"]}]}
    body["if"] = leaver
    body["then"] = {"required": ["CODE_MOTIF_SORTIE", "DATE_SORTIE"]}
    body["else"] = {
        "required": [
            "CODE_PAYS_NAT",
            "CODE_SEXE",
            "RESPONSABLES_ELEVE",
            "SCOLARITE_ACTIVE",
            "ETABLISSEMENT_AN_DERNIER",
        ],
        "anyOf": [
            {"required": ["CODE_COMMUNE_INSEE_NAISS"]},
            {"required": ["VILLE_NAISS"]},
        ],
    }
    return body


def schema() -> dict[str, Any]:
    """The JSON Schema of a school document."""
    defs = {name: _object(cls) for cls, name in _DEFS.items() if cls is not Eleve}
    defs["Eleve"] = _eleve()
    defs["Lien"] = _object(Lien, ("HEBERGE_ELEVE",))
    defs["LienContact"] = _object(Lien)
    defs["EtablissementAnDernier"]["anyOf"] = [
        {"required": ["CODE_RNE"]},
        {"required": ["CODE_DEPARTEMENT"]},
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "École : élèves et responsables pour SIECLE",
        "description": (
            "Un établissement, ses élèves (sortants compris) et leurs responsables, tels que le "
            "fichier d'import du privé les transmet à SIECLE. Les noms des champs sont ceux de "
            "SIECLE ; les descriptions anglaises sont dans x-description-en."
        ),
        "x-description-en": (
            "A school, its pupils (leavers included) and their responsible persons, as the "
            "private-school import file carries them to SIECLE. Field names are SIECLE's."
        ),
        "type": "object",
        "properties": {
            "$schema": {
                "type": "string",
                "description": "Identifiant du schéma suivi (facultatif).",
                "x-description-en": "Identifier of the schema followed (optional).",
            },
            "format": _described_format(),
            "UAJ": _described("UAJ", {"type": "string", "pattern": "^[0-9]{7}[A-Z]$"}),
            "ANNEE_SCOLAIRE": _described(
                "ANNEE_SCOLAIRE", {"type": "string", "pattern": "^[0-9]{4}$"}
            ),
            "LOGICIEL": _described("LOGICIEL", {"type": "string", "maxLength": 10}),
            "PERSONNES": _described(
                "PERSONNES", {"type": "array", "items": {"$ref": "#/$defs/Personne"}}
            ),
            "ELEVES": _described("ELEVES", {"type": "array", "items": {"$ref": "#/$defs/Eleve"}}),
        },
        "required": ["format", "UAJ", "ANNEE_SCOLAIRE", "PERSONNES", "ELEVES"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _described_format() -> dict[str, Any]:
    return {
        "const": FORMAT,
        "description": "Version du format de ce document.",
        "x-description-en": "Version of this document's layout.",
    }
