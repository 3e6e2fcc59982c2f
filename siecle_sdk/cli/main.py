"""The ``siecle`` command: a click group whose subcommands are imported only when used."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from .. import __version__
from ..errors import ExitCode, SiecleError

#: command name -> "module:function", imported on demand (keeps ``siecle --help`` fast)
COMMANDS = {
    "inspect": "siecle_sdk.cli.inspect:inspect",
    "convert": "siecle_sdk.cli.convert:convert",
    "fake": "siecle_sdk.cli.fake:fake",
    "plugins": "siecle_sdk.cli.plugins:plugins",
    "plugin": "siecle_sdk.cli.plugins:plugin",
    "pull": "siecle_sdk.cli.pull:pull",
    "push": "siecle_sdk.cli.push:push",
    "check": "siecle_sdk.cli.check:check",
    "history": "siecle_sdk.cli.history:history",
    "sandbox": "siecle_sdk.cli.sandbox:sandbox",
    "qualification": "siecle_sdk.cli.qualification:qualification",
    "doctor": "siecle_sdk.cli.doctor:doctor",
    "dashboard": "siecle_sdk.cli.dashboard:dashboard",
    "bench": "siecle_sdk.cli.bench:bench",
    "demo": "siecle_sdk.cli.demo:demo",
}

#: one-line help shown by ``siecle --help`` without importing the command
SUMMARIES = {
    "inspect": "Décrire un fichier SIECLE : type, version, UAI, année, effectifs.",
    "convert": "Convertir un fichier SIECLE en JSON, ou un JSON en XML, sans rien perdre.",
    "fake": "Créer les exports d'un établissement fictif (tests, démonstrations).",
    "plugins": "Lister les extensions installées (adaptateurs, formats, règles).",
    "plugin": "Outils pour les éditeurs : créer un nouvel adaptateur.",
    "pull": "Importer des exports SIECLE dans les données du logiciel.",
    "push": "Produire le fichier d'import du privé à déposer dans SIECLE.",
    "check": "Contrôler un fichier d'import comme SIECLE le fera (compte-rendu anticipé).",
    "history": "Historique des échanges (imports, envois, contrôles) de l'établissement.",
    "sandbox": "Base élèves SIECLE simulée, pour tester un envoi sans SIECLE.",
    "qualification": "Produire le fichier de test du protocole de qualification des éditeurs.",
    "doctor": "Vérifier, d'après les exports, que SIECLE est prêt pour l'import.",
    "dashboard": "Tableau de bord : élèves scolarisés, sortants, fiches bloquantes.",
    "bench": "Mesurer les performances (développeurs).",
    "demo": "Dérouler tout le cycle annuel sur un établissement d'exemple.",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        from importlib.util import find_spec

        return find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commandes"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="siecle", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Afficher le détail technique des erreurs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Échanges entre le logiciel de l'établissement et SIECLE Base élèves (BEE).

    Lit les exports XML de SIECLE, produit et contrôle le fichier d'import du privé.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _debug(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("SIECLE_DEBUG") == "1"


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the command, turn errors into a French message and an exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="siecle", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        sys.exit(ExitCode.UNUSABLE)
    except click.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrompu : aucun fichier partiel n'a été laissé.", err=True)
        sys.exit(130)
    except SiecleError as exc:
        if _debug(args):
            raise
        click.echo(f"Erreur : {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.UNUSABLE)
    except Exception as exc:
        if _debug(args):
            raise
        click.echo(
            f"Erreur inattendue ({type(exc).__name__}: {exc}). C'est un défaut de siecle-sdk : "
            "relancez avec --debug et transmettez le détail à votre éditeur.",
            err=True,
        )
        sys.exit(3)
    sys.exit(int(result) if isinstance(result, int) else ExitCode.OK)
