"""Which column holds which field of the SIECLE records, and how values are stored.

Each table that carries a record lists its columns as :class:`Column` (column name, model field,
kind). Reading and writing both go through :func:`to_db` and :func:`from_db`, so that a value
survives a write then a read: ``None`` is ``NULL``, ``""`` stays ``""`` for texts and dates, dates
are ``yyyy-mm-dd`` text, flags 0/1, counts integers.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from siecle_sdk.errors import VendorDataError
from siecle_sdk.models import import_eleves as im

__all__ = [
    "ADDRESS",
    "ENROLMENT",
    "GRANT",
    "LINK",
    "PERSON",
    "PREVIOUS_SCHOOL",
    "PUPIL",
    "Column",
    "Kind",
    "RowLike",
    "Table",
    "from_db",
    "record_values",
    "row_fields",
    "to_db",
]

#: a database row: ``sqlite3.Row`` or a plain mapping (column name -> value)
RowLike = sqlite3.Row | Mapping[str, Any]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Kind(Enum):
    """How a field is stored."""

    TEXT = "un texte"
    DATE = "une date"
    FLAG = "un booléen (0 ou 1)"
    COUNT = "un entier positif ou nul"


@dataclass(frozen=True)
class Column:
    """A column of a table and the model field it holds."""

    name: str
    field: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """A table holding (part of) a record: its name, the record model, the mapped columns."""

    name: str
    model: type[BaseModel]
    columns: tuple[Column, ...]

    def tag(self, column: Column) -> str:
        """The SIECLE element name of a column's field, for messages (``DATE_NAISS``)."""
        return self.model.model_fields[column.field].alias or column.field.upper()

    @property
    def names(self) -> list[str]:
        """The mapped column names, in order."""
        return [column.name for column in self.columns]


D, F, C = Kind.DATE, Kind.FLAG, Kind.COUNT

ADDRESS = Table(
    "address",
    im.Adresse,
    (
        Column("line1", "ligne1_adresse"),
        Column("line2", "ligne2_adresse"),
        Column("line3", "ligne3_adresse"),
        Column("line4", "ligne4_adresse"),
        Column("postal_code", "code_postal"),
        Column("postal_label", "ll_postal"),
        Column("foreign_town", "commune_etrangere"),
        Column("country_code", "code_pays"),
    ),
)

PERSON = Table(
    "person",
    im.Personne,
    (
        Column("id_prv_per", "id_prv_per"),
        Column("personne_id", "personne_id"),
        Column("civility_code", "code_civilite"),
        Column("family_name", "nom_de_famille"),
        Column("usual_name", "nom_usage"),
        Column("first_name", "prenom"),
        Column("share_address", "communication_adresse", F),
        Column("profession_code", "code_profession"),
        Column("phone_home", "tel_personnel"),
        Column("phone_work", "tel_professionnel"),
        Column("phone_mobile", "tel_portable"),
        Column("accepts_sms", "accepte_sms", F),
        Column("email", "email"),
        Column("dependent_children", "enfant_a_charge", C),
    ),
)

PUPIL = Table(
    "pupil",
    im.Eleve,
    (
        Column("id_prv_ele", "id_prv_ele"),
        Column("eleve_id", "eleve_id"),
        Column("ine", "id_national"),
        Column("ine_bea", "ine_bea"),
        Column("ine_rnie", "ine_rnie"),
        Column("family_name", "nom_de_famille"),
        Column("usual_name", "nom_usage"),
        Column("first_name", "prenom"),
        Column("first_name2", "prenom2"),
        Column("first_name3", "prenom3"),
        Column("nationality_code", "code_pays_nat"),
        Column("birth_date", "date_naiss", D),
        Column("sex_code", "code_sexe"),
        Column("birth_country_code", "code_pays"),
        Column("birth_insee_code", "code_commune_insee_naiss"),
        Column("birth_town", "ville_naiss"),
        Column("entry_date", "date_entree", D),
        Column("phone_home", "tel_personnel"),
        Column("phone_work", "tel_professionnel"),
        Column("phone_mobile", "tel_portable"),
        Column("accepts_sms", "accepte_sms", F),
        Column("email", "email"),
        Column("school_transport", "adhesion_transport", F),
        Column("regime_code", "code_regime"),
        Column("repeating", "doublement", F),
        Column("leaving_reason_code", "code_motif_sortie"),
        Column("leaving_date", "date_sortie", D),
    ),
)

#: ``pupil_person``: the link's fields (``role``, ``position`` and the person are set apart)
LINK = Table(
    "pupil_person",
    im.Lien,
    (
        Column("relationship_code", "code_parente"),
        Column("financier", "financier", F),
        Column("pays_fees", "paie_frais_scolaires", F),
        Column("hosts_pupil", "heberge_eleve", F),
        Column("receives_aid", "percoit_les_aides", F),
        Column("contact_first", "a_contacter_en_priorite", F),
    ),
)

#: ``enrolment``: the active schooling (the division is ``class_id``, the options ``pupil_option``)
ENROLMENT = Table(
    "enrolment",
    im.ScolariteActive,
    (
        Column("mef_code", "code_mef"),
        Column("status_code", "code_statut"),
        Column("start_date", "date_deb_sco", D),
        Column("end_date", "date_fin_sco", D),
        Column("training_stopped", "arret_formation", F),
    ),
)

PREVIOUS_SCHOOL = Table(
    "previous_school",
    im.EtablissementAnDernier,
    (
        Column("uai", "code_rne"),
        Column("department_code", "code_departement"),
        Column("provenance_code", "code_provenance"),
        Column("mef_code", "code_mef"),
        Column("mef_type", "type_mef"),
        Column("division_code", "code_division"),
        Column("status_code", "code_statut"),
        Column("start_date", "date_deb_sco", D),
        Column("end_date", "date_fin_sco", D),
    ),
)

GRANT = Table(
    "grant",
    im.Bourse,
    (
        Column("grant_code", "code_bourse"),
        Column("shares", "nb_part", C),
    ),
)


def to_db(table: Table, column: Column, value: Any, label: str) -> Any:
    """The value to store for a field.

    :raises VendorDataError: a flag or a count that is ``""``: the database keeps true, false or
        absent (``NULL``), a number or absent.
    """
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.TEXT:
        return value
    if kind is Kind.DATE:
        return value.isoformat() if isinstance(value, dt.date) else value
    if isinstance(value, str):
        raise VendorDataError(
            f"{label} : {table.tag(column)} est vide ; la base vendor_b attend ici "
            f"{kind.value}, ou aucune valeur."
        )
    if kind is Kind.FLAG:
        return 1 if value else 0
    return int(value)


def from_db(table: Table, column: Column, value: Any, label: str) -> Any:
    """The field value for what a column holds.

    :raises VendorDataError: the stored value cannot be that field (a date that is not
        ``yyyy-mm-dd``, a flag other than 0/1...); the message names the record and the field.
    """
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.TEXT and isinstance(value, str):
        return value
    if kind is Kind.DATE and isinstance(value, str):
        if value == "":
            return ""
        if _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise VendorDataError(
            f"{label} : {table.tag(column)} « {value} » n'est pas une date valide "
            f"(attendu aaaa-mm-jj, colonne {table.name}.{column.name})."
        )
    if kind is Kind.FLAG and value in (0, 1) and not isinstance(value, float | str):
        return bool(value)
    if kind is Kind.COUNT and isinstance(value, int) and value >= 0:
        return value
    raise VendorDataError(
        f"{label} : {table.tag(column)} « {value} » n'est pas {kind.value} "
        f"(colonne {table.name}.{column.name})."
    )


def record_values(table: Table, record: BaseModel, label: str) -> dict[str, Any]:
    """Column name -> value to store, for the mapped fields of ``record``."""
    return {
        column.name: to_db(table, column, getattr(record, column.field), label)
        for column in table.columns
    }


def row_fields(table: Table, row: RowLike, label: str) -> dict[str, Any]:
    """Field name -> value, for the mapped columns of a database row."""
    return {
        column.field: from_db(table, column, row[column.name], label) for column in table.columns
    }
