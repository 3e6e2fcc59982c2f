"""COMAD: COMMUNICATION_ADRESSE omitted gives a note."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, only, pere, personne, silent


def test_communication_flag_omitted(kit: Kit) -> None:
    report = kit.check(personnes=[personne(), pere(communication_adresse=None)])
    finding = only(
        report,
        "INF_COMAD_A_01",
        section=3,
        consequence=Consequence.NOTE,
        record="responsable",
        private_id="2",
    )
    assert "non communicable" in finding.message and not finding.blocking
    assert not report.blocking
    silent(kit.check(personnes=[personne(), pere(communication_adresse=False)]))
