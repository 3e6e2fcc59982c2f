"""What travels between the SDK and a vendor adapter: a school, write reports, INE updates.

Pupils and persons are the records of the import file (:mod:`siecle_sdk.models.import_eleves`):
what a vendor reads from its data is exactly what SIECLE will receive, and what the SDK gives a
vendor when a school takes its pupils over from SIECLE is in the same form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from ..models.import_eleves import Eleve, Personne

__all__ = ["IneReport", "IneUpdate", "School", "WriteReport"]


@dataclass
class School:
    """A school as the exchange sees it.

    ``persons`` and ``pupils`` are collections that can be iterated more than once (a list, or an
    object whose ``__iter__`` reads the vendor's data from the start each time) and whose ``len``
    is the number of records.
    """

    uai: str
    school_year: str
    persons: Collection[Personne]
    pupils: Collection[Eleve]
    #: ``LOGICIEL``: the software name sent to SIECLE, constant for a school
    software: str | None = None


@dataclass
class WriteReport:
    """What an adapter wrote: counts per kind of record (``eleves``, ``personnes``...)."""

    counts: dict[str, int] = field(default_factory=dict)
    #: French notes for the user (records completed with defaults, ids assigned...)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, n: int = 1) -> None:
        """Count ``n`` more records of kind ``name``."""
        self.counts[name] = self.counts.get(name, 0) + n


@dataclass(frozen=True)
class IneUpdate:
    """The national ids SIECLE returned for one pupil of its Élèves export."""

    eleve_id: str | None
    id_prv_ele: str | None
    id_national: str | None
    ine_bea: str | None = None
    ine_rnie: str | None = None
    nom: str = ""
    prenom: str = ""
    date_naiss: dt.date | None = None

    @property
    def label(self) -> str:
        """How messages name the pupil."""
        ids = f"ELEVE_ID={self.eleve_id}" if self.eleve_id else f"ID_PRV_ELE={self.id_prv_ele}"
        return f"élève {ids} ({self.nom} {self.prenom})"


@dataclass
class IneReport:
    """Outcome of an INE return: labels of the pupils updated, unchanged and not found."""

    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)

    def extend(self, other: IneReport) -> None:
        """Merge another report into this one."""
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.not_found += other.not_found
