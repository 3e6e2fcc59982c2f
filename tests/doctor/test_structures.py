"""Step 4 — structures: divisions, their MEFs, groups, codes."""

from __future__ import annotations

from collections.abc import Callable

from siecle_sdk.doctor.run import Checklist
from siecle_sdk.rules import Status

from .conftest import MEF_5, MEF_6, Mef, TinySchool, line

Diagnose = Callable[..., Checklist]
BOTH = ["nomenclature", "structures"]


def test_no_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.divisions = {}
    school.groups = {}
    found = line(diagnose(school, kinds=BOTH), "DIVISIONS")
    assert found.status is Status.ERROR
    assert "STSweb" in found.action


def test_divisions_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school, kinds=BOTH), "DIVISIONS")
    assert (found.status, found.reason) == (Status.OK, "2 divisions, 1 groupe.")


def test_division_without_mef(school: TinySchool, diagnose: Diagnose) -> None:
    school.divisions["5B"] = []
    found = line(diagnose(school, kinds=BOTH), "DIVISION_MEF")
    assert found.status is Status.ERROR
    assert "Divisions sans MEF : 5B" in found.reason
    assert "ACDIV_B_01" in found.reason
    del school.divisions["5B"]
    assert line(diagnose(school, kinds=BOTH), "DIVISION_MEF").status is Status.OK


def test_division_mef_not_selected(school: TinySchool, diagnose: Diagnose) -> None:
    school.mefs[1].enrol = False
    school.divisions["6A"].append("20010018110")
    found = line(diagnose(school, kinds=BOTH), "DIVISION_MEF_SELECTIONNE")
    assert found.status is Status.ERROR
    assert "5A : 10110001110 (5G) non sélectionné" in found.reason
    assert "6A : 20010018110 absent de la Nomenclature" in found.reason


def test_division_mefs_selected(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school, kinds=BOTH), "DIVISION_MEF_SELECTIONNE")
    assert found.status is Status.OK


def test_division_mefs_need_the_nomenclature(school: TinySchool, diagnose: Diagnose) -> None:
    checklist = diagnose(school, kinds=["structures"])
    lines = [c.label for c in checklist.checkpoints if c.step == "structures"]
    assert lines == [
        "Au moins une division",
        "Chaque division rattachée à au moins un MEF",
        "Contrôles non faits",
        "Chaque groupe rattaché à des divisions existantes",
        "Codes de division distincts des codes de groupe",
    ]
    unchecked = next(
        c
        for c in checklist.checkpoints
        if c.step == "structures" and c.label == "Contrôles non faits"
    )
    assert unchecked.status is Status.WARNING
    assert unchecked.rule == "DIVISION_MEF_SELECTIONNE,MEF_INUTILISE"
    assert unchecked.reason.startswith("Faute d'export Nomenclature : MEF des divisions")


def test_selected_mef_no_division_uses(school: TinySchool, diagnose: Diagnose) -> None:
    school.mefs.append(Mef("10210001110", "4G"))
    school.programmes.append(("10210001110", "061300", "S"))
    checklist = diagnose(school, kinds=BOTH)
    found = line(checklist, "MEF_INUTILISE")
    assert found.status is Status.WARNING
    assert "10210001110 (4G)" in found.reason
    assert checklist.exit_code == 0
    school.divisions["4A"] = ["10210001110"]
    assert line(diagnose(school, kinds=BOTH), "MEF_INUTILISE").status is Status.OK


def test_group_of_a_missing_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.groups["LAT5"] = ([MEF_5], ["5A", "5Z"])
    found = line(diagnose(school, kinds=BOTH), "GROUPE_DIVISIONS")
    assert found.status is Status.ERROR
    assert "LAT5 (division inexistante : 5Z)" in found.reason


def test_group_without_division(school: TinySchool, diagnose: Diagnose) -> None:
    school.groups["ATELIER"] = ([MEF_6], [])
    found = line(diagnose(school, kinds=BOTH), "GROUPE_DIVISIONS")
    assert found.status is Status.ERROR
    assert "ATELIER (aucune division)" in found.reason


def test_groups_ok(school: TinySchool, diagnose: Diagnose) -> None:
    assert line(diagnose(school, kinds=BOTH), "GROUPE_DIVISIONS").status is Status.OK
    school.groups = {}
    found = line(diagnose(school, kinds=BOTH), "GROUPE_DIVISIONS")
    assert (found.status, found.reason) == (Status.OK, "Aucun groupe : rien à vérifier.")


def test_division_code_reused_as_group(school: TinySchool, diagnose: Diagnose) -> None:
    school.groups["5A"] = ([MEF_5], ["5A"])
    found = line(diagnose(school, kinds=BOTH), "CODES_STRUCTURES")
    assert found.status is Status.ERROR
    assert "5A" in found.reason
    assert "renommez" in found.action
    del school.groups["5A"]
    assert line(diagnose(school, kinds=BOTH), "CODES_STRUCTURES").status is Status.OK
