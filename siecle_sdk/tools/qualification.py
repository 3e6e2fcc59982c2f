"""The test file of SIECLE's editor-qualification protocol.

Before a software is used in production, its editor sends SIECLE a test file: about 100
representative pupils, every element of the schema at least once, one pupil with the minimum and
one with the maximum of data. The file is built from a school's pupils (the vendor's data or a
synthetic school): the pupils that bring elements not yet covered are chosen first (greedy set
cover over the element paths of the XSD), then the poorest and the richest pupils, then pupils
spread over the MEFs and the leavers until the target size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from lxml import etree

from ..io.nodes import Node
from ..models.import_eleves import Eleve, Personne
from ..plugin.adapter import School

__all__ = ["Selection", "schema_paths", "select"]

_XS = "{http://www.w3.org/2001/XMLSchema}"
#: the records whose element paths are covered by choosing pupils (the header is always there)
_RECORDS = ("PERSONNE", "ELEVE")


@cache
def schema_paths(version: str = "3.1") -> frozenset[str]:
    """Every element path under ``PERSONNE`` and ``ELEVE`` the XSD allows (``ELEVE/ADRESSE``...)."""
    from ..io.schema import SCHEMA_FILES

    tree = etree.parse(str(files("siecle_sdk.io.xsd") / SCHEMA_FILES[version]))
    root = tree.getroot()
    types = {
        t.get("name"): t
        for t in root
        if t.get("name") and t.tag in (f"{_XS}complexType", f"{_XS}simpleType", f"{_XS}group")
    }
    elements = {e.get("name"): e for e in root if e.tag == f"{_XS}element"}
    paths: set[str] = set()

    def walk(node: Any, path: str, seen: frozenset[str]) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag == f"{_XS}element" and (child.get("name") or child.get("ref")):
                name = child.get("name") or child.get("ref")
                here = f"{path}/{name}" if path else name
                paths.add(here)
                if child.get("ref") in elements and name not in seen:
                    walk(elements[name], here, seen | {name})
                    continue
                kind = child.get("type")
                if kind in types and kind not in seen:
                    walk(types[kind], here, seen | {kind})
                walk(child, here, seen)
            elif tag == f"{_XS}group" and child.get("ref") in types:
                walk(types[child.get("ref")], path, seen)
            elif tag in (
                f"{_XS}complexType",
                f"{_XS}sequence",
                f"{_XS}choice",
                f"{_XS}complexContent",
                f"{_XS}extension",
                f"{_XS}all",
            ):
                base = child.get("base")
                if base in types and base not in seen:
                    walk(types[base], path, seen | {base})
                walk(child, path, seen)

    walk(root, "", frozenset())
    return frozenset(p for p in map(_from_record, paths) if p)


def _from_record(path: str) -> str | None:
    """``IMPORT_ELEVES/DONNEES/ELEVES/ELEVE/X`` -> ``ELEVE/X``; ``None`` outside the records."""
    parts = path.split("/")
    for index, part in enumerate(parts):
        if part in _RECORDS:
            return "/".join(parts[index:])
    return None


def _paths(node: Node, prefix: str = "") -> Iterator[str]:
    here = f"{prefix}/{node['tag']}" if prefix else node["tag"]
    yield here
    for child in node.get("children", ()):
        yield from _paths(child, here)


def record_paths(record: Eleve | Personne) -> frozenset[str]:
    """The element paths a record writes (``ELEVE/SCOLARITE_ACTIVE/OPTIONS/OPTION``...)."""
    return frozenset(_paths(record.to_node()))


@dataclass
class Selection:
    """The pupils and persons chosen for the qualification file, and what they cover."""

    pupils: list[Eleve] = field(default_factory=list)
    persons: list[Personne] = field(default_factory=list)
    covered: set[str] = field(default_factory=set)
    #: element paths of the schema no pupil of the school uses
    missing: list[str] = field(default_factory=list)
    minimal: str | None = None
    maximal: str | None = None

    def school(self, source: School) -> School:
        """The qualification school: the source's identity with the chosen records."""
        return dataclasses.replace(source, persons=self.persons, pupils=self.pupils)


def select(school: School, size: int = 100, version: str = "3.1") -> Selection:
    """Choose about ``size`` pupils of ``school`` covering every element of the schema."""
    persons = {p.id_prv_per: p for p in school.persons}
    person_paths = {key: record_paths(p) for key, p in persons.items()}
    candidates: list[tuple[Eleve, frozenset[str]]] = []
    for pupil in school.pupils:
        uses = set(record_paths(pupil))
        for _, link in pupil.links():
            uses |= person_paths.get(link.id_prv_per, frozenset())
        candidates.append((pupil, frozenset(uses)))
    wanted = set(schema_paths(version))
    chosen: dict[str, Eleve] = {}
    covered: set[str] = set()
    remaining = list(candidates)
    while remaining:
        best, best_paths = max(remaining, key=lambda item: len((item[1] & wanted) - covered))
        if not (best_paths & wanted) - covered:
            break
        chosen[best.id_prv_ele] = best
        covered |= best_paths
        remaining = [c for c in remaining if c[0].id_prv_ele != best.id_prv_ele]
    selection = Selection()
    if candidates:
        poorest = min(candidates, key=lambda item: (len(item[1]), item[0].id_prv_ele))
        richest = max(candidates, key=lambda item: (len(item[1]), item[0].id_prv_ele))
        for pupil, paths in (poorest, richest):
            chosen[pupil.id_prv_ele] = pupil
            covered |= paths
        selection.minimal = poorest[0].label
        selection.maximal = richest[0].label
    for pupil in _spread(candidates, chosen, size):
        chosen[pupil.id_prv_ele] = pupil
    selection.pupils = list(chosen.values())
    needed = {link.id_prv_per for pupil in selection.pupils for _, link in pupil.links()}
    selection.persons = [p for key, p in persons.items() if key in needed]
    selection.covered = covered & wanted
    selection.missing = sorted(wanted - covered)
    return selection


def _spread(
    candidates: Iterable[tuple[Eleve, frozenset[str]]], chosen: dict[str, Eleve], size: int
) -> Iterator[Eleve]:
    """More pupils up to ``size``, taken in turn from each MEF (leavers as their own group)."""
    groups: dict[str, list[Eleve]] = {}
    for pupil, _ in candidates:
        if pupil.id_prv_ele in chosen:
            continue
        mef = pupil.scolarite_active.code_mef if pupil.scolarite_active else ""
        groups.setdefault("sortants" if pupil.is_leaver else mef, []).append(pupil)
    room = size - len(chosen)
    queues = [iter(v) for _, v in sorted(groups.items())]
    while room > 0 and queues:
        for queue in list(queues):
            following = next(queue, None)
            if following is None:
                queues.remove(queue)
                continue
            yield following
            room -= 1
            if room == 0:
                return
