"""The tableau de bord of step 7, as SIECLE shows it, computed from the latest Élèves export.

Counts: pupils at school ("scolarisés": no leave date, a MEF), leavers ("sortants": a leave date),
pupils without schooling and without leave date ("non scolarisés sans date de sortie"), and the
records that would block the transfer to the académie (BEA): pupils whose placement SIECLE holds
in error (division missing from Structures, or not attached to the pupil's MEF — the same test as
the ``eleves`` readiness checks), plus the records the latest pre-check of the school's own file
found rejected or imported with anomalies (from the exchange history).

The head of school can declare the "fin du constat de rentrée" once no record blocks and every
leaver has a leaving motive.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..exchange.ledger import Entry, Ledger, LedgerError
from ..rules import Checkpoint, Rule
from . import plural
from .context import DoctorContext, ExportFile, nomenclature_of, structures_of
from .pupils import PupilRow, PupilScan, blocking_reason, scan_pupils
from .run import build_context, run_checks

__all__ = ["Blocking", "Dashboard", "DivisionCount", "MefCount", "compute_dashboard"]

#: label of the pupils without division in the per-division counts
NO_DIVISION = "(sans division)"


@dataclass(frozen=True)
class MefCount:
    """One line of the per-MEF counts."""

    code: str
    label: str
    scolarises: int
    sortants: int


@dataclass(frozen=True)
class DivisionCount:
    """One line of the per-division counts (pupils at school)."""

    code: str
    label: str
    mefs: tuple[str, ...]
    scolarises: int


@dataclass(frozen=True)
class Blocking:
    """A record that blocks the transfer to the BEA, and why."""

    pupil: PupilRow
    reason: str


@dataclass
class Dashboard:
    """The tableau de bord of one school and school year."""

    uai: str
    school_year: str
    today: dt.date
    #: the Élèves export it is computed from
    source: ExportFile
    files: list[ExportFile]
    scolarises: int = 0
    sortants: int = 0
    non_scolarises: list[PupilRow] = field(default_factory=list)
    leavers_without_motive: list[PupilRow] = field(default_factory=list)
    blocking: list[Blocking] = field(default_factory=list)
    #: the latest pre-check of the school's file for this school and year (``None``: none)
    last_check: Entry | None = None
    #: why the exchange history could not be read (``None``: it was)
    ledger_problem: str | None = None
    by_mef: list[MefCount] = field(default_factory=list)
    by_division: list[DivisionCount] = field(default_factory=list)
    #: whether the Structures export was given (blocking placements are checked only then)
    structures_checked: bool = False
    #: the ``eleves`` readiness checks
    checkpoints: list[Checkpoint] = field(default_factory=list)
    #: why the Élèves export is not of one piece (a pupil or an INE twice...): its counts
    #: cannot back the constat de rentrée
    export_faults: list[str] = field(default_factory=list)

    @property
    def checked_blocking(self) -> int:
        """Records rejected or imported with anomalies by the latest pre-check."""
        if self.last_check is None:
            return 0
        return self.last_check.rejects + self.last_check.anomalies

    @property
    def blocking_total(self) -> int:
        """Every record that blocks the transfer: from the exports and from the pre-check."""
        return len(self.blocking) + self.checked_blocking

    @property
    def declarable(self) -> bool:
        """Whether the constat de rentrée can be declared."""
        return (
            self.blocking_total == 0 and not self.leavers_without_motive and not self.export_faults
        )

    def verdict(self) -> str:
        """One French sentence: can the constat de rentrée be declared?"""
        if self.declarable:
            text = (
                "Le constat de rentrée peut être déclaré : aucune fiche bloquante, chaque sortant "
                "a un motif de sortie. Vérifiez dans BEE que l'effectif de la base académique est "
                "égal à celui de l'établissement, puis le chef d'établissement valide la « fin du "
                "constat de rentrée »."
            )
        else:
            reasons = []
            if self.blocking_total:
                reasons.append(
                    f"{plural(self.blocking_total, 'fiche')} "
                    f"{'bloquante' if self.blocking_total == 1 else 'bloquantes'}"
                )
            if self.leavers_without_motive:
                reasons.append(
                    f"{plural(len(self.leavers_without_motive), 'sortant')} sans motif de sortie"
                )
            if self.export_faults:
                reasons.append(
                    f"export Élèves incohérent ({plural(len(self.export_faults), 'incohérence')}, "
                    "voir les contrôles ci-dessous : refaites l'export sans le modifier)"
                )
            text = (
                f"Le constat de rentrée ne peut pas encore être déclaré : {' et '.join(reasons)}. "
                "Corrigez-les dans le logiciel de l'établissement (ou les structures dans "
                "STSweb), refaites l'import, puis un nouvel export Élèves."
            )
        if self.last_check is None and self.ledger_problem is None:
            text += (
                " Aucun contrôle du fichier d'import n'est enregistré pour cette année : lancez "
                "« siecle check » sur le fichier déposé pour connaître ses fiches bloquantes."
            )
        if self.non_scolarises:
            text += (
                f" À régulariser aussi : {plural(len(self.non_scolarises), 'élève')} non "
                f"{'scolarisé' if len(self.non_scolarises) == 1 else 'scolarisés'} sans date de "
                "sortie (à scolariser ou à déclarer sortants)."
            )
        return text


def _mef_label(ctx: DoctorContext, code: str) -> str:
    data = nomenclature_of(ctx)
    mef = data.mef(code) if data is not None else None
    if mef is None:
        return ""
    return (mef.libelle_edition or mef.libelle_long or mef.formation or "").strip()


def _counts(ctx: DoctorContext, scan: PupilScan, board: Dashboard) -> None:
    at_school = [p for p in scan.active if p.mef]
    per_mef = Counter(p.mef or "" for p in at_school)
    left_mef = Counter(p.mef or "" for p in scan.leavers if p.mef)
    board.by_mef = [
        MefCount(code, _mef_label(ctx, code), per_mef.get(code, 0), left_mef.get(code, 0))
        for code in sorted({*per_mef, *left_mef})
    ]
    per_division = Counter(p.division or NO_DIVISION for p in at_school)
    structures = structures_of(ctx)
    lines: list[DivisionCount] = []
    known: set[str] = set()
    for division in structures.divisions if structures is not None else ():
        code = division.code_structure or ""
        known.add(code)
        lines.append(
            DivisionCount(
                code,
                (division.libelle_long or "").strip(),
                tuple(division.mef_codes),
                per_division.get(code, 0),
            )
        )
    for code in sorted(set(per_division) - known - {NO_DIVISION}):
        lines.append(DivisionCount(code, "", (), per_division[code]))
    lines.sort(key=lambda line: line.code)
    if per_division.get(NO_DIVISION):
        lines.append(DivisionCount(NO_DIVISION, "", (), per_division[NO_DIVISION]))
    board.by_division = lines


def _last_check(board: Dashboard, ledger_path: Path | None) -> None:
    try:
        with Ledger(ledger_path) as ledger:
            if ledger.path.exists():
                board.last_check = ledger.last_check(board.uai, board.school_year)
    except LedgerError as exc:
        board.ledger_problem = exc.message


def compute_dashboard(
    paths: Iterable[str | Path],
    *,
    today: dt.date | None = None,
    ledger_path: Path | None = None,
    use_ledger: bool = True,
    rules: Sequence[type[Rule]] | None = None,
) -> Dashboard:
    """The tableau de bord from the exports ``paths`` (the latest Élèves export is required).

    ``ledger_path``: the exchange history to read the latest pre-check from (default: the
    user's); ``use_ledger=False`` leaves the history out.
    """
    ctx = build_context(paths, today, anchor="eleves")
    scan = scan_pupils(ctx)
    assert scan is not None
    source = next(f for f in ctx.exports if f.used and f.kind == "eleves")
    board = Dashboard(
        uai=ctx.uai,
        school_year=ctx.school_year,
        today=ctx.today,
        source=source,
        files=ctx.exports,
        structures_checked="structures" in ctx.available,
    )
    board.export_faults = scan.audit.faults
    board.sortants = len(scan.leavers)
    board.scolarises = sum(1 for p in scan.active if p.mef)
    board.non_scolarises = [p for p in scan.active if not p.mef]
    board.leavers_without_motive = [p for p in scan.leavers if not p.motive]
    for pupil in scan.active:
        reason = blocking_reason(pupil, ctx)
        if reason is not None:
            board.blocking.append(Blocking(pupil, reason))
    _counts(ctx, scan, board)
    eleves_rules = [
        r
        for r in (rules if rules is not None else _registered())
        if getattr(r, "step", "") == "eleves"
    ]
    board.checkpoints = run_checks(ctx, eleves_rules)
    if use_ledger:
        _last_check(board, ledger_path)
    return board


def _registered() -> list[type[Rule]]:
    from ..plugin.manager import get_manager

    return get_manager().rules()
