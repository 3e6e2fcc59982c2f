"""IDNAT: shape and key of the INE."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent


def test_wrong_ine_key(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(id_national="060375611AD")])
    finding = only(report, "IDNAT", section=5, consequence=Consequence.ANOMALY, value="060375611AD")
    assert "060375611AC" in finding.message and not finding.confirmed
    silent(kit.check(eleves=[eleve(id_national="060375611AC")]))


def test_unknown_ine_shape(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(id_national="ABCDEFGHIJK")])
    only(report, "IDNAT", section=5, consequence=Consequence.ANOMALY, value="ABCDEFGHIJK")


def test_no_ine(kit: Kit) -> None:
    """A new pupil without INE raised no IDNAT (rules.md §5)."""
    silent(kit.check(eleves=[eleve(id_prv_ele="9", prenom="Jeanne", id_national=None)]))
