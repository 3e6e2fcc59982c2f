"""Finding a file's pupils in SIECLE's latest Élèves export, as SIECLE identifies them.

SIECLE's cascade: the first identifier the record carries is tried (the import file has no
``ELEVE_ID``, so: the INE ``ID_NATIONAL``, else the private id ``ID_PRV_ELE``); if it finds
nobody, a pupil of the school whose family or usage name is the file's family name, with the same
first name and birth date (and the same second and third first names when given). Only a compact
index of the export is kept (ids, names, birth date, division, MEF), never the records.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..io.reader import Document
    from ..models.import_eleves import Eleve

__all__ = ["Match", "PupilIndex", "SieclePupil", "normalise", "private_key"]


def normalise(text: str | None) -> str:
    """Comparison form of a name: upper case, no accents, single spaces."""
    if not text:
        return ""
    if text.isascii():
        # nothing to decompose nor to replace
        return " ".join(text.upper().split())
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return " ".join(stripped.upper().replace("’", "'").split())


@dataclass(frozen=True, slots=True)
class SieclePupil:
    """What the index keeps of one pupil of the Élèves export."""

    eleve_id: str
    id_prv_ele: str | None
    ine: str | None
    family: str
    usage: str
    first: str
    first2: str
    first3: str
    birth: dt.date | None
    division: str | None
    mef: str | None
    left: dt.date | None
    #: family name and first names as the export writes them, tab-separated (one small string:
    #: the index keeps every pupil), kept only when one has a character the comparison form
    #: drops (an accent...): otherwise :meth:`known` rebuilds them
    written: str | None = None

    def known(self, part: int) -> str:
        """Family name (0) or first name (1-3) as SIECLE knows it: ``DUPRÉ``, ``Hélène``."""
        if self.written is not None:
            return self.written.split("\t")[part]
        value = (self.family, self.first, self.first2, self.first3)[part]
        return value if part == 0 else _capitalised(value)

    @property
    def name(self) -> str:
        """The pupil as SIECLE prints it, accents kept: ``DUPRÉ Hélène``."""
        return f"{self.known(0)} {self.known(1)}".strip()


def _capitalised(first: str) -> str:
    """``JEAN-PIERRE MARIE`` -> ``Jean-Pierre Marie``."""
    return " ".join(
        "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")) for word in first.split()
    )


@dataclass(frozen=True, slots=True)
class Match:
    """A file's pupil found in the export, and how."""

    eleve_id: str
    how: str  # "ine" | "id_prv_ele" | "identite"
    pupil: SieclePupil


def private_key(value: str | None) -> str | None:
    """A private id as a lookup key (leading zeros are not significant)."""
    if not value:
        return None
    return str(int(value)) if value.isdigit() else value


@dataclass
class PupilIndex:
    """The Élèves export, indexed by INE, private id and identity."""

    pupils: dict[str, SieclePupil] = field(default_factory=dict)
    by_ine: dict[str, str] = field(default_factory=dict)
    by_private: dict[str, str] = field(default_factory=dict)
    #: hash of ``(name, first name, birth date)`` -> export ids of the pupils with that identity
    #: (or a colliding one: candidates are compared with the pupil). An int key and a tuple of
    #: ids take a third of the memory of the identity tuple and a list, for every pupil.
    by_identity: dict[int, tuple[str, ...]] = field(default_factory=dict)

    #: one string object per distinct value (names, MEF and division codes repeat a lot): the
    #: index keeps every pupil of the export, so sharing them saves memory
    _codes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: name as written -> its (shared) comparison form
    _names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_document(cls, doc: Document) -> PupilIndex:
        """Index the ``ELEVES`` and ``STRUCTURES`` blocks of an Élèves export.

        Only the records of these two blocks are validated; each pupil is indexed as soon as it
        is read and released, its division (in ``STRUCTURES``, after ``ELEVES``) set at the end.
        """
        from ..models import eleves as ex

        index = cls()
        divisions: dict[str, str] = {}
        wanted = [
            block
            for block, model in doc.format.records.items()
            if model in (ex.Eleve, ex.StructuresEleve)
        ]
        for _, record in doc.typed(wanted):
            if isinstance(record, ex.Eleve) and record.eleve_id:
                index.add(record, None)
            elif isinstance(record, ex.StructuresEleve) and record.eleve_id and record.division:
                divisions[record.eleve_id] = record.division
        for eleve_id, division in divisions.items():
            pupil = index.pupils.get(eleve_id)
            if pupil is not None:
                index.pupils[eleve_id] = replace(pupil, division=index._share(division))
        index._codes.clear()
        index._names.clear()
        return index

    def _share(self, code: str) -> str:
        return self._codes.setdefault(code, code)

    def _name(self, text: str | None) -> str:
        if not text:
            return ""
        found = self._names.get(text)
        if found is None:
            found = self._names[text] = self._share(normalise(text))
        return found

    def add(self, row: object, division: str | None) -> None:
        """Index one export pupil (``siecle_sdk.models.eleves.Eleve``)."""
        from ..models import eleves as ex

        assert isinstance(row, ex.Eleve) and row.eleve_id
        birth = row.date_naiss if isinstance(row.date_naiss, dt.date) else None
        left = row.date_sortie if isinstance(row.date_sortie, dt.date) else None
        names = (row.family_name, row.prenom, row.prenom2, row.prenom3)
        written = None
        if not all(n.isascii() for n in names if n):
            written = "	".join(
                [" ".join((names[0] or "").split()), *(_capitalised(n or "") for n in names[1:])]
            )
        self.add_pupil(
            SieclePupil(
                eleve_id=row.eleve_id,
                id_prv_ele=private_key(row.id_prv_ele),
                ine=row.id_national or None,
                family=self._name(row.family_name),
                usage=self._name(row.nom_usage),
                first=self._name(row.prenom),
                first2=self._name(row.prenom2),
                first3=self._name(row.prenom3),
                birth=birth,
                division=self._share(division) if division else division,
                mef=self._share(row.code_mef) if row.code_mef else None,
                left=left,
                written=written,
            )
        )

    @classmethod
    def from_pupils(cls, pupils: Iterable[SieclePupil]) -> PupilIndex:
        """The index of pupils already reduced to what it keeps (a cached Élèves export; the
        caller shares their repeated strings)."""
        index = cls()
        for pupil in pupils:
            index.add_pupil(pupil)
        return index

    def add_pupil(self, pupil: SieclePupil) -> None:
        """Index one pupil as the index keeps it."""
        birth = pupil.birth
        self.pupils[pupil.eleve_id] = pupil
        if pupil.ine:
            self.by_ine.setdefault(pupil.ine, pupil.eleve_id)
        if pupil.id_prv_ele:
            self.by_private.setdefault(pupil.id_prv_ele, pupil.eleve_id)
        for name in {pupil.family, pupil.usage} - {""}:
            key = hash((name, pupil.first, birth))
            self.by_identity[key] = (*self.by_identity.get(key, ()), pupil.eleve_id)

    def match(self, eleve: Eleve) -> Match | None:
        """The export pupil SIECLE will update with ``eleve``, or ``None`` (a new pupil)."""
        if eleve.id_national:
            found = self.by_ine.get(eleve.id_national)
            if found:
                return Match(found, "ine", self.pupils[found])
        else:
            found = self.by_private.get(private_key(eleve.id_prv_ele) or "")
            if found:
                return Match(found, "id_prv_ele", self.pupils[found])
        birth = eleve.date_naiss if isinstance(eleve.date_naiss, dt.date) else None
        name, first = normalise(eleve.nom_de_famille), normalise(eleve.prenom)
        for candidate in self.by_identity.get(hash((name, first, birth)), ()):
            pupil = self.pupils[candidate]
            same = name in (pupil.family, pupil.usage) and (first, birth) == (
                pupil.first,
                pupil.birth,
            )
            if not name or not same:  # another identity with the same hash
                continue
            if eleve.prenom2 and normalise(eleve.prenom2) != pupil.first2:
                continue
            if eleve.prenom3 and normalise(eleve.prenom3) != pupil.first3:
                continue
            return Match(candidate, "identite", pupil)
        return None
