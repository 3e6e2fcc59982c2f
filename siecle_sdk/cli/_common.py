"""Small helpers shared by the commands: options, JSON output, year labels."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import UnusableInput
from ..rules.context_cache import ContextCache, default_folder

if TYPE_CHECKING:
    from ..rules.context_cache import ContextCache

existing_path = click.Path(path_type=Path, dir_okay=False)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve() or one.samefile(other)
    except OSError:
        return False


def check_output(out: Path, inputs: Iterable[Path | None], option: str) -> Path:
    """``out`` if it may receive a command's output: never one of its ``inputs`` (the file
    read would be lost), never a folder or a device (it would be replaced by a file)."""
    for source in inputs:
        if source is not None and _same_file(out, source):
            raise UnusableInput(
                f"{option} {out} est aussi un fichier lu par la commande : il serait remplacé. "
                "Indiquez un autre fichier de sortie."
            )
    try:
        mode = out.stat().st_mode
    except OSError:
        return out
    if stat.S_ISDIR(mode):
        raise UnusableInput(f"{option} {out} est un dossier : indiquez le chemin d'un fichier.")
    if not stat.S_ISREG(mode):
        raise UnusableInput(
            f"{option} {out} est un fichier spécial (périphérique, tube…) : il ne serait pas "
            "remplacé. Indiquez le chemin d'un fichier."
        )
    return out


def echo_json(data: Any) -> None:
    """Print one JSON object on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def is_terminal() -> bool:
    """Whether progress can be drawn on stderr."""
    return sys.stderr.isatty()


no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Relire les exports de contexte sans utiliser ni remplir le cache (par défaut, un "
    "export déjà lu n'est pas relu : dossier de cache de l'utilisateur, variable SIECLE_CACHE).",
)


def context_cache(no_cache: bool) -> ContextCache | None:
    """The cache of context exports the CLI uses (``None`` with ``--no-cache``)."""
    if no_cache:
        return None

    return ContextCache(default_folder())


ledger_option = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="SIECLE_LEDGER",
    help="Historique des échanges à utiliser (par défaut dans le dossier de données de "
    "l'utilisateur ; variable SIECLE_LEDGER).",
)


academie_option = click.option(
    "--academie",
    metavar="ACADEMIE",
    help="Calendrier de l'académie : « creteil » (par défaut) ou un fichier de réglages "
    "academie.toml (variable SIECLE_ACADEMIE ; sinon academie.toml du dossier de données).",
)


def now_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--now``: the moment that stands for the clock (tests, demos), Paris time."""
    return click.option("--now", "now_text", metavar="AAAA-MM-JJTHH:MM", help=help_text)
