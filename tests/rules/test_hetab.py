"""HETAB: last year's establishment: valid UAI, known establishment, known département."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import UAI, Kit, an_dernier, codes, eleve, only, silent


def test_uai_with_a_wrong_key(kit: Kit) -> None:
    pupil = eleve(etablissement_an_dernier=an_dernier(code_rne="0752387A"))
    finding = only(
        kit.check(eleves=[pupil]),
        "HETAB",
        section=5,
        consequence=Consequence.ANOMALY,
        value="0752387A",
    )
    assert "0752387M" in finding.message and not finding.confirmed
    assert codes(kit.check(eleves=[pupil], without=["etablissements"])) == ["HETAB"]


def test_unknown_establishment(kit: Kit) -> None:
    pupil = eleve(etablissement_an_dernier=an_dernier(code_rne="0590181B"))
    only(
        kit.check(eleves=[pupil]),
        "HETAB",
        section=5,
        consequence=Consequence.ANOMALY,
        value="0590181B",
    )
    silent(kit.check(eleves=[pupil], without=["etablissements"]))
    silent(kit.check(eleves=[eleve(etablissement_an_dernier=an_dernier(code_rne="0140070A"))]))


def test_unknown_departement(kit: Kit) -> None:
    previous = an_dernier(code_rne=None, code_departement="977")
    report = kit.check(eleves=[eleve(etablissement_an_dernier=previous)])
    only(report, "HETAB", section=5, consequence=Consequence.ANOMALY, value="977")
    for code in ("075", "75"):
        previous = an_dernier(code_rne=None, code_departement=code)
        silent(kit.check(eleves=[eleve(etablissement_an_dernier=previous)]))


def test_own_school_with_provenance_1(kit: Kit) -> None:
    """The school's own UAI with provenance 1 raised no HETAB nor PROVE (rules.md §5)."""
    previous = an_dernier(code_rne=UAI, code_provenance="1")
    silent(kit.check(eleves=[eleve(etablissement_an_dernier=previous)]))
