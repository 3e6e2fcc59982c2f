"""ACMEF: the MEF must be open to enrolment in the school during the year."""

from __future__ import annotations

from siecle_sdk.rules import Consequence, Effect

from .conftest import MEF, MEF_ORIGINE, Kit, an_dernier, eleve, only, scolarite, silent

TINY_NOMENCLATURE = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_NOMENCLATURES VERSION="3.1">
  <PARAMETRES><UAJ>0750680G</UAJ><ANNEE_SCOLAIRE>2019</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <MEFS>
      <MEF CODE_MEF="20010015110">
        <INSCRIPTION_ETAB>1</INSCRIPTION_ETAB><MEF_ORIGINE>1</MEF_ORIGINE>
        <DATE_OUVERTURE>01/09/2010</DATE_OUVERTURE><DATE_FERMETURE>31/08/2019</DATE_FERMETURE>
      </MEF>
      <MEF CODE_MEF="20010018110">
        <INSCRIPTION_ETAB>1</INSCRIPTION_ETAB><MEF_ORIGINE>1</MEF_ORIGINE>
        <DATE_OUVERTURE>01/09/2019</DATE_OUVERTURE><DATE_FERMETURE>31/12/9999</DATE_FERMETURE>
      </MEF>
    </MEFS>
  </DONNEES>
</BEE_NOMENCLATURES>
"""


def test_mef_not_open_to_enrolment(kit: Kit) -> None:
    pupil = eleve(
        scolarite_active=scolarite(code_mef=MEF_ORIGINE, code_division=None),
        etablissement_an_dernier=an_dernier(code_mef=MEF),
    )
    finding = only(
        kit.check(eleves=[pupil]),
        "ACMEF",
        section=5,
        consequence=Consequence.ANOMALY,
        value=MEF_ORIGINE,
    )
    assert finding.effect is Effect.SCOLARITE and not finding.confirmed


def test_unknown_mef(kit: Kit) -> None:
    pupil = eleve(scolarite_active=scolarite(code_mef="12345678901", code_division=None))
    finding = only(
        kit.check(eleves=[pupil]),
        "ACMEF",
        section=5,
        consequence=Consequence.ANOMALY,
        value="12345678901",
    )
    assert "n'existe pas" in finding.message


def test_closed_mef(kit: Kit) -> None:
    """A trimmed Nomenclature (MEFs only): the rules of the lists it lacks stay silent."""
    nomenclature = kit.export("tiny-nomenclature.xml", TINY_NOMENCLATURE)
    pupil = eleve(
        scolarite_active=scolarite(code_mef=MEF_ORIGINE, code_division=None),
        etablissement_an_dernier=an_dernier(code_mef=MEF),
    )
    report = kit.check(eleves=[pupil], nomenclature=nomenclature)
    finding = only(report, "ACMEF", section=5, consequence=Consequence.ANOMALY, value=MEF_ORIGINE)
    assert "31/08/2019" in finding.message and "2019-2020" in finding.message
    silent(kit.check(nomenclature=nomenclature))
