"""``siecle inspect``: what a file is, without changing anything."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExitCode
from ..exchange.inspect import describe
from ..french import year_label
from ._common import echo_json, existing_path


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
