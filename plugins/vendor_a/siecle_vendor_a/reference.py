"""Writing the school's reference data taken from SIECLE: nomenclature and structures.

These files are written by ``siecle pull`` for the software to offer the school's MEF, matières and
classes; they replace the previous ones whole and are not read back by the adapter. An empty value
and an absent one are both written as an empty cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from siecle_sdk.errors import VendorDataError
from siecle_sdk.models._base import Record
from siecle_sdk.models.nomenclature import CodeLabel, Nomenclature
from siecle_sdk.models.structures import BaseStructure, Groupe, Structures
from siecle_sdk.plugin.adapter import WriteReport

from . import layout as L
from .writing import encode_table, replace_files

__all__ = [
    "CODES",
    "MATIERES",
    "MEFS",
    "OPTIONS_OBLIGATOIRES",
    "PROGRAMMES",
    "write_nomenclature",
    "write_structures",
]

#: header -> field of :class:`~siecle_sdk.models.nomenclature.Mef`
_MEF = {
    "Code MEF": "code_mef",
    "Formation": "formation",
    "Spécialité": "specialite",
    "Libellé long": "libelle_long",
    "Libellé édition": "libelle_edition",
    "Statut MEF": "statut_mef",
    "MEF de rattachement": "mef_rattachement",
    "Code MEFSTAT": "code_mefstat",
    "Options obligatoires": "nb_opt_oblig",
    "Options minimum": "nb_opt_mini",
    "Renforcement en langues": "renforcement_langues",
    "Inscription en établissement": "inscription_etab",
    "MEF d'origine": "mef_origine",
    "MEF sélectionné": "mef_selectionne",
    "MEF sélectionné d'origine": "mef_selorig",
    "Date d'ouverture": "date_ouverture",
    "Date de fermeture": "date_fermeture",
}
_MATIERE = {
    "Code matière": "code_matiere",
    "Code gestion": "code_gestion",
    "Libellé court": "libelle_court",
    "Libellé long": "libelle_long",
    "Libellé édition": "libelle_edition",
    "Matière ETP": "matiere_etp",
    "Code matière nationale": "code_matiere_nationale",
}
_PROGRAMME = {
    "MEF": "code_mef",
    "Matière": "code_matiere",
    "Modalité": "code_modalite_elect",
    "Horaire": "horaire",
}
_OPTION_OBLIGATOIRE = {"MEF": "code_mef", "Matière": "code_matiere", "Rang": "rang_option"}

MEFS = L.Table("mefs.csv", tuple(_MEF))
MATIERES = L.Table("matieres.csv", tuple(_MATIERE))
PROGRAMMES = L.Table("programmes.csv", tuple(_PROGRAMME))
OPTIONS_OBLIGATOIRES = L.Table("options_obligatoires.csv", tuple(_OPTION_OBLIGATOIRE))
#: every national code list (``REGIMES``, ``LIENS_PARENTE``...), one row per code
CODES = L.Table("codes.csv", ("Liste", "Code", "Libellé court", "Libellé long"))


def _text(value: Any, who: str, header: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return L.YES if value else L.NO
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return L.check_text(str(value), who, header)


def _rows(records: Iterable[Record], columns: dict[str, str], what: str) -> list[dict[str, str]]:
    rows = []
    for number, record in enumerate(records, 1):
        who = f"{what} n° {number}"
        rows.append({h: _text(getattr(record, f), who, h) for h, f in columns.items()})
    return rows


def _code_rows(nomenclature: Nomenclature, report: WriteReport) -> list[dict[str, str]]:
    rows = []
    for block, records in nomenclature.codes.items():
        skipped = 0
        for record in records:
            if not isinstance(record, CodeLabel):
                skipped += 1
                continue
            who = f"code {record.code} de la liste {block}"
            short = record.libelle_court or getattr(record, "libelle_court_pcs", None)
            rows.append(
                {
                    "Liste": block,
                    "Code": _text(record.code, who, "Code"),
                    "Libellé court": _text(short, who, "Libellé court"),
                    "Libellé long": _text(record.label, who, "Libellé long"),
                }
            )
        if skipped:
            report.notes.append(
                f"liste {block} : {skipped} ligne(s) de correspondance sans code propre, "
                "non reprise(s)."
            )
    return rows


def write_nomenclature(target: Path, nomenclature: Nomenclature) -> WriteReport:
    """Write ``mefs.csv``, ``matieres.csv``, ``programmes.csv``, ``options_obligatoires.csv``
    and ``codes.csv`` (replacing the previous ones)."""
    _folder(target)
    report = WriteReport()
    tables: list[tuple[L.Table, list[dict[str, str]], str]] = [
        (MEFS, _rows(nomenclature.mefs, _MEF, "MEF"), "mefs"),
        (MATIERES, _rows(nomenclature.matieres, _MATIERE, "matière"), "matieres"),
        (PROGRAMMES, _rows(nomenclature.programmes, _PROGRAMME, "programme"), "programmes"),
        (
            OPTIONS_OBLIGATOIRES,
            _rows(nomenclature.options_obligatoires, _OPTION_OBLIGATOIRE, "option obligatoire"),
            "options_obligatoires",
        ),
        (CODES, _code_rows(nomenclature, report), "codes"),
    ]
    replace_files(target, {table.name: encode_table(table, rows) for table, rows, _ in tables})
    for _, rows, name in tables:
        report.add(name, len(rows))
    return report


def _joined(codes: Sequence[str | None], who: str, header: str) -> str:
    values = [L.check_text(code, who, header) for code in codes if code]
    for code in values:
        if L.LIST_SEPARATOR in code:
            raise VendorDataError(
                f"{who} : {header} « {code} » contient « {L.LIST_SEPARATOR} », le séparateur "
                "de la liste."
            )
    return L.LIST_SEPARATOR.join(values)


def _structure_row(structure: BaseStructure, kind: str) -> dict[str, str]:
    who = f"{kind} {structure.code_structure}"
    row = {
        "Code": _text(structure.code_structure, who, "Code"),
        "Libellé": _text(structure.libelle_long, who, "Libellé"),
        "Type": kind,
        "Contrat": _text(structure.code_contrat, who, "Contrat"),
        "UAI": _text(structure.code_rne, who, "UAI"),
        "MEF rattachés": _joined(
            [m.code_mef for m in structure.mefs_appartenance or ()], who, "MEF rattachés"
        ),
        "Divisions": "",
    }
    if isinstance(structure, Groupe):
        row["Divisions"] = _joined(
            [d.code_structure for d in structure.divisions_appartenance or ()], who, "Divisions"
        )
    return row


def write_structures(target: Path, structures: Structures) -> WriteReport:
    """Write ``classes.csv``: divisions then groups, with their MEF (and a group's divisions)."""
    _folder(target)
    rows = [_structure_row(d, "division") for d in structures.divisions]
    rows += [_structure_row(g, "groupe") for g in structures.groupes]
    replace_files(target, {L.CLASSES.name: encode_table(L.CLASSES, rows)})
    report = WriteReport()
    report.add("divisions", len(structures.divisions))
    report.add("groupes", len(structures.groupes))
    return report


def _folder(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise VendorDataError(f"{target} n'est pas un dossier.")
