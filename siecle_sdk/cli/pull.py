"""``siecle pull``: SIECLE exports into the vendor's data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CountMismatch, ExitCode, UnusableInput
from ..plugin.context import SchoolContext
from ._common import existing_path, ledger_option, year_label

if TYPE_CHECKING:
    from ..plugin.manager import Adapter

_USED = ("nomenclature", "structures", "communs", "eleves", "responsables")


def _kinds(files: tuple[Path, ...]) -> dict[str, Path]:
    """Recognise each file from its content (read whole: a damaged one is refused before any
    write); refuse duplicates, files that do not say which school and year they are of, and mixed
    schools or years."""
    from ..identifiers import school_problem
    from ..io.reader import open_document

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
        if kind not in _USED:
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


@click.command()
@click.argument("vendor")
@click.argument("files", nargs=-1, required=True, type=existing_path)
@click.option(
    "--into",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    help="Données du logiciel à mettre à jour (créées si absentes).",
)
@click.option(
    "--ine-only",
    is_flag=True,
    help="Ne reporter que les INE de l'export Élèves, sans rien modifier d'autre.",
)
@ledger_option
def pull(
    vendor: str, files: tuple[Path, ...], target: Path, ine_only: bool, ledger_path: Path | None
) -> int:
    """Importer des exports SIECLE (XML ou zip, dans n'importe quel ordre) dans les données
    du logiciel VENDOR.

    Les types de fichiers sont reconnus d'après leur contenu. Avec --ine-only, seuls les INE
    de l'export Élèves sont reportés (retour des INE attribués par l'académie).
    """
    from ..plugin.manager import get_manager

    adapter = get_manager().adapter(vendor)
    kinds = _kinds(files)
    ignored = [f"{p.name} ({k})" for k, p in kinds.items() if k not in _USED]
    if ine_only:
        if "eleves" not in kinds:
            raise UnusableInput("--ine-only demande l'export Élèves (sans ou avec adresses).")
        return _ine_only(adapter, vendor, target, kinds, ledger_path)
    done: list[str] = []
    if "nomenclature" in kinds and adapter.provides("siecle_write_nomenclature"):
        from ..models.nomenclature import Nomenclature

        report = adapter.write_nomenclature(target, Nomenclature.load(kinds["nomenclature"]))
        done.append(_summary("nomenclature", report.counts))
    if "structures" in kinds and adapter.provides("siecle_write_structures"):
        from ..models.structures import Structures

        report = adapter.write_structures(target, Structures.load(kinds["structures"]))
        done.append(_summary("structures", report.counts))
    notes: list[str] = []
    if "eleves" in kinds:
        from ..exchange.takeover import read_exports

        if "responsables" not in kinds:
            notes.append(
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
        done.append(_summary("élèves et responsables", report.counts))
        notes += taken.notes + report.notes
    elif "responsables" in kinds:
        notes.append(
            "export Responsables sans export Élèves : ignoré (les liens ont besoin des élèves)."
        )
    if not done:
        raise UnusableInput("Aucun export utilisable par l'adaptateur parmi les fichiers donnés.")
    click.echo(f"Données du logiciel « {vendor} » mises à jour dans {target} :")
    for line in done:
        click.echo(f"  {line}")
    for name in ignored:
        click.echo(f"  ignoré : {name}")
    for note in notes:
        click.echo(f"  note : {note}")
    _record(ledger_path, "pull", kinds, counts=taken.read if "eleves" in kinds else {})
    return 0


def _ine_only(
    adapter: Adapter, vendor: str, target: Path, kinds: dict[str, Path], ledger_path: Path | None
) -> int:
    """The INE of the Élèves export, written to the same pupils of the same school and year."""
    from ..exchange.ine_return import check_same_school, match_updates
    from ..exchange.takeover import ine_updates

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
    not_found = matching.not_found + ine.not_found
    click.echo(
        f"INE reportés dans {target} : {len(ine.updated)} élève(s) mis à jour, "
        f"{len(ine.unchanged)} inchangé(s), {len(not_found)} introuvable(s), "
        f"{len(matching.refused)} écarté(s)."
    )
    for label in not_found:
        click.echo(f"  introuvable dans le logiciel : {label}")
    for reason in matching.refused:
        click.echo(f"  écarté : {reason}")
    _record(
        ledger_path,
        "pull --ine-only",
        kinds,
        counts={"eleves": len(updates)},
        detail=f"{len(ine.updated)} INE mis à jour"
        + (f", {len(matching.refused)} écarté(s)" if matching.refused else ""),
    )
    return ExitCode.FINDINGS if matching.refused else ExitCode.OK


def _context(kinds: dict[str, Path]) -> SchoolContext:
    """The school's exports given beside the Élèves one, for the adapter."""
    return SchoolContext(kinds.get("nomenclature"), kinds.get("communs"), kinds.get("structures"))


def _summary(what: str, counts: dict[str, int]) -> str:
    return f"{what} : " + ", ".join(f"{v} {k}" for k, v in counts.items())


def _record(
    ledger_path: Path | None,
    command: str,
    kinds: dict[str, Path],
    counts: dict[str, int],
    detail: str = "",
) -> None:
    """One history line for the exports taken in."""
    from ..exchange.ledger import Entry, Ledger, sha256_of
    from ..io.reader import open_document

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
