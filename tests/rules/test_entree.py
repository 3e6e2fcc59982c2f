"""ENTREE: an entry date inside a schooling in another establishment."""

from __future__ import annotations

import datetime as dt

from siecle_sdk.rules import Consequence, Effect

from .conftest import UAI, Kit, an_dernier, eleve, only, silent

D = dt.date
PREVIOUS = {"date_deb_sco": D(2018, 9, 3), "date_fin_sco": D(2019, 7, 5)}


def test_entry_during_the_previous_schooling(kit: Kit) -> None:
    pupil = eleve(date_entree=D(2019, 1, 9), etablissement_an_dernier=an_dernier(**PREVIOUS))
    finding = only(
        kit.check(eleves=[pupil]),
        "REJEL_ENTREE_B_02",
        section=4,
        consequence=Consequence.REJECTED,
        value="09/01/2019",
    )
    assert "03/09/2018" in finding.message and "05/07/2019" in finding.message
    assert finding.effect is Effect.RECORD


def test_entry_after_the_previous_schooling(kit: Kit) -> None:
    pupil = eleve(date_entree=D(2019, 9, 2), etablissement_an_dernier=an_dernier(**PREVIOUS))
    silent(kit.check(eleves=[pupil]))


def test_previous_schooling_in_the_school_itself(kit: Kit) -> None:
    own = an_dernier(code_rne=UAI, **PREVIOUS)
    silent(kit.check(eleves=[eleve(date_entree=D(2019, 1, 9), etablissement_an_dernier=own)]))


def test_no_entry_date(kit: Kit) -> None:
    """No DATE_ENTREE raised no anomaly (rules.md §5)."""
    silent(
        kit.check(eleves=[eleve(date_entree=None, etablissement_an_dernier=an_dernier(**PREVIOUS))])
    )
