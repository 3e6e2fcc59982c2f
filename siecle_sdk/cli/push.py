"""``siecle push``: the vendor's data to the zip SIECLE expects, checked first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import ExitCode, SiecleError
from ..plugin.context import SchoolContext
from ._common import check_output, ledger_option, year_label
from .check import context_options


class RejectedRecords(SiecleError):
    """The pre-check found records SIECLE would reject: no zip is written (unless forced)."""

    exit_code = ExitCode.FINDINGS


class RefusedFile(SiecleError):
    """SIECLE would refuse the written file whole: no zip is written, even with ``--force``."""


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
def push(
    vendor: str,
    source: Path,
    out: Path,
    logiciel: str | None,
    force: bool,
    report_path: Path | None,
    ledger_path: Path | None,
    **exports: Path | None,
) -> int:
    """Produire le fichier d'import du privé (IMPORT_ELEVES 3.1 dans un zip nommé selon la
    règle de SIECLE) à partir des données du logiciel VENDOR.

    Le fichier contient tous les élèves de l'établissement, sortants compris, et tous leurs
    responsables ; il est vérifié avec le schéma officiel puis contrôlé comme SIECLE le fera
    (compte-rendu anticipé). S'il contient des fiches qui seraient rejetées, aucun zip n'est
    produit, sauf avec --force. Le numéro d'envoi suit l'historique des échanges, et le nom
    du logiciel doit rester celui des envois précédents.
    """
    from ..exchange.ledger import Entry, Ledger, Status, entry_from_report
    from ..exchange.packaging import build_package
    from ..plugin.manager import get_manager
    from ..rules.engine import Report, check_file

    if report_path is not None:
        check_output(report_path, [source, *exports.values()], "--report")
    manager = get_manager()
    adapter = manager.adapter(vendor)
    context = SchoolContext(exports["nomenclature"], exports["communs"], exports["structures"])
    school = adapter.read_school(source, context)
    ledger = Ledger(ledger_path)
    software = (
        logiciel
        or school.software
        or ledger.software(school.uai)
        or vendor.replace("_", "").upper()[:10]
    )
    num_envoi, when = ledger.reserve_deposit(school.uai, school.school_year, software)
    outcome: dict[str, Report] = {}

    def pre_check(xml: Path) -> None:
        report = check_file(xml, exports)
        outcome["report"] = report
        _summarise(report)
        if report_path is not None:
            from ..io.writer import atomic_write
            from ..report.html import render_html

            with atomic_write(report_path, "w") as handle:
                handle.write(render_html(report))
        if report.refused:
            from .check import refusal

            raise RefusedFile(f"{refusal(report)}. Aucun fichier n'a été produit.")
        rejected = [f for f in report.findings if f.consequence.value == "rejet"]
        if rejected and not force:
            raise RejectedRecords(
                f"{len(rejected)} fiche(s) seraient rejetées par SIECLE (sections 1 et 4 du "
                "compte-rendu ci-dessus) : aucun fichier n'a été produit. Corrigez-les dans le "
                "logiciel, ou relancez avec --force pour déposer quand même."
            )

    try:
        package = build_package(
            school,
            out,
            software=software,
            send_number=num_envoi,
            when=when,
            template_dirs=tuple(manager.template_dirs(vendor)),
            before_zip=pre_check,
        )
    except SiecleError as exc:
        refused = outcome.get("report")
        entry = (
            entry_from_report("push", out, refused, num_envoi)
            if refused is not None
            else Entry(
                command="push",
                file_name="",
                uai=school.uai,
                school_year=school.school_year,
                send_number=num_envoi,
            )
        )
        entry.status, entry.detail = Status.REFUSED, exc.message[:300]
        ledger.record(entry)
        raise
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
    report = outcome["report"]
    ledger.record(entry_from_report("push", package.zip_path, report, num_envoi))
    return ExitCode.FINDINGS if report.blocking else ExitCode.OK


def _summarise(report: Any) -> None:
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
