"""``siecle check``: the compte-rendu of SIECLE's import, before the upload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import ExitCode
from ._common import existing_path, ledger_option

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_OPTIONS = (
    "nomenclature",
    "structures",
    "communs",
    "eleves",
    "responsables",
    "geographique",
    "etablissements",
)


def context_options(command: F) -> F:
    """Add one ``--<export> FILE`` option per context export."""
    helps = {
        "nomenclature": "Export Nomenclature (MEF, options, codes).",
        "structures": "Export Structures (divisions et leurs MEF).",
        "communs": "Export Communs (dates de l'année scolaire).",
        "eleves": "Dernier export Élèves (rapprochement, sections 7 et 8).",
        "responsables": "Dernier export Responsables (identifiants SIECLE des personnes).",
        "geographique": "Export Géographique (pays, communes, départements).",
        "etablissements": "Export Établissements (établissements d'origine).",
    }
    for name in reversed(CONTEXT_OPTIONS):
        command = click.option(f"--{name}", type=existing_path, help=helps[name])(command)
    return command


def write_output(text: str, out: Path | None) -> None:
    """Print ``text`` or write it atomically to ``out``."""
    if out is None:
        click.echo(text, nl=False)
        return
    from ..writer import atomic_write

    with atomic_write(out, "w") as handle:
        handle.write(text)
    click.echo(f"Compte-rendu écrit dans {out}", err=True)


def render(report: object, fmt: str) -> str:
    """The report in ``fmt`` (text, json or html)."""
    from ..rules.engine import Report

    assert isinstance(report, Report)
    if fmt == "json":
        import json

        from ..report.data import report_data

        return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from ..report.html import render_html

        html: str = render_html(report)
        return html
    from ..report.text import render_text

    return render_text(report)


@click.command()
@click.argument("file", type=existing_path)
@context_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="Forme du compte-rendu.",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Écrire le compte-rendu dans ce fichier plutôt qu'à l'écran.",
)
@ledger_option
def check(
    file: Path, fmt: str, out: Path | None, ledger_path: Path | None, **exports: Path | None
) -> int:
    """Contrôler FILE (fichier d'import du privé, XML ou zip) comme SIECLE le fera cette nuit.

    Affiche le compte-rendu en 8 sections, dans l'ordre et les termes de SIECLE. Sans export de
    contexte, seules les règles qui n'en ont pas besoin sont appliquées ; le compte-rendu dit
    lesquelles ont été sautées. Code de sortie : 0 sans rejet ni anomalie, 1 sinon.
    """
    from ..ledger import Ledger, entry_from_report
    from ..rules.engine import check_file

    report = check_file(file, exports)
    write_output(render(report, fmt), out)
    Ledger(ledger_path).record(entry_from_report("check", file, report))
    return ExitCode.FINDINGS if report.blocking else ExitCode.OK
