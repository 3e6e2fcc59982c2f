"""ACDIV — the pupil's enrolment in a division is invalid.

The division of the active schooling must be a division of the school's Structures export, attached
to the pupil's MEF; otherwise ``ACDIV_B_01`` (C), the active schooling is rejected, so the option
rules are not run. This holds for a division missing from Structures altogether too: in the real
files behind SIECLE's compte-rendus the division was an invented code, not a division of the
school, and SIECLE answered ``ACDIV_B_01``. The code of a group given as the division gets the same
code, its message saying it is a group. A pupil without division (optional in the 3.x schemas)
raises nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label


class Acdiv(Rule):
    """The division must exist and be attached to the pupil's MEF."""

    order = 290
    checks = (
        "division of the school's Structures attached to the pupil's MEF; a code that is not a "
        "division of the school (unknown, or a group code: the message says which)"
    )
    codes = "`ACDIV_B_01`"
    outcome = "anomaly, 5; active schooling rejected (option rules skipped)"
    reading = (
        "C (the real files behind SIECLE's compte-rendus had an invented division code: "
        "`ACDIV_B_01`)"
    )
    family = "ACDIV"
    title = label("ACDIV")
    needs = frozenset({"structures"})
    stage = Stage.SCOLARITE

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None or not scolarite.code_division:
            return
        division = scolarite.code_division
        mefs = ctx.divisions.get(division)
        if mefs is None:
            what = (
                "est le code d'un groupe, pas celui d'une division"
                if division in ctx.groups
                else "n'est pas une division de l'établissement (Structures)"
            )
        elif scolarite.code_mef not in mefs:
            attached = ", ".join(sorted(mefs)) or "aucun"
            what = (
                f"n'est pas rattachée au MEF « {scolarite.code_mef} » (MEF rattachés : {attached})"
            )
        else:
            return
        yield self.pupil(
            eleve,
            ctx,
            "ACDIV_B_01",
            f"La division « {division} » {what} : la scolarité active est rejetée.",
            Consequence.ANOMALY,
            Effect.SCOLARITE,
        )
