"""``siecle inspect``: what a file is, without changing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ._common import echo_json, existing_path, year_label


def describe(path: Path) -> dict[str, Any]:
    """Read ``path`` to its end and describe it (kind, version, school, counts)."""
    from ..reader import open_document

    with open_document(path) as doc:
        distinct: dict[str, tuple[str, str, set[str]]] = {}
        for name, where in doc.format.counts.items():
            if "/" in where:
                block, child = where.split("/", 1)
                distinct[block] = (name, child, set())
        if distinct:
            for block, node in doc.records():
                wanted = distinct.get(block)
                if wanted is None:
                    continue
                for item in node.get("children", ()):
                    if item["tag"] == wanted[1]:
                        wanted[2].add(item.get("text", ""))
                        break
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
        }


@click.command()
@click.argument("file", type=existing_path)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (un objet sur stdout).")
def inspect(file: Path, as_json: bool) -> int:
    """Décrire FILE (XML ou zip) : type, version, UAI, année scolaire, encodage, effectifs."""
    info = describe(file)
    if as_json:
        echo_json(info)
        return 0
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
    click.echo("\n".join(lines))
    return 0
