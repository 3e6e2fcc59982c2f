"""SCOAC: the active schooling's dates, and its MEF against last year's."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.rules import Consequence, Effect

from .conftest import MEF, Kit, an_dernier, eleve, only, scolarite, silent

D = dt.date


def test_start_outside_the_school_year(kit: Kit) -> None:
    pupil = eleve(scolarite_active=scolarite(date_deb_sco=D(2016, 9, 1)))
    finding = only(
        kit.check(eleves=[pupil]),
        "SCOAC_E_02",
        section=5,
        consequence=Consequence.ANOMALY,
        value="01/09/2016",
    )
    assert "du 02/09/2019 au 04/07/2020" in finding.message
    assert finding.effect is Effect.SCOLARITE and "motif" in finding.message
    silent(kit.check(eleves=[pupil], without=["communs"]))


def test_same_mef_as_last_year(kit: Kit) -> None:
    pupil = eleve(etablissement_an_dernier=an_dernier(code_mef=MEF))
    report = kit.check(eleves=[pupil])
    only(report, "SCOAC_F_01", section=5, consequence=Consequence.ANOMALY, value=MEF)
    repeater = eleve(doublement=True, etablissement_an_dernier=an_dernier(code_mef=MEF))
    silent(kit.check(eleves=[repeater]))


def test_end_before_start(kit: Kit) -> None:
    pupil = eleve(scolarite_active=scolarite(date_fin_sco=D(2019, 8, 30)))
    finding = only(
        kit.check(eleves=[pupil]),
        "SCOAC",
        section=5,
        consequence=Consequence.ANOMALY,
        value="30/08/2019",
    )
    assert not finding.confirmed


def test_end_inside_the_year_without_leave_data(kit: Kit) -> None:
    """DATE_FIN_SCO inside the year without any leave data raised nothing (rules.md §5)."""
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(date_fin_sco=D(2020, 3, 15)))]))
    silent(kit.check(eleves=[eleve(scolarite_active=scolarite(date_fin_sco=D(2020, 8, 31)))]))
