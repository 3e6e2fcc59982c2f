"""Pupils and persons through the database: round trip, updates, INE return, bad data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import vendor_b_records as records
from siecle_sdk.errors import UnusableInput, VendorDataError
from siecle_sdk.models import import_eleves as im
from siecle_sdk.plugin.adapter import IneUpdate, School
from siecle_sdk.plugin.manager import get_manager

from siecle_vendor_b.reading import read_school
from siecle_vendor_b.writing import write_ine, write_school


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ecole.sqlite"
    write_school(path, records.school())
    return path


def _sql(path: Path, statement: str, *args: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(statement, args).fetchall()
    finally:
        conn.close()


def _pupil(path: Path, private_id: str) -> im.Eleve:
    return next(p for p in read_school(path).pupils if p.id_prv_ele == private_id)


# --- round trip ---------------------------------------------------------------------------


def test_every_field_survives_a_write_then_a_read(db: Path) -> None:
    back = read_school(db)
    assert (back.uai, back.school_year, back.software) == (records.UAI, "2024", "vendor_b")
    assert list(back.persons) == records.persons()
    assert list(back.pupils) == records.pupils()


def test_none_and_empty_stay_apart(db: Path) -> None:
    pupil = _pupil(db, "1")
    assert pupil.ine_rnie == "" and pupil.tel_professionnel is None and pupil.tel_portable == ""
    assert pupil.etablissement_an_dernier is not None
    assert pupil.etablissement_an_dernier.date_fin_sco == ""
    assert pupil.etablissement_an_dernier.code_departement is None
    sibling = _pupil(db, "2")
    assert sibling.bourses == [] and _pupil(db, "3").bourses is None
    assert sibling.scolarite_active is not None and sibling.scolarite_active.date_deb_sco == ""
    assert _pupil(db, "4").responsables_eleve == im.ResponsablesEleve()
    assert _pupil(db, "3").responsables_eleve is not None


def test_types_come_back_typed(db: Path) -> None:
    pupil = _pupil(db, "1")
    assert pupil.date_naiss == dt.date(2011, 2, 28)
    assert pupil.accepte_sms is True and pupil.doublement is False
    assert pupil.bourses is not None and pupil.bourses[0].nb_part == 3
    assert pupil.scolarite_active is not None
    assert [o.code_matiere for o in pupil.scolarite_active.options] == [
        "030602",
        "030201",
        "020300",
    ]


def test_the_database_keeps_iso_dates_and_01_flags(db: Path) -> None:
    assert _sql(db, "SELECT birth_date, school_transport, repeating FROM pupil WHERE id = 1") == [
        ("2011-02-28", 1, 0)
    ]
    assert _sql(db, "SELECT accepts_sms FROM person WHERE id_prv_per = '2'") == [(None,)]


def test_siblings_addresses_and_links_are_rows(db: Path) -> None:
    rows = _sql(
        db,
        "SELECT role, position, p.id_prv_per FROM pupil_person pp "
        "JOIN person p ON p.id = pp.person_id JOIN pupil e ON e.id = pp.pupil_id "
        "WHERE e.id_prv_ele = '1' ORDER BY role, position",
    )
    assert rows == [
        ("CONTACT", 1, "4"),
        ("LEGAL", 1, "1"),
        ("LEGAL", 2, "2"),
        ("PERSONNE_EN_CHARGE", 1, "3"),
    ]


def test_the_adapter_is_found_through_its_entry_point(db: Path) -> None:
    adapter = get_manager().adapter("vendor_b")
    assert adapter.read_school(db).uai == records.UAI


# --- second write ---------------------------------------------------------------------------


def test_second_write_updates_in_place_and_adds(db: Path) -> None:
    pupils = records.pupils()
    renamed = pupils[0].model_copy(update={"prenom": "Zoé-Éléonore", "id_prv_ele": "101"})
    newcomer = pupils[2].model_copy(update={"id_prv_ele": "9", "prenom": "Nouveau"})
    moved = records.persons()[0].model_copy(update={"adresse": records.abroad()})
    school = School(
        uai=records.UAI,
        school_year="2025",
        persons=[moved],
        pupils=[renamed, newcomer],
    )

    report = write_school(db, school)

    back = read_school(db)
    assert back.school_year == "2025" and back.software == "vendor_b"
    by_id = {p.id_prv_ele: p for p in back.pupils}
    assert sorted(by_id) == ["101", "2", "3", "4", "9"]
    assert by_id["101"] == renamed
    assert by_id["9"] == newcomer
    assert by_id["2"] == pupils[1]
    assert {p.id_prv_per: p for p in back.persons}["1"] == moved
    assert len(back.persons) == 4
    assert report.counts == {"personnes": 1, "eleves": 2, "liens": 6}
    assert any("1 ajouté(s), 1 mis à jour" in note for note in report.notes)


def test_a_shared_address_is_never_changed_in_place(db: Path) -> None:
    """The sibling and the mother share a row: moving the sibling leaves the mother's row."""
    (own,) = _sql(db, "SELECT address_id FROM pupil WHERE id_prv_ele = '2'")
    _sql(
        db,
        "UPDATE pupil SET address_id = (SELECT address_id FROM person WHERE id_prv_per = '1') "
        "WHERE id_prv_ele = '2'",
    )
    _sql(db, "DELETE FROM address WHERE id = ?", own[0])
    sibling = records.pupils()[1]
    write_school(
        db,
        School(records.UAI, "2024", [], [sibling.model_copy(update={"adresse": records.abroad()})]),
    )
    back = read_school(db)
    mother = {p.id_prv_per: p for p in back.persons}["1"]
    assert mother.adresse == records.paris()
    assert _pupil(db, "2").adresse == records.abroad()
    orphans = _sql(
        db,
        "SELECT count(*) FROM address WHERE id NOT IN (SELECT address_id FROM person "
        "WHERE address_id IS NOT NULL UNION SELECT address_id FROM pupil "
        "WHERE address_id IS NOT NULL)",
    )
    assert orphans == [(0,)]


def test_pupils_are_matched_on_eleve_id_first(db: Path) -> None:
    pupil = records.full_pupil().model_copy(update={"id_prv_ele": "55"})
    write_school(db, School(records.UAI, "2024", [], [pupil]))
    ids = sorted(p.id_prv_ele for p in read_school(db).pupils)
    assert ids == ["2", "3", "4", "55"]


def test_another_school_is_refused(db: Path) -> None:
    before = records.dump(db)
    with pytest.raises(UnusableInput, match="établissement 0311234Y"):
        write_school(db, School("0755002E", "2024", [], records.pupils()))
    assert records.dump(db) == before


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"adhesion_transport": ""}, "ADHESION_TRANSPORT est vide"),
        ({"bourses": [im.Bourse(code_bourse="8", nb_part="")]}, "NB_PART est vide"),
        (
            {
                "responsables_eleve": im.ResponsablesEleve(
                    legal=[im.Lien(id_prv_per="77", code_parente="10")]
                )
            },
            "ID_PRV_PER=77",
        ),
        (
            {
                "scolarite_active": im.ScolariteActive(
                    code_mef="1", code_division="", code_statut="ST", date_deb_sco=""
                )
            },
            "CODE_DIVISION est vide",
        ),
    ],
)
def test_values_the_database_cannot_keep_are_refused(
    db: Path, change: dict[str, object], needle: str
) -> None:
    before = records.dump(db)
    pupil = records.full_pupil().model_copy(update=change)
    with pytest.raises(VendorDataError) as caught:
        write_school(db, School(records.UAI, "2024", [], [pupil]))
    assert needle in caught.value.message
    assert "ID_PRV_ELE=1 (DUPONT Zoé)" in caught.value.message
    assert records.dump(db) == before


def test_duplicate_ids_in_one_write_are_refused(db: Path) -> None:
    twice = [records.full_pupil(), records.full_pupil().model_copy(update={"eleve_id": None})]
    with pytest.raises(VendorDataError, match="ID_PRV_ELE"):
        write_school(db, School(records.UAI, "2024", [], twice))


# --- INE return -----------------------------------------------------------------------------


def test_ine_return_changes_ine_only(db: Path) -> None:
    before = read_school(db)
    updates = [
        IneUpdate(eleve_id="5002", id_prv_ele=None, id_national="123456702EJ", nom="DUPONT"),
        IneUpdate(eleve_id=None, id_prv_ele="1", id_national="123456701EK", ine_bea=None),
        IneUpdate(eleve_id=None, id_prv_ele="003", id_national=None, ine_rnie="123456703EH"),
        IneUpdate(eleve_id="1", id_prv_ele="99", id_national="123456704EG", nom="INCONNU"),
    ]

    report = write_ine(db, updates)

    assert report.updated == [updates[0].label, updates[2].label]
    assert report.unchanged == [updates[1].label]
    assert report.not_found == [updates[3].label]
    after = {p.id_prv_ele: p for p in read_school(db).pupils}
    expected = {p.id_prv_ele: p for p in before.pupils}
    expected["2"] = expected["2"].model_copy(update={"id_national": "123456702EJ"})
    expected["3"] = expected["3"].model_copy(update={"ine_rnie": "123456703EH"})
    assert after == expected
    assert list(read_school(db).persons) == list(before.persons)
    stamps = dict(_sql(db, "SELECT id_prv_ele, ine_updated_at FROM pupil"))
    assert stamps["1"] is None and stamps["4"] is None
    assert isinstance(stamps["2"], str) and stamps["2"].startswith(str(dt.date.today().year))


def test_a_blank_ine_never_erases_a_stored_one(db: Path) -> None:
    report = write_ine(db, [IneUpdate(eleve_id="5001", id_prv_ele="1", id_national="")])
    assert len(report.unchanged) == 1
    assert _pupil(db, "1").id_national == "123456701EK"


def test_ine_return_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="introuvable"):
        write_ine(tmp_path / "absente.sqlite", [])


# --- bad data in the database ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "needle"),
    [
        (
            "UPDATE pupil SET birth_date = '28/02/2011' WHERE id_prv_ele = '1'",
            "élève ID_PRV_ELE=1 (DUPONT Zoé)",
        ),
        ("UPDATE pupil SET entry_date = '2022-02-30' WHERE id_prv_ele = '1'", "DATE_ENTREE"),
        ("UPDATE pupil SET repeating = 2 WHERE id_prv_ele = '3'", "LEBŒUF Aurélien"),
        ("UPDATE person SET dependent_children = -1 WHERE id_prv_per = '1'", "ID_PRV_PER=1"),
        (
            "UPDATE pupil_person SET role = 'TUTEUR' WHERE relationship_code = '41'",
            "ID_PRV_PER=3 (GARÇON Maëlle)",
        ),
        ("UPDATE enrolment SET start_date = '2024-9-2'", "DATE_DEB_SCO"),
    ],
)
def test_bad_rows_are_refused_naming_the_record(db: Path, statement: str, needle: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    with conn:
        conn.execute(statement)
    conn.close()
    with pytest.raises(VendorDataError) as caught:
        read_school(db)
    assert needle in caught.value.message
    assert "ecole.sqlite" in caught.value.message


def test_unknown_role_names_pupil_and_person(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    with conn:
        conn.execute("UPDATE pupil_person SET role = 'TUTEUR' WHERE relationship_code = '90'")
    conn.close()
    with pytest.raises(VendorDataError) as caught:
        read_school(db)
    message = caught.value.message
    assert "ID_PRV_ELE=1 (DUPONT Zoé)" in message
    assert "ID_PRV_PER=4 (LEBŒUF Noël)" in message and "« TUTEUR »" in message


def test_a_pupil_without_legal_representative_is_read(db: Path) -> None:
    _sql(db, "DELETE FROM pupil_person WHERE role = 'LEGAL'")
    pupil = _pupil(db, "1")
    assert pupil.responsables_eleve is not None and pupil.responsables_eleve.legal == []


def test_a_database_without_school_says_so(tmp_path: Path) -> None:
    path = tmp_path / "vide.sqlite"
    path.touch()
    with pytest.raises(UnusableInput, match="aucun établissement"):
        read_school(path)


def test_a_number_of_another_pupil_is_refused_by_the_sdk_matching(db: Path) -> None:
    stored = next(p for p in read_school(db).pupils if p.eleve_id)
    before = records.dump(db)
    other = stored.model_copy(update={"eleve_id": "99999999"})
    with pytest.raises(VendorDataError, match=r"N° SIECLE .* et non 99999999"):
        write_school(db, School(records.UAI, "2024", [], [other]))
    assert records.dump(db) == before
