"""``siecle fake``: the SIECLE exports and import file of a fictitious school (tests, demos)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import UnusableInput
from ..french import year_label
from ._common import is_terminal


def _check_pupils(ctx: click.Context, param: click.Parameter, value: int) -> int:
    from ..tools.synthetic import MAX_PUPILS

    if not 1 <= value <= MAX_PUPILS:
        raise click.BadParameter(
            f"le nombre d'élèves doit être compris entre 1 et {MAX_PUPILS:,}".replace(",", " ")
            + f" (reçu : {value})."
        )
    return value


def _check_year(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if not 2000 <= value <= 2098:
        raise click.BadParameter(
            f"l'année de rentrée doit être comprise entre 2000 et 2098 (reçu : {value})."
        )
    return value


def _check_uai(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from ..identifiers import uai_problem

    uai = value.strip().upper()
    problem = uai_problem(uai)
    if problem is not None:
        raise click.BadParameter(problem + ".")
    return uai


class _Progress:
    """A one-line counter on stderr, redrawn at most a few times per second."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = 0.0
        self.width = 0

    def __call__(self, stage: str, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self.shown < 0.2:
            return
        self.shown = now
        line = f"{stage} : {done:,}/{self.total:,} élèves".replace(",", " ")
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


def _s(count: int) -> str:
    return "s" if count > 1 else ""


def _size(path: Path) -> str:
    return f"{path.stat().st_size:,} octets".replace(",", " ")


@click.command()
@click.option(
    "--pupils",
    type=int,
    required=True,
    callback=_check_pupils,
    help="Nombre d'élèves de l'établissement fictif (au moins 1).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Dossier vide où écrire les fichiers (créé s'il n'existe pas).",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Graine : la même graine redonne exactement les mêmes fichiers.",
)
@click.option(
    "--year",
    type=int,
    default=2019,
    show_default=True,
    callback=_check_year,
    help="Année de rentrée (2019 pour l'année scolaire 2019-2020).",
)
@click.option(
    "--uai",
    default=None,
    callback=_check_uai,
    help="UAI de l'établissement (par défaut, une UAI valide tirée de la graine).",
)
@click.option(
    "--zip",
    "zipped",
    is_flag=True,
    help="Ranger chaque export dans son zip ExportXML_<Nom>.zip, comme SIECLE.",
)
@click.option(
    "--no-import",
    "no_import",
    is_flag=True,
    help="Ne pas écrire le fichier d'import du privé (IMPORT_ELEVES).",
)
def fake(
    pupils: int, out: Path, seed: int, year: int, uai: str | None, zipped: bool, no_import: bool
) -> int:
    """Créer les fichiers d'un établissement privé fictif (collège et lycée).

    Écrit dans OUT les exports Nomenclature, Structures, Communs, Élèves et Responsables avec
    adresses, tels que SIECLE les produit, et le fichier d'import du privé de l'établissement
    (schéma 3.1, validé). Les données sont inventées mais réalistes (fratries, sortants, élèves
    sans INE, accents) et cohérentes d'un fichier à l'autre ; la mémoire utilisée ne dépend pas
    du nombre d'élèves.
    """
    from ..tools.synthetic import SyntheticSchool

    if out.is_dir() and any(out.iterdir()):
        raise UnusableInput(
            f"{out} n'est pas vide : ses fichiers seraient remplacés. Choisissez un dossier vide "
            "ou nouveau (--out)."
        )
    school = SyntheticSchool(pupils, seed=seed, year=year, uai=uai)
    progress = _Progress(pupils) if is_terminal() else None
    skipped: str | None = None
    try:
        written = list(school.write_exports(out, zipped=zipped, progress=progress).values())
        if not no_import:
            skipped = school.import_problem()
            if skipped is None:
                written.append(school.write_import(out, progress=progress))
    finally:
        if progress is not None:
            progress.clear()
    stats = school.stats()
    click.echo(
        f"Établissement fictif {school.uai}, année {year_label(str(year))} (graine {seed}), "
        f"dans {out} :"
    )
    width = max(len(path.name) for path in written)
    for path in written:
        click.echo(f"  {path.name.ljust(width)}  {_size(path):>17}")
    click.echo(
        f"Élèves : {stats.eleves} (dont {stats.sortants} sortant{_s(stats.sortants)}, "
        f"{stats.sans_ine} sans INE) ; responsables : {stats.responsables}."
    )
    if skipped is not None:
        click.echo(f"Fichier d'import non écrit : {skipped}", err=True)
    return 0
