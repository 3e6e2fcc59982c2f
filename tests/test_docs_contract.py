"""The vendor-facing documents: the field reference is current, the Java example's file is
accepted by ``siecle push json``."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from siecle_sdk.io.schema import validate_import
from siecle_sdk.plugin.neutral_schema import schema
from siecle_sdk.tools import fields

from .conftest import Result

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_field_reference_is_current() -> None:
    """docs/fields.md is what the models give: regenerate it after changing a model."""
    assert fields.main([str(DOCS / "fields.md"), "--check"]) == 0, (
        "docs/fields.md is stale: python -m siecle_sdk.tools.fields docs/fields.md"
    )


def test_stale_reference_is_detected(tmp_path: Path) -> None:
    stale = tmp_path / "fields.md"
    stale.write_text(fields.render().replace("DOUBLEMENT", "REDOUBLEMENT"), encoding="utf-8")
    assert fields.main([str(stale), "--check"]) == 1
    assert fields.main([str(stale)]) == 0
    assert fields.main([str(stale), "--check"]) == 0


def test_field_reference_covers_every_element() -> None:
    text = fields.render()
    for tag in (
        "ELEVE/ETABLISSEMENT_AN_DERNIER/CODE_PROVENANCE",
        "ELEVE/SCOLARITE_ACTIVE/OPTIONS",
        "ELEVE/RESPONSABLES_ELEVE/LEGAL/HEBERGE_ELEVE",
        "PERSONNE/ENFANT_A_CHARGE",
    ):
        assert f"`{tag}`" in text
    row = next(line for line in text.splitlines() if line.startswith("| `ELEVE/CODE_REGIME`"))
    assert "REGIMES" in row and "REGIM" in row.split("|")[-2]
    heberge = next(
        line
        for line in text.splitlines()
        if line.startswith("| `ELEVE/RESPONSABLES_ELEVE/LEGAL/HEBERGE_ELEVE`")
    )
    assert "always" in heberge and "`false`" in heberge


@pytest.mark.skipif(shutil.which("javac") is None, reason="javac not installed")
def test_java_example_writes_a_school_push_accepts(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    source = DOCS / "examples" / "EcoleJson.java"
    subprocess.run(
        ["javac", "-d", str(tmp_path), str(source)], check=True, timeout=300, capture_output=True
    )
    target = tmp_path / "ecole.json"
    subprocess.run(
        ["java", "-cp", str(tmp_path), "EcoleJson", str(target)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [
        e.message for e in jsonschema.Draft202012Validator(schema()).iter_errors(document)
    ] == []
    result = run_cli("push", "json", "--from", target, "--out", tmp_path / "envoi")
    assert result.code == 0, result.out + result.err
    (deposit,) = (tmp_path / "envoi").glob("*.zip")
    with zipfile.ZipFile(deposit) as archive:
        (member,) = archive.namelist()
        archive.extract(member, tmp_path)
        text = (tmp_path / member).read_text(encoding="iso-8859-15")
    assert validate_import(tmp_path / member, "3.1") == []
    assert "LEFÈVRE" in text and "Zoé" in text and "2 élèves" in result.out
