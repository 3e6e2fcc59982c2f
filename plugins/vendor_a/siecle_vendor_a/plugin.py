"""The hook implementations of the ``vendor_a`` adapter (a folder of Windows-1252 CSV files)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from siecle_sdk import hookimpl
from siecle_sdk.errors import VendorDataError
from siecle_sdk.models.nomenclature import Nomenclature
from siecle_sdk.models.structures import Structures
from siecle_sdk.plugin.adapter import IneReport, IneUpdate, School, WriteReport

from . import layout, reading, reference, transaction, writing


@hookimpl
def siecle_read_school(source: Path) -> School | None:
    """Read the school folder ``source``; ``None`` when ``source`` is not a folder."""
    if not source.is_dir():
        return None
    folder = transaction.read_consistent(source, _load)
    return School(
        uai=folder.uai,
        school_year=folder.school_year,
        persons=folder.persons,
        pupils=folder.pupils,
        software=folder.software,
    )


def _load(source: Path) -> reading.Folder:
    if not reading.holds_school(source):
        raise VendorDataError(
            f"{source} ne contient pas les fichiers d'un établissement "
            f"({layout.ETABLISSEMENT.name}, {layout.ELEVES.name}...)."
        )
    return reading.load(source)


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Merge the pupils and persons of ``school`` into the folder ``target``."""
    return writing.write_school(target, school)


@hookimpl
def siecle_write_nomenclature(target: Path, nomenclature: Nomenclature) -> WriteReport:
    """Write the school's MEF, matières, programmes and code lists into ``target``."""
    return reference.write_nomenclature(target, nomenclature)


@hookimpl
def siecle_write_structures(target: Path, structures: Structures) -> WriteReport:
    """Write the school's divisions and groups into ``target``."""
    return reference.write_structures(target, structures)


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE returned by SIECLE, changing nothing else."""
    return writing.store_ine(target, updates)
