"""STATU: the status must be in the national list."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, scolarite, silent


def test_status_1(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(code_statut="1"))])
    finding = only(report, "STATU_C_01", section=5, consequence=Consequence.ANOMALY, value="1")
    assert finding.confirmed
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(code_statut="AP"))]))
