"""MODCH: the number of compulsory options must be the MEF's."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, eleve, only, option, scolarite, silent


def test_fewer_compulsory_options(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=[option("030201")]))])
    finding = only(report, "MODCH_B_02", section=5, consequence=Consequence.ANOMALY, value="1")
    assert finding.effect is Effect.OPTIONS and "(2)" in finding.message


def test_more_compulsory_options(kit: Kit) -> None:
    options = [option("030201"), option("030602"), option("030101")]
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))])
    only(report, "MODCH_B_03", section=5, consequence=Consequence.ANOMALY, value="3")


def test_optional_options_are_not_counted(kit: Kit) -> None:
    options = [option("030201"), option("030602"), option("020300", "F")]
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))]))
