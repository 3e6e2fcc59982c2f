"""Writing then reading a school gives back every field; later writes update in place."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from siecle_sdk.errors import UnusableInput, VendorDataError
from siecle_sdk.models.import_eleves import Eleve, Lien, Personne, ResponsablesEleve
from siecle_sdk.plugin.adapter import IneUpdate, School
from siecle_sdk.plugin.manager import Adapter
from vendor_a_school import by_id, make_school

from siecle_vendor_a import layout as L
from siecle_vendor_a.transaction import LOCK


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_every_field_round_trips(adapter: Adapter, school: School, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder"
    report = adapter.write_school(target, school)
    assert report.counts == {"eleves": 4, "personnes": 3, "liens": 7}
    back = adapter.read_school(target)
    assert (back.uai, back.school_year, back.software) == ("0750680G", "2024", "ÉCOLE+")
    assert by_id(back.pupils) == by_id(school.pupils)
    assert by_id(back.persons) == by_id(school.persons)
    assert sorted(p.name for p in target.iterdir()) == sorted([LOCK, *(t.name for t in L.FILES)])


def test_empty_and_absent_are_kept_apart(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    pupils = by_id(adapter.read_school(tmp_path).pupils)
    blanks, minimal, leaver = pupils["104"], pupils["102"], pupils["103"]
    assert isinstance(blanks, Eleve) and isinstance(minimal, Eleve) and isinstance(leaver, Eleve)
    assert blanks.date_naiss == "" and blanks.doublement == "" and blanks.code_regime == ""
    assert blanks.scolarite_active is not None and blanks.scolarite_active.code_mef == ""
    assert blanks.bourses is not None and blanks.bourses[0].nb_part == ""
    assert minimal.bourses is None and leaver.bourses == []
    assert minimal.responsables_eleve is None and minimal.scolarite_active is None
    assert minimal.adresse is None and minimal.accepte_sms is None
    assert leaver.etablissement_an_dernier is not None
    assert leaver.etablissement_an_dernier.code_provenance == ""
    assert leaver.is_leaver and not minimal.is_leaver


def test_option_order_is_the_rank(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    path = tmp_path / L.OPTIONS.name
    text = path.read_bytes().decode(L.ENCODING).split("\r\n")
    header, rows = text[0], [r for r in text[1:] if r]
    path.write_bytes("\r\n".join([header, *reversed(rows), ""]).encode(L.ENCODING))
    back = by_id(adapter.read_school(tmp_path).pupils)
    assert back == by_id(school.pupils)


def test_second_write_updates_in_place(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    pupils = list(school.pupils)
    renamed = pupils[0].model_copy(update={"prenom": "Zoé", "id_prv_ele": "201"})
    by_number = pupils[1].model_copy(update={"code_regime": "3", "eleve_id": "5002"})
    newcomer = pupils[1].model_copy(update={"id_prv_ele": "300", "prenom": "Nouveau"})
    second = School("0750680G", "2025", persons=[], pupils=[renamed, by_number, newcomer])
    report = adapter.write_school(tmp_path, second)
    assert report.counts["eleves"] == 3
    assert "1 élève(s) ajouté(s), 2 mis à jour" in report.notes[0]
    back = adapter.read_school(tmp_path)
    assert back.school_year == "2025" and back.software == "ÉCOLE+"
    assert [p.id_prv_ele for p in back.pupils] == ["201", "102", "103", "104", "300"]
    assert by_id(back.pupils) == by_id([renamed, by_number, pupils[2], pupils[3], newcomer])
    assert by_id(back.persons) == by_id(school.persons)


def test_a_renumbered_person_keeps_the_links_of_other_pupils(
    adapter: Adapter, school: School, tmp_path: Path
) -> None:
    adapter.write_school(tmp_path, school)
    helene = next(p for p in school.persons if p.id_prv_per == "1")
    moved = helene.model_copy(update={"id_prv_per": "11"})
    report = adapter.write_school(tmp_path, School("0750680G", "2024", [moved], []))
    assert "renumérotée" in report.notes[-1]
    back = by_id(adapter.read_school(tmp_path).pupils)
    leaver = back["103"]
    assert isinstance(leaver, Eleve) and leaver.responsables_eleve is not None
    assert leaver.responsables_eleve.legal[0].id_prv_per == "11"
    blanks = back["104"]
    assert isinstance(blanks, Eleve) and blanks.responsables_eleve is not None
    assert blanks.responsables_eleve.legal2 is not None
    assert blanks.responsables_eleve.legal2.id_prv_per == "11"


def test_a_number_taken_by_another_pupil_is_refused(
    adapter: Adapter, school: School, tmp_path: Path
) -> None:
    adapter.write_school(tmp_path, school)
    before = _snapshot(tmp_path)
    other = next(iter(school.pupils)).model_copy(update={"eleve_id": "7777"})
    with pytest.raises(VendorDataError, match=r"élève ID_PRV_ELE=101 .*N° SIECLE 5001 et non 7777"):
        adapter.write_school(tmp_path, School("0750680G", "2024", [], [other]))
    assert _snapshot(tmp_path) == before


def test_twice_the_same_pupil_is_refused(adapter: Adapter, school: School, tmp_path: Path) -> None:
    pupil = list(school.pupils)[1]
    with pytest.raises(VendorDataError, match="deux fois"):
        adapter.write_school(tmp_path, School("0750680G", "2024", [], [pupil, pupil]))


def test_another_school_is_refused(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    with pytest.raises(UnusableInput, match="0753840W"):
        adapter.write_school(tmp_path, dataclasses.replace(school, uai="0753840W"))


def test_ine_return_changes_only_ine(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    before = _snapshot(tmp_path)
    updates = [
        IneUpdate(eleve_id=None, id_prv_ele="102", id_national="097100000AB", nom="N'DIAYE"),
        IneUpdate(eleve_id="5001", id_prv_ele=None, id_national=None, ine_bea=None),
        IneUpdate(eleve_id="5003", id_prv_ele="999", id_national=None, ine_rnie="123456789AB"),
        IneUpdate(eleve_id="8888", id_prv_ele="101", id_national="1", nom="AUTRE"),
        IneUpdate(eleve_id=None, id_prv_ele="404", id_national="1", nom="INCONNU"),
    ]
    report = adapter.write_ine(tmp_path, updates)
    assert len(report.updated) == 2 and len(report.unchanged) == 1
    assert len(report.not_found) == 2
    assert "AUTRE" in report.not_found[0] and "INCONNU" in report.not_found[1]
    after = _snapshot(tmp_path)
    assert {name for name in before if before[name] != after[name]} == {L.ELEVES.name}
    back = by_id(adapter.read_school(tmp_path).pupils)
    original = by_id(school.pupils)
    for key, pupil in original.items():
        assert isinstance(pupil, Eleve)
        changes = {
            "102": {"id_national": "097100000AB"},
            "103": {"ine_rnie": "123456789AB"},
        }.get(key, {})
        assert back[key] == pupil.model_copy(update=changes)


def test_ine_return_without_data_is_refused(adapter: Adapter, tmp_path: Path) -> None:
    with pytest.raises(VendorDataError, match="aucune donnée"):
        adapter.write_ine(tmp_path / "absent", [])


def test_ine_return_with_nothing_new_rewrites_nothing(
    adapter: Adapter, school: School, tmp_path: Path
) -> None:
    adapter.write_school(tmp_path, school)
    mtime = (tmp_path / L.ELEVES.name).stat().st_mtime_ns
    report = adapter.write_ine(tmp_path, [IneUpdate("5001", "101", "1234567890A")])
    assert report.unchanged and not report.updated
    assert (tmp_path / L.ELEVES.name).stat().st_mtime_ns == mtime


_CP1252_TEXT = st.text(
    alphabet=st.characters(codec="cp1252", exclude_characters="\x00", exclude_categories=("Cs",)),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(_CP1252_TEXT, min_size=4, max_size=4), day=st.dates(dt.date(1900, 1, 1)))
def test_any_windows_1252_text_round_trips(
    adapter: Adapter, tmp_path_factory: pytest.TempPathFactory, names: list[str], day: dt.date
) -> None:
    target = tmp_path_factory.mktemp("hyp")
    school = make_school()
    pupil = next(iter(school.pupils)).model_copy(
        update={
            "nom_de_famille": names[0],
            "prenom2": names[1],
            "ville_naiss": names[2],
            "date_naiss": day,
        }
    )
    person = next(iter(school.persons)).model_copy(update={"email": names[3]})
    pupils = [pupil, *list(school.pupils)[1:]]
    persons = [person, *list(school.persons)[1:]]
    adapter.write_school(target, dataclasses.replace(school, pupils=pupils, persons=persons))
    back = adapter.read_school(target)
    assert by_id(back.pupils) == by_id(pupils)
    assert by_id(back.persons) == by_id(persons)


def test_schema_20_links_round_trip(adapter: Adapter, tmp_path: Path) -> None:
    person = Personne(
        id_prv_per="1", code_civilite="1", nom_de_famille="A", prenom="B", code_profession="10"
    )
    pupil = Eleve(
        id_prv_ele="1",
        nom_de_famille="A",
        prenom="C",
        date_naiss=dt.date(2012, 1, 1),
        code_pays="100",
        adhesion_transport=False,
        code_regime="2",
        doublement=False,
        responsables_eleve=ResponsablesEleve(legal1=Lien(id_prv_per="1", code_parente="1")),
    )
    adapter.write_school(tmp_path, School("0750680G", "2012", [person], [pupil]))
    back = adapter.read_school(tmp_path)
    assert list(back.pupils) == [pupil]
    assert back.software is None


def test_columns_may_come_in_any_order(adapter: Adapter, school: School, tmp_path: Path) -> None:
    adapter.write_school(tmp_path, school)
    path = tmp_path / L.PERSONNES.name
    with open(path, encoding=L.ENCODING, newline="") as handle:
        rows = list(csv.reader(handle, delimiter=L.DELIMITER))
    with open(path, "w", encoding=L.ENCODING, newline="") as handle:
        csv.writer(handle, delimiter=L.DELIMITER).writerows([row[::-1] for row in rows])
    assert by_id(adapter.read_school(tmp_path).persons) == by_id(school.persons)
