"""BOURS: the grant code must be in the Nomenclature's list."""

from __future__ import annotations

from siecle_sdk.models.import_eleves import Bourse
from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent


def test_unknown_grant(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(bourses=[Bourse(code_bourse="3", nb_part=4)])])
    finding = only(report, "BOURS", section=5, consequence=Consequence.ANOMALY, value="3")
    assert not finding.confirmed
    silent(kit.check(eleves=[eleve(bourses=[Bourse(code_bourse="1", nb_part=4)])]))
