"""CIVIL: the civility must be in the Nomenclature's list."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, only, pere, personne, silent


def test_unknown_civility(kit: Kit) -> None:
    report = kit.check(personnes=[personne(code_civilite="3"), pere()])
    finding = only(
        report, "CIVIL", section=2, consequence=Consequence.ANOMALY, record="responsable", value="3"
    )
    assert not finding.confirmed and finding.name == "DUPONT Anne"
    silent(kit.check(personnes=[personne(code_civilite="2"), pere()]))


def test_civility_1_for_a_father(kit: Kit) -> None:
    """CODE_CIVILITE 1 for a person linked as père raised no CIVIL (rules.md §5)."""
    silent(kit.check(personnes=[personne(), pere(code_civilite="1")]))
