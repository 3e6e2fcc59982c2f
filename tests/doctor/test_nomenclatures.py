"""Step 3 — nomenclatures: MEFs selected (enrolment and origin), matières, profiling."""

from __future__ import annotations

from collections.abc import Callable

from siecle_sdk.doctor.run import Checklist
from siecle_sdk.rules import Status

from .conftest import MEF_5, MEF_6, Mef, TinySchool, line

Diagnose = Callable[..., Checklist]
NOMENCLATURE_ONLY = ["nomenclature"]


def test_no_mef_selected_for_enrolment(school: TinySchool, diagnose: Diagnose) -> None:
    for mef in school.mefs:
        mef.enrol = False
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MEF_SCOLARISATION")
    assert found.status is Status.ERROR
    assert "Aucun des 2 MEF" in found.reason
    assert "« Exporter vers STS-WEB »" in found.action


def test_closed_mef_selected(school: TinySchool, diagnose: Diagnose) -> None:
    school.mefs[1].closing = "31/08/2019"
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MEF_SCOLARISATION")
    assert found.status is Status.WARNING
    assert "fermés avant la rentrée : 10110001110 (5G)" in found.reason


def test_mefs_selected_for_enrolment(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MEF_SCOLARISATION")
    assert found.status is Status.OK
    assert found.reason == "2 MEF : 10010012110 (6EME) et 10110001110 (5G)."


def test_no_origin_mef(school: TinySchool, diagnose: Diagnose) -> None:
    for mef in school.mefs:
        mef.origin = False
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MEF_ORIGINE")
    assert found.status is Status.ERROR
    assert "MEFAD" in found.reason
    assert "MEF d'origine" in found.action
    school.mefs[0].origin = True
    assert line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MEF_ORIGINE").status is Status.OK


def test_no_matiere(school: TinySchool, diagnose: Diagnose) -> None:
    school.matieres = []
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MATIERES_OPTION")
    assert found.status is Status.ERROR
    assert "Aucune matière" in found.reason


def test_programme_uses_an_unselected_matiere(school: TinySchool, diagnose: Diagnose) -> None:
    school.matieres.remove("020300")
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MATIERES_OPTION")
    assert found.status is Status.ERROR
    assert "020300" in found.reason


def test_no_optional_subject(school: TinySchool, diagnose: Diagnose) -> None:
    school.programmes = [p for p in school.programmes if p[2] != "F"]
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MATIERES_OPTION")
    assert found.status is Status.WARNING
    assert "0 matière en option facultative" in found.reason


def test_optional_subjects_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "MATIERES_OPTION")
    assert found.status is Status.OK


def test_selected_mef_without_programme(school: TinySchool, diagnose: Diagnose) -> None:
    school.programmes = [p for p in school.programmes if p[0] != MEF_5]
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "PROGRAMMES")
    assert found.status is Status.ERROR
    assert "Sans programme : 10110001110 (5G)" in found.reason
    assert "« Exporter vers STS-WEB »" in found.action


def test_programmes_ok(school: TinySchool, diagnose: Diagnose) -> None:
    assert line(diagnose(school, kinds=NOMENCLATURE_ONLY), "PROGRAMMES").status is Status.OK


def test_compulsory_rank_without_matiere(school: TinySchool, diagnose: Diagnose) -> None:
    school.mefs[0] = Mef(MEF_6, "6EME", compulsory=2)
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "OPTIONS_OBLIGATOIRES")
    assert found.status is Status.ERROR
    assert "10010012110 (6EME) rang 2" in found.reason
    school.options.append((MEF_6, "020300", 2))
    assert (
        line(diagnose(school, kinds=NOMENCLATURE_ONLY), "OPTIONS_OBLIGATOIRES").status is Status.OK
    )


def test_compulsory_options_ok(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "OPTIONS_OBLIGATOIRES")
    assert found.status is Status.OK
    assert found.reason.startswith("1 rang d'option obligatoire")


def test_fine_profiling_per_mef(school: TinySchool, diagnose: Diagnose) -> None:
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "PROFILAGE_MEF")
    assert found.status is Status.OK
    assert "Chaque matière sélectionnée est rattachée à un MEF" in found.reason
    # a matière selected but profiled on no MEF of enrolment
    school.matieres.append("040700")
    found = line(diagnose(school, kinds=NOMENCLATURE_ONLY), "PROFILAGE_MEF")
    assert found.status is Status.WARNING
    assert "040700 (MATIERE 040700)" in found.reason
    assert "profilage fin par MEF" in found.action
    assert "« Exporter vers STS-WEB »" in found.action
