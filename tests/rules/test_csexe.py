"""CSEXE: the sex must be 1 or 2."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent, sortant


def test_invalid_sex(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(code_sexe="3")])
    finding = only(report, "CSEXE", section=5, consequence=Consequence.ANOMALY, value="3")
    assert not finding.confirmed
    silent(kit.check(eleves=[eleve(code_sexe="2")]))


def test_leaver_without_sex(kit: Kit) -> None:
    silent(kit.check(eleves=[sortant(code_sexe=None)]))
