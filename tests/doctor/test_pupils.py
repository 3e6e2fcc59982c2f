"""Steps 6 to 8 — the pupils of the Élèves export: placement, INE, leavers' motives."""

from __future__ import annotations

from collections.abc import Callable

from siecle_sdk.doctor.run import Checklist
from siecle_sdk.rules import Status

from .conftest import MEF_5, MEF_6, Pupil, TinySchool, line

Diagnose = Callable[..., Checklist]


def test_pupil_in_a_missing_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.pupils.append(Pupil("1005", "BLANC", "Zoé", MEF_6, "6Z"))
    checklist = diagnose(school)
    found = line(checklist, "ELEVE_DIVISION")
    assert found.status is Status.ERROR
    assert "1 élève dans une division absente des structures (6Z) : BLANC Zoé (6Z)" in found.reason
    assert "STSweb" in found.action
    assert checklist.exit_code == 1


def test_leaver_in_a_missing_division_is_not_counted(
    school: TinySchool, diagnose: Diagnose
) -> None:
    school.pupils.append(
        Pupil("1005", "BLANC", "Zoé", MEF_6, "6Z", sortie="02/09/2019", motif="11")
    )
    assert line(diagnose(school), "ELEVE_DIVISION").status is Status.OK


def test_pupil_in_a_group_code_as_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.pupils.append(Pupil("1005", "BLANC", "Zoé", MEF_6, "LAT6"))
    assert line(diagnose(school), "ELEVE_DIVISION").status is Status.ERROR


def test_pupils_divisions_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school), "ELEVE_DIVISION")
    assert (found.status, found.reason) == (Status.OK, "3 élèves dans une division existante.")


def test_pupil_mef_not_attached_to_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.pupils.append(Pupil("1005", "BLANC", "Zoé", MEF_5, "6A"))
    found = line(diagnose(school), "ELEVE_MEF")
    assert found.status is Status.ERROR
    assert "BLANC Zoé (6A) : MEF 10110001110" in found.reason
    assert "ACDIV" in found.reason
    school.divisions["6A"].append(MEF_5)
    assert line(diagnose(school), "ELEVE_MEF").status is Status.OK


def test_pupil_without_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.pupils.append(Pupil("1005", "BLANC", "Zoé", MEF_6, None))
    checklist = diagnose(school)
    found = line(checklist, "ELEVE_SANS_DIVISION")
    assert found.status is Status.WARNING
    assert "1 élève sans division sur 4 : BLANC Zoé" in found.reason
    assert checklist.exit_code == 0


def test_pupils_all_placed(school: TinySchool, diagnose: Diagnose) -> None:
    assert line(diagnose(school), "ELEVE_SANS_DIVISION").status is Status.OK


def test_pupil_without_ine(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school), "ELEVE_SANS_INE")
    assert found.status is Status.WARNING
    assert "1 élève sans INE : PETIT Inès (6A)" in found.reason
    school.pupils[2].ine = "070832330MA"
    found = line(diagnose(school), "ELEVE_SANS_INE")
    assert (found.status, found.reason) == (Status.OK, "3 élèves avec INE.")


def test_leaver_without_motive(school: TinySchool, diagnose: Diagnose) -> None:
    school.pupils[3].motif = None
    checklist = diagnose(school)
    found = line(checklist, "SORTANT_MOTIF")
    assert found.status is Status.ERROR
    assert "1 sortant sans motif de sortie : ROUX Noé (5A)" in found.reason
    assert "constat de rentrée" in found.reason
    assert "motif de sortie" in found.action
    assert checklist.exit_code == 1


def test_leavers_with_motive(school: TinySchool, diagnose: Diagnose) -> None:
    assert line(diagnose(school), "SORTANT_MOTIF").status is Status.OK


def test_pupil_checks_without_structures(school: TinySchool, diagnose: Diagnose) -> None:
    checklist = diagnose(school, kinds=["nomenclature", "communs", "eleves"])
    pupils = [c for c in checklist.checkpoints if c.step == "eleves"]
    assert pupils[0].rule == "EXPORT_COHERENT" and pupils[0].status is Status.OK
    pupils = pupils[1:]
    assert pupils[0].label == "Contrôles non faits"
    assert pupils[0].rule == "ELEVE_DIVISION,ELEVE_MEF"
    assert [c.rule for c in pupils[1:]] == [
        "ELEVE_SANS_DIVISION",
        "ELEVE_SANS_INE",
        "SORTANT_MOTIF",
        "OPTIONS_PROFILEES",
    ]


def test_options_profiled_on_the_pupils_mef(school: TinySchool, diagnose: Diagnose) -> None:
    school.pupils[0].options = ("030201", "020300")
    found = line(diagnose(school), "OPTIONS_PROFILEES")
    assert found.status is Status.OK
    assert found.reason == "2 options d'élèves, chacune au programme de leur MEF."
    # an option the pupil's MEF does not offer (fine profiling per MEF not done)
    school.pupils[0].options = ("030201", "040700")
    school.pupils[2].options = ("040700",)
    school.pupils[1].options = ("030201",)  # 5G: no such option in its programme either
    found = line(diagnose(school), "OPTIONS_PROFILEES")
    assert found.status is Status.WARNING
    assert "040700 en 10010012110 (6EME) (2 élèves)" in found.reason
    assert "030201 en 10110001110 (5G) (1 élève)" in found.reason
    assert "INOPT" in found.reason and "profilage fin par MEF" in found.action
    # leavers' options are not counted
    for pupil in school.pupils[:3]:
        pupil.sortie, pupil.motif = "01/10/2019", "5"
    assert line(diagnose(school), "OPTIONS_PROFILEES").status is Status.OK
