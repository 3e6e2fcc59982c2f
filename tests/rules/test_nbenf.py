"""NBENF: the number of dependent children."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, only, pere, personne, silent


def test_omitted_for_a_legal_representative(kit: Kit) -> None:
    report = kit.check(personnes=[personne(enfant_a_charge=None), pere()])
    finding = only(
        report, "NBENF_F_03", section=2, consequence=Consequence.ANOMALY, record="responsable"
    )
    assert "forcé à 1" in finding.message


def test_zero(kit: Kit) -> None:
    report = kit.check(personnes=[personne(), pere(enfant_a_charge=0)])
    only(
        report,
        "NBENF",
        section=2,
        consequence=Consequence.ANOMALY,
        record="responsable",
        private_id="2",
        value="0",
    )
    silent(kit.check(personnes=[personne(), pere(enfant_a_charge=1)]))
