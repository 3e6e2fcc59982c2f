"""The history is never taken over, and a damaged one is refused by name; each send its second.

A SQLite file that is not a ledger (another program's database) is refused before anything is
written to it; a ledger whose rows or pages were damaged is refused with its path (exit 2, never
3), by ``history`` and by ``check`` after its report; two sends of a school never get the same
second, hence the same deposit name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.exchange.ledger import APPLICATION_ID, Entry, Ledger, LedgerError
from siecle_sdk.tools.synthetic import SyntheticSchool

UAI = "0750680G"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(path: Path, *, app_id: int = 0) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)")
    connection.execute("INSERT INTO clients (nom) VALUES ('Dupont')")
    if app_id:
        connection.execute(f"PRAGMA application_id = {app_id}")
    connection.commit()
    connection.close()
    return path


@pytest.fixture
def import_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("import")
    return SyntheticSchool(pupils=15, seed=21).write_import(folder)


@pytest.mark.parametrize("app_id", [0, 0x12345678], ids=["user_version-0", "other-app"])
@pytest.mark.parametrize("command", ["history", "check", "history --changer-logiciel"])
def test_another_programs_database_is_never_taken_over(
    tmp_path: Path,
    run_cli: Callable[..., Any],
    import_file: Path,
    app_id: int,
    command: str,
) -> None:
    path = _foreign(tmp_path / "clients.sqlite", app_id=app_id)
    before = _digest(path)
    args: list[Any] = {
        "history": ["history", "--ledger", path],
        "check": ["check", import_file, "--ledger", path],
        "history --changer-logiciel": [
            "history",
            "--ledger",
            path,
            "--changer-logiciel",
            UAI,
            "AUTRE",
        ],
    }[command]
    result = run_cli(*args)
    assert result.code == 2, result
    assert "pas un historique des échanges de siecle-sdk" in result.err
    assert str(path) in result.err
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.sqlite"]  # no -wal, no -shm


def test_a_new_ledger_is_marked_as_one(tmp_path: Path) -> None:
    path = tmp_path / "historique.sqlite"
    with Ledger(path) as ledger:
        ledger.record(Entry("check", "x.xml", UAI, "2019"))
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    connection.close()


def test_a_ledger_of_an_earlier_release_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "historique.sqlite"
    with Ledger(path) as ledger:
        ledger.record(Entry("check", "x.xml", UAI, "2019"))
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 0")  # as written before the mark existed
    connection.commit()
    connection.close()
    with Ledger(path) as ledger:
        assert [e.file_name for e in ledger.entries()] == ["x.xml"]


def _ledger_with_rows(path: Path) -> None:
    with Ledger(path) as ledger:
        for number in range(3):
            ledger.record(Entry("check", f"f{number}.xml", UAI, "2019", eleves=10))


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("findings", "{pas du json", "findings"),
        ("findings", '{"1": "beaucoup"}', "findings"),
        ("findings", "[1, 2]", "findings"),
        ("eleves", "douze", "eleves"),
        ("at", b"\x00\x01", "at"),
        ("uai", None, "uai"),
    ],
)
def test_a_damaged_row_is_refused_by_name(
    tmp_path: Path, run_cli: Callable[..., Any], column: str, value: object, said: str
) -> None:
    path = tmp_path / "historique.sqlite"
    _ledger_with_rows(path)
    connection = sqlite3.connect(path)
    if value is None:  # a NOT NULL column: rebuild the row without its constraint
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'uai TEXT NOT NULL', 'uai TEXT') "
            "WHERE name = 'entries'"
        )
        connection.execute("PRAGMA writable_schema = OFF")
        connection.commit()
        connection.close()
        connection = sqlite3.connect(path)
    connection.execute(f"UPDATE entries SET {column} = ? WHERE id = 2", (value,))
    connection.commit()
    connection.close()
    result = run_cli("history", "--ledger", path)
    assert result.code == 2, result
    assert "endommagé" in result.err and "ligne n° 2" in result.err and said in result.err
    assert str(path) in result.err
    assert "Traceback" not in result.err and "Erreur inattendue" not in result.err


def _scrambled(path: Path) -> Path:
    """A ledger of 400 lines whose pages, all but the schema's, are scrambled."""
    with Ledger(path) as ledger:
        for number in range(400):
            ledger.record(Entry("check", f"fichier-{number:04d}.xml" * 4, UAI, "2019"))
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode = DELETE")
    page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 8 * page
    data[page:] = b"\xa5" * (len(data) - page)
    path.write_bytes(bytes(data))
    return path


def test_a_malformed_page_is_refused(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    path = _scrambled(tmp_path / "historique.sqlite")
    result = run_cli("history", "--ledger", path)
    assert result.code == 2, result
    assert "endommagé" in result.err and str(path) in result.err
    assert "Erreur inattendue" not in result.err


def test_check_reports_then_refuses_a_damaged_ledger(
    tmp_path: Path, run_cli: Callable[..., Any], import_file: Path
) -> None:
    path = _scrambled(tmp_path / "historique.sqlite")
    result = run_cli("check", import_file, "--ledger", path)
    assert "élèves lus" in result.out, result
    assert result.code == 2, result
    assert "endommagé" in result.err and str(path) in result.err
    assert "Erreur inattendue" not in result.err


# --- each send its second --------------------------------------------------------------------


def test_two_sends_in_one_second_get_two_seconds(
    tmp_path: Path, stopped_clock: list[dt.datetime]
) -> None:
    with Ledger(tmp_path / "historique.sqlite") as ledger:
        first = ledger.reserve_deposit(UAI, "2019", "LOGICIEL")
        second = ledger.reserve_deposit(UAI, "2019", "LOGICIEL")
        other_school = ledger.reserve_deposit("0590181B", "2019", "LOGICIEL")
    assert (first[0], second[0]) == (1, 2)
    assert second[1] - first[1] == dt.timedelta(seconds=1)
    assert other_school[1] == second[1]  # another school's name differs by its UAI
    assert first[1].microsecond == 0


def test_a_deposit_name_already_taken_is_never_replaced(
    tmp_path: Path, stopped_clock: list[dt.datetime]
) -> None:
    from siecle_sdk.errors import UnusableInput
    from siecle_sdk.exchange.packaging import build_package, deposit_name
    from siecle_sdk.testing import synthetic_school

    school = synthetic_school(pupils=5, seed=3)
    when = dt.datetime(2019, 9, 5, 14, 30, 12)
    taken = tmp_path / f"{deposit_name(school.uai, school.school_year, when)}.zip"
    taken.write_bytes(b"un autre envoi")
    with pytest.raises(UnusableInput, match="existe déjà"):
        build_package(school, tmp_path, software="X", send_number=3, when=when)
    assert taken.read_bytes() == b"un autre envoi"
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name]


def test_a_ledger_error_is_a_french_message(tmp_path: Path) -> None:
    path = tmp_path / "historique.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    with pytest.raises(LedgerError) as caught, Ledger(path) as ledger:
        ledger.entries()
    assert str(path) in caught.value.message
