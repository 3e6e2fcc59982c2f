"""Internal records of a synthetic school (schools, addresses, persons, links, pupils, families)
and the small helpers that draw and format them; both the export and the import forms are
derived from these records."""

from __future__ import annotations

import datetime as dt
import marshal
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from random import Random

from ...io.nodes import Node
from .tables import (
    _RARE_FROM,
    T,
    _Level,
)

# --- internal records ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _School:
    """Another school (a pupil's previous year) or the generated school itself."""

    uai: str
    nature: str
    sigle: str
    denom_princ: str
    denom_compl: str
    ligne1: str
    mel: str
    telephone: str
    commune: str
    ll_commune: str
    provenance: str
    departement: str


@dataclass(slots=True)
class _Address:
    adresse_id: str
    lines: tuple[str, ...]
    #: France: postal code, label, INSEE commune, département; abroad: all ``""``
    code_postal: str
    libelle_postal: str
    commune: str
    departement: str
    commune_etrangere: str
    code_pays: str
    ll_pays: str


@dataclass(slots=True)
class _Person:
    personne_id: str
    id_prv: str
    civilite: str
    nom: str
    nom_usage: str | None
    prenom: str
    address: _Address | None
    communication: bool | None
    profession: str
    tel_personnel: str | None
    tel_portable: str | None
    tel_professionnel: str | None
    mel: str | None
    enfants: int | None


@dataclass(slots=True)
class _Link:
    person: _Person
    #: 1 représentant légal, 2 personne en charge, 3 contact
    level: int
    parente: str
    paie: bool
    aides: bool
    heberge: bool
    priorite: bool


@dataclass(slots=True)
class _Pupil:
    eleve_id: str
    elenoet: str
    id_prv: str
    ine_rnie: str | None
    ine_bea: str | None
    nom: str
    nom_usage: str | None
    prenom: str
    prenom2: str | None
    prenom3: str | None
    sexe: str
    date_naiss: dt.date
    pays_naiss: str
    commune_naiss: str | None
    departement_naiss: str | None
    ville_naiss: str | None
    nationalite: str
    level: _Level
    division: str | None
    groups: tuple[str, ...]
    #: whether the group rows come before the division row in the pupil's structures
    groups_first: bool
    #: (matière, modalité) in rank order, then the optional ones
    options: tuple[tuple[str, str], ...]
    regime: str
    doublement: bool
    transport: bool
    date_entree: dt.date
    date_modification: dt.date
    mel: str | None
    tel_portable: str | None
    address: _Address | None
    #: (CODE_BOURSE, NB_PART)
    bourses: tuple[tuple[str, int], ...]
    previous: _School
    previous_mef: str | None
    previous_division: str | None
    previous_options: tuple[str, ...]
    #: (DATE_SORTIE, CODE_MOTIF_SORTIE) of a leaver
    sortie: tuple[dt.date, str] | None
    links: tuple[_Link, ...]
    #: the pupil's own phones (a few lycée pupils)
    tel_personnel: str | None = None
    tel_professionnel: str | None = None
    #: last year's school known only by its département (no UAI)
    previous_departement: str | None = None
    #: ``TYPE_MEF`` of last year's MEF as DossierSCO sent it (import form only)
    type_mef: str | None = None
    #: ``ARRET_FORMATION`` of the active schooling (import form only)
    arret_formation: bool | None = None


@dataclass(slots=True)
class _Family:
    persons: list[_Person]
    addresses: list[_Address]
    pupils: list[_Pupil]


class _Spool:
    """Rows put aside during a pass and read back once, in order, from an anonymous temporary
    file: one generation pass then feeds every block of a file, in flat memory."""

    def __init__(self, directory: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed by nodes())

    def add(self, node: Node) -> None:
        data = marshal.dumps(node)
        self._file.write(len(data).to_bytes(4, "little"))
        self._file.write(data)

    def nodes(self) -> Iterator[Node]:
        """The rows, once (call only after the pass that adds them is over)."""
        with self._file as handle:
            handle.seek(0)
            read = handle.read
            while size := read(4):
                node: Node = marshal.loads(read(int.from_bytes(size, "little")))
                yield node


@dataclass(frozen=True)
class SchoolStats:
    """What a synthetic school holds."""

    eleves: int
    sortants: int
    sans_ine: int
    responsables: int
    liens: int


class _Counter:
    """Running indexes that give every pupil, person and address its ids during one pass, and
    the rare features not yet met in the pass (see :data:`_RARE_FROM`)."""

    __slots__ = ("addresses", "links", "no_ine", "owed", "persons", "pupils", "sortants")

    def __init__(self) -> None:
        self.pupils = self.persons = self.addresses = 0
        self.sortants = self.no_ine = self.links = 0
        self.owed = set(_RARE_FROM)

    def rare(self, chance: bool, feature: str, index: int) -> bool:
        """Whether the pupil ``index`` (or an address of his family) gets ``feature``: by
        ``chance``, or as the first one that can once the school has ``_RARE_FROM[feature]``
        pupils without meeting it — so every school of about 100 pupils shows every feature."""
        if chance or (feature in self.owed and index >= _RARE_FROM[feature]):
            self.owed.discard(feature)
            return True
        return False


# --- small helpers ---------------------------------------------------------------------------


class _Rng(Random):
    """``random.Random`` with cheaper draws for the generator's hot loop."""

    def pick(self, items: Sequence[T]) -> T:
        """A uniformly chosen item (``choice`` without its checks)."""
        return items[int(self.random() * len(items))]

    def below(self, n: int) -> int:
        """A uniform integer in ``[0, n)``."""
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """A uniform integer in ``[low, high)``."""
        return low + int(self.random() * (high - low))


def _leaf(tag: str, text: str) -> Node:
    return {"tag": tag, "text": text}


def _international(phone: str | None) -> str:
    """A phone as SIECLE exports it: ``0612345678`` -> ``+33612345678``, ``00...`` -> ``+...``."""
    if not phone:
        return ""
    return "+" + phone[2:] if phone.startswith("00") else "+33" + phone[1:]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _letters(index: int) -> str:
    """0 -> ``A``, 25 -> ``Z``, 26 -> ``AA``..."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


@lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    """ASCII e-mail part of a name: ``Lœtitia`` -> ``loetitia``, ``D'ALMEIDA`` -> ``dalmeida``."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in plain.replace(" ", "-") if c.isalnum() or c == "-")


def _rentree(year: int) -> dt.date:
    """First pupils' day: 1 September, or the next Monday when it falls on a weekend."""
    day = dt.date(year, 9, 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _classes_end(year: int) -> dt.date:
    """Last day of classes of the year starting in ``year``: first Saturday of July after it."""
    day = dt.date(year + 1, 7, 1)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    return day


def _year_end(year: int) -> dt.date:
    """End of the pupils' school year starting in ``year``: 31 August, as SIECLE's calendar has
    it (the académie guide's calendar; ``DATE_FIN_ELEVE`` of Communs)."""
    return dt.date(year + 1, 8, 31)


def _division_code(level: _Level, index: int) -> str:
    return f"{level.prefix}{index + 1}" if level.numbered else level.prefix + _letters(index)


def _latin_group(level: _Level, division_index: int) -> str:
    return f"LAT{level.latin_tag}_{division_index // 4 + 1}"


def _luhn(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)
