"""``siecle dashboard``: SIECLE's tableau de bord, computed from the latest Élèves export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import ExitCode, UnusableInput
from ._common import existing_path, ledger_option
from .doctor import (
    chosen_format,
    date_option,
    format_option,
    json_option,
    output_option,
    write_page,
)


@click.command()
@click.argument("files", nargs=-1, required=True, type=existing_path)
@format_option
@json_option
@output_option
@date_option
@ledger_option
@click.option(
    "--sans-historique",
    "no_ledger",
    is_flag=True,
    help="Ne pas lire l'historique des échanges (dernier contrôle du fichier d'import).",
)
def dashboard(
    files: tuple[Path, ...],
    fmt: str | None,
    as_json: bool,
    out: Path | None,
    today: dt.date | None,
    ledger_path: Path | None,
    no_ledger: bool,
) -> int:
    """Tableau de bord de l'établissement, calculé d'après le dernier export Élèves de FILES.

    Élèves scolarisés, sortants, non scolarisés sans date de sortie, fiches qui bloquent la
    remontée vers la base académique (d'après les exports Structures et Élèves, et le dernier
    contrôle du fichier d'import enregistré dans l'historique), détail des comptages par MEF et
    par division, et si le constat de rentrée peut être déclaré. Code de sortie : 0 si le
    constat peut être déclaré, 1 sinon, 2 sans export Élèves utilisable ou si un fichier est
    illisible (endommagé, tronqué...).
    """
    from ..doctor.dashboard import compute_dashboard
    from ..doctor.render import dashboard_data, dashboard_html, dashboard_text

    form = chosen_format(fmt, as_json)
    board = compute_dashboard(files, today=today, ledger_path=ledger_path, use_ledger=not no_ledger)
    unreadable = [f.error for f in board.files if f.error]
    if unreadable:
        raise UnusableInput(" ".join(unreadable))
    if form == "json":
        import json

        text = json.dumps(dashboard_data(board), ensure_ascii=False, indent=2) + "\n"
    elif form == "html":
        text = dashboard_html(board)
    else:
        text = dashboard_text(board)
    write_page(text, out, "Tableau de bord", files)
    return int(ExitCode.OK if board.declarable else ExitCode.FINDINGS)
