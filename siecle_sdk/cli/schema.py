"""``siecle schema``: the JSON Schema of the neutral format of a school."""

from __future__ import annotations

import json

import click

from ..plugin.neutral_schema import schema as school_schema


@click.command()
def schema() -> int:
    """Afficher le schéma JSON (draft 2020-12) du fichier d'école lu et écrit par
    l'adaptateur json.

    Un logiciel écrit dans n'importe quel langage qui produit un fichier conforme à ce schéma
    obtient tout le reste : contrôle avant dépôt, zip, historique, bac à sable
    (« siecle push json --from ecole.json --out DOSSIER »).
    """
    click.echo(json.dumps(school_schema(), ensure_ascii=False, indent=2))
    return 0
