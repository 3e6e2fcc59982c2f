"""``siecle demo`` runs the whole yearly cycle with each installed reference adapter."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.exchange.ledger import Ledger
from siecle_sdk.io.schema import validate_source

from ..conftest import Result
from .test_cycle import installed_adapters

pytestmark = pytest.mark.skipif(not installed_adapters(), reason="no adapter installed")


@pytest.mark.parametrize("adapter", installed_adapters() or ["none"])
def test_demo_end_to_end(run_cli: Callable[..., Result], tmp_path: Path, adapter: str) -> None:
    out = tmp_path / "demo"
    result = run_cli("demo", "--out", out, "--adaptateur", adapter)
    assert result.code == 0, result.err
    for step in range(1, 11):
        assert f"[{step}/10]" in result.out
    assert "Démonstration terminée" in result.out
    assert "ACDIV_B_01" in result.out, "the deliberate error is shown by the pre-check"
    assert "aucune autre donnée du logiciel n'a changé" in result.out
    # the second push of the morning replaces the first; the night integrates only the second
    assert "l'envoi n° 1" in result.err and "ne sera pas intégré" in result.err
    assert "non intégré : remplacé par le fichier" in result.out
    assert "Import INE élèves" in result.out
    assert result.out.count("élèves lus.") == 1
    (deposit,) = (out / "envoi").glob("*.zip")
    assert validate_source(deposit, "3.1") == []
    with zipfile.ZipFile(deposit) as archive:
        assert archive.namelist() == [deposit.with_suffix(".xml").name]
    assert (
        (out / "compte-rendu-anticipe.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )
    commands = [entry.command for entry in Ledger(out / "historique.sqlite").entries()]
    # the deposits are dated on the rentrée's day (--now), before the pulls run today
    assert commands == ["pull --ine-only", "pull", "push", "push"]


def test_demo_refuses_a_folder_in_use(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "autre.txt").write_text("x")
    result = run_cli("demo", "--out", tmp_path)
    assert result.code == 2
    assert "n'est pas vide" in result.err
