"""An adapter made by ``siecle plugin new`` imports only ``siecle_sdk.adapter`` (and the kit) and
passes the conformance kit as generated.

The project is made visible to a fresh Python as an installed distribution would be: a
``.dist-info`` folder with its entry point beside the package, so that the SDK finds the adapter
through the ``siecle_sdk`` entry-point group as it finds any other.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from siecle_sdk.tools.scaffold import create


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
