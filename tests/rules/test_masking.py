"""SIECLE's masking (rules.md §4): rejection, rejected active schooling, ignored options."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.rules import Consequence

from .conftest import Kit, an_dernier, eleve, only, option, scolarite, sortant


def test_rejection_masks_everything_else(kit: Kit) -> None:
    pupil = sortant(
        code_motif_sortie="5",
        code_sexe="3",
        scolarite_active=scolarite(code_division="1G1", options=[]),
        etablissement_an_dernier=an_dernier(code_mef=None),
    )
    only(kit.check(eleves=[pupil]), "REJEL_SORTI_F_01", section=4, consequence=Consequence.REJECTED)


def test_rejected_schooling_masks_the_options(kit: Kit) -> None:
    for schooling in (
        scolarite(code_division="1G1", options=[]),
        scolarite(date_deb_sco=dt.date(2016, 9, 1), options=[]),
    ):
        report = kit.check(eleves=[eleve(scolarite_active=schooling)])
        assert [f.code for f in report.findings] in (["ACDIV_B_01"], ["SCOAC_E_02"])


def test_options_ignored_by_modch_mask_inopt_and_opobl(kit: Kit) -> None:
    options = [option("030602"), option("347400"), option("030201")]
    report = kit.check(eleves=[eleve(scolarite_active=scolarite(options=options))])
    only(report, "MODCH_B_03", section=5, consequence=Consequence.ANOMALY)


def test_several_anomalies_of_one_pupil(kit: Kit) -> None:
    pupil = eleve(code_sexe="3", scolarite_active=scolarite(code_statut="1"))
    report = kit.check(eleves=[pupil])
    assert sorted(f.code for f in report.findings) == ["CSEXE", "STATU_C_01"]
    assert {f.private_id for f in report.findings} == {"1"}
