"""``siecle doctor``: is SIECLE ready for the exchange? A checklist read from the exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import click

from ._common import check_output, existing_path


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """``JJ/MM/AAAA`` (or ``AAAA-MM-JJ``) -> date; ``None`` stays ``None`` (today)."""
    if value is None:
        return None
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise click.BadParameter(f"date attendue au format JJ/MM/AAAA (reçu : {value}).")


def write_page(text: str, out: Path | None, what: str, inputs: Iterable[Path] = ()) -> None:
    """Print ``text``, or write it atomically to ``out`` (never one of the ``inputs``) and say
    so on stderr."""
    if out is None:
        click.echo(text, nl=False)
        return
    from ..io.writer import atomic_write

    check_output(out, inputs, "-o")

    with atomic_write(out, "w") as handle:
        handle.write(text)
    click.echo(f"{what} écrit dans {out}", err=True)


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default=None,
    help="Forme du résultat (par défaut : texte).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Sortie JSON (= --format json).")
output_option = click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Écrire le résultat dans ce fichier plutôt qu'à l'écran.",
)
date_option = click.option(
    "--date",
    "today",
    callback=parse_day,
    metavar="JJ/MM/AAAA",
    help="Date du diagnostic (par défaut aujourd'hui) : elle dit quelles années sont ouvertes.",
)


def chosen_format(fmt: str | None, as_json: bool) -> str:
    """The output format from ``--format`` and ``--json``."""
    if as_json and fmt not in (None, "json"):
        raise click.UsageError("--json et --format " + str(fmt) + " sont incompatibles.")
    return "json" if as_json else fmt or "text"


@click.command()
@click.argument("files", nargs=-1, required=True, type=existing_path)
@format_option
@json_option
@output_option
@date_option
def doctor(
    files: tuple[Path, ...], fmt: str | None, as_json: bool, out: Path | None, today: dt.date | None
) -> int:
    """Vérifier, d'après les exports FILES (XML ou zip, dans n'importe quel ordre), que SIECLE
    et STSweb sont prêts pour l'échange.

    Affiche une liste de contrôle, étape par étape (exports, données communes, nomenclatures,
    structures, élèves) : ✓ fait, ⚠ à regarder (n'empêche pas l'échange), ✗ SIECLE rejettera ou
    signalera des fiches, avec ce qu'il faut faire dans SIECLE ou STSweb. Code de sortie : 0 sans
    ✗, 1 s'il y a un ✗, 2 si un fichier est illisible (endommagé, tronqué...) ou si aucun
    n'est utilisable.
    """
    from ..doctor.render import checklist_data, checklist_html, checklist_text
    from ..doctor.run import run_doctor

    form = chosen_format(fmt, as_json)
    checklist = run_doctor(files, today)
    if form == "json":
        import json

        text = json.dumps(checklist_data(checklist), ensure_ascii=False, indent=2) + "\n"
    elif form == "html":
        text = checklist_html(checklist)
    else:
        text = checklist_text(checklist)
    write_page(text, out, "Diagnostic", files)
    return int(checklist.exit_code)
