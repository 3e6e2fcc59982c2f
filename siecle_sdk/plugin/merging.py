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
    "Matcher",
    "Merged",
    "apply_ine",
    "ine_changes",
    "match_ine",
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


class Matcher:
    """Incoming records matched against stored ones by their ids alone, for an adapter whose
    records live in a database (a position stands for a row).

    A record is matched on its SIECLE id, else on its private id unless the stored record of
    that private id has another SIECLE id (another record: refused). Records added by
    :meth:`put` are matched by the records that follow.
    """

    def __init__(self, stored: Iterable[tuple[str | None, str, str]], what: str) -> None:
        """``stored``: ``(SIECLE id, private id, label)`` of each stored record; ``what``:
        ``élève`` or ``personne``, for messages."""
        self.what = what
        self.labels: list[str] = []
        self.siecle: list[str | None] = []
        self.private: list[str] = []
        self.by_private: dict[str, int] = {}
        self.by_siecle: dict[str, int] = {}
        for key, private, label in stored:
            self._register(len(self.labels), key, private, label)
        self.initial = len(self.labels)
        self.touched: set[int] = set()
        self.added = 0
        self.updated = 0
        #: stored private ids that the incoming version numbers otherwise: old -> new
        self.renumbered: dict[str, str] = {}

    def _register(self, position: int, key: str | None, private: str, label: str) -> None:
        if position == len(self.labels):
            self.labels.append(label)
            self.siecle.append(key)
            self.private.append(private)
        else:
            self.labels[position] = label
            self.siecle[position] = key or self.siecle[position]
            self.private[position] = private
        self.by_private[private] = position
        if key:
            self.by_siecle[key] = position

    def put(self, key: str | None, private: str, label: str) -> tuple[int, bool]:
        """The position of the record of these ids, and whether it is new (then it takes the
        next position).

        :raises VendorDataError: naming the records, when the ids point at two stored records,
            when the private id is that of another record, or when the record comes twice.
        """
        holder = self.by_private.get(private)
        index = self.by_siecle.get(key) if key else None
        if index is None and holder is not None:
            other = self.siecle[holder]
            if other and key and other != key:
                raise VendorDataError(
                    f"{label} : ce numéro est déjà celui d'une autre {self.what} du logiciel "
                    f"({self.labels[holder]}, N° SIECLE {other} et non {key}) ; rien n'a été "
                    "écrit."
                )
            index = holder
        elif index is not None and holder is not None and holder != index:
            raise VendorDataError(
                f"{label} : son identifiant privé est celui d'une fiche du logiciel "
                f"({self.labels[holder]}) et son identifiant SIECLE celui d'une autre "
                f"({self.labels[index]}) ; rien n'a été écrit."
            )
        if index is not None and index in self.touched:
            raise VendorDataError(
                f"{label} : figure deux fois dans les données reçues ; rien n'a été écrit."
            )
        added = index is None
        if index is None:
            index = len(self.labels)
            self.added += 1
        else:
            old = self.private[index]
            if old != private:
                del self.by_private[old]
                if index < self.initial:
                    self.renumbered[old] = private
            self.updated += 1
        self._register(index, key, private, label)
        self.touched.add(index)
        return index, added


def merge_into(stored: Iterable[R], incoming: Iterable[R]) -> Merged[R]:
    """``stored`` with each incoming record merged into the one it matches, the others appended
    (matched as :class:`Matcher` says).

    :raises VendorDataError: naming the records, when a record's ids point at two stored
        records, when its private id is that of another record, or when it comes twice.
    """
    merged: Merged[R] = Merged(list(stored))
    out = merged.records
    matcher = Matcher(((_siecle(r), _private(r), r.label) for r in out), "")
    for record in incoming:
        matcher.what = "élève" if isinstance(record, Eleve) else "personne"
        index, added = matcher.put(_siecle(record), _private(record), record.label)
        if added:
            out.append(record)
        else:
            out[index] = _updated(out[index], record)
    merged.added, merged.updated = matcher.added, matcher.updated
    merged.renumbered = matcher.renumbered
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


def match_ine(
    pupils: Sequence[tuple[str | None, str]], updates: Iterable[IneUpdate]
) -> list[int | None]:
    """For each update, the position of its pupil among ``pupils`` (``(ELEVE_ID, ID_PRV_ELE)``
    pairs, as a database adapter reads them), or ``None`` when it is not there.

    A pupil is found on ``eleve_id``, else on ``id_prv_ele`` (a number SIECLE gives back with
    leading zeros is the same number) unless the pupil of that private number has another SIECLE
    id: it is another pupil.
    """
    by_private = {private: n for n, (_, private) in enumerate(pupils)}
    by_siecle = {siecle: n for n, (siecle, _) in enumerate(pupils) if siecle}
    found: list[int | None] = []
    for update in updates:
        index = by_siecle.get(update.eleve_id) if update.eleve_id else None
        if index is None:
            private = update.id_prv_ele or ""
            index = by_private.get(private)
            if index is None and private.isdigit():
                index = by_private.get(str(int(private)))
            stored_id = pupils[index][0] if index is not None else None
            if stored_id and update.eleve_id and stored_id != update.eleve_id:
                index = None
        found.append(index)
    return found


def ine_changes(stored: Mapping[str, str | None], update: IneUpdate) -> dict[str, str]:
    """The INE fields (:data:`INE_FIELDS`) ``update`` changes in ``stored``; an update without
    INE never erases a stored one."""
    return {
        name: value
        for name in INE_FIELDS
        if (value := getattr(update, name)) and value != stored.get(name)
    }


def apply_ine(
    pupils: Sequence[Eleve], updates: Iterable[IneUpdate]
) -> tuple[list[Eleve], IneReport]:
    """The pupils with the INE of ``updates`` stored, and the report of what changed.

    Pupils are found as :func:`match_ine` says; only the INE fields change, and an update
    without INE leaves a stored INE as it is.
    """
    out = list(pupils)
    given = list(updates)
    report = IneReport()
    positions = match_ine([(p.eleve_id, p.id_prv_ele) for p in out], given)
    for update, index in zip(given, positions, strict=True):
        if index is None:
            report.not_found.append(update.label)
            continue
        pupil = out[index]
        changes = ine_changes({name: getattr(pupil, name) for name in INE_FIELDS}, update)
        if not changes:
            report.unchanged.append(pupil.label)
            continue
        out[index] = Eleve.model_validate({**pupil.model_dump(), **changes})
        report.updated.append(pupil.label)
    return out, report
