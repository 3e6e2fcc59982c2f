"""Nomenclature and structures taken from SIECLE's real sample files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from siecle_sdk.errors import VendorDataError
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.models.structures import Division, Groupe, MefAppartenance, Structures
from siecle_sdk.plugin.adapter import School
from siecle_sdk.plugin.manager import Adapter
from vendor_a_school import SAMPLES

from siecle_vendor_a import layout as L
from siecle_vendor_a.reference import CODES, MATIERES, MEFS, OPTIONS_OBLIGATOIRES, PROGRAMMES


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding=L.ENCODING, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=L.DELIMITER))


@pytest.mark.parametrize("name", ["Nomenclature-0750680G-2019.xml", "nomenclature_simple.xml"])
def test_nomenclature_is_stored_and_counted(adapter: Adapter, tmp_path: Path, name: str) -> None:
    nomenclature = Nomenclature.load(SAMPLES / name)
    report = adapter.write_nomenclature(tmp_path / "dossier", nomenclature)
    assert report.counts["mefs"] == len(nomenclature.mefs) > 0
    assert report.counts["matieres"] == len(nomenclature.matieres)
    assert report.counts["programmes"] == len(nomenclature.programmes)
    assert report.counts["options_obligatoires"] == len(nomenclature.options_obligatoires)
    for table, key in [
        (MEFS, "mefs"),
        (MATIERES, "matieres"),
        (PROGRAMMES, "programmes"),
        (OPTIONS_OBLIGATOIRES, "options_obligatoires"),
        (CODES, "codes"),
    ]:
        rows = _rows(tmp_path / "dossier" / table.name)
        assert len(rows) == report.counts[key]
    mefs = _rows(tmp_path / "dossier" / MEFS.name)
    assert [r["Code MEF"] for r in mefs] == [m.code_mef for m in nomenclature.mefs]


def test_nomenclature_codes_keep_their_labels(adapter: Adapter, tmp_path: Path) -> None:
    nomenclature = Nomenclature.load(SAMPLES / "Nomenclature-0750680G-2019.xml")
    adapter.write_nomenclature(tmp_path, nomenclature)
    codes = _rows(tmp_path / CODES.name)
    regimes = {r["Code"]: r["Libellé long"] for r in codes if r["Liste"] == "REGIMES"}
    assert regimes == {code: row.label for code, row in nomenclature.code_list("REGIMES").items()}


def test_structures_are_stored_and_counted(adapter: Adapter, tmp_path: Path) -> None:
    structures = Structures(
        divisions=[
            Division(
                code_structure="3E A",
                libelle_long="Troisième A",
                code_contrat="3",
                mefs_appartenance=[
                    MefAppartenance(code_mef="10010012110"),
                    MefAppartenance(code_mef="10010012111"),
                ],
            ),
            Division(code_structure="4E B"),
        ],
    )
    structures.groupes.append(
        Groupe.model_validate(
            {
                "code_structure": "LV2 ESP",
                "divisions_appartenance": [{"code_structure": "3E A"}, {"code_structure": "4E B"}],
            }
        )
    )
    report = adapter.write_structures(tmp_path, structures)
    assert report.counts == {"divisions": 2, "groupes": 1}
    rows = _rows(tmp_path / L.CLASSES.name)
    assert [(r["Code"], r["Type"], r["MEF rattachés"], r["Divisions"]) for r in rows] == [
        ("3E A", "division", "10010012110|10010012111", ""),
        ("4E B", "division", "", ""),
        ("LV2 ESP", "groupe", "", "3E A|4E B"),
    ]


def test_a_separator_inside_a_code_is_refused(adapter: Adapter, tmp_path: Path) -> None:
    structures = Structures(
        divisions=[
            Division(code_structure="3A", mefs_appartenance=[MefAppartenance(code_mef="1|2")])
        ]
    )
    with pytest.raises(VendorDataError, match=r"division 3A : MEF rattachés « 1\|2 »"):
        adapter.write_structures(tmp_path, structures)
    assert not (tmp_path / L.CLASSES.name).exists()


def test_reference_files_do_not_disturb_the_school(
    adapter: Adapter, tmp_path: Path, school: School
) -> None:
    adapter.write_nomenclature(tmp_path, Nomenclature.load(SAMPLES / "nomenclature_simple.xml"))
    adapter.write_structures(tmp_path, Structures())
    adapter.write_school(tmp_path, school)
    assert len(adapter.read_school(tmp_path).pupils) == 4
