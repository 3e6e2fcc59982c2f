"""Opening and migrating the database: from nothing, from version 1, and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import vendor_b_records as records
from siecle_sdk.errors import UnusableInput

from siecle_vendor_b import schema
from siecle_vendor_b.reading import read_school
from siecle_vendor_b.schema import LATEST, SchemaTooNew, connect, migrate, open_database
from siecle_vendor_b.writing import write_school


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_there_are_at_least_two_migrations() -> None:
    assert LATEST == len(schema.MIGRATIONS) >= 2


def test_empty_file_gets_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "ecole.sqlite"
    path.touch()
    conn = open_database(path, create=False)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {
            "school",
            "pupil",
            "person",
            "address",
            "pupil_person",
            "class",
            "class_mef",
            "group_division",
            "enrolment",
            "pupil_option",
            "grant",
            "previous_school",
            "mef",
            "subject",
            "programme",
            "compulsory_option",
            "code_list",
        } <= tables
        assert "ine_updated_at" in _columns(conn, "pupil")
    finally:
        conn.close()


def test_missing_database_is_created_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "ecole.sqlite"
    write_school(path, records.school())
    assert path.is_file()
    assert _pragma(path, "user_version") == LATEST


def test_reading_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absente.sqlite"
    with pytest.raises(UnusableInput, match="introuvable"):
        read_school(path)
    assert not path.exists()


def test_version_1_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "ancienne.sqlite"
    conn = connect(path)
    migrate(conn, path, target=1)
    assert "ine_updated_at" not in _columns(conn, "pupil")
    conn.executescript(
        """
        BEGIN;
        INSERT INTO school (id, uai, school_year) VALUES (1, '0311234Y', '2023');
        INSERT INTO person (id, id_prv_per, civility_code, family_name, first_name,
                            profession_code) VALUES (1, '7', '2', 'ÉTIENNE', 'Léonie', '99');
        INSERT INTO pupil (id, id_prv_ele, ine, family_name, first_name, birth_date,
                           birth_country_code, school_transport, regime_code, repeating)
            VALUES (1, '12', '123456701EK', 'ÉTIENNE', 'Noé', '2012-05-06', '100', 0, '2', 0);
        INSERT INTO pupil_person (pupil_id, person_id, role, position, relationship_code,
                                  hosts_pupil) VALUES (1, 1, 'LEGAL', 1, '10', 1);
        COMMIT;
        """
    )
    conn.close()

    school = read_school(path)

    assert _pragma(path, "user_version") == LATEST
    (pupil,) = school.pupils
    assert (pupil.id_prv_ele, pupil.prenom, pupil.id_national) == ("12", "Noé", "123456701EK")
    assert pupil.responsables_eleve is not None
    assert pupil.responsables_eleve.legal[0].id_prv_per == "7"
    assert [p.prenom for p in school.persons] == ["Léonie"]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT ine_updated_at FROM pupil").fetchall() == [(None,)]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "pupil_person_person" in indexes
    finally:
        conn.close()


def test_a_failing_migration_leaves_the_database_at_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ancienne.sqlite"
    conn = connect(path)
    migrate(conn, path, target=1)
    conn.close()
    broken = (schema.MIGRATIONS[1][0], "CREATE TABLE pupil (id INTEGER)")
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))

    with pytest.raises(sqlite3.OperationalError):
        open_database(path, create=False)

    assert _pragma(path, "user_version") == 1
    conn = sqlite3.connect(path)
    try:
        assert "ine_updated_at" not in _columns(conn, "pupil")
    finally:
        conn.close()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    write_school(path, records.school())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = path.read_bytes()

    with pytest.raises(SchemaTooNew) as caught:
        read_school(path)
    with pytest.raises(SchemaTooNew):
        write_school(path, records.school())

    message = caught.value.message
    assert f"format {LATEST + 1}" in message and "plus récent" in message
    assert "mettez à jour" in message
    assert path.read_bytes() == before


def test_another_products_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE eleves (nom TEXT)")
    conn.close()
    with pytest.raises(UnusableInput, match="pas une base du logiciel vendor_b"):
        write_school(path, records.school())


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "eleves.csv"
    path.write_text("nom;prénom\n" * 200, encoding="utf-8")
    with pytest.raises(UnusableInput, match="n'est pas une base SQLite"):
        read_school(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="est un dossier"):
        read_school(tmp_path)
