"""``siecle inspect``: what a file is, without changing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import ExitCode
from ..french import year_label
from ._common import echo_json, existing_path


def describe(path: Path) -> dict[str, Any]:
    """Read ``path`` to its end and describe it (kind, version, school, counts, and the
    inconsistencies of an export)."""
    from ..exchange.export_audit import ExportAudit
    from ..identifiers import school_problem
    from ..io.reader import open_document

    with open_document(path) as doc:
        distinct: dict[str, tuple[str, str, set[str]]] = {}
        for name, where in doc.format.counts.items():
            if "/" in where:
                block, child = where.split("/", 1)
                distinct[block] = (name, child, set())
        audit = ExportAudit() if doc.kind in ("eleves", "responsables") else None
        if audit is not None:
            audit.begin(doc.kind, path)
        models = doc.format.records

        def extract(block: str, element: Any) -> None:
            if audit is not None:
                audit.element(block, element, models.get(block))
            wanted = distinct.get(block)
            if wanted is not None:
                for item in element:
                    if item.tag == wanted[1]:
                        wanted[2].add(item.text or "")
                        break

        if distinct or audit is not None:
            for _ in doc.extracted(extract, {*models, *distinct}):
                pass
        else:
            doc.drain()
        counts: dict[str, int] = {}
        for name, where in doc.format.counts.items():
            if "/" in where:
                counts[name] = len(distinct[where.split("/", 1)[0]][2])
            else:
                counts[name] = doc.counts.get(where, 0)
        parameters = doc.parameters
        version_note = None
        if doc.format.versions and doc.version not in doc.format.versions:
            version_note = (
                f"version {doc.version!r} jamais rencontrée pour ce format "
                f"(connues : {', '.join(doc.format.versions)}) : lue au mieux"
            )
        faults: list[str] = []
        notes: list[str] = []
        if doc.kind != "import-eleves":
            problem = school_problem(doc.uai, doc.school_year)
            if problem is not None:
                faults.append(f"{problem} : ce fichier ne dit pas de quel établissement il vient")
        if audit is not None:
            found = audit.result(
                with_eleves=doc.kind == "eleves", with_responsables=doc.kind == "responsables"
            )
            faults += found.faults
            notes += found.notes
        return {
            "file": str(path),
            "member": doc.info.member,
            "kind": doc.kind,
            "title": doc.format.title,
            "variant": doc.variant,
            "root": doc.root,
            "version": doc.version,
            "uai": doc.uai,
            "school_year": doc.school_year,
            "encoding": doc.info.declared_encoding or doc.info.encoding.upper(),
            "exported": parameters.get("HORODATAGE")
            or parameters.get("DATE_EXPORT")
            or parameters.get("DATE_IMPORT"),
            "counts": counts,
            "blocks": dict(sorted(doc.counts.items())),
            "empty_blocks": sorted(b for b in doc.blocks_seen if not doc.counts.get(b)),
            "warnings": [version_note] if version_note else [],
            "faults": faults,
            "notes": notes,
        }


@click.command()
@click.argument("file", type=existing_path)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (un objet sur stdout).")
def inspect(file: Path, as_json: bool) -> int:
    """Décrire FILE (XML ou zip) : type, version, UAI, année scolaire, encodage, effectifs.

    Les incohérences d'un export (UAI ou année absente ou impossible, élève ou INE en double,
    enregistrement vide...) sont signalées par leur nom. Code de sortie : 0, 1 s'il y a une
    incohérence, 2 si le fichier est illisible.
    """
    info = describe(file)
    if as_json:
        echo_json(info)
        return ExitCode.FINDINGS if info["faults"] else ExitCode.OK
    where = f"{info['file']}" + (f" (fichier {info['member']})" if info["member"] else "")
    variant = f", {info['variant'].replace('-', ' ')}" if info["variant"] else ""
    lines = [
        f"Fichier        : {where}",
        f"Type           : {info['title']}{variant} [{info['kind']}]",
        f"Version        : {info['version'] or '(non précisée)'}",
        f"UAI            : {info['uai'] or '(absente)'}",
        f"Année scolaire : {year_label(info['school_year'])}",
        f"Encodage       : {info['encoding']}",
    ]
    if info["exported"]:
        lines.append(f"Date           : {info['exported']}")
    for name, value in info["counts"].items():
        lines.append(f"{name.capitalize():<15}: {value}")
    blocks = ", ".join(f"{k} {v}" for k, v in info["blocks"].items())
    lines.append(f"Blocs          : {blocks or 'aucun'}")
    for warning in info["warnings"]:
        lines.append(f"Attention      : {warning}")
    from ..exchange.export_audit import MAX_LISTED

    for fault in info["faults"][:MAX_LISTED]:
        lines.append(f"Incohérence    : {fault}")
    for note in info["notes"][:MAX_LISTED]:
        lines.append(f"Note           : {note}")
    for what, items in (("incohérence(s)", info["faults"]), ("note(s)", info["notes"])):
        if len(items) > MAX_LISTED:
            lines.append(f"               … et {len(items) - MAX_LISTED} autre(s) {what}")
    click.echo("\n".join(lines))
    return ExitCode.FINDINGS if info["faults"] else ExitCode.OK
