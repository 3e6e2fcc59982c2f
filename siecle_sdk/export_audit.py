"""Is an Élèves / Responsables export whole and of one piece? Its own consistency, record by record.

SIECLE writes every pupil once with its own ``ELEVE_ID``, every INE to one pupil, one ``OPTION``,
``STRUCTURES_ELEVE`` and ``BOURSE`` record per pupil of the ``ELEVES`` block, every person once,
every link once, and no record without its identifier. A file that breaks one of these was
assembled or edited by hand (two exports pasted together, a ``DONNEES`` block repeated...): taken
as it is, it would give one pupil twice, one INE to two pupils, or an empty pupil. Such problems
are *faults*: the commands that write data refuse the file, the others say so.

Records pointing to a pupil or person the exports do not hold (a link to a pupil who left between
the two exports...) cannot be taken in but do not make the rest doubtful: they are *notes*, named
one by one, so that nothing is left out without a word.

The audit is fed record by record while a command streams the file (typed records with
:meth:`ExportAudit.record`, or the raw nodes of ``siecle inspect`` with :meth:`ExportAudit.node`),
Élèves before Responsables, and keeps only identifiers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .models import Record
from .models import eleves as ex
from .models import responsables as rx
from .models.adresse import Adresse
from .nodes import Node

__all__ = ["MAX_LISTED", "AuditResult", "ExportAudit", "audit_exports"]

#: problems listed by name in one message (the others are counted)
MAX_LISTED = 20

#: per-pupil blocks of the Élèves export: record tag -> how messages name it
_PER_PUPIL = {"OPTION": "options", "STRUCTURES_ELEVE": "structures", "BOURSE": "bourses"}
_INE_TAGS = ("ID_NATIONAL", "INE_BEA", "INE_RNIE")


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


@dataclass
class _Pupil:
    name: str
    position: int


class ExportAudit:
    """The consistency checks of the Élèves and Responsables exports of one school."""

    def __init__(self) -> None:
        self._pupils: dict[str, _Pupil] = {}
        self._repeated_pupils: Counter[str] = Counter()
        #: INE (``ID_NATIONAL``, ``INE_BEA`` or ``INE_RNIE``) -> the pupils holding it
        self._ines: dict[str, list[str]] = defaultdict(list)
        self._private: dict[str, list[str]] = defaultdict(list)
        self._per_pupil: dict[str, Counter[str]] = {tag: Counter() for tag in _PER_PUPIL}
        self._pupil_refs: list[tuple[str, str, int]] = []
        self._persons: Counter[str] = Counter()
        self._person_names: dict[str, str] = {}
        self._links: Counter[tuple[str, str]] = Counter()
        #: addresses per file (each export numbers its own): (file, ADRESSE_ID) -> count
        self._addresses: Counter[tuple[str, str]] = Counter()
        self._address_refs: list[tuple[tuple[str, str], str]] = []
        self._with_addresses: set[str] = set()
        self._file = "eleves"
        self._positions: Counter[str] = Counter()
        self._faults: list[str] = []

    # --- feeding ------------------------------------------------------------------------
    def begin(self, kind: str) -> None:
        """The records that follow are of the ``eleves`` or ``responsables`` export."""
        self._file = kind

    def _refer(self, adresse_id: str, label: str) -> None:
        self._address_refs.append(((self._file, adresse_id), label))

    def record(self, block: str, record: Record) -> None:
        """One typed record of an Élèves or Responsables export."""
        tag = type(record).TAG
        position = self._count(tag)
        repeated = record.repeated_elements()
        if isinstance(record, ex.Eleve):
            name = f"{record.family_name or ''} {record.prenom or ''}".strip()
            ines = [record.id_national, record.ine_bea, record.ine_rnie]
            self._pupil(position, record.eleve_id, name, ines, record.id_prv_ele, repeated)
            if record.adresse_id:
                self._refer(record.adresse_id, f"élève ELEVE_ID={record.eleve_id} ({name})")
        elif isinstance(record, ex.OptionsEleve | ex.StructuresEleve | ex.BourseEleve):
            self._per_pupil_record(tag, position, record.eleve_id, repeated)
        elif isinstance(record, Adresse):
            self._address(position, record.adresse_id, repeated)
        elif isinstance(record, rx.Personne):
            name = f"{record.family_name or ''} {record.prenom or ''}".strip()
            self._person(position, record.personne_id, name, repeated)
            if record.adresse_id:
                self._refer(
                    record.adresse_id, f"personne PERSONNE_ID={record.personne_id} ({name})"
                )
        elif isinstance(record, rx.ResponsableEleve):
            self._link(position, record.eleve_id, record.personne_id, repeated)

    def node(self, block: str, node: Node, model: type[Record] | None) -> None:
        """One raw record (a node), as ``siecle inspect`` reads it: only identifiers are taken."""
        if model is None:
            return
        tag = node["tag"]
        attrs = node.get("attrs") or {}
        children: dict[str, str] = {}
        seen: Counter[str] = Counter()
        for child in node.get("children", ()):
            seen[child["tag"]] += 1
            if "children" not in child:
                children.setdefault(child["tag"], child.get("text", ""))
        single = model.single_tags()
        repeated = sorted(t for t, n in seen.items() if n > 1 and t in single)
        position = self._count(tag)
        if model is ex.Eleve:
            name = f"{children.get('NOM_DE_FAMILLE') or children.get('NOM', '')} "
            name = (name + children.get("PRENOM", "")).strip()
            ines = [children.get(t) for t in _INE_TAGS]
            eleve_id = attrs.get("ELEVE_ID")
            self._pupil(position, eleve_id, name, ines, children.get("ID_PRV_ELE"), repeated)
            if children.get("ADRESSE_ID"):
                self._refer(children["ADRESSE_ID"], f"élève ELEVE_ID={eleve_id} ({name})")
        elif tag in _PER_PUPIL:
            self._per_pupil_record(tag, position, attrs.get("ELEVE_ID"), repeated)
        elif model is Adresse:
            self._address(position, attrs.get("ADRESSE_ID"), repeated)
        elif model is rx.Personne:
            name = f"{children.get('NOM_DE_FAMILLE') or children.get('NOM', '')} "
            name = (name + children.get("PRENOM", "")).strip()
            self._person(position, attrs.get("PERSONNE_ID"), name, repeated)
            if children.get("ADRESSE_ID"):
                label = f"personne PERSONNE_ID={attrs.get('PERSONNE_ID')} ({name})"
                self._refer(children["ADRESSE_ID"], label)
        elif model is rx.ResponsableEleve:
            self._link(position, children.get("ELEVE_ID"), children.get("PERSONNE_ID"), repeated)

    # --- the checks ---------------------------------------------------------------------
    def _count(self, tag: str) -> int:
        self._positions[tag] += 1
        return self._positions[tag]

    def _empty(self, tag: str, position: int, key: str) -> None:
        self._faults.append(
            f"<{tag}> n° {position} sans {key} (enregistrement vide ou incomplet : SIECLE donne "
            "toujours cet identifiant)"
        )

    def _repeated_elements(self, label: str, repeated: Iterable[str]) -> None:
        for tag in repeated:
            self._faults.append(
                f"{label} : <{tag}> figure deux fois (une seule valeur attendue : laquelle "
                "garder ?)"
            )

    def _pupil(
        self,
        position: int,
        eleve_id: str | None,
        name: str,
        ines: list[str | None],
        private: str | None,
        repeated: list[str],
    ) -> None:
        if not eleve_id:
            self._empty("ELEVE", position, "ELEVE_ID")
            return
        label = f"élève ELEVE_ID={eleve_id} ({name})"
        self._repeated_elements(label, repeated)
        if eleve_id in self._pupils:
            self._repeated_pupils[eleve_id] += 1
            return
        self._pupils[eleve_id] = _Pupil(name, position)
        for ine in {ine.strip() for ine in ines if ine and ine.strip()}:
            self._ines[ine].append(label)
        if private and private.strip():
            key = str(int(private)) if private.strip().isdigit() else private.strip()
            self._private[key].append(label)

    def _per_pupil_record(
        self, tag: str, position: int, eleve_id: str | None, repeated: list[str]
    ) -> None:
        if not eleve_id:
            self._empty(tag, position, "ELEVE_ID")
            return
        self._repeated_elements(f"<{tag} ELEVE_ID={eleve_id}>", repeated)
        self._per_pupil[tag][eleve_id] += 1
        self._pupil_refs.append((tag, eleve_id, position))

    def _address(self, position: int, adresse_id: str | None, repeated: list[str]) -> None:
        if not adresse_id:
            self._empty("ADRESSE", position, "ADRESSE_ID")
            self._with_addresses.add(self._file)
            return
        self._repeated_elements(f"<ADRESSE ADRESSE_ID={adresse_id}>", repeated)
        self._addresses[(self._file, adresse_id)] += 1
        self._with_addresses.add(self._file)

    def _person(
        self, position: int, personne_id: str | None, name: str, repeated: list[str]
    ) -> None:
        if not personne_id:
            self._empty("PERSONNE", position, "PERSONNE_ID")
            return
        self._repeated_elements(f"personne PERSONNE_ID={personne_id} ({name})", repeated)
        self._persons[personne_id] += 1
        self._person_names.setdefault(personne_id, name)

    def _link(
        self,
        position: int,
        eleve_id: str | None,
        personne_id: str | None,
        repeated: list[str],
    ) -> None:
        if not eleve_id or not personne_id:
            missing = "ELEVE_ID" if not eleve_id else "PERSONNE_ID"
            self._empty("RESPONSABLE_ELEVE", position, missing)
            return
        self._repeated_elements(
            f"lien <RESPONSABLE_ELEVE> ELEVE_ID={eleve_id} PERSONNE_ID={personne_id}", repeated
        )
        self._links[(eleve_id, personne_id)] += 1

    # --- outcome ------------------------------------------------------------------------
    def result(self, *, with_eleves: bool = True, with_responsables: bool = False) -> AuditResult:
        """What was found. ``with_eleves``: the Élèves export was read (records pointing to
        pupils can be checked); ``with_responsables``: so was the Responsables export."""
        notes: list[str] = []
        repeated = [
            f"élève ELEVE_ID={eleve_id} ({self._pupils[eleve_id].name}) : figure {extra + 1} "
            "fois dans le bloc ELEVES (un élève n'y est qu'une fois)"
            for eleve_id, extra in sorted(self._repeated_pupils.items())
        ]
        ines = [
            f"INE {ine} donné à {len(labels)} élèves : {', '.join(labels)}"
            for ine, labels in sorted(self._ines.items())
            if len(labels) > 1
        ]
        private = [
            f"ID_PRV_ELE {key} donné à {len(labels)} élèves : {', '.join(labels)}"
            for key, labels in sorted(self._private.items())
            if len(labels) > 1
        ]
        per_pupil = [
            f"<{tag} ELEVE_ID={eleve_id}> : {count} blocs de {_PER_PUPIL[tag]} pour le même "
            "élève (un seul attendu)"
            for tag, counts in self._per_pupil.items()
            for eleve_id, count in sorted(counts.items())
            if count > 1
        ]
        persons = [
            f"personne PERSONNE_ID={personne_id} ({self._person_names[personne_id]}) : figure "
            f"{count} fois dans le bloc PERSONNES"
            for personne_id, count in sorted(self._persons.items())
            if count > 1
        ]
        links = [
            f"lien ELEVE_ID={eleve_id} PERSONNE_ID={personne_id} : figure {count} fois"
            for (eleve_id, personne_id), count in sorted(self._links.items())
            if count > 1
        ]
        addresses = [
            f"<ADRESSE ADRESSE_ID={adresse_id}> : figure {count} fois"
            for (_, adresse_id), count in sorted(self._addresses.items())
            if count > 1
        ]
        # one of each kind first, so that a bounded message still shows every kind
        faults = _interleaved(
            [self._faults, repeated, ines, private, per_pupil, persons, links, addresses]
        )
        if with_eleves:
            for tag, eleve_id, position in self._pupil_refs:
                if eleve_id not in self._pupils:
                    notes.append(
                        f"<{tag} ELEVE_ID={eleve_id}> (n° {position}) : élève absent du bloc "
                        f"ELEVES, ses {_PER_PUPIL[tag]} ne sont rattachées à aucun élève"
                    )
        if with_eleves and with_responsables:
            for eleve_id, personne_id in self._links:
                if eleve_id not in self._pupils:
                    notes.append(
                        f"lien ELEVE_ID={eleve_id} PERSONNE_ID={personne_id} : élève absent de "
                        "l'export Élèves"
                    )
        if with_responsables:
            for eleve_id, personne_id in self._links:
                if personne_id not in self._persons:
                    notes.append(
                        f"lien ELEVE_ID={eleve_id} PERSONNE_ID={personne_id} : personne absente "
                        "du bloc PERSONNES"
                    )
        used = {key for key, _ in self._address_refs}
        for key, label in self._address_refs:
            if key[0] in self._with_addresses and key not in self._addresses:
                notes.append(f"{label} : adresse ADRESSE_ID={key[1]} absente de l'export")
        for _, adresse_id in sorted(set(self._addresses) - used):
            notes.append(
                f"<ADRESSE ADRESSE_ID={adresse_id}> : rattachée à aucun élève ni responsable"
            )
        return AuditResult(faults, notes, len(self._pupils))


def _interleaved(groups: list[list[str]]) -> list[str]:
    """The items of ``groups`` taken in turn from each (first of each, second of each...)."""
    merged: list[str] = []
    for position in range(max((len(g) for g in groups), default=0)):
        merged += [group[position] for group in groups if position < len(group)]
    return merged


def audit_exports(eleves: Path | None, responsables: Path | None = None) -> AuditResult:
    """The audit of an Élèves export and/or a Responsables export, read for this alone (the
    commands that read the records anyway feed an :class:`ExportAudit` as they go)."""
    from .reader import open_document

    audit = ExportAudit()
    for kind, path in (("eleves", eleves), ("responsables", responsables)):
        if path is None:
            continue
        with open_document(path) as doc:
            audit.begin(kind)
            for block, record in doc.typed():
                audit.record(block, record)
    return audit.result(with_eleves=eleves is not None, with_responsables=responsables is not None)
