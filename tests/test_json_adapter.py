"""The neutral format: the built-in ``json`` adapter, its JSON Schema, hostile documents."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from siecle_sdk.io.reader import open_document
from siecle_sdk.io.schema import validate_import
from siecle_sdk.models import import_eleves as im
from siecle_sdk.plugin.neutral import read_school_json, write_school_json
from siecle_sdk.plugin.neutral_schema import ENUMS, FORMAT, SCHEMA_ID
from siecle_sdk.testing import AdapterContract, assert_same_records, synthetic_school
from siecle_sdk.tools.synthetic import SyntheticSchool

from .conftest import SAMPLES, Result


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return SyntheticSchool(pupils=80, seed=5).write_exports(tmp_path_factory.mktemp("exports"))


def _schema(run_cli: Callable[..., Result]) -> dict[str, Any]:
    result = run_cli("schema")
    assert result.code == 0, result.err
    schema: dict[str, Any] = json.loads(result.out)
    return schema


def _pull(run_cli: Callable[..., Result], exports: dict[str, Path], target: Path) -> Result:
    files = [
        exports[k] for k in ("nomenclature", "structures", "communs", "eleves", "responsables")
    ]
    return run_cli("pull", "json", "--into", target, *files)


def _push(run_cli: Callable[..., Result], source: Path, out: Path, *more: str | Path) -> Result:
    return run_cli("push", "json", "--from", source, "--out", out, *more)


def test_pull_then_push_carries_the_school(
    run_cli: Callable[..., Result], exports: dict[str, Path], tmp_path: Path
) -> None:
    """Exports -> ecole.json -> deposit: valid against the 3.1 XSD, every record as in the JSON."""
    target = tmp_path / "ecole.json"
    pulled = _pull(run_cli, exports, target)
    assert pulled.code == 0, pulled.err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT and document["$schema"] == SCHEMA_ID
    assert f"{len(document['ELEVES'])} eleves, {len(document['PERSONNES'])} personnes" in (
        pulled.out
    )
    with open_document(exports["eleves"]) as doc:
        exported = sum(1 for _, r in doc.typed() if type(r).__name__ == "Eleve")
    assert len(document["ELEVES"]) == exported == 80
    pushed = _push(
        run_cli,
        target,
        tmp_path / "envoi",
        "--nomenclature",
        exports["nomenclature"],
        "--structures",
        exports["structures"],
    )
    assert pushed.code in (0, 1), pushed.err
    (deposit,) = (tmp_path / "envoi").glob("*.zip")
    with zipfile.ZipFile(deposit) as archive:
        (member,) = archive.namelist()
        archive.extract(member, tmp_path)
    xml = tmp_path / member
    assert validate_import(xml, "3.1") == []
    school = read_school_json(target)
    sent_pupils: list[im.Eleve] = []
    sent_persons: list[im.Personne] = []
    with open_document(xml) as doc:
        for _, record in doc.typed():
            if isinstance(record, im.Eleve):
                sent_pupils.append(record)
            elif isinstance(record, im.Personne):
                sent_persons.append(record)
    # SIECLE's own ids are kept in the JSON but never sent
    assert_same_records(
        [p.model_copy(update={"eleve_id": None}) for p in school.pupils], sent_pupils
    )
    assert_same_records(
        [p.model_copy(update={"personne_id": None}) for p in school.persons], sent_persons
    )


def test_pulled_document_validates_against_the_schema(
    run_cli: Callable[..., Result], exports: dict[str, Path], tmp_path: Path
) -> None:
    schema = _schema(run_cli)
    jsonschema.Draft202012Validator.check_schema(schema)
    target = tmp_path / "ecole.json"
    assert _pull(run_cli, exports, target).code == 0
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(_loaded(target))]
    assert errors == []
    # the schema is not vacuous: a current pupil without schooling is refused by it
    document = _loaded(target)
    current = next(p for p in document["ELEVES"] if "CODE_MOTIF_SORTIE" not in p)
    del current["SCOLARITE_ACTIVE"]
    assert any("SCOLARITE_ACTIVE" in e.message for e in validator.iter_errors(document))


def _loaded(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _walk(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every property schema of the document, with its path."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{where}/{name}", sub))
        for key, sub in node.items():
            if key != "properties":
                found += _walk(sub, f"{where}/{key}")
        for name, sub in node.get("properties", {}).items():
            found += _walk(sub, f"{where}/{name}")
    return found


def test_schema_is_a_documented_contract(run_cli: Callable[..., Result]) -> None:
    schema = _schema(run_cli)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID and SCHEMA_ID.endswith(":1")
    properties = _walk(schema, "")
    assert len(properties) > 80
    undocumented = [
        where
        for where, sub in properties
        if not (sub.get("description") and sub.get("x-description-en"))
    ]
    assert undocumented == []
    defs = schema["$defs"]
    assert {"ID_PRV_ELE", "NOM_DE_FAMILLE", "DATE_NAISS", "CODE_REGIME"} <= set(
        defs["Eleve"]["required"]
    )
    # mandatory at push, not only in the XSD
    assert "ETABLISSEMENT_AN_DERNIER" in defs["Eleve"]["else"]["required"]
    assert "HEBERGE_ELEVE" in defs["Lien"]["required"]
    assert "HEBERGE_ELEVE" not in defs["LienContact"]["required"]
    assert defs["Eleve"]["properties"]["CODE_SEXE"]["enum"] == ENUMS["CODE_SEXE"]
    assert "10" in defs["Lien"]["properties"]["CODE_PARENTE"]["enum"]


def test_document_round_trip_is_exact(tmp_path: Path) -> None:
    school = synthetic_school(60)
    counts = write_school_json(tmp_path / "ecole.json", school)
    assert counts == {"personnes": len(school.persons), "eleves": len(school.pupils)}
    back = read_school_json(tmp_path / "ecole.json")
    assert (back.uai, back.school_year, back.software) == (
        school.uai,
        school.school_year,
        school.software,
    )
    assert_same_records(school.persons, back.persons)
    assert_same_records(school.pupils, back.pupils)


def test_real_sample_is_read_and_the_schema_says_what_it_lacks(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    """A real (anonymised) Élèves export without its Responsables: pulled whole, and the schema
    names the one thing the deposit would still need."""
    target = tmp_path / "ecole.json"
    result = run_cli(
        "pull", "json", "--into", target, SAMPLES / "eleves_avec_adresse_avec_double_structure.xml"
    )
    assert result.code == 0, result.err
    document = _loaded(target)
    (pupil,) = document["ELEVES"]
    assert pupil["ID_NATIONAL"] == "070876696HA"
    assert pupil["SCOLARITE_ACTIVE"]["CODE_DIVISION"]
    errors = list(jsonschema.Draft202012Validator(_schema(run_cli)).iter_errors(document))
    assert [e.message for e in errors] == ["'RESPONSABLES_ELEVE' is a required property"]


# --- hostile and damaged documents ----------------------------------------------------------
def _document(tmp_path: Path) -> dict[str, Any]:
    write_school_json(tmp_path / "sain.json", synthetic_school(12))
    data: dict[str, Any] = _loaded(tmp_path / "sain.json")
    return data


def _pupil(data: dict[str, Any], n: int = 1) -> dict[str, Any]:
    pupil: dict[str, Any] = data["ELEVES"][n]
    return pupil


BAD: dict[str, tuple[Callable[[dict[str, Any]], Any], list[str]]] = {
    "typo": (lambda d: _pupil(d).update(NOM_DE_FAMILE="X"), ["élève n° 2", "NOM_DE_FAMILE"]),
    "flag as text": (
        lambda d: _pupil(d).update(DOUBLEMENT="true"),
        ["élève n° 2", "DOUBLEMENT", "true ou false"],
    ),
    "french date": (
        lambda d: _pupil(d).update(DATE_NAISS="31/12/2010"),
        ["élève n° 2", "DATE_NAISS", "aaaa-mm-jj"],
    ),
    "impossible date": (lambda d: _pupil(d).update(DATE_NAISS="2010-02-30"), ["DATE_NAISS"]),
    "missing": (lambda d: _pupil(d).pop("PRENOM"), ["élève n° 2", "PRENOM", "obligatoire"]),
    "nested": (
        lambda d: _pupil(d)["SCOLARITE_ACTIVE"].update(CODE_MEF=12),
        ["élève n° 2", "SCOLARITE_ACTIVE/CODE_MEF", "un texte"],
    ),
    "person": (
        lambda d: d["PERSONNES"][0].update(ENFANT_A_CHARGE=-1),
        ["personne n° 1", "ENFANT_A_CHARGE"],
    ),
    "same id": (
        lambda d: _pupil(d).update(ID_PRV_ELE=d["ELEVES"][0]["ID_PRV_ELE"]),
        ["élève n° 2", "déjà celui du n° 1"],
    ),
    "record not object": (lambda d: d["ELEVES"].append([1]), ["élève n° 13", "un objet"]),
    "format": (lambda d: d.update(format="autre/2"), ["format", "siecle-sdk/ecole/1"]),
    "top field": (lambda d: d.update(CLASSES=[]), ["CLASSES"]),
    "pupils not list": (lambda d: d.update(ELEVES={}), ["ELEVES", "liste"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_damaged_document_is_refused_naming_field_and_record(
    run_cli: Callable[..., Result], tmp_path: Path, case: str
) -> None:
    data = _document(tmp_path)
    damage, needles = BAD[case]
    damage(data)
    source = tmp_path / "ecole.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = _push(run_cli, source, tmp_path / "envoi")
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in result.err, result.err
    assert not (tmp_path / "envoi").exists() or not list((tmp_path / "envoi").iterdir())


RAW: dict[str, tuple[bytes, str]] = {
    "not json": (b"UAJ;ANNEE\n0595209S;2019\n", "n'est pas un JSON valide (ligne 1"),
    "latin-1": ('{"UAJ": "Ã©lève"}'.encode("latin-1"), "UTF-8"),
    "duplicate member": (b'{"format": "a", "format": "b"}', "figure deux fois"),
    "nan": (b'{"ELEVES": [NaN]}', "NaN"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "imbrication trop profonde"),
    "list": (b"[]", "objet JSON"),
    "empty": (b"", "n'est pas un JSON valide"),
}


@pytest.mark.parametrize("case", sorted(RAW))
def test_hostile_bytes_are_refused_in_french(
    run_cli: Callable[..., Result], tmp_path: Path, case: str
) -> None:
    content, needle = RAW[case]
    source = tmp_path / "ecole.json"
    source.write_bytes(content)
    result = _push(run_cli, source, tmp_path / "envoi")
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.err
    assert needle in result.err, result.err


def test_pull_refuses_a_document_of_another_school(
    run_cli: Callable[..., Result], exports: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "ecole.json"
    write_school_json(target, synthetic_school(5))
    data = _loaded(target)
    data["UAJ"] = "0750680G"
    target.write_text(json.dumps(data), encoding="utf-8")
    before = target.read_bytes()
    result = _pull(run_cli, exports, target)
    assert result.code == 2 and "0750680G" in result.err
    assert target.read_bytes() == before


class TestJsonContract(AdapterContract):
    """The conformance kit, run on the built-in adapter."""

    adapter = "json"

    def target_path(self, tmp_path: Path) -> Path:
        return tmp_path / "ecole.json"

    def corrupt(self, target: Path) -> str:
        data = _loaded(target)
        pupil = data["ELEVES"][3]
        pupil["DATE_NAISS"] = "12/05/2011"
        target.write_text(json.dumps(data), encoding="utf-8")
        return f"ID_PRV_ELE={pupil['ID_PRV_ELE']}"


def test_the_documented_example_is_a_valid_school(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    docs = Path(__file__).parents[1] / "docs" / "adapters.md"
    example = docs.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    document = json.loads(example)
    validator = jsonschema.Draft202012Validator(_schema(run_cli))
    assert [e.message for e in validator.iter_errors(document)] == []
    (tmp_path / "ecole.json").write_text(example, encoding="utf-8")
    school = read_school_json(tmp_path / "ecole.json")
    assert [p.label for p in school.pupils] == ["élève ID_PRV_ELE=12 (DUPONT Léa)"]
