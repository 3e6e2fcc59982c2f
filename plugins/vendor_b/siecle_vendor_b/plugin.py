"""The hooks siecle-sdk calls: thin wrappers over :mod:`.reading`, :mod:`.writing` and
:mod:`.reference`. Registered under the entry-point name ``vendor_b``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.errors import UnusableInput, sqlite_environment
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.models.structures import Structures
from siecle_sdk.plugin.adapter import IneReport, IneUpdate, School, WriteReport

from . import reading, reference, schema, writing


@contextmanager
def _database(path: Path) -> Iterator[Path]:
    """SQLite's failures that are nobody's fault in the adapter (the database held by another
    program, a full or read-only disk) as French errors; the write was rolled back."""
    try:
        yield path
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise UnusableInput(
                f"La base {path} est occupée par un autre programme (le logiciel de "
                "l'établissement, ou une autre commande siecle) et l'est restée "
                f"{schema.LOCK_TIMEOUT:g} secondes : rien n'a été lu ni modifié. Attendez que ce "
                "programme ait fini (ou fermez-le), puis relancez."
            ) from None
        raise sqlite_environment(exc, path) or exc from None


@hookimpl
def siecle_read_school(source: Path) -> School:
    """The school stored in the database file ``source``."""
    with _database(Path(source)) as db:
        return reading.read_school(db)


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Add or update the school's persons and pupils in the database file ``target``."""
    with _database(Path(target)) as db:
        return writing.write_school(db, school)


@hookimpl
def siecle_write_nomenclature(target: Path, nomenclature: Nomenclature) -> WriteReport:
    """Store the profiled nomenclature in the database file ``target``."""
    with _database(Path(target)) as db:
        return reference.write_nomenclature(db, nomenclature)


@hookimpl
def siecle_write_structures(target: Path, structures: Structures) -> WriteReport:
    """Store divisions and groups in the database file ``target``."""
    with _database(Path(target)) as db:
        return reference.write_structures(db, structures)


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE returned by SIECLE in the database file ``target``, nothing else."""
    with _database(Path(target)) as db:
        return writing.write_ine(db, updates)
