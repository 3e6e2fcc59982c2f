"""Step 5 — the exports: readable, one school, one year, an open year, complete, dated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from siecle_sdk.doctor.files import year_status
from siecle_sdk.doctor.run import Checklist, run_doctor
from siecle_sdk.errors import UnusableInput
from siecle_sdk.rules import Status

from .conftest import TODAY, TinySchool, line

Diagnose = Callable[..., Checklist]


def test_tiny_school_has_no_error(school: TinySchool, diagnose: Diagnose) -> None:
    checklist = diagnose(school)
    assert checklist.status is Status.WARNING
    assert checklist.count(Status.ERROR) == 0
    assert checklist.exit_code == 0
    assert {f.name for f in checklist.files if f.used} == {
        "Nomenclature.xml",
        "Structures.xml",
        "Communs.xml",
        "ElevesSansAdresses.xml",
    }


# --- readable ------------------------------------------------------------------------------------


def test_unreadable_file_is_an_error(
    school: TinySchool, diagnose: Diagnose, tmp_path: Path
) -> None:
    broken = tmp_path / "ExportXML_Communs.zip"
    broken.write_bytes(b"PK\x03\x04 not a zip at all")
    checklist = diagnose(school, extra=[broken])
    found = line(checklist, "FICHIERS_LISIBLES")
    assert found.status is Status.ERROR
    assert "ExportXML_Communs.zip" in found.reason
    assert "refaites ces exports" in found.action
    assert checklist.exit_code == 2  # a damaged file given is unusable input
    assert line(diagnose(school), "FICHIERS_LISIBLES").status is Status.OK


def test_malformed_export_is_set_aside(school: TinySchool, tmp_path: Path) -> None:
    paths = school.write(tmp_path)
    eleves = tmp_path / "ElevesSansAdresses.xml"
    eleves.write_bytes(eleves.read_bytes().replace(b"</STRUCTURES_ELEVE>", b"</STRICTURES>", 1))
    checklist = run_doctor(paths, TODAY)
    assert line(checklist, "FICHIERS_LISIBLES").status is Status.ERROR
    assert "ElevesSansAdresses.xml" in line(checklist, "FICHIERS_LISIBLES").reason
    assert not [c for c in checklist.checkpoints if c.step == "eleves"]


def test_nothing_usable_is_unusable_input(tmp_path: Path) -> None:
    junk = tmp_path / "notes.xml"
    junk.write_text("<?xml version='1.0'?><NOTES/>", encoding="utf-8")
    with pytest.raises(UnusableInput, match="Aucun export SIECLE utilisable"):
        run_doctor([junk], TODAY)


# --- one school, one year ------------------------------------------------------------------------


def test_export_of_another_school(school: TinySchool, diagnose: Diagnose) -> None:
    school.headers["structures"] = ("0590181B", school.year, school.stamp)
    checklist = diagnose(school)
    found = line(checklist, "MEME_UAI")
    assert found.status is Status.ERROR
    assert "Structures.xml (0590181B)" in found.reason
    assert "Connectez-vous à SIECLE sur l'établissement 0750680G" in found.action
    structures = next(f for f in checklist.files if f.name == "Structures.xml")
    assert not structures.used
    # the structures checks then say they could not run
    unchecked = [c for c in checklist.checkpoints if c.step == "structures"]
    assert [c.label for c in unchecked] == ["Contrôles non faits"]
    school.headers.clear()
    assert line(diagnose(school), "MEME_UAI").status is Status.OK


def test_majority_school_wins_whatever_the_order(school: TinySchool, tmp_path: Path) -> None:
    paths = school.write(tmp_path / "a")
    other = TinySchool(uai="0590181B").write(tmp_path / "b", ["nomenclature"])
    first = run_doctor([*other, *paths], TODAY)
    second = run_doctor([*reversed(paths), *other], TODAY)
    assert first.uai == second.uai == "0750680G"
    assert first.checkpoints == second.checkpoints


def test_export_of_another_year(school: TinySchool, diagnose: Diagnose) -> None:
    school.headers["nomenclature"] = (school.uai, "2018", school.stamp)
    checklist = diagnose(school)
    found = line(checklist, "MEME_ANNEE")
    assert found.status is Status.ERROR
    assert "Nomenclature.xml (2018-2019)" in found.reason
    assert "choisissez l'année à préparer" in found.action
    school.headers.clear()
    assert line(diagnose(school), "MEME_ANNEE").status is Status.OK


# --- the year is open ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "today", "status", "words"),
    [
        (2019, dt.date(2019, 9, 10), Status.OK, "année en cours"),
        (2019, dt.date(2020, 3, 1), Status.OK, "année en cours"),
        (2019, dt.date(2019, 6, 12), Status.OK, "année en préparation"),
        (2019, dt.date(2019, 7, 2), Status.OK, "année en préparation"),
        (2018, dt.date(2019, 6, 12), Status.OK, "année en cours"),
        (2018, dt.date(2019, 9, 20), Status.WARNING, "année précédente"),
        (2019, dt.date(2019, 3, 1), Status.ERROR, "pas encore ouverte"),
        (2020, dt.date(2019, 9, 10), Status.ERROR, "pas encore ouverte"),
        (2017, dt.date(2019, 9, 10), Status.ERROR, "n'est plus ouverte"),
        (2018, dt.date(2020, 1, 5), Status.ERROR, "n'est plus ouverte"),
    ],
)
def test_year_status(year: int, today: dt.date, status: Status, words: str) -> None:
    found, reason = year_status(year, today)
    assert found is status
    assert words in reason


def test_closed_year_is_an_error(school: TinySchool, diagnose: Diagnose) -> None:
    checklist = diagnose(school, today=dt.date(2021, 10, 1))
    found = line(checklist, "ANNEE_OUVERTE")
    assert found.status is Status.ERROR
    assert "2019-2020" in found.reason and "2021-2022" in found.reason
    assert checklist.exit_code == 1
    assert line(diagnose(school), "ANNEE_OUVERTE").status is Status.OK


# --- exports provided ----------------------------------------------------------------------------


def test_missing_export_is_a_warning(school: TinySchool, diagnose: Diagnose) -> None:
    checklist = diagnose(school, kinds=["nomenclature", "structures", "eleves"])
    found = line(checklist, "EXPORTS_FOURNIS")
    assert found.status is Status.WARNING
    assert "Manque : Communs" in found.reason
    assert "exportez Communs" in found.action
    communs = [c for c in checklist.checkpoints if c.step == "communs"]
    assert len(communs) == 1 and communs[0].status is Status.WARNING
    assert "Faute d'export Communs" in communs[0].reason
    assert checklist.exit_code == 0
    assert line(diagnose(school), "EXPORTS_FOURNIS").status is Status.OK


def test_without_eleves_the_pupils_step_is_left_out(school: TinySchool, diagnose: Diagnose) -> None:
    checklist = diagnose(school, kinds=["nomenclature", "structures", "communs"])
    assert not [c for c in checklist.checkpoints if c.step == "eleves"]
    found = line(checklist, "EXPORTS_FOURNIS")
    assert found.status is Status.OK
    assert "Sans export Élèves" in found.reason


# --- export dates --------------------------------------------------------------------------------


def _date_lines(checklist: Checklist) -> dict[str, tuple[Status, str]]:
    return {
        c.label: (c.status, c.reason) for c in checklist.checkpoints if c.rule == "DATES_EXPORT"
    }


def test_each_file_has_its_export_date(school: TinySchool, diagnose: Diagnose) -> None:
    lines = _date_lines(diagnose(school))
    assert list(lines) == [
        "Export Nomenclature (Nomenclature.xml)",
        "Export Structures (Structures.xml)",
        "Export Communs (Communs.xml)",
        "Export Élèves (ElevesSansAdresses.xml)",
    ]
    assert all(status is Status.OK for status, _ in lines.values())
    assert "exporté le 05/09/2019 à 10:00:00" in lines["Export Communs (Communs.xml)"][1]


def test_structures_older_than_nomenclature(school: TinySchool, diagnose: Diagnose) -> None:
    school.headers["structures"] = (school.uai, school.year, "01/09/2019 09:00:00")
    status, reason = _date_lines(diagnose(school))["Export Structures (Structures.xml)"]
    assert status is Status.WARNING
    assert "avant l'export Nomenclature" in reason


def test_older_duplicate_is_not_used(school: TinySchool, tmp_path: Path) -> None:
    recent = school.write(tmp_path / "recent")
    school.headers["structures"] = (school.uai, school.year, "06/09/2019 08:00:00")
    school.divisions["6B"] = []
    newest = school.write(tmp_path / "newest", ["structures"])[0]
    for order in ([*recent, newest], [newest, *recent]):
        checklist = run_doctor(order, TODAY)
        used = [f.path for f in checklist.files if f.used and f.kind == "structures"]
        assert used == [newest]
        assert line(checklist, "DIVISION_MEF").status is Status.ERROR
        older = [
            c
            for c in checklist.checkpoints
            if c.rule == "DATES_EXPORT" and c.status is Status.WARNING
        ]
        assert len(older) == 1 and "est plus récent" in older[0].reason


def test_import_file_is_ignored(school: TinySchool, diagnose: Diagnose, tmp_path: Path) -> None:
    from siecle_sdk.tools.synthetic import SyntheticSchool

    fake = SyntheticSchool(3, seed=2, uai=school.uai)
    imported = fake.write_import(tmp_path / "import")
    checklist = diagnose(school, extra=[imported])
    found = [c for c in checklist.checkpoints if imported.name in c.label]
    assert len(found) == 1
    assert found[0].status is Status.WARNING
    assert "siecle check" in found[0].action
