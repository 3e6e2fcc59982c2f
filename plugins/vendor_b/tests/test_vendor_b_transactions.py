"""Every write is one transaction: an error half-way leaves the database as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import vendor_b_records as records
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.plugin.adapter import IneUpdate, School

from siecle_vendor_b import reference, writing
from siecle_vendor_b.reading import read_school
from siecle_vendor_b.writing import write_ine, write_school

SAMPLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "siecle-samples"


class Crash(Exception):
    """Stands for a crash in the middle of a write."""


def _fail_on_call(target: Callable[..., Any], n: int) -> Callable[..., Any]:
    """``target``, raising :class:`Crash` on its ``n``-th call (after ``n - 1`` good calls)."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            raise Crash(f"panne simulée à l'appel {n}")
        return target(*args, **kwargs)

    return wrapper


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ecole.sqlite"
    write_school(path, records.school())
    return path


def _second_school() -> School:
    pupils = [
        p.model_copy(update={"prenom": p.prenom + " modifié", "code_regime": "3"})
        for p in records.pupils()
    ]
    newcomer = records.full_pupil().model_copy(
        update={"id_prv_ele": "50", "eleve_id": None, "id_national": None}
    )
    return School(records.UAI, "2025", records.persons(), [*pupils, newcomer])


@pytest.mark.parametrize("exception", [Crash, KeyboardInterrupt])
def test_school_write_failing_half_way_changes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch, exception: type[BaseException]
) -> None:
    before = records.dump(db)
    school_before = read_school(db)
    real = writing._SchoolWriter._grants
    calls = 0

    def grants(self: Any, *args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # two pupils already rewritten, their links replaced
            raise exception("panne simulée")
        real(self, *args)

    monkeypatch.setattr(writing._SchoolWriter, "_grants", grants)
    with pytest.raises(exception):
        write_school(db, _second_school())

    assert calls == 3
    assert records.dump(db) == before
    after = read_school(db)
    assert after.school_year == school_before.school_year
    assert list(after.pupils) == list(school_before.pupils)


def test_first_write_failing_leaves_no_pupil(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ecole.sqlite"
    monkeypatch.setattr(writing, "insert", _fail_on_call(writing.insert, 12))
    with pytest.raises(Crash):
        write_school(path, records.school())
    conn = sqlite3.connect(path)
    try:
        for table in ("school", "person", "pupil", "address", "pupil_person"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    finally:
        conn.close()


def test_ine_return_failing_half_way_changes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = records.dump(db)
    monkeypatch.setattr(writing, "update", _fail_on_call(writing.update, 2))
    updates = [
        IneUpdate(eleve_id="5002", id_prv_ele="2", id_national="123456702EJ"),
        IneUpdate(eleve_id=None, id_prv_ele="3", id_national="123456703EH"),
    ]
    with pytest.raises(Crash):
        write_ine(db, updates)
    assert records.dump(db) == before


def test_nomenclature_write_failing_half_way_changes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nomenclature = Nomenclature.load(SAMPLES / "Nomenclature-0750680G-2019.xml")
    reference.write_nomenclature(db, nomenclature)
    before = records.dump(db)
    smaller = nomenclature.model_copy(
        update={"mefs": nomenclature.mefs[:2], "programmes": nomenclature.programmes[:3]}
    )
    monkeypatch.setattr(reference, "_code_row", _fail_on_call(reference._code_row, 5))
    with pytest.raises(Crash):
        reference.write_nomenclature(db, smaller)
    assert records.dump(db) == before


# --- a database held by another program -----------------------------------------------------
# (readers are never blocked: the database is in WAL mode)


@pytest.mark.parametrize("hook", ["write_school", "write_ine"])
def test_a_locked_database_is_a_french_error(
    db: Path, monkeypatch: pytest.MonkeyPatch, hook: str
) -> None:
    from siecle_sdk.errors import UnusableInput
    from siecle_sdk.plugin.manager import get_manager

    from siecle_vendor_b import schema

    monkeypatch.setattr(schema, "LOCK_TIMEOUT", 0.2)
    adapter = get_manager().adapter("vendor_b")
    before = db.read_bytes()
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(UnusableInput) as caught:
            if hook == "write_school":
                adapter.write_school(db, _second_school())
            else:
                adapter.write_ine(db, [IneUpdate(eleve_id=None, id_prv_ele="1", id_national="X")])
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = caught.value.message
    assert "occupée par un autre programme" in message and str(db) in message
    assert "database is locked" not in message and "OperationalError" not in message
    assert db.read_bytes() == before
