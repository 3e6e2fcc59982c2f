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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..errors import UnusableInput, VendorDataError
from ..models.import_eleves import Eleve, Lien, Personne, ResponsablesEleve
from .adapter import IneReport, IneUpdate, School, WriteReport

__all__ = [
    "INE_FIELDS",
    "Merged",
    "apply_ine",
    "merge_into",
    "merge_records",
    "merge_school",
    "renumber_links",
]

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


@dataclass
class Merged(Generic[R]):
    """The records after a merge, and what it did."""

    records: list[R]
    added: int = 0
    updated: int = 0
    #: private ids of stored records that SIECLE's version numbers otherwise (same SIECLE id):
    #: old -> new (the links of pupils to a renumbered person must follow)
    renumbered: dict[str, str] = field(default_factory=dict)


def _what(record: Eleve | Personne) -> str:
    return "élève" if isinstance(record, Eleve) else "personne"


def merge_into(stored: Iterable[R], incoming: Iterable[R]) -> Merged[R]:
    """``stored`` with each incoming record merged into the one it matches, the others appended.

    A record is matched on its SIECLE id, else on its private id unless the stored record of
    that private id has another SIECLE id (another record: refused).

    :raises VendorDataError: naming the records, when a record's ids point at two stored
        records, when its private id is that of another record, or when it comes twice.
    """
    merged: Merged[R] = Merged(list(stored))
    out = merged.records
    by_private = {_private(r): n for n, r in enumerate(out)}
    by_siecle = {key: n for n, r in enumerate(out) if (key := _siecle(r))}
    initial = len(out)
    touched: set[int] = set()
    for record in incoming:
        private, key = _private(record), _siecle(record)
        holder = by_private.get(private)
        index = by_siecle.get(key) if key else None
        if index is None and holder is not None:
            other = _siecle(out[holder])
            if other and key and other != key:
                raise VendorDataError(
                    f"{record.label} : ce numéro est déjà celui d'une autre {_what(record)} du "
                    f"logiciel ({out[holder].label}, N° SIECLE {other} et non {key}) ; rien "
                    "n'a été écrit."
                )
            index = holder
        elif index is not None and holder is not None and holder != index:
            raise VendorDataError(
                f"{record.label} : son identifiant privé est celui d'une fiche du logiciel "
                f"({out[holder].label}) et son identifiant SIECLE celui d'une autre "
                f"({out[index].label}) ; rien n'a été écrit."
            )
        if index is not None and index in touched:
            raise VendorDataError(
                f"{record.label} : figure deux fois dans les données reçues ; rien n'a été écrit."
            )
        if index is None:
            index = len(out)
            out.append(record)
            merged.added += 1
        else:
            old = _private(out[index])
            if old != private:
                by_private.pop(old, None)
                if index < initial:
                    merged.renumbered[old] = private
            out[index] = _updated(out[index], record)
            merged.updated += 1
        touched.add(index)
        by_private[private] = index
        if key:
            by_siecle[key] = index
    return merged


def merge_records(stored: Iterable[R], incoming: Iterable[R]) -> list[R]:
    """``stored`` with each incoming record merged into the one it matches, the others appended
    (see :func:`merge_into`).

    >>> merged = merge_records(stored_pupils, school.pupils)  # doctest: +SKIP
    """
    return merge_into(stored, incoming).records


def renumber_links(pupil: Eleve, numbers: Mapping[str, str]) -> Eleve:
    """``pupil`` with its links to the persons of ``numbers`` (old -> new private id) renumbered."""
    block = pupil.responsables_eleve
    if block is None or not any(link.id_prv_per in numbers for _, link in block.links()):
        return pupil

    def fix(link: Lien | None) -> Lien | None:
        if link is None or link.id_prv_per not in numbers:
            return link
        return link.model_copy(update={"id_prv_per": numbers[link.id_prv_per]})

    updated = ResponsablesEleve.model_validate(
        {
            "legal": [fix(link) for link in block.legal],
            "personne_en_charge": [fix(link) for link in block.personne_en_charge],
            "contact": [fix(link) for link in block.contact],
            "legal1": fix(block.legal1),
            "legal2": fix(block.legal2),
            "unknown": block.unknown,
        }
    )
    return pupil.model_copy(update={"responsables_eleve": updated})


def merge_school(
    stored: School | None, incoming: School, report: WriteReport | None = None
) -> School:
    """The school to store after a takeover: ``incoming`` merged into ``stored`` (see the module
    docstring); ``stored`` is ``None`` when the vendor has no data yet. The stored pupils that
    ``incoming`` leaves out follow a renumbered person. When a ``report`` is given, the counts
    of ``incoming`` and French notes of what was added, updated and renumbered are put in it.

    :raises UnusableInput: when ``stored`` is another school or school year.
    """
    if stored is not None and stored.uai != incoming.uai:
        raise UnusableInput(
            f"Les données du logiciel sont celles de l'établissement {stored.uai}, année "
            f"{stored.school_year} ; les exports sont de {incoming.uai}, année "
            f"{incoming.school_year} : rien n'a été écrit."
        )
    persons = merge_into(stored.persons if stored is not None else (), incoming.persons)
    pupils = merge_into(stored.pupils if stored is not None else (), incoming.pupils)
    given = {p.id_prv_ele for p in incoming.pupils}
    if persons.renumbered:
        pupils.records = [
            p if p.id_prv_ele in given else renumber_links(p, persons.renumbered)
            for p in pupils.records
        ]
    if report is not None:
        report.add("eleves", len(incoming.pupils))
        report.add("personnes", len(incoming.persons))
        report.add("liens", sum(len(p.links()) for p in incoming.pupils))
        report.notes.append(
            f"{pupils.added} élève(s) ajouté(s), {pupils.updated} mis à jour ; "
            f"{persons.added} personne(s) ajoutée(s), {persons.updated} mise(s) à jour."
        )
        if persons.renumbered:
            report.notes.append(
                f"{len(persons.renumbered)} personne(s) renumérotée(s) (même N° SIECLE, autre "
                "n°) : liens des autres élèves mis à jour."
            )
    return dataclasses.replace(
        incoming,
        persons=persons.records,
        pupils=pupils.records,
        software=incoming.software or (stored.software if stored is not None else None),
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
