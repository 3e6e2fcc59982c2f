"""``siecle sandbox``: a simulated SIECLE Base élèves for one school (create, deposit, view,
export)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..academie import PARIS, load_academie, parse_now
from ..errors import ExitCode, UnusableInput
from ..folders import data_folder
from ..french import year_label
from ._common import academie_option, echo_json, existing_path, now_option

if TYPE_CHECKING:
    from ..sandbox import Integration, Sandbox

base_option = click.option(
    "--base",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Dossier du bac à sable (base SQLite, comptes-rendus).",
)


@click.group()
def sandbox() -> None:
    """Base élèves SIECLE simulée (bac à sable) pour un établissement.

    Pour tester un envoi sans accès à SIECLE : créer la base à partir des exports de
    l'établissement, y déposer le fichier d'import du privé, lancer l'intégration de la nuit,
    lire le compte-rendu et le tableau de bord, puis reprendre les exports (avec les INE
    attribués) dans le logiciel.
    """


@sandbox.command("init")
@base_option
@click.argument("exports", nargs=-1, required=True, type=existing_path)
def init(base: Path, exports: tuple[Path, ...]) -> int:
    """Créer le bac à sable à partir des EXPORTS SIECLE de l'établissement (XML ou zip).

    Nomenclature, Structures et Communs sont obligatoires ; Élèves et Responsables donnent la
    population de départ ; Géographique et Établissements sont facultatifs. Les exports sont
    reconnus par leur contenu, dans n'importe quel ordre, et doivent être du même établissement
    et de la même année scolaire.
    """
    from ..exchange.export_audit import audit_exports
    from ..identifiers import school_problem
    from ..io.reader import open_document
    from ..sandbox import OPTIONAL, REFERENCE_KINDS, Sandbox

    kinds: dict[str, Path] = {}
    for path in exports:
        with open_document(path) as doc:
            kind = doc.kind
            problem = school_problem(doc.uai, doc.school_year)
        if problem is not None:
            raise UnusableInput(
                f"{path} : {problem}. Le bac à sable simule la base d'un établissement et d'une "
                "année : donnez ses exports tels que SIECLE les produit."
            )
        if kind not in (*REFERENCE_KINDS, *OPTIONAL):
            raise UnusableInput(
                f"{path} n'est pas un export SIECLE utilisable par le bac à sable ({kind})."
            )
        if kind in kinds:
            raise UnusableInput(f"Deux exports du même type ({kind}) : {kinds[kind]} et {path}.")
        kinds[kind] = path
    found = audit_exports(kinds.get("eleves"), kinds.get("responsables"))
    if not found.consistent:
        raise UnusableInput(
            f"Les exports ne sont pas d'un seul tenant ({len(found.faults)} incohérence(s)) : "
            f"{found.describe(faults_only=True)}. Le bac à sable n'a pas été créé."
        )
    with Sandbox.create(base, kinds) as created:
        counts = created.counts()
        click.echo(
            f"Bac à sable créé dans {base} : établissement {created.uai}, année scolaire "
            f"{year_label(created.school_year)}, {counts['eleves']} élève(s), "
            f"{counts['responsables']} responsable(s)."
        )
    return ExitCode.OK


def _summary(integration: Integration) -> str:
    from ..report import COUNT_LINES, section_rows

    report = integration.report
    when = integration.processed
    lines = [
        f"Fichier {integration.file_name} intégré le {when:%d/%m/%Y} à {when:%H:%M:%S}.",
        f"{report.counts.get('responsables', 0)} responsables lus.",
        f"{report.counts.get('eleves', 0)} élèves lus.",
    ]
    grouped = section_rows(report)
    for number, label in COUNT_LINES.items():
        lines.append(f"{number}. {label} : {len(grouped[number])}")
    lines.append(f"INE attribués (élèves non bloquants) : {len(integration.ine_assigned)}")
    lines += [f"Attention : {warning}" for warning in integration.warnings]
    if integration.text_path:
        lines.append(f"Compte-rendu : {integration.text_path}")
    if integration.html_path:
        lines.append(f"Compte-rendu HTML : {integration.html_path}")
    return "\n".join(lines)


def _open(base: Path, academie: str | None) -> Sandbox:
    from ..sandbox import Sandbox

    return Sandbox(base, academie=load_academie(academie, data_folder()))


def _now(now_text: str | None) -> dt.datetime | None:

    return parse_now(now_text) if now_text else None


@sandbox.command("deposit")
@base_option
@click.argument("zip_file", metavar="ZIP", type=existing_path)
@academie_option
@now_option("Date et heure du dépôt (par défaut maintenant, heure de Paris).")
def deposit(base: Path, zip_file: Path, academie: str | None, now_text: str | None) -> int:
    """Déposer le fichier d'import du privé ZIP, comme sur la page d'import de SIECLE.

    Contrôles du dépôt (noms du zip et du XML, année, UAI et sa clé, version, caractères,
    schéma XSD : les mêmes que « siecle check »), puis le fichier attend l'intégration de la
    nuit (« siecle sandbox night ») dans les tables temporaires d'accueil : un nouveau dépôt
    dans la même demi-journée le remplace. Code de sortie : 0 déposé, 2 refusé au dépôt.
    """
    from ..sandbox import DepositRefused

    moment = _now(now_text)
    with _open(base, academie) as box:
        try:
            held = box.deposit(zip_file, now=moment)
        except DepositRefused as exc:
            click.echo(f"Dépôt refusé : {exc.reason}", err=True)
            for detail in exc.details:
                click.echo(f"  - {detail}", err=True)
            return ExitCode.UNUSABLE
    click.echo("\n".join(held.lines()))
    click.echo(f"« siecle sandbox night --base {base} » lance maintenant l'intégration de la nuit.")
    return ExitCode.OK


@sandbox.command("night")
@base_option
@academie_option
@now_option("Date et heure de l'intégration (par défaut maintenant, heure de Paris).")
def night(base: Path, academie: str | None, now_text: str | None) -> int:
    """Lancer maintenant l'intégration de la nuit : seul le dernier fichier déposé dans chaque
    demi-journée est intégré, les autres sont signalés comme remplacés.

    Code de sortie : 0 intégré sans rejet ni anomalie (ou aucun fichier en attente), 1 avec
    rejets ou anomalies.
    """
    moment = _now(now_text)
    with _open(base, academie) as box:
        done = box.night(now=moment)
        results = box.academie.results_at(done.processed)
        later = box.held()
    waiting = (
        f"{len(later)} fichier(s) déposé(s) après l'heure de cette intégration attendent la "
        "suivante."
        if later
        else ""
    )
    if not done.integrations and not done.replaced:
        click.echo("Aucun fichier en attente d'intégration.")
        if waiting:
            click.echo(waiting)
        return ExitCode.OK
    when = done.processed
    click.echo(f"Intégration de la nuit, le {when:%d/%m/%Y} à {when:%H:%M:%S}.")
    for replaced in done.replaced:
        click.echo(
            f"Fichier {replaced.file_name} non intégré : remplacé par le fichier {replaced.by}, "
            "déposé dans la même demi-journée."
        )
        if replaced.text_path:
            click.echo(f"  Compte-rendu : {replaced.text_path}")
    for integration in done.integrations:
        click.echo("")
        click.echo(_summary(integration))
    click.echo(
        f"\nDans SIECLE, ces comptes-rendus ne seraient lisibles que vers le "
        f"{results:%d/%m/%Y à %Hh%M} ({box.academie.describe()})."
    )
    if waiting:
        click.echo(waiting)
    return done.exit_code


@sandbox.command("dashboard")
@base_option
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def dashboard(base: Path, as_json: bool) -> int:
    """Afficher le tableau de bord : scolarisés, sortants, fiches bloquantes, constat de rentrée.

    Code de sortie : 0 si le constat de rentrée pourrait être validé, 1 sinon.
    """
    from ..sandbox import Sandbox

    with Sandbox(base) as box:
        board = box.dashboard()
    if as_json:
        echo_json(board.to_dict())
    else:
        click.echo(board.render(), nl=False)
    return ExitCode.OK if board.constat_possible else ExitCode.FINDINGS


@sandbox.command("export")
@base_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Dossier où écrire les exports.",
)
@academie_option
@now_option("Date et heure de l'export (par défaut maintenant, heure de Paris).")
def export(base: Path, out: Path, academie: str | None, now_text: str | None) -> int:
    """Produire les exports XML génériques de l'état actuel (ExportXML_*.zip).

    Élèves et Responsables avec adresses (INE compris), Structures, Nomenclature, Communs.
    Hors de la plage horaire des exports de l'académie (8h-20h à Créteil), le bac à sable
    les produit quand même et prévient que SIECLE les refuserait.
    """

    moment = _now(now_text) or dt.datetime.now(PARIS)
    with _open(base, academie) as box:
        written = box.export(out, now=moment)
        calendar = box.academie
    for path in written.values():
        click.echo(str(path))
    if "eleves" not in written:
        click.echo(
            "Aucun élève dans la base : comme SIECLE, les exports Élèves et Responsables ne "
            "sont pas produits.",
            err=True,
        )
    if not calendar.exports_open(moment):
        click.echo(
            f"Attention : dans SIECLE (académie de {calendar.name}), les exports génériques ne "
            f"sont possibles que {calendar.exports_window()} ; demandé à "
            f"{moment:%Hh%M}, cet export serait refusé.",
            err=True,
        )
    return ExitCode.OK


@sandbox.command("history")
@base_option
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@academie_option
@now_option("Date et heure de la consultation (par défaut maintenant, heure de Paris).")
def history(base: Path, as_json: bool, academie: str | None, now_text: str | None) -> int:
    """Afficher l'historique des imports, du plus récent au plus ancien : fichiers intégrés
    (élèves lus, absents), fichiers remplacés, retours d'INE (« Import INE élèves »)."""
    from ..sandbox import render_history

    moment = _now(now_text) or dt.datetime.now(PARIS)
    with _open(base, academie) as box:
        lines = box.history()
        calendar = box.academie
    if as_json:
        echo_json({"imports": [line.to_dict() for line in lines]})
    else:
        click.echo(render_history(lines, calendar, moment), nl=False)
    return ExitCode.OK
