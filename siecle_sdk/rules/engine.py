"""Running the rules over an import file: the compte-rendu SIECLE will publish, computed now.

One streaming pass over the file: each person and pupil is validated into its model, checked by
every enabled rule in stage order (with SIECLE's masking), matched against the Élèves export, and
released. Only the findings, the links (for the rules on persons) and the match index are kept.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UnusableInput
from ..models.import_eleves import Eleve, Personne
from . import Consequence, Effect, Finding, Rule, Stage
from .context import CONTEXT_FILES, Context, PartCache, display_name, load_context
from .reconcile import Match, SieclePupil, normalise, private_key

if TYPE_CHECKING:
    from ..io.schema import Validation, Validator

__all__ = ["Change", "Report", "check_file"]


@dataclass(frozen=True)
class Change:
    """A line of section 8: a pupil the import adds (``AJOUT``) or modifies (``MODIF``)."""

    code: str
    private_id: str
    siecle_id: str | None
    name: str
    division: str | None
    ine: str | None
    #: what differs from SIECLE (for ``MODIF``; empty when the pupil is sent unchanged)
    fields: tuple[str, ...] = ()


@dataclass
class Report:
    """The compte-rendu of a file, computed locally."""

    file: Path
    uai: str
    school_year: str
    version: str | None
    counts: dict[str, int] = field(default_factory=dict)
    #: why SIECLE would refuse the deposit whole (names, header, characters, XSD), with lines:
    #: the first ones, out of :attr:`deposit_count`
    deposit_errors: list[str] = field(default_factory=list)
    #: how many reasons of refusal were found (``None``: as many as ``deposit_errors``)
    deposit_total: int | None = None
    #: remarks that do not block (a name that cannot be checked, another ``LOGICIEL``...)
    notices: list[str] = field(default_factory=list)
    #: ``LOGICIEL`` of the file
    software: str | None = None
    findings: list[Finding] = field(default_factory=list)
    #: section 7: pupils SIECLE has that the file lacks (``None``: not checked)
    absent: list[SieclePupil] | None = None
    #: section 8 (``None``: not determined, no Élèves export)
    changes: list[Change] | None = None
    #: rule family -> context files it lacked
    disabled: dict[str, list[str]] = field(default_factory=dict)
    #: context files used, by name
    context: dict[str, Path] = field(default_factory=dict)

    def section(self, number: int) -> list[Finding]:
        """Findings printed in section ``number`` (1-6)."""
        return [f for f in self.findings if f.section == number]

    @property
    def deposit_count(self) -> int:
        """How many reasons SIECLE would have to refuse the deposit whole."""
        return len(self.deposit_errors) if self.deposit_total is None else self.deposit_total

    @property
    def refused(self) -> bool:
        """Whether SIECLE would refuse the deposit whole (no record would be read)."""
        return bool(self.deposit_errors)

    @property
    def blocking(self) -> bool:
        """Whether SIECLE would refuse the file, reject a record or import one with an anomaly."""
        return self.refused or any(f.blocking for f in self.findings)


#: fields of section 8's detail that SIECLE does not take when a finding has this effect
_NOT_TAKEN = {
    Effect.IDENTITY: ("NOM_DE_FAMILLE", "PRENOM"),
    Effect.SCOLARITE: ("CODE_DIVISION", "CODE_MEF", "DATE_SORTIE"),
}


def _identity_changes(eleve: Eleve, match: Match, found: Iterable[Finding] = ()) -> tuple[str, ...]:
    """What an identified pupil's record changes in SIECLE: the fields that differ, less those
    SIECLE refused (a schooling or names rejected by an anomaly keep SIECLE's values)."""
    pupil = match.pupil
    refused = {name for f in found for name in _NOT_TAKEN.get(f.effect, ())}
    changed = []
    if normalise(eleve.nom_de_famille) not in {pupil.family, pupil.usage}:
        changed.append("NOM_DE_FAMILLE")
    if normalise(eleve.prenom) != pupil.first:
        changed.append("PRENOM")
    if isinstance(eleve.date_naiss, dt.date) and eleve.date_naiss != pupil.birth:
        changed.append("DATE_NAISS")
    if (eleve.id_national or None) != pupil.ine and eleve.id_national:
        changed.append("ID_NATIONAL")
    scolarite = eleve.scolarite_active
    if scolarite is not None:
        if (scolarite.code_division or None) != pupil.division:
            changed.append("CODE_DIVISION")
        if scolarite.code_mef != pupil.mef:
            changed.append("CODE_MEF")
    left = eleve.date_sortie if isinstance(eleve.date_sortie, dt.date) else None
    if left != pupil.left:
        changed.append("DATE_SORTIE")
    return tuple(name for name in changed if name not in refused)


class _Run:
    """State of one check."""

    def __init__(self, rules: list[Rule], ctx: Context) -> None:
        self.ctx = ctx
        self.rules = rules
        self.person_rules = [r for r in rules if _overrides(r, "check_personne")]
        self.stages = {
            stage: [r for r in rules if r.stage == stage and _overrides(r, "check_eleve")]
            for stage in Stage
        }
        self.findings: list[Finding] = []
        self.changes: list[Change] | None = [] if ctx.pupils is not None else None
        self.counts = {"eleves": 0, "responsables": 0, "sortants": 0, "liens": 0, "options": 0}
        self._kinds: dict[tuple[str, str], tuple[str, str]] = {}

    def personne(self, personne: Personne) -> None:
        self.counts["responsables"] += 1
        self.ctx.persons_in_file.add(personne.id_prv_per)
        for rule in self.person_rules:
            self.findings.extend(rule.check_personne(personne, self.ctx))

    def eleve(self, eleve: Eleve) -> None:
        ctx = self.ctx
        self.counts["eleves"] += 1
        self.counts["sortants"] += eleve.is_leaver
        for role, link in eleve.links():
            kind = (role, link.code_parente)
            # a handful of distinct kinds for the whole file: one tuple each
            ctx.links[link.id_prv_per].append(self._kinds.setdefault(kind, kind))
            self.counts["liens"] += 1
        if eleve.scolarite_active is not None:
            self.counts["options"] += len(eleve.scolarite_active.options)
        match = ctx.pupils.match(eleve) if ctx.pupils is not None else None
        if match is not None:
            ctx.matches.setdefault(eleve.id_prv_ele, match)
        found: list[Finding] = []
        rejected = scolarite_out = options_out = False
        for stage, rules in self.stages.items():
            if stage == Stage.OPTIONS and (scolarite_out or eleve.scolarite_active is None):
                break
            for rule in rules:
                if stage == Stage.OPTIONS and options_out:
                    break
                for finding in rule.check_eleve(eleve, ctx):
                    found.append(finding)
                    rejected |= finding.consequence is Consequence.REJECTED
                    scolarite_out |= finding.effect is Effect.SCOLARITE
                    options_out |= finding.effect is Effect.OPTIONS
            if rejected:
                found = [f for f in found if f.consequence is Consequence.REJECTED]
                break
        self.findings.extend(found)
        if self.changes is not None and not rejected:
            identity = ctx.pupil_identity(eleve)
            name, division = str(identity["name"]), identity["division"]
            if match is None:
                self.changes.append(
                    Change("AJOUT", eleve.id_prv_ele, None, name, division, eleve.id_national)
                )
            else:
                # the integration rewrites every pupil it identifies: each one is a MODIF, what
                # differs from SIECLE being the detail
                self.changes.append(
                    Change(
                        "MODIF",
                        eleve.id_prv_ele,
                        match.eleve_id,
                        name,
                        division,
                        eleve.id_national,
                        _identity_changes(eleve, match, found),
                    )
                )

    def finish(self) -> None:
        for rule in self.rules:
            self.findings.extend(rule.finish(self.ctx))


#: methods through which a rule reads the records of an import file
_RECORD_METHODS = ("check_eleve", "check_personne", "finish")


def _overrides(rule: Rule | type[Rule], method: str) -> bool:
    cls = rule if isinstance(rule, type) else type(rule)
    return getattr(cls, method) is not getattr(Rule, method)


def _sort_key(finding: Finding) -> tuple[int, str, str, str]:
    return (finding.section, finding.name, finding.private_id, finding.code)


def check_file(
    path: Path,
    context_files: Mapping[str, Path | None],
    *,
    rules: Iterable[type[Rule]] | None = None,
    on_record: Callable[[], None] | None = None,
    validator: Validator | None = None,
    cache: PartCache | None = None,
) -> Report:
    """Check the ``IMPORT_ELEVES`` file at ``path`` against the given context exports (the
    large ones through ``cache``, when given).

    The file is read once, through the hardened reader: SIECLE's deposit checks (names, header,
    storable characters) and the XSD of its version (or ``validator``) are checked while the rules
    run. When the deposit would be refused, the report lists why (with lines), no finding. A
    file that cannot be read (damaged, truncated, unsafe) raises
    :class:`~siecle_sdk.errors.UnusableInput`.
    """
    with _collector_paused():
        return _check(path, context_files, rules, on_record, validator, cache)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a check.

    A check allocates millions of small objects that reference counting frees (records) or that
    live until the end (the match index): none forms cycles, and the collector's full passes over
    the growing index took 12 % of a 100 000-pupil check for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(
    path: Path,
    context_files: Mapping[str, Path | None],
    rules: Iterable[type[Rule]] | None,
    on_record: Callable[[], None] | None,
    validator: Validator | None,
    cache: PartCache | None = None,
) -> Report:
    from ..io.reader import open_document
    from . import deposit

    def validation(root: str, attrs: dict[str, str]) -> Validation | None:
        if validator is None:
            return deposit.start_validation(root, attrs)
        started = validator.start()
        started.checks.append(deposit.unstorable_characters)
        return started

    with open_document(path, validator=validation) as doc:
        if doc.kind != "import-eleves" or doc.validation is None:
            raise UnusableInput(
                f"{path} est un {doc.format.title}, pas un fichier d'import du "
                "privé (IMPORT_ELEVES) : rien à contrôler."
            )
        parameters = doc.parameters
        report = Report(
            file=path,
            uai=parameters.get("UAJ", ""),
            school_year=parameters.get("ANNEE_SCOLAIRE", ""),
            version=doc.version,
        )
        for reason in deposit.refusals(path, doc.info.member, parameters, doc.version):
            doc.validation.add(0, reason)
        report.notices += deposit.name_notices(path, doc.info.member)
        report.software = parameters.get("LOGICIEL")
        ctx = load_context(report.uai, report.school_year, context_files, cache)
        report.context = dict(ctx.files)
        run = _Run(_enabled(rules, ctx, report), ctx)
        for _, record in doc.typed():
            if isinstance(record, Eleve):
                run.eleve(record)
            elif isinstance(record, Personne):
                run.personne(record)
            if on_record is not None:
                on_record()
        refusal = doc.validation
        read = {"eleves": doc.counts["ELEVES"], "responsables": doc.counts["PERSONNES"]}
    if refusal.failed:
        report.deposit_errors = refusal.messages
        report.deposit_total = refusal.total
        report.counts = read
        return report
    run.finish()
    report.counts = run.counts
    report.findings = sorted(run.findings, key=_sort_key)
    report.changes = run.changes
    if ctx.pupils is not None:
        matched = {m.eleve_id for m in ctx.matches.values()}
        report.absent = sorted(
            (p for p in ctx.pupils.pupils.values() if p.eleve_id not in matched),
            key=lambda p: (p.family, p.first),
        )
    return report


def _enabled(rules: Iterable[type[Rule]] | None, ctx: Context, report: Report) -> list[Rule]:
    """A new instance of every rule whose exports were given; the others are listed in
    ``report.disabled``."""
    if rules is None:
        from ..plugin.manager import get_manager

        rules = get_manager().rules()
    enabled: list[Rule] = []
    for rule_type in rules:
        if not any(_overrides(rule_type, m) for m in _RECORD_METHODS):
            continue
        missing = [
            name for name in CONTEXT_FILES if name in rule_type.needs and name not in ctx.available
        ]
        if missing:
            lacking = report.disabled.setdefault(rule_type.family, [])
            lacking.extend(name for name in missing if name not in lacking)
        else:
            enabled.append(rule_type())
    return enabled


def pupil_finding(
    rule: type[Rule] | Rule,
    eleve: Eleve,
    ctx: Context,
    code: str,
    message: str,
    consequence: Consequence,
    effect: Effect = Effect.NONE,
    confirmed: bool = True,
) -> Finding:
    """A finding about a pupil, with the identifiers SIECLE prints."""
    identity = ctx.pupil_identity(eleve)
    return Finding(
        code=code,
        rule=rule.family,
        record="eleve",
        private_id=eleve.id_prv_ele,
        siecle_id=identity["siecle_id"],
        name=str(identity["name"]),
        message=message,
        consequence=consequence,
        effect=effect,
        division=identity["division"],
        confirmed=confirmed,
    )


def person_finding(
    rule: type[Rule] | Rule,
    personne: Personne | tuple[str, str, str],
    ctx: Context,
    code: str,
    message: str,
    consequence: Consequence,
    confirmed: bool = True,
) -> Finding:
    """A finding about a person; ``personne`` may be ``(private id, family, first name)``."""
    if isinstance(personne, Personne):
        private, family, first = personne.id_prv_per, personne.nom_de_famille, personne.prenom
    else:
        private, family, first = personne
    return Finding(
        code=code,
        rule=rule.family,
        record="responsable",
        private_id=private,
        siecle_id=ctx.person_ids.get(private_key(private) or ""),
        name=display_name(family, first),
        message=message,
        consequence=consequence,
        confirmed=confirmed,
    )
