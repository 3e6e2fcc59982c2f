"""The sample school: built on demand, readable, and valid for SIECLE."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from siecle_sdk.exchange.import_writer import write_import
from siecle_sdk.models.import_eleves import Parametres

from siecle_vendor_b.reading import read_school
from siecle_vendor_b.sample import SCRIPT_VERSION, build
from siecle_vendor_b.sample.__main__ import main
from siecle_vendor_b.schema import LATEST
from siecle_vendor_b.writing import write_school


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("exemple") / "demo" / "ecole.sqlite")


def test_sample_is_a_small_realistic_school(sample: Path) -> None:
    school = read_school(sample)
    pupils = list(school.pupils)
    assert school.uai == "0311234Y" and school.school_year == "2024"
    assert len(pupils) == 8
    assert [p.prenom for p in pupils if p.is_leaver] == ["Aurélien"]
    assert [p.prenom for p in pupils if not p.id_national] == ["Jérôme"]
    roles = {role for p in pupils for role, _ in p.links()}
    assert roles == {"LEGAL", "PERSONNE_EN_CHARGE", "CONTACT"}
    assert any(len(p.responsables_eleve.legal) == 2 for p in pupils if p.responsables_eleve)
    assert any(not p.nom_de_famille.isascii() for p in pupils)
    assert any(p.adresse and p.adresse.commune_etrangere for p in school.persons)


def test_sample_is_at_the_latest_schema_version(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST >= SCRIPT_VERSION
    finally:
        conn.close()


@pytest.mark.parametrize("version", ["3.1", "3.0", "2.0"])
def test_sample_makes_a_valid_import_file(sample: Path, tmp_path: Path, version: str) -> None:
    school = read_school(sample)
    parametres = Parametres(
        uaj=school.uai,
        annee_scolaire=school.school_year,
        date_import=dt.date(2025, 1, 10),
        num_envoi="1",
        logiciel="vendor_b",
    )
    result = write_import(
        tmp_path / "import.xml", parametres, school.persons, school.pupils, version=version
    )
    assert (result.eleves, result.personnes, result.sortants) == (8, 11, 1)


def test_sample_round_trips_through_the_adapter(sample: Path, tmp_path: Path) -> None:
    school = read_school(sample)
    copy = tmp_path / "copie.sqlite"
    write_school(copy, school)
    again = read_school(copy)
    assert list(again.pupils) == list(school.pupils)
    assert list(again.persons) == list(school.persons)


def test_build_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "ecole.sqlite"
    path.write_text("précieux", encoding="utf-8")
    with pytest.raises(FileExistsError, match="existe déjà"):
        build(path)
    assert path.read_text(encoding="utf-8") == "précieux"
    build(path, overwrite=True)
    assert len(read_school(path).pupils) == 8
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_command_line_builds_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ecole.sqlite"
    assert main([str(path)]) == 0
    assert "Base exemple créée" in capsys.readouterr().out
    assert main([str(path)]) == 2
    assert main([]) == 2
