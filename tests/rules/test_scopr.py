"""SCOPR: last year's schooling period."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.rules import Consequence

from .conftest import Kit, an_dernier, eleve, only, silent

D = dt.date


def test_previous_schooling_overlaps_the_active_one(kit: Kit) -> None:
    previous = an_dernier(date_deb_sco=D(2018, 9, 3), date_fin_sco=D(2019, 9, 3))
    report = kit.check(eleves=[eleve(etablissement_an_dernier=previous)])
    finding = only(
        report, "SCOPR_C_04", section=5, consequence=Consequence.ANOMALY, value="03/09/2019"
    )
    assert "02/09/2019" in finding.message
    previous = an_dernier(date_deb_sco=D(2018, 9, 3), date_fin_sco=D(2019, 7, 5))
    silent(kit.check(eleves=[eleve(etablissement_an_dernier=previous)]))


def test_previous_schooling_ends_before_it_starts(kit: Kit) -> None:
    previous = an_dernier(date_deb_sco=D(2019, 7, 5), date_fin_sco=D(2018, 9, 3))
    report = kit.check(eleves=[eleve(etablissement_an_dernier=previous)])
    finding = only(report, "SCOPR", section=5, consequence=Consequence.ANOMALY, value="03/09/2018")
    assert not finding.confirmed
