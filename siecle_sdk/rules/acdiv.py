"""ACDIV — the pupil's enrolment in a division is invalid.

The division of the active schooling must be a division of the school's Structures export, attached
to the pupil's MEF (``ACDIV_B_01``, C: the active schooling is rejected, so the option rules are
not run). A division missing from Structures altogether, or the code of a group given as the
division, is reported under the family code (L: SIECLE's sub-code is not known; same reaction
assumed). A pupil without division (optional in the 3.x schemas) raises nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .engine import pupil_finding


class Acdiv(Rule):
    """The division must exist and be attached to the pupil's MEF."""

    family = "ACDIV"
    title = "L'inscription de l'élève dans la division n'est pas valide"
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
                "est un groupe, pas une division"
                if division in ctx.groups
                else ("n'existe pas dans les structures de l'établissement")
            )
            yield pupil_finding(
                self,
                eleve,
                ctx,
                "ACDIV",
                f"La division « {division} » {what} : la scolarité active est rejetée.",
                Consequence.ANOMALY,
                Effect.SCOLARITE,
                confirmed=False,
            )
        elif scolarite.code_mef not in mefs:
            attached = ", ".join(sorted(mefs)) or "aucun"
            yield pupil_finding(
                self,
                eleve,
                ctx,
                "ACDIV_B_01",
                f"La division « {division} » n'est pas rattachée au MEF "
                f"« {scolarite.code_mef} » (MEF rattachés : {attached}) : la scolarité active "
                "est rejetée.",
                Consequence.ANOMALY,
                Effect.SCOLARITE,
            )
