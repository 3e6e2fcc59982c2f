"""PROVE: the provenance must be in the Nomenclature's list."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, an_dernier, eleve, only, silent


def test_unknown_provenance(kit: Kit) -> None:
    pupil = eleve(etablissement_an_dernier=an_dernier(code_provenance="9"))
    only(kit.check(eleves=[pupil]), "PROVE", section=5, consequence=Consequence.ANOMALY, value="9")
    silent(kit.check(eleves=[eleve(etablissement_an_dernier=an_dernier(code_provenance="8"))]))
