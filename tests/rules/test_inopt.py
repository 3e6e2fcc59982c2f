"""INOPT: options (but optional ones) must be in the MEF's programme."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import MEF, Kit, eleve, only, option, scolarite, silent


def test_no_programme_for_the_option(kit: Kit) -> None:
    options = [option("030201"), option("347400")]
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))])
    finding = only(report, "INOPT_B_01", section=5, consequence=Consequence.ANOMALY, value="347400")
    assert f"« {MEF} »" in finding.message and "« O »" in finding.message
    assert finding.effect is Effect.OPTIONS


def test_options_in_the_programme(kit: Kit) -> None:
    options = [option("030201"), option("030602"), option("006600", "X")]
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))]))


def test_optional_options_are_opfac_s(kit: Kit) -> None:
    options = [option("030201"), option("030602"), option("347400", "F")]
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))])
    only(report, "OPFAC", section=5, consequence=Consequence.ANOMALY, value="347400")
