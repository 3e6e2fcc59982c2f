"""Writing a school folder: records to CSV rows, merging a takeover, storing returned INE.

Every file is built in memory and checked (values Windows-1252 cannot hold, empty values the
import format forbids, data without a column) before anything touches the disk. The files are then
replaced all together (:mod:`.transaction`): a crash leaves the folder as it was or as written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from siecle_sdk.adapter import apply_ine, merge_school
from siecle_sdk.errors import VendorDataError
from siecle_sdk.models._base import Record
from siecle_sdk.models.import_eleves import Eleve, Personne
from siecle_sdk.plugin.adapter import IneReport, IneUpdate, School, WriteReport

from . import layout as L
from . import transaction
from .reading import Folder, holds_school, load

__all__ = [
    "encode_table",
    "folder_files",
    "pupil_label",
    "replace_files",
    "store_ine",
    "write_school",
]


# --- rows -----------------------------------------------------------------------------------


def pupil_label(pupil: Eleve) -> str:
    """``élève n° 12 (DUPONT Marie)``."""
    return f"élève n° {pupil.id_prv_ele} ({pupil.nom_de_famille} {pupil.prenom})"


def person_label(person: Personne) -> str:
    """``personne n° 3 (DUPONT Anne)``."""
    return f"personne n° {person.id_prv_per} ({person.nom_de_famille} {person.prenom})"


def _no_unknown(record: Record, who: str, what: str) -> None:
    if record.unknown:
        tags = ", ".join(sorted({str(u.get("tag", "?")) for u in record.unknown}))
        raise VendorDataError(
            f"{who} : {what} porte des données sans colonne dans ce format ({tags}) ; elles ne "
            "peuvent pas être enregistrées."
        )


def _cells(columns: Iterable[L.Column], record: Record, who: str) -> dict[str, str]:
    return {c.header: L.cell(c, getattr(record, c.field), who) for c in columns}


def _group_cells(
    columns: tuple[L.Column, ...], record: Record | None, who: str, what: str, rows: int = 0
) -> dict[str, str]:
    """The cells of a nested record; a present one must fill a cell (or have ``rows``)."""
    if record is None:
        return {c.header: "" for c in columns}
    _no_unknown(record, who, what)
    cells = _cells(columns, record, who)
    if not rows and not any(cells.values()):
        raise VendorDataError(
            f"{who} : {what} sans aucune valeur, que ce format ne distingue pas d'une absence "
            "(laissez-la absente ou complétez-la)."
        )
    return cells


def pupil_rows(pupil: Eleve) -> dict[str, list[dict[str, str]]]:
    """The rows of one pupil in each file (``eleves.csv``, ``liens.csv``...)."""
    who = pupil_label(pupil)
    _no_unknown(pupil, who, "l'élève")
    if not pupil.id_prv_ele:
        raise VendorDataError(f"{who} : {L.ELEVE_ID} vide.")
    number = pupil.id_prv_ele
    row = _cells(L.ELEVE, pupil, who)
    row.update(_group_cells(L.ADRESSE, pupil.adresse, who, "l'adresse"))
    active, before = pupil.scolarite_active, pupil.etablissement_an_dernier
    options: list[dict[str, str]] = []
    if active is not None:
        for rank, option in enumerate(active.options, 1):
            _no_unknown(option, who, f"l'option de rang {rank}")
            options.append(
                {
                    L.ELEVE_ID: number,
                    L.ANNEE: L.CURRENT_YEAR,
                    L.RANG: str(rank),
                    L.MATIERE: L.check_text(option.code_matiere, who, L.MATIERE),
                    L.MODALITE: L.check_text(option.code_modalite_elect, who, L.MODALITE),
                }
            )
    row.update(_group_cells(L.SCOLARITE, active, who, "la scolarité de l'année", len(options)))
    last = before.options_an_dernier if before is not None else []
    for rank, matiere in enumerate(last, 1):
        options.append(
            {
                L.ELEVE_ID: number,
                L.ANNEE: L.LAST_YEAR,
                L.RANG: str(rank),
                L.MATIERE: L.check_text(matiere, who, L.MATIERE),
                L.MODALITE: "",
            }
        )
    row.update(
        _group_cells(L.AN_DERNIER, before, who, "l'établissement de l'an dernier", len(last))
    )
    bourses: list[dict[str, str]] = []
    if pupil.bourses is None:
        row[L.BOURSIER] = ""
    else:
        row[L.BOURSIER] = L.YES if pupil.bourses else L.NO
        for bourse in pupil.bourses:
            _no_unknown(bourse, who, "une bourse")
            bourses.append({L.ELEVE_ID: number, **_cells(L.BOURSE, bourse, who)})
    return {
        L.ELEVES.name: [row],
        L.LIENS.name: _link_rows(pupil, who),
        L.OPTIONS.name: options,
        L.BOURSES.name: bourses,
    }


def _link_rows(pupil: Eleve, who: str) -> list[dict[str, str]]:
    block = pupil.responsables_eleve
    if block is None:
        return []
    _no_unknown(block, who, "le bloc des responsables")
    links = block.links()
    if not links:
        raise VendorDataError(
            f"{who} : bloc des responsables vide, que ce format ne distingue pas d'une absence."
        )
    rows = []
    for role, link in links:
        link_who = f"{who}, lien avec la personne n° {link.id_prv_per}"
        _no_unknown(link, link_who, "le lien")
        rows.append(
            {
                L.ELEVE_ID: pupil.id_prv_ele,
                L.ROLE: L.ROLE_NAMES[role],
                **_cells(L.LIEN, link, link_who),
            }
        )
    return rows


def person_row(person: Personne) -> dict[str, str]:
    """The row of one person in ``personnes.csv``."""
    who = person_label(person)
    _no_unknown(person, who, "la personne")
    if not person.id_prv_per:
        raise VendorDataError(f"{who} : {L.PERSONNE_ID} vide.")
    row = _cells(L.PERSONNE, person, who)
    row.update(_group_cells(L.ADRESSE, person.adresse, who, "l'adresse"))
    return row


def encode_table(table: L.Table, rows: Iterable[Mapping[str, str]]) -> bytes:
    """A whole file: header and rows, ``;``-separated, in Windows-1252 (values already checked);
    a value a spreadsheet would take for a formula is shielded (:func:`.layout.shielded`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=L.DELIMITER, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in rows:
        writer.writerow([L.shielded(row[h]) for h in table.headers])
    return buffer.getvalue().encode(L.ENCODING)


def folder_files(folder: Folder, *, only: Sequence[L.Table] = L.FILES) -> dict[str, bytes]:
    """The content of each file of the school (all checked before any is written)."""
    _check_references(folder)
    who = f"l'établissement ({L.ETABLISSEMENT.name})"
    rows: dict[str, list[dict[str, str]]] = {table.name: [] for table in L.FILES}
    rows[L.ETABLISSEMENT.name].append(
        {
            "UAI": L.check_text(folder.uai, who, "UAI"),
            "Année scolaire": L.check_text(folder.school_year, who, "Année scolaire"),
            "Logiciel": L.cell(L.Column("Logiciel", "software"), folder.software, who),
        }
    )
    wanted = {table.name for table in only}
    for person in folder.persons if L.PERSONNES.name in wanted else ():
        rows[L.PERSONNES.name].append(person_row(person))
    for pupil in folder.pupils:
        for name, pupil_table_rows in pupil_rows(pupil).items():
            rows[name] += pupil_table_rows
    return {table.name: encode_table(table, rows[table.name]) for table in only}


def _check_references(folder: Folder) -> None:
    persons: set[str] = set()
    for person in folder.persons:
        if person.id_prv_per in persons:
            raise VendorDataError(
                f"{person_label(person)} : deux personnes portent le n° {person.id_prv_per}."
            )
        persons.add(person.id_prv_per)
    pupils: set[str] = set()
    for pupil in folder.pupils:
        if pupil.id_prv_ele in pupils:
            raise VendorDataError(
                f"{pupil_label(pupil)} : deux élèves portent le n° {pupil.id_prv_ele}."
            )
        pupils.add(pupil.id_prv_ele)
        for _, link in pupil.links():
            if link.id_prv_per not in persons:
                raise VendorDataError(
                    f"{pupil_label(pupil)} : lien vers la personne n° {link.id_prv_per}, "
                    "qui ne figure pas parmi les personnes."
                )


def replace_files(folder: Path, contents: Mapping[str, bytes]) -> None:
    """Replace the files of ``contents`` (name -> bytes) all together, under the folder's lock.

    A crash or a failure leaves the folder as it was or, once the journal is written, as the
    write makes it (the next opening finishes the moves); see :mod:`.transaction`.
    """
    with transaction.writing(folder):
        transaction.commit(folder, contents)


def write_school(target: Path, school: School) -> WriteReport:
    """Merge ``school`` into the folder ``target`` (created when missing) and write it."""
    if target.exists() and not target.is_dir():
        raise VendorDataError(f"{target} n'est pas un dossier.")
    with transaction.writing(target):
        folder = load(target) if holds_school(target) else None
        stored = None
        if folder is not None:
            stored = School(
                folder.uai, folder.school_year, folder.persons, folder.pupils, folder.software
            )
        report = WriteReport()
        merged = merge_school(stored, school, report)
        transaction.commit(
            target,
            folder_files(
                Folder(
                    merged.uai,
                    merged.school_year,
                    merged.software,
                    list(merged.persons),
                    list(merged.pupils),
                )
            ),
        )
    return report


# --- INE returned by SIECLE -----------------------------------------------------------------


def store_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE of ``updates``; only ``eleves.csv`` is rewritten, and only INE cells change."""
    if not target.is_dir():
        raise VendorDataError(f"{target} : aucune donnée d'établissement à mettre à jour.")
    with transaction.writing(target):
        return _store_ine(target, updates)


def _store_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    if not holds_school(target):
        raise VendorDataError(f"{target} : aucune donnée d'établissement à mettre à jour.")
    stored = load(target)
    stored.pupils, report = apply_ine(stored.pupils, updates)
    if report.updated:
        transaction.commit(target, folder_files(stored, only=(L.ELEVES,)))
    return report
