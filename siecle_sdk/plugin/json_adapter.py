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
from typing import TypeVar

from .. import hookimpl
from ..errors import UnusableInput, VendorDataError
from ..models.import_eleves import Eleve, Personne
from .adapter import IneReport, IneUpdate, School, WriteReport
from .neutral import read_school_json, write_school_json

__all__ = ["siecle_read_school", "siecle_write_ine", "siecle_write_school"]

R = TypeVar("R", Eleve, Personne)


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


def _merged(stored: list[R], incoming: Sequence[R]) -> list[R]:
    """``stored`` with each incoming record in place of the one it matches (private id, then
    SIECLE id), the others appended; a private id taken by another stored record is refused."""
    by_private = {_private(r): n for n, r in enumerate(stored)}
    by_siecle = {_siecle(r): n for n, r in enumerate(stored) if _siecle(r)}
    out: list[R] = list(stored)
    for record in incoming:
        index = by_private.get(_private(record))
        siecle = _siecle(record)
        if siecle and siecle in by_siecle:
            matched = by_siecle[siecle]
            if index is not None and index != matched:
                raise VendorDataError(
                    f"{record.label} : son identifiant privé est celui d'une autre fiche du "
                    "fichier JSON que celle qui a son identifiant SIECLE ; rien n'a été écrit."
                )
            index = matched
        if index is None:
            by_private[_private(record)] = len(out)
            out.append(record)
        else:
            out[index] = record
    return out


def _private(record: Eleve | Personne) -> str:
    return record.id_prv_ele if isinstance(record, Eleve) else record.id_prv_per


def _siecle(record: Eleve | Personne) -> str | None:
    return record.eleve_id if isinstance(record, Eleve) else record.personne_id


def _stored(target: Path, uai: str, year: str) -> School | None:
    if not _source(target).exists():
        return None
    school = read_school_json(target)
    if (school.uai, school.school_year) != (uai, year):
        raise UnusableInput(
            f"{target} est le fichier de l'établissement {school.uai}, année "
            f"{school.school_year} ; les exports sont de {uai}, année {year} : rien n'a été "
            "écrit. Donnez un autre fichier."
        )
    return school


@hookimpl
def siecle_write_school(target: Path, school: School) -> WriteReport:
    """Add or update the school's pupils and persons in the document ``target``."""
    incoming_persons = list(school.persons)
    incoming_pupils = list(school.pupils)
    stored = _stored(target, school.uai, school.school_year)
    if stored is not None:
        persons = _merged(list(stored.persons), incoming_persons)
        pupils = _merged(list(stored.pupils), incoming_pupils)
        software = school.software or stored.software
    else:
        persons, pupils, software = incoming_persons, incoming_pupils, school.software
    whole = dataclasses.replace(school, persons=persons, pupils=pupils, software=software)
    write_school_json(target, whole)
    report = WriteReport()
    report.add("eleves", len(incoming_pupils))
    report.add("personnes", len(incoming_persons))
    return report


@hookimpl
def siecle_write_ine(target: Path, updates: Sequence[IneUpdate]) -> IneReport:
    """Store the INE of the matched pupils; nothing else changes, no INE is erased."""
    school = read_school_json(_source(target))
    pupils = list(school.pupils)
    by_private = {p.id_prv_ele: n for n, p in enumerate(pupils)}
    by_siecle = {p.eleve_id: n for n, p in enumerate(pupils) if p.eleve_id}
    report = IneReport()
    for update in updates:
        index = by_private.get(update.id_prv_ele or "")
        if index is None and update.eleve_id:
            index = by_siecle.get(update.eleve_id)
        if index is None:
            report.not_found.append(update.label)
            continue
        pupil = pupils[index]
        changes = {
            name: value
            for name in ("id_national", "ine_bea", "ine_rnie")
            if (value := getattr(update, name)) and value != getattr(pupil, name)
        }
        if not changes:
            report.unchanged.append(pupil.label)
            continue
        pupils[index] = Eleve.model_validate({**pupil.model_dump(), **changes})
        report.updated.append(pupil.label)
    if report.updated:
        write_school_json(target, dataclasses.replace(school, pupils=pupils))
    return report
