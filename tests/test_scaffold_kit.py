"""An adapter made by ``siecle plugin new`` imports only ``siecle_sdk.adapter`` (and the kit) and
passes the conformance kit as generated.

The project is made visible to a fresh Python as an installed distribution would be: a
``.dist-info`` folder with its entry point beside the package, so that the SDK finds the adapter
through the ``siecle_sdk`` entry-point group as it finds any other.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from siecle_sdk.adapter import SchoolContext, VendorDataError
from siecle_sdk.tools.scaffold import create
from siecle_sdk.tools.synthetic import SyntheticSchool


def test_generated_adapter_uses_only_the_public_module(tmp_path: Path) -> None:
    project = create("exemple_kit", tmp_path)
    imported: set[str] = set()
    for path in project.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("siecle_sdk"):
                imported.add(node.module or "")
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("siecle_sdk")}
    assert imported == {"siecle_sdk.adapter", "siecle_sdk.testing"}
    storage = (project / "siecle_exemple_kit" / "storage.py").read_text(encoding="utf-8")
    assert "merge_school(" in storage and "apply_ine(" in storage
    assert "SchoolContext" in storage and "require_code(" in storage


def test_generated_adapter_passes_the_kit(tmp_path: Path) -> None:
    project = create("exemple_kit", tmp_path)
    info = project / "siecle_sdk_exemple_kit-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: siecle-sdk-exemple-kit\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[siecle_sdk]\nexemple_kit = siecle_exemple_kit.plugin\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(project), os.environ.get("PYTHONPATH", "")]),
        "SIECLE_PLUGINS": "exemple_kit",
        "SIECLE_LEDGER": str(tmp_path / "historique.sqlite"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project / "tests")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout


def test_generated_adapter_stores_labels_and_gives_codes_through_the_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product keeps the civilité's label; the school's context turns it back into the code,
    and a label of no list is refused naming the person and the element."""
    project = create("exemple_ctx", tmp_path)
    monkeypatch.syspath_prepend(str(project))
    storage = importlib.import_module("siecle_exemple_ctx.storage")
    school = SyntheticSchool(pupils=6, seed=3).exchange_school("CONFORME")
    data = tmp_path / "donnees"
    storage.write_school(data, school, SchoolContext(school_year=school.school_year))
    lines = (data / "personnes.jsonl").read_text(encoding="utf-8").splitlines()
    stored = [json.loads(line) for line in lines]
    assert stored and all("code_civilite" not in p for p in stored)
    assert {p["civilite"] for p in stored} <= {"MONSIEUR", "MADAME"}
    back = storage.read_school(data, None)
    assert [p.code_civilite for p in back.persons] == [p.code_civilite for p in school.persons]
    stored[0]["civilite"] = "Monseigneur"
    (data / "personnes.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in stored), encoding="utf-8"
    )
    with pytest.raises(VendorDataError, match=r"ID_PRV_PER=.*CODE_CIVILITE « Monseigneur »"):
        storage.read_school(data, None)
