"""The built-in adapter ``json``: the vendor's data is one JSON document of the school.

A program in any language that writes this document (see ``siecle schema``) gets every command of
the SDK: ``siecle push json --from ecole.json --out DIR`` checks it and builds the deposit,
``siecle pull json --into ecole.json EXPORTS…`` takes a school over from SIECLE's exports, and
``--ine-only`` stores the INE SIECLE returned and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from .. import hookimpl
from ..errors import UnusableInput
from .adapter import IneReport, IneUpdate, School, WriteReport
from .merging import apply_ine, merge_school
from .neutral import read_school_json, write_school_json

__all__ = ["siecle_read_school", "siecle_write_ine", "siecle_write_school"]


def _source(path: Path) -> Path:
    if path.is_dir():
        raise UnusableInput(
            f"{path} est un dossier : l'adaptateur json lit et écrit un fichier "
            "(par exemple ecole.json)."
        )
    return path


@hookimpl
def siecle_read_school(source: Path) -> School:
    """The school of the JSON document ``source``."""
    return read_school_json(_source(source))


def _stored(target: Path) -> School | None:
    return read_school_json(target) if _source(target).exists() else None


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Add or update the school's pupils and persons in the document ``target``."""
    incoming = dataclasses.replace(school, persons=list(school.persons), pupils=list(school.pupils))
    write_school_json(target, merge_school(_stored(target), incoming))
    report = WriteReport()
    report.add("eleves", len(incoming.pupils))
    report.add("personnes", len(incoming.persons))
    return report


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE of the matched pupils; nothing else changes, no INE is erased."""
    school = read_school_json(_source(target))
    pupils, report = apply_ine(list(school.pupils), updates)
    if report.updated:
        write_school_json(target, dataclasses.replace(school, pupils=pupils))
    return report
