"""``siecle push``: the vendor's data to the zip SIECLE expects, checked first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..academie import load_academie, parse_now
from ..folders import data_folder
from ..french import year_label
from ._common import (
    academie_option,
    check_output,
    context_cache,
    ledger_option,
    no_cache_option,
    now_option,
)
from .check import context_options

if TYPE_CHECKING:
    from ..exchange.push import PushResult
    from ..rules.engine import Report


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
@context_options
@click.option("--logiciel", help="Nom du logiciel (LOGICIEL, 10 caractères au plus).")
@ledger_option
@click.option(
    "--force", is_flag=True, help="Produire le zip même si des fiches seraient rejetées par SIECLE."
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Écrire aussi le compte-rendu anticipé en HTML dans ce fichier.",
)
@no_cache_option
@academie_option
@now_option("Date et heure du dépôt à considérer (par défaut maintenant, heure de Paris).")
def push(
    vendor: str,
    source: Path,
    out: Path,
    logiciel: str | None,
    force: bool,
    report_path: Path | None,
    ledger_path: Path | None,
    no_cache: bool,
    academie: str | None,
    now_text: str | None,
    **exports: Path | None,
) -> int:
    """Produire le fichier d'import du privé (IMPORT_ELEVES 3.1 dans un zip nommé selon la
    règle de SIECLE) à partir des données du logiciel VENDOR.

    Le fichier contient tous les élèves de l'établissement, sortants compris, et tous leurs
    responsables ; il est vérifié avec le schéma officiel puis contrôlé comme SIECLE le fera
    (compte-rendu anticipé). S'il contient des fiches qui seraient rejetées, aucun zip n'est
    produit, sauf avec --force. Le numéro d'envoi suit l'historique des échanges, et le nom
    du logiciel doit rester celui des envois précédents.

    SIECLE n'intègre pas le fichier au dépôt : l'académie l'intègre la nuit (21h45 à Créteil,
    compte-rendu vers 14h le lendemain), et seul le dernier fichier déposé dans une
    demi-journée est conservé. La commande dit ce qu'il adviendra du fichier, et prévient
    avant d'écrire quand un envoi de la même demi-journée serait remplacé.
    """
    from ..exchange.push import PushRequest, PushStopped
    from ..exchange.push import push as push_school

    if report_path is not None:
        check_output(report_path, [source, *exports.values()], "--report")
    request = PushRequest(
        vendor,
        source,
        out,
        exports,
        logiciel,
        force,
        report_path,
        ledger_path,
        academie=load_academie(academie, data_folder()),
        now=parse_now(now_text) if now_text else None,
        notify=lambda line: click.echo(line, err=True),
        cache=context_cache(no_cache),
    )
    try:
        result = push_school(request)
    except PushStopped as stopped:
        _summarise(stopped.report)
        raise
    _summarise(result.report)
    _echo_result(result)
    return result.exit_code


def _echo_result(result: PushResult) -> None:
    """The zip written, what it holds, and what SIECLE will do with it."""
    written = result.package.written
    click.echo(f"Fichier à déposer dans SIECLE : {result.package.zip_path}")
    click.echo(
        f"  établissement {result.uai}, année {year_label(result.school_year)}, "
        f"envoi n° {result.send_number}, logiciel {result.software}"
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
    click.echo(result.fate[0])
    for line in result.fate[1:]:
        click.echo(f"  {line}")


def _summarise(report: Report) -> None:
    """A few lines of the pre-check for the terminal."""
    from ..report import SECTION_TITLES, section_rows
    from ..report.summary import context_lines, verdict

    click.echo("Contrôle avant dépôt (compte-rendu anticipé) :")
    grouped = section_rows(report)
    for number, title in SECTION_TITLES.items():
        if grouped[number]:
            click.echo(f"  {number}. {title} : {len(grouped[number])}")
    for line in context_lines(report):
        click.echo(f"  {line}")
    click.echo(f"  {verdict(report)}")
