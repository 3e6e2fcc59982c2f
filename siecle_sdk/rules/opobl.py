"""OPOBL — the pupil's compulsory options are invalid.

The n-th compulsory option of the active schooling (n-th ``OPTION`` of modality ``O``: the file has
no rank element, L) must be a matière the Nomenclature's ``OPTIONS_OBLIGATOIRES`` allows at rank n
for the MEF; otherwise ``OPOBL_C_01`` (C: matière 084300 at rank 2) and SIECLE ignores the pupil's
options. A rank the MEF has no list for is left to MODCH (count). Only the first faulty option is
reported. Not checked when the given Nomenclature has no ``OPTIONS_OBLIGATOIRES``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

COMPULSORY = "O"


class Opobl(Rule):
    """Compulsory options must be allowed at their rank."""

    order = 350
    checks = "n-th `O` option allowed at rank n in `OPTIONS_OBLIGATOIRES`"
    codes = "`OPOBL_C_01`"
    outcome = "anomaly, 5; options ignored"
    reading = "C / L (rank by position)"
    family = "OPOBL"
    title = label("OPOBL")
    needs = frozenset({"nomenclature"})
    stage = Stage.OPTIONS

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None or not ctx.compulsory:
            return
        mef = scolarite.code_mef
        compulsory = [
            o.code_matiere.strip()
            for o in scolarite.options
            if o.code_modalite_elect.strip() == COMPULSORY
        ]
        for rank, matiere in enumerate(compulsory, start=1):
            allowed = ctx.compulsory.get((mef, rank))
            if allowed is None or matiere in allowed:
                continue
            yield self.pupil(
                eleve,
                ctx,
                "OPOBL_C_01",
                f"La matière « {matiere} » n'est pas autorisée comme option obligatoire de rang "
                f"{rank} pour le MEF « {mef} » : les options de l'élève ne sont pas prises en "
                "compte.",
                Consequence.ANOMALY,
                Effect.OPTIONS,
            )
            return
