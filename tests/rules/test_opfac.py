"""OPFAC: optional options must be in the MEF's programme."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, eleve, only, option, scolarite, silent


def test_optional_option_not_in_the_programme(kit: Kit) -> None:
    options = [option("030201"), option("030602"), option("010300", "F")]
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))])
    finding = only(report, "OPFAC", section=5, consequence=Consequence.ANOMALY, value="010300")
    assert finding.effect is Effect.NONE and not finding.confirmed


def test_latin_as_optional_option(kit: Kit) -> None:
    options = [option("030201"), option("030602"), option("020300", "F")]
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))]))
