"""``siecle pull``: SIECLE's exports into a vendor's data, or the INE return."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExitCode
from ._common import existing_path, ledger_option


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
    from ..exchange.pull import pull as pull_exports
    from ..exchange.pull import return_ine

    if ine_only:
        ine = return_ine(vendor, files, target, ledger_path=ledger_path)
        click.echo(
            f"INE reportés dans {target} : {len(ine.updated)} élève(s) mis à jour, "
            f"{len(ine.unchanged)} inchangé(s), {len(ine.not_found)} introuvable(s), "
            f"{len(ine.refused)} écarté(s)."
        )
        for label in ine.not_found:
            click.echo(f"  introuvable dans le logiciel : {label}")
        for reason in ine.refused:
            click.echo(f"  écarté : {reason}")
        return ExitCode.FINDINGS if ine.refused else ExitCode.OK
    result = pull_exports(vendor, files, target, ledger_path=ledger_path)
    click.echo(f"Données du logiciel « {vendor} » mises à jour dans {target} :")
    for what, counts in result.written:
        click.echo(f"  {what} : " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for name in result.ignored:
        click.echo(f"  ignoré : {name}")
    for note in result.notes:
        click.echo(f"  note : {note}")
    return ExitCode.OK
