"""Step 2 — données communes: identity, school-year dates (pupils and teachers), periods."""

from __future__ import annotations

from collections.abc import Callable

from siecle_sdk.doctor.run import Checklist
from siecle_sdk.rules import Status

from .conftest import TinySchool, line

Diagnose = Callable[..., Checklist]


def _status(diagnose: Diagnose, school: TinySchool, rule: str) -> Status:
    return line(diagnose(school), rule).status


# --- identity ------------------------------------------------------------------------------------


def test_school_without_name(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.school is not None
    school.school["DENOM_PRINC"] = ""
    school.school["DENOM_COMPL"] = ""
    found = line(diagnose(school), "IDENTITE")
    assert found.status is Status.ERROR
    assert "nom de l'établissement" in found.reason
    assert "Données communes" in found.action


def test_school_without_uaj_block(school: TinySchool, diagnose: Diagnose) -> None:
    school.school = None
    found = line(diagnose(school), "IDENTITE")
    assert found.status is Status.ERROR
    assert "bloc UAJ absent" in found.reason


def test_school_without_head(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.school is not None
    del school.school["NOM_RESP"]
    del school.school["TELEPHONE"]
    found = line(diagnose(school), "IDENTITE")
    assert found.status is Status.WARNING
    assert "nom du chef d'établissement et téléphone" in found.reason


def test_school_identity_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school), "IDENTITE")
    assert found.status is Status.OK
    assert found.reason == "COLLEGE SAINTE-MARIE, chef d'établissement : M. DUPONT (DIRECTEUR)."
    assert found.action == ""


# --- pupils' school year -------------------------------------------------------------------------


def test_pupil_dates_missing(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    del school.calendar["DATE_FIN_ELEVE"]
    found = line(diagnose(school), "DATES_ELEVES")
    assert found.status is Status.ERROR
    assert "Date de fin" in found.reason
    school.calendar = None
    assert _status(diagnose, school, "DATES_ELEVES") is Status.ERROR


def test_pupil_dates_of_last_year(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    school.calendar["DATE_DEBUT_ELEVE"] = "03/09/2018"
    school.calendar["DATE_FIN_ELEVE"] = "05/07/2019"
    found = line(diagnose(school), "DATES_ELEVES")
    assert found.status is Status.ERROR
    assert "la rentrée devrait être en 2019" in found.reason


def test_pupil_dates_inverted(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    school.calendar["DATE_FIN_ELEVE"] = "01/09/2019"
    found = line(diagnose(school), "DATES_ELEVES")
    assert found.status is Status.ERROR
    assert "pas avant la date de fin" in found.reason


def test_pupil_dates_unusual(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    school.calendar["DATE_DEBUT_ELEVE"] = "04/11/2019"
    assert _status(diagnose, school, "DATES_ELEVES") is Status.WARNING


def test_pupil_dates_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school), "DATES_ELEVES")
    assert (found.status, found.reason) == (Status.OK, "du 02/09/2019 au 04/07/2020.")


# --- teachers' school year -----------------------------------------------------------------------


def test_teacher_dates_missing(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    del school.calendar["DATE_DEBUT_PROF"]
    assert _status(diagnose, school, "DATES_PROFESSEURS") is Status.WARNING


def test_teacher_dates_incoherent(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    school.calendar["DATE_FIN_PROF"] = "31/08/2019"
    assert _status(diagnose, school, "DATES_PROFESSEURS") is Status.ERROR


def test_teacher_dates_not_covering_pupils(school: TinySchool, diagnose: Diagnose) -> None:
    assert school.calendar is not None
    school.calendar["DATE_DEBUT_PROF"] = "09/09/2019"
    found = line(diagnose(school), "DATES_PROFESSEURS")
    assert found.status is Status.WARNING
    assert "ne couvre pas" in found.reason


def test_teacher_dates_ok(school: TinySchool, diagnose: Diagnose) -> None:
    assert _status(diagnose, school, "DATES_PROFESSEURS") is Status.OK


# --- periods -------------------------------------------------------------------------------------


def test_no_period(school: TinySchool, diagnose: Diagnose) -> None:
    school.periods = []
    found = line(diagnose(school), "PERIODES")
    assert found.status is Status.WARNING
    assert "Aucune période" in found.reason


def test_period_outside_the_year(school: TinySchool, diagnose: Diagnose) -> None:
    school.periods[0] = ("T1 ", "03/09/2018", "30/11/2018", "T")
    found = line(diagnose(school), "PERIODES")
    assert found.status is Status.ERROR
    assert "Hors de l'année scolaire du 02/09/2019 au 04/07/2020 : T1" in found.reason
    assert "définissez les périodes" in found.action


def test_period_without_dates(school: TinySchool, diagnose: Diagnose) -> None:
    school.periods[1] = ("T2 ", "", "08/03/2020", "T")
    found = line(diagnose(school), "PERIODES")
    assert found.status is Status.ERROR
    assert "Dates absentes ou inversées : T2" in found.reason


def test_overlapping_periods(school: TinySchool, diagnose: Diagnose) -> None:
    school.periods[1] = ("T2 ", "15/11/2019", "08/03/2020", "T")
    found = line(diagnose(school), "PERIODES")
    assert found.status is Status.WARNING
    assert "T1 et T2" in found.reason


def test_periods_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school), "PERIODES")
    assert found.status is Status.OK
    assert found.reason == "T1 02/09–30/11, T2 01/12–08/03, T3 09/03–04/07."
