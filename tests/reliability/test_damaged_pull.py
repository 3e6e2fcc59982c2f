"""One way in, for ``pull``: a damaged Élèves export among good ones is refused before anything
is written into the vendor's data (the corpus and the runner are :mod:`tests.damaged`'s)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from siecle_sdk.errors import ExitCode

from ..damaged import SCHOOL, build, run_limited
from .conftest import installed_adapters

ADAPTER = next((a for a in ("vendor_a", "vendor_b") if a in installed_adapters()), None)

pytestmark = pytest.mark.skipif(ADAPTER is None, reason="no reference adapter installed")


def test_pull_refuses_every_damaged_export_and_writes_nothing(tmp_path: Path) -> None:
    exports = SCHOOL.write_exports(tmp_path / "exports")
    corpus = build(
        tmp_path / "abimes", exports["eleves"], "BEE_ELEVES", "ExportXML_ElevesAvecAdresses.zip"
    )
    others = [exports[k] for k in ("nomenclature", "structures", "communs", "responsables")]
    commands: list[list[str | Path]] = [
        ["pull", str(ADAPTER), "--into", item.path.parent / "donnees", *others, item.path]
        for item in corpus
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIECLE_")}
    env["SIECLE_LEDGER"] = str(tmp_path / "historique.sqlite")
    runs = run_limited(commands, memory=str(1 << 30), cpu=600, env=env)
    for item, run in zip(corpus, runs, strict=True):
        assert run.code == ExitCode.UNUSABLE, (item.name, run)
        assert "Traceback" not in run.err, run
        assert run.says(item.path.name), (item.name, run.said)
        for word in item.words:
            assert run.says(word), (item.name, word, run.said)
        assert not (item.path.parent / "donnees").exists(), item.name
    assert not (tmp_path / "historique.sqlite").exists()
    good = run_limited(
        [["pull", str(ADAPTER), "--into", tmp_path / "donnees", *others, exports["eleves"]]],
        memory=str(1 << 30),
        cpu=600,
        env=env,
    )
    assert good[0].code == 0, good[0]
