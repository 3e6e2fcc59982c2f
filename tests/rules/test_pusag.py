"""PUSAG: a usage name identical to the family name is dropped."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, pere, personne, silent


def test_person_usage_name_equal_to_family_name(kit: Kit) -> None:
    report = kit.check(personnes=[personne(nom_usage="Dupont"), pere()])
    only(
        report,
        "PUSAG_A_01",
        section=2,
        consequence=Consequence.ANOMALY,
        record="responsable",
        value="Dupont",
    )
    silent(kit.check(personnes=[personne(nom_usage="MARTIN"), pere()]))


def test_pupil_usage_name_equal_to_family_name(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(nom_usage="DUPONT")])
    only(report, "PUSAG_A_01", section=5, consequence=Consequence.ANOMALY, value="DUPONT")
