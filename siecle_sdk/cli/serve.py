"""``siecle serve``: the exchange in a browser for the school's staff, and the HTTP API."""

from __future__ import annotations

import secrets
from pathlib import Path

import click

from ..errors import UnusableInput
from ._common import ledger_option


def page_address(host: str, port: int, token: str) -> str:
    """The address to open, with the token (exchanged by the server for a cookie)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def _check_free(host: str, port: int) -> None:
    """Refuse at once, in French, an address the server could not listen on."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError:
        raise UnusableInput(
            f"Impossible d'écouter sur {host}:{port} : le port est "
            "peut-être déjà utilisé ; choisissez-en un autre avec --port."
        ) from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse d'écoute.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port d'écoute."
)
@click.option("--token", help="Jeton d'accès (par défaut : tiré au hasard à chaque démarrage).")
@click.option("--no-browser", is_flag=True, help="Ne pas ouvrir le navigateur.")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Dossier des données du logiciel, proposées sur la page « Préparer l'envoi ».",
)
@ledger_option
def serve(
    host: str,
    port: int,
    token: str | None,
    no_browser: bool,
    data_dir: Path | None,
    ledger_path: Path | None,
) -> int:
    """Servir les échanges avec SIECLE : des pages en français pour l'établissement (vérifier
    SIECLE, contrôler un fichier, préparer l'envoi, historique, tableau de bord, bac à sable)
    et l'API v1 pour les logiciels (documentation sur /api/docs).

    Un seul jeton donne accès à tout : gardez l'adresse affichée pour vous. Arrêt : Ctrl+C.
    """
    import uvicorn

    from ..web.app import create_app

    _check_free(host, port)
    token = token or secrets.token_urlsafe(24)
    app = create_app(token, data_dir, ledger_path)
    address = page_address(host, port, token)
    click.echo(f"siecle serve : ouvrez {address}")
    click.echo("API : en-tête « Authorization: Bearer <jeton> », documentation sur /api/docs.")
    if not no_browser:
        import webbrowser

        webbrowser.open(address)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
