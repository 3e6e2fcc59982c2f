"""SORTI — the leave date and/or motive are invalid.

Checked:

* with the Nomenclature, a leaver whose ``CODE_MOTIF_SORTIE`` is not in ``MOTIFS_SORTIE`` is
  rejected (``REJEL_SORTI_F_01``, C: observed with the one-digit motive 5). Not checked when the
  given Nomenclature has no ``MOTIFS_SORTIE`` list;
* without export, a ``DATE_SORTIE`` after the end of the file's school year (31 August following
  ``ANNEE_SCOLAIRE``) → ``SORTI`` (L: "date coherence with the year"; sub-code unknown). Reading:
  rejected too, as SIECLE rejects a leaver whose leave data is incoherent "to avoid later
  inconsistency". Leave dates of earlier years are normal (leavers stay in the file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models.import_eleves import Eleve
from . import Consequence, Effect, Finding, Rule, Stage
from .context import Context
from .labels import label

TITLE = label("SORTI")


class Sorti(Rule):
    """The leave motive must be in the Nomenclature's list."""

    family = "SORTI"
    title = TITLE
    needs = frozenset({"nomenclature"})
    stage = Stage.REJECTION

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        if not eleve.is_leaver or "MOTIFS_SORTIE" not in ctx.codes:
            return
        motif = (eleve.code_motif_sortie or "").strip()
        if motif not in ctx.code_list("MOTIFS_SORTIE"):
            yield self.pupil(
                eleve,
                ctx,
                "REJEL_SORTI_F_01",
                f"Le motif de sortie « {motif} » n'existe pas : l'élève est rejeté pour éviter "
                "une incohérence ultérieure.",
                Consequence.REJECTED,
                Effect.RECORD,
            )


class SortiDate(Rule):
    """The leave date must not be after the end of the school year."""

    family = "SORTI"
    title = TITLE
    stage = Stage.REJECTION

    def check_eleve(self, eleve: Eleve, ctx: Context) -> Iterator[Finding]:
        left = eleve.date_sortie
        if not isinstance(left, dt.date) or not ctx.school_year.isdigit():
            return
        year = int(ctx.school_year)
        if left > dt.date(year + 1, 8, 31):
            yield self.pupil(
                eleve,
                ctx,
                "SORTI",
                f"La date de sortie « {left:%d/%m/%Y} » est postérieure à la fin de l'année "
                f"scolaire {year}-{year + 1} : l'élève est rejeté pour éviter une incohérence "
                "ultérieure.",
                Consequence.REJECTED,
                Effect.RECORD,
                confirmed=False,
            )
