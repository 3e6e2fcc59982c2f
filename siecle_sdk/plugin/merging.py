"""Matching and merging a vendor's records with what SIECLE sends: the takeover and the INE return.

Every adapter needs the same two operations, so the SDK provides them and an adapter only maps
fields between its storage and the records:

* :func:`merge_school` — a school taken over from SIECLE's exports merged into the records a
  vendor already stores: a stored record is matched on its private id (``ID_PRV_ELE`` /
  ``ID_PRV_PER``) or on SIECLE's id (``ELEVE_ID`` / ``PERSONNE_ID``) and replaced by SIECLE's
  version, except that an INE or a SIECLE id the exports leave empty is kept; unmatched records
  are added; nothing is removed. A vendor's own data (what the records do not hold: photos,
  invoices, marks…) is never in the records, so an adapter that updates only the mapped columns
  of the matched rows keeps it.
* :func:`apply_ine` — the INE SIECLE returned, written into the matched pupils, and nothing else;
  an update without INE never erases a stored one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TypeVar

from ..errors import UnusableInput, VendorDataError
from ..models.import_eleves import Eleve, Personne
from .adapter import IneReport, IneUpdate, School

__all__ = ["INE_FIELDS", "apply_ine", "merge_records", "merge_school"]

#: the fields of a pupil the INE return may change
INE_FIELDS = ("id_national", "ine_bea", "ine_rnie")

R = TypeVar("R", Eleve, Personne)
#: ids a takeover never erases
_KEPT = (*INE_FIELDS, "eleve_id", "personne_id")


def _private(record: Eleve | Personne) -> str:
    return record.id_prv_ele if isinstance(record, Eleve) else record.id_prv_per


def _siecle(record: Eleve | Personne) -> str | None:
    return record.eleve_id if isinstance(record, Eleve) else record.personne_id


def _updated(stored: R, incoming: R) -> R:
    """``incoming``, with the stored ids (INE, SIECLE id) it leaves empty kept."""
    kept = {
        name: value
        for name in _KEPT
        if (value := stored.__dict__.get(name)) and not incoming.__dict__.get(name)
    }
    if not kept:
        return incoming
    return type(incoming).model_validate({**incoming.model_dump(), **kept})


def merge_records(stored: Iterable[R], incoming: Iterable[R]) -> list[R]:
    """``stored`` with each incoming record merged into the one it matches, the others appended.

    >>> merged = merge_records(stored_pupils, school.pupils)  # doctest: +SKIP

    :raises VendorDataError: when an incoming record's private id is that of one stored record
        and its SIECLE id that of another (the vendor's data contradicts SIECLE's).
    """
    out: list[R] = list(stored)
    by_private = {_private(r): n for n, r in enumerate(out)}
    by_siecle = {key: n for n, r in enumerate(out) if (key := _siecle(r))}
    for record in incoming:
        index = by_private.get(_private(record))
        key = _siecle(record)
        if key and key in by_siecle:
            matched = by_siecle[key]
            if index is not None and index != matched:
                raise VendorDataError(
                    f"{record.label} : son identifiant privé est celui d'une fiche du logiciel "
                    f"({out[index].label}) et son identifiant SIECLE celui d'une autre "
                    f"({out[matched].label}) ; rien n'a été écrit."
                )
            index = matched
        if index is None:
            by_private[_private(record)] = len(out)
            if key:
                by_siecle[key] = len(out)
            out.append(record)
        else:
            out[index] = _updated(out[index], record)
    return out


def merge_school(stored: School | None, incoming: School) -> School:
    """The school to store after a takeover: ``incoming`` merged into ``stored`` (see the module
    docstring); ``stored`` is ``None`` when the vendor has no data yet.

    :raises UnusableInput: when ``stored`` is another school or school year.
    """
    if stored is None:
        return dataclasses.replace(
            incoming, persons=list(incoming.persons), pupils=list(incoming.pupils)
        )
    if (stored.uai, stored.school_year) != (incoming.uai, incoming.school_year):
        raise UnusableInput(
            f"Les données du logiciel sont celles de l'établissement {stored.uai}, année "
            f"{stored.school_year} ; les exports sont de {incoming.uai}, année "
            f"{incoming.school_year} : rien n'a été écrit."
        )
    return dataclasses.replace(
        incoming,
        persons=merge_records(stored.persons, incoming.persons),
        pupils=merge_records(stored.pupils, incoming.pupils),
        software=incoming.software or stored.software,
    )


def apply_ine(
    pupils: Sequence[Eleve], updates: Iterable[IneUpdate]
) -> tuple[list[Eleve], IneReport]:
    """The pupils with the INE of ``updates`` stored, and the report of what changed.

    A pupil is found on ``eleve_id``, else on ``id_prv_ele`` unless the pupil of that private
    number has another SIECLE id (it is another pupil: reported not found); only the INE fields
    change, and an update without INE leaves a stored INE as it is.
    """
    out = list(pupils)
    by_private = {p.id_prv_ele: n for n, p in enumerate(out)}
    by_siecle = {p.eleve_id: n for n, p in enumerate(out) if p.eleve_id}
    report = IneReport()
    for update in updates:
        index = by_siecle.get(update.eleve_id) if update.eleve_id else None
        if index is None:
            index = by_private.get(update.id_prv_ele or "")
            stored_id = out[index].eleve_id if index is not None else None
            if stored_id and update.eleve_id and stored_id != update.eleve_id:
                index = None  # the same private number, another SIECLE id: another pupil
        if index is None:
            report.not_found.append(update.label)
            continue
        pupil = out[index]
        changes = {
            name: value
            for name in INE_FIELDS
            if (value := getattr(update, name)) and value != getattr(pupil, name)
        }
        if not changes:
            report.unchanged.append(pupil.label)
            continue
        out[index] = Eleve.model_validate({**pupil.model_dump(), **changes})
        report.updated.append(pupil.label)
    return out, report
