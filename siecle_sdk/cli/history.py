"""``siecle history``: the files exchanged with SIECLE, as its import history screen lists them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..academie import CRETEIL, Academie, as_paris, load_academie
from ..errors import ExitCode
from ..exchange.history import fate, moment, replacements
from ..exchange.ledger import Entry
from ..folders import data_folder
from ..french import year_label
from ._common import academie_option, echo_json


def local_time(at: str) -> str:
    """``2019-09-05T12:30:12+00:00`` -> ``05/09/2019 14:30`` (SIECLE's time, Europe/Paris)."""
    found = moment(at)
    return at if found is None else as_paris(found).strftime("%d/%m/%Y %H:%M")


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def render_table(entries: Sequence[Entry], academie: Academie = CRETEIL) -> str:
    """The history as aligned French columns, newest first; for each send, what SIECLE does
    with its file once deposited (integrated at the académie's next run, or replaced)."""
    replaced = replacements(entries, academie)
    hidden = set(replaced)
    uais = {e.uai for e in entries}
    years = {e.school_year for e in entries if e.school_year}
    several = len(uais) > 1 or len(years) > 1
    header = ["Date", "Commande", "Fichier", "N° envoi", "Responsables", "Élèves", "Absents"]
    if several:
        header[1:1] = ["UAI", "Année"]
    header += ["Résultat", "Dans SIECLE (si déposé)"]
    lines = [header]
    for entry in entries:
        number = "" if entry.send_number is None else str(entry.send_number)
        if entry.id in hidden:
            number += " *"
        row = [
            local_time(entry.at),
            entry.command,
            entry.file_name or "—",
            number,
            _count(entry.responsables),
            _count(entry.eleves),
            _count(entry.absents),
        ]
        if several:
            row[1:1] = [entry.uai, year_label(entry.school_year) if entry.school_year else ""]
        row += [entry.result(), fate(entry, replaced, academie)]
        lines.append(row)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    numeric = {header.index(h) for h in ("Responsables", "Élèves", "Absents")}
    out = []
    for line in lines:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line[:-1])
        ]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    text = ""
    if not several and uais:
        (uai,) = uais
        year = f", année {year_label(next(iter(years)))}" if years else ""
        text = f"Établissement {uai}{year}\n\n" if uai else ""
    text += "\n".join(out) + "\n"
    if hidden:
        text += (
            "\n* Un envoi plus récent a été produit dans la même demi-journée, avant "
            "l'intégration : si les deux fichiers sont déposés, SIECLE ne traite que le dernier "
            "(« seul le dernier fichier déposé est conservé »).\n"
        )
    text += f"\nCalendrier : {academie.describe()}.\n"
    return text


def _check_year(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (len(value) == 4 and value.isdigit()):
        raise click.BadParameter(
            f"« {value} » n'est pas une année de rentrée (4 chiffres, par exemple 2019 "
            "pour 2019-2020)."
        )
    return value


def _echo_software_change(uai: str, software: str, previous: str | None) -> None:
    if previous is None:
        click.echo(f"Nom de logiciel de l'UAI {uai} fixé à « {software} ».")
    elif previous == software:
        click.echo(f"L'UAI {uai} utilise déjà le nom de logiciel « {software} » : rien à changer.")
    else:
        click.echo(
            f"Nom de logiciel de l'UAI {uai} changé : « {previous} » → « {software} ». Les "
            "prochains envois l'utiliseront. SIECLE attend le même nom que lors des envois "
            "précédents : ne faites ce changement que si l'établissement a réellement changé de "
            "logiciel."
        )


@click.command()
@click.option("--json", "as_json", is_flag=True, help='Sortie JSON : {"entries": [...]}.')
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Fichier de l'historique (par défaut $SIECLE_LEDGER, sinon le dossier de données).",
)
@click.option("--uai", help="N'afficher que cet établissement.")
@click.option(
    "--annee", callback=_check_year, help="N'afficher que cette année de rentrée (ex. 2019)."
)
@click.option(
    "--changer-logiciel",
    "new_software",
    nargs=2,
    metavar="UAI NOM",
    help="Enregistrer délibérément un nouveau nom de logiciel (LOGICIEL) pour cet UAI.",
)
@academie_option
def history(
    as_json: bool,
    ledger_path: Path | None,
    uai: str | None,
    annee: str | None,
    new_software: tuple[str, str] | None,
    academie: str | None,
) -> int:
    """Afficher l'historique des échanges avec SIECLE : fichiers importés, contrôlés et produits.

    Une ligne par fichier, comme l'écran « Historique import du privé » de SIECLE : date,
    fichier, responsables et élèves lus, élèves de SIECLE absents du fichier, avec la commande,
    le numéro d'envoi et le résultat du contrôle anticipé. Pour chaque fichier produit : ce
    que SIECLE en fera une fois déposé (intégré lors de la nuit de l'académie, compte-rendu le
    lendemain, ou remplacé par un dépôt plus récent de la même demi-journée).
    """
    from ..exchange.history import change_software
    from ..exchange.history import history as read_history

    uai = uai.strip().upper() if uai else None
    if new_software:
        school, software = new_software[0].strip().upper(), new_software[1].strip()
        previous = change_software(ledger_path, school, software)
        _echo_software_change(school, software, previous)
        return ExitCode.OK
    chosen = load_academie(academie, data_folder())
    lines = read_history(ledger_path, uai=uai, year=annee)
    found = lines.entries
    if as_json:
        replaced = replacements(found, chosen)
        echo_json(
            {
                "entries": [
                    {
                        **e.to_json(),
                        "superseded": e.id in replaced,
                        "superseded_by": replaced[e.id].send_number if e.id in replaced else None,
                        "siecle": fate(e, replaced, chosen) or None,
                    }
                    for e in found
                ]
            }
        )
        return ExitCode.OK
    if not found:
        scope = ""
        if uai:
            scope += f" pour l'UAI {uai}"
        if annee:
            scope += f" pour l'année {year_label(annee)}"
        click.echo(
            f"Aucun échange enregistré{scope} dans l'historique ({lines.path}) : il se remplit "
            "à chaque « siecle pull », « siecle check » et « siecle push »."
        )
        return ExitCode.OK
    click.echo(render_table(found, chosen), nl=False)
    return ExitCode.OK
