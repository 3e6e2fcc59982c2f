"""The layout covers every field of the import models, and the sample school is usable."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from siecle_sdk.cli.main import main
from siecle_sdk.exchange.packaging import build_package
from siecle_sdk.io.schema import validate_import
from siecle_sdk.models._base import Record
from siecle_sdk.models.import_eleves import (
    Adresse,
    Bourse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)
from siecle_sdk.plugin.manager import Adapter
from vendor_a_school import SAMPLES

from siecle_vendor_a import layout as L
from siecle_vendor_a import sample_folder

#: fields held by another file or by a group of columns, per model
ELSEWHERE: dict[type[Record], set[str]] = {
    Eleve: {
        "adresse",
        "bourses",
        "responsables_eleve",
        "scolarite_active",
        "etablissement_an_dernier",
    },
    Personne: {"adresse"},
    ScolariteActive: {"options"},
    EtablissementAnDernier: {"options_an_dernier"},
}


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (Eleve, L.ELEVE),
        (Personne, L.PERSONNE),
        (Adresse, L.ADRESSE),
        (ScolariteActive, L.SCOLARITE),
        (EtablissementAnDernier, L.AN_DERNIER),
        (Lien, L.LIEN),
        (Bourse, L.BOURSE),
    ],
)
def test_every_field_has_a_column(model: type[Record], columns: tuple[L.Column, ...]) -> None:
    fields = set(model.model_fields) - {"unknown"}
    assert {c.field for c in columns} | ELSEWHERE.get(model, set()) == fields
    for column in columns:
        assert column.required == model.model_fields[column.field].is_required(), column


def test_every_link_role_has_a_name() -> None:
    assert set(L.ROLES.values()) == {name.upper() for name in ResponsablesEleve.model_fields} - {
        "UNKNOWN"
    }


@pytest.mark.parametrize("table", [*L.FILES, L.CLASSES], ids=lambda t: t.name)
def test_headers_are_unique_and_windows_1252(table: L.Table) -> None:
    assert len(set(table.headers)) == len(table.headers)
    ";".join(table.headers).encode(L.ENCODING)


def test_the_sample_school_is_a_valid_deposit(adapter: Adapter, tmp_path: Path) -> None:
    school = adapter.read_school(sample_folder())
    pupils = list(school.pupils)
    assert len(pupils) == 8 and len(school.persons) == 8
    assert sum(p.is_leaver for p in pupils) == 1
    assert any(p.id_national is None for p in pupils)
    assert any(len(p.responsables_eleve.legal) == 2 for p in pupils if p.responsables_eleve)
    assert any(p.responsables_eleve.contact for p in pupils if p.responsables_eleve)
    package = build_package(school, tmp_path / "envoi", software="DEMO-A", send_number=1)
    with zipfile.ZipFile(package.zip_path) as archive:
        archive.extract(package.xml_name, tmp_path)
    assert validate_import(tmp_path / package.xml_name, "3.1") == []
    assert package.written.eleves == 8


def _run(*args: object) -> int:
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_pull_then_push_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "logiciel"
    nomenclature = SAMPLES / "Nomenclature-0750680G-2019.xml"
    assert _run("pull", "vendor_a", nomenclature, "--into", folder) == 0
    assert "29 mefs" in capsys.readouterr().out
    assert (
        _run(
            "pull",
            "vendor_a",
            SAMPLES / "eleves_avec_adresse_avec_double_structure.xml",
            "--into",
            folder,
        )
        == 0
    )
    assert "1 eleves" in capsys.readouterr().out
    pulled = (folder / L.ELEVES.name).read_bytes().decode(L.ENCODING)
    assert "ESCAGLIA" in pulled
    assert _run("push", "vendor_a", "--from", sample_folder(), "--out", tmp_path / "out") == 0
    assert "8 élèves (dont 1 sortants)" in capsys.readouterr().out
