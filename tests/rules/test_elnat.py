"""ELNAT: the nationality must be a country of the Géographique export."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent


def test_unknown_nationality(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(code_pays_nat="999")])
    only(report, "ELNAT", section=5, consequence=Consequence.ANOMALY, value="999")
    silent(kit.check(eleves=[eleve(code_pays_nat="109")]))
    report = kit.check(eleves=[eleve(code_pays_nat="999")], without=["geographique"])
    silent(report)
    assert report.disabled["ELNAT"] == ["geographique"]
