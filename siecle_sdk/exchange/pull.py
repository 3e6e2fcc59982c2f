"""``pull``: SIECLE's exports into a vendor's data, and the INE return.

Every file is recognised from its content and read to its end before anything is written; files
of another school or year, or that do not say which, are refused. The vendor's adapter writes the
code lists, the structures, then the pupils and persons; the counts it declares must be the counts
read. ``return_ine`` writes only the INE of the Élèves export to the same pupils. Each run is one
line of the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CountMismatch, UnusableInput
from ..french import year_label
from ..identifiers import school_problem
from ..io.reader import open_document
from ..models.nomenclature import Nomenclature
from ..models.structures import Structures
from ..plugin.context import SchoolContext
from ..plugin.manager import get_manager
from .ine_return import check_same_school, match_updates
from .ledger import Entry, Ledger, sha256_of
from .takeover import ine_updates, read_exports

__all__ = ["IneResult", "PullResult", "exports_by_kind", "pull", "return_ine"]

#: the exports ``pull`` takes in
USED = ("nomenclature", "structures", "communs", "eleves", "responsables")


@dataclass
class PullResult:
    """What was written into the vendor's data."""

    #: (what, counts the adapter declares), in the order written
    written: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    #: files given but not used (``name (kind)``)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class IneResult:
    """The INE written to the vendor's pupils."""

    updated: list[str]
    unchanged: list[str]
    #: pupils of the export not found in the vendor's data
    not_found: list[str]
    #: matches left aside, with why
    refused: list[str]


def exports_by_kind(files: Sequence[Path]) -> dict[str, Path]:
    """Recognise each file from its content (read whole: a damaged one is refused before any
    write); refuse duplicates, files that do not say which school and year they are of, and mixed
    schools or years."""
    found: dict[str, Path] = {}
    schools: dict[tuple[str | None, str | None], Path] = {}
    for path in files:
        with open_document(path) as doc:
            kind = doc.kind
            key = (doc.uai, doc.school_year)
            # every file is read to its end before anything is written from any of them
            doc.drain()
        if kind == "import-eleves":
            raise UnusableInput(
                f"{path} est un fichier d'import du privé, pas un export de "
                "SIECLE : utilisez « siecle check » pour le contrôler."
            )
        if kind in found:
            raise UnusableInput(
                f"Deux fichiers du même type ({kind}) : {found[kind]} et {path}. "
                "Donnez un seul export de chaque type."
            )
        found[kind] = path
        if kind not in USED:
            continue
        problem = school_problem(*key)
        if problem is not None:
            raise UnusableInput(
                f"{path} : {problem}. Rien n'a été importé : un export qui ne dit pas de quel "
                "établissement et de quelle année il vient ne peut pas être repris. Refaites-le "
                "depuis SIECLE, sans le modifier."
            )
        schools.setdefault(key, path)
    if len({uai for uai, _ in schools}) > 1 or len({y for _, y in schools}) > 1:
        described = "; ".join(
            f"{p.name} : UAI {u}, année {year_label(y)}" for (u, y), p in schools.items()
        )
        raise UnusableInput(
            f"Les fichiers ne viennent pas du même établissement ou de la même "
            f"année scolaire ({described})."
        )
    return found


def pull(
    vendor: str, files: Sequence[Path], target: Path, *, ledger_path: Path | None = None
) -> PullResult:
    """Write the exports ``files`` into the vendor's data at ``target``."""
    adapter = get_manager().adapter(vendor)
    kinds = exports_by_kind(files)
    result = PullResult(ignored=[f"{p.name} ({k})" for k, p in kinds.items() if k not in USED])
    if "nomenclature" in kinds and adapter.provides("siecle_write_nomenclature"):
        report = adapter.write_nomenclature(target, Nomenclature.load(kinds["nomenclature"]))
        result.written.append(("nomenclature", report.counts))
    if "structures" in kinds and adapter.provides("siecle_write_structures"):
        report = adapter.write_structures(target, Structures.load(kinds["structures"]))
        result.written.append(("structures", report.counts))
    counts: dict[str, int] = {}
    if "eleves" in kinds:
        if "responsables" not in kinds:
            result.notes.append(
                "export Responsables absent : les élèves sont importés sans leurs responsables."
            )
        taken = read_exports(kinds["eleves"], kinds.get("responsables"), kinds.get("communs"))
        report = adapter.write_school(target, taken.school, _context(kinds))
        for name in ("eleves", "personnes"):
            if report.counts.get(name) != taken.read[name]:
                raise CountMismatch(
                    f"{taken.read[name]} {name} lus dans les exports, mais l'adaptateur "
                    f"« {vendor} » en déclare {report.counts.get(name)} écrits : ses données ont "
                    "été modifiées sans tout reprendre, vérifiez-les avant tout envoi "
                    "(l'adaptateur ne respecte pas le contrat)."
                )
        result.written.append(("élèves et responsables", report.counts))
        result.notes += taken.notes + report.notes
        counts = taken.read
    elif "responsables" in kinds:
        result.notes.append(
            "export Responsables sans export Élèves : ignoré (les liens ont besoin des élèves)."
        )
    if not result.written:
        raise UnusableInput("Aucun export utilisable par l'adaptateur parmi les fichiers donnés.")
    _record(ledger_path, "pull", kinds, counts=counts)
    return result


def return_ine(
    vendor: str, files: Sequence[Path], target: Path, *, ledger_path: Path | None = None
) -> IneResult:
    """Write the INE of the Élèves export to the same pupils of the same school and year."""
    adapter = get_manager().adapter(vendor)
    kinds = exports_by_kind(files)
    if "eleves" not in kinds:
        raise UnusableInput("--ine-only demande l'export Élèves (sans ou avec adresses).")
    export = kinds["eleves"]
    uai, year, updates = ine_updates(export)
    if not adapter.provides("siecle_read_school"):
        raise UnusableInput(
            f"L'adaptateur « {vendor} » ne sait pas relire ses données (siecle_read_school) : "
            "impossible de vérifier qu'elles sont du même établissement que l'export ; aucun "
            "INE n'a été reporté."
        )
    context = _context(kinds)
    school = adapter.read_school(target, context)
    check_same_school(export.name, uai, year, school)
    matching = match_updates(updates, school.pupils)
    ine = adapter.write_ine(target, matching.updates, context)
    if len(ine.updated) + len(ine.unchanged) + len(ine.not_found) != len(matching.updates):
        raise CountMismatch(
            f"{len(matching.updates)} élèves rapprochés mais l'adaptateur « {vendor} » en "
            "déclare un nombre différent : ses données ont pu être modifiées en partie, "
            "vérifiez-les avant tout envoi (l'adaptateur ne respecte pas le contrat)."
        )
    result = IneResult(
        updated=list(ine.updated),
        unchanged=list(ine.unchanged),
        not_found=list(matching.not_found) + list(ine.not_found),
        refused=list(matching.refused),
    )
    _record(
        ledger_path,
        "pull --ine-only",
        kinds,
        counts={"eleves": len(updates)},
        detail=f"{len(ine.updated)} INE mis à jour"
        + (f", {len(matching.refused)} écarté(s)" if matching.refused else ""),
    )
    return result


def _context(kinds: dict[str, Path]) -> SchoolContext:
    """The school's exports given beside the Élèves one, for the adapter."""
    return SchoolContext(kinds.get("nomenclature"), kinds.get("communs"), kinds.get("structures"))


def _record(
    ledger_path: Path | None,
    command: str,
    kinds: dict[str, Path],
    counts: dict[str, int],
    detail: str = "",
) -> None:
    """One history line for the exports taken in."""
    first = kinds.get("eleves") or next(iter(kinds.values()))
    with open_document(first) as doc:
        uai, year = doc.uai or "", doc.school_year or ""
    names = ", ".join(p.name for p in kinds.values())
    Ledger(ledger_path).record(
        Entry(
            command=command,
            file_name=names[:200],
            uai=uai,
            school_year=year,
            sha256=sha256_of(first),
            responsables=counts.get("personnes"),
            eleves=counts.get("eleves"),
            detail=detail,
        )
    )
