"""Small helpers shared by the commands: options, JSON output, year labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

existing_path = click.Path(path_type=Path, dir_okay=False)


def echo_json(data: Any) -> None:
    """Print one JSON object on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def year_label(year: str | None) -> str:
    """``2019`` -> ``2019-2020``."""
    if year and year.isdigit():
        return f"{year}-{int(year) + 1}"
    return year or "?"


def is_terminal() -> bool:
    """Whether progress can be drawn on stderr."""
    return sys.stderr.isatty()


ledger_option = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="SIECLE_LEDGER",
    help="Historique des échanges à utiliser (par défaut dans le dossier de données de "
    "l'utilisateur ; variable SIECLE_LEDGER).",
)
