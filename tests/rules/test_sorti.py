"""SORTI: leave motive in the list, leave date within the school year."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.rules import Consequence, Effect

from .conftest import Kit, an_dernier, only, silent, sortant


def test_unknown_motive_rejects_the_pupil(kit: Kit) -> None:
    report = kit.check(eleves=[sortant(code_motif_sortie="5")])
    finding = only(
        report, "REJEL_SORTI_F_01", section=4, consequence=Consequence.REJECTED, value="5"
    )
    assert finding.effect is Effect.RECORD and finding.confirmed
    silent(kit.check(eleves=[sortant(code_motif_sortie="11")]))


def test_leave_date_after_the_school_year(kit: Kit) -> None:
    report = kit.check(eleves=[sortant(date_sortie=dt.date(2021, 1, 4))])
    finding = only(report, "SORTI", section=4, consequence=Consequence.REJECTED, value="04/01/2021")
    assert not finding.confirmed
    silent(kit.check(eleves=[sortant(date_sortie=dt.date(2020, 8, 31))]))


def test_rejected_pupil_gets_only_the_rejection(kit: Kit) -> None:
    """The previous-year data raising MEFAD_C_02 raised nothing once rejected (rules.md §4)."""
    no_mef = an_dernier(code_mef=None)
    report = kit.check(
        eleves=[sortant(code_motif_sortie="5", code_regime="11", etablissement_an_dernier=no_mef)]
    )
    only(report, "REJEL_SORTI_F_01", section=4, consequence=Consequence.REJECTED)
    report = kit.check(eleves=[sortant(code_regime="11", etablissement_an_dernier=no_mef)])
    assert sorted(f.code for f in report.findings) == ["INF_REGIM_A_01", "MEFAD_C_02"]
