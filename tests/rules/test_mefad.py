"""MEFAD: last year's MEF must be given and be a MEF d'origine of the school."""

from __future__ import annotations

from siecle_sdk.rules import Consequence

from .conftest import Kit, an_dernier, eleve, only, silent


def test_previous_mef_omitted(kit: Kit) -> None:
    pupil = eleve(etablissement_an_dernier=an_dernier(code_mef=None))
    finding = only(
        kit.check(eleves=[pupil]),
        "MEFAD_C_02",
        section=5,
        consequence=Consequence.ANOMALY,
        value="%",
    )
    assert finding.confirmed and "vide" in finding.message


def test_previous_mef_not_of_origin(kit: Kit) -> None:
    pupil = eleve(etablissement_an_dernier=an_dernier(code_mef="10310019110"))
    report = kit.check(eleves=[pupil])
    only(report, "MEFAD_C_02", section=5, consequence=Consequence.ANOMALY, value="10310019110")
    silent(kit.check(eleves=[eleve(etablissement_an_dernier=an_dernier(code_mef="20110019110"))]))
