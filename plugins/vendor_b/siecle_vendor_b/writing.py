"""Writing pupils, persons and INE returns into the database, each write in one transaction.

A pupil or person already in the database is matched by the SDK
(:class:`~siecle_sdk.adapter.Matcher`: SIECLE's id, then the private id) and updated in place;
the others are added; nothing is removed. A pupil's links, options, grants, enrolment and previous
school are replaced by what was given. Any error rolls the whole write back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from siecle_sdk.adapter import Matcher, ine_changes, match_ine
from siecle_sdk.errors import UnusableInput, VendorDataError
from siecle_sdk.models import import_eleves as im
from siecle_sdk.models._base import Record
from siecle_sdk.plugin.adapter import IneReport, IneUpdate, School, WriteReport

from .mapping import ADDRESS, ENROLMENT, GRANT, LINK, PERSON, PREVIOUS_SCHOOL, PUPIL, record_values
from .schema import database, insert, transaction, update

__all__ = ["division_id", "write_ine", "write_school"]

#: tables holding a pupil's dependent rows, replaced on every write of the pupil
_PUPIL_CHILDREN = ("pupil_person", "pupil_option", "grant", "enrolment", "previous_school")
#: INE fields of a pupil: column -> field of :class:`~siecle_sdk.exchange.IneUpdate`
_INE_COLUMNS = {"ine": "id_national", "ine_bea": "ine_bea", "ine_rnie": "ine_rnie"}


def _has_unknown(record: BaseModel) -> bool:
    """Whether a record (or a record inside it) holds elements the models do not describe."""
    if isinstance(record, Record) and record.unknown:
        return True
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, BaseModel) and _has_unknown(item) for item in items):
            return True
    return False


@contextmanager
def refused(label: str) -> Iterator[None]:
    """Turn a constraint the database refuses into a message naming the record."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise VendorDataError(f"{label} : enregistrement refusé par la base ({exc}).") from None


def division_id(conn: sqlite3.Connection, code: str) -> tuple[int, bool]:
    """The ``class`` row of the division ``code``, created when missing; ``(id, created)``."""
    row = conn.execute(
        "SELECT id FROM class WHERE kind = 'division' AND code = ?", (code,)
    ).fetchone()
    if row is not None:
        return int(row["id"]), False
    return insert(conn, "class", {"kind": "division", "code": code}), True


class _SchoolWriter:
    """Writes one school into an open database (inside the caller's transaction)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.report = WriteReport(counts={"eleves": 0, "personnes": 0, "liens": 0})
        self.added: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.divisions_created = 0
        self.unknown = 0
        self.row_ids: dict[str, list[int]] = {}
        self.matchers: dict[str, Matcher] = {}

    def write(self, school: School) -> WriteReport:
        self._school(school)
        persons = list(school.persons)
        pupils = list(school.pupils)
        self.matchers = {
            "person": self._matcher("person", "personne_id", "id_prv_per", "personne"),
            "pupil": self._matcher("pupil", "eleve_id", "id_prv_ele", "élève"),
        }
        for person in persons:
            self._person(person)
        for pupil in pupils:
            self._pupil(pupil)
        self.report.counts.update(eleves=len(pupils), personnes=len(persons))
        self._notes()
        return self.report

    def _notes(self) -> None:
        notes = self.report.notes
        for kind, label in (("eleves", "élève(s)"), ("personnes", "personne(s)")):
            notes.append(
                f"{label} : {self.added[kind]} ajouté(s), {self.updated[kind]} mis à jour "
                f"dans {self.path.name}."
            )
        if self.divisions_created:
            notes.append(
                f"{self.divisions_created} division(s) inconnue(s) de la base créée(s) "
                "(code seul) : importez les structures pour les compléter."
            )
        if self.unknown:
            notes.append(
                f"{self.unknown} enregistrement(s) contenai(en)t des éléments inconnus du "
                "format d'import : ils n'ont pas été enregistrés."
            )

    def _school(self, school: School) -> None:
        row = self.conn.execute("SELECT uai FROM school").fetchone()
        if row is not None and school.uai and row["uai"] != school.uai:
            raise UnusableInput(
                f"La base {self.path} est celle de l'établissement {row['uai']}, les données "
                f"reçues concernent l'établissement {school.uai} : rien n'a été écrit."
            )
        self.conn.execute(
            "INSERT INTO school (id, uai, school_year, software) VALUES (1, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET school_year = excluded.school_year, "
            "software = coalesce(excluded.software, software)",
            (school.uai, school.school_year, school.software),
        )

    def _matcher(self, table: str, siecle: str, private: str, what: str) -> Matcher:
        """The SDK's matcher over the rows of ``table`` (their ids kept, in the same order)."""
        rows = self.conn.execute(
            f"SELECT id, {siecle}, {private}, family_name, first_name FROM {table} ORDER BY id"
        ).fetchall()
        self.row_ids[table] = [int(r["id"]) for r in rows]
        element = private.upper()
        return Matcher(
            (
                (r[siecle], r[private], f"{what} {element}={r[private]} ({r[3]} {r[4]})")
                for r in rows
            ),
            what,
        )

    def _find(self, table: str, siecle: str | None, private: str, label: str) -> Any:
        """The row of ``table`` the SDK matches (``None``: a new record, its id to be added)."""
        position, added = self.matchers[table].put(siecle, private, label)
        if added:
            return None
        return self.conn.execute(
            f"SELECT id, address_id FROM {table} WHERE id = ?", (self.row_ids[table][position],)
        ).fetchone()

    # --- addresses ------------------------------------------------------------------------
    def _references(self, address_id: int) -> int:
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM person WHERE address_id = :id) "
            "+ (SELECT count(*) FROM pupil WHERE address_id = :id)",
            {"id": address_id},
        ).fetchone()
        return int(row[0])

    def _address(self, current: int | None, adresse: im.Adresse | None, label: str) -> int | None:
        """The address row to use: ``current`` when unchanged or owned alone, else a new one."""
        if adresse is None:
            return None
        values = record_values(ADDRESS, adresse, label)
        if current is not None:
            row = self.conn.execute("SELECT * FROM address WHERE id = ?", (current,)).fetchone()
            if all(row[name] == value for name, value in values.items()):
                return current
            if self._references(current) <= 1:
                update(self.conn, "address", current, values)
                return current
        return insert(self.conn, "address", values)

    def _drop_address(self, old: int | None, new: int | None) -> None:
        if old is not None and old != new and not self._references(old):
            self.conn.execute("DELETE FROM address WHERE id = ?", (old,))

    # --- records --------------------------------------------------------------------------
    def _save(self, table: str, kind: str, row: Any, values: dict[str, Any], label: str) -> int:
        with refused(label):
            if row is None:
                self.added[kind] += 1
                new = insert(self.conn, table, values)
                self.row_ids[table].append(new)
                return new
            update(self.conn, table, int(row["id"]), values)
        self.updated[kind] += 1
        return int(row["id"])

    def _person(self, person: im.Personne) -> None:
        label = person.label
        self.unknown += _has_unknown(person)
        row = self._find("person", person.personne_id, person.id_prv_per, label)
        old_address = row["address_id"] if row is not None else None
        values = record_values(PERSON, person, label)
        values["address_id"] = self._address(old_address, person.adresse, label)
        self._save("person", "personnes", row, values, label)
        self._drop_address(old_address, values["address_id"])

    def _pupil(self, pupil: im.Eleve) -> None:
        label = pupil.label
        self.unknown += _has_unknown(pupil)
        row = self._find("pupil", pupil.eleve_id, pupil.id_prv_ele, label)
        old_address = row["address_id"] if row is not None else None
        values = record_values(PUPIL, pupil, label)
        values["address_id"] = self._address(old_address, pupil.adresse, label)
        values["grants_listed"] = int(pupil.bourses is not None)
        values["links_listed"] = int(pupil.responsables_eleve is not None)
        pupil_id = self._save("pupil", "eleves", row, values, label)
        self._drop_address(old_address, values["address_id"])
        for table in _PUPIL_CHILDREN:
            self.conn.execute(f'DELETE FROM "{table}" WHERE pupil_id = ?', (pupil_id,))
        with refused(label):
            self._links(pupil_id, pupil, label)
            self._grants(pupil_id, pupil, label)
            self._enrolment(pupil_id, pupil, label)
            self._previous(pupil_id, pupil, label)

    def _links(self, pupil_id: int, pupil: im.Eleve, label: str) -> None:
        positions: Counter[str] = Counter()
        for role, link in pupil.links():
            person = self.conn.execute(
                "SELECT id FROM person WHERE id_prv_per = ?", (link.id_prv_per,)
            ).fetchone()
            if person is None:
                raise VendorDataError(
                    f"{label} : le responsable ID_PRV_PER={link.id_prv_per} ({role}) n'est ni "
                    "parmi les personnes reçues ni dans la base."
                )
            positions[role] += 1
            values = record_values(LINK, link, f"{label}, lien {role}")
            values.update(
                pupil_id=pupil_id, person_id=person["id"], role=role, position=positions[role]
            )
            insert(self.conn, "pupil_person", values)
        self.report.add("liens", sum(positions.values()))

    def _grants(self, pupil_id: int, pupil: im.Eleve, label: str) -> None:
        for position, bourse in enumerate(pupil.bourses or [], start=1):
            values = record_values(GRANT, bourse, f"{label}, bourse")
            values.update(pupil_id=pupil_id, position=position)
            insert(self.conn, "grant", values)

    def _enrolment(self, pupil_id: int, pupil: im.Eleve, label: str) -> None:
        scolarite = pupil.scolarite_active
        if scolarite is None:
            return
        values = record_values(ENROLMENT, scolarite, label)
        values["pupil_id"] = pupil_id
        code = scolarite.code_division
        if code == "":
            raise VendorDataError(
                f"{label} : SCOLARITE_ACTIVE/CODE_DIVISION est vide ; la base vendor_b attend "
                "un code de division, ou aucune valeur."
            )
        if code is not None:
            values["class_id"], created = division_id(self.conn, code)
            self.divisions_created += created
        insert(self.conn, "enrolment", values)
        for rank, option in enumerate(scolarite.options, start=1):
            insert(
                self.conn,
                "pupil_option",
                {
                    "pupil_id": pupil_id,
                    "year": "current",
                    "rank": rank,
                    "subject_code": option.code_matiere,
                    "election_mode": option.code_modalite_elect,
                },
            )

    def _previous(self, pupil_id: int, pupil: im.Eleve, label: str) -> None:
        previous = pupil.etablissement_an_dernier
        if previous is None:
            return
        values = record_values(PREVIOUS_SCHOOL, previous, label)
        values["pupil_id"] = pupil_id
        insert(self.conn, "previous_school", values)
        for rank, code in enumerate(previous.options_an_dernier, start=1):
            insert(
                self.conn,
                "pupil_option",
                {"pupil_id": pupil_id, "year": "previous", "rank": rank, "subject_code": code},
            )


def write_school(path: Path, school: School) -> WriteReport:
    """Write ``school`` into the database at ``path`` (created with its folder if missing)."""
    with database(path, create=True) as conn, transaction(conn):
        return _SchoolWriter(conn, path).write(school)


def write_ine(path: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE SIECLE returned, changing nothing else (one transaction).

    The SDK finds the pupils (:func:`~siecle_sdk.adapter.match_ine`); a pupil that is not in the
    database is reported as not found (never created); an INE that is absent or blank in the
    return never erases a stored one.
    """
    report = IneReport()
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with database(path, create=False) as conn, transaction(conn):
        rows = conn.execute(
            "SELECT id, eleve_id, id_prv_ele, ine, ine_bea, ine_rnie FROM pupil ORDER BY id"
        ).fetchall()
        found = match_ine([(r["eleve_id"], r["id_prv_ele"]) for r in rows], updates)
        for entry, index in zip(updates, found, strict=True):
            if index is None:
                report.not_found.append(entry.label)
                continue
            row = rows[index]
            changes = ine_changes({n: row[c] for c, n in _INE_COLUMNS.items()}, entry)
            if not changes:
                report.unchanged.append(entry.label)
                continue
            columns = {c: changes[n] for c, n in _INE_COLUMNS.items() if n in changes}
            update(conn, "pupil", int(row["id"]), {**columns, "ine_updated_at": stamp})
            report.updated.append(entry.label)
    return report
