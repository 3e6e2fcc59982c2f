"""``siecle demo``: the yearly exchange, end to end, on a sample school and a reference adapter.

The sample school is the SDK's synthetic school (fixed seed), the SIECLE side is the sandbox, the
school's software is a reference adapter. Every step runs the real ``siecle`` command, as a school
would type it, and everything is written under one folder.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UnusableInput
from ..models.import_eleves import Eleve
from ..plugin.adapter import School

if TYPE_CHECKING:
    from ..plugin.manager import Adapter

__all__ = ["Demo"]

PUPILS = 150
SEED = 2019
#: adapters the demo knows how to run, in order of preference
ADAPTERS = ("vendor_b", "vendor_a")
_INE = {"id_national", "ine_bea", "ine_rnie"}


def current_school_year(today: dt.date | None = None) -> int:
    """The rentrée year of the school year under way (2026 from September 2026 to August 2027)."""
    today = today or dt.date.today()
    return today.year if today.month >= 9 else today.year - 1


def _pick_adapter(wanted: str | None) -> str:
    from ..plugin.manager import get_manager

    ready = {p.name for p in get_manager().adapters() if p.status == "ok"}
    if wanted:
        if wanted not in ready:
            raise UnusableInput(
                f"L'adaptateur « {wanted} » n'est pas installé (installés : "
                f"{', '.join(sorted(ready)) or 'aucun'})."
            )
        return wanted
    for name in ADAPTERS:
        if name in ready:
            return name
    raise UnusableInput(
        "La démonstration a besoin d'un adaptateur de référence : installez-en un, par exemple "
        "« pip install -e ./plugins/vendor_b »."
    )


@dataclass
class Demo:
    """One run of the demonstration in ``out``."""

    out: Path
    adapter: str | None = None
    steps: list[tuple[str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.adapter = _pick_adapter(self.adapter)
        self.data = self.out / ("logiciel.sqlite" if self.adapter == "vendor_b" else "logiciel")
        self.ledger = self.out / "historique.sqlite"
        self.base = self.out / "siecle-bac-a-sable"

    # --- plumbing -----------------------------------------------------------------------
    def _siecle(self, *args: object) -> int:
        """Run ``siecle ARGS`` as a user would, in this process."""
        from ..cli.main import cli

        click.echo(click.style("$ siecle " + " ".join(str(a) for a in args), fg="cyan"))
        result = cli.main(args=[str(a) for a in args], prog_name="siecle", standalone_mode=False)
        return int(result) if isinstance(result, int) else 0

    def _step(self, number: int, total: int, title: str, action: Callable[[], None]) -> None:
        click.echo("")
        click.echo(click.style(f"[{number}/{total}] {title}", bold=True))
        started = time.perf_counter()
        action()
        self.steps.append((title, time.perf_counter() - started))

    # --- the steps ----------------------------------------------------------------------
    def run(self) -> None:
        """Every step, in the order of the yearly workflow."""
        from .synthetic import SyntheticSchool

        self.out.mkdir(parents=True, exist_ok=True)
        school = SyntheticSchool(pupils=PUPILS, seed=SEED, year=current_school_year())
        self.school = school
        exports: dict[str, Path] = {}
        steps: list[tuple[str, Callable[[], None]]] = [
            (
                "Exports XML génériques de SIECLE (établissement d'exemple)",
                lambda: exports.update(self._exports(school)),
            ),
            (
                "Vérification de SIECLE avant tout import (siecle doctor)",
                lambda: self._doctor(exports),
            ),
            (f"Import des exports dans le logiciel ({self.adapter})", lambda: self._pull(exports)),
            (
                "Travail de l'établissement dans son logiciel (nouveaux élèves, une erreur)",
                self._school_work,
            ),
            (
                "Envoi : fichier d'import du privé et contrôle avant dépôt (9h30)",
                lambda: self._push(exports, "envoi", self._at(9, 30)),
            ),
            (
                "Un élève oublié, un second envoi dans la même matinée (11h15)",
                lambda: self._push_again(exports),
            ),
            (
                "SIECLE (bac à sable) : les deux dépôts, puis l'intégration de la nuit (21h45)",
                self._integrate,
            ),
            (
                "Le lendemain, compte-rendu lisible ; INE attribués : nouvel export Élèves",
                self._export_again,
            ),
            ("Retour des INE dans le logiciel (pull --ine-only)", self._ine_return),
            ("Historique des échanges", self._history),
        ]
        for number, (title, action) in enumerate(steps, 1):
            self._step(number, len(steps), title, action)
        click.echo("")
        total = sum(seconds for _, seconds in self.steps)
        click.echo(
            click.style(
                f"Démonstration terminée en {total:.1f} s. Tout est dans {self.out}", bold=True
            )
        )

    def _history(self) -> None:
        self._siecle("history", "--ledger", self.ledger)

    def _exports(self, school: object) -> dict[str, Path]:
        from ..sandbox import Sandbox
        from .synthetic import SyntheticSchool

        assert isinstance(school, SyntheticSchool)
        files = school.write_exports(self.out / "exports-siecle", zipped=True)
        for path in files.values():
            click.echo(f"  {path.relative_to(self.out)}")
        Sandbox.create(self.base, files)
        click.echo(f"  Base élèves simulée créée dans {self.base.relative_to(self.out)}")
        return files

    def _doctor(self, exports: dict[str, Path]) -> None:
        from importlib.util import find_spec

        if find_spec("siecle_sdk.cli.doctor") is None:
            click.echo("  (siecle doctor n'est pas disponible dans cette version)")
            return
        self._siecle("doctor", *exports.values())

    def _pull(self, exports: dict[str, Path]) -> None:
        self._siecle(
            "pull", self.adapter, "--into", self.data, "--ledger", self.ledger, *exports.values()
        )

    def _adapter(self) -> Adapter:
        from ..plugin.manager import get_manager

        assert self.adapter is not None
        return get_manager().adapter(self.adapter)

    def _school_work(self) -> None:
        """Two newcomers (no INE yet) and one pupil put in a division of another MEF."""
        adapter = self._adapter()
        school: School = adapter.read_school(self.data)
        pupils = list(school.pupils)
        current = [p for p in pupils if not p.is_leaver and p.scolarite_active is not None]
        top = max(int(p.id_prv_ele) for p in pupils)
        newcomers = []
        for offset, (first, model) in enumerate((("Maëlys", current[0]), ("Noé", current[1]))):
            newcomers.append(
                model.model_copy(
                    update={
                        "id_prv_ele": str(top + 1 + offset),
                        "eleve_id": None,
                        "id_national": None,
                        "ine_bea": None,
                        "ine_rnie": None,
                        "prenom": first,
                        "date_entree": dt.date(int(school.school_year), 9, 2),
                    }
                )
            )
        misplaced = self._misplace(current)
        school.pupils = [
            misplaced if p.id_prv_ele == misplaced.id_prv_ele else p for p in pupils
        ] + newcomers
        adapter.write_school(self.data, school)
        for pupil in newcomers:
            click.echo(f"  nouvel élève saisi : {pupil.prenom} {pupil.nom_de_famille} (sans INE)")
        division = misplaced.scolarite_active.code_division if misplaced.scolarite_active else ""
        click.echo(
            f"  erreur de saisie : {misplaced.prenom} {misplaced.nom_de_famille} placé "
            f"en division {division}, qui n'est pas rattachée à son MEF"
        )

    @staticmethod
    def _misplace(current: list[Eleve]) -> Eleve:
        """A pupil moved to a division of another level (ACDIV_B_01 in the compte-rendu)."""
        pupil = current[2]
        assert pupil.scolarite_active is not None
        other = next(
            p
            for p in current
            if p.scolarite_active is not None
            and p.scolarite_active.code_mef != pupil.scolarite_active.code_mef
            and p.scolarite_active.code_division
        )
        assert other.scolarite_active is not None
        scolarite = pupil.scolarite_active.model_copy(
            update={"code_division": other.scolarite_active.code_division}
        )
        return pupil.model_copy(update={"scolarite_active": scolarite})

    def _at(self, hour: int, minute: int, *, next_day: bool = False) -> str:
        """A day of the rentrée (5 September of the school year, or the 6th) at
        ``hour:minute``, Paris time, as ``--now`` takes it: the demo's deposits, night and
        exports do not wait for the clock."""
        day = dt.date(int(self.school.year), 9, 6 if next_day else 5)
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}"

    def _push_again(self, exports: dict[str, Path]) -> None:
        """A pupil forgotten in the first file, entered, then a second push before noon."""
        adapter = self._adapter()
        school: School = adapter.read_school(self.data)
        current = [p for p in school.pupils if not p.is_leaver and p.scolarite_active]
        top = max(int(p.id_prv_ele) for p in school.pupils)
        forgotten = current[3].model_copy(
            update={
                "id_prv_ele": str(top + 1),
                "eleve_id": None,
                "id_national": None,
                "ine_bea": None,
                "ine_rnie": None,
                "prenom": "Inès",
                "date_entree": dt.date(int(school.school_year), 9, 2),
            }
        )
        school.pupils = [*school.pupils, forgotten]
        adapter.write_school(self.data, school)
        click.echo(f"  élève oublié saisi : {forgotten.prenom} {forgotten.nom_de_famille}")
        self._push(exports, "envoi-2", self._at(11, 15))

    def _push(self, exports: dict[str, Path], folder: str, now: str) -> None:
        self._siecle(
            "push",
            self.adapter,
            "--from",
            self.data,
            "--now",
            now,
            "--out",
            self.out / folder,
            "--nomenclature",
            exports["nomenclature"],
            "--structures",
            exports["structures"],
            "--communs",
            exports["communs"],
            "--eleves",
            exports["eleves"],
            "--responsables",
            exports["responsables"],
            "--report",
            self.out / "compte-rendu-anticipe.html",
            "--ledger",
            self.ledger,
        )
        click.echo(f"  Compte-rendu anticipé (HTML) : {self.out / 'compte-rendu-anticipe.html'}")

    def _integrate(self) -> None:
        for folder, (hour, minute) in (("envoi", (9, 35)), ("envoi-2", (11, 20))):
            deposit = next((self.out / folder).glob("*.zip"))
            self._siecle(
                "sandbox", "deposit", "--base", self.base, deposit, "--now", self._at(hour, minute)
            )
        self._siecle("sandbox", "night", "--base", self.base, "--now", self._at(21, 45))
        self._siecle("sandbox", "history", "--base", self.base, "--now", self._at(21, 50))
        self._siecle("sandbox", "dashboard", "--base", self.base)

    def _export_again(self) -> None:
        self._siecle(
            "sandbox",
            "export",
            "--base",
            self.base,
            "--out",
            self.out / "exports-siecle-apres-import",
            "--now",
            self._at(14, 5, next_day=True),
        )

    def _ine_return(self) -> None:
        adapter = self._adapter()
        before = {p.id_prv_ele: p for p in adapter.read_school(self.data).pupils}
        eleves = next((self.out / "exports-siecle-apres-import").glob("*Eleves*"))
        self._siecle(
            "pull", self.adapter, "--into", self.data, "--ine-only", "--ledger", self.ledger, eleves
        )
        after = {p.id_prv_ele: p for p in adapter.read_school(self.data).pupils}
        changed = [key for key in after if after[key] != before.get(key)]
        others = [
            key
            for key in changed
            if after[key].model_dump(exclude=_INE) != before[key].model_dump(exclude=_INE)
        ]
        if others or set(after) != set(before):
            raise AssertionError(f"le retour des INE a modifié autre chose : {others}")
        for key in changed:
            pupil = after[key]
            click.echo(f"  INE reçu : {pupil.prenom} {pupil.nom_de_famille} → {pupil.id_national}")
        click.echo(
            f"  {len(changed)} élève(s) ont reçu leur INE ; aucune autre donnée du "
            "logiciel n'a changé."
        )
