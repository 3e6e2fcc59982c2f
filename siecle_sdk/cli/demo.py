"""``siecle demo``: the whole yearly cycle on a sample school."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier de la démonstration (par défaut : siecle-demo-<date> ici).",
)
@click.option("--adaptateur", "adapter", help="Adaptateur à utiliser (vendor_b, vendor_a…).")
def demo(out: Path | None, adapter: str | None) -> int:
    """Dérouler le cycle annuel de bout en bout sur un établissement d'exemple.

    Exports SIECLE → import dans le logiciel → envoi avec contrôle avant dépôt → intégration
    par une base SIECLE simulée et compte-rendu → export Élèves avec les nouveaux INE → retour
    des INE dans le logiciel → historique. Sans réseau, sans configuration.
    """
    from ..tools.demo import Demo

    folder = out or Path(f"siecle-demo-{dt.datetime.now():%Y%m%d-%H%M%S}")
    if folder.exists() and any(folder.iterdir()):
        raise click.UsageError(f"{folder} n'est pas vide : choisissez un autre dossier (--out).")
    Demo(folder, adapter).run()
    return 0
