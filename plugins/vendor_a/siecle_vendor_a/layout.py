"""The folder layout: file names, French column headers, and how a cell holds a value.

Every file is a semicolon-separated CSV in Windows-1252 with a header row. A column maps to one
field of the import models (:mod:`siecle_sdk.models.import_eleves`) and says how its text is read:

* text is kept as it is (spaces included);
* dates are written ``jj/mm/aaaa``;
* flags are ``Oui`` / ``Non`` (read case-insensitively);
* counts are written in digits.

Empty and absent. An empty cell is ``None`` for an optional field and ``""`` for a mandatory one
(a mandatory value that SIECLE's exports did not hold is stored empty, to be completed in the
software). An optional field holding ``""`` cannot be stored: the import format forbids empty
values, and the writer refuses such a record by name rather than turning ``""`` into ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from siecle_sdk.errors import VendorDataError

__all__ = [
    "ADRESSE",
    "AN_DERNIER",
    "BOURSES",
    "CLASSES",
    "ELEVE",
    "ENCODING",
    "ETABLISSEMENT",
    "FILES",
    "LIENS",
    "OPTIONS",
    "PERSONNE",
    "ROLES",
    "SCOLARITE",
    "Column",
    "Kind",
    "Table",
    "cell",
    "check_text",
    "restore",
    "shielded",
    "value",
]

#: Python codec of every file
ENCODING = "cp1252"
#: how messages name the encoding
ENCODING_LABEL = "Windows-1252"
DELIMITER = ";"
YES, NO = "Oui", "Non"


class Kind(Enum):
    """How a cell's text is read."""

    TEXT = "un texte"
    DATE = "une date"
    FLAG = "« Oui » ou « Non »"
    COUNT = "un nombre"


@dataclass(frozen=True)
class Column:
    """A column: its header, the model field it holds, how it is read, whether it is mandatory."""

    header: str
    field: str
    kind: Kind = Kind.TEXT
    #: the model field has no default: an empty cell is ``""`` (else ``None``)
    required: bool = False


def _text(header: str, field: str, required: bool = False) -> Column:
    return Column(header, field, Kind.TEXT, required)


# --- the columns of each part of a record ----------------------------------------------------

#: columns of an address (``eleves.csv`` and ``personnes.csv``)
ADRESSE: tuple[Column, ...] = (
    _text("Adresse ligne 1", "ligne1_adresse"),
    _text("Adresse ligne 2", "ligne2_adresse"),
    _text("Adresse ligne 3", "ligne3_adresse"),
    _text("Adresse ligne 4", "ligne4_adresse"),
    _text("Code postal", "code_postal"),
    _text("Commune", "ll_postal"),
    _text("Commune étrangère", "commune_etrangere"),
    _text("Pays", "code_pays", required=True),
)

#: the pupil's own columns, before the address
ELEVE_HEAD: tuple[Column, ...] = (
    _text("N° élève", "id_prv_ele", required=True),
    _text("Nom", "nom_de_famille", required=True),
    _text("Nom d'usage", "nom_usage"),
    _text("Prénom", "prenom", required=True),
    _text("Prénom 2", "prenom2"),
    _text("Prénom 3", "prenom3"),
    Column("Né(e) le", "date_naiss", Kind.DATE, required=True),
    _text("Sexe", "code_sexe"),
    _text("Pays de naissance", "code_pays", required=True),
    _text("Commune de naissance (INSEE)", "code_commune_insee_naiss"),
    _text("Ville de naissance", "ville_naiss"),
    _text("Nationalité", "code_pays_nat"),
    _text("INE", "id_national"),
    _text("INE BEA", "ine_bea"),
    _text("INE RNIE", "ine_rnie"),
    _text("N° SIECLE", "eleve_id"),
    Column("Date d'entrée", "date_entree", Kind.DATE),
)

#: the pupil's own columns, after the address
ELEVE_TAIL: tuple[Column, ...] = (
    _text("Tél. personnel", "tel_personnel"),
    _text("Tél. professionnel", "tel_professionnel"),
    _text("Tél. portable", "tel_portable"),
    _text("Mél", "email"),
    Column("Accepte SMS", "accepte_sms", Kind.FLAG),
    Column("Transport", "adhesion_transport", Kind.FLAG, required=True),
    _text("Régime", "code_regime", required=True),
    Column("Redoublant", "doublement", Kind.FLAG, required=True),
)

#: ``Boursier``: ``Oui`` (grants in bourses.csv), ``Non`` (none: an empty list), empty (unknown)
BOURSIER = "Boursier"

#: this year's schooling (``SCOLARITE_ACTIVE``); options are in options.csv
SCOLARITE: tuple[Column, ...] = (
    _text("MEF", "code_mef", required=True),
    _text("Classe", "code_division"),
    _text("Statut", "code_statut", required=True),
    Column("Début de scolarité", "date_deb_sco", Kind.DATE, required=True),
    Column("Fin de scolarité", "date_fin_sco", Kind.DATE),
    Column("Arrêt de formation", "arret_formation", Kind.FLAG),
)

#: last year's school (``ETABLISSEMENT_AN_DERNIER``); its matières are in options.csv
AN_DERNIER: tuple[Column, ...] = (
    _text("Établissement an dernier (UAI)", "code_rne"),
    _text("Département an dernier", "code_departement"),
    _text("Provenance", "code_provenance", required=True),
    _text("MEF an dernier", "code_mef"),
    _text("Type MEF an dernier", "type_mef"),
    _text("Classe an dernier", "code_division"),
    _text("Statut an dernier", "code_statut"),
    Column("Début de scolarité an dernier", "date_deb_sco", Kind.DATE),
    Column("Fin de scolarité an dernier", "date_fin_sco", Kind.DATE),
)

#: a leaver's columns (both empty for a current pupil)
SORTIE: tuple[Column, ...] = (
    _text("Motif de sortie", "code_motif_sortie"),
    Column("Date de sortie", "date_sortie", Kind.DATE),
)

ELEVE: tuple[Column, ...] = ELEVE_HEAD + ELEVE_TAIL + SORTIE

PERSONNE_HEAD: tuple[Column, ...] = (
    _text("N° personne", "id_prv_per", required=True),
    _text("Civilité", "code_civilite", required=True),
    _text("Nom", "nom_de_famille", required=True),
    _text("Nom d'usage", "nom_usage"),
    _text("Prénom", "prenom", required=True),
)
PERSONNE_TAIL: tuple[Column, ...] = (
    Column("Communication de l'adresse", "communication_adresse", Kind.FLAG),
    _text("Profession (PCS)", "code_profession", required=True),
    _text("Tél. personnel", "tel_personnel"),
    _text("Tél. professionnel", "tel_professionnel"),
    _text("Tél. portable", "tel_portable"),
    Column("Accepte SMS", "accepte_sms", Kind.FLAG),
    _text("Mél", "email"),
    Column("Enfants à charge", "enfant_a_charge", Kind.COUNT),
    _text("N° SIECLE", "personne_id"),
)
PERSONNE: tuple[Column, ...] = PERSONNE_HEAD + PERSONNE_TAIL

#: the columns of a link after ``N° élève`` and ``Rôle``
LIEN: tuple[Column, ...] = (
    _text("N° personne", "id_prv_per", required=True),
    _text("Lien de parenté", "code_parente", required=True),
    Column("Responsable financier", "financier", Kind.FLAG),
    Column("Paie les frais", "paie_frais_scolaires", Kind.FLAG),
    Column("Héberge l'élève", "heberge_eleve", Kind.FLAG),
    Column("Perçoit les aides", "percoit_les_aides", Kind.FLAG),
    Column("À contacter en priorité", "a_contacter_en_priorite", Kind.FLAG),
)

#: ``Rôle`` of liens.csv -> role element name of ``RESPONSABLES_ELEVE``
ROLES: dict[str, str] = {
    "légal": "LEGAL",
    "en charge": "PERSONNE_EN_CHARGE",
    "contact": "CONTACT",
    "légal 1": "LEGAL1",
    "légal 2": "LEGAL2",
}
ROLE_NAMES: dict[str, str] = {element: name for name, element in ROLES.items()}

BOURSE: tuple[Column, ...] = (
    _text("Code bourse", "code_bourse", required=True),
    Column("Parts", "nb_part", Kind.COUNT, required=True),
)

#: ``Année`` of options.csv: this year's option (with its modality) or a matière of last year
CURRENT_YEAR, LAST_YEAR = "en cours", "an dernier"


@dataclass(frozen=True)
class Table:
    """A file of the folder: its name and headers."""

    name: str
    headers: tuple[str, ...]
    #: an absent file is read as a file without rows
    optional: bool = False


ELEVE_ID, PERSONNE_ID, ROLE, ANNEE, RANG, MATIERE, MODALITE = (
    "N° élève",
    "N° personne",
    "Rôle",
    "Année",
    "Rang",
    "Matière",
    "Modalité",
)

ETABLISSEMENT = Table("etablissement.csv", ("UAI", "Année scolaire", "Logiciel"))
ELEVES = Table(
    "eleves.csv",
    (
        *(c.header for c in (*ELEVE_HEAD, *ADRESSE, *ELEVE_TAIL)),
        BOURSIER,
        *(c.header for c in (*SCOLARITE, *AN_DERNIER, *SORTIE)),
    ),
)
PERSONNES = Table(
    "personnes.csv", tuple(c.header for c in (*PERSONNE_HEAD, *ADRESSE, *PERSONNE_TAIL))
)
LIENS = Table("liens.csv", (ELEVE_ID, ROLE, *(c.header for c in LIEN)))
OPTIONS = Table("options.csv", (ELEVE_ID, ANNEE, RANG, MATIERE, MODALITE), optional=True)
BOURSES = Table("bourses.csv", (ELEVE_ID, *(c.header for c in BOURSE)), optional=True)

#: the files of the school, in the order they are written
FILES: tuple[Table, ...] = (ETABLISSEMENT, ELEVES, PERSONNES, LIENS, OPTIONS, BOURSES)

#: structures (written by ``siecle pull``, for reference)
CLASSES = Table(
    "classes.csv", ("Code", "Libellé", "Type", "Contrat", "UAI", "MEF rattachés", "Divisions")
)
#: separator of the lists of classes.csv
LIST_SEPARATOR = "|"


# --- cells ------------------------------------------------------------------------------------

#: first characters that make a spreadsheet take a cell for a formula (``=``, ``+``, ``-``,
#: ``@``) or run it (DDE: ``=cmd|' /C calc'!A0``); tab and carriage return hide such a start
FORMULA_STARTS = frozenset("=+-@\t\r")
#: put before such a value so that a spreadsheet shows it as text; taken off when read
TEXT_MARK = "'"


def shielded(text: str) -> str:
    """``text`` as written in a cell: with :data:`TEXT_MARK` before it when, its marks aside, it
    starts like a formula (``=SUM(1)`` -> ``'=SUM(1)``, ``'=x`` -> ``''=x``); else unchanged."""
    if text.lstrip(TEXT_MARK)[:1] in FORMULA_STARTS:
        return TEXT_MARK + text
    return text


def restore(text: str) -> str:
    """The value of a cell written by :func:`shielded` (``restore(shielded(v)) == v``)."""
    if text[:1] == TEXT_MARK and text.lstrip(TEXT_MARK)[:1] in FORMULA_STARTS:
        return text[1:]
    return text


_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_COUNT = re.compile(r"^\d+$")


def value(column: Column, text: str, who: str) -> Any:
    """The value of a cell, or :class:`VendorDataError` naming ``who`` and the column."""
    if text == "":
        return "" if column.required else None
    if column.kind is Kind.TEXT:
        return text
    if column.kind is Kind.DATE:
        match = _DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
        raise VendorDataError(f"{who} : {column.header} « {text} » invalide (attendu jj/mm/aaaa).")
    if column.kind is Kind.FLAG:
        lowered = text.strip().lower()
        if lowered == YES.lower():
            return True
        if lowered == NO.lower():
            return False
        raise VendorDataError(f"{who} : {column.header} « {text} » invalide (attendu Oui ou Non).")
    if _COUNT.match(text):
        return int(text)
    raise VendorDataError(f"{who} : {column.header} « {text} » invalide (attendu un nombre).")


def cell(column: Column, data: Any, who: str) -> str:
    """The text of a cell for a model value; refuses what the cell cannot hold, naming ``who``."""
    if data is None:
        return ""
    if isinstance(data, str) and data == "":
        if column.required:
            return ""
        raise VendorDataError(
            f"{who} : {column.header} est une valeur vide, que le format d'import interdit "
            "(laissez le champ absent)."
        )
    if column.kind is Kind.DATE and isinstance(data, dt.date):
        return f"{data.day:02d}/{data.month:02d}/{data.year:04d}"
    if column.kind is Kind.FLAG and isinstance(data, bool):
        return YES if data else NO
    if column.kind is Kind.COUNT and isinstance(data, int) and not isinstance(data, bool):
        if data < 0:
            raise VendorDataError(f"{who} : {column.header} « {data} » négatif.")
        return str(data)
    if column.kind is Kind.TEXT and isinstance(data, str):
        return check_text(data, who, column.header)
    raise VendorDataError(f"{who} : {column.header} « {data} » n'est pas {column.kind.value}.")


def check_text(text: str, who: str, header: str) -> str:
    """``text`` if Windows-1252 can hold it; else :class:`VendorDataError` naming the value."""
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        raise VendorDataError(
            f"{who} : {header} « {text} » contient le caractère « {char} » (U+{ord(char):04X}), "
            f"que {ENCODING_LABEL} ne peut pas enregistrer ; corrigez la valeur."
        ) from None
    if "\x00" in text:
        raise VendorDataError(f"{who} : {header} contient un caractère nul (U+0000).")
    return text
