"""``siecle plugins`` (what is installed) and ``siecle plugin new`` (scaffold an adapter)."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import echo_json

_PROVIDES = {
    "siecle_formats": "formats",
    "siecle_rules": "règles",
    "siecle_template_dirs": "modèles",
    "siecle_read_school": "lecture",
    "siecle_write_school": "élèves",
    "siecle_write_nomenclature": "nomenclature",
    "siecle_write_structures": "structures",
    "siecle_write_ine": "INE",
}
_STATUS = {"ok": "ok", "broken": "EN ERREUR", "disabled": "désactivé"}


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (un objet sur stdout).")
@click.option("--debug", "show_detail", is_flag=True, hidden=True)
@click.pass_context
def plugins(ctx: click.Context, as_json: bool, show_detail: bool) -> int:
    """Lister les extensions installées : adaptateurs, formats, règles, modèles.

    Une extension en erreur est signalée avec la raison ; les autres restent utilisables.
    """
    from ..plugin.manager import get_manager

    manager = get_manager()
    infos = manager.plugins()
    debug = show_detail or bool((ctx.find_root().obj or {}).get("debug"))
    if as_json:
        echo_json(
            {
                "plugins": [
                    {
                        "name": p.name,
                        "distribution": p.distribution,
                        "version": p.version,
                        "builtin": p.builtin,
                        "adapter": p.is_adapter,
                        "status": p.status,
                        "hooks": p.hooks,
                        "provides": [_PROVIDES.get(h, h) for h in p.hooks],
                        "error": p.error,
                    }
                    for p in infos
                ]
            }
        )
        return 0
    if not infos:
        click.echo("Aucune extension installée.")
        return 0
    rows = []
    for p in infos:
        kind = "intégrée" if p.builtin else ("adaptateur" if p.is_adapter else "extension")
        provides = ", ".join(_PROVIDES.get(h, h) for h in p.hooks) or "-"
        rows.append((p.name, p.version or "-", kind, _STATUS.get(p.status, p.status), provides))
    widths = [max(len(str(r[i])) for r in [*rows, _HEAD]) for i in range(5)]
    for row in [_HEAD, *rows]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    for p in infos:
        if p.error:
            click.echo(f"\n{p.name} : {p.error}", err=True)
            if debug and p.detail:
                click.echo(p.detail, err=True)
    return 0


_HEAD = ("nom", "version", "type", "état", "fournit")


@click.group()
def plugin() -> None:
    """Outils pour les éditeurs de logiciels."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    show_default=True,
    help="Dossier où créer l'adaptateur.",
)
def new(name: str, out: Path) -> int:
    """Créer le squelette d'un adaptateur NAME (distribution installable, tests de conformité)."""
    from ..tools.scaffold import create

    folder = create(name, out)
    click.echo(
        f"Adaptateur « {name} » créé dans {folder}.\n"
        f"Installez-le : pip install -e {folder}\n"
        f"Testez-le    : pytest {folder / 'tests'}"
    )
    return 0
