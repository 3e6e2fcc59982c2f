"""Writing the reference data: the nomenclature (MEF, matières, programmes, code lists) and the
structures (divisions, groups and their MEF attachments), each in one transaction.

MEFs, matières and classes are updated in place (pupils' enrolments refer to them); programmes,
compulsory options and code lists are replaced as a whole, since SIECLE sends them whole. In these
tables an empty flag, count or date is stored as ``NULL``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from siecle_sdk.models._base import Record
from siecle_sdk.models.nomenclature import CodeLabel, Nomenclature
from siecle_sdk.models.structures import BaseStructure, Groupe, Structures
from siecle_sdk.plugin.adapter import WriteReport

from .schema import database, insert, transaction, update
from .writing import division_id

__all__ = ["write_nomenclature", "write_structures"]

#: ``mef`` column -> field of :class:`~siecle_sdk.models.nomenclature.Mef`
_MEF = {
    "formation": "formation",
    "speciality": "specialite",
    "long_label": "libelle_long",
    "edition_label": "libelle_edition",
    "status": "statut_mef",
    "attached_mef": "mef_rattachement",
    "mefstat_code": "code_mefstat",
    "compulsory_options": "nb_opt_oblig",
    "minimum_options": "nb_opt_mini",
    "language_reinforcement": "renforcement_langues",
    "school_enrolment": "inscription_etab",
    "origin": "mef_origine",
    "selected": "mef_selectionne",
    "selected_origin": "mef_selorig",
    "opening_date": "date_ouverture",
    "closing_date": "date_fermeture",
}
#: ``subject`` column -> field of :class:`~siecle_sdk.models.nomenclature.Matiere`
_SUBJECT = {
    "management_code": "code_gestion",
    "short_label": "libelle_court",
    "long_label": "libelle_long",
    "edition_label": "libelle_edition",
    "etp": "matiere_etp",
    "national_code": "code_matiere_nationale",
}


def _stored(value: Any) -> Any:
    """A reference value as stored: blank -> ``NULL``, date -> ISO text, flag -> 0/1."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _values(record: Record, columns: dict[str, str]) -> dict[str, Any]:
    return {column: _stored(getattr(record, name)) for column, name in columns.items()}


def _upsert(conn: sqlite3.Connection, table: str, code: str, values: dict[str, Any]) -> None:
    columns = ", ".join(["code", *values])
    marks = ", ".join("?" for _ in range(len(values) + 1))
    settings = ", ".join(f"{name} = excluded.{name}" for name in values)
    conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (code) DO UPDATE SET {settings}",
        (code, *values.values()),
    )


def _code_row(record: Record) -> tuple[str | None, str | None, str | None, str]:
    """A code-list row as (code, short label, long label, other fields as JSON)."""
    if isinstance(record, CodeLabel):
        code, short, long = record.code, record.libelle_court, record.libelle_long
        exclude = {"unknown", "libelle_court", "libelle_long", record.KEY}
    else:
        code = short = long = None
        exclude = {"unknown"}
    others = record.model_dump(mode="json", exclude=exclude, exclude_none=True)
    return code, short, long, json.dumps(others, ensure_ascii=False, sort_keys=True)


def write_nomenclature(path: Path, nomenclature: Nomenclature) -> WriteReport:
    """Write the profiled nomenclature into the database at ``path`` (created if missing)."""
    report = WriteReport()
    skipped = 0
    with database(path, create=True) as conn, transaction(conn):
        for mef in nomenclature.mefs:
            if not mef.code_mef:
                skipped += 1
                continue
            _upsert(conn, "mef", mef.code_mef, _values(mef, _MEF))
            report.add("mefs")
        for matiere in nomenclature.matieres:
            if not matiere.code_matiere:
                skipped += 1
                continue
            _upsert(conn, "subject", matiere.code_matiere, _values(matiere, _SUBJECT))
            report.add("matieres")
        for table in ("programme", "compulsory_option", "code_list"):
            conn.execute(f"DELETE FROM {table}")
        for programme in nomenclature.programmes:
            if not (programme.code_mef and programme.code_matiere):
                skipped += 1
                continue
            conn.execute(
                "INSERT INTO programme (mef_code, subject_code, election_mode, weekly_hours) "
                "VALUES (?, ?, ?, ?)",
                (
                    programme.code_mef,
                    programme.code_matiere,
                    _stored(programme.code_modalite_elect),
                    _stored(programme.horaire),
                ),
            )
            report.add("programmes")
        for option in nomenclature.options_obligatoires:
            if not (option.code_mef and option.code_matiere):
                skipped += 1
                continue
            conn.execute(
                "INSERT INTO compulsory_option (mef_code, subject_code, rank) VALUES (?, ?, ?)",
                (option.code_mef, option.code_matiere, _stored(option.rang_option)),
            )
            report.add("options_obligatoires")
        for block, rows in nomenclature.codes.items():
            for position, record in enumerate(rows, start=1):
                conn.execute(
                    "INSERT INTO code_list (list_name, position, code, short_label, long_label, "
                    "attributes) VALUES (?, ?, ?, ?, ?, ?)",
                    (block, position, *_code_row(record)),
                )
            report.add("codes", len(rows))
    for name in ("mefs", "matieres", "programmes", "options_obligatoires", "codes"):
        report.counts.setdefault(name, 0)
    if skipped:
        report.notes.append(f"{skipped} ligne(s) de nomenclature sans code ignorée(s).")
    return report


def _structure(conn: sqlite3.Connection, kind: str, structure: BaseStructure) -> tuple[int, bool]:
    """Insert or update a class row; returns ``(id, created)``."""
    assert structure.code_structure is not None
    values = {
        "label": structure.libelle_long,
        "contract_code": structure.code_contrat,
        "uai": structure.code_rne,
    }
    row = conn.execute(
        "SELECT id FROM class WHERE kind = ? AND code = ?", (kind, structure.code_structure)
    ).fetchone()
    if row is None:
        values.update(kind=kind, code=structure.code_structure)
        class_id, created = insert(conn, "class", values), True
    else:
        class_id, created = int(row["id"]), False
        update(conn, "class", class_id, values)
    conn.execute("DELETE FROM class_mef WHERE class_id = ?", (class_id,))
    for position, code in enumerate(structure.mef_codes, start=1):
        insert(conn, "class_mef", {"class_id": class_id, "position": position, "mef_code": code})
    return class_id, created


def write_structures(path: Path, structures: Structures) -> WriteReport:
    """Write divisions and groups into the database at ``path`` (created if missing)."""
    report = WriteReport(counts={"divisions": 0, "groupes": 0})
    skipped = created = 0
    with database(path, create=True) as conn, transaction(conn):
        for division in structures.divisions:
            if not division.code_structure:
                skipped += 1
                continue
            created += _structure(conn, "division", division)[1]
            report.add("divisions")
        for groupe in structures.groupes:
            if not groupe.code_structure:
                skipped += 1
                continue
            group_id, new = _structure(conn, "groupe", groupe)
            created += new
            _group_divisions(conn, group_id, groupe)
            report.add("groupes")
    report.notes.append(
        f"{report.counts['divisions']} division(s) et {report.counts['groupes']} groupe(s) "
        f"enregistrés, dont {created} nouveau(x)."
    )
    if skipped:
        report.notes.append(f"{skipped} structure(s) sans code ignorée(s).")
    return report


def _group_divisions(conn: sqlite3.Connection, group_id: int, groupe: Groupe) -> None:
    conn.execute("DELETE FROM group_division WHERE group_id = ?", (group_id,))
    for position, code in enumerate(dict.fromkeys(groupe.division_codes), start=1):
        division, _ = division_id(conn, code)
        insert(
            conn,
            "group_division",
            {"group_id": group_id, "division_id": division, "position": position},
        )
