"""Is an Élèves / Responsables export whole and of one piece? Its own consistency, record by record.

SIECLE writes every pupil once with its own ``ELEVE_ID``, every INE to one pupil, one ``OPTION``,
``STRUCTURES_ELEVE`` and ``BOURSE`` record per pupil of the ``ELEVES`` block, every person, link
and address once, and no record without its identifier. A file that breaks one of these was
assembled or edited by hand (two exports pasted together, a ``DONNEES`` block repeated...): taken
as it is, it would give one pupil twice, one INE to two pupils, or an empty pupil. Such problems
are *faults*: the commands that write data refuse the file, the others say so.

Records pointing to a pupil or person the exports do not hold (a link to a pupil who left between
the two exports...) cannot be taken in but do not make the rest doubtful: they are *notes*, named
one by one, so that nothing is left out without a word.

The audit is fed record by record while a command streams the file (typed records with
:meth:`ExportAudit.record`, or the parsed elements with :meth:`ExportAudit.element`, which builds
no node), Élèves before Responsables. It keeps 8 bytes per identifier (a hash), so that it reads
500 000 pupils in a few megabytes: duplicates and records pointing to nobody are found among the
hashes, then, only when there are some, the files are read once more to name them (comparing the
identifiers themselves, so that two identifiers sharing a hash are never taken for one).
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..models import Record
from ..models import eleves as ex
from ..models import responsables as rx
from ..models.adresse import Adresse

__all__ = ["MAX_LISTED", "AuditResult", "ExportAudit", "audit_exports"]

#: problems listed by name in one message (the others are counted)
MAX_LISTED = 20

#: per-pupil blocks of the Élèves export: record tag -> how messages name them
_PER_PUPIL = {"OPTION": "options", "STRUCTURES_ELEVE": "structures", "BOURSE": "bourses"}
_INE_TAGS = ("ID_NATIONAL", "INE_BEA", "INE_RNIE")
_SEPARATOR = "\x1f"
#: leaf elements an identifier or a name is read from
_READ = frozenset(
    {*_INE_TAGS, "ID_PRV_ELE", "NOM_DE_FAMILLE", "NOM", "PRENOM", "ADRESSE_ID"}
    | {"ELEVE_ID", "PERSONNE_ID"}
)
_NONE: array[int] = array("q")
#: identifiers a file holds once (a repetition is a fault); the others (the pupil of a link, an
#: address shared by two persons...) may repeat
_UNIQUE = (
    "eleve",
    "ine",
    "private",
    *_PER_PUPIL,
    "personne",
    "lien",
    "adresse:eleves",
    "adresse:responsables",
)


@dataclass
class AuditResult:
    """What the audit found: faults (the file is not of one piece) and notes (records that
    point to nobody), each a French sentence naming the records."""

    faults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: distinct pupils (``ELEVE_ID``) of the Élèves export
    pupils: int = 0

    @property
    def consistent(self) -> bool:
        """Whether the exports have no fault."""
        return not self.faults

    def describe(self, faults_only: bool = False) -> str:
        """The faults (and notes) as one text, at most :data:`MAX_LISTED` of each listed."""
        lines = list(_bounded(self.faults))
        if not faults_only:
            lines += _bounded(self.notes)
        return " ; ".join(lines)


def _bounded(lines: list[str]) -> list[str]:
    shown = lines[:MAX_LISTED]
    if len(lines) > MAX_LISTED:
        shown.append(f"… et {len(lines) - MAX_LISTED} autre(s)")
    return shown


@dataclass(slots=True)
class _Keys:
    """What the audit reads of one record."""

    tag: str
    #: the record's own id (``ELEVE_ID``, ``PERSONNE_ID``, ``ADRESSE_ID``), or the pupil's id of
    #: an ``OPTION``, ``STRUCTURES_ELEVE``, ``BOURSE``
    id: str | None = None
    name: str = ""
    ines: tuple[str, ...] = ()
    private: str | None = None
    #: ``ADRESSE_ID`` the record refers to
    address: str | None = None
    #: ``(ELEVE_ID, PERSONNE_ID)`` of a link
    link: tuple[str | None, str | None] | None = None
    repeated: list[str] = field(default_factory=list)


def _private_key(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    return str(int(text)) if text.isdigit() else text


def _keys_of_record(record: Record) -> _Keys | None:
    repeated = record.repeated_elements()
    if isinstance(record, ex.Eleve):
        ines = tuple(i.strip() for i in (record.id_national, record.ine_bea, record.ine_rnie) if i)
        return _Keys(
            "ELEVE",
            record.eleve_id,
            f"{record.family_name or ''} {record.prenom or ''}".strip(),
            ines,
            _private_key(record.id_prv_ele),
            record.adresse_id or None,
            repeated=repeated,
        )
    if isinstance(record, ex.OptionsEleve | ex.StructuresEleve | ex.BourseEleve):
        return _Keys(type(record).TAG, record.eleve_id, repeated=repeated)
    if isinstance(record, Adresse):
        return _Keys("ADRESSE", record.adresse_id, repeated=repeated)
    if isinstance(record, rx.Personne):
        name = f"{record.family_name or ''} {record.prenom or ''}".strip()
        return _Keys(
            "PERSONNE",
            record.personne_id,
            name,
            address=record.adresse_id or None,
            repeated=repeated,
        )
    if isinstance(record, rx.ResponsableEleve):
        link = (record.eleve_id or None, record.personne_id or None)
        return _Keys("RESPONSABLE_ELEVE", link=link, repeated=repeated)
    return None


def _keys_of_element(model: type[Record], element: etree._Element) -> _Keys | None:
    """What the audit reads of a parsed record of ``model`` (no node built: one pass over its
    children, the cheapest way through lxml)."""
    single = model.single_tags()
    values: dict[str, str] = {}
    seen: set[str] = set()
    repeated: list[str] = []
    for child in element:
        tag = child.tag
        if tag in seen:
            if tag in single and tag not in repeated:
                repeated.append(tag)
        else:
            seen.add(tag)
            if tag in _READ and not len(child):
                values[tag] = child.text or ""
    attrs = element.attrib
    name = f"{values.get('NOM_DE_FAMILLE') or values.get('NOM', '')} {values.get('PRENOM', '')}"
    if model is ex.Eleve:
        ines = tuple(values[t].strip() for t in _INE_TAGS if values.get(t, "").strip())
        return _Keys(
            "ELEVE",
            attrs.get("ELEVE_ID"),
            name.strip(),
            ines,
            _private_key(values.get("ID_PRV_ELE")),
            values.get("ADRESSE_ID") or None,
            repeated=repeated,
        )
    if model in (ex.OptionsEleve, ex.StructuresEleve, ex.BourseEleve):
        return _Keys(model.TAG, attrs.get("ELEVE_ID"), repeated=repeated)
    if model is Adresse:
        return _Keys("ADRESSE", attrs.get("ADRESSE_ID"), repeated=repeated)
    if model is rx.Personne:
        address = values.get("ADRESSE_ID") or None
        personne_id = attrs.get("PERSONNE_ID")
        return _Keys("PERSONNE", personne_id, name.strip(), address=address, repeated=repeated)
    if model is rx.ResponsableEleve:
        link = (values.get("ELEVE_ID") or None, values.get("PERSONNE_ID") or None)
        return _Keys("RESPONSABLE_ELEVE", link=link, repeated=repeated)
    return None


def _label(keys: _Keys) -> str:
    if keys.tag == "ELEVE":
        return f"élève ELEVE_ID={keys.id} ({keys.name})"
    if keys.tag == "PERSONNE":
        return f"personne PERSONNE_ID={keys.id} ({keys.name})"
    if keys.tag == "RESPONSABLE_ELEVE" and keys.link is not None:
        return f"lien ELEVE_ID={keys.link[0]} PERSONNE_ID={keys.link[1]}"
    key = "ADRESSE_ID" if keys.tag == "ADRESSE" else "ELEVE_ID"
    return f"<{keys.tag} {key}={keys.id}>"


def _identifiers(keys: _Keys, file: str) -> Iterator[tuple[str, str]]:
    """``(kind, identifier)`` of a record, as the audit indexes them."""
    tag = keys.tag
    if tag == "ELEVE" and keys.id:
        yield "eleve", keys.id
        for ine in dict.fromkeys(keys.ines):
            yield "ine", ine
        if keys.private:
            yield "private", keys.private
    elif tag in _PER_PUPIL and keys.id:
        yield tag, keys.id
    elif tag == "ADRESSE" and keys.id:
        yield f"adresse:{file}", keys.id
    elif tag == "PERSONNE" and keys.id:
        yield "personne", keys.id
    elif tag == "RESPONSABLE_ELEVE" and keys.link and keys.link[0] and keys.link[1]:
        yield "lien", f"{keys.link[0]}{_SEPARATOR}{keys.link[1]}"
        yield "lien_eleve", keys.link[0]
        yield "lien_personne", keys.link[1]
    if keys.address and tag in ("ELEVE", "PERSONNE") and keys.id:
        yield f"ref:{file}", keys.address


class ExportAudit:
    """The consistency checks of the Élèves and Responsables exports of one school."""

    def __init__(self) -> None:
        self._hashes: dict[str, array[int]] = defaultdict(lambda: array("q"))
        self._files: list[tuple[str, Path | None]] = []
        self._file = "eleves"
        self._positions: Counter[str] = Counter()
        self._faults: list[str] = []

    # --- feeding ------------------------------------------------------------------------
    def begin(self, kind: str, path: Path | None = None) -> None:
        """The records that follow are of the ``eleves`` or ``responsables`` export ``path``
        (read again to name the problems found, if any)."""
        self._file = kind
        self._files.append((kind, path))

    def record(self, block: str, record: Record) -> None:
        """One typed record of an Élèves or Responsables export."""
        keys = _keys_of_record(record)
        if keys is not None:
            self._feed(keys)

    def element(self, block: str, element: etree._Element, model: type[Record] | None) -> None:
        """One parsed record of an export (``siecle inspect``: no node built)."""
        if model is None:
            return
        tag = model.TAG
        if tag in _PER_PUPIL and not model.single_tags():  # the most frequent records, at once
            eleve_id = element.get("ELEVE_ID")
            if eleve_id:
                self._positions[tag] += 1
                self._hashes[tag].append(hash(eleve_id))
                return
        keys = _keys_of_element(model, element)
        if keys is not None:
            self._feed(keys)

    def _feed(self, keys: _Keys) -> None:
        self._positions[keys.tag] += 1
        position = self._positions[keys.tag]
        missing = _missing_id(keys)
        if missing is not None:
            self._faults.append(
                f"<{keys.tag}> n° {position} sans {missing} (enregistrement vide ou incomplet : "
                "SIECLE donne toujours cet identifiant)"
            )
            return
        for tag in keys.repeated:
            self._faults.append(
                f"{_label(keys)} : <{tag}> figure deux fois (une seule valeur attendue : "
                "laquelle garder ?)"
            )
        for kind, identifier in _identifiers(keys, self._file):
            self._hashes[kind].append(hash(identifier))

    # --- outcome ------------------------------------------------------------------------
    def result(self, *, with_eleves: bool = True, with_responsables: bool = False) -> AuditResult:
        """What was found (once: the hashes are released). ``with_eleves``: the Élèves export
        was read (records pointing to pupils can be checked); ``with_responsables``: so was the
        Responsables export."""
        # sorted one kind at a time, kept as arrays: 8 bytes an identifier
        index = {kind: array("q", sorted(hashes)) for kind, hashes in self._hashes.items()}
        self._hashes.clear()
        suspects = {kind: _repeated(index[kind]) for kind in _UNIQUE if kind in index}
        orphans: dict[str, set[int]] = {}
        pupils = index.get("eleve", _NONE)
        if with_eleves:
            for tag in _PER_PUPIL:
                orphans[tag] = _absent(index.get(tag, _NONE), pupils)
            if with_responsables:
                orphans["lien_eleve"] = _absent(index.get("lien_eleve", _NONE), pupils)
        if with_responsables:
            orphans["lien_personne"] = _absent(
                index.get("lien_personne", _NONE), index.get("personne", _NONE)
            )
        for file in ("eleves", "responsables"):
            defined, used = index.get(f"adresse:{file}", _NONE), index.get(f"ref:{file}", _NONE)
            orphans[f"adresse:{file}"] = _absent(defined, used)
            if defined:  # the "avec adresses" variant: an address it lacks is noted
                orphans[f"ref:{file}"] = _absent(used, defined)
        distinct = len(pupils) - sum(1 for a, b in itertools.pairwise(pupils) if a == b)
        del index, pupils
        wanted = {kind for kind, found in (*suspects.items(), *orphans.items()) if found}
        if not wanted:
            return AuditResult(list(self._faults), [], distinct)
        faults, notes = self._named(suspects, orphans)
        return AuditResult(_interleaved([self._faults, *faults]), notes, distinct)

    def _named(
        self, suspects: dict[str, set[int]], orphans: dict[str, set[int]]
    ) -> tuple[list[list[str]], list[str]]:
        """Read the files again to name the duplicates and the records pointing to nobody."""
        holders: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        notes: list[str] = []
        for file, keys in self._reread():
            label = _label(keys)
            for kind, identifier in _identifiers(keys, file):
                digest = hash(identifier)
                if digest in suspects.get(kind, ()):
                    holders[kind][identifier].append(label)
                if digest in orphans.get(kind, ()):
                    notes.append(_orphan_note(kind, keys, identifier, label))
        groups = {
            kind: {key: labels for key, labels in found.items() if len(labels) > 1}
            for kind, found in holders.items()
        }
        faults = [
            [_duplicate(kind, key, labels) for key, labels in groups.get(kind, {}).items()]
            for kind in _UNIQUE
        ]
        return faults, notes

    def _reread(self) -> Iterator[tuple[str, _Keys]]:
        from ..io.reader import open_document

        for file, path in self._files:
            if path is None:
                continue
            with open_document(path) as doc:
                for _, keys in doc.extracted(_reading(doc.format.records)):
                    if keys is not None:
                        yield file, keys


def _missing_id(keys: _Keys) -> str | None:
    if keys.tag == "RESPONSABLE_ELEVE":
        assert keys.link is not None
        if not keys.link[0]:
            return "ELEVE_ID"
        return None if keys.link[1] else "PERSONNE_ID"
    if keys.id:
        return None
    return {"ADRESSE": "ADRESSE_ID", "PERSONNE": "PERSONNE_ID"}.get(keys.tag, "ELEVE_ID")


def _repeated(hashes: Sequence[int]) -> set[int]:
    """Hashes met more than once in a sorted list."""
    return {a for a, b in itertools.pairwise(hashes) if a == b}


def _absent(hashes: Sequence[int], among: Sequence[int]) -> set[int]:
    """Hashes of the sorted ``hashes`` that the sorted ``among`` lacks."""
    missing: set[int] = set()
    for digest in hashes:
        spot = bisect.bisect_left(among, digest)
        if spot == len(among) or among[spot] != digest:
            missing.add(digest)
    return missing


def _duplicate(kind: str, key: str, labels: list[str]) -> str:
    count = len(labels)
    if kind == "eleve":
        return (
            f"{labels[0]} : figure {count} fois dans le bloc ELEVES (un élève n'y est qu'une fois)"
        )
    if kind == "ine":
        return f"INE {key} donné à {count} élèves : {', '.join(labels)}"
    if kind == "private":
        return f"ID_PRV_ELE {key} donné à {count} élèves : {', '.join(labels)}"
    if kind in _PER_PUPIL:
        return (
            f"{labels[0]} : {count} blocs de {_PER_PUPIL[kind]} pour le même élève (un seul "
            "attendu)"
        )
    if kind == "personne":
        return f"{labels[0]} : figure {count} fois dans le bloc PERSONNES"
    return f"{labels[0]} : figure {count} fois"


def _orphan_note(kind: str, keys: _Keys, identifier: str, label: str) -> str:
    if kind in _PER_PUPIL:
        return (
            f"{label} : élève absent du bloc ELEVES, ses {_PER_PUPIL[kind]} ne sont rattachées "
            "à aucun élève"
        )
    if kind == "lien_eleve":
        return f"{label} : élève absent de l'export Élèves"
    if kind == "lien_personne":
        return f"{label} : personne absente du bloc PERSONNES"
    if kind.startswith("adresse:"):
        return f"{label} : rattachée à aucun élève ni responsable"
    return f"{label} : adresse ADRESSE_ID={identifier} absente de l'export"


def _interleaved(groups: Iterable[list[str]]) -> list[str]:
    """The items of ``groups`` taken in turn from each (first of each, second of each...): a
    bounded message then shows every kind."""
    lists = list(groups)
    merged: list[str] = []
    for position in range(max((len(g) for g in lists), default=0)):
        merged += [group[position] for group in lists if position < len(group)]
    return merged


def audit_exports(eleves: Path | None, responsables: Path | None = None) -> AuditResult:
    """The audit of an Élèves export and/or a Responsables export, read for this alone (the
    commands that read the records anyway feed an :class:`ExportAudit` as they go)."""
    from ..io.reader import open_document

    audit = ExportAudit()
    for kind, path in (("eleves", eleves), ("responsables", responsables)):
        if path is None:
            continue
        with open_document(path) as doc:
            audit.begin(kind, path)
            for _ in doc.extracted(_feeding(audit, doc.format.records)):
                pass
    return audit.result(with_eleves=eleves is not None, with_responsables=responsables is not None)


def _feeding(
    audit: ExportAudit, models: Mapping[str, type[Record]]
) -> Callable[[str, etree._Element], None]:
    """A record extractor (:meth:`Document.extracted`) feeding ``audit``."""

    def feed(block: str, element: etree._Element) -> None:
        audit.element(block, element, models.get(block))

    return feed


def _reading(models: Mapping[str, type[Record]]) -> Callable[[str, etree._Element], _Keys | None]:
    """A record extractor giving what the audit reads of each record."""

    def read(block: str, element: etree._Element) -> _Keys | None:
        model = models.get(block)
        return _keys_of_element(model, element) if model is not None else None

    return read
