"""Nomenclature and structures stored in the database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import vendor_b_records as records
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.models.structures import (
    Division,
    DivisionAppartenance,
    Groupe,
    MefAppartenance,
    Structures,
)

from siecle_vendor_b.reading import read_school
from siecle_vendor_b.reference import write_nomenclature, write_structures
from siecle_vendor_b.writing import write_school

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "siecle-samples"


def _rows(path: Path, query: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def nomenclature() -> Nomenclature:
    return Nomenclature.load(SAMPLES / "Nomenclature-0750680G-2019.xml")


def _structures() -> Structures:
    def mefs(*codes: str) -> list[MefAppartenance]:
        return [MefAppartenance(code_mef=code) for code in codes]

    return Structures(
        divisions=[
            Division(code_structure="4A", libelle_long="4ème A", mefs_appartenance=mefs("1")),
            Division(code_structure="3 B", libelle_long="3ème B", code_contrat="3"),
        ],
        groupes=[
            Groupe(
                code_structure="LATIN",
                libelle_long="Latin",
                mefs_appartenance=mefs("1", "2"),
                divisions_appartenance=[
                    DivisionAppartenance(code_structure="4A"),
                    DivisionAppartenance(code_structure="5C"),
                ],
            )
        ],
    )


def test_nomenclature_is_stored_and_counted(tmp_path: Path, nomenclature: Nomenclature) -> None:
    path = tmp_path / "ecole.sqlite"
    report = write_nomenclature(path, nomenclature)
    codes = sum(len(rows) for rows in nomenclature.codes.values())
    assert report.counts == {
        "mefs": len(nomenclature.mefs),
        "matieres": len(nomenclature.matieres),
        "programmes": len(nomenclature.programmes),
        "options_obligatoires": len(nomenclature.options_obligatoires),
        "codes": codes,
    }
    assert _rows(path, "SELECT count(*) FROM mef") == [(len(nomenclature.mefs),)]
    assert _rows(path, "SELECT count(*) FROM code_list") == [(codes,)]
    (mef,) = _rows(
        path,
        "SELECT long_label, compulsory_options, selected, opening_date FROM mef "
        "WHERE code = '20010018110'",
    )
    assert mef == ("2NDE GENERALE ET TECHNOLOGIQUE", 2, 1, "2019-09-01")
    (regime,) = _rows(
        path,
        "SELECT short_label, long_label, attributes FROM code_list "
        "WHERE list_name = 'REGIMES' AND code = '2'",
    )
    assert regime[:2] == ("DP DAN", "DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT")
    assert json.loads(str(regime[2])) == {}


def test_nomenclature_written_twice_is_replaced_not_duplicated(
    tmp_path: Path, nomenclature: Nomenclature
) -> None:
    path = tmp_path / "ecole.sqlite"
    write_nomenclature(path, nomenclature)
    first = _rows(path, "SELECT (SELECT count(*) FROM programme), (SELECT count(*) FROM mef)")
    write_nomenclature(path, nomenclature)
    assert _rows(path, "SELECT (SELECT count(*) FROM programme), (SELECT count(*) FROM mef)") == (
        first
    )


def test_structures_are_stored_with_their_attachments(tmp_path: Path) -> None:
    path = tmp_path / "ecole.sqlite"
    report = write_structures(path, _structures())
    assert report.counts == {"divisions": 2, "groupes": 1}
    assert _rows(path, "SELECT kind, code, label FROM class ORDER BY id") == [
        ("division", "4A", "4ème A"),
        ("division", "3 B", "3ème B"),
        ("groupe", "LATIN", "Latin"),
        ("division", "5C", None),
    ]
    assert _rows(
        path,
        "SELECT c.code, m.mef_code FROM class_mef m JOIN class c ON c.id = m.class_id "
        "ORDER BY c.id, m.position",
    ) == [("4A", "1"), ("LATIN", "1"), ("LATIN", "2")]
    assert _rows(
        path,
        "SELECT d.code FROM group_division g JOIN class d ON d.id = g.division_id "
        "ORDER BY g.position",
    ) == [("4A",), ("5C",)]


def test_structures_complete_divisions_met_in_enrolments(tmp_path: Path) -> None:
    path = tmp_path / "ecole.sqlite"
    write_school(path, records.school())
    assert _rows(path, "SELECT code, label FROM class") == [("4A", None)]
    write_structures(path, _structures())
    assert _rows(path, "SELECT label FROM class WHERE code = '4A'") == [("4ème A",)]
    assert list(read_school(path).pupils) == records.pupils()
