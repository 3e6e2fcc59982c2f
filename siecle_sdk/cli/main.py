"""The ``siecle`` command: a click group whose subcommands are imported only when used."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from importlib import import_module
from typing import Any, TextIO

import click

from .. import __version__
from ..errors import ExitCode, SiecleError, environment_problem

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
    "schema": "siecle_sdk.cli.schema:schema",
    "history": "siecle_sdk.cli.history:history",
    "sandbox": "siecle_sdk.cli.sandbox:sandbox",
    "qualification": "siecle_sdk.cli.qualification:qualification",
    "doctor": "siecle_sdk.cli.doctor:doctor",
    "dashboard": "siecle_sdk.cli.dashboard:dashboard",
    "bench": "siecle_sdk.cli.bench:bench",
    "demo": "siecle_sdk.cli.demo:demo",
    "serve": "siecle_sdk.cli.serve:serve",
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
    "schema": "Afficher le schéma JSON du fichier d'école (adaptateur json, tout langage).",
    "history": "Historique des échanges (imports, envois, contrôles) de l'établissement.",
    "sandbox": "Base élèves SIECLE simulée, pour tester un envoi sans SIECLE.",
    "qualification": "Produire le fichier de test du protocole de qualification des éditeurs.",
    "doctor": "Vérifier, d'après les exports, que SIECLE est prêt pour l'import.",
    "dashboard": "Tableau de bord : élèves scolarisés, sortants, fiches bloquantes.",
    "bench": "Mesurer les performances (développeurs).",
    "demo": "Dérouler tout le cycle annuel sur un établissement d'exemple.",
    "serve": "Ouvrir les échanges dans le navigateur, et l'API HTTP pour les logiciels.",
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


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
)
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


class _ClosedPipeTolerant(io.TextIOBase):
    """Standard output that a reader may close early (``siecle fake | head``): what is written
    after that is dropped, and the command still finishes its work and exits with its status."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _closed_by_reader(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._closed_by_reader()
            except OSError as exc:
                raise _named(exc) from None
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._closed_by_reader()
            except OSError as exc:
                raise _named(exc) from None


def _named(exc: OSError) -> OSError:
    """``exc`` naming the command's output as the file it failed on."""
    if exc.filename is None:
        exc.filename = "sortie de la commande"
    return exc


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the command, turn errors into a French message and an exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    stdout = sys.stdout
    if stdout is not None and not isinstance(stdout, _ClosedPipeTolerant):
        sys.stdout = _ClosedPipeTolerant(stdout)
    try:
        result = _run(args)
        sys.stdout.flush()
    except OSError as exc:
        _drop_unwritable_output(stdout)
        sys.exit(_report(environment_problem(exc), args))
    finally:
        sys.stdout = stdout
    sys.exit(result)


def _drop_unwritable_output(stdout: TextIO | None) -> None:
    """Drop what the command printed when it cannot be written (the error is reported
    instead), so that Python's own flush at exit does not fail again."""
    if stdout is None:
        return
    try:
        stdout.flush()
    except OSError:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stdout.fileno())
            os.close(devnull)
            stdout.flush()


def _report(exc: SiecleError, args: list[str]) -> int:
    if _debug(args):
        raise exc
    click.echo(f"Erreur : {exc.message}", err=True)
    return int(exc.exit_code)


def _run(args: list[str]) -> int:
    """The command's exit status; every error but a failure of the system becomes one."""
    try:
        result = cli.main(args=args, prog_name="siecle", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return ExitCode.UNUSABLE
    except click.Abort:
        click.echo("Interrompu.", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("Interrompu : aucun fichier partiel n'a été laissé.", err=True)
        return 130
    except SiecleError as exc:
        return _report(exc, args)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.UNUSABLE
    except OSError:
        raise
    except Exception as exc:
        if _debug(args):
            raise
        click.echo(
            f"Erreur inattendue ({type(exc).__name__}: {exc}). C'est un défaut de siecle-sdk : "
            "relancez avec --debug et transmettez le détail à votre éditeur.",
            err=True,
        )
        return 3
    return int(result) if isinstance(result, int) else ExitCode.OK
