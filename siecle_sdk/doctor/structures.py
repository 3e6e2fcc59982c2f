"""Step 4 — structures made in STSweb: divisions, groups and their MEFs.

STSweb sends divisions and groups to SIECLE as soon as they are validated; the Structures export
(``BEE_STRUCTURES``) shows what SIECLE received. A pupil's division must exist and be attached to
the pupil's MEF (rule ACDIV): a division without MEF, or attached to a MEF the school did not
select for enrolment, makes SIECLE reject the active schooling of its pupils.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.structures import Structures
from ..rules import Checkpoint, Status
from ..rules.context import Context
from . import DoctorRule, agree, enumerate_items, plural
from .context import nomenclature_of, structures_of
from .nomenclatures import enrolment_mefs, mef_name

__all__ = [
    "CodeClash",
    "DivisionMefs",
    "DivisionMefsSelected",
    "Divisions",
    "GroupDivisions",
    "UnusedMefs",
]

_STSWEB = "Dans STSweb"
_AGAIN = (
    "validez (STSweb les envoie aussitôt à SIECLE ; en cas de doute, menu Exports › Structure), "
    "puis refaites l'export Structures"
)


def _code(value: str | None) -> str:
    return value or "(sans code)"


class _StructuresRule(DoctorRule):
    step = "structures"
    needs = frozenset({"structures"})

    def check_exports(self, ctx: Context) -> Iterator[Checkpoint]:
        data = structures_of(ctx)
        if data is not None:
            yield from self.check_structures(data, ctx)

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        """The lines of the check, from the whole Structures export."""
        return iter(())


class Divisions(_StructuresRule):
    """The school has at least one division."""

    family = "DIVISIONS"
    title = "Au moins une division"

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        if data.divisions:
            divisions, groups = (
                plural(len(data.divisions), "division"),
                plural(len(data.groupes), "groupe"),
            )
            yield self.checkpoint(Status.OK, f"{divisions}, {groups}.")
            return
        yield self.checkpoint(
            Status.ERROR,
            "Aucune division dans l'export Structures : aucun élève ne peut être placé.",
            f"{_STSWEB}, créez les divisions de l'année et leurs MEF, {_AGAIN}.",
        )


class DivisionMefs(_StructuresRule):
    """Every division is attached to at least one MEF."""

    family = "DIVISION_MEF"
    title = "Chaque division rattachée à au moins un MEF"

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        bare = [_code(d.code_structure) for d in data.divisions if not d.mef_codes]
        if not bare:
            yield self.checkpoint(
                Status.OK, f"{plural(len(data.divisions), 'division')} avec au moins un MEF."
            )
            return
        yield self.checkpoint(
            Status.ERROR,
            f"Divisions sans MEF : {enumerate_items(bare)} ; la scolarité de leurs élèves serait "
            "rejetée (ACDIV_B_01).",
            f"{_STSWEB}, rattachez chaque division au(x) MEF de ses élèves, {_AGAIN}.",
        )


class DivisionMefsSelected(_StructuresRule):
    """The MEFs of the divisions are selected for enrolment in the Nomenclature."""

    family = "DIVISION_MEF_SELECTIONNE"
    title = "MEF des divisions sélectionnés pour l'inscription"
    needs = frozenset({"structures", "nomenclature"})

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        nomenclature = nomenclature_of(ctx)
        assert nomenclature is not None
        enrolment = {m.code_mef for m in enrolment_mefs(nomenclature)}
        known = {m.code_mef: m for m in nomenclature.mefs}
        wrong = []
        for division in data.divisions:
            for code in division.mef_codes:
                if code not in enrolment:
                    what = "non sélectionné" if code in known else "absent de la Nomenclature"
                    wrong.append(
                        f"{_code(division.code_structure)} : {mef_name(known.get(code), code)} "
                        f"{what}"
                    )
        if not wrong:
            yield self.checkpoint(
                Status.OK, "Tous les MEF des divisions sont sélectionnés pour l'inscription."
            )
            return
        yield self.checkpoint(
            Status.ERROR,
            f"{enumerate_items(wrong)} ; SIECLE refuserait la scolarité des élèves de ces "
            "divisions.",
            "Dans Nomenclatures, sélectionnez ces MEF de scolarisation et lancez le profilage ; "
            "ou, si le rattachement est faux, corrigez-le dans STSweb. Refaites ensuite les "
            "exports Nomenclature et Structures.",
        )


class UnusedMefs(_StructuresRule):
    """Every MEF selected for enrolment is used by at least one division (a warning only)."""

    family = "MEF_INUTILISE"
    title = "Chaque MEF sélectionné utilisé par une division"
    needs = frozenset({"structures", "nomenclature"})

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        nomenclature = nomenclature_of(ctx)
        assert nomenclature is not None
        used = {code for d in data.divisions for code in d.mef_codes}
        unused = [
            mef_name(m, m.code_mef or "")
            for m in enrolment_mefs(nomenclature)
            if m.code_mef not in used
        ]
        if not unused:
            yield self.checkpoint(Status.OK, "Chaque MEF sélectionné a au moins une division.")
            return
        yield self.checkpoint(
            Status.WARNING,
            f"MEF sélectionnés qu'aucune division n'utilise encore : {enumerate_items(unused)}. "
            "Ce n'est pas bloquant, mais aucun élève ne pourra y être placé.",
            f"{_STSWEB}, rattachez ces MEF aux divisions concernées ({_AGAIN}) ; ou retirez-les "
            "de la sélection dans Nomenclatures s'ils ne sont plus proposés.",
        )


class GroupDivisions(_StructuresRule):
    """Every group is attached to divisions, and those divisions exist."""

    family = "GROUPE_DIVISIONS"
    title = "Chaque groupe rattaché à des divisions existantes"

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        divisions = {d.code_structure for d in data.divisions}
        problems = []
        for group in data.groupes:
            codes = group.division_codes
            if not codes:
                problems.append(f"{_code(group.code_structure)} (aucune division)")
                continue
            missing = [c for c in codes if c not in divisions]
            if missing:
                problems.append(
                    f"{_code(group.code_structure)} ({agree(len(missing), 'division')} "
                    f"{agree(len(missing), 'inexistante')} : {', '.join(missing)})"
                )
        if not data.groupes:
            yield self.checkpoint(Status.OK, "Aucun groupe : rien à vérifier.")
        elif not problems:
            count = len(data.groupes)
            yield self.checkpoint(
                Status.OK,
                f"{plural(count, 'groupe')} {agree(count, 'rattaché')} à des divisions existantes.",
            )
        else:
            yield self.checkpoint(
                Status.ERROR,
                f"Groupes mal rattachés : {enumerate_items(problems)} ; les élèves de ces "
                "groupes ne peuvent pas y être inscrits.",
                f"{_STSWEB}, rattachez chaque groupe aux divisions dont il réunit les élèves, "
                f"{_AGAIN}.",
            )


class CodeClash(_StructuresRule):
    """No division code is also used as a group code."""

    family = "CODES_STRUCTURES"
    title = "Codes de division distincts des codes de groupe"

    def check_structures(self, data: Structures, ctx: Context) -> Iterator[Checkpoint]:
        divisions = {d.code_structure for d in data.divisions if d.code_structure}
        clash = sorted(divisions & {g.code_structure for g in data.groupes if g.code_structure})
        if not clash:
            yield self.checkpoint(Status.OK, "Aucun code partagé entre division et groupe.")
            return
        yield self.checkpoint(
            Status.ERROR,
            f"Codes utilisés à la fois pour une division et pour un groupe : "
            f"{enumerate_items(clash)} ; la division des élèves devient ambiguë.",
            f"{_STSWEB}, renommez le groupe (ou la division) pour que chaque code soit unique, "
            f"{_AGAIN}.",
        )
