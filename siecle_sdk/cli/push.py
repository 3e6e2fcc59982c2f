"""``siecle push``: the vendor's data to the zip SIECLE expects, checked first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..academie import as_paris
from ..errors import ExitCode, SiecleError
from ._common import academie_option, check_output, ledger_option, now_option, year_label
from .check import context_options

if TYPE_CHECKING:
    from ..academie import Academie
    from ..ledger import Ledger


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
    from ..academie import PARIS, load_academie, parse_now
    from ..ledger import Entry, Ledger, Status, data_folder, entry_from_report
    from ..packaging import build_package
    from ..plugins import get_manager
    from ..rules.engine import Report, check_file

    if report_path is not None:
        check_output(report_path, [source, *exports.values()], "--report")
    manager = get_manager()
    adapter = manager.adapter(vendor)
    school = adapter.read_school(source)
    ledger = Ledger(ledger_path)
    calendar = load_academie(academie, data_folder())
    now = parse_now(now_text) if now_text else dt.datetime.now(PARIS).replace(microsecond=0)
    software = (
        logiciel
        or school.software
        or ledger.software(school.uai)
        or vendor.replace("_", "").upper()[:10]
    )
    earlier = _same_half_day(ledger, school.uai, school.school_year, calendar, now)
    num_envoi, when = ledger.reserve_deposit(
        school.uai, school.school_year, software, now if now_text else None
    )
    stamp = now.astimezone(dt.UTC).isoformat(timespec="seconds") if now_text else None
    for line in earlier:
        click.echo(line, err=True)
    outcome: dict[str, Report] = {}

    def pre_check(xml: Path) -> None:
        report = check_file(xml, exports)
        outcome["report"] = report
        _summarise(report)
        if report_path is not None:
            from ..report.html import render_html
            from ..writer import atomic_write

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
        if stamp:
            entry.at = stamp
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
    done = entry_from_report("push", package.zip_path, report, num_envoi)
    if stamp:
        done.at = stamp
    ledger.record(done)
    click.echo(f"Dans SIECLE ({calendar.describe()}), s'il est déposé maintenant :")
    for line in calendar.fate(now, now):
        click.echo(f"  {line}")
    return ExitCode.FINDINGS if report.blocking else ExitCode.OK


def _same_half_day(
    ledger: Ledger, uai: str, school_year: str, calendar: Academie, now: dt.datetime
) -> list[str]:
    """Warnings about the sends a deposit at ``now`` would replace (same half-day, before the
    académie's integration), said before anything is written."""
    from .history import sent_files

    found = ledger.entries(uai, school_year) if ledger.path.exists() else []
    lines = []
    for entry, moment in sent_files(found):
        if calendar.same_batch(moment, now):
            lines.append(
                f"Attention : l'envoi n° {entry.send_number} ({entry.file_name}) a été produit "
                f"le {as_paris(moment):%d/%m/%Y à %H:%M}, dans la même demi-journée. Si les deux "
                "fichiers sont déposés, seul le dernier est conservé : l'envoi "
                f"n° {entry.send_number} ne sera pas intégré."
            )
    return lines


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
