"""MODCH — the option-choice modalities are invalid.

The number of compulsory options of the active schooling (``OPTION`` with modality ``O``) must be
the number the MEF requires (Nomenclature ``MEF/NB_OPT_OBLIG``): fewer → ``MODCH_B_02``, more →
``MODCH_B_03`` (C, integrators' notes); SIECLE then ignores the pupil's options, so the other
option rules are not run. A MEF without ``NB_OPT_OBLIG`` is not checked.

Masking (C, real compte-rendus): once the active schooling is rejected (``ACDIV_B_01``...), an
empty ``OPTIONS`` for a MEF requiring options raises no MODCH; the engine does not run this rule
then.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

COMPULSORY = "O"


class Modch(Rule):
    """Count of compulsory options against the MEF's ``NB_OPT_OBLIG``."""

    order = 330
    checks = "number of `O` options vs `NB_OPT_OBLIG`"
    codes = "`MODCH_B_02` (fewer), `MODCH_B_03` (more)"
    outcome = "anomaly, 5; options ignored"
    reading = "C"
    family = "MODCH"
    title = label("MODCH")
    needs = frozenset({"nomenclature"})
    stage = Stage.OPTIONS

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        scolarite = eleve.scolarite_active
        if scolarite is None:
            return
        mef = scolarite.code_mef
        required = ctx.compulsory_count.get(mef)
        if required is None:
            return
        given = sum(o.code_modalite_elect.strip() == COMPULSORY for o in scolarite.options)
        if given == required:
            return
        code, word = (
            ("MODCH_B_02", "inférieur") if given < required else ("MODCH_B_03", "supérieur")
        )
        yield self.pupil(
            eleve,
            ctx,
            code,
            f"Le nombre d'options obligatoires « {given} » est {word} au nombre exigé par "
            f"le MEF « {mef} » ({required}) : les options de l'élève ne sont pas prises en "
            "compte.",
            Consequence.ANOMALY,
            Effect.OPTIONS,
        )
