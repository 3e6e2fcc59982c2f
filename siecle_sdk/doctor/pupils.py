"""Steps 6 to 8 — the pupils as SIECLE holds them, read from the latest Élèves export.

The pre-check's context keeps only a compact matching index of the Élèves export; these checks
stream the export once more into :class:`PupilScan` (one small row per pupil: division, MEF, INE,
leave date and motive), shared with the tableau de bord (:mod:`.dashboard`).

A pupil is a leaver ("sortant") when the export gives a ``DATE_SORTIE``; leavers stay in the
export and keep their structures, so the placement checks look at the other pupils only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exchange.export_audit import MAX_LISTED, AuditResult, ExportAudit
from ..rules import Checkpoint, Status
from ..rules.context import Context, display_name
from . import EXPORT_ACTION, DoctorRule, agree, enumerate_items, plural
from .context import DoctorContext, nomenclature_of, parse_stamp
from .nomenclatures import mef_name

__all__ = [
    "ExportConsistency",
    "LeaversWithoutMotive",
    "OptionsProfiled",
    "PupilDivisions",
    "PupilMefs",
    "PupilRow",
    "PupilScan",
    "PupilsWithoutDivision",
    "PupilsWithoutIne",
    "blocking_reason",
    "scan_pupils",
]

_SOFTWARE = (
    "corrigez-les dans le logiciel de l'établissement (il est la référence : une correction faite "
    "seulement dans SIECLE est écrasée au prochain import), puis refaites l'import"
)


@dataclass(frozen=True, slots=True)
class PupilRow:
    """What the checks keep of one pupil of the Élèves export."""

    eleve_id: str
    #: as SIECLE prints it: ``DUPONT Marie``
    name: str
    ine: str | None
    mef: str | None
    division: str | None
    left: dt.date | None
    motive: str | None

    @property
    def leaver(self) -> bool:
        """Whether the pupil has a leave date (a "sortant")."""
        return self.left is not None

    @property
    def label(self) -> str:
        """``DUPONT Marie (3A)``: the name and the division when there is one."""
        return f"{self.name} ({self.division})" if self.division else self.name


@dataclass
class PupilScan:
    """The pupils of one Élèves export."""

    path: Path
    exported: dt.datetime | None
    #: every pupil once (a pupil the file repeats is counted once, as SIECLE counts)
    pupils: list[PupilRow] = field(default_factory=list)
    #: the consistency of the export (and of the Responsables export when given)
    audit: AuditResult = field(default_factory=AuditResult)
    #: (MEF, matière) -> pupils at school who take that option in that MEF
    options: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def active(self) -> list[PupilRow]:
        """Pupils without leave date."""
        return [p for p in self.pupils if not p.leaver]

    @property
    def leavers(self) -> list[PupilRow]:
        """Pupils with a leave date."""
        return [p for p in self.pupils if p.leaver]


def _read(path: Path, responsables: Path | None = None) -> PupilScan:
    """The pupils of the Élèves export, each once, and the audit of the export (with the
    Responsables export when given)."""
    from ..io.reader import open_document
    from ..models import eleves as ex

    rows: dict[str, ex.Eleve] = {}
    divisions: dict[str, str] = {}
    audit = ExportAudit()
    with open_document(path) as doc:
        scan = PupilScan(path=path, exported=parse_stamp(doc.parameters))
        audit.begin("eleves", path)
        for block, record in doc.typed():
            audit.record(block, record)
            if isinstance(record, ex.Eleve) and record.eleve_id:
                rows.setdefault(record.eleve_id, record)
            elif isinstance(record, ex.OptionsEleve) and record.eleve_id in rows:
                _count_options(scan, rows[record.eleve_id], record)
            elif isinstance(record, ex.StructuresEleve) and record.eleve_id:
                division = record.division
                if division and record.eleve_id not in divisions:
                    divisions[record.eleve_id] = division.strip()
    if responsables is not None:
        with open_document(responsables) as doc:
            audit.begin("responsables", responsables)
            for block, record in doc.typed():
                audit.record(block, record)
    scan.audit = audit.result(with_responsables=responsables is not None)
    for row in rows.values():
        eleve_id = row.eleve_id or ""
        left = row.date_sortie if isinstance(row.date_sortie, dt.date) else None
        scan.pupils.append(
            PupilRow(
                eleve_id=eleve_id,
                name=display_name(row.family_name or "", row.prenom or ""),
                ine=(row.id_national or "").strip() or None,
                mef=(row.code_mef or "").strip() or None,
                division=divisions.get(eleve_id),
                left=left,
                motive=(row.code_motif_sortie or "").strip() or None,
            )
        )
    scan.pupils.sort(key=lambda p: (p.name, p.eleve_id))
    return scan


def _count_options(scan: PupilScan, pupil: Any, options: Any) -> None:
    """Count the options of a pupil at school under its MEF (a pupil's rows once each)."""
    mef = (pupil.code_mef or "").strip()
    if not mef or pupil.date_sortie:
        return
    seen = {(o.code_matiere or "").strip() for o in options.options_eleve or ()} - {""}
    for matiere in seen:
        scan.options[(mef, matiere)] = scan.options.get((mef, matiere), 0) + 1


def scan_pupils(ctx: Context) -> PupilScan | None:
    """The pupils of the context's Élèves export (``None``: not given); read once per context."""
    path = ctx.files.get("eleves")
    if path is None:
        return None
    if isinstance(ctx, DoctorContext):
        cached = ctx.loaded.get("eleves")
        if isinstance(cached, PupilScan):
            return cached
    scan = _read(path, ctx.files.get("responsables"))
    if isinstance(ctx, DoctorContext):
        ctx.loaded["eleves"] = scan
    return scan


def blocking_reason(pupil: PupilRow, ctx: Context) -> str | None:
    """Why SIECLE would block a pupil still at school (placement), or ``None``.

    The division must exist in Structures and be attached to the pupil's MEF (rule ACDIV).
    Needs the Structures export; leavers are never blocked here.
    """
    if pupil.leaver or not pupil.division or "structures" not in ctx.available:
        return None
    mefs = ctx.divisions.get(pupil.division)
    if mefs is None:
        if pupil.division in ctx.groups:
            return f"« {pupil.division} » est un groupe, pas une division"
        return f"division « {pupil.division} » inexistante"
    if pupil.mef and pupil.mef not in mefs:
        return f"MEF {pupil.mef} non rattaché à la division « {pupil.division} »"
    return None


class _PupilsRule(DoctorRule):
    step = "eleves"
    needs = frozenset({"eleves"})
    optional = frozenset({"eleves"})

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        scan = scan_pupils(ctx)
        if scan is not None:
            yield from self.check_pupils(scan, ctx)

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        """The lines of the check, from the pupils of the Élèves export."""
        return iter(())


def _names(pupils: list[PupilRow]) -> str:
    return enumerate_items(p.label for p in pupils)


class ExportConsistency(_PupilsRule):
    """The Élèves export (and the Responsables export) are of one piece: every pupil, INE,
    person and link once, every record with its id and pointing to a known pupil."""

    family = "EXPORT_COHERENT"
    title = "Exports Élèves et Responsables cohérents"

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        audit = scan.audit
        if audit.faults:
            yield self.checkpoint(
                Status.ERROR,
                f"{plural(len(audit.faults), 'incohérence')} : {audit.describe(True)}. Les "
                "comptages de SIECLE comptent chaque élève une fois ; ce fichier a été assemblé "
                "ou modifié après l'export.",
                f"{EXPORT_ACTION} : refaites l'export Élèves (et Responsables) depuis SIECLE et "
                "donnez les fichiers sans les modifier ni les assembler.",
            )
            return
        if audit.notes:
            yield self.checkpoint(
                Status.WARNING,
                f"{plural(len(audit.notes), 'enregistrement')} ne "
                f"{'renvoie' if len(audit.notes) == 1 else 'renvoient'} à aucun élève ou "
                f"responsable de l'export : {' ; '.join(audit.notes[:MAX_LISTED])}"
                + (
                    f" ; … et {len(audit.notes) - MAX_LISTED} autre(s)."
                    if len(audit.notes) > MAX_LISTED
                    else "."
                ),
                f"{EXPORT_ACTION} : prenez les exports Élèves et Responsables le même jour.",
            )
            return
        yield self.checkpoint(
            Status.OK,
            f"{plural(audit.pupils, 'élève')}, chacun une fois, avec {agree(audit.pupils, 'son')} "
            "INE et ses liens sans doublon.",
        )


class PupilDivisions(_PupilsRule):
    """Pupils still at school are in divisions that exist in Structures."""

    family = "ELEVE_DIVISION"
    title = "Élèves dans une division existante"
    needs = frozenset({"eleves", "structures"})

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        placed = [p for p in scan.active if p.division]
        wrong = [p for p in placed if p.division not in ctx.divisions]
        if not wrong:
            yield self.checkpoint(
                Status.OK, f"{plural(len(placed), 'élève')} dans une division existante."
            )
            return
        codes = sorted({p.division or "" for p in wrong})
        yield self.checkpoint(
            Status.ERROR,
            f"{plural(len(wrong), 'élève')} dans une division absente des structures "
            f"({enumerate_items(codes)}) : {_names(wrong)}. Ces fiches bloquent la remontée "
            "vers la base académique.",
            f"Dans STSweb, créez ces divisions si elles existent vraiment ; sinon {_SOFTWARE}.",
        )


class PupilMefs(_PupilsRule):
    """Pupils' MEFs are attached to their divisions."""

    family = "ELEVE_MEF"
    title = "MEF des élèves rattaché à leur division"
    needs = frozenset({"eleves", "structures"})

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        checked = [p for p in scan.active if p.division in ctx.divisions and p.mef]
        wrong = [p for p in checked if p.mef not in ctx.divisions.get(p.division or "", set())]
        if not wrong:
            yield self.checkpoint(
                Status.OK, f"{plural(len(checked), 'élève')} dans une division de leur MEF."
            )
            return
        details = enumerate_items(f"{p.label} : MEF {p.mef}" for p in wrong)
        yield self.checkpoint(
            Status.ERROR,
            f"{plural(len(wrong), 'élève')} dont le MEF n'est pas rattaché à la division : "
            f"{details}. Leur scolarité est en erreur (ACDIV) et bloque la remontée.",
            "Dans STSweb, rattachez le MEF à la division s'il y est bien enseigné ; sinon, "
            f"{_SOFTWARE}.",
        )


class PupilsWithoutDivision(_PupilsRule):
    """Pupils still at school are placed in a division (a warning: placement comes later)."""

    family = "ELEVE_SANS_DIVISION"
    title = "Élèves placés dans une division"

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        active = scan.active
        unplaced = [p for p in active if not p.division]
        if not unplaced:
            yield self.checkpoint(
                Status.OK,
                f"{plural(len(active), 'élève')} {agree(len(active), 'présent')}, tous dans une "
                "division.",
            )
            return
        yield self.checkpoint(
            Status.WARNING,
            f"{plural(len(unplaced), 'élève')} sans division sur {len(active)} : "
            f"{_names(unplaced)}.",
            "Placez ces élèves dans une division dans le logiciel de l'établissement, puis "
            "refaites l'import.",
        )


class PupilsWithoutIne(_PupilsRule):
    """Pupils still at school have an INE (a warning: the BEA gives it after the transfer)."""

    family = "ELEVE_SANS_INE"
    title = "Élèves avec INE"

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        active = scan.active
        missing = [p for p in active if not p.ine]
        if not missing:
            yield self.checkpoint(Status.OK, f"{plural(len(active), 'élève')} avec INE.")
            return
        yield self.checkpoint(
            Status.WARNING,
            f"{plural(len(missing), 'élève')} sans INE : {_names(missing)}. La base académique "
            "attribue l'INE la nuit qui suit la remontée d'une fiche non bloquante.",
            "Si l'INE n'arrive pas après quelques jours, cherchez ces élèves parmi les fiches "
            "bloquantes du tableau de bord ; les INE reviennent au logiciel par un nouvel export "
            "Élèves.",
        )


class LeaversWithoutMotive(_PupilsRule):
    """Every leaver has a leaving motive (needed for the constat de rentrée)."""

    family = "SORTANT_MOTIF"
    title = "Motif de sortie de chaque sortant"

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:
        leavers = scan.leavers
        missing = [p for p in leavers if not p.motive]
        if not missing:
            yield self.checkpoint(
                Status.OK, f"{plural(len(leavers), 'sortant')}, tous avec un motif de sortie."
            )
            return
        yield self.checkpoint(
            Status.ERROR,
            f"{plural(len(missing), 'sortant')} sans motif de sortie : {_names(missing)}. Le "
            "constat de rentrée ne peut pas être déclaré tant qu'un sortant n'a pas de motif.",
            f"Saisissez le motif de sortie : {_SOFTWARE}.",
        )


class OptionsProfiled(_PupilsRule):
    """The options pupils take are in the programme of their MEF (the fine profiling per MEF, as
    the Nomenclature and Élèves exports show it): SIECLE refuses an option its MEF does not
    offer (INOPT)."""

    family = "OPTIONS_PROFILEES"
    title = "Options des élèves profilées sur leur MEF"
    needs = frozenset({"eleves", "nomenclature"})

    def check_pupils(self, scan: PupilScan, ctx: Context) -> Iterator[Checkpoint]:

        data = nomenclature_of(ctx)
        if data is None:
            return
        mefs = {m.code_mef: m for m in data.mefs}
        offered = {(p.code_mef, (p.code_matiere or "").strip()) for p in data.programmes} | {
            (o.code_mef, (o.code_matiere or "").strip()) for o in data.options_obligatoires
        }
        missing = sorted(
            (mef, matiere, count)
            for (mef, matiere), count in scan.options.items()
            if mef in mefs and (mef, matiere) not in offered
        )
        taken = sum(scan.options.values())
        if not missing:
            yield self.checkpoint(
                Status.OK,
                f"{plural(taken, 'option')} d'élèves, chacune au programme de leur MEF."
                if taken
                else "Aucune option d'élève dans l'export.",
            )
            return
        details = enumerate_items(
            f"{matiere} en {mef_name(mefs[mef], mef)} ({plural(count, 'élève')})"
            for mef, matiere, count in missing
        )
        yield self.checkpoint(
            Status.WARNING,
            f"Options suivies par des élèves et absentes du programme de leur MEF : {details}. "
            "À l'import, SIECLE les refuserait (INOPT).",
            "Dans l'application Nomenclatures de SIECLE, faites le profilage fin par MEF "
            "(rattachez ces matières aux MEF qui les enseignent), cliquez sur « Exporter vers "
            "STS-WEB », puis refaites les exports Nomenclature et Élèves ; si l'option est "
            f"fausse, {_SOFTWARE}.",
        )
