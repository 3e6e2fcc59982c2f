"""CREAT: two pupils of the file identified as the same SIECLE pupil."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import ELEVE_ID, Kit, codes, eleve, only, silent


def test_same_siecle_pupil_twice(kit: Kit) -> None:
    twin = eleve(id_prv_ele="2")
    report = kit.check(eleves=[eleve(), twin])
    finding = only(
        report, "CREAT", section=4, consequence=Consequence.REJECTED, private_id="2", value=ELEVE_ID
    )
    assert "« 1 »" in finding.message and not finding.confirmed


def test_distinct_pupils(kit: Kit) -> None:
    other = eleve(id_prv_ele="2", prenom="Jeanne", code_sexe="2")
    silent(kit.check(eleves=[eleve(), other]))
    assert "CREAT" in kit.check(without=["eleves"]).disabled
    assert codes(kit.check(eleves=[eleve(), eleve(id_prv_ele="2")], without=["eleves"])) == []
