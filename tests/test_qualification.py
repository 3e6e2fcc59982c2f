"""The editor-qualification test file: the element paths of the schema, the choice of about 100
pupils covering all of them, and the ``siecle qualification`` command."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.io.schema import validate_source
from siecle_sdk.models.import_eleves import Eleve
from siecle_sdk.plugin.adapter import School
from siecle_sdk.rules.deposit import NAME_PATTERN
from siecle_sdk.testing import synthetic_school
from siecle_sdk.tools.qualification import record_paths, schema_paths, select


@pytest.fixture(scope="module")
def school() -> School:
    return synthetic_school(pupils=600, seed=3)


def test_schema_paths_are_the_records_elements() -> None:
    paths = schema_paths()
    for expected in (
        "ELEVE",
        "PERSONNE",
        "ELEVE/RESPONSABLES_ELEVE/LEGAL/PAIE_FRAIS_SCOLAIRES",
        "ELEVE/ETABLISSEMENT_AN_DERNIER/CODE_DEPARTEMENT",
        "ELEVE/SCOLARITE_ACTIVE/OPTIONS/OPTION/CODE_MATIERE",
        "PERSONNE/ADRESSE/LL_POSTAL",
        "PERSONNE/ADRESSE/COMMUNE_ETRANGERE",
    ):
        assert expected in paths
    assert all(p.split("/")[0] in ("PERSONNE", "ELEVE") for p in paths)
    assert not [p for p in paths if "PARAMETRES" in p or "IMPORT_ELEVES" in p]
    assert all(p.rpartition("/")[0] in paths for p in paths if "/" in p)
    assert schema_paths("3.1") == schema_paths()


def test_record_paths_follow_what_the_record_writes(school: School) -> None:
    pupil = next(iter(school.pupils))
    paths = record_paths(pupil)
    assert {"ELEVE", "ELEVE/ID_PRV_ELE", "ELEVE/NOM_DE_FAMILLE"} <= paths
    assert paths <= schema_paths()
    bare = pupil.model_copy(update={"prenom2": None, "prenom3": None})
    assert "ELEVE/PRENOM2" not in record_paths(bare)


def test_selection_covers_the_schema(school: School) -> None:
    selection = select(school, 100)
    assert selection.missing == []
    assert selection.covered == set(schema_paths())
    assert 95 <= len(selection.pupils) <= 110
    ids = [p.id_prv_ele for p in selection.pupils]
    assert len(ids) == len(set(ids))
    labels = {p.label for p in selection.pupils}
    assert selection.minimal in labels and selection.maximal in labels
    assert selection.minimal != selection.maximal
    persons = {p.id_prv_per for p in selection.persons}
    assert len(persons) == len(selection.persons)
    linked = {link.id_prv_per for p in selection.pupils for _, link in p.links()}
    assert linked == persons
    assert [p for p in selection.pupils if p.is_leaver]


def test_minimal_and_maximal_pupils_are_the_poorest_and_richest(school: School) -> None:
    selection = select(school, 100)
    persons = {p.id_prv_per: record_paths(p) for p in school.persons}

    def richness(pupil: Eleve) -> int:
        uses = set(record_paths(pupil))
        for _, link in pupil.links():
            uses |= persons[link.id_prv_per]
        return len(uses)

    sizes: dict[str | None, int] = {p.label: richness(p) for p in school.pupils}
    assert sizes[selection.minimal] == min(sizes.values())
    assert sizes[selection.maximal] == max(sizes.values())


def test_selection_is_deterministic(school: School) -> None:
    first, second = select(school, 100), select(school, 100)
    assert [p.id_prv_ele for p in first.pupils] == [p.id_prv_ele for p in second.pupils]
    assert [p.id_prv_per for p in first.persons] == [p.id_prv_per for p in second.persons]
    assert (first.minimal, first.maximal) == (second.minimal, second.maximal)


def test_selection_size_follows_the_target(school: School) -> None:
    assert 40 <= len(select(school, 40).pupils) <= 50
    assert len(select(school, 300).pupils) == 300


def test_elements_no_pupil_uses_are_reported(school: School) -> None:
    pupils = [p.model_copy(update={"tel_professionnel": None}) for p in school.pupils]
    persons = [
        p.model_copy(update={"adresse": None}) if p.adresse and p.adresse.code_pays != "100" else p
        for p in school.persons
    ]
    poorer = dataclasses.replace(school, pupils=pupils, persons=persons)
    selection = select(poorer, 100)
    assert "ELEVE/TEL_PROFESSIONNEL" in selection.missing
    assert "PERSONNE/ADRESSE/COMMUNE_ETRANGERE" in selection.missing
    assert not set(selection.missing) & selection.covered
    assert set(selection.missing) | selection.covered == set(schema_paths())


def test_empty_school() -> None:
    selection = select(dataclasses.replace(synthetic_school(pupils=3), pupils=[], persons=[]))
    assert selection.pupils == [] and selection.persons == []
    assert selection.minimal is None and selection.maximal is None
    assert selection.missing == sorted(schema_paths())


def _zip_of(folder: Path) -> Path:
    zips = list(folder.glob("*.zip"))
    assert len(zips) == 1, sorted(p.name for p in folder.iterdir())
    return zips[0]


def test_cli_synthetic_needs_no_test_tool(tmp_path: Path) -> None:
    """On a plain install (no pytest), ``qualification --synthetic`` works: it used to import the
    conformance kit, which needs pytest, and end in exit 3."""
    code = (
        "import sys; sys.modules['pytest'] = None\n"
        "from siecle_sdk.cli.main import main; main(sys.argv[1:])"
    )
    out = tmp_path / "qualif"
    done = subprocess.run(
        [sys.executable, "-c", code, "qualification", "--synthetic", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Erreur" not in done.stderr and "pytest" not in done.stderr
    assert NAME_PATTERN.match(_zip_of(out).name)


def test_cli_synthetic(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "qualif"
    result = run_cli("qualification", "--synthetic", "--out", out)
    assert result.code == 0, result.out + result.err
    package = _zip_of(out)
    assert NAME_PATTERN.match(package.name), package.name
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert len(names) == 1 and NAME_PATTERN.match(names[0])
    assert names[0].removesuffix(".xml") == package.name.removesuffix(".zip")
    assert validate_source(package, "3.1") == []
    report = (out / "couverture.txt").read_text(encoding="utf-8")
    total = len(schema_paths())
    assert f"Éléments du schéma couverts : {total} sur {total}." in report
    assert "Élève minimal" in report and "Élève maximal" in report
    assert "qu'aucun élève n'utilise" not in report
    assert package.name in result.out


def test_cli_needs_a_source(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    result = run_cli("qualification", "--out", tmp_path / "x")
    assert result.code == 2
    assert "--synthetic" in result.err
    assert not list((tmp_path).glob("x/*.zip"))


def test_cli_vendor_sample_lists_what_is_missing(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    try:
        from siecle_vendor_b import sample
    except ImportError:
        pytest.skip("adapter vendor_b not installed")
    database = sample.build(tmp_path / "ecole.db")
    out = tmp_path / "qualif"
    result = run_cli("qualification", "vendor_b", "--from", database, "--out", out)
    assert result.code == 1, result.out + result.err
    package = _zip_of(out)
    assert NAME_PATTERN.match(package.name), package.name
    assert validate_source(package, "3.1") == []
    report = (out / "couverture.txt").read_text(encoding="utf-8")
    assert "qu'aucun élève n'utilise" in report
    missing = [line.removeprefix("  - ") for line in report.splitlines() if line.startswith("  - ")]
    assert missing and set(missing) <= schema_paths()
    assert "ELEVE/ETABLISSEMENT_AN_DERNIER/TYPE_MEF" in missing
    assert all(f"  - {path}" in result.out for path in missing)
