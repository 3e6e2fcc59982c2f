"""The readiness checklist from any set of files: read headers, choose the school and year, load
the context, run every registered ``check_exports`` rule, group the lines by workflow step.

Files may come in any order and any mix (XML or zip). Each one's header is read first
(:func:`~siecle_sdk.doctor.context.probe`); the school and year are those of most exports (or of
the latest export of an ``anchor`` kind, for the tableau de bord); files of another school or
year, older duplicates and files of another kind are set aside — the ``fichiers`` checks say so —
and the others are loaded into the pre-check's context
(:func:`~siecle_sdk.rules.context.load_context`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ExitCode, SiecleError, UnusableInput
from ..rules import Checkpoint, Rule, Status
from ..rules.context import CONTEXT_FILES, Context, load_context
from . import EXPORT_ACTION, STEPS, enumerate_items, worst
from .context import DoctorContext, Exclusion, ExportFile, probe
from .files import EXPORT_TITLES

__all__ = ["Checklist", "Step", "build_context", "doctor_rules", "run_checks", "run_doctor"]

_OLDEST = dt.datetime.min
_KIND_ORDER = {kind: index for index, kind in enumerate(CONTEXT_FILES)}


@dataclass
class Step:
    """The lines of one workflow step."""

    key: str
    title: str
    #: where the step is done (application and menu), in French
    where: str
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def status(self) -> Status:
        """The most severe status of the step's lines."""
        return worst(c.status for c in self.checkpoints)


@dataclass
class Checklist:
    """The readiness checklist of one school and school year."""

    uai: str
    school_year: str
    today: dt.date
    files: list[ExportFile]
    steps: list[Step]

    @property
    def checkpoints(self) -> list[Checkpoint]:
        """Every line, in checklist order."""
        return [c for step in self.steps for c in step.checkpoints]

    @property
    def status(self) -> Status:
        """The most severe status of all lines."""
        return worst(c.status for c in self.checkpoints)

    def count(self, status: Status) -> int:
        """Number of lines with ``status``."""
        return sum(1 for c in self.checkpoints if c.status is status)

    @property
    def exit_code(self) -> ExitCode:
        """2 when a file given cannot be read (damaged, truncated...), else 1 when a line is ✗,
        else 0."""
        if any(f.excluded == Exclusion.UNREADABLE for f in self.files):
            return ExitCode.UNUSABLE
        return ExitCode.FINDINGS if self.status is Status.ERROR else ExitCode.OK


def _freshness(file: ExportFile) -> tuple[dt.datetime, str, str]:
    return (file.exported or _OLDEST, file.name, str(file.path))


def _select(files: list[ExportFile], anchor: str | None) -> tuple[str, str, list[ExportFile]]:
    """The school and year to check, and ``files`` with the set-aside ones marked."""
    result = [
        f
        if f.kind is None or f.kind in CONTEXT_FILES
        else replace(f, excluded=Exclusion.OTHER_KIND)
        for f in files
    ]
    candidates = [f for f in result if f.used]
    if anchor is not None:
        anchored = [f for f in candidates if f.kind == anchor]
        if not anchored:
            errors = [f.error for f in result if f.error]
            raise UnusableInput(
                f"Aucun export {EXPORT_TITLES.get(anchor, anchor)} lisible parmi les fichiers "
                f"donnés ({', '.join(f.name for f in files)}).{' ' if errors else ''}"
                f"{' '.join(errors)}"
            )
        chosen = max(anchored, key=_freshness)
        if not chosen.uai or not chosen.school_year:
            raise UnusableInput(
                f"L'en-tête de {chosen.path} ne donne pas l'établissement (UAJ) et l'année "
                "scolaire (ANNEE_SCOLAIRE) : export inutilisable."
            )
        uai, year = chosen.uai, chosen.school_year
    else:
        pairs = Counter((f.uai, f.school_year) for f in candidates if f.uai and f.school_year)
        if not pairs:
            unreadable = [f.error for f in files if f.error]
            detail = f" {' '.join(unreadable)}" if unreadable else ""
            raise UnusableInput(
                "Aucun export SIECLE utilisable parmi les fichiers donnés (il faut des exports "
                f"XML génériques de BEE : Nomenclature, Structures, Communs, Élèves…).{detail}"
            )
        (found_uai, found_year), _ = max(
            pairs.items(), key=lambda item: (item[1], item[0][1] or "", item[0][0] or "")
        )
        uai, year = found_uai or "", found_year or ""
    kept: dict[str, ExportFile] = {}
    for index, file in enumerate(result):
        if not file.used:
            continue
        if file.uai != uai:
            result[index] = replace(file, excluded=Exclusion.OTHER_SCHOOL)
        elif file.school_year != year:
            result[index] = replace(file, excluded=Exclusion.OTHER_YEAR)
        elif file.kind is not None:
            current = kept.get(file.kind)
            if current is None or _freshness(file) > _freshness(current):
                kept[file.kind] = file
    for index, file in enumerate(result):
        if file.used and file.kind is not None and kept.get(file.kind) is not file:
            newer = kept[file.kind]
            result[index] = replace(file, excluded=Exclusion.OLDER, replaced_by=newer.path)
    result.sort(
        key=lambda f: (_KIND_ORDER.get(f.kind or "", len(_KIND_ORDER)), f.name, str(f.path))
    )
    return uai, year, result


def _load(uai: str, year: str, files: list[ExportFile]) -> tuple[Context, list[ExportFile]]:
    """Load the used files; a file that fails to load is marked unreadable and left out."""
    used = {f.kind: f.path for f in files if f.used and f.kind is not None}
    try:
        return load_context(uai, year, used), files
    except SiecleError:
        pass
    failed: dict[Path, str] = {}
    for kind, path in used.items():
        try:
            load_context(uai, year, {kind: path})
        except SiecleError as exc:
            failed[path] = exc.message
    files = [
        replace(f, excluded=Exclusion.UNREADABLE, error=failed[f.path])
        if f.used and f.path in failed
        else f
        for f in files
    ]
    remaining = {kind: path for kind, path in used.items() if path not in failed}
    return load_context(uai, year, remaining), files


def build_context(
    paths: Iterable[str | Path], today: dt.date | None = None, anchor: str | None = None
) -> DoctorContext:
    """The context of the checks for the files ``paths`` (any order, XML or zip).

    ``anchor``: the kind of export whose latest file fixes the school and year (the majority of
    the exports otherwise). Raises :class:`~siecle_sdk.errors.UnusableInput` when no file can be
    used at all.
    """
    unique: dict[Path, None] = {}
    for path in paths:
        unique.setdefault(Path(path), None)
    if not unique:
        raise UnusableInput("Aucun fichier donné : indiquez les exports SIECLE à vérifier.")
    files = [probe(path) for path in unique]
    uai, year, files = _select(files, anchor)
    ctx, files = _load(uai, year, files)
    if anchor is not None and anchor not in ctx.available:
        bad = next((f for f in files if f.kind == anchor and f.error), None)
        raise UnusableInput(bad.error if bad and bad.error else f"Export {anchor} illisible.")
    return DoctorContext.wrap(ctx, today or dt.date.today(), files)


def _overrides(rule: type[Rule], method: str) -> bool:
    return getattr(rule, method) is not getattr(Rule, method)


def doctor_rules(rules: Iterable[type[Rule]] | None = None) -> list[type[Rule]]:
    """The registered rules that check exports, the SDK's own first (stable order)."""
    if rules is None:
        from ..plugin.manager import get_manager

        rules = get_manager().rules()
    found = [r for r in rules if _overrides(r, "check_exports")]
    return sorted(found, key=lambda r: not r.__module__.startswith("siecle_sdk.doctor."))


#: label of the line gathering the checks of a step that could not be made
UNCHECKED = "Contrôles non faits"


def _unchecked(step: str, missing: tuple[str, ...], rules: list[type[Rule]]) -> Checkpoint:
    names = enumerate_items(EXPORT_TITLES.get(n, n) for n in missing)
    titles = [rule.title or rule.family for rule in rules]
    titles = [
        titles[0],
        *(t[:1].lower() + t[1:] if t[1:2].islower() else t for t in titles[1:]),
    ]
    return Checkpoint(
        step=step,
        status=Status.WARNING,
        label=UNCHECKED,
        reason=f"Faute d'export {names} : {enumerate_items(titles, 8)}.",
        action=f"{EXPORT_ACTION} : exportez {names}, puis relancez avec tous les exports.",
        rule=",".join(rule.family for rule in rules),
    )


def run_checks(ctx: Context, rules: Sequence[type[Rule]] | None = None) -> list[Checkpoint]:
    """Every line of the rules that check exports, in rule order.

    A rule whose exports are missing gives no line of its own: the rules of one step missing the
    same exports share one ⚠ line (at the place of the first one), unless a missing export is
    optional for the rule (then nothing is said).
    """
    lines: list[Checkpoint | tuple[str, tuple[str, ...]]] = []
    unchecked: dict[tuple[str, tuple[str, ...]], list[type[Rule]]] = {}
    for rule in doctor_rules(rules):
        step = str(getattr(rule, "step", "") or "autres")
        missing = tuple(n for n in CONTEXT_FILES if n in rule.needs and n not in ctx.available)
        if missing:
            optional: frozenset[str] = getattr(rule, "optional", frozenset())
            if not optional.intersection(missing):
                key = (step, missing)
                if key not in unchecked:
                    lines.append(key)
                unchecked.setdefault(key, []).append(rule)
            continue
        try:
            lines.extend(rule().check_exports(ctx))
        except SiecleError as exc:
            lines.append(
                Checkpoint(
                    step=step,
                    status=Status.ERROR,
                    label=rule.title or rule.family,
                    reason=f"Contrôle impossible : {exc.message}",
                    action=f"{EXPORT_ACTION} : refaites l'export concerné, sans le modifier.",
                    rule=rule.family,
                )
            )
    return [
        _unchecked(line[0], line[1], unchecked[line]) if isinstance(line, tuple) else line
        for line in lines
    ]


def group_steps(lines: Iterable[Checkpoint]) -> list[Step]:
    """``lines`` grouped by workflow step, steps in workflow order (unknown steps last)."""
    steps: dict[str, Step] = {key: Step(key, title, where) for key, (title, where) in STEPS.items()}
    for line in lines:
        step = steps.get(line.step)
        if step is None:
            step = steps[line.step] = Step(line.step, line.step.capitalize(), "")
        step.checkpoints.append(line)
    return [step for step in steps.values() if step.checkpoints]


def run_doctor(
    paths: Iterable[str | Path],
    today: dt.date | None = None,
    rules: Sequence[type[Rule]] | None = None,
) -> Checklist:
    """The readiness checklist of the exports ``paths``."""
    ctx = build_context(paths, today)
    return Checklist(
        uai=ctx.uai,
        school_year=ctx.school_year,
        today=ctx.today,
        files=ctx.exports,
        steps=group_steps(run_checks(ctx, rules)),
    )
