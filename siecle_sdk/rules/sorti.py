"""SORTI — the leave date and/or motive are invalid.

A leaver whose ``CODE_MOTIF_SORTIE`` is not in the Nomenclature's ``MOTIFS_SORTIE`` is rejected
(``REJEL_SORTI_F_01``, observed with the one-digit motive 5).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .engine import pupil_finding


class Sorti(Rule):
    family = "SORTI"
    title = "La date et/ou le motif de sortie ne sont pas valides"
    needs = frozenset({"nomenclature"})
    stage = Stage.REJECTION

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if not eleve.is_leaver:
            return
        motif = eleve.code_motif_sortie or ""
        if motif not in ctx.code_list("MOTIFS_SORTIE"):
            yield pupil_finding(
                self,
                eleve,
                ctx,
                "REJEL_SORTI_F_01",
                f"Le motif de sortie « {motif} » n'existe pas : l'élève est rejeté pour éviter "
                "une incohérence ultérieure.",
                Consequence.REJECTED,
                Effect.RECORD,
            )
