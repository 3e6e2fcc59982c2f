"""``siecle push``: the vendor's data to the zip SIECLE expects."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import existing_path, year_label


@click.command()
@click.argument("vendor")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(path_type=Path, exists=True),
    help="Données du logiciel (dossier, base…).",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier où écrire le zip à déposer dans SIECLE.",
)
@click.option("--nomenclature", type=existing_path, help="Export Nomenclature (contrôles).")
@click.option("--structures", type=existing_path, help="Export Structures (contrôles).")
@click.option("--communs", type=existing_path, help="Export Communs (contrôles).")
@click.option("--eleves", type=existing_path, help="Dernier export Élèves (rapprochement).")
@click.option("--logiciel", help="Nom du logiciel (LOGICIEL, 10 caractères au plus).")
@click.option(
    "--num-envoi",
    type=click.IntRange(0, 99999),
    default=1,
    show_default=True,
    help="Numéro d'envoi (NUM_ENVOI).",
)
def push(
    vendor: str,
    source: Path,
    out: Path,
    nomenclature: Path | None,
    structures: Path | None,
    communs: Path | None,
    eleves: Path | None,
    logiciel: str | None,
    num_envoi: int,
) -> int:
    """Produire le fichier d'import du privé (IMPORT_ELEVES 3.1 dans un zip nommé selon la
    règle de SIECLE) à partir des données du logiciel VENDOR.

    Le fichier contient tous les élèves de l'établissement, sortants compris, et tous leurs
    responsables ; il est vérifié avec le schéma officiel avant d'être écrit.
    """
    from ..packaging import build_package
    from ..plugins import get_manager

    manager = get_manager()
    adapter = manager.adapter(vendor)
    school = adapter.read_school(source)
    software = logiciel or school.software or vendor.replace("_", "").upper()[:10]
    package = build_package(
        school,
        out,
        software=software,
        send_number=num_envoi,
        template_dirs=tuple(manager.template_dirs(vendor)),
    )
    written = package.written
    click.echo(f"Fichier à déposer dans SIECLE : {package.zip_path}")
    click.echo(
        f"  établissement {school.uai}, année {year_label(school.school_year)}, "
        f"envoi n° {num_envoi}, logiciel {software}"
    )
    click.echo(
        f"  {written.eleves} élèves (dont {written.sortants} sortants), "
        f"{written.personnes} responsables, {written.liens} liens, "
        f"{written.options} options"
    )
    for record, field, before, after in written.changes[:20]:
        click.echo(f"  normalisé : {record}, {field} : « {before} » → « {after} »")
    if len(written.changes) > 20:
        click.echo(f"  … et {len(written.changes) - 20} autres valeurs normalisées")
    return 0
