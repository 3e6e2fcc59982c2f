"""DNAIS: a birth date after the start of the school year."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.rules import Consequence

from .conftest import Kit, eleve, only, silent


def test_birth_after_the_rentree(kit: Kit) -> None:
    report = kit.check(eleves=[eleve(date_naiss=dt.date(2019, 10, 1))])
    finding = only(report, "DNAIS", section=5, consequence=Consequence.ANOMALY, value="01/10/2019")
    assert not finding.confirmed
    silent(kit.check(eleves=[eleve(date_naiss=dt.date(2004, 10, 1))]))
