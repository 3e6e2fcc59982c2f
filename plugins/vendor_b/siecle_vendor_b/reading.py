"""Reading the database as SIECLE sees it: the school, its persons and its pupils.

Each table is read once (a handful of queries whatever the number of pupils) and the rows are
gathered per pupil. A row that cannot become a SIECLE record raises
:class:`~siecle_sdk.errors.VendorDataError` naming the pupil or person (private id and name) and
the field; a pupil without legal representative is read as it is (``push`` refuses it later).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from siecle_sdk.errors import UnusableInput, VendorDataError
from siecle_sdk.models import import_eleves as im
from siecle_sdk.plugin.adapter import School

from .mapping import (
    ADDRESS,
    ENROLMENT,
    GRANT,
    LINK,
    PERSON,
    PREVIOUS_SCHOOL,
    PUPIL,
    RowLike,
    row_fields,
)
from .schema import database, snapshot

__all__ = ["ROLES", "person_label", "pupil_label", "read_school"]

#: link roles as stored in ``pupil_person.role`` -> field of ``ResponsablesEleve``
ROLES: dict[str, str] = {
    "LEGAL": "legal",
    "PERSONNE_EN_CHARGE": "personne_en_charge",
    "CONTACT": "contact",
    "LEGAL1": "legal1",
    "LEGAL2": "legal2",
}
_SINGLE_ROLES = frozenset({"LEGAL1", "LEGAL2"})

Row = RowLike


def pupil_label(row: Row, path: Path) -> str:
    """How messages name a pupil row: private id, name, and where it is."""
    return (
        f"élève ID_PRV_ELE={row['id_prv_ele']} ({row['family_name']} {row['first_name']}), "
        f"ligne {row['id']} de la table pupil de {path.name}"
    )


def person_label(row: Row, path: Path) -> str:
    """How messages name a person row: private id, name, and where it is."""
    return (
        f"personne ID_PRV_PER={row['id_prv_per']} ({row['family_name']} {row['first_name']}), "
        f"ligne {row['id']} de la table person de {path.name}"
    )


def _validated(model: type[im.ImportRecord], data: dict[str, Any], label: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            "/".join(str(p) for p in error["loc"]) + " : " + error["msg"] for error in exc.errors()
        )
        raise VendorDataError(f"{label} : enregistrement invalide ({problems}).") from None


def _grouped(conn: sqlite3.Connection, query: str) -> dict[int, list[sqlite3.Row]]:
    groups: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in conn.execute(query):
        groups[row["pupil_id"]].append(row)
    return groups


class _Reader:
    """Reads one database; ``path`` only names it in messages."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.addresses = {row["id"]: row for row in conn.execute("SELECT * FROM address")}

    def school(self) -> School:
        row = self.conn.execute("SELECT uai, school_year, software FROM school").fetchone()
        if row is None:
            raise UnusableInput(
                f"La base {self.path} ne contient encore aucun établissement : "
                "reprenez d'abord les élèves depuis SIECLE (siecle pull)."
            )
        return School(
            uai=row["uai"],
            school_year=row["school_year"],
            persons=self.persons(),
            pupils=self.pupils(),
            software=row["software"],
        )

    def _address(self, address_id: int | None, label: str) -> im.Adresse | None:
        if address_id is None:
            return None
        data = row_fields(ADDRESS, self.addresses[address_id], label)
        adresse: im.Adresse = _validated(im.Adresse, data, label + ", adresse")
        return adresse

    def persons(self) -> list[im.Personne]:
        persons: list[im.Personne] = []
        for row in self.conn.execute("SELECT * FROM person ORDER BY id"):
            label = person_label(row, self.path)
            data = row_fields(PERSON, row, label)
            data["adresse"] = self._address(row["address_id"], label)
            persons.append(_validated(im.Personne, data, label))
        return persons

    def pupils(self) -> list[im.Eleve]:
        conn = self.conn
        links = _grouped(
            conn,
            "SELECT pp.*, p.id_prv_per, p.family_name, p.first_name, p.id AS person_row "
            "FROM pupil_person pp JOIN person p ON p.id = pp.person_id "
            "ORDER BY pp.pupil_id, pp.role, pp.position",
        )
        enrolments = {
            row["pupil_id"]: row
            for row in conn.execute(
                "SELECT e.*, c.code AS division_code FROM enrolment e "
                "LEFT JOIN class c ON c.id = e.class_id"
            )
        }
        options = _grouped(conn, "SELECT * FROM pupil_option ORDER BY pupil_id, year, rank")
        grants = _grouped(conn, 'SELECT * FROM "grant" ORDER BY pupil_id, position')
        previous = {row["pupil_id"]: row for row in conn.execute("SELECT * FROM previous_school")}
        pupils: list[im.Eleve] = []
        for row in conn.execute("SELECT * FROM pupil ORDER BY id"):
            key = row["id"]
            label = pupil_label(row, self.path)
            data = row_fields(PUPIL, row, label)
            data["adresse"] = self._address(row["address_id"], label)
            pupil_options = options.get(key, [])
            current = [o for o in pupil_options if o["year"] == "current"]
            before = [o["subject_code"] for o in pupil_options if o["year"] == "previous"]
            data["responsables_eleve"] = self._links(row, links.get(key, []), label)
            data["bourses"] = self._grants(row, grants.get(key, []), label)
            data["scolarite_active"] = self._enrolment(enrolments.get(key), current, label)
            data["etablissement_an_dernier"] = self._previous(previous.get(key), before, label)
            pupils.append(_validated(im.Eleve, data, label))
        return pupils

    def _links(self, pupil: Row, rows: list[sqlite3.Row], label: str) -> Any:
        if not rows and not pupil["links_listed"]:
            return None
        roles: dict[str, Any] = {"legal": [], "personne_en_charge": [], "contact": []}
        for row in rows:
            role = row["role"]
            person = (
                f"personne ID_PRV_PER={row['id_prv_per']} "
                f"({row['family_name']} {row['first_name']})"
            )
            if role not in ROLES:
                raise VendorDataError(
                    f"{label} : le lien avec la {person} a un rôle inconnu « {role} » "
                    "(attendu LEGAL, PERSONNE_EN_CHARGE ou CONTACT)."
                )
            link = row_fields(LINK, row, f"{label}, lien {role} avec la {person}")
            link["id_prv_per"] = row["id_prv_per"]
            if role in _SINGLE_ROLES:
                if ROLES[role] in roles:
                    raise VendorDataError(
                        f"{label} : plusieurs liens de rôle {role} (un seul est possible)."
                    )
                roles[ROLES[role]] = link
            else:
                roles[ROLES[role]].append(link)
        return roles

    def _grants(self, pupil: Row, rows: list[sqlite3.Row], label: str) -> Any:
        if not rows and not pupil["grants_listed"]:
            return None
        return [row_fields(GRANT, row, label) for row in rows]

    def _enrolment(self, row: Row | None, options: list[sqlite3.Row], label: str) -> Any:
        if row is None:
            if options:
                raise VendorDataError(
                    f"{label} : options de l'année en cours sans inscription (table enrolment)."
                )
            return None
        data = row_fields(ENROLMENT, row, label)
        data["code_division"] = row["division_code"]
        data["options"] = [
            {"code_matiere": o["subject_code"], "code_modalite_elect": o["election_mode"]}
            for o in options
        ]
        return data

    def _previous(self, row: Row | None, options: list[str], label: str) -> Any:
        if row is None:
            if options:
                raise VendorDataError(
                    f"{label} : options de l'an dernier sans établissement d'origine "
                    "(table previous_school)."
                )
            return None
        data = row_fields(PREVIOUS_SCHOOL, row, label)
        data["options_an_dernier"] = options
        return data


def read_school(path: Path) -> School:
    """The school stored in the database at ``path`` (which must exist).

    :raises UnusableInput: the file is missing, not a vendor_b database, or newer than the adapter.
    :raises VendorDataError: a row cannot be turned into a SIECLE record.
    """
    with database(path, create=False) as conn, snapshot(conn):
        return _Reader(conn, path).school()
