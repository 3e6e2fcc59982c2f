"""``siecle history``: the files exchanged with SIECLE, as its import history screen lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import click

from ..academie import CRETEIL, Academie, as_paris, load_academie, superseded_indexes
from ..errors import ExitCode, SiecleError
from ..ledger import Entry, Ledger, Status, data_folder
from ._common import academie_option, echo_json, year_label

#: commands whose file is meant to be deposited in SIECLE
_SENDS = ("push",)


def local_time(at: str) -> str:
    """``2019-09-05T12:30:12+00:00`` -> ``05/09/2019 14:30`` (SIECLE's time, Europe/Paris)."""
    moment = _moment(at)
    return at if moment is None else as_paris(moment).strftime("%d/%m/%Y %H:%M")


def _moment(at: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def sent_files(entries: Sequence[Entry]) -> list[tuple[Entry, dt.datetime]]:
    """The sends of ``entries`` that produced a file, with their moment."""
    found = []
    for entry in entries:
        if entry.command not in _SENDS or entry.send_number is None or entry.id is None:
            continue
        if entry.status in (Status.REFUSED, Status.ERROR):
            continue
        moment = _moment(entry.at)
        if moment is not None:
            found.append((entry, moment))
    return found


def replacements(entries: Sequence[Entry], academie: Academie = CRETEIL) -> dict[int, Entry]:
    """Id of each send replaced -> the later send of the same school and year that replaces it.

    SIECLE keeps only the last file deposited in a half-day (until the académie's integration
    runs): if both are deposited, the earlier one is never integrated.
    """
    groups: dict[tuple[str, str], list[tuple[Entry, dt.datetime]]] = {}
    for entry, moment in sent_files(entries):
        groups.setdefault((entry.uai, entry.school_year), []).append((entry, moment))
    replaced: dict[int, Entry] = {}
    for sends in groups.values():
        for index, by in superseded_indexes(academie, [m for _, m in sends]).items():
            entry_id = sends[index][0].id
            assert entry_id is not None
            replaced[entry_id] = sends[by][0]
    return replaced


def superseded(entries: Sequence[Entry], academie: Academie = CRETEIL) -> set[int]:
    """Ids of sends replaced by a later send of the same half-day (see :func:`replacements`)."""
    return set(replacements(entries, academie))


def fate(entry: Entry, replaced: dict[int, Entry], academie: Academie) -> str:
    """What SIECLE does with a send's file once deposited, in French (empty for other lines)."""
    moment = _moment(entry.at)
    if entry.command not in _SENDS or entry.send_number is None or moment is None:
        return ""
    if entry.status in (Status.REFUSED, Status.ERROR):
        return ""
    by = replaced.get(entry.id) if entry.id is not None else None
    if by is not None:
        return f"remplacé par l'envoi n° {by.send_number} : non intégré"
    run = academie.next_run(moment)
    results = academie.results_at(run)
    return (
        f"intégré le {as_paris(run):%d/%m %Hh%M}, compte-rendu vers {as_paris(results):%d/%m %Hh%M}"
    )


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


def change_software(ledger: Ledger, uai: str, software: str) -> None:
    """Set deliberately the ``LOGICIEL`` name of a school, after checking both values."""
    from ..identifiers import uai_problem

    problem = uai_problem(uai)
    if problem is not None:
        raise SiecleError(f"--changer-logiciel : {problem}.")
    if not 1 <= len(software) <= 10:
        raise SiecleError(
            f"--changer-logiciel : le nom de logiciel « {software} » doit compter de 1 à 10 "
            "caractères (LOGICIEL)."
        )
    previous = ledger.change_software(uai, software)
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
    uai = uai.strip().upper() if uai else None
    chosen = load_academie(academie, data_folder())
    with Ledger(ledger_path) as ledger:
        if new_software:
            change_software(ledger, new_software[0].strip().upper(), new_software[1].strip())
            return ExitCode.OK
        found = ledger.entries(uai, annee) if ledger.path.exists() else []
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
            f"Aucun échange enregistré{scope} dans l'historique ({ledger.path}) : il se remplit "
            "à chaque « siecle pull », « siecle check » et « siecle push »."
        )
        return ExitCode.OK
    click.echo(render_table(found, chosen), nl=False)
    return ExitCode.OK
