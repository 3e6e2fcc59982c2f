"""``siecle qualification``: the test file of SIECLE's editor-qualification protocol."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExitCode, UnusableInput


@click.command()
@click.argument("vendor", required=False)
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, exists=True),
    help="Données du logiciel VENDOR.",
)
@click.option(
    "--synthetic",
    is_flag=True,
    help="Partir d'un établissement fictif plutôt que des données du logiciel.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier où écrire le fichier de qualification et son bilan.",
)
@click.option(
    "--taille",
    "size",
    type=click.IntRange(10, 5000),
    default=100,
    show_default=True,
    help="Nombre d'élèves visé.",
)
@click.option("--logiciel", help="Nom du logiciel (LOGICIEL), celui de la qualification.")
def qualification(
    vendor: str | None,
    source: Path | None,
    synthetic: bool,
    out: Path,
    size: int,
    logiciel: str | None,
) -> int:
    """Produire le fichier de test du protocole de qualification des éditeurs (SIECLE).

    Environ 100 élèves représentatifs, chaque élément du schéma au moins une fois, un élève
    avec le minimum et un avec le maximum de données, tirés des données du logiciel VENDOR
    (--from) ou d'un établissement fictif (--synthetic). Un bilan de couverture est écrit à
    côté du zip ; code de sortie 1 si des éléments du schéma ne sont couverts par aucun élève.
    """
    from ..exchange.packaging import build_package
    from ..io.writer import atomic_write
    from ..tools.qualification import schema_paths, select

    if synthetic:
        from ..tools.synthetic import SyntheticSchool

        school = SyntheticSchool(pupils=max(size * 4, 400), seed=2018).exchange_school("CONFORME")
    elif vendor and source:
        from ..plugin.manager import get_manager

        school = get_manager().adapter(vendor).read_school(source)
    else:
        raise UnusableInput(
            "Donnez un adaptateur et ses données (VENDOR --from SOURCE) ou --synthetic."
        )
    selection = select(school, size)
    software = logiciel or school.software or (vendor or "QUALIF").replace("_", "").upper()[:10]
    package = build_package(selection.school(school), out, software=software, send_number=1)
    total = len(schema_paths())
    lines = [
        f"Fichier de qualification : {package.zip_path.name}",
        f"{len(selection.pupils)} élèves, {len(selection.persons)} responsables.",
        f"Élève minimal : {selection.minimal}",
        f"Élève maximal : {selection.maximal}",
        f"Éléments du schéma couverts : {len(selection.covered)} sur {total}.",
    ]
    if selection.missing:
        lines.append("Éléments qu'aucun élève n'utilise (à ajouter dans les données de test) :")
        lines += [f"  - {path}" for path in selection.missing]
    report = out / "couverture.txt"
    with atomic_write(report, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    click.echo("\n".join(lines))
    click.echo(f"Bilan écrit dans {report}")
    return ExitCode.FINDINGS if selection.missing else ExitCode.OK
