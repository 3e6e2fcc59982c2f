"""ACDIV: the division must exist and be attached to the pupil's MEF."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, eleve, only, scolarite, silent


def test_division_not_attached_to_the_mef(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(code_division="1G1"))])
    finding = only(report, "ACDIV_B_01", section=5, consequence=Consequence.ANOMALY, value="1G1")
    assert finding.effect is Effect.SCOLARITE and finding.confirmed
    assert "20010018110" in finding.message and "rejetée" in finding.message
    assert finding.division == "1G1" and finding.name == "DUPONT Paul"
    assert finding.siecle_id == "1234567"


def test_unknown_division_and_group(kit: Kit) -> None:
    """A division that is not one of the school's (an invented code in the real files behind
    SIECLE's compte-rendus) got ACDIV_B_01; a group code too, its message saying so."""
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(code_division="1ES1LAll"))])
    finding = only(
        report, "ACDIV_B_01", section=5, consequence=Consequence.ANOMALY, value="1ES1LAll"
    )
    assert finding.confirmed and finding.effect is Effect.SCOLARITE
    assert "n'est pas une division de l'établissement" in finding.message
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(code_division="GR1"))])
    group = only(report, "ACDIV_B_01", section=5, consequence=Consequence.ANOMALY, value="GR1")
    assert "groupe" in group.message and group.confirmed


def test_corrected_or_without_division(kit: Kit) -> None:
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(code_division="2NDE1"))]))
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(code_division=None))]))


def test_rejected_schooling_hides_the_option_rules(kit: Kit) -> None:
    """An empty OPTIONS for a MEF requiring two options raised no MODCH (rules.md §4)."""
    bad = eleve(scolarite_active=scolarite(code_division="1G1", options=[]))
    only(kit.check(eleves=[bad]), "ACDIV_B_01", section=5, consequence=Consequence.ANOMALY)
    fixed = eleve(scolarite_active=scolarite(options=[]))
    only(kit.check(eleves=[fixed]), "MODCH_B_02", section=5, consequence=Consequence.ANOMALY)
