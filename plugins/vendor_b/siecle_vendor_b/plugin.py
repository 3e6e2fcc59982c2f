"""The hooks siecle-sdk calls: thin wrappers over :mod:`.reading`, :mod:`.writing` and
:mod:`.reference`. Registered under the entry-point name ``vendor_b``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.exchange import IneReport, IneUpdate, School, WriteReport
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.models.structures import Structures

from . import reading, reference, writing


@hookimpl
def siecle_read_school(source: Path) -> School:
    """The school stored in the database file ``source``."""
    return reading.read_school(Path(source))


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Add or update the school's persons and pupils in the database file ``target``."""
    return writing.write_school(Path(target), school)


@hookimpl
def siecle_write_nomenclature(target: Path, nomenclature: Nomenclature) -> WriteReport:
    """Store the profiled nomenclature in the database file ``target``."""
    return reference.write_nomenclature(Path(target), nomenclature)


@hookimpl
def siecle_write_structures(target: Path, structures: Structures) -> WriteReport:
    """Store divisions and groups in the database file ``target``."""
    return reference.write_structures(Path(target), structures)


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE returned by SIECLE in the database file ``target``, nothing else."""
    return writing.write_ine(Path(target), updates)
