"""OPOBL: the n-th compulsory option must be allowed at rank n."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, eleve, only, option, scolarite, silent


def test_options_in_the_wrong_order(kit: Kit) -> None:
    options = [option("030602"), option("030201")]
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))])
    finding = only(report, "OPOBL_C_01", section=5, consequence=Consequence.ANOMALY, value="030602")
    assert "rang 1" in finding.message and finding.effect is Effect.OPTIONS


def test_options_in_rank_order(kit: Kit) -> None:
    options = [option("030201"), option("030602")]
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))]))
