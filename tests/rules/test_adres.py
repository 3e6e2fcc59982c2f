"""ADRES: postal code and label in France, foreign commune abroad, known country."""

from __future__ import annotations

from siecle_sdk.models.import_eleves import Adresse
from siecle_sdk.rules import Consequence

from .conftest import Kit, codes, eleve, only, pere, personne, silent


def test_french_address_without_postal_code_nor_label(kit: Kit) -> None:
    adresse = Adresse(
        ligne1_adresse="12 rue de la Paix", commune_etrangere="PARIS", code_pays="100"
    )
    report = kit.check(personnes=[personne(adresse=adresse), pere()])
    assert codes(report) == ["ADRES_A_01", "ADRES_A_02"]
    for finding in report.findings:
        assert finding.section == 2 and finding.record == "responsable"
        assert finding.private_id == "1" and finding.confirmed
    # SIECLE's own texts, word for word (its « il_postal » included)
    assert [f.message for f in report.findings] == [
        "La donnée code_postal n'est pas renseignée. Cette donnée est obligatoire pour un code "
        "Pays égal à 100.",
        "La donnée il_postal n'est pas renseignée. Cette donnée est obligatoire pour un code "
        "Pays égal à 100.",
    ]


def test_blank_postal_code_or_label(kit: Kit) -> None:
    blank_code = Adresse(code_postal="     ", ll_postal="PARIS", code_pays="100")
    report = kit.check(personnes=[personne(adresse=blank_code), pere()])
    only(report, "ADRES_A_01", section=2, consequence=Consequence.ANOMALY, record="responsable")
    blank_label = Adresse(code_postal="75012", ll_postal=" ", code_pays="100")
    report = kit.check(personnes=[personne(adresse=blank_label), pere()])
    only(report, "ADRES_A_02", section=2, consequence=Consequence.ANOMALY, record="responsable")


def test_foreign_address_without_foreign_commune(kit: Kit) -> None:
    adresse = Adresse(code_postal="10115", ll_postal="BERLIN", code_pays="109")
    report = kit.check(eleves=[eleve(adresse=adresse)])
    finding = only(report, "ADRES", section=5, consequence=Consequence.ANOMALY, value="109")
    assert not finding.confirmed
    fixed = Adresse(commune_etrangere="BERLIN", code_pays="109")
    silent(kit.check(eleves=[eleve(adresse=fixed)]))


def test_unknown_address_country(kit: Kit) -> None:
    adresse = Adresse(commune_etrangere="NULLE PART", code_pays="999")
    report = kit.check(personnes=[personne(adresse=adresse), pere()])
    only(
        report,
        "ADRES",
        section=2,
        consequence=Consequence.ANOMALY,
        record="responsable",
        value="999",
    )
    silent(kit.check(personnes=[personne(adresse=adresse), pere()], without=["geographique"]))


def test_legal_representative_without_address(kit: Kit) -> None:
    """No ADRESSE for the first legal representative raised no anomaly (rules.md §5)."""
    silent(kit.check(personnes=[personne(adresse=None), pere()]))
