"""LNAIS: commune code in France, town abroad, known birth country."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent


def test_born_in_france_with_a_town(kit: Kit) -> None:
    pupil = eleve(code_commune_insee_naiss=None, ville_naiss="PARIS")
    only(
        kit.check(eleves=[pupil]),
        "LNAIS",
        section=5,
        consequence=Consequence.ANOMALY,
        value="PARIS",
    )


def test_born_abroad_with_a_commune_code(kit: Kit) -> None:
    pupil = eleve(code_pays="109", code_commune_insee_naiss="99109")
    only(
        kit.check(eleves=[pupil]),
        "LNAIS",
        section=5,
        consequence=Consequence.ANOMALY,
        value="99109",
    )
    fixed = eleve(code_pays="109", code_commune_insee_naiss=None, ville_naiss="BERLIN")
    silent(kit.check(eleves=[fixed]))


def test_unknown_birth_country(kit: Kit) -> None:
    pupil = eleve(code_pays="999", code_commune_insee_naiss=None, ville_naiss="BERLIN")
    only(
        kit.check(eleves=[pupil]), "LNAIS", section=5, consequence=Consequence.ANOMALY, value="999"
    )
    silent(kit.check(eleves=[pupil], without=["geographique"]))


def test_paris_postal_code_as_commune(kit: Kit) -> None:
    """CODE_COMMUNE_INSEE_NAISS 75012 (a postal code) raised no LNAIS (rules.md §5)."""
    silent(kit.check(eleves=[eleve(code_commune_insee_naiss="75012")]))
