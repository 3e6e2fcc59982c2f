"""``siecle check``: the compte-rendu of SIECLE's import, before the upload.

With one file, the compte-rendu is printed (or written with ``-o``). With several files or a
folder, each file is checked (``--jobs`` at a time, in separate processes), a progress bar is drawn
on a terminal, and a summary table ends the run; ``-o`` is then a folder receiving one
compte-rendu per file. The exit status is the worst of the files'.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import ExitCode, SiecleError, UnusableInput
from ..french import year_label
from ..pool import Crashed, run_pool
from ._common import (
    check_output,
    context_cache,
    existing_path,
    is_terminal,
    ledger_option,
    no_cache_option,
)

if TYPE_CHECKING:
    from ..exchange.ledger import Entry
    from ..rules.engine import Report

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

#: report file extension per ``--format``
_EXTENSIONS = {"text": ".txt", "json": ".json", "html": ".html"}


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
    from ..io.writer import atomic_write

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
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    type=click.Path(path_type=Path),
    help="Écrire le compte-rendu dans ce fichier plutôt qu'à l'écran ; avec plusieurs "
    "fichiers, le dossier où écrire un compte-rendu par fichier.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Nombre de fichiers contrôlés en même temps (un processus chacun).",
)
@ledger_option
@no_cache_option
def check(
    files: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    jobs: int,
    ledger_path: Path | None,
    no_cache: bool,
    **exports: Path | None,
) -> int:
    """Contrôler FILES (fichiers d'import du privé, XML ou zip, ou dossiers qui en
    contiennent) comme SIECLE le fera cette nuit.

    Avec un fichier, affiche le compte-rendu en 8 sections, dans l'ordre et les termes de
    SIECLE. Sans export de contexte, seules les règles qui n'en ont pas besoin sont appliquées ;
    le compte-rendu dit lesquelles ont été sautées. Avec plusieurs fichiers (ou un dossier :
    tous les fichiers d'import qu'il contient), chacun est contrôlé avec les mêmes exports de
    contexte et un tableau récapitulatif termine. Code de sortie : 0 sans rejet ni anomalie,
    1 sinon, 2 si un fichier est illisible ou serait refusé au dépôt par SIECLE (noms, UAI,
    version, caractères, schéma XSD), 3 si le contrôle d'un fichier a échoué par un défaut de
    siecle-sdk ; les autres fichiers sont tout de même contrôlés. Les exports de contexte déjà
    lus sont repris du cache (--no-cache pour les relire).
    """
    if len(files) == 1 and not files[0].is_dir():
        return _check_single(files[0], fmt, out, ledger_path, exports, no_cache)
    return _check_batch(files, fmt, out, jobs, ledger_path, exports, no_cache)


def _check_single(
    file: Path,
    fmt: str,
    out: Path | None,
    ledger_path: Path | None,
    exports: Mapping[str, Any],
    no_cache: bool,
) -> int:
    from ..exchange.check import check, record_check

    if out is not None:
        check_output(out, [file, *exports.values()], "-o")
    report = check(file, exports, ledger_path=ledger_path, cache=context_cache(no_cache))
    write_output(render(report, fmt), out)
    record_check(file, report, ledger_path=ledger_path)
    return status_of(report)


def status_of(report: Report) -> int:
    """2 when SIECLE would refuse the deposit whole, 1 for blocking findings, else 0."""
    if report.refused:
        return ExitCode.UNUSABLE
    return ExitCode.FINDINGS if report.blocking else ExitCode.OK


# --- batch ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the summary and the history need of one checked file (small: sent between
    processes instead of the whole report)."""

    file: Path
    status: int
    uai: str | None = None
    school_year: str | None = None
    eleves: int | None = None
    rejets: int | None = None
    anomalies: int | None = None
    notes: int | None = None
    verdict: str = ""
    #: why the file could not be checked (status 2)
    error: str | None = None
    entry: Entry | None = None


def check_one(
    file: Path,
    exports: Mapping[str, Path | None],
    fmt: str,
    report_path: Path | None,
    no_cache: bool = False,
) -> Outcome:
    """Check ``file``, write its compte-rendu to ``report_path`` (if any), summarise it.

    Errors that make the file unusable are returned, not raised, so that a batch goes on.
    """
    from ..exchange.check import refusal
    from ..exchange.ledger import entry_from_report
    from ..io.writer import atomic_write
    from ..rules.engine import check_file

    try:
        report = check_file(file, exports, cache=context_cache(no_cache))
    except SiecleError as exc:
        return Outcome(file, ExitCode.UNUSABLE, verdict="inutilisable", error=exc.message)
    if report_path is not None:
        with atomic_write(report_path, "w") as handle:
            handle.write(render(report, fmt))
    consequences = [f.consequence.value for f in report.findings]
    anomalies = len(
        {(f.record, f.private_id) for f in report.findings if f.consequence.value == "anomalie"}
    )
    if report.refused:
        verdict = "refusé au dépôt"
    elif report.blocking:
        verdict = "à corriger"
    else:
        verdict = "prêt"
    return Outcome(
        file,
        status_of(report),
        uai=report.uai,
        school_year=report.school_year,
        eleves=report.counts.get("eleves"),
        rejets=consequences.count("rejet"),
        anomalies=anomalies,
        notes=consequences.count("note"),
        verdict=verdict,
        error=refusal(report) if report.refused else None,
        entry=entry_from_report("check", file, report),
    )


def _import_files(arguments: tuple[Path, ...]) -> tuple[list[Path], list[str]]:
    """The files to check, folders expanded to the import files they hold, and a note for each
    file or folder left out."""
    files: list[Path] = []
    ignored: list[str] = []
    for argument in arguments:
        if not argument.is_dir():
            files.append(argument)
            continue
        found = 0
        for path in sorted(argument.iterdir()):
            if not path.is_file() or path.suffix.lower() not in (".xml", ".zip"):
                continue
            other = _other_kind(path)
            if other is None:
                files.append(path)
                found += 1
            else:
                ignored.append(f"{path.name} ({other})")
        if not found:
            ignored.append(f"{argument} (aucun fichier d'import)")
    if not files:
        raise UnusableInput("Aucun fichier d'import à contrôler.")
    seen: set[Path] = set()
    unique = []
    for path in files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique, ignored


def _other_kind(path: Path) -> str | None:
    """The title of the file's format when it is readable and not an import file, else ``None``
    (an unreadable file found in a folder is checked, hence reported as unusable)."""
    from ..io.reader import open_document

    try:
        with open_document(path) as doc:
            return None if doc.kind == "import-eleves" else doc.format.title
    except SiecleError:
        return None


def _report_paths(files: list[Path], out: Path | None, fmt: str) -> list[Path | None]:
    if out is None:
        return [None] * len(files)
    if out.exists() and not out.is_dir():
        raise click.BadParameter(
            f"{out} existe et n'est pas un dossier : avec plusieurs fichiers, -o désigne le "
            "dossier des comptes-rendus.",
            param_hint="-o",
        )
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path | None] = []
    taken: set[str] = set()
    for file in files:
        name = Path(file.name).stem + _EXTENSIONS[fmt]
        number = 2
        while name in taken:
            name = f"{Path(file.name).stem}-{number}{_EXTENSIONS[fmt]}"
            number += 1
        taken.add(name)
        paths.append(out / name)
    return paths


def _outcomes(
    files: list[Path],
    exports: Mapping[str, Path | None],
    fmt: str,
    reports: list[Path | None],
    jobs: int,
    no_cache: bool,
    start_method: str | None = None,
    worker: Callable[..., Outcome] | None = None,
) -> Iterator[tuple[int, Outcome]]:
    """``(index, outcome)`` of every file, in the order they finish; ``worker`` (by default
    :func:`check_one`) checks a file, in worker processes started the ``start_method`` way
    (by default the platform's) when ``jobs`` > 1."""
    work = worker or check_one
    inputs = [
        (file, dict(exports), fmt, report, no_cache)
        for file, report in zip(files, reports, strict=True)
    ]
    if jobs == 1 or len(files) == 1:
        for index, arguments in enumerate(inputs):
            yield index, work(*arguments)
        return

    # loaded once here for the workers started by fork, once by each other worker
    load_extensions()
    for index, answer in run_pool(
        work, inputs, jobs, start_method=start_method, initializer=load_extensions
    ):
        if isinstance(answer, Crashed):
            yield index, crashed(files[index], answer.detail)
        else:
            yield index, answer


def load_extensions() -> None:
    """Load the plugins, their formats and rules (before a worker checks its first file)."""
    from ..plugin.manager import get_manager

    get_manager().rules()
    get_manager().formats()


def crashed(file: Path, detail: str) -> Outcome:
    """The outcome of a file whose check failed through a defect of siecle-sdk."""
    return Outcome(
        file,
        ExitCode.BUG,
        verdict="erreur interne",
        error=(
            f"Erreur inattendue pendant le contrôle ({detail}). C'est un défaut de siecle-sdk, "
            "pas du fichier : transmettez ce message à votre éditeur ; les autres fichiers ont "
            "été contrôlés."
        ),
    )


def _check_batch(
    arguments: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    jobs: int,
    ledger_path: Path | None,
    exports: Mapping[str, Path | None],
    no_cache: bool,
) -> int:
    from ..exchange.ledger import Ledger

    files, ignored = _import_files(arguments)
    reports = _report_paths(files, out, fmt)
    results: list[Outcome | None] = [None] * len(files)
    ledger = Ledger(ledger_path)
    stream = _outcomes(files, exports, fmt, reports, jobs, no_cache)
    if is_terminal():
        with click.progressbar(
            stream, length=len(files), label="Contrôle", file=sys.stderr, show_pos=True
        ) as bar:
            for index, outcome in bar:
                results[index] = outcome
    else:
        for index, outcome in stream:
            results[index] = outcome
    done = [outcome for outcome in results if outcome is not None]
    for outcome in done:
        if outcome.entry is not None:
            ledger.record(outcome.entry)
    if fmt == "json":
        _echo_json_summary(done, ignored)
    else:
        click.echo(summary_table(done))
        for outcome in done:
            if outcome.error:
                click.echo(f"{outcome.file.name} : {outcome.error}")
        if ignored:
            click.echo(f"Ignorés (pas des fichiers d'import) : {', '.join(ignored)}.")
        if out is not None:
            click.echo(f"Comptes-rendus écrits dans {out}", err=True)
    return worst_status(done)


def worst_status(outcomes: list[Outcome]) -> int:
    """3 if a file's check failed by a defect of the SDK, else 2 if a file is unusable, else 1 if
    a file has blocking findings, else 0."""
    return max((outcome.status for outcome in outcomes), default=ExitCode.OK)


_COLUMNS = ("Fichier", "UAI", "Année", "Élèves", "Rejets", "Anomalies", "Notes", "Verdict")


def summary_table(outcomes: list[Outcome]) -> str:
    """One line per file, aligned, and a closing count."""

    def cell(value: object) -> str:
        return "—" if value is None else str(value)

    lines = [
        (
            outcome.file.name,
            cell(outcome.uai),
            year_label(outcome.school_year) if outcome.school_year else "—",
            cell(outcome.eleves),
            cell(outcome.rejets),
            cell(outcome.anomalies),
            cell(outcome.notes),
            outcome.verdict,
        )
        for outcome in outcomes
    ]
    widths = [max(len(row[i]) for row in [_COLUMNS, *lines]) for i in range(len(_COLUMNS))]
    numeric = {3, 4, 5, 6}

    def layout(row: tuple[str, ...]) -> str:
        return "  ".join(
            value.rjust(widths[i]) if i in numeric else value.ljust(widths[i])
            for i, value in enumerate(row)
        ).rstrip()

    text = [layout(_COLUMNS), layout(tuple("-" * w for w in widths))]
    text += [layout(row) for row in lines]
    verdicts: dict[str, int] = {}
    for outcome in outcomes:
        verdicts[outcome.verdict] = verdicts.get(outcome.verdict, 0) + 1
    detail = ", ".join(f"{verdict} : {count}" for verdict, count in verdicts.items())
    text.append(f"{len(outcomes)} fichier(s) contrôlé(s) — {detail}.")
    return "\n".join(text)


def _echo_json_summary(outcomes: list[Outcome], ignored: list[str]) -> None:
    from ._common import echo_json

    echo_json(
        {
            "files": [
                {
                    "file": str(outcome.file),
                    "uai": outcome.uai,
                    "school_year": outcome.school_year,
                    "eleves": outcome.eleves,
                    "rejets": outcome.rejets,
                    "anomalies": outcome.anomalies,
                    "notes": outcome.notes,
                    "verdict": outcome.verdict,
                    "status": int(outcome.status),
                    "error": outcome.error,
                }
                for outcome in outcomes
            ],
            "ignored": ignored,
            "status": int(worst_status(outcomes)),
        }
    )
