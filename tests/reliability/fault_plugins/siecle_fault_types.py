"""An adapter returning wrong types; ``SIECLE_FAULT_MODE`` chooses which (see ``MODES``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from siecle_sdk import hookimpl
from siecle_sdk.errors import VendorDataError
from siecle_sdk.plugin.adapter import School, WriteReport
from siecle_sdk.testing import synthetic_school

MODES = (
    "dict",
    "uai",
    "persons",
    "lazy-error",
    "lazy-type",
    "exit",
    "none",
    "vendor",
    "report-str",
    "report-counts",
    "report-notes",
)


class _Lazy:
    """A collection read from the vendor's data on each iteration, failing in ``mode``."""

    def __init__(self, items: list[Any], mode: str) -> None:
        self.items = items
        self.mode = mode

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        for position, item in enumerate(self.items):
            if position == 3 and self.mode == "lazy-error":
                raise OSError("disque débranché pendant la lecture")
            yield "pas un enregistrement" if position == 3 else item

    def __contains__(self, item: object) -> bool:
        return item in self.items


def _mode() -> str:
    return os.environ.get("SIECLE_FAULT_MODE", "")


@hookimpl
def siecle_read_school(source: Path) -> Any:
    """A school, or something else, depending on the mode."""
    mode = _mode()
    school = synthetic_school(pupils=8, seed=5)
    if mode == "dict":
        return {"uai": school.uai, "pupils": []}
    if mode == "uai":
        return School(750680, school.school_year, school.persons, school.pupils)  # type: ignore[arg-type]
    if mode == "persons":
        persons = [*school.persons, {"nom": "DUPONT"}]
        return School(school.uai, school.school_year, persons, school.pupils)  # type: ignore[arg-type]
    if mode in ("lazy-error", "lazy-type"):
        pupils = _Lazy(list(school.pupils), mode)
        return School(school.uai, school.school_year, school.persons, pupils)
    if mode == "exit":
        sys.exit(0)
    if mode == "none":
        return None
    if mode == "vendor":
        raise VendorDataError("élève n° 12 : date de naissance « 31/02/2009 » invalide")
    return school


@hookimpl
def siecle_write_school(target: Path, school: School) -> Any:
    """A report, or something else, depending on the mode."""
    mode = _mode()
    if mode == "report-str":
        return "ok"
    if mode == "report-counts":
        return WriteReport(counts={"eleves": "beaucoup"})  # type: ignore[dict-item]
    if mode == "report-notes":
        return WriteReport(counts={"eleves": 1}, notes="une note")  # type: ignore[arg-type]
    return WriteReport(counts={"eleves": len(school.pupils), "personnes": len(school.persons)})
